"""Unit tests for gradviz.calculus: the operators, their shape conventions and their errors."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import gradviz
from gradviz import (
    ExpressionError,
    Function,
    calculus,
    directional_derivative,
    directional_derivative_at,
    directional_derivative_limit,
    gradient,
    gradient_at,
    hessian,
    jacobian,
    jacobian_at,
    linearisation,
    linearization,
    parse,
    partial,
    partial_terms,
)
from gradviz.calculus import to_number
from gradviz.parsing import symbol

x, y, z, r, theta = (symbol(n) for n in ("x", "y", "z", "r", "theta"))


def test_partial_by_name_and_index():
    """Test that ∂f/∂var works by name or index, componentwise, keeping variables and shape."""
    f = parse("x^2*y + sin(y)")
    assert partial(f, "x").expr == 2 * x * y
    assert partial(f, 1).expr == x**2 + sp.cos(y)
    assert partial(f, np.int64(1)) is partial(f, "y")
    v = partial(parse("[x*y, x + y^2]"), "y")
    assert v.exprs == (x, 2 * y)
    assert (v.shape, v.variables) == ((2,), ("x", "y"))


@pytest.mark.parametrize(("var", "message"), [
    ("z", "`z` is not a variable of this function (its variables are x, y)"),
    (2, "variable index 2 out of range"),
    (-1, "variable index -1 out of range"),
])
def test_partial_errors(var, message):
    """Test that an unknown variable or index is refused with the variables listed."""
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        partial(parse("x + y"), var)


def test_gradient_is_a_column_of_partials():
    """Test that ∇f has one component per variable, in variable order."""
    g = gradient(parse("x^2 + 3y + 0*z", variables=("x", "y", "z")))
    assert g.shape == (3,)
    assert g.exprs == (2 * x, sp.Integer(3), sp.Integer(0))
    assert g is gradient(parse("x^2 + 3y + 0*z", variables=("x", "y", "z")))


def test_gradient_of_a_vector_suggests_the_jacobian():
    """Test that asking for the gradient of a vector function points to the Jacobian."""
    with pytest.raises(ExpressionError, match="try the Jacobian"):
        gradient(parse("[x, y]"))


def test_jacobian_rows_are_outputs_columns_are_inputs():
    """Test that J[i, j] = ∂f_i/∂x_j, shape (m, n), for the polar map."""
    polar = parse("[r*cos(theta), r*sin(theta)]", variables=("r", "theta"))
    J = jacobian(polar)
    assert J.shape == (2, 2)
    assert J.matrix == sp.Matrix([[sp.cos(theta), -r * sp.sin(theta)],
                                  [sp.sin(theta), r * sp.cos(theta)]])
    assert sp.simplify(J.matrix.det()) == r
    three = jacobian(parse("[x*y, y*z, z*x, x]"))
    assert three.shape == (4, 3)


def test_jacobian_of_a_scalar_is_the_gradient_as_a_row():
    """Test that for m = 1 the Jacobian is (1, n) and equals ∇fᵀ exactly."""
    f = parse("x*y^2 + exp(x)")
    J = jacobian(f)
    assert J.shape == (1, 2)
    assert J.exprs == gradient(f).exprs
    assert J.matrix == gradient(f).matrix.T


def test_jacobian_of_a_matrix_is_refused():
    """Test that the Jacobian of a matrix-valued Function is refused."""
    with pytest.raises(ExpressionError, match="not matrices"):
        jacobian(jacobian(parse("[x, y]")))


def test_hessian_is_jacobian_of_gradient():
    """Test that hessian(f) is literally jacobian(gradient(f)), and symmetric here."""
    f = parse("x^2*y + y^3")
    H = hessian(f)
    assert H is jacobian(gradient(f))
    assert H.matrix == sp.Matrix([[2 * y, 2 * x], [2 * x, 6 * y]])
    assert H.matrix == H.matrix.T


def test_values_at_points():
    """Test that gradient_at and jacobian_at have shapes (n,) and (m, n) for any coordinate sequence."""
    f = parse("x^2 + 3y")
    np.testing.assert_array_equal(gradient_at(f, (1.0, 2.0)), [2.0, 3.0])
    np.testing.assert_array_equal(gradient_at(f, np.array([[1], [2]])), [2.0, 3.0])
    g = parse("[x^2 - y, y^2 + x]")
    np.testing.assert_array_equal(jacobian_at(g, [-1, -1]), [[-2.0, -1.0], [1.0, -2.0]])
    assert jacobian_at(f, (0, 0)).shape == (1, 2)
    with pytest.raises(ExpressionError, match="the point needs 2 coordinates"):
        gradient_at(f, (1.0,))


def test_directional_derivative_function():
    """Test that D_u f = ∇f·û symbolically, exact for integer directions, or with u as given."""
    f = parse("x^2 + y^2")
    assert directional_derivative(f, (3, 4)).expr == sp.Rational(6, 5) * x + sp.Rational(8, 5) * y
    assert directional_derivative(f, (3, 4), normalize=False).expr == 6 * x + 8 * y
    assert directional_derivative(f, (1, 1)).expr == sp.sqrt(2) * x + sp.sqrt(2) * y
    with pytest.raises(ExpressionError, match="non-zero"):
        directional_derivative(f, (0, 0))
    with pytest.raises(ExpressionError, match="needs 2 components, got 3"):
        directional_derivative(f, (1, 0, 0))


def test_directional_derivative_at_and_limit():
    """Test that ∇f(p)·û and its limit quotient are right, and h = 0 or a vector f is refused."""
    f = parse("x^2 + y^2")
    assert directional_derivative_at(f, (1, 2), (0, 5)) == pytest.approx(4.0, rel=1e-15)
    assert directional_derivative_limit(f, (1, 2), (0, 5), 0.5) == pytest.approx(4.5, rel=1e-12)
    assert directional_derivative_limit(f, (1, 2), (0, 5), -0.5) == pytest.approx(3.5, rel=1e-12)
    with pytest.raises(ExpressionError, match="non-zero number"):
        directional_derivative_limit(f, (1, 2), (0, 1), 0.0)
    with pytest.raises(ExpressionError, match="non-zero number"):
        directional_derivative_limit(f, (1, 2), (0, 1), float("nan"))
    with pytest.raises(ExpressionError, match="scalar functions"):
        directional_derivative_limit(parse("[x, y]"), (1, 2), (0, 1), 0.1)


def test_linearisation_is_exact_at_the_point():
    """Test that L(x) = f(x₀) + J(x₀)(x − x₀) has exact coefficients, for a vector and a scalar f."""
    L = linearisation(parse("[x^2 - y, y^2 + x]"), (1, 1))
    assert L.exprs == (2 * x - y - 1, x + 2 * y - 1)
    assert L.shape == (2,)
    S = linearisation(parse("sin(x)"), (2,))
    assert sp.expand(S.expr - (sp.sin(2) + sp.cos(2) * (x - 2))) == 0
    assert linearization is linearisation
    with pytest.raises(ExpressionError, match="scalar or vector"):
        linearisation(jacobian(parse("[x, y]")), (1, 1))


def test_linearisation_at_float_points_matches_f_and_gradient(rng):
    """Test that L(x₀) = f(x₀) and ∇L = ∇f(x₀) at a non-integer point."""
    f = parse("sin(x*y) + x^3")
    p = tuple(rng.uniform(-2, 2, size=2))
    L = linearisation(f, p)
    assert float(L(*p)) == pytest.approx(float(f(*p)), rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(gradient_at(L, (0.3, -0.7)), gradient_at(f, p), rtol=1e-12)


@pytest.mark.parametrize(("text", "point", "why"), [
    ("x/y", (1, 0), "undefined"), ("sqrt(x)", (-1,), "undefined"),
    ("log(x) + y", (-1, 0), "undefined"), ("|x| + |y|", (0, 0), "∂f/∂x does not exist"),
    ("[x, |y|]", (1, 0), "∂f₂/∂y does not exist"),
])
def test_no_linearisation_where_f_is_not_differentiable(text, point, why):
    """Test that linearisation refuses, saying why, where none exists (it returned zoo,
    complex or sign(0) = 0 coefficients)."""
    with pytest.raises(ExpressionError, match="has no linearisation") as info:
        linearisation(parse(text), point)
    assert why in str(info.value)


@pytest.mark.parametrize(("text", "point"), [
    ("x^x^x", (10,)),            # exactly, 10^(10^10)
    ("x^y", (10, 1e9)),
    ("exp(x*log(y))", (1e9, 10)),
    ("(x+9)^1000", (99999,)),
])
def test_linearisation_at_huge_points_uses_floats_quickly(text, point):
    """Test that a point where exact arithmetic would build a gigantic integer returns fast, in floats."""
    t0 = time.perf_counter()
    L = linearisation(parse(text), point)
    assert time.perf_counter() - t0 < 2.0
    assert L.exprs[0].atoms(sp.Float)


def test_partial_terms_in_typed_order():
    """Test that term-by-term derivatives follow the typed order and tidy x^z·z/x to z·x^(z−1)."""
    f = parse("x^2 + y^2 + e^x + x^z + x*y*z")
    pairs = partial_terms(f, "x")
    assert [t for t, _ in pairs] == [x**2, y**2, sp.exp(x), x**z, x * y * z]
    assert [d for _, d in pairs] == [2 * x, 0, sp.exp(x), z * x ** (z - 1), y * z]
    assert sp.simplify(sum(d for _, d in pairs) - partial(f, "x").expr) == 0


def test_partial_terms_of_built_functions_and_errors():
    """Test that partial_terms works on a built Function (sympy's order) and refuses a vector."""
    f = Function((x**2 + 3 * x,), ("x",))
    assert sorted(partial_terms(f, 0), key=str) == sorted([(x**2, 2 * x), (3 * x, 3)], key=str)
    with pytest.raises(ExpressionError, match="scalar functions"):
        partial_terms(parse("[x, y]"), "x")


@pytest.mark.parametrize(("value", "expected"), [
    (2.0, sp.Integer(2)),
    (-3, sp.Integer(-3)),
    (2.5, sp.Float(2.5)),
    (1e16, sp.Float(1e16)),
    (np.float64(0.0), sp.Integer(0)),
])
def test_to_number(value, expected):
    """Test that whole coordinates become sympy Integers and others Floats."""
    out = to_number(value)
    assert out == expected
    assert isinstance(out, sp.Integer) == isinstance(expected, sp.Integer)
    assert isinstance(out, sp.Float) == isinstance(expected, sp.Float)


def test_public_api_is_complete():
    """Test that every name gradviz exports exists (and the lazily imported figures is not eager)."""
    for name in gradviz.__all__:
        assert hasattr(gradviz, name), name
    with pytest.raises(AttributeError):
        _ = gradviz.no_such_name


def test_every_public_module_is_an_attribute_after_import_gradviz():
    """Test that a notebook's bare `import gradviz` reaches every module the README names
    (gradviz.views.fit, gradviz.scene, …) in a fresh interpreter."""
    import subprocess
    import sys

    names = ["budget", "calculus", "checking", "domain", "errors", "export", "figures",
             "formatting", "function", "parsing", "presets", "sampling", "scene", "topics",
             "views"]
    code = (f"import gradviz\nfor name in {names!r}:\n    assert getattr(gradviz, name)"
            ".__name__ == 'gradviz.' + name, name\nprint('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "ok", out.stderr[-1000:]


#: ((x² − 1)² − 1)²… twenty times: a short text of degree 2²⁰ if anything expanded it
TOWER = "(" * 20 + "x^2 - 1" + ")^2 - 1" * 20


@pytest.mark.parametrize("text, degree", [
    ("x*y + 3", 2), ("(x + 1)^3 - x^3", 2), ("x^12 + y", 12), ("x^13", None), ("sin(x)", None),
    ("x/y", None), ("abs(x)", None), (TOWER, None), (TOWER + " + y", None),
])
def test_polynomial_degree_never_expands_a_tower(text, degree):
    """Test that the degree of a polynomial is read exactly and that a formula whose degree the
    tree cannot bound by 12 (a tower of squares) is refused, not expanded."""
    f = gradviz.parse(text)
    assert calculus.polynomial_degree(f.expr, f.symbols) == degree


@pytest.mark.parametrize("text, inside, edge", [
    ("log(x*y)", (0.01, 0.01), (0, 1)),
    ("x + log(y)", (100, 0.9), (100, 0)),
    ("sqrt(1 - x^2 - y^2)", (0.99, 0), (1, 0)),
    ("x + sqrt(y)", (100, 0.9), (100, 0)),
])
def test_near_the_domains_edge_is_not_on_it(text, inside, edge):
    """Test that a point inside f's domain, however near its edge, keeps its derivatives, and
    that a point on the edge (f undefined arbitrarily close) is not differentiable."""
    f = gradviz.parse(text)
    d = gradviz.calculus.derivatives_at(f, inside)
    assert d.differentiable, d.reason
    np.testing.assert_allclose(d.grad, gradviz.gradient_at(f, inside))
    assert not gradviz.calculus.derivatives_at(f, edge).differentiable
