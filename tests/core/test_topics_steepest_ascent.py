"""Core computations of the steepest-ascent page (gradviz.topics.steepest_ascent)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gradviz
from gradviz import sampling
from gradviz.topics import steepest_ascent

# -- steepest ascent -------------------------------------------------------------------------
SCALARS = ["sin(x*y)", "x^2 + 3y", "x^3*y", "(1 - x)^2 + 100(y - x^2)^2", "e^(-x^2 - y^2)"]


@pytest.mark.parametrize("text", SCALARS)
def test_direction_check_limit_tends_to_dot(text):
    """Test that the limit quotient approaches ∇f·u as h shrinks, to ~1e-5 at h = 1e-6."""
    f = gradviz.parse(text)
    p = (0.6, 0.9)
    diffs = [abs(steepest_ascent.direction_check(f, p, 30, h).difference) for h in (1e-1, 1e-3, 1e-6)]
    assert diffs[2] < 1e-4 * max(1.0, abs(steepest_ascent.direction_check(f, p, 30, 1).exact))
    assert diffs[2] <= diffs[0]
    c = steepest_ascent.direction_check(f, p, 30, 1e-6)
    u = (math.cos(math.radians(30)), math.sin(math.radians(30)))
    assert c.exact == pytest.approx(gradviz.directional_derivative_at(f, p, u))
    assert c.limit == gradviz.directional_derivative_limit(f, p, u, 1e-6)


def test_direction_check_angles():
    """Test θ* and the angle between u and ∇f for ∇f pointing along (1, 1)."""
    c = steepest_ascent.direction_check(gradviz.parse("x^2 + y^2"), (1, 1), 315, 1e-3)
    assert c.theta_star == pytest.approx(45.0)
    assert c.between == pytest.approx(-90.0)
    assert c.exact == pytest.approx(0.0, abs=1e-12)


def test_limit_errors_shape():
    """Test that the quotient error shrinks with h before round-off (then grows again)."""
    e = steepest_ascent.limit_errors(gradviz.parse("sin(x*y)"), (1, 2), 30)
    err = e.error
    k = int(np.nanargmin(err))
    assert 0 < k < len(err) - 1
    assert err[-1] > err[k] * 1e3 and err[0] > err[k]


@pytest.mark.parametrize("text", SCALARS)
def test_directional_curve_peaks_at_gradient(text):
    """Test that max over θ of D_u f is |∇f|, attained at θ*, and D_u f = |∇f| cos(θ − θ*)."""
    f = gradviz.parse(text)
    p = (0.6, 0.9)
    c = steepest_ascent.directional_curve(f, p)
    g = gradviz.gradient_at(f, p)
    assert c.norm == pytest.approx(np.linalg.norm(g))
    assert c.best_value == pytest.approx(c.norm, rel=1e-12)
    assert c.best_theta == pytest.approx(c.theta_star)
    assert c.theta_star == pytest.approx(math.degrees(sampling.angle_of(g)))
    cosine = c.norm * np.cos(np.radians(c.theta - c.theta_star))  # |∇f| cos(θ − θ*), by hand
    np.testing.assert_allclose(c.value, cosine, atol=1e-9 * max(1, c.norm))


def test_directional_curve_flat_point():
    """Test that at a critical point D_u f is 0 in every direction and θ* is undefined."""
    c = steepest_ascent.directional_curve(gradviz.parse("x^2 + y^2"), (0, 0))
    assert math.isnan(c.theta_star) and c.norm == 0.0
    np.testing.assert_allclose(c.value, 0.0)


def test_dot_product_steps_numbers():
    """Test the numbers of the course's argument: change ≈ ∇f·v, ∇f·u = |∇f| cos φ."""
    f = gradviz.parse("sin(x*y)")
    s = steepest_ascent.dot_product_steps(f, (1, 2), 30, 0.01)
    g = gradviz.gradient_at(f, (1, 2))
    assert s.dot == pytest.approx(g @ s.v)
    assert sum(s.partial_terms) == pytest.approx(s.dot)
    assert s.change == pytest.approx(s.dot, abs=1e-3)
    assert s.product == pytest.approx(steepest_ascent.direction_check(f, (1, 2), 30, 1).exact)
    assert s.best == pytest.approx(np.linalg.norm(g))


