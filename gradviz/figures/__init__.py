"""Figure builders: arrays in, figures out. No parsing, no Streamlit.

* :mod:`gradviz.figures.layers` — Altair layers (heatmap, contours, arrows, points,
  paths) that the pages compose; Vega-Lite draws them in the browser.
* :mod:`gradviz.figures.surface` — Plotly 3-D surfaces (drag to rotate).
* :mod:`gradviz.figures.mpl` — matplotlib versions for notebooks and exports.

Each module is imported on first use so ``import gradviz`` stays light.
"""

from __future__ import annotations

import importlib

__all__ = ["layers", "surface", "mpl"]


def __getattr__(name):
    if name in __all__:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'gradviz.figures' has no attribute {name!r}")
