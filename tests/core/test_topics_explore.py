"""Unit tests of gradviz.topics.explore: component tables, curves, arrows, streamlines."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gradviz
from gradviz import formatting
from gradviz.domain import Domain
from gradviz.errors import ExpressionError
from gradviz.figures import layers as L
from gradviz.sampling import arrow_field
from gradviz.topics import explore as E


# -- values at a point -------------------------------------------------------------------
def test_course_vector_at_2_10():
    """Test that [x, sin y] at (2, 10) reads [2, -0.54402111], as the course prints it."""
    rows = E.component_table(gradviz.parse("[x, sin(y)]"), (2, 10))
    assert [r["value"] for r in rows] == ["2", "-0.54402111"]
    assert [r["output"] for r in rows] == ["f₁", "f₂"]
    assert rows[1]["number"] == pytest.approx(np.sin(10), abs=0)


def test_course_3_inputs_4_outputs():
    """Test that [yz², 0, xyz, x − y] evaluates component by component like numpy."""
    f = gradviz.parse("[y*z^2, 0, x*y*z, x - y]")
    x, y, z = 0.5, -1.25, 3.0
    rows = E.component_table(f, (x, y, z))
    assert [r["number"] for r in rows] == pytest.approx([y * z**2, 0, x * y * z, x - y])
    assert [r["formula"] for r in rows] == ["y*z^2", "0", "x*y*z", "x - y"]


def test_table_of_a_scalar_and_undefined_values():
    """Test that a scalar gives one row named f and that an undefined value says so."""
    rows = E.component_table(gradviz.parse("log(x) + y"), (-1, 0))
    assert len(rows) == 1 and rows[0]["output"] == "f"
    assert rows[0]["value"] == "undefined"


def test_table_needs_one_coordinate_per_input():
    """Test that a point of the wrong length is a friendly ExpressionError."""
    with pytest.raises(ExpressionError, match="coordinate"):
        E.component_table(gradviz.parse("[x, sin(y)]"), (2,))


@pytest.mark.parametrize("value, digits, text", [
    (2.0, 8, "2"), (np.sin(10), 8, "-0.54402111"), (-0.0, 8, "0"), (1e-12, 8, "1e-12"),
    (0.5, 2, "0.5"), (123.456789, 3, "123.457"), (np.inf, 4, "undefined"),
    (-np.inf, 4, "undefined"), (np.nan, 4, "undefined"), (1e6, 4, "1e+06"),
])
def test_format_value(value, digits, text):
    """Test that the number rule with more digits rounds, drops trailing zeros and names undefined values."""
    assert formatting.number(value, digits) == text


@given(st.floats(-1e6, 1e6, allow_nan=False))
def test_format_value_round_trips(v):
    """Test that a formatted value reads back within half a unit of its last decimal."""
    assert abs(float(formatting.number(v, 8)) - v) <= 0.5e-8 + 1e-9 * abs(v)


def test_default_evaluation_points():
    """Test that the course's point comes first, then the fallback padded with ones."""
    f = gradviz.parse("[x, sin(y)]")
    assert E.default_evaluation_point(f, "[x, sin(y)]", (2, 1)) == (2.0, 10.0)
    assert E.default_evaluation_point(f, "[x, sin(2y)]", (2, 1)) == (2.0, 1.0)
    g = gradviz.parse("[x^2, 2x, -x]", min_variables=1)
    assert E.default_evaluation_point(g, "[x^2, 2x, -x]", (1.0, 0.5)) == (1.0,)
    h = gradviz.parse("[y*z^2, 0, x*y*z, x - y]")
    assert E.default_evaluation_point(h, "[y*z^2, 0, x*y*z, x - y]", ()) == (1.0, 1.0, 1.0)


# -- curves --------------------------------------------------------------------------------
def test_component_curves_of_the_course_example():
    """Test that [x², 2x, −x] gives three rows equal to x², 2x and −x."""
    f = gradviz.parse("[x^2, 2x, -x]", min_variables=1)
    t, v = E.component_curves(f, -2, 2, n=41)
    assert v.shape == (3, 41)
    np.testing.assert_allclose(v, np.vstack([t**2, 2 * t, -t]))


