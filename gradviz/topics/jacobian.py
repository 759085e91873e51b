"""Computations for the Jacobian-linearisation page: maps R² → R², J at a point, zooming in.

Pure numpy/sympy, no Streamlit. Functions that take a :class:`~gradviz.function.Function`
take it first, so the app can cache them by the function's text
(``app.compute(jacobian.square_images, view, point, h)``). Each returns a frozen
dataclass; the ``*_readout`` builders also hold the text and LaTeX the page shows, written
by :mod:`gradviz.formatting`.

The course's f(x, y) = [x² − y, y² + x]:

>>> import gradviz
>>> f = gradviz.parse(COURSE_FIELD)
>>> s = jacobian_summary(f, (1, 1))
>>> s.J.tolist(), s.det
([[2.0, -1.0], [1.0, 2.0]], 5.0)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from .. import browser_expr, formatting
from ..calculus import gradient, gradient_at, jacobian, jacobian_at, jacobian_status_at, value_at
from ..errors import ExpressionError
from ..function import Function
from ..sampling import image_of_outline, linearisation_error, square_outline

__all__ = [
    "COURSE_FIELD", "COURSE_POINTS_TEXT", "MAX_POINTS",
    "is_curve", "plane_map",
    "JacobianSummary", "jacobian_summary", "parse_points", "BasisArrows", "basis_arrows",
    "SquareImages", "square_images", "ErrorCurve", "error_curve", "component",
    "transpose_check",
    "PointReadout", "point_readout", "ArrowPoints", "arrow_points", "jacobian_table",
    "ZoomReadout", "zoom_readout", "ZOOM_PREDICTION", "ErrorReadout", "error_readout", "ComponentReadout",
    "component_readout", "browser_programs", "live_truth",
]

#: the course's map R² → R² of the Jacobian figure
COURSE_FIELD = "[x^2 - y, y^2 + x]"
#: the three points of the course's local-linear-approximation figure, as typed
COURSE_POINTS_TEXT = "(-1, -1), (0, 0), (1, 1)"
#: at most this many points in the local-linear-approximation figure
MAX_POINTS = 12

def is_curve(f: Function) -> bool:
    """Was f typed as a curve, a vector of functions of one parameter like [cos(t), sin(t)]?

    Parsed for a page that pads to two variables it would become a map of (x, t), constant
    in x: a different object. A vector in x alone, like [x^2, 2x], is not taken for a curve.

    >>> import gradviz
    >>> is_curve(gradviz.parse("[cos(t), sin(t)]", min_variables=2))
    True
    >>> is_curve(gradviz.parse("[x^2 - y, y^2 + x]")), is_curve(gradviz.parse("[x^2, 1]", min_variables=2))
    (False, False)
    """
    used = f.free_variables()
    return not f.is_scalar and len(used) == 1 and not used & {"x", "y"}


def plane_map(f: Function) -> bool:
    """Can a page for maps R² → R² show f (two inputs, two outputs, not a curve)?"""
    return f.shape == (2,) and f.n == 2 and not is_curve(f)


def _need_plane_map(f: Function) -> None:
    if f.shape != (2,) or f.n != 2:
        raise ExpressionError(
            "this picture needs a map from R² to R², like [x^2 - y, y^2 + x]")


# -- J at a point ----------------------------------------------------------------------------
@dataclass(frozen=True)
class JacobianSummary:
    """J at a point with its determinant and Frobenius norm, and f at the point.

    Attributes
    ----------
    J : ndarray, shape (m, n)
        nan where a partial does not exist.
    det : float
        nan unless J is square and defined.
    frobenius : float
    value : ndarray or float
        f at the point.
    differentiable : bool
        f has a linearisation there.
    problems : list of str
        Why not, one sentence per output.
    """

    J: np.ndarray
    det: float
    frobenius: float
    value: np.ndarray | float
    differentiable: bool
    problems: list


def jacobian_summary(f: Function, point: Sequence[float]) -> JacobianSummary:
    """J, det J, ‖J‖_F and f at the point (the truth there: nan where a partial does not exist).

    >>> import gradviz
    >>> f = gradviz.parse("[x^2 - y, y^2 + x]")
    >>> [jacobian_summary(f, p).det for p in [(-1, -1), (0, 0), (1, 1)]]
    [5.0, 1.0, 5.0]
    >>> round(jacobian_summary(f, (0, 0)).frobenius, 6)
    1.414214
    """
    # the truth at the point (see gradviz.calculus.jacobian_status_at): nan where a partial
    # does not exist (sympy says sign(0) = 0 at a corner), with the reasons
    J, problems, ok = jacobian_status_at(f, point)
    J = np.asarray(J, dtype=float).reshape(f.m, f.n)
    with np.errstate(all="ignore"):
        if J.shape == (2, 2):  # ad − bc: exact for the integers of the course's points
            det = float(J[0, 0] * J[1, 1] - J[0, 1] * J[1, 0])
        elif J.shape[0] == J.shape[1] and np.all(np.isfinite(J)):
            det = float(np.linalg.det(J))
        else:
            det = float("nan")
        frob = float(np.sqrt(np.sum(J * J)))
    comps = [f] if f.is_scalar else [Function((e,), f.variables, ()) for e in f.exprs]
    value = np.array([value_at(c, tuple(point))[0] for c in comps], dtype=float)
    return JacobianSummary(J=J, det=det, frobenius=frob,
                           value=value.reshape(f.shape) if f.shape else value[0],
                           differentiable=ok, problems=list(problems))


@dataclass(frozen=True)
class PointReadout:
    """What the page shows about J at p: the formulas, the numbers, a note where f has no
    linearisation (empty where it has one)."""

    summary: JacobianSummary
    function_latex: str
    jacobian_latex: str
    at_point_latex: str
    det: str
    frobenius: str
    value: str
    note: str

    @property
    def metrics(self) -> list[tuple[str, str, str]]:
        """(label, value, help) of the section's metrics: det J and ‖J‖_F at p."""
        return [("det J at p", self.det,
                 "The factor by which J scales areas near p (negative: flips)."),
                ("$\\lVert J \\rVert_F$ at p", self.frobenius,
                 "Frobenius norm: √(sum of the squared entries of J).")]


