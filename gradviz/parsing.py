"""Turn what a student types into a :class:`~gradviz.function.Function`, safely.

No ``eval``, ``exec``, ``sympify`` or ``parse_expr``: a small recursive-descent grammar reads
numbers, ``pi`` (``π``), ``e``, variables (``x``, ``x1``, ``theta``, or those given as
``variables=``), calls of the :data:`FUNCTIONS` (``sin(x)``), ``+ - * / ^ **``, round
brackets, ``|x|`` and one outer ``[a, b]`` vector, and builds sympy objects from their
constructors. Sizes are bounded (:data:`LIMITS`): no text can run code, hang or exhaust memory.

Student syntax: ``^`` is power; implicit products (``2x``, ``3(x+y)``, ``(x+1)(x-1)``,
``2|x|``, ``xy`` for x·y) bind like ``*``, so ``1/2x`` is ``x/2``; ``e`` is always Euler's
number (``2e3`` is 2000, ``2e`` is ``2·e``).
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import math
import re
import threading
from dataclasses import dataclass

import cachetools
import sympy as sp

from .approx import MAX_MAGNITUDE, approx
from .errors import ExpressionError
from .function import Function, natural_order
from .symbols import symbol

__all__ = ["parse", "remember", "FUNCTIONS", "LIMITS", "symbol"]


@dataclass(frozen=True)
class Limits:
    """Bounds on what :func:`parse` accepts."""

    max_length: int = 1000  #: characters of text
    max_tokens: int = 400  #: tokens (numbers, names, operators)
    max_depth: int = 40  #: nesting of brackets, calls and operators
    max_digits: int = 20  #: digits in one number literal
    max_exponent: float = 1000.0  #: |exponent| when the base is a number
    max_number_digits: int = 300  #: decimal digits of an exact number (|value| ≤ 1e300)
    max_components: int = 8  #: entries in a vector
    max_variables: int = 8  #: distinct variables


LIMITS = Limits()


def _log(x, base=None):
    if base is None:
        return sp.log(x)
    if not base.free_symbols:
        b = approx(base)
        if not (b > 0 and b != 1):  # also nan
            raise ExpressionError(
                "the base of a logarithm must be a positive number other than 1 — write "
                "it like log(x, 10) or log(x, 2)")
    return sp.log(x) / sp.log(base)


#: name -> (sympy constructor, allowed argument counts): the only functions a text may call
FUNCTIONS: dict[str, tuple[object, tuple[int, ...]]] = {
    **{n: (getattr(sp, n), (1,)) for n in "sin cos tan sec csc cot asin acos atan sinh cosh "
       "tanh asinh acosh atanh exp sqrt sign".split()},
    **{"arc" + n: (getattr(sp, "a" + n), (1,)) for n in ("sin", "cos", "tan")},
    "atan2": (sp.atan2, (2,)),
    "arctan2": (sp.atan2, (2,)),
    "log": (_log, (1, 2)),
    "ln": (sp.log, (1,)),
    "log10": (lambda x: sp.log(x) / sp.log(10), (1,)),
    "log2": (lambda x: sp.log(x) / sp.log(2), (1,)),
    "abs": (sp.Abs, (1,)),
}

CONSTANTS = {"pi": sp.pi, "e": sp.E, "E": sp.E}
GREEK = frozenset(
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
    "rho sigma tau upsilon phi chi psi omega".split()
)
_SPLITTABLE = frozenset("xyz")
_UNICODE = {
    "−": "-", "–": "-", "×": "*", "·": "*", "⋅": "*", "÷": "/", "π": " pi ",
    "²": "^2", "³": "^3", "\u00a0": " ",
}

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\*\*|[-+*/^(),\[\]|])
    """,
    re.VERBOSE | re.ASCII,  # \d and \s: ASCII digits only, so int() and Float() agree
)
#: what to say after "unexpected character" for a character no token starts with
_HINTS = {
    **dict.fromkeys("=<>!", " — type an expression like x^2 + y, without `=`, comparisons or `!`"),
    **dict.fromkeys("{}", " — use round brackets ( ) for grouping and [ ] for a vector"),
    **dict.fromkeys("'\"", " — strings are not allowed"),
    "√": " — write a square root as sqrt(x)",
    "∛": " — write a cube root as x^(1/3) (for x ≥ 0)",
    "non-ascii": " — use plain letters, digits and + - * / ^ ( ) [ ] ,",
}


