"""Print a Function's sympy trees as programs the browser runs: the point moves there.

A program is a JSON-ready list of tokens in postfix order, run on a stack: a finite number
pushes itself, ``"nan"``/``"inf"``/``"-inf"`` push those values, ``"v<j>"`` pushes the
point's j-th coordinate, an operator of the allow-list :data:`OPERATORS` pops its arguments
and pushes its result; ``"set<k>"`` copies the top into register k (k < :data:`MAX_REGISTERS`)
and ``"get<k>"`` pushes it, so a repeated subexpression is computed once. The interpreter
(``browser_expr.js``) refuses any other token or a malformed program; programs are built from
the tree's nodes, never from the typed text. Values follow numpy's rules (nan where undefined;
complex intermediates as pairs of reals, ended by ``"real"``); ``tests/core/test_browser_expr.py``
holds the two equal in Chromium. Every accepted text prints within :data:`MAX_TOKENS`.

>>> import gradviz
>>> program(gradviz.parse("x*y + 2").exprs[0], ("x", "y"))
['v0', 'v1', 'mul', 2.0, 'add']
>>> program(gradviz.parse("sin(x)^2 + sin(x)").exprs[0], ("x",))
['v0', 'sin', 'set0', 2.0, 'pow', 'get0', 'add']
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from pathlib import Path

import sympy as sp

from .errors import ExpressionError
from .function import Function, _numeric_form
from .parsing import LIMITS

__all__ = ["BrowserExprError", "OPERATORS", "MAX_TOKENS", "FIRST_DERIVATIVE_TOKENS",
           "MAX_REGISTERS", "program", "programs", "evaluator_js", "is_allowed"]


class BrowserExprError(ExpressionError):
    """A tree the browser language cannot hold (never one the parser accepted)."""


#: operator token -> number of arguments it pops (the browser's allow-list, the same there)
OPERATORS: dict[str, int] = {
    "add": 2, "sub": 2, "mul": 2, "div": 2, "pow": 2, "atan2": 2, "hypot": 2, "real": 2,
    "neg": 1, "sin": 1, "cos": 1, "tan": 1, "asin": 1, "acos": 1, "atan": 1,
    "sinh": 1, "cosh": 1, "tanh": 1, "asinh": 1, "acosh": 1, "atanh": 1,
    "exp": 1, "log": 1, "sqrt": 1, "abs": 1, "sign": 1, "dsign": 1,
}
#: constant tokens JSON cannot write as numbers
CONSTANTS = ("nan", "inf", "-inf")
#: the most factors in one product of an accepted text (each but a bare variable costs at
#: least 4 of the parser's tokens)
_FACTORS = LIMITS.max_tokens // 4 + LIMITS.max_variables
#: the longest program of a first derivative: with sharing, only the product rule grows a
#: program (n factors -> n terms of n factors, each a get and a mul)
FIRST_DERIVATIVE_TOKENS = 2 * _FACTORS**2
#: the longest program the browser runs (a second derivative: n² terms of n factors)
MAX_TOKENS = _FACTORS**3
#: registers a program may set (each is set once and read at least once)
MAX_REGISTERS = MAX_TOKENS // 2

_UNARY = {getattr(sp, name): name for name in
          "sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh exp log sign".split()}
_UNARY[sp.Abs] = "abs"
#: reciprocal trig functions: 1 / their partner, as numpy computes them
_RECIPROCAL = {sp.sec: "cos", sp.csc: "sin", sp.cot: "tan"}


def is_allowed(token, n_variables: int = 8) -> bool:
    """Whether the browser's interpreter accepts ``token`` on its own (a program must also
    set a register before it gets it)."""
    if isinstance(token, bool):
        return False
    if isinstance(token, float):
        return math.isfinite(token)
    if not isinstance(token, str):
        return False
    k = token[3:]
    if token[:3] in ("set", "get") and k.isdigit() and k.isascii() and str(int(k)) == k:
        return int(k) < MAX_REGISTERS
    return (token in OPERATORS or token in CONSTANTS
            or token in {f"v{j}" for j in range(n_variables)})


def program(expr: sp.Expr, variables: Sequence[str], slopes: bool = False) -> list:
    """The postfix program of one sympy expression in ``variables`` (their order = v0, v1…).

    Raises :class:`BrowserExprError` for a node outside the allow-list or a program longer
    than :data:`MAX_TOKENS`.

    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> program(sp.log(x) / 2, ("x",))
    [0.5, 'v0', 'log', 'mul']
    >>> program(sp.I * x, ("x",))  # (0 + 1i)·(x + 0i), then its real part (numpy's rule)
    [0.0, 'v0', 'mul', 1.0, 0.0, 'mul', 'sub', 0.0, 0.0, 'mul', 1.0, 'v0', 'mul', 'add', 'real']

    ``slopes``: ``expr`` is a derivative, so sign(u) (sympy's slope of |u|) is undefined at
    u = 0 (``dsign``).

    >>> program(sp.sign(x), ("x",)), program(sp.sign(x), ("x",), slopes=True)
    (['v0', 'sign'], ['v0', 'dsign'])
    """
    return _Printer({name: j for j, name in enumerate(variables)}, slopes).program(expr)


def programs(f: Function, slopes: bool = False) -> list[list]:
    """One program per component of ``f`` (flattened in row order); see :func:`program`."""
    return [program(e, f.variables, slopes) for e in f.exprs]


def evaluator_js() -> str:
    """The browser's interpreter of these programs (plain JavaScript, ours)."""
    return Path(__file__).with_name("browser_expr.js").read_text(encoding="utf-8")


class _Printer:
    """sympy tree -> a DAG of operations (equal operations are one node) -> postfix tokens.

    A node is an int; ``_nodes[i]`` is ``(token,)`` for a leaf or ``(op, *children)``. A
    complex value is the pair (real part, imaginary part), computed with numpy's formulas.
    """

    def __init__(self, index: dict[str, int], slopes: bool):
        self._index, self._slopes = index, slopes
        self._ids: dict[tuple, int] = {}
        self._nodes: list[tuple] = []
        self._memo: dict = {}  # sympy node -> int (real) or (int, int) (complex)

    def program(self, expr: sp.Expr) -> list:
        value = self._lower(_numeric_form(expr))
        root = self._op("real", *value) if isinstance(value, tuple) else value
        return self._tokens(root)

    def _node(self, key: tuple, entry: tuple) -> int:
        node = self._ids.get(key)
        if node is None:
            node = self._ids[key] = len(self._nodes)
            self._nodes.append(entry)
        return node

    def _op(self, op: str, *args: int) -> int:
        return self._node((op, *args), (op, *args))

    def _num(self, value: float) -> int:
        if math.isnan(value):
            return self._op("nan")
        if math.isinf(value):
            return self._op("inf" if value > 0 else "-inf")
        return self._node(("#", value.hex()), (float(value),))  # hex: 0.0 and -0.0 stay apart

    def _tokens(self, root: int) -> list:
        """Postfix tokens; a node used more than once is set in the lowest free register
        (free again after its last get), then got."""
        uses = [0] * len(self._nodes)
        seen, todo = {root}, [root]
        while todo:
            for child in self._nodes[todo.pop()][1:]:
                uses[child] += 1
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        out, stored, todo = [], set(), [(root, False)]
        while todo:
            node, done = todo.pop()
            op, *args = self._nodes[node]
            if done or not args:
                out.append(op)
                if done and uses[node] > 1:
                    out.append(("set", node))
                    stored.add(node)
            elif node in stored:
                out.append(("get", node))
            else:
                todo += [(node, True)] + [(a, False) for a in reversed(args)]
            if len(out) > MAX_TOKENS:
                raise BrowserExprError(f"this function is too long for the browser (over "
                                       f"{MAX_TOKENS} operations)")
        last = {tok[1]: i for i, tok in enumerate(out) if type(tok) is tuple}
        free, register, size = [], {}, 0
        for i, tok in enumerate(out):
            if type(tok) is tuple:
                kind, node = tok
                if kind == "set" and not free:
                    free, size = [size], size + 1
                if kind == "set":
                    register[node] = heapq.heappop(free)
                elif last[node] == i:
                    heapq.heappush(free, register[node])
                out[i] = f"{kind}{register[node]}"
        return out

    def _lower(self, e: sp.Expr):
        if e not in self._memo:
            self._memo[e] = self._lower_new(e)
        return self._memo[e]

    def _lower_new(self, e: sp.Expr):
        if e.is_Symbol:
            if e.name not in self._index:
                raise BrowserExprError(f"the browser can't compute {e.name} (not a variable)")
            return self._op(f"v{self._index[e.name]}")
        if e is sp.zoo or e is sp.nan:  # numpy's printer writes both as nan
            return self._num(math.nan)
        if e is sp.I:  # numpy's 1j; the rest follows by complex arithmetic
            return self._num(0.0), self._num(1.0)
        if e.is_Number or e.is_NumberSymbol:
            return self._num(_float(e))
        if isinstance(e, sp.Add):
            return self._fold(e.as_ordered_terms(), "add", self._add)
        if isinstance(e, sp.Mul):
            return self._mul(e)
        if isinstance(e, sp.Pow):
            return self._pow(e.base, e.exp)
        fn, args = type(e), [self._lower(a) for a in e.args]
        if fn in (sp.re, sp.im, sp.conjugate) and not isinstance(args[0], tuple):
            # numpy's real and conjugate of a real array are that array, its imag is 0
            return self._num(0.0) if fn is sp.im else args[0]
        if fn is sp.re or fn is sp.im:
            return args[0][fn is sp.im]
        if fn is sp.conjugate:
            return args[0][0], self._op("neg", args[0][1])
        if fn is sp.arg:  # numpy's angle: atan2(imaginary part, real part)
            return self._op("atan2", *reversed(self._as_pair(args[0])))
        if fn is sp.Abs and isinstance(args[0], tuple):
            return self._op("hypot", *args[0])
        if any(isinstance(a, tuple) for a in args):
            raise BrowserExprError(f"the browser can't compute {fn.__name__} of a complex "
                                   "number")
        if fn in _UNARY and len(args) == 1:
            return self._op("dsign" if fn is sp.sign and self._slopes else _UNARY[fn], *args)
        if fn in _RECIPROCAL and len(args) == 1:
            return self._op("div", self._num(1.0), self._op(_RECIPROCAL[fn], *args))
        if fn is sp.atan2:
            return self._op("atan2", *args)
        raise BrowserExprError(f"the browser can't compute {fn.__name__} "
                               "(outside its allow-list)")

    def _mul(self, e: sp.Mul):
        """Like sympy's printer: coefficient, numerator factors, then / the denominators."""
        coeff, rest = e.as_coeff_Mul()
        num, den = [], []
        for factor in sp.Mul.make_args(rest):
            if isinstance(factor, sp.Pow) and factor.exp.is_Rational and factor.exp.is_negative:
                den.append(factor.base if factor.exp == -1 else sp.Pow(factor.base, -factor.exp,
                                                                       evaluate=False))
            else:
                num.append(factor)
        top = self._fold(([coeff] if coeff != 1 else []) + num, "mul", self._cmul)
        if not den:
            return top
        bottom = self._fold(den, "mul", self._cmul)
        if top is None:
            top = self._num(1.0)
        return self._div(top, bottom)

    def _pow(self, base: sp.Expr, exp: sp.Expr):
        if base == sp.E:  # exp(x) written as a power
            return self._unary("exp", exp)
        if exp == sp.S.Half:
            return self._unary("sqrt", base)
        if exp == -sp.S.Half:
            return self._div(self._num(1.0), self._unary("sqrt", base))
        if exp == -1:
            return self._div(self._num(1.0), self._lower(base))
        b, k = self._lower(base), self._lower(exp)
        if not isinstance(b, tuple) and not isinstance(k, tuple):
            return self._op("pow", b, k)
        if isinstance(k, tuple) or not exp.is_Integer:
            raise BrowserExprError("the browser can't compute a complex power")
        out = b  # numpy multiplies out a complex number's integer powers (|k| ≤ 1000 here)
        for _ in range(abs(int(exp)) - 1):
            out = self._cmul(out, b)
        return self._div(self._num(1.0), out) if exp < 0 else out

    def _unary(self, op: str, arg: sp.Expr) -> int:
        value = self._lower(arg)
        if isinstance(value, tuple):
            raise BrowserExprError(f"the browser can't compute {op} of a complex number")
        return self._op(op, value)

    def _fold(self, parts: list, op: str, complex_op):
        """parts[0] op parts[1] op …, left to right (None for no parts)."""
        out = None
        for part in parts:
            value = self._lower(part)
            if out is None:
                out = value
            elif isinstance(out, tuple) or isinstance(value, tuple):
                out = complex_op(out, value)
            else:
                out = self._op(op, out, value)
        return out

    def _as_pair(self, value) -> tuple[int, int]:
        return value if isinstance(value, tuple) else (value, self._num(0.0))

    def _add(self, a, b) -> tuple[int, int]:
        (ar, ai), (br, bi) = self._as_pair(a), self._as_pair(b)
        return self._op("add", ar, br), self._op("add", ai, bi)

    def _cmul(self, a, b) -> tuple[int, int]:
        (ar, ai), (br, bi) = self._as_pair(a), self._as_pair(b)
        return (self._op("sub", self._op("mul", ar, br), self._op("mul", ai, bi)),
                self._op("add", self._op("mul", ar, bi), self._op("mul", ai, br)))

    def _div(self, a, b):
        if not isinstance(b, tuple):
            if not isinstance(a, tuple):
                return self._op("div", a, b)
            return self._op("div", a[0], b), self._op("div", a[1], b)
        br, bi = b  # a / b = a · conj(b) / |b|²
        norm = self._op("add", self._op("mul", br, br), self._op("mul", bi, bi))
        return self._div(self._cmul(a, (br, self._op("neg", bi))), norm)


def _float(e: sp.Expr) -> float:
    try:
        return float(e)
    except OverflowError:  # an exact number past a double
        return math.inf if e > 0 else -math.inf