@pytest.mark.parametrize("text, point", [("|x| + y", (0, 0)), ("sqrt(x) + y", (-1, 1)),
                                         ("x/y", (1, 0))])
def test_dot_product_section_where_f_is_not_differentiable(text, point):
    """Test that the argument says f is not differentiable at p (no undefined steps)."""
    f = gradviz.parse(text)
    s = steepest_ascent.dot_product_section(f, point, 30)
    assert s.blocks == (("info", steepest_ascent.differentiability_warning(f, point)),)
    assert "not differentiable" in s.blocks[0][1]


def test_dot_product_section_at_a_flat_spot_names_no_direction():
    """Test that at a critical point step 3 says no direction is steepest (no angle)."""
    s = steepest_ascent.dot_product_section(gradviz.parse("x^2 + y^2"), (0, 0), 30)
    text = " ".join(block for _, block in s.blocks)
    assert "undefined" not in text and "no direction is steepest" in text
    moved = steepest_ascent.dot_product_section(gradviz.parse("x^2 + y^2"), (1, 1), 30)
    assert "Turn θ to 45° to see it." in moved.blocks[-1][1]


def test_random_directions_course_example():
    """Test the course's ∇f = [5, 2, −1, 0]: √30 beats every random direction, e₁ gives 5."""
    r = steepest_ascent.random_direction_values(steepest_ascent.COURSE_GRADIENT_4D, 5000, 0)
    assert r.gradient_value == pytest.approx(math.sqrt(30))
    assert round(r.gradient_value, 3) == 5.477
    assert r.largest_component == 5.0 and r.axis == 0
    assert r.values.max() <= math.sqrt(30)
    best, top, u = sampling.best_of_random_directions(steepest_ascent.COURSE_GRADIENT_4D, 5000, 0)
    assert r.best == best == r.values.max()
    np.testing.assert_allclose(r.best_u, u)
    assert r.beats_largest == int(np.sum(r.values > 5))
    np.testing.assert_allclose(r.gradient_unit, np.array([5, 2, -1, 0]) / math.sqrt(30))


@given(st.lists(st.floats(-100, 100), min_size=2, max_size=6), st.integers(0, 10_000),
       st.integers(1, 500))
@settings(max_examples=60, deadline=None)
def test_no_random_direction_beats_the_gradient(g, seed, n):
    """Test that for any gradient and any draw, ∇f·u ≤ |∇f| for every random unit u."""
    r = steepest_ascent.random_direction_values(g, n, seed)
    assert np.all(r.values <= r.gradient_value * (1 + 1e-12) + 1e-12)


def test_histogram_counts_everything():
    """Test that the histogram counts every finite value once."""
    v = np.array([0.0, 1.0, 2.0, np.nan, 3.0])
    edges, counts = steepest_ascent.histogram(v, 3)
    assert counts.sum() == 4 and len(edges) == 4


@given(st.floats(0, 360), st.floats(-10, 10).filter(lambda v: abs(v) > 1e-3),
       st.floats(-10, 10).filter(lambda v: abs(v) > 1e-3))
@settings(max_examples=80, deadline=None)
def test_rotation_gradient_turns_heuristic_jumps(alpha, gx, gy):
    """Test the rotate-by-α test: ∇f's angle in the new axes moves by α, the rule stays on an axis."""
    r = steepest_ascent.rotation_at((gx, gy), alpha)
    assert r.heuristic_angle_rotated in (0.0, 90.0, 180.0, 270.0)
    d = (r.turned - alpha) % 360
    assert min(d, 360 - d) < 1e-6
    # the rotated components really are ∇f in the new axes
    np.testing.assert_allclose(r.axes @ r.components, [gx, gy], atol=1e-9)
    # the rule's direction is ± one of the new axes, the one of the largest |component|
    k = int(np.argmax(np.abs(r.components)))
    np.testing.assert_allclose(np.abs(r.heuristic_direction), np.abs(r.axes[:, k]),
                               atol=1e-12)
    assert r.gradient_angle == pytest.approx(math.degrees(math.atan2(gy, gx)) % 360)


