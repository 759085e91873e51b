"""Click to move: a click in a page's chart → page settled, vs the bare app's slider key press.

The pages that draw a clickable 2-D view of the domain (``app.chart(..., pick=view)`` in
their source) move their point where the chart is clicked. This measures that round trip
in headless Chromium exactly as ``bench/browser.py`` measures a slider move, with its
machinery (its init script times everything inside the page with ``performance.now()``;
a ``pointerdown`` starts the clock as a ``keydown`` does there, and
:func:`browser.wait_settled` decides when the page is quiet):

* two ``streamlit run`` servers (gradviz and ``bench/bare_app.py``), one Chromium, one tab
  (own session) per target, opened at its defaults;
* round-robin over the targets, one input at a time: the bare app gets a slider key press
  (ArrowRight / ArrowLeft in turn), each clickable page a click in its chart, alternately at
  30 % / 70 % and 70 % / 30 % of the picture's view, so every click moves the point to
  another cell. The pixel is the data point's place read from the picture's own plot area
  (``tests/e2e/live.py``) or a chart's Vega View (``tests/e2e/vega.py``). The mouse is moved there and left still for the quiet
  time before the button goes down, so hovering is not part of the measurement;
* with ``--keys`` (the default) a key press on each page's picture's x₀ slider is measured
  in the same rounds too (the picture sends p 150 ms after the last key), to compare a click
  with a slider move on the same page.

A click that doesn't move the point (the link's ``p`` unchanged) counts as a failure.

Reported per target: median and p90 of input→done and input→settled (see
``bench/browser.py``), main-thread long tasks, and the ratio of the settled median to the
bare app's key press in the same run. No target is set for clicks: it is reported.

Named ``click_move.py``, not ``click.py``: the scripts here run with ``bench/`` first on
``sys.path``, where a ``click.py`` would shadow the ``click`` package Streamlit imports.
The results are ``bench/out/click.json`` and ``click.md``.

Usage: ``python bench/click_move.py [--quick] [--clicks N] [--pages a,b] [--no-keys]``
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import time

import _common as C
import browser as B

from tests.e2e import live, vega  # noqa: E402  (_common put the checkout on sys.path)

#: where to click, as fractions of the view (x, y), in turn
POINTS = ((0.3, 0.7), (0.7, 0.3))
BARE = "bare app"


def clickable_pages(names: list[str] | None = None) -> dict[str, str]:
    """The measured pages whose source draws a picture (``app.scene``) or a chart with
    ``pick=view``."""
    return {k: v for k, v in C.selected_pages(names).items()
            if re.search(r"pick\s*=\s*view|\bapp\.scene\(", C.page_file(k).read_text())}


def view_of(page) -> tuple[float, float, float, float]:
    """(xmin, xmax, ymin, ymax): the view of the page's picture."""
    return tuple(page.evaluate(
        "() => JSON.parse(document.querySelector('canvas.gv-top').dataset.plot).domain"))


def link_p(page) -> str | None:
    m = re.search(r"[?&]p=([^&]*)", page.evaluate("() => window.location.search"))
    return m.group(1) if m else None


def one_click(page, dom, fx: float, fy: float) -> dict | None:
    """Click the page's clickable chart at fractions (fx, fy) of the view; wait until settled.

    The times in ms (as :func:`browser.one_move`), or None on a timeout or if the point
    did not move.
    """
    page.bring_to_front()
    xmin, xmax, ymin, ymax = dom
    x, y = xmin + fx * (xmax - xmin), ymin + fy * (ymax - ymin)
    # a live chart (gradviz/app/live_chart.py) or a clickable Vega-Lite chart
    g = live.where(page, x, y) if live.present(page) else vega.where(
        vega.clickable_chart(page), x, y)
    before = link_p(page)
    page.mouse.move(g["px"], g["py"])
    time.sleep(B.QUIET)  # hover effects (cursor, tooltips) are over before the clock starts
    page.mouse.down()
    page.mouse.up()
    r = B.wait_settled(page)
    if r is None or link_p(page) == before:
        return None
    return r


