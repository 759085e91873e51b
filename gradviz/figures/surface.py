"""Plotly 3-D surfaces (drag to rotate) with a marked point, curves and planes."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .layers import PALETTE, reuse_for_read_only_arrays, robust_range

__all__ = ["surface", "shared_surface", "copy", "add_point"]


def _clipped(Z):
    Z = np.asarray(Z, dtype=float)
    rng = robust_range(Z, 0.5, 99.5)
    out = np.where(np.isfinite(Z), Z, np.nan)
    if rng is not None:
        lo, hi = rng
        pad = 0.25 * (hi - lo)
        out = np.where((out < lo - pad) | (out > hi + pad), np.nan, out)
    return out


def _back(font: int) -> float:
    """How much further the 3-D camera stands for a font larger than 16 px (1 at 16 px)."""
    return 1.0 + max(0, font - 16) / 30


def surface(X, Y, Z, title: str = "", zlabel: str = "f", height: int = 520,
            max_side: int = 80, font: int = 16, nticks: int | None = None) -> go.Figure:
    """A rotatable surface z = Z(X, Y); non-finite and extreme values are left out.

    >>> import numpy as np
    >>> X, Y = np.meshgrid(np.linspace(0, 4, 30), np.linspace(0, 4, 30))
    >>> fig = surface(X, Y, np.sin(X * Y))
    >>> fig.data[0].type
    'surface'
    """
    ny, nx = np.shape(Z)
    s = max(1, int(np.ceil(max(nx, ny) / max_side)))
    X, Y, Z = np.asarray(X)[::s, ::s], np.asarray(Y)[::s, ::s], _clipped(Z)[::s, ::s]
    fig = go.Figure(go.Surface(x=X, y=Y, z=Z, colorscale="Viridis", showscale=False,
                               opacity=0.92, name=zlabel, hoverinfo="x+y+z"))
    fig.update_layout(
        title=title, height=height, margin=dict(l=0, r=0, t=40 if title else 0, b=0),
        font=dict(size=font),
        scene=dict(xaxis_title="x", yaxis_title="y", zaxis_title=zlabel,
                   aspectmode="manual", aspectratio=dict(x=1, y=1, z=0.7),
                   # larger (lecture) fonts: step back so the tick labels stay in the frame
                   camera=dict(eye=dict(x=1.5 * _back(font), y=-1.6 * _back(font),
                                        z=1.0 * _back(font)))),
        showlegend=False, uirevision="keep",  # keep the user's rotation across reruns
    )
    if nticks:
        fig.update_scenes(xaxis_nticks=nticks, yaxis_nticks=nticks, zaxis_nticks=nticks)
    return fig


#: :func:`surface`, built once for the same read-only arrays (the dashboard's cached grids)
#: and then handed out again: treat the figure as read-only (:func:`copy` it before
#: adding traces). Building a Plotly figure (its property validation) is most of the
#: functions page's server time on a slider move.
shared_surface = reuse_for_read_only_arrays(surface)


def copy(fig: go.Figure) -> go.Figure:
    """A figure to change (add a trace to) without touching ``fig``."""
    return go.Figure(fig)


def add_point(fig: go.Figure, x: float, y: float, z: float, color: str = PALETTE["orange"],
              name: str = "point") -> go.Figure:
    fig.add_trace(go.Scatter3d(x=[x], y=[y], z=[z], mode="markers", name=name,
                               marker=dict(size=7, color=color, line=dict(color="white",
                                                                          width=2))))
    return fig
