"""The point follows the hand on the functions page: its heatmap is a live chart.

Press and drag in the heatmap: the status line (role="status") reads ``p = (x, y)   f(p) = …``
on every move, with the core's (numpy's) value at the point it names; nothing goes to the
server until the release, then one rerun of the live section, after which the link's ``p`` is
the drop point and the metric names that point exactly with the same value. Arrow keys move
the point; a drag over a singularity says 'undefined' and the chart keeps answering.
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
from tests.e2e.live import STEPS, drag
from tests.e2e.test_live import Frames

PATH = PAGES["functions"][0]
STATUS = re.compile(r"p = \(([^)]*)\)\s+f\(p\) = (\S+)")


def parse(text: str) -> dict:
    """``{"p": (x, y, …), "text": "(x, y)", "f": value or None, "shown": "…"}``."""
    m = STATUS.fullmatch(text.strip())
    assert m, f"the status line does not read as expected: {text!r}"
    shown = m.group(2)
    return {"p": tuple(float(v) for v in m.group(1).split(",")), "text": m.group(1),
            "f": None if shown == "undefined" else float(shown), "shown": shown}


def agrees(shown: str, want: float) -> bool:
    """A number as the page writes it is ``want`` to within half a unit of its last digit
    (or both say undefined)."""
    if shown == "undefined" or not math.isfinite(want):
        return shown == "undefined" and not math.isfinite(want)
    mantissa, _, exp = shown.partition("e")
    decimals = len(mantissa.partition(".")[2])
    unit = 10.0 ** (int(exp or 0) - decimals)
    return abs(float(shown) - want) <= 0.5 * unit * (1 + 1e-9) + 1e-12 * abs(want)


def check(text: str, fn: str) -> dict:
    """The status's value is the core's at the point the status names."""
    s = parse(text)
    f = gradviz.parse(fn)
    want = float(f.at(s["p"][: f.n]))
    assert agrees(s["shown"], want), f"status f(p) = {s['shown']} but numpy says {want} at {s['p']}"
    return s



def test_drag_follows_the_hand_with_one_rerun_at_release(page):
    """Test a 40-step drag on sin(xy): the status changes with every move and equals numpy at
    the point it names; no frame goes to the server during the drag, one rerun at the release;
    then the link's p is the drop point and the metric names it exactly with numpy's value."""
    frames = Frames(page)
    open_app(page, PATH)
    expect_no_exception(page)
    assert parse(live.status_text(page))["p"] == (1.0, 2.0)
    link_before = query(page)["p"]
    frames.clear()
    seen = drag(page, (0.6, 0.7), (3.3, 2.9))
    assert not frames.sent, f"the browser talked to the server during the drag: {frames.sent}"
    assert query(page)["p"] == link_before
    assert len(set(seen)) >= STEPS - 2, f"the status did not follow the moves: {seen}"
    points = [check(s, "sin(x*y)")["p"] for s in seen]
    assert math.dist(points[0], (0.6, 0.7)) < 0.15 and math.dist(points[-1], (3.3, 2.9)) < 0.02

    page.mouse.up()
    drop = parse(live.status_text(page))
    wait_until(lambda: query(page)["p"] != link_before,
               message=lambda: f"the link did not follow the release: {query(page)}")
    wait_idle(page)
    expect_no_exception(page)
    reruns = frames.reruns()
    assert len(reruns) == 1 and reruns[0].fragment_id, f"{len(reruns)} reruns, want 1 fragment"
    assert len(frames.sent) == 1, [m.WhichOneof("type") for m in frames.sent]
    assert tuple(float(v) for v in query(page)["p"].split(",")) == drop["p"]
    metrics = metric_values(page)
    label = f"f({drop['text']})"  # the point written as the status wrote it
    assert label in metrics, (label, metrics)
    assert agrees(metrics[label], math.sin(drop["p"][0] * drop["p"][1])), metrics
    assert parse(live.status_text(page))["p"] == drop["p"]
    expect_no_exception(page)


def test_arrow_keys_move_the_point(page):
    """Test that arrow keys on the focused chart move p by 1% of the axis a press (the status
    at once, one rerun after the keys stop, the link follows)."""
    frames = Frames(page)
    open_app(page, PATH)
    xmin, xmax, ymin, ymax = live.where(page, 1.0, 2.0)["domain"]
    canvas = page.locator(live.CANVAS).first
    canvas.focus()
    frames.clear()
    texts = live.press_keys(canvas, ["ArrowRight", "ArrowRight", "ArrowUp"])
    assert len(set(texts)) == 3, texts
    end = check(texts[-1], "sin(x*y)")["p"]
    assert math.isclose(end[0], 1 + 0.02 * (xmax - xmin)), end
    assert math.isclose(end[1], 2 + 0.01 * (ymax - ymin)), end
    wait_until(lambda: tuple(float(v) for v in query(page)["p"].split(",")) == end,
               message=lambda: f"the link did not follow the keys: {query(page)}")
    wait_idle(page)
    assert len(frames.reruns()) == 1, len(frames.reruns())
    expect_no_exception(page)


def test_drag_across_singularities_says_undefined_and_keeps_answering(page):
    """Test log(x) + y dragged across x = 0 and 1/(x² + y²) stepped onto the origin: the status
    says 'undefined' where numpy says nan/inf, and follows again after."""
    fn = "log(x) + y"
    open_app(page, f"{PATH}?f={quote(fn)}&d={quote('-1,1,-1,1')}&p=0.5,0.5")
    seen = drag(page, (0.8, 0.3), (-0.8, -0.3))
    page.mouse.up()
    parsed = [check(s, fn) for s in seen]
    assert any(s["f"] is None for s in parsed) and any(s["f"] is not None for s in parsed)
    seen = drag(page, (-0.5, 0.0), (0.7, 0.2), steps=10)
    page.mouse.up()
    assert check(seen[-1], fn)["f"] is not None
    wait_idle(page)
    expect_no_exception(page)

    fn = "1/(x^2 + y^2)"
    open_app(page, f"{PATH}?f={quote(fn)}&d={quote('-1,1,-1,1')}&p=-0.1,0")
    canvas = page.locator(live.CANVAS).first
    canvas.focus()
    texts = []
    for _ in range(10):  # 1% of the span a press: over the origin
        canvas.press("ArrowRight")
        texts.append(live.status_text(page))
    parsed = [check(s, fn) for s in texts]
    assert any(s["p"][:2] == (0.0, 0.0) and s["f"] is None for s in parsed), texts
    assert parsed[-1]["f"] is not None, texts[-1]
    wait_idle(page)
    expect_no_exception(page)


def test_a_held_variable_is_part_of_the_point(page):
    """Test f(x, y, z) with z held at 1.5: the status names (x, y, 1.5) and its value is
    numpy's f there while dragging."""
    fn = "x^2 + y^2 + e^z + x^z + x*y*z"
    open_app(page, f"{PATH}?f={quote(fn)}&p=1,1,1.5")
    seen = drag(page, (0.5, 0.5), (1.5, 1.8), steps=10)
    page.mouse.up()
    for s in seen:
        assert check(s, fn)["p"][2] == 1.5
    wait_idle(page)
    expect_no_exception(page)