def test_component_curves_widen_to_hold_the_point():
    """Test that the interval grows to contain the evaluation point, on either side."""
    f = gradviz.parse("[x, x^2]", min_variables=1)
    t, _ = E.component_curves(f, -2, 2, at=5.0)
    assert t[0] == -2 and t[-1] > 5
    t, _ = E.component_curves(f, -2, 2, at=-7.0)
    assert t[0] < -7 and t[-1] == 2
    t, _ = E.component_curves(f, -2, 2, at=1.0)
    assert (t[0], t[-1]) == (-2, 2)


def test_component_curves_constant_and_scalar():
    """Test that constant components broadcast and a scalar of one input is one row."""
    t, v = E.component_curves(gradviz.parse("[1, x]", min_variables=1), 0, 1, n=5)
    assert v[0].tolist() == [1.0] * 5
    t, v = E.component_curves(gradviz.parse("x^3", min_variables=1), 0, 1, n=5)
    assert v.shape == (1, 5)


def test_component_curves_reject_two_inputs_and_bad_intervals():
    """Test that curves need one input and a proper interval."""
    with pytest.raises(ExpressionError, match="one variable"):
        E.component_curves(gradviz.parse("[x, y]"), 0, 1)
    f = gradviz.parse("[x, 2x]", min_variables=1)
    for lo, hi in ((1, 1), (2, 1), (np.nan, 1), (0, np.inf)):
        with pytest.raises(ExpressionError):
            E.component_curves(f, lo, hi)


def test_component_inputs():
    """Test that the variables each component uses are listed in the function's order."""
    assert E.component_inputs(gradviz.parse("[x, sin(y)]")) == [("x",), ("y",)]
    assert E.component_inputs(gradviz.parse("[y*z^2, 0, x*y*z, x - y]")) == [
        ("y", "z"), (), ("x", "y", "z"), ("x", "y")]


# -- arrows ----------------------------------------------------------------------------------
def test_vector_at_matches_the_function():
    """Test that vector_at gives f(p) and its Euclidean length."""
    f = gradviz.parse("[x^2 - y, y^2 + x]")
    v, length = E.vector_at(f, (1.5, -0.5))
    np.testing.assert_allclose(v, f(1.5, -0.5))
    assert length == pytest.approx(np.hypot(*f(1.5, -0.5)))
    v, length = E.vector_at(gradviz.parse("[1/x, y]"), (0, 1))
    assert np.isnan(length)


@pytest.mark.parametrize("n", [5, 20, 40])
def test_arrow_scale_matches_the_drawn_arrows(n):
    """Test that arrow_scale × |f| is the length layers.arrows draws (below its cap)."""
    d = Domain.square(-5, 5)
    X, Y, U, V = arrow_field(gradviz.parse("[x, sin(y)]"), d, n)
    s = E.arrow_scale(U, V, d, n)
    df = L.arrows(X, Y, U, V, d)["datasets"]["_"]
    drawn = np.hypot(df["x2"] - df["x"], df["y2"] - df["y"])
    expected = np.minimum(df["mag"] * s, 1.3 * 0.9 * d.span / (n - 1))
    np.testing.assert_allclose(drawn, expected, rtol=1e-9, atol=1e-12)


def test_arrow_scale_of_a_zero_or_undefined_field():
    """Test that a field with no finite non-zero arrow has scale 0."""
    d = Domain.square(-1, 1)
    zeros = np.zeros((5, 5))
    assert E.arrow_scale(zeros, zeros, d, 5) == 0.0
    assert E.arrow_scale(zeros + np.nan, zeros, d, 5) == 0.0


def test_with_margin_holds_the_longest_arrow():
    """Test that the grown frame holds every arrow layers.arrows draws from the domain."""
    d = Domain(-5, 5, -2, 2)
    X, Y, U, V = arrow_field(gradviz.parse("[x, sin(y)]"), d, 12)
    frame = E.with_margin(d, 12, 1.4)
    df = L.arrows(X, Y, U, V, frame)["datasets"]["_"]
    assert df["x2"].between(frame.xmin, frame.xmax).all()
    assert df["y2"].between(frame.ymin, frame.ymax).all()
    assert frame.xmin < d.xmin and frame.ymax > d.ymax


