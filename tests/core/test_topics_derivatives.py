"""Unit tests of gradviz.topics.derivatives and gradviz.figures.derivatives."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import gradviz
from gradviz import formatting
from gradviz.domain import Domain
from gradviz.errors import ExpressionError
from gradviz.figures import derivatives as FD
from gradviz.sampling import evaluate_grid
from gradviz.topics import derivatives as D

COURSE = "x^2 + y^2 + e^x + x^z + x*y*z"


# -- the course's worked example, term by term ---------------------------------------------
def test_course_example_term_by_term():
    """Test that ∂/∂x of x² + y² + eˣ + xᶻ + xyz reads 2x + 0 + eˣ + z x^{z−1} + yz, in order."""
    pairs = D.term_pairs_latex(gradviz.parse(COURSE), "x")
    assert [t for t, _ in pairs] == ["x^{2}", "y^{2}", "e^{x}", "x^{z}", "x y z"]
    assert [d for _, d in pairs] == ["2 x", "0", "e^{x}", "z x^{z - 1}", "y z"]


def test_course_table_has_the_course_layout():
    """Test that the table has ∂/∂x over the terms and '=' over the derivatives, 5 columns of terms."""
    tex = D.term_table_latex(gradviz.parse(COURSE), "x")
    top, bottom = (line for line in tex.splitlines()[1:3])
    assert top.startswith(r"\dfrac{\partial}{\partial x} & x^{2} & + & y^{2}")
    assert bottom.split(" & ") == ["=", "2 x", "+", "0", "+", "e^{x}", "+", "z x^{z - 1}", "+",
                                   "y z"]
    assert tex.startswith(r"\begin{array}{rccccccccc}")


def test_table_signs_follow_each_row():
    """Test that a minus in a term or in a derivative becomes that row's operator."""
    tex = D.term_table_latex(gradviz.parse("x^2 - cos(x) - 3y"), "x")
    top, bottom = tex.splitlines()[1:3]
    assert top.split(" & ")[2:4] == ["-", r"\cos{\left(x \right)}"]
    assert bottom.split(" & ")[2:4] == ["+", r"\sin{\left(x \right)}"]
    first = D.term_table_latex(gradviz.parse("-x^2 + y"), "x").splitlines()
    assert first[1].split(" & ")[1] == "- x^{2}" and first[2].split(" & ")[1] == "- 2 x"


@pytest.mark.parametrize("text, top, bottom", [
    ("x^2 - (x+y)^2", r"\left(x + y\right)^{2}", r"\left(2 x + 2 y\right)"),
    ("y - x*(x-y)", r"x \left(x - y\right)", r"\left(2 x - y\right)"),
    ("x - (x^2+y)", r"\left(x^{2} + y\right)", "2 x"),
])
def test_a_sum_after_a_minus_is_bracketed(text, top, bottom):
    """Test that a term or derivative that is a sum keeps the row's minus for all of it:
    d/dx −(x + y)² is −(2x + 2y), not "− 2x − 2y" read as a column's "−" and "2x − 2y"."""
    rows = D.term_table_latex(gradviz.parse(text), "x").splitlines()[1:3]
    assert rows[0].removesuffix(r" \\[0.6em]").split(" & ")[2:4] == ["-", top]
    assert rows[1].split(" & ")[2:4] == ["-", bottom]


def test_long_sums_wrap():
    """Test that more than five terms wrap onto a second pair of lines."""
    f = gradviz.parse("x + x^2 + x^3 + x^4 + x^5 + x^6 + x^7")
    tex = D.term_table_latex(f, "x")
    assert tex.count(r"\\[1.2em]") == 1
    assert "7 x^{6}" in tex
    assert tex.count(r"\dfrac{\partial}{\partial x}") == 1


@pytest.mark.parametrize("text, var", [
    (COURSE, "x"), (COURSE, "y"), (COURSE, "z"), ("sin(x*y) + x^3 - 2y", "y"),
    ("exp(-x^2 - y^2) * cos(x)", "x"), ("x/y - y/x + 5", "x"), ("(x+1)(y-2)", "y"),
    ("atan2(y, x) + sqrt(x^2 + y^2)", "x"),
])
def test_term_derivatives_add_up_to_the_partial(text, var):
    """Test that the term-by-term derivatives sum to gradviz.partial (typed order is only printing)."""
    f = gradviz.parse(text)
    total = sum((d for _, d in gradviz.partial_terms(f, var)), sp.Integer(0))
    rng = np.random.default_rng(7)
    g = gradviz.partial(f, var)
    for _ in range(5):
        pt = rng.uniform(0.3, 2.0, size=f.n)
        want = float(g.at(pt))
        got = float(sp.lambdify(f.symbols, total)(*pt))
        assert got == pytest.approx(want, rel=1e-10, abs=1e-12)


