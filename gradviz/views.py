"""A view that shows a function: where it is defined, its critical points, where it changes.

The course's hand-picked views (:mod:`gradviz.presets`) as a rule, for a typed function:

1. Sample f once on an 81 × 81 grid of [−10, 10]² (other variables held at ``fixed``).
2. Its *landmarks*: samples near which every partial derivative (estimated from the
   samples) changes sign, or for a field R² → R² both components do; merged when closer
   than 1, nearest the origin first.
3. Among square views of half-width 1, 2, 5 or 10 centred on a half-width lattice, the one
   that is more than half defined, holds the most of the :data:`NEAREST` landmarks nearest
   the origin within 3/4 of its half-width, is at least 80 % defined, is closest in size to
   [−2, 2]², and is centred at the origin — in that order. Only numbers, no symbolic work.

>>> import gradviz
>>> fit(gradviz.parse("x^2 - y^2")).domain
Domain(xmin=-2.0, xmax=2.0, ymin=-2.0, ymax=2.0)
>>> fit(gradviz.parse("sqrt(1 - x^2 - y^2)")).domain
Domain(xmin=-1.0, xmax=1.0, ymin=-1.0, ymax=1.0)
>>> fit(gradviz.parse("[x, sin(y)]")).domain
Domain(xmin=-5.0, xmax=5.0, ymin=-5.0, ymax=5.0)
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .domain import Domain
from .function import Function
from .sampling import evaluate_grid

__all__ = ["Fit", "fit", "fits", "defined_fraction", "SEARCH", "SIZES", "NEAREST"]

#: the half-width of the square searched, and its samples per side (step 0.25)
SEARCH, SAMPLES = 10.0, 81
#: the half-widths a view may have (a 1-2-5 series; 2 is the course's usual [−2, 2]²)
SIZES = (1.0, 2.0, 5.0, 10.0)
#: how many landmarks (nearest the origin first) a view tries to hold, and how far inside
NEAREST, INSIDE = 3, 0.75


@dataclass(frozen=True)
class Fit:
    """A view for f: its ``domain``, a ``point`` in it where f is defined, the ``landmarks``
    it holds and the fraction of it where f is ``defined``."""

    domain: Domain
    point: tuple[float, float]
    landmarks: tuple[tuple[float, float], ...]
    defined: float


def fits(f: Function) -> bool:
    """Does the rule apply: a scalar f of 2 or more variables, or a map R² → R²?"""
    return f.n >= 2 and (f.is_scalar or (f.shape == (2,) and f.n == 2))


def _landmarks(X, Y, V, limit: int) -> list[tuple[float, float]]:
    """Samples where every component takes both signs among the 3 × 3 samples around it
    (a component that only touches 0, like x² ≥ 0, does not) and the vector of components is
    shortest: a common zero nearby."""
    window = np.lib.stride_tricks.sliding_window_view
    near = window(np.pad(V, ((0, 0), (1, 1), (1, 1)), constant_values=np.nan), (3, 3), (1, 2))
    with np.errstate(invalid="ignore"):
        both = ((near.min(axis=(-2, -1)) < 0) & (near.max(axis=(-2, -1)) > 0)).all(axis=0)
    size = np.where(np.isfinite(V).all(axis=0), np.hypot.reduce(V, axis=0), np.inf)
    i, j = np.nonzero(both & (size <= window(np.pad(size, 1, constant_values=np.inf),
                                             (3, 3)).min(axis=(-2, -1))))
    pts = np.column_stack([X[0][j], Y[:, 0][i]])
    pts = pts[np.argsort(np.hypot(*pts.T), kind="stable")]
    out: list[tuple[float, float]] = []
    for p in pts:  # one per place: samples closer than 1 are the same landmark
        if all(np.hypot(*(p - q)) >= 1.0 for q in out):
            out.append((float(p[0]), float(p[1])))
            if len(out) == limit:
                break
    return out


def defined_fraction(f: Function, domain: Domain, fixed: Sequence[float] = (), n: int = 41
                     ) -> float:
    """The fraction of ``domain`` (on an n × n grid) where every component of f is defined.

    >>> import gradviz
    >>> defined_fraction(gradviz.parse("sqrt(x)"), Domain.square(-2, 2), n=5)
    0.6
    """
    values = np.asarray(evaluate_grid(f, domain, n, list(fixed))[2], dtype=float)
    return float(np.isfinite(values.reshape((-1, n, n))).all(axis=0).mean())


def _point(f: Function, fixed, X, Y, defined, d: Domain, old) -> tuple[float, float]:
    """The old point if it is well inside the view and f is defined there; else a quarter of
    the way from the centre to the upper right corner, or the defined sample nearest that."""
    quarter = ((3 * d.xmin + 5 * d.xmax) / 8, (3 * d.ymin + 5 * d.ymax) / 8)
    centre, half = ((d.xmin + d.xmax) / 2, (d.ymin + d.ymax) / 2), d.span / 2
    kept = old is not None and all(abs(o - c) <= INSIDE * half for o, c in zip(old[:2], centre))
    for want in ([tuple(old[:2])] if kept else []) + [quarter]:
        if np.isfinite(np.asarray(f(*want, *fixed), dtype=float)).all():
            return float(want[0]), float(want[1])
    inside = defined & (X >= d.xmin) & (X <= d.xmax) & (Y >= d.ymin) & (Y <= d.ymax)
    if not inside.any():
        return quarter
    k = np.argmin(np.where(inside, np.hypot(X - quarter[0], Y - quarter[1]), np.inf))
    return float(X.flat[k]), float(Y.flat[k])


def fit(f: Function, fixed: Sequence[float] = (), point: Sequence[float] | None = None
        ) -> Fit | None:
    """The view that shows f (the module's rule); None when the rule does not apply.

    ``fixed``: the values of the variables after x and y; ``point``: kept when f is defined
    there and it is well inside the view.

    >>> import gradviz
    >>> v = fit(gradviz.parse("log(x*y)"))
    >>> v.domain, v.point, v.landmarks
    (Domain(xmin=0.0, xmax=4.0, ymin=0.0, ymax=4.0), (2.5, 2.5), ())
    """
    if not fits(f):
        return None
    X, Y, V = evaluate_grid(f, Domain.square(-SEARCH, SEARCH), SAMPLES, list(fixed))
    V = np.asarray(V, dtype=float).reshape((-1,) + X.shape)
    defined = np.isfinite(V).all(axis=0)
    if f.is_scalar:  # the components whose sign changes mark landmarks: the partials
        with np.errstate(all="ignore"):
            V = np.stack(np.gradient(V[0], Y[:, 0], X[0])[::-1])
    marks = np.array(_landmarks(X, Y, V, NEAREST)).reshape(-1, 2)
    x, y = X[0], Y[:, 0]

    def score(h: float, cx: float, cy: float):
        cols, rows = np.abs(x - cx) <= h + 1e-9, np.abs(y - cy) <= h + 1e-9
        share = float(defined[np.ix_(rows, cols)].mean())
        held = int((np.abs(marks - (cx, cy)) <= INSIDE * h + 1e-9).all(axis=1).sum())
        key = (share <= 0.5, -held, share < 0.8, abs(np.log2(h / 2)), bool(cx or cy),
               abs(cx) + abs(cy), -cx - cy, -cy)
        return key, Domain(float(cx - h), float(cx + h), float(cy - h), float(cy + h)), share

    best = min((score(h, i * h / 2, j * h / 2)
                for h, i, j in itertools.product(SIZES, range(-2, 3), range(-2, 3))
                if max(abs(i), abs(j)) * h / 2 + h <= SEARCH), key=lambda c: c[0])
    _, d, share = best
    inside = tuple((float(a), float(b)) for a, b in marks if d.contains((a, b)))
    return Fit(d, _point(f, tuple(fixed), X, Y, defined, d, point), inside, share)
