"""The point follows the hand on every picture the scene engine draws (gradviz/scene), in a
real browser: one test per behaviour, one case per picture (its page and link, what its
status line says and the core's numbers for it, what the page shows after a release).

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
    metric_values,
    open_app,
    query,
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


def values(f, p) -> dict:
    """f(p): a number, or a vector's components."""
    return {"f(p)": np.atleast_1d(np.asarray(f.at(p), dtype=float))}


def gradient(f, p) -> dict:
    return {**values(f, p), "∇f(p)": np.asarray(gradviz.gradient(f).at(p), dtype=float)}


def partials(f, p) -> dict:
    """∂f/∂v at p for each variable, undefined where f is (no slice through p there)."""
    defined = math.isfinite(float(f.at(p)))
    return {f"∂f/∂{v}": [float(gradviz.partial(f, v).at(p)) if defined else math.nan]
            for v in f.variables}


def jacobian(f, p) -> dict:
    """J(p) row by row (numpy, from the symbolic Jacobian) and det J = ad − bc."""
    a, b, c, d = np.ravel(np.asarray(gradviz.jacobian(f).at(p), dtype=float))
    return {"J(p)": [a, b, c, d], "det J": [a * d - b * c]}


def _jacobian_readout(page, fn, p):
    (J, det) = jacobian(gradviz.parse(fn), p).values()
    assert agrees(metric_values(page)["det J at p"].replace("−", "-"), det[0])
    tex = " ".join(page.locator(f"{MAIN} .katex-mathml annotation").all_text_contents())
    at = r"\mathbf{J}_f\left(" + ", ".join(f"{v:g}" for v in p) + r"\right)"
    assert at in tex, (at, tex[:400])


def _partials_readout(page, fn, p):
    f, m = gradviz.parse(fn), metric_values(page)
    for v, [want] in partials(f, p).items():
        assert agrees(m[f"{v} at p = slope of the dashed line"], want), m


@dataclass(frozen=True)
class Case:
    """A picture: its page and link, the function it draws at p and the status' numbers
    for it, where it opens, where a drag goes, and a link with a hole in f (undefined) with
    a drag across it and a function with a pole at the origin."""

    page: str
    fn: str
    start: tuple
    drag: tuple
    readout: object
    numbers: object = values  # (f, p) -> {status label: the core's numbers}
    query: dict = field(default_factory=dict)
    nth: int = 0  # which picture on the page
    link: str = "p"  # the link's name for the point
    live: bool = True  # in a part of the page that reruns alone: a release reruns only that
    brackets: str = "()"
    undefined: tuple = ()  # (link, a drag across the hole, a link with a pole at 0 on the way)
    exact: tuple = (1.234, 2.345)  # a point off the sliders' steps


