"""Figures for the partial-derivative and gradient-field pages (arrays in, specs out).

* :func:`haloed_arrows`, :func:`haloed_vector`, :func:`haloed_curve` — layers
  drawn twice, a wide white halo under a dark line, so they read on every colour of
  a viridis heatmap (dark purple and bright yellow alike), from the back row.
* :func:`slices_surface` — the Plotly surface with the two slices through the point
  and their tangent lines drawn on it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import formatting
from . import layers
from .surface import _back

__all__ = ["SLICE_COLORS", "SURFACE_SCALE", "TANGENT_COLOR", "haloed_arrows", "haloed_vector",
           "haloed_curve", "labelled_point", "level_curve_through", "clipped", "plot_area_sized", "object_padding", "tangent_plane_surface",
           "slices_surface", "arrows_caption", "MIN_ARROW"]

#: one colour per variable's slice, the same on the 2-D charts and the surface
SLICE_COLORS = (layers.PALETTE["vermillion"], layers.PALETTE["purple"], layers.PALETTE["green"])
#: a light surface so the coloured slices stand out on it (light grey to sky blue)
SURFACE_SCALE = [[0.0, "#f2f2f2"], [0.5, "#bcd9ee"], [1.0, "#56B4E9"]]
#: the tangent lines (dashed)
TANGENT_COLOR = layers.PALETTE["black"]


def _recolor(part: layers.Layers, color: str, width_add: float = 0.0, size_mul: float = 1.0
             ) -> layers.Layers:
    """A copy of some layers in one flat colour, lines widened and symbols enlarged."""
    out = {"layer": [], "datasets": part["datasets"]}
    for spec in part["layer"]:
        spec = dict(spec)
        mark = dict(spec["mark"])
        enc = dict(spec.get("encoding", {}))
        enc.pop("color", None)
        enc.pop("tooltip", None)
        mark["color"] = color
        if mark["type"] in ("rule", "line"):
            mark["strokeWidth"] = mark.get("strokeWidth", 1.0) + width_add
        elif mark["type"] == "point":
            mark["size"] = mark.get("size", 60) * size_mul
        elif mark["type"] == "text":
            mark["stroke"] = color
            mark["strokeWidth"] = 3
        spec["mark"] = mark
        spec["encoding"] = enc
        out["layer"].append(spec)
    return out


def _with_halo(part: layers.Layers, halo: str, width_add: float, size_mul: float) -> list[layers.Layers]:
    return [_recolor(part, halo, width_add, size_mul), part]


def haloed_arrows(X, Y, U, V, domain, color: str = layers.PALETTE["black"],
                  halo: str = layers.PALETTE["white"], width: float = 2.2, head: int = 110,
                  size: int = 520) -> list[layers.Layers]:
    """Quiver arrows in ``color`` over a white halo: readable on any heatmap colour.

    Returns two layer groups (halo, arrows) to pass to :func:`~gradviz.figures.layers.compose`.

    >>> import numpy as np
    >>> from gradviz.domain import Domain
    >>> X, Y = np.meshgrid(np.arange(3.0), np.arange(3.0))
    >>> halo, top = haloed_arrows(X, Y, X, Y, Domain.square(0, 2))
    >>> halo["layer"][0]["mark"]["color"], top["layer"][0]["encoding"]["color"]
    ('#ffffff', {'value': '#000000'})
    """
    part = layers.arrows(X, Y, U, V, domain, size=size, color=color, width=width, head=head,
                    min_fraction=MIN_ARROW)
    return _with_halo(part, halo, 3.0, 2.0)


#: arrows shorter than this fraction of a grid cell are drawn this long, faint (direction only)
MIN_ARROW = 0.3


def arrows_caption(U, V, domain, name: str = "|∇f|") -> str:
    """What the arrows' lengths mean, true for this grid: the scale, and which are not to scale.

    >>> from gradviz.domain import Domain
    >>> U = np.array([[1.0, 1e-4], [1.0, 1.0]])
    >>> print(arrows_caption(U, 0 * U, Domain.square(0, 1)))
    Arrow length ∝ |∇f|: one cell ≈ 1. Faint arrows (1 of 4) have |∇f| < 0.3: drawn 0.3 cell long, for their direction only.
    """
    top, _ = layers.arrow_scale(U, V, domain)
    U, V = np.asarray(U, dtype=float).ravel(), np.asarray(V, dtype=float).ravel()
    ok = np.isfinite(U) & np.isfinite(V)
    mag = np.hypot(U[ok], V[ok])
    if not mag.size or top <= 0:
        return ""
    text = f"Arrow length ∝ {name}: one cell ≈ {formatting.number(top)}."
    short = int(np.sum((mag > 0) & (mag < MIN_ARROW * top)))
    if short:
        text += (f" Faint arrows ({short} of {mag.size}) have {name} < {formatting.number(MIN_ARROW * top)}: "
                 f"drawn {formatting.number(MIN_ARROW)} cell long, for their direction only.")
    return text


def haloed_vector(x0: float, y0: float, u: float, v: float, domain,
                  color: str = layers.PALETTE["vermillion"], label: str | None = None,
                  halo: str = layers.PALETTE["white"], width: float = 5.0,
                  size: int = 520) -> list[layers.Layers]:
    """One bold labelled arrow over a white halo."""
    part = layers.vector(x0, y0, u, v, domain, color=color, label=label, size=size, width=width)
    under, top = _with_halo(part, halo, 4.0, 1.8)
    return [under, _dark_labels(top)]


def _dark_labels(part: layers.Layers, color: str = layers.PALETTE["black"]) -> layers.Layers:
    """The same layers with their text marks in ``color`` (labels read on any background
    when a white halo sits under them)."""
    recoloured = [dict(spec, mark=dict(spec["mark"], color=color)) if spec["mark"]["type"] == "text"
                  else spec for spec in part["layer"]]
    return {"layer": recoloured, "datasets": part["datasets"]}


def labelled_point(x: float, y: float, label: str, color: str = layers.PALETTE["vermillion"],
                   size: int = 240) -> list[layers.Layers]:
    """A white-edged point with a black, white-haloed label: readable on any heatmap colour.

    >>> halo, top = labelled_point(1, 2, "p")
    >>> [s["mark"]["type"] for s in top["layer"]], top["layer"][1]["mark"]["color"]
    (['point', 'text'], '#000000')
    """
    part = layers.point(x, y, label=label, color=color, size=size)
    halo = _recolor(part, layers.PALETTE["white"], 0.0, 1.0)
    halo["layer"] = [spec for spec in halo["layer"] if spec["mark"]["type"] == "text"]
    return [halo, _dark_labels(part)]


def haloed_curve(part: layers.Layers, halo: str = layers.PALETTE["white"], width_add: float = 4.0
                 ) -> list[layers.Layers]:
    """Any line layers (a level curve, a path) over a white halo."""
    return _with_halo(part, halo, width_add, 1.8)


def level_curve_through(X, Y, Z, point, value: float, color: str = layers.PALETTE["orange"],
                        width: float = 4.0, halo: str = layers.PALETTE["black"]) -> list[layers.Layers]:
    """The level curve of Z through a point: the branch of {Z = value} nearest the point.

    A level set can have many branches (sin(xy) = 0.9 on xy = 1.12, 2.02, 7.4, …);
    only the one passing through the point is drawn, bold, with a dark casing.
    Returns ``[]`` when the level set has no branch on the grid.

    >>> import numpy as np
    >>> X, Y = np.meshgrid(np.linspace(0, 4, 60), np.linspace(0, 4, 60))
    >>> casing, core = level_curve_through(X, Y, np.sin(X * Y), (1, 2), np.sin(2.0))
    >>> df = core["datasets"]["_"]
    >>> bool(np.allclose(df.x * df.y, 2, atol=0.02))  # only the branch xy = 2
    True

    Where the grid breaks the branch near the point, all its pieces are kept (the
    Rosenbrock valley's f = 4 through (−1, 1), where the curve turns round):

    >>> X, Y = np.meshgrid(np.linspace(-2, 2, 80), np.linspace(-1, 3, 80))
    >>> Z = (1 - X)**2 + 100 * (Y - X**2)**2
    >>> len(level_curve_through(X, Y, Z, (-1, 1), 4.0)[1]["datasets"]["_"]) > 200
    True
    """
    df = layers._contour_frame(X, Y, Z, [float(value)])
    if df.empty:
        return []
    dist = np.hypot(df["x"].to_numpy() - float(point[0]), df["y"].to_numpy() - float(point[1]))
    near = pd.Series(dist).groupby(df["seg"].to_numpy()).min()
    # the grid can break the branch into pieces near the point: keep every piece that
    # comes within a few cells of it (other branches are much further away)
    X, Y = np.asarray(X), np.asarray(Y)
    cell = max(abs(X[0, 1] - X[0, 0]) if X.shape[1] > 1 else 0.0,
               abs(Y[1, 0] - Y[0, 0]) if Y.shape[0] > 1 else 0.0)
    keep = near.index[near <= near.min() + 3 * cell]
    df = df[df["seg"].isin(keep)].reset_index(drop=True)
    part = layers._layers(df, {
        "mark": {"type": "line", "color": color, "strokeWidth": width, "opacity": 1.0,
                 "clip": True},
        "encoding": {"x": layers._q("x"), "y": layers._q("y"), "order": layers._q("order"),
                     "detail": {"field": "seg", "type": "nominal"}},
    })
    return _with_halo(part, halo, 3.0, 1.0)


def clipped(part: layers.Layers) -> layers.Layers:
    """The same layers, cut off at the chart's frame (arrows near the edge stay inside)."""
    return {"layer": [dict(spec, mark=dict(spec["mark"], clip=True)) for spec in part["layer"]],
            "datasets": part["datasets"]}


def plot_area_sized(spec: dict) -> dict:
    """Make ``width``/``height`` of a composed spec the plot area, axes and legend outside it.

    Streamlit's default (autosize "fit") squeezes axes and legend into ``size``,
    so a square domain is drawn in a non-square box and arrow heads, whose angles
    :func:`gradviz.figures.layers.arrows` computes for a ``size`` × ``size`` plot,
    point slightly off their shafts. With "pad" the plot is exactly size × size.

    >>> plot_area_sized({"width": 400})["autosize"]
    {'type': 'pad', 'contains': 'padding'}
    """
    spec["autosize"] = {"type": "pad", "contains": "padding"}
    return object_padding(spec)


def object_padding(spec: dict) -> dict:
    """The spec with a numeric ``padding`` written as an object (changed in place).

    Streamlit 1.67's chart component sets ``padding.bottom`` itself and fails on a
    plain number ("TypeError: Cannot create property 'bottom' on number '8'").

    >>> object_padding({"padding": 8})["padding"]
    {'left': 8, 'right': 8, 'top': 8, 'bottom': 8}
    """
    pad = spec.get("padding", 5)
    if isinstance(pad, (int, float)):
        spec["padding"] = {side: pad for side in ("left", "right", "top", "bottom")}
    return spec


def _base_surface(SX, SY, SZ, height: int, font: int) -> dict:
    """The look of :func:`gradviz.figures.surface.surface` as a plain figure dict.

    Same downsampling, clipping of extreme values, colours and axes, plus a closer
    camera and fewer, smaller ticks so the surface fills its box. Built as a dict
    because the Figure methods validate on every call (tens of ms each).
    """
    from .surface import _clipped

    ny, nx = np.shape(SZ)
    k = max(1, int(np.ceil(max(nx, ny) / 80)))
    X, Y, Z = np.asarray(SX)[::k, ::k], np.asarray(SY)[::k, ::k], _clipped(SZ)[::k, ::k]
    axis = {"nticks": 5, "tickfont": {"size": max(font - 3, 10)}}
    return {
        "data": [{"type": "surface", "x": X, "y": Y, "z": Z, "colorscale": "Viridis",
                  "showscale": False, "opacity": 0.92, "name": "f", "hoverinfo": "x+y+z"}],
        "layout": {
            "height": height, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "font": {"size": font}, "showlegend": False, "uirevision": "keep",
            "scene": {"xaxis": {"title": {"text": "x"}, **axis},
                      "yaxis": {"title": {"text": "y"}, **axis},
                      "zaxis": {"title": {"text": "f"}, **axis},
                      "aspectmode": "manual", "aspectratio": {"x": 1, "y": 1, "z": 0.7},
                      "camera": {"eye": {"x": 1.2 * _back(font), "y": -1.35 * _back(font),
                                         "z": 0.8 * _back(font)}}},
        },
    }


def _figure(fig: dict):
    """A Plotly Figure from a dict built here, without validating it again.

    Plotly validates every ``add_trace``/``update_layout``, which is slow; one
    unvalidated construction keeps a slider move quick. The tests validate these
    figures once (``go.Figure(fig.to_dict())``).
    """
    import plotly.graph_objects as go

    return go.Figure(fig, _validate=False)


def _point_trace(x: float, y: float, z: float, color: str, name: str = "p") -> dict:
    return {"type": "scatter3d", "x": [x], "y": [y], "z": [z], "mode": "markers", "name": name,
            "marker": {"size": 7, "color": color, "line": {"color": "white", "width": 2}}}


def tangent_plane_surface(SX, SY, SZ, point, value: float, gx: float, gy: float,
                          half: float, height: int = 480, font: int = 16):
    """The surface z = f(x, y) with the tangent plane at the point and the point.

    Parameters
    ----------
    SX, SY, SZ : ndarray
        The surface grid.
    point : sequence of float
        (x₀, y₀, …).
    value, gx, gy : float
        f(p), ∂f/∂x(p) and ∂f/∂y(p): the plane is z = f(p) + gx (x − x₀) + gy (y − y₀).
    half : float
        Half-width of the square of plane drawn around the point.

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> import numpy as np
    >>> X, Y = np.meshgrid(np.linspace(0, 4, 20), np.linspace(0, 4, 20))
    >>> fig = tangent_plane_surface(X, Y, np.sin(X * Y), (1, 2), np.sin(2), 2 * np.cos(2),
    ...                             np.cos(2), 0.8)
    >>> [t.name for t in fig.data]
    ['f', 'tangent plane', 'p']
    >>> float(fig.data[1].z[0][0]) == float(np.sin(2) - 0.8 * 2 * np.cos(2) - 0.8 * np.cos(2))
    True
    """
    fig = _base_surface(SX, SY, SZ, height, font)
    x0, y0 = float(point[0]), float(point[1])
    if np.isfinite(value) and np.isfinite(gx) and np.isfinite(gy):
        PX, PY = np.meshgrid([x0 - half, x0 + half], [y0 - half, y0 + half])
        PZ = value + gx * (PX - x0) + gy * (PY - y0)
        color = layers.PALETTE["orange"]
        fig["data"].append({"type": "surface", "x": PX, "y": PY, "z": PZ, "showscale": False,
                            "opacity": 0.6, "name": "tangent plane", "hoverinfo": "skip",
                            "colorscale": [[0, color], [1, color]]})
    if np.isfinite(value):
        fig["data"].append(_point_trace(x0, y0, value, layers.PALETTE["vermillion"]))
    return _figure(fig)


def slices_surface(SX, SY, SZ, slices, point, value: float, names=("x", "y"),
                   height: int = 520, font: int = 16, tangent_half: float | None = None):
    """The surface z = f(x, y) with the slices through the point and their tangent lines.

    The surface is drawn light (grey to sky blue, with faint level lines) so the
    coloured slices stand out on it.

    Parameters
    ----------
    SX, SY, SZ : ndarray
        The surface grid (from :func:`gradviz.sampling.evaluate_grid`).
    slices : sequence of SliceView
        The x-slice and the y-slice (``var`` 0 and 1); others are ignored.
    point : sequence of float
        The point (x₀, y₀, …).
    value : float
        f at the point.
    names : sequence of str
        The variables' names (for the legend).
    tangent_half : float, optional
        Half-length of the tangent segments (default: a fifth of the domain).

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> import gradviz
    >>> from gradviz.domain import Domain
    >>> from gradviz.sampling import evaluate_grid
    >>> from gradviz.topics.derivatives import slice_with_tangent
    >>> f = gradviz.parse("sin(x*y)")
    >>> X, Y, Z = evaluate_grid(f, Domain.square(0, 4), 30)
    >>> s = [slice_with_tangent(f, (1, 2), v, 0, 4) for v in (0, 1)]
    >>> fig = slices_surface(X, Y, Z, s, (1, 2), float(f(1, 2)))
    >>> [t.name for t in fig.data]
    ['f', 'slice along x', 'tangent, slope ∂f/∂x', 'slice along y', 'tangent, slope ∂f/∂y', 'p']
    """
    fig = _base_surface(SX, SY, SZ, height, font)
    rng = layers.robust_range(SZ, 0.5, 99.5)
    lo, hi = rng if rng else (-np.inf, np.inf)
    pad = 0.25 * (hi - lo) if rng else 0.0
    span = max(float(np.ptp(SX)), float(np.ptp(SY)))
    half = tangent_half if tangent_half is not None else span / 5.0
    x0, y0 = float(point[0]), float(point[1])
    base = fig["data"][0]
    base.update(colorscale=SURFACE_SCALE, opacity=0.95)
    if rng:  # faint level lines on the surface help read its shape
        base["contours"] = {"z": {"show": True, "color": "#9a9a9a", "width": 1, "start": lo,
                                  "end": hi, "size": (hi - lo) / 12}}
    for s in slices:
        if s.var not in (0, 1):
            continue
        with np.errstate(invalid="ignore"):
            z = np.where((s.values >= lo - pad) & (s.values <= hi + pad), s.values, np.nan)
        xs = s.t if s.var == 0 else np.full_like(s.t, x0)
        ys = s.t if s.var == 1 else np.full_like(s.t, y0)
        fig["data"].append({"type": "scatter3d", "x": xs, "y": ys, "z": z, "mode": "lines",
                            "name": f"slice along {names[s.var]}",
                            "line": {"color": SLICE_COLORS[s.var], "width": 8}})
        if np.isfinite(s.slope) and np.isfinite(s.value):
            tt = np.array([s.t0 - half, s.t0 + half])
            tz = s.value + s.slope * (tt - s.t0)
            fig["data"].append({
                "type": "scatter3d", "mode": "lines",
                "x": tt if s.var == 0 else np.full(2, x0),
                "y": tt if s.var == 1 else np.full(2, y0), "z": tz,
                "name": f"tangent, slope ∂f/∂{names[s.var]}",
                "line": {"color": TANGENT_COLOR, "width": 6, "dash": "dash"}})
    if np.isfinite(value):
        fig["data"].append(_point_trace(x0, y0, value, layers.PALETTE["orange"]))
    fig["layout"].update(showlegend=True, margin={"l": 0, "r": 0, "t": 40, "b": 0},
                         legend={"orientation": "h", "x": 0, "y": -0.02, "yanchor": "top",
                                 "font": {"size": font}})
    return _figure(fig)
