"""The partial-derivatives page's charts, from :mod:`gradviz.topics.partials` results.

>>> import gradviz
>>> from gradviz.domain import Domain
>>> from gradviz.topics.partials import partials_at
>>> at = partials_at(gradviz.parse("sin(x*y)"), (1, 2), Domain.square(0, 4))
>>> [spec["encoding"]["x"]["title"] for spec in slice_charts(at, slice_size(2, False))]
['x', 'y']
"""

from __future__ import annotations

from . import derivatives as derivative_figures
from . import layers

__all__ = ["slice_size", "slice_charts", "slices_figure", "slices_surface",
           "finite_difference_chart", "live_size"]


def slice_size(n: int, lecture: bool) -> int:
    """Plot-area px of one slice chart: with axes and title each fits half of a 1500 px
    window for f(x, y) (lecture mode's bigger fonts take more room around the plot), a
    third for f(x, y, z)."""
    if n != 2:
        return 280
    return 320 if lecture else 400


def live_size(lecture: bool) -> int:
    """Plot-area px of the live map (its two slice panels sit beside it)."""
    return 300 if lecture else 340


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
