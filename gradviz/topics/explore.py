"""What the pages *Functions of several variables* and *Vector fields* compute and draw."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from .. import formatting
from .. import scene as sc
from ..calculus import norm
from ..domain import Domain
from ..errors import ExpressionError
from ..function import Function

#: points at which the course evaluates a function, by function text (Gradients Review §2)
COURSE_EVALUATIONS: dict[str, tuple[float, ...]] = {"[x, sin(y)]": (2.0, 10.0)}

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def vector_valued(f: Function) -> bool:
    """Is f a list of outputs (what the functions page evaluates)?

    >>> import gradviz
    >>> vector_valued(gradviz.parse("[x, sin(y)]")), vector_valued(gradviz.parse("x*y"))
    (True, False)
    """
    return not f.is_scalar and len(f.shape) == 1


def default_evaluation_point(f: Function, text: str,
                             fallback: Sequence[float] = ()) -> tuple[float, ...]:
    """The course's point for its example ``text``, else ``fallback`` cut or padded with 1.0.

    >>> import gradviz
    >>> default_evaluation_point(gradviz.parse("[x, sin(y)]"), "[x, sin(y)]", (2, 1))
    (2.0, 10.0)
    >>> default_evaluation_point(gradviz.parse("[y*z^2, x]"), "[y*z^2, x]", (1, 2))
    (1.0, 2.0, 1.0)
    """
    course = COURSE_EVALUATIONS.get(text)
    if course is not None and len(course) == f.n:
        return tuple(float(v) for v in course)
    pt = [float(v) for v in fallback][: f.n]
    return tuple(pt + [1.0] * (f.n - len(pt)))


def component_curves(f: Function, lo: float, hi: float, at: float | None = None,
                     n: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """``t`` (n points of [lo, hi], grown by 10 % to hold ``at``) and a row per component of a
    function of one input, like [x², 2x, −x] (nan where undefined).

    >>> import gradviz
    >>> t, v = component_curves(gradviz.parse("[x^2, 2x, -x]", min_variables=1), -2, 2, n=5)
    >>> t.tolist(), v[:, 4].tolist()
    ([-2.0, -1.0, 0.0, 1.0, 2.0], [4.0, 4.0, -2.0])
    >>> component_curves(gradviz.parse("[x^2, 2x, -x]", min_variables=1), -2, 2, at=3, n=3)[0]
    array([-2.  ,  0.75,  3.5 ])
    """
    if f.n != 1:
        raise ExpressionError(
            "component curves need a function of one variable, like [x^2, 2x, -x] "
            f"(this one has {f.n}: {', '.join(f.variables)})")
    lo, hi = float(lo), float(hi)
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ExpressionError("the interval needs finite ends with lo < hi")
    if at is not None and np.isfinite(at) and not lo <= at <= hi:
        pad = 0.1 * (max(hi, at) - min(lo, at))
        lo, hi = (at - pad, hi) if at < lo else (lo, at + pad)
    n = int(min(max(int(n), 2), 2000))
    t = np.linspace(lo, hi, n)
    return t, np.asarray(f(t), dtype=float).reshape(f.m, n)


def component_inputs(f: Function) -> list[tuple[str, ...]]:
    """The variables each output component actually uses, in f's variable order.

    >>> import gradviz
    >>> component_inputs(gradviz.parse("[x, sin(y)]"))
    [('x',), ('y',)]
    >>> component_inputs(gradviz.parse("[x^2 - y, y^2 + x]"))
    [('x', 'y'), ('x', 'y')]
    """
    return [tuple(v for v in f.variables if v in {s.name for s in e.free_symbols})
            for e in f.exprs]


def vector_at(f: Function, point: Sequence[float]) -> tuple[np.ndarray, float]:
    """The vector f(p) of a field and its length ‖f(p)‖.

    >>> import gradviz
    >>> v, length = vector_at(gradviz.parse("[x, sin(y)]"), (2, 1))
    >>> v.round(6).tolist(), round(length, 6)
    ([2.0, 0.841471], 2.16981)
    """
    v = np.asarray(f.at(tuple(float(c) for c in point)), dtype=float).ravel()
    with np.errstate(all="ignore"):
        length = float(np.linalg.norm(v)) if np.all(np.isfinite(v)) else float("nan")
    return v, length


def with_margin(domain: Domain, per_side: int, cells: float = 1.0) -> Domain:
    """The domain grown by ``cells`` cells of a ``per_side``² grid (room for edge arrows).

    >>> with_margin(Domain.square(-5, 5), 21)
    Domain(xmin=-5.5, xmax=5.5, ymin=-5.5, ymax=5.5)
    """
    k = max(int(per_side), 2) - 1
    mx = cells * (domain.xmax - domain.xmin) / k
    my = cells * (domain.ymax - domain.ymin) / k
    return Domain(domain.xmin - mx, domain.xmax + mx, domain.ymin - my, domain.ymax + my)


@dataclass(frozen=True)
class ScalarAtPoint:
    """A scalar f at the point, as the functions page states it.

    >>> import gradviz
    >>> at = scalar_at_point(gradviz.parse("x^2 + y^2 + z"), (1.25, -0.75, 2))
    >>> at.label, at.value_text, at.marker
    ('f(1.25, -0.75, 2)', '4.125', 'f(p) = 4.125')
    >>> at.map_title
    '**Heatmap and contour lines** at z = 2 (seen from above)'
    """

    value: float  #: f at the point (nan where undefined)
    formula: str  #: LaTeX: f(x, y) = its formula
    label: str  #: the metric's label: f at the point written exactly as given, "f(1.25, -0.75)"
    value_text: str  #: the value as text (the project's number rule)
    marker: str  #: the marker's label on the maps: "f(p) = 0.9093"
    slice_caption: str  #: what the slice means ("" for two inputs)
    map_title: str  #: the heatmap's heading (markdown)
    surface_title: str  #: the surface's heading (markdown)


def scalar_at_point(f: Function, point: Sequence[float]) -> ScalarAtPoint:
    """f at ``point`` (one coordinate per variable) with the texts the page shows."""
    p = tuple(float(v) for v in point[: f.n])
    value = float(f.at(p))
    held = ", ".join(f"{v} = {formatting.number(c)}" for v, c in zip(f.variables[2:], p[2:]))
    note = f" at {held}" if held else ""
    caption = "" if f.n <= 2 else (
        f"f has {f.n} inputs but a picture has only two axes: both views show the "
        f"**slice {held}** — the function of x and y you get by holding {held} "
        f"fixed. Move the {'slider' if f.n == 3 else 'sliders'} marked *held fixed* "
        "to move the slice.")
    text = formatting.number(value)
    return ScalarAtPoint(
        value=value, formula=f"f({', '.join(f.variables)}) = {f.latex()}",
        label="f" + formatting.point(p), value_text=text, marker=f"f(p) = {text}",
        slice_caption=caption, map_title=f"**Heatmap and contour lines**{note} (seen from above)",
        surface_title=f"**Surface z = f(x, y)**{note} — drag to rotate")


@dataclass(frozen=True)
class Component:
    """One output of a vector-valued function at a point."""

    name: str  #: f₁, f₂, …
    formula: str  #: its formula as a student types it (``^`` for powers)
    value: float  #: its value there (nan where undefined)
    text: str  #: the value as text, 8 digits as the course prints them


#: what the functions page can draw of f: Rⁿ → Rᵐ
CURVES, ARROWS, NO_PICTURE = "curves", "arrows", "none"


@dataclass(frozen=True)
class Evaluation:
    """f: Rⁿ → Rᵐ at a point, as the functions page states it.

    >>> import gradviz
    >>> e = evaluation(gradviz.parse("[x, sin(y)]"), (2, 10))
    >>> [c.text for c in e.components], e.where, e.picture
    (['2', '-0.54402111'], '(2, 10)', 'arrows')
    >>> e.value
    'f\\\\left(2, 10\\\\right) = \\\\begin{bmatrix} 2 \\\\\\\\ -0.54402111 \\\\end{bmatrix}'
    """

    formula: str  #: LaTeX: f(x, y) = its formula
    value: str  #: LaTeX: f at the point = the column of values
    components: tuple[Component, ...]  #: one row per output
    point: tuple[float, ...]  #: the point, one coordinate per input
    where: str  #: the point written exactly as given, "(2, 10)"
    picture: str  #: CURVES (one input), ARROWS (R² → R²: a vector field) or NO_PICTURE
    note: str  #: what the picture column says (markdown; "" for CURVES)

    def table(self) -> dict[str, list[str]]:
        """The table's columns: output, formula, value at the point."""
        return {"output": [c.name for c in self.components],
                "formula": [c.formula for c in self.components],
                f"value at {self.where}": [c.text for c in self.components]}

    def values(self) -> list[float]:
        """The outputs' values at the point."""
        return [c.value for c in self.components]

    def curve_names(self) -> list[str]:
        """One legend label per output: "f₁ = x^2"."""
        return [f"{c.name} = {c.formula}" for c in self.components]


