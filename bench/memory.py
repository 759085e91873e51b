"""Memory soak: server RSS over 500 moves of the point across all pages (one browser session).

Starts the gradviz server, opens "/" in one Chromium tab and then cycles through the pages
by clicking the sidebar navigation (one Streamlit session, as a student clicking around).
On each visit it makes a run of moves (25; 10 with --quick) on one of the picture's point
sliders — x₀ in one cycle through the pages, y₀ in the next; each key moves p by 1% of the
view and sends it — walking in one direction (turning round at the ends, and every second
cycle), so the caches see many different values. After every ``SAMPLE`` moves it records the RSS of the server
process and of the server plus its children (the app may start forkserver workers for
new functions): start, end, max, growth. Target: flat within 50 MB.

Usage: ``python bench/memory.py [--quick] [--moves N]``
"""

from __future__ import annotations

import argparse
import sys
import time

import _common as C
from browser import INIT, one_move, pick_key

TARGET_MB = 50
MOVES_PER_VISIT = 25  # 10 in --quick


def rss(pid: int) -> tuple[float, float, int]:
    """(main process RSS, RSS of it and all its descendants, number of children), MB."""
    import psutil

    p = psutil.Process(pid)
    main = p.memory_info().rss
    total, kids = main, 0
    for c in p.children(recursive=True):
        try:
            total += c.memory_info().rss
            kids += 1
        except psutil.Error:
            pass
    return main / 2**20, total / 2**20, kids


def goto_page(page, path: str) -> None:
    """Click the page's link in the sidebar navigation (same session), wait until idle."""
    link = page.locator(f'[data-testid="stSidebarNav"] a[href$="{path}"]').first
    if link.count():
        link.click()
    else:  # no sidebar link: fall back to a page load (a new session)
        page.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + path)
    page.wait_for_function(f"location.pathname.endsWith('{path}')")
    C.wait_idle(page, settle=0.2)


def measure(quick: bool = False, moves: int | None = None) -> dict:
    moves = moves or (120 if quick else 500)
    per_visit = 10 if quick else MOVES_PER_VISIT
    sample = max(1, moves // 10)
    pages = list(C.selected_pages().values())
    samples, failures, visits = [], 0, 0
    with C.Server(C.ENTRY) as app, C.chromium() as browser:
        page = C.open_page(browser, app.base, "/", INIT)
        m0, t0, k0 = rss(app.pid)
        samples.append({"moves": 0, "main_mb": m0, "total_mb": t0, "children": k0,
                        "t": 0.0})
        start = time.monotonic()
        done = 0
        while done < moves:
            path = pages[visits % len(pages)]
            goto_page(page, path)
            thumbs = page.locator(C.POINT_SLIDER)
            n_thumbs = thumbs.count()
            which = (visits // len(pages)) % 2 if n_thumbs > 1 else 0
            key = "ArrowRight" if (visits // len(pages)) % 4 < 2 else "ArrowLeft"
            visits += 1
            if n_thumbs == 0:
                continue
            for _ in range(per_visit):
                if done >= moves:
                    break
                key = pick_key(page, key, which, C.POINT_SLIDER)  # turn round at the ends
                if one_move(page, key, which, C.POINT_SLIDER) is None:
                    failures += 1
                done += 1
                if done % sample == 0:
                    m, t, k = rss(app.pid)
                    samples.append({"moves": done, "main_mb": m, "total_mb": t,
                                    "children": k, "t": time.monotonic() - start})
        page.context.close()
    return summarise(samples, moves, failures, visits, per_visit, len(pages))


def summarise(samples, moves, failures, visits, per_visit, n_pages) -> dict:
    cycle = per_visit * n_pages
    res = {"moves": moves, "failures": failures, "visits": visits, "samples": samples,
           "target_mb": TARGET_MB, "cycle_moves": cycle, "per_visit": per_visit}
    warm = next((s for s in samples if s["moves"] >= cycle), samples[-1])
    later = [s for s in samples if s["moves"] >= warm["moves"]]
    for what in ("main_mb", "total_mb"):
        xs = [s[what] for s in samples]
        res[what] = {"start": xs[0], "end": xs[-1], "max": max(xs), "growth": xs[-1] - xs[0],
                     "max_growth": max(xs) - xs[0], "after_cycle": warm[what],
                     "growth_after_cycle": xs[-1] - warm[what],
                     "max_growth_after_cycle": max(s[what] for s in later) - warm[what]}
    # "/" no longer loads the library (sympy, numpy, pandas are imported by the first topic
    # page), so the first cycle's imports and first grids are a one-time step, not growth
    res["met"] = res["total_mb"]["max_growth_after_cycle"] <= TARGET_MB
    return res


def markdown(res: dict) -> str:
    rows = []
    for what, label in (("main_mb", "server process"), ("total_mb", "server + children")):
        r = res[what]
        rows.append([label, f"{r['start']:.0f}", f"{r['after_cycle']:.0f}", f"{r['end']:.0f}",
                     f"{r['max']:.0f}", f"{r['growth']:+.0f}", f"{r['max_growth']:+.0f}",
                     f"{r['growth_after_cycle']:+.0f}"])
    md = (f"Server RSS (MB) over {res['moves']} slider moves in one browser session, cycling "
          f"through the pages ({res['visits']} page visits, {res['per_visit']} moves per "
          f"visit, {res['failures']} moves timed out). Target: growth within "
          f"{res['target_mb']} MB — {C.verdict(res['met'])} (max − after 1st cycle, server + "
          "children).\n\n")
    md += C.table(["process", "start", "after 1st cycle", "end", "max", "end − start",
                   "max − start", "end − after 1st cycle"], rows)
    md += (f"\n*start* = after opening \"/\"; *after 1st cycle* = after the first "
           f"{res['cycle_moves']} moves (every page visited once: its imports and first "
           "grids paid). The verdict uses the growth after the 1st cycle (max − after 1st "
           "cycle): the home page no longer imports the library, so *start* is before any "
           "import of sympy, numpy or pandas and the first cycle's rise is those one-time "
           "imports, not growth.\n")
    md += "\nSamples (moves: main / total MB, children):\n\n" + ", ".join(
        f"{s['moves']}: {s['main_mb']:.0f} / {s['total_mb']:.0f} ({s['children']})"
        for s in res["samples"]) + "\n"
    return md


def run(quick: bool = False, moves: int | None = None) -> dict:
    res = measure(quick, moves)
    md = markdown(res)
    C.write("memory", res, md)
    return {"result": res, "markdown": md}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="120 moves instead of 500")
    ap.add_argument("--moves", type=int, default=None)
    a = ap.parse_args(argv)
    print(run(a.quick, a.moves)["markdown"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
