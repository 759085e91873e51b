"""Partial derivatives (slices with tangents, the term-by-term table) and the gradient at a
point (its summary, §4.1's formula, the tangent plane).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from .. import formatting
from ..calculus import (
    PartialAt,
    PointDerivatives,
    _point,
    _var_index,
    derivatives_at,
    partial_at,
    partial_terms,
    polynomial_degree,
    to_number,
    value_at,
)
from ..errors import ExpressionError
from ..function import Function
from ..scene import draw


def slope_note(q: PartialAt | None) -> str:
    """One line for under a partial's value: why it is undefined, or how it was found.

    >>> import gradviz
    >>> from gradviz.calculus import partial_at
    >>> slope_note(partial_at(gradviz.parse("|x| + |y|"), (0, 1), "x"))
    'Not differentiable along x here: a corner along x: the one-sided slopes −1 (left) and 1 (right) differ.'
    """
    if q is None or not q.reason:
        return ""
    if q.exists:
        return q.reason[0].upper() + q.reason[1:] + "."
    return f"Not differentiable along {q.var} here: {q.reason}."


@dataclass(frozen=True)
class SliceView:
    """The slice t ↦ f(p with variable ``var`` set to t) and its tangent line at p."""

    var: int  #: index of the variable that moves
    t: np.ndarray
    values: np.ndarray  #: f along the slice (nan where undefined)
    tangent: np.ndarray  #: f(p) + slope·(t − t₀) (nan where the slope is undefined)
    t0: float
    value: float  #: f(p)
    slope: float  #: ∂f/∂var at p, nan where it does not exist (see calculus.partial_at)
    partial: PartialAt | None = None
    value_note: str = ""  #: set when the formula is 0/0 at p and f(p) is its axis limit


def slice_with_tangent(f: Function, point: Sequence[float], var: str | int, lo: float,
                       hi: float, n: int = 300) -> SliceView:
    r"""The slice of f through a point along ``var`` and its tangent line, of slope ∂f/∂var.

    For sin(xy) at (1, 2) the x-slice is sin(2x), with slope 2 cos 2 at x = 1:

    >>> import gradviz
    >>> s = slice_with_tangent(gradviz.parse("sin(x*y)"), (1, 2), "x", 0, 4, n=5)
    >>> s.t.tolist()
    [0.0, 1.0, 2.0, 3.0, 4.0]
    >>> round(s.slope, 8), round(float(2 * np.cos(2)), 8)
    (-0.83229367, -0.83229367)
    >>> bool(np.isclose(s.tangent[1], s.values[1]))
    True
    """
    if not f.is_scalar:
        raise ExpressionError("slices are drawn for scalar functions (one output)")
    j = _var_index(f, var)
    pt = _point(f, point)
    lo, hi = float(min(lo, pt[j])), float(max(hi, pt[j]))
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ExpressionError("the slice needs an interval with finite ends, lo < hi")
    t, values = draw.slice_through(f, pt, j, (lo, hi), int(min(max(int(n), 2), 2000))).T
    # the truth at p, not sympy's formula: undefined at a corner (sign(0) = 0 would say 0), the
    # limit along the axes where the formula is 0/0; undefined wherever f itself is
    value, note = value_at(f, pt)
    q = partial_at(f, pt, j)
    ok = np.isfinite(value) and np.isfinite(q.value)
    with np.errstate(all="ignore"):
        tangent = value + q.value * (t - pt[j]) if ok else np.full_like(t, np.nan)
    return SliceView(j, t, values, tangent, pt[j], value, q.value, q, note)


def term_latex(expr: sp.Expr) -> str:
    r"""LaTeX of one term, a product's plain symbols first: ``z x^{z - 1}``, not ``x^{z - 1} z``.

    >>> x, z = sp.symbols("x z")
    >>> term_latex(z * x**(z - 1)), term_latex(-3 * z * x**2), term_latex(x / z)
    ('z x^{z - 1}', '- 3 z x^{2}', '\\frac{x}{z}')
    """
    if not expr.is_Mul or sp.fraction(expr)[1] != 1:
        return sp.latex(expr)
    coeff, rest = expr.as_coeff_Mul()
    factors = rest.as_ordered_factors() if rest.is_Mul else [rest]
    symbols = [a for a in factors if a.is_Symbol]
    others = [a for a in factors if not a.is_Symbol]
    if any(a.is_Add for a in others) or coeff.is_Rational and coeff.q != 1:
        return sp.latex(expr)
    body = " ".join(sp.latex(a) for a in symbols + others)
    size = "" if abs(coeff) == 1 else sp.latex(abs(coeff)) + " "
    return ("- " if coeff < 0 else "") + size + body


def term_pairs_latex(f: Function, var: str | int) -> list[tuple[str, str]]:
    r"""∂/∂var term by term as LaTeX pairs ``(term, derivative)``, in typed order.

    >>> import gradviz
    >>> term_pairs_latex(gradviz.parse("x^2 - 3y^2 - cos(x)"), "x")
    [('x^{2}', '2 x'), ('- 3 y^{2}', '0'), ('- \\cos{\\left(x \\right)}', '\\sin{\\left(x \\right)}')]
    """
    return [(term_latex(t), term_latex(d)) for t, d in partial_terms(f, var)]


def _split_sign(latex: str) -> tuple[str, str]:
    """("+", body) or ("-", body without its leading minus)."""
    if latex.startswith("-"):
        return "-", latex[1:].removeprefix(" ")
    return "+", latex


def _cell(expr: sp.Expr) -> tuple[str, str]:
    """A table cell's (sign, body): a sum after a minus in brackets, "− (2x + 2y)", so that the
    sign belongs to the whole cell as it does to the whole term above it."""
    sign, body = _split_sign(term_latex(expr))
    if expr.is_Add and sign == "-":
        body = r"\left(" + term_latex(-expr) + r"\right)"
    return sign, body


def _signed(terms) -> list[str]:
    """(sign, body) pairs written as a sum's terms: "- a", "+ b", "- c" (the first without +)."""
    return [("- " if sign == "-" else "" if i == 0 else "+ ") + body
            for i, (sign, body) in enumerate(terms)]