def test_partial_latex_in_typed_order():
    """Test that ∂f/∂x is written in typed order with zero terms left out."""
    f = gradviz.parse(COURSE)
    assert D.partial_latex(f, "x") == "2 x + e^{x} + z x^{z - 1} + y z"
    assert D.partial_latex(f, "z") == r"x^{z} \log{\left(x \right)} + x y"
    assert D.partial_latex(gradviz.parse("x - y"), "y") == "-1"
    assert D.partial_latex(gradviz.parse("5*x", min_variables=2), "y") == "0"


@pytest.mark.parametrize("expr, text", [
    ("z*x**(z - 1)", "z x^{z - 1}"), ("-3*z*x**2", "- 3 z x^{2}"), ("-x*y", "- x y"),
    ("x/z", r"\frac{x}{z}"), ("x*(y + 1)", "x \\left(y + 1\\right)"), ("2*x", "2 x"),
    ("x*y/2", r"\frac{x y}{2}"), ("sin(x)", r"\sin{\left(x \right)}"),
])
def test_term_latex(expr, text):
    """Test that products put plain symbols first and leave everything else to sympy."""
    assert D.term_latex(sp.sympify(expr)) == text


def test_function_latex_in_typed_order():
    """Test that f is written with its terms in the typed order."""
    assert D.function_latex(gradviz.parse(COURSE)) == "x^{2} + y^{2} + e^{x} + x^{z} + x y z"
    assert D.function_latex(gradviz.parse("-y + x")) == "- y + x"


# -- slices --------------------------------------------------------------------------------
def test_slice_is_the_function_with_others_held(central_jacobian):
    """Test that the slice along x is x ↦ f(x, y₀) and its slope matches a finite difference."""
    f = gradviz.parse("sin(x*y)")
    s = D.slice_with_tangent(f, (1.0, 2.0), "x", 0, 4, n=41)
    assert s.var == 0 and s.t0 == 1.0
    assert s.values == pytest.approx(np.sin(2 * s.t))
    assert s.slope == pytest.approx(float(central_jacobian(lambda x: f(x, 2.0), (1.0,))[0]),
                                    rel=1e-8)
    assert s.slope == pytest.approx(2 * np.cos(2.0), abs=1e-14)
    assert s.tangent == pytest.approx(np.sin(2.0) + s.slope * (s.t - 1.0))


def test_slice_of_three_variables_holds_the_rest():
    """Test that the z-slice of the course example at (1, 1, z) is 3 + e + z (slope 1)."""
    f = gradviz.parse(COURSE)
    s = D.slice_with_tangent(f, (1.0, 1.0, 2.0), "z", 0.1, 2.0, n=20)
    assert s.values == pytest.approx(3 + np.e + s.t)
    assert s.slope == pytest.approx(1.0)
    assert s.value == pytest.approx(5 + np.e)


def test_slice_widens_to_hold_the_point():
    """Test that the interval grows to include the point's coordinate."""
    s = D.slice_with_tangent(gradviz.parse("x*y"), (5.0, 1.0), 0, 0, 4, n=11)
    assert s.t[0] == 0 and s.t[-1] == 5


def test_slice_where_undefined_has_no_tangent():
    """Test that an undefined slope gives an all-nan tangent line, not an error."""
    s = D.slice_with_tangent(gradviz.parse("sqrt(x) + y"), (0.0, 1.0), "x", -1, 1, n=21)
    assert np.isnan(s.slope) or np.isinf(s.slope)
    assert np.all(np.isnan(s.tangent))
    assert np.isnan(s.values[0])


def test_slice_rejects_a_bad_request():
    """Test that a vector f, a wrong-length point or an unknown variable is a friendly error."""
    with pytest.raises(ExpressionError):
        D.slice_with_tangent(gradviz.parse("[x, y]"), (1, 1), 0, 0, 1)
    with pytest.raises(ExpressionError, match="coordinates"):
        D.slice_with_tangent(gradviz.parse("x*y"), (1,), 0, 0, 1)
    with pytest.raises(ExpressionError, match="not a variable"):
        D.slice_with_tangent(gradviz.parse("x*y"), (1, 1), "q", 0, 1)


# -- the gradient at a point ---------------------------------------------------------------
def test_gradient_summary_matches_gradient_at(rng):
    """Test that ∇f, |∇f| and ∇f/|∇f| agree with gradviz.gradient_at at random points."""
    f = gradviz.parse("x^3*y - exp(-x^2 - y^2) + x*y*z")
    for _ in range(10):
        pt = tuple(rng.uniform(-2, 2, size=3))
        g = D.gradient_summary(f, pt)
        want = gradviz.gradient_at(f, pt)
        assert g.grad == pytest.approx(want)
        assert g.norm == pytest.approx(np.linalg.norm(want))
        assert g.unit == pytest.approx(want / np.linalg.norm(want))
        assert g.value == pytest.approx(float(f.at(pt)))


