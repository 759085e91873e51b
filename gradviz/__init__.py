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
from .errors import ExpressionError
from .function import Function, count_undefined
from .parsing import FUNCTIONS, LIMITS, parse
from .presets import PRESETS, Preset
from .sampling import Domain, evaluate_grid, grid

__all__ = [
    "ExpressionError", "Function", "parse", "FUNCTIONS", "LIMITS",
    "partial", "gradient", "jacobian", "hessian", "gradient_at", "jacobian_at",
    "directional_derivative", "directional_derivative_at", "directional_derivative_limit",
    "linearisation", "linearization", "partial_terms", "count_undefined",
    "Domain", "grid", "evaluate_grid", "PRESETS", "Preset",
]

__version__ = "0.1.0"


def __getattr__(name):  # figures are imported on first use: matplotlib is slow to load
    if name == "figures":
        import importlib

        return importlib.import_module(".figures", __name__)
    raise AttributeError(f"module 'gradviz' has no attribute {name!r}")
