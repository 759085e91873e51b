"""Float values of constant sympy expressions, in bounded time.

sympy's ``evalf`` raises its precision until it has the digits asked for, so
``N(pi^pi^pi^pi)`` (about 10^(10^18)) never returns; :func:`approx` walks the tree once with
plain floats, one ``math`` call per node. Results are ``inf`` past a double's range, ``nan``
where a value is undefined, not real, or not known (a node type not evaluated here).
"""

from __future__ import annotations

import math

import sympy as sp

__all__ = ["approx", "MAX_MAGNITUDE"]

#: largest |value| gradviz keeps as a number (a double goes to 1.8e308)
MAX_MAGNITUDE = 1e300

_NAN = float("nan")
_INF = float("inf")


def _pow(b: float, k: float) -> float:
    if b == 0.0 and k < 0:
        return _NAN  # 1/0: sympy calls it zoo
    try:
        return math.pow(b, k)
    except OverflowError:
        return _INF if b > 0 or float(k).is_integer() and k % 2 == 0 else -_INF
    except ValueError:  # negative base, fractional exponent
        return _NAN


def _safe(fn, *args: float) -> float:
    try:
        return float(fn(*args))
    except OverflowError:
        return _INF
    except (ValueError, ZeroDivisionError):
        return _NAN


_ONE_ARG = {
    sp.sin: math.sin, sp.cos: math.cos, sp.tan: math.tan,
    sp.sec: lambda x: 1.0 / math.cos(x), sp.csc: lambda x: 1.0 / math.sin(x),
    sp.cot: lambda x: math.cos(x) / math.sin(x), sp.asin: math.asin, sp.acos: math.acos,
    sp.atan: math.atan, sp.sinh: math.sinh, sp.cosh: math.cosh, sp.tanh: math.tanh,
    sp.asinh: math.asinh, sp.acosh: math.acosh, sp.atanh: math.atanh, sp.exp: math.exp,
    sp.Abs: abs, sp.sign: lambda x: float((x > 0) - (x < 0)),
}


def _rational(r: sp.Rational) -> float:
    p, q = int(r.p), int(r.q)
    try:
        return p / q  # Python divides big ints correctly rounded, or raises
    except OverflowError:
        digits = math.log10(abs(p)) - math.log10(q)
        return (_INF if p > 0 else -_INF) if digits > 0 else 0.0


def approx(expr: sp.Expr, _memo: dict | None = None) -> float:
    """The float value of a constant expression, computed in one pass (bounded time).

    >>> import sympy as sp
    >>> approx(sp.pi ** 2)
    9.869604401089358
    >>> approx(sp.pi ** (sp.pi ** (sp.pi ** sp.pi)))  # 10^(10^17.8): past the range
    inf
    >>> approx(sp.log(-sp.Integer(1)))  # not real
    nan
    """
    memo = {} if _memo is None else _memo
    if expr not in memo:
        memo[expr] = _approx(expr, memo)
    return memo[expr]


def _approx(e: sp.Expr, memo: dict) -> float:
    if e.is_Rational:
        return _rational(e)
    if e.is_Float:
        return float(e)
    if e is sp.pi:
        return math.pi
    if e is sp.E:
        return math.e
    if e.free_symbols or not e.args:
        return _NAN  # a variable, zoo, nan, oo, I, or a number kind not handled here
    args = [approx(a, memo) for a in e.args]
    if e.is_Add:
        # fsum is exact for finite terms; else the plain sum (1e308 + 1e308 − inf is nan)
        return _safe(math.fsum, args) if all(map(math.isfinite, args)) else sum(args)
    if e.is_Mul:
        return math.prod(args)
    if e.is_Pow:
        return _pow(args[0], args[1])
    fn = _ONE_ARG.get(type(e))
    if fn is not None and len(args) == 1:
        return _safe(fn, args[0])
    if isinstance(e, sp.log) and len(args) == 1:
        if args[0] < 0 or math.isnan(args[0]):
            return _NAN
        return -_INF if args[0] == 0 else _safe(math.log, args[0])
    if isinstance(e, sp.atan2) and len(args) == 2:
        return _safe(math.atan2, args[0], args[1])
    return _NAN
