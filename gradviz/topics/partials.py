"""The partial-derivatives page: the slices through p, the term-by-term table, finite
differences, and the picture (points are written exactly as given).

>>> import gradviz
>>> from gradviz.domain import Domain
>>> at = partials_at(gradviz.parse("sin(x*y)"), (1, 2), Domain.square(0, 4))
>>> [p.slope_text for p in at.panels], at.value_text
(['-0.8323', '-0.4161'], '0.9093')
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import numpy as np

from .. import formatting
from .. import scene as sc
from ..calculus import derivatives_at, gradient
from ..domain import Domain
from ..function import Function
from ..scene import draw
from .derivatives import (
    SliceView,
    finite_difference_study,
    function_latex,
    partial_latex,
    slice_with_tangent,
    slope_note,
    term_table_latex,
)

#: Gradients Review §3, the worked ∂/∂x example, and the point its link opens at
COURSE_TEXT = "x^2 + y^2 + e^x + x^z + x*y*z"
COURSE_POINT = "1,1,2"
#: the finite-difference chart's steps h = 10^-16 … 10^0
STEPS = tuple(float(v) for v in np.logspace(-16, 0, 65))


@dataclass(frozen=True)
class SlicePanel:
    """One variable's slice through p, with what the page says about its slope."""

    slice: SliceView
    name: str  #: the moving variable
    metric_label: str
    slope_text: str
    note: str  #: why the slope is undefined or how it was found ("" when plain)


@dataclass(frozen=True)
class PartialsAt:
    """The partial derivatives of f at p: one :class:`SlicePanel` per variable and more."""

    point: tuple
    at: str  #: p as written on the page, "(1, 2)"
    panels: tuple
    heading: str
    latex: tuple  #: per variable: ∂f/∂v as a formula and its value at p
    value: float
    value_text: str
    value_note: str  #: how f(p) was found when the formula is 0/0 there
    slopes: tuple  #: ∂f/∂v at p (nan where it does not exist)
    not_differentiable: str  #: said when the partials exist but f is not differentiable at p
    important: str  #: a partial is a function of every variable
    surface_title: str  #: the 3-D view's title for f(x, y, z) (the held z), "" for f(x, y)


def _ranges(f: Function, d: Domain, fixed: Sequence[float] = ()) -> list[tuple[float, float]]:
    """Each variable's slider range; a third spans x's, y's and its held value."""
    third = (min(d.xmin, d.ymin, *fixed), max(d.xmax, d.ymax, *fixed))
    return [(d.xmin, d.xmax), (d.ymin, d.ymax), third][: f.n]


def partials_at(f: Function, point: Sequence[float], domain: Domain) -> PartialsAt:
    r"""The slices of f through p (each over its slider's range) and the partials there.

    >>> import gradviz
    >>> at = partials_at(gradviz.parse("x*y/(x^2 + y^2)"), (0, 0), Domain.square(-1, 1))
    >>> at.value_text, at.slopes, at.not_differentiable.startswith("The partial derivatives exist")
    ('0', (0.0, 0.0), True)
    >>> at.latex[0].split(r" \\ ")[1]
    '\\frac{\\partial f}{\\partial x}(0, 0) &= 0 \\end{aligned}'
    """
    p = tuple(float(v) for v in point)
    names = f.variables
    slices = [slice_with_tangent(f, p, j, lo, hi) for j, (lo, hi) in enumerate(_ranges(f, domain))]
    at = formatting.point(p)
    formulas = [f.cached(("partials.latex", j), lambda j=j: partial_latex(f, j))
                for j in range(f.n)]
    latex = tuple(
        rf"\begin{{aligned}} \frac{{\partial f}}{{\partial {v}}} &= {formulas[j]}"
        rf" \\ \frac{{\partial f}}{{\partial {v}}}{at} &= "
        rf"{formatting.latex_number(slices[j].slope)} \end{{aligned}}"
        for j, v in enumerate(names))
    slopes = tuple(float(s.slope) for s in slices)
    not_differentiable = ""
    if all(np.isfinite(slopes)):
        status = derivatives_at(f, p)
        if not status.differentiable:
            not_differentiable = ("The partial derivatives exist here, but f is **not "
                                  f"differentiable** at p — {status.reason}. The slices only "
                                  "look along the axes.")
    panels = tuple(SlicePanel(s, v, f"∂f/∂{v} at p = slope of the dashed line",
                              formatting.number(s.slope), slope_note(s.partial))
                   for s, v in zip(slices, names))
    first = slices[0]
    return PartialsAt(
        point=p, at=at, panels=panels,
        heading=f"**The partial derivatives**, as functions and at $p = {at}$", latex=latex,
        value=float(first.value), value_text=formatting.number(first.value),
        value_note=first.value_note.capitalize() + "." if first.value_note else "",
        slopes=slopes, not_differentiable=not_differentiable,
        important="**Important note.** $\\frac{\\partial f}{\\partial x}$ is itself a function of "
        + ", ".join(f"${v}$" for v in names)
        + ", not just a function of $x$: the slope depends on your position in *all* "
        "coordinates. Move $y_0$" + (f" or ${names[2]}$" if len(names) == 3 else "")
        + " and watch the slope of the $x$-slice change, although we only differentiate in $x$.",
        surface_title=(f"surface z = f({names[0]}, {names[1]}, {names[2]} = "
                       f"{formatting.coordinate(p[2])}), drag to rotate" if f.n == 3 else ""))


