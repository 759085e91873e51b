"""Vega-Lite layers for 2-D views of a domain: heatmap, contours, arrows, points, paths.

The builders return plain Vega-Lite fragments (dicts whose data are pandas
DataFrames in named ``datasets``); :func:`compose` stacks them into one spec on
shared axes with projector-sized fonts. Vega-Lite draws it in the browser. Plain
dicts are ~50× cheaper to build than Altair objects (no schema validation on
every rerun), which is what keeps a slider move fast; :func:`to_altair` turns a
spec into an Altair chart for a notebook.

Non-finite values are dropped (masked), colour scales are clipped to robust
percentiles so a few huge values don't wash the picture out, and big grids are
downsampled to what a screen can show.

>>> import numpy as np, gradviz
>>> from gradviz.domain import Domain
>>> from gradviz.sampling import evaluate_grid
>>> X, Y, Z = evaluate_grid(gradviz.parse("sin(x*y)"), Domain.square(0, 4), 50)
>>> spec = compose(heatmap(X, Y, Z), contours(X, Y, Z), domain=Domain.square(0, 4))
>>> spec["layer"][0]["mark"]["type"], sorted(spec["datasets"])
('rect', ['d0', 'd1'])
"""

from __future__ import annotations

import copy
import functools
import hashlib
import threading
from collections import OrderedDict

import numpy as np
import pandas as pd

__all__ = [
    "PALETTE", "SCHEME", "FONT", "robust_range", "heatmap", "contours", "level_curve",
    "arrows", "vector", "point", "path", "line", "rule", "text", "compose", "side_by_side", "nice_range", "screen_angle",
    "flatten_roundoff", "arrow_scale",
    "to_altair", "Layers",
]

#: Okabe–Ito colours: distinguishable with the common colour-vision deficiencies
PALETTE = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
    "grey": "#7f7f7f", "white": "#ffffff",
}
#: heatmap colour scheme: viridis is perceptually uniform and colour-blind safe
SCHEME = "viridis"
#: base font size in px (projector-readable); lecture mode multiplies it
FONT = 16

Layers = dict  # {"layer": [vega-lite layer, ...], "datasets": {name: DataFrame}}


def _layers(df: pd.DataFrame | None, *layer_specs: dict) -> Layers:
    out = {"layer": [], "datasets": {}}
    if df is not None:
        out["datasets"]["_"] = df
    for spec in layer_specs:
        spec = dict(spec)
        if df is not None:
            spec["data"] = {"name": "_"}
        out["layer"].append(spec)
    return out


def reuse_for_read_only_arrays(fn):
    """Memoise a figure builder whose array arguments are all read-only.

    Arrays from the dashboard's cache are read-only and the same objects from one
    slider move to the next, so a heatmap, contours or arrows built from them last
    time are reused (bounded LRU; the arrays are held, so their ids stay theirs).
    Writable arrays (a notebook's) are never memoised: they could change in place.
    """
    cache: OrderedDict = OrderedDict()
    lock = threading.Lock()

    def key_of(a):
        if isinstance(a, np.ndarray):
            if a.flags.writeable:
                raise TypeError("writable")
            return ("nd", id(a), a.shape, a.dtype.str)
        if isinstance(a, (list, tuple)):
            return (type(a).__name__, *(key_of(x) for x in a))
        hash(a)
        return a

    @functools.wraps(fn)
    def builder(*args, **kwargs):
        try:
            key = (tuple(key_of(a) for a in args),
                   tuple(sorted((k, key_of(v)) for k, v in kwargs.items())))
        except TypeError:  # writable or unhashable: build afresh
            return fn(*args, **kwargs)
        if not any(isinstance(a, np.ndarray) for a in (*args, *kwargs.values())):
            return fn(*args, **kwargs)
        with lock:
            if key in cache:
                cache.move_to_end(key)
                return cache[key][1]
        value = fn(*args, **kwargs)
        with lock:
            cache[key] = ((args, kwargs), value)
            while len(cache) > 64:
                cache.popitem(last=False)
        return value

    return builder


