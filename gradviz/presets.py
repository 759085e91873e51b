"""The course's functions (and a few classics) as named presets with their views.

Each preset says which kind of page it suits (``kind``), its domain, a default
point, and where in the course it comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .domain import Domain

__all__ = ["Preset", "PRESETS", "SCALAR_PRESETS", "VECTOR_PRESETS", "preset_by_text",
           "COURSE_POINTS"]


@dataclass(frozen=True)
class Preset:
    """A named function with a view: what a page opens on."""

    name: str
    text: str
    kind: str  # "scalar" (R^n -> R), "field" (R^2 -> R^2), "vector" (other R^n -> R^m), "curve"
    domain: Domain
    point: tuple[float, ...]
    source: str = ""
    fixed: tuple[float, ...] = ()  # values of variables beyond x, y


#: the three points of the course's linearisation figure
COURSE_POINTS = ((-1.0, -1.0), (0.0, 0.0), (1.0, 1.0))

PRESETS: tuple[Preset, ...] = (
    Preset("sin(xy)", "sin(x*y)", "scalar", Domain.square(0, 4), (1.0, 2.0),
           "Gradients Review §1 and §4.1: sin(xy) on [0, 4]² and its gradient field"),
    Preset("x² + y² + eᶻ + xᶻ + xyz", "x^2 + y^2 + e^z + x^z + x*y*z", "scalar",
           Domain.square(0.1, 2), (1.0, 1.0), "Gradients Review §1: a function of three inputs",
           fixed=(1.0,)),
    Preset("x² + y² + eˣ + xᶻ + xyz", "x^2 + y^2 + e^x + x^z + x*y*z", "scalar",
           Domain.square(0.1, 2), (1.0, 1.0),
           "Gradients Review §3: the worked ∂/∂x example", fixed=(2.0,)),
    Preset("x² + 3y", "x^2 + 3y", "scalar", Domain.square(-2, 2), (1.0, 1.0), "a first example"),
    Preset("bowl x² + y²", "x^2 + y^2", "scalar", Domain.square(-2, 2), (1.0, 0.5),
           "the simplest minimum"),
    Preset("valley x² + 10y²", "x^2 + 10y^2", "scalar", Domain.square(-2, 2), (1.0, 1.0),
           "a long valley: gradient descent's step limit is 2/λ_max = 0.1"),
    Preset("saddle x² − y²", "x^2 - y^2", "scalar", Domain.square(-2, 2), (0.5, 0.5),
           "a saddle point at the origin"),
    Preset("x³y", "x^3*y", "scalar", Domain.square(-2, 2), (1.5, 1.0), "a cubic"),
    Preset("Rosenbrock's valley", "(1 - x)^2 + 100(y - x^2)^2", "scalar",
           Domain(-2, 2, -1, 3), (-1.0, 1.0), "a narrow curved valley"),
    Preset("[x, sin y]", "[x, sin(y)]", "field", Domain.square(-5, 5), (2.0, 1.0),
           "Gradients Review §2: 2 inputs, 2 outputs; f(2, 10) = [2, −0.54402111]"),
    Preset("[x² − y, y² + x]", "[x^2 - y, y^2 + x]", "field", Domain.square(-2, 2), (1.0, 1.0),
           "Gradients chapter: the Jacobian figure"),
    Preset("rotation [−y, x]", "[-y, x]", "field", Domain.square(-2, 2), (1.0, 0.5),
           "a rotating field"),
    Preset("[x², 2x, −x]", "[x^2, 2x, -x]", "curve", Domain.square(-2, 2), (1.0,),
           "Gradients Review §2: 1 input, 3 outputs"),
    Preset("[yz², 0, xyz, x − y]", "[y*z^2, 0, x*y*z, x - y]", "vector", Domain.square(-2, 2),
           (1.0, 2.0, 3.0), "Gradients Review §2: 3 inputs, 4 outputs"),
)

SCALAR_PRESETS = tuple(p for p in PRESETS if p.kind == "scalar")
VECTOR_PRESETS = tuple(p for p in PRESETS if p.kind != "scalar")


def preset_by_text(text: str) -> Preset | None:
    """The preset whose text is ``text`` as a student may type it (spaces, ``**`` for ``^``,
    ``xyz`` for ``x*y*z``: the course writes both), or None.

    >>> preset_by_text("x^2+y^2+e^x+x^z+xyz").source
    'Gradients Review §3: the worked ∂/∂x example'
    >>> preset_by_text("x**2 + 3*y").name, preset_by_text("x^2 + 3y2")
    ('x² + 3y', None)
    """
    key = _spelling(text)
    return next((p for p in PRESETS if p.text == text or _spelling(p.text) == key), None)


def _spelling(text: str) -> str:
    """``text`` without what does not change its function: spaces, a ``*`` before a letter
    or a bracket (``x*y`` is ``xy``; ``x*2`` is not ``x2``, a variable), ``**`` as ``^``."""
    text = re.sub(r"\s+", "", str(text)).replace("**", "^")
    return re.sub(r"(?<=[A-Za-z0-9)\]])\*(?=[A-Za-z(\[])", "", text)