# -- streamlines -------------------------------------------------------------------------------
def test_streamlines_of_a_rotation_are_circles():
    """Test that RK4 keeps the radius of [−y, x]'s circles to 1e-6 and closes them."""
    lines = E.streamlines(gradviz.parse("[-y, x]"), Domain.square(-2, 2), seeds=4, steps=400)
    inside = [ln for ln in lines if np.hypot(*ln[0]) < 1.9]
    assert inside
    for ln in inside:
        r = np.hypot(ln[:, 0], ln[:, 1])
        assert np.ptp(r) < 1e-6
        np.testing.assert_array_equal(ln[0], ln[-1])  # closed up


def test_streamlines_stay_in_the_domain_and_follow_the_field():
    """Test that every point is in the domain and every step goes along the field."""
    f = gradviz.parse("[x, sin(y)]")
    d = Domain.square(-5, 5)
    lines = E.streamlines(f, d, seeds=6, steps=100)
    assert len(lines) == 36
    for ln in lines:
        assert len(ln) <= 2 * 100 + 1
        assert np.all((ln[:, 0] >= d.xmin) & (ln[:, 0] <= d.xmax))
        assert np.all((ln[:, 1] >= d.ymin) & (ln[:, 1] <= d.ymax))
        steps = np.diff(ln, axis=0)
        mid = ln[:-1] + steps / 2
        field = f(mid[:, 0], mid[:, 1]).T
        assert np.all(np.sum(steps * field, axis=1) > 0)


def test_streamlines_stop_where_the_field_is_undefined_or_zero():
    """Test that curves end at non-finite values and at zeros of the field."""
    d = Domain.square(-2, 2)
    # sqrt(x) is undefined for x < 0: seeds there give no curve, the others stop at x = 0
    lines = E.streamlines(gradviz.parse("[-sqrt(x), 0]", min_variables=2), d, seeds=4)
    assert lines and all(np.all(ln[:, 0] >= 0) for ln in lines)
    assert E.streamlines(gradviz.parse("[0, 0]", min_variables=2), d, seeds=3) == []
    # an attracting point: [−x, −y] flows into the origin and stops near it
    lines = E.streamlines(gradviz.parse("[-x, -y]"), d, seeds=2, steps=1000)
    assert all(np.hypot(*ln[-1]) < 0.05 for ln in lines)


def test_streamlines_use_held_variables():
    """Test that a field of x, y, z is traced in the plane z = fixed."""
    f = gradviz.parse("[z, 0*x + 0*y]")
    right = E.streamlines(f, Domain.square(-1, 1), seeds=2, fixed=(1.0,))
    left = E.streamlines(f, Domain.square(-1, 1), seeds=2, fixed=(-1.0,))
    assert all(ln[-1, 0] == 1.0 for ln in right)
    assert all(ln[-1, 0] == -1.0 for ln in left)


def test_streamlines_reject_other_shapes_and_bad_steps():
    """Test that streamlines need a field R² → R² and a positive step."""
    d = Domain.square(-1, 1)
    with pytest.raises(ExpressionError, match="R²"):
        E.streamlines(gradviz.parse("x^2 + y"), d)
    with pytest.raises(ExpressionError, match="R²"):
        E.streamlines(gradviz.parse("[x, y, 1]"), d)
    for step in (0.0, -1.0, np.nan):
        with pytest.raises(ExpressionError, match="step"):
            E.streamlines(gradviz.parse("[x, y]"), d, step=step)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-12, 12), min_size=4, max_size=4), st.integers(2, 6))
def test_streamlines_of_linear_fields_are_bounded(coeffs, seeds):
    """Test that for any linear field every curve stays in the view with bounded length."""
    a, b, c, e = (k / 4 for k in coeffs)
    f = gradviz.parse(f"[({a})*x + ({b})*y, ({c})*x + ({e})*y]", min_variables=2)
    d = Domain(-1, 2, -3, 1)
    for ln in E.streamlines(f, d, seeds=seeds, steps=60):
        assert 2 <= len(ln) <= 2 * 60 + 2
        assert np.all(np.isfinite(ln))
        assert np.all((ln[:, 0] >= d.xmin) & (ln[:, 0] <= d.xmax))
        assert np.all((ln[:, 1] >= d.ymin) & (ln[:, 1] <= d.ymax))
