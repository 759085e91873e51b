"""Property tests: random expression *texts* from a small grammar, parsed and cross-checked.

Each symbolic derivative is checked against central finite differences, and the operators against
one another (J of a scalar = ∇fᵀ, hessian = jacobian ∘ gradient, J rows = component gradients).
Hypothesis runs derandomized with a bounded number of examples, so the module is reproducible and
takes seconds.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gradviz import (
    Function,
    directional_derivative_at,
    directional_derivative_limit,
    gradient,
    gradient_at,
    hessian,
    jacobian,
    jacobian_at,
    linearisation,
    parse,
)
from gradviz.sampling import linearisation_error

PROPERTY = settings(derandomize=True, deadline=None, max_examples=40, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

XY = ("x", "y")
XYZ = ("x", "y", "z")
BIG = 1e4  # skip points where values or derivatives are this large: differences lose digits


def expressions(names: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Texts of smooth expressions in student syntax: numbers, variables, + − * /, small integer
    powers (^ and **), sin, cos, exp, sqrt(1 + u²), implicit products like 2x and 3(u)."""
    leaves = st.one_of(
        st.sampled_from(names),
        st.sampled_from(["1", "2", "3", "0.5", "1.5"]),
        st.tuples(st.sampled_from(["2", "3", "0.5"]), st.sampled_from(names)).map("".join),
    )
    if {"x", "y"} <= set(names):
        leaves = st.one_of(leaves, st.just("xy"))

    def extend(inner):
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(inner, inner).map(lambda t: f"({t[0]})/(1 + ({t[1]})^2)"),
            st.tuples(inner, st.sampled_from(["^", "**"]), st.sampled_from(["2", "3"])).map(
                lambda t: f"({t[0]}){t[1]}{t[2]}"),
            st.tuples(st.sampled_from(["sin", "cos"]), inner).map(lambda t: f"{t[0]}({t[1]})"),
            inner.map(lambda u: f"exp(({u})/3)"),
            inner.map(lambda u: f"sqrt(1 + ({u})^2)"),
            st.tuples(st.sampled_from(["2", "3"]), inner).map(lambda t: f"{t[0]}({t[1]})"),
            inner.map(lambda u: f"-({u})"),
        )

    return st.recursive(leaves, extend, max_leaves=6)


def points(n: int) -> st.SearchStrategy[tuple[float, ...]]:
    """Points with coordinates in [−1.5, 1.5]."""
    coord = st.floats(-1.5, 1.5, allow_nan=False, allow_infinity=False)
    return st.tuples(*[coord] * n)


def unit_vectors(n: int) -> st.SearchStrategy[np.ndarray]:
    """Directions of length 1 (from non-tiny vectors)."""
    coord = st.floats(-1, 1, allow_nan=False, allow_infinity=False)
    return st.tuples(*[coord] * n).map(np.array).filter(
        lambda v: np.linalg.norm(v) > 0.1).map(lambda v: v / np.linalg.norm(v))


def tame(*values) -> bool:
    """Whether every number is finite and below BIG in size."""
    arr = np.concatenate([np.ravel(np.asarray(v, dtype=float)) for v in values])
    return bool(np.all(np.isfinite(arr)) and np.max(np.abs(arr)) < BIG)


@PROPERTY
@given(text=expressions(XY), point=points(2))
def test_gradient_matches_central_differences(text, point, central_jacobian):
    """Test that ∇f of a random expression equals central finite differences at a random point."""
    f = parse(text, variables=XY)
    g = gradient_at(f, point)
    fd = central_jacobian(f, point)
    assume(tame(f(*point), g, fd))
    scale = max(1.0, abs(float(f(*point))), float(np.max(np.abs(g))))
    np.testing.assert_allclose(g, fd, rtol=1e-5, atol=1e-6 * scale)


@PROPERTY
@given(texts=st.lists(expressions(XYZ), min_size=2, max_size=3), point=points(3))
def test_jacobian_matches_central_differences(texts, point, central_jacobian):
    """Test that J of a random vector expression equals central differences, row by row."""
    f = parse("[" + ", ".join(texts) + "]", variables=XYZ)
    J = jacobian_at(f, point)
    fd = central_jacobian(f, point)
    assume(tame(f(*point), J, fd))
    assert J.shape == fd.shape == (len(texts), 3)
    scale = max(1.0, float(np.max(np.abs(f(*point)))), float(np.max(np.abs(J))))
    np.testing.assert_allclose(J, fd, rtol=1e-5, atol=1e-6 * scale)