def point_readout(f: Function, point: Sequence[float]) -> PointReadout:
    r"""f, J_f and J_f(p) in LaTeX, det J, ‖J‖_F and f(p) as text (the page's first section).

    >>> import gradviz
    >>> r = point_readout(gradviz.parse("[x^2 - y, y^2 + x]"), (1.25, -0.75))
    >>> r.at_point_latex
    '\\mathbf{J}_f\\left(1.25, -0.75\\right) = \\begin{bmatrix} 2.5 & -1 \\\\ 1 & -1.5 \\end{bmatrix}'
    >>> r.det, r.value
    ('-2.75', 'f(1.25, -0.75) = [2.3125, 1.8125]')
    """
    s = jacobian_summary(f, point)
    p = tuple(point[:2])
    note = "" if s.differentiable else (
        "f is **not differentiable** at p, so J does not give a linear approximation here — "
        + "; ".join(s.problems) + ". The sections below (the zoomed square, the error of the "
        "linear approximation, the m = 1 case) compare f with its linearisation at p, which "
        "exists only where f is differentiable: move p to such a point to see them.")
    return PointReadout(
        summary=s,
        function_latex="f(x, y) = " + f.latex(),
        jacobian_latex=r"\mathbf{J}_f = " + jacobian(f).latex(),
        at_point_latex=r"\mathbf{J}_f" + formatting.latex_point(p) + " = "
        + formatting.latex_matrix(s.J),
        det=formatting.number(s.det), frobenius=formatting.number(s.frobenius),
        value=f"f{formatting.point(p)} = ["
        + ", ".join(formatting.number(v) for v in np.ravel(s.value)) + "]",
        note=note)


# -- the course's figure: e₁, e₂ and their images at some points ----------------------------
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_POINTS_TEXT = re.compile(r"[\d\s.,;()\[\]eE+-]*")


