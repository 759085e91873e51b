"""The functions page's charts that are not maps: a curve's components and the 3-D surface.

>>> t = np.linspace(-2, 2, 5)
>>> spec = component_chart(t, np.vstack([t**2, 2*t, -t]), ["x^2", "2x", "-x"], 1.0,
...                        [1.0, 2.0, -1.0], variable="x")
>>> [layer["mark"]["type"] for layer in spec["layer"]]
['line', 'rule', 'point', 'text', 'text']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import formatting
from .layers import FONT, PALETTE, _part, _q, compose, vline

__all__ = ["COMPONENT_COLORS", "component_curves", "component_points", "mark_point_3d",
           "function_surface", "component_chart"]

#: one colour per output component (Okabe–Ito order; the parser allows at most 8)
COMPONENT_COLORS = [PALETTE[c] for c in
                    ("blue", "orange", "green", "vermillion", "purple", "sky", "black", "grey")]


def _color(names: Sequence[str], legend) -> dict:
    names = list(names)
    return {"field": "component", "type": "nominal", "sort": names, "legend": legend,
            "scale": {"domain": names,
                      "range": [COMPONENT_COLORS[i % len(COMPONENT_COLORS)]
                                for i in range(len(names))]}}


def component_curves(t, values, names: Sequence[str], scale: float = 1.0) -> dict:
    """One line per output component (a row of ``values`` over ``t``; non-finite values break
    it) of a function of one input, with a legend of ``names``."""
    t = np.asarray(t, dtype=float)
    values = np.asarray(values, dtype=float).reshape(len(names), -1)
    df = pd.concat([pd.DataFrame({"x": t, "y": np.where(np.isfinite(row), row, np.nan),
                                  "component": name})
                    for name, row in zip(names, values)], ignore_index=True)
    legend = {"title": "output", "orient": "top", "direction": "horizontal", "symbolStrokeWidth": 4,
              "symbolSize": 300, "columns": min(len(names), 4),
              "labelFontSize": round((FONT + 1) * scale), "titleFontSize": round(FONT * scale),
              "labelLimit": 260}
    return _part(df, {
        "mark": {"type": "line", "strokeWidth": 3.5},
        "encoding": {"x": _q("x"), "y": _q("y"), "color": _color(names, legend),
                     "tooltip": [{"field": "component", "type": "nominal", "title": "output"},
                                 _q("x", format=".4g"), _q("y", format=".4g")]},
    })


def component_points(x0: float, values, names: Sequence[str], scale: float = 1.0) -> dict:
    """The components' values at x0 as white-edged dots in the curves' colours, labelled."""
    values = np.asarray(values, dtype=float).ravel()
    ok = np.isfinite(values)
    df = pd.DataFrame({"x": float(x0), "y": values[ok],
                       "component": [n for n, good in zip(names, ok) if good],
                       "label": [formatting.number(v) for v in values[ok]]})
    dots = {"mark": {"type": "point", "filled": True, "size": 200, "stroke": "white",
                     "strokeWidth": 2, "opacity": 1},
            "encoding": {"x": _q("x"), "y": _q("y"), "color": _color(names, None)}}
    mark = {"type": "text", "align": "left", "dx": 12, "fontSize": round((FONT + 2) * scale),
            "fontWeight": "bold"}
    enc = {"x": _q("x"), "y": _q("y"), "text": {"field": "label", "type": "nominal"}}
    halo = {"mark": {**mark, "color": "white", "stroke": "white", "strokeWidth": 5,
                     "strokeJoin": "round"}, "encoding": enc}
    label = {"mark": mark, "encoding": {**enc, "color": _color(names, None)}}
    return _part(df, dots, halo, label)


def mark_point_3d(fig, x: float, y: float, z: float, text: str = ""):
    """A big, dark-edged marker (with a text label) on a Plotly 3-D figure."""
    import plotly.graph_objects as go

    fig.add_trace(go.Scatter3d(
        x=[x], y=[y], z=[z], mode="markers+text" if text else "markers", text=[text],
        textposition="top center", name=text or "point", hoverinfo="x+y+z+name",
        textfont=dict(size=FONT + 2, color=PALETTE["black"]),
        marker=dict(size=11, color=PALETTE["vermillion"],
                    line=dict(color=PALETTE["black"], width=3))))
    return fig


def function_surface(X, Y, Z, p=None, value: float | None = None, marker: str = ""):
    """The 3-D surface z = f(x, y) (the same figure on every move: the grid is cached),
    with the point marked on a copy when ``p`` and ``value`` are given."""
    from .surface import copy, shared_surface

    fig = shared_surface(X, Y, Z, zlabel="f", height=500, nticks=5)
    if p is None or value is None:
        return fig
    return mark_point_3d(copy(fig), p[0], p[1], value, marker)


def component_chart(t, curves, names: Sequence[str], x0: float, values, *, variable: str,
                    scale: float = 1.0) -> dict:
    """A function of one input: one curve per output over ``t`` and the values at ``x0``.

    >>> t = np.linspace(-2, 2, 5)
    >>> spec = component_chart(t, np.vstack([t**2, -t]), ["f₁ = x^2", "f₂ = -x"], 1.0,
    ...                        [1.0, -1.0], variable="x")
    >>> spec["title"]
    'One input, 2 outputs: one curve per output'
    """
    return compose(
        component_curves(t, curves, names, scale=scale), vline(x0, dash=(8, 5)),
        component_points(x0, values, names, scale=scale),
        xrange=(float(t[0]), float(t[-1])), size=560, height=400, xtitle=variable,
        ytitle="output", scale=scale,
        title=f"One input, {len(names)} outputs: one curve per output")