@dataclass(frozen=True)
class TermByTerm:
    """The term-by-term section for one variable: the sentence above and the table."""

    intro: str
    table: str
    narrow: str  #: the table two terms a row: a phone's column


def term_by_term(f: Function, var: str) -> TermByTerm:
    """Every term of f differentiated on its own with respect to ``var``.

    >>> import gradviz
    >>> term_by_term(gradviz.parse("x^2 + y"), "y").table.splitlines()[-2]
    '= & 0 & + & 1'
    """
    return TermByTerm(f"Every term is differentiated on its own; the variables other than ${var}$ "
                      "are constants, so terms without it give $0$.", term_table_latex(f, var),
                      term_table_latex(f, var, per_row=2))


@dataclass(frozen=True)
class CourseExample:
    """The course's worked example: its table and the link that opens it."""

    latex: str
    link: str
    narrow: str  #: the table two terms a row: a phone's column


@functools.lru_cache(maxsize=1)
def course_example() -> CourseExample:
    """∂/∂x of x² + y² + eˣ + xᶻ + xyz, term by term, and its link.

    >>> course_example().link
    '?f=x%5E2%20%2B%20y%5E2%20%2B%20e%5Ex%20%2B%20x%5Ez%20%2B%20x%2Ay%2Az&p=1%2C1%2C2'
    """
    from ..parsing import parse

    f = parse(COURSE_TEXT)
    return CourseExample(term_table_latex(f, "x"),
                         "?" + urlencode({"f": COURSE_TEXT, "p": COURSE_POINT}, quote_via=quote),
                         term_table_latex(f, "x", per_row=2))


@dataclass(frozen=True)
class FiniteDifferences:
    """Forward and central differences for ∂f/∂var at p, against the exact partial."""

    k: float  #: the chosen step is h = 10^k
    metrics: tuple  #: (label, text) of the exact partial and the two errors at h
    missing: str  #: why the partial has no value at p ("" where it has one)
    log_h: np.ndarray  #: the chart's curves: log10 h and log10 |error| (nan where exactly 0)
    log_forward: np.ndarray
    log_central: np.ndarray
    yrange: tuple
    drawn: bool  #: there is a chart (an exact value and a non-zero error somewhere)
    exact_note: str
    caption: str


