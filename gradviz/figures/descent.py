"""The gradient-descent page's chart of the runs over the steps (its map is a scene,
:func:`gradviz.topics.descent.picture`)."""

from __future__ import annotations

import numpy as np

from . import layers
from .layers import curves, log_axes

__all__ = ["COLORS", "iteration_panels", "iterations_chart"]

#: plain descent and the run with momentum, as on the map
COLORS = (layers.PALETTE["sky"], layers.PALETTE["orange"])


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
    return log_axes(spec, x=False) if log else spec


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


def iterations_chart(d, scale: float = 1.0) -> dict:
    """:func:`iteration_panels` one above the other: the chart beside the map."""
    return layers.side_by_side(*iteration_panels(d, scale), stack="vconcat")
