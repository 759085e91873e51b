"""Unit tests for gradviz.function: vectorised evaluation, shapes, undefined values, description."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import gradviz
from gradviz import ExpressionError, Function, count_undefined, parse
from gradviz.function import natural_order
from gradviz.parsing import symbol

x, y, z = (symbol(n) for n in "xyz")


@pytest.fixture
def plane():
    """A 3 × 4 meshgrid (rows are y), small enough to check by hand."""
    return np.meshgrid(np.linspace(-1.5, 1.5, 4), np.linspace(-1.0, 1.0, 3))


# -- shapes ---------------------------------------------------------------------------------

def test_scalar_output_has_the_grid_shape(plane):
    """Test that a scalar f(X, Y) is an array of the grid's shape with numpy's values."""
    X, Y = plane
    out = parse("sin(x*y) + x^2")(X, Y)
    assert out.shape == X.shape
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, np.sin(X * Y) + X**2, rtol=1e-15)


def test_vector_output_puts_components_first(plane):
    """Test that a vector f(X, Y) has shape (m, *grid), component i at index i."""
    X, Y = plane
    out = parse("[x^2 - y, y^2 + x, x*y]")(X, Y)
    assert out.shape == (3, *X.shape)
    np.testing.assert_allclose(out, np.array([X**2 - Y, Y**2 + X, X * Y]), rtol=1e-15)


def test_matrix_output_has_shape_m_n_grid(plane):
    """Test that a Jacobian Function evaluates to (m, n, *grid)."""
    X, Y = plane
    J = gradviz.jacobian(parse("[x^2 - y, y^2 + x, x*y]"))
    out = J(X, Y)
    assert out.shape == (3, 2, *X.shape)
    np.testing.assert_array_equal(out[0, 1], -np.ones_like(X))
    np.testing.assert_array_equal(out[2, 0], Y)


def test_constant_components_broadcast(rng):
    """Test that constant components fill the grid, as in the course's [y z², 0, x y z, x − y]."""
    f = parse("[y*z^2, 0, x*y*z, x - y]")
    X, Y, Z = (rng.uniform(-2, 2, size=(5, 6, 7)) for _ in range(3))
    out = f(X, Y, Z)
    assert out.shape == (4, 5, 6, 7)
    np.testing.assert_array_equal(out[1], np.zeros((5, 6, 7)))
    np.testing.assert_allclose(out, np.array([Y * Z**2, 0 * X, X * Y * Z, X - Y]), rtol=1e-15)
    const = parse("[1, 2]")
    assert const().shape == (2,)
    assert parse("3", min_variables=2)(np.zeros((2, 3)), 1.0).shape == (2, 3)


def test_scalars_and_arrays_broadcast(plane):
    """Test that numbers and arrays mix like numpy: a fixed z on a grid of (x, y)."""
    X, Y = plane
    f = parse("x*y*z")
    np.testing.assert_allclose(f(X, Y, 2.0), 2 * X * Y)
    np.testing.assert_allclose(f(X[0], 1.0, Y[:, :1]), X[0] * Y[:, :1])
    assert f(X[0], 1.0, Y[:, :1]).shape == (3, 4)


def test_point_values_and_python_ints():
    """Test that Python ints and floats work and a point gives a 0-d (scalar) or (m,) array."""
    f = parse("[x, sin(y)]")
    out = f(2, 10)
    assert out.shape == (2,)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, [2.0, np.sin(10.0)], rtol=1e-15)
    g = parse("x^2 + 3y")
    assert g(1, 2).shape == ()
    assert float(g(1, 2)) == 7.0
    assert float(g.at((1, 2))) == 7.0
    assert float(g(np.int64(1), np.float32(2))) == 7.0


def test_result_never_aliases_the_input():
    """Test that f(x) = x returns a new array, so changing the result can't change the input."""
    X = np.arange(4.0)
    out = parse("x")(X)
    assert out is not X
    out[0] = 99.0
    assert X[0] == 0.0


def test_wrong_number_of_inputs():
    """Test that calling with the wrong number of inputs names the variables."""
    f = parse("x + y")
    with pytest.raises(ExpressionError, match=r"takes 2 inputs \(x, y\), got 1"):
        f(1.0)
    with pytest.raises(ExpressionError, match=r"the point needs 2 coordinates \(x, y\), got 3"):
        f.at((1, 2, 3))


# -- undefined values -----------------------------------------------------------------------

def test_undefined_values_are_nan_or_inf_without_warnings(strict_warnings):
    """Test that log(<0), 1/0 and exp overflow give nan/inf, not exceptions or numpy warnings."""
    pts = np.array([-1.0, 0.0, 1000.0])
    np.testing.assert_array_equal(parse("log(x)")(pts)[:2], [np.nan, -np.inf])
    assert parse("1/x")(0.0) == np.inf
    assert parse("exp(x)")(1000.0) == np.inf
    assert Function((sp.exp(1000),), ())() == np.inf  # the parser refuses it: too large
    assert np.isnan(parse("sqrt(x)")(-4.0))
    assert np.isnan(parse("x^(1/3)")(-8.0))
    assert np.isnan(parse("asin(x)")(2.0))
    assert np.isnan(parse("exp(x) - exp(2x)")(1000.0))  # inf − inf
    assert parse("x/y")(np.array([1.0, -1.0]), 0.0).tolist() == [np.inf, -np.inf]


