"""Check a student's answer for a derivative: equal as functions, not as strings.

The answer is parsed with the same safe parser and compared with the exact derivative at
many points of the view (numbers, bounded in time: no ``simplify`` on user input). When they
differ, the report says where (a point and both values) and, for a sum, which term is off.
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import sympy as sp

from . import formatting
from .calculus import partial
from .errors import ExpressionError
from .function import Function
from .parsing import parse, symbol
from .topics.derivatives import term_latex

__all__ = ["Verdict", "check_partial", "check_partial_text", "compare"]


#: at most this many typed terms (of f, and of the answer) are compared one by one
MAX_TERMS = 12
#: points of the view an answer is checked at (and more of both signs, see check_partial)
N_POINTS = 200
N_WIDE = 100
#: sympy works out the exact value at the witness point only for derivatives this small
_EXACT_OPS = 80


@dataclass(frozen=True)
class Verdict:
    """The result of a check: ``correct``, the ``message`` for the student (markdown with
    ``$…$`` maths, in the pages' notation) and a witness point with both values there."""

    correct: bool
    message: str
    point: tuple[float, ...] | None = None
    expected: float | None = None
    got: float | None = None


def _lattice(lo: float, hi: float, count: int) -> np.ndarray:
    """The decimals of [lo, hi] a step 1, 2 or 5 × 10ᵏ apart (about ``count``), as shown."""
    raw = max(hi - lo, 1e-12) / count
    p = 10.0 ** math.floor(math.log10(raw))
    step = next(m * p for m in (1, 2, 5, 10) if raw <= m * p * (1 + 1e-12))
    i = np.arange(math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9) + 1)
    return np.round(i * step, max(0, -math.floor(math.log10(step) + 1e-12)))


def _sample_points(n_vars: int, box: Sequence[tuple[float, float]], k: int, seed: int):
    """k points of ``box`` on a decimal lattice (x = 2.5, y = 1.1), so that a student can
    redo the computation by hand with exactly the numbers shown."""
    rng = np.random.default_rng(seed)
    cols = []
    for lo, hi in list(box)[:n_vars]:
        grid = _lattice(float(lo), float(hi), 40)  # too narrow for it: plain numbers
        cols.append(grid[rng.integers(grid.size, size=k)] if grid.size else
                    lo + (hi - lo) * rng.random(k))
    return np.column_stack(cols) if cols else np.zeros((k, 0))


def _tolerance(a: np.ndarray, magnitude: float = 0.0) -> float:
    """Absolute tolerance relative to the derivative's size on the view (1e-15 is not 0)
    and to the ``magnitude`` of the terms summed to make it, where round-off comes from
    (sin²x + cos²x − 1 is 1e-16, not 0)."""
    scale = float(np.max(np.abs(a), where=np.isfinite(a), initial=0.0))
    return 1e-9 * scale + 1e-13 * magnitude


def _magnitude(fn: Function, pts: np.ndarray) -> float:
    """The largest sum of |term| of a scalar ``fn`` over ``pts``: the size of the numbers
    its value is computed from (one vectorised call for all terms)."""
    terms = sp.Add.make_args(fn.expr)
    vals = np.abs(_values(Function(terms, fn.variables), pts)).sum(axis=0)
    return float(np.max(vals, where=np.isfinite(vals), initial=0.0))


def _values(fn: Function, pts: np.ndarray) -> np.ndarray:
    """All components of ``fn`` at all points, one vectorised call: shape (m, k)."""
    with np.errstate(all="ignore"):
        out = np.asarray(fn(*pts.T), dtype=float)
    return out.reshape(len(fn.exprs), len(pts))


def _digits(p: np.ndarray) -> int:
    """How many digits the coordinates of a point are written with (hand work)."""
    return sum(len(_num(v).lstrip("-").replace(".", "")) for v in p)


