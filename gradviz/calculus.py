"""Symbolic calculus on :class:`~gradviz.function.Function`: operators that return Functions.

Shape convention (as in autograd and sympy): the Jacobian of f: Rⁿ → Rᵐ has one row
per output and one column per input, ``J[i, j] = ∂f_i/∂x_j``. For a scalar f the
Jacobian is the gradient as a row, shape ``(1, n)``; ``gradient(f)`` is the column,
shape ``(n,)``. The Hessian is literally ``jacobian(gradient(f))``.

No operator here calls ``simplify``: derivatives are exactly what sympy's
differentiation rules give.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import sympy as sp

from .errors import ExpressionError
from .function import Function
from .parsing import LIMITS, symbol

__all__ = [
    "partial", "gradient", "jacobian", "hessian", "gradient_at", "jacobian_at",
    "directional_derivative", "directional_derivative_at", "directional_derivative_limit",
    "linearisation", "linearization", "partial_terms", "to_number",
]


def _var_index(f: Function, var: str | int) -> int:
    if isinstance(var, (int, np.integer)):
        if not 0 <= var < f.n:
            raise ExpressionError(f"variable index {var} out of range for {f.variables}")
        return int(var)
    if var not in f.variables:
        raise ExpressionError(
            f"`{var}` is not a variable of this function (its variables are "
            f"{', '.join(f.variables) or 'none'})")
    return f.variables.index(var)


def partial(f: Function, var: str | int) -> Function:
    r"""The partial derivative ∂f/∂var, componentwise for a vector f.

    Parameters
    ----------
    f : Function
    var : str or int
        A variable name or its index.

    Returns
    -------
    Function
        Same variables and shape as ``f``.

    Examples
    --------
    The course's worked example, ∂/∂x of x² + y² + eˣ + xᶻ + xyz:

    >>> import gradviz
    >>> f = gradviz.parse("x^2 + y^2 + e^x + x^z + x*y*z")
    >>> partial(f, "x").expr
    2*x + y*z + exp(x) + x**z*z/x

    See Also
    --------
    gradient, jacobian, partial_terms
    """
    j = _var_index(f, var)

    def build():
        s = f.symbols[j]
        return Function(tuple(sp.diff(e, s) for e in f.exprs), f.variables, f.shape)

    return f.cached(("partial", j), build)


def gradient(f: Function) -> Function:
    r"""The gradient ∇f of a scalar function: a vector Function with n outputs.

    Examples
    --------
    >>> import gradviz
    >>> g = gradient(gradviz.parse("sin(x*y)"))
    >>> g.exprs
    (y*cos(x*y), x*cos(x*y))
    >>> g(1.0, 2.0)
    array([-0.83229367, -0.41614684])

    See Also
    --------
    jacobian : for vector-valued f (and ∇f = Jᵀ when m = 1).
    """
    if not f.is_scalar:
        raise ExpressionError(
            "the gradient is for scalar functions (one output); this one has "
            f"{len(f.exprs)} outputs — try the Jacobian")
    return f.cached("gradient", lambda: Function(
        tuple(partial(f, j).exprs[0] for j in range(f.n)), f.variables, (f.n,)))


def jacobian(f: Function) -> Function:
    r"""The Jacobian matrix Function, shape ``(m, n)`` (``(1, n)`` for a scalar f).

    Examples
    --------
    The polar map (r, θ) ↦ (r cos θ, r sin θ):

    >>> import gradviz
    >>> polar = gradviz.parse("[r*cos(theta), r*sin(theta)]", variables=("r", "theta"))
    >>> jacobian(polar).matrix
    Matrix([
    [cos(theta), -r*sin(theta)],
    [sin(theta),  r*cos(theta)]])

    The course's f(x, y) = [x² − y, y² + x]:

    >>> jacobian(gradviz.parse("[x^2 - y, y^2 + x]")).matrix
    Matrix([
    [2*x,  -1],
    [  1, 2*y]])
    """
    if len(f.shape) > 1:
        raise ExpressionError("the Jacobian is for scalar or vector functions, not matrices")
    m = f.m

    def build():
        rows = []
        for i in range(m):
            rows.extend(sp.diff(f.exprs[i], s) for s in f.symbols)
        return Function(tuple(rows), f.variables, (m, f.n))

    return f.cached("jacobian", build)


def hessian(f: Function) -> Function:
    """The Hessian of a scalar f: ``jacobian(gradient(f))``, shape ``(n, n)``.

    >>> import gradviz
    >>> hessian(gradviz.parse("x^2*y + y^3")).matrix
    Matrix([
    [2*y, 2*x],
    [2*x, 6*y]])
    """
    return jacobian(gradient(f))


def _point(f: Function, point: Sequence[float]) -> tuple[float, ...]:
    pt = tuple(float(v) for v in np.ravel(np.asarray(point, dtype=float)))
    if len(pt) != f.n:
        raise ExpressionError(
            f"the point needs {f.n} coordinate{'s' if f.n != 1 else ''} "
            f"({', '.join(f.variables)}), got {len(pt)}")
    return pt


def gradient_at(f: Function, point: Sequence[float]) -> np.ndarray:
    """∇f at a point, an array of shape ``(n,)``.

    >>> import gradviz
    >>> gradient_at(gradviz.parse("x^2 + 3y"), (1.0, 2.0))
    array([2., 3.])
    """
    return gradient(f)(*_point(f, point))


def jacobian_at(f: Function, point: Sequence[float]) -> np.ndarray:
    """The Jacobian at a point, shape ``(m, n)``; ``(1, n)`` for a scalar f.

    >>> import gradviz
    >>> jacobian_at(gradviz.parse("[x^2 - y, y^2 + x]"), (1.0, 1.0))
    array([[ 2., -1.],
           [ 1.,  2.]])
    """
    return jacobian(f)(*_point(f, point))


def _unit(u: Sequence[float], n: int) -> np.ndarray:
    u = np.asarray(u, dtype=float).ravel()
    if u.shape != (n,):
        raise ExpressionError(f"the direction needs {n} components, got {u.size}")
    norm = float(np.linalg.norm(u))
    if not np.isfinite(norm) or norm == 0.0:
        raise ExpressionError("the direction must be a non-zero vector")
    return u / norm


def directional_derivative(f: Function, u: Sequence[float], normalize: bool = True) -> Function:
    r"""D_u f = ∇f · u as a scalar Function (u made unit length unless ``normalize=False``).

    >>> import gradviz
    >>> d = directional_derivative(gradviz.parse("x^2 + y^2"), (3, 4))
    >>> d.expr
    6*x/5 + 8*y/5
    """
    u_arr = np.asarray(u, dtype=float).ravel()
    _unit(u_arr, f.n)  # validates
    comps = [to_number(c) for c in u_arr]
    if normalize:
        norm = sp.sqrt(sum(c**2 for c in comps))
        comps = [c / norm for c in comps]
    g = gradient(f)
    return Function((sum(ge * c for ge, c in zip(g.exprs, comps)),), f.variables, ())


def directional_derivative_at(f: Function, point: Sequence[float],
                              u: Sequence[float]) -> float:
    """∇f(point) · û, with û = u/|u|."""
    return float(gradient_at(f, point) @ _unit(u, f.n))


def directional_derivative_limit(f: Function, point: Sequence[float], u: Sequence[float],
                                 h: float) -> float:
    """The limit-definition quotient (f(x + h û) − f(x)) / h, for a finite step h.

    As h → 0 it tends to ∇f·û:

    >>> import gradviz
    >>> f = gradviz.parse("x^2 + y^2")
    >>> round(directional_derivative_limit(f, (1, 1), (1, 0), 1e-6), 5)
    2.0
    """
    if not f.is_scalar:
        raise ExpressionError("the directional derivative is for scalar functions")
    h = float(h)
    if h == 0.0 or not np.isfinite(h):
        raise ExpressionError("the step h must be a non-zero number")
    x = np.asarray(_point(f, point))
    uu = _unit(u, f.n)
    with np.errstate(all="ignore"):
        return float((f(*(x + h * uu)) - f(*x)) / h)


def to_number(value: float) -> sp.Expr:
    """A sympy number for a coordinate: an Integer when it is whole, else a Float."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return sp.Integer(int(value))
    return sp.Float(value)


