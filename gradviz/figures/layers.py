"""Altair layers for 2-D views of a domain: heatmap, contours, arrows, points, paths.

Each builder takes plain arrays and returns an ``alt.Chart`` layer; :func:`compose`
stacks layers on shared axes with projector-sized fonts. Non-finite values are
dropped (masked), colour scales are clipped to robust percentiles so a few huge
values don't wash the picture out, and big grids are downsampled to what a
screen can show.

>>> import numpy as np, gradviz
>>> from gradviz.sampling import Domain, evaluate_grid
>>> X, Y, Z = evaluate_grid(gradviz.parse("sin(x*y)"), Domain.square(0, 4), 50)
>>> chart = compose(heatmap(X, Y, Z), contours(X, Y, Z), domain=Domain.square(0, 4))
>>> chart.to_dict()["layer"][0]["mark"]["type"]
'rect'
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

__all__ = [
    "PALETTE", "robust_range", "heatmap", "contours", "level_curve", "arrows", "vector",
    "point", "path", "line", "compose", "screen_angle", "FONT",
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


def _downsample(X, Y, Z, max_side: int):
    ny, nx = Z.shape
    sy = max(1, int(np.ceil(ny / max_side)))
    sx = max(1, int(np.ceil(nx / max_side)))
    return X[::sy, ::sx], Y[::sy, ::sx], Z[::sy, ::sx]


def heatmap(X, Y, Z, title: str = "f", scheme: str = SCHEME, max_side: int = 70,
            clip: tuple[float, float] | None = None, tooltip: bool = True) -> alt.Chart:
    """Coloured cells of Z over the grid (X, Y); non-finite cells are left out.

    The colour scale covers the 1st–99th percentile unless ``clip`` is given.
    """
    X, Y, Z = _downsample(np.asarray(X), np.asarray(Y), np.asarray(Z, dtype=float), max_side)
    xs, ys = X[0], Y[:, 0]
    dx = (xs[1] - xs[0]) / 2 if xs.size > 1 else 0.5
    dy = (ys[1] - ys[0]) / 2 if ys.size > 1 else 0.5
    ok = np.isfinite(Z)
    df = pd.DataFrame({
        "x": (X - dx)[ok], "x2": (X + dx)[ok], "y": (Y - dy)[ok], "y2": (Y + dy)[ok],
        "cx": X[ok], "cy": Y[ok], "value": Z[ok],
    })
    rng = clip or robust_range(Z) or (0.0, 1.0)
    enc = dict(
        x=alt.X("x:Q"), x2="x2:Q", y=alt.Y("y:Q"), y2="y2:Q",
        color=alt.Color("value:Q", title=title,
                        scale=alt.Scale(scheme=scheme, domain=list(rng), clamp=True)),
    )
    if tooltip:
        enc["tooltip"] = [alt.Tooltip("cx:Q", title="x", format=".3g"),
                          alt.Tooltip("cy:Q", title="y", format=".3g"),
                          alt.Tooltip("value:Q", title=title, format=".4g")]
    return alt.Chart(df).mark_rect(stroke=None).encode(**enc)


def _contour_frame(X, Y, Z, levels) -> pd.DataFrame:
    import contourpy

    Z = np.ma.masked_invalid(np.asarray(Z, dtype=float))
    gen = contourpy.contour_generator(np.asarray(X), np.asarray(Y), Z,
                                      line_type=contourpy.LineType.Separate)
    rows_x, rows_y, rows_id, rows_level, rows_order = [], [], [], [], []
    seg = 0
    for level in levels:
        for line in gen.lines(float(level)):
            if len(line) < 2:
                continue
            rows_x.append(line[:, 0])
            rows_y.append(line[:, 1])
            rows_id.append(np.full(len(line), seg))
            rows_level.append(np.full(len(line), float(level)))
            rows_order.append(np.arange(len(line)))
            seg += 1
    if not rows_x:
        return pd.DataFrame({"x": [], "y": [], "seg": [], "level": [], "order": []})
    return pd.DataFrame({
        "x": np.concatenate(rows_x), "y": np.concatenate(rows_y),
        "seg": np.concatenate(rows_id), "level": np.concatenate(rows_level),
        "order": np.concatenate(rows_order),
    })


def contours(X, Y, Z, levels: int | list[float] = 12, color: str = PALETTE["white"],
             width: float = 1.2, opacity: float = 0.7) -> alt.Chart:
    """Level curves of Z at ``levels`` values (a count spreads them over the robust range)."""
    if isinstance(levels, int):
        rng = robust_range(Z)
        levels = [] if rng is None else list(np.linspace(rng[0], rng[1], levels + 2)[1:-1])
    df = _contour_frame(X, Y, Z, levels)
    return alt.Chart(df).mark_line(color=color, strokeWidth=width, opacity=opacity).encode(
        x="x:Q", y="y:Q", detail="seg:N", order="order:Q")


def level_curve(X, Y, Z, level: float, color: str = PALETTE["orange"],
                width: float = 3.0) -> alt.Chart:
    """The single level curve Z = level, drawn bold (the level set through a point)."""
    return contours(X, Y, Z, [level], color=color, width=width, opacity=1.0)


def screen_angle(u, v, px_per_x: float = 1.0, px_per_y: float = 1.0):
    """Vega-Lite's angle (degrees clockwise from up) for a data-space vector (u, v)."""
    return 90.0 - np.degrees(np.arctan2(np.asarray(v) * px_per_y, np.asarray(u) * px_per_x))