def parse_points(text: str, limit: float = 1e4) -> tuple[tuple[float, float], ...]:
    """Points typed as ``(-1, -1), (0, 0), (1, 1)`` (brackets and separators optional).

    Only numbers are read (nothing is evaluated): the numbers are taken in pairs.
    At most :data:`MAX_POINTS` points, each coordinate finite with |v| ≤ ``limit``.

    >>> parse_points("(-1, -1), (0, 0), (1, 1)")
    ((-1.0, -1.0), (0.0, 0.0), (1.0, 1.0))
    >>> parse_points("0.5 2; -1 1e-1")
    ((0.5, 2.0), (-1.0, 0.1))
    >>> parse_points("(1, x)")
    Traceback (most recent call last):
    ...
    gradviz.errors.ExpressionError: can't read `(1, x)` as points: write them like (-1, -1), (0, 0), (1, 1)
    >>> parse_points("(1, 2)` [log in](http://evil) `")  # never leaves the code span
    Traceback (most recent call last):
    ...
    gradviz.errors.ExpressionError: can't read `(1, 2)' [log in](http://evil) '` as points: write them like (-1, -1), (0, 0), (1, 1)
    """
    text = str(text).strip()
    if len(text) > 800:
        raise ExpressionError("too many characters for a list of points (at most 800)")
    shown = "".join(ch if ch.isprintable() and ch != "`" else "'" for ch in text[:60])
    bad = ExpressionError(f"can't read `{shown}{'…' if len(text) > 60 else ''}` as points: "
                          "write them like (-1, -1), (0, 0), (1, 1)")
    if not _POINTS_TEXT.fullmatch(text):
        raise bad
    numbers = _NUMBER.findall(text)
    leftover = _NUMBER.sub(" ", text)
    if re.search(r"[\deE.+-]", leftover) or len(numbers) % 2:
        raise bad
    vals = [float(v) for v in numbers]
    pts = tuple((vals[i], vals[i + 1]) for i in range(0, len(vals), 2))
    if len(pts) > MAX_POINTS:
        raise ExpressionError(f"at most {MAX_POINTS} points, please (got {len(pts)})")
    if not all(np.isfinite(v) and abs(v) <= limit for v in vals):
        raise ExpressionError(f"point coordinates must be finite numbers within ±{limit:g}")
    return pts


@dataclass(frozen=True)
class ArrowPoints:
    """The points of the course's figure: as typed (or the course's, with ``error`` saying
    why), plus p when asked; ``here`` is p's index (None when p is not drawn)."""

    points: tuple
    here: int | None
    error: str


def arrow_points(text: str, point: Sequence[float], add_point: bool) -> ArrowPoints:
    """The typed points (the course's when they can't be read) and p.

    >>> arrow_points("(0, 0)", (1, 1), True)
    ArrowPoints(points=((0.0, 0.0), (1, 1)), here=1, error='')
    >>> arrow_points("(1, x)", (1.0, 1.0), True).here, arrow_points("(1, x)", (1, 1), False).error[:10]
    (2, "can't read")
    """
    error = ""
    try:
        points = list(parse_points(text))
    except ExpressionError as err:
        error = f"{err}; showing the course's points."
        points = list(parse_points(COURSE_POINTS_TEXT))
    p = tuple(point[:2])
    here = None
    if add_point and p not in points:
        points.append(p)
        here = len(points) - 1
    elif add_point:
        here = points.index(p)
    return ArrowPoints(points=tuple(points), here=here, error=error)


@dataclass(frozen=True)
class BasisArrows:
    """The arrows of the course's local-linear-approximation figure.

    Attributes
    ----------
    points : ndarray, shape (k, 2)
    J : ndarray, shape (k, 2, 2)
        J at each point (nan where a partial does not exist: that arrow is not drawn).
    e1, e2, image_e1, image_e2 : ndarray, shape (k, 2)
        e₁, e₂, J e₁ and J e₂ at each point, all times the scale.
    """

    points: np.ndarray
    J: np.ndarray
    e1: np.ndarray
    e2: np.ndarray
    image_e1: np.ndarray
    image_e2: np.ndarray

    def by_name(self) -> dict:
        """The four arrow sets under the names of the figure's legend."""
        return {"e₁": self.e1, "e₂": self.e2, "J e₁": self.image_e1, "J e₂": self.image_e2}