def term_table_latex(f: Function, var: str | int, per_row: int = 5) -> str:
    r"""The course's term-by-term table for ∂f/∂var as a LaTeX ``array``: the terms as typed,
    under each its derivative with its own sign; long sums wrap after ``per_row`` terms.

    >>> import gradviz
    >>> tex = term_table_latex(gradviz.parse("x^2 + y^2 + e^x + x^z + x*y*z"), "x")
    >>> tex.count("&"), "z x^{z - 1}" in tex
    (18, True)
    >>> print(term_table_latex(gradviz.parse("x^2 - y"), "x"))
    \begin{array}{rccc}
    \dfrac{\partial}{\partial x} & x^{2} & - & y \\[0.6em]
    = & 2 x & - & 0
    \end{array}
    """
    name = f.variables[_var_index(f, var)]
    pairs = partial_terms(f, var)
    per_row = max(int(per_row), 1)
    rows = []
    for start in range(0, len(pairs), per_row):
        chunk = pairs[start:start + per_row]
        top, bottom = [], []
        for i, (term, deriv) in enumerate(chunk):
            s_t, b_t = _cell(term)
            s_d, b_d = _cell(deriv)
            if b_d == "0":  # a constant term: keep its sign, "x³ − 2y" over "3x² − 0"
                s_d = s_t
            if i == 0 and start == 0:
                top.append(("- " if s_t == "-" else "") + b_t)
                bottom.append(("- " if s_d == "-" else "") + b_d)
            else:
                top.extend([s_t, b_t])
                bottom.extend([s_d, b_d])
        head = r"\dfrac{\partial}{\partial " + sp.latex(sp.Symbol(name)) + "}" \
            if start == 0 else ""
        rows.append(" & ".join([head, *top]) + r" \\[0.6em]" + "\n"
                    + " & ".join(["=" if start == 0 else "", *bottom]))
    cols = 2 * max(min(len(pairs), per_row), 1)
    body = (r" \\[1.2em]" + "\n").join(rows)
    return r"\begin{array}{r" + "c" * (cols - 1) + "}\n" + body + "\n" + r"\end{array}"


