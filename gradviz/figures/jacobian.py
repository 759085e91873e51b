"""The Jacobian page's chart that is not a map: the linearisation error against the step.

>>> import gradviz
>>> from gradviz.topics import jacobian
>>> spec = error_chart(jacobian.error_curve(gradviz.parse(jacobian.COURSE_FIELD), (1, 1)), 0.1)
>>> spec["encoding"]["x"]["scale"]["type"]
'log'
"""

from __future__ import annotations

import numpy as np

from ..topics.jacobian import ErrorCurve
from . import layers
from .layers import PALETTE, curves, log_axes, vline

__all__ = ["error_chart"]


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
        curves({"error": (curve.h, np.where(ok, err, np.nan)),
                ref: (curve.h[[0, -1]], curve.reference[[0, -1]])},  # a line: its two ends
               {"error": PALETTE["vermillion"], ref: PALETTE["grey"]},
               dashes={ref: (8, 6)}, points=False),
        vline(h, color=PALETTE["blue"]),
        xrange=(float(curve.h[0]), float(curve.h[-1])),
        yrange=layers.nice_range(lo / 3, hi * 3, log=True),
        size=layers.size(600, font_scale), height=layers.size(320, font_scale), scale=font_scale,
        xtitle="‖h‖", ytitle="error")
    return log_axes(spec)
