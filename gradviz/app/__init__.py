"""Streamlit glue for gradviz: the only part of the package that imports Streamlit.

Pages use:

* :func:`setup` — the function box, presets, domain, point and grid sliders → a View;
* :func:`compute` — a cached call of a core sampling helper, keyed on plain values;
* :func:`guard` — friendly errors instead of tracebacks;
* :func:`url_slider` — a page control that lives in the link;
* :func:`latex_row`, :func:`chart` — rendering helpers.
"""

from __future__ import annotations

from .frame import configure, font_scale, guard, lecture_mode, run
from .render import (
    chart,
    compute,
    downloads,
    latex_row,
    plotly,
    undefined_note,
    url_slider,
    url_toggle,
)
from .state import View
from .teach import check_yourself, predict
from .widgets import setup, show_notices

__all__ = [
    "configure", "run", "guard", "lecture_mode", "font_scale", "setup", "show_notices",
    "View", "compute", "chart", "plotly", "latex_row", "url_slider", "undefined_note",
    "downloads", "predict", "check_yourself", "url_toggle",
]