def partial_latex(f: Function, var: str | int) -> str:
    r"""∂f/∂var as LaTeX: its non-zero term derivatives in typed order.

    >>> import gradviz
    >>> f = gradviz.parse("x^2 + y^2 + e^x + x^z + x*y*z")
    >>> partial_latex(f, "x"), partial_latex(f, "y"), partial_latex(gradviz.parse("y^2", min_variables=2), "x")
    ('2 x + e^{x} + z x^{z - 1} + y z', '2 y + x z', '0')
    """
    parts = [d for _, d in term_pairs_latex(f, var) if d != "0"]
    if not parts:
        return "0"
    _, *rest = _signed(_split_sign(d) for d in parts)
    return " ".join([parts[0], *rest])  # the first as sympy wrote it


@dataclass(frozen=True)
class GradientSummary:
    """∇f at a point and what the gradient-field page says about it."""

    point: tuple
    value: float  #: f(p)
    grad: np.ndarray  #: ∇f(p)
    norm: float  #: |∇f(p)|, the rate of fastest increase
    unit: np.ndarray | None  #: ∇f/|∇f|; None where ∇f is zero or undefined
    tangent: np.ndarray  #: (−∂f/∂y, ∂f/∂x): the level curve's direction in the plane
    tangent_dot: float  #: ∇f · tangent in that plane (0: perpendicular)
    direction2d: np.ndarray | None  #: (∂f/∂x, ∂f/∂y) made unit length; None where zero
    status: PointDerivatives

    @property
    def differentiable(self) -> bool:
        """Does f have a tangent plane at p (so ∇f is the gradient of a linearisation)?"""
        return self.status.differentiable

    @property
    def reason(self) -> str:
        """Why f is not differentiable at p ("" where it is)."""
        return self.status.reason

    @property
    def flat(self) -> bool:
        """Is f differentiable at p with ∇f = 0 (a flat spot: minimum, maximum or saddle)?"""
        return self.differentiable and bool(np.all(np.isfinite(self.grad))) and self.norm == 0

    @property
    def message(self) -> str:
        """What the page says about ∇f at p when it has no direction ("" when it has one)."""
        if self.unit is not None:
            return ""
        if self.flat:
            return ("The gradient is zero here: a flat spot (minimum, maximum or saddle). "
                    "It has no direction.")
        if not np.isfinite(self.value):
            return "f is undefined at this point, and so is ∇f."
        if np.all(np.isfinite(self.grad)):
            vec = formatting.vector(self.grad)
            return (f"The partial derivatives exist here, ∇f = {vec}, but f is **not "
                    f"differentiable** at this point — {self.reason}. So there is no tangent "
                    "plane, and ∇f does not give the slope in other directions.")
        return f"∇f is **undefined** at this point: {self.reason}."