def evaluation(f: Function, point: Sequence[float]) -> Evaluation:
    """f: Rⁿ → Rᵐ at ``point`` (one coordinate per input), with the page's texts."""
    p = tuple(float(v) for v in point[: f.n])
    values = np.asarray(f.at(p), dtype=float).ravel()
    components = tuple(
        Component(name="f" if f.is_scalar else "f" + str(i).translate(_SUBSCRIPTS),
                  formula=str(expr).replace("**", "^"), value=float(v),
                  text=formatting.number(v, 8))
        for i, (expr, v) in enumerate(zip(f.exprs, values), start=1))
    if f.n == 1:
        picture, note = CURVES, ""
    elif f.n == 2 and f.m == 2:
        picture, note = ARROWS, (
            "Two inputs and two outputs: the input space and the output space are both "
            "the plane, so f can be drawn as **arrows** — one arrow f(x, y) at each point (x, y).")
    else:
        picture, note = NO_PICTURE, (
            f"{f.n} input{'s' * (f.n != 1)} and {f.m} output{'s' * (f.m != 1)}: there is no "
            "honest picture of this function "
            f"— it would need {f.n + f.m} axes. We can still evaluate it: change the inputs "
            "and watch the table.")
        if f.n == 2:
            note += " The map shows one number per point of the plane: the length ‖f‖."
    return Evaluation(
        formula=f"f({', '.join(f.variables) or 'x'}) = {f.latex()}",
        value="f" + formatting.latex_point(p) + " = " + formatting.latex_vector(values, 8),
        components=components, point=p, where=formatting.point(p), picture=picture,
        note=note)