def nice_range(lo: float, hi: float, log: bool = False) -> tuple[float, float]:
    """Widen [lo, hi] to round numbers (multiples of a quarter power of ten; powers of ten
    on a log axis), so an axis that follows the data changes only now and then.

    A chart whose spec changes is rebuilt from scratch in the browser; one whose data
    alone change is updated in place. Axes fitted exactly to data that move with the
    point would rebuild the chart on every slider step.

    >>> nice_range(-0.897, 1.140), nice_range(2.3e-9, 2.12, log=True)
    ((-1.0, 1.25), (1e-09, 10.0))
    """
    lo, hi = float(lo), float(hi)
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
        return lo, hi
    if log:
        if lo <= 0:
            return lo, hi
        return float(10.0 ** np.floor(np.log10(lo))), float(10.0 ** np.ceil(np.log10(hi)))
    step = 10.0 ** np.floor(np.log10(hi - lo)) / 4
    return float(np.floor(lo / step) * step), float(np.ceil(hi / step) * step)


def robust_range(values, lo: float = 1.0, hi: float = 99.0) -> tuple[float, float] | None:
    """The [lo, hi] percentile range of the finite values, or None if there are none.

    >>> robust_range(np.array([0.0, 1.0, 2.0, np.inf, np.nan]), 0, 100)
    (0.0, 2.0)
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return None
    a, b = np.percentile(v, [lo, hi])
    if a == b:
        a, b = a - 0.5, b + 0.5
    return float(a), float(b)


def flatten_roundoff(Z) -> np.ndarray:
    """Z, with values that differ only by round-off made one value (a constant stays constant).

    A constant like ‖J‖_F = 1 computed on a grid comes out as 1 and 0.99999999999999978:
    shown as data that would be a striped heatmap with a legend of round-off.

    >>> flatten_roundoff(np.array([1.0, 0.99999999999999978, np.nan])).tolist()
    [1.0, 1.0, nan]
    >>> flatten_roundoff(np.array([1.0, 1.001])).tolist()
    [1.0, 1.001]
    """
    Z = np.asarray(Z, dtype=float)
    ok = np.isfinite(Z)
    if not ok.any():
        return Z
    lo, hi = float(Z[ok].min()), float(Z[ok].max())
    if hi - lo > 1e-9 * max(1.0, abs(lo), abs(hi)) or hi == lo:
        return Z
    out = Z.copy()
    out[ok] = float(f"{float(np.median(Z[ok])):.12g}")
    return out


def _downsample(X, Y, Z, max_side: int):
    ny, nx = Z.shape
    sy = max(1, int(np.ceil(ny / max_side)))
    sx = max(1, int(np.ceil(nx / max_side)))
    return X[::sy, ::sx], Y[::sy, ::sx], Z[::sy, ::sx]


def _q(field: str, **kw) -> dict:
    return {"field": field, "type": "quantitative", **kw}


@reuse_for_read_only_arrays
def heatmap(X, Y, Z, title: str = "f", scheme: str = SCHEME, max_side: int = 70,
            clip: tuple[float, float] | None = None, tooltip: bool = True) -> Layers:
    """Coloured cells of Z over the grid (X, Y); non-finite cells are left out.

    The colour scale covers the 1st–99th percentile unless ``clip`` is given.
    """
    X, Y, Z = _downsample(np.asarray(X), np.asarray(Y), flatten_roundoff(Z), max_side)
    xs, ys = X[0], Y[:, 0]
    # half a cell, plus 8% so neighbouring cells overlap (no hairline gaps)
    dx = 0.54 * (xs[1] - xs[0]) if xs.size > 1 else 0.5
    dy = 0.54 * (ys[1] - ys[0]) if ys.size > 1 else 0.5
    ok = np.isfinite(Z)
    df = pd.DataFrame({
        "x": (X - dx)[ok], "x2": (X + dx)[ok], "y": (Y - dy)[ok], "y2": (Y + dy)[ok],
        "cx": X[ok], "cy": Y[ok], "value": Z[ok],
    })
    rng = clip or robust_range(Z) or (0.0, 1.0)
    enc = {
        "x": _q("x"), "x2": {"field": "x2"}, "y": _q("y"), "y2": {"field": "y2"},
        "color": _q("value", title=title,
                    scale={"scheme": scheme, "domain": list(rng), "clamp": True}),
    }
    if tooltip:
        enc["tooltip"] = [_q("cx", title="x", format=".3g"), _q("cy", title="y", format=".3g"),
                          _q("value", title=title, format=".4g")]
    return _layers(df, {"mark": {"type": "rect", "strokeWidth": 0, "clip": True},
                        "encoding": enc})


@reuse_for_read_only_arrays
def heatmap_image(X, Y, Z, title: str = "f", scheme: str = SCHEME, max_side: int = 300,
                  clip: tuple[float, float] | None = None) -> Layers:
    """The heatmap as one PNG image instead of one rectangle per cell.

    The browser then draws one image (not thousands of marks) when the chart changes,
    and the data sent is a few kB. Non-finite cells are transparent. An invisible
    second layer carries the colour scale, so the legend is the same as
    :func:`heatmap`'s. The numbers themselves go with the layer as ``table`` (for the
    CSV download).
    """
    import base64
    import io

    from matplotlib import colormaps
    from PIL import Image

    X, Y, Z = _downsample(np.asarray(X), np.asarray(Y), flatten_roundoff(Z), max_side)
    xs, ys = X[0], Y[:, 0]
    hx = 0.5 * (xs[1] - xs[0]) if xs.size > 1 else 0.5
    hy = 0.5 * (ys[1] - ys[0]) if ys.size > 1 else 0.5
    ok = np.isfinite(Z)
    lo, hi = clip or robust_range(Z) or (0.0, 1.0)
    t = np.clip((np.where(ok, Z, lo) - lo) / ((hi - lo) or 1.0), 0.0, 1.0)
    rgba = colormaps[scheme](t, bytes=True)
    rgba[~ok] = 0  # transparent where undefined
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba[::-1])).save(buf, format="PNG")  # row 0 = top
    url = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    x0, x1, y0, y1 = xs[0] - hx, xs[-1] + hx, ys[0] - hy, ys[-1] + hy
    df = pd.DataFrame({"x": [x0, x0], "x2": [x1, x0], "y": [y0, y0], "y2": [y1, y0],
                       "url": [url, ""], "value": [lo, hi]})
    out = _layers(df,
                  {"mark": {"type": "image", "aspect": False, "clip": True},
                   "encoding": {"x": _q("x"), "x2": {"field": "x2"}, "y": _q("y"),
                                "y2": {"field": "y2"}, "url": {"field": "url", "type": "nominal"}}},
                  {"mark": {"type": "point", "size": 0, "opacity": 0},
                   "encoding": {"x": _q("x"), "y": _q("y"),
                                "color": _q("value", title=title,
                                            scale={"scheme": scheme, "domain": [lo, hi],
                                                   "clamp": True})}})
    out["table"] = pd.DataFrame({"x": X[ok], "y": Y[ok], "value": Z[ok]})
    return out


def _contour_frame(X, Y, Z, levels) -> pd.DataFrame:
    import contourpy

    Zm = np.ma.masked_invalid(np.asarray(Z, dtype=float))
    gen = contourpy.contour_generator(np.asarray(X), np.asarray(Y), Zm,
                                      line_type=contourpy.LineType.Separate)
    xs, ys, ids, lv, order = [], [], [], [], []
    seg = 0
    for level in levels:
        for ln in gen.lines(float(level)):
            if len(ln) < 2:
                continue
            xs.append(ln[:, 0])
            ys.append(ln[:, 1])
            ids.append(np.full(len(ln), seg))
            lv.append(np.full(len(ln), float(level)))
            order.append(np.arange(len(ln)))
            seg += 1
    if not xs:
        return pd.DataFrame({"x": [], "y": [], "seg": [], "level": [], "order": []})
    return pd.DataFrame({"x": np.concatenate(xs), "y": np.concatenate(ys),
                         "seg": np.concatenate(ids), "level": np.concatenate(lv),
                         "order": np.concatenate(order)})


@reuse_for_read_only_arrays
def contours(X, Y, Z, levels: int | list[float] = 12, color: str = PALETTE["white"],
             width: float = 1.2, opacity: float = 0.7) -> Layers:
    """Level curves of Z at ``levels`` values (a count spreads them over the robust range)."""
    Z = flatten_roundoff(Z)  # round-off on a constant is not a level curve
    if isinstance(levels, int):
        rng = robust_range(Z)
        levels = [] if rng is None else list(np.linspace(rng[0], rng[1], levels + 2)[1:-1])
    df = _contour_frame(X, Y, Z, levels)
    return _layers(df, {
        "mark": {"type": "line", "color": color, "strokeWidth": width, "opacity": opacity},
        "encoding": {"x": _q("x"), "y": _q("y"), "detail": {"field": "seg", "type": "nominal"},
                     "order": _q("order")},
    })


def level_curve(X, Y, Z, level: float, color: str = PALETTE["orange"],
                width: float = 3.0) -> Layers:
    """The single level curve Z = level, drawn bold (the level set through a point)."""
    return contours(X, Y, Z, [level], color=color, width=width, opacity=1.0)


def screen_angle(u, v, px_per_x: float = 1.0, px_per_y: float = 1.0):
    """Vega-Lite's angle (degrees clockwise from up) for a data-space vector (u, v)."""
    return 90.0 - np.degrees(np.arctan2(np.asarray(v) * px_per_y, np.asarray(u) * px_per_x))


