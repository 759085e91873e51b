"""The point follows the hand on the partial-derivatives page: its live map, in a real browser.

The map of f with the two slice lines through p, and beside it the two slices with their
tangent lines, follow a drag in the browser: the status line reads
``p = (x₀, y₀)   ∂f/∂x = a   ∂f/∂y = b`` at every move and its numbers are numpy's at the
point it names; nothing goes to the server until the release, then one rerun, after which the
link's ``p`` is the drop point and the page's LaTeX and metrics say the same. Arrow keys move
p too; a drag over x = 0 of log(x) says 'undefined' and the chart keeps answering.
"""

from __future__ import annotations

import math
import re
from urllib.parse import quote

import gradviz
from tests.e2e import live
from tests.e2e.conftest import (
    MAIN,
    PAGES,
    expect_no_exception,
    metric_values,
    open_app,
    query,
    wait_idle,
    wait_until,
)
from tests.e2e.test_live import Frames

STEPS = 40
PATH = PAGES["partial_derivatives"][0]
STATUS = re.compile(r"p = \(([^)]*)\)\s+∂f/∂x = (\S+)\s+∂f/∂y = (\S+)")


def parse(text: str) -> dict:
    """``{"p": (x, y, …), "slopes": (a or None, b or None)}`` from the status line."""
    m = STATUS.fullmatch(text.strip())
    assert m, f"the status line does not read as expected: {text!r}"
    num = lambda s: None if s == "undefined" else float(s)  # noqa: E731
    return {"p": tuple(float(v) for v in m.group(1).split(",")),
            "slopes": (num(m.group(2)), num(m.group(3)))}


def numpy_partials(text: str, p) -> list[float | None]:
    """∂f/∂x and ∂f/∂y at p from the core's numpy functions; None where f or the partial
    is not finite there (no slice through p, no slope)."""
    f = gradviz.parse(text)
    if not math.isfinite(float(f.at(p))):
        return [None, None]
    out = []
    for v in f.variables[:2]:
        d = float(gradviz.partial(f, v).at(p))
        out.append(d if math.isfinite(d) else None)
    return out


def written(shown: float | None, want: float | None) -> bool:
    """The status writes at least 4 significant digits (4 decimals from 0.1 up)."""
    if shown is None or want is None:
        return shown is None and want is None
    return abs(shown - want) <= max(5.001e-5, 5.001e-4 * abs(want))


def link_point(page) -> tuple[float, ...]:
    return tuple(float(v) for v in query(page)["p"].split(","))


def browser_values(page) -> dict:
    """The numbers the browser drew last, unrounded (the chart's own record)."""
    return page.evaluate("() => document.querySelector('.gv-live').__gv.values")


def check(page, text: str, fn: str) -> dict:
    """The status equals numpy at the point it names (to its digits), and so do the browser's
    unrounded numbers (to 1e-9 relative)."""
    s = parse(text)
    want = numpy_partials(fn, s["p"])
    for a, b in zip(s["slopes"], want):
        assert written(a, b), f"status {s['slopes']} but numpy says {want} at {s['p']}"
    raw = browser_values(page)
    if tuple(raw["p"]) == s["p"]:
        for a, b in zip(raw["slopes"], want):
            assert (a is None) == (b is None), (raw, want)
            assert a is None or abs(a - b) <= 1e-9 * max(1.0, abs(b)), (raw, want)
    return s


def drag(page, start, end, steps: int = STEPS, fn: str = "sin(x*y)") -> list[dict]:
    """Press at data point ``start``, move in ``steps`` equal steps to ``end`` (checking the
    status against numpy after each), without releasing."""
    a = live.where(page, *start)
    b = live.where(page, *end, scroll=False)
    seen = []
    page.mouse.move(a["px"], a["py"])
    page.mouse.down()
    for k in range(1, steps + 1):
        t = k / steps
        page.mouse.move(a["px"] + t * (b["px"] - a["px"]), a["py"] + t * (b["py"] - a["py"]))
        text = live.status_text(page)
        seen.append((text, check(page, text, fn)))
    return seen


