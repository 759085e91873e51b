"""Every example of the course material (/work/shared/course) reproduced through gradviz to 1e-9.

The numpy code on the right-hand side of each comparison is the course's own, copied as printed.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import gradviz
from gradviz import (
    Domain,
    directional_derivative_at,
    evaluate_grid,
    gradient,
    gradient_at,
    jacobian,
    jacobian_at,
    parse,
    partial,
    partial_terms,
)
from gradviz.parsing import symbol
from gradviz.presets import COURSE_POINTS
from gradviz.sampling import (
    arrow_field,
    best_of_random_directions,
    curve,
    gradient_field,
)
from gradviz.scene import run
from gradviz.topics.jacobian import course_scene

TOL = dict(rtol=1e-9, atol=1e-9)
x, y, z = (symbol(n) for n in "xyz")


# -- Gradients Review §1: functions of several variables ------------------------------------

def course_f3(x, y, z):
    return x**2 + y**2 + np.exp(z) + np.power(x, z) + x * y * z


def test_three_input_function_matches_course_numpy(rng):
    """Test that x² + y² + eᶻ + xᶻ + xyz equals the course's numpy f at random points and on a grid."""
    f = parse("x^2 + y^2 + e^z + x^z + x*y*z")
    assert f.variables == ("x", "y", "z")
    X, Y, Z = (rng.uniform(0.1, 3, size=(40, 40)) for _ in range(3))
    np.testing.assert_allclose(f(X, Y, Z), course_f3(X, Y, Z), **TOL)
    for p in rng.uniform(0.1, 3, size=(10, 3)):
        assert float(f(*p)) == pytest.approx(course_f3(*p), rel=1e-12)
    Xs, Ys, V = evaluate_grid(f, Domain.square(0.1, 2), 50, fixed=(1.5,))
    np.testing.assert_allclose(V, course_f3(Xs, Ys, 1.5), **TOL)


def test_sin_xy_grid_equals_the_course_exactly(course_sin_grid):
    """Test that sin(xy) on the course's 1000 × 1000 grid over [0, 4]² is bit-for-bit np.sin(xx*yy)."""
    xx, yy = course_sin_grid
    zz = np.sin(xx * yy)  # f = lambda x, y: np.sin(x * y); zz = f(xx, yy)
    X, Y, Z = evaluate_grid(parse("sin(x*y)"), Domain(0, 4, 0, 4), 1000)
    np.testing.assert_array_equal(X, xx)
    np.testing.assert_array_equal(Y, yy)
    np.testing.assert_array_equal(Z, zz)
    np.testing.assert_array_equal(parse("sin(xy)")(xx, yy), zz)


# -- §2: vector-valued functions ------------------------------------------------------------

def test_x_sin_y_at_2_10():
    """Test that [x, sin y] at (2, 10) is [2, sin 10] to 1e-9 and the printed [2, −0.54402111] to 1e-8."""
    f = parse("[x, sin(y)]")

    def course_f(x, y):
        return np.array([x, np.sin(y)])

    out = f(2, 10)
    np.testing.assert_allclose(out, course_f(2, 10), **TOL)
    np.testing.assert_allclose(out, [2.0, np.sin(10)], **TOL)
    np.testing.assert_allclose(out, [2.0, -0.54402111], atol=1e-8, rtol=0)
    assert out.shape == (2,)


def test_x_sin_y_quiver_matches_course():
    """Test that the [x, sin y] arrows match the course's 20 × 20 quiver over [−5, 5]²."""
    xs = np.linspace(-5, 5, 20)
    xx, yy = np.meshgrid(xs, xs)
    zz = np.array([xx, np.sin(yy)])
    X, Y, U, V = arrow_field(parse("[x, sin(y)]"), Domain.square(-5, 5), 20)
    np.testing.assert_array_equal(X, xx)
    np.testing.assert_allclose(U, zz[0], **TOL)
    np.testing.assert_allclose(V, zz[1], **TOL)


