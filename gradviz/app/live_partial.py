"""The partial-derivatives page's live chart (kind "partial", ``static/live_partial.js``).

The map of f whose point follows the hand, with the two slice lines through p and, beside
it, the two slices with their tangent lines. The server sends the map's grid, f, ∂f/∂x and
∂f/∂y as printed programs (:func:`gradviz.topics.partials.browser_programs`) and, as the
truth at the page's own point, f(p) and the partials there
(:func:`gradviz.topics.partials.live_truth`).
"""

from __future__ import annotations

import numpy as np

from ..figures import derivatives as derivative_figures
from ..figures import partials as partial_figures
from ..topics import partials
from . import live_chart
from .page_frame import font_scale, lecture_mode
from .render import chart
from .state import View

__all__ = ["show"]


def show(view: View, *, key: str, grid, at: partials.PartialsAt) -> bool:
    """Draw the live map; where f can't go to the browser, the server's map instead
    (:func:`gradviz.figures.partials.slices_map`, a click moves p) and return False."""
    title = partial_figures.map_title(view.f, view.point, view.text)
    programs = live_chart.programs_for(view.f, partials.browser_programs)
    if programs is None:
        chart(partial_figures.slices_map(*grid, at, view.domain, title, scale=font_scale()),
              key=f"{key}.server", pick=view)
        return False
    X, Y, Z = grid
    lecture = lecture_mode()

    def static() -> dict:
        return {"heat": live_chart.heat(X, Y, Z, levels=10), "programs": programs,
                "yrange": list(derivative_figures.value_range(Z)),
                "colors": list(derivative_figures.SLICE_COLORS[:2]), "beside": not lecture}

    live_chart.show(
        view, kind="partial", key=key, static=static, ident=("partial", np.shape(Z)),
        dynamic={"at": partials.live_truth(at)}, size=partial_figures.live_size(lecture),
        font_scale=font_scale(), title=title,
        alt=(f"Heatmap of {title} with the two slice lines through p and, next to it, the "
             "two slices with their tangent lines; press or drag in it, or use the arrow "
             "keys, to move the point p."))
    return True