def gradient_summary(f: Function, point: Sequence[float]) -> GradientSummary:
    r"""∇f at p, |∇f|, ∇f/|∇f| and the level curve's direction; the course's sin(xy) at (1, 2):

    >>> import gradviz
    >>> g = gradient_summary(gradviz.parse("sin(x*y)"), (1, 2))
    >>> g.grad.round(4).tolist(), round(g.norm, 4), g.unit.round(4).tolist()
    ([-0.8323, -0.4161], 0.9305, [-0.8944, -0.4472])
    >>> g.tangent.round(4).tolist(), g.tangent_dot
    ([0.4161, -0.8323], 0.0)

    With three variables the (x, y) view shows the first two components:

    >>> g = gradient_summary(gradviz.parse("x + 2y + 2z"), (0, 0, 0))
    >>> g.norm, g.unit.round(4).tolist(), g.direction2d.round(4).tolist()
    (3.0, [0.3333, 0.6667, 0.6667], [0.4472, 0.8944])

    Where f is undefined, so is ∇f (even if the formula for ∇f gives a number):

    >>> bool(np.isnan(gradient_summary(gradviz.parse("log(-x^2 - 1) + y"), (0, 0)).norm))
    True

    At a minimum the gradient is zero and has no direction:

    >>> gradient_summary(gradviz.parse("x^2 + y^2"), (0, 0)).flat
    True
    """
    if not f.is_scalar or f.n < 2:
        raise ExpressionError("the gradient picture needs a scalar function of 2 or more "
                              "variables, like sin(x*y)")
    pt = tuple(float(v) for v in point)
    # the truth at p, not sympy's formula; no direction where f has no tangent plane, even if
    # both partials exist (xy/(x² + y²) at the origin)
    status = derivatives_at(f, pt)
    value, grad = status.value, status.grad
    with np.errstate(all="ignore"):
        norm = math.hypot(*grad)  # scaled: 1e-298 stays 1e-298 (its square would be 0)
        ok = status.differentiable and np.isfinite(norm) and norm > 0
        unit = grad / norm if ok else None
        tangent = np.array([-grad[1], grad[0]]) + 0.0  # + 0.0: no "-0" on screen
        dot = float(grad[0] * tangent[0] + grad[1] * tangent[1]) + 0.0
        norm2 = float(np.hypot(grad[0], grad[1]))
        direction2d = grad[:2] / norm2 if ok and norm2 > 0 else None
    return GradientSummary(pt, value, grad, norm, unit, tangent, dot, direction2d, status)


def function_latex(f: Function) -> str:
    r"""A scalar f as LaTeX with its terms in the order they were typed.

    >>> import gradviz
    >>> function_latex(gradviz.parse("y^2 - 3x + x*y*z"))
    'y^{2} - 3 x + x y z'
    """
    terms = f.terms[0] if f.terms else (f.expr,)
    return " ".join(_signed(_split_sign(term_latex(t)) for t in terms))


def gradient_latex(f: Function, max_chars: int = 60) -> str:
    r"""∇f as §4.1 writes it, ``\nabla \sin(xy) = [y cos(xy); x cos(xy)]``: f after ∇ (in
    brackets when a sum) unless f and its longest partial take over ``max_chars`` characters.

    >>> import gradviz
    >>> print(gradient_latex(gradviz.parse("sin(x*y)")))
    \nabla \sin{\left(x y \right)} = \begin{bmatrix} y \cos{\left(x y \right)} \\ x \cos{\left(x y \right)} \end{bmatrix}
    >>> print(gradient_latex(gradviz.parse("x^2 + 3y")))
    \nabla \left(x^{2} + 3 y\right) = \begin{bmatrix} 2 x \\ 3 \end{bmatrix}
    >>> gradient_latex(gradviz.parse("-x*y")).split(" = ")[0]
    '\\nabla \\left(- x y\\right)'
    >>> print(gradient_latex(gradviz.parse("x^2 + y^2 + e^z + x^z + x*y*z")))
    \nabla f = \begin{bmatrix} 2 x + z x^{z - 1} + y z \\ 2 y + x z \\ e^{z} + x^{z} \log{\left(x \right)} + x y \end{bmatrix}
    """
    inner = function_latex(f)
    comps = [partial_latex(f, j) for j in range(f.n)]
    if len(inner) + max(len(c) for c in comps) > max_chars:
        name = "f"
    elif f.expr.is_Add or inner.startswith("-"):  # ∇(−xy), not ∇ − xy
        name = r"\left(" + inner + r"\right)"
    else:
        name = inner
    return r"\nabla " + name + r" = \begin{bmatrix} " + r" \\ ".join(comps) + r" \end{bmatrix}"


