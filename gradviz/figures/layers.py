"""Vega-Lite building blocks for the charts that are not maps of the domain: curves, bars,
markers, reference lines, log axes. The builders return plain fragments (``{"layer": [...],
"datasets": {"_": DataFrame}}``) that :func:`compose` stacks into one spec on shared axes
with projector-sized fonts. Plain dicts, not Altair objects, so no schema is validated on
every rerun (:func:`to_altair` makes an Altair chart for a notebook).

>>> spec = log_axes(compose(curves({"error": ([1e-3, 1], [1e-6, 1])}), xrange=(1e-3, 1),
...                         yrange=(1e-6, 1)))
>>> spec["encoding"]["x"]["scale"]["type"], spec["layer"][0]["mark"]["type"]
('log', 'line')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["PALETTE", "FONT", "size", "curves", "bars", "marker", "vline", "log_axes", "compose",
           "side_by_side", "nice_range", "to_altair"]

#: Okabe–Ito colours: distinguishable with the common colour-vision deficiencies
PALETTE = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
    "grey": "#7f7f7f", "white": "#ffffff",
}
#: base font size in px (projector-readable); lecture mode multiplies it
FONT = 16


def size(px: int, scale: float) -> int:
    """A chart size in px, smaller in lecture mode so the bigger fonts still fit.

    >>> size(350, 1.0), size(350, 1.35)
    (350, 252)
    """
    return int(px * (0.72 if scale > 1 else 1))


def _q(field: str, **kw) -> dict:
    return {"field": field, "type": "quantitative", **kw}


def _part(df: pd.DataFrame, *specs: dict) -> dict:
    """A fragment: layers drawing the one table ``df``."""
    return {"layer": [{**spec, "data": {"name": "_"}} for spec in specs], "datasets": {"_": df}}


def _nominal(field: str, names, colors, legend=True) -> dict:
    shown = {"title": None, "orient": "top", "direction": "horizontal", "padding": 8,
             "fillColor": "rgba(255,255,255,0.85)", "symbolStrokeWidth": 4, "labelLimit": 400}
    return {"field": field, "type": "nominal",
            "scale": {"domain": list(names), "range": list(colors)},
            "legend": shown if legend else None}


def curves(series: dict, colors: dict | None = None, dashes: dict | None = None,
           points: bool = False, legend: bool = True) -> dict:
    """Named curves ``name → (x, y)`` sharing one legend; non-finite values break a curve."""
    cols = {k: [] for k in ("x", "y", "order", "seg", "name")}
    for name, (x, y) in series.items():
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        ok = np.isfinite(x) & np.isfinite(y)
        for k, v in (("x", x[ok]), ("y", y[ok]), ("order", np.arange(x.size)[ok]),
                     ("seg", np.cumsum(~ok)[ok]), ("name", np.full(ok.sum(), name, object))):
            cols[k].append(v)
    # one table, built once (a rerun draws several charts: no frame per curve to concatenate)
    df = pd.DataFrame({k: np.concatenate(v) if v else [] for k, v in cols.items()})
    names = list(series)
    default = [PALETTE[c] for c in ("blue", "vermillion", "green", "orange", "purple", "sky")]
    cols = [(colors or {}).get(k, default[i % len(default)]) for i, k in enumerate(names)]
    enc = {"x": _q("x"), "y": _q("y"), "order": _q("order"),
           "detail": {"field": "seg", "type": "nominal"},
           "color": _nominal("name", names, cols, legend=legend),
           "tooltip": [{"field": "name", "type": "nominal"}, _q("x", format=".4g"),
                       _q("y", format=".4g")]}
    if dashes:
        enc["strokeDash"] = {"field": "name", "type": "nominal", "legend": None,
                             "scale": {"domain": names,
                                       "range": [list(dashes.get(k) or [1, 0]) for k in names]}}
    dots = {"mark": {"type": "circle", "size": 40, "opacity": 1},
            "encoding": {"x": _q("x"), "y": _q("y"),
                         "color": _nominal("name", names, cols, legend=False)}}
    return _part(df, {"mark": {"type": "line", "strokeWidth": 3.0}, "encoding": enc},
                 *([dots] if points else []))


def bars(edges, counts, color: str = PALETTE["sky"]) -> dict:
    """A histogram from bin ``edges`` (k + 1) and ``counts`` (k)."""
    e = np.asarray(edges, dtype=float)
    c = np.asarray(counts, dtype=float)
    df = pd.DataFrame({"x": e[:-1], "x2": e[1:], "y": np.zeros_like(c), "y2": c})
    return _part(df, {
        "mark": {"type": "rect", "color": color, "stroke": "white", "strokeWidth": 0.5},
        "encoding": {"x": _q("x"), "x2": {"field": "x2"}, "y": _q("y"), "y2": {"field": "y2"},
                     "tooltip": [_q("x", title="from", format=".3f"),
                                 _q("x2", title="to", format=".3f"), _q("y2", title="count")]}})


def marker(x: float, y: float, label: str | None = None, color: str = PALETTE["vermillion"],
           size: int = 160, dx: int = 8, dy: int = -12, align: str = "left") -> dict:
    """A filled dot at (x, y), optionally labelled (the label in the dot's colour)."""
    dot = {"mark": {"type": "circle", "size": size, "color": color, "opacity": 1,
                    "stroke": "white", "strokeWidth": 1.5},
           "encoding": {"x": _q("x"), "y": _q("y")}}
    text = {"mark": {"type": "text", "align": align, "dx": dx, "dy": dy, "fontSize": FONT,
                     "fontWeight": "bold", "color": color},
            "encoding": {"x": _q("x"), "y": _q("y"),
                         "text": {"field": "label", "type": "nominal"}}}
    return _part(pd.DataFrame({"x": [x], "y": [y], "label": [label or ""]}),
                 dot, *([text] if label else []))


def vline(x: float, color: str = PALETTE["grey"], width: float = 2.0, dash=(6, 4)) -> dict:
    """A vertical line across the whole chart at x.

    >>> vline(1.0)["layer"][0]["encoding"]["y2"]
    {'value': 'height'}
    """
    mark = {"type": "rule", "color": color, "strokeWidth": width}
    if dash:
        mark["strokeDash"] = list(dash)
    # y from the top to the bottom: else the rule would inherit compose's shared encoding
    # for it and shrink to a dot (a null y would do too, but Altair can't read it back)
    return _part(pd.DataFrame({"x": [float(x)]}),
                 {"mark": mark, "encoding": {"x": _q("x"), "y": {"value": 0},
                                             "y2": {"value": "height"}}})


def log_axes(spec: dict, x: bool = True) -> dict:
    """Switch a composed spec's y scale, and its x scale unless ``x=False``, to base-10 log
    (in place; returned)."""
    for ch in ("x", "y") if x else ("y",):
        sc = spec["encoding"][ch].setdefault("scale", {})
        sc["type"] = "log"
        sc.pop("zero", None)
        spec["encoding"][ch]["axis"] = {"format": "~e", "tickCount": 6}
    return spec


def nice_range(lo: float, hi: float, log: bool = False) -> tuple[float, float]:
    """Widen [lo, hi] to round numbers (multiples of a quarter power of ten; powers of ten
    on a log axis), so an axis that follows the data changes only now and then: the browser
    rebuilds a chart whose spec changes but updates one whose data alone change in place.

    >>> nice_range(-0.897, 1.140), nice_range(2.3e-9, 2.12, log=True)
    ((-1.0, 1.25), (1e-09, 10.0))
    """
    lo, hi = float(lo), float(hi)
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo or (log and lo <= 0):
        return lo, hi
    if log:
        return float(10.0 ** np.floor(np.log10(lo))), float(10.0 ** np.ceil(np.log10(hi)))
    step = 10.0 ** np.floor(np.log10(hi - lo)) / 4
    return float(np.floor(lo / step) * step), float(np.ceil(hi / step) * step)


def compose(*parts: dict, size: int = 520, title: str | None = None, xtitle: str = "x",
            ytitle: str = "y", scale: float = 1.0, height: int | None = None, xrange=None,
            yrange=None) -> dict:
    """Stack layers on shared axes (fixed to ``xrange``, ``yrange`` when given); fonts sized
    for a projector (times ``scale``). Datasets are named in layer order (``d0``, ``d1``, …)
    so the same picture gives the same spec on every rerun."""
    layers, datasets = [], {}
    for i, part in enumerate(parts):
        name = f"d{i}"
        if part["datasets"]:
            datasets[name] = part["datasets"]["_"]
        for spec in part["layer"]:
            spec = dict(spec)
            if "data" in spec:
                spec["data"] = {"name": name}
            mark = spec.get("mark")
            if scale != 1.0 and isinstance(mark, dict):  # lecture mode: thicker lines too
                mark = dict(mark)
                for k in ("strokeWidth", "size", "fontSize"):
                    if isinstance(mark.get(k), (int, float)):
                        mark[k] = mark[k] * (scale if k != "size" else scale * scale)
                spec["mark"] = mark
            layers.append(spec)
    xs = {"domain": list(xrange), "nice": False, "zero": False} if xrange else {"zero": False}
    ys = {"domain": list(yrange), "nice": False, "zero": False} if yrange else {"zero": False}
    f = FONT * scale
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "background": "#ffffff",  # readable in Streamlit's dark theme too
        "padding": {"left": 8, "right": 8, "top": 8, "bottom": 8},
        "autosize": {"type": "pad"},  # the plot area is size × height, axes and legends around it
        "width": size, "height": height or size,
        "datasets": datasets,
        "encoding": {"x": {"field": "x", "type": "quantitative", "title": xtitle, "scale": xs},
                     "y": {"field": "y", "type": "quantitative", "title": ytitle, "scale": ys}},
        "layer": layers,
        "resolve": {"scale": {"color": "independent"}},
        "config": {
            # labels keep a gap (a projector's large ticks would touch: "−2.0−1.0");
            # one that would collide is left out
            "axis": {"labelFontSize": round(f), "titleFontSize": round(f + 2), "grid": False,
                     "labelSeparation": round(f * 0.6), "labelOverlap": True},
            "legend": {"labelFontSize": round(f - 2), "titleFontSize": round(f),
                       "gradientLength": int((height or size) * 0.6)},
            "view": {"strokeWidth": 0},
            "title": {"fontSize": round(f + 4)},
        },
    }
    if title:
        spec["title"] = _fit_title(title, size, f + 4)
    return spec