def test_rotation_at_45_degrees_course_test():
    """Test the course's test at α = 45°: ∇f turned by 45°, the rule on an axis of the new frame."""
    r0, r45 = steepest_ascent.rotation_at((5, 2), 0), steepest_ascent.rotation_at((5, 2), 45)
    assert (r0.gradient_angle_rotated - r45.gradient_angle_rotated) % 360 == pytest.approx(45)
    assert r45.heuristic_angle_rotated in (0.0, 90.0, 180.0, 270.0)
    assert r45.gradient_angle == r0.gradient_angle


def test_rotation_sweep_steps():
    """Test that over a full turn the rule takes only axis directions and ∇f sweeps all angles."""
    from gradviz.scene import draw

    rows, _ = draw.rotation_angles((-0.83, -0.42), 0.0)
    assert set(np.unique(rows[:, 2])) == {0.0, 90.0, 180.0, 270.0}
    assert rows[:, 1].min() < 2 and rows[:, 1].max() > 358


@pytest.mark.parametrize("g", [(5, 2), (-0.83, -0.42), (1, 1), (-1, 1), (0, -3), (1, 0),
                               (1e-300, 0), (3.7, -12.5)])
def test_rotation_at_reads_the_pictures_sweep_at_every_angle(g):
    """Test that the page's numbers at α (rotation_at) are the picture's sweep at α, and that
    by hand: ∇f's angle in axes turned by α is its own angle minus α."""
    from gradviz.scene import draw

    rows, _ = draw.rotation_angles(g, 0.0)
    star = np.degrees(np.arctan2(g[1], g[0]))
    for a, grad, rule in rows[::7]:
        r = steepest_ascent.rotation_at(g, a)
        assert grad == pytest.approx(r.gradient_angle_rotated, abs=1e-9)
        assert rule == r.heuristic_angle_rotated
        assert (grad - (star - a)) % 360 == pytest.approx(0, abs=1e-9) or \
            (grad - (star - a)) % 360 == pytest.approx(360, abs=1e-9)


def test_histogram_axis_stays_put_while_the_count_steps():
    """Test that stepping the number of random directions by 10 from 900 to 1100 changes the
    histogram's y axis (its spec: the browser rebuilds a chart whose spec changes) only a
    few times, with every bar and label still under its top."""
    from gradviz.figures.steepest_ascent import histogram_chart

    tops = []
    for k in range(900, 1101, 10):
        section = steepest_ascent.random_section(k, 0)
        lo, top = histogram_chart(section, 1.0)["encoding"]["y"]["scale"]["domain"]
        assert lo == 0 and top >= section.counts.max() * 1.12  # the labels sit at 1.12 × max
        tops.append(top)
    assert len(set(tops)) <= 4, tops


def test_random_section_writes_its_own_gradient():
    """Test that another ∇f than the course's gets its own |∇f| and axis in the words (they
    said √30 and e₁ whatever the gradient), and a zero ∇f is refused."""
    s = steepest_ascent.random_section(300, 0, (1, 2, 3))
    assert "beat e₃; none beats √14 ≈ 3.742" in s.caption
    assert s.table[0]["direction u"] == "∇f/|∇f| = [1, 2, 3]/√14"
    assert s.metrics[1].label == "largest component: u = e₃"
    course = steepest_ascent.random_section(300, 0)
    assert course.table[0]["direction u"] == "∇f/|∇f| = [5, 2, −1, 0]/√30"
    with pytest.raises(gradviz.ExpressionError, match="no direction"):
        steepest_ascent.random_section(100, 0, (0, 0, 0))


@pytest.mark.parametrize("text, point", [("|x| + |y|", (0, 1)), ("x/y", (1, 0))])
def test_curve_section_refuses_where_f_is_not_differentiable(text, point):
    """Test that Dᵤf over θ is not read off ∇f where f has none (sympy's sign(0) = 0 gave
    θ* = 90° and a maximum 1 at a corner of |x| + |y|, where the truth is √2 at 45°)."""
    with pytest.raises(gradviz.ExpressionError, match="not differentiable"):
        steepest_ascent.curve_section(gradviz.parse(text), point)
