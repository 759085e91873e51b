"""Print a Function's sympy trees as programs the browser runs: the point moves there.

A program is a list of tokens in postfix order (JSON-ready): a number pushes itself, a
variable token (``"v0"``, ``"v1"``, …: the function's variables by position, never their
names) pushes the point's coordinate, an operator pops its arguments and pushes its
result. The operators are the fixed allow-list :data:`OPERATORS`; the browser's
interpreter (``browser_expr.js`` next to this file, a few lines of JavaScript with one
``switch``) refuses any other token. Programs are built from the tree's nodes, never from
the text the user typed, and anything outside the allow-list raises
:class:`BrowserExprError` (the page then keeps its server-drawn chart).

The browser computes what numpy computes (the core, :meth:`gradviz.Function.__call__`):
the same operations in the same order as sympy's numpy printer, and the same rules where
a value is not defined (log or sqrt of a negative number, 0/0, asin(2): nan; 1/0: ±inf).
``tests/core/test_browser_expr.py`` holds the two equal in Chromium.

>>> import gradviz
>>> program(gradviz.parse("x*y + 2").exprs[0], ("x", "y"))
['v0', 'v1', 'mul', 2.0, 'add']
>>> program(gradviz.parse("sqrt(x)").exprs[0], ("x",))
['v0', 'sqrt']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import sympy as sp

from .errors import ExpressionError
from .function import Function, _numeric_form

__all__ = ["BrowserExprError", "OPERATORS", "MAX_TOKENS", "program", "programs",
           "evaluator_js", "is_allowed"]


class BrowserExprError(ExpressionError):
    """A tree the browser language cannot hold (it is drawn by the server instead)."""


#: operator token -> number of arguments it pops (the browser's allow-list, the same there)
OPERATORS: dict[str, int] = {
    "add": 2, "sub": 2, "mul": 2, "div": 2, "pow": 2, "atan2": 2, "neg": 1,
    "sin": 1, "cos": 1, "tan": 1, "asin": 1, "acos": 1, "atan": 1,
    "sinh": 1, "cosh": 1, "tanh": 1, "asinh": 1, "acosh": 1, "atanh": 1,
    "exp": 1, "log": 1, "sqrt": 1, "abs": 1, "sign": 1, "dsign": 1,
}
#: constant tokens JSON cannot write as numbers
CONSTANTS = ("nan", "inf", "-inf")
#: a longer program is refused (derivatives of deep trees grow; the browser runs each
#: program a few times per frame)
MAX_TOKENS = 20_000

_UNARY = {
    sp.sin: "sin", sp.cos: "cos", sp.tan: "tan", sp.asin: "asin", sp.acos: "acos",
    sp.atan: "atan", sp.sinh: "sinh", sp.cosh: "cosh", sp.tanh: "tanh", sp.asinh: "asinh",
    sp.acosh: "acosh", sp.atanh: "atanh", sp.exp: "exp", sp.log: "log", sp.Abs: "abs",
    sp.sign: "sign",
}
#: reciprocal trig functions: 1 / their partner, as numpy computes them
_RECIPROCAL = {sp.sec: "cos", sp.csc: "sin", sp.cot: "tan"}


def variable_token(j: int) -> str:
    """The token of the function's j-th variable."""
    return f"v{j}"


def is_allowed(token, n_variables: int = 8) -> bool:
    """Whether ``token`` is one the browser's interpreter accepts."""
    if isinstance(token, bool):
        return False
    if isinstance(token, float):
        return math.isfinite(token)
    if not isinstance(token, str):
        return False
    return (token in OPERATORS or token in CONSTANTS
            or token in {variable_token(j) for j in range(n_variables)})


def _number(value: float) -> float | str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return float(value)


def program(expr: sp.Expr, variables: Sequence[str], slopes: bool = False) -> list:
    """The postfix program of one sympy expression in ``variables`` (their order = v0, v1…).

    Raises :class:`BrowserExprError` for a node outside the allow-list (a complex number,
    an unknown function, a free symbol that is not a variable) or a program longer than
    :data:`MAX_TOKENS`.

    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> program(sp.log(x) / 2, ("x",))
    [0.5, 'v0', 'log', 'mul']
    >>> program(sp.I * x, ("x",))
    Traceback (most recent call last):
    ...
    gradviz.browser_expr.BrowserExprError: the browser can't compute I (a complex number)

    ``slopes``: ``expr`` is a derivative. sympy writes the slope of |u| as sign(u), which
    is 0 at u = 0, where |u| has no slope: there the program says undefined (``dsign``).

    >>> program(sp.sign(x), ("x",)), program(sp.sign(x), ("x",), slopes=True)
    (['v0', 'sign'], ['v0', 'dsign'])
    """
    index = {name: j for j, name in enumerate(variables)}
    out: list = []
    _emit(_numeric_form(expr), index, out)
    if slopes:
        out = ["dsign" if tok == "sign" else tok for tok in out]
    return out


