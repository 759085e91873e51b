"""The steepest-ascent page's charts from :mod:`gradviz.topics.steepest_ascent`; each takes
the font ``scale`` (1.35 in lecture mode)."""

from __future__ import annotations

import numpy as np

from . import layers
from .layers import PALETTE, bars, curves, log_axes, marker, size, vline

__all__ = ["limit_chart", "histogram_chart"]

#: errors under this are round-off luck: drawn on the axis floor, so the axis does not jump
#: decades with every step of the point
ERROR_FLOOR = 1e-12


def limit_chart(errors, h: float, scale: float) -> dict | None:
    """|quotient − ∇f·u| over h on log axes with the slider's h; None when fewer than two
    errors are drawable (f is linear along u)."""
    ok = np.isfinite(errors.error)
    if ok.sum() < 2:
        return None
    shown = np.where(ok, np.maximum(errors.error, ERROR_FLOOR), np.nan)
    hi = max(float(np.max(shown[ok])), 10 * ERROR_FLOOR)
    name = "|quotient − ∇f·u|"
    spec = layers.compose(
        curves({name: (errors.h, shown)}, {name: PALETTE["black"]}, points=True, legend=False),
        vline(h, color=PALETTE["blue"]),
        xrange=(float(errors.h[0]), float(errors.h[-1])),
        yrange=layers.nice_range(ERROR_FLOOR, hi * 3, log=True), size=size(380, scale),
        height=size(240, scale), scale=scale, xtitle="h", ytitle=name)
    return log_axes(spec)


def histogram_chart(section, scale: float) -> dict:
    """The histogram of ∇f·u for the random directions, with e₁'s 5 and √30 marked."""
    top, e1 = section.directions.gradient_value, section.directions.largest_component
    ymax = float(max(section.counts.max(), 1))
    return layers.compose(
        bars(section.edges, section.counts, color=PALETTE["sky"]),
        vline(e1, color=PALETTE["blue"], width=3),
        vline(top, color=PALETTE["vermillion"], width=3, dash=None),
        marker(e1, ymax * 1.12, "e₁: 5", color=PALETTE["blue"], size=1, align="right", dx=-6,
               dy=4),
        marker(top, ymax * 1.12, "∇f/|∇f|: √30", color=PALETTE["vermillion"], size=1,
               align="left", dx=6, dy=4),
        xrange=(-top * 1.05, 9.0), yrange=layers.nice_range(0, ymax * 1.22), size=size(500, scale),
        height=size(280, scale), scale=scale, xtitle="∇f · u for a random unit u",
        ytitle="count")