def compare(expected: Function, answer: Function, box: Sequence[tuple[float, float]],
            k: int = N_POINTS, seed: int = 0) -> Verdict:
    """Compare two scalar Functions of the same variables at k points of ``box``.

    The tolerance is relative to the size of ``expected`` on the box, so that 0 is not
    "equal" to a derivative that is merely small there.

    >>> import gradviz
    >>> f = gradviz.parse("sin(x)*cos(x)", variables=("x",))
    >>> g = gradviz.parse("sin(2x)/2", variables=("x",))
    >>> compare(f, g, [(-3, 3)]).correct
    True
    >>> compare(gradviz.parse("1e-12*x", variables=("x",)),
    ...         gradviz.parse("0", variables=("x",)), [(0, 4)]).correct
    False
    """
    pts = _sample_points(expected.n, box, k, seed)
    a = _values(expected, pts)[0]
    b = _values(answer, pts)[0]
    kinks = [s.args[0] for s in expected.expr.atoms(sp.sign)]
    if kinks:  # ∂|x|/∂x = sign(x) has no value at x = 0: don't judge an answer there
        u = _values(Function(tuple(kinks), expected.variables), pts)
        a = np.where((u == 0).any(axis=0), np.nan, a)
    atol = _tolerance(a, max(_magnitude(expected, pts), _magnitude(answer, pts)))
    both = np.isfinite(a) & np.isfinite(b)
    if not both.any():
        return Verdict(False, "I couldn't compare: both are undefined everywhere I looked.")
    bad = both & ~np.isclose(a, b, rtol=1e-7, atol=atol)
    only_one = np.isfinite(a) ^ np.isfinite(b)
    if not bad.any() and only_one.sum() > 0.05 * k:  # defined on different ground
        bad = only_one
    if not bad.any():
        return Verdict(True, f"Equal at all {k} points checked.")
    # the point easiest to compute by hand: fewest digits, small
    i = min(np.flatnonzero(bad)[:50], key=lambda i: (_digits(pts[i]), np.abs(pts[i]).sum()))
    return Verdict(False, "", tuple(float(v) for v in pts[i]), float(a[i]), float(b[i]))


def _num(v: float) -> str:
    """A lattice coordinate as used: 2.5, -1, 0.05 (10 digits: no float noise)."""
    return formatting.number(v, 10)


def _fmt_point(variables, pt) -> str:
    return ", ".join(f"{v} = {_num(x)}" for v, x in zip(variables, pt))


def _wide_box(box) -> list[tuple[float, float]] | None:
    """The box grown to both signs of every variable whose view has only one sign."""
    wide = []
    for lo, hi in box:
        m = max(abs(lo), abs(hi)) or 1.0
        wide.append((lo, hi) if lo < 0 < hi else (-m, m))
    return None if wide == list(box) else wide


def check_partial(f: Function, var: str, answer_text: str,
                  box: Sequence[tuple[float, float]] | None = None) -> Verdict:
    """Is ``answer_text`` the partial derivative ∂f/∂var?

    Compared at :data:`N_POINTS` points of the view ``box`` and, where the view has only
    one sign of a variable, at :data:`N_WIDE` points of both signs (∂|x|/∂x is 1 for x ≥ 0,
    but not as a function). When they differ, the message says where and which typed term
    is off (up to :data:`MAX_TERMS` terms). Cached per (f, variable, answer, view).

    >>> import gradviz
    >>> f = gradviz.parse("x^2*y + sin(x)")
    >>> check_partial(f, "x", "2xy + cos(x)").correct
    True
    >>> v = check_partial(f, "x", "2xy - cos(x)")
    >>> v.correct, "wrong sign" in v.message
    (False, True)
    """
    if not f.is_scalar:
        raise ExpressionError("answers are checked for scalar functions")
    box = tuple((float(lo), float(hi)) for lo, hi in (box or [(-2.0, 2.0)] * f.n))
    return _check_cached(f, var, str(answer_text), box)