@given(st.floats(-3, 3), st.floats(-3, 3))
@settings(max_examples=40, deadline=None)
def test_level_direction_is_perpendicular(x, y):
    """Test that the level curve's direction t is perpendicular to ∇f (∇f·t = 0) everywhere."""
    g = D.gradient_summary(gradviz.parse("sin(x*y) + x^2 - y"), (x, y))
    assert abs(g.tangent_dot) <= 1e-12 * max(1.0, g.norm**2)
    assert float(np.dot(g.grad[:2], g.tangent)) == pytest.approx(0, abs=1e-9)


def test_gradient_summary_at_a_flat_spot():
    """Test that a zero gradient has no direction and says it is flat."""
    g = D.gradient_summary(gradviz.parse("x^2 + y^2"), (0, 0))
    assert g.flat and g.unit is None and g.direction2d is None and g.norm == 0


def test_gradient_summary_needs_a_scalar_of_two_variables():
    """Test that a vector f is refused with a message naming what the picture needs."""
    with pytest.raises(ExpressionError, match="scalar"):
        D.gradient_summary(gradviz.parse("[x, y]"), (1, 1))


def test_course_gradient_formula():
    """Test that ∇ sin(xy) is written as in the course's §4.1: [y cos(xy), x cos(xy)]."""
    tex = D.gradient_latex(gradviz.parse("sin(x*y)"))
    assert tex.startswith(r"\nabla \sin{\left(x y \right)} = \begin{bmatrix}")
    assert r"y \cos{\left(x y \right)} \\ x \cos{\left(x y \right)}" in tex


def test_tangent_plane_is_the_linearisation(rng):
    """Test that the tangent-plane text has f(p) and the partials at p as its numbers."""
    f = gradviz.parse("sin(x*y)")
    tex = D.tangent_plane_latex(f, (1, 2))
    assert tex == "L(x, y) = 0.9093 - 0.8323 (x - 1) - 0.4161 (y - 2)"
    assert "undefined" in D.tangent_plane_latex(gradviz.parse("log(x) + y"), (-1, 0))
    multi = D.tangent_plane_latex(f, (1, 2), multiline=True)
    assert multi.count(r"\quad") == 2


def test_format_number():
    """Test that numbers keep 4 decimals (at least 4 significant digits, trailing zeros
    dropped: issue 16's one rule), −0 reads 0 and undefined values say so."""
    assert formatting.number(np.sin(2)) == "0.9093"
    assert formatting.number(-1e-7) == "-1e-07"
    assert formatting.number(-0.0) == "0"
    assert formatting.number(2.0) == "2"
    assert formatting.number(np.inf) == "undefined"
    assert formatting.number(3, digits=1) == "3"


# -- the 3-D surfaces ---------------------------------------------------------------------------------
def test_surfaces_are_valid_plotly_figures():
    """Test that the unvalidated surface figures pass Plotly's full validation."""
    import plotly.graph_objects as go

    f = gradviz.parse("sin(x*y)")
    X, Y, Z = evaluate_grid(f, Domain.square(0, 4), 30)
    slices = [D.slice_with_tangent(f, (1, 2), j, 0, 4) for j in range(2)]
    g = D.gradient_summary(f, (1, 2))
    for fig in (FD.slices_surface(X, Y, Z, slices, (1, 2), g.value),
                FD.tangent_plane_surface(X, Y, Z, (1, 2), g.value, *g.grad, 0.8)):
        go.Figure(fig.to_dict())  # raises ValueError on any invalid property
    undefined = np.full_like(Z, np.nan)
    fig = FD.tangent_plane_surface(X, Y, undefined, (1, 2), np.nan, np.nan, np.nan, 0.8)
    assert [t.name for t in fig.data] == ["f"]


def test_a_zero_direction_is_written_without_a_minus():
    """Test that the level curve's direction at the Rosenbrock valley's (−1, 1) and ∇f·t are
    0, never "-0"."""
    g = D.gradient_summary(gradviz.parse("(1 - x)^2 + 100(y - x^2)^2"), (-1, 1))
    assert f"{g.tangent_dot:.2g}" == "0" and f"{g.tangent[0]:.4g}" == "0"  # never "-0"


def test_a_tiny_gradient_is_not_zero():
    """Test that |∇f| of x^1000 + 0y at (0.5, 0.5), 1000·0.5⁹⁹⁹ = 1.867e-298, is that number:
    its square underflows to 0, and the page called p a flat spot."""
    g = D.gradient_summary(gradviz.parse("x^1000 + 0y"), (0.5, 0.5))
    assert g.norm == pytest.approx(1000 * 0.5**999) and not g.flat
