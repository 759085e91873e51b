"""Streamlit glue for gradviz: the only part of the package that imports Streamlit.

Pages use:

* :func:`setup` — the function box, presets, domain, point and grid sliders → a View;
* :func:`live` and :func:`points` — a section that reruns on its own when its sliders
  move (a Streamlit fragment), starting with the point sliders;
* :func:`compute` — a cached call of a core sampling helper, keyed on plain values;
* :func:`guard` — friendly errors instead of tracebacks;
* :func:`url_slider` — a page control that lives in the link;
* :func:`latex_row`, :func:`chart` — rendering helpers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .page_frame import configure, ensure_frame, font_scale, guard, lecture_mode, run

# the rest needs the gradviz core (sympy, numpy, pandas): imported when a page first uses
# it, so the home page opens without loading them (see :func:`warm_up`)
_WHERE = {
    **dict.fromkeys(("chart", "compute", "downloads", "latex_row", "on_demand", "plotly",
                     "undefined_note", "url_slider", "url_toggle"), "render"),
    "View": "state", "check_yourself": "teach", "predict": "teach", "CHECK": "teach",
    "setup": "widgets", "show_notices": "widgets", "points": "widgets", "live": "live_section",
    **dict.fromkeys(("adopt_vector_link", "evaluation_point", "picture_first", "field_options",
                     "field_size", "map_size", "live_function_map", "live_field", "live_length_map"), "explore"),
}

if TYPE_CHECKING:
    from .explore import (
        adopt_vector_link,
        evaluation_point,
        field_options,
        field_size,
        live_field,
        live_function_map,
        live_length_map,
        map_size,
        picture_first,
    )
    from .live_section import live
    from .render import (
        chart,
        compute,
        downloads,
        latex_row,
        on_demand,
        plotly,
        undefined_note,
        url_slider,
        url_toggle,
    )
    from .state import View
    from .teach import CHECK, check_yourself, predict
    from .widgets import points, setup, show_notices

__all__ = [
    "configure", "run", "ensure_frame", "guard", "lecture_mode", "font_scale", "setup",
    "show_notices",
    "View", "compute", "chart", "plotly", "latex_row", "url_slider", "undefined_note",
    "downloads", "predict", "check_yourself", "CHECK", "url_toggle", "on_demand", "warm_up",
    "live", "points", "adopt_vector_link", "evaluation_point", "picture_first", "field_options",
    "field_size", "map_size", "live_function_map", "live_field",
    "live_length_map",
]


def __getattr__(name):
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gradviz.app' has no attribute {name!r}")


_WARM = []


def warm_up(delay: float = 2.0) -> None:
    """Import the pages' modules in a background thread, once per server process.

    Called at the end of every run, it starts once, ``delay`` seconds after the first
    page was drawn: the home page opens without waiting for sympy's imports, and the
    first topic page opened a few seconds later finds everything loaded.
    """
    if _WARM:
        return
    import threading

    def load():
        for name in ("gradviz.app.render", "gradviz.app.widgets", "gradviz.app.teach",
                     "gradviz.figures.layers", "gradviz.figures.derivatives",
                     "gradviz.figures.explore", "gradviz.figures.linear", "gradviz.figures.jacobian",
                     "gradviz.figures.surface", "gradviz.figures.animate", "gradviz.export"):
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the page that needs it will say why
                return

    timer = threading.Timer(delay, load)
    timer.daemon = True
    _WARM.append(timer)
    timer.start()
