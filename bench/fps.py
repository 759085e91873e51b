"""In-figure animation: frames per second in Chromium while Play runs and while the slider is dragged.

One ``streamlit run tests/e2e/animation_app.py`` server (the animated figures of
:mod:`gradviz.figures.animate`, built as a page builds them) and one headless Chromium.
Each figure gets its own tab (``?only=<figure>``). Everything is timed inside the page
with ``performance.now()``:

* **Play**: from the first frame, click ▶ Play and record Plotly's ``plotly_animatingframe``
  events until the animation ends (or ``--seconds``). Achieved fps = (frames − 1) / (time
  from the first to the last event); the target is the frame duration,
  1000 / :data:`gradviz.figures.animate.FRAME_MS` = 25 fps. *painted* counts the animation
  frames (``requestAnimationFrame`` ticks) in which the figure's DOM changed, per second: what
  reached the screen.
* **Drag**: press the slider's grip and move the mouse across the rail in small steps
  (Playwright's mouse, one CDP message per step), recording ``plotly_sliderchange``
  events and painted changes per second. The input rate (mouse moves per second the test
  could send) is the ceiling and is reported beside it.
* The display rate: ``requestAnimationFrame`` ticks per second in the idle tab (what the
  headless browser would paint at most).

Also per figure: the size of the figure's JSON (``len(fig.to_json())``) and the server-side
CPU time to build the figure and serialise it (``time.process_time``, median of 5).
Other processes may load the machine: the load average is printed with the results.

Usage: ``python bench/fps.py [--quick] [--repeats N] [--figures theta,rotation]``
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import _common as C

APP = "tests/e2e/animation_app.py"
FIGURES = ("theta", "rotation", "descent")
PLOT = ".js-plotly-plot"

INIT = r"""
(() => {
  const w = window.__fps = {anim: [], slider: [], painted: [], ticks: 0, t0: 0, mut: 0,
                            longtask: 0};
  const now = () => performance.now();
  const tick = () => { w.ticks++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  w.reset = () => { w.anim = []; w.slider = []; w.painted = []; w.ticks = 0; w.t0 = now();
                    w.longtask = 0; };
  w.hook = () => {
    const gd = document.querySelector('.js-plotly-plot');
    if (!gd || gd.__fpsHooked) return !!gd;
    gd.__fpsHooked = true;
    gd.on('plotly_animatingframe', () => w.anim.push(now()));
    gd.on('plotly_sliderchange', () => w.slider.push(now()));
    // a change of the figure's DOM, counted once per animation frame in which it is painted
    new MutationObserver(() => {
      if (w.mut) return;
      w.mut = 1;
      requestAnimationFrame(() => { w.painted.push(now()); w.mut = 0; });
    }).observe(gd, {subtree: true, childList: true, attributes: true, characterData: true});
    return true;
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longtask += e.duration;
    }).observe({type: 'longtask'});
  } catch (e) { /* no long-task API */ }
})();
"""

READ = "() => ({anim: __fps.anim, slider: __fps.slider, painted: __fps.painted, " \
       "ticks: __fps.ticks, t0: __fps.t0, now: performance.now(), longtask: __fps.longtask})"


def chromium_cpu_ms() -> float:
    """CPU time (user + system, ms) used so far by the Chromium processes this script started.

    The machine may be shared: wall-clock rates then fall, but the CPU time per frame says
    what a frame costs (below 40 ms of CPU, a free core keeps up with 25 fps).
    """
    tick = os.sysconf("SC_CLK_TCK")
    parent, cpu, chrome = {}, {}, set()
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            cmd = (d / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        pid = int(d.name)
        parent[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) * 1000 / tick
        if b"chrom" in cmd.split(b"\0")[0]:
            chrome.add(pid)
    me = os.getpid()

    def mine(pid: int) -> bool:
        while pid > 1:
            if pid == me:
                return True
            pid = parent.get(pid, 0)
        return False

    return sum(cpu[p] for p in chrome if mine(p))


def rate(times: list[float]) -> float:
    """Events per second between the first and the last event."""
    if len(times) < 2 or times[-1] <= times[0]:
        return float("nan")
    return (len(times) - 1) / ((times[-1] - times[0]) / 1000)


def intervals(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:])]


def rewind(page) -> None:
    """Back to the first frame: a click at the left end of the slider's rail."""
    rail = page.locator(f"{PLOT} .slider-rail-touch-rect").first.bounding_box()
    page.mouse.click(rail["x"] + 2, rail["y"] + rail["height"] / 2)
    time.sleep(0.4)