#: the vector f(p) is drawn this many times the scale of the field's arrows
HIGHLIGHT = 4
#: the labels of :attr:`FieldAtPoint.components`
FIELD_METRICS = ("x-component", "y-component", "length ‖f(p)‖")


@dataclass(frozen=True)
class FieldAtPoint:
    """A field f: R² → R² at the point, as the vector-fields page states it.

    >>> import gradviz
    >>> at = field_at_point(gradviz.parse("[x, sin(y)]"), (2, 0))
    >>> at.vector, at.components, at.separable
    ((2.0, 0.0), ('2', '0', '2'), True)
    """

    vector: tuple[float, ...]  #: f(p)
    formula: str  #: LaTeX: f(x, y) = its formula
    value: str  #: LaTeX: f at the point = the column
    components: tuple[str, str, str]  #: x-component, y-component and length as text
    explanation: str  #: what the vermillion arrow is (markdown)
    separable: bool  #: does each output depend only on its own input (like [x, sin y])?


def field_at_point(f: Function, point: Sequence[float]) -> FieldAtPoint:
    """The field at ``point`` with its texts."""
    p = tuple(float(v) for v in point[:2])
    vec, length = vector_at(f, p)
    texts = tuple(formatting.number(v) for v in (vec[0], vec[1], length))
    explanation = (
        f"The red-orange (vermillion) arrow starts at $p = {formatting.point(p)}$ and is "
        f"$f(p)$, drawn {HIGHLIGHT}× as long as the grid's arrows would draw it, so it stands "
        f"out: its horizontal length is the **x-component** ${texts[0]}$, its vertical length "
        f"the **y-component** ${texts[1]}$.")
    return FieldAtPoint(
        vector=tuple(float(v) for v in vec), formula=f"f(x, y) = {f.latex()}",
        value="f" + formatting.latex_point(p) + " = " + formatting.latex_vector(vec),
        components=texts, explanation=explanation,
        separable=component_inputs(f) == [("x",), ("y",)])


def holding(domain: Domain, point: Sequence[float], pad: float = 0.1) -> Domain:
    """``domain`` widened (by ``pad`` of the new span on that side) to hold the point's x, y.

    >>> holding(Domain.square(-5, 5), (2, 10))
    Domain(xmin=-5, xmax=5, ymin=-5, ymax=11.5)
    >>> holding(Domain.square(-5, 5), (2, 1)) == Domain.square(-5, 5)
    True
    """
    x, y = float(point[0]), float(point[1])
    if domain.contains((x, y)):
        return domain
    xmin, xmax = min(domain.xmin, x), max(domain.xmax, x)
    ymin, ymax = min(domain.ymin, y), max(domain.ymax, y)
    px, py = pad * (xmax - xmin), pad * (ymax - ymin)
    return Domain(xmin - (px if x < domain.xmin else 0), xmax + (px if x > domain.xmax else 0),
                  ymin - (py if y < domain.ymin else 0), ymax + (py if y > domain.ymax else 0))


