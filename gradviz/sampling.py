"""Turn Functions and a view (domain, resolution, point) into arrays for figures.

Every function here is plain numpy in, numpy out; none draws.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .calculus import jacobian
from .domain import Domain
from .errors import ExpressionError
from .function import Function

__all__ = ["grid", "evaluate_grid", "arrow_field", "angle_of", "linearisation_error",
           "best_of_random_directions", "MAX_GRID"]

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
    others = list(fixed or [])[::-1]  # popped in order
    args = []
    for j in range(f.n):
        if j == axes[0]:
            args.append(X)
        elif j == axes[1] and f.n > 1:
            args.append(Y)
        elif others:
            args.append(others.pop())
        else:
            raise ExpressionError(
                f"give a value for {f.variables[j]} (it is held fixed in this view)")
    return args


def evaluate_grid(f: Function, domain: Domain, n: int,
                  fixed: Sequence[float] | None = None, axes=(0, 1)):
    """``(X, Y, values)`` of f over an n × n grid of the plane of its variables ``axes``.

    The others take the values in ``fixed``, in order (slices of f(x, y, z) at fixed z);
    values have shape ``f.shape + (n, n)``.

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


def angle_of(v: Sequence[float]) -> float:
    """The angle of a plane vector in [0, 2π)."""
    return float(np.arctan2(v[1], v[0]) % (2 * np.pi))


def linearisation_error(f: Function, point: Sequence[float], hs, direction=(1.0, 1.0)):
    """‖f(x₀ + h) − f(x₀) − J h‖ for steps h = s·d̂ of lengths s in ``hs``.

    For a smooth f it falls like ‖h‖² (slope 2 on log–log axes).
    """
    x0 = np.asarray(point, dtype=float)
    d = np.asarray(direction, dtype=float)
    h = np.outer(d / np.linalg.norm(d), np.asarray(hs, dtype=float))  # a step per column
    J = jacobian(f).at(x0).reshape(f.m, f.n)
    f0 = np.asarray(f.at(x0)).reshape(f.m, 1)
    fx = np.asarray(f(*(x0[:, None] + h))).reshape(f.m, -1)
    with np.errstate(all="ignore"):
        return np.linalg.norm(fx - f0 - J @ h, axis=0)


def best_of_random_directions(g: Sequence[float], n: int = 1000, seed: int = 0):
    """``(best_random, gradient_value, best_u)``: the best ∇f·u over n random unit directions u,
    and |∇f| (= ∇f·∇f/|∇f|), which no random direction beats.

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
