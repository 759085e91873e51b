"""AppTest: the "Gradient field" page."""

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

PAGE = "gradient_field"
NEED = "this page draws a scalar function of 2 or 3 variables"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


#: f and ∇f by hand (not by gradviz), for the functions these tests type
BY_HAND = {
    "sin(x*y)": (lambda x, y: math.sin(x * y),
                 lambda x, y: (y * math.cos(x * y), x * math.cos(x * y))),
    "x^2 + 3y": (lambda x, y: x**2 + 3 * y, lambda x, y: (2 * x, 3.0)),
    "x^2 + y^2 + e^z + x^z + x*y*z": (
        lambda x, y, z: x**2 + y**2 + math.exp(z) + x**z + x * y * z,
        lambda x, y, z: (2 * x + z * x**(z - 1) + y * z, 2 * y + x * z,
                         math.exp(z) + x**z * math.log(x) + x * y)),
    "x*y*z + z^2": (lambda x, y, z: x * y * z + z**2,
                    lambda x, y, z: (y * z, x * z, x * y + 2 * z)),
}


def expected(text: str, p) -> dict[str, str]:
    """What the metrics must read: ∇f(p), |∇f(p)| and f(p), from BY_HAND."""
    f, grad = BY_HAND[text]
    g = grad(*p)
    names = "xyz"[:len(p)]
    out = {f"∂f/∂{v} (p)": shown(g[j]) for j, v in enumerate(names)}
    out["|∇f(p)|"] = shown(math.sqrt(sum(c * c for c in g)))
    out["f(p)"] = shown(f(*p))
    return out


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def latex(at) -> str:
    return "\n".join(formulas(at))


def test_defaults_show_the_course_gradient_field():
    """Test that the page opens on sin(xy) on [0, 4]² with 15 × 15 arrows and ∇f at (1, 2)."""
    at = open_page(PAGE)
    expect_no_exception(at)
    assert not errors(at)
    assert at.sidebar.text_input(key="gv.scalar.text").value == "sin(x*y)"
    assert scenes(at)[0]["static"]["panels"][0]["box"] == [0, 4, 0, 4]
    assert at.slider(key="gf.arrows").value == 15
    assert point(at) == (1.0, 2.0)
    assert metrics(at) == expected("sin(x*y)", (1, 2))
    assert metrics(at) == {"∂f/∂x (p)": "-0.8323", "∂f/∂y (p)": "-0.4161",
                           "|∇f(p)|": "0.9305", "f(p)": "0.9093"}


def test_course_formula_and_direction():
    """Test that ∇ sin(xy) = [y cos(xy), x cos(xy)] (§4.1) and ∇f/|∇f| are shown."""
    at = open_page(PAGE)
    tex = latex(at)
    assert (r"\nabla \sin{\left(x y \right)} = \begin{bmatrix} y \cos{\left(x y \right)} \\ "
            r"x \cos{\left(x y \right)} \end{bmatrix}") in tex
    # ∇f(1, 2) = (2 cos 2, cos 2), whose unit vector is −(2, 1)/√5 (cos 2 < 0)
    assert (r"\frac{\nabla f}{\|\nabla f\|}(1, 2) = \begin{bmatrix} "
            r"-0.8944 \\ -0.4472") in tex
    assert "L(x, y) &= 0.9093" in tex
    assert any("perpendicular to the level curve" in md.value for md in at.markdown)


def test_link_opens_function_and_point():
    """Test that ?f=x^2 + 3y&p=1,-1 shows ∇f = (2, 3) and |∇f| = √13."""
    at = open_page(PAGE, {"f": "x^2 + 3y", "p": "1,-1"})
    expect_no_exception(at)
    assert not errors(at)
    assert point(at) == (1.0, -1.0)
    assert metrics(at) == expected("x^2 + 3y", (1, -1))
    assert metrics(at) == {"∂f/∂x (p)": "2", "∂f/∂y (p)": "3",
                           "|∇f(p)|": "3.6056", "f(p)": "-2"}  # √13 = 3.60555…