@pytest.mark.parametrize("t", [-2.0, -0.5, 0.0, 1.0, 3.25])
def test_one_input_three_outputs(t):
    """Test that f(x) = [x², 2x, −x] is right at points and as a curve."""
    f = parse("[x^2, 2x, -x]")
    assert (f.n, f.shape) == (1, (3,))
    np.testing.assert_allclose(f(t), [t**2, 2 * t, -t], **TOL)
    ts, vals = curve(f, -2, 2, n=21)
    np.testing.assert_allclose(vals, np.array([ts**2, 2 * ts, -ts]), **TOL)


def test_three_inputs_four_outputs(rng):
    """Test that f(x, y, z) = [yz², 0, xyz, x − y] is right at points, the zero component included."""
    f = parse("[y*z^2, 0, x*y*z, x - y]")
    assert (f.n, f.shape) == (3, (4,))
    for px, py, pz in rng.uniform(-3, 3, size=(8, 3)):
        np.testing.assert_allclose(f(px, py, pz), [py * pz**2, 0.0, px * py * pz, px - py], **TOL)
    np.testing.assert_allclose(f(1, 2, 3), [18.0, 0.0, 6.0, -1.0], **TOL)


# -- §3: the partial derivative worked example ----------------------------------------------

def test_partial_x_worked_example_term_by_term(rng):
    """Test that ∂/∂x (x² + y² + eˣ + xᶻ + xyz) = 2x + 0 + eˣ + z x^(z−1) + yz, term by term and in value."""
    f = parse("x^2 + y^2 + e^x + x^z + x*y*z")
    pairs = partial_terms(f, "x")
    assert [term for term, _ in pairs] == [x**2, y**2, sp.exp(x), x**z, x * y * z]
    assert [d for _, d in pairs] == [2 * x, sp.Integer(0), sp.exp(x), z * x ** (z - 1), y * z]
    assert [sp.latex(d) for _, d in pairs] == ["2 x", "0", "e^{x}", "x^{z - 1} z", "y z"]
    dfdx = partial(f, "x")
    for px, py, pz in rng.uniform(0.1, 3, size=(10, 3)):
        course = 2 * px + 0 + np.exp(px) + pz * px ** (pz - 1) + py * pz
        assert float(dfdx(px, py, pz)) == pytest.approx(course, rel=1e-12)
        each = sum(float(gradviz.Function((d,), f.variables)(px, py, pz)) for _, d in pairs)
        assert each == pytest.approx(course, rel=1e-12)


# -- §4 and §4.1: the gradient of sin(xy) ---------------------------------------------------

def test_gradient_of_sin_xy_symbolically():
    """Test that ∇ sin(xy) = [y cos(xy), x cos(xy)] as exact sympy expressions."""
    g = gradient(parse("sin(x*y)"))
    assert g.exprs == (y * sp.cos(x * y), x * sp.cos(x * y))
    assert g.shape == (2,)


def test_gradient_of_sin_xy_on_the_course_grid():
    """Test that the ∇ sin(xy) arrows on the course's 15 × 15 grid match its gradf."""
    def gradf(x, y):
        return (y * np.cos(x * y), x * np.cos(x * y))

    xsmall = np.linspace(0, 4, 15)
    ysmall = np.linspace(0, 4, 15)
    xxsmall, yysmall = np.meshgrid(xsmall, ysmall)
    gradx, grady = gradf(xxsmall, yysmall)
    X, Y, U, V = gradient_field(parse("sin(x*y)"), Domain(0, 4, 0, 4), 15)
    np.testing.assert_array_equal(X, xxsmall)
    np.testing.assert_array_equal(Y, yysmall)
    np.testing.assert_allclose(U, gradx, **TOL)
    np.testing.assert_allclose(V, grady, **TOL)
    np.testing.assert_allclose(gradient(parse("sin(x*y)"))(xxsmall, yysmall),
                               np.array(gradf(xxsmall, yysmall)), **TOL)


