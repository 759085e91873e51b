"""The charts of the Jacobian-linearisation page (Vega-Lite specs, ready for ``app.chart``).

Built from :mod:`gradviz.figures.layers` and the curves of :mod:`gradviz.figures.linear`
out of the results of :mod:`gradviz.topics.jacobian`; each builder returns finished specs
(sized for the font scale, made safe for Streamlit by :func:`~gradviz.figures.linear.tidy`).

>>> import gradviz
>>> from gradviz.topics import jacobian
>>> f = gradviz.parse(jacobian.COURSE_FIELD)
>>> charts = zoom_charts(jacobian.square_images(f, (1, 1), 0.1), (1, 1),
...                      gradviz.domain.Domain.square(-2, 2))
>>> charts.output["title"]["text"]
['output plane,', 'zoomed to the image']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import formatting
from ..domain import Domain
from ..topics.jacobian import BasisArrows, ErrorCurve, SquareImages
from . import layers
from .layers import FONT, PALETTE, screen_angle
from .linear import _nominal, _q, curves, log_axes, marker, tidy, vline

__all__ = ["BASIS_COLORS", "chart_size", "square_box", "fit_box", "basis_arrow_layers",
           "outlines", "live_size", "live_half_width", "CourseFigure", "course_figure", "norm_map", "ZoomCharts", "zoom_charts",
           "error_chart"]

#: the course's colours (blue, green, red, orange) in their Okabe–Ito versions
BASIS_COLORS = {
    "point": PALETTE["black"], "e₁": PALETTE["blue"], "e₂": PALETTE["green"],
    "J e₁": PALETTE["vermillion"], "J e₂": PALETTE["orange"],
}


def square_box(xlo: float, xhi: float, ylo: float, yhi: float, pad: float = 0.0):
    """The smallest square (xmin, xmax, ymin, ymax) around a rectangle, grown by ``pad``.

    >>> square_box(-2, 2, -1, 1, 0.5)
    (-2.5, 2.5, -2.5, 2.5)
    """
    cx, cy = (xlo + xhi) / 2, (ylo + yhi) / 2
    half = max(xhi - xlo, yhi - ylo) / 2 + pad
    return (cx - half, cx + half, cy - half, cy + half)


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


def basis_arrow_layers(points, arrows: dict, box, size: int = 520, labels: bool = True,
                 legend_orient: str = "top-left", highlight: int | None = None) -> dict:
    """The course's local-linear-approximation picture: e₁, e₂, J e₁, J e₂ at each point.

    Parameters
    ----------
    points : (k, 2) array
    arrows : dict
        name → (k, 2) arrow components, names from :data:`BASIS_COLORS`
        (:meth:`gradviz.topics.jacobian.BasisArrows.by_name`).
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


def chart_size(px: int, font_scale: float = 1.0) -> int:
    """A chart size in px, smaller in lecture mode so the bigger fonts still fit.

    >>> chart_size(400), chart_size(400, 1.5)
    (400, 288)
    """
    return int(px * (0.72 if font_scale > 1 else 1))


def live_size(font_scale: float = 1.0) -> int:
    """The live chart's plot size in px: with its output-plane panel it fits the page's
    column (on a 1280 px screen too; in lecture mode beside the point controls).

    >>> live_size(), live_size(1.35)
    (340, 200)
    """
    return 340 if font_scale <= 1 else 200


def live_half_width(domain: Domain) -> float:
    """The half-width of the live chart's small square at p: 8% of the view's span.

    >>> live_half_width(Domain.square(-2, 2))
    0.32
    """
    return round(0.08 * domain.span, 12)


def norm_map(X, Y, N, point, domain: Domain, font_scale: float = 1.0,
             size: int | None = None) -> dict:
    """The ‖J‖_F heatmap with its level curves and the point p (the server's chart)."""
    p = tuple(point[:2])
    return tidy(layers.compose(
        layers.heatmap(X, Y, N, title="‖J‖_F", scheme="plasma"),
        layers.contours(X, Y, N, 12, opacity=0.8),
        layers.point(p[0], p[1], label="p"),
        domain=domain, size=size or chart_size(320, font_scale), scale=font_scale,
        title="Jacobian Norm of f(x,y)"))