@reuse_for_read_only_arrays
def arrow_scale(U, V, domain, max_length: float | None = None) -> tuple[float, float]:
    """(magnitude drawn one ``max_length`` long, max_length): the scale :func:`arrows` uses.

    The 95th percentile of the finite magnitudes is drawn about one grid cell long.

    >>> from gradviz.domain import Domain
    >>> U = np.ones((3, 3)); arrow_scale(U, 0 * U, Domain.square(0, 2))
    (1.0, 0.9)
    """
    U, V = np.asarray(U, dtype=float).ravel(), np.asarray(V, dtype=float).ravel()
    ok = np.isfinite(U) & np.isfinite(V)
    mag = np.hypot(U[ok], V[ok])
    if max_length is None:
        k = max(int(np.sqrt(max(U.size, 1))), 2)
        max_length = 0.9 * domain.span / (k - 1)
    top = float(np.percentile(mag, 95)) if mag.size else 1.0
    return top, float(max_length)


def arrows(X, Y, U, V, domain, size: int = 520, color: str = PALETTE["white"],
           max_length: float | None = None, head: int = 90, width: float = 2.0,
           min_fraction: float = 0.0) -> Layers:
    """A quiver plot: one arrow per grid point, the longest ≈ one grid cell.

    Arrows with non-finite components are left out. With ``min_fraction`` > 0, a non-zero arrow that would be shorter
    than that fraction of a cell is drawn that long and faint (``short`` in its data):
    its direction stays readable, and the faintness says its length is not to scale.
    """
    top, max_length = arrow_scale(U, V, domain, max_length)
    X, Y, U, V = (np.asarray(a, dtype=float).ravel() for a in (X, Y, U, V))
    ok = np.isfinite(U) & np.isfinite(V)
    X, Y, U, V = X[ok], Y[ok], U[ok], V[ok]
    mag = np.hypot(U, V)
    scale = max_length / top if top > 0 else 0.0
    Ls = np.minimum(mag * scale, max_length * 1.3)
    short = (mag > 0) & (Ls < min_fraction * max_length)
    Ls = np.where(short, min_fraction * max_length, Ls)
    with np.errstate(all="ignore"):
        ux = np.where(mag > 0, U / mag, 0.0)
        uy = np.where(mag > 0, V / mag, 0.0)
    px_x = size / (domain.xmax - domain.xmin)
    px_y = size / (domain.ymax - domain.ymin)
    df = pd.DataFrame({"x": X, "y": Y, "x2": X + ux * Ls, "y2": Y + uy * Ls, "mag": mag,
                       "angle": screen_angle(ux, uy, px_x, px_y), "u": U, "v": V,
                       "short": short})
    faint = ({"opacity": {"condition": {"test": "datum.short", "value": 0.45}, "value": 1}}
             if short.any() else {})
    col = {"value": color}
    tip = [_q("x", format=".3g"), _q("y", format=".3g"), _q("u", format=".4g"),
           _q("v", format=".4g")]
    return _layers(
        df,
        {"mark": {"type": "rule", "strokeWidth": width},
         "encoding": {"x": _q("x"), "y": _q("y"), "x2": {"field": "x2"},
                      "y2": {"field": "y2"}, "color": col, "tooltip": tip, **faint}},
        {"mark": {"type": "point", "shape": "triangle", "filled": True, "size": head,
                  "opacity": 1},
         "encoding": {"x": _q("x2"), "y": _q("y2"),
                      "angle": _q("angle", scale=None), "color": col, **faint}},
    )