_WHERE_NTH = """([k, x, y]) => {
  const c = document.querySelectorAll('canvas.gv-top')[k];
  c.scrollIntoView({block: 'center', inline: 'nearest'});
  const g = JSON.parse(c.dataset.plot), box = c.getBoundingClientRect();
  const [xmin, xmax, ymin, ymax] = g.domain;
  return {px: box.left + g.left + (x - xmin) / (xmax - xmin) * g.size,
          py: box.top + g.top + (ymax - y) / (ymax - ymin) * g.size};
}"""
_STATUS_NTH = """(k) => new Promise((ok) => requestAnimationFrame(() =>
    ok(document.querySelectorAll('.gv-status')[k].textContent)))"""
VECTOR_STATUS = re.compile(r"p = \(([^)]*)\)\s+f\(p\) = \[([^\]]*)\]")


def test_vector_valued_function_map_moves_the_evaluation_point(page):
    """Test the vector section's map of ‖f‖ for [x, sin(y)]: a drag's status reads
    f(p) = [a, b] with numpy's values at the point it names, nothing is sent while dragging,
    and on release the boxes, the table and the link's at= are the drop point."""
    frames = Frames(page)
    open_app(page, f"{PATH}?vf={quote('[x, sin(y)]')}&at=2,3")
    assert page.locator(live.CANVAS).count() == 2  # the scalar heatmap, then this map
    first = VECTOR_STATUS.fullmatch(page.evaluate(_STATUS_NTH, 1).strip())
    assert first and first.group(1) == "2, 3", first
    a = page.evaluate(_WHERE_NTH, [1, -3.0, -2.0])
    b = page.evaluate(_WHERE_NTH, [1, 3.5, 4.0])
    frames.clear()
    page.mouse.move(a["px"], a["py"])
    page.mouse.down()
    seen = []
    for k in range(1, STEPS + 1):
        t = k / STEPS
        page.mouse.move(a["px"] + t * (b["px"] - a["px"]), a["py"] + t * (b["py"] - a["py"]))
        seen.append(page.evaluate(_STATUS_NTH, 1))
    assert not frames.sent, f"the browser talked to the server during the drag: {frames.sent}"
    assert len(set(seen)) >= STEPS - 2, seen
    for text in seen:
        m = VECTOR_STATUS.fullmatch(text.strip())
        assert m, text
        x, y = (float(v) for v in m.group(1).split(","))
        shown = [v.strip() for v in m.group(2).split(",")]
        assert agrees(shown[0], x) and agrees(shown[1], math.sin(y)), (text, x, math.sin(y))
    page.mouse.up()
    m = VECTOR_STATUS.fullmatch(page.evaluate(_STATUS_NTH, 1).strip())
    drop = tuple(float(v) for v in m.group(1).split(","))
    wait_until(lambda: query(page).get("at") != "2,3",
               message=lambda: f"the link did not follow the release: {query(page)}")
    wait_idle(page)
    expect_no_exception(page)
    assert len(frames.sent) == 1, [m.WhichOneof("type") for m in frames.sent]
    assert tuple(float(v) for v in query(page)["at"].split(",")) == drop
    boxes = page.locator(f'{MAIN} [data-testid="stNumberInput"] input')
    assert [float(boxes.nth(j).input_value()) for j in range(2)] == list(drop)
    cells = page.locator('[data-testid="stTable"] td').all_inner_texts()
    assert agrees(cells[-1].strip(), math.sin(drop[1])), cells