def play_once(page, seconds: float) -> dict:
    rewind(page)
    page.evaluate("__fps.reset()")
    cpu0 = chromium_cpu_ms()
    page.locator(f"{PLOT} .updatemenu-button").first.click()
    start = time.monotonic()
    last_n, still = -1, 0
    while time.monotonic() - start < seconds:
        time.sleep(0.25)
        n = page.evaluate("__fps.anim.length")
        still = still + 1 if n == last_n else 0
        last_n = n
        if n > 1 and still >= 3:  # no new frame for 0.75 s: the animation ended
            break
    r = page.evaluate(READ)
    cpu = chromium_cpu_ms() - cpu0
    page.locator(f"{PLOT} .updatemenu-button").nth(1).click()  # pause, if still going
    anim = r["anim"]
    painted = [t for t in r["painted"] if anim and anim[0] <= t <= anim[-1] + 50]
    gaps = intervals(anim)
    return {"frames": len(anim), "fps": rate(anim), "painted_fps": rate(painted),
            "interval_median": C.median(gaps), "interval_p90": C.p90(gaps),
            "cpu_per_frame": cpu / max(len(anim), 1), "longtask_ms": r["longtask"]}


def drag_once(page, moves: int) -> dict:
    rewind(page)
    rail = page.locator(f"{PLOT} .slider-rail-touch-rect").first.bounding_box()
    grip = page.locator(f"{PLOT} .slider-grip-rect").first.bounding_box()
    y = rail["y"] + rail["height"] / 2
    page.mouse.move(grip["x"] + grip["width"] / 2, y)
    page.evaluate("__fps.reset()")
    cpu0 = chromium_cpu_ms()
    page.mouse.down()
    t0 = time.perf_counter()
    for k in range(1, moves + 1):
        page.mouse.move(rail["x"] + 4 + k * (rail["width"] - 8) / moves, y)
    elapsed = time.perf_counter() - t0
    page.mouse.up()
    time.sleep(0.3)
    cpu = chromium_cpu_ms() - cpu0
    r = page.evaluate(READ)
    span = r["slider"]
    painted = [t for t in r["painted"] if span and span[0] <= t <= span[-1] + 50]
    return {"changes": len(span), "fps": rate(span), "painted_fps": rate(painted),
            "input_rate": moves / elapsed, "interval_median": C.median(intervals(span)),
            "cpu_per_frame": cpu / max(len(span), 1), "longtask_ms": r["longtask"]}


def display_rate(page, seconds: float = 1.0) -> float:
    page.evaluate("__fps.reset()")
    time.sleep(seconds)
    r = page.evaluate(READ)
    return r["ticks"] / ((r["now"] - r["t0"]) / 1000)


def build_cost(repeats: int = 5) -> dict:
    """Server side: JSON size and CPU ms to build + serialise each figure (as st.plotly_chart)."""
    import plotly.io as pio

    import gradviz
    from gradviz.domain import Domain
    from gradviz.figures import animate
    from gradviz.topics import animation_data

    data = {
        "theta": (animation_data.theta_frames, (gradviz.parse("sin(x*y)"), (1.0, 2.0)),
                  animate.theta_sweep),
        "rotation": (animation_data.rotation_from_gradient, ([5.0, 2.0],), animate.rotation_sweep),
        "descent": (animation_data.descent_frames, (gradviz.parse("x^2 + 3y^2"), (1.8, 1.5), 0.02, 300,
                                            Domain.square(-2, 2), 80), animate.descent_steps),
    }
    out = {}
    for name, (core, args, build) in data.items():
        d = core(*args)
        core_ms, build_ms, ser_ms = [], [], []
        for _ in range(repeats):
            t = time.process_time()
            core(*args)
            t1 = time.process_time()
            fig = build(d)
            t2 = time.process_time()
            pio.to_json(fig.to_dict(), validate=False)  # what st.plotly_chart does
            t3 = time.process_time()
            core_ms.append(1000 * (t1 - t))
            build_ms.append(1000 * (t2 - t1))
            ser_ms.append(1000 * (t3 - t2))
        out[name] = {"frames": fig.frame_count, "json_bytes": len(fig.to_json()),
                     "core_ms": C.median(core_ms), "build_ms": C.median(build_ms),
                     "serialise_ms": C.median(ser_ms)}
    return out