@functools.lru_cache(maxsize=256)
def _check_cached(f: Function, var: str, answer_text: str,
                  box: tuple[tuple[float, float], ...]) -> Verdict:
    expected = Function(partial(f, var).exprs, f.variables)
    try:
        ans = parse(answer_text, variables=f.variables)
    except ExpressionError as err:
        raise ExpressionError(f"your answer: {err}") from None
    if not ans.is_scalar:
        raise ExpressionError("your answer should be one expression, not a vector")
    verdict = compare(expected, ans, box)
    if not verdict.correct:  # wrong on the view (or not comparable: no point to explain at)
        return verdict if verdict.point is None else _explain(f, var, ans, expected, verdict, box)
    d = f"∂f/∂{var}"
    where = ", ".join(f"{v} ∈ [{formatting.number(lo)}, {formatting.number(hi)}]"
                      for v, (lo, hi) in zip(f.variables, box))
    checked = f"{N_POINTS} points of the view {where}"
    wide = _wide_box(box)
    if wide is not None:
        outside = compare(expected, ans, wide, k=N_WIDE, seed=2)
        if outside.point is not None:
            at = _fmt_point(f.variables, outside.point)
            return replace(outside, message=(
                f"Equal to {d} on the view: at all {checked}. **But not as functions:** "
                f"outside the view, at {at}, {d} is "
                f"{_value_text(expected.expr, expected.symbols, outside.point, outside.expected)} "
                f"and your answer gives {_float_text(outside.got)}. An answer must hold for "
                "every value of the variables, not just the ones on screen."))
        checked += f" and {N_WIDE} points with both signs of each variable"
    return Verdict(True, f"Correct — equal to {d} at all {checked}.")


def _float_text(v: float | None) -> str:
    text = formatting.number(v, 6)
    return text if text == formatting.UNDEFINED or float(text) == v else f"≈ {text}"


def _value_text(expr: sp.Expr, symbols, pt, value: float | None) -> str:
    """A value at a lattice point: exact when it is a fraction (5.5, 13/3)."""
    if sp.count_ops(expr) <= _EXACT_OPS:
        subs = {s: sp.Rational(_num(v)) for s, v in zip(symbols, pt)}
        with contextlib.suppress(Exception):  # else the float
            exact = expr.xreplace(subs)
            if exact.is_Rational and abs(exact.p) < 10**12 and exact.q < 10**6:
                return str(exact)
    return _float_text(value)


def _latex(expr: sp.Expr) -> str:
    return f"${term_latex(expr)}$"


@dataclass(frozen=True)
class _Off:
    """One place the answer is off: its ``typed`` term(s) (None: a term is missing) should
    be ``should``, the derivative of f's terms ``of`` (LaTeX; "": of none), because ``why``."""

    typed: sp.Expr | None
    should: sp.Expr
    of: str = ""
    why: str = ""


def _explain(f: Function, var: str, ans: Function, expected: Function, verdict: Verdict,
             box) -> Verdict:
    """Where the answer is off, term by term, at a point a student can redo by hand where
    the difference shows (else at ``verdict``'s)."""
    d = f"∂f/∂{var}"
    terms = _terms(f, var, ans, box)
    right, offs = terms if isinstance(terms, tuple) else ([], [])
    first = offs[0] if offs and offs[0].typed is not None else None
    pt, exp_v, got_v, typed_v, should_v = _witness(expected, ans, box, first)
    if pt is None:
        pt, exp_v, got_v = verdict.point, verdict.expected, verdict.got
    syms = expected.symbols
    out = (f"Not quite: at {_fmt_point(f.variables, pt)}, {d} is "
           f"{_value_text(expected.expr, syms, pt, exp_v)}; your answer gives "
           f"{_float_text(got_v)}.")
    if isinstance(terms, str):
        return Verdict(False, f"{out} {terms}".strip(), pt, exp_v, got_v)
    if right and offs:
        out += " Right: " + ", ".join(_latex(t) for t in right[:4]) + "."
    for k, o in enumerate(offs[:4]):
        typed, should = o.typed, o.should
        if typed is None:
            out += f" Missing: {_latex(should)}, the derivative of {o.of}."
            continue
        head = f" Your term {_latex(typed)} should " + (
            f"be {_latex(should)}" if o.of and should != 0 else "not be there")
        out += head + (f": {o.why}" if o.why else
                       f" — the derivative of {o.of} for ${sp.latex(symbol(var))}$"
                       if o.of else ": no term of $f$ gives it") + "."
        if k == 0 and typed_v is not None and (typed_v, should_v) != (got_v, exp_v):
            out += (f" There your {_latex(typed)} is {_value_text(typed, syms, pt, typed_v)}"
                    + (f" but {_latex(should)} is {_value_text(should, syms, pt, should_v)}."
                       if should != 0 else "."))
    return Verdict(False, out, pt, exp_v, got_v)