def vector(x0: float, y0: float, u: float, v: float, domain, color: str = PALETTE["vermillion"],
           label: str | None = None, size: int = 520, width: float = 4.0) -> Layers:
    """One bold arrow from (x0, y0) to (x0 + u, y0 + v), optionally labelled at its tip."""
    px_x = size / (domain.xmax - domain.xmin)
    px_y = size / (domain.ymax - domain.ymin)
    df = pd.DataFrame({"x": [x0], "y": [y0], "x2": [x0 + u], "y2": [y0 + v],
                       "angle": [float(screen_angle(u, v, px_x, px_y))], "label": [label or ""]})
    specs = [
        {"mark": {"type": "rule", "strokeWidth": width, "color": color},
         "encoding": {"x": _q("x"), "y": _q("y"), "x2": {"field": "x2"}, "y2": {"field": "y2"}}},
        {"mark": {"type": "point", "shape": "triangle", "filled": True, "size": width * 60,
                  "color": color, "opacity": 1},
         "encoding": {"x": _q("x2"), "y": _q("y2"), "angle": _q("angle", scale=None)}},
    ]
    if label:
        specs.append({"mark": {"type": "text", "align": "left", "dx": 8, "dy": -8,
                               "fontSize": FONT + 2, "fontWeight": "bold", "color": color},
                      "encoding": {"x": _q("x2"), "y": _q("y2"),
                                   "text": {"field": "label", "type": "nominal"}}})
    return _layers(df, *specs)


