"""The point in the browser: a drag in every picture of every page, timed in Chromium.

One ``streamlit run`` of gradviz and one of ``bench/bare_app.py``, one headless Chromium.
In each picture (a scene: ``canvas.gv-top`` with a map, ``data-plot``) of each topic page at
its defaults, the mouse presses in the map and moves in small steps across the view, one
every ``PACE`` ms (a hand at the display's rate), then releases.
Timed inside the page (``performance.now()`` and event time stamps):

* **move → status**: a pointermove's time stamp to the status line's text changing (a
  MutationObserver); when the browser coalesces several moves into one frame, the oldest
  unanswered move is the one timed (the worst case);
* **move → painted**: the same move to the first task after the change: the status is
  written inside an animation frame's callbacks, so that frame's rendering (style, layout,
  paint of the canvas and the text) runs before any task posted then;
* **work per frame**: from the frame's start (an animation-frame callback registered
  before the picture's) to the status changing: evaluating the page's functions, the
  layers that follow p, and drawing the top canvas;
* **status follows**: the status line read the generic way (``tests/e2e/live.py``
  ``parse_status``: ``p = (…)`` then ``label = numbers`` items) after the last move of each
  gesture: its p is the pointer's data point (within a pixel), and the labels it shows;
* **updates/s of a 2 s drag**: status updates per second while the mouse moves as fast as
  Playwright can send moves (faster than the display), next to the page's own animation
  frames per second in the same window (the display's rate in headless Chromium);
* **reruns per gesture**: rerun requests the browser sends (its websocket frames decoded
  with Streamlit's protobufs) from press to settled, per gesture (target 1);
* **release → settled**: mouse up to the page quiet again after the one rerun (see
  ``bench/browser.py`` for "settled"), against the bare one-slider app's key press →
  settled in the same run.

Usage: ``python bench/live_drag.py [--quick] [--page NAME ...]``
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time

import _common as C
import browser as B

from gradviz.app.pages import BY_NAME, TOPIC_PAGES  # noqa: E402
from tests.e2e import live  # noqa: E402  (_common put the checkout on sys.path)
from tests.e2e.test_live import Frames  # noqa: E402

PACE = 16  # ms between moves while timing single moves

TIMER = """(nth) => {
  if (window.__lp) { window.__lp.observer.disconnect(); window.__lp.live = false; }
  const w = window.__lp = {lat: [], painted: [], work: [], pending: null, updates: 0,
                           frames: 0, counting: false, tickAt: 0, live: true};
  document.addEventListener('pointermove', (e) => {
    if (e.buttons && w.pending === null) w.pending = e.timeStamp;
  }, true);
  // the status line is looked up at each change: a rerun of the page may mount the
  // picture anew (a picture outside the live section), and a node held from before
  // would never change again
  w.observer = new MutationObserver((records) => {
    const status = document.querySelectorAll('.gv-status')[nth];
    if (!status || !records.some((r) => status.contains(r.target))) return;
    const now = performance.now();
    w.updates++;
    w.work.push(now - w.tickAt);  // the picture's own work in this frame (evaluate + draw)
    if (w.pending === null) return;
    const t0 = w.pending;
    w.pending = null;
    w.lat.push(now - t0);
    // the change is made inside an animation frame's callbacks: that frame paints right
    // after them, and a task posted now runs once it has (rendering comes before tasks)
    const ch = new MessageChannel();
    ch.port1.onmessage = () => w.painted.push(performance.now() - t0);
    ch.port2.postMessage(0);
  });
  w.observer.observe(document.body, {childList: true, characterData: true, subtree: true});
  const tick = () => {
    if (!w.live) return;
    w.tickAt = performance.now();
    if (w.counting) w.frames++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""

UP = """() => { window.__lpUp = null;
  document.addEventListener('pointerup', () => { window.__lpUp = performance.now(); }, true); }"""


def pctl(xs, q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] if xs else float("nan")


def domain(page, nth: int) -> list | None:
    """The view of picture ``nth``'s map, None when it has no map to drag in."""
    return page.evaluate("""(nth) => {
        const c = document.querySelectorAll('canvas.gv-top')[nth];
        return c && c.dataset.plot ? JSON.parse(c.dataset.plot).domain : null; }""", nth)


def at(page, nth: int, fx: float, fy: float, scroll: bool = True) -> dict:
    """Client px of the point at fractions (fx, fy) of picture ``nth``'s view, and that
    point (``xy``)."""
    xmin, xmax, ymin, ymax = domain(page, nth)
    xy = (xmin + fx * (xmax - xmin), ymin + fy * (ymax - ymin))
    return {**live.where(page, *xy, scroll, nth=nth), "xy": xy}


def gesture(page, nth: int, frames: Frames, moves: int, pace_ms: float | None) -> dict:
    """One press-drag-release over picture ``nth``; returns reruns, release → settled (ms)
    and how far the status line's p is from the pointer's last data point (in px)."""
    a = at(page, nth, 0.15, 0.2)
    b = at(page, nth, 0.8, 0.75, scroll=False)
    frames.clear()
    page.mouse.move(a["px"], a["py"])
    time.sleep(B.QUIET)
    page.mouse.down()
    for k in range(1, moves + 1):
        t = k / moves
        page.mouse.move(a["px"] + t * (b["px"] - a["px"]), a["py"] + t * (b["py"] - a["py"]))
        if pace_ms:
            time.sleep(pace_ms / 1000)
    during = len(frames.reruns())
    text = live.status_text(page, nth)
    try:
        status = live.parse_status(text)
    except AssertionError:  # reported, not fatal: the table shows what it said
        status = {"p": (float("nan"),) * 2, f"unreadable: {text!r}": []}
    px = b["width"] / (b["domain"][1] - b["domain"][0])  # px per unit of x (equal axes)
    off = px * max(abs(u - v) for u, v in zip(status["p"], b["xy"]))
    page.mouse.up()
    r = B.wait_settled(page)
    key, up = page.evaluate("[window.__gvb.key, window.__lpUp]")
    return {"reruns_during": during, "reruns": len(frames.reruns()),
            "release_settled": (r["settled"] + key - up) if r else None,
            "status_off_px": off, "status": [k for k in status if k != "p"]}


def fps(page, nth: int, seconds: float = 2.0) -> dict:
    """Drag back and forth for ``seconds`` as fast as moves can be sent."""
    a = at(page, nth, 0.12, 0.12)
    b = at(page, nth, 0.88, 0.88, scroll=False)
    page.mouse.move(a["px"], a["py"])
    page.mouse.down()
    page.evaluate("() => { window.__lp.updates = 0; window.__lp.frames = 0; "
                  "window.__lp.counting = true; }")
    start, k, sent = time.monotonic(), 0, 0
    while time.monotonic() - start < seconds:
        t = (k % 10) / 10 if (k // 10) % 2 == 0 else 1 - (k % 10) / 10
        # 8 moves per call: Playwright interpolates them (fewer Python round trips)
        page.mouse.move(a["px"] + t * (b["px"] - a["px"]), a["py"] + t * (b["py"] - a["py"]),
                        steps=8)
        k += 1
        sent += 8
    elapsed = time.monotonic() - start
    w = page.evaluate("() => { window.__lp.counting = false; return window.__lp; }")
    page.mouse.up()
    B.wait_settled(page)
    return {"updates_per_s": w["updates"] / elapsed, "frames_per_s": w["frames"] / elapsed,
            "moves_per_s": sent / elapsed}


def measure_picture(page, nth: int, frames: Frames, bare_page, quick: bool) -> dict:
    """One picture's figures (the page is open, settled, its pointer-up clock installed)."""
    gestures, moves = (3 if quick else 8), 40
    page.evaluate(TIMER, nth)
    gesture(page, nth, frames, 10, PACE)  # warm-up
    page.evaluate("() => { window.__lp.lat = []; window.__lp.painted = []; "
                  "window.__lp.work = []; }")
    rows, bare_times = [], []
    for _ in range(gestures):
        rows.append(gesture(page, nth, frames, moves, PACE))
        r = B.one_move(bare_page, B.pick_key(bare_page, "ArrowRight"))
        if r:
            bare_times.append(r["settled"])
    lat = page.evaluate("() => window.__lp")
    rate = fps(page, nth)
    settled = [r["release_settled"] for r in rows if r["release_settled"] is not None]
    med = lambda xs: statistics.median(xs) if xs else float("nan")  # noqa: E731
    return {
        "gestures": gestures, "moves_per_gesture": moves, "pace_ms": PACE,
        "move_status_ms": {"median": med(lat["lat"]), "p95": pctl(lat["lat"], 0.95),
                           "n": len(lat["lat"])},
        "move_painted_ms": {"median": med(lat["painted"]), "p95": pctl(lat["painted"], 0.95),
                            "n": len(lat["painted"])},
        "frame_work_ms": {"median": med(lat["work"]), "p95": pctl(lat["work"], 0.95),
                          "n": len(lat["work"])},
        "drag_2s": rate,
        "reruns_per_gesture": [r["reruns"] for r in rows],
        "reruns_during_drag": [r["reruns_during"] for r in rows],
        "status_off_px": max(r["status_off_px"] for r in rows),
        "status": rows[-1]["status"],
        "release_settled_ms": {"median": med(settled) if settled else None,
                               "p90": pctl(settled, 0.9)},
        "bare_settled_ms": {"median": med(bare_times) if bare_times else None},
    }


def measure_page(browser, base: str, path: str, bare_page, quick: bool) -> list[dict]:
    """The figures of each picture with a map on the page (at its defaults), in page order."""
    page = C.open_page(browser, base, path, B.INIT)
    out = []
    try:
        frames = Frames(page)
        page.reload()  # the websocket listener sees the session's socket from the start
        C.wait_idle(page)
        try:
            page.wait_for_selector(live.CANVAS, timeout=20_000)
        except Exception:  # noqa: BLE001 - no picture on this page
            return out
        page.evaluate(UP)
        for nth in range(page.locator(live.CANVAS).count()):
            if domain(page, nth) is not None:
                out.append({"path": path, "picture": nth + 1,
                            **measure_picture(page, nth, frames, bare_page, quick)})
    finally:
        page.context.close()
    return out


def measure(quick: bool = False, names=None) -> dict:
    names = names or list(TOPIC_PAGES)
    with contextlib.ExitStack() as stack:
        app = stack.enter_context(C.Server(C.ENTRY))
        bare = stack.enter_context(C.Server(C.BARE_APP))
        browser = stack.enter_context(C.chromium())
        C.warm(browser, app.base)
        bare_page = C.open_page(browser, bare.base, "/", B.INIT,
                                content='[data-testid="stSlider"]')
        pages = {}
        for name in names:
            for res in measure_page(browser, app.base, BY_NAME[name].path, bare_page, quick):
                pages[f"{name} #{res['picture']}"] = res
        bare_page.context.close()
    return {"pages": pages, "machine": C.machine()}


def markdown(res: dict) -> str:
    rows, notes = [], []
    for name, r in res["pages"].items():
        ms, pm, d = r["move_status_ms"], r["move_painted_ms"], r["drag_2s"]
        rs, bs, wk = r["release_settled_ms"], r["bare_settled_ms"], r["frame_work_ms"]
        ratio = (rs["median"] / bs["median"]) if rs["median"] and bs["median"] else float("nan")
        rows.append([f"`{r['path']}` #{r['picture']}", f"{ms['median']:.1f} / {ms['p95']:.1f}",
                     f"{pm['median']:.1f} / {pm['p95']:.1f}",
                     f"{wk['median']:.1f} / {wk['p95']:.1f}",
                     f"{d['updates_per_s']:.0f} ({d['frames_per_s']:.0f})",
                     " ".join(str(v) for v in r["reruns_per_gesture"]),
                     f"{rs['median']:.0f} ms ({ratio:.1f}× bare)",
                     f"p, {', '.join(r['status']) or 'nothing else'}; "
                     f"p off by {r['status_off_px']:.1f} px"])
        notes.append(f"{name}: during the drags {r['reruns_during_drag']} reruns")
    load = res["machine"].get("loadavg", [float("nan")])[0]
    first = next(iter(res["pages"].values()), {"gestures": 0, "moves_per_gesture": 0,
                                                 "pace_ms": PACE})
    within = [r["move_painted_ms"]["median"] <= 16.7 and r["move_painted_ms"]["p95"] <= 33
              for r in res["pages"].values()]
    return "\n".join([
        "Every picture of every page is a scene (`gradviz/scene/`) drawn by the browser engine "
        "(`gradviz/scene/web/`): the point follows the pointer in the browser, which evaluates "
        "f and its derivatives from the programs the core printed (`gradviz/browser_expr.py`, "
        "interpreted by `gradviz/browser_expr.js`) and computes the layers that follow p, and "
        "the server hears the point once, at the release. Each picture with a map (#1, #2, … "
        f"in page order) at the page's defaults; {first['gestures']} gestures of "
        f"{first['moves_per_gesture']} pointer moves every {first['pace_ms']} ms and a 2 s "
        f"drag per picture; headless Chromium, load average {load:.1f} at the start. Timing "
        "method: the docstring of `bench/live_drag.py`. Targets: move → status and move → "
        "painted median ≤ 16.7 ms, p95 ≤ 33 ms (within a frame: "
        f"{sum(within)} of {len(within)} pictures); 1 rerun per gesture.",
        "",
        C.table(["picture", "move → status, ms (median / p95)", "move → painted, ms",
                 "picture's work per frame, ms", "2 s drag: updates/s (frames/s)",
                 "reruns per gesture", "release → settled", "status line after a drag"], rows),
        "",
        "Reruns are counted from the websocket frames the browser sends ("
        + "; ".join(notes) + "). A move is answered in the next animation frame, so the "
        "median move → status is mostly frame alignment; on a loaded machine the tail is "
        "the scheduler's. The status line is read as every page writes it (`p = (…)` and "
        "`label = numbers`); *p off by* is the largest distance, in px, between its p and the "
        "pointer's data point at the end of a gesture.",
    ])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--page", action="append", choices=TOPIC_PAGES,
                    help="only these pages (default: every topic page)")
    args = ap.parse_args(argv)
    res = measure(args.quick, args.page)
    md = markdown(res)
    C.write("live_drag", res, md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
