"""Unit tests for gradviz.sampling: domains, grids and the arrays the figures draw."""

from __future__ import annotations

import numpy as np
import pytest

from gradviz import Domain, ExpressionError, evaluate_grid, grid, parse
from gradviz.sampling import (
    MAX_GRID,
    angle_of,
    arrow_field,
    best_of_random_directions,
    linearisation_error,
)
from gradviz.scene import draw

# -- Domain and grid ------------------------------------------------------------------------

def test_domain_properties():
    """Test that a Domain's span and contains are right."""
    d = Domain(-1, 3, 0, 2)
    assert d.span == 4
    assert d.contains((3, 2)) and not d.contains((3.1, 1))
    assert Domain.square(-2, 2) == Domain(-2, 2, -2, 2)


@pytest.mark.parametrize("bounds", [(1, 0, 0, 1), (0, 1, 1, 1), (0, np.inf, 0, 1), (np.nan, 1, 0, 1)])
def test_bad_domains_are_refused(bounds):
    """Test that empty, reversed or non-finite domains raise ExpressionError."""
    with pytest.raises(ExpressionError):
        Domain(*bounds)


def test_grid_matches_meshgrid():
    """Test that grid() is np.meshgrid of linspaces, rows being y, with ny optional."""
    X, Y = grid(Domain(0, 4, -1, 1), 5, 3)
    eX, eY = np.meshgrid(np.linspace(0, 4, 5), np.linspace(-1, 1, 3))
    np.testing.assert_array_equal(X, eX)
    np.testing.assert_array_equal(Y, eY)
    assert grid(Domain.square(0, 1), MAX_GRID)[0].shape == (MAX_GRID, MAX_GRID)


@pytest.mark.parametrize("n", [1, 0, -5, MAX_GRID + 1, 10**9])
def test_grid_resolution_is_bounded(n):
    """Test that resolutions outside 2 … MAX_GRID are refused (no accidental 10⁹ × 10⁹ grid)."""
    with pytest.raises(ExpressionError, match="resolution"):
        grid(Domain.square(0, 1), n)


def test_evaluate_grid_fixed_values_and_axes():
    """Test that slices of f(x, y, z) use the fixed values for the other variables and the axes."""
    f = parse("x + 10y + 100z")
    X, Y, V = evaluate_grid(f, Domain.square(0, 1), 3, fixed=(2.0,))
    np.testing.assert_allclose(V, X + 10 * Y + 200)
    X, Y, V = evaluate_grid(f, Domain.square(0, 1), 3, fixed=(5.0,), axes=(1, 2))
    np.testing.assert_allclose(V, 5 + 10 * X + 100 * Y)
    with pytest.raises(ExpressionError, match="give a value for z"):
        evaluate_grid(f, Domain.square(0, 1), 3)


def test_evaluate_grid_of_constants_and_one_variable():
    """Test that a constant fills the grid and a function of x alone varies along x only."""
    _, _, V = evaluate_grid(parse("[1, 2]"), Domain.square(0, 1), 4)
    assert V.shape == (2, 4, 4)
    np.testing.assert_array_equal(V[1], np.full((4, 4), 2.0))
    X, _, V = evaluate_grid(parse("x^2"), Domain.square(0, 1), 4)
    np.testing.assert_array_equal(V, X**2)


def test_arrow_field():
    """Test that arrow_field returns U, V of a 2-output field on the grid, and refuses others."""
    X, Y, U, V = arrow_field(parse("[x, sin(y)]"), Domain.square(-5, 5), 20)
    np.testing.assert_array_equal(U, X)
    np.testing.assert_allclose(V, np.sin(Y), rtol=1e-15)
    with pytest.raises(ExpressionError, match="two outputs"):
        arrow_field(parse("[x, y, x]"), Domain.square(-5, 5), 20)
    with pytest.raises(ExpressionError, match="scalar"):
        arrow_field(parse("x*y"), Domain.square(-5, 5), 20)


# -- the linearisation error ---------------------------------------------------------------

def test_linearisation_error_has_slope_two():
    """Test that ‖f(x₀ + h) − f(x₀) − J h‖ falls like h² for a smooth map."""
    hs = np.array([1e-1, 1e-2, 1e-3])
    err = linearisation_error(parse("[x^2 - y, y^2 + x]"), (1, 1), hs)
    slopes = np.diff(np.log(err)) / np.diff(np.log(hs))
    np.testing.assert_allclose(slopes, 2.0, atol=1e-6)
    scalar = linearisation_error(parse("exp(x)*y"), (0.5, 0.5), hs, direction=(1, 0))
    assert scalar.shape == (3,)
    assert np.all(np.diff(np.log(scalar)) / np.diff(np.log(hs)) > 1.9)


# -- directions -----------------------------------------------------------------------------

def test_angle_of():
    """Test that angles are in [0, 2π)."""
    assert angle_of((1, 0)) == 0.0
    assert angle_of((0, -1)) == pytest.approx(1.5 * np.pi)
    assert angle_of((-1, 0)) == pytest.approx(np.pi)