def basis_arrows(f: Function, points: Sequence[Sequence[float]],
                 scale: float = 0.5) -> BasisArrows:
    """At each point p: e₁, e₂ and their images J(p)e₁, J(p)e₂ (the columns of J), all
    times ``scale`` (0.5 in the course).

    >>> import gradviz
    >>> a = basis_arrows(gradviz.parse("[x^2 - y, y^2 + x]"), [(-1, -1), (1, 1)], 0.5)
    >>> a.image_e1.tolist(), a.image_e2.tolist()
    ([[-1.0, 0.5], [1.0, 0.5]], [[-0.5, -1.0], [-0.5, 1.0]])

    At a corner the column with no partial has no arrow:

    >>> basis_arrows(gradviz.parse("[|x|, y]"), [(0, 1)]).image_e1.tolist()
    [[nan, 0.0]]
    """
    _need_plane_map(f)
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    # the true partials (nan where one does not exist: no arrow, rather than sign(0) = 0)
    Js = np.array([np.asarray(jacobian_status_at(f, p)[0], dtype=float)
                   for p in pts]).reshape(-1, 2, 2)
    s = float(scale)
    k = len(pts)
    return BasisArrows(points=pts, J=Js, e1=np.tile([s, 0.0], (k, 1)),
                       e2=np.tile([0.0, s], (k, 1)), image_e1=s * Js[:, :, 0],
                       image_e2=s * Js[:, :, 1])


def jacobian_table(arrows: BasisArrows) -> list[dict]:
    """Rows ``{"point", "J", "det J"}`` of the table under the course's figure.

    >>> import gradviz
    >>> jacobian_table(basis_arrows(gradviz.parse("[x^2 - y, y^2 + x]"), [(1, 1)]))
    [{'point': '(1, 1)', 'J': '[[2, -1], [1, 2]]', 'det J': '5'}]
    """
    rows = []
    for p, J in zip(arrows.points, arrows.J):
        with np.errstate(all="ignore"):
            det = J[0, 0] * J[1, 1] - J[0, 1] * J[1, 0]
        rows.append({"point": formatting.point(p), "J": formatting.matrix(J),
                     "det J": formatting.number(det)})
    return rows


# -- zooming in: a small square under f and under J ------------------------------------------
@dataclass(frozen=True)
class SquareImages:
    """A small square around a point, its image under f and under the linear map.

    Attributes
    ----------
    half_width : float
    square : ndarray, shape (2, k)
        The outline in the input plane.
    f_image, linear_image : ndarray, shape (2, k)
        Its images in the output plane.
    center : ndarray
        f(point).
    gap : float
        The largest distance between corresponding points of the two images.
    gap_over_h, gap_over_h2 : float
        → 0 as the square shrinks, and about constant (the gap is second order).
    box : tuple
        (xmin, xmax, ymin, ymax): a square view around both images with a margin.
    """

    half_width: float
    square: np.ndarray
    f_image: np.ndarray
    linear_image: np.ndarray
    center: np.ndarray
    gap: float
    gap_over_h: float
    gap_over_h2: float
    box: tuple