def _hand_points(box) -> np.ndarray:
    """Points of the view a student can compute at by hand: on each axis the integers (when
    there are a few) and a decimal lattice of about 8 positions."""
    axes = []
    for lo, hi in box:
        ints = np.arange(math.ceil(lo), math.floor(hi) + 1.0)
        axes.append(np.union1d(ints if len(ints) <= 9 else [], _lattice(lo, hi, 8)))
    return np.stack([g.ravel() for g in np.meshgrid(*axes, indexing="ij")], axis=1)


def _witness(expected: Function, ans: Function, box, off: _Off | None):
    """(point, expected, got, typed, should): the hand point where the answer differs from
    the derivative (and term ``off`` from what it should be), preferring non-zero coordinates
    and term values, positive coordinates, few digits, small numbers; all None if none."""
    pts = _hand_points(box)
    e, a = _values(expected, pts)[0], _values(ans, pts)[0]
    ok = np.isfinite(e) & np.isfinite(a) & ~np.isclose(e, a, rtol=1e-7, atol=_tolerance(e))
    t = s = np.zeros_like(e)
    if off is not None:
        t, s = _values(Function((off.typed, off.should), expected.variables), pts)
        ok &= np.isfinite(t) & np.isfinite(s) & ~np.isclose(t, s, rtol=1e-7, atol=_tolerance(s))
    if not ok.any():
        return None, None, None, None, None

    def cost(i):
        p = pts[i]
        return ((p == 0).any(), t[i] == 0 or s[i] == 0, int((p < 0).sum()), _digits(p),
                float(np.abs(p).sum()))

    i = min(np.flatnonzero(ok), key=cost)
    pair = (float(t[i]), float(s[i])) if off is not None else (None, None)
    return (tuple(float(v) for v in pts[i]), float(e[i]), float(a[i])) + pair


