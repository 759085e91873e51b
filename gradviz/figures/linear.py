"""Vega-Lite layers for the steepest-ascent page (and curves, markers, log axes for the
Jacobian page's :mod:`gradviz.figures.jacobian`).

Same conventions as :mod:`gradviz.figures.layers` (plain dicts, pandas data,
stacked with :func:`gradviz.figures.layers.compose`): labelled arrow sets with a
legend, several named curves with one legend, bars, and log axes.

>>> import numpy as np
>>> from gradviz.figures import layers
>>> spec = log_axes(layers.compose(curves({"error": ([1e-3, 1], [1e-6, 1])}), xrange=(1e-3, 1),
...                           yrange=(1e-6, 1)))
>>> spec["encoding"]["x"]["scale"]["type"], spec["layer"][0]["mark"]["type"]
('log', 'line')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .layers import FONT, PALETTE, screen_angle

__all__ = ["arrow_set", "curves", "bars", "marker", "vline", "hline", "log_axes", "tidy"]


def _q(field: str, **kw) -> dict:
    return {"field": field, "type": "quantitative", **kw}


def _nominal(field: str, names, colors, title=None, legend=True, orient="top-left",
             columns: int | None = None) -> dict:
    enc = {"field": field, "type": "nominal",
           "scale": {"domain": list(names), "range": list(colors)}}
    if legend:
        enc["legend"] = {"title": title, "orient": orient, "fillColor": "rgba(255,255,255,0.85)",
                         "padding": 8, "symbolStrokeWidth": 4, "labelLimit": 400}
        if orient in ("top", "bottom"):
            enc["legend"]["direction"] = "horizontal"
        if columns:
            enc["legend"]["columns"] = int(columns)
    else:
        enc["legend"] = None
    return enc


def curves(series: dict, colors: dict | None = None, dashes: dict | None = None,
           title: str | None = None, orient: str = "top", width: float = 3.0,
           wrap: float | None = None, points: bool = False, legend: bool = True,
           columns: int | None = None) -> dict:
    """Named curves ``name → (x, y)`` sharing one legend.

    Non-finite y values break a curve; with ``wrap`` a jump larger than ``wrap``
    (e.g. 180 for angles in degrees) breaks it too, so a sawtooth is not joined
    by vertical lines.
    """
    frames = []
    for name, (x, y) in series.items():
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        ok = np.isfinite(x) & np.isfinite(y)
        brk = ~ok
        if wrap is not None and y.size > 1:
            with np.errstate(invalid="ignore"):
                jump = np.r_[False, np.abs(np.diff(y)) > wrap]
            brk = brk | jump
        seg = np.cumsum(brk)
        frames.append(pd.DataFrame({"x": x[ok], "y": y[ok], "order": np.arange(x.size)[ok],
                                    "seg": seg[ok], "name": name}))
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["x", "y", "order", "seg", "name"])
    names = list(series)
    default = [PALETTE["blue"], PALETTE["vermillion"], PALETTE["green"], PALETTE["orange"],
               PALETTE["purple"], PALETTE["sky"]]
    cols = [(colors or {}).get(k, default[i % len(default)]) for i, k in enumerate(names)]
    enc = {"x": _q("x"), "y": _q("y"), "order": _q("order"),
           "detail": {"field": "seg", "type": "nominal"},
           "color": _nominal("name", names, cols, title, legend=legend, orient=orient,
                             columns=columns),
           "tooltip": [{"field": "name", "type": "nominal"}, _q("x", format=".4g"),
                       _q("y", format=".4g")]}
    if dashes:
        enc["strokeDash"] = {"field": "name", "type": "nominal", "legend": None,
                             "scale": {"domain": names,
                                       "range": [list(dashes.get(k) or [1, 0]) for k in names]}}
    layers = [{"data": {"name": "_"}, "mark": {"type": "line", "strokeWidth": width},
               "encoding": enc}]
    if points:
        layers.append({"data": {"name": "_"}, "mark": {"type": "circle", "size": 40,
                                                       "opacity": 1},
                       "encoding": {"x": _q("x"), "y": _q("y"), "color": _nominal(
                           "name", names, cols, legend=False)}})
    return {"layer": layers, "datasets": {"_": df}}


def bars(edges, counts, color: str = PALETTE["sky"]) -> dict:
    """A histogram from bin ``edges`` (k + 1) and ``counts`` (k)."""
    e = np.asarray(edges, dtype=float)
    c = np.asarray(counts, dtype=float)
    df = pd.DataFrame({"x": e[:-1], "x2": e[1:], "y": np.zeros_like(c), "y2": c})
    return {"layer": [{"data": {"name": "_"},
                       "mark": {"type": "rect", "color": color, "stroke": "white",
                                "strokeWidth": 0.5},
                       "encoding": {"x": _q("x"), "x2": {"field": "x2"}, "y": _q("y"),
                                    "y2": {"field": "y2"},
                                    "tooltip": [_q("x", title="from", format=".3f"),
                                                _q("x2", title="to", format=".3f"),
                                                _q("y2", title="count")]}}],
            "datasets": {"_": df}}


def marker(x: float, y: float, label: str | None = None, color: str = PALETTE["vermillion"],
           size: int = 160, dx: int = 8, dy: int = -12, align: str = "left") -> dict:
    """A filled dot at (x, y), optionally labelled (the label in the dot's colour)."""
    df = pd.DataFrame({"x": [x], "y": [y], "label": [label or ""]})
    specs = [{"data": {"name": "_"},
              "mark": {"type": "circle", "size": size, "color": color, "opacity": 1,
                       "stroke": "white", "strokeWidth": 1.5},
              "encoding": {"x": _q("x"), "y": _q("y")}}]
    if label:
        specs.append({"data": {"name": "_"},
                      "mark": {"type": "text", "align": align, "dx": dx, "dy": dy,
                               "fontSize": FONT, "fontWeight": "bold", "color": color},
                      "encoding": {"x": _q("x"), "y": _q("y"),
                                   "text": {"field": "label", "type": "nominal"}}})
    return {"layer": specs, "datasets": {"_": df}}


def _rule(field: str, value: float, color: str, width: float, dash) -> dict:
    other = "y" if field == "x" else "x"
    df = pd.DataFrame({field: [float(value)]})
    mark = {"type": "rule", "color": color, "strokeWidth": width}
    if dash:
        mark["strokeDash"] = list(dash)
    # the other channel is set to None: otherwise the rule would inherit compose's
    # shared encoding for it and shrink to a dot
    return {"layer": [{"data": {"name": "_"}, "mark": mark,
                       "encoding": {field: _q(field), other: None}}],
            "datasets": {"_": df}}


def vline(x: float, color: str = PALETTE["grey"], width: float = 2.0, dash=(6, 4)) -> dict:
    """A vertical line across the whole chart at x.

    >>> vline(1.0)["layer"][0]["encoding"]["y"] is None
    True
    """
    return _rule("x", x, color, width, dash)


def hline(y: float, color: str = PALETTE["grey"], width: float = 2.0, dash=(6, 4)) -> dict:
    """A horizontal line across the whole chart at y."""
    return _rule("y", y, color, width, dash)


def arrow_set(rows, colors: dict, box, size: int = 520, orient: str = "bottom",
              width: float = 4.0, columns: int = 2) -> dict:
    """Arrows ``(name, x, y, u, v)`` from (x, y) to (x + u, y + v), one legend entry per name.

    ``box`` (xmin, xmax, ymin, ymax) is the view drawn ``size`` px square (for the
    arrow-head angles).
    """
    px_x = size / (box[1] - box[0])
    px_y = size / (box[3] - box[2])
    recs = [{"x": x, "y": y, "x2": x + u, "y2": y + v, "name": name,
             "angle": float(screen_angle(u, v, px_x, px_y))}
            for name, x, y, u, v in rows if np.all(np.isfinite([x, y, u, v]))]
    df = pd.DataFrame(recs, columns=["x", "y", "x2", "y2", "name", "angle"])
    names = list(colors)
    cols = [colors[k] for k in names]
    return {"layer": [
        {"data": {"name": "_"}, "mark": {"type": "rule", "strokeWidth": width},
         "encoding": {"x": _q("x"), "y": _q("y"), "x2": {"field": "x2"}, "y2": {"field": "y2"},
                      "color": _nominal("name", names, cols, orient=orient,
                                        columns=columns)}},
        {"data": {"name": "_"},
         "mark": {"type": "point", "shape": "triangle", "filled": True, "size": width * 50,
                  "opacity": 1},
         "encoding": {"x": _q("x2"), "y": _q("y2"), "angle": _q("angle", scale=None),
                      "color": _nominal("name", names, cols, legend=False)}},
    ], "datasets": {"_": df}}


def log_axes(spec: dict, x: bool = True, y: bool = True) -> dict:
    """Switch a composed spec's x and/or y scale to base-10 log (in place; returned)."""
    for ch, on in (("x", x), ("y", y)):
        if on:
            sc = spec["encoding"][ch].setdefault("scale", {})
            sc["type"] = "log"
            sc.pop("zero", None)
            spec["encoding"][ch]["axis"] = {"format": "~e", "tickCount": 6}
    return spec


def tidy(spec: dict) -> dict:
    """Make a composed spec safe for Streamlit's chart element (in place; returned).

    Streamlit's front end sets ``spec.padding.bottom`` and fails on a number
    ("Cannot create property 'bottom' on number"), so a numeric padding becomes
    the same padding on all four sides.

    >>> tidy({"padding": 8})["padding"]
    {'left': 8, 'right': 8, 'top': 8, 'bottom': 8}

    A title wider than the plot is set on two lines:

    >>> tidy({"width": 200, "title": "Local Linear Approximation via Jacobian"})["title"]
    {'text': ['Local Linear', 'Approximation via Jacobian']}
    """
    pad = spec.get("padding")
    if isinstance(pad, (int, float)):
        spec["padding"] = {"left": pad, "right": pad, "top": pad, "bottom": pad}
    # the plot area is exactly width × height (arrow heads and equal axes rely on it);
    # axes and legends are added around it
    spec.setdefault("autosize", {"type": "pad"})
    title = spec.get("title")
    if isinstance(title, str) and "width" in spec:
        size = spec.get("config", {}).get("title", {}).get("fontSize", 20)
        fits = max(int(spec["width"] / (0.55 * size)), 10)
        if len(title) > fits:  # too wide for the plot: two lines, split near the middle
            mid = len(title) // 2
            spaces = [i for i, ch in enumerate(title) if ch == " "]
            if spaces:
                cut = min(spaces, key=lambda i: abs(i - mid))
                spec["title"] = {"text": [title[:cut], title[cut + 1:]]}
    return spec
