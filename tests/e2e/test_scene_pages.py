"""The point follows the hand on every picture the scene engine draws (gradviz/scene), in a
real browser: one test per behaviour, one case per picture.

Press and drag in the picture: the status line (role="status") changes on every move and its
numbers are the core's (numpy's) at the point it names; nothing goes to the server until the
release, then one rerun (of the page's live section, where the picture is in one), after
which the link names the drop point and the page's numbers agree. Arrow keys and the
picture's own sliders move the point too; a drag across a region where f is undefined says
'undefined' and the picture keeps answering; the browser logs no error.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
import pytest

import gradviz
from tests.e2e import live
from tests.e2e.conftest import (
    MAIN,
    PAGES,
    expect_no_exception,
    get_slider,
    metric_values,
    open_app,
    query,
    slider_thumb,
    wait_idle,
    wait_until,
)
from tests.e2e.live import STEPS, drag
from tests.e2e.test_live import Frames


def agrees(shown: str, want: float) -> bool:
    """A number as the page writes it is ``want`` to within half a unit of its last digit
    (or both are undefined)."""
    if shown == "undefined" or not math.isfinite(want):
        return shown == "undefined" and not math.isfinite(want)
    mantissa, _, exp = shown.partition("e")
    unit = 10.0 ** (int(exp or 0) - len(mantissa.partition(".")[2]))
    return abs(float(shown) - want) <= 0.5 * unit * (1 + 1e-9) + 1e-12 * abs(want)


def _gradient_readout(page, fn, p):
    f = gradviz.parse(fn)
    m = metric_values(page)
    assert agrees(m["f(p)"], float(f.at(p))), m
    for v in f.variables:
        assert agrees(m[f"∂f/∂{v} (p)"], float(gradviz.partial(f, v).at(p))), m
    tex = " ".join(page.locator(f"{MAIN} .katex-mathml annotation").all_text_contents())
    assert "\\nabla f(" + ", ".join(f"{v:g}" for v in p) + ")" in tex, tex[:400]


def _functions_readout(page, fn, p):
    metrics = metric_values(page)
    label = "f(" + ", ".join(f"{v:g}" for v in p) + ")"  # the point written as given
    assert agrees(metrics[label], float(gradviz.parse(fn).at(p))), (label, metrics)


def _evaluation_readout(page, fn, p):
    boxes = page.locator(f'{MAIN} [data-testid="stNumberInput"] input')
    assert [float(boxes.nth(j).input_value()) for j in range(2)] == list(p)
    cells = page.locator('[data-testid="stTable"] td').all_inner_texts()
    want = np.asarray(gradviz.parse(fn).at(p), dtype=float)
    assert agrees(cells[-1].strip(), float(want[-1])), cells


def _field_readout(page, fn, p):
    v = np.asarray(gradviz.parse(fn).at(p), dtype=float)
    m = metric_values(page)
    assert agrees(m["x-component"], v[0]) and agrees(m["y-component"], v[1]), m
    assert agrees(m["length ‖f(p)‖"], float(np.hypot(*v))), m


@dataclass(frozen=True)
class Case:
    """A picture: its page and link, the function it draws at p, where it opens, where a
    drag goes, and a link with a hole in f (undefined) with a drag across it."""

    page: str
    fn: str
    start: tuple
    drag: tuple
    readout: object
    query: dict = field(default_factory=dict)
    nth: int = 0  # which picture on the page
    link: str = "p"  # the link's name for the point
    live: bool = True  # in the page's live section: a release reruns only that
    brackets: str = "()"
    undefined: tuple = ()  # (link, a drag across the hole)


CASES = {
    "gradient_field": Case("gradient_field", "sin(x*y)", (1.0, 2.0), ((0.6, 0.7), (3.3, 2.9)),
                           _gradient_readout, undefined=(
                               {"f": "log(x) + y", "d": "-1,1,-1,1", "p": "0.5,0.5"},
                               ((0.8, 0.3), (-0.8, -0.3)))),
    "functions": Case("functions", "sin(x*y)", (1.0, 2.0), ((0.6, 0.7), (3.3, 2.9)),
                      _functions_readout, undefined=(
                          {"f": "log(x) + y", "d": "-1,1,-1,1", "p": "0.5,0.5"},
                          ((0.8, 0.3), (-0.8, -0.3)))),
    "functions_slice": Case("functions", "x^2 + y^2 + e^z + x^z + x*y*z", (1.0, 1.0, 1.5),
                            ((0.5, 0.5), (1.5, 1.8)), _functions_readout,
                            {"f": "x^2 + y^2 + e^z + x^z + x*y*z", "p": "1,1,1.5"}),
    "length_map": Case("functions", "[x, sin(y)]", (2.0, 3.0), ((-3.0, -2.0), (3.5, 4.0)),
                       _evaluation_readout, {"vf": "[x, sin(y)]", "at": "2,3"}, nth=1,
                       link="at", live=False, brackets="[]", undefined=(
                           {"vf": "[log(x), y]", "vd": "-1,1,-1,1", "at": "0.5,0.5"},
                           ((0.8, 0.3), (-0.8, -0.3)))),
    "vector_fields": Case("vector_fields", "[x, sin(y)]", (2.0, 1.0), ((-3.0, -2.0), (4.0, 3.5)),
                          _field_readout, undefined=(
                              {"f": "[log(x), y]", "d": "-1,1,-1,1", "p": "0.5,0.5"},
                              ((0.8, 0.3), (-0.8, -0.3)))),
    "vector_fields_coloured": Case("vector_fields", "[x, sin(y)]", (2.0, 1.0),
                                   ((-4.0, 4.0), (1.0, -3.0)), _field_readout,
                                   {"c": "1", "s": "1"}),
}
#: one case per picture (the drag also on a slice and on coloured arrows with streamlines)
PICTURES = ["gradient_field", "functions", "length_map", "vector_fields"]


def check(text: str, case: Case) -> dict:
    """The status's numbers are the core's at the point the status names."""
    s = live.parse_status(text)
    f = gradviz.parse(case.fn)
    p = s["p"][: f.n]
    with np.errstate(all="ignore"):
        want = {"f(p)": np.atleast_1d(np.asarray(f.at(p), dtype=float))}
        if "∇f(p)" in s:
            want["∇f(p)"] = np.asarray(gradviz.gradient(f).at(p), dtype=float)
    assert set(s) == {"p", *want}, (text, list(want))
    for label, values in want.items():
        assert len(s[label]) == len(values), text
        assert all(agrees(a, float(b)) for a, b in zip(s[label], values)), (text, values)
    if len(want["f(p)"]) > 1:
        assert f"f(p) = {case.brackets[0]}" in text, text
    return s


def _open(page, case: Case, query=None) -> None:
    open_app(page, PAGES[case.page][0], case.query if query is None else query)
    expect_no_exception(page)


def _link_point(page, case: Case) -> tuple:
    return tuple(float(v) for v in query(page)[case.link].split(","))


@pytest.mark.parametrize("name", [*PICTURES, "functions_slice", "vector_fields_coloured"])
def test_drag_follows_the_hand_with_one_rerun_at_release(page, name):
    """Test a 40-step drag: the status changes with the moves and equals the core at the
    point it names; no frame goes to the server during the drag and one rerun at the
    release; then the link's point is the drop point and the page's numbers agree."""
    case = CASES[name]
    frames = Frames(page)
    _open(page, case)
    assert check(live.status_text(page, case.nth), case)["p"] == case.start
    link_before = query(page)[case.link]
    frames.clear()
    seen = drag(page, *case.drag, nth=case.nth)
    assert not frames.sent, f"the browser talked to the server during the drag: {frames.sent}"
    assert query(page)[case.link] == link_before
    assert len(set(seen)) >= STEPS - 2, f"the status did not follow the moves: {seen}"
    points = [check(s, case)["p"] for s in seen]
    assert all(p[2:] == case.start[2:] for p in points)  # a held variable stays held
    assert math.dist(points[-1][:2], case.drag[1]) < 0.05, points[-1]

    drop = live.release(page, frames, case.nth, case.link, case.live)
    case.readout(page, case.fn, drop)
    assert check(live.status_text(page, case.nth), case)["p"] == drop


def _expected(start, keys, box):
    """Where the keys take p: 1 % of the view's side a key, on the engine's grid (a
    thousandth of the view's larger side, rounded down to a power of ten)."""
    x0, x1, y0, y1 = box
    q = 10.0 ** math.floor(math.log10(max(x1 - x0, y1 - y0) / 1000))
    x, y = start[:2]
    for key in keys:
        dx, dy = {"ArrowRight": (1, 0), "ArrowLeft": (-1, 0), "ArrowUp": (0, 1),
                  "ArrowDown": (0, -1)}[key]
        x, y = round((x + dx * 0.01 * (x1 - x0)) / q) * q, round((y + dy * 0.01 * (y1 - y0)) / q) * q
    return (x, y), q


@pytest.mark.parametrize("name", PICTURES)
def test_arrow_keys_move_the_point(page, name):
    """Test that arrow keys on the focused picture move p by 1 % of the view a key (the
    status at once, one rerun after the keys stop, the link follows)."""
    case = CASES[name]
    frames = Frames(page)
    _open(page, case)
    box = live.where(page, *case.start[:2], nth=case.nth)["domain"]
    canvas = page.locator(live.CANVAS).nth(case.nth)
    canvas.focus()
    frames.clear()
    keys = ["ArrowRight", "ArrowRight", "ArrowUp", "ArrowLeft"]
    texts = live.press_keys(canvas, keys)
    assert len(set(texts)) == len(keys), texts
    end = check(texts[-1], case)["p"]
    want, q = _expected(case.start, keys, box)
    assert all(abs(a - b) < q / 2 for a, b in zip(end, want)), (end, want)
    wait_until(lambda: _link_point(page, case) == end,
               message=lambda: f"the link did not follow the keys: {query(page)}")
    wait_idle(page)
    assert len(frames.reruns()) == 1, len(frames.reruns())
    expect_no_exception(page)


@pytest.mark.parametrize("name", PICTURES)
def test_a_drag_across_an_undefined_region_says_undefined_and_keeps_answering(page, name):
    """Test a drag across a hole of f (x ≤ 0 for log x, the pole of 1/(x² + y²)): the status
    says 'undefined' where the core says nan or inf, and follows again after it."""
    case = CASES[name]
    link, (a, b) = case.undefined
    case = Case(**{**case.__dict__, "fn": link.get("f") or link.get("vf")})
    _open(page, case, link)
    seen = drag(page, a, b, nth=case.nth)
    page.mouse.up()
    parsed = [check(s, case) for s in seen]
    undefined = [s["f(p)"][0] == "undefined" for s in parsed]
    assert any(undefined) and not all(undefined), seen
    wait_idle(page)
    seen = drag(page, b, (0.7, 0.2), steps=10, nth=case.nth)  # back where f is defined
    page.mouse.up()
    assert check(seen[-1], case)["f(p)"][0] != "undefined", seen[-1]
    wait_idle(page)
    expect_no_exception(page)


@pytest.mark.parametrize("name", PICTURES)
def test_the_pictures_own_sliders_move_the_point_in_the_browser(page, name):
    """Test the point's sliders under the picture: keys move p by 1 % of the axis (10 % for
    Page Up) with the status at once and one rerun after; dragging the thumb moves p on every
    step with nothing sent until the release, then the link is the drop point."""
    case = CASES[name]
    frames = Frames(page)
    _open(page, case)
    scene = page.locator(".gv-scene").nth(case.nth)
    y0 = scene.locator(".gv-slider input").nth(1)
    assert "y" in (y0.get_attribute("aria-label") or "")
    lo, hi = float(y0.get_attribute("min")), float(y0.get_attribute("max"))
    _, q = _expected(case.start, [], live.where(page, *case.start[:2], nth=case.nth)["domain"])
    y0.scroll_into_view_if_needed()
    y0.focus()
    frames.clear()
    texts = live.press_keys(y0, ["ArrowRight", "ArrowLeft", "ArrowLeft", "PageUp"])
    ys = [check(t, case)["p"][1] for t in texts]
    steps = np.cumsum([0.01, -0.01, -0.01, 0.1]) * (hi - lo) + case.start[1]
    assert np.allclose(ys, steps, rtol=0, atol=2 * q + 1e-9), (ys, steps)  # on the engine's grid
    wait_until(lambda: _link_point(page, case)[1] == ys[-1],
               message=lambda: f"the link did not follow the keys: {query(page)}")
    wait_idle(page)
    assert len(frames.reruns()) == 1, len(frames.reruns())

    x0 = scene.locator(".gv-slider input").first
    box = x0.bounding_box()
    frames.clear()
    page.mouse.move(box["x"] + 0.2 * box["width"], box["y"] + box["height"] / 2)
    page.mouse.down()
    seen = []
    for k in range(1, 21):
        page.mouse.move(box["x"] + (0.2 + 0.03 * k) * box["width"], box["y"] + box["height"] / 2)
        seen.append(live.status_text(page, case.nth))
    assert not frames.sent, "the browser talked to the server while the thumb was held"
    assert len(set(seen)) >= 15, seen
    xs = [check(t, case)["p"][0] for t in seen]
    assert xs == sorted(xs) and xs[-1] > xs[0], xs
    page.mouse.up()
    drop = live.parse_status(live.status_text(page, case.nth))["p"]
    wait_until(lambda: _link_point(page, case) == drop,
               message=lambda: f"the link did not follow the release: {query(page)} vs {drop}")
    wait_idle(page)
    assert len(frames.sent) == 1, [m.WhichOneof("type") for m in frames.sent]
    expect_no_exception(page)


@pytest.mark.parametrize("name", PICTURES)
def test_the_status_is_announced_and_the_picture_is_keyboard_reachable(page, name):
    """Test the live region's role and politeness, that the picture takes focus from Tab
    with a text alternative that says how to use it, and (in a live section) that the page's
    x₀ slider moves the picture's point."""
    case = CASES[name]
    _open(page, case)
    status = page.locator(".gv-status").nth(case.nth)
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert re.match(r"p = \(", status.text_content())
    canvas = page.locator(live.CANVAS).nth(case.nth)
    assert canvas.get_attribute("tabindex") == "0"
    assert "arrow keys" in (canvas.get_attribute("aria-label") or "")
    if case.live:
        before = live.status_text(page, case.nth)
        slider_thumb(get_slider(page, "x₀")).press("ArrowRight")
        wait_until(lambda: live.status_text(page, case.nth) != before,
                   message="the x₀ slider did not move the picture's point")
        wait_idle(page)
        s = check(live.status_text(page, case.nth), case)
        assert s["p"][0] == _link_point(page, case)[0], (s, query(page))
    expect_no_exception(page)
