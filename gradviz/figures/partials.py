"""The partial-derivatives page's charts, from :mod:`gradviz.topics.partials` results.

>>> import gradviz
>>> from gradviz.domain import Domain
>>> from gradviz.topics.partials import partials_at
>>> at = partials_at(gradviz.parse("sin(x*y)"), (1, 2), Domain.square(0, 4))
>>> [spec["encoding"]["x"]["title"] for spec in slice_charts(at, slice_size(2, False))]
['x', 'y']
"""

from __future__ import annotations

from .. import formatting
from . import derivatives as derivative_figures
from . import layers

__all__ = ["slice_size", "slice_charts", "slices_figure", "slices_surface",
           "finite_difference_chart", "live_size", "map_title", "slices_map", "map_caption"]


def slice_size(n: int, lecture: bool) -> int:
    """Plot-area px of one slice chart: with axes and title each fits half of a 1500 px
    window for f(x, y) (lecture mode's bigger fonts take more room around the plot), a
    third for f(x, y, z)."""
    if n != 2:
        return 280
    return 320 if lecture else 400


def live_size(lecture: bool) -> int:
    """Plot-area px of the live map: its two slice panels sit beside it (under it in
    lecture mode, whose column is narrower); with them it fits the page's main column at a
    1280 px wide window."""
    return 300 if lecture else 320


def slice_charts(at, size: int, scale: float = 1.0) -> list[dict]:
    """One Vega-Lite chart per slice of ``at`` (a :class:`~gradviz.topics.partials.PartialsAt`)."""
    return [derivative_figures.slice_chart(panel.slice, panel.name, panel.curve_name,
                                           panel.slope_name, size=size, scale=scale)
            for panel in at.panels]


def slices_figure(at, specs: list[dict]) -> dict:
    """The slices side by side, titled with f and p (the downloaded figure)."""
    return layers.side_by_side(*specs, title=at.figure_title)


def slices_surface(SX, SY, SZ, at, scale: float = 1.0):
    """The surface with the slices through p and their tangent lines (Plotly, 3-D)."""
    names = [panel.name for panel in at.panels]
    fig = derivative_figures.slices_surface(SX, SY, SZ, [panel.slice for panel in at.panels],
                                            at.point, at.value, names=names, height=500,
                                            font=round(16 * scale))
    if at.surface_title:
        fig.update_layout(title=at.surface_title)
    return fig


def finite_difference_chart(fd, scale: float = 1.0) -> dict:
    """log10 |error| of the forward (vermillion) and central (blue) differences over
    log10 h, with the chosen step marked (``fd``: a
    :class:`~gradviz.topics.partials.FiniteDifferences`). Exact zeros are left out."""
    return layers.compose(
        layers.line(fd.log_h, fd.log_forward, color=layers.PALETTE["vermillion"],
                    name="forward"),
        layers.line(fd.log_h, fd.log_central, color=layers.PALETTE["blue"], name="central"),
        layers.rule(x=fd.k, color=layers.PALETTE["grey"]),
        xrange=(-16, 0), yrange=fd.yrange, size=520, height=320, scale=scale,
        xtitle="log10 h", ytitle="log10 |error|",
        title="forward (vermillion) and central (blue) differences")


def map_title(f, point, text: str) -> str:
    """The map's title: f of the view's variables (a third held at its value) = the text.

    >>> import gradviz
    >>> map_title(gradviz.parse("x*y*z"), (1, 2, 0.5), "x*y*z")
    'f(x, y, z = 0.5) = x*y*z'
    """
    names = list(f.variables[:2]) + [f"{v} = {formatting.point((c,))[1:-1]}"
                                     for v, c in zip(f.variables[2:], point[2:])]
    return f"f({', '.join(names)}) = {text}"


def slices_map(X, Y, Z, at, domain, title: str, size: int = 400, scale: float = 1.0) -> dict:
    """The server's map (when f can't go to the browser): the heatmap of f with the slice
    lines y = y₀ and x = x₀ through p (a click moves p)."""
    x0, y0 = at.point[0], at.point[1]
    colors = derivative_figures.SLICE_COLORS
    return derivative_figures.plot_area_sized(layers.compose(
        layers.heatmap(X, Y, Z, title="f", max_side=len(X)),
        layers.contours(X, Y, Z, 10, width=1.0, opacity=0.55),
        layers.rule(y=y0, color=colors[0], width=3, dash=(1, 0)),
        layers.rule(x=x0, color=colors[1], width=3, dash=(1, 0)),
        *derivative_figures.labelled_point(x0, y0, "p"),
        domain=domain, scale=scale, size=size, title=title))


def map_caption(at, live: bool) -> str:
    """What the map shows and how to move p on it."""
    names = [panel.name for panel in at.panels]
    held = (f" The map is the slice {names[2]} = {formatting.point((at.point[2],))[1:-1]}."
            if len(names) == 3 else "")
    return (f"Vermillion: the line {names[1]} = {names[1]}₀ along which the {names[0]}-slice "
            f"runs; purple: {names[0]} = {names[0]}₀, the {names[1]}-slice."
            + (" Next to the map, both slices with their dashed tangent lines follow p. "
               "Press or drag in the map (or focus it and use the arrow keys) to move p."
               if live else " Click the map to move p.") + held)
