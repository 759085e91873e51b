"""Vega-Lite layers for the Jacobian-linearisation and steepest-ascent pages.

Same conventions as :mod:`gradviz.figures.layers` (plain dicts, pandas data,
stacked with :func:`gradviz.figures.layers.compose`): labelled arrow sets with a
legend, closed outlines, several named curves with one legend, bars, and log
axes.

>>> import numpy as np
>>> from gradviz.figures import layers as L
>>> spec = log_axes(L.compose(curves({"error": ([1e-3, 1], [1e-6, 1])}), xrange=(1e-3, 1),
...                           yrange=(1e-6, 1)))
>>> spec["encoding"]["x"]["scale"]["type"], spec["layer"][0]["mark"]["type"]
('log', 'line')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import formatting
from .layers import FONT, PALETTE, screen_angle

__all__ = ["BASIS_COLORS", "basis_arrows", "arrow_set", "outlines", "curves", "bars", "marker",
           "vline", "hline", "log_axes", "square_box", "tidy", "fit_box"]

#: the course's colours (blue, green, red, orange) in their Okabe–Ito versions
BASIS_COLORS = {
    "point": PALETTE["black"], "e₁": PALETTE["blue"], "e₂": PALETTE["green"],
    "J e₁": PALETTE["vermillion"], "J e₂": PALETTE["orange"],
}


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


def square_box(xlo: float, xhi: float, ylo: float, yhi: float, pad: float = 0.0):
    """The smallest square (xmin, xmax, ymin, ymax) around a rectangle, grown by ``pad``.

    >>> square_box(-2, 2, -1, 1, 0.5)
    (-2.5, 2.5, -2.5, 2.5)
    """
    cx, cy = (xlo + xhi) / 2, (ylo + yhi) / 2
    half = max(xhi - xlo, yhi - ylo) / 2 + pad
    return (cx - half, cx + half, cy - half, cy + half)


def basis_arrows(points, arrows: dict, box, size: int = 520, labels: bool = True,
                 legend_orient: str = "top-left", highlight: int | None = None) -> dict:
    """The course's local-linear-approximation picture: e₁, e₂, J e₁, J e₂ at each point.

    Parameters
    ----------
    points : (k, 2) array
    arrows : dict
        name → (k, 2) arrow components, names from :data:`BASIS_COLORS`
        (as returned by :func:`gradviz.topics.linear.basis_arrows`).
    box : (xmin, xmax, ymin, ymax)
        The view (for the arrow-head angles), drawn at ``size`` px square.
    highlight : int, optional
        Index of a point to label "p" (the current point) instead of its coordinates.
    """
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    px_x = size / (box[1] - box[0])
    px_y = size / (box[3] - box[2])
    rows = []
    for name, comps in arrows.items():
        comps = np.asarray(comps, dtype=float).reshape(-1, 2)
        for (x, y), (u, v) in zip(pts, comps):
            if not np.all(np.isfinite([x, y, u, v])) or (u == 0 and v == 0):
                continue
            rows.append({"x": x, "y": y, "x2": x + u, "y2": y + v, "kind": name,
                         "angle": float(screen_angle(u, v, px_x, px_y)), "u": u, "v": v})
    lab = [formatting.point((x, y)) for x, y in pts]
    if highlight is not None and 0 <= highlight < len(lab):
        lab[highlight] = "p = " + formatting.point(pts[highlight])
    for (x, y), text in zip(pts, lab):
        if np.isfinite(x) and np.isfinite(y):
            rows.append({"x": x, "y": y, "kind": "point", "label": text})
    df = pd.DataFrame(rows, columns=["x", "y", "x2", "y2", "kind", "angle", "u", "v", "label"])
    names = list(BASIS_COLORS)
    colors = [BASIS_COLORS[k] for k in names]
    tip = [{"field": "kind", "type": "nominal", "title": "arrow"}, _q("u", format=".4g"),
           _q("v", format=".4g")]
    is_arrow = [{"filter": "datum.kind !== 'point'"}]
    is_point = [{"filter": "datum.kind === 'point'"}]
    layers = [
        {"transform": is_arrow, "mark": {"type": "rule", "strokeWidth": 3},
         "encoding": {"x": _q("x"), "y": _q("y"), "x2": {"field": "x2"},
                      "y2": {"field": "y2"},
                      "color": _nominal("kind", names, colors, orient=legend_orient),
                      "tooltip": tip}},
        {"transform": is_arrow,
         "mark": {"type": "point", "shape": "triangle", "filled": True, "size": 130,
                  "opacity": 1},
         "encoding": {"x": _q("x2"), "y": _q("y2"), "angle": _q("angle", scale=None),
                      "color": _nominal("kind", names, colors, legend=False)}},
        {"transform": is_point,
         "mark": {"type": "circle", "size": 110, "color": PALETTE["black"], "opacity": 1},
         "encoding": {"x": _q("x"), "y": _q("y")}},
    ]
    if labels:
        layers.append({"transform": is_point,
                       "mark": {"type": "text", "align": "left", "dx": 6, "dy": 16,
                                "fontSize": FONT, "fontWeight": "bold",
                                "color": PALETTE["black"]},
                       "encoding": {"x": _q("x"), "y": _q("y"),
                                    "text": {"field": "label", "type": "nominal"}}})
    for spec in layers:
        spec["data"] = {"name": "_"}
    return {"layer": layers, "datasets": {"_": df}}


def outlines(shapes: dict, colors: dict, dashes: dict | None = None, title: str | None = None,
             orient: str = "top-left", width: float = 3.0, legend: bool = True) -> dict:
    """Closed outlines (2 × k arrays) drawn in order, one legend entry each.

    >>> import numpy as np
    >>> sq = np.array([[0, 1, 1, 0, 0], [0, 0, 1, 1, 0]])
    >>> o = outlines({"square": sq}, {"square": "#000000"})
    >>> o["layer"][0]["encoding"]["order"]["field"], len(o["datasets"]["_"])
    ('order', 5)
    """
    frames = []
    for name, pts in shapes.items():
        pts = np.asarray(pts, dtype=float)
        ok = np.all(np.isfinite(pts), axis=0)
        seg = np.cumsum(~ok)  # a non-finite point breaks the outline
        frames.append(pd.DataFrame({"x": pts[0][ok], "y": pts[1][ok], "order": np.arange(
            pts.shape[1])[ok], "seg": seg[ok], "name": name}))
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["x", "y", "order", "seg", "name"])
    names = list(shapes)
    enc = {"x": _q("x"), "y": _q("y"), "order": _q("order"),
           "detail": {"field": "seg", "type": "nominal"},
           "color": _nominal("name", names, [colors[k] for k in names], title, legend=legend,
                             orient=orient)}
    if dashes:
        enc["strokeDash"] = {"field": "name", "type": "nominal", "legend": None,
                             "scale": {"domain": names,
                                       "range": [list(dashes.get(k) or [1, 0]) for k in names]}}
    return {"layer": [{"data": {"name": "_"}, "mark": {"type": "line", "strokeWidth": width},
                       "encoding": enc}],
            "datasets": {"_": df}}


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


def fit_box(points, arrows: dict, base, pad: float = 0.25):
    """A square view containing ``base`` (xmin, xmax, ymin, ymax), every point and every
    arrow tip (``arrows``: name → (k, 2) components), grown by ``pad`` where it had to
    grow, so no arrow is cut off.

    >>> fit_box([(0, 0)], {"a": [(3, 0)]}, (-2.5, 2.5, -2.5, 2.5))
    (-2.75, 3.25, -3.0, 3.0)
    """
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    xs, ys = [base[0], base[1]], [base[2], base[3]]
    for comps in arrows.values():
        tips = pts + np.asarray(comps, dtype=float).reshape(-1, 2)
        ok = np.all(np.isfinite(tips), axis=1)
        xs.extend(tips[ok, 0])
        ys.extend(tips[ok, 1])
    ok = np.all(np.isfinite(pts), axis=1)
    xs.extend(pts[ok, 0])
    ys.extend(pts[ok, 1])
    xlo, xhi, ylo, yhi = min(xs), max(xs), min(ys), max(ys)
    grow = (xlo < base[0]) or (xhi > base[1]) or (ylo < base[2]) or (yhi > base[3])
    return square_box(float(xlo), float(xhi), float(ylo), float(yhi), pad if grow else 0.0)


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