def arrows(X, Y, U, V, domain, size: int = 520, color: str = PALETTE["white"],
           by_magnitude: bool = False, max_length: float | None = None,
           head: int = 90, title: str = "|f|") -> alt.Chart:
    """A quiver plot: one arrow per grid point, longest arrow ≈ one grid cell.

    Arrows with non-finite components are left out. ``by_magnitude`` colours
    them by length (and keeps lengths, scaled).
    """
    X, Y, U, V = (np.asarray(a, dtype=float).ravel() for a in (X, Y, U, V))
    ok = np.isfinite(U) & np.isfinite(V)
    X, Y, U, V = X[ok], Y[ok], U[ok], V[ok]
    mag = np.hypot(U, V)
    if max_length is None:
        k = max(int(np.sqrt(max(X.size, 1))), 2)
        max_length = 0.9 * domain.span / (k - 1)
    top = np.percentile(mag, 95) if mag.size else 1.0
    scale = max_length / top if top > 0 else 0.0
    Ls = np.minimum(mag * scale, max_length * 1.3)
    with np.errstate(all="ignore"):
        ux = np.where(mag > 0, U / mag, 0.0)
        uy = np.where(mag > 0, V / mag, 0.0)
    px_x = size / (domain.xmax - domain.xmin)
    px_y = size / (domain.ymax - domain.ymin)
    df = pd.DataFrame({
        "x": X, "y": Y, "x2": X + ux * Ls, "y2": Y + uy * Ls, "mag": mag,
        "angle": screen_angle(ux, uy, px_x, px_y), "u": U, "v": V,
    })
    base = alt.Chart(df)
    col = (alt.Color("mag:Q", title=title, scale=alt.Scale(scheme="plasma"))
           if by_magnitude else alt.value(color))
    tip = [alt.Tooltip("x:Q", format=".3g"), alt.Tooltip("y:Q", format=".3g"),
           alt.Tooltip("u:Q", format=".4g"), alt.Tooltip("v:Q", format=".4g")]
    shaft = base.mark_rule(strokeWidth=2).encode(x="x:Q", y="y:Q", x2="x2:Q", y2="y2:Q",
                                                color=col, tooltip=tip)
    heads = base.mark_point(shape="triangle", filled=True, size=head, opacity=1).encode(
        x="x2:Q", y="y2:Q", angle=alt.Angle("angle:Q", scale=None), color=col)
    return alt.layer(shaft, heads)


