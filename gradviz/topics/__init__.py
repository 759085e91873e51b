"""Per-topic computations the pages need beyond :mod:`gradviz.sampling`, a module per topic.
Pure numpy/sympy, no Streamlit.

Functions that take a :class:`~gradviz.function.Function` take it first, so the app can cache
them by its text (``app.compute(fn, view, …)``); results are frozen dataclasses whose numbers
are written by :mod:`gradviz.formatting`.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

#: every module in this folder (a new topic needs no list): the app's cache may call their
#: ``__all__``'s functions (``gradviz.app.compute``)
MODULES = tuple(importlib.import_module(f".{m.name}", __name__)
                for m in pkgutil.iter_modules(__path__))
for _m in MODULES:  # a module's __all__: the public names it defines (not those it imports)
    _m.__all__ = [name for name, v in vars(_m).items() if not name.startswith("_")
                  and not isinstance(v, ModuleType)
                  and getattr(v, "__module__", _m.__name__) == _m.__name__]

__all__ = [m.__name__.rpartition(".")[2] for m in MODULES] + ["MODULES"]
