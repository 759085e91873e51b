"""What the gradient-field page draws and says about ∇f at the point and the ascent path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import formatting
from .. import scene as sc
from ..calculus import gradient
from ..domain import Domain
from ..function import Function
from .derivatives import GradientSummary, function_latex, gradient_latex, gradient_summary

#: what the picture shows (the path's steps are set and played under the chart)
CAPTION = ("Black arrows: ∇f on a grid (the longest about a cell long; the shortest drawn "
           "longer, for their direction). Orange: the level curve through p. Red-orange "
           "(vermillion): the direction of ∇f at p. Press or drag in the map — or tap it, or "
           "focus it and use the arrow keys — to move p.")


def field_scene(f: Function, domain: Domain, n: int, arrows: int, path: bool = False,
                ascent: bool = True, fixed: Sequence[float] = (), title: str = "") -> sc.Scene:
    """f's heatmap with ∇f's arrows; following p the level curve, ∇f's direction and (``path``)
    the ascent/descent path with the chart's step size ``s`` and steps ``k``.

    >>> import gradviz
    >>> s = field_scene(gradviz.parse("sin(x*y)"), Domain.square(0, 4), 40, 10, path=True)
    >>> [layer.type for layer in s.panels[0].layers]
    ['heatmap', 'contours', 'arrows', 'level_curve', 'path', 'vector', 'marker']
    >>> [q.name for q in s.params]
    ['s', 'k']
    """
    way = "ascent" if ascent else "descent"
    layers = [sc.Heatmap(), sc.Contours(10), sc.Arrows("grad", arrows), sc.LevelCurve()]
    params = ()
    if path:
        layers.append(sc.GradientPath(sign=1 if ascent else -1, name=f"{way}_path"))
        params = (sc.Param("s", "step size", 0.001, 0.5, 0.05, log=True),
                  sc.Param("k", "steps", 1, 200, 30, integer=True, play=True))
    layers += [sc.Vector("grad"), sc.Marker()]
    held = "".join(f", {v} = {formatting.number(c)}" for v, c in zip(f.variables[2:], fixed))
    head = f"f({', '.join(f.variables[:2])}{held})"
    return sc.Scene(
        "gradient_field", title or f"{head} and ∇f",
        {"f": f, "grad": gradient(f)}, [sc.Map(domain, layers, n=n)],
        point=(0.0, 0.0, *fixed), params=params, slopes=("grad",),
        status=(sc.Status("f(p)", "f"), sc.Status("∇f(p)", "grad")),
        tex=rf"${head} = {f.latex()}\quad\mathrm{{and}}\quad\nabla f$",
        alt="Heatmap of f with ∇f arrows, the level curve through p and ∇f's direction at p"
            f"{f' and the {way} path' if path else ''}; press or drag in it, or use the arrow "
            "keys, to move the point p.")


@dataclass(frozen=True)
class PointReadout:
    """∇f at p as the gradient-field page writes it (plain text, Markdown and LaTeX)."""

    summary: GradientSummary  #: the numbers behind the text
    gradient_at: str  #: LaTeX: ∇f(p) = the column of partials
    partials: tuple[tuple[str, str], ...]  #: (label, value) of each partial's metric
    norm: str  #: |∇f(p)| as the metric shows it
    value: str  #: f(p) as the metric shows it
    value_note: str  #: a caption about f(p) ("" for none), e.g. the limit at a removable 0/0
    unit: str  #: LaTeX ∇f/‖∇f‖ at p; "" when ∇f has no direction (``message`` says why)
    level: str  #: Markdown: f's value along the level curve through p, and its direction t
    tangent: str  #: LaTeX: t
    tangent_dot: str  #: LaTeX: ∇f · t
    message: str  #: what the page says when ∇f has no direction ("" when it has one)
    title: str  #: the chart's title
    slice_note: str  #: what the caption says about the slice


def point_readout(f: Function, point: Sequence[float], text: str | None = None) -> PointReadout:
    r"""∇f at ``point`` written out for the page (``text``: f as the student typed it).

    >>> import gradviz
    >>> r = point_readout(gradviz.parse("sin(x*y)"), (1, 2), "sin(x*y)")
    >>> r.partials, r.norm, r.value
    ((('∂f/∂x (p)', '-0.8323'), ('∂f/∂y (p)', '-0.4161')), '0.9305', '0.9093')
    >>> r.title
    'f(x, y) = sin(x*y) and ∇f'
    >>> r.tangent_dot
    '\\nabla f \\cdot t = 0'
    """
    g = gradient_summary(f, point)
    names, p = f.variables, g.point
    at = formatting.point(p)
    text = str(f.expr) if text is None else text
    held = f"{names[2]} = {formatting.number(p[2])}" if f.n == 3 else ""
    title = f"f({', '.join(names[:2])}{', ' + held if held else ''}) = {text} and ∇f"
    flows = g.unit is not None
    return PointReadout(
        summary=g,
        gradient_at=rf"\nabla f{at} = " + formatting.latex_vector(g.grad),
        partials=tuple((f"∂f/∂{v} (p)", formatting.number(g.grad[j]))
                       for j, v in enumerate(names)),
        norm=formatting.number(g.norm), value=formatting.number(g.value),
        value_note=g.status.value_note.capitalize() + "." if g.status.value_note else "",
        unit=(r"\frac{\nabla f}{\|\nabla f\|}" + at + " = " + formatting.latex_vector(g.unit)
              if flows else ""),
        level=(f"Along the level curve through $p$ (orange) $f$ stays "
               f"${formatting.latex_number(g.value)}$; its direction $t$ is at a right angle "
               r"to $\nabla f$:" if flows else ""),
        tangent="t = " + formatting.latex_vector(g.tangent) if flows else "",
        tangent_dot=r"\nabla f \cdot t = " + formatting.latex_number(g.tangent_dot),
        message=g.message, title=title,
        slice_note=(f" The view is the slice {held}; arrows show ∂f/∂x and ∂f/∂y."
                    if held else ""))


@dataclass(frozen=True)
class AscentPath:
    """The gradient ascent (or descent) path from p, and the caption that describes it."""

    points: np.ndarray  #: (x, y) from p on (:func:`gradviz.scene.draw.descent_path`)
    caption: str


def ascent_path(f: Function, point: Sequence[float], step: float, steps: int, ascent: bool,
                domain: Domain) -> AscentPath:
    """The ascent/descent path from ``point`` and its caption (where it ends, f there).

    >>> import gradviz
    >>> path = ascent_path(gradviz.parse("x^2 + y^2"), (1, 0.5), 0.25, 2, False,
    ...                    Domain.square(-2, 2))
    >>> path.points.tolist()
    [[1.0, 0.5], [0.5, 0.25], [0.25, 0.125]]
    >>> print(path.caption)
    The descent path (light blue) has 2 steps of size 0.25·∇f; it ends at (0.25, 0.125) where f = 0.07813.
    """
    box = (domain.xmin, domain.xmax, domain.ymin, domain.ymax)
    pts = sc.draw.descent_path(gradient(f), point, step, steps, 1 if ascent else -1, 0.0, box,
                               tuple(point[2:]), f)
    end = (*pts[-1], *point[2:])
    where = (f" (in the slice {f.variables[2]} = {formatting.number(point[2])})"
             if f.n == 3 else "")
    caption = (f"The {'ascent' if ascent else 'descent'} path (light blue) has {len(pts) - 1} "
               f"steps of size {formatting.number(step)}·∇f{where}; it ends at "
               f"{formatting.vector(end[:2])} where f = {formatting.number(f.at(end))}.")
    return AscentPath(pts, caption)


def what_to_notice(f: Function) -> str:
    r"""The page's summary, about the function on screen (the course's words for its sin(xy)).

    >>> import gradviz
    >>> third = what_to_notice(gradviz.parse("x^2 - y^2")).splitlines()[2]
    >>> third.startswith("- For $f = x^{2} - y^{2}$"), r"2 x \\ - 2 y" in third
    (True, True)
    """
    from ..parsing import parse

    if f.exprs == parse("sin(x*y)").exprs and f.variables == ("x", "y"):
        third = ("- For the course's $\\sin(xy)$ the gradient is $\\begin{bmatrix} y\\cos(xy) "
                 "\\\\ x\\cos(xy) \\end{bmatrix}$: it vanishes on the curves "
                 "$xy = \\pi/2, 3\\pi/2, \\dots$ (ridges and valleys).")
    else:
        third = (f"- For $f = {function_latex(f)}$: ${gradient_latex(f)}$. Where every component "
                 "is $0$ the arrows shrink to nothing: a top, a bottom or a saddle of $f$ (or a "
                 "flat ridge or valley).")
    return ("- The arrows point **uphill**, across the contour lines, never along them.\n"
            "- Long arrows where the colours change fast; short arrows on flat ground.\n"
            f"{third}\n"
            "- Ascent with a large step overshoots and zig-zags; a small step follows the arrows.")
