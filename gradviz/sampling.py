"""Turn Functions and a view (domain, resolution, point) into arrays for figures.

Every function here is plain numpy in, numpy out; none draws.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .calculus import gradient, jacobian
from .domain import Domain
from .errors import ExpressionError
from .function import Function

__all__ = [
    "grid", "evaluate_grid", "subsample", "arrow_field", "gradient_field", "angle_of",
    "linearisation_error",
    "slice_curve", "curve", "best_of_random_directions", "rotate_axes", "MAX_GRID",
]

#: the largest resolution (points per side) any sampling helper accepts
MAX_GRID = 1000


def _check_n(n: int) -> int:
    n = int(n)
    if not 2 <= n <= MAX_GRID:
        raise ExpressionError(f"the grid resolution must be between 2 and {MAX_GRID}, got {n}")
    return n


def grid(domain: Domain, n: int, ny: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Meshgrid ``(X, Y)`` of n × ny points over the domain (``indexing='xy'``: rows are y).

    >>> X, Y = grid(Domain(0, 4, 0, 4), 5)
    >>> X[0].tolist(), Y[:, 0].tolist()
    ([0.0, 1.0, 2.0, 3.0, 4.0], [0.0, 1.0, 2.0, 3.0, 4.0])
    """
    n = _check_n(n)
    ny = n if ny is None else _check_n(ny)
    return np.meshgrid(np.linspace(domain.xmin, domain.xmax, n),
                       np.linspace(domain.ymin, domain.ymax, ny))


def _plane_args(f: Function, X, Y, fixed: Sequence[float] | None, axes=(0, 1)):
    """Arguments for f when two of its variables vary over (X, Y), the rest fixed."""
    if f.n == 0:
        return []
    others = list(fixed or [])
    args = []
    k = 0
    for j in range(f.n):
        if j == axes[0]:
            args.append(X)
        elif j == axes[1] and f.n > 1:
            args.append(Y)
        else:
            if k >= len(others):
                raise ExpressionError(
                    f"give a value for {f.variables[j]} (it is held fixed in this view)")
            args.append(others[k])
            k += 1
    return args


def evaluate_grid(f: Function, domain: Domain, n: int,
                  fixed: Sequence[float] | None = None, axes=(0, 1)):
    """Evaluate f over an n × n grid of the plane of two of its variables.

    Variables other than ``axes`` take the values in ``fixed`` (in order), which
    gives slices of f(x, y, z) at fixed z.

    Returns
    -------
    X, Y, values : ndarrays
        ``values.shape == f.shape + (n, n)``.

    >>> import gradviz
    >>> X, Y, Z = evaluate_grid(gradviz.parse("sin(x*y)"), Domain(0, 4, 0, 4), 1000)
    >>> Z.shape
    (1000, 1000)
    """
    X, Y = grid(domain, n)
    if f.n == 0:  # a constant: broadcast it over the grid
        values = np.broadcast_to(np.asarray(f()).reshape(f.shape + (1, 1)), f.shape + X.shape)
        return X, Y, np.array(values)
    return X, Y, f(*_plane_args(f, X, Y, fixed, axes))


def subsample(n_from: int, n_to: int) -> np.ndarray:
    """Indices picking about n_to evenly spread of n_from, ends included.

    >>> subsample(100, 5).tolist()
    [0, 25, 50, 74, 99]
    """
    n_to = max(2, min(int(n_to), int(n_from)))
    return np.unique(np.round(np.linspace(0, n_from - 1, n_to)).astype(int))


def arrow_field(f: Function, domain: Domain, n: int, fixed=None):
    """Arrows of a field f: R² → R² on an n × n grid: ``(X, Y, U, V)``.

    The course's [x, sin y] on [−5, 5]² with 20 × 20 arrows:

    >>> import gradviz
    >>> X, Y, U, V = arrow_field(gradviz.parse("[x, sin(y)]"), Domain.square(-5, 5), 20)
    >>> U.shape
    (20, 20)
    """
    if f.shape != (2,):
        raise ExpressionError(
            "arrows need a field with two outputs, like [x, sin(y)] "
            f"(this one has shape {f.shape or 'scalar'})")
    X, Y = grid(domain, n)
    UV = f(*_plane_args(f, X, Y, fixed))
    return X, Y, UV[0], UV[1]


def gradient_field(f: Function, domain: Domain, n: int, fixed=None):
    """∇f arrows of a scalar f over an n × n grid: ``(X, Y, U, V)`` (the first two partials)."""
    g = gradient(f)
    X, Y = grid(domain, n)
    G = g(*_plane_args(f, X, Y, fixed))
    if f.n == 1:
        return X, Y, G[0], np.zeros_like(X)
    return X, Y, G[0], G[1]


def angle_of(v: Sequence[float]) -> float:
    """The angle of a plane vector in [0, 2π)."""
    return float(np.arctan2(v[1], v[0]) % (2 * np.pi))