HOLE = {"f": "log(x) + y", "d": "-1,1,-1,1", "p": "0.5,0.5"}, ((0.8, 0.3), (-0.8, -0.3))
POLE = {"f": "1/(x^2 + y^2)", "d": "-1,1,-1,1", "p": "-0.1,0"}
FIELD_POLE = "[x/(x^2 + y^2), y/(x^2 + y^2)]"
CASES = {
    "gradient_field": Case("gradient_field", "sin(x*y)", (1.0, 2.0), ((0.6, 0.7), (3.3, 2.9)),
                           _gradient_readout, gradient, undefined=(*HOLE, POLE)),
    "partial_derivatives": Case("partial_derivatives", "sin(x*y)", (1.0, 2.0),
                                ((0.6, 0.7), (3.3, 2.9)), _partials_readout, partials,
                                undefined=(*HOLE, POLE)),
    "partials_xyz": Case("partial_derivatives", "x^2 + y^2 + e^x + x^z + x*y*z", (1.0, 1.0, 2.0),
                         ((0.5, 0.5), (1.5, 1.8)), _partials_readout, partials,
                         {"f": "x^2 + y^2 + e^x + x^z + x*y*z", "p": "1,1,2"}),
    "jacobian": Case("jacobian", "[x^2 - y, y^2 + x]", (1.0, 1.0), ((-1.5, -1.2), (1.3, 0.7)),
                     _jacobian_readout, jacobian, undefined=(
                         {"f": "[sqrt(x), y]", "d": "-1,1,-1,1", "p": "0.5,0.5"}, HOLE[1],
                         {"f": "[1/(x^2 + y^2), x]", "d": "-1,1,-1,1", "p": "-0.1,0"}),
                     exact=(1.25, -0.75)),
    "functions": Case("functions", "sin(x*y)", (1.0, 2.0), ((0.6, 0.7), (3.3, 2.9)),
                      _functions_readout, undefined=(*HOLE, POLE)),
    "functions_slice": Case("functions", "x^2 + y^2 + e^z + x^z + x*y*z", (1.0, 1.0, 1.5),
                            ((0.5, 0.5), (1.5, 1.8)), _functions_readout,
                            query={"f": "x^2 + y^2 + e^z + x^z + x*y*z", "p": "1,1,1.5"}),
    "length_map": Case("functions", "[x, sin(y)]", (2.0, 3.0), ((-3.0, -2.0), (3.5, 4.0)),
                       _evaluation_readout, query={"vf": "[x, sin(y)]", "at": "2,3"}, nth=1,
                       link="at", brackets="[]", undefined=(
                           {"vf": "[log(x), y]", "vd": "-1,1,-1,1", "at": "0.5,0.5"}, HOLE[1],
                           {"vf": FIELD_POLE, "vd": "-1,1,-1,1", "at": "-0.1,0"})),
    "vector_fields": Case("vector_fields", "[x, sin(y)]", (2.0, 1.0), ((-3.0, -2.0), (4.0, 3.5)),
                          _field_readout, undefined=(
                              {"f": "[log(x), y]", "d": "-1,1,-1,1", "p": "0.5,0.5"}, HOLE[1],
                              # 20 arrows a side: the view is [-1, 1]², a key 1 % of it
                              {"f": FIELD_POLE, "d": "-0.95,0.95,-0.95,0.95", "p": "-0.1,0"})),
    "vector_fields_coloured": Case("vector_fields", "[x, sin(y)]", (2.0, 1.0),
                                   ((-4.0, 4.0), (1.0, -3.0)), _field_readout,
                                   query={"c": "1", "s": "1"}),
}
#: one case per picture (the drag also on slices of f(x, y, z) and on coloured arrows with
#: streamlines)
PICTURES = ["gradient_field", "partial_derivatives", "jacobian", "functions", "length_map",
            "vector_fields"]


def check(text: str, case: Case, fn: str | None = None) -> dict:
    """The status's numbers are the core's at the point the status names."""
    s = live.parse_status(text)
    f = gradviz.parse(fn or case.fn)
    with np.errstate(all="ignore"):
        want = case.numbers(f, s["p"][: f.n])
    assert list(s) == ["p", *want], (text, list(want))
    for label, values in want.items():
        assert len(s[label]) == len(values), text
        assert all(agrees(a, float(b)) for a, b in zip(s[label], values)), (text, values)
    if len(want.get("f(p)", ())) > 1:
        assert f"f(p) = {case.brackets[0]}" in text, text
    return s


def first(s: dict) -> str:
    """The status's first number after p, as written."""
    return next(v for k, v in s.items() if k != "p")[0]


def _open(page, case: Case, query=None) -> None:
    open_app(page, PAGES[case.page][0], case.query if query is None else query)
    expect_no_exception(page)


def _link_point(page, case: Case) -> tuple:
    return tuple(float(v) for v in query(page)[case.link].split(","))


@pytest.mark.parametrize("name", [*PICTURES, "partials_xyz", "functions_slice",
                                  "vector_fields_coloured"])
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
    canvas.focus()
    canvas.press("ArrowDown")  # a real key press too
    after = check(live.status_text(page, case.nth), case)["p"]
    want, q = _expected(end, ["ArrowDown"], box)
    assert all(abs(a - b) < q / 2 for a, b in zip(after, want)), (after, want)
    wait_until(lambda: _link_point(page, case) == after,
               message=lambda: f"the link did not follow the key: {query(page)}")
    wait_idle(page)
    expect_no_exception(page)


