"""Core computations of the Jacobian-linearisation and steepest-ascent pages."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gradviz
from gradviz import ExpressionError, sampling
from gradviz.topics import linear

COURSE = gradviz.parse(linear.COURSE_FIELD)
COURSE_POINTS = [(-1.0, -1.0), (0.0, 0.0), (1.0, 1.0)]
SMOOTH = ["[x^2 - y, y^2 + x]", "[sin(x*y), x*e^y]", "[x^3 - 3x*y^2, 3x^2*y - y^3]",
          "[cos(x) + y^2, x*y]"]


# -- Jacobian linearisation ------------------------------------------------------------------
@pytest.mark.parametrize("p", COURSE_POINTS)
def test_jacobian_summary_course_points(p):
    """Test that J, det J and ‖J‖_F at the course's points are [[2x, −1], [1, 2y]] and friends."""
    s = linear.jacobian_summary(COURSE, p)
    x, y = p
    expected = np.array([[2 * x, -1.0], [1.0, 2 * y]])
    np.testing.assert_array_equal(s["J"], expected)
    np.testing.assert_array_equal(s["J"], gradviz.jacobian_at(COURSE, p))
    assert s["det"] == 4 * x * y + 1
    assert s["frobenius"] == pytest.approx(np.linalg.norm(expected, "fro"))
    np.testing.assert_allclose(s["value"], [x * x - y, y * y + x])


@pytest.mark.parametrize("text", SMOOTH)
def test_jacobian_summary_matches_finite_differences(text, central_jacobian):
    """Test that the Jacobian agrees with central finite differences."""
    f = gradviz.parse(text)
    for p in [(0.3, -0.7), (1.1, 0.4)]:
        s = linear.jacobian_summary(f, p)
        np.testing.assert_allclose(s["J"], central_jacobian(f, p), rtol=1e-6, atol=1e-7)
        assert s["det"] == pytest.approx(np.linalg.det(s["J"]))


def test_jacobian_summary_scalar_has_no_det():
    """Test that a 1 × 2 Jacobian (scalar f) has no determinant but a norm."""
    s = linear.jacobian_summary(gradviz.parse("x^2 + 3y"), (1, 2))
    assert s["J"].shape == (1, 2)
    assert math.isnan(s["det"])
    assert s["frobenius"] == pytest.approx(math.sqrt(13))


@pytest.mark.parametrize("text, expected", [
    ("(-1, -1), (0, 0), (1, 1)", ((-1.0, -1.0), (0.0, 0.0), (1.0, 1.0))),
    ("  1 2 ", ((1.0, 2.0),)),
    ("[0.5, -2e-1]; (3,4)", ((0.5, -0.2), (3.0, 4.0))),
    ("", ()),
])
def test_parse_points_reads_pairs(text, expected):
    """Test that points are read as pairs of numbers."""
    assert linear.parse_points(text) == expected


@pytest.mark.parametrize("text", ["(1, x)", "(1, 2, 3)", "__import__('os')", "1e999, 1",
                                  "(1,2)" * 13, "nan, 1", "1.2.3, 4", "1" * 801])
def test_parse_points_rejects_bad_text(text):
    """Test that anything but pairs of sane numbers is refused with a message."""
    with pytest.raises(ExpressionError):
        linear.parse_points(text)


@given(st.lists(st.tuples(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4)), max_size=12))
@settings(max_examples=60, deadline=None)
def test_parse_points_round_trip(points):
    """Test that any printed list of points reads back as itself."""
    text = ", ".join(f"({x!r}, {y!r})" for x, y in points)
    assert linear.parse_points(text) == tuple((float(x), float(y)) for x, y in points)


def test_basis_arrows_are_scaled_columns_of_j():
    """Test that J e₁ and J e₂ are the columns of J times the scale (course scale 0.5)."""
    a = linear.basis_arrows(COURSE, COURSE_POINTS, 0.5)
    for k, p in enumerate(COURSE_POINTS):
        J = gradviz.jacobian_at(COURSE, p)
        np.testing.assert_allclose(a["arrows"]["J e₁"][k], 0.5 * J[:, 0])
        np.testing.assert_allclose(a["arrows"]["J e₂"][k], 0.5 * J[:, 1])
        np.testing.assert_allclose(a["arrows"]["e₁"][k], [0.5, 0.0])
        np.testing.assert_allclose(a["arrows"]["e₂"][k], [0.0, 0.5])