def vector(x0: float, y0: float, u: float, v: float, domain, color: str = PALETTE["vermillion"],
           label: str | None = None, size: int = 520, width: float = 4.0) -> alt.LayerChart:
    """One bold arrow from (x0, y0) to (x0 + u, y0 + v), optionally labelled at its tip."""
    px_x = size / (domain.xmax - domain.xmin)
    px_y = size / (domain.ymax - domain.ymin)
    df = pd.DataFrame({"x": [x0], "y": [y0], "x2": [x0 + u], "y2": [y0 + v],
                       "angle": [float(screen_angle(u, v, px_x, px_y))],
                       "label": [label or ""]})
    base = alt.Chart(df)
    layers = [
        base.mark_rule(strokeWidth=width, color=color).encode(x="x:Q", y="y:Q", x2="x2:Q",
                                                              y2="y2:Q"),
        base.mark_point(shape="triangle", filled=True, size=width * 60, color=color,
                        opacity=1).encode(x="x2:Q", y="y2:Q",
                                          angle=alt.Angle("angle:Q", scale=None)),
    ]
    if label:
        layers.append(base.mark_text(align="left", dx=8, dy=-8, fontSize=FONT + 2,
                                     fontWeight="bold", color=color).encode(
            x="x2:Q", y="y2:Q", text="label:N"))
    return alt.layer(*layers)


def point(x: float, y: float, label: str | None = None, color: str = PALETTE["orange"],
          size: int = 220) -> alt.LayerChart:
    """A marked point (white-edged so it shows on any colour), with an optional label."""
    df = pd.DataFrame({"x": [x], "y": [y], "label": [label or ""]})
    base = alt.Chart(df)
    layers = [base.mark_point(filled=True, size=size, color=color, stroke="white",
                              strokeWidth=2, opacity=1).encode(x="x:Q", y="y:Q")]
    if label:
        layers.append(base.mark_text(align="left", dx=10, dy=14, fontSize=FONT,
                                     fontWeight="bold", color=color).encode(
            x="x:Q", y="y:Q", text="label:N"))
    return alt.layer(*layers)


def path(points, color: str = PALETTE["vermillion"], width: float = 3.0) -> alt.LayerChart:
    """A polyline through points (rows of an (k, 2) array) with its vertices marked."""
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    df = pd.DataFrame({"x": pts[:, 0], "y": pts[:, 1], "step": np.arange(len(pts))})
    base = alt.Chart(df)
    return alt.layer(
        base.mark_line(color=color, strokeWidth=width).encode(x="x:Q", y="y:Q", order="step:Q"),
        base.mark_circle(color=color, size=40, opacity=1).encode(
            x="x:Q", y="y:Q", tooltip=["step:Q", alt.Tooltip("x:Q", format=".4g"),
                                       alt.Tooltip("y:Q", format=".4g")]),
    )


def line(x, y, color: str = PALETTE["blue"], width: float = 3.0, dash=None,
         name: str | None = None) -> alt.Chart:
    """A plain curve y(x); non-finite points are dropped (the curve breaks there)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    df = pd.DataFrame({"x": x, "y": np.where(np.isfinite(y), y, np.nan), "name": name or ""})
    return alt.Chart(df).mark_line(color=color, strokeWidth=width,
                                   strokeDash=dash or [1, 0]).encode(x="x:Q", y="y:Q")


def compose(*layers, domain=None, size: int = 520, title: str | None = None,
            xtitle: str = "x", ytitle: str = "y", scale: float = 1.0,
            height: int | None = None):
    """Stack layers on shared axes fixed to the domain; fonts sized for a projector."""
    xs = alt.Scale(domain=[domain.xmin, domain.xmax], nice=False, zero=False) if domain \
        else alt.Scale(zero=False)
    ys = alt.Scale(domain=[domain.ymin, domain.ymax], nice=False, zero=False) if domain \
        else alt.Scale(zero=False)
    chart = alt.layer(*layers).resolve_scale(color="independent").encode(
        x=alt.X("x:Q", title=xtitle, scale=xs), y=alt.Y("y:Q", title=ytitle, scale=ys))
    props = dict(width=size, height=height or size)
    if title:
        props["title"] = alt.TitleParams(title, fontSize=int((FONT + 4) * scale))
    return (chart.properties(**props)
            .configure_axis(labelFontSize=int(FONT * scale), titleFontSize=int((FONT + 2) * scale),
                            grid=False)
            .configure_legend(labelFontSize=int((FONT - 2) * scale),
                              titleFontSize=int(FONT * scale), gradientLength=int(size * 0.6))
            .configure_view(strokeWidth=0))
