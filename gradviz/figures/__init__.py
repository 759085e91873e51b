"""Charts that are not maps of the domain: arrays in, figures out. No parsing, no Streamlit.
(The maps are scenes: :mod:`gradviz.scene`.)

* :mod:`gradviz.figures.layers` — the Vega-Lite building blocks (curves, bars, markers,
  reference lines, log axes) and :func:`~gradviz.figures.layers.compose`;
* :mod:`gradviz.figures.explore`, :mod:`gradviz.figures.partials`,
  :mod:`gradviz.figures.jacobian`, :mod:`gradviz.figures.steepest_ascent`,
  :mod:`gradviz.figures.descent`, :mod:`gradviz.figures.classroom` — each topic's charts;
* :mod:`gradviz.figures.surface`, :mod:`gradviz.figures.derivatives`,
  :mod:`gradviz.figures.gradient_field` — Plotly 3-D surfaces (drag to rotate).

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