def measure(quick: bool = False, clicks: int | None = None, pages: list[str] | None = None,
            keys: bool = True, warmup: int = 2) -> dict:
    clicks = clicks or (5 if quick else 15)
    targets = clickable_pages(pages)
    with contextlib.ExitStack() as stack:
        app = stack.enter_context(C.Server(C.ENTRY))
        bare = stack.enter_context(C.Server(C.BARE_APP))
        browser = stack.enter_context(C.chromium())
        C.warm(browser, app.base)
        tabs = {BARE: C.open_page(browser, bare.base, "/", B.INIT,
                                  content='[data-testid="stSlider"]')}
        for name, path in targets.items():
            tabs[name] = C.open_page(browser, app.base, path, B.INIT)
        views = {name: view_of(tabs[name]) for name in targets}
        rows = [BARE] + [f"{n}{s}" for n in targets for s in ("", " (slider key)")[:1 + keys]]
        times: dict[str, list] = {row: [] for row in rows}
        failures = dict.fromkeys(rows, 0)
        first: dict[str, str] = {}

        def press(row: str, page, i: int):
            slider = C.MAIN_SLIDER if row == BARE else C.POINT_SLIDER
            if i == 0:
                first[row] = B.pick_key(page, "ArrowRight", slider=slider)
            key = first[row] if i % 2 == 0 else (
                "ArrowLeft" if first[row] == "ArrowRight" else "ArrowRight")
            return B.one_move(page, key, slider=slider)

        for i in range(warmup + clicks):
            for row in rows:
                name = row.removesuffix(" (slider key)")
                page = tabs[name]
                if row == BARE or row.endswith(" (slider key)"):
                    r = press(row, page, i)
                else:
                    r = one_click(page, views[name], *POINTS[i % 2])
                if r is None:
                    failures[row] += 1
                elif i >= warmup:
                    times[row].append(r)
        for page in tabs.values():
            page.context.close()
    res = B.summarise(times, failures, set(), clicks)
    for row in res["rows"].values():
        row["met"] = None  # no target for a click: reported only
    res.update(clicks=clicks, points=POINTS, pages=list(targets), keys=keys, warmup=warmup)
    return res


def markdown(res: dict) -> str:
    out = []
    for name, r in res["rows"].items():
        what = ("slider key press" if name == BARE or name.endswith("(slider key)")
                else "click in the chart")
        ratio = "1.00 (floor)" if name == BARE else (
            "n/a" if r["ratio"] is None else f"{r['ratio']:.2f}×")
        note = f"{r['failures']} inputs timed out or did not move p" if r["failures"] else ""
        out.append([name, what, r["n"], C.ms(r["done_median"]), C.ms(r["done_p90"]),
                    C.ms(r["settled_median"]), C.ms(r["settled_p90"]), ratio,
                    C.ms(r["longtasks_median"]), note])
    md = (f"Click in a page's chart → page settled in headless Chromium, {res['clicks']} "
          f"inputs per target (after {res['warmup']} warm-up inputs), round-robin over the "
          "targets; ms, timed in the page as in `bench/browser.py` (from the pointerdown; "
          "*done* = the script's `script_finished` message handled; *settled* = also the last "
          "DOM change painted and the last canvas/WebGL draw). Each click moves the point to "
          "another cell: alternately at 30 %/70 % and 70 %/30 % of the view, at the pixel "
          "read from the picture's own plot area. The floor is the bare one-slider app's "
          "key press in the same run"
          + ("; *(slider key)* rows are a key press on the same page's picture's x₀ slider "
             "(sent 150 ms after the key), in the same rounds" if res["keys"] else "")
          + ". No target is set for clicks.\n\n")
    return md + C.table(["target", "input", "n", "done median", "done p90", "settled median",
                         "settled p90", "ratio to bare", "long tasks", "note"], out)


def run(quick: bool = False, clicks: int | None = None, pages: list[str] | None = None,
        keys: bool = True, warmup: int = 2) -> dict:
    res = measure(quick, clicks, pages, keys, warmup)
    md = markdown(res)
    C.write("click", res, md)
    return {"result": res, "markdown": md}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="5 clicks per target instead of 15")
    ap.add_argument("--clicks", type=int, default=None)
    ap.add_argument("--warmup", type=int, default=2, help="warm-up inputs per target")
    ap.add_argument("--pages", default=None, help="comma-separated page names")
    ap.add_argument("--no-keys", action="store_true",
                    help="leave out each page's own slider key press")
    a = ap.parse_args(argv)
    out = run(a.quick, a.clicks, a.pages.split(",") if a.pages else None, not a.no_keys,
              a.warmup)
    print(out["markdown"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
