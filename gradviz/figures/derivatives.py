"""The 3-D surfaces (Plotly) of the partial-derivative and gradient-field pages: with the
slices through the point and their tangents, or with the tangent plane."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .layers import PALETTE
from .surface import _clipped, figure_dict, robust_range

__all__ = ["tangent_plane_surface", "slices_surface"]

#: one colour per variable's slice
SLICE_COLORS = (PALETTE["vermillion"], PALETTE["purple"], PALETTE["green"])
#: a light surface so the coloured slices stand out on it (light grey to sky blue)
SURFACE_SCALE = [[0.0, "#f2f2f2"], [0.5, "#bcd9ee"], [1.0, "#56B4E9"]]


def _base_surface(SX, SY, SZ, height: int, font: int) -> dict:
    """:func:`gradviz.figures.surface.surface` with a closer camera and fewer ticks, as a
    dict: made a Figure unvalidated, to keep a slider move quick (the tests validate it)."""
    return figure_dict(SX, SY, SZ, height=height, font=font, eye=(1.2, -1.35, 0.8),
                       axis={"nticks": 5, "tickfont": {"size": max(font - 3, 10)}})


def _point_trace(x: float, y: float, z: float, color: str) -> dict:
    return {"type": "scatter3d", "x": [x], "y": [y], "z": [z], "mode": "markers", "name": "p",
            "marker": {"size": 7, "color": color, "line": {"color": "white", "width": 2}}}


def _along(var: int, t, x0: float, y0: float) -> dict:
    """x and y of the line through (x0, y0) along variable ``var`` (0: x, 1: y), at t."""
    return {"x": t, "y": np.full_like(t, y0)} if var == 0 else {"x": np.full_like(t, x0), "y": t}


def tangent_plane_surface(SX, SY, SZ, point, value: float, gx: float, gy: float,
                          half: float, height: int = 480, font: int = 16):
    """The surface z = f(x, y) with the point and its tangent plane
    z = value + gx (x − x₀) + gy (y − y₀) over a square of half-width ``half`` around it.

    >>> import numpy as np
    >>> X, Y = np.meshgrid(np.linspace(0, 4, 20), np.linspace(0, 4, 20))
    >>> fig = tangent_plane_surface(X, Y, np.sin(X * Y), (1, 2), np.sin(2), 2 * np.cos(2),
    ...                             np.cos(2), 0.8)
    >>> [t.name for t in fig.data]
    ['f', 'tangent plane', 'p']
    >>> float(fig.data[1].z[0][0]) == float(np.sin(2) - 0.8 * 2 * np.cos(2) - 0.8 * np.cos(2))
    True
    """
    fig = _base_surface(SX, SY, SZ, height, font)
    x0, y0 = float(point[0]), float(point[1])
    if np.isfinite(value) and np.isfinite(gx) and np.isfinite(gy):
        PX, PY = np.meshgrid([x0 - half, x0 + half], [y0 - half, y0 + half])
        PZ = value + gx * (PX - x0) + gy * (PY - y0)
        color = PALETTE["orange"]
        fig["data"].append({"type": "surface", "x": PX, "y": PY, "z": PZ, "showscale": False,
                            "opacity": 0.6, "name": "tangent plane", "hoverinfo": "skip",
                            "colorscale": [[0, color], [1, color]]})
    if np.isfinite(value):
        fig["data"].append(_point_trace(x0, y0, value, PALETTE["vermillion"]))
    return go.Figure(fig, _validate=False)


def slices_surface(SX, SY, SZ, slices, point, value: float, names=("x", "y"),
                   height: int = 520, font: int = 16):
    """The surface z = f(x, y), drawn light, with the slices through the point (SliceViews;
    ``var`` 0 and 1 only) and their tangent lines, a fifth of the domain each way.

    >>> import gradviz
    >>> from gradviz.domain import Domain
    >>> from gradviz.sampling import evaluate_grid
    >>> from gradviz.topics.derivatives import slice_with_tangent
    >>> f = gradviz.parse("sin(x*y)")
    >>> X, Y, Z = evaluate_grid(f, Domain.square(0, 4), 30)
    >>> s = [slice_with_tangent(f, (1, 2), v, 0, 4) for v in (0, 1)]
    >>> fig = slices_surface(X, Y, Z, s, (1, 2), float(f(1, 2)))
    >>> [t.name for t in fig.data]
    ['f', 'slice along x', 'tangent, slope ∂f/∂x', 'slice along y', 'tangent, slope ∂f/∂y', 'p']
    """
    fig = _base_surface(SX, SY, SZ, height, font)
    rng = robust_range(SZ, 0.5, 99.5)
    tangent_half = max(float(np.ptp(SX)), float(np.ptp(SY))) / 5.0
    x0, y0 = float(point[0]), float(point[1])
    base = fig["data"][0]
    base.update(colorscale=SURFACE_SCALE, opacity=0.95)
    if rng:  # faint level lines on the surface help read its shape
        base["contours"] = {"z": {"show": True, "color": "#9a9a9a", "width": 1, "start": rng[0],
                                  "end": rng[1], "size": (rng[1] - rng[0]) / 12}}
    for s in slices:
        if s.var not in (0, 1):
            continue
        z = _clipped(s.values, rng) if rng else s.values
        fig["data"].append({"type": "scatter3d", **_along(s.var, s.t, x0, y0), "z": z,
                            "mode": "lines", "name": f"slice along {names[s.var]}",
                            "line": {"color": SLICE_COLORS[s.var], "width": 8}})
        if np.isfinite(s.slope) and np.isfinite(s.value):
            tt = np.array([s.t0 - tangent_half, s.t0 + tangent_half])
            fig["data"].append({
                "type": "scatter3d", "mode": "lines", **_along(s.var, tt, x0, y0),
                "z": s.value + s.slope * (tt - s.t0),
                "name": f"tangent, slope ∂f/∂{names[s.var]}",
                "line": {"color": PALETTE["black"], "width": 6, "dash": "dash"}})
    if np.isfinite(value):
        fig["data"].append(_point_trace(x0, y0, value, PALETTE["orange"]))
    fig["layout"].update(showlegend=True, margin={"l": 0, "r": 0, "t": 40, "b": 0},
                         legend={"orientation": "h", "x": 0, "y": -0.02, "yanchor": "top",
                                 "font": {"size": font}})
    return go.Figure(fig, _validate=False)
