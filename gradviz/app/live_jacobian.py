"""The Jacobian page's ‖J‖_F map: a live chart (kind "jacobian", ``static/live_jacobian.js``),
or the server's chart when f can't go to the browser.

The ‖J‖_F map whose point follows the hand, with the small square at p and, in an
output-plane panel beside it, the square's images under f and under J. The server sends the
‖J‖_F grid, f's two components and J's four entries as printed programs
(:func:`gradviz.topics.jacobian.browser_programs`) and, as the truth at the page's own
point, J and det J there (:func:`gradviz.topics.jacobian.live_truth`).
"""

from __future__ import annotations

import streamlit as st

from ..figures import jacobian as jacobian_figures
from ..topics import jacobian
from . import live_chart
from .render import chart, undefined_note
from .state import View

__all__ = ["show"]


def show(view: View, *, key: str, grid, summary: jacobian.JacobianSummary,
         font_scale: float = 1.0) -> bool:
    """Draw the ‖J‖_F map from its grid ``(X, Y, N)`` with a caption saying how to move p:
    the live chart, or (returning False) the server's chart, moved by a click, when f can't
    go to the browser."""
    if not _live(view, key, grid, summary, font_scale):
        chart(jacobian_figures.norm_map(*grid, view.point, view.domain, font_scale),
              key=f"{key}.server", pick=view)
        undefined_note(grid[2])
        st.caption("Click the heatmap to move p.")
        return False
    undefined_note(grid[2])
    st.caption("Press or drag in the map (or focus it and use the arrow keys) to move p. "
               "Right: the square at p under f (vermillion) and under J (blue, dashed), "
               "with J e₁, J e₂.")
    return True


def _live(view: View, key: str, grid, summary: jacobian.JacobianSummary,
          font_scale: float) -> bool:
    programs = live_chart.programs_for(view.f, jacobian.browser_programs)
    if programs is None:
        return False
    d = view.domain

    def static() -> dict:
        return {"heat": live_chart.heat(*grid, levels=12, label="‖J‖", scheme="plasma"),
                "programs": programs, "half": jacobian_figures.live_half_width(d)}

    live_chart.show(
        view, kind="jacobian", key=key, static=static, ident=("jacobian", len(grid[0])),
        dynamic={"at": jacobian.live_truth(summary)},
        size=jacobian_figures.live_size(font_scale), font_scale=font_scale,
        title="Frobenius norm of J",
        alt=(f"Heatmap of the Frobenius norm of the Jacobian of f = {view.text}, with a small "
             "square at p and, beside it, its images under f and under J; press or drag in "
             "it, or use the arrow keys, to move the point p."))
    return True
