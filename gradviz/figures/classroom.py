"""The class's answers as charts (Vega-Lite): a bar per choice, a rose of angles; and the
question's map until the scene engine draws it.

>>> spec = rose((0,) * 23 + (3,), truth=350.0)
>>> spec["datasets"]["sectors"]["count"].tolist()[-2:]
[0, 3]
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..classroom import SECTOR, WITHIN
from ..domain import Domain
from . import layers

PALETTE = layers.PALETTE
_UNIT = Domain(0, 1, 0, 1)
_FONT = 18


def _base(width: int, height: int, data: dict, layer: list, title: str | None = None) -> dict:
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "background": "#ffffff", "width": width, "height": height,
            "datasets": {k: pd.DataFrame(v) for k, v in data.items()},
            "layer": layer, "config": {"view": {"stroke": None},
                                       "axis": {"labelFontSize": _FONT, "titleFontSize": _FONT},
                                       "text": {"fontSize": _FONT}}}
    if title:
        spec["title"] = {"text": title, "fontSize": _FONT + 4}
    return spec


def bars(options, counts, truth: int | None = None, width: int = 340) -> dict:
    """One bar per choice with its count, the choice written above its bar (long choices
    fit a narrow column); after the reveal (``truth``: the right choice's index) the right
    bar green and the others grey."""
    rows = [{"option": o, "count": int(c), "i": i,
             "colour": (PALETTE["blue"] if truth is None else
                        PALETTE["green"] if i == truth else "#9e9e9e")}
            for i, (o, c) in enumerate(zip(options, counts))]
    y = {"field": "i", "type": "ordinal", "axis": None}
    x = {"field": "count", "type": "quantitative", "title": "answers",
         "scale": {"domainMin": 0, "nice": True}, "axis": {"tickMinStep": 1, "format": "d"}}
    at = {"data": {"name": "bars"}, "encoding": {"y": y, "x": x}}
    return _base(width, 76 * len(rows), {"bars": rows}, [
        {**at, "mark": {"type": "bar", "size": 28, "yOffset": 12, "cornerRadiusEnd": 4},
         "encoding": {**at["encoding"], "color": {"field": "colour", "type": "nominal",
                                                  "scale": None}}},
        {**at, "mark": {"type": "text", "align": "left", "dx": 6, "yOffset": 12,
                        "fontWeight": "bold"},
         "encoding": {**at["encoding"], "text": {"field": "count"}}},
        {**at, "mark": {"type": "text", "align": "left", "yOffset": -12, "limit": width},
         "encoding": {"y": y, "x": {"datum": 0}, "text": {"field": "option"}}}])


def _vega_angle(degrees) -> float:
    """Vega's arc angle (radians clockwise from up) of a direction (degrees counter-clockwise
    from +x)."""
    return math.pi / 2 - math.radians(degrees)


def rose(counts, truth: float | None = None, size: int = 400) -> dict:
    """A rose of angles: a wedge per :data:`SECTOR`° whose area grows with its answers
    (0° east, counter-clockwise); after the reveal the truth as a needle and the band of
    ±:data:`WITHIN`° around it."""
    outer = size / 2 - 34
    sectors = [{"from": a, "count": int(c), "t0": _vega_angle(a + SECTOR), "t1": _vega_angle(a)}
               for a, c in zip(range(0, 360, SECTOR), counts)]
    top = max([s["count"] for s in sectors] + [1])
    marks = [{"t": _vega_angle(a), "r": outer + 18, "label": f"{a}°"} for a in (0, 90, 180, 270)]
    data = {"sectors": sectors, "marks": marks,
            "ring": [{"t0": 0.0, "t1": 2 * math.pi}]}
    theta = {"field": "t0", "type": "quantitative", "scale": None}
    layer = [
        {"data": {"name": "ring"}, "mark": {"type": "arc", "radius": outer, "radius2": outer - 1,
                                            "color": "#bdbdbd"},
         "encoding": {"theta": theta, "theta2": {"field": "t1"}}},
        {"data": {"name": "sectors"},
         "mark": {"type": "arc", "stroke": "white", "strokeWidth": 1, "color": PALETTE["blue"]},
         "encoding": {"theta": theta, "theta2": {"field": "t1"},
                      "radius": {"field": "count", "type": "quantitative",
                                 "scale": {"type": "sqrt", "domain": [0, top],
                                           "range": [0, outer]}},
                      "tooltip": [{"field": "from", "title": "from (°)"},
                                  {"field": "count", "title": "answers"}]}},
        {"data": {"name": "marks"}, "mark": {"type": "text", "color": "#424242"},
         "encoding": {"theta": {"field": "t", "type": "quantitative", "scale": None},
                      "radius": {"field": "r", "type": "quantitative", "scale": None},
                      "text": {"field": "label"}}},
    ]
    if truth is not None:
        data["truth"] = [{"t0": _vega_angle(truth + WITHIN), "t1": _vega_angle(truth - WITHIN),
                          "n0": _vega_angle(truth + 1.2), "n1": _vega_angle(truth - 1.2)}]
        layer[1:1] = [{"data": {"name": "truth"},
                       "mark": {"type": "arc", "radius": outer, "color": PALETTE["green"],
                                "opacity": 0.18},
                       "encoding": {"theta": theta, "theta2": {"field": "t1"}}}]
        layer.append({"data": {"name": "truth"},
                      "mark": {"type": "arc", "radius": outer + 6,
                               "color": PALETTE["vermillion"]},
                      "encoding": {"theta": {"field": "n0", "type": "quantitative",
                                             "scale": None}, "theta2": {"field": "n1"}}})
    return _base(size, size, data, layer)


def map_layers(X, Y, Z, label: str, point) -> list:
    """The question map's layers that don't change while the class answers: the heatmap
    and contours of Z (from :func:`gradviz.classroom.map_data`) and the point p."""
    return [layers.heatmap_image(X, Y, Z, title=label, max_side=120),
            layers.contours(X, Y, Z, 8), layers.point(point[0], point[1], "p")]


def question_map(base: list, domain, point, truth: float | None = None,
                 answer: float | None = None, size: int = 360) -> dict:
    """The question's map (:func:`map_layers`) with equal scales on both axes, so an angle
    on screen is the angle in the plane; ``truth`` (∇f's direction, after the reveal) and a
    student's ``answer`` as arrows from p, a quarter of the view long."""
    dx, dy = domain.xmax - domain.xmin, domain.ymax - domain.ymin
    ppu = size / max(dx, dy)
    w, h = int(round(dx * ppu)), int(round(dy * ppu))
    parts, length = list(base), 0.25 * min(dx, dy)
    for deg, colour, name in ((answer, PALETTE["sky"], "yours"),
                              (truth, PALETTE["vermillion"], "truth")):
        if deg is not None:
            u, v = length * np.cos(np.radians(deg)), length * np.sin(np.radians(deg))
            # a unit square of size 1: equal scales, so the head's screen angle is the angle
            parts.insert(-1, layers.vector(point[0], point[1], u, v, _UNIT, colour, name,
                                           size=1))
    spec = layers.compose(*parts, domain=domain, size=w, height=h)
    spec["config"]["legend"].update(orient="bottom", gradientLength=int(w * 0.6))
    return spec
