"""The partial-derivatives page's charts that are not maps: the slices on the 3-D surface
(Plotly) and the finite-difference errors (Vega-Lite).

>>> import gradviz
>>> from gradviz.topics.partials import finite_differences
>>> spec = finite_difference_chart(finite_differences(gradviz.parse("sin(x*y)"), (1, 2), "x", -6))
>>> [layer["mark"]["type"] for layer in spec["layer"]]
['line', 'rule']
"""

from __future__ import annotations

from . import derivatives as derivative_figures
from .layers import PALETTE, compose, curves, vline

__all__ = ["slices_surface", "finite_difference_chart"]


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
    return compose(
        curves({"forward": (fd.log_h, fd.log_forward), "central": (fd.log_h, fd.log_central)},
               {"forward": PALETTE["vermillion"], "central": PALETTE["blue"]}, legend=False),
        vline(fd.k, width=1.5, dash=(4, 4)),
        xrange=(-16, 0), yrange=fd.yrange, size=520, height=320, scale=scale,
        xtitle="log10 h", ytitle="log10 |error|",
        title="forward (vermillion) and central (blue) differences")
