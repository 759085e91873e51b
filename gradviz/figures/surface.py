"""Plotly 3-D surfaces (drag to rotate)."""

from __future__ import annotations

import threading

import cachetools
import numpy as np
import plotly.graph_objects as go

__all__ = ["SURFACE_N", "surface", "figure_dict", "shared_surface", "copy", "robust_range"]

#: grid points per side of a 3-D surface: fixed, not the heatmap's grid slider, so that a step
#: of that slider does not redraw the WebGL surface (about a second without a GPU)
SURFACE_N = 60


def robust_range(values, lo: float = 1.0, hi: float = 99.0) -> tuple[float, float] | None:
    """The [lo, hi] percentile range of the finite values, or None if there are none.

    >>> robust_range(np.array([0.0, 1.0, 2.0, np.inf, np.nan]), 0, 100)
    (0.0, 2.0)
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return None
    a, b = np.percentile(v, [lo, hi])
    if a == b:
        a, b = a - 0.5, b + 0.5
    return float(a), float(b)


def _clipped(Z, rng=None):
    """Z with NaN for its non-finite values and those far outside ``rng`` (default: Z's)."""
    Z = np.asarray(Z, dtype=float)
    rng = rng or robust_range(Z, 0.5, 99.5)
    if rng is None:
        return np.where(np.isfinite(Z), Z, np.nan)
    pad = 0.25 * (rng[1] - rng[0])
    with np.errstate(invalid="ignore"):
        return np.where((Z >= rng[0] - pad) & (Z <= rng[1] + pad), Z, np.nan)


def figure_dict(X, Y, Z, zlabel: str = "f", height: int = 520, font: int = 16,
                axis: dict | None = None, eye=(1.5, -1.6, 1.0)) -> dict:
    """:func:`surface` as a plain figure dict (Figure methods validate on every call, tens of
    ms each), at most 80 points a side; ``axis`` is added to each axis, ``eye`` is the
    camera's at a 16 px font."""
    s = max(1, int(np.ceil(max(np.shape(Z)) / 80)))
    X, Y, Z = np.asarray(X)[::s, ::s], np.asarray(Y)[::s, ::s], _clipped(Z)[::s, ::s]
    back = 1.0 + max(0, font - 16) / 30  # larger (lecture) fonts: the labels stay in the frame
    return {
        "data": [{"type": "surface", "x": X, "y": Y, "z": Z, "colorscale": "Viridis",
                  "showscale": False, "opacity": 0.92, "name": zlabel, "hoverinfo": "x+y+z"}],
        "layout": {
            "title": {"text": ""}, "height": height, "font": {"size": font},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "showlegend": False, "uirevision": "keep",  # keep the user's rotation across reruns
            "scene": {"xaxis": {"title": {"text": "x"}, **(axis or {})},
                      "yaxis": {"title": {"text": "y"}, **(axis or {})},
                      "zaxis": {"title": {"text": zlabel}, **(axis or {})},
                      "aspectmode": "manual", "aspectratio": {"x": 1, "y": 1, "z": 0.7},
                      "camera": {"eye": dict(zip("xyz", (back * e for e in eye)))}},
        },
    }


def surface(X, Y, Z, zlabel: str = "f", height: int = 520, nticks: int | None = None) -> go.Figure:
    """A rotatable surface z = Z(X, Y); non-finite and extreme values are left out.

    >>> import numpy as np
    >>> X, Y = np.meshgrid(np.linspace(0, 4, 30), np.linspace(0, 4, 30))
    >>> fig = surface(X, Y, np.sin(X * Y))
    >>> fig.data[0].type
    'surface'
    """
    axis = {"nticks": nticks} if nticks else None
    return go.Figure(figure_dict(X, Y, Z, zlabel, height, axis=axis))


_SHARED = cachetools.LRUCache(maxsize=64)  # (ids of X, Y, Z, options) -> (X, Y, Z), figure
_SHARED_LOCK = threading.Lock()


def shared_surface(X, Y, Z, **options) -> go.Figure:
    """:func:`surface`, built once for the same read-only arrays (the dashboard's cached grids:
    validating a Plotly figure is most of a move's server time) and handed out again; treat
    it as read-only (:func:`copy` it to add traces). Writable arrays may change in place, so
    their figure is built afresh. The cache holds the arrays, so their ids stay theirs."""
    arrays = tuple(np.asarray(a) for a in (X, Y, Z))
    if any(a.flags.writeable for a in arrays):
        return surface(*arrays, **options)
    key = (*map(id, arrays), *sorted(options.items()))
    with _SHARED_LOCK:
        hit = _SHARED.get(key)
    if hit is None:
        hit = (arrays, surface(*arrays, **options))
        with _SHARED_LOCK:
            _SHARED[key] = hit
    return hit[1]


def copy(fig: go.Figure) -> go.Figure:
    """A figure to change (add a trace to) without touching ``fig``."""
    return go.Figure(fig)