# -- §4.2: why the gradient is the direction of steepest ascent -----------------------------

def test_no_random_direction_beats_the_gradient():
    """Test that for ∇f = [5, 2, −1, 0] no random unit direction gives more than |∇f| = √30."""
    best, top, u = best_of_random_directions([5, 2, -1, 0], n=20000, seed=7)
    assert top == pytest.approx(np.sqrt(30), rel=1e-15)
    assert best <= top
    assert best > 0.95 * top  # many tries come close, none beats it
    f = parse("5x1 + 2x2 - x3 + 0*x4", variables=("x1", "x2", "x3", "x4"))
    g = gradient_at(f, (0, 0, 0, 0))
    np.testing.assert_array_equal(g, [5.0, 2.0, -1.0, 0.0])
    assert directional_derivative_at(f, (0, 0, 0, 0), g) == pytest.approx(np.sqrt(30), rel=1e-12)
    assert directional_derivative_at(f, (0, 0, 0, 0), (1, 0, 0, 0)) == 5.0  # the x₁ direction
    assert directional_derivative_at(f, (0, 0, 0, 0), u) == pytest.approx(best, rel=1e-12)


# -- the Jacobian chapter -------------------------------------------------------------------

def course_jacobian(x, y):
    return np.array([[2 * x, -1],
                     [1, 2 * y]])


def test_jacobian_of_the_chapter_map():
    """Test that J of f = [x² − y, y² + x] is [[2x, −1], [1, 2y]] exactly."""
    J = jacobian(parse("[x^2 - y, y^2 + x]"))
    assert J.matrix == sp.Matrix([[2 * x, -1], [1, 2 * y]])
    assert J.shape == (2, 2)


def test_frobenius_norm_heatmap_matches_the_course_loop():
    """Test that the ‖J‖_F heatmap of the course's figure (its scene, on linspace(−2, 2, 25)²)
    matches the course's double loop."""
    x_vals = np.linspace(-2, 2, 25)
    y_vals = np.linspace(-2, 2, 25)
    X, Y = np.meshgrid(x_vals, y_vals)
    J_norm = np.zeros_like(X)
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            J = course_jacobian(X[i, j], Y[i, j])
            J_norm[i, j] = np.linalg.norm(J, ord="fro")
    scene = course_scene(parse("[x^2 - y, y^2 + x]"), Domain.square(-2, 2), 25, COURSE_POINTS)
    heat = run(scene)[0][1][0]  # the course figure's heatmap: its first layer's grid
    np.testing.assert_array_equal(heat["X"], X)
    np.testing.assert_array_equal(heat["Y"], Y)
    np.testing.assert_allclose(heat["Z"], J_norm, **TOL)


@pytest.mark.parametrize("point", COURSE_POINTS)
def test_images_of_the_basis_vectors(point):
    """Test that J e₁ and J e₂ at (−1, −1), (0, 0), (1, 1) match the figure's red and orange arrows."""
    f = parse("[x^2 - y, y^2 + x]")
    J = course_jacobian(*point)
    e1 = np.array([1, 0])
    e2 = np.array([0, 1])
    ours = jacobian_at(f, point)
    np.testing.assert_allclose(ours, J, **TOL)
    np.testing.assert_allclose(ours @ e1, J @ e1, **TOL)
    np.testing.assert_allclose(ours @ e2, J @ e2, **TOL)
    L = gradviz.linearisation(f, point)
    h = 1e-4
    for e in (e1, e2):  # the linear map moves a small step exactly by J e
        moved = L(*(np.asarray(point) + h * e)) - L(*point)
        np.testing.assert_allclose(moved / h, J @ e, **TOL)


def test_gradient_is_jacobian_transposed_for_m_1():
    """Test that the chapter's special case m = 1 holds: ∇f = J_fᵀ."""
    f = parse("x^2 + y^2 + e^z + x^z + x*y*z")
    assert jacobian(f).matrix.T == gradient(f).matrix