@dataclass(frozen=True)
class _Tok:
    kind: str  # "num", "name", "op", "end"
    text: str
    col: int  # 1-based column in the text the user typed


#: refused anywhere in a text, with their column: the C0 controls but the blanks tab, newline
#: and carriage return, DEL, the C1 controls, lone surrogates and the noncharacters (XML 1.0
#: forbids them, and a figure's title is written to SVG)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                      + "".join(chr(p | 0xFFFE) + chr(p | 0xFFFF) for p in range(0, 0x110000, 0x10000))
                      + "]")


def _tokenise(text: str) -> list[_Tok]:
    bad = _CONTROL.search(text)
    if bad:
        col = bad.start() + 1
        raise ExpressionError(
            f"unexpected control character `U+{ord(bad.group()):04X}` at column {col} — it is "
            "invisible: delete it, or type the function again", col)
    out = [_UNICODE.get(ch, ch) for ch in text]  # the text with _UNICODE mapped to ASCII
    norm = "".join(out)
    cols = [i for i, s in enumerate(out, start=1) for _ in s]  # 1-based column in text of norm[j]
    toks: list[_Tok] = []
    pos = 0
    while pos < len(norm):
        m = _TOKEN.match(norm, pos)
        col = cols[pos]
        if not m:
            ch = norm[pos]
            if ch == ".":
                raise ExpressionError(
                    f"unexpected `.` at column {col} — attribute access is not allowed; "
                    "write decimals like 0.5", col)
            shown = ch if ch.isprintable() and ch.isascii() and ch != "`" else f"U+{ord(ch):04X}"
            hint = _HINTS.get(ch, "" if ch.isascii() else _HINTS["non-ascii"])
            raise ExpressionError(f"unexpected character `{shown}` at column {col}{hint}", col)
        kind = m.lastgroup
        if kind != "ws":
            toks.append(_Tok(kind, m.group(), col))
            if len(toks) > LIMITS.max_tokens:
                raise ExpressionError(
                    f"the expression is too long: at most {LIMITS.max_tokens} symbols", col)
        pos = m.end()
    toks.append(_Tok("end", "", cols[-1] + 1 if cols else 1))
    return toks


def _describe(tok: _Tok) -> str:
    return "the end of the text" if tok.kind == "end" else f"`{tok.text}` at column {tok.col}"


def _never_closed(opener: _Tok) -> ExpressionError:
    close = {"(": ")", "[": "]", "|": "|"}[opener.text]
    return ExpressionError(
        f"bracket `{opener.text}` opened at column {opener.col} is never closed "
        f"— add `{close}`", opener.col)