_MOVE = "press or drag in it, or use the arrow keys, to move the point p."


def _tex(f: Function) -> str:
    """f in maths notation matplotlib can set: a vector as [a, b] (it has no matrices)."""
    return f.latex() if f.is_scalar else "[" + ", ".join(sp.latex(e) for e in f.exprs) + "]"


def function_scene(f: Function, domain: Domain, n: int, fixed: Sequence[float] = ()) -> sc.Scene:
    """The functions page's map of a scalar f (for f(x, y, z) the slice at z = ``fixed``).

    >>> import gradviz
    >>> s = function_scene(gradviz.parse("x^2 + y^2 + z"), Domain.square(-1, 1), 40, (2,))
    >>> s.title, [layer.type for layer in s.panels[0].layers]
    ('f(x, y, z = 2) = x^2 + y^2 + z', ['heatmap', 'contours', 'marker'])
    """
    held = (f", {v} = {formatting.number(c)}" for v, c in zip(f.variables[2:], fixed))
    head = f"f({', '.join(f.variables[:2])}{''.join(held)})"
    return sc.Scene(
        "function_heatmap", f"{head} = {f.text or f.expr}", {"f": f},
        [sc.Map(domain, [sc.Heatmap(), sc.Contours(10), sc.Marker()], n=n)],
        point=(0.0, 0.0, *fixed), status=(sc.Status("f(p)", "f"),), tex=f"${head} = {f.latex()}$",
        alt=f"Heatmap of {head} with contour lines and the point p; {_MOVE}")


def length_scene(f: Function, domain: Domain) -> sc.Scene:
    """The map of ‖f‖ for a vector-valued f of two inputs, with the point p (f(p) in status).

    >>> import gradviz
    >>> s = length_scene(gradviz.parse("[x, sin(y)]"), Domain.square(-5, 5))
    >>> s.functions["norm"].exprs, s.status[0]
    ((sqrt(x**2 + sin(y)**2),), Status(label='f(p)', fn='f', brackets='[]'))
    """
    return sc.Scene(
        "length_heatmap", f"‖f‖ for f = {f.text or f.expr}", {"f": f, "norm": norm(f)},
        [sc.Map(domain, [sc.Heatmap("norm", "‖f‖"), sc.Contours(10), sc.Marker()])],
        status=(sc.Status("f(p)", "f", "[]"),), tex=rf"$\|f\|$ for $f = {_tex(f)}$",
        alt=f"Heatmap of the length of f = {f.text} with the point p where f is evaluated; "
            + _MOVE)


def field_scene(f: Function, domain: Domain, per_side: int, by_length: bool = False,
                seeds: int | None = None) -> sc.Scene:
    """The vector-fields page's picture: per_side² arrows on ``domain``'s grid (the course's
    quiver, half a cell of margin), streamlines from seeds² seeds (None: none), and following
    p the line y = y₀ and f(p) drawn :data:`HIGHLIGHT` times the arrows' scale.

    >>> import gradviz
    >>> s = field_scene(gradviz.parse("[x, sin(y)]"), Domain.square(-5, 5), 20, seeds=8)
    >>> [layer.type for layer in s.panels[0].layers]
    ['streamlines', 'arrows', 'slice_lines', 'vector', 'marker']
    >>> X = sc.run(s, following=False)[0][1][1]["AX"]   # the course's np.linspace(-5, 5, 20)
    >>> bool(np.allclose(X[0], np.linspace(-5, 5, 20), rtol=0, atol=1e-12))
    True
    """
    layers = [sc.Streamlines("f", seeds, "#999999" if by_length else sc.draw.SKY)] if seeds else []
    layers += [sc.Arrows("f", per_side, cmap="plasma" if by_length else ""),
               sc.SliceLines((sc.draw.GREEN,)),  # the line y = y₀
               sc.Vector("f", "f(p)", unit=False, length=HIGHLIGHT, name="f_at_p",
                         arrows=per_side), sc.Marker()]
    return sc.Scene(
        "vector_field", f"f(x, y) = {f.text or f.expr}", {"f": f},
        [sc.Map(with_margin(domain, per_side, 0.5), layers)], point=(0.0, 0.0),
        status=(sc.Status("f(p)", "f"),), tex=f"$f(x, y) = {_tex(f)}$",
        alt=f"Arrows of the field f(x, y) = {f.text} with the vector f(p) at the point p and "
            f"the line y = y₀ through it; {_MOVE}")
