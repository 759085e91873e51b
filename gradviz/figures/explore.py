"""Vega-Lite layers for the "functions of several variables" and "vector fields" pages.

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
from .layers import FONT, PALETTE, arrows, screen_angle

__all__ = ["COMPONENT_COLORS", "component_curves", "component_points", "streamlines", "label",
           "guide", "field_arrows", "highlight", "mark_point_3d", "for_streamlit", "function_map",
           "function_surface", "component_chart", "vector_field_chart"]

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


def streamlines(lines: Sequence, color: str = PALETTE["sky"], width: float = 2.0,
                opacity: float = 0.9) -> dict:
    """Streamlines (a list of ``(k, 2)`` point arrays) as thin lines in their order."""
    xs, ys, ids, order = [], [], [], []
    for i, pts in enumerate(lines):
        pts = np.asarray(pts, dtype=float).reshape(-1, 2)
        xs.append(pts[:, 0])
        ys.append(pts[:, 1])
        ids.append(np.full(len(pts), i))
        order.append(np.arange(len(pts)))
    if xs:
        df = pd.DataFrame({"x": np.concatenate(xs), "y": np.concatenate(ys),
                           "line": np.concatenate(ids), "order": np.concatenate(order)})
    else:
        df = pd.DataFrame({"x": [], "y": [], "line": [], "order": []})
    return _part(df, {
        "mark": {"type": "line", "color": color, "strokeWidth": width, "opacity": opacity},
        "encoding": {"x": _q("x"), "y": _q("y"), "detail": {"field": "line", "type": "nominal"},
                     "order": _q("order")},
    })


def label(x: float, y: float, text: str, color: str = PALETTE["black"],
          halo: str = PALETTE["white"], size: int | None = None, dx: int = 12,
          dy: int = -14, align: str = "left") -> dict:
    """Bold text at a data point with a halo, readable on any heatmap colour.

    >>> [layer["mark"]["stroke"] for layer in label(1, 2, "p")["layer"]]
    ['#ffffff', None]
    """
    df = pd.DataFrame({"x": [float(x)], "y": [float(y)], "label": [text]})
    mark = {"type": "text", "align": align, "dx": dx, "dy": dy, "fontSize": size or FONT + 2,
            "fontWeight": "bold"}
    enc = {"x": _q("x"), "y": _q("y"), "text": {"field": "label", "type": "nominal"}}
    return _part(df,
                 {"mark": {**mark, "color": halo, "stroke": halo, "strokeWidth": 5,
                           "strokeJoin": "round"}, "encoding": enc},
                 {"mark": {**mark, "color": color, "stroke": None}, "encoding": enc})


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


def guide(x: float | None = None, y: float | None = None, color: str = PALETTE["grey"],
          width: float = 2.0, dash=(8, 5)) -> dict:
    """A dashed line across the whole chart: vertical at x=…, or horizontal at y=….

    Unlike a plain rule layer it does not inherit the other axis' field from the
    composed chart (its other end is pinned to the plot's edges).

    >>> guide(y=1.0)["layer"][0]["encoding"]["x"]
    {'value': 0}
    """
    if (x is None) == (y is None):
        raise ValueError("give exactly one of x, y")
    df = pd.DataFrame({"x": [float(x if x is not None else 0.0)],
                       "y": [float(y if y is not None else 0.0)]})
    if x is not None:
        enc = {"x": _q("x"), "y": {"value": 0}, "y2": {"value": "height"}}
    else:
        enc = {"y": _q("y"), "x": {"value": 0}, "x2": {"value": "width"}}
    return _part(df, {"mark": {"type": "rule", "color": color, "strokeWidth": width,
                               "strokeDash": list(dash)}, "encoding": enc})


def field_arrows(X, Y, U, V, domain, size: int = 520, by_magnitude: bool = False,
                 color: str = PALETTE["black"], title: str = "‖f‖", **kwargs) -> dict:
    """:func:`gradviz.figures.layers.arrows` with one legend and no pale yellow arrows.

    The magnitude colours use plasma without its lightest tenth (yellow is
    invisible on white), and only the shafts carry a legend (the heads share it).
    """
    part = arrows(X, Y, U, V, domain, size=size, color=color, by_magnitude=by_magnitude,
                  title=title, **kwargs)
    if by_magnitude:
        for i, layer in enumerate(part["layer"]):
            enc = dict(layer["encoding"])
            col = dict(enc["color"])
            col["scale"] = {"scheme": {"name": "plasma", "extent": [0.0, 0.88]}, "zero": True}
            if i > 0:
                col["legend"] = None
            enc["color"] = col
            part["layer"][i] = {**layer, "encoding": enc}
    return part


def highlight(x0: float, y0: float, u: float, v: float, domain, text: str = "",
              color: str = PALETTE["vermillion"], size: int = 520, width: float = 5.0) -> dict:
    """One bold arrow from (x0, y0) to (x0 + u, y0 + v) on a white halo, with a label.

    The halo keeps it readable on top of a dense quiver plot.

    >>> from gradviz.domain import Domain
    >>> [layer["mark"]["type"] for layer in highlight(0, 0, 1, 1, Domain.square(-2, 2), "f(p)")["layer"]]
    ['rule', 'rule', 'point', 'text', 'text']
    """
    px_x = size / (domain.xmax - domain.xmin)
    px_y = size / (domain.ymax - domain.ymin)
    df = pd.DataFrame({"x": [float(x0)], "y": [float(y0)], "x2": [float(x0 + u)],
                       "y2": [float(y0 + v)], "label": [text],
                       "angle": [float(screen_angle(u, v, px_x, px_y))]})
    shaft = {"x": _q("x"), "y": _q("y"), "x2": {"field": "x2"}, "y2": {"field": "y2"}}
    tip = {"x": _q("x2"), "y": _q("y2")}
    # put the label beyond the tip, on the side the arrow points to
    right = u >= 0
    up = v >= 0
    mark = {"type": "text", "align": "left" if right else "right", "dx": 10 if right else -10,
            "dy": -12 if up else 14, "fontSize": FONT + 4, "fontWeight": "bold"}
    text_enc = {**tip, "text": {"field": "label", "type": "nominal"}}
    specs = [
        {"mark": {"type": "rule", "strokeWidth": width + 5, "color": "white", "strokeCap": "round"},
         "encoding": shaft},
        {"mark": {"type": "rule", "strokeWidth": width, "color": color}, "encoding": shaft},
        {"mark": {"type": "point", "shape": "triangle", "filled": True, "size": width * 70,
                  "color": color, "opacity": 1, "stroke": "white", "strokeWidth": 1.5},
         "encoding": {**tip, "angle": _q("angle", scale=None)}},
    ]
    if text:
        specs += [
            {"mark": {**mark, "color": "white", "stroke": "white", "strokeWidth": 6,
                      "strokeJoin": "round"}, "encoding": text_enc},
            {"mark": {**mark, "color": color}, "encoding": text_enc},
        ]
    return _part(df, *specs)


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
def function_map(X, Y, Z, domain, p, marker: str, *, size: int = 430, max_side: int = 150,
                 scale: float = 1.0) -> dict:
    """The functions page's heatmap of f with contour lines and the point, labelled.

    >>> from gradviz.domain import Domain
    >>> X, Y = np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-1, 1, 5))
    >>> spec = function_map(X, Y, X * Y, Domain.square(-1, 1), (0.5, 0.5), "f(p) = 0.25")
    >>> spec["padding"]["bottom"] > 0, spec["layer"][-1]["mark"]["type"]
    (True, 'text')
    """
    from .layers import compose, contours, heatmap, point

    return for_streamlit(compose(
        heatmap(X, Y, Z, title="f", max_side=max_side), contours(X, Y, Z, 10),
        point(p[0], p[1], color=PALETTE["vermillion"]), label(p[0], p[1], marker),
        domain=domain, size=size, scale=scale))


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
        component_curves(t, curves, names, scale=scale), guide(x=x0),
        component_points(x0, values, names, scale=scale),
        xrange=(float(t[0]), float(t[-1])), size=560, height=400, xtitle=variable,
        ytitle="output", scale=scale,
        title=f"One input, {len(names)} outputs: one curve per output"))


def vector_field_chart(X, Y, U, V, frame, p, arrow, *, lines=None, by_magnitude: bool = False,
                       size: int = 560, scale: float = 1.0, title: str = "") -> dict:
    """The vector-fields page's chart: the guide y = y₀, the streamlines (when given), the
    field's arrows, the point and the arrow f(p) (``arrow``: its data-unit components, or
    None), over ``frame``.

    >>> from gradviz.domain import Domain
    >>> X, Y = np.meshgrid(np.linspace(-1, 1, 3), np.linspace(-1, 1, 3))
    >>> spec = vector_field_chart(X, Y, X, -Y, Domain.square(-1.5, 1.5), (0.5, 0), (1, 0))
    >>> spec["layer"][-1]["mark"]["type"]
    'text'
    """
    from .layers import compose, point

    parts = [guide(y=p[1], color=PALETTE["green"], width=2.5)]
    if lines is not None:
        parts.append(streamlines(lines, width=1.8, opacity=0.85,
                                 color=PALETTE["grey" if by_magnitude else "sky"]))
    parts.append(field_arrows(X, Y, U, V, frame, size=size, by_magnitude=by_magnitude,
                              width=2.2, head=110))
    parts.append(point(p[0], p[1], color=PALETTE["orange"], size=260))
    if arrow is not None:
        parts.append(highlight(p[0], p[1], arrow[0], arrow[1], frame, "f(p)", size=size))
    return for_streamlit(compose(*parts, domain=frame, size=size, scale=scale, title=title))
