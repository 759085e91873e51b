"""gradviz: gradients and Jacobians, symbolically and on numpy grids.

A small pure library (it never imports Streamlit) behind the gradviz dashboard,
equally usable in a notebook::

    >>> import gradviz
    >>> f = gradviz.parse("sin(x*y)")
    >>> f.variables
    ('x', 'y')
    >>> gradviz.gradient(f).latex()
    '\\\\begin{bmatrix} y \\\\cos{\\\\left(x y \\\\right)} \\\\\\\\ x \\\\cos{\\\\left(x y \\\\right)} \\\\end{bmatrix}'
    >>> gradviz.gradient_at(f, (1.0, 2.0)).shape
    (2,)
    >>> gradviz.jacobian_at(gradviz.parse("[x^2 - y, y^2 + x]"), (-1, -1))
    array([[-2., -1.],
           [ 1., -2.]])

The flow is one way: ``parse`` (text → :class:`Function`) → ``calculus`` (Functions
→ Functions) → ``sampling`` (Functions + a view → arrays) → ``figures`` (arrays →
matplotlib / Altair / Plotly figures, imported on first use).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# What `import gradviz` offers, and the module each name lives in. Imported on first use
# (PEP 562): sympy takes about a second to load, and the dashboard's home page, and
# `import gradviz` itself, should not wait for it.
_WHERE = {
    **dict.fromkeys((
        "directional_derivative", "directional_derivative_at", "directional_derivative_limit",
        "gradient", "gradient_at", "hessian", "jacobian", "jacobian_at", "linearisation",
        "linearization", "partial", "partial_terms"), "calculus"),
    "ExpressionError": "errors",
    "Function": "function", "count_undefined": "function",
    "FUNCTIONS": "parsing", "LIMITS": "parsing", "parse": "parsing",
    "PRESETS": "presets", "Preset": "presets",
    "Domain": "sampling", "evaluate_grid": "sampling", "grid": "sampling",
}

_SUBMODULES = {"budget", "calculus", "checking", "domain", "errors", "export", "figures",
               "formatting", "function", "parsing", "presets", "sampling", "scene", "topics",
               "views"}

if TYPE_CHECKING:  # for type checkers and linters: the names above, eagerly
    from .calculus import (
        directional_derivative,
        directional_derivative_at,
        directional_derivative_limit,
        gradient,
        gradient_at,
        hessian,
        jacobian,
        jacobian_at,
        linearisation,
        linearization,
        partial,
        partial_terms,
    )
    from .domain import Domain
    from .errors import ExpressionError
    from .function import Function, count_undefined
    from .parsing import FUNCTIONS, LIMITS, parse
    from .presets import PRESETS, Preset
    from .sampling import evaluate_grid, grid

__all__ = [
    "ExpressionError", "Function", "parse", "FUNCTIONS", "LIMITS",
    "partial", "gradient", "jacobian", "hessian", "gradient_at", "jacobian_at",
    "directional_derivative", "directional_derivative_at", "directional_derivative_limit",
    "linearisation", "linearization", "partial_terms", "count_undefined",
    "Domain", "grid", "evaluate_grid", "PRESETS", "Preset",
]

__version__ = "0.1.0"


def __getattr__(name):
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:  # `gradviz.sampling.grid(...)` after a bare `import gradviz`
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'gradviz' has no attribute {name!r}")


def __dir__():
    return sorted({*globals(), *_WHERE, *_SUBMODULES})