@dataclass(frozen=True)
class CourseFigure:
    """The course's figure: the ‖J‖_F map and the local linear approximation (e₁, e₂ and
    their images at each point), the two side by side for a download, and the caption."""

    norm: dict
    arrows: dict
    download: dict
    caption: str


def course_figure(grid, arrows: BasisArrows, point, domain: Domain, here: int | None,
                  scale: float, font_scale: float = 1.0) -> CourseFigure:
    """The course's figure from the ‖J‖_F grid ``(X, Y, N)`` and :class:`BasisArrows`."""
    size = chart_size(400, font_scale)
    norm = norm_map(*grid, point, domain, font_scale)
    named = arrows.by_name()
    box = layers.nice_box(fit_box(arrows.points, named, square_box(
        domain.xmin, domain.xmax, domain.ymin, domain.ymax, 0.5)))
    chart = tidy(layers.compose(
        basis_arrow_layers(arrows.points, named, box, size=size, highlight=here),
        xrange=box[:2], yrange=box[2:], size=size, scale=font_scale,
        title="Local Linear Approximation via Jacobian"))
    caption = (
        "At each point the **blue and green arrows** are $\\mathbf{e}_1$, $\\mathbf{e}_2$; the "
        "**vermillion and orange arrows** are their images $\\mathbf{J}_f\\mathbf{e}_1$, "
        "$\\mathbf{J}_f\\mathbf{e}_2$ — the **columns** of $\\mathbf{J}_f$ (all times the "
        f"scale {formatting.number(scale)}). Small steps in input space are mapped to "
        "(approximately) linear steps in output space.")
    return CourseFigure(norm=norm, arrows=chart, download=layers.side_by_side(norm, chart),
                        caption=caption)


@dataclass(frozen=True)
class ZoomCharts:
    """The zoom section's two charts: the square in the input plane, its images."""

    input: dict
    output: dict


def zoom_charts(images: SquareImages, point, domain: Domain,
                font_scale: float = 1.0) -> ZoomCharts:
    """The square around p (input plane) and its images under f and f(p) + J h (output plane,
    zoomed to the images)."""
    p = tuple(point[:2])
    in_box = square_box(domain.xmin, domain.xmax, domain.ymin, domain.ymax)
    square = tidy(layers.compose(
        outlines({"square": images.square}, {"square": PALETTE["black"]}, legend=False, width=2),
        layers.point(p[0], p[1], label="p"),
        xrange=in_box[:2], yrange=in_box[2:], size=chart_size(210, font_scale),
        scale=font_scale))
    box = layers.nice_box(images.box)
    names = {"f(square)": images.f_image, "f(p) + J h": images.linear_image}
    out = tidy(layers.compose(
        outlines(names, {"f(square)": PALETTE["vermillion"], "f(p) + J h": PALETTE["blue"]},
                 dashes={"f(p) + J h": (8, 6)}, width=3,
                 orient="bottom"),  # below the plot: never over the square
        marker(float(images.center[0]), float(images.center[1]), "f(p)",
               color=PALETTE["black"], size=60),
        xrange=box[:2], yrange=box[2:], size=chart_size(340, font_scale), scale=font_scale,
        xtitle="f₁", ytitle="f₂", title="output plane, zoomed to the image"))
    return ZoomCharts(input=square, output=out)


def error_chart(curve: ErrorCurve, h: float, font_scale: float = 1.0) -> dict | None:
    """The error against ‖h‖ on log–log axes with the slope-2 reference and the square's h
    (a blue line); None when the error is zero along the line (nothing to draw)."""
    if not np.isfinite(curve.slope):
        return None
    err = curve.error
    ok = np.isfinite(err) & (err > 0)
    lo, hi = float(np.min(err[ok])), float(np.max(err[ok]))
    ref = "slope 2: c‖h‖²"
    spec = layers.compose(
        curves({"error": (curve.h, np.where(ok, err, np.nan)), ref: (curve.h, curve.reference)},
               {"error": PALETTE["vermillion"], ref: PALETTE["grey"]},
               dashes={ref: (8, 6)}, points=False),
        vline(h, color=PALETTE["blue"]),
        xrange=(float(curve.h[0]), float(curve.h[-1])),
        yrange=layers.nice_range(lo / 3, hi * 3, log=True),
        size=chart_size(600, font_scale), height=chart_size(320, font_scale), scale=font_scale,
        xtitle="‖h‖", ytitle="error")
    return tidy(log_axes(spec))
