"""Core computations of the Jacobian-linearisation page (gradviz.topics.jacobian)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gradviz
from gradviz import ExpressionError, sampling
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


def test_basis_arrows_are_scaled_columns_of_j():
    """Test that J e₁ and J e₂ are the columns of J times the scale (course scale 0.5)."""
    a = jacobian.basis_arrows(COURSE, COURSE_POINTS, 0.5)
    for k, p in enumerate(COURSE_POINTS):
        J = gradviz.jacobian_at(COURSE, p)
        np.testing.assert_allclose(a.image_e1[k], 0.5 * J[:, 0])
        np.testing.assert_allclose(a.image_e2[k], 0.5 * J[:, 1])
        np.testing.assert_allclose(a.e1[k], [0.5, 0.0])
        np.testing.assert_allclose(a.e2[k], [0.0, 0.5])


def test_basis_arrows_need_a_plane_map():
    """Test that a scalar function is refused with a helpful message."""
    with pytest.raises(ExpressionError, match="R² to R²"):
        jacobian.basis_arrows(gradviz.parse("x*y"), COURSE_POINTS)


@pytest.mark.parametrize("text", SMOOTH)
def test_square_images_coincide_as_square_shrinks(text):
    """Test that the gap between f(square) and its linear image is second order in h."""
    f = gradviz.parse(text)
    p = (0.7, -0.4)
    ratios = [jacobian.square_images(f, p, h) for h in (1e-1, 1e-2, 1e-3)]
    gaps_h = [r.gap_over_h for r in ratios]
    assert gaps_h[0] > gaps_h[1] > gaps_h[2]
    assert gaps_h[2] < 1e-2 * max(1.0, gaps_h[0] * 10)
    assert ratios[1].gap_over_h2 == pytest.approx(ratios[2].gap_over_h2, rel=0.1)
    box = ratios[2].box
    for img in (ratios[2].f_image, ratios[2].linear_image):
        assert box[0] <= img[0].min() and img[0].max() <= box[1]
        assert box[2] <= img[1].min() and img[1].max() <= box[3]


def test_square_images_exact_for_course():
    """Test that for the course's map the gap is exactly √2·h² (f − L = [h₁², h₂²])."""
    r = jacobian.square_images(COURSE, (1, 1), 0.25)
    assert r.gap == pytest.approx(math.sqrt(2) * 0.25**2)
    np.testing.assert_allclose(r.center, [0.0, 2.0])


@pytest.mark.parametrize("h", [0.0, -1.0, float("nan")])
def test_square_images_rejects_bad_width(h):
    """Test that a non-positive half-width is refused."""
    with pytest.raises(ExpressionError):
        jacobian.square_images(COURSE, (1, 1), h)


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
