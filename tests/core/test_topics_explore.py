"""Unit tests of gradviz.topics.explore (values at a point, component curves) and of the
vector-fields page's streamlines (gradviz.scene.draw.streamlines)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gradviz
from gradviz import formatting
from gradviz.errors import ExpressionError
from gradviz.scene import draw
from gradviz.topics import explore as E


# -- values at a point -------------------------------------------------------------------
def test_course_vector_at_2_10():
    """Test that [x, sin y] at (2, 10) reads [2, -0.54402111], as the course prints it."""
    e = E.evaluation(gradviz.parse("[x, sin(y)]"), (2, 10))
    assert [c.text for c in e.components] == ["2", "-0.54402111"]
    assert [c.name for c in e.components] == ["f₁", "f₂"]
    assert e.values()[1] == pytest.approx(np.sin(10), abs=0)


def test_course_3_inputs_4_outputs():
    """Test that [yz², 0, xyz, x − y] evaluates component by component like numpy."""
    f = gradviz.parse("[y*z^2, 0, x*y*z, x - y]")
    x, y, z = 0.5, -1.25, 3.0
    e = E.evaluation(f, (x, y, z))
    assert e.values() == pytest.approx([y * z**2, 0, x * y * z, x - y])
    assert [c.formula for c in e.components] == ["y*z^2", "0", "x*y*z", "x - y"]
    assert e.picture == E.NO_PICTURE and "7 axes" in e.note


def test_an_undefined_output_says_so():
    """Test that an output undefined at the point reads 'undefined'."""
    e = E.evaluation(gradviz.parse("[log(x), y]"), (-1, 0))
    assert [c.text for c in e.components] == ["undefined", "0"]


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


# -- streamlines -------------------------------------------------------------------------------
def curves(f, box, seeds=8, steps=150, fixed=()):
    """draw.streamlines's curves, one (k, 2) array each (they come with a row of nan between)."""
    pts = draw.streamlines(f, box, seeds, steps, fixed)
    return [c[np.isfinite(c[:, 0])] for c in np.split(pts, np.flatnonzero(np.isnan(pts[:, 0])))
            if np.isfinite(c[:, 0]).any()]


def test_streamlines_of_a_rotation_are_circles():
    """Test that RK4 keeps the radius of [−y, x]'s circles to 1e-6 and closes them."""
    lines = curves(gradviz.parse("[-y, x]"), (-2, 2, -2, 2), seeds=4, steps=400)
    inside = [ln for ln in lines if np.hypot(*ln[0]) < 1.9]
    assert inside
    for ln in inside:
        r = np.hypot(ln[:, 0], ln[:, 1])
        assert np.ptp(r) < 1e-6
        np.testing.assert_array_equal(ln[0], ln[-1])  # closed up


def test_streamlines_stay_in_the_view_and_follow_the_field():
    """Test that every point is in the view and every step goes along the field."""
    f = gradviz.parse("[x, sin(y)]")
    lines = curves(f, (-5, 5, -5, 5), seeds=6, steps=100)
    assert len(lines) == 36
    for ln in lines:
        assert len(ln) <= 2 * 100 + 1
        assert np.all(np.abs(ln) <= 5)
        steps = np.diff(ln, axis=0)
        mid = ln[:-1] + steps / 2
        field = f(mid[:, 0], mid[:, 1]).T
        assert np.all(np.sum(steps * field, axis=1) > 0)


def test_streamlines_stop_where_the_field_is_undefined_or_zero():
    """Test that curves end at non-finite values and at zeros of the field."""
    box = (-2, 2, -2, 2)
    # sqrt(x) is undefined for x < 0: seeds there give no curve, the others stop at x = 0
    lines = curves(gradviz.parse("[-sqrt(x), 0]", min_variables=2), box, seeds=4)
    assert lines and all(np.all(ln[:, 0] >= 0) for ln in lines)
    assert draw.streamlines(gradviz.parse("[0, 0]", min_variables=2), box, 3).shape == (0, 2)
    # an attracting point: [−x, −y] flows into the origin and stops near it
    lines = curves(gradviz.parse("[-x, -y]"), box, seeds=2, steps=1000)
    assert all(np.hypot(*ln[-1]) < 0.05 for ln in lines)


def test_streamlines_use_held_variables():
    """Test that a field of x, y, z is traced in the plane z = fixed."""
    f = gradviz.parse("[z, 0*x + 0*y]")
    right = curves(f, (-1, 1, -1, 1), seeds=2, fixed=(1.0,))
    left = curves(f, (-1, 1, -1, 1), seeds=2, fixed=(-1.0,))
    assert right and all(ln[-1, 0] == 1.0 for ln in right)
    assert left and all(ln[-1, 0] == -1.0 for ln in left)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-12, 12), min_size=4, max_size=4), st.integers(2, 6))
def test_streamlines_of_linear_fields_are_bounded(coeffs, seeds):
    """Test that for any linear field every curve stays in the view with bounded length."""
    a, b, c, e = (k / 4 for k in coeffs)
    f = gradviz.parse(f"[({a})*x + ({b})*y, ({c})*x + ({e})*y]", min_variables=2)
    for ln in curves(f, (-1, 2, -3, 1), seeds=seeds, steps=60):
        assert 2 <= len(ln) <= 2 * 60 + 2
        assert np.all(np.isfinite(ln))
        assert np.all((ln[:, 0] >= -1) & (ln[:, 0] <= 2))
        assert np.all((ln[:, 1] >= -3) & (ln[:, 1] <= 1))


def test_the_evaluation_note_counts_in_words():
    """Test "3 inputs and 1 output" (it said "1 outputs") and the course's 3 inputs, 4 outputs."""
    from gradviz.topics import explore as topic

    assert topic.evaluation(gradviz.parse("x*y*z"), (1, 2, 3)).note.startswith(
        "3 inputs and 1 output: there is no honest picture")
    assert topic.evaluation(gradviz.parse("[x, y, z, x*y]"), (1, 2, 3)).note.startswith(
        "3 inputs and 4 outputs:")
