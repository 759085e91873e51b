"""The gradient-descent page's charts: the map of the runs, and the runs over the iterations.

The iterations are not a map of the domain (k on the x axis): Vega-Lite panels. The map
draws the runs over the contour map until the scene engine's Path layer takes it over.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import derivatives, layers
from .linear import curves, log_axes, tidy

__all__ = ["COLORS", "DescentCharts", "charts", "iteration_panels", "map_chart"]

#: plain descent and the run with momentum, on the map and in the panels alike
COLORS = (layers.PALETTE["sky"], layers.PALETTE["orange"])
SIZE = 400


def _panel(runs, values, steps: int, ytitle: str, scale: float, log: bool,
           legend: bool = True) -> dict:
    names = [r.name for r in runs]
    ok = np.concatenate([v[np.isfinite(v) & (v > 0 if log else True)] for v in values])
    lo, hi = (float(ok.min()), float(ok.max())) if ok.size else (1.0, 10.0)
    spec = layers.compose(
        curves({n: (np.arange(len(v)), np.where(v > 0, v, np.nan) if log else v)
                for n, v in zip(names, values)}, dict(zip(names, COLORS)), points=True,
               legend=legend),
        xrange=(0, max(steps, 1)), yrange=layers.nice_range(lo, hi, log=log),
        size=round(300 * scale), height=round(170 * scale), scale=scale, xtitle="step k",
        ytitle=ytitle)
    return tidy(log_axes(spec, x=False) if log else spec)


def iteration_panels(d, scale: float = 1.0) -> list[dict]:
    """f(x_k) − f* and ‖x_k − x*‖ over the steps on log scales (f(x_k) alone, linear, when no
    minimum was found), for a :class:`~gradviz.topics.descent.Descent`.

    >>> import gradviz
    >>> from gradviz.topics.descent import run
    >>> [p["encoding"]["y"]["title"] for p in iteration_panels(run(gradviz.parse("x^2 + 10y^2"),
    ...                                                          (1, 1), 0.05, 3))]
    ['f(x_k) − f*', '‖x_k − x*‖']
    """
    runs = d.runs
    if d.minimum is None:
        return [_panel(runs, [r.values for r in runs], d.steps, "f(x_k)", scale, log=False)]
    return [_panel(runs, [r.values - d.minimum.value for r in runs], d.steps, "f(x_k) − f*",
                   scale, True),
            _panel(runs, [r.distances for r in runs], d.steps, "‖x_k − x*‖", scale, True, False)]


def map_chart(X, Y, Z, d, start, domain, title: str, scale: float = 1.0) -> dict:
    """Heatmap and contours of f, the runs from ``start`` (light blue plain, orange with
    momentum), ∇f's direction at the start, the minimum x* and the start p."""
    parts = [layers.heatmap(X, Y, Z, title="f"), layers.contours(X, Y, Z, 12, opacity=0.55)]
    for r, color in zip(d.runs, COLORS):
        parts += [derivatives.clipped(p) for p in derivatives.haloed_curve(
            layers.path(r.points, color=color), halo=layers.PALETTE["black"], width_add=3.0)]
    g = np.asarray(d.grad[:2], dtype=float)
    if np.all(np.isfinite(g)) and np.hypot(*g) > 0:
        u = g / np.hypot(*g) * 0.2 * domain.span
        parts += derivatives.haloed_vector(start[0], start[1], u[0], u[1], domain, label="∇f",
                                           size=SIZE)
    m = d.minimum
    if m is not None and domain.contains(m.point):
        parts += derivatives.labelled_point(m.point[0], m.point[1], "x*",
                                            color=layers.PALETTE["white"], size=160)
    parts += derivatives.labelled_point(start[0], start[1], "p")
    return derivatives.plot_area_sized(layers.compose(*parts, domain=domain, scale=scale,
                                                      size=SIZE, title=title))


@dataclass(frozen=True)
class DescentCharts:
    """The page's map, its iteration panels (one column) and both in one figure (downloads)."""

    map: dict
    iterations: dict
    figure: dict


def charts(X, Y, Z, d, start, domain, title: str, scale: float = 1.0) -> DescentCharts:
    """The map and the iteration panels of a :class:`~gradviz.topics.descent.Descent`."""
    panels = iteration_panels(d, scale)
    the_map = map_chart(X, Y, Z, d, start, domain, title, scale)
    return DescentCharts(the_map, layers.side_by_side(*panels, stack="vconcat"),
                         layers.side_by_side(the_map, *panels))