def test_three_variables_show_three_components():
    """Test that f(x, y, z) gets a held-z slider and a 3-component gradient."""
    text = "x^2 + y^2 + e^z + x^z + x*y*z"
    at = open_page(PAGE, {"f": text, "p": "1,1,1"})
    expect_no_exception(at)
    assert not errors(at)
    assert at.slider(key="gv.scalar.p2").value == 1.0
    assert metrics(at) == expected(text, (1, 1, 1))


@pytest.mark.parametrize("key", ["gv.scalar.n20-150", "gf.arrows"])
def test_every_slider_at_min_and_max(key):
    """Test that the grid and the arrows render at both ends."""
    at = open_page(PAGE, {"g": "1"})
    expect_no_exception(at)
    for end in ("min", "max"):
        slider = at.slider(key=key)
        slider.set_value(getattr(slider, end)).run()
        expect_no_exception(at)
        assert not errors(at), (key, end, errors(at))
        assert metrics(at) == expected("sin(x*y)", point(at)), (key, end)
        assert any("path" in c.value for c in at.caption)


@pytest.mark.parametrize("corner", [(0, 0), (4, 4), (0, 4), (4, 0)])
def test_the_point_at_the_corners_of_the_view(corner):
    """Test that p dropped on each corner of [0, 4]² renders, with the path, ∇f there."""
    at = move(open_page(PAGE, {"g": "1"}), *corner)
    expect_no_exception(at)
    assert not errors(at)
    assert point(at) == corner and scenes(at)[0]["point"][:2] == list(corner)
    assert metrics(at) == expected("sin(x*y)", corner)
    assert any("path" in c.value for c in at.caption)


def test_held_z_slider_at_min_and_max():
    """Test that the held-fixed z slider renders at both ends with matching ∇f."""
    text = "x*y*z + z^2"
    at = open_page(PAGE, {"f": text, "p": "1,1,1"})
    for end in ("min", "max"):
        slider = at.slider(key="gv.scalar.p2")
        slider.set_value(getattr(slider, end)).run()
        expect_no_exception(at)
        assert not errors(at)
        assert metrics(at) == expected(text, point(at, 3))


def test_descent_path_goes_downhill():
    """Test that the descent path (from a link) ends lower than f(p), the ascent path higher."""
    ends = {}
    for flag in ("0", "1"):
        query = {"f": "x^2 + y^2", "p": "1,0.5", "g": "1", "s": "0.1", "k": "10"}
        if flag == "1":
            query["dn"] = "1"
        at = open_page(PAGE, query)
        expect_no_exception(at)
        caption = next(c.value for c in at.caption if "path" in c.value)
        ends[flag] = float(caption.rsplit("f = ", 1)[1].rstrip("."))
    start = 1.25
    assert ends["1"] < start < ends["0"]


def test_flat_spot_says_so():
    """Test that at the minimum of x² + y² the page says the gradient is zero."""
    at = open_page(PAGE, {"f": "x^2 + y^2", "p": "0,0"})
    expect_no_exception(at)
    assert metrics(at)["|∇f(p)|"] == "0"
    assert any("gradient is zero" in i.value for i in at.info)


def test_bad_function_keeps_the_last_valid_one():
    """Test that a typo gives st.error naming the fix and the gradient numbers stay."""
    at = open_page(PAGE)
    before = metrics(at)
    set_function(at, "sin(x*y))")
    expect_no_exception(at)
    assert len(errors(at)) == 1
    assert "no matching opening bracket" in errors(at)[0]
    assert metrics(at) == before


def test_an_emptied_box_says_so_in_words():
    """Test that clearing the function box says "an empty box" (not two stray backticks),
    and the picture's numbers stay."""
    at = open_page(PAGE)
    before = metrics(at)
    set_function(at, "  ")
    expect_no_exception(at)
    assert errors(at)[0].startswith("**Can't use an empty box** — the function is empty")
    assert metrics(at) == before


def test_vector_function_is_refused_here():
    """Test that a vector function gets the page's need as st.error and sin(xy) stays."""
    at = open_page(PAGE)
    before = metrics(at)
    set_function(at, "[x^2 - y, y^2 + x]")
    expect_no_exception(at)
    assert NEED in errors(at)[0]
    assert metrics(at) == before


