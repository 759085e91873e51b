"""The steepest-ascent page's map: a live chart (kind "steepest", ``static/live_steepest.js``)
where f can go to the browser, else the server's chart (a click moves p)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from .. import formatting
from ..figures import steepest_ascent as charts
from ..sampling import evaluate_grid
from ..topics import steepest_ascent
from . import live_chart
from .page_frame import font_scale
from .render import chart, compute, undefined_note
from .state import View

__all__ = ["direction_map"]


def _defined(v) -> float | None:
    """A number for JSON: None where it is not defined (the browser says 'undefined')."""
    v = float(v)
    return v if np.isfinite(v) else None


def direction_map(view: View, check: steepest_ascent.DirectionCheck, theta: float, *,
                  key: str, show_gradient: bool) -> bool:
    """Draw the map of f with p, u and ∇f at p (and, live, the Dᵤf curve over θ beside it)
    with its caption; True when it is the live chart."""
    X, Y, Z = compute(evaluate_grid, view, view.domain, view.n)
    scale, title = font_scale(), f"f(x, y) = {view.text}"
    progs = live_chart.programs_for(view.f, steepest_ascent.browser_programs)
    if progs is None:
        chart(charts.direction_map(X, Y, Z, view.point, check, view.domain, title=title,
                                   scale=scale, show_gradient=show_gradient),
              key=f"{key}.map", pick=view)
        st.caption("Click the map to move p.")
    else:
        # the page's truth at its own point: where f is not differentiable ∇f·u is undefined
        at = {"grad": [_defined(v) for v in check.gradient[:2]], "slope": _defined(check.exact)}
        live_chart.show(
            view, kind="steepest", key=f"{key}.live", size=charts.size(300, scale), title=title,
            font_scale=scale, ident=(int(np.shape(X)[0]), int(np.shape(X)[1])),
            static=lambda: {"heat": live_chart.heat(X, Y, Z, 10), "programs": progs},
            dynamic={"theta": float(theta), "at": at},
            alt=f"Heatmap of {title} with the point p, the direction u at θ = "
                f"{formatting.angle(theta)} and ∇f "
                "at p, and beside it Dᵤf over θ; press or drag in the map, or use the arrow "
                "keys, to move the point p.")
        st.caption("Blue: u. Red-orange (vermillion): the direction of ∇f. Beside the map: "
                   "Dᵤf over θ, the blue line at u's θ. Press or drag in the map (or focus it "
                   "and use the arrow keys) to move p.")
    undefined_note(Z)
    return progs is not None
