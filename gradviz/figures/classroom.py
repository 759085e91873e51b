"""The class's answers as charts: a bar per choice, a rose of angles.

>>> spec = rose((0,) * 23 + (3,), truth=350.0)
>>> spec["datasets"]["sectors"]["count"].tolist()[-2:]
[0, 3]
"""

from __future__ import annotations

import math

import pandas as pd

from ..classroom import SECTOR, WITHIN
from . import layers

PALETTE = layers.PALETTE
_FONT = 18


def _base(width: int, height: int, data: dict, layer: list) -> dict:
    return {"$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "background": "#ffffff", "width": width, "height": height,
            "datasets": {k: pd.DataFrame(v) for k, v in data.items()},
            "layer": layer, "config": {"view": {"stroke": None},
                                       "axis": {"labelFontSize": _FONT, "titleFontSize": _FONT},
                                       "text": {"fontSize": _FONT}}}


def bars(options, counts, truth: int | None = None, width: int = 340) -> dict:
    """One bar per choice with its count, the choice written above its bar (long choices
    fit a narrow column); after the reveal (``truth``: the right choice's index) the right
    bar green and the others grey."""
    counts = [int(c) for c in counts]
    rows = [{"option": o, "count": c, "i": i,
             "colour": (PALETTE["blue"] if truth is None else
                        PALETTE["green"] if i == truth else "#9e9e9e")}
            for i, (o, c) in enumerate(zip(options, counts))]
    y = {"field": "i", "type": "ordinal", "axis": None}
    x = {"field": "count", "type": "quantitative", "title": "answers",
         "scale": {"domain": [0, max([1, *counts])], "nice": True},
         "axis": {"tickMinStep": 1, "format": "d"}}
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
    """Vega's arc angle (radians clockwise from up) of a direction in degrees (CCW from +x)."""
    return math.pi / 2 - math.radians(degrees)


def rose(counts, truth: float | None = None, size: int = 400) -> dict:
    """A rose of angles: a wedge per :data:`SECTOR`° whose area grows with its answers
    (0° east, counter-clockwise); after the reveal the truth as a needle and the band of
    ±:data:`WITHIN`° around it."""
    outer = size / 2 - 44  # (room for the labels: "90°" was cut at the top)
    sectors = [{"from": a, "count": int(c), "t0": _vega_angle(a + SECTOR), "t1": _vega_angle(a)}
               for a, c in zip(range(0, 360, SECTOR), counts)]
    top = max([s["count"] for s in sectors] + [1])
    marks = [{"t": _vega_angle(a), "r": outer + 20, "label": f"{a}°"} for a in (0, 90, 180, 270)]
    data = {"sectors": sectors, "marks": marks,
            "ring": [{"t0": 0.0, "t1": 2 * math.pi}]}
    def arc(name: str, t0: str = "t0", t1: str = "t1", encoding=(), **mark) -> dict:
        theta = {"theta": {"field": t0, "type": "quantitative", "scale": None},
                 "theta2": {"field": t1}}
        return {"data": {"name": name}, "mark": {"type": "arc", **mark},
                "encoding": {**theta, **dict(encoding)}}

    layer = [
        arc("ring", radius=outer, radius2=outer - 1, color="#bdbdbd"),
        arc("sectors", stroke="white", strokeWidth=1, color=PALETTE["blue"], encoding={
            "radius": {"field": "count", "type": "quantitative",
                       "scale": {"type": "sqrt", "domain": [0, top], "range": [0, outer]}},
            "tooltip": [{"field": "from", "title": "from (°)"},
                        {"field": "count", "title": "answers"}]}),
        {"data": {"name": "marks"}, "mark": {"type": "text", "color": "#424242", "baseline": "middle"},
         "encoding": {"theta": {"field": "t", "type": "quantitative", "scale": None},
                      "radius": {"field": "r", "type": "quantitative", "scale": None},
                      "text": {"field": "label"}}},
    ]
    if truth is not None:
        data["truth"] = [{"t0": _vega_angle(truth + WITHIN), "t1": _vega_angle(truth - WITHIN),
                          "n0": _vega_angle(truth + 1.2), "n1": _vega_angle(truth - 1.2)}]
        layer.insert(1, arc("truth", radius=outer, color=PALETTE["green"], opacity=0.18))
        layer.append(arc("truth", "n0", "n1", radius=outer + 6, color=PALETTE["vermillion"]))
    return _base(size, size, data, layer)
