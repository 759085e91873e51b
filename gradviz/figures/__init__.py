"""Figure builders: arrays in, figures out. No parsing, no Streamlit.

* :mod:`gradviz.figures.layers` — Vega-Lite layers (heatmap, contours, arrows, points,
  paths) that the pages compose; Vega-Lite draws them in the browser.
* :mod:`gradviz.figures.explore`, :mod:`gradviz.figures.derivatives`,
  :mod:`gradviz.figures.partials`, :mod:`gradviz.figures.gradient_field`,
  :mod:`gradviz.figures.jacobian`, :mod:`gradviz.figures.steepest_ascent`,
  :mod:`gradviz.figures.linear`, :mod:`gradviz.figures.descent` — the charts of each topic's
  pages, built from layers.
* :mod:`gradviz.figures.surface` — Plotly 3-D surfaces (drag to rotate).

Matplotlib versions (for notebooks) are the scripts of :mod:`gradviz.export`.

Each module is imported on first use so ``import gradviz`` stays light; ``__all__`` is every
module in this folder (a new one needs no list).
"""

from __future__ import annotations

import importlib
import pkgutil

__all__ = [m.name for m in pkgutil.iter_modules(__path__)]


def __getattr__(name):
    if name in __all__:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'gradviz.figures' has no attribute {name!r}")
