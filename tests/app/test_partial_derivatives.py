"""AppTest: the "Partial derivatives" page."""

from __future__ import annotations

import json
import math

import pytest

import gradviz
from tests.app.conftest import (
    expect_no_exception,
    formulas,
    move,
    open_page,
    point,
    scenes,
    set_function,
)
from tests.number_text import shown

PAGE = "partial_derivatives"
COURSE = "x^2 + y^2 + e^x + x^z + x*y*z"
NEED = "this page draws a scalar function of 2 or 3 variables"


def slopes(at) -> dict[str, str]:
    """The partials the page shows as metrics, by variable name."""
    out = {}
    for m in at.metric:
        if m.label.startswith("∂f/∂"):
            out[m.label[4]] = m.value
    return out


def shown_value(at) -> str:
    return next(m.value for m in at.metric if m.label == "f(p)")


def expected(text: str, p) -> dict[str, str]:
    """∂f/∂v at p from gradviz.partial, written as the page writes numbers."""
    f = gradviz.parse(text)
    return {v: shown(gradviz.partial(f, v).at(p)) for v in f.variables}


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def latex(at) -> str:
    return "\n".join(formulas(at))


def worked(at, var: str = "x"):
    """Ask for the worked answer (term by term) under the check box for ∂f/∂var."""
    at.button(key=f"pd.check.{var}.worked.show").click().run()
    expect_no_exception(at)
    return at


def test_defaults_render_with_partials_of_sin_xy():
    """Test that the page opens on sin(xy) at (1, 2) with ∂f/∂x = 2cos 2 and ∂f/∂y = cos 2."""
    at = open_page(PAGE)
    expect_no_exception(at)
    assert not errors(at)
    assert point(at) == (1.0, 2.0)
    assert slopes(at) == expected("sin(x*y)", (1, 2))
    assert slopes(at) == {"x": "-0.8323", "y": "-0.4161"}
    assert shown_value(at) == shown(gradviz.parse("sin(x*y)").at((1, 2)))
    tex = latex(at)
    assert r"\frac{\partial f}{\partial x} &= y \cos{\left(x y \right)}" in tex
    assert r"\frac{\partial f}{\partial y}(1, 2) &= -0.4161" in tex


def test_course_example_by_link_with_held_z():
    """Test that the course's f(x, y, z) opens by link with a z slider and all three partials."""
    at = open_page(PAGE, {"f": COURSE, "p": "1,1,2"})
    expect_no_exception(at)
    assert not errors(at)
    z = at.slider(key="gv.scalar.p2")
    assert z.label == "z (held fixed)" and z.value == 2.0
    assert slopes(at) == expected(COURSE, (1, 1, 2))
    tex = latex(at)
    assert r"\frac{\partial f}{\partial z} &= x^{z} \log{\left(x \right)} + x y" in tex


def test_course_term_by_term_table():
    """Test that ∂/∂x of the course's example shows 2x, 0, eˣ, z x^{z−1}, yz under its terms."""
    at = worked(open_page(PAGE, {"f": COURSE, "p": "1,1,2"}))
    table = next(t for t in formulas(at) if r"\begin{array}" in t)
    top, bottom = (line for line in table.splitlines() if " & " in line)
    assert top.removesuffix(r" \\[0.6em]").split(" & ")[1::2] == \
        ["x^{2}", "y^{2}", "e^{x}", "x^{z}", "x y z"]
    assert bottom.split(" & ")[1::2] == ["2 x", "0", "e^{x}", "z x^{z - 1}", "y z"]
    assert bottom.split(" & ")[2::2] == ["+"] * 4
    # and two terms a row for a phone's column (shown there instead: page_frame's CSS)
    narrow = [t for t in formulas(at) if r"\begin{array}" in t and t != table and "z x^{z - 1}" in t]
    rows = [line for line in narrow[0].splitlines() if " & " in line]
    assert len(rows) == 6 and max(line.count(" & ") for line in rows) == 4  # 2 + 2 + 1 terms
    keys = {c.key for c in at.main.children.values() if hasattr(c, "key")} | {
        getattr(b, "key", None) for b in _blocks(at.main)}
    assert {"gv_wide_terms", "gv_narrow_terms"} <= keys


