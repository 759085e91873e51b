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

import numpy as np

from .. import formatting
from ..domain import Domain
from ..errors import ExpressionError
from ..function import Function
from ..sampling import _plane_args

__all__ = [
    "COURSE_EVALUATIONS", "format_value", "vector_valued", "default_evaluation_point", "component_table",
    "component_curves", "component_inputs", "vector_at", "arrow_scale", "with_margin", "streamlines",
]

#: points at which the course evaluates a function, by function text
COURSE_EVALUATIONS: dict[str, tuple[float, ...]] = {
    "[x, sin(y)]": (2.0, 10.0),  # Gradients Review §2: f(2, 10) = [2, −0.54402111]
}

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def format_value(value: float, digits: int = 8) -> str:
    """:func:`gradviz.formatting.number` with 8 digits by default, as the course prints values
    (kept for pages until they move; use gradviz.formatting).

    >>> format_value(2.0), format_value(np.sin(10)), format_value(-1e-12), format_value(np.nan)
    ('2', '-0.54402111', '-1e-12', 'undefined')
    """
    return formatting.number(value, digits)


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