def square_images(f: Function, point: Sequence[float], half_width: float,
                  per_side: int = 60) -> SquareImages:
    """The square of half-width ``half_width`` around the point under f and under f(p) + J h.

    >>> import gradviz
    >>> f = gradviz.parse("[x^2 - y, y^2 + x]")
    >>> big, small = square_images(f, (1, 1), 0.5), square_images(f, (1, 1), 0.005)
    >>> round(big.gap_over_h2, 6), round(small.gap_over_h2, 6)
    (1.414214, 1.414214)
    >>> bool(small.gap_over_h < big.gap_over_h / 50)
    True
    """
    _need_plane_map(f)
    h = float(half_width)
    if not (np.isfinite(h) and h > 0):
        raise ExpressionError("the square's half-width must be a positive number")
    sq = square_outline(point, h, per_side)
    fi, li = image_of_outline(f, point, sq)
    center = np.asarray(f.at(tuple(point)), dtype=float)
    with np.errstate(all="ignore"):
        d = np.hypot(fi[0] - li[0], fi[1] - li[1])
        ok = np.isfinite(d)
        gap = float(np.max(d[ok])) if ok.any() else float("nan")
        both = np.hstack([fi, li])
        both = both[:, np.all(np.isfinite(both), axis=0)]
    if both.size:
        lo, hi = both.min(axis=1), both.max(axis=1)
        mid, half = (lo + hi) / 2, max(float(np.max(hi - lo)) / 2, 1e-12)
        half *= 1.15
        box = (mid[0] - half, mid[0] + half, mid[1] - half, mid[1] + half)
    else:
        box = (center[0] - h, center[0] + h, center[1] - h, center[1] + h)
    return SquareImages(half_width=h, square=sq, f_image=fi, linear_image=li, center=center,
                        gap=gap, gap_over_h=gap / h, gap_over_h2=gap / h**2,
                        box=tuple(float(v) for v in box))


@dataclass(frozen=True)
class ZoomReadout:
    """The zoom section's words and numbers for the square of half-width h = 10^k."""

    half_width: float
    images: SquareImages
    description: str
    h: str
    gap: str
    gap_over_h: str
    gap_over_h2: str

    @property
    def metrics(self) -> list[tuple[str, str, str | None]]:
        """(label, value, help) of the section's metrics."""
        return [("h", self.h, None), ("largest gap between the images", self.gap, None),
                ("gap / h", self.gap_over_h,
                 "→ 0 as h → 0: relative to its size, the image becomes the linear one."),
                ("gap / h²", self.gap_over_h2, "About constant: the gap is second order in h.")]


#: the zoom section's question: (question, options, the right option's index, why)
ZOOM_PREDICTION = (
    "Make the square 10 times smaller. What happens to the largest gap between the two images?",
    ["it stays the same", "10 times smaller", "100 times smaller", "it depends on f"], 2,
    "the gap is second order: f(p + h) − f(p) − J h ≈ ½ hᵀ(second derivatives)h, so it "
    "shrinks like h². Watch *gap / h²* stay put while h moves.")


def zoom_readout(f: Function, point: Sequence[float], exponent: float) -> ZoomReadout:
    """The square of half-width 10^``exponent`` around the point, with what the page says.

    >>> import gradviz
    >>> z = zoom_readout(gradviz.parse("[x^2 - y, y^2 + x]"), (1, 1), -2)
    >>> z.h, z.gap_over_h2
    ('0.01', '1.4142')
    """
    h = float(10.0 ** float(exponent))
    sq = square_images(f, point, h)
    text = (f"A square of half-width $h = {formatting.latex_number(h)}$ around "
            f"$p = {formatting.latex_point(tuple(point[:2]))}$ is mapped by $f$ (vermillion) "
            "and by the linear map $\\mathbf{h} \\mapsto f(p) + \\mathbf{J}_f(p)\\mathbf{h}$ "
            "(blue, dashed). Both are drawn zoomed to the image.")
    return ZoomReadout(half_width=h, images=sq, description=text, h=formatting.number(h),
                       gap=formatting.number(sq.gap), gap_over_h=formatting.number(sq.gap_over_h),
                       gap_over_h2=formatting.number(sq.gap_over_h2))


# -- the linearisation error -----------------------------------------------------------------
@dataclass(frozen=True)
class ErrorCurve:
    """‖f(x₀+h) − f(x₀) − Jh‖ against ‖h‖.

    Attributes
    ----------
    h, error : ndarray
    reference : ndarray
        c·‖h‖², through ``offset`` times the curve's middle point, so both lines show.
    slope : float
        The fitted log–log slope (nan when the error is zero: f is linear along the line).
    fitted : ndarray of bool
        The points used in the fit.
    """

    h: np.ndarray
    error: np.ndarray
    reference: np.ndarray
    slope: float
    fitted: np.ndarray