def test_check_yourself_on_the_gradient():
    """Test that a typed gradient component is checked as a function: right and wrong answers."""
    from tests.app.conftest import open_page as _open

    at = _open("gradient_field")
    at.text_input(key="gf.check.x").input("cos(x*y)*y").run()
    at.text_input(key="gf.check.y").input("y*cos(x*y)").run()
    assert not at.exception
    assert any("Correct" in s.value for s in at.success)
    assert any("Not quite" in w.value for w in at.warning)


def test_chart_has_a_text_alternative():
    """Test that the picture (the scene element) carries a text alternative naming what it
    shows and saying how to use it."""
    (data,) = scenes(open_page(PAGE))
    assert "∇f arrows" in data["static"]["alt"] and "move the point" in data["static"]["alt"]


def test_the_browser_gets_programs_not_text():
    """Test that the picture receives the printed programs of f and ∇f, the page's point,
    and never the typed text (only allow-listed tokens)."""
    from gradviz.browser_expr import is_allowed, program, programs

    (data,) = scenes(open_page(PAGE, {"f": "x^2*y + sin(x)", "p": "0.5,-1"}))
    progs = data["static"]["programs"]
    f = gradviz.parse("x^2*y + sin(x)")
    assert progs["f"] == [program(f.exprs[0], f.variables)]
    assert progs["grad"] == programs(gradviz.gradient(f), slopes=True)
    assert data["point"][:2] == [0.5, -1.0]
    for prog in [*progs["f"], *progs["grad"]]:
        assert all(is_allowed(t, 2) for t in prog), prog
    assert "x^2" not in json.dumps(progs)


def test_the_static_part_is_sent_once_and_does_not_follow_the_point():
    """Test that a move of the point re-sends the point only (the browser keeps the view's
    heatmap and arrows by their key), and that the path's step size and steps travel as
    params of the same static part."""
    at = open_page(PAGE, {"p": "1,2", "g": "1", "s": "0.1", "k": "12"})
    (first,) = scenes(at)
    (second,) = scenes(move(at, 2.0, 2.0))
    assert "static" in first and "static" not in second
    assert first["key"] == second["key"] and second["point"][:2] == [2.0, 2.0]
    assert first["params"] == {"s": 0.1, "k": 12}
    layers = [q["type"] for q in first["static"]["panels"][0]["layers"]]
    assert layers == ["heatmap", "contours", "arrows", "level_curve", "path", "vector", "marker"]


def test_a_gradient_with_a_complex_part_still_goes_to_the_browser():
    """Test that f = (-1)^x + y, whose ∇f has a complex part (iπ(-1)^x), is drawn in the
    browser from printed programs like any other (no server-drawn fallback), without an
    error."""
    at = open_page(PAGE, {"f": "(-1)^x + y"})
    expect_no_exception(at)
    assert not errors(at)
    (data,) = scenes(at)
    assert data["static"]["programs"]["grad"] and not at.get("vega_lite_chart")


def test_the_path_params_from_a_link_are_clamped():
    """Test that a link's step size and steps beyond their ranges are brought inside, with
    a notice, and reach the picture."""
    at = open_page(PAGE, {"g": "1", "s": "7", "k": "9999"})
    expect_no_exception(at)
    (data,) = scenes(at)
    assert data["params"] == {"s": 0.5, "k": 200}
    assert any("outside" in w.value for w in at.warning)


def test_link_point_is_kept_as_given():
    """Test that ?p=1.234,2.345 computes at (1.234, 2.345), keeps that p in the link and
    hands it to the picture (no slider rounds it to a step)."""
    at = open_page(PAGE, {"p": "1.234,2.345"})
    expect_no_exception(at)
    assert metrics(at) == expected("sin(x*y)", (1.234, 2.345))
    assert point(at) == (1.234, 2.345)
    assert at.query_params["p"] in (["1.234,2.345"], "1.234,2.345")
    assert scenes(at)[0]["point"][:2] == [1.234, 2.345]
