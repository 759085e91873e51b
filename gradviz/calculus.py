"""Symbolic calculus on :class:`~gradviz.function.Function`: operators that return Functions.

The Jacobian of f: Rⁿ → Rᵐ has one row per output, ``J[i, j] = ∂f_i/∂x_j`` (as in autograd
and sympy): shape ``(1, n)`` for a scalar f, whose ``gradient(f)`` is the column ``(n,)``; the
Hessian is ``jacobian(gradient(f))``. Nothing calls ``simplify``: derivatives are exactly what
sympy's differentiation rules give.
"""

from __future__ import annotations

import functools
import itertools
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import cachetools
import numpy as np
import sympy as sp

from . import formatting
from .errors import ExpressionError
from .function import Function
from .parsing import LIMITS, symbol

__all__ = [
    "partial", "gradient", "jacobian", "hessian", "gradient_at", "jacobian_at",
    "directional_derivative", "directional_derivative_at", "directional_derivative_limit",
    "linearisation", "linearization", "partial_terms", "to_number",
    "norm", "PartialAt", "PointDerivatives", "derivatives_at", "jacobian_status_at",
    "partial_at", "value_at", "polynomial_degree",
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
    r"""∂f/∂var (a variable's name or index), componentwise for a vector f.

    The course's worked example, ∂/∂x of x² + y² + eˣ + xᶻ + xyz:

    >>> import gradviz
    >>> f = gradviz.parse("x^2 + y^2 + e^x + x^z + x*y*z")
    >>> partial(f, "x").expr
    2*x + y*z + exp(x) + x**z*z/x
    """
    j = _var_index(f, var)
    return f.cached(("partial", j), lambda: Function(
        tuple(sp.diff(e, symbol(f.variables[j])) for e in f.exprs), f.variables, f.shape))


def gradient(f: Function) -> Function:
    r"""The gradient ∇f of a scalar function: a vector Function with n outputs (∇f = Jᵀ).

    >>> import gradviz
    >>> g = gradient(gradviz.parse("sin(x*y)"))
    >>> g.exprs
    (y*cos(x*y), x*cos(x*y))
    >>> g(1.0, 2.0)
    array([-0.83229367, -0.41614684])
    """
    if not f.is_scalar:
        raise ExpressionError(
            "the gradient is for scalar functions (one output); this one has "
            f"{len(f.exprs)} outputs — try the Jacobian")
    return f.cached("gradient", lambda: Function(
        tuple(partial(f, j).exprs[0] for j in range(f.n)), f.variables, (f.n,)))


def jacobian(f: Function) -> Function:
    r"""The Jacobian matrix Function, shape ``(m, n)`` (``(1, n)`` for a scalar f).

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
    return f.cached("jacobian", lambda: Function(
        tuple(sp.diff(e, s) for e in f.exprs for s in f.symbols), f.variables, (f.m, f.n)))


def norm(f: Function) -> Function:
    """‖f‖ as a scalar Function: the square root of the sum of f's squared entries.

    >>> import gradviz
    >>> norm(gradviz.parse("[x, sin(y)]")).expr
    sqrt(x**2 + sin(y)**2)
    """
    return f.cached("norm", lambda: Function((sp.sqrt(sum(e**2 for e in f.exprs)),),
                                             f.variables))


def _degree_bound(e: sp.Expr, symbols: frozenset, most: int) -> int:
    """An upper bound on e's total degree in ``symbols`` read from its tree, ``most + 1`` once
    over ``most`` or for anything but a polynomial."""
    if not e.free_symbols & symbols:
        return 0
    if e.is_Symbol:
        return 1
    if e.is_Add or e.is_Mul:
        total = 0
        for a in e.args:
            d = _degree_bound(a, symbols, most)
            total = max(total, d) if e.is_Add else total + d
            if total > most:
                return most + 1
        return total
    if e.is_Pow and e.exp.is_Integer and 0 <= e.exp <= most:
        return min(most + 1, _degree_bound(e.base, symbols, most) * int(e.exp))
    return most + 1


def polynomial_degree(e: sp.Expr, symbols, most: int = 12) -> int | None:
    """e's total degree as a polynomial in ``symbols``, or None when it is not one or its
    degree may exceed ``most``. User text is never expanded blindly: the formula's tree bounds
    the degree first (a tower of squares, ((x² − 1)² − 1)²…, would expand to degree 2²⁰), and
    only a polynomial of degree ≤ ``most`` reaches sympy's Poly.

    >>> x, y = sp.symbols("x y")
    >>> [polynomial_degree(e, (x, y)) for e in (x * y + 3, (x + 1) ** 3 - x**3, sp.sin(x), x / y)]
    [2, 2, None, None]
    >>> tower = x
    >>> for _ in range(20):
    ...     tower = (tower**2 - 1)
    >>> polynomial_degree(tower, (x,)) is None
    True
    """
    if _degree_bound(e, frozenset(symbols), most) > most:
        return None
    try:
        return int(sp.Poly(e, *symbols).total_degree())
    except Exception:  # noqa: BLE001 — not a polynomial sympy can read
        return None


def hessian(f: Function) -> Function:
    """The Hessian of a scalar f: ``jacobian(gradient(f))``, shape ``(n, n)``.

    >>> import gradviz
    >>> hessian(gradviz.parse("x^2*y + y^3")).matrix
    Matrix([
    [2*y, 2*x],
    [2*x, 6*y]])
    """
    return jacobian(gradient(f))


def _point(f: Function, point: Sequence[float]) -> np.ndarray:
    pt = np.ravel(np.asarray(point, dtype=float))
    if pt.size != f.n:
        raise ExpressionError(
            f"the point needs {f.n} coordinate{'s' if f.n != 1 else ''} "
            f"({', '.join(f.variables)}), got {pt.size}")
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
    r"""Dᵤf = ∇f · u as a scalar Function (u made unit length unless ``normalize=False``).

    >>> import gradviz
    >>> d = directional_derivative(gradviz.parse("x^2 + y^2"), (3, 4))
    >>> d.expr
    6*x/5 + 8*y/5
    """
    _unit(u, f.n)  # validates u
    comps = [to_number(c) for c in np.ravel(np.asarray(u, dtype=float))]
    if normalize:
        norm = sp.sqrt(sum(c**2 for c in comps))
        comps = [c / norm for c in comps]
    return Function((sum(g * c for g, c in zip(gradient(f).exprs, comps)),), f.variables, ())


def directional_derivative_at(f: Function, point: Sequence[float],
                              u: Sequence[float]) -> float:
    """∇f(point) · û, with û = u/|u|."""
    return float(gradient_at(f, point) @ _unit(u, f.n))


def directional_derivative_limit(f: Function, point: Sequence[float], u: Sequence[float],
                                 h: float) -> float:
    """The limit-definition quotient (f(x + h û) − f(x)) / h; as h → 0 it tends to ∇f·û.

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
    x = _point(f, point)
    uu = _unit(u, f.n)
    f0, _ = _fill_value(f, x)  # where the formula is 0/0 (xy/(x² + y²) at 0): its axis limit
    with np.errstate(all="ignore"):
        return float((f(*(x + h * uu)) - f0) / h)


def to_number(value: float) -> sp.Expr:
    """A sympy number for a coordinate: an Integer when it is whole, else a Float."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return sp.Integer(int(value))
    return sp.Float(value)


def linearisation(f: Function, point: Sequence[float]) -> Function:
    r"""The local linear approximation L(x) = f(x₀) + J(x₀)(x − x₀), shaped like f.

    Coefficients are exact values at x₀ (``sin(2)`` stays ``sin(2)``): show ``.latex(digits=4)``.

    >>> import gradviz
    >>> L = linearisation(gradviz.parse("[x^2 - y, y^2 + x]"), (1, 1))
    >>> L.exprs
    (2*x - y - 1, x + 2*y - 1)

    Where f is not differentiable (or not defined) there is none, and it says why:

    >>> linearisation(gradviz.parse("|x| + y"), (0, 1))
    Traceback (most recent call last):
    ...
    gradviz.errors.ExpressionError: f has no linearisation at (0, 1): ∂f/∂x does not exist (a corner along x: the one-sided slopes −1 (left) and 1 (right) differ)
    """
    if len(f.shape) > 1:
        raise ExpressionError("linearisation is for scalar or vector functions")
    pt = _point(f, point).tolist()
    # not differentiable there: say why (where doubles overflow, the exact values decide)
    problems = [why.removeprefix("f: ") for why in jacobian_status_at(f, pt)[1]]
    problems = [why for why in problems if not why.endswith(_UNDEFINED)]
    if problems:
        raise ExpressionError(f"f has no linearisation at {formatting.vector(pt)}: "
                              + "; ".join(problems))
    J = jacobian(f)
    exact = _exact_is_small(f.exprs + J.exprs, f.symbols, pt)
    subs = {s: to_number(v) if exact else sp.Float(v) for s, v in zip(f.symbols, pt)}
    out = []
    for i, e in enumerate(f.exprs):
        lin = e.xreplace(subs)
        for j, s in enumerate(f.symbols):
            lin += J.exprs[i * f.n + j].xreplace(subs) * (s - subs[s])
        out.append(sp.expand(lin, deep=False, mul=True, multinomial=False, power_exp=False,
                             power_base=False, log=False))
    if any(e.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I) for e in out):
        raise ExpressionError(f"f has no linearisation at {formatting.vector(pt)}: "
                              f"{_UNDEFINED} (or its derivatives are)")
    return Function(tuple(out), f.variables, f.shape)


linearization = linearisation


def _exact_is_small(exprs, symbols, pt) -> bool:
    """Whether exact coordinates keep every power in exprs small (else use floats).

    x^y at (10, 10^9) would be the exact integer 10^(10^9): digits are estimated in floats.
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
    r"""``(term, derivative)`` pairs of ∂/∂var, in the order typed (sympy's for unparsed f).

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


# -- honest derivatives at a point -------------------------------------------------------------
# sympy differentiates |x| to sign(x), and sign(0) = 0: the formula for ∂f/∂x gives a number
# at a corner where no derivative exists, and nan at a removable singularity (xy/(x² + y²) at
# the origin) where the partials do exist. What follows decides, with a bounded number of
# evaluations (never sympy's limit or simplify), what is true at the point itself.

#: steps (times max(1, |coordinate|)) at which the formula of a partial is checked for
#: continuity at the point, and one-sided limits of the formula are read
_NEAR = (1e-6, 1e-9)
_SIDE = (1e-6, 1e-8, 1e-10)
#: steps of the one-sided difference quotients (each also at half the step, for Richardson)
_STEPS = (1e-4, 1e-6, 1e-8)
#: the same two where the formula is 0/0 at the point and f(p) is its limit: the formula
#: cancels near p ((x² − y²)/(x − y) at (1, 1) loses all its digits at 1e-8 away), so
#: it is read farther off
_SIDE_FILLED = (1e-3, 1e-4, 1e-6)
_STEPS_FILLED = (1e-2, 1e-3, 1e-4)
#: radii of the paths (rays and parabolas) on which continuity and the tangent plane are tested
_RADII = (1e-2, 1e-4, 1e-6)


@dataclass(frozen=True)
class PartialAt:
    """∂f/∂var at one point: its value, or why it does not exist."""

    var: str
    value: float  #: nan when the partial does not exist
    #: the one-sided slopes (limits of the one-sided difference quotients): ±inf for a vertical
    #: tangent, nan where there is no limit or f is undefined on that side
    left: float
    right: float
    #: "formula" (the symbolic partial, continuous at the point), "one-sided limits" (the
    #: formula fails there, but both one-sided slopes exist and agree) or "undefined"
    how: str
    reason: str  #: why it does not exist, or how it was found when not by the formula

    @property
    def exists(self) -> bool:
        return self.how != "undefined"


@dataclass(frozen=True)
class PointDerivatives:
    """What is true about the first derivatives of a scalar f at one point."""

    point: tuple
    #: f(p); where the formula is 0/0 but f has the same limit along every axis, that limit
    #: (``value_note`` says so); nan where f is undefined
    value: float
    value_note: str
    partials: tuple
    continuous: bool  #: False only when a path into p was found along which f ↛ f(p)
    differentiable: bool  #: f has a tangent plane (a linearisation) at p
    reason: str  #: why f is not differentiable at p ("" when it is)

    @property
    def grad(self) -> np.ndarray:
        """The vector of partials (nan where one does not exist)."""
        return np.array([q.value for q in self.partials], dtype=float)


def _component(f: Function, i: int) -> Function:
    return f.cached(("component", i), lambda: Function((f.exprs[i],), f.variables, ()))


def _eval(f: Function, p: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """f at p + each row of offsets (k × n), as a float array of length k."""
    pts = p[:, None] + offsets.T
    with np.errstate(all="ignore"):
        return np.asarray(f(*pts), dtype=float).reshape(-1)


def _settles(near: np.ndarray, nearer: np.ndarray, target: float) -> bool:
    """Do values at two shrinking distances approach target (like a continuous function)?"""
    if not (np.all(np.isfinite(near)) and np.all(np.isfinite(nearer)) and np.isfinite(target)):
        return False
    gap1 = float(np.max(np.abs(near - target)))
    gap2 = float(np.max(np.abs(nearer - target)))
    return gap2 <= 1e-7 * max(1.0, abs(target)) or gap2 <= 0.01 * gap1


def _fill_value(f: Function, p: np.ndarray) -> tuple[float, str]:
    """f(p), or its common limit along the axes where the formula gives 0/0 there."""
    with np.errstate(all="ignore"):
        v = float(f.at(tuple(p)))
    if np.isfinite(v):
        return v, ""
    if np.isinf(v) or f.n == 0:
        return float("nan"), ""
    eye = np.eye(f.n) * max(1.0, float(np.max(np.abs(p))))
    vals = {r: _eval(f, p, np.vstack([eye * r, -eye * r])) for r in (1e-4, 1e-6, 1e-8)}
    if not all(np.all(np.isfinite(a)) for a in vals.values()):
        return float("nan"), ""
    # the mean of the two sides (their odd terms cancel) at 1e-4 and half that, extrapolated
    # (Richardson): closer than one side at 1e-8, where a formula that cancels has lost its
    # last digits ((x³ − y³)/(x − y) at (1, 1))
    m1, m2 = ((e[:f.n] + e[f.n:]) / 2 for e in (
        _eval(f, p, np.vstack([eye, -eye]) * r) for r in (1e-4, 5e-5)))
    limit = float(np.median((4 * m2 - m1) / 3))
    if not _settles(vals[1e-6], vals[1e-8], limit):
        return float("nan"), ""
    if abs(limit) < 1e-9 * max(1.0, float(np.max(np.abs(vals[1e-4])))):
        limit = 0.0
    limit = float(f"{limit:.12g}") + 0.0
    return limit, (f"the formula has no value at this point (like 0/0); f(p) is taken as "
                   f"{formatting.number(limit)}, its limit along the axes")


def _one_sided(f: Function, g: Function, p: np.ndarray, f0: float, j: int, side: int,
               scale: float, filled: bool = False) -> tuple[float, str, float]:
    """The one-sided slope of f along variable j (side +1: right, −1: left), a problem, and
    an estimate of the slope's error (how much the last two estimates differ); ``filled``:
    f0 is the formula's limit at p, not its value."""
    e = np.zeros(f.n)
    e[j] = side
    near, steps = (_SIDE_FILLED, _STEPS_FILLED) if filled else (_SIDE, _STEPS)
    fs = _eval(f, p, np.outer(np.array(near) * scale, e))
    if not np.all(np.isfinite(fs)):
        return float("nan"), "undefined", 0.0
    if not _settles(fs[:1], fs[2:], f0):
        return float("nan"), "jump", 0.0
    gs = _eval(g, p, np.outer(np.array(near) * scale, e))
    if np.all(np.isfinite(gs)) and abs(gs[1] - gs[2]) <= 1e-7 * max(1.0, abs(gs[2])):
        return float(gs[2]) + 0.0, "", float(abs(gs[1] - gs[2]))
    # the formula has no one-sided limit: difference quotients, Richardson-extrapolated
    hs = np.array(steps) * scale
    f1, f2 = (_eval(f, p, np.outer(h, e)) for h in (hs, hs / 2))
    with np.errstate(all="ignore"):
        q1 = (f1 - f0) / (side * hs)  # slopes: the left quotient divides by −h
        q2 = (f2 - f0) / (side * hs / 2)
        r = 2 * q2 - q1
    if np.all(np.isfinite(r)) and abs(r[1] - r[2]) <= 1e-3 * max(1.0, abs(r[2])):
        v = float(r[2])
        if abs(r[2]) < 0.5 * abs(r[1]) < 0.25 * abs(r[0]):  # shrinking to 0, like √h
            v = 0.0
        return (0.0 if abs(v) < 1e-9 else v) + 0.0, "", float(abs(r[1] - r[2]))
    if (np.all(np.isfinite(q1)) and abs(q1[2]) > 1e2 and abs(q1[2]) > 10 * abs(q1[0])
            and np.all(np.sign(q1) == np.sign(q1[2]))):
        return float(np.sign(q1[2]) * np.inf), "", 0.0
    return float("nan"), "oscillates", 0.0


_UNDEFINED = "f is undefined at this point"


def _partial_at(f: Function, p: np.ndarray, f0: float, filled: bool, j: int) -> PartialAt:
    name = f.variables[j]
    if not np.isfinite(f0):
        return PartialAt(name, np.nan, np.nan, np.nan, "undefined", _UNDEFINED)
    g = partial(f, j)
    scale = max(1.0, abs(float(p[j])))
    with np.errstate(all="ignore"):
        gp = float(g.at(tuple(p)))
    if not filled and np.isfinite(gp):
        e = np.zeros(f.n)
        e[j] = 1.0
        offs = [np.vstack([e, -e]) * (d * scale) for d in _NEAR]
        gv, fv = ([_eval(h, p, o) for o in offs] for h in (g, f))
        if _settles(gv[0], gv[1], gp) and _settles(fv[0], fv[1], f0):
            return PartialAt(name, gp + 0.0, gp + 0.0, gp + 0.0, "formula", "")
    right, pr_r, err_r = _one_sided(f, g, p, f0, j, +1, scale, filled)
    left, pr_l, err_l = _one_sided(f, g, p, f0, j, -1, scale, filled)
    if np.isfinite(left) and np.isfinite(right) and abs(left - right) <= max(
            1e-6 * max(1.0, abs(left), abs(right)), 3 * (err_l + err_r)):
        v = float(f"{(left + right) / 2:.10g}") + 0.0
        fails = "has no value here" if not np.isfinite(gp) or filled else "is not continuous here"
        why = (f"the formula for ∂f/∂{name} {fails}; both one-sided difference quotients tend "
               f"to {formatting.slope(v)}")
        return PartialAt(name, v, left, right, "one-sided limits", why)
    probs = {pr_l, pr_r}
    if "undefined" in probs:
        why = f"f is undefined on {'both sides' if pr_l == pr_r else 'one side'} of p along {name}"
    elif "jump" in probs:
        why = f"f jumps at p along {name}"
    elif np.isinf(left) or np.isinf(right):
        why = (f"the slope along {name} is infinite (a vertical tangent): one-sided slopes "
               f"{formatting.slope(left)} and {formatting.slope(right)}")
    elif "oscillates" in probs:
        why = f"the difference quotient along {name} has no limit (it oscillates)"
    else:
        why = (f"a corner along {name}: the one-sided slopes {formatting.slope(left)} (left) and "
               f"{formatting.slope(right)} (right) differ")
    return PartialAt(name, float("nan"), left, right, "undefined", why)


@functools.lru_cache(maxsize=8)
def _directions(n: int) -> np.ndarray:
    """Unit directions to approach a point from: all of {−1, 0, 1}ⁿ for n ≤ 3, else a fixed set."""
    if n <= 3:
        grid = np.array(np.meshgrid(*[[-1.0, 0.0, 1.0]] * n, indexing="ij")).reshape(n, -1).T
    else:
        rng = np.random.default_rng(18)
        grid = np.vstack([np.eye(n), -np.eye(n), rng.normal(size=(40, n))])
    grid = grid[np.any(grid != 0, axis=1)]
    grid = grid / np.linalg.norm(grid, axis=1)[:, None]
    grid.setflags(write=False)  # shared by every call
    return grid


@functools.lru_cache(maxsize=8)
def _path_shapes(n: int) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Rays and parabolas (t, ±t²) into a point, as offsets r·A + r²·B at radius r, with names."""
    dirs = _directions(n)
    lin, quad = [dirs], [np.zeros_like(dirs)]
    names = ["the direction " + formatting.vector(d) for d in dirs]
    for (a, b), (sa, sb) in itertools.product(
            itertools.permutations(range(n), 2), itertools.product((1.0, -1.0), repeat=2)):
        one, two = np.zeros((1, n)), np.zeros((1, n))
        one[0, a], two[0, b] = sa, sb
        lin.append(one)
        quad.append(two)
        names.append("a parabola")
    return np.vstack(lin), np.vstack(quad), tuple(names)


def _path_label(names, k: int, f: Function) -> str:
    name = names[k]
    if name.startswith("the direction") and f.n == 2:
        d = _directions(2)[k]
        if abs(d[0]) == abs(d[1]) and d[0] != 0:
            return f"the line {f.variables[1]} = {'' if d[0] == d[1] else '−'}{f.variables[0]}"
    return name


def derivatives_at(f: Function, point: Sequence[float]) -> PointDerivatives:
    r"""The partial derivatives of a scalar f at a point, and whether f is differentiable there.

    Bounded work: f and its partials are evaluated at a few hundred points near p (one-sided
    quotients and limits, rays and parabolas into p); nothing symbolic.

    At the corner of |x| + |y| sympy's formula gives sign(0) = 0, but ∂f/∂x does not exist:

    >>> import gradviz
    >>> d = derivatives_at(gradviz.parse("|x| + |y|"), (0, 1))
    >>> d.partials[0].exists, d.partials[0].left, d.partials[0].right, d.partials[1].value
    (False, -1.0, 1.0, 1.0)
    >>> d.differentiable
    False

    xy/(x² + y²) at the origin: both partials exist (f = 0 on the axes), yet f is not continuous:

    >>> d = derivatives_at(gradviz.parse("x*y/(x^2 + y^2)"), (0, 0))
    >>> d.grad.tolist(), d.continuous, d.differentiable
    ([0.0, 0.0], False, False)

    An ordinary point: the formula's values.

    >>> derivatives_at(gradviz.parse("sin(x*y)"), (1, 2)).grad.round(4).tolist()
    [-0.8323, -0.4161]
    """
    return _derivatives_at(f, point)


# a page asks several times per point
@cachetools.cached(cachetools.LRUCache(maxsize=256), lock=threading.Lock(),
                   key=lambda f, point: (f, tuple(float(v) for v in point)))
def _derivatives_at(f: Function, point: Sequence[float]) -> PointDerivatives:
    if not f.is_scalar:
        raise ExpressionError("derivatives_at is for scalar functions; use jacobian_status_at")
    p = _point(f, point)
    f0, note = _fill_value(f, p)
    filled = bool(note)
    parts = tuple(_partial_at(f, p, f0, filled, j) for j in range(f.n))
    done = functools.partial(PointDerivatives, tuple(p.tolist()), f0, note, parts)
    if not np.isfinite(f0):
        return done(False, False, _UNDEFINED)  # f0 is nan, note ""
    scale = max(1.0, float(np.max(np.abs(p))) if p.size else 1.0)
    # continuity: along rays and parabolas into p (vals: the nearest radius's)
    devs, rems, edge = [], [], True  # edge: undefined points at every radius, the nearest too
    grad = np.array([q.value for q in parts])
    lin, quad, names = _path_shapes(f.n)
    for r in (radius * scale for radius in _RADII):
        offs = lin * r + quad * (r * r)
        vals = _eval(f, p, offs)
        edge = edge and not np.all(np.isfinite(vals))
        with np.errstate(all="ignore"):
            dev = np.abs(vals - f0)
            rem = np.abs(vals - f0 - offs @ np.nan_to_num(grad)) / np.linalg.norm(offs, axis=1)
        devs.append(np.where(np.isfinite(dev), dev, 0.0))
        rems.append(np.where(np.isfinite(rem), rem, np.inf))
    continuous, why = True, ""
    d_end = float(np.max(devs[-1]))
    tol = 1e-3 * max(1.0, abs(f0))
    if d_end > tol and d_end >= 0.5 * float(np.max(devs[0])):
        continuous = False
        k = int(np.argmax(devs[-1]))
        why = (f"f is not continuous here: along {_path_label(names, k, f)} into p it tends "
               f"to {formatting.number(vals[k])}, not f(p) = {formatting.number(f0)}")
    elif edge:
        why = "p is on the edge of f's domain: f is undefined at points arbitrarily close to p"
    problems = [why] if why else []  # not continuous, or on the domain's edge
    problems += [f"∂f/∂{q.var} does not exist ({q.reason})" for q in parts if not q.exists]
    if problems:
        return done(continuous, False, "; ".join(problems))
    smooth = not filled and all(q.how == "formula" for q in parts) and _c1(f, p, grad, scale)
    r_start, r_mid, r_end = (float(np.max(r)) for r in rems)
    size = max(1.0, float(np.max(np.abs(grad))), abs(f0))
    if smooth or r_end <= 1e-6 * size or (r_end <= 0.3 * r_mid and r_mid <= 0.3 * r_start):
        return done(True, True, "")
    k = int(np.argmax(rems[-1]))
    return done(True, False, "the partial derivatives exist, but no plane fits f at p: along "
                f"{_path_label(names, k, f)} the error of L stays about "
                f"{formatting.number(r_end)} times the distance, however close to p")


def _c1(f: Function, p: np.ndarray, grad: np.ndarray, scale: float) -> bool:
    """Are all the partials' formulas continuous at p from every direction (f is C¹ there)?"""
    dirs = _directions(f.n)
    for j in range(f.n):
        g = partial(f, j)
        near = _eval(g, p, dirs * (_NEAR[0] * scale))
        nearer = _eval(g, p, dirs * (_NEAR[1] * scale))
        if not _settles(near, nearer, float(grad[j])):
            return False
    return True


def jacobian_status_at(f: Function, point: Sequence[float]) -> tuple[np.ndarray, list[str], bool]:
    """The Jacobian at a point with each entry's truth: (J, problems, differentiable).

    J has nan where a partial does not exist; ``problems`` lists, per output, why an
    entry is missing or f is not differentiable ("" for none).

    >>> import gradviz
    >>> J, why, ok = jacobian_status_at(gradviz.parse("[|x|, x*y]"), (0, 1))
    >>> J.tolist(), ok
    ([[nan, 0.0], [1.0, 0.0]], False)
    >>> why[0]
    'f₁: ∂f₁/∂x does not exist (a corner along x: the one-sided slopes −1 (left) and 1 (right) differ)'
    """
    if len(f.shape) > 1:
        raise ExpressionError("the Jacobian is for scalar or vector functions")
    subs = "₁₂₃₄₅₆₇₈₉"
    rows, problems = [], []
    for i in range(f.m):
        d = derivatives_at(_component(f, i) if not f.is_scalar else f, point)
        rows.append(d.grad)
        if not d.differentiable:
            name = f"f{subs[i]}" if f.m > 1 and i < 9 else "f"
            why = d.reason
            if name != "f":
                why = (why.replace("∂f/", f"∂{name}/").replace("f(p)", f"{name}(p)")
                       .replace("f is ", f"{name} is ").replace("f's ", f"{name}'s "))
            problems.append(f"{name}: {why}")
    return np.vstack(rows), problems, not problems


def partial_at(f: Function, point: Sequence[float], var: str | int) -> PartialAt:
    """∂f/∂var at one point, honestly: see :func:`derivatives_at` (this is one of its partials).

    >>> import gradviz
    >>> q = partial_at(gradviz.parse("|x| + |y|"), (0, 1), "x")
    >>> q.exists, q.reason
    (False, 'a corner along x: the one-sided slopes −1 (left) and 1 (right) differ')
    """
    if not f.is_scalar:
        raise ExpressionError("partial_at is for scalar functions")
    p = _point(f, point)
    f0, note = _fill_value(f, p)
    return _partial_at(f, p, f0, bool(note), _var_index(f, var))


def value_at(f: Function, point: Sequence[float]) -> tuple[float, str]:
    """f(p), or where the formula is 0/0 its common limit along the axes, with a note saying so.

    >>> import gradviz
    >>> value_at(gradviz.parse("x*y/(x^2 + y^2)"), (0, 0))[0]
    0.0
    """
    return _fill_value(f, _point(f, point))
