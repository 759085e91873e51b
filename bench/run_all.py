"""Run every benchmark and write ``docs/performance.md``.

Each benchmark runs in its own Python process (a fresh interpreter, so one's imports,
caches and event loops don't bend another's figures) and writes ``bench/out/<name>.json``
and ``.md``; this script then collects them into the summary table of
``docs/performance.md`` with the date, the machine and the command. Benchmarks measure
and report; nothing here asserts a target.

Usage::

    python bench/run_all.py            # the full run (~30-45 min on 2 cores)
    python bench/run_all.py --quick    # fewer moves/reruns (development, ~10-15 min)
    python bench/run_all.py --only server,grid_sweep
    python bench/run_all.py --report   # only rebuild docs/performance.md from bench/out/
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import _common as C

#: in this order: the cold start first (nothing else warmed the OS caches' hot paths),
#: the browser benchmarks last
BENCHMARKS = ["cold_start", "grid_sweep", "server", "browser", "click", "live",
              "memory"]
#: scripts not called bench/<name>.py (bench/click.py would shadow the click package)
SCRIPTS = {"core": "bench_core.py", "click": "click_move.py", "live": "live_drag.py"}
CORE = C.BENCH / "bench_core.py"  # another helper's core micro-benchmarks, if present
DOC = C.ROOT / "docs" / "performance.md"


def run_one(name: str, quick: bool) -> dict:
    script = C.BENCH / SCRIPTS.get(name, f"{name}.py")
    cmd = [sys.executable, str(script)] + (["--quick"] if quick else [])
    print(f"== {name}: {' '.join(cmd[1:])}", flush=True)
    t0 = time.perf_counter()
    wall = time.time()
    proc = subprocess.run(cmd, cwd=C.ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    C.OUT.mkdir(parents=True, exist_ok=True)
    (C.OUT / f"{name}.log").write_text(proc.stdout + "\n--- stderr ---\n" + proc.stderr)
    core_md = C.OUT / "core.md"
    if name == "core" and (not core_md.exists() or core_md.stat().st_mtime < wall):
        core_md.write_text(proc.stdout)  # it didn't write its table: keep what it printed
    status = "ok" if proc.returncode == 0 else f"failed (exit {proc.returncode})"
    print(f"   {status} in {elapsed:.0f} s", flush=True)
    if proc.returncode:
        print(proc.stderr[-3000:], file=sys.stderr)
    return {"status": status, "seconds": elapsed}


def load(name: str) -> tuple[dict | None, str]:
    j, m = C.OUT / f"{name}.json", C.OUT / f"{name}.md"
    data = json.loads(j.read_text()) if j.exists() else None
    return data, (m.read_text() if m.exists() else "")


def _fmt_ratio(x) -> str:
    return "n/a" if x is None else f"{x:.2f}×"


def summary_rows(results: dict) -> list[list[str]]:
    rows = []
    b = results.get("browser")
    if b:
        rs = {k: v for k, v in b["rows"].items()
              if k != "bare app" and not k.startswith("component: ") and not v["no_slider"]}
        bare = b["rows"]["bare app"]["settled_median"]
        worst = max(rs.items(), key=lambda kv: kv[1]["ratio"] or 0, default=None)
        met = [v["met"] for v in rs.values() if v["met"] is not None]
        rows.append([
            "Browser: slider key press → page settled (every page vs bare app, same run)",
            f"≤ {b['target_ratio']}× bare",
            f"bare {bare:.0f} ms; worst {worst[0]} {worst[1]['settled_median']:.0f} ms = "
            f"{_fmt_ratio(worst[1]['ratio'])}; {sum(met)}/{len(met)} pages within" if worst
            else "no page with a slider",
            C.verdict(all(met) if met else None)])
    k = results.get("click")
    if k and k["rows"].get("bare app", {}).get("n"):
        bare = k["rows"]["bare app"]["settled_median"]
        clicks = {n: v for n, v in k["rows"].items()
                  if n != "bare app" and not n.endswith("(slider key)") and v["n"]}
        keys = [v["settled_median"] for n, v in k["rows"].items()
                if n.endswith("(slider key)") and v["n"]]
        if clicks:
            lo = min(clicks.items(), key=lambda kv: kv[1]["settled_median"])
            hi = max(clicks.items(), key=lambda kv: kv[1]["settled_median"])
            rows.append([
                "Browser: click in a chart → page settled (clickable pages vs the bare app's "
                "key press, same run)", "none (reported)",
                f"bare {bare:.0f} ms; clicks {lo[0]} {lo[1]['settled_median']:.0f} ms "
                f"({_fmt_ratio(lo[1]['ratio'])}) … {hi[0]} {hi[1]['settled_median']:.0f} ms "
                f"({_fmt_ratio(hi[1]['ratio'])})"
                + (f"; the same pages' slider key {min(keys):.0f}–{max(keys):.0f} ms"
                   if keys else ""), C.verdict(None)])
    s = results.get("server")
    if s:
        ps = {k: v for k, v in s["pages"].items() if v["ratio"] is not None}
        worst = max(ps.items(), key=lambda kv: kv[1]["ratio"], default=None)
        met = [v["met"] for v in ps.values()]
        rows.append([
            "Server: AppTest rerun after a slider step vs the course cell",
            f"≤ {s['target_ratio']}× cell",
            f"AppTest floor {s['bare']['median']:.0f} ms; worst {worst[0]} "
            f"{worst[1]['median']:.0f} ms vs {worst[1]['cell_median']:.0f} ms = "
            f"{_fmt_ratio(worst[1]['ratio'])}; {sum(met)}/{len(met)} pages within" if worst
            else "no page measured",
            C.verdict(all(met) if met else None)])
    c = results.get("cold_start")
    if c:
        rows.append(["Cold start: `streamlit run` → first page rendered (median of "
                     f"{c['starts']})", f"≤ {c['target_s']:g} s",
                     f"{c['rendered_median_s']:.2f} s (health ok at "
                     f"{c['health_median_s']:.2f} s"
                     + (f"; bare one-slider app {c['bare_rendered_median_s']:.2f} s"
                        if "bare_rendered_median_s" in c else "") + ")",
                     C.verdict(c["met"])])
    m = results.get("memory")
    if m:
        t = m["total_mb"]
        rows.append([f"Memory: server RSS over {m['moves']} slider moves across the pages",
                     f"growth ≤ {m['target_mb']} MB",
                     f"server + children {t['after_cycle']:.0f} MB after every page was "
                     f"visited once → {t['end']:.0f} MB (max growth "
                     f"{t.get('max_growth_after_cycle', t['max_growth']):+.0f}); {t['start']:.0f}"
                     f" MB at \"/\" before the library's first import", C.verdict(m["met"])])
    g = results.get("grid_sweep")
    if g:
        rows.append(["Grid sweep: server cost vs grid points n², up to the largest slider",
                     "log–log slope ≤ 1 (n ≥ 80)",
                     f"total {g['slope80_total_ms']:.2f}, evaluate "
                     f"{g['slope80_evaluate_ms']:.2f} (all sizes: {g['slope_total_ms']:.2f}, "
                     f"{g['slope_evaluate_ms']:.2f}); {g['rows'][-1]['total_ms']:.0f} ms at "
                     f"n = {g['rows'][-1]['n']}", C.verdict(g["met"])])
    return rows


def browser_reading(b: dict) -> str:
    """What the building-block rows say, in numbers from this run (empty without them)."""
    rows = b["rows"]
    comp = {k.split(": ", 1)[1]: v["settled_median"] for k, v in rows.items()
            if k.startswith("component: ") and v["n"]}
    bare = rows["bare app"]["settled_median"]
    if not comp or bare != bare:
        return ""
    plotly_pages = sorted(
        k for k in C.selected_pages() if k in rows
        and any(s in C.page_file(k).read_text() for s in ("app.plotly(", "st.plotly_chart(")))
    out = ["**Reading the building blocks** (settled medians of this run, over the bare "
           f"app's {bare:.0f} ms):", ""]
    if "vega" in comp:
        out.append(f"- one Vega-Lite chart (the gradient-field chart) costs "
                   f"{comp['vega'] - bare:+.0f} ms ({comp['vega'] / bare:.2f}× the bare app) — "
                   "a page with a chart of this size can't get much nearer the floor;")
    if "vega_rebuild" in comp:
        out.append(f"- the same chart rebuilt from scratch on every move (its spec changes: here "
                   f"its text alternative names the point, and Streamlit copies `alt` into the "
                   f"spec) costs {comp['vega_rebuild'] - bare:+.0f} ms — the pages did this "
                   "until their specs stopped naming the point; now a point move changes "
                   "chart data only "
                   "(`tests/app/test_charts_in_place.py`);")
    if "vega_click" in comp and "vega_click_image" in comp:
        out.append(f"- with the pages' invisible 50² click grid on top it costs "
                   f"{comp['vega_click'] - bare:+.0f} ms, and "
                   f"{comp['vega_click_image'] - bare:+.0f} ms with the 80² heatmap drawn as one "
                   "image instead of 6400 rectangles: the cost is per chart update, not per mark;")
    if "vega_svg" in comp:
        out.append(f"- drawn with Vega's SVG renderer instead of canvas it costs "
                   f"{comp['vega_svg'] - bare:+.0f} ms;")
    if "vega_v2" in comp:
        line = (f"- drawn by a prototype custom element (`st.components.v2`, vendored Vega, the "
                f"running view's changed datasets swapped in place) it costs "
                f"{comp['vega_v2'] - bare:+.0f} ms")
        if "vega_v2_delta" in comp:
            line += (f"; sending only the datasets that changed (point, ∇f vector, level curve) "
                     f"{comp['vega_v2_delta'] - bare:+.0f} ms")
            if "vega_v2_delta_svg" in comp:
                line += f", and {comp['vega_v2_delta_svg'] - bare:+.0f} ms with SVG"
        best = min(comp[k] for k in ("vega", "vega_svg", "vega_v2", "vega_v2_delta",
                                     "vega_v2_delta_svg") if k in comp) / bare
        line += (f" — the best way to update one changing chart is {best:.2f}× the bare app"
                 + (" (above the 1.5× target before anything else on a page: the point still "
                    "makes a server round trip and a Vega dataflow run)" if best > 1.5 else "")
                 + ";")
        out.append(line)
    if "plotly" in comp:
        out.append(f"- a Plotly 3-D surface that changes with the slider costs "
                   f"{comp['plotly'] - bare:+.0f} ms when shown")
        if "plotly_hidden" in comp:
            out[-1] += (f" and {comp['plotly_hidden'] - bare:+.0f} ms inside a *collapsed* "
                        "expander (it is still redrawn with software WebGL)")
        out[-1] += ";"
    if "plotly_static" in comp:
        out.append(f"- the same surface when nothing in it changes from one rerun to the next "
                   f"costs {comp['plotly_static'] - bare:+.0f} ms: Streamlit doesn't redraw an "
                   "unchanged figure;")
    if "static50" in comp:
        line = (f"- 50 short Markdown paragraphs that are the same on every rerun cost "
                f"{comp['static50'] - bare:+.0f} ms")
        if "static100" in comp:
            per = (comp["static100"] - comp["static50"]) / 50
            line += (f", 100 cost {comp['static100'] - bare:+.0f} ms: about {per:.1f} ms per "
                     "element per move, changed or not (Streamlit re-sends and re-renders every "
                     "element a run writes) — a page's move costs roughly its element count "
                     "in its live section times this, on top of its charts")
        out.append(line + ";")
    if "fragment100_inside" in comp and "fragment100_outside" in comp:
        inside, outside = comp["fragment100_inside"], comp["fragment100_outside"]
        out.append(f"- with the slider in a fragment (as the pages' live sections), 100 "
                   f"unchanged paragraphs inside the fragment cost {inside - bare:+.0f} ms, and "
                   f"{outside - bare:+.0f} ms after it: what a move doesn't rerun is nearly "
                   "free, so whatever does not follow the point belongs outside the live "
                   "section;")
    if "config" in comp or "latex" in comp:
        parts = [f"page config + CSS {comp['config'] - bare:+.0f} ms" if "config" in comp
                 else "", f"LaTeX + metrics {comp['latex'] - bare:+.0f} ms" if "latex" in comp
                 else ""]
        out.append("- " + ", ".join(p for p in parts if p) + ".")
    def messages(row: dict) -> float | None:
        """Median messages per move of a target (None when not recorded)."""
        counts = [r["messages"] for r in row.get("raw", []) if r.get("messages")]
        return statistics.median(counts) if counts else None

    sent = {k: messages(v) for k, v in rows.items() if not k.startswith("component: ")}
    if all(v is not None for v in sent.values()):
        bare_sent = sent.pop("bare app")
        out += ["", "Messages the server sends per move (about one per element the move "
                f"writes; the bare app: {bare_sent:.0f}): "
                + ", ".join(f"{k} {v:.0f}" for k, v in sent.items())
                + ". The time from the key press until the page shows the script as running "
                "also grows with the elements on the page (the browser re-renders them when "
                "the run starts): the *running* medians in `bench/out/browser.json`."]
    if plotly_pages:
        out += ["", "Pages with a Plotly figure (from their source): " + ", ".join(plotly_pages)
                + ". Figures that change with the point (3-D views with the point on them, "
                "in-browser animations) are drawn only when their toggle is on (off by "
                "default); the functions page's surface does not change with the point.",
                "", "On every topic page a slider step or a chart click reruns only the page's "
                "live section (a Streamlit fragment: what follows the point), not the page and "
                "its sidebar (`tests/e2e/test_live.py`)."]
    return "\n".join(out) + "\n"


def report(command: str, runs: dict | None = None) -> str:
    meta_path = C.OUT / "run_all.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    mach = meta.get("machine") or C.machine()
    results, details = {}, {}
    for name in BENCHMARKS:
        results[name], details[name] = load(name)
    core_md = (C.OUT / "core.md").read_text() if (C.OUT / "core.md").exists() else ""
    quick = meta.get("quick")
    lines = [
        "# Performance",
        "",
        "Generated by `bench/run_all.py` — do not edit by hand; re-run it. Benchmarks measure "
        "and report, they never assert. Targets are those of issue 4.",
        "",
        f"- **Date:** {mach['date']}",
        f"- **Machine:** {mach['nproc']} CPU cores ({mach['cpu']}), {mach['ram']} RAM, "
        f"{mach['os']}",
        f"- **Software:** Python {mach['python']}, Streamlit {mach['streamlit']}, numpy "
        f"{mach['numpy']}, pandas {mach['pandas']}, matplotlib {mach['matplotlib']}, "
        f"Playwright {mach['playwright']}, {mach['chromium']} (headless, `--disable-gpu`)",
        f"- **Load average at the start / end:** "
        f"{', '.join(f'{x:.1f}' for x in mach['loadavg'])} / "
        f"{', '.join(f'{x:.1f}' for x in meta.get('loadavg_end', mach['loadavg']))}"
        + " (the end figure includes the benchmarks' own load: a server and Chromium on both cores)"
        + (" — **the machine was busy before the run started: treat the times as upper bounds "
           "and re-run on a quiet machine**" if mach["loadavg"][0] > 1.0 else ""),
        f"- **Command:** `{command}`" + (" (quick mode: fewer moves and reruns)" if quick
                                          else "")
        + "; a benchmark re-run on its own since then carries its own date and load at the "
          "end of its section",
        "",
        "## Summary",
        "",
        C.table(["benchmark", "target", "measured", "target met?"], summary_rows(results)),
    ]
    titles = {
        "browser": "Browser latency (`bench/browser.py`)",
        "click": "Click to move (`bench/click_move.py`)",
        "live": "The point in the browser (`bench/live_drag.py`)",
        "server": "Server rerun vs the course's notebook cells (`bench/server.py`)",
        "cold_start": "Cold start (`bench/cold_start.py`)",
        "memory": "Memory soak (`bench/memory.py`)",
        "grid_sweep": "Grid sweep (`bench/grid_sweep.py`)",
    }
    for name in ["browser", "click", "live", "server", "cold_start", "memory",
                 "grid_sweep"]:
        lines += [f"## {titles[name]}", ""]
        status = (runs or {}).get(name, {}).get("status") or meta.get("runs", {}).get(
            name, {}).get("status")
        if status and status != "ok":
            lines += [f"*This run {status}; see `bench/out/{name}.log`.*", ""]
        lines += [details[name].strip() or "*not run*", ""]
        if name == "browser" and results.get("browser"):
            reading = browser_reading(results["browser"])
            if reading:
                lines += [reading]
        if name == "grid_sweep" and details[name]:
            lines += ["![server cost vs grid points](grid_sweep.png)", ""]
    load_md = C.ROOT / "docs" / "load.md"
    if load_md.exists():  # issue 5's load test: run on its own (python bench/load.py)
        body = "\n".join("#" + ln if ln.startswith("#") else ln
                         for ln in load_md.read_text().strip().splitlines()[1:])
        lines += ["## Many users at once (`bench/load.py`, run on its own; also in "
                  "[load.md](load.md))", "", body.strip(), ""]
    if core_md.strip():  # its headings one level down, under ours
        core_md = "\n".join("#" + ln if ln.startswith("#") else ln
                             for ln in core_md.strip().splitlines())
        lines += ["## Core functions (`bench/bench_core.py`, another helper's)", "", core_md,
                  ""]
    lines += [
        "## How to reproduce",
        "",
        "```",
        "python bench/run_all.py            # everything, writes bench/out/ and this file",
        "python bench/run_all.py --quick    # fewer repetitions",
        "python bench/browser.py --diagnose gradient_field   # where one move's browser time goes",
        "python bench/click_move.py --quick                  # click to move, on its own",
        "python bench/live_drag.py                           # dragging the point (live chart)",
        "python bench/server.py --pages gradient_field       # one page; profiles slow reruns",
        "python bench/load.py                                # 20 users + a 1-40 sweep (~5 min)",
        "```",
        "",
        "Needs Debian's Chromium at `/usr/bin/chromium`, Playwright, psutil. Servers run on "
        "free 127.0.0.1 ports and are stopped at the end. Raw numbers (every move, every "
        "sample, profiles, server logs) are in `bench/out/` (git-ignored).",
        "",
        "How each number is taken is in the docstring at the top of each `bench/*.py`. In "
        "short: browser times are taken inside the page (`performance.now()`), from the "
        "keydown event (the pointerdown of a click) to the `script_finished` message, the "
        "last DOM change painted and "
        "the last canvas/WebGL draw; server times are `AppTest.run()` wall times; course "
        "cells are the notebook code re-run with the figure saved to PNG; targets compare "
        "medians measured side by side (round-robin) in the same run.",
        "",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer moves/reruns in each benchmark")
    ap.add_argument("--only", default=None, help="comma-separated: " + ",".join(BENCHMARKS))
    ap.add_argument("--report", action="store_true",
                    help="don't run anything: rebuild docs/performance.md from bench/out/")
    a = ap.parse_args(argv)
    command = "python bench/run_all.py" + (" --quick" if a.quick else "") + (
        f" --only {a.only}" if a.only else "")
    runs = None
    if not a.report:
        names = a.only.split(",") if a.only else BENCHMARKS + (["core"] if CORE.exists() else [])
        meta = {"machine": C.machine(), "quick": a.quick, "command": command, "runs": {}}
        C.OUT.mkdir(parents=True, exist_ok=True)
        for name in names:
            meta["runs"][name] = run_one(name, a.quick)
        meta["loadavg_end"] = os.getloadavg()
        (C.OUT / "run_all.json").write_text(json.dumps(meta, indent=2))
        runs = meta["runs"]
    else:
        meta_path = C.OUT / "run_all.json"
        if meta_path.exists():
            command = json.loads(meta_path.read_text()).get("command", command)
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(report(command, runs))
    print(f"wrote {DOC.relative_to(C.ROOT)}")
    print("\n".join("| " + " | ".join(r) + " |" for r in summary_rows(
        {n: load(n)[0] for n in BENCHMARKS})))
    return 0


if __name__ == "__main__":
    sys.exit(main())