class _Parser:
    def __init__(self, toks: list[_Tok], variables: tuple[str, ...] | None):
        self.toks = toks
        self.i = 0
        self.depth = 0
        self.abs_depth = 0
        self.explicit = variables
        self.used: dict[str, int] = {}  # variable name -> first column
        self.split: tuple[_Tok, list[sp.Symbol]] | None = None  # last name read as a product
        self.open: list[_Tok] = []  # brackets opened and not yet closed
        self.checked_nodes: set = set()  # nodes whose numbers are known to be in bounds
        self.values: dict = {}  # constant node -> its float value (see gradviz.approx)

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def advance(self) -> _Tok:
        self.i += 1
        return self.toks[self.i - 1]

    def at(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    @contextlib.contextmanager
    def nested(self, opener: _Tok | None = None):
        """One level deeper (bounded), inside the bracket ``opener`` if there is one."""
        self.depth += 1
        if self.depth > LIMITS.max_depth:
            raise ExpressionError(
                f"the expression is nested too deeply at column {self.tok.col} "
                f"(at most {LIMITS.max_depth} levels)", self.tok.col)
        if opener is not None:
            self.open.append(opener)
        yield
        if opener is not None:
            self.open.pop()
        self.depth -= 1

    def checked(self, expr: sp.Expr, col: int) -> sp.Expr:
        """``expr``, once every number in it is known to be within bounds (each node once).

        Called on every node sympy builds, as it merges constants (``pi^20·pi^20`` is
        ``pi^40``); values are measured with :func:`~gradviz.approx.approx`, never ``evalf``.
        """
        stack = [expr]
        while stack:
            e = stack.pop()
            if e in self.checked_nodes:
                continue
            self.checked_nodes.add(e)
            if e.is_Atom:
                if e.is_Rational and _log10_abs(e) > LIMITS.max_number_digits:
                    raise ExpressionError(
                        f"the expression makes a number with about {_log10_abs(e):.0f} digits "
                        f"near column {col} — too large (at most {LIMITS.max_number_digits})",
                        col)
                if not e.is_Number:
                    continue
            if not e.free_symbols:
                value = approx(e, self.values)
                if abs(value) > MAX_MAGNITUDE:
                    raise ExpressionError(
                        f"a number near column {col} is too large (beyond ±1e300, the range "
                        "gradviz computes with) — use smaller constants", col)
                if math.isnan(value) and not e.is_Atom:
                    # asin(2), log(-1): sympy would go on with complex numbers (and can
                    # take without bound to decide what a chain of them is)
                    raise ExpressionError(
                        f"the part at column {col} has no real value (like asin(2), log(-1) "
                        "or sqrt(-1)) — gradviz draws real functions; for a cube root of a "
                        "negative number write -(8^(1/3))", col)
            stack.extend(e.args)
        return expr

    def expect_close(self, close: str, opener: _Tok) -> None:
        if self.at(close):
            self.advance()
            return
        if self.tok.kind == "end":
            raise _never_closed(opener)
        raise ExpressionError(
            f"expected `{close}` to close the bracket opened at column {opener.col}, "
            f"found {_describe(self.tok)}", self.tok.col)

    def top(self) -> tuple[list[sp.Expr], bool, list[list[sp.Expr]]]:
        if self.tok.kind == "end":
            raise ExpressionError("the function is empty — type something like x^2 + y^2", 1)
        comps, terms, is_vector = [], [], self.at("[")
        if not is_vector:
            terms.append([])
            comps.append(self.expr(terms[0]))
        else:
            opener = self.advance()
            self.open.append(opener)
            while not (self.at("]") and comps):  # a trailing comma is allowed
                if self.at("]"):
                    raise ExpressionError(
                        f"the vector opened at column {opener.col} is empty — "
                        "put components inside, e.g. [x, y]", opener.col)
                terms.append([])
                comps.append(self.expr(terms[-1]))
                if len(comps) > LIMITS.max_components:
                    raise ExpressionError(
                        f"a vector may have at most {LIMITS.max_components} components",
                        self.tok.col)
                if not self.at(","):
                    break
                self.advance()
            self.open.pop()
            self.expect_close("]", opener)
        self.finish()
        return comps, is_vector, terms

    def finish(self) -> None:
        tok = self.tok
        if tok.kind == "end":
            return
        if tok.text in (")", "]"):
            raise ExpressionError(
                f"closing `{tok.text}` at column {tok.col} has no matching opening bracket",
                tok.col)
        if tok.text == ",":
            raise ExpressionError(
                f"unexpected `,` at column {tok.col} — for a vector, put the components "
                "in square brackets: [x, y]", tok.col)
        if tok.text == "[":
            raise ExpressionError(
                f"unexpected `[` at column {tok.col} — square brackets are only for one "
                "outer vector, like [x^2 - y, y^2 + x]", tok.col)
        raise ExpressionError(f"unexpected {_describe(tok)}", tok.col)

    def expr(self, terms: list[sp.Expr] | None = None) -> sp.Expr:
        parts = [self.term()]
        while self.at("+", "-"):
            op = self.advance()
            rhs = self.term()
            parts.append(self.checked(-rhs, op.col) if op.text == "-" else rhs)
        if terms is not None:
            terms.extend(parts)
        col = self.tok.col  # checked after every addition: 1/3 + 1/7 + … grows
        return functools.reduce(lambda total, part: self.checked(total + part, col), parts)

    def term(self) -> sp.Expr:
        value = self.unary()
        while True:
            if self.at("*", "/"):
                op = self.advance()
                rhs = self.unary()
                value = self.checked(value * rhs if op.text == "*" else value / rhs, op.col)
            elif self.tok.kind == "name" or self.at("(") or (self.at("|") and not self.abs_depth):
                # an implicit product: 2x, 3(x+y), 2|x| (inside |…| a `|` closes it instead)
                col = self.tok.col
                value = self.checked(value * self.power(), col)
            elif self.tok.kind == "num":
                raise ExpressionError(
                    f"missing operator before the number `{self.tok.text}` at column "
                    f"{self.tok.col} — write `*` between numbers", self.tok.col)
            else:
                break
        return value

    def unary(self) -> sp.Expr:
        if self.at("-", "+"):
            op = self.advance()
            with self.nested():
                inner = self.unary()
            return self.checked(-inner, op.col) if op.text == "-" else inner
        return self.power()

    def power(self) -> sp.Expr:
        start = self.tok
        base = self.atom()
        if not self.at("^", "**"):
            return base
        op = self.advance()
        if self.tok.kind == "end":
            raise ExpressionError(
                f"`{op.text}` at column {op.col} needs an exponent after it", op.col)
        with self.nested():
            exponent = self.unary()
        head = []
        if self.split is not None and self.split[0] is start:
            # xy^2 is x·y², as in maths: the power binds to the last letter only
            *head, base = self.split[1]
        _check_power(base, exponent, op.col, self.values)
        return self.checked(sp.Mul(*head) * sp.Pow(base, exponent), op.col)

    def atom(self) -> sp.Expr:
        tok = self.tok
        if tok.kind == "num":
            self.advance()
            return _number(tok)
        if tok.kind == "name":
            self.advance()
            return self.name(tok)
        if self.at("("):
            opener = self.advance()
            if self.at(")"):
                raise ExpressionError(f"empty brackets at column {opener.col}", opener.col)
            with self.nested(opener):
                inner = self.expr()
            self.expect_close(")", opener)
            return inner
        if self.at("|"):
            opener = self.advance()
            self.abs_depth += 1
            with self.nested(opener):
                inner = self.expr()
            self.abs_depth -= 1
            if not self.at("|"):
                if self.tok.kind == "end":
                    raise ExpressionError(
                        f"`|` opened at column {opener.col} is never closed — "
                        "write |x| (or abs(x))", opener.col)
                raise ExpressionError(
                    f"expected `|` to close the `|` at column {opener.col}, found "
                    f"{_describe(self.tok)}", self.tok.col)
            self.advance()
            return self.checked(sp.Abs(inner), opener.col)
        if tok.kind == "end":
            if self.open:
                raise _never_closed(self.open[-1])
            raise ExpressionError(
                "the expression ends too early — something is missing at the end", tok.col)
        if tok.text in (")", "]"):
            raise ExpressionError(
                f"unexpected `{tok.text}` at column {tok.col} — something is missing before it",
                tok.col)
        if tok.text == "[":
            raise ExpressionError(
                f"unexpected `[` at column {tok.col} — square brackets are only for one "
                "outer vector; use ( ) for grouping", tok.col)
        raise ExpressionError(
            f"unexpected `{tok.text}` at column {tok.col} — a number, variable or "
            "bracket should come here", tok.col)

    def name(self, tok: _Tok) -> sp.Expr:
        name = tok.text
        if name.startswith("_"):
            raise ExpressionError(
                f"names may not start with `_` (column {tok.col})", tok.col)
        if self.at("("):
            if name in FUNCTIONS:
                return self.call(tok)
            if self._is_variable_name(name) or name in CONSTANTS or self._letters(name):
                # x(y+1), e(x+1), pi(x), xy(x+1): implicit multiplication
                return self.variable_or_constant(tok)
            head, fn = self._split_function(name)
            if fn is not None:  # xcos(y), 2xsin(y): x·cos(y), as in maths
                factors = [self.use(ch, tok.col + k) for k, ch in enumerate(head)]
                factors.append(self.call(_Tok("name", fn, tok.col + len(head))))
                self.split = (tok, factors)  # xcos(y)^2 is x·cos(y)², like xy^2
                return sp.Mul(*factors)
            hint = self._product_hint(tok)
            if not hint:
                guess = difflib.get_close_matches(name.lower(), FUNCTIONS, n=1, cutoff=0.6)
                hint = f" — did you mean `{guess[0]}`?" if guess else (
                    " — available: " + ", ".join(sorted(set(FUNCTIONS))))
            raise ExpressionError(f"unknown function `{name}` at column {tok.col}{hint}", tok.col)
        if name in FUNCTIONS:
            if self.at("^", "**"):
                raise ExpressionError(
                    f"write powers of `{name}` after the brackets: {name}(x)^2, "
                    f"not {name}^2(x) (column {tok.col})", tok.col)
            raise ExpressionError(
                f"`{name}` at column {tok.col} needs brackets: {name}(x)", tok.col)
        return self.variable_or_constant(tok)

    def _letters(self, name: str) -> bool:
        """Is ``name`` a product of one-letter variables, like ``xy``?"""
        pool = set(self.explicit) if self.explicit is not None else _SPLITTABLE
        return (bool(pool) and all(len(v) == 1 for v in pool) and len(name) <= 6
                and set(name) <= pool)

    def _heads(self, name: str):
        """(head, rest) for each split of ``name`` after a head of one-letter variables."""
        for i in range(1, min(len(name), 7)):
            if not self._letters(name[:i]):
                return
            yield name[:i], name[i:]

    def _split_function(self, name: str) -> tuple[str, str | None]:
        """``xcos`` -> ("x", "cos"): one-letter variables, then a function's name."""
        return next(((h, rest) for h, rest in self._heads(name) if rest in FUNCTIONS),
                    (name, None))

    def _product_hint(self, tok: _Tok) -> str:
        """For ``2xsinn(y)``: " — did you mean `2x*sin(y)`?" (the text with the `*`)."""
        for head, rest in self._heads(tok.text):
            guess = difflib.get_close_matches(rest.lower(), FUNCTIONS, n=1, cutoff=0.6)
            if guess:
                before = self.toks[self.i - 2] if self.i >= 2 else None
                coeff = before.text if before is not None and before.kind == "num" else ""
                return f" — did you mean `{coeff}{head}*{guess[0]}({self._bracket_text()})`?"
        return ""

    def _bracket_text(self) -> str:
        """The tokens inside the bracket that opens at the current token, as typed (short)."""
        depth, out = 0, []
        for t in self.toks[self.i + 1:]:
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth -= 1
            if depth < 0 or t.kind == "end":
                break
            out.append(t.text)
        text = "".join(out)
        return text if len(text) <= 20 else "…"

    def _is_variable_name(self, name: str) -> bool:
        if self.explicit is not None:
            return name in self.explicit
        return (len(name) == 1 and name not in CONSTANTS) or bool(
            re.fullmatch(r"[A-Za-z]\d+", name)) or name in GREEK

    def variable_or_constant(self, tok: _Tok) -> sp.Expr:
        name = tok.text
        if name in CONSTANTS:  # never a variable: _parse_cached refuses such variables=
            return CONSTANTS[name]
        if self._is_variable_name(name):
            return self.use(name, tok.col)
        if self._letters(name):
            return self.product(tok, name)
        for const in ("e", "pi"):  # xe^(-x^2), 2xpi: variables, then a constant
            head = name[: -len(const)]
            if name.endswith(const) and head and self._letters(head):
                return self.product(tok, head, CONSTANTS[const])  # xe^2 is x·e², like xy^2
        head, fn = self._split_function(name)
        if fn is not None:
            raise ExpressionError(
                f"`{fn}` at column {tok.col + len(head)} needs brackets: "
                f"write {head}*{fn}(…)", tok.col)
        if self.explicit is not None:
            allowed = ", ".join(self.explicit) or "(none)"
            raise ExpressionError(
                f"unknown name `{name}` at column {tok.col} — the variables here are "
                f"{allowed}", tok.col)
        guess = difflib.get_close_matches(name, list(FUNCTIONS) + ["pi"], n=1, cutoff=0.75)
        hint = (f" — did you mean `{guess[0]}`?" if guess else
                " — variables are single letters (x, y, z, t, …) or a letter with digits "
                "(x1); write products with * (a*b)")
        raise ExpressionError(f"unknown name `{name}` at column {tok.col}{hint}", tok.col)

    def product(self, tok: _Tok, letters: str, *more: sp.Expr) -> sp.Expr:
        """The one-letter variables in ``tok`` times ``more``; a power binds to the last."""
        factors = [self.use(ch, tok.col + k) for k, ch in enumerate(letters)] + list(more)
        self.split = (tok, factors)
        return sp.Mul(*factors)

    def use(self, name: str, col: int) -> sp.Symbol:
        if name not in self.used:
            self.used[name] = col
            if len(self.used) > LIMITS.max_variables:
                raise ExpressionError(
                    f"too many variables (at most {LIMITS.max_variables})", col)
        return symbol(name)

    def call(self, tok: _Tok) -> sp.Expr:
        fn, arities = FUNCTIONS[tok.text]
        opener = self.advance()
        with self.nested(opener):
            args = [] if self.at(")") else [self.expr()]
            while args and self.at(","):
                self.advance()
                args.append(self.expr())
        self.expect_close(")", opener)
        if len(args) not in arities:
            want = " or ".join(str(a) for a in arities)
            s = "" if arities == (1,) else "s"
            raise ExpressionError(
                f"`{tok.text}` at column {tok.col} takes {want} argument{s}, "
                f"got {len(args)}", tok.col)
        if fn is sp.exp:
            _check_exp(args[0], tok.col, self.values)
        elif fn is sp.sqrt:  # sqrt(a) is a^(1/2): the same checks as a power
            _check_power(args[0], sp.Rational(1, 2), tok.col, self.values)
        return self.checked(fn(*args), tok.col)


def _number(tok: _Tok) -> sp.Expr:
    text = tok.text
    mant, _, exp = text.lower().partition("e")
    if sum(ch.isdigit() for ch in mant) > LIMITS.max_digits:
        raise ExpressionError(
            f"the number at column {tok.col} is too long (at most {LIMITS.max_digits} digits)",
            tok.col)
    if re.fullmatch(r"\d+", text):
        return sp.Integer(int(text))
    if exp and abs(int(exp)) > 300:
        raise ExpressionError(
            f"the number `{text}` at column {tok.col} is out of range (exponent at most 300)",
            tok.col)
    if "." not in mant and exp and int(exp) >= 0:
        return sp.Integer(int(mant) * 10 ** int(exp))
    return sp.Float(text)


def _log10_abs(n: sp.Expr) -> float:
    """About how many decimal digits sympy writes for the numbers in ``n``, without forming them.

    A fraction counts its longer part, a float its decimal exponent; products add up and
    ``b^k`` multiplies by |k|, as sympy multiplies those out (``(10x)^3 = 1000x^3``).
    """
    if isinstance(n, sp.Rational):  # math.log10 takes ints of any size
        return max(math.log10(abs(int(n.p)) or 1), math.log10(int(n.q)))
    if isinstance(n, sp.Float):  # |n| = man * 2**exp
        _, man, exp, _ = n._mpf_
        return abs(math.log10(man) + exp * math.log10(2)) if man else 0.0
    if n.is_Mul:
        return sum(_log10_abs(a) for a in n.args)
    if n.is_Pow and n.exp.is_Number:
        size = _log10_abs(n.base)
        return size * abs(float(n.exp)) if size else 0.0
    return 0.0


_MAX_REWRITES = 8  # (b^a)^k → b^(a·k) → … : sympy's rewrites followed at most this deep


def _check_power(base: sp.Expr, exponent: sp.Expr, col: int, values: dict,
                 depth: int = 0, seen: frozenset = frozenset()) -> None:
    """Raise unless sympy can build ``base^exponent`` without forming a huge number.

    ``seen``: the powers checked on the way here (b^(1/log c) → e^(log b/log c) → … can lead
    back).
    """
    if (base, exponent) in seen:
        return
    seen = seen | {(base, exponent)}
    if depth > _MAX_REWRITES:
        raise ExpressionError(
            f"the power at column {col} is nested too deeply to check — simplify it", col)
    too_large = exponent.is_Number and (
        exponent.is_infinite or abs(float(exponent)) > LIMITS.max_exponent)
    if not exponent.is_Number and not exponent.free_symbols:
        # a constant exponent like 2^(3*4), pi^pi^pi or 10^(10^10): bound its value first
        val = approx(exponent, values)
        if math.isnan(val):
            val = float("inf") if base.is_number else 0.0  # unknown: only a risk for b^k
        too_large = abs(val) > LIMITS.max_exponent and (base.is_number or math.isinf(val))
    if too_large:
        raise ExpressionError(
            f"the exponent at column {col} is too large (at most {LIMITS.max_exponent:g})", col)
    if exponent.is_Number:
        # bound the numbers sympy will multiply out: 2^3000, (1/10)^1000, (10x)^1000
        size = _log10_abs(base) * abs(float(exponent))
        if size > LIMITS.max_number_digits:
            raise ExpressionError(
                f"the power at column {col} makes a number with about {size:.0f} digits "
                f"— too large (at most {LIMITS.max_number_digits})", col)
    if _log10_abs(base) and any(abs(r) > LIMITS.max_exponent
                                for r in exponent.atoms(sp.Rational)):
        # 2^(10^300 - x): simplifying 2^x·2^(10^300 - x) would form 2^(10^300)
        raise ExpressionError(
            f"a number in the exponent at column {col} is too large "
            f"(at most {LIMITS.max_exponent:g})", col)
    # sympy merges (b^a)^k into b^(a·k) and turns e^(k·log b) into b^k: check those too
    if isinstance(base, sp.exp):
        _check_exp(base.args[0] * exponent, col, values, depth + 1, seen)
    elif base is sp.E:
        _check_exp(exponent, col, values, depth + 1, seen)
    elif base.is_Pow:
        _check_power(base.base, base.exp * exponent, col, values, depth + 1, seen)
    elif base.is_number and exponent.has(sp.log):  # b^(c/log(b)) is e^c for a number b
        _check_exp(exponent * sp.log(base), col, values, depth + 1, seen)


def _check_exp(arg: sp.Expr, col: int, values: dict, depth: int = 0,
               seen: frozenset = frozenset()) -> None:
    """Raise unless sympy can build ``exp(arg)``: it rewrites exp(k·log(b)) as b^k."""
    if depth > _MAX_REWRITES:
        raise ExpressionError(
            f"the exponential at column {col} is nested too deeply to check — simplify it",
            col)
    if not arg.free_symbols and not arg.is_Add:
        val = approx(arg, values)
        if val > math.log(MAX_MAGNITUDE):
            raise ExpressionError(
                f"the exponential at column {col} is too large (e^{val:.3g}) — use a smaller "
                "exponent", col)
    if arg.is_Add:  # exp(a + c) is built from exp(a) and exp(c)
        for term in arg.args:
            _check_exp(term, col, values, depth, seen)
        return
    if not arg.is_Mul:
        return
    coeffs, base = [], None
    for factor in arg.args:  # as sympy's exp.eval reads a product
        combined = sp.logcombine(factor)
        if isinstance(combined, sp.log):
            if base is not None:
                return
            base = combined.args[0]
        elif factor.is_comparable:
            coeffs.append(factor)
        else:
            return
    if base is not None:
        _check_power(base, sp.Mul(*coeffs), col, values, depth + 1, seen)


def _check_defined(exprs: list[sp.Expr]) -> None:
    for e in exprs:
        if e.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            raise ExpressionError(
                "the expression is undefined everywhere (it divides by zero or is infinite) "
                "— check denominators like 1/0")
        if e.has(sp.I) or (e.is_number and e.is_extended_real is False):
            raise ExpressionError(
                "the expression has a complex value (like sqrt(-1) or (-8)^(1/3)) — "
                "gradviz draws real functions; for a cube root of a negative number "
                "write -(8^(1/3))")
        digits = max((_log10_abs(r) for r in e.atoms(sp.Rational)), default=0.0)
        if digits > LIMITS.max_number_digits:
            raise ExpressionError(
                f"the expression makes a number with about {digits:.0f} digits — too large "
                f"(at most {LIMITS.max_number_digits})")


def parse(text: str, variables: tuple[str, ...] | list[str] | str | None = None,
          min_variables: int = 0) -> Function:
    """Parse a scalar (``"sin(x*y)"``) or vector (``"[x^2 - y, y^2 + x]"``) a student typed.

    ``variables`` (a sequence, or ``"x,y"``) are the inputs in order; by default x, y, z, then
    the others in :func:`~gradviz.function.natural_order`. ``min_variables`` pads them with
    unused ones of x, y, z (``"x^2"`` drawn over (x, y)). Equal texts return the same Function;
    an ExpressionError carries a message a student can act on.

    >>> f = parse("sin(x*y)")
    >>> f.variables
    ('x', 'y')
    >>> parse("2x^2 + 3(x+y)").expr
    2*x**2 + 3*x + 3*y
    >>> parse("[x, sin(y)]")(2, 10)
    array([ 2.        , -0.54402111])
    >>> parse("e^x").expr
    exp(x)
    >>> parse("x^2", min_variables=2).variables
    ('x', 'y')
    """
    if not isinstance(text, str):
        raise ExpressionError("the function must be text, like \"x^2 + y\"")
    if isinstance(variables, str):
        variables = tuple(v.strip() for v in variables.split(",") if v.strip())
    elif variables is not None:
        variables = tuple(variables)
    key = (text, variables, int(min_variables))
    with _REFUSED_LOCK:
        refused, prepared = _REFUSED.get(key), _PREPARED.get(key)
    if refused is not None:
        raise ExpressionError(*refused)
    if prepared is not None:
        return prepared
    try:
        return _parse_cached(*key)
    except ExpressionError as err:
        error = err
    except ZeroDivisionError:
        error = ExpressionError("the expression divides by zero — check denominators like 1/0")
    except RecursionError:
        error = ExpressionError(
            "the expression is nested too deeply to work with — write it in simpler parts")
    except MemoryError:
        error = ExpressionError("the expression needs too much memory — try a simpler one")
    except Exception:  # noqa: BLE001 - whatever sympy raises, the student gets words
        error = ExpressionError(
            "gradviz can't work with this expression — try writing it another way (with "
            "fewer functions of functions, or as separate terms)")
    with _REFUSED_LOCK:  # a refused text left in a box costs nothing on later reruns
        _REFUSED[key] = (error.message, error.column)
    raise error


# (text, variables, min_variables) -> (message, column) / the Function a worker prepared
_REFUSED, _PREPARED = cachetools.LRUCache(1024), cachetools.LRUCache(1024)
_REFUSED_LOCK = threading.Lock()


def remember(f: Function, text: str, variables: tuple[str, ...] | None = None,
             min_variables: int = 0) -> Function:
    """Make ``parse(text, …)`` (also with ``f``'s own variables) return ``f`` from now on.

    ``f`` is what a worker parsed and derived (:func:`gradviz.budget.prepare`), so nothing is
    worked out again. Bounded: the oldest are forgotten first.
    """
    with _REFUSED_LOCK:
        for key in ((text, variables, int(min_variables)), (text, f.variables, 0)):
            _PREPARED[key] = f
    return f


@functools.lru_cache(maxsize=512)
def _parse_cached(text: str, variables: tuple[str, ...] | None, min_variables: int) -> Function:
    if len(text) > LIMITS.max_length:
        raise ExpressionError(
            f"the text is too long ({len(text)} characters; at most {LIMITS.max_length})")
    if variables is not None:
        if len(variables) > LIMITS.max_variables:
            raise ExpressionError(f"too many variables (at most {LIMITS.max_variables})")
        for v in variables:
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,15}", v) or v in CONSTANTS \
                    or v in FUNCTIONS:
                raise ExpressionError(
                    f"`{v}` can't be a variable name — use letters and digits, "
                    "not a function or constant name")
        if len(set(variables)) != len(variables):
            raise ExpressionError("a variable is listed twice")
    toks = _tokenise(text)
    parser = _Parser(toks, variables)
    comps, is_vector, terms = parser.top()
    _check_defined(comps)
    if variables is None:
        names = natural_order(parser.used)
        pad = [v for v in ("x", "y", "z") if v not in names]
        names = natural_order([*names, *pad[:max(0, min_variables - len(names))]])
    else:
        names = variables
    return Function(tuple(comps), names, shape=(len(comps),) if is_vector else (), text=text,
                    terms=tuple(tuple(t) for t in terms))
