"""Computations for the Jacobian-linearisation page (steepest ascent:
:mod:`gradviz.topics.steepest_ascent`).

Pure numpy/sympy, no Streamlit. Functions that take a :class:`~gradviz.function.Function`
take it first, so the app can cache them by the function's text
(``app.compute(linear.square_images, view, point, h)``).

Jacobian linearisation (the course's f(x, y) = [x² − y, y² + x]):

>>> import gradviz
>>> f = gradviz.parse(COURSE_FIELD)
>>> s = jacobian_summary(f, (1, 1))
>>> s["J"].tolist(), s["det"]
([[2.0, -1.0], [1.0, 2.0]], 5.0)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import sympy as sp

from ..calculus import (
    gradient,
    jacobian,
    jacobian_at,
    jacobian_status_at,
    value_at,
)
from ..errors import ExpressionError
from ..function import Function
from ..sampling import (
    image_of_outline,
    linearisation_error,
    square_outline,
)

__all__ = [
    "COURSE_FIELD", "COURSE_POINTS_TEXT", "MAX_POINTS",
    "jacobian_summary", "parse_points", "basis_arrows", "square_images", "error_curve",
    "component", "transpose_check",
    "is_curve", "plane_map", "PLANE_MAP_NEED",
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


#: what the R² → R² pages say when they can't show a function
PLANE_MAP_NEED = ("this page needs a map from R² to R² (two inputs, two outputs), like "
                  "[x^2 - y, y^2 + x]. A curve such as [cos(t), sin(t)] (one input t) is not "
                  "a map of the plane: it is drawn, with its component curves, on the "
                  "*Functions of several variables* page")


def _need_plane_map(f: Function) -> None:
    if f.shape != (2,) or f.n != 2:
        raise ExpressionError(
            "this picture needs a map from R² to R², like [x^2 - y, y^2 + x]")


# -- Jacobian linearisation ------------------------------------------------------------------
def jacobian_summary(f: Function, point: Sequence[float]) -> dict:
    """J at the point with its determinant and Frobenius norm, and f at the point.

    Returns
    -------
    dict
        ``J`` (m × n array, nan where a partial does not exist), ``det`` (float; nan
        unless J is square and defined), ``frobenius`` (float), ``value`` (f at the
        point), ``differentiable`` (bool: f has a linearisation there) and
        ``problems`` (why not, one sentence per output).

    Examples
    --------
    The course's points (−1, −1), (0, 0), (1, 1):

    >>> import gradviz
    >>> f = gradviz.parse("[x^2 - y, y^2 + x]")
    >>> [jacobian_summary(f, p)["det"] for p in [(-1, -1), (0, 0), (1, 1)]]
    [5.0, 1.0, 5.0]
    >>> round(jacobian_summary(f, (0, 0))["frobenius"], 6)
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
    return {"J": J, "det": det, "frobenius": frob,
            "value": value.reshape(f.shape) if f.shape else value[0],
            "differentiable": ok, "problems": problems}


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


def basis_arrows(f: Function, points: Sequence[Sequence[float]], scale: float = 0.5) -> dict:
    """The arrows of the course's local-linear-approximation figure.

    At each point p: e₁ and e₂ and their images J(p)e₁, J(p)e₂ (the columns of
    J), all multiplied by ``scale`` (0.5 in the course).

    Returns
    -------
    dict
        ``points`` (k × 2), ``J`` (k × 2 × 2) and ``arrows``: a dict from
        ``"e₁"``, ``"e₂"``, ``"J e₁"``, ``"J e₂"`` to (k × 2) arrays of arrow
        components (already scaled). Points where J is not finite keep nan.

    >>> import gradviz
    >>> a = basis_arrows(gradviz.parse("[x^2 - y, y^2 + x]"), [(-1, -1), (1, 1)], 0.5)
    >>> a["arrows"]["J e₁"].tolist(), a["arrows"]["J e₂"].tolist()
    ([[-1.0, 0.5], [1.0, 0.5]], [[-0.5, -1.0], [-0.5, 1.0]])

    At a corner the column with no partial has no arrow:

    >>> basis_arrows(gradviz.parse("[|x|, y]"), [(0, 1)])["arrows"]["J e₁"].tolist()
    [[nan, 0.0]]
    """
    _need_plane_map(f)
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    # the true partials (nan where one does not exist: no arrow, rather than sign(0) = 0)
    Js = np.array([np.asarray(jacobian_status_at(f, p)[0], dtype=float)
                   for p in pts]).reshape(-1, 2, 2)
    s = float(scale)
    k = len(pts)
    return {
        "points": pts,
        "J": Js,
        "arrows": {
            "e₁": np.tile([s, 0.0], (k, 1)),
            "e₂": np.tile([0.0, s], (k, 1)),
            "J e₁": s * Js[:, :, 0],
            "J e₂": s * Js[:, :, 1],
        },
    }


