"""Charts that are not maps of the domain (those are scenes, :mod:`gradviz.scene`): arrays
in, figures out, no parsing, no Streamlit. :mod:`~gradviz.figures.layers` holds the Vega-Lite
building blocks, :mod:`~gradviz.figures.surface` the Plotly 3-D surfaces, the other modules
each topic's charts.

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
