"""Computations for the steepest-ascent page (the Jacobian page's are in
:mod:`gradviz.topics.jacobian`).

Pure numpy/sympy, no Streamlit. Functions that take a :class:`~gradviz.function.Function`
take it first, so the app can cache them by the function's text
(``app.compute(linear.direction_check, view, point, theta, h)``).

Steepest ascent (the course's 4-D gradient [5, 2, −1, 0]):

>>> round(float(np.linalg.norm(COURSE_GRADIENT_4D)), 6)
5.477226
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..calculus import (
    derivatives_at,
    directional_derivative_at,
    directional_derivative_limit,
    gradient_at,
)
from ..errors import ExpressionError
from ..function import Function
from ..sampling import (
    angle_of,
    best_of_random_directions,
    rotate_axes,
)

__all__ = [
    "COURSE_GRADIENT_4D",
    "unit_vector", "direction_check", "limit_errors", "directional_curve_from_gradient", "directional_curve",
    "dot_product_steps",
    "random_direction_values", "histogram", "rotation_at", "rotation_sweep",
    "differentiability_warning",
]

#: the course's 4-D gradient of §4.2 "Why is it the direction of fastest increase?"
COURSE_GRADIENT_4D = (5.0, 2.0, -1.0, 0.0)


def _need_scalar_2d(f: Function) -> None:
    if not f.is_scalar or f.n != 2:
        raise ExpressionError(
            "this picture needs a scalar function of two variables, like sin(x*y)")


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