def error_curve(f: Function, point: Sequence[float], angle_deg: float = 45.0,
                lo: float = -4.0, hi: float = 0.0, count: int = 41,
                fit_below: float = 0.1, offset: float = 0.2) -> ErrorCurve:
    """The linearisation error against ‖h‖, with its log–log slope.

    Steps h point at ``angle_deg`` (45° is the direction (1, 1)) with lengths
    10^lo … 10^hi. The slope is a least-squares fit of log err against log ‖h‖
    over the lengths ≤ ``fit_below`` whose error is above round-off; for a smooth
    f it is 2 (or more where the second derivatives vanish), nan when the error
    is zero (f is linear along this line).

    >>> import gradviz
    >>> round(error_curve(gradviz.parse("[x^2 - y, y^2 + x]"), (1, 1)).slope, 6)
    2.0
    >>> import math
    >>> math.isnan(error_curve(gradviz.parse("[2x + y, x - y]"), (1, 1)).slope)
    True
    """
    hs = np.logspace(float(lo), float(hi), int(count))
    a = np.radians(float(angle_deg))
    direction = (float(np.cos(a)), float(np.sin(a)))
    err = np.asarray(linearisation_error(f, point, hs, direction), dtype=float)
    f0 = np.asarray(f.at(tuple(point)), dtype=float)
    J = np.asarray(jacobian_at(f, point), dtype=float)
    with np.errstate(all="ignore"):
        size = max(1.0, float(np.max(np.abs(f0))) if f0.size else 1.0,
                   float(np.max(np.abs(J))) if J.size else 1.0)
    floor = 1e3 * np.finfo(float).eps * size
    ok = np.isfinite(err) & (err > floor)
    fitted = ok & (hs <= fit_below)
    if fitted.sum() < 3:
        fitted = ok
    slope = float("nan")
    reference = np.full_like(hs, np.nan)
    if fitted.sum() >= 3:
        lx, ly = np.log10(hs[fitted]), np.log10(err[fitted])
        slope = float(np.polyfit(lx, ly, 1)[0])
        k = np.flatnonzero(fitted)[fitted.sum() // 2]
        reference = float(offset) * err[k] * (hs / hs[k]) ** 2
    return ErrorCurve(h=hs, error=err, reference=reference, slope=slope, fitted=fitted)


@dataclass(frozen=True)
class ErrorReadout:
    """The error section: the curve, the fitted slope as text ("—" when there is none)."""

    curve: ErrorCurve
    slope: str
    has_slope: bool


def error_readout(f: Function, point: Sequence[float], angle_deg: float) -> ErrorReadout:
    """:func:`error_curve` in the direction ``angle_deg`` with its slope as the page says it.

    >>> import gradviz
    >>> error_readout(gradviz.parse("[2x + y, x - y]"), (1, 1), 45).slope
    '—'
    """
    e = error_curve(f, point, angle_deg)
    ok = bool(np.isfinite(e.slope))
    return ErrorReadout(curve=e, slope=formatting.number(e.slope) if ok else "—", has_slope=ok)


# -- the case m = 1 --------------------------------------------------------------------------
def component(f: Function, i: int) -> Function:
    """The i-th output of f as a scalar Function (same variables).

    >>> import gradviz
    >>> component(gradviz.parse("[x^2 - y, y^2 + x]"), 0).expr
    x**2 - y
    """
    if f.is_scalar:
        if i != 0:
            raise ExpressionError("a scalar function has one component")
        return f
    if len(f.shape) != 1 or not 0 <= int(i) < f.m:
        raise ExpressionError(f"component {i} out of range for a function with {f.m} outputs")
    return Function((f.exprs[int(i)],), f.variables, ())


def transpose_check(f: Function) -> bool:
    """Is ∇f = Jᵀ exactly (symbolically) for a scalar f? (The course's m = 1 case.)

    >>> import gradviz
    >>> transpose_check(gradviz.parse("sin(x*y) + z^2"))
    True
    """
    if not f.is_scalar:
        raise ExpressionError("∇f = Jᵀ is the case m = 1: a scalar function")
    return bool(sp.Matrix(jacobian(f).matrix).T == sp.Matrix(gradient(f).matrix))


@dataclass(frozen=True)
class ComponentReadout:
    """The m = 1 section for one output f_i: its formulas, J and ∇f at p, and the verdict."""

    function_latex: str
    jacobian_latex: str
    gradient_latex: str
    jacobian_at_latex: str
    gradient_at_latex: str
    same: bool
    verdict: str

    @property
    def columns(self) -> list[list[str]]:
        """The formulas in the section's three columns: f_i; J_{f_i} and at p; ∇f_i and at p."""
        return [[self.function_latex], [self.jacobian_latex, self.jacobian_at_latex],
                [self.gradient_latex, self.gradient_at_latex]]


def component_readout(f: Function, i: int, point: Sequence[float]) -> ComponentReadout:
    r"""f_i, J_{f_i} and ∇f_i (symbolic and at p) and whether ∇f_i = J_{f_i}ᵀ.

    >>> import gradviz
    >>> c = component_readout(gradviz.parse("[x^2 - y, y^2 + x]"), 1, (1, 1))
    >>> c.jacobian_at_latex
    '\\mathbf{J}_{f_2}\\left(1, 1\\right) = \\begin{bmatrix} 1 & 2 \\end{bmatrix}'
    >>> c.verdict
    '∇f₂ = J_f₂ᵀ exactly (symbolically), and it is row 2 of J_f.'
    """
    fi = component(f, i)
    sub, tex = "₁₂"[i], f"_{i + 1}"
    at = formatting.latex_point(tuple(point[:2]))
    same = transpose_check(fi)
    verdict = (f"∇f{sub} = J_f{sub}ᵀ exactly (symbolically), and it is row {i + 1} of J_f."
               if same else f"∇f{sub} and J_f{sub}ᵀ differ here.")
    return ComponentReadout(
        function_latex=f"f{tex} = " + fi.latex(),
        jacobian_latex=rf"\mathbf{{J}}_{{f{tex}}} = " + jacobian(fi).latex(),
        gradient_latex=rf"\nabla f{tex} = " + gradient(fi).latex(),
        jacobian_at_latex=rf"\mathbf{{J}}_{{f{tex}}}{at} = "
        + formatting.latex_matrix(np.atleast_2d(jacobian_at(fi, point))),
        gradient_at_latex=rf"\nabla f{tex}{at} = "
        + formatting.latex_vector(np.ravel(gradient_at(fi, point))),
        same=same, verdict=verdict)


# -- the live chart --------------------------------------------------------------------------
def browser_programs(f: Function) -> dict:
    """f's two components and J's four entries (row by row) as programs for the browser
    (:mod:`gradviz.browser_expr`); raises :class:`~gradviz.browser_expr.BrowserExprError`
    when f cannot go there.

    >>> import gradviz
    >>> p = browser_programs(gradviz.parse("[x^2 - y, y^2 + x]"))
    >>> len(p["f"]), len(p["jacobian"])
    (2, 4)
    """
    if not plane_map(f):
        raise browser_expr.BrowserExprError("the live chart draws maps from R² to R²")
    return {"f": browser_expr.programs(f),
            "jacobian": browser_expr.programs(jacobian(f), slopes=True)}


def live_truth(summary: JacobianSummary) -> dict:
    """J and det J at the page's own point for the live chart (None where undefined): the
    browser shows these while p is exactly there (the truth at a corner, where the
    formulas' values are not it).

    >>> import gradviz
    >>> live_truth(jacobian_summary(gradviz.parse("[|x|, y]"), (0, 1)))
    {'J': [[None, 0.0], [0.0, 1.0]], 'det': None}
    """
    def finite(v):
        return float(v) if np.isfinite(v) else None

    return {"J": [[finite(v) for v in row] for row in summary.J], "det": finite(summary.det)}