def measure(repeats: int, seconds: float, moves: int, figures, ms: int | None = None) -> dict:
    res = {"machine": C.machine(), "repeats": repeats, "moves": moves, "rows": {},
           "frame_ms": ms or FRAME_MS}
    with C.Server(APP) as srv, C.chromium() as browser:
        for name in figures:
            query = f"/?only={name}" + (f"&ms={ms}" if ms else "")
            page = C.open_page(browser, srv.base, query, INIT)
            page.wait_for_selector(f"{PLOT} .slider-grip-rect")
            page.wait_for_function("__fps.hook()")
            page.locator(PLOT).first.scroll_into_view_if_needed()
            time.sleep(0.5)
            row = {"display_fps": display_rate(page)}
            plays = [play_once(page, seconds) for _ in range(repeats)]
            drags = [drag_once(page, moves) for _ in range(repeats)]
            row["play"] = {k: C.median([p[k] for p in plays]) for k in plays[0]}
            row["drag"] = {k: C.median([d[k] for d in drags]) for k in drags[0]}
            row["raw"] = {"play": plays, "drag": drags}
            res["rows"][name] = row
            page.context.close()
    res["build"] = build_cost()
    res["machine_after"] = {"loadavg": C.machine()["loadavg"]}
    return res


def markdown(res: dict) -> str:
    frame_ms = res.get("frame_ms", FRAME_MS)
    target = 1000 / frame_ms
    m = res["machine"]
    rows = []
    for name, r in res["rows"].items():
        p, d = r["play"], r["drag"]
        rows.append([
            name, f"{p['frames']:.0f}", f"{p['fps']:.1f}", f"{p['painted_fps']:.1f}",
            f"{p['interval_median']:.0f} / {p['interval_p90']:.0f}",
            f"{100 * p['fps'] / target:.0f} %", f"{p['cpu_per_frame']:.0f}",
            f"{d['fps']:.1f}", f"{d['painted_fps']:.1f}", f"{d['input_rate']:.0f}",
            f"{d['cpu_per_frame']:.0f}", f"{r['display_fps']:.0f}"])
    md = (f"In-figure animation in headless Chromium ({m['chromium']}), median of "
          f"{res['repeats']} runs per figure; app `{APP}`. **Play**: achieved frames per "
          f"second (Plotly `plotly_animatingframe` events) against the target of "
          f"{target:.0f} fps (frame duration {frame_ms} ms, no transition); *painted* = "
          "animation frames in which the figure's DOM changed. **Drag**: slider changes "
          "(`plotly_sliderchange`) per second while Playwright's mouse drags the grip across "
          f"the rail in {res['moves']} moves; *input* = mouse moves per second sent (the "
          "ceiling). *CPU ms / frame* = CPU time of all Chromium processes (browser, "
          "renderer, GPU/raster; from /proc) per frame shown: below 40 ms a free core keeps "
          "up with the target. *display* = requestAnimationFrame ticks per second in the "
          "idle tab. No "
          "server round trip is involved (see tests/e2e/test_animation.py). Machine: "
          f"{m['nproc']} cores, {m['cpu']}; load average {m['loadavg'][0]:.1f} before and "
          f"{res['machine_after']['loadavg'][0]:.1f} after (other processes share the "
          "cores).\n\n")
    md += C.table(["figure", "frames played", "play fps", "painted fps",
                   "frame interval median / p90 (ms)", "of target", "CPU ms / frame",
                   "drag fps", "drag painted fps", "input moves/s", "drag CPU ms / change",
                   "display fps"], rows)
    brows = [[name, str(b["frames"]), f"{b['json_bytes'] / 1000:.0f} kB", f"{b['core_ms']:.1f}",
              f"{b['build_ms']:.1f}", f"{b['serialise_ms']:.1f}"]
             for name, b in res["build"].items()]
    md += ("\nServer side, per figure (CPU ms, median of 5; *core* = the animation_data.py call, "
           "cached by `app.compute` on a page; *build* = the animate.py builder; *serialise* "
           "= `to_dict` + `to_json` as `st.plotly_chart` does):\n\n")
    md += C.table(["figure", "frames", "JSON", "core ms", "build ms", "serialise ms"], brows)
    return md


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1 run per figure instead of 3")
    ap.add_argument("--repeats", type=int, default=None)
    ap.add_argument("--seconds", type=float, default=40.0, help="longest Play recording")
    ap.add_argument("--moves", type=int, default=120, help="mouse moves per drag")
    ap.add_argument("--figures", default=None, help="comma-separated: " + ",".join(FIGURES))
    ap.add_argument("--ms", type=int, default=None,
                    help=f"frame duration in ms (default {FRAME_MS}); output goes to fps-<ms>.md")
    a = ap.parse_args(argv)
    repeats = a.repeats or (1 if a.quick else 3)
    figures = [f for f in (a.figures.split(",") if a.figures else FIGURES) if f in FIGURES]
    res = measure(repeats, a.seconds, a.moves, figures, a.ms)
    md = markdown(res)
    C.write("fps" if a.ms is None else f"fps-{a.ms}", res, md)
    print(md)
    return 0


from gradviz.figures.animate import FRAME_MS  # noqa: E402  (after _common put ROOT on the path)

if __name__ == "__main__":
    sys.exit(main())
