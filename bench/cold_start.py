"""Cold start: ``streamlit run`` until the first page is rendered in the browser.

Each start is a new ``streamlit run streamlit_app.py`` process (the OS file cache is warm,
as on a lecture laptop that has run the app before). Timed from spawning the process to
(1) /_stcore/health answering "ok", (2) a browser tab, already open, loading "/" (its load
event) and (3) seeing the page's h1 with the script idle. Median of 3 starts; target ≤ 3 s.
The same is done, alternately, for ``bench/bare_app.py`` (one slider, one line of text):
Streamlit's own floor on this machine.

Usage: ``python bench/cold_start.py [--quick] [--starts N]``
"""

from __future__ import annotations

import argparse
import sys
import time

import _common as C

TARGET_S = 3.0


def one_start(browser, script: str = C.ENTRY, content: str = C.H1) -> dict:
    ctx = browser.new_context(viewport=C.VIEWPORT)
    page = ctx.new_page()
    page.set_default_timeout(120_000)
    page.goto("about:blank")
    server = C.Server(script)
    try:
        server.start()
        page.goto(server.base + "/")  # returns at the load event: the static frontend
        loaded = time.perf_counter()
        page.wait_for_selector(content, state="visible")
        page.wait_for_selector(C.IDLE, state="attached")
        rendered = time.perf_counter()
        return {"health_s": server.healthy - server.started,
                "loaded_s": loaded - server.started,
                "rendered_s": rendered - server.started}
    finally:
        ctx.close()
        server.stop()


def measure(quick: bool = False, starts: int | None = None) -> dict:
    starts = starts or 3
    runs, bare = [], []
    with C.chromium() as browser:
        for _ in range(starts):  # alternate: background load hits both alike
            runs.append(one_start(browser))
            bare.append(one_start(browser, C.BARE_APP, '[data-testid="stSlider"]'))
    med = C.median([r["rendered_s"] for r in runs])
    return {"starts": starts, "runs": runs, "bare": bare, "target_s": TARGET_S,
            "bare_rendered_median_s": C.median([r["rendered_s"] for r in bare]),
            "health_median_s": C.median([r["health_s"] for r in runs]),
            "rendered_median_s": med, "met": med <= TARGET_S}


def markdown(res: dict) -> str:
    rows = [[i + 1, f"{r['health_s']:.2f}", f"{r['loaded_s']:.2f}", f"{r['rendered_s']:.2f}"]
            for i, r in enumerate(res["runs"])]
    rows.append(["**median**", f"{res['health_median_s']:.2f}",
                 f"{C.median([r['loaded_s'] for r in res['runs']]):.2f}",
                 f"**{res['rendered_median_s']:.2f}**"])
    if res.get("bare"):
        b = res["bare"]
        rows.append(["bare app (floor), median",
                     f"{C.median([r['health_s'] for r in b]):.2f}",
                     f"{C.median([r['loaded_s'] for r in b]):.2f}",
                     f"{res['bare_rendered_median_s']:.2f}"])
    md = ("`streamlit run streamlit_app.py` → health ok → first page (\"/\", its h1, script "
          f"idle) in an open Chromium tab; seconds. Target ≤ {res['target_s']:g} s — "
          f"{C.verdict(res['met'])}.\n\n")
    md += C.table(["start", "health ok", "frontend loaded", "first page rendered"], rows)
    return md + ("\n*health ok*: the server answers (Python + Streamlit imported); *frontend "
                 "loaded*: the page's load event (static JS/CSS); *first page rendered*: the "
                 "entry script and home page ran (gradviz imported) and the h1 is shown.\n")


def run(quick: bool = False, starts: int | None = None) -> dict:
    res = measure(quick, starts)
    md = markdown(res)
    C.write("cold_start", res, md)
    return {"result": res, "markdown": md}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="(same: 3 starts)")
    ap.add_argument("--starts", type=int, default=None)
    a = ap.parse_args(argv)
    print(run(a.quick, a.starts)["markdown"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