def _fit_title(title: str, width: float, font: float) -> str | list[str]:
    """The title, in two lines when one would be wider than the chart (Vega clips it).

    >>> _fit_title("short", 300, 16)
    'short'
    >>> _fit_title("forward (vermillion) and central (blue) differences", 300, 22)
    ['forward (vermillion) and', 'central (blue) differences']
    """
    if not isinstance(title, str) or len(title) * font * 0.55 <= width + 40 or " " not in title:
        return title
    mid = len(title) // 2
    spaces = [i for i, ch in enumerate(title) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - mid))
    return [title[:cut], title[cut + 1:]]


def side_by_side(*specs: dict, stack: str = "hconcat") -> dict:
    """Several specs from :func:`compose` in one row (one figure, e.g. for a download), or
    one column with ``stack="vconcat"``; each keeps its axes, datasets renamed ``c<i>_<name>``.

    >>> a = compose(marker(1, 2), title="a")
    >>> both = side_by_side(a, a)
    >>> sorted(both["datasets"]), [c["title"] for c in both["hconcat"]]
    (['c0_d0', 'c1_d0'], ['a', 'a'])
    """
    charts, datasets = [], {}
    shared = ("$schema", "background", "padding", "config")
    top = {k: specs[0][k] for k in shared if k in specs[0]}
    for i, spec in enumerate(specs):
        rename = {name: f"c{i}_{name}" for name in spec["datasets"]}
        datasets.update({rename[k]: v for k, v in spec["datasets"].items()})
        chart = {k: v for k, v in spec.items() if k not in (*shared, "datasets", "autosize")}
        chart["layer"] = [dict(layer, data={"name": rename[layer["data"]["name"]]})
                          if "data" in layer else layer for layer in spec["layer"]]
        charts.append(chart)
    # each chart its own colours, dashes and legend: shared scales would pool the charts'
    # curve names and hand "dashed" to the curve of one chart and the tangent of the next
    return {**top, "datasets": datasets, stack: charts,
            "resolve": {"scale": {"color": "independent", "strokeDash": "independent"},
                        "legend": {"color": "independent", "strokeDash": "independent"}}}


def to_altair(spec: dict):
    """An Altair chart of a spec from :func:`compose`, for a notebook.

    >>> to_altair(compose(marker(1, 2))).to_dict()["layer"][0]["mark"]["type"]
    'circle'
    """
    import altair as alt

    from ..export import spec_with_records

    spec = spec_with_records(spec)
    cls = alt.LayerChart if "layer" in spec else alt.Chart
    return cls.from_dict(spec, validate=False)