def programs(f: Function, slopes: bool = False) -> list[list]:
    """One program per component of ``f`` (flattened in row order); see :func:`program`."""
    return [program(e, f.variables, slopes) for e in f.exprs]


def evaluator_js() -> str:
    """The browser's interpreter of these programs (plain JavaScript, ours)."""
    return (Path(__file__).with_name("browser_expr.js")).read_text(encoding="utf-8")


def _push(out: list, token) -> None:
    out.append(token)
    if len(out) > MAX_TOKENS:
        raise BrowserExprError(f"this function is too long for the browser (over {MAX_TOKENS} "
                               "operations); the chart follows the point on release")


def _emit(e: sp.Expr, index: dict[str, int], out: list) -> None:
    if e.is_Symbol:
        if e.name not in index:
            raise BrowserExprError(f"the browser can't compute {e.name} (not a variable)")
        _push(out, variable_token(index[e.name]))
        return
    if e is sp.zoo or e is sp.nan:  # numpy's printer writes both as nan
        _push(out, "nan")
        return
    if e is sp.oo or e is sp.S.NegativeInfinity:  # numpy's inf, -inf
        _push(out, "inf" if e is sp.oo else "-inf")
        return
    if e.is_Number or e in (sp.pi, sp.E):
        if e.is_real is False:
            raise BrowserExprError(f"the browser can't compute {e} (a complex number)")
        _push(out, _number(float(e)))
        return
    if e.is_number and not e.free_symbols and e.has(sp.I):
        raise BrowserExprError(f"the browser can't compute {e} (a complex number)")
    if isinstance(e, sp.Add):
        terms = e.as_ordered_terms()
        _emit(terms[0], index, out)
        for t in terms[1:]:
            _emit(t, index, out)
            _push(out, "add")
        return
    if isinstance(e, sp.Mul):
        _emit_mul(e, index, out)
        return
    if isinstance(e, sp.Pow):
        _emit_pow(e.base, e.exp, index, out)
        return
    fn = type(e)
    if fn in _UNARY and len(e.args) == 1:
        _emit(e.args[0], index, out)
        _push(out, _UNARY[fn])
        return
    if fn in _RECIPROCAL and len(e.args) == 1:
        _push(out, 1.0)
        _emit(e.args[0], index, out)
        _push(out, _RECIPROCAL[fn])
        _push(out, "div")
        return
    if fn is sp.atan2:
        _emit(e.args[0], index, out)
        _emit(e.args[1], index, out)
        _push(out, "atan2")
        return
    raise BrowserExprError(f"the browser can't compute {fn.__name__} "
                           "(outside its allow-list)")


def _emit_mul(e: sp.Mul, index: dict[str, int], out: list) -> None:
    """Like sympy's printer: coefficient, numerator factors, then / the denominators."""
    if e.has(sp.I):
        raise BrowserExprError(f"the browser can't compute {sp.I} (a complex number)")
    coeff, rest = e.as_coeff_Mul()
    num, den = [], []
    for factor in sp.Mul.make_args(rest):
        if isinstance(factor, sp.Pow) and factor.exp.is_Rational and factor.exp.is_negative:
            den.append(factor.base if factor.exp == -1 else sp.Pow(factor.base, -factor.exp,
                                                                   evaluate=False))
        else:
            num.append(factor)
    parts = 0
    if coeff != 1:
        _emit(coeff, index, out)
        parts += 1
    for factor in num:
        _emit(factor, index, out)
        parts += 1
        if parts > 1:
            _push(out, "mul")
    if parts == 0:
        _push(out, 1.0)
    for k, factor in enumerate(den):
        _emit(factor, index, out)
        if k > 0:
            _push(out, "mul")
    if den:
        _push(out, "div")


def _emit_pow(base: sp.Expr, exp: sp.Expr, index: dict[str, int], out: list) -> None:
    if exp == sp.S.Half:
        _emit(base, index, out)
        _push(out, "sqrt")
        return
    if exp == -sp.S.Half:
        _push(out, 1.0)
        _emit(base, index, out)
        _push(out, "sqrt")
        _push(out, "div")
        return
    if exp == -1:
        _push(out, 1.0)
        _emit(base, index, out)
        _push(out, "div")
        return
    if base == sp.E:  # exp(x) written as a power
        _emit(exp, index, out)
        _push(out, "exp")
        return
    _emit(base, index, out)
    _emit(exp, index, out)
    _push(out, "pow")
