"""Streamlit glue for gradviz: the only part of the package that imports Streamlit.

Pages use :func:`setup` (the function box of the page's row in :mod:`gradviz.app.pages` → a
View), :func:`live` (a section that reruns on its own when its point moves), :func:`picture`,
:func:`compute` (a cached core helper), :func:`guard` (friendly errors, never tracebacks),
:func:`scene`, :func:`chart`, and the rest of the ``__all__`` of the modules in ``_GLUE``.
"""

from __future__ import annotations

import importlib
import importlib.util

from .page_frame import configure, ensure_frame, font_scale, guard, lecture_mode, run, turn

#: the modules whose ``__all__`` pages use as ``app.<name>``, imported when a page first asks
#: for a name: the home page opens without loading the core (sympy, numpy, pandas)
_GLUE = ("render", "widgets", "teach", "live_section", "explore", "scene_view", "classroom")

__all__ = ["configure", "run", "turn", "ensure_frame", "guard", "lecture_mode", "font_scale",
           "warm_up"]


def __getattr__(name):
    # a submodule (`from . import state`) is left to the import system
    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is None:
        for module in _GLUE:
            glue = importlib.import_module(f".{module}", __name__)
            if name in glue.__all__:
                globals()[name] = value = getattr(glue, name)
                return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_WARM = []


def warm_up(delay: float = 2.0) -> None:
    """Import the pages' modules in a background thread, ``delay`` seconds after the first
    page was drawn, once per server process: the first topic page finds everything loaded."""
    if _WARM:
        return
    import threading

    def load():
        from gradviz import figures

        for name in (*(f"{__name__}.{m}" for m in _GLUE),
                     *(f"gradviz.figures.{m}" for m in figures.__all__), "gradviz.export"):
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the page that needs it will say why
                return

    timer = threading.Timer(delay, load)
    timer.daemon = True
    _WARM.append(timer)
    timer.start()