def point(x: float, y: float, label: str | None = None, color: str = PALETTE["orange"],
          size: int = 220) -> Layers:
    """A marked point (white-edged so it shows on any colour), with an optional label."""
    df = pd.DataFrame({"x": [x], "y": [y], "label": [label or ""]})
    specs = [{"mark": {"type": "point", "filled": True, "size": size, "color": color,
                       "stroke": "white", "strokeWidth": 2, "opacity": 1},
              "encoding": {"x": _q("x"), "y": _q("y")}}]
    if label:
        specs.append({"mark": {"type": "text", "align": "left", "dx": 10, "dy": 14,
                               "fontSize": FONT, "fontWeight": "bold", "color": color},
                      "encoding": {"x": _q("x"), "y": _q("y"),
                                   "text": {"field": "label", "type": "nominal"}}})
    return _layers(df, *specs)


def path(points, color: str = PALETTE["vermillion"], width: float = 3.0) -> Layers:
    """A polyline through points (rows of a (k, 2) array) with its vertices marked."""
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    df = pd.DataFrame({"x": pts[:, 0], "y": pts[:, 1], "step": np.arange(len(pts))})
    return _layers(
        df,
        {"mark": {"type": "line", "color": color, "strokeWidth": width},
         "encoding": {"x": _q("x"), "y": _q("y"), "order": _q("step")}},
        {"mark": {"type": "circle", "color": color, "size": 40, "opacity": 1},
         "encoding": {"x": _q("x"), "y": _q("y"),
                      "tooltip": [_q("step"), _q("x", format=".4g"), _q("y", format=".4g")]}},
    )