def _terms(f: Function, var: str, ans: Function, box) -> tuple[list, list[_Off]] | str:
    """The answer's terms against the derivatives of f's terms: the typed terms that are
    right and the places it is off (a note instead past :data:`MAX_TERMS` terms).

    f's terms, their derivatives for every variable and the answer's terms are evaluated in
    two vectorised calls, then matched as arrays. A typed term is off when it is another
    variable's derivative of a term, a derivative with the wrong sign, or a term itself; the
    rest are paired with the derivatives nobody gave, in the order they were typed.
    """
    f_terms = list(f.terms[0] if f.terms else sp.Add.make_args(f.expr))
    a_terms = list(ans.terms[0] if ans.terms else sp.Add.make_args(ans.expr))
    if len(f_terms) > MAX_TERMS or len(a_terms) > MAX_TERMS:
        return (f"(Term-by-term hints are given for up to {MAX_TERMS} terms; "
                "compare your answer with the derivative term by term yourself.)")
    s = symbol(var)
    others = [symbol(v) for v in f.variables if v != var]
    nf = len(f_terms)
    derivs = [sp.diff(t, s) for t in f_terms]
    cross = [sp.diff(t, o) for o in others for t in f_terms]
    pts = _sample_points(f.n, box, 40, 1)
    try:
        Fv = _values(Function(tuple(derivs + cross + f_terms), f.variables), pts)
        Av = _values(Function(tuple(a_terms), f.variables), pts)
    except ExpressionError:
        return ""
    D, C, T = Fv[:nf], Fv[nf:-nf].reshape(len(others), nf, len(pts)), Fv[-nf:]

    def same(u, v):
        both = np.isfinite(u) & np.isfinite(v)
        if not both.any():
            return False
        tol = max(_tolerance(u), _tolerance(v))
        return bool(np.isclose(u[both], v[both], rtol=1e-7, atol=tol).all())

    def off(typed: tuple, source: tuple, why: str = "") -> _Off:
        """The typed terms ``typed`` should be the derivatives of f's terms ``source``."""
        return _Off(sp.Add(*(a_terms[j] for j in typed)) if typed else None,
                    sp.Add(*(derivs[i] for i in source)),
                    " and ".join(_latex(f_terms[i]) for i in source), why)

    zero = np.zeros(D.shape[1])
    used: set[int] = set()
    right, offs, loose = [], [], []
    for j in range(len(a_terms)):
        if same(Av[j], zero):
            continue
        i = next((i for i in range(nf) if i not in used and same(D[i], Av[j])), None)
        if i is not None:
            used.add(i)
            right.append(j)
            continue
        a = _latex(a_terms[j])
        hit = next(((i, o) for oi, o in enumerate(others) for i in range(nf)
                    if same(C[oi, i], Av[j]) and not same(C[oi, i], D[i])), None)
        if hit:  # differentiated for the wrong variable
            i, o = hit
            held = f"${sp.latex(o)}$ is held fixed"
            why = (f"{held}, so $\\frac{{\\partial}}{{\\partial {sp.latex(s)}}}\\left("
                   f"{term_latex(f_terms[i])}\\right) = 0$" if derivs[i] == 0 else
                   f"{a} is the derivative of {_latex(f_terms[i])} for ${sp.latex(o)}$, but "
                   f"{held} — differentiate it for ${sp.latex(s)}$")
        elif (i := next((i for i in range(nf) if i not in used and same(D[i], -Av[j])),
                        None)) is not None:
            why = f"it has the wrong sign (look again at {_latex(f_terms[i])})"
        elif (i := next((i for i in range(nf) if same(T[i], Av[j]) and derivs[i] != 0),
                        None)) is not None:
            why = f"{a} is the term {_latex(f_terms[i])} itself, not its derivative"
        else:
            loose.append(j)
            continue
        offs.append(off((j,), () if i in used else (i,), why))  # given already: one too many
        used.add(i)
    missing = [i for i in range(nf) if i not in used and not same(D[i], zero)]
    if len(loose) == 1 and missing:  # one typed term for what is left: it should be all of it
        offs.append(off((loose[0],), tuple(missing)))
    elif len(missing) == 1 and loose:
        offs.append(off(tuple(loose), (missing[0],)))
    else:
        offs += [off((j,), (i,)) for j, i in zip(loose, missing)]
        offs += [off((j,), ()) for j in loose[len(missing):]]
        offs += [off((), (i,)) for i in missing[len(loose):]]
    return [a_terms[j] for j in right], offs


def check_partial_text(f_text: str, variables: tuple[str, ...], var: str, answer_text: str,
                       box: Sequence[tuple[float, float]] | None = None) -> Verdict:
    """:func:`check_partial` for a function given as its text: what a worker process runs
    (see :func:`gradviz.budget.run_with_budget`), as a Function's compiled code doesn't
    travel between processes.

    >>> check_partial_text("x^2*y", ("x", "y"), "x", "2x*y").correct
    True
    """
    return check_partial(parse(f_text, variables=variables), var, answer_text, box)