@pytest.mark.parametrize("name", PICTURES)
def test_a_drag_across_an_undefined_region_says_undefined_and_keeps_answering(page, name):
    """Test a drag across a hole of f (x ≤ 0 for log x): the status says 'undefined' where
    the core says nan, and follows again after it; then keys step p onto a pole at the
    origin (1/(x² + y²)): 'undefined' there, numbers again one step on."""
    case = CASES[name]
    hole, (a, b), pole = case.undefined
    fn = hole.get("f") or hole.get("vf")
    _open(page, case, hole)
    seen = [check(s, case, fn) for s in drag(page, a, b, nth=case.nth)]
    page.mouse.up()
    undefined = [first(s) == "undefined" for s in seen]
    assert any(undefined) and not all(undefined), seen
    wait_idle(page)
    seen = drag(page, b, (0.7, 0.2), steps=10, nth=case.nth)  # back where f is defined
    page.mouse.up()
    assert first(check(seen[-1], case, fn)) != "undefined", seen[-1]
    wait_idle(page)
    expect_no_exception(page)

    fn = pole.get("f") or pole.get("vf")
    _open(page, case, pole)
    canvas = page.locator(live.CANVAS).nth(case.nth)
    seen = [check(s, case, fn) for s in live.press_keys(canvas, ["ArrowRight"] * 7)]
    assert any(s["p"][:2] == (0.0, 0.0) and first(s) == "undefined" for s in seen), seen
    assert first(seen[-1]) != "undefined", seen[-1]  # 1 % of the view a key: (0.04, 0)
    wait_idle(page)
    expect_no_exception(page)


@pytest.mark.parametrize("name", PICTURES)
def test_the_pictures_own_sliders_move_the_point_in_the_browser(page, name):
    """Test the point's sliders under the picture: keys move p by 1 % of the axis (10 % for
    Page Up) with the status at once and one rerun after; dragging the thumb moves p on every
    step with nothing sent until the release, then the link is the drop point. They are the
    one set of point controls: the page draws no x₀, y₀ of its own."""
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
    labels = page.locator('[data-testid="stSlider"] [data-testid="stWidgetLabel"]').all_inner_texts()
    assert not {"x₀", "y₀"} & {t.strip() for t in labels}, labels
    expect_no_exception(page)


@pytest.mark.parametrize("name", PICTURES)
def test_the_status_is_announced_and_the_picture_is_keyboard_reachable(page, name):
    """Test the live region's role and politeness, and that the picture takes focus from Tab
    with a text alternative that says how to use it."""
    case = CASES[name]
    _open(page, case)
    status = page.locator(".gv-status").nth(case.nth)
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert re.match(r"p = \(", status.text_content())
    canvas = page.locator(live.CANVAS).nth(case.nth)
    assert canvas.get_attribute("tabindex") == "0"
    assert "arrow keys" in (canvas.get_attribute("aria-label") or "")
    expect_no_exception(page)


@pytest.mark.parametrize("name", PICTURES)
def test_a_links_point_is_kept_exactly(page, name):
    """Test that a link's point off the sliders' steps is the status' point, with the core's
    numbers there, and the page's."""
    case = CASES[name]
    _open(page, case, {**case.query, case.link: ",".join(map(str, case.exact))})
    assert check(live.status_text(page, case.nth), case)["p"] == case.exact
    case.readout(page, case.fn, case.exact)
    expect_no_exception(page)


_TEXTS = """(() => {  // every text the page's canvases write, in order
  const seen = window.__gvTexts = [], fill = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    seen.push(String(text)); return fill.call(this, text, ...rest);
  };
})()"""


def test_a_colour_bar_clipped_at_a_pole_says_the_values_true_range(page):
    """Test that the heatmap's colour bar of 1/(x² + y² − 1), clipped near its pole (≥ / ≤ at
    its ends), writes the values' true range under it (from about −109 to 160 on this grid),
    and that a bar that is not clipped writes none."""
    page.add_init_script(_TEXTS)

    def bar(f):
        open_app(page, PAGES["gradient_field"][0], {"f": f})
        wait_until(lambda: page.evaluate("window.__gvTexts.some((t) => t.startsWith('≥ '))")
                   or page.evaluate("window.__gvTexts.includes('f')"))
        return page.evaluate("window.__gvTexts")

    texts = bar("1/(x^2+y^2-1)")
    at = texts.index("values from")
    lo, hi = float(texts[at + 1].replace("−", "-")), float(texts[at + 2][3:].replace("−", "-"))
    assert lo < -100 and hi > 100, texts[at:at + 3]
    assert any(t.startswith("≥ ") for t in texts) and any(t.startswith("≤ ") for t in texts)
    texts = bar("exp(-x^2-y^2)")
    assert "values from" not in texts and not any(t[:2] in ("≥ ", "≤ ") for t in texts), texts