def tangent_plane_latex(f: Function, point: Sequence[float], digits: int = 4,
                        multiline: bool = False) -> str:
    r"""The tangent plane ``f(p) + Σ ∂f/∂xᵢ (xᵢ − pᵢ)`` with the numbers as shown (no 0 term,
    no coefficient 1); ``multiline``: a term a line.

    >>> import gradviz
    >>> tangent_plane_latex(gradviz.parse("sin(x*y)"), (1, 2))
    'L(x, y) = 0.9093 - 0.8323 (x - 1) - 0.4161 (y - 2)'
    >>> tangent_plane_latex(gradviz.parse("x^2 + y^2"), (0, 1))
    'L(x, y) = 1 + 2 (y - 1)'
    >>> print(tangent_plane_latex(gradviz.parse("x^2 + y^2"), (-1, 1), multiline=True))
    \begin{aligned} L(x, y) &= 2 \\ &\quad - 2 (x + 1) \\ &\quad + 2 (y - 1) \end{aligned}
    >>> [tangent_plane_latex(gradviz.parse("x*y"), p) for p in ((1, 0), (1, 1))]
    ['L(x, y) = y', 'L(x, y) = 1 + (x - 1) + (y - 1)']
    >>> [tangent_plane_latex(gradviz.parse(t), (0, 0)) for t in ("y - x", "x^2*y")]
    ['L(x, y) = - x + y', 'L(x, y) = 0']
    """
    pt = tuple(float(v) for v in point)
    status = derivatives_at(f, pt)
    value, grad = status.value, status.grad
    head = "L(" + ", ".join(f.variables) + ")"
    if not np.isfinite(value):
        return head + r" = \text{undefined at this point}"
    if not status.differentiable:
        return (head + r":\ \text{no tangent plane here, } f \text{ is not differentiable at "
                r"this point}")
    terms = []  # (sign, body) from the numbers as shown: no 0 term, no coefficient 1
    if formatting.latex_number(value, digits) != "0":
        terms.append(("-" if value < 0 else "+", formatting.latex_number(abs(value), digits)))
    for name, g, at in zip(f.variables, grad, pt):
        c = formatting.latex_number(abs(g), digits)
        if c != "0":
            body = sp.latex(sp.Symbol(name))
            if at != 0:  # (x - 1), (x + 0.5)
                shift = formatting.latex_number(abs(at), digits)
                body = rf"({body} {'-' if at > 0 else '+'} {shift})"
            terms.append(("-" if g < 0 else "+", body if c == "1" else f"{c} {body}"))
    lines = _signed(terms) or ["0"]
    if multiline:
        return (r"\begin{aligned} " + head + " &= " + r" \\ &\quad ".join(lines)
                + r" \end{aligned}")
    return head + " = " + " ".join(lines)


#: the machine epsilon of a double: round-off makes the best steps about √ε (forward) and ∛ε
#: (central) for a function and derivatives of size about 1
EPS = float(np.finfo(float).eps)


def _degree_along(f: Function, point: Sequence[float], j: int) -> int | None:
    """The degree of t ↦ f(p with variable j = t) when it is a small polynomial, else None."""
    s = f.symbols[j]
    subs = {v: to_number(c) for k, (v, c) in enumerate(zip(f.symbols, point)) if k != j}
    try:
        return polynomial_degree(f.expr.xreplace(subs), (s,))
    except Exception:  # noqa: BLE001 — any failure just means "no statement"
        return None


