"""Computations for the pages beyond gradviz.sampling (pure numpy/sympy, no Streamlit).

Each public function takes a Function first, so the app can cache it by text.

This module serves two pages of the course's first two ingredients:

* *Functions of several variables* — values of f: Rⁿ → Rᵐ at a point as a small
  table (:func:`component_table`), the component curves of a function of one
  input (:func:`component_curves`);
* *Vector fields* — the vector at a point (:func:`vector_at`), the length scale
  of a quiver plot (:func:`arrow_scale`) and streamlines traced with a fixed-step
  Runge–Kutta integrator (:func:`streamlines`).

The course's f(x, y) = [x, sin y] at (2, 10):

>>> import gradviz
>>> f = gradviz.parse("[x, sin(y)]")
>>> [row["value"] for row in component_table(f, (2, 10))]
['2', '-0.54402111']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import formatting, sampling
from ..domain import Domain
from ..errors import ExpressionError
from ..function import Function
from ..sampling import _plane_args

__all__ = [
    "COURSE_EVALUATIONS", "vector_valued", "default_evaluation_point", "component_table",
    "component_curves", "component_inputs", "vector_at", "arrow_scale", "with_margin", "streamlines",
    "ScalarAtPoint", "scalar_at_point", "Component", "Evaluation", "evaluation", "CURVES", "ARROWS",
    "NO_PICTURE", "HIGHLIGHT", "FIELD_METRICS", "length_grid", "holding", "FieldAtPoint", "field_at_point",
]

#: points at which the course evaluates a function, by function text
COURSE_EVALUATIONS: dict[str, tuple[float, ...]] = {
    "[x, sin(y)]": (2.0, 10.0),  # Gradients Review §2: f(2, 10) = [2, −0.54402111]
}

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")




def vector_valued(f: Function) -> bool:
    """Is f a vector-valued function (a list of outputs), what the functions page evaluates?

    >>> import gradviz
    >>> vector_valued(gradviz.parse("[x, sin(y)]")), vector_valued(gradviz.parse("x*y"))
    (True, False)
    """
    return not f.is_scalar and len(f.shape) == 1


def default_evaluation_point(f: Function, text: str,
                             fallback: Sequence[float] = ()) -> tuple[float, ...]:
    """Where to evaluate f first: the course's point for its examples, else ``fallback``.

    ``fallback`` is cut or padded with 1.0 to one coordinate per variable.

    Parameters
    ----------
    f : Function
        The function (its number of inputs sets the length).
    text : str
        The text it was typed as (the course's examples are looked up by text).
    fallback : sequence of float
        A point to start from otherwise (e.g. the preset's point).

    Returns
    -------
    tuple of float
        ``f.n`` coordinates.

    Examples
    --------
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
    pt += [1.0] * (f.n - len(pt))
    return tuple(pt)


def _plain(expr) -> str:
    """A sympy expression as a student would type it (``^`` for powers)."""
    return str(expr).replace("**", "^")


def component_table(f: Function, point: Sequence[float], digits: int = 8) -> list[dict]:
    """The outputs of f: Rⁿ → Rᵐ at a point, one row per component.

    Parameters
    ----------
    f : Function
        A scalar or vector function.
    point : sequence of float
        One coordinate per variable of f.
    digits : int
        Decimals shown (the course prints 8).

    Returns
    -------
    list of dict
        Rows with keys ``output`` (f₁, f₂, …), ``formula`` (plain text),
        ``value`` (text, :func:`gradviz.formatting.number` with ``digits``) and ``number`` (the float).

    Examples
    --------
    The course's example with 3 inputs and 4 outputs:

    >>> import gradviz
    >>> rows = component_table(gradviz.parse("[y*z^2, 0, x*y*z, x - y]"), (1, 2, 3))
    >>> [(r["output"], r["formula"], r["value"]) for r in rows]
    [('f₁', 'y*z^2', '18'), ('f₂', '0', '0'), ('f₃', 'x*y*z', '6'), ('f₄', 'x - y', '-1')]
    """
    values = np.asarray(f.at(tuple(float(v) for v in point)), dtype=float).ravel()
    rows = []
    for i, (expr, v) in enumerate(zip(f.exprs, values), start=1):
        name = "f" if f.is_scalar else "f" + str(i).translate(_SUBSCRIPTS)
        rows.append({"output": name, "formula": _plain(expr), "value": formatting.number(v, digits),
                     "number": float(v)})
    return rows


def component_curves(f: Function, lo: float, hi: float, at: float | None = None,
                     n: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """The components of a function of one input, sampled on [lo, hi] (widened to hold ``at``).

    Parameters
    ----------
    f : Function
        A function of one variable with one or more outputs, like [x², 2x, −x].
    lo, hi : float
        The interval to draw.
    at : float, optional
        A point that must be inside the interval (the interval grows by 10 % to hold it).
    n : int
        Number of samples.

    Returns
    -------
    t : ndarray, shape (n,)
    values : ndarray, shape (m, n)
        One row per output component (nan where undefined).

    Examples
    --------
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
    values = np.asarray(f(t), dtype=float).reshape(f.m, n)
    return t, values


def component_inputs(f: Function) -> list[tuple[str, ...]]:
    """The variables each output component actually uses, in f's variable order.

    Tells whether a field is the special case where the i-th output depends only
    on the i-th input (like the course's [x, sin y]).

    Examples
    --------
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

    Examples
    --------
    >>> import gradviz
    >>> v, length = vector_at(gradviz.parse("[x, sin(y)]"), (2, 1))
    >>> v.round(6).tolist(), round(length, 6)
    ([2.0, 0.841471], 2.16981)
    """
    v = np.asarray(f.at(tuple(float(c) for c in point)), dtype=float).ravel()
    with np.errstate(all="ignore"):
        length = float(np.linalg.norm(v)) if np.all(np.isfinite(v)) else float("nan")
    return v, length


def arrow_scale(U, V, domain: Domain, per_side: int) -> float:
    """Data units of arrow length per unit of ‖f‖ in a quiver plot of ``per_side``² arrows.

    The same rule as :func:`gradviz.figures.layers.arrows` by default: the 95th
    percentile of the lengths is drawn 0.9 of a grid cell long. Multiply a vector
    by this to draw it on the same scale as the field's arrows. 0 if no arrow has
    a finite, non-zero length.

    Examples
    --------
    >>> import gradviz
    >>> from gradviz.sampling import arrow_field
    >>> d = Domain.square(-5, 5)
    >>> X, Y, U, V = arrow_field(gradviz.parse("[x, sin(y)]"), d, 20)
    >>> s = arrow_scale(U, V, d, 20)
    >>> round(s * float(np.percentile(np.hypot(U, V), 95)), 6) == round(0.9 * 10 / 19, 6)
    True
    """
    U = np.asarray(U, dtype=float).ravel()
    V = np.asarray(V, dtype=float).ravel()
    ok = np.isfinite(U) & np.isfinite(V)
    mag = np.hypot(U[ok], V[ok])
    if mag.size == 0:
        return 0.0
    top = float(np.percentile(mag, 95))
    k = max(int(per_side), 2)
    return 0.9 * domain.span / (k - 1) / top if top > 0 else 0.0


def with_margin(domain: Domain, per_side: int, cells: float = 1.0) -> Domain:
    """The domain grown by ``cells`` grid cells on every side (room for edge arrows).

    A quiver plot's arrows start at grid points, so those on the edge stick out
    by up to a cell; drawing the chart over this larger rectangle keeps them off
    the axes.

    Examples
    --------
    >>> with_margin(Domain.square(-5, 5), 21)
    Domain(xmin=-5.5, xmax=5.5, ymin=-5.5, ymax=5.5)
    """
    k = max(int(per_side), 2) - 1
    mx = cells * (domain.xmax - domain.xmin) / k
    my = cells * (domain.ymax - domain.ymin) / k
    return Domain(domain.xmin - mx, domain.xmax + mx, domain.ymin - my, domain.ymax + my)


def _trace(f: Function, fixed, starts: np.ndarray, h: float, steps: int, domain: Domain,
           sign: float) -> list[np.ndarray]:
    """Trace all seeds at once in one direction: RK4 steps of length h along ±f/‖f‖.

    Returns one ``(k, 2)`` array per seed (its first row is the seed).
    """
    count = len(starts)
    path = np.full((steps + 2, count, 2), np.nan)
    path[0] = starts
    x = starts.copy()
    alive = np.ones(count, dtype=bool)
    lo = np.array([domain.xmin, domain.ymin])
    hi = np.array([domain.xmax, domain.ymax])

    def direction(p):
        v = np.asarray(f(*_plane_args(f, p[:, 0], p[:, 1], fixed)), dtype=float)
        u, w = sign * v[0], sign * v[1]
        length = np.hypot(u, w)
        good = np.isfinite(length) & (length > 1e-12)
        out = np.stack([u / length, w / length], axis=1)
        out[~good] = np.nan
        return out

    for i in range(1, steps + 1):
        if not alive.any():
            break
        k1 = direction(x)
        k2 = direction(x + 0.5 * h * k1)
        k3 = direction(x + 0.5 * h * k2)
        k4 = direction(x + h * k3)
        nxt = x + h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
        # a step much shorter than h means the directions cancel: a zero of the field
        ok = (alive & np.all(np.isfinite(nxt), axis=1)
              & (np.hypot(*(nxt - x).T) > 0.25 * h))
        inside = np.all((nxt >= lo) & (nxt <= hi), axis=1)
        leaving = ok & ~inside  # stop at the edge, on it
        path[i, leaving] = np.clip(nxt[leaving], lo, hi)
        going = ok & inside
        path[i, going] = nxt[going]
        closed = going & (i > 10) & (np.hypot(*(nxt - starts).T) < 0.6 * h)
        path[i + 1, closed] = starts[closed]  # a closed orbit: join it up and stop
        alive = going & ~closed
        x = np.where(alive[:, None], nxt, x)
    out = []
    for j in range(count):
        rows = path[:, j]
        out.append(rows[np.all(np.isfinite(rows), axis=1)])
    return out


def streamlines(f: Function, domain: Domain, seeds: int = 8, steps: int = 150,
                step: float | None = None, fixed: Sequence[float] | None = None
                ) -> list[np.ndarray]:
    """Streamlines of a field f: R² → R² from a coarse grid of seed points.

    From each seed the curve is traced forwards and backwards along the field's
    direction with a fixed-step fourth-order Runge–Kutta integrator (steps of
    equal length, so slow and fast regions are traced alike). A curve stops at
    the domain's edge, where the field is undefined or zero (also when it runs
    into a zero: the step's directions then cancel), when it closes on itself,
    or after ``steps`` steps each way.

    Parameters
    ----------
    f : Function
        A field with two outputs and (at least) two inputs; inputs after x, y
        take the values in ``fixed``.
    domain : Domain
        Where to seed and draw.
    seeds : int
        Seeds per side (2–20), placed at the centres of a seeds × seeds grid.
    steps : int
        Steps each way per curve (1–1000).
    step : float, optional
        Step length; default 1/100 of the domain's span.
    fixed : sequence of float, optional
        Values of the variables after x and y.

    Returns
    -------
    list of ndarray
        One ``(k, 2)`` array of points per streamline (k ≥ 2), in the field's
        direction of travel.

    Examples
    --------
    The rotation field [−y, x] has circles for streamlines:

    >>> import gradviz
    >>> lines = streamlines(gradviz.parse("[-y, x]"), Domain.square(-2, 2), seeds=2)
    >>> len(lines)
    4
    >>> r = np.hypot(lines[0][:, 0], lines[0][:, 1])
    >>> bool(np.ptp(r) < 1e-6)
    True

    For [x, sin y] every curve runs away from the axis x = 0 and stops at the edge:

    >>> lines = streamlines(gradviz.parse("[x, sin(y)]"), Domain.square(-5, 5), seeds=4)
    >>> all(abs(line[-1, 0]) == 5 or abs(line[-1, 1]) == 5 for line in lines)
    True
    """
    if f.shape != (2,) or f.n < 2:
        raise ExpressionError("streamlines need a field f: R² → R², like [x, sin(y)]")
    seeds = int(min(max(int(seeds), 2), 20))
    steps = int(min(max(int(steps), 1), 1000))
    h = float(step) if step is not None else domain.span / 100.0
    if not (np.isfinite(h) and h > 0):
        raise ExpressionError("the streamline step must be a positive number")
    fixed = tuple(fixed or ())
    # seeds at cell centres, so none sits on the domain's edge
    xs = domain.xmin + (np.arange(seeds) + 0.5) * (domain.xmax - domain.xmin) / seeds
    ys = domain.ymin + (np.arange(seeds) + 0.5) * (domain.ymax - domain.ymin) / seeds
    X, Y = np.meshgrid(xs, ys)
    starts = np.column_stack([X.ravel(), Y.ravel()])
    lines = []
    with np.errstate(all="ignore"):
        forward = _trace(f, fixed, starts, h, steps, domain, 1.0)
        backward = _trace(f, fixed, starts, h, steps, domain, -1.0)
    for fwd, back in zip(forward, backward):
        closed = len(fwd) > 2 and np.array_equal(fwd[-1], fwd[0])
        line = fwd if closed else np.vstack([back[::-1], fwd[1:]])
        if len(line) >= 2:
            lines.append(line)
    return lines


# -- the pages' sections: what each states at the point ----------------------------------------
def _held(f: Function, point: Sequence[float]) -> str:
    """"z = 1" (the variables after x and y at their values), or ""."""
    return ", ".join(f"{name} = {formatting.number(v)}"
                     for name, v in zip(f.variables[2:], point[2:]))


@dataclass(frozen=True)
class ScalarAtPoint:
    """A scalar f at the point, as the functions page states it.

    >>> import gradviz
    >>> at = scalar_at_point(gradviz.parse("x^2 + y^2 + z"), (1.25, -0.75, 2))
    >>> at.label, at.value_text, at.marker, at.held
    ('f(1.25, -0.75, 2)', '4.125', 'f(p) = 4.125', 'z = 2')
    >>> at.map_title
    '**Heatmap and contour lines** at z = 2 (seen from above)'
    """

    #: f at the point (nan where undefined)
    value: float
    #: LaTeX: f(x, y) = its formula
    formula: str
    #: the metric's label: f at the point written exactly as given, "f(1.25, -0.75)"
    label: str
    #: the value as text (the project's number rule)
    value_text: str
    #: the marker's label on the maps: "f(p) = 0.9093"
    marker: str
    #: the held variables beyond x and y, "z = 1" ("" for two inputs)
    held: str
    #: what the slice means ("" for two inputs)
    slice_caption: str
    #: the heatmap's heading (markdown)
    map_title: str
    #: the surface's heading (markdown)
    surface_title: str


def scalar_at_point(f: Function, point: Sequence[float]) -> ScalarAtPoint:
    """f at ``point`` (one coordinate per variable) with the texts the page shows."""
    p = tuple(float(v) for v in point[: f.n])
    value = float(f.at(p))
    held = _held(f, p)
    note = f" at {held}" if held else ""
    caption = ""
    if f.n > 2:
        caption = (f"f has {f.n} inputs but a picture has only two axes: both views show the "
                   f"**slice {held}** — the function of x and y you get by holding {held} "
                   f"fixed. Move the {'slider' if f.n == 3 else 'sliders'} marked *held fixed* "
                   "to move the slice.")
    text = formatting.number(value)
    return ScalarAtPoint(
        value=value, formula=f"f({', '.join(f.variables)}) = {f.latex()}",
        label="f" + formatting.point(p), value_text=text, marker=f"f(p) = {text}", held=held,
        slice_caption=caption,
        map_title=f"**Heatmap and contour lines**{note} (seen from above)",
        surface_title=f"**Surface z = f(x, y)**{note} — drag to rotate")


@dataclass(frozen=True)
class Component:
    """One output of a vector-valued function at a point."""

    #: f₁, f₂, …
    name: str
    #: its formula as a student types it (``^`` for powers)
    formula: str
    #: its value there (nan where undefined)
    value: float
    #: the value as text, 8 digits as the course prints them
    text: str


#: what the functions page can draw of f: Rⁿ → Rᵐ
CURVES, ARROWS, NO_PICTURE = "curves", "arrows", "none"


@dataclass(frozen=True)
class Evaluation:
    """A vector-valued function evaluated at a point, as the functions page states it.

    >>> import gradviz
    >>> e = evaluation(gradviz.parse("[x, sin(y)]"), (2, 10))
    >>> [c.text for c in e.components], e.where, e.picture
    (['2', '-0.54402111'], '(2, 10)', 'arrows')
    >>> e.value
    'f\\\\left(2, 10\\\\right) = \\\\begin{bmatrix} 2 \\\\\\\\ -0.54402111 \\\\end{bmatrix}'
    """

    #: LaTeX: f(x, y) = its formula
    formula: str
    #: LaTeX: f at the point = the column of values
    value: str
    #: one row per output
    components: tuple[Component, ...]
    #: the point, one coordinate per input
    point: tuple[float, ...]
    #: the point written exactly as given, "(2, 10)"
    where: str
    #: CURVES (one input), ARROWS (R² → R²: a vector field) or NO_PICTURE
    picture: str
    #: what the picture column says (markdown; "" for CURVES)
    note: str

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
    """f: Rⁿ → Rᵐ at ``point`` (one coordinate per input), with what the page shows."""
    p = tuple(float(v) for v in point[: f.n])
    values = np.asarray(f.at(p), dtype=float).ravel()
    components = tuple(
        Component(name="f" if f.is_scalar else "f" + str(i).translate(_SUBSCRIPTS),
                  formula=_plain(expr), value=float(v), text=formatting.number(v, 8))
        for i, (expr, v) in enumerate(zip(f.exprs, values), start=1))
    if f.n == 1:
        picture, note = CURVES, ""
    elif f.n == 2 and f.m == 2:
        picture = ARROWS
        note = ("Two inputs and two outputs: the input space and the output space are both "
                "the plane, so f can be drawn as **arrows** — one arrow f(x, y) at each point "
                "(x, y).")
    else:
        picture = NO_PICTURE
        note = (f"{f.n} inputs and {f.m} outputs: there is no honest picture of this function "
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
    """A field f: R² → R² at the point, as the vector-fields page states and draws it.

    >>> import gradviz
    >>> from gradviz.sampling import arrow_field
    >>> f, d = gradviz.parse("[x, sin(y)]"), Domain.square(-5, 5)
    >>> X, Y, U, V = arrow_field(f, d, 20)
    >>> at = field_at_point(f, (2, 0), d, 20, U, V)
    >>> at.components, round(at.frame.xmax, 4)
    (('2', '0', '2'), 5.7368)
    >>> at.arrow[1], round(at.arrow[0] / (2 * arrow_scale(U, V, at.frame, 20)), 6)
    (0.0, 4.0)
    """

    #: f(p)
    vector: tuple[float, ...]
    #: ‖f(p)‖ (nan where f(p) is undefined)
    length: float
    #: LaTeX: f(x, y) = its formula
    formula: str
    #: LaTeX: f at the point = the column
    value: str
    #: x-component, y-component and length as text
    components: tuple[str, str, str]
    #: what the vermillion arrow is (markdown)
    explanation: str
    #: does each output depend only on its own input (like the course's [x, sin y])?
    separable: bool
    #: the chart's frame: the domain with room for the arrows on its edges
    frame: Domain
    #: the arrow drawn for f(p) (data units, HIGHLIGHT × the field's scale; None if none)
    arrow: tuple[float, float] | None


def field_at_point(f: Function, point: Sequence[float], domain: Domain, per_side: int,
                   U, V) -> FieldAtPoint:
    """The field at ``point`` with its texts, over a quiver plot of ``per_side``² arrows
    (U, V: the arrows' components)."""
    p = tuple(float(v) for v in point[:2])
    vec, length = vector_at(f, p)
    frame = with_margin(domain, per_side, 1.4)  # room for the arrows on the edges
    scale = arrow_scale(U, V, frame, per_side) * HIGHLIGHT
    arrow = (float(vec[0] * scale), float(vec[1] * scale)) if length > 0 and scale > 0 else None
    texts = tuple(formatting.number(v) for v in (vec[0], vec[1], length))
    explanation = (
        f"The red-orange (vermillion) arrow starts at $p = {formatting.point(p)}$ and is "
        f"$f(p)$, drawn {HIGHLIGHT}× the scale of the grid's arrows so it stands out: its "
        f"horizontal length is the **x-component** ${texts[0]}$, its vertical length the "
        f"**y-component** ${texts[1]}$.")
    return FieldAtPoint(
        vector=tuple(float(v) for v in vec), length=length,
        formula=f"f(x, y) = {f.latex()}",
        value="f" + formatting.latex_point(p) + " = " + formatting.latex_vector(vec),
        components=texts, explanation=explanation,
        separable=component_inputs(f) == [("x",), ("y",)], frame=frame, arrow=arrow)


def length_grid(f: Function, domain: Domain, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """‖f‖ of a vector-valued function of two inputs on an n × n grid: ``(X, Y, L)``, nan
    where an output is undefined. What the functions page's map of such an f shows.

    >>> import gradviz
    >>> X, Y, L = length_grid(gradviz.parse("[x, y, 0]"), Domain.square(-1, 1), 3)
    >>> L[0].round(6).tolist()
    [1.414214, 1.0, 1.414214]
    """
    if f.n != 2 or f.is_scalar:
        raise ExpressionError("a map of ‖f‖ needs a vector-valued function of two inputs")
    X, Y = sampling.grid(domain, int(min(max(int(n), 2), 400)))
    with np.errstate(all="ignore"):
        values = np.asarray(f(X, Y), dtype=float).reshape((f.m,) + X.shape)
        length = np.sqrt(np.sum(values ** 2, axis=0))
    return X, Y, np.where(np.isfinite(length), length, np.nan)


def holding(domain: Domain, point: Sequence[float], pad: float = 0.1) -> Domain:
    """``domain``, widened (by ``pad`` of the new span on that side) to hold the point's x, y.

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
