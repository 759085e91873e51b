"""The point in the browser: a drag on the gradient field's live chart, timed in Chromium.

One ``streamlit run`` of gradviz and one of ``bench/bare_app.py``, one headless Chromium.
On the gradient-field page (sin(xy), its defaults) the mouse presses in the live chart and
moves in small steps, one every ``PACE`` ms (a hand at the display's rate), then releases.
Timed inside the page (``performance.now()`` and event time stamps):

* **move → status**: a pointermove's time stamp to the status line's text changing (a
  MutationObserver); when the browser coalesces several moves into one frame, the oldest
  unanswered move is the one timed (the worst case);
* **move → painted**: the same move to the first task after the change: the status is
  written inside an animation frame's callbacks, so that frame's rendering (style, layout,
  paint of the canvas and the text) runs before any task posted then;
* **work per frame**: from the frame's start (an animation-frame callback registered
  before the chart's) to the status changing: evaluating f and ∇f, the level curve
  through p, and drawing the top canvas;
* **updates/s of a 2 s drag**: status updates per second while the mouse moves as fast as
  Playwright can send moves (faster than the display), next to the page's own animation
  frames per second in the same window (the display's rate in headless Chromium);
* **reruns per gesture**: rerun requests the browser sends (its websocket frames decoded
  with Streamlit's protobufs) from press to settled, per gesture (target 1);
* **release → settled**: mouse up to the page quiet again after the one rerun (see
  ``bench/browser.py`` for "settled"), against the bare one-slider app's key press →
  settled in the same run.

Usage: ``python bench/live_drag.py [--quick]``
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time

import _common as C
import browser as B

from tests.e2e import live  # noqa: E402  (_common put the checkout on sys.path)
from tests.e2e.test_live import Frames  # noqa: E402

PACE = 16  # ms between moves while timing single moves
PATH = "/gradient-field"

TIMER = """() => {
  const w = window.__lp = {lat: [], painted: [], work: [], pending: null, updates: 0,
                           frames: 0, counting: false, tickAt: 0};
  document.addEventListener('pointermove', (e) => {
    if (e.buttons && w.pending === null) w.pending = e.timeStamp;
  }, true);
  const status = document.querySelector('.gv-status');
  new MutationObserver(() => {
    const now = performance.now();
    w.updates++;
    w.work.push(now - w.tickAt);  // the chart's own work in this frame (evaluate + draw)
    if (w.pending === null) return;
    const t0 = w.pending;
    w.pending = null;
    w.lat.push(now - t0);
    // the change is made inside an animation frame's callbacks: that frame paints right
    // after them, and a task posted now runs once it has (rendering comes before tasks)
    const ch = new MessageChannel();
    ch.port1.onmessage = () => w.painted.push(performance.now() - t0);
    ch.port2.postMessage(0);
  }).observe(status, {childList: true, characterData: true, subtree: true});
  const tick = () => {
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


def gesture(page, frames: Frames, moves: int, pace_ms: float | None) -> dict:
    """One press-drag-release over the chart; returns reruns and release → settled (ms)."""
    a = live.where(page, 0.6, 0.8)
    b = live.where(page, 3.2, 3.0, scroll=False)
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
    page.mouse.up()
    r = B.wait_settled(page)
    key, up = page.evaluate("[window.__gvb.key, window.__lpUp]")
    return {"reruns_during": during, "reruns": len(frames.reruns()),
            "release_settled": (r["settled"] + key - up) if r else None}


def fps(page, seconds: float = 2.0) -> dict:
    """Drag back and forth for ``seconds`` as fast as moves can be sent."""
    a = live.where(page, 0.5, 0.5)
    b = live.where(page, 3.5, 3.5, scroll=False)
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


def measure(quick: bool = False) -> dict:
    gestures = 3 if quick else 8
    moves = 40
    with contextlib.ExitStack() as stack:
        app = stack.enter_context(C.Server(C.ENTRY))
        bare = stack.enter_context(C.Server(C.BARE_APP))
        browser = stack.enter_context(C.chromium())
        C.warm(browser, app.base)
        page = C.open_page(browser, app.base, PATH, B.INIT)
        frames = Frames(page)
        page.reload()  # the websocket listener sees the session's socket from the start
        C.wait_idle(page)
        page.wait_for_selector(live.STATUS)
        page.evaluate(UP)
        page.evaluate(TIMER)
        bare_page = C.open_page(browser, bare.base, "/", B.INIT,
                                content='[data-testid="stSlider"]')
        rows, bare_times = [], []
        gesture(page, frames, 10, PACE)  # warm-up
        page.evaluate("() => { window.__lp.lat = []; window.__lp.painted = []; "
                      "window.__lp.work = []; }")
        for _ in range(gestures):
            rows.append(gesture(page, frames, moves, PACE))
            r = B.one_move(bare_page, B.pick_key(bare_page, "ArrowRight"))
            if r:
                bare_times.append(r["settled"])
        lat = page.evaluate("() => window.__lp")
        rate = fps(page)
        page.context.close()
        bare_page.context.close()
    settled = [r["release_settled"] for r in rows if r["release_settled"] is not None]
    return {
        "gestures": gestures, "moves_per_gesture": moves, "pace_ms": PACE,
        "move_status_ms": {"median": statistics.median(lat["lat"]),
                           "p95": pctl(lat["lat"], 0.95), "n": len(lat["lat"])},
        "move_painted_ms": {"median": statistics.median(lat["painted"]),
                            "p95": pctl(lat["painted"], 0.95), "n": len(lat["painted"])},
        "frame_work_ms": {"median": statistics.median(lat["work"]),
                          "p95": pctl(lat["work"], 0.95), "n": len(lat["work"])},
        "drag_2s": rate,
        "reruns_per_gesture": [r["reruns"] for r in rows],
        "reruns_during_drag": [r["reruns_during"] for r in rows],
        "release_settled_ms": {"median": statistics.median(settled) if settled else None,
                               "p90": pctl(settled, 0.9)},
        "bare_settled_ms": {"median": statistics.median(bare_times) if bare_times else None},
        "machine": C.machine(),
    }


def markdown(res: dict) -> str:
    ms, pm, d = res["move_status_ms"], res["move_painted_ms"], res["drag_2s"]
    rs, bs, wk = res["release_settled_ms"], res["bare_settled_ms"], res["frame_work_ms"]
    ratio = (rs["median"] / bs["median"]) if rs["median"] and bs["median"] else float("nan")
    load = res["machine"].get("loadavg", [float("nan")])[0]
    return "\n".join([
        "Since issue 15 the gradient-field page's chart is a live chart "
        "(`gradviz/app/live_chart.py`): the point follows the pointer in the browser, which "
        "evaluates f and ∇f from the programs the core printed (`gradviz/browser_expr.py`, "
        "interpreted by `gradviz/browser_expr.js`), and the server hears the point once, at "
        f"the release. sin(xy) at its defaults; {res['gestures']} gestures of "
        f"{res['moves_per_gesture']} pointer moves every {res['pace_ms']} ms ({ms['n']} timed "
        f"moves) and a 2 s drag; headless Chromium, load average {load:.1f} at the start. "
        "Timing method: the docstring of `bench/live_drag.py`.",
        "",
        C.table(["measure", "median", "p95 / p90", "target"], [
            ["pointer move → status text", f"{ms['median']:.1f} ms", f"{ms['p95']:.1f} ms",
             "≤ 16.7 ms / ≤ 33 ms"],
            ["pointer move → painted", f"{pm['median']:.1f} ms", f"{pm['p95']:.1f} ms",
             "≤ 16.7 ms / ≤ 33 ms"],
            ["the chart's work per frame (evaluate f, ∇f, level curve; draw)",
             f"{wk['median']:.1f} ms", f"{wk['p95']:.1f} ms", "—"],
            ["release → page settled (one rerun)", f"{rs['median']:.0f} ms",
             f"{rs['p90']:.0f} ms (p90)", "—"],
            ["bare app: key → settled (same run)", f"{bs['median']:.0f} ms", "", "floor"],
        ]),
        "",
        f"Reruns per gesture: {res['reruns_per_gesture']} (during the drag: "
        f"{res['reruns_during_drag']}), counted from the websocket frames the browser sends. "
        f"A 2 s drag with moves as fast as Playwright sent them ({d['moves_per_s']:.0f}/s): "
        f"{d['updates_per_s']:.0f} status updates/s, {d['frames_per_s']:.0f} animation "
        f"frames/s of the page. Release → settled is {ratio:.1f}× the bare app; it happens "
        "once per gesture, where every move used to be a rerun (click → settled in the "
        "previous section). A move is answered in the next animation frame, so the median "
        "move → status is mostly frame alignment (half a frame on average) and the chart's "
        "own work is the row above; on a loaded machine the tail is the scheduler's.",
    ])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    res = measure(args.quick)
    md = markdown(res)
    C.write("live_drag", res, md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