def test_the_map_is_live_with_the_slices_beside_it(page):
    """Test that the page draws the live chart of kind "partial" at the page's point, with
    its status named for a screen reader."""
    open_app(page, PATH)
    expect_no_exception(page)
    canvas = page.locator(live.CANVAS)
    assert canvas.count() == 1 and canvas.first.get_attribute("data-kind") == "partial"
    s = check(page, live.status_text(page), "sin(x*y)")
    assert s["p"] == (1.0, 2.0)
    status = page.get_by_role("status").filter(has_text=re.compile(r"^p = \("))
    assert status.count() == 1 and status.first.get_attribute("aria-live") == "polite"
    assert "arrow keys" in (canvas.first.get_attribute("aria-label") or "")


def test_drag_follows_the_hand_with_one_rerun_at_release(page):
    """Test a 40-step drag on sin(xy): the status changes with every move and equals numpy at
    the point it names; nothing is sent during the drag and one rerun at the release; then the
    link's p is the drop point and the page's LaTeX and metrics show the same numbers."""
    frames = Frames(page)
    open_app(page, PATH)
    expect_no_exception(page)
    link_before = query(page)["p"]
    frames.clear()
    seen = drag(page, (0.6, 0.7), (3.3, 2.9))
    assert not frames.sent, f"the browser talked to the server during the drag: {frames.sent}"
    assert query(page)["p"] == link_before
    assert len({text for text, _ in seen}) >= STEPS - 2, "the status did not follow the moves"
    points = [s["p"] for _, s in seen]
    assert math.dist(points[0], (0.6, 0.7)) < 0.15 and math.dist(points[-1], (3.3, 2.9)) < 0.02

    page.mouse.up()
    drop = parse(live.status_text(page))["p"]
    wait_until(lambda: query(page)["p"] != link_before,
               message=lambda: f"the link did not follow the release: {query(page)}")
    wait_idle(page)
    expect_no_exception(page)
    reruns = frames.reruns()
    assert len(reruns) == 1 and reruns[0].fragment_id, f"{len(reruns)} reruns at release"
    assert len(frames.sent) == 1, [m.WhichOneof("type") for m in frames.sent]
    assert link_point(page) == drop

    want = numpy_partials("sin(x*y)", drop)
    m = metric_values(page)
    for v, w in zip("xy", want):
        shown = m[f"∂f/∂{v} at p = slope of the dashed line"]
        assert written(float(shown), w), (v, shown, w)
    tex = " ".join(page.locator(f"{MAIN} .katex-mathml annotation").all_text_contents())
    at = "(" + ", ".join(f"{v:g}" for v in drop) + ")"
    for v, w in zip("xy", want):
        head = rf"\frac{{\partial f}}{{\partial {v}}}{at} &="
        assert head in tex, (head, tex[:600])
        value = tex.split(head, 1)[1].split()[0]
        assert written(float(value), w), (v, value, w)
    s = check(page, live.status_text(page), "sin(x*y)")
    assert s["p"] == drop


def test_drag_across_a_singularity_says_undefined_and_keeps_answering(page):
    """Test log(x) + y dragged across x = 0: the status says 'undefined' where f (and so the
    slice through p) is not defined, follows again after, and nothing fails."""
    fn = "log(x) + y"
    open_app(page, PATH + "?f=" + quote(fn) + "&d=" + quote("-1,1,-1,1") + "&p=0.5,0.5")
    seen = drag(page, (0.8, 0.3), (-0.8, -0.3), fn=fn)
    page.mouse.up()
    slopes = [s["slopes"] for _, s in seen]
    assert any(a is None for a, _ in slopes) and any(a is not None for a, _ in slopes), slopes
    seen = drag(page, (-0.5, 0.0), (0.7, 0.2), steps=10, fn=fn)
    page.mouse.up()
    assert seen[-1][1]["slopes"][0] is not None
    wait_idle(page)
    expect_no_exception(page)
    # the page agrees at the drop point
    drop = seen[-1][1]["p"]
    wait_until(lambda: link_point(page) == drop,
               message=lambda: f"the link did not follow the release: {query(page)}")