def test_basis_arrows_need_a_plane_map():
    """Test that a scalar function is refused with a helpful message."""
    with pytest.raises(ExpressionError, match="R² to R²"):
        linear.basis_arrows(gradviz.parse("x*y"), COURSE_POINTS)


@pytest.mark.parametrize("text", SMOOTH)
def test_square_images_coincide_as_square_shrinks(text):
    """Test that the gap between f(square) and its linear image is second order in h."""
    f = gradviz.parse(text)
    p = (0.7, -0.4)
    ratios = [linear.square_images(f, p, h) for h in (1e-1, 1e-2, 1e-3)]
    gaps_h = [r["gap_over_h"] for r in ratios]
    assert gaps_h[0] > gaps_h[1] > gaps_h[2]
    assert gaps_h[2] < 1e-2 * max(1.0, gaps_h[0] * 10)
    assert ratios[1]["gap_over_h2"] == pytest.approx(ratios[2]["gap_over_h2"], rel=0.1)
    box = ratios[2]["box"]
    for img in (ratios[2]["f_image"], ratios[2]["linear_image"]):
        assert box[0] <= img[0].min() and img[0].max() <= box[1]
        assert box[2] <= img[1].min() and img[1].max() <= box[3]


def test_square_images_exact_for_course():
    """Test that for the course's map the gap is exactly √2·h² (f − L = [h₁², h₂²])."""
    r = linear.square_images(COURSE, (1, 1), 0.25)
    assert r["gap"] == pytest.approx(math.sqrt(2) * 0.25**2)
    np.testing.assert_allclose(r["center"], [0.0, 2.0])


@pytest.mark.parametrize("h", [0.0, -1.0, float("nan")])
def test_square_images_rejects_bad_width(h):
    """Test that a non-positive half-width is refused."""
    with pytest.raises(ExpressionError):
        linear.square_images(COURSE, (1, 1), h)


@pytest.mark.parametrize("text", SMOOTH)
@pytest.mark.parametrize("angle", [0, 45, 130])
def test_error_curve_slope_two(text, angle):
    """Test that the linearisation error falls like ‖h‖² (fitted slope within 0.1 of 2)."""
    e = linear.error_curve(gradviz.parse(text), (0.8, 0.6), angle)
    assert abs(e["slope"] - 2) < 0.1
    np.testing.assert_allclose(
        e["error"], sampling.linearisation_error(gradviz.parse(text), (0.8, 0.6), e["h"],
                                                 (math.cos(math.radians(angle)),
                                                  math.sin(math.radians(angle)))))
    ref = e["reference"]
    slopes = np.diff(np.log10(ref)) / np.diff(np.log10(e["h"]))
    np.testing.assert_allclose(slopes, 2.0)


@pytest.mark.parametrize("p", COURSE_POINTS)
def test_error_curve_course_points(p):
    """Test that at the course's points the slope is 2 (the error is exactly ‖h‖²/√2 at 45°)."""
    e = linear.error_curve(COURSE, p)
    assert e["slope"] == pytest.approx(2.0, abs=1e-6)
    np.testing.assert_allclose(e["error"], e["h"] ** 2 / math.sqrt(2), rtol=1e-6)


def test_error_curve_linear_map_has_no_slope():
    """Test that a linear map has zero error and no slope (nan), not a fake number."""
    e = linear.error_curve(gradviz.parse("[2x + y, x - y]"), (1, 1))
    assert math.isnan(e["slope"])


def test_component_and_transpose():
    """Test that each output is a scalar whose gradient is the transposed row of J."""
    J = gradviz.jacobian(COURSE).matrix
    for i in range(2):
        fi = linear.component(COURSE, i)
        assert fi.is_scalar
        assert linear.transpose_check(fi)
        assert list(gradviz.gradient(fi).exprs) == list(J.row(i))
    with pytest.raises(ExpressionError):
        linear.component(COURSE, 2)
    with pytest.raises(ExpressionError):
        linear.transpose_check(COURSE)


# -- steepest ascent -------------------------------------------------------------------------
SCALARS = ["sin(x*y)", "x^2 + 3y", "x^3*y", "(1 - x)^2 + 100(y - x^2)^2", "e^(-x^2 - y^2)"]