def linearisation(f: Function, point: Sequence[float]) -> Function:
    r"""The local linear approximation L(x) = f(x₀) + J(x₀)(x − x₀).

    Same shape and variables as f; the coefficients are exact values at x₀
    (``sin(2)`` stays ``sin(2)``), so use ``.latex(digits=4)`` for display.

    >>> import gradviz
    >>> L = linearisation(gradviz.parse("[x^2 - y, y^2 + x]"), (1, 1))
    >>> L.exprs
    (2*x - y - 1, x + 2*y - 1)
    """
    if len(f.shape) > 1:
        raise ExpressionError("linearisation is for scalar or vector functions")
    pt = _point(f, point)
    subs = {s: to_number(v) for s, v in zip(f.symbols, pt)}
    J = jacobian(f)
    if not _exact_is_small(f.exprs + J.exprs, f.symbols, pt):
        subs = {s: sp.Float(v) for s, v in zip(f.symbols, pt)}
    out = []
    for i, e in enumerate(f.exprs):
        lin = e.xreplace(subs)
        for j, s in enumerate(f.symbols):
            lin += J.exprs[i * f.n + j].xreplace(subs) * (s - subs[s])
        out.append(sp.expand(lin, deep=False, mul=True, multinomial=False, power_exp=False,
                             power_base=False, log=False))
    return Function(tuple(out), f.variables, f.shape)


