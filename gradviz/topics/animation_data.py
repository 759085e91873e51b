"""Frame data for in-browser animations: every frame of a sweep, computed in advance.

A slider inside a Plotly figure (and its Play button) can only show what the
figure already holds, so these functions compute a whole sweep at once — all
directions θ, all axis rotations α, all steps of a gradient
descent — as plain numpy arrays in dicts. :mod:`gradviz.figures.animate` turns
them into figures; the browser then redraws at display rate with no server
round trip.

Functions that take a :class:`~gradviz.function.Function` take it first, so the
app can cache them (``app.compute(animation_data.theta_frames, view, point)``); the
``*_from_gradient`` variants take the gradient vector itself (cheap, no cache
needed). Angles are in degrees.

>>> import gradviz
>>> t = theta_frames(gradviz.parse("x^2 + y^2"), (1, 1))
>>> len(t["theta"]), t["theta_star"], round(float(t["value"][t["star_frame"]]), 6)
(72, 45.0, 2.828427)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..calculus import gradient_at
from ..errors import ExpressionError
from ..function import Function
from ..sampling import (
    Domain,
    angle_of,
    evaluate_grid,
    gradient_path,
    rotate_axes,
    subsample,
)
from .steepest_ascent import directional_curve_from_gradient

__all__ = [
    "MAX_FRAMES", "angles", "theta_from_gradient", "theta_frames",
    "rotation_from_gradient", "rotation_frames", "descent_frames", "level_lines",
    "contour_levels", "nearest",
]

#: the most frames any sweep here produces (a Plotly figure holds them all)
MAX_FRAMES = 400


def angles(step: float = 5.0) -> np.ndarray:
    """Angles 0°, step, 2·step, … below 360° (degrees).

    >>> angles(90).tolist()
    [0.0, 90.0, 180.0, 270.0]
    >>> len(angles())
    72
    """
    step = float(step)
    if not (np.isfinite(step) and 360.0 / MAX_FRAMES <= step <= 180.0):
        raise ExpressionError(f"the angle step must be between {360 / MAX_FRAMES:g}° and 180°")
    count = int(np.ceil(360.0 / step - 1e-9))
    return np.arange(count) * step


def nearest(values, value: float, log: bool = False) -> int:
    """Index of the frame whose value is nearest ``value`` (on a log scale if ``log``).

    For starting an animation where a server slider stands:

    >>> nearest(angles(), 33)
    7
    >>> nearest(np.logspace(0, -3, 40), 0.01, log=True)
    26
    """
    v = np.asarray(values, dtype=float)
    x = float(value)
    with np.errstate(all="ignore"):
        if log:
            v, x = np.log10(v), np.log10(x)
        d = np.abs(v - x)
    return int(np.nanargmin(d)) if np.isfinite(d).any() else 0


def _gradient2(g: Sequence[float]) -> tuple[np.ndarray, float, bool]:
    """The first two components of g, their length, and whether a direction is defined."""
    g = np.asarray(g, dtype=float).ravel()[:2]
    if g.size < 2:
        g = np.append(g, np.zeros(2 - g.size))
    norm = float(np.hypot(g[0], g[1]))
    return g, norm, bool(np.isfinite(norm) and norm > 0)


def _need_scalar(f: Function, what: str) -> None:
    if not f.is_scalar or f.n < 2:
        raise ExpressionError(f"{what} needs a scalar function of two (or more) variables, "
                              "like sin(x*y)")


def theta_from_gradient(g: Sequence[float], step: float = 5.0, curve_points: int = 361) -> dict:
    """D_u f = ∇f·u for the unit vector u at every angle θ, as animation frames.

    Parameters
    ----------
    g : sequence of float
        ∇f at the point (only the first two components are used: u turns in the
        plane of the first two variables).
    step : float
        Degrees between frames (72 frames for 5°). The gradient's own angle θ*
        is added as one more frame, so playing the sweep passes exactly through
        the maximum.
    curve_points : int
        Samples of the full curve D_u f(θ) drawn under the moving marker: the
        curve of :func:`gradviz.topics.steepest_ascent.directional_curve_from_gradient`
        (the static chart's), of which the frames are samples.

    Returns
    -------
    dict
        ``theta`` (F,) frame angles, ``u`` (F, 2) unit vectors, ``value`` (F,)
        D_u f, ``foot`` (F, 2) the projection (u·ĝ) ĝ of u on the gradient's
        line (its signed length times |∇f| is D_u f), ``gradient`` (2,),
        ``unit`` (2,) = ∇f/|∇f| (nan if ∇f = 0), ``norm`` = |∇f|,
        ``theta_star`` (nan if ∇f = 0 or undefined), ``star_frame`` (index of
        the θ* frame, −1 if none), ``defined`` (a direction exists), and
        ``curve_theta``, ``curve_value`` for the full curve.

    Examples
    --------
    The course's gradient [5, 2]: the maximum is |∇f| = √29 at θ* ≈ 21.8°.

    >>> t = theta_from_gradient([5, 2])
    >>> len(t["theta"]), round(t["theta_star"], 2), round(float(t["value"][t["star_frame"]]), 6)
    (73, 21.8, 5.385165)
    >>> bool(np.allclose(t["value"], t["norm"] * np.cos(np.radians(t["theta"] - t["theta_star"]))))
    True
    """
    g, norm, defined = _gradient2(g)
    frame_theta = angles(step)
    # the static chart's curve (steepest_ascent.directional_curve), with the frame angles sampled too
    curve = directional_curve_from_gradient(g, int(curve_points), extra=frame_theta)
    star = curve.theta_star
    if defined:
        frame_theta = np.unique(np.append(frame_theta, star))
    idx = np.searchsorted(curve.theta, frame_theta)
    theta, value = curve.theta[idx], curve.value[idx]
    star_frame = int(np.flatnonzero(theta == star)[0]) if defined else -1
    rad = np.radians(theta)
    u = np.column_stack([np.cos(rad), np.sin(rad)])
    unit = g / norm if defined else np.full(2, np.nan)
    foot = (u @ unit)[:, None] * unit[None, :] if defined else np.zeros_like(u)
    return {"theta": theta, "u": u, "value": value, "foot": foot, "gradient": g, "unit": unit,
            "norm": norm, "theta_star": star, "star_frame": star_frame, "defined": defined,
            "curve_theta": curve.theta, "curve_value": curve.value}


def theta_frames(f: Function, point: Sequence[float], step: float = 5.0) -> dict:
    """:func:`theta_from_gradient` for ∇f at the point (a scalar f of two or more variables).

    >>> import gradviz
    >>> t = theta_frames(gradviz.parse("3x + 4y"), (0, 0))
    >>> round(t["norm"], 12), round(float(max(t["value"])), 12)
    (5.0, 5.0)
    """
    _need_scalar(f, "the direction sweep")
    return theta_from_gradient(gradient_at(f, point), step)


def rotation_from_gradient(g: Sequence[float], step: float = 5.0) -> dict:
    """The "rotate the axes" test for every α: axes, gradient and the heuristic, per frame.

    Uses :func:`gradviz.sampling.rotate_axes`, as the static chart does
    (:func:`gradviz.topics.steepest_ascent.rotation_sweep`).

    Parameters
    ----------
    g : sequence of float
        The gradient (its first two components).
    step : float
        Degrees between frames (72 frames for 5°).

    Returns
    -------
    dict
        ``alpha`` (F,), ``e1``, ``e2`` (F, 2) the rotated axes,
        ``components`` (F, 2) ∇f in them, ``gradient`` (2,), ``unit`` (2,)
        ∇f/|∇f|, ``gradient_angle`` (θ*, fixed: a fact about f),
        ``gradient_angle_rotated`` (F,) = θ* − α mod 360 (∇f seen from the
        rotated axes), ``heuristic_direction`` (F, 2) the "largest component"
        rule's direction (an axis direction), ``heuristic_angle`` (F,) its angle
        in the original frame, ``heuristic_angle_rotated`` (F,) its angle in the
        rotated axes (always 0, 90, 180 or 270) and ``defined``.

    Examples
    --------
    >>> r = rotation_from_gradient([5, 2], step=45)
    >>> r["alpha"].tolist()
    [0.0, 45.0, 90.0, 135.0, 180.0, 225.0, 270.0, 315.0]
    >>> r["heuristic_angle_rotated"].tolist()
    [0.0, 0.0, 270.0, 270.0, 180.0, 180.0, 90.0, 90.0]
    >>> bool(np.allclose((r["gradient_angle"] - r["alpha"]) % 360, r["gradient_angle_rotated"]))
    True
    """
    g2, norm, defined = _gradient2(g)
    alpha = angles(step)
    r = rotate_axes(g2, np.radians(alpha))
    rad = np.radians(alpha)
    e1 = np.column_stack([np.cos(rad), np.sin(rad)])
    e2 = np.column_stack([-np.sin(rad), np.cos(rad)])
    return {
        "alpha": alpha, "e1": e1, "e2": e2,
        "components": r["components"].T,
        "gradient": g2, "unit": g2 / norm if defined else np.full(2, np.nan),
        "gradient_angle": float(np.degrees(angle_of(g2))) if defined else float("nan"),
        "gradient_angle_rotated": (np.degrees(r["gradient_angle_in_rotated_axes"]) if defined
                                   else np.full_like(alpha, np.nan)),
        "heuristic_direction": r["heuristic_direction"].T,
        "heuristic_angle": np.degrees(r["heuristic_angle"]),
        "heuristic_angle_rotated": 90.0 * r["heuristic_axis"], "defined": defined,
    }


def rotation_frames(f: Function, point: Sequence[float], step: float = 5.0) -> dict:
    """:func:`rotation_from_gradient` for ∇f at the point (a scalar f).

    >>> import gradviz
    >>> r = rotation_frames(gradviz.parse("5x + 2y"), (0, 0), step=90)
    >>> r["heuristic_angle"].tolist(), r["gradient_angle_rotated"].round(2).tolist()
    ([0.0, 0.0, 0.0, 0.0], [21.8, 291.8, 201.8, 111.8])
    """
    _need_scalar(f, "the axis rotation")
    return rotation_from_gradient(gradient_at(f, point), step)


def contour_levels(z, count: int = 12) -> np.ndarray:
    """``count`` evenly spaced levels inside the robust (1–99 %) range of the finite values.

    >>> contour_levels(np.arange(101.0), 3).tolist()
    [25.5, 50.0, 74.5]
    >>> contour_levels(np.full(4, np.nan)).size
    0
    """
    v = np.asarray(z, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return np.array([])
    lo, hi = np.percentile(v, [1, 99])
    if lo == hi:
        return np.array([float(lo)])
    return np.linspace(lo, hi, int(count) + 2)[1:-1]


def level_lines(x, y, z, levels) -> np.ndarray:
    """Level curves of a grid by marching squares, as line segments for one plot trace.

    Parameters
    ----------
    x, y : 1-D arrays
        The grid's coordinates (``nx`` and ``ny`` values).
    z : array of shape (ny, nx)
        Values (rows are y); cells with a non-finite corner are skipped.
    levels : sequence of float
        The levels to draw.

    Returns
    -------
    ndarray of shape (2, 3·m)
        x and y of m segments, each followed by a nan (a gap), so all the
        curves draw as one line trace. Ambiguous (saddle) cells are resolved
        by the value at the cell's centre.

    Examples
    --------
    The level 1 of x² + y² is (close to) the unit circle:

    >>> t = np.linspace(-2, 2, 81)
    >>> X, Y = np.meshgrid(t, t)
    >>> seg = level_lines(t, t, X**2 + Y**2, [1.0])
    >>> r = np.hypot(*seg[:, np.isfinite(seg[0])])
    >>> bool(np.all(np.abs(r - 1) < 0.01)), seg.shape[1] % 3
    (True, 0)
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    z = np.asarray(z, dtype=float)
    z00, z01, z10, z11 = z[:-1, :-1], z[:-1, 1:], z[1:, :-1], z[1:, 1:]
    X0, X1 = x[None, :-1], x[None, 1:]
    Y0, Y1 = y[:-1, None], y[1:, None]
    shape = z00.shape
    ok = np.isfinite(z00) & np.isfinite(z01) & np.isfinite(z10) & np.isfinite(z11)
    out = []
    for c in np.asarray(levels, dtype=float).ravel():
        def cross(a, b, c=c):
            with np.errstate(all="ignore"):
                t = (c - a) / (b - a)
            return np.where(ok & ((a < c) != (b < c)), t, np.nan)

        tb, tt, tl, tr = cross(z00, z01), cross(z10, z11), cross(z00, z10), cross(z01, z11)
        # edges in the order bottom, top, left, right: (4, ny-1, nx-1) points
        ex = np.stack([np.broadcast_to(X0 + tb * (X1 - X0), shape),
                       np.broadcast_to(X0 + tt * (X1 - X0), shape),
                       np.broadcast_to(X0, shape), np.broadcast_to(X1, shape)])
        ey = np.stack([np.broadcast_to(Y0, shape), np.broadcast_to(Y1, shape),
                       np.broadcast_to(Y0 + tl * (Y1 - Y0), shape),
                       np.broadcast_to(Y0 + tr * (Y1 - Y0), shape)])
        has = np.isfinite(np.stack([tb, tt, tl, tr]))
        count = has.sum(axis=0)
        # two crossings: one segment between them
        i, j = np.nonzero(count == 2)
        first = np.argmax(has[:, i, j], axis=0)
        second = 3 - np.argmax(has[::-1, i, j], axis=0)
        segs = [(ex[first, i, j], ey[first, i, j], ex[second, i, j], ey[second, i, j])]
        # four crossings (a saddle cell): pair the edges by the centre's side
        i, j = np.nonzero(count == 4)
        centre = (z00[i, j] + z01[i, j] + z10[i, j] + z11[i, j]) / 4
        like_00 = (centre < c) == (z00[i, j] < c)
        # like z00: cut off the corners z01 (bottom-right) and z10 (top-left),
        # else cut off z00 (bottom-left) and z11 (top-right)
        for a_like, b_like, a_else, b_else in ((0, 3, 0, 2), (2, 1, 1, 3)):
            a = np.where(like_00, a_like, a_else)
            b = np.where(like_00, b_like, b_else)
            segs.append((ex[a, i, j], ey[a, i, j], ex[b, i, j], ey[b, i, j]))
        for xa, ya, xb, yb in segs:
            if len(xa):
                gap = np.full_like(xa, np.nan)
                out.append(np.stack([np.column_stack([xa, xb, gap]).ravel(),
                                     np.column_stack([ya, yb, gap]).ravel()]))
    return np.hstack(out) if out else np.empty((2, 0))


def descent_frames(f: Function, point: Sequence[float], step: float, steps: int,
                   domain: Domain, n: int = 60, ascent: bool = False,
                   max_frames: int = 200) -> dict:
    """Gradient descent (or ascent) from the point, step by step, over f's grid.

    Parameters
    ----------
    f : Function
        A scalar function; variables beyond the first two are held at the
        point's values, for the grid and for the path alike.
    point : sequence of float
        The start.
    step, steps : float, int
        Step size and number of steps of :func:`gradviz.sampling.gradient_path`,
        the static path's own computation (which stops early where ∇f is undefined
        or the path leaves the view).
    domain : Domain
        The view; the grid is ``n × n`` over it.
    ascent : bool
        Climb (x ← x + step·∇f) instead of descending.
    max_frames : int
        At most this many frames: longer paths show evenly spread steps (the
        first and the last always).

    Returns
    -------
    dict
        ``x`` (n,), ``y`` (n,), ``z`` (n, n) the grid (rows are y), ``path``
        (k, 2) every point of the path, ``values`` (k,) f along it, ``frames``
        (F,) the step shown by each frame, ``levels`` (12 contour levels) and
        ``lines`` (:func:`level_lines` of them), ``ascent``, ``step`` and
        ``domain``.

    Examples
    --------
    >>> import gradviz
    >>> from gradviz.domain import Domain
    >>> d = descent_frames(gradviz.parse("x^2 + y^2"), (1, 1), 0.25, 4, Domain.square(-2, 2), 5)
    >>> d["path"].tolist()
    [[1.0, 1.0], [0.5, 0.5], [0.25, 0.25], [0.125, 0.125], [0.0625, 0.0625]]
    >>> d["values"].tolist(), d["frames"].tolist()
    ([2.0, 0.5, 0.125, 0.03125, 0.0078125], [0, 1, 2, 3, 4])
    """
    _need_scalar(f, "the descent path")
    pt = tuple(float(v) for v in np.asarray(point, dtype=float).ravel())
    if len(pt) != f.n:
        raise ExpressionError(f"the start needs {f.n} coordinates, got {len(pt)}")
    if not (np.isfinite(step) and step > 0):
        raise ExpressionError("the step size must be a positive number")
    max_frames = int(min(max(max_frames, 2), MAX_FRAMES))
    X, Y, Z = evaluate_grid(f, domain, n, fixed=pt[2:])
    path = gradient_path(f, pt, float(step), int(steps), ascent=bool(ascent), domain=domain)
    with np.errstate(all="ignore"):
        values = np.asarray(f(*path.T), dtype=float).reshape(-1)
    k = len(path)
    idx = subsample(k, max_frames) if k > max_frames else np.arange(k)
    levels = contour_levels(Z, 12)
    return {"x": X[0], "y": Y[:, 0], "z": Z, "path": path[:, :2], "values": values,
            "frames": idx, "levels": levels, "lines": level_lines(X[0], Y[:, 0], Z, levels),
            "ascent": bool(ascent), "step": float(step),
            "domain": (domain.xmin, domain.xmax, domain.ymin, domain.ymax)}