def _blocks(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _blocks(child)


def test_term_by_term_for_any_function_and_variable():
    """Test that a typed function is differentiated term by term for the chosen variable."""
    at = open_page(PAGE)
    set_function(at, "x^3 - 2y + sin(x)")
    expect_no_exception(at)
    assert not errors(at)
    def tables():  # the typed function's (the course's own is in an expander beside it)
        return [t for t in formulas(at) if r"\begin{array}" in t and "x^{3}" in t]

    worked(at)
    assert "3 x^{2} & - & 0 & + & \\cos{\\left(x \\right)}" in tables()[0]
    at.radio(key="pd.var").set_value("y").run()
    worked(at, "y")
    assert "0 & - & 2 & + & 0" in tables()[0]
    assert slopes(at) == expected("x^3 - 2y + sin(x)", point(at))


def test_the_course_example_typed_as_the_course_spells_it_is_the_course_example():
    """Test that x^2+y^2+e^x+x^z+xyz typed (the course's own spelling, no spaces or `*`) gets
    the example's view, [0.1, 2]² with z held at 2, and no expander offering it again."""
    at = open_page(PAGE)
    set_function(at, "x^2+y^2+e^x+x^z+xyz")
    expect_no_exception(at)
    assert at.slider(key="gv.scalar.p2").value == 2.0 and point(at)[:2] == (1.0, 1.0)
    assert at.selectbox(key="gv.scalar.preset").value.startswith("x² + y² + eˣ")
    assert not [e for e in at.expander if "worked example" in e.label]


def test_course_example_shown_when_another_function_is_current():
    """Test that the course's worked example is shown (in an expander) beside the user's own."""
    at = open_page(PAGE)
    expect_no_exception(at)
    assert any("z x^{z - 1}" in t for t in formulas(at))


@pytest.mark.parametrize("key", ["p", "gv.scalar.p2", "gv.scalar.n10-120"])
def test_every_slider_at_min_and_max(key):
    """Test that the point at the view's corners, held z and the surface grid at both ends
    render with matching partials."""
    at = open_page(PAGE, {"f": COURSE, "p": "1,1,2"})
    expect_no_exception(at)
    box = scenes(at)[0]["static"]["panels"][0]["box"]
    for end in ("min", "max"):
        if key == "p":  # the picture's own point: dropped on a corner
            move(at, *(box[0::2] if end == "min" else box[1::2]))
        else:
            slider = at.slider(key=key)
            slider.set_value(getattr(slider, end)).run()
        expect_no_exception(at)
        assert not errors(at), (key, end, errors(at))
        assert slopes(at) == expected(COURSE, point(at, 3)), (key, end)


def test_bad_function_keeps_the_last_valid_one():
    """Test that an unclosed bracket gives st.error naming the fix and the numbers stay."""
    at = open_page(PAGE)
    before = slopes(at)
    set_function(at, "sin(x*")
    expect_no_exception(at)
    assert len(errors(at)) == 1
    assert "never closed" in errors(at)[0] and "add `)`" in errors(at)[0]
    assert "sin(x*y)" in errors(at)[0]
    assert slopes(at) == before


def test_vector_function_is_refused_here():
    """Test that a vector function is refused with what the page needs; sin(xy) stays."""
    at = open_page(PAGE)
    before = slopes(at)
    set_function(at, "[x, y]")
    expect_no_exception(at)
    assert NEED in errors(at)[0]
    assert slopes(at) == before


def test_check_yourself_accepts_the_right_partial():
    """Test that typing y cos(xy) in the check box for ∂f/∂x is confirmed."""
    at = open_page(PAGE)
    at.text_input(key="pd.check.x").input("y*cos(x*y)").run()
    expect_no_exception(at)
    assert at.success, "a correct answer is confirmed"


def test_finite_differences_against_the_exact_partial():
    """Test that the finite-difference section shows the exact partial and errors that shrink, then grow."""
    at = open_page(PAGE)
    expect_no_exception(at)
    f = gradviz.parse("sin(x*y)")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["exact ∂f/∂x"] == shown(float(gradviz.partial(f, "x").at((1.0, 2.0))))
    at.slider(key="pd.fd.h").set_value(-16.0).run()
    tiny_h = float(at.metric[-1].value)  # central error at h = 1e-16: round-off dominates
    at.slider(key="pd.fd.h").set_value(-5.0).run()
    mid_h = float(at.metric[-1].value)
    expect_no_exception(at)
    assert mid_h < 1e-8 < tiny_h
    h = 1e-5  # the central difference of sin(2x) at x = 1 against 2 cos 2, by hand
    central = (math.sin(2 * (1 + h)) - math.sin(2 * (1 - h))) / (2 * h)
    assert mid_h == pytest.approx(abs(central - 2 * math.cos(2)), rel=0.05)


def test_sections_are_h2_under_the_title():
    """Test that the page's sections are st.header (h2) under its st.title, with no h3 that
    would skip a level (axe-core's heading-order rule)."""
    at = open_page(PAGE)
    expect_no_exception(at)
    assert [t.value for t in at.main.title] == ["Partial derivatives"]
    assert [h.value for h in at.main.header] == [
        "Slices through the point", "Your turn: the partial derivatives by hand",
        "Finite differences vs the exact derivative",
        "What to notice"]
    assert not at.main.subheader, [h.value for h in at.main.subheader]


def test_the_scene_holds_the_map_and_one_slice_panel_per_variable():
    """Test that the picture of the course's f(x, y, z) at (1, 1, 2) is one scene: the map
    with the slice lines and the point, then the x-, y- and z-slices, at the page's point,
    with the page's f(p) and partials there (worked by hand: f = 5 + e, ∇f = (6 + e, 4, 1))."""
    at = open_page(PAGE, {"f": COURSE, "p": "1,1,2"})
    expect_no_exception(at)
    (data,) = scenes(at)
    panels = data["static"]["panels"]
    assert [[q["type"] for q in panel["layers"]] for panel in panels] == [
        ["heatmap", "contours", "slice_lines", "marker"], ["slice"], ["slice"], ["slice"]]
    assert [panel["labels"] for panel in panels[1:]] == [["x", "f"], ["y", "f"], ["z", "f"]]
    assert [panel["layers"][0]["k"] for panel in panels[1:]] == [0, 1, 2]
    assert data["point"] == [1.0, 1.0, 2.0]
    assert data["truth"]["f"] == [pytest.approx(5 + math.e, rel=1e-12)]
    assert data["truth"]["grad"] == pytest.approx([6 + math.e, 4.0, 1.0], rel=1e-12)
    assert "Press or drag in the map" in " ".join(c.value for c in at.caption)


def test_the_slice_panels_keep_their_value_range_as_p_moves():
    """Test that a move of p re-sends the point only: the browser keeps the map and the
    panels' fixed value range (sin(xy) lies in [−1, 1]: the range is that, 8% wider)."""
    at = open_page(PAGE)
    (first,) = scenes(at)
    (second,) = scenes(move(at, 2.0, 2.0))
    assert "static" in first and "static" not in second
    assert first["key"] == second["key"] and second["point"] == [2.0, 2.0]
    x_panel = first["static"]["panels"][1]
    assert x_panel["box"][:2] == [0.0, 4.0]
    assert x_panel["box"][2:] == pytest.approx([-1.16, 1.16], abs=0.01)


def test_the_browser_gets_programs_and_the_truth_at_a_corner():
    """Test that the picture gets f and ∇f as printed programs (never the text), and at the
    corner of |x| + |y| the page's truth: ∂f/∂x undefined (not sign(0) = 0), ∂f/∂y = 1."""
    from gradviz.browser_expr import program, programs

    at = open_page(PAGE, {"f": "|x| + |y|", "p": "0,1", "d": "-2,2,-2,2"})
    expect_no_exception(at)
    (data,) = scenes(at)
    f = gradviz.parse("|x| + |y|")
    assert data["static"]["programs"] == {"f": [program(f.exprs[0], f.variables)],
                                          "grad": programs(gradviz.gradient(f), slopes=True)}
    assert "|x|" not in json.dumps(data["static"]["programs"])
    assert data["truth"] == {"f": [1.0], "grad": [None, 1.0]}


def test_a_tower_of_squares_by_link_is_answered():
    """Test that a link with a tower of squares, ((x² − 1)² − 1)²… (degree 2²⁰ if expanded),
    opens the page with its finite differences: the degree is read without expanding (it hung a
    server thread before, and grew its memory)."""
    tower = "(" * 20 + "x^2 - 1" + ")^2 - 1" * 20 + " + y"
    at = open_page("partial_derivatives", {"f": tower, "p": "0.5,0.5"})
    expect_no_exception(at)
    assert not at.error, [e.value for e in at.error]
    assert any("Smallest error here" in c.value for c in [*at.caption, *at.markdown])