@PROPERTY
@given(texts=st.lists(expressions(XYZ), min_size=1, max_size=3))
def test_jacobian_rows_are_the_component_gradients(texts):
    """Test that row i of J is exactly ∇f_i (one route against another), and J of a scalar is ∇fᵀ."""
    f = parse("[" + ", ".join(texts) + "]", variables=XYZ)
    J = jacobian(f)
    rows = [gradient(Function((e,), XYZ)).exprs for e in f.exprs]
    assert J.exprs == tuple(e for row in rows for e in row)
    scalar = parse(texts[0], variables=XYZ)
    assert jacobian(scalar).shape == (1, 3)
    assert jacobian(scalar).exprs == gradient(scalar).exprs
    assert jacobian(scalar).matrix == gradient(scalar).matrix.T


@PROPERTY
@given(coeffs=st.tuples(*[st.integers(-9, 9)] * 4), point=points(2))
def test_jacobian_of_a_linear_map_is_its_matrix(coeffs, point):
    """Test that the Jacobian of [a x + b y, c x + d y] is exactly [[a, b], [c, d]] everywhere."""
    a, b, c, d = coeffs
    f = parse(f"[{a}x + {b}y, {c}x + {d}y]", min_variables=2)
    M = sp.Matrix([[a, b], [c, d]])
    assert jacobian(f).matrix == M
    np.testing.assert_array_equal(jacobian_at(f, point), np.array(M, dtype=float))
    np.testing.assert_allclose(f(*point), np.array(M, dtype=float) @ np.array(point),
                               rtol=1e-15, atol=1e-15)


@PROPERTY
@given(text=expressions(XY), point=points(2))
def test_hessian_is_jacobian_of_gradient_and_symmetric(text, point, central_jacobian):
    """Test that hessian(f) = jacobian(gradient(f)) is symmetric and matches differences of ∇f."""
    f = parse(text, variables=XY)
    H = hessian(f)
    assert H == jacobian(gradient(f))
    assert H.shape == (2, 2)
    Hp = H(*point)
    fd = central_jacobian(gradient(f), point)
    assume(tame(f(*point), gradient_at(f, point), Hp, fd))
    scale = max(1.0, float(np.max(np.abs(Hp))))
    np.testing.assert_allclose(Hp, Hp.T, rtol=1e-9, atol=1e-12 * scale)
    np.testing.assert_allclose(Hp, fd, rtol=1e-5, atol=1e-6 * scale)


@PROPERTY
@given(text=expressions(XY), point=points(2), d=unit_vectors(2))
def test_linearisation_error_is_second_order(text, point, d):
    """Test that f(x₀ + h d) − L(x₀ + h d) shrinks like h²: halving h divides it by about 4."""
    f = parse(text, variables=XY)
    L = linearisation(f, point)
    p = np.array(point)
    H = hessian(f)(*point)
    curv = float(d @ H @ d)
    assume(tame(f(*point), gradient_at(f, point), H))
    assume(abs(curv) > 1e-2 * max(1.0, float(np.max(np.abs(H)))))  # a clear h² term

    def err(h):
        q = p + h * d
        return abs(float(f(*q)) - float(L(*q)))

    h = 1e-3
    ratio = err(h) / err(h / 2)
    assert 3.0 < ratio < 5.0
    assert abs(err(h) / h**2 - abs(curv) / 2) < 0.1 * abs(curv)  # the h² coefficient is dᵀHd/2
    route = linearisation_error(f, point, [h], direction=d)[0]  # numeric J instead of symbolic L
    assert abs(route - err(h)) <= 1e-6 * err(h) + 1e-12 * max(1.0, abs(float(f(*point))))


@PROPERTY
@given(text=expressions(XY), point=points(2), d=unit_vectors(2))
def test_limit_quotient_tends_to_the_directional_derivative(text, point, d):
    """Test that (f(x + h û) − f(x)) / h → ∇f·û as h → 0, the error shrinking about like h."""
    f = parse(text, variables=XY)
    D = directional_derivative_at(f, point, d)
    H = hessian(f)(*point)
    assume(tame(f(*point), D, H))
    scale = max(1.0, abs(D), abs(float(f(*point))), float(np.max(np.abs(H))))
    errors = [abs(directional_derivative_limit(f, point, d, h) - D) for h in (1e-2, 1e-6)]
    assert errors[1] < 1e-4 * scale
    if errors[0] > 2e-6 * scale:  # a visible error at h = 1e-2 has shrunk by h = 1e-6
        assert errors[1] < errors[0]


@PROPERTY
@given(text=expressions(XYZ), point=points(3))
def test_gradient_at_is_gradient_evaluated(text, point):
    """Test that gradient_at(f, p) is exactly gradient(f)(*p), with shape (n,)."""
    f = parse(text, variables=XYZ)
    g = gradient_at(f, point)
    assert g.shape == (3,)
    np.testing.assert_array_equal(g, gradient(f)(*point))
    np.testing.assert_array_equal(jacobian_at(f, point)[0], g)