def line(x, y, color: str = PALETTE["blue"], width: float = 3.0, dash=None,
         name: str | None = None) -> Layers:
    """A curve through (x, y); non-finite points break it."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    df = pd.DataFrame({"x": x, "y": np.where(np.isfinite(y), y, np.nan), "name": name or ""})
    mark = {"type": "line", "color": color, "strokeWidth": width}
    if dash:
        mark["strokeDash"] = list(dash)
    enc = {"x": _q("x"), "y": _q("y")}
    if name:
        enc["tooltip"] = [{"field": "name", "type": "nominal"}, _q("x", format=".4g"),
                          _q("y", format=".4g")]
    return _layers(df, {"mark": mark, "encoding": enc})


def rule(x=None, y=None, color: str = PALETTE["grey"], width: float = 1.5, dash=(4, 4)) -> Layers:
    """A vertical (x=…) or horizontal (y=…) reference line across the chart."""
    df = pd.DataFrame({"x": [x if x is not None else 0.0], "y": [y if y is not None else 0.0]})
    # pin the other axis to the full plot, or the composed chart's shared x/y would
    # turn the rule into a point at 0
    enc = ({"x": _q("x"), "y": {"value": 0}, "y2": {"value": "height"}} if x is not None
           else {"y": _q("y"), "x": {"value": 0}, "x2": {"value": "width"}})
    return _layers(df, {"mark": {"type": "rule", "color": color, "strokeWidth": width,
                                 "strokeDash": list(dash)}, "encoding": enc})


def text(x: float, y: float, label: str, color: str = PALETTE["black"],
         size: int | None = None, dx: int = 0, dy: int = 0) -> Layers:
    """A text label at a data point."""
    df = pd.DataFrame({"x": [x], "y": [y], "label": [label]})
    return _layers(df, {"mark": {"type": "text", "color": color, "fontSize": size or FONT,
                                 "dx": dx, "dy": dy, "fontWeight": "bold"},
                        "encoding": {"x": _q("x"), "y": _q("y"),
                                     "text": {"field": "label", "type": "nominal"}}})


def digest(df: pd.DataFrame) -> bytes:
    """A short fingerprint of a table's columns, types and values (for caches).

    >>> a = pd.DataFrame({"x": [1.0, 2.0], "label": ["p", "q"]})
    >>> digest(a) == digest(a.copy()), digest(a) == digest(a.assign(x=[1.0, 2.5]))
    (True, False)
    """
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((list(df.columns), [str(t) for t in df.dtypes], len(df))).encode())
    for c in df.columns:
        a = df[c].to_numpy()
        if a.dtype.kind in "biufc":
            h.update(np.ascontiguousarray(a).tobytes())
        else:
            h.update("\x1f".join(map(str, a.tolist())).encode())
    return h.digest()


class ContentCache:
    """A small thread-safe LRU of ``make(df)`` by the table's :func:`digest`.

    Most tables on a page (heatmap, contours, arrows) are the same from one slider
    move to the next; converting them again each time was a third of the server's
    work under load (bench/load.py, py-spy).
    """

    def __init__(self, make, size: int = 256):
        self.make, self.size = make, size
        self.store: OrderedDict = OrderedDict()
        self.seen: dict = {}  # id(df) -> (df, key)
        self.lock = threading.Lock()

    def __call__(self, df: pd.DataFrame):
        with self.lock:  # the very same object as before (e.g. a table this cache made)
            seen = self.seen.get(id(df))
        key = seen[1] if seen is not None and seen[0] is df else digest(df)
        with self.lock:
            if key in self.store:
                self.store.move_to_end(key)
                value = self.store[key]
            else:
                value = None
        if value is None:
            value = self.make(df)
            with self.lock:
                self.store[key] = value
                while len(self.store) > self.size:
                    self.store.popitem(last=False)
        with self.lock:
            self.seen[id(df)] = (df, key)  # holds df: its id can't be reused while here
            while len(self.seen) > self.size:
                self.seen.pop(next(iter(self.seen)))
        return value


def compose(*parts: Layers, domain=None, size: int = 520, title: str | None = None,
            xtitle: str = "x", ytitle: str = "y", scale: float = 1.0,
            height: int | None = None, xrange=None, yrange=None, equal: bool = False) -> dict:
    """Stack layers on shared axes fixed to the domain; fonts sized for a projector.

    Dataset names are numbered in layer order (``d0``, ``d1``, …) so the same
    picture gives the same spec on every rerun.
    """
    layers, datasets = [], {}
    for i, part in enumerate(parts):
        name = f"d{i}"
        if part["datasets"]:
            datasets[name] = part["datasets"]["_"]
        for spec in part["layer"]:
            spec = copy.copy(spec)
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
    xr = xrange or ((domain.xmin, domain.xmax) if domain else None)
    yr = yrange or ((domain.ymin, domain.ymax) if domain else None)
    xs = {"domain": list(xr), "nice": False, "zero": False} if xr else {"zero": False}
    ys = {"domain": list(yr), "nice": False, "zero": False} if yr else {"zero": False}
    f = FONT * scale
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "background": "#ffffff",  # readable in Streamlit's dark theme too
        "padding": {"left": 8, "right": 8, "top": 8, "bottom": 8},
        "autosize": {"type": "pad"},  # the plot area is size × size (arrows keep their angles)
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


def side_by_side(*specs: dict, title: str | None = None, stack: str = "hconcat") -> dict:
    """Several specs from :func:`compose` in one row (one figure, e.g. for a download), or
    one column with ``stack="vconcat"``.

    Each chart keeps its own axes; datasets are renamed ``c<i>_<name>`` so they don't clash.

    >>> from gradviz.domain import Domain
    >>> a = compose(point(1, 2), domain=Domain.square(0, 4), title="a")
    >>> both = side_by_side(a, a)
    >>> sorted(both["datasets"]), [c["title"] for c in both["hconcat"]]
    (['c0_d0', 'c1_d0'], ['a', 'a'])
    """
    charts, datasets = [], {}
    top = {k: specs[0][k] for k in ("$schema", "background", "padding", "config") if k in specs[0]}
    for i, spec in enumerate(specs):
        rename = {name: f"c{i}_{name}" for name in spec["datasets"]}
        datasets.update({rename[k]: v for k, v in spec["datasets"].items()})
        chart = {k: v for k, v in spec.items()
                 if k not in ("$schema", "background", "padding", "config", "datasets",
                              "autosize")}
        chart["layer"] = [dict(layer, data={"name": rename[layer["data"]["name"]]})
                          if "data" in layer else layer for layer in spec["layer"]]
        charts.append(chart)
    # each chart its own colours, dashes and legend: shared scales would pool the charts'
    # curve names and hand "dashed" to the curve of one chart and the tangent of the next
    out = {**top, "datasets": datasets, stack: charts,
           "resolve": {"scale": {"color": "independent", "strokeDash": "independent"},
                       "legend": {"color": "independent", "strokeDash": "independent"}}}
    if title:
        out["title"] = title
    return out


def to_altair(spec: dict):
    """An Altair chart of a spec from :func:`compose`, for a notebook.

    >>> import gradviz
    >>> from gradviz.domain import Domain
    >>> to_altair(compose(point(1, 2), domain=Domain.square(0, 4))).to_dict()["layer"][0]["mark"]["type"]
    'point'
    """
    import altair as alt

    spec = dict(spec)
    spec["datasets"] = {k: v.to_dict(orient="records") for k, v in spec["datasets"].items()}
    cls = alt.LayerChart if "layer" in spec else alt.Chart
    return cls.from_dict(spec, validate=False)