def linearisation_error(f: Function, point: Sequence[float], hs, direction=(1.0, 1.0)):
    """‖f(x₀ + h) − f(x₀) − J h‖ for steps h = s·d̂ of lengths s in ``hs``.

    For a smooth f it falls like ‖h‖² (slope 2 on log–log axes).
    """
    x0 = np.asarray(point, dtype=float)
    d = np.asarray(direction, dtype=float)
    d = d / np.linalg.norm(d)
    hs = np.asarray(hs, dtype=float)
    steps = x0[:, None] + d[:, None] * hs[None, :]
    J = jacobian(f).at(x0).reshape(f.m, f.n)
    f0 = np.asarray(f.at(x0)).reshape(f.m, 1)
    fx = np.asarray(f(*steps)).reshape(f.m, -1)
    with np.errstate(all="ignore"):
        err = fx - f0 - J @ (d[:, None] * hs[None, :])
        return np.linalg.norm(err, axis=0)


def slice_curve(f: Function, point: Sequence[float], var: int, lo: float, hi: float,
                n: int = 200):
    """The slice t ↦ f(point with variable ``var`` set to t), t ∈ [lo, hi]: ``(t, values)``."""
    t = np.linspace(lo, hi, _check_n(n))
    args = [np.full_like(t, float(v)) for v in point]
    args[var] = t
    return t, f(*args)


def curve(f: Function, lo: float, hi: float, n: int = 200):
    """A function of one input sampled on [lo, hi]: ``(t, values)`` with values of shape f.shape + (n,)."""
    if f.n != 1:
        raise ExpressionError("a curve needs a function of one variable, like [x^2, 2x, -x]")
    t = np.linspace(lo, hi, _check_n(n))
    return t, f(t)


def best_of_random_directions(g: Sequence[float], n: int = 1000, seed: int = 0):
    """Compare ∇f·u over random unit directions u with |∇f| (= ∇f·∇f/|∇f|).

    Returns ``(best_random, gradient_value, best_u)``: no random direction beats
    the gradient direction.

    >>> best, top, _ = best_of_random_directions([5, 2, -1, 0], n=2000)
    >>> bool(best <= top), round(top, 6)
    (True, 5.477226)
    """
    g = np.asarray(g, dtype=float)
    rng = np.random.default_rng(seed)
    U = rng.normal(size=(int(n), g.size))
    U /= np.linalg.norm(U, axis=1, keepdims=True)
    vals = U @ g
    k = int(np.argmax(vals))
    return float(vals[k]), float(np.linalg.norm(g)), U[k]


def _turn(angle):
    """An angle in radians brought into [0, 2π), round-off just below 2π counted as 0."""
    a = np.asarray(angle, dtype=float) % (2 * np.pi)
    return np.where(2 * np.pi - a < 1e-11, 0.0, a)


def rotate_axes(g: Sequence[float], alpha):
    """Gradient components in axes rotated by α (radians, a number or an array), and two
    direction rules.

    Returns a dict with the rotated ``components`` (shape (2,) or (2, F)), the
    steepest direction found from the gradient (``gradient_angle`` in the original
    frame: it never moves, it is a fact about f; ``gradient_angle_in_rotated_axes``)
    and the "largest component" heuristic's direction (``heuristic_direction``,
    ``heuristic_angle``), which jumps between axis directions as α turns:
    ``heuristic_axis`` says which (0: e₁′, 1: e₂′, 2: −e₁′, 3: −e₂′). Angles are in
    [0, 2π). The static rotation chart and its animation both come from here.

    >>> r = rotate_axes([5, 2], np.radians([0, 45, 90]))
    >>> r["heuristic_axis"].tolist(), np.degrees(r["gradient_angle_in_rotated_axes"]).round(2).tolist()
    ([0, 0, 3], [21.8, 336.8, 291.8])
    """
    g = np.asarray(g, dtype=float)[:2]
    a = np.asarray(alpha, dtype=float)
    c, s = np.cos(a), np.sin(a)
    # components of g in the rotated basis e1' = (c, s), e2' = (−s, c)
    comp0, comp1 = c * g[0] + s * g[1], -s * g[0] + c * g[1]
    first = np.abs(comp0) >= np.abs(comp1)  # the first axis on a tie
    big = np.where(first, comp0, comp1)
    sign = np.where(np.isnan(big), np.nan, np.where(big < 0, -1.0, 1.0))
    d0, d1 = np.where(first, c, -s) * sign, np.where(first, s, c) * sign
    axis = np.where(first, 0, 1) + np.where(big < 0, 2, 0)
    out = {
        "components": np.array([comp0, comp1]),
        "gradient_angle": angle_of(g),
        "gradient_angle_in_rotated_axes": _turn(np.arctan2(comp1, comp0)),
        "heuristic_direction": np.array([d0, d1]),
        "heuristic_angle": _turn(np.arctan2(d1, d0)),
        "heuristic_axis": axis,
    }
    if a.ndim == 0:
        for key in ("gradient_angle_in_rotated_axes", "heuristic_angle"):
            out[key] = float(out[key])
        out["heuristic_axis"] = int(axis)
    return out