def square_images(f: Function, point: Sequence[float], half_width: float,
                  per_side: int = 60) -> dict:
    """A small square around the point, its image under f and under the linear map.

    Returns
    -------
    dict
        ``square`` (2 × k outline in the input plane), ``f_image`` and
        ``linear_image`` (2 × k, in the output plane), ``center`` = f(point),
        ``gap`` = the largest distance between corresponding points of the two
        images, ``gap_over_h`` (→ 0 as the square shrinks: the images coincide
        relative to their size) and ``gap_over_h2`` (about constant: the gap is
        second order), and ``box`` (xmin, xmax, ymin, ymax): a square view around
        both images with a margin.

    >>> import gradviz
    >>> f = gradviz.parse("[x^2 - y, y^2 + x]")
    >>> big, small = square_images(f, (1, 1), 0.5), square_images(f, (1, 1), 0.005)
    >>> round(big["gap_over_h2"], 6), round(small["gap_over_h2"], 6)
    (1.414214, 1.414214)
    >>> bool(small["gap_over_h"] < big["gap_over_h"] / 50)
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
    return {"square": sq, "f_image": fi, "linear_image": li, "center": center, "gap": gap,
            "gap_over_h": gap / h, "gap_over_h2": gap / h**2,
            "box": tuple(float(v) for v in box)}


def error_curve(f: Function, point: Sequence[float], angle_deg: float = 45.0,
                lo: float = -4.0, hi: float = 0.0, count: int = 41,
                fit_below: float = 0.1, offset: float = 0.2) -> dict:
    """The linearisation error ‖f(x₀+h) − f(x₀) − Jh‖ against ‖h‖, with its log–log slope.

    Steps h point at ``angle_deg`` (45° is the direction (1, 1)) with lengths
    10^lo … 10^hi. The slope is a least-squares fit of log err against log ‖h‖
    over the lengths ≤ ``fit_below`` whose error is above round-off; for a smooth
    f it is 2 (or more where the second derivatives vanish), nan when the error
    is zero (f is linear along this line).

    Returns
    -------
    dict
        ``h``, ``error``, ``reference`` (c·‖h‖², through ``offset`` times the curve's
        middle point, so that both lines show),
        ``slope`` and ``fitted`` (boolean mask of the points used in the fit).

    >>> import gradviz
    >>> e = error_curve(gradviz.parse("[x^2 - y, y^2 + x]"), (1, 1))
    >>> round(e["slope"], 6)
    2.0
    >>> import math
    >>> math.isnan(error_curve(gradviz.parse("[2x + y, x - y]"), (1, 1))["slope"])
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
    return {"h": hs, "error": err, "reference": reference, "slope": slope, "fitted": fitted}


def component(f: Function, i: int) -> Function:
    """The i-th output of f as a scalar Function (same variables).

    Each row of the Jacobian is the transposed gradient of one component:

    >>> import gradviz
    >>> f = gradviz.parse("[x^2 - y, y^2 + x]")
    >>> component(f, 0).expr
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
