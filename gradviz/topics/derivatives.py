"""Computations for the pages beyond gradviz.sampling (pure numpy/sympy, no Streamlit).

Each public function takes a Function first, so the app can cache it by text.

This module serves the course's third and fourth ingredients:

* *Partial derivatives* — the slice of f through a point along one variable with
  its tangent line (:func:`slice_with_tangent`), the partials as LaTeX in the
  order the terms were typed (:func:`partial_latex`) and the course's
  term-by-term table (:func:`term_pairs_latex`, :func:`term_table_latex`);
* *Gradient field* — ∇f at a point with its length, direction and the direction
  of the level curve (:func:`gradient_summary`), ∇f written like the course's
  §4.1 formula (:func:`gradient_latex`) and the tangent plane
  (:func:`tangent_plane_latex`).

The course's worked example, ∂/∂x of x² + y² + eˣ + xᶻ + xyz, term by term:

>>> import gradviz
>>> f = gradviz.parse("x^2 + y^2 + e^x + x^z + x*y*z")
>>> [d for _, d in term_pairs_latex(f, "x")]
['2 x', '0', 'e^{x}', 'z x^{z - 1}', 'y z']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..calculus import _var_index, gradient, partial, partial_terms
from ..errors import ExpressionError
from ..function import Function
from ..sampling import slice_curve

__all__ = [
    "SliceView", "GradientSummary", "slice_with_tangent", "term_latex", "term_pairs_latex",
    "term_table_latex", "partial_latex", "function_latex", "gradient_summary",
    "gradient_latex",
    "tangent_plane_latex", "format_number",
]

#: terms per row of the term-by-term table (longer sums wrap onto more rows)
TERMS_PER_ROW = 5


# -- numbers --------------------------------------------------------------------------------
def format_number(value: float, digits: int = 4) -> str:
    """A number with ``digits`` decimals for display; nan/inf read as "undefined".

    Parameters
    ----------
    value : float
    digits : int
        Decimals kept (trailing zeros are kept too, so columns line up).

    Returns
    -------
    str

    Examples
    --------
    >>> format_number(-0.83229367), format_number(2), format_number(-1e-9), format_number(np.nan)
    ('-0.8323', '2.0000', '0.0000', 'undefined')
    """
    v = float(value)
    if not np.isfinite(v):
        return "undefined"
    text = f"{v:.{int(digits)}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


# -- slices -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SliceView:
    """The slice t ↦ f(p with variable ``var`` set to t) and its tangent line at p.

    Attributes
    ----------
    var : int
        Index of the variable that moves.
    t : ndarray
        Sample positions of that variable.
    values : ndarray
        f along the slice (nan where undefined).
    tangent : ndarray
        The tangent line f(p) + slope·(t − t₀) at the same positions (nan if the
        slope is undefined).
    t0, value, slope : float
        The point's coordinate, f(p) and ∂f/∂var at p.
    """

    var: int
    t: np.ndarray
    values: np.ndarray
    tangent: np.ndarray
    t0: float
    value: float
    slope: float


def slice_with_tangent(f: Function, point: Sequence[float], var: str | int, lo: float,
                       hi: float, n: int = 300) -> SliceView:
    r"""The slice of f through a point along one variable, with its tangent line there.

    All other variables are held at the point's values: this is the curve whose
    slope at the point *is* the partial derivative ∂f/∂var.

    Parameters
    ----------
    f : Function
        A scalar function.
    point : sequence of float
        One coordinate per variable of f.
    var : str or int
        The variable that moves (name or index).
    lo, hi : float
        The interval it moves over (widened to contain the point's coordinate).
    n : int
        Samples along the slice.

    Returns
    -------
    SliceView

    Examples
    --------
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
    pt = tuple(float(v) for v in point)
    if len(pt) != f.n:
        raise ExpressionError(f"the point needs {f.n} coordinates ({', '.join(f.variables)})")
    lo, hi = float(min(lo, pt[j])), float(max(hi, pt[j]))
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ExpressionError("the slice needs an interval with finite ends, lo < hi")
    t, values = slice_curve(f, pt, j, lo, hi, int(min(max(int(n), 2), 2000)))
    value = float(f.at(pt))
    # where f itself is undefined, its formal derivative means nothing: leave it undefined
    slope = float(partial(f, j).at(pt)) if np.isfinite(value) else float("nan")
    with np.errstate(all="ignore"):
        if np.isfinite(value) and np.isfinite(slope):
            tangent = value + slope * (t - pt[j])
        else:
            tangent = np.full_like(t, np.nan)
    return SliceView(j, t, np.asarray(values, dtype=float), tangent, pt[j], value, slope)


# -- LaTeX, term by term --------------------------------------------------------------------
def term_latex(expr: sp.Expr) -> str:
    r"""LaTeX of one term, factors in the order people write them (``z x^{z - 1}``).

    sympy prints ``z*x**(z - 1)`` as ``x^{z - 1} z``; in a product without a
    denominator, plain symbols are moved before the other factors, as the course
    writes them. Anything else is printed by sympy unchanged.

    Parameters
    ----------
    expr : sympy expression

    Returns
    -------
    str

    Examples
    --------
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
    if coeff == 1:
        return body
    if coeff == -1:
        return "- " + body
    if coeff < 0:
        return "- " + sp.latex(-coeff) + " " + body
    return sp.latex(coeff) + " " + body


def term_pairs_latex(f: Function, var: str | int) -> list[tuple[str, str]]:
    r"""∂/∂var term by term as LaTeX pairs ``(term, derivative)``, in typed order.

    Parameters
    ----------
    f : Function
        A scalar function (from :func:`gradviz.parse`, so its terms are known).
    var : str or int
        The variable to differentiate by.

    Returns
    -------
    list of (str, str)

    Examples
    --------
    >>> import gradviz
    >>> term_pairs_latex(gradviz.parse("x^2 - 3y^2 - cos(x)"), "x")
    [('x^{2}', '2 x'), ('- 3 y^{2}', '0'), ('- \\cos{\\left(x \\right)}', '\\sin{\\left(x \\right)}')]

    See Also
    --------
    gradviz.calculus.partial_terms : the sympy pairs behind this.
    """
    return [(term_latex(t), term_latex(d)) for t, d in partial_terms(f, var)]


def _split_sign(latex: str) -> tuple[str, str]:
    """("+", body) or ("-", body without its leading minus)."""
    if latex.startswith("- "):
        return "-", latex[2:]
    if latex.startswith("-"):
        return "-", latex[1:]
    return "+", latex


def term_table_latex(f: Function, var: str | int, per_row: int = TERMS_PER_ROW) -> str:
    r"""The course's term-by-term table for ∂f/∂var as one LaTeX ``array``.

    The first line holds ∂/∂var and the terms as typed; the line below holds
    each term's derivative under it, each with its own sign (a term whose
    derivative is 0 keeps the term's sign). Long sums wrap after ``per_row`` terms.

    Parameters
    ----------
    f : Function
        A scalar function.
    var : str or int
        The variable to differentiate by.
    per_row : int
        Terms per line pair before wrapping.

    Returns
    -------
    str
        LaTeX for ``st.latex`` / KaTeX.

    Examples
    --------
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
    pairs = term_pairs_latex(f, var)
    per_row = max(int(per_row), 1)
    lines = []
    for start in range(0, len(pairs), per_row):
        chunk = pairs[start:start + per_row]
        top, bottom = [], []
        for i, (term, deriv) in enumerate(chunk):
            s_t, b_t = _split_sign(term)
            s_d, b_d = _split_sign(deriv)
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
        lines.append(" & ".join([head, *top]) + r" \\[0.6em]")
        lines.append(" & ".join(["=" if start == 0 else "", *bottom]))
    cols = 2 * max(min(len(pairs), per_row), 1)
    body = (r" \\[1.2em]" + "\n").join(
        "\n".join(lines[i:i + 2]) for i in range(0, len(lines), 2))
    return r"\begin{array}{r" + "c" * (cols - 1) + "}\n" + body + "\n" + r"\end{array}"


def partial_latex(f: Function, var: str | int) -> str:
    r"""∂f/∂var as LaTeX: the non-zero term derivatives, in the order the terms were typed.

    Equal to :func:`gradviz.partial` (only the printing differs: typed order,
    ``z x^{z-1}`` rather than sympy's ``x^z z / x``).

    Examples
    --------
    >>> import gradviz
    >>> f = gradviz.parse("x^2 + y^2 + e^x + x^z + x*y*z")
    >>> partial_latex(f, "x"), partial_latex(f, "y"), partial_latex(gradviz.parse("y^2", min_variables=2), "x")
    ('2 x + e^{x} + z x^{z - 1} + y z', '2 y + x z', '0')
    """
    parts = [d for _, d in term_pairs_latex(f, var) if d != "0"]
    if not parts:
        return "0"
    out = parts[0]
    for d in parts[1:]:
        sign, body = _split_sign(d)
        out += f" {sign} {body}"
    return out


# -- the gradient at a point ------------------------------------------------------------------
@dataclass(frozen=True)
class GradientSummary:
    """∇f at a point and what the gradient-field page says about it.

    Attributes
    ----------
    point : tuple of float
    value : float
        f(p).
    grad : ndarray, shape (n,)
        ∇f(p).
    norm : float
        |∇f(p)| (the rate of fastest increase).
    unit : ndarray or None
        ∇f/|∇f| (None where the gradient is zero or undefined).
    tangent : ndarray, shape (2,)
        (−∂f/∂y, ∂f/∂x): the direction of the level curve through p in the
        (x, y) plane, perpendicular to the gradient.
    tangent_dot : float
        ∇f · tangent in that plane (0: perpendicular).
    direction2d : ndarray or None
        (∂f/∂x, ∂f/∂y) made unit length: where ∇f points in the (x, y) view (the
        same as ``unit`` for two variables); None where that part is zero.
    """

    point: tuple
    value: float
    grad: np.ndarray
    norm: float
    unit: np.ndarray | None
    tangent: np.ndarray
    tangent_dot: float
    direction2d: np.ndarray | None

    @property
    def flat(self) -> bool:
        """Is the gradient zero (a flat spot) or undefined here?"""
        return self.unit is None


def gradient_summary(f: Function, point: Sequence[float]) -> GradientSummary:
    r"""∇f at p, its magnitude |∇f|, its direction ∇f/|∇f| and the level curve's direction.

    Parameters
    ----------
    f : Function
        A scalar function of two or more variables.
    point : sequence of float

    Returns
    -------
    GradientSummary

    Examples
    --------
    The course's sin(xy) at (1, 2):

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
    value = float(f.at(pt))
    grad = np.asarray(gradient(f).at(pt), dtype=float).ravel()
    if not np.isfinite(value):  # f undefined here: so is its gradient
        grad = np.full(f.n, np.nan)
    with np.errstate(all="ignore"):
        norm = float(np.sqrt(np.sum(grad * grad)))
        unit = grad / norm if np.isfinite(norm) and norm > 0 else None
        tangent = np.array([-grad[1], grad[0]]) + 0.0  # + 0.0: no "-0" on screen
        dot = float(grad[0] * tangent[0] + grad[1] * tangent[1]) + 0.0
        norm2 = float(np.hypot(grad[0], grad[1]))
        direction2d = grad[:2] / norm2 if np.isfinite(norm2) and norm2 > 0 else None
    return GradientSummary(pt, value, grad, norm, unit, tangent, dot, direction2d)


def function_latex(f: Function) -> str:
    r"""A scalar f as LaTeX with its terms in the order they were typed.

    >>> import gradviz
    >>> function_latex(gradviz.parse("y^2 - 3x + x*y*z"))
    'y^{2} - 3 x + x y z'
    """
    terms = f.terms[0] if f.terms else (f.expr,)
    out = ""
    for i, t in enumerate(terms):
        sign, body = _split_sign(term_latex(t))
        out += ("- " + body if sign == "-" else body) if i == 0 else f" {sign} {body}"
    return out


def gradient_latex(f: Function, max_chars: int = 60) -> str:
    r"""∇f written as the course writes §4.1: ``\nabla \sin(xy) = [y cos(xy); x cos(xy)]``.

    Short functions are written out after ∇ (bracketed when they are sums); when f
    and its longest partial take more than ``max_chars`` characters of LaTeX, f is
    called f. Terms keep the order they were typed in
    (see :func:`partial_latex`).

    Examples
    --------
    >>> import gradviz
    >>> print(gradient_latex(gradviz.parse("sin(x*y)")))
    \nabla \sin{\left(x y \right)} = \begin{bmatrix} y \cos{\left(x y \right)} \\ x \cos{\left(x y \right)} \end{bmatrix}
    >>> print(gradient_latex(gradviz.parse("x^2 + 3y")))
    \nabla \left(x^{2} + 3 y\right) = \begin{bmatrix} 2 x \\ 3 \end{bmatrix}
    >>> print(gradient_latex(gradviz.parse("x^2 + y^2 + e^z + x^z + x*y*z")))
    \nabla f = \begin{bmatrix} 2 x + z x^{z - 1} + y z \\ 2 y + x z \\ e^{z} + x^{z} \log{\left(x \right)} + x y \end{bmatrix}
    """
    inner = function_latex(f)
    comps = [partial_latex(f, j) for j in range(f.n)]
    if len(inner) + max(len(c) for c in comps) > max_chars:
        name = "f"
    elif f.expr.is_Add:
        name = r"\left(" + inner + r"\right)"
    else:
        name = inner
    return r"\nabla " + name + r" = \begin{bmatrix} " + r" \\ ".join(comps) + r" \end{bmatrix}"


def _shifted(name: str, at: float, digits: int) -> str:
    """``(x - 1)``, ``(x + 0.5)`` or ``x``."""
    if at == 0:
        return name
    sign = "-" if at > 0 else "+"
    return rf"({name} {sign} {_num(abs(at), digits)})"


def _num(v: float, digits: int) -> str:
    return f"{float(v):.{digits}g}"


def tangent_plane_latex(f: Function, point: Sequence[float], digits: int = 4,
                        multiline: bool = False) -> str:
    r"""The tangent plane (linearisation) at p with numbers: ``f(p) + Σ ∂f/∂xᵢ (xᵢ − pᵢ)``.

    Terms with a zero partial are left out; an undefined value reads "undefined".
    ``multiline`` puts each term on its own line (for a narrow column).

    Examples
    --------
    >>> import gradviz
    >>> tangent_plane_latex(gradviz.parse("sin(x*y)"), (1, 2))
    'L(x, y) = 0.9093 - 0.8323 (x - 1) - 0.4161 (y - 2)'
    >>> tangent_plane_latex(gradviz.parse("x^2 + y^2"), (0, 1))
    'L(x, y) = 1 + 2 (y - 1)'
    >>> print(tangent_plane_latex(gradviz.parse("x^2 + y^2"), (-1, 1), multiline=True))
    \begin{aligned} L(x, y) &= 2 \\ &\quad - 2 (x + 1) \\ &\quad + 2 (y - 1) \end{aligned}
    """
    pt = tuple(float(v) for v in point)
    value = float(f.at(pt))
    grad = np.asarray(gradient(f).at(pt), dtype=float).ravel()
    head = "L(" + ", ".join(f.variables) + ")"
    if not (np.isfinite(value) and np.all(np.isfinite(grad))):
        return head + r" = \text{undefined at this point}"
    terms = [_num(value, digits)]
    for name, g, at in zip(f.variables, grad, pt):
        if float(f"{g:.{digits}g}") == 0:
            continue
        sign = "-" if g < 0 else "+"
        terms.append(f"{sign} {_num(abs(g), digits)} "
                     f"{_shifted(sp.latex(sp.Symbol(name)), at, digits)}")
    if multiline:
        return (r"\begin{aligned} " + head + " &= " + r" \\ &\quad ".join(terms)
                + r" \end{aligned}")
    return head + " = " + " ".join(terms)
