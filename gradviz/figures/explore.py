"""Vega-Lite layers for the functions page's component curves, and its 3-D surface (Plotly).

Same contract as :mod:`gradviz.figures.layers`: each builder returns a plain
``{"layer": [...], "datasets": {"_": DataFrame}}`` fragment for
:func:`~gradviz.figures.layers.compose`.

>>> import numpy as np
>>> from gradviz.figures.layers import compose
>>> t = np.linspace(-2, 2, 5)
>>> spec = compose(component_curves(t, np.vstack([t**2, 2*t, -t]), ["x^2", "2x", "-x"]),
...                component_points(1.0, [1.0, 2.0, -1.0], ["x^2", "2x", "-x"]),
...                xrange=(-2, 2))
>>> [layer["mark"]["type"] for layer in spec["layer"]]
['line', 'point', 'text', 'text']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import formatting
from .layers import FONT, PALETTE

__all__ = ["COMPONENT_COLORS", "component_curves", "component_points", "guide", "mark_point_3d",
           "for_streamlit", "function_surface", "component_chart"]

#: one colour per output component (Okabe–Ito order; the parser allows at most 8)
COMPONENT_COLORS = [PALETTE[c] for c in
                    ("blue", "orange", "green", "vermillion", "purple", "sky", "black", "grey")]


def _part(df: pd.DataFrame, *specs: dict) -> dict:
    out = {"layer": [], "datasets": {"_": df}}
    for spec in specs:
        out["layer"].append({**spec, "data": {"name": "_"}})
    return out


def _q(field: str, **kw) -> dict:
    return {"field": field, "type": "quantitative", **kw}


def _color(names: Sequence[str], legend) -> dict:
    names = list(names)
    return {"field": "component", "type": "nominal", "sort": names, "legend": legend,
            "scale": {"domain": names,
                      "range": [COMPONENT_COLORS[i % len(COMPONENT_COLORS)]
                                for i in range(len(names))]}}


def component_curves(t, values, names: Sequence[str], width: float = 3.5,
                     title: str = "output", scale: float = 1.0) -> dict:
    """One line per output component of a function of one input, with a legend.

    Parameters
    ----------
    t : array, shape (n,)
        The input values.
    values : array, shape (m, n)
        Component i at each t (non-finite values break the line).
    names : sequence of str
        Legend label per component.
    """
    t = np.asarray(t, dtype=float)
    values = np.asarray(values, dtype=float).reshape(len(names), -1)
    frames = [pd.DataFrame({"x": t, "y": np.where(np.isfinite(row), row, np.nan),
                            "component": name})
              for name, row in zip(names, values)]
    df = pd.concat(frames, ignore_index=True)
    legend = {"title": title, "orient": "top", "direction": "horizontal", "symbolStrokeWidth": 4,
              "symbolSize": 300, "columns": min(len(names), 4),
              "labelFontSize": round((FONT + 1) * scale), "titleFontSize": round(FONT * scale),
              "labelLimit": 260}
    return _part(df, {
        "mark": {"type": "line", "strokeWidth": width},
        "encoding": {"x": _q("x"), "y": _q("y"), "color": _color(names, legend),
                     "tooltip": [{"field": "component", "type": "nominal", "title": "output"},
                                 _q("x", format=".4g"), _q("y", format=".4g")]},
    })


def component_points(x0: float, values, names: Sequence[str], size: int = 200,
                     labels: bool = True, scale: float = 1.0) -> dict:
    """The components' values at x0 as white-edged dots in the curves' colours, labelled."""
    values = np.asarray(values, dtype=float).ravel()
    ok = np.isfinite(values)
    df = pd.DataFrame({"x": float(x0), "y": values[ok],
                       "component": [n for n, good in zip(names, ok) if good],
                       "label": [formatting.number(v) for v in values[ok]]})
    specs = [{"mark": {"type": "point", "filled": True, "size": size, "stroke": "white",
                       "strokeWidth": 2, "opacity": 1},
              "encoding": {"x": _q("x"), "y": _q("y"), "color": _color(names, None)}}]
    if labels:
        mark = {"type": "text", "align": "left", "dx": 12, "fontSize": round((FONT + 2) * scale),
                "fontWeight": "bold"}
        enc = {"x": _q("x"), "y": _q("y"), "text": {"field": "label", "type": "nominal"}}
        specs.append({"mark": {**mark, "color": "white", "stroke": "white", "strokeWidth": 5,
                               "strokeJoin": "round"}, "encoding": enc})
        specs.append({"mark": mark, "encoding": {**enc, "color": _color(names, None)}})
    return _part(df, *specs)


def mark_point_3d(fig, x: float, y: float, z: float, text: str = "",
                  color: str = PALETTE["vermillion"], size: int = 11):
    """A big, dark-edged marker (with a text label) on a Plotly 3-D figure."""
    import plotly.graph_objects as go

    fig.add_trace(go.Scatter3d(
        x=[x], y=[y], z=[z], mode="markers+text" if text else "markers", text=[text],
        textposition="top center", name=text or "point", hoverinfo="x+y+z+name",
        textfont=dict(size=FONT + 2, color=PALETTE["black"]),
        marker=dict(size=size, color=color, line=dict(color=PALETTE["black"], width=3))))
    return fig


def guide(x: float, color: str = PALETTE["grey"], width: float = 2.0, dash=(8, 5)) -> dict:
    """A dashed vertical line at x across the whole chart (its ends pinned to the plot's
    edges: it takes no y field from the composed chart).

    >>> guide(1.0)["layer"][0]["encoding"]["y"]
    {'value': 0}
    """
    return _part(pd.DataFrame({"x": [float(x)]}), {
        "mark": {"type": "rule", "color": color, "strokeWidth": width, "strokeDash": list(dash)},
        "encoding": {"x": _q("x"), "y": {"value": 0}, "y2": {"value": "height"}}})


def for_streamlit(spec: dict) -> dict:
    """The spec with a numeric ``padding`` written as an object.

    Streamlit's chart component sets ``padding.bottom`` and fails on a plain
    number ("Cannot create property 'bottom' on number").

    >>> for_streamlit({"padding": 8})["padding"]
    {'left': 8, 'right': 8, 'top': 8, 'bottom': 8}
    """
    pad = spec.get("padding")
    if isinstance(pad, (int, float)):
        spec = {**spec, "padding": {side: pad for side in ("left", "right", "top", "bottom")}}
    return spec


# -- the pages' charts: one builder per chart ----------------------------------------------------
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
    from .layers import compose

    return for_streamlit(compose(
        component_curves(t, curves, names, scale=scale), guide(x0),
        component_points(x0, values, names, scale=scale),
        xrange=(float(t[0]), float(t[-1])), size=560, height=400, xtitle=variable,
        ytitle="output", scale=scale,
        title=f"One input, {len(names)} outputs: one curve per output"))
