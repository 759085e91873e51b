"""Core computations of the Jacobian-linearisation page (gradviz.topics.jacobian)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gradviz
from gradviz import ExpressionError, sampling
from gradviz.domain import Domain
from gradviz.scene import run
from gradviz.topics import jacobian

COURSE = gradviz.parse(jacobian.COURSE_FIELD)
COURSE_POINTS = [(-1.0, -1.0), (0.0, 0.0), (1.0, 1.0)]
SMOOTH = ["[x^2 - y, y^2 + x]", "[sin(x*y), x*e^y]", "[x^3 - 3x*y^2, 3x^2*y - y^3]",
          "[cos(x) + y^2, x*y]"]


# -- Jacobian linearisation ------------------------------------------------------------------
@pytest.mark.parametrize("p", COURSE_POINTS)
def test_jacobian_summary_course_points(p):
    """Test that J, det J and ‖J‖_F at the course's points are [[2x, −1], [1, 2y]] and friends."""
    s = jacobian.jacobian_summary(COURSE, p)
    x, y = p
    expected = np.array([[2 * x, -1.0], [1.0, 2 * y]])
    np.testing.assert_array_equal(s.J, expected)
    np.testing.assert_array_equal(s.J, gradviz.jacobian_at(COURSE, p))
    assert s.det == 4 * x * y + 1
    assert s.frobenius == pytest.approx(np.linalg.norm(expected, "fro"))
    np.testing.assert_allclose(s.value, [x * x - y, y * y + x])


@pytest.mark.parametrize("text", SMOOTH)
def test_jacobian_summary_matches_finite_differences(text, central_jacobian):
    """Test that the Jacobian agrees with central finite differences."""
    f = gradviz.parse(text)
    for p in [(0.3, -0.7), (1.1, 0.4)]:
        s = jacobian.jacobian_summary(f, p)
        np.testing.assert_allclose(s.J, central_jacobian(f, p), rtol=1e-6, atol=1e-7)
        assert s.det == pytest.approx(np.linalg.det(s.J))


def test_jacobian_summary_scalar_has_no_det():
    """Test that a 1 × 2 Jacobian (scalar f) has no determinant but a norm."""
    s = jacobian.jacobian_summary(gradviz.parse("x^2 + 3y"), (1, 2))
    assert s.J.shape == (1, 2)
    assert math.isnan(s.det)
    assert s.frobenius == pytest.approx(math.sqrt(13))


@pytest.mark.parametrize("text, expected", [
    ("(-1, -1), (0, 0), (1, 1)", ((-1.0, -1.0), (0.0, 0.0), (1.0, 1.0))),
    ("  1 2 ", ((1.0, 2.0),)),
    ("[0.5, -2e-1]; (3,4)", ((0.5, -0.2), (3.0, 4.0))),
    ("", ()),
])
def test_parse_points_reads_pairs(text, expected):
    """Test that points are read as pairs of numbers."""
    assert jacobian.parse_points(text) == expected


@pytest.mark.parametrize("text", ["(1, x)", "(1, 2, 3)", "__import__('os')", "1e999, 1",
                                  "(1,2)" * 13, "nan, 1", "1.2.3, 4", "1" * 801])
def test_parse_points_rejects_bad_text(text):
    """Test that anything but pairs of sane numbers is refused with a message."""
    with pytest.raises(ExpressionError):
        jacobian.parse_points(text)


@given(st.lists(st.tuples(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4)), max_size=12))
@settings(max_examples=60, deadline=None)
def test_parse_points_round_trip(points):
    """Test that any printed list of points reads back as itself."""
    text = ", ".join(f"({x!r}, {y!r})" for x, y in points)
    assert jacobian.parse_points(text) == tuple((float(x), float(y)) for x, y in points)


@pytest.mark.parametrize("scale", [0.5, 1.2])
def test_course_figure_arrows_are_scaled_columns_of_j(scale):
    """Test the course figure's arrows (its scene at the course's points and at p): e₁, e₂
    and J e₁, J e₂ = the columns of J = [[2x, −1], [1, 2y]] (by hand), times the scale."""
    s = jacobian.course_scene(COURSE, Domain.square(-2, 2), 25, COURSE_POINTS)
    env = run(s, point=(0.5, -1.5), params={"s": scale})[1][1][0]
    pts = COURSE_POINTS + [(0.5, -1.5)]
    np.testing.assert_array_equal(env["pts"], pts)
    for (x, y), tips in zip(pts, env["tips"]):
        want = [(1, 0), (0, 1), (2 * x, 1), (-1, 2 * y)]
        np.testing.assert_allclose(tips, np.add((x, y), scale * np.array(want)), rtol=1e-15)


def test_the_pictures_need_a_plane_map():
    """Test that a scalar function is refused with a helpful message."""
    scalar, d = gradviz.parse("x*y"), Domain.square(-1, 1)
    with pytest.raises(ExpressionError, match="R² to R²"):
        jacobian.square_scene(scalar, d, 10)
    with pytest.raises(ExpressionError, match="R² to R²"):
        jacobian.course_scene(scalar, d, 10, COURSE_POINTS)