def test_arrow_keys_move_the_point_and_the_third_variable_stays(page):
    """Test arrow keys on the focused map for f(x, y, z) (z held at 2): the status moves at
    once with each key and equals numpy with z = 2; a burst of keys sends one rerun 150 ms
    after the last, and the link follows; a real key press moves p too."""
    fn = "x^2 + y^2 + e^x + x^z + x*y*z"
    frames = Frames(page)
    open_app(page, PATH + "?f=" + quote(fn) + "&p=1,1,2")
    canvas = page.locator(live.CANVAS).first
    canvas.focus()
    frames.clear()
    # one burst (well inside 150 ms whatever the machine's load): the status after each key
    texts = page.evaluate("""(keys) => keys.map((key) => {
        const c = document.querySelector('canvas.gv-top');
        c.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
        return document.querySelector('.gv-status').textContent;
    })""", ["ArrowRight", "ArrowRight", "ArrowUp", "ArrowRight"])
    assert len(set(texts)) == 4, texts
    parsed = [check(page, t, fn) for t in texts]
    assert all(s["p"][2] == 2.0 for s in parsed), parsed
    end = parsed[-1]["p"]
    xs, ys = [q["p"][0] for q in parsed], [q["p"][1] for q in parsed]
    assert 1 < xs[0] < xs[1] == xs[2] < xs[3] and 1 == ys[0] == ys[1] < ys[2] == ys[3], parsed
    wait_until(lambda: link_point(page) == end,
               message=lambda: f"the link did not follow the keys: {query(page)} vs {end}")
    wait_idle(page)
    assert len(frames.reruns()) == 1, len(frames.reruns())

    canvas.focus()
    canvas.press("ArrowDown")
    after = check(page, live.status_text(page), fn)
    assert after["p"][:2] == (end[0], 1.0), after
    wait_until(lambda: link_point(page) == after["p"],
               message=lambda: f"the link did not follow the key: {query(page)}")
    wait_idle(page)
    expect_no_exception(page)


def test_the_charts_own_sliders_move_the_slices_in_the_browser(page):
    """Test the point's sliders inside the live chart on this page: arrow keys on y₀ move p
    by 1% of the axis, the status (numpy's partials there) follows at once, one rerun after
    the keys stop and the link follows; dragging x₀'s thumb sends nothing until the release."""
    frames = Frames(page)
    open_app(page, PATH)
    y0 = page.locator(".gv-slider input").nth(1)
    y0.scroll_into_view_if_needed()
    y0.focus()
    frames.clear()
    texts = live.press_keys(y0, ["ArrowRight", "ArrowRight", "ArrowLeft", "PageUp"])
    ys = [check(page, t, "sin(x*y)")["p"][1] for t in texts]
    # 1% of the axis [0, 4] a key, 10% for Page Up (from the view, not the code)
    assert [round(v, 9) for v in ys] == [2.04, 2.08, 2.04, 2.44], ys
    wait_until(lambda: link_point(page) == (1.0, 2.44),
               message=lambda: f"the link did not follow the keys: {query(page)}")
    wait_idle(page)
    reruns = frames.reruns()  # one rerun per burst of keys (150 ms after the last)
    assert len(reruns) == 1 and reruns[0].fragment_id, len(reruns)

    x0 = page.locator(".gv-slider input").first
    box = x0.bounding_box()
    frames.clear()
    page.mouse.move(box["x"] + 0.2 * box["width"], box["y"] + box["height"] / 2)
    page.mouse.down()
    seen = []
    for k in range(1, 21):
        page.mouse.move(box["x"] + (0.2 + 0.03 * k) * box["width"], box["y"] + box["height"] / 2)
        seen.append(live.status_text(page))
    assert not frames.sent, "the browser talked to the server while the thumb was held"
    assert len(set(seen)) >= 15, seen
    xs = [check(page, t, "sin(x*y)")["p"][0] for t in seen]
    assert xs == sorted(xs) and xs[-1] > xs[0], xs
    page.mouse.up()
    drop = parse(live.status_text(page))["p"]
    wait_until(lambda: link_point(page) == drop,
               message=lambda: f"the link did not follow the release: {query(page)} vs {drop}")
    wait_idle(page)
    assert len(frames.sent) == 1, [m.WhichOneof("type") for m in frames.sent]
    expect_no_exception(page)