@pytest.mark.parametrize("text", SCALARS)
def test_direction_check_limit_tends_to_dot(text):
    """Test that the limit quotient approaches ∇f·u as h shrinks, to ~1e-5 at h = 1e-6."""
    f = gradviz.parse(text)
    p = (0.6, 0.9)
    diffs = [abs(linear.direction_check(f, p, 30, h)["difference"]) for h in (1e-1, 1e-3, 1e-6)]
    assert diffs[2] < 1e-4 * max(1.0, abs(linear.direction_check(f, p, 30, 1)["exact"]))
    assert diffs[2] <= diffs[0]
    c = linear.direction_check(f, p, 30, 1e-6)
    u = (math.cos(math.radians(30)), math.sin(math.radians(30)))
    assert c["exact"] == pytest.approx(gradviz.directional_derivative_at(f, p, u))
    assert c["limit"] == gradviz.directional_derivative_limit(f, p, u, 1e-6)


def test_direction_check_angles():
    """Test θ* and the angle between u and ∇f for ∇f pointing along (1, 1)."""
    c = linear.direction_check(gradviz.parse("x^2 + y^2"), (1, 1), 315, 1e-3)
    assert c["theta_star"] == pytest.approx(45.0)
    assert c["between"] == pytest.approx(-90.0)
    assert c["exact"] == pytest.approx(0.0, abs=1e-12)


def test_limit_errors_shape():
    """Test that the quotient error shrinks with h before round-off (then grows again)."""
    e = linear.limit_errors(gradviz.parse("sin(x*y)"), (1, 2), 30)
    err = e["error"]
    k = int(np.nanargmin(err))
    assert 0 < k < len(err) - 1
    assert err[-1] > err[k] * 1e3 and err[0] > err[k]


@pytest.mark.parametrize("text", SCALARS)
def test_directional_curve_peaks_at_gradient(text):
    """Test that max over θ of D_u f is |∇f|, attained at θ*, and D_u f = |∇f| cos(θ − θ*)."""
    f = gradviz.parse(text)
    p = (0.6, 0.9)
    c = linear.directional_curve(f, p)
    g = gradviz.gradient_at(f, p)
    assert c["norm"] == pytest.approx(np.linalg.norm(g))
    assert c["best_value"] == pytest.approx(c["norm"], rel=1e-12)
    assert c["best_theta"] == pytest.approx(c["theta_star"])
    assert c["theta_star"] == pytest.approx(math.degrees(sampling.angle_of(g)))
    np.testing.assert_allclose(c["value"], c["cosine"], atol=1e-9 * max(1, c["norm"]))


def test_directional_curve_flat_point():
    """Test that at a critical point D_u f is 0 in every direction and θ* is undefined."""
    c = linear.directional_curve(gradviz.parse("x^2 + y^2"), (0, 0))
    assert math.isnan(c["theta_star"]) and c["norm"] == 0.0
    np.testing.assert_allclose(c["value"], 0.0)


def test_dot_product_steps_numbers():
    """Test the numbers of the course's argument: change ≈ ∇f·v, ∇f·u = |∇f| cos φ."""
    f = gradviz.parse("sin(x*y)")
    s = linear.dot_product_steps(f, (1, 2), 30, 0.01)
    g = gradviz.gradient_at(f, (1, 2))
    assert s["dot"] == pytest.approx(g @ s["v"])
    assert sum(s["partial_terms"]) == pytest.approx(s["dot"])
    assert s["change"] == pytest.approx(s["dot"], abs=1e-3)
    assert s["product"] == pytest.approx(linear.direction_check(f, (1, 2), 30, 1)["exact"])
    assert s["best"] == pytest.approx(np.linalg.norm(g))


def test_random_directions_course_example():
    """Test the course's ∇f = [5, 2, −1, 0]: √30 beats every random direction, e₁ gives 5."""
    r = linear.random_direction_values(linear.COURSE_GRADIENT_4D, 5000, 0)
    assert r["gradient_value"] == pytest.approx(math.sqrt(30))
    assert round(r["gradient_value"], 3) == 5.477
    assert r["largest_component"] == 5.0 and r["axis"] == 0
    assert r["values"].max() <= math.sqrt(30)
    best, top, u = sampling.best_of_random_directions(linear.COURSE_GRADIENT_4D, 5000, 0)
    assert r["best"] == best == r["values"].max()
    np.testing.assert_allclose(r["best_u"], u)
    assert r["beats_largest"] == int(np.sum(r["values"] > 5))
    np.testing.assert_allclose(r["gradient_unit"], np.array([5, 2, -1, 0]) / math.sqrt(30))