def finite_difference_study(f: Function, point: Sequence[float], var: str | int, hs) -> dict:
    r"""Forward and central difference quotients for ∂f/∂var against the true value, for a chart.

    A dict: ``h``; ``forward``/``central``, the absolute errors; ``exact`` (nan where the
    partial does not exist) and ``partial``, the PartialAt; ``log_forward``/``log_central``,
    log10 of the errors (nan, never −inf, where 0 or undefined); ``yrange``; ``best_*``, the
    step of the smallest non-zero error (nan if none); ``zero_*``, how many steps give exactly
    0; ``caption`` and ``exact_note``, sentences true for this f.

    >>> import gradviz
    >>> out = finite_difference_study(gradviz.parse("sin(x*y)"), (1, 2), 0, np.logspace(-16, 0, 65))
    >>> out["best_central"] > out["best_forward"], bool(np.isfinite(out["log_central"]).all())
    (True, True)
    >>> print(out["caption"])  # doctest: +ELLIPSIS
    Smallest error here: forward at h ≈ ...; below that, round-off wins. For a function and derivatives of size about 1, theory puts these near √ε ≈ 1.5e-08 and ∛ε ≈ 6.1e-06 (ε ≈ 2.2e-16, the machine epsilon).

    Where an error is exactly 0 it is stated, and left off the log axis:

    >>> out = finite_difference_study(gradviz.parse("x*y/(x^2 + y^2)"), (0, 0), 0, [1e-3, 1e-1])
    >>> out["exact"], out["zero_central"], out["log_central"].tolist()
    (0.0, 2, [nan, nan])
    """
    if not f.is_scalar:
        raise ExpressionError("finite differences are shown for scalar functions")
    j = _var_index(f, var)
    x = np.asarray(_point(f, point))
    hs = np.asarray(hs, dtype=float).ravel()
    q = partial_at(f, x, j)
    f0, _ = value_at(f, x)
    exact = q.value
    e = np.eye(f.n)[j]
    with np.errstate(all="ignore"):
        fp = np.asarray(f(*(x[:, None] + e[:, None] * hs[None, :])), dtype=float).reshape(-1)
        fm = np.asarray(f(*(x[:, None] - e[:, None] * hs[None, :])), dtype=float).reshape(-1)
        forward = np.abs((fp - f0) / hs - exact)
        central = np.abs((fp - fm) / (2 * hs) - exact)

    def logs(err):
        ok = np.isfinite(err) & (err > 0)
        return np.where(ok, np.log10(np.where(ok, err, 1.0)), np.nan)

    def best(err):
        ok = np.isfinite(err) & (err > 0)
        return float(hs[ok][int(np.argmin(err[ok]))]) if ok.any() else float("nan")

    lf, lc = logs(forward), logs(central)
    shown = np.concatenate([lf[np.isfinite(lf)], lc[np.isfinite(lc)]])
    lo = min(-17.0, float(np.floor(shown.min())) if shown.size else -17.0)
    hi = max(2.0, float(np.ceil(shown.max())) + 1 if shown.size else 2.0)
    zf, zc = int(np.sum(forward == 0)), int(np.sum(central == 0))
    bf, bc = best(forward), best(central)
    name = f.variables[j]
    deg = _degree_along(f, x, j) if np.isfinite(exact) else None
    if not np.isfinite(exact):
        caption = ""
    elif not (np.isfinite(bf) or np.isfinite(bc)):
        caption = ("Every difference quotient here is exact (error exactly 0 at every step): "
                   "there is nothing to draw on a log scale.")
    elif deg is not None and deg <= 1:
        caption = (f"Along {name}, f is a polynomial of degree {deg}: neither difference has any "
                   "truncation error, so every error on the chart is round-off, which grows as "
                   "h shrinks (about ε/h).")
    elif deg == 2:
        caption = (f"Along {name}, f is a polynomial of degree 2: the central difference has no "
                   "truncation error (its errors are round-off only, growing as h shrinks); the "
                   f"forward difference is best at h ≈ {bf:.0e}, near √ε ≈ {np.sqrt(EPS):.1e}.")
    else:
        caption = (f"Smallest error here: forward at h ≈ {bf:.0e}, central at h ≈ {bc:.0e}; below "
                   "that, round-off wins. For a function and derivatives of size about 1, theory "
                   f"puts these near √ε ≈ {np.sqrt(EPS):.1e} and ∛ε ≈ {np.cbrt(EPS):.1e} "
                   f"(ε ≈ {EPS:.1e}, the machine epsilon).")
    note = ""
    if np.isfinite(exact) and (zf or zc):
        parts = [f"{kind} for {z} of {len(hs)} steps"
                 for kind, z in (("central", zc), ("forward", zf)) if z]
        note = ("Exact for these steps — error exactly 0, so not drawn on the log scale "
                "(log 0 = −∞): " + " and ".join(parts) + ".")
    return {"h": hs, "forward": forward, "central": central, "exact": exact, "partial": q,
            "log_forward": lf, "log_central": lc, "yrange": (lo, hi),
            "best_forward": bf, "best_central": bc, "zero_forward": zf, "zero_central": zc,
            "caption": caption, "exact_note": note}
