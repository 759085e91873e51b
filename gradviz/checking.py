"""Check a student's answer for a derivative: equal as functions, not as strings.

The answer is parsed with the same safe parser and compared with the exact
derivative at many points of the view (no ``simplify`` on user input: numeric
comparison is bounded in time and catches every difference that shows on the
screen). When they differ, the report says where (a point and both values) and,
for a sum, which typed term is off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from .calculus import gradient, partial
from .errors import ExpressionError
from .function import Function
from .parsing import parse

__all__ = ["Verdict", "check_partial", "check_gradient", "compare", "finite_difference_errors"]


@dataclass(frozen=True)
class Verdict:
    """The result of a check: ``correct``, a sentence for the student, and a witness point."""

    correct: bool
    message: str
    point: tuple[float, ...] | None = None
    expected: float | None = None
    got: float | None = None


def _sample_points(n_vars: int, box: Sequence[tuple[float, float]], k: int, seed: int):
    rng = np.random.default_rng(seed)
    lo = np.array([b[0] for b in box], dtype=float)
    hi = np.array([b[1] for b in box], dtype=float)
    return lo + (hi - lo) * rng.random((k, n_vars))


def compare(expected: Function, answer: Function, box: Sequence[tuple[float, float]],
            k: int = 200, seed: int = 0, rtol: float = 1e-7, atol: float = 1e-9) -> Verdict:
    """Compare two scalar Functions of the same variables at k random points of ``box``.

    >>> import gradviz
    >>> f = gradviz.parse("sin(x)*cos(x)", variables=("x",))
    >>> g = gradviz.parse("sin(2x)/2", variables=("x",))
    >>> compare(f, g, [(-3, 3)]).correct
    True
    """
    pts = _sample_points(expected.n, box, k, seed)
    with np.errstate(all="ignore"):
        a = np.asarray(expected(*pts.T), dtype=float).reshape(-1)
        b = np.asarray(answer(*pts.T), dtype=float).reshape(-1)
    both = np.isfinite(a) & np.isfinite(b)
    if not both.any():
        return Verdict(False, "I couldn't compare: both are undefined everywhere I looked.")
    bad = both & ~np.isclose(a, b, rtol=rtol, atol=atol)
    only_one = np.isfinite(a) ^ np.isfinite(b)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        pt = tuple(float(v) for v in pts[i])
        return Verdict(False, "", pt, float(a[i]), float(b[i]))
    if only_one.sum() > 0.05 * k:
        i = int(np.flatnonzero(only_one)[0])
        pt = tuple(float(v) for v in pts[i])
        return Verdict(False, "", pt, float(a[i]), float(b[i]))
    return Verdict(True, "Correct — equal as functions.")


def _fmt_point(variables, pt) -> str:
    return ", ".join(f"{v} = {x:.3g}" for v, x in zip(variables, pt))


def check_partial(f: Function, var: str, answer_text: str,
                  box: Sequence[tuple[float, float]] | None = None) -> Verdict:
    """Is ``answer_text`` the partial derivative ∂f/∂var?

    >>> import gradviz
    >>> f = gradviz.parse("x^2*y + sin(x)")
    >>> check_partial(f, "x", "2xy + cos(x)").correct
    True
    >>> v = check_partial(f, "x", "2xy - cos(x)")
    >>> v.correct, "sin(x)" in v.message
    (False, True)
    """
    if not f.is_scalar:
        raise ExpressionError("answers are checked for scalar functions")
    expected = partial(f, var)
    ans = _parse_answer(answer_text, f)
    box = box or [(-2.0, 2.0)] * f.n
    verdict = compare(Function(expected.exprs, f.variables), ans, box)
    if verdict.correct:
        return verdict
    return Verdict(False, _explain(f, var, ans, verdict), verdict.point, verdict.expected,
                   verdict.got)


def check_gradient(f: Function, answers: Sequence[str],
                   box: Sequence[tuple[float, float]] | None = None) -> list[Verdict]:
    """Check a typed gradient component by component; one Verdict per variable."""
    if len(answers) != f.n:
        raise ExpressionError(f"the gradient has {f.n} components ({', '.join(f.variables)})")
    g = gradient(f)
    del g  # computed once; check_partial reuses the cached partials
    return [check_partial(f, v, a, box) for v, a in zip(f.variables, answers)]


def _parse_answer(text: str, f: Function) -> Function:
    try:
        ans = parse(text, variables=f.variables)
    except ExpressionError as err:
        raise ExpressionError(f"your answer: {err}") from None
    if not ans.is_scalar:
        raise ExpressionError("your answer should be one expression, not a vector")
    return ans


def _explain(f: Function, var: str, ans: Function, verdict: Verdict) -> str:
    where = _fmt_point(f.variables, verdict.point or ())
    base = (f"Not quite: at {where} the derivative is {verdict.expected:.6g}, "
            f"your answer gives {verdict.got:.6g}.")
    # which typed term is off? compare term derivatives with the answer's terms
    terms = f.terms[0] if f.terms else sp.Add.make_args(f.expr)
    if len(terms) < 2:
        return base
    s = f.symbols[f.variables.index(var)]
    ans_terms = list(sp.Add.make_args(ans.expr))
    wrong = []
    for t in terms:
        d = sp.diff(t, s)
        if d == 0:
            continue
        if not any(_same(d, a, f) for a in ans_terms):
            wrong.append(t)
    if wrong and len(wrong) < len(terms):
        names = ", ".join(f"`{sp.sstr(t)}`" for t in wrong[:3])
        base += f" Look again at the derivative of {names}."
    return base


def _same(a: sp.Expr, b: sp.Expr, f: Function) -> bool:
    try:
        fa = Function((a,), f.variables)
        fb = Function((b,), f.variables)
    except ExpressionError:
        return False
    return compare(fa, fb, [(-2.0, 2.0)] * f.n, k=40, seed=1).correct


def finite_difference_errors(f: Function, point: Sequence[float], var: int, hs) -> dict:
    """Errors of forward and central differences for ∂f/∂x_var against the exact value.

    Returns a dict with ``h``, ``forward``, ``central`` (absolute errors) and ``exact``.
    Truncation error falls with h (slope 1 forward, 2 central) until round-off,
    which grows like ε/h, takes over.

    >>> import gradviz
    >>> out = finite_difference_errors(gradviz.parse("sin(x*y)"), (1.0, 2.0), 0, [1e-1, 1e-4])
    >>> bool(out["central"][1] < out["forward"][1] < out["forward"][0])
    True
    """
    x = np.asarray(point, dtype=float)
    hs = np.asarray(hs, dtype=float)
    exact = float(partial(f, var).at(x))
    e = np.zeros_like(x)
    e[var] = 1.0
    pts_p = x[:, None] + e[:, None] * hs[None, :]
    pts_m = x[:, None] - e[:, None] * hs[None, :]
    with np.errstate(all="ignore"):
        f0 = float(f.at(x))
        fp = np.asarray(f(*pts_p), dtype=float)
        fm = np.asarray(f(*pts_m), dtype=float)
        forward = np.abs((fp - f0) / hs - exact)
        central = np.abs((fp - fm) / (2 * hs) - exact)
    return {"h": hs, "forward": forward, "central": central, "exact": exact}


def check_partial_text(f_text: str, variables: tuple[str, ...], var: str, answer_text: str,
                       box: Sequence[tuple[float, float]] | None = None) -> Verdict:
    """:func:`check_partial` for a function given as its text: what a worker process runs
    (see :func:`gradviz.budget.run_with_budget`), as a Function's compiled code doesn't
    travel between processes.

    >>> check_partial_text("x^2*y", ("x", "y"), "x", "2x*y").correct
    True
    """
    return check_partial(parse(f_text, variables=variables), var, answer_text, box)