linearization = linearisation


def _exact_is_small(exprs, symbols, pt) -> bool:
    """Whether putting exact numbers for the point into exprs keeps every power small.

    x^y at (10, 10^9) would be the exact integer 10^(10^9): estimate each power's
    digits in floating point first, and use float coordinates when any is huge.
    """
    fsubs = {s: sp.Float(v) for s, v in zip(symbols, pt)}
    for e in exprs:
        for p in e.atoms(sp.Pow, sp.exp):
            try:
                if isinstance(p, sp.exp):  # exp(k·log(b)) becomes b^k
                    digits = abs(float(p.args[0].xreplace(fsubs))) / math.log(10)
                else:
                    b = abs(float(p.base.xreplace(fsubs)))
                    k = abs(float(p.exp.xreplace(fsubs)))
                    digits = k * abs(math.log10(b)) if b and k else 0.0
            except (TypeError, ValueError, OverflowError):
                return False
            if not digits <= LIMITS.max_number_digits:  # also catches nan
                return False
    return True


def partial_terms(f: Function, var: str | int) -> list[tuple[sp.Expr, sp.Expr]]:
    r"""∂/∂var term by term, in the order the terms were typed.

    Returns a list of ``(term, derivative)`` pairs for a scalar f that came from
    :func:`gradviz.parse` (sympy's own term order otherwise).

    >>> import gradviz
    >>> f = gradviz.parse("x^2 + y^2 + e^x + x^z + x*y*z")
    >>> [sp.latex(d) for _, d in partial_terms(f, "x")]
    ['2 x', '0', 'e^{x}', 'x^{z - 1} z', 'y z']
    """
    if not f.is_scalar:
        raise ExpressionError("term-by-term derivatives are shown for scalar functions")
    j = _var_index(f, var)
    s = symbol(f.variables[j])
    terms = f.terms[0] if f.terms else sp.Add.make_args(f.expr)
    out = []
    for t in terms:
        d = sp.diff(t, s)
        if sp.count_ops(d) < 60:  # tidy x**z*z/x into z*x**(z-1) for display only
            d = sp.powsimp(d)
        out.append((t, d))
    return out
