"""The point follows the hand on every page drawn from a scene (gradviz/scene), in a real browser.

Press and drag in the map: the status line (role="status") changes on every move and its
numbers are the core's at the point it names; the browser sends nothing to the server until
the release, then one rerun, after which the link's ``p`` is the drop point and the page's
metrics show the same numbers. A drag over an undefined region says 'undefined' and the
picture keeps answering; arrow keys and the picture's own sliders move the point too. One
case per page: what its status says and the core's numbers for it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import quote

import numpy as np
import pytest

import gradviz
from tests.e2e import live
from tests.e2e.conftest import (
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


def _ok(v) -> float | None:
    return float(v) if math.isfinite(v) else None


def gradient_numbers(text: str, p) -> list[float | None]:
    """f(p) and ∇f(p) from the core (numpy), None where not finite."""
    f = gradviz.parse(text)
    return [_ok(float(f.at(p))), *map(_ok, np.asarray(gradviz.gradient(f).at(p), dtype=float))]


def partial_numbers(text: str, p) -> list[float | None]:
    """∂f/∂v at p for each variable (numpy), None where f or the partial is not finite
    (where f is undefined there is no slice through p)."""
    f = gradviz.parse(text)
    if not math.isfinite(float(f.at(p))):
        return [None] * f.n
    return [_ok(float(gradviz.partial(f, v).at(p))) for v in f.variables]


@dataclass(frozen=True)
class Case:
    """A page drawn from a scene: its status' items after p, the core's numbers for them,
    and the metric labels that show them on the page after a release."""

    page: str
    items: str  # the status after "p = (…)", as a pattern
    numbers: object  # (text, p) -> the status' numbers
    metrics: tuple[str, ...]  # metric labels of the numbers, in order ("" = not a metric)
    keys_query: dict  # the view the arrow-key test opens


CASES = [
    Case("gradient_field", r"f\(p\) = \S+\s+∇f\(p\) = \([^)]*\)", gradient_numbers,
         ("f(p)", "∂f/∂x (p)", "∂f/∂y (p)"), {}),
    Case("partial_derivatives", r"∂f/∂x = \S+\s+∂f/∂y = \S+(\s+∂f/∂z = \S+)?", partial_numbers,
         ("∂f/∂x at p = slope of the dashed line", "∂f/∂y at p = slope of the dashed line"),
         {"f": "x^2 + y^2 + e^x + x^z + x*y*z", "p": "1,1,2"}),
]
IDS = [c.page for c in CASES]


def parse(case: Case, text: str) -> dict:
    """``{"p": (x, y, …), "numbers": [value or None, …]}`` from the status line."""
    m = re.fullmatch(rf"p = \(([^)]*)\)\s+({case.items})", text.strip())
    assert m, f"the status line does not read as expected: {text!r}"
    values = re.findall(r"(?<![∂/a-z])(-?\d[\d.e+-]*|undefined)", m.group(2).replace("f(p)", ""))
    return {"p": tuple(float(v) for v in m.group(1).split(",")),
            "numbers": [None if v == "undefined" else float(v) for v in values]}


def same(shown: float | None, want: float | None) -> bool:
    """The status writes numbers by the project's rule (4 decimals from 0.1 up, 4
    significant digits below): equal to that, both undefined or neither."""
    if shown is None or want is None:
        return shown is None and want is None
    half_unit = 5e-5 if abs(want) >= 0.1 else 5e-4 * abs(want)
    return abs(shown - want) <= half_unit * (1 + 1e-9) + 1e-12


def check(case: Case, text: str, fn: str) -> dict:
    """The status' numbers are the core's at the point it names."""
    s = parse(case, text)
    want = case.numbers(fn, s["p"])
    assert len(s["numbers"]) == len(want) and all(map(same, s["numbers"], want)), (
        f"status {s['numbers']} but the core says {want} at {s['p']}")
    return s


def link_point(page) -> tuple[float, ...]:
    return tuple(float(v) for v in query(page)["p"].split(","))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_drag_follows_the_hand_with_one_rerun_at_release(page, case):
    """Test a 40-step drag on sin(xy): the status changes with the moves and equals the core
    at the point it names; nothing goes to the server during the drag and one rerun at the
    release; then the link's p is the drop point and the page's metrics agree."""
    frames = Frames(page)
    open_app(page, PAGES[case.page][0])
    expect_no_exception(page)
    assert parse(case, live.status_text(page))["p"] == (1.0, 2.0)
    link_before = query(page)["p"]
    frames.clear()
    seen = drag(page, (0.6, 0.7), (3.3, 2.9))
    assert not frames.sent, f"the browser talked to the server during the drag: {frames.sent}"
    assert query(page)["p"] == link_before
    assert len(set(seen)) >= STEPS - 2, f"the status did not follow the moves: {seen}"
    points = [check(case, s, "sin(x*y)")["p"] for s in seen]
    assert math.dist(points[0], (0.6, 0.7)) < 0.15 and math.dist(points[-1], (3.3, 2.9)) < 0.02

    drop = live.release(page, frames)
    shown = metric_values(page)
    for label, want in zip(case.metrics, case.numbers("sin(x*y)", drop)):
        assert same(float(shown[label]), want), (label, shown[label], want)
    assert check(case, live.status_text(page), "sin(x*y)")["p"] == drop


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_drag_across_an_undefined_region_says_undefined_and_keeps_answering(page, case):
    """Test log(x) + y dragged across x = 0 and 1/(x² + y²) stepped onto the origin: the
    status says 'undefined' there (where the core says nan/inf) and follows again after."""
    fn = "log(x) + y"
    open_app(page, PAGES[case.page][0] + "?f=" + quote(fn) + "&d=" + quote("-1,1,-1,1")
             + "&p=0.5,0.5")
    seen = [check(case, s, fn) for s in drag(page, (0.8, 0.3), (-0.8, -0.3))]
    page.mouse.up()
    assert any(s["numbers"][0] is None for s in seen), seen
    assert any(s["numbers"][0] is not None for s in seen), seen
    seen = drag(page, (-0.5, 0.0), (0.7, 0.2), steps=10)  # back: the picture keeps answering
    page.mouse.up()
    assert check(case, seen[-1], fn)["numbers"][0] is not None
    drop = parse(case, seen[-1])["p"]
    wait_until(lambda: link_point(page) == drop,
               message=lambda: f"the link did not follow the release: {query(page)}")
    wait_idle(page)
    expect_no_exception(page)

    fn = "1/(x^2 + y^2)"
    open_app(page, PAGES[case.page][0] + "?f=" + quote(fn) + "&d=" + quote("-1,1,-1,1")
             + "&p=0.5,0.5")
    drag(page, (-0.3, 0.0), (-0.1, 0.0), steps=8, read=False)
    page.mouse.up()
    wait_idle(page)
    start = parse(case, live.status_text(page))["p"]
    canvas = page.locator(live.CANVAS).first
    keys = ["ArrowRight"] * (int(round(-start[0] / 0.02)) + 2)  # 1 % of the span a key: over 0
    seen = [check(case, s, fn) for s in live.press_keys(canvas, keys)]
    assert any(s["p"][:2] == (0.0, 0.0) and s["numbers"][0] is None for s in seen), seen
    assert seen[-1]["numbers"][0] is not None, seen[-1]
    wait_idle(page)
    expect_no_exception(page)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_arrow_keys_move_the_point(page, case):
    """Test arrow keys on the focused map: the status moves at once with each key and equals
    the core (a third variable stays held), a burst of keys sends one rerun after the last and
    the link follows; a real key press moves p too."""
    fn = case.keys_query.get("f", "sin(x*y)")
    frames = Frames(page)
    open_app(page, PAGES[case.page][0], case.keys_query)
    canvas = page.locator(live.CANVAS).first
    canvas.focus()
    start = parse(case, live.status_text(page))["p"]
    frames.clear()
    texts = live.press_keys(canvas, ["ArrowRight", "ArrowRight", "ArrowUp", "ArrowRight"])
    assert len(set(texts)) == 4, texts
    parsed = [check(case, t, fn) for t in texts]
    assert all(s["p"][2:] == start[2:] for s in parsed), parsed
    xs, ys = [s["p"][0] for s in parsed], [s["p"][1] for s in parsed]
    assert start[0] < xs[0] < xs[1] == xs[2] < xs[3], xs
    assert start[1] == ys[0] == ys[1] < ys[2] == ys[3], ys
    end = parsed[-1]["p"]
    wait_until(lambda: link_point(page) == end,
               message=lambda: f"the link did not follow the keys: {query(page)} vs {end}")
    wait_idle(page)
    assert len(frames.reruns()) == 1, len(frames.reruns())

    canvas.focus()
    canvas.press("ArrowDown")
    after = check(case, live.status_text(page), fn)
    assert after["p"][:2] == (end[0], ys[0]), after
    wait_until(lambda: link_point(page) == after["p"],
               message=lambda: f"the link did not follow the key: {query(page)}")
    wait_idle(page)
    expect_no_exception(page)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_pictures_own_sliders_are_the_point_controls(page, case):
    """Test the point's sliders inside the picture: arrow keys on y₀ move p by 1% of the axis
    with the status following at once and one rerun after the keys stop; dragging x₀'s thumb
    moves p on every step with nothing sent until the release, then the link is the drop
    point. They are the one set of point controls: the page draws no x₀, y₀ of its own."""
    frames = Frames(page)
    open_app(page, PAGES[case.page][0])
    y0 = page.locator(".gv-slider input").nth(1)
    assert "y" in (y0.get_attribute("aria-label") or "")
    y0.scroll_into_view_if_needed()
    frames.clear()
    texts = live.press_keys(y0, ["ArrowRight", "ArrowRight", "ArrowLeft", "PageUp"])
    ys = [check(case, t, "sin(x*y)")["p"][1] for t in texts]
    # 1% of the axis [0, 4] a key, 10% for Page Up (computed from the view, not the code)
    assert [round(v, 9) for v in ys] == [2.04, 2.08, 2.04, 2.44], ys
    wait_until(lambda: link_point(page) == (1.0, 2.44),
               message=lambda: f"the link did not follow the keys: {query(page)}")
    wait_idle(page)
    assert len(frames.reruns()) == 1, len(frames.reruns())

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
    xs = [check(case, t, "sin(x*y)")["p"][0] for t in seen]
    assert xs == sorted(xs) and xs[-1] > xs[0], xs
    page.mouse.up()
    drop = parse(case, live.status_text(page))["p"]
    wait_until(lambda: link_point(page) == drop,
               message=lambda: f"the link did not follow the release: {query(page)} vs {drop}")
    wait_idle(page)
    assert len(frames.sent) == 1, [m.WhichOneof("type") for m in frames.sent]

    labels = page.locator('[data-testid="stSlider"] [data-testid="stWidgetLabel"]').all_inner_texts()
    assert not {"x₀", "y₀"} & {t.strip() for t in labels}, labels
    expect_no_exception(page)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_status_is_announced_and_the_picture_is_keyboard_reachable(page, case):
    """Test the live region's role and politeness, and that the picture takes focus with a
    text alternative that says how to use it."""
    open_app(page, PAGES[case.page][0])
    status = page.get_by_role("status").filter(has_text=re.compile(r"^p = \("))
    assert status.count() == 1 and status.first.get_attribute("aria-live") == "polite"
    canvas = page.locator(live.CANVAS)
    assert canvas.count() == 1 and canvas.first.get_attribute("tabindex") == "0"
    assert "arrow keys" in (canvas.first.get_attribute("aria-label") or "")
    expect_no_exception(page)