def test_numbers_beyond_float_range_give_inf_not_errors(strict_warnings):
    """Test that exact numbers too large for a double (10^400, 10^20 in a ufunc) still evaluate.

    The parser refuses such numbers in what a student types; a Function built in a
    notebook can still hold them.
    """
    big = sp.Integer(10) ** 400
    assert Function((big * x,), ("x",))(1.0) == np.inf
    assert Function((big + x,), ("x",))(0.0) == np.inf
    assert Function((x / big,), ("x",))(1.0) == 0.0
    assert float(parse("sin(10^20)")()) == pytest.approx(np.sin(1e20), abs=1e-12)
    assert float(Function((sp.log(big),), ())()) == pytest.approx(400 * np.log(10))
    assert Function((sp.pi ** (sp.pi ** (sp.pi ** sp.pi)) * x,), ("x",))(1.0) == np.inf
    assert float(parse("x*99999999999999999999")(2)) == pytest.approx(2e20)


def test_complex_values_become_nan():
    """Test that a complex value (imaginary part not negligible) becomes nan, a real one stays."""
    f = Function((x + sp.I * y,), ("x", "y"))
    out = f(np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, 1e-20]))
    np.testing.assert_array_equal(out, [1.0, np.nan, 3.0])
    v = Function((x, sp.I * x), ("x",))
    np.testing.assert_array_equal(v(np.array([0.0, 2.0])), [[0.0, 2.0], [0.0, np.nan]])


def test_count_undefined():
    """Test that count_undefined reports k undefined points out of N, a point once per grid cell."""
    assert count_undefined(parse("log(x)")(np.linspace(-1, 1, 5))) == (3, 5)
    X, Y = np.meshgrid(np.linspace(-1, 1, 3), np.linspace(-1, 1, 3))
    assert count_undefined(parse("[log(x), 1/y]")(X, Y)) == (7, 9)
    assert count_undefined(parse("x + y")(X, Y)) == (0, 9)
    assert count_undefined(np.array([[1.0, np.nan], [np.inf, -np.inf]])) == (3, 4)


def test_derivative_of_abs_is_evaluable():
    """Test that |x|' (sign, with Heaviside/DiracDelta from sympy) evaluates to −1, 0, 1."""
    g = gradviz.gradient(parse("|x| + |y|^2"))
    out = g(np.array([-2.0, 0.0, 3.0]), np.array([1.0, 0.0, -1.0]))
    np.testing.assert_array_equal(out, [[-1.0, 0.0, 1.0], [2.0, 0.0, -2.0]])


# -- description -------------------------------------------------------------------------

def test_construction_from_plain_numbers():
    """Test that ints and floats become sympy numbers, and a wrong shape or variable is refused."""
    f = Function((0, 1.5, x), ("x",))
    assert f.exprs == (sp.Integer(0), sp.Float(1.5), x)
    assert f.shape == (3,)
    assert Function((x,), ("x",)).shape == ()
    with pytest.raises(ValueError, match="does not hold"):
        Function((x, y), ("x", "y"), shape=(3,))
    with pytest.raises(ExpressionError, match="uses y which is not among its variables"):
        Function((x + y,), ("x",))


def test_properties_of_a_vector_function():
    """Test that a vector Function has the right n, m, is_scalar, expr, matrix and symbols."""
    f = parse("[x^2 - y, y^2 + x]")
    assert (f.n, f.m, f.is_scalar) == (2, 2, False)
    assert f.symbols == (x, y)
    assert f.matrix == sp.Matrix([x**2 - y, y**2 + x])
    with pytest.raises(ExpressionError, match="not scalar"):
        _ = f.expr
    J = gradviz.jacobian(f)
    assert J.matrix == sp.Matrix([[2 * x, -1], [1, 2 * y]])
    assert J.m == 2
    assert parse("x").matrix == sp.Matrix([[x]])


def test_latex():
    """Test that scalars, vectors and matrices give the right LaTeX, rounded with digits=."""
    assert parse("x^2").latex() == "x^{2}"
    assert parse("[x, y]").latex() == r"\begin{bmatrix} x \\ y \end{bmatrix}"
    J = gradviz.jacobian(parse("[x^2, y]"))
    assert J.latex() == r"\begin{bmatrix} 2 x & 0 \\ 0 & 1 \end{bmatrix}"
    assert parse("0.123456*x").latex(digits=2) == "0.12 x"
    assert parse("0.123456*x").latex() != "0.12 x"


def test_repr_equality_and_hash():
    """Test that equal expressions are equal Functions with equal hashes, and repr shows the text."""
    a = parse("x^2 + y")
    b = Function((x**2 + y,), ("x", "y"))
    assert a == b
    assert hash(a) == hash(b)
    assert a != parse("x^2 + y", variables=("y", "x"))
    assert a != "x^2 + y"
    assert repr(a) == "Function('x^2 + y', variables=('x', 'y'), shape=())"
    assert repr(b) == "Function('x**2 + y', variables=('x', 'y'), shape=())"


def test_cached_builds_once():
    """Test that Function.cached computes a derived object once and then returns it."""
    f = Function((x,), ("x",))
    calls = []
    first = f.cached("k", lambda: calls.append(1) or object())
    assert f.cached("k", lambda: calls.append(1) or object()) is first
    assert calls == [1]
    assert f._compiled() is f._compiled()


def test_natural_order():
    """Test that natural_order puts x, y, z first, then the rest with digits compared as numbers."""
    assert natural_order(["t", "z", "x", "x10", "x2", "y"]) == ("x", "y", "z", "t", "x2", "x10")
    assert natural_order(["b", "a", "b"]) == ("a", "b")
    assert natural_order([]) == ()
