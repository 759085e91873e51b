"""Computations for the Jacobian-linearisation and steepest-ascent pages.

Pure numpy/sympy, no Streamlit. Functions that take a :class:`~gradviz.function.Function`
take it first, so the app can cache them by the function's text
(``app.compute(linear.square_images, view, point, h)``).

Jacobian linearisation (the course's f(x, y) = [x² − y, y² + x]):

>>> import gradviz
>>> f = gradviz.parse(COURSE_FIELD)
>>> s = jacobian_summary(f, (1, 1))
>>> s["J"].tolist(), s["det"]
([[2.0, -1.0], [1.0, 2.0]], 5.0)

Steepest ascent (the course's 4-D gradient [5, 2, −1, 0]):

>>> round(float(np.linalg.norm(COURSE_GRADIENT_4D)), 6)
5.477226
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import sympy as sp

from ..calculus import (
    derivatives_at,
    directional_derivative_at,
    directional_derivative_limit,
    gradient,
    gradient_at,
    jacobian,
    jacobian_at,
    jacobian_status_at,
    value_at,
)
from ..errors import ExpressionError
from ..function import Function
from ..sampling import (
    angle_of,
    best_of_random_directions,
    image_of_outline,
    linearisation_error,
    rotate_axes,
    square_outline,
)

__all__ = [
    "COURSE_FIELD", "COURSE_POINTS_TEXT", "COURSE_GRADIENT_4D", "MAX_POINTS",
    "jacobian_summary", "parse_points", "basis_arrows", "square_images", "error_curve",
    "component", "transpose_check",
    "unit_vector", "direction_check", "limit_errors", "directional_curve_from_gradient", "directional_curve",
    "dot_product_steps",
    "random_direction_values", "histogram", "rotation_at", "rotation_sweep",
    "differentiability_warning", "is_curve", "plane_map", "PLANE_MAP_NEED",
]

#: the course's map R² → R² of the Jacobian figure
COURSE_FIELD = "[x^2 - y, y^2 + x]"
#: the three points of the course's local-linear-approximation figure, as typed
COURSE_POINTS_TEXT = "(-1, -1), (0, 0), (1, 1)"
#: the course's 4-D gradient of §4.2 "Why is it the direction of fastest increase?"
COURSE_GRADIENT_4D = (5.0, 2.0, -1.0, 0.0)
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


def _need_scalar_2d(f: Function) -> None:
    if not f.is_scalar or f.n != 2:
        raise ExpressionError(
            "this picture needs a scalar function of two variables, like sin(x*y)")


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


# -- steepest ascent -------------------------------------------------------------------------
def unit_vector(theta_deg: float) -> np.ndarray:
    """The unit vector u = (cos θ, sin θ) for an angle in degrees.

    >>> unit_vector(90).round(12).tolist()
    [0.0, 1.0]
    """
    t = np.radians(float(theta_deg))
    return np.array([np.cos(t), np.sin(t)])


def direction_check(f: Function, point: Sequence[float], theta_deg: float, h: float) -> dict:
    """D_u f at the point two ways: the limit quotient with step h and ∇f·u.

    Returns
    -------
    dict
        ``u``, ``limit`` = (f(x + h u) − f(x))/h, ``exact`` = ∇f·u, ``difference``
        = limit − exact, ``gradient``, ``norm`` = |∇f|, ``theta_star`` (the
        gradient's angle in degrees, nan when ∇f = 0) and ``between`` (the angle
        from ∇f to u in degrees, in (−180, 180]).

    >>> import gradviz
    >>> c = direction_check(gradviz.parse("x^2 + y^2"), (1, 1), 45, 1e-6)
    >>> round(c["exact"], 6), round(c["limit"], 4), round(c["theta_star"], 6)
    (2.828427, 2.8284, 45.0)
    """
    _need_scalar_2d(f)
    u = unit_vector(theta_deg)
    # the truth at p: ∇f·u is the directional derivative only where f is differentiable
    status = derivatives_at(f, point)
    g = status.grad
    exact = float(g @ u) if status.differentiable else float("nan")
    limit = directional_derivative_limit(f, point, u, h)
    norm = float(np.hypot(g[0], g[1]))
    star = float(np.degrees(angle_of(g))) if norm > 0 and np.isfinite(norm) else float("nan")
    between = float((float(theta_deg) - star + 180.0) % 360.0 - 180.0)
    return {"u": u, "limit": limit, "exact": exact, "difference": limit - exact,
            "gradient": g, "norm": norm, "theta_star": star, "between": between,
            "differentiable": status.differentiable, "reason": status.reason}


def differentiability_warning(f: Function, point: Sequence[float]) -> str:
    """"" where f is differentiable at the point; else what a page must say instead of ∇f·u.

    >>> import gradviz
    >>> differentiability_warning(gradviz.parse("x^2 + y"), (0, 0))
    ''
    >>> differentiability_warning(gradviz.parse("|x| + |y|"), (0, 0))[:48]
    'f is **not differentiable** at p, so Dᵤf = ∇f·u '
    """
    status = derivatives_at(f, point)
    if status.differentiable:
        return ""
    return ("f is **not differentiable** at p, so Dᵤf = ∇f·u does not hold here — "
            f"{status.reason}. The rates along u below are the difference quotients only; "
            "move p to a point where f is smooth to compare them with ∇f·u.")


def limit_errors(f: Function, point: Sequence[float], theta_deg: float,
                 lo: float = -10.0, hi: float = 0.0, count: int = 41) -> dict:
    """|quotient − ∇f·u| for step sizes h = 10^lo … 10^hi.

    Large h: the quotient is off by about h (truncation); tiny h: round-off
    (about ε/h) takes over. Zero errors are reported as nan (nothing to draw
    on log axes).

    >>> import gradviz
    >>> e = limit_errors(gradviz.parse("sin(x*y)"), (1, 2), 30, -8, 0, 9)
    >>> bool(e["error"][-1] > 1e-2 and e["error"][4] < 1e-3)
    True
    """
    _need_scalar_2d(f)
    u = unit_vector(theta_deg)
    exact = directional_derivative_at(f, point, u)
    hs = np.logspace(float(lo), float(hi), int(count))
    q = np.array([directional_derivative_limit(f, point, u, h) for h in hs])
    with np.errstate(all="ignore"):
        err = np.abs(q - exact)
    err[~(err > 0)] = np.nan
    return {"h": hs, "error": err}


def directional_curve_from_gradient(g: Sequence[float], count: int = 361,
                                    extra: Sequence[float] = ()) -> dict:
    """D_u f = ∇f·u for u at every angle θ in [0°, 360°], and |∇f| cos(θ − θ*).

    The one computation of the D_u f sweep: the static chart draws it, and the
    animation's frames (:func:`gradviz.topics.animation_data.theta_from_gradient`) are
    samples of it.

    Parameters
    ----------
    g : sequence of float
        ∇f at the point (its first two components: u turns in that plane).
    count : int
        Evenly spaced angles from 0° to 360°.
    extra : sequence of float
        More angles (degrees) to sample as well; θ* is always sampled, so the
        maximum is exact.

    Returns
    -------
    dict
        ``theta`` (degrees, sorted), ``value`` (∇f·u), ``cosine`` (|∇f| cos(θ − θ*)),
        ``theta_star`` (degrees, nan where ∇f is zero or undefined), ``norm`` = |∇f|,
        ``best_theta`` and ``best_value`` (the maximum over the samples).

    >>> c = directional_curve_from_gradient([5, 2])
    >>> round(c["theta_star"], 2), round(c["best_value"], 6), len(c["theta"])
    (21.8, 5.385165, 362)
    """
    g = np.asarray(g, dtype=float).ravel()[:2]
    norm = float(np.hypot(g[0], g[1]))
    star = float(np.degrees(angle_of(g))) if norm > 0 and np.isfinite(norm) else float("nan")
    theta = np.linspace(0.0, 360.0, int(count))
    more = [float(t) for t in extra] + ([star] if np.isfinite(star) else [])
    if more:
        theta = np.unique(np.append(theta, more))
    rad = np.radians(theta)
    vals = g[0] * np.cos(rad) + g[1] * np.sin(rad)
    with np.errstate(all="ignore"):
        cosine = norm * np.cos(np.radians(theta - (0.0 if np.isnan(star) else star)))
    finite = np.isfinite(vals)
    k = int(np.nanargmax(np.where(finite, vals, -np.inf))) if finite.any() else 0
    return {"theta": theta, "value": vals, "cosine": cosine, "theta_star": star, "norm": norm,
            "best_theta": float(theta[k]), "best_value": float(vals[k])}


def directional_curve(f: Function, point: Sequence[float], count: int = 361) -> dict:
    """:func:`directional_curve_from_gradient` for ∇f at the point (a scalar f of x and y).

    >>> import gradviz
    >>> c = directional_curve(gradviz.parse("x^2 + y^2"), (1, 1))
    >>> c["best_theta"], round(c["best_value"], 6), round(c["norm"], 6)
    (45.0, 2.828427, 2.828427)
    >>> bool(np.allclose(c["value"], c["cosine"]))
    True
    """
    _need_scalar_2d(f)
    return directional_curve_from_gradient(gradient_at(f, point), count)


def dot_product_steps(f: Function, point: Sequence[float], theta_deg: float,
                      step: float = 0.01) -> dict:
    """The numbers of the course's dot-product argument (§4.2), at the point.

    Moving by v = step·u changes f by about ∇f·v; ∇f·u = |∇f| |u| cos(angle);
    the largest value, |∇f|, is at angle 0.

    Returns
    -------
    dict
        ``v``, ``change`` = f(x + v) − f(x), ``dot`` = ∇f·v, ``partial_terms``
        ((∂f/∂x) v₁, (∂f/∂y) v₂), ``norm``, ``angle`` (degrees between ∇f and u),
        ``cos``, ``product`` = |∇f|·1·cos(angle) (= ∇f·u), ``best`` = |∇f|.

    >>> import gradviz
    >>> s = dot_product_steps(gradviz.parse("x^2 + y^2"), (1, 0), 0, 0.001)
    >>> round(s["change"], 6), round(s["dot"], 6), round(s["product"], 6)
    (0.002001, 0.002, 2.0)
    """
    _need_scalar_2d(f)
    c = direction_check(f, point, theta_deg, step)
    v = float(step) * c["u"]
    g = c["gradient"]
    x = np.asarray(point, dtype=float)
    with np.errstate(all="ignore"):
        change = float(f.at(tuple(x + v))) - float(f.at(tuple(x)))
        angle = c["between"] if np.isfinite(c["theta_star"]) else float("nan")
        cos = float(np.cos(np.radians(angle)))
    return {"v": v, "change": change, "dot": float(g @ v),
            "partial_terms": (float(g[0] * v[0]), float(g[1] * v[1])), "norm": c["norm"],
            "angle": angle, "cos": cos, "product": c["norm"] * cos, "best": c["norm"]}


def random_direction_values(g: Sequence[float], n: int = 1000, seed: int = 0) -> dict:
    """∇f·u for n random unit directions u (the same draw as
    :func:`gradviz.sampling.best_of_random_directions`), with the two rivals.

    Returns
    -------
    dict
        ``values`` (n,), ``best`` (the best random value), ``best_u``,
        ``gradient_value`` = |∇f| (what u = ∇f/|∇f| gives), ``largest_component``
        (what the axis of the largest component gives: max |∂f/∂xᵢ|) and its
        ``axis`` index, ``beats_largest`` (how many random directions beat that
        axis) and ``gradient_unit`` = ∇f/|∇f|.

    >>> r = random_direction_values([5, 2, -1, 0], 2000, seed=0)
    >>> bool(r["best"] <= r["gradient_value"]), round(r["gradient_value"], 6), r["largest_component"]
    (True, 5.477226, 5.0)
    >>> bool(r["values"].max() == r["best"])
    True
    """
    g = np.asarray(g, dtype=float)
    n = int(min(max(int(n), 1), 100_000))
    rng = np.random.default_rng(int(seed))
    U = rng.normal(size=(n, g.size))
    U /= np.linalg.norm(U, axis=1, keepdims=True)
    values = U @ g
    best, top, best_u = best_of_random_directions(g, n, int(seed))
    k = int(np.argmax(np.abs(g)))
    largest = float(abs(g[k]))
    return {"values": values, "best": best, "best_u": best_u, "gradient_value": top,
            "largest_component": largest, "axis": k,
            "beats_largest": int(np.sum(values > largest)),
            "gradient_unit": g / top if top > 0 else np.zeros_like(g)}


def histogram(values, bins: int = 30, lo: float | None = None,
              hi: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Counts of the finite values in ``bins`` equal bins: ``(edges, counts)``.

    >>> e, c = histogram([0, 0.5, 1, 1], bins=2)
    >>> e.tolist(), c.tolist()
    ([0.0, 0.5, 1.0], [1, 3])
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    rng = None if lo is None or hi is None else (float(lo), float(hi))
    counts, edges = np.histogram(v, bins=int(bins), range=rng)
    return edges, counts


def rotation_at(g: Sequence[float], alpha_deg: float) -> dict:
    """The "rotate by 45 degrees" test at one angle α (degrees), in degrees.

    Returns
    -------
    dict
        ``components`` (∇f in the rotated axes e₁′, e₂′), ``axes`` (2 × 2: e₁′, e₂′
        as columns), ``gradient_unit`` (∇f/|∇f|), ``gradient_angle`` (in the
        original frame, fixed),
        ``gradient_angle_rotated`` (= θ* − α: turns with α), ``heuristic_direction``
        (the rotated axis of the largest component, original frame),
        ``heuristic_angle`` (original frame), ``heuristic_angle_rotated``
        (always 0, 90, 180 or 270) and ``turned``: how far ∇f's angle in the
        rotated axes has moved since α = 0 (it is α: the test is passed).

    >>> r0, r45 = rotation_at([5, 2], 0), rotation_at([5, 2], 45)
    >>> round((r0["gradient_angle_rotated"] - r45["gradient_angle_rotated"]) % 360, 6)
    45.0
    >>> round(r45["turned"], 6)
    45.0
    >>> r0["heuristic_angle_rotated"], r45["heuristic_angle_rotated"]
    (0.0, 0.0)
    """
    a = np.radians(float(alpha_deg))
    r = rotate_axes(g, a)
    c, s = np.cos(a), np.sin(a)
    rotated = float(np.degrees(r["gradient_angle_in_rotated_axes"]))
    at_zero = float(np.degrees(rotate_axes(g, 0.0)["gradient_angle_in_rotated_axes"]))
    turned = (at_zero - rotated) % 360.0
    turned = 0.0 if abs(turned - 360.0) < 1e-9 else turned
    g2 = np.asarray(g, dtype=float)[:2]
    norm = float(np.hypot(g2[0], g2[1]))
    return {
        "components": np.asarray(r["components"], dtype=float),
        "axes": np.array([[c, -s], [s, c]]),
        "gradient_unit": g2 / norm if norm > 0 else np.zeros(2),
        "gradient_angle": float(np.degrees(r["gradient_angle"])),
        "gradient_angle_rotated": rotated,
        "turned": float(turned),
        "heuristic_direction": np.asarray(r["heuristic_direction"], dtype=float),
        "heuristic_angle": float(np.degrees(r["heuristic_angle"])),
        "heuristic_angle_rotated": 90.0 * r["heuristic_axis"],
    }


def rotation_sweep(g: Sequence[float], count: int = 361) -> dict:
    """:func:`rotation_at` for α = 0° … 360°: both directions seen from the rotated axes.

    Returns ``alpha``, ``gradient`` (θ* − α mod 360: a steady turn) and
    ``heuristic`` (a step function on 0, 90, 180, 270), all in degrees. The
    animation (:func:`gradviz.topics.animation_data.rotation_from_gradient`) computes its
    frames with the same :func:`gradviz.sampling.rotate_axes`.

    >>> s = rotation_sweep([5, 2], 9)
    >>> sorted(set(s["heuristic"].tolist())) <= [0.0, 90.0, 180.0, 270.0]
    True
    """
    alphas = np.linspace(0.0, 360.0, int(count))
    r = rotate_axes(g, np.radians(alphas))
    return {"alpha": alphas, "gradient": np.degrees(r["gradient_angle_in_rotated_axes"]),
            "heuristic": 90.0 * r["heuristic_axis"]}