def finite_differences(f: Function, point: Sequence[float], var: str, k: float
                       ) -> FiniteDifferences:
    """The finite-difference section for ∂f/∂var at p, with the step h = 10^k marked.

    >>> import gradviz
    >>> fd = finite_differences(gradviz.parse("sin(x*y)"), (1, 2), "x", -6)
    >>> fd.metrics[0], fd.drawn
    (('exact ∂f/∂x', '-0.8323'), True)
    """
    study = finite_difference_study(f, point, var, STEPS)
    one = finite_difference_study(f, point, var, [10.0 ** k])
    defined = bool(np.isfinite(study["exact"]))
    metrics = ((f"exact ∂f/∂{var}", formatting.number(one["exact"])),
               ("forward error at h", formatting.number(one["forward"][0])),
               ("central error at h", formatting.number(one["central"][0]))) if defined else ()
    missing = "" if defined else (f"∂f/∂{var} has no value at p to compare with: "
                                  f"{study['partial'].reason}.")
    drawn = defined and bool(np.isfinite(study["best_forward"])
                             or np.isfinite(study["best_central"]))
    return FiniteDifferences(
        k=float(k), metrics=metrics, missing=missing,
        log_h=np.log10(study["h"]), log_forward=study["log_forward"],
        log_central=study["log_central"], yrange=tuple(study["yrange"]), drawn=drawn,
        exact_note=study["exact_note"] if drawn else "",
        caption=study["caption"] if defined else "")


def _view_of(values) -> tuple[float, float]:
    """A slice panel's value axis: the range clipped as the map's colours are, 8% wider."""
    lo, hi = draw.colour_range(np.asarray(values, dtype=float))
    pad = 0.08 * (hi - lo) if hi - lo > 1e-6 * max(1.0, abs(lo), abs(hi)) else 1.0
    return lo - pad, hi + pad


def slices_scene(f: Function, domain: Domain, n: int, fixed: Sequence[float] = ()) -> sc.Scene:
    """f's map with the slice lines through p and a panel per variable: the slice through p
    and its tangent line (value axes: f's range over the slider ranges, fixed for the view).

    >>> import gradviz
    >>> s = slices_scene(gradviz.parse("x*y*z"), Domain.square(-1, 2), 30, (0.5,))
    >>> [[layer.type for layer in panel.layers] for panel in s.panels]
    [['heatmap', 'contours', 'slice_lines', 'marker'], ['slice'], ['slice'], ['slice']]
    >>> s.title, s.panels[3].box()
    ('f(x, y, z = 0.5) = x*y*z', (-1.0, 2.0, -4.96, 8.96))
    """
    d, names = domain, f.variables
    ranges = _ranges(f, d, fixed)
    values = [draw.grid(f, (d.xmin, d.xmax, d.ymin, d.ymax), n, fixed)[2]] * 2
    if f.n == 3:  # the z-slices through every point of the map
        axes = [np.linspace(lo, hi, 25) for lo, hi in ranges]
        values.append(draw.evaluate(f, *np.meshgrid(*axes)))
    colors = (draw.VERMILLION, draw.PURPLE, draw.GREEN)
    plots = [sc.Plot((*ranges[k], *_view_of(values[k])), [sc.Slice(k, names, colors[k])],
                     labels=(v, "f"), title=f"along {v}", size=330, height=150)
             for k, v in enumerate(names)]
    held = "".join(f", {v} = {formatting.coordinate(c)}" for v, c in zip(names[2:], fixed))
    head = f"f({', '.join(names[:2])}{held})"
    return sc.Scene(
        "partial_derivatives", f"{head} = {f.text}", {"f": f, "grad": gradient(f)},
        [sc.Map(domain, [sc.Heatmap(), sc.Contours(10), sc.SliceLines(colors[:2]), sc.Marker()],
                n=n, size=420), *plots],
        point=(0.0, 0.0, *fixed), slopes=("grad",), tex=f"${head} = {function_latex(f)}$",
        alt=f"Heatmap of {head} = {f.text} with the slice lines through p and, next to it, "
            "the slices through p with their tangent lines; press or drag in it, or use the "
            "arrow keys, to move the point p.")


def map_caption(names: Sequence[str], point: Sequence[float]) -> str:
    """What the picture shows and how to move p on it."""
    held = (f" The map is the slice {names[2]} = {formatting.coordinate(point[2])}."
            if len(names) == 3 else "")
    return (f"Vermillion: the line {names[1]} = {names[1]}₀ along which the {names[0]}-slice "
            f"runs; purple: {names[0]} = {names[0]}₀, the {names[1]}-slice. Next to (or under) "
            "the map, each slice with its dashed tangent line follows p: its slope is the "
            "partial derivative. Press or drag in the map (or focus it and use the arrow keys) "
            "to move p." + held)