def _path(f, start, step, steps, ascent=True, domain=None):
    """The page's path (gradviz.scene.draw.descent_path) with the held variables kept."""
    from gradviz.calculus import gradient
    from gradviz.scene import draw

    box = None if domain is None else (domain.xmin, domain.xmax, domain.ymin, domain.ymax)
    pts = draw.descent_path(gradient(f), start, step, steps, 1 if ascent else -1, 0.0, box,
                            tuple(start[2:]))
    return np.column_stack([pts, np.tile(start[2:], (len(pts), 1))]) if len(start) > 2 else pts


def test_gradient_path_climbs_and_stops():
    """Test that ascent raises f, descent lowers it, and leaving the domain stops the path."""
    f = parse("-(x^2 + y^2)")
    up = _path(f, (1.0, 1.0), 0.1, 20)
    values = f(up[:, 0], up[:, 1])
    assert up.shape == (21, 2) and np.all(np.diff(values) > 0)
    down = _path(f, (1.0, 1.0), 0.1, 20, ascent=False, domain=Domain.square(-2, 2))
    assert len(down) < 21
    assert np.all(np.diff(f(down[:, 0], down[:, 1])) < 0)
    assert len(_path(parse("x + y"), (0.0, 0.0), 1e-9, 10**9)) == 100_001  # at most 100,000 steps


def test_gradient_path_holds_variables_beyond_the_view():
    """Test the one rule: with three variables only x and y move, z stays, f rises."""
    f = parse("x^2 + y^2 + e^z + x^z + x*y*z")
    pts = _path(f, (1.0, 1.0, 1.0), 0.02, 30, True, Domain.square(0.1, 2))
    assert np.all(pts[:, 2] == 1.0)
    assert np.all(np.diff(f(*pts.T)) > 0)


def test_gradient_path_on_x_z_plus_y_squared():
    """Test f = xz + y² from (1, 1, 1), five ascent steps of 0.1, against hand arithmetic.

    ∇f = (z, 2y, x); with z held at 1, x gains 0.1 per step and y grows by 1.2 per step.
    """
    pts = _path(parse("x*z + y^2"), (1.0, 1.0, 1.0), 0.1, 5)
    assert pts.shape == (6, 3)
    np.testing.assert_allclose(pts[:, 0], [1.0, 1.1, 1.2, 1.3, 1.4, 1.5])
    np.testing.assert_allclose(pts[:, 1], [1.2 ** k for k in range(6)])
    assert np.all(pts[:, 2] == 1.0)


def test_gradient_path_stops_where_the_gradient_is_undefined():
    """Test that descent on sqrt(x) + y stops at the first point where ∇f has no value:
    from (0.5, 0) one step of 1 goes to (0.5 − 1/(2√0.5), −1), where x < 0."""
    pts = _path(parse("sqrt(x) + y"), (0.5, 0.0), 1.0, 50, False)
    np.testing.assert_allclose(pts, [[0.5, 0.0], [0.5 - 0.5 / np.sqrt(0.5), -1.0]])


def test_slices_vary_one_variable_only():
    """Test that the slice of xy through (2, 3) along y is 2y, the values nan where f is not
    defined."""
    t, v = draw.slice_through(parse("x*y"), (2.0, 3.0), 1, (-1, 1), n=5).T
    np.testing.assert_allclose(v, 2 * t)
    t, v = draw.slice_through(parse("log(x)"), (1.0,), 0, (-1, 1), n=3).T
    assert np.isnan(v[:2]).all() and v[2] == 0.0


def test_best_of_random_directions():
    """Test that no random unit direction beats |∇f|, and the best one points near ∇f."""
    g = np.array([3.0, -4.0])
    best, top, u = best_of_random_directions(g, n=5000, seed=1)
    assert top == 5.0
    assert best <= top
    assert best > 0.999 * top
    assert np.linalg.norm(u) == pytest.approx(1.0)
    assert u @ g / 5.0 == pytest.approx(best / 5.0)


def test_turned_axes_keep_the_gradient_and_move_the_largest_component_rule():
    """Test that turning the axes never moves ∇f while the largest-component rule jumps between
    the turned axes (the 45° test): seen from axes turned by α, ∇f is at its angle − α, the
    rule's choice at 0°, 90°, 180° or 270°, always uphill, all four in one turn."""
    g = np.array([2.0, 1.0])
    rows, at = draw.rotation_angles(g, 30.0)
    alpha, seen, rule = rows.T
    turned = (np.degrees(angle_of(g)) - alpha) % 360
    assert np.allclose(np.minimum(abs(seen - turned), 360 - abs(seen - turned)), 0, atol=1e-9)
    assert set(rule) == {0.0, 90.0, 180.0, 270.0}
    chosen = np.radians(alpha + rule)
    assert (np.cos(chosen) * g[0] + np.sin(chosen) * g[1] > 0).all()
    assert np.array_equal(at, rows[30])