def test_the_norm_is_the_frobenius_norm_of_j(central_jacobian):
    """Test that the heatmap's function is ‖J‖_F: numpy's Frobenius norm of J by differences."""
    f = gradviz.parse("[sin(x*y), x*e^y]")
    for p in [(0.3, -0.7), (1.1, 0.4)]:
        assert float(jacobian.frobenius(f).at(p)) == pytest.approx(
            np.linalg.norm(central_jacobian(f, p), "fro"), rel=1e-7)


@pytest.mark.parametrize("text", SMOOTH)
def test_the_gap_between_the_images_is_second_order(text):
    """Test that the gap between f(square) and its linear image is second order in h."""
    f = gradviz.parse(text)
    zooms = [jacobian.zoom_readout(f, (0.7, -0.4), h) for h in (1e-1, 1e-2, 1e-3)]
    over_h = [z.gap / z.half_width for z in zooms]
    over_h2 = [z.gap / z.half_width**2 for z in zooms]
    assert over_h[0] > over_h[1] > over_h[2]
    assert over_h[2] < 1e-2 * max(1.0, over_h[0] * 10)
    assert over_h2[1] == pytest.approx(over_h2[2], rel=0.1)


def test_the_gap_is_exact_for_the_course():
    """Test that for the course's map the gap is exactly √2·h² (f − L = [h₁², h₂²], largest at
    the corners) and the metrics say so."""
    z = jacobian.zoom_readout(COURSE, (1, 1), 0.25)
    assert z.gap == pytest.approx(math.sqrt(2) * 0.25**2)
    assert [value for _, value, _ in z.metrics] == ["0.25", "0.08839", "0.3536", "1.4142"]


@pytest.mark.parametrize("h", [0.0, -1.0, float("nan")])
def test_zoom_rejects_bad_width(h):
    """Test that a non-positive half-width is refused."""
    with pytest.raises(ExpressionError):
        jacobian.zoom_readout(COURSE, (1, 1), h)


@pytest.mark.parametrize("text", SMOOTH)
@pytest.mark.parametrize("angle", [0, 45, 130])
def test_error_curve_slope_two(text, angle):
    """Test that the linearisation error falls like ‖h‖² (fitted slope within 0.1 of 2)."""
    e = jacobian.error_curve(gradviz.parse(text), (0.8, 0.6), angle)
    assert abs(e.slope - 2) < 0.1
    np.testing.assert_allclose(
        e.error, sampling.linearisation_error(gradviz.parse(text), (0.8, 0.6), e.h,
                                                 (math.cos(math.radians(angle)),
                                                  math.sin(math.radians(angle)))))
    ref = e.reference
    slopes = np.diff(np.log10(ref)) / np.diff(np.log10(e.h))
    np.testing.assert_allclose(slopes, 2.0)


@pytest.mark.parametrize("p", COURSE_POINTS)
def test_error_curve_course_points(p):
    """Test that at the course's points the slope is 2 (the error is exactly ‖h‖²/√2 at 45°)."""
    e = jacobian.error_curve(COURSE, p)
    assert e.slope == pytest.approx(2.0, abs=1e-6)
    np.testing.assert_allclose(e.error, e.h ** 2 / math.sqrt(2), rtol=1e-6)


def test_error_curve_linear_map_has_no_slope():
    """Test that a linear map has zero error and no slope (nan), not a fake number."""
    e = jacobian.error_curve(gradviz.parse("[2x + y, x - y]"), (1, 1))
    assert math.isnan(e.slope)


def test_component_and_transpose():
    """Test that each output is a scalar whose gradient is the transposed row of J."""
    J = gradviz.jacobian(COURSE).matrix
    for i in range(2):
        fi = jacobian.component(COURSE, i)
        assert fi.is_scalar
        assert jacobian.transpose_check(fi)
        assert list(gradviz.gradient(fi).exprs) == list(J.row(i))
    with pytest.raises(ExpressionError):
        jacobian.component(COURSE, 2)
    with pytest.raises(ExpressionError):
        jacobian.transpose_check(COURSE)


@pytest.mark.parametrize("text, quadratic", [
    ("[x^2 - y, y^2 + x]", True),  # the course's map
    ("[x*y, 3]", True),
    ("[(x + 1)^2 - x^2, y]", False),  # degree 1 once expanded: nothing second-order
    ("[x^3 - x^3 + x*y, y]", True),  # sympy cancels x³ as it builds the sum
    ("[x^2, sin(y)]", False),
    ("[abs(x)*x, y^2]", False),
    ("[x/y, y^2]", False),
    # a tower of squares: degree 2^20 if expanded; read from the tree, never expanded
    ("[" + "(" * 20 + "x^2 - 1" + ")^2 - 1" * 20 + ", y^2]", False),
])
def test_quadratic_maps_are_told_apart_without_expanding(text, quadratic):
    """Test that the error section's "the same at every p" sentence is for maps whose outputs
    are polynomials of degree ≤ 2 only, and that deciding it never expands a formula."""
    f = gradviz.parse(text)
    assert jacobian._quadratic(f) is quadratic
    # its curve really is the same at two points exactly when the sentence says so
    a, b = (jacobian.error_curve(f, p, 30.0) for p in ((0.3, -0.2), (1.1, 0.7)))
    same = np.allclose(a.error, b.error, rtol=1e-6, atol=1e-12)
    assert same or not quadratic