@given(st.lists(st.floats(-100, 100), min_size=2, max_size=6), st.integers(0, 10_000),
       st.integers(1, 500))
@settings(max_examples=60, deadline=None)
def test_no_random_direction_beats_the_gradient(g, seed, n):
    """Test that for any gradient and any draw, ∇f·u ≤ |∇f| for every random unit u."""
    r = linear.random_direction_values(g, n, seed)
    assert np.all(r["values"] <= r["gradient_value"] * (1 + 1e-12) + 1e-12)


def test_histogram_counts_everything():
    """Test that the histogram counts every finite value once."""
    v = np.array([0.0, 1.0, 2.0, np.nan, 3.0])
    edges, counts = linear.histogram(v, 3)
    assert counts.sum() == 4 and len(edges) == 4


@given(st.floats(0, 360), st.floats(-10, 10).filter(lambda v: abs(v) > 1e-3),
       st.floats(-10, 10).filter(lambda v: abs(v) > 1e-3))
@settings(max_examples=80, deadline=None)
def test_rotation_gradient_turns_heuristic_jumps(alpha, gx, gy):
    """Test the rotate-by-α test: ∇f's angle in the new axes moves by α, the rule stays on an axis."""
    r = linear.rotation_at((gx, gy), alpha)
    assert r["heuristic_angle_rotated"] in (0.0, 90.0, 180.0, 270.0)
    d = (r["turned"] - alpha) % 360
    assert min(d, 360 - d) < 1e-6
    # the rotated components really are ∇f in the new axes
    np.testing.assert_allclose(r["axes"] @ r["components"], [gx, gy], atol=1e-9)
    # the rule's direction is ± one of the new axes, the one of the largest |component|
    k = int(np.argmax(np.abs(r["components"])))
    np.testing.assert_allclose(np.abs(r["heuristic_direction"]), np.abs(r["axes"][:, k]),
                               atol=1e-12)
    assert r["gradient_angle"] == pytest.approx(math.degrees(math.atan2(gy, gx)) % 360)


def test_rotation_at_45_degrees_course_test():
    """Test the course's test at α = 45°: ∇f turned by 45°, the rule on an axis of the new frame."""
    r0, r45 = linear.rotation_at((5, 2), 0), linear.rotation_at((5, 2), 45)
    assert (r0["gradient_angle_rotated"] - r45["gradient_angle_rotated"]) % 360 == pytest.approx(45)
    assert r45["heuristic_angle_rotated"] in (0.0, 90.0, 180.0, 270.0)
    assert r45["gradient_angle"] == r0["gradient_angle"]


def test_rotation_sweep_steps():
    """Test that over a full turn the rule takes only axis directions and ∇f sweeps all angles."""
    s = linear.rotation_sweep((-0.83, -0.42), 721)
    assert set(np.unique(s["heuristic"])) <= {0.0, 90.0, 180.0, 270.0}
    assert len(np.unique(s["heuristic"])) == 4
    assert s["gradient"].min() < 2 and s["gradient"].max() > 358


@pytest.mark.parametrize("g", [(5, 2), (-0.83, -0.42), (1, 1), (-1, 1), (0, -3), (1, 0),
                               (0, 0), (1e-300, 0), (3.7, -12.5)])
def test_rotation_sweep_is_rotation_at_at_every_angle(g):
    """Test that the vectorised sweep gives exactly rotation_at's angles at each α (ties,
    zero and tiny gradients included)."""
    s = linear.rotation_sweep(g, 181)
    for a, grad, rule in zip(s["alpha"], s["gradient"], s["heuristic"]):
        r = linear.rotation_at(g, a)
        assert grad == r["gradient_angle_rotated"], (a, grad, r["gradient_angle_rotated"])
        assert rule == r["heuristic_angle_rotated"], (a, rule, r["heuristic_angle_rotated"])
