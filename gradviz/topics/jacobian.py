"""The Jacobian-linearisation page (maps R² → R², J at a point, zooming in): ``*_readout``
builders return what it shows, ``*_scene`` builders its pictures.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from .. import formatting
from .. import scene as sc
from ..calculus import (
    _component,
    gradient,
    gradient_at,
    jacobian,
    jacobian_at,
    jacobian_status_at,
    norm,
    polynomial_degree,
    value_at,
)
from ..domain import Domain
from ..errors import ExpressionError
from ..function import Function
from ..sampling import linearisation_error
from ..scene import draw

#: the course's map R² → R² of the Jacobian figure
COURSE_FIELD = "[x^2 - y, y^2 + x]"
#: the three points of the course's local-linear-approximation figure, as typed
COURSE_POINTS_TEXT = "(-1, -1), (0, 0), (1, 1)"
MAX_POINTS = 12


def is_curve(f: Function) -> bool:
    """Is f a curve in a parameter other than x, y, like [cos(t), sin(t)] (not a map of (x, t))?

    >>> import gradviz
    >>> is_curve(gradviz.parse("[cos(t), sin(t)]", min_variables=2))
    True
    >>> is_curve(gradviz.parse("[x^2 - y, y^2 + x]"))
    False
    >>> is_curve(gradviz.parse("[x^2, 1]", min_variables=2))
    False
    """
    used = f.free_variables()
    return not f.is_scalar and len(used) == 1 and not used & {"x", "y"}


def plane_map(f: Function) -> bool:
    """Can a page for maps R² → R² show f (two inputs, two outputs, not a curve)?"""
    return f.shape == (2,) and f.n == 2 and not is_curve(f)


def _need_plane_map(f: Function) -> None:
    if f.shape != (2,) or f.n != 2:
        raise ExpressionError(
            "this picture needs a map from R² to R², like [x^2 - y, y^2 + x]")


@dataclass(frozen=True)
class JacobianSummary:
    """J at a point with its determinant and Frobenius norm, and f at the point."""

    J: np.ndarray  #: shape (m, n), nan where a partial does not exist
    det: float  #: nan unless J is square and defined
    frobenius: float
    value: np.ndarray | float  #: f at the point
    differentiable: bool  #: f has a linearisation there
    problems: list  #: why not, one sentence per output


def jacobian_summary(f: Function, point: Sequence[float]) -> JacobianSummary:
    """J, det J, ‖J‖_F and f at the point (nan where a partial does not exist).

    >>> import gradviz
    >>> f = gradviz.parse("[x^2 - y, y^2 + x]")
    >>> [jacobian_summary(f, p).det for p in [(-1, -1), (0, 0), (1, 1)]]
    [5.0, 1.0, 5.0]
    >>> round(jacobian_summary(f, (0, 0)).frobenius, 6)
    1.414214
    """
    J, problems, ok = jacobian_status_at(f, point)
    J = np.asarray(J, dtype=float).reshape(f.m, f.n)
    with np.errstate(all="ignore"):
        if J.shape == (2, 2):  # ad − bc: exact for the integers of the course's points
            det = float(J[0, 0] * J[1, 1] - J[0, 1] * J[1, 0])
        elif J.shape[0] == J.shape[1] and np.all(np.isfinite(J)):
            det = float(np.linalg.det(J))
        else:
            det = float("nan")
        frob = float(np.sqrt(np.sum(J * J)))
    value = np.array([value_at(component(f, i), tuple(point))[0] for i in range(f.m)], dtype=float)
    return JacobianSummary(J=J, det=det, frobenius=frob,
                           value=value.reshape(f.shape) if f.shape else value[0],
                           differentiable=ok, problems=list(problems))


@dataclass(frozen=True)
class PointReadout:
    """What the page shows about J at p; ``note``: why f has no linearisation there or ""."""

    summary: JacobianSummary
    latex: tuple[str, str, str]  #: f, J_f and J_f(p)
    det: str
    frobenius: str
    value: str
    note: str

    @property
    def metrics(self) -> list[tuple[str, str, str]]:
        """(label, value, help) of the section's metrics: det J and ‖J‖_F at p."""
        return [("det J at p", self.det,
                 "The factor by which J scales areas near p (negative: flips)."),
                ("$\\lVert J \\rVert_F$ at p", self.frobenius,
                 "Frobenius norm: √(sum of the squared entries of J).")]


def point_readout(f: Function, point: Sequence[float]) -> PointReadout:
    r"""f, J_f and J_f(p) in LaTeX, det J, ‖J‖_F and f(p) as text (the page's first section).

    >>> import gradviz
    >>> r = point_readout(gradviz.parse("[x^2 - y, y^2 + x]"), (1.25, -0.75))
    >>> r.latex[2]
    '\\mathbf{J}_f\\left(1.25, -0.75\\right) = \\begin{bmatrix} 2.5 & -1 \\\\ 1 & -1.5 \\end{bmatrix}'
    >>> r.det, r.value
    ('-2.75', 'f(1.25, -0.75) = [2.3125, 1.8125]')
    """
    s = jacobian_summary(f, point)
    p = tuple(point[:2])
    note = "" if s.differentiable else (
        "f is **not differentiable** at p, so J does not give a linear approximation here — "
        + "; ".join(s.problems) + ". The sections below (the zoomed square, the error of the "
        "linear approximation, the m = 1 case) compare f with its linearisation at p, which "
        "exists only where f is differentiable: move p to such a point to see them.")
    return PointReadout(
        summary=s,
        latex=("f(x, y) = " + f.latex(), r"\mathbf{J}_f = " + jacobian(f).latex(),
               r"\mathbf{J}_f" + formatting.latex_point(p) + " = " + formatting.latex_matrix(s.J)),
        det=formatting.number(s.det), frobenius=formatting.number(s.frobenius),
        value=f"f{formatting.point(p)} = ["
        + ", ".join(formatting.number(v) for v in np.ravel(s.value)) + "]",
        note=note)


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_POINTS_TEXT = re.compile(r"[\d\s.,;()\[\]eE+-]*")


def parse_points(text: str, limit: float = 1e4) -> tuple[tuple[float, float], ...]:
    """Points typed as ``(-1, -1), (0, 0), (1, 1)``: only numbers are read, in pairs (nothing
    is evaluated); at most :data:`MAX_POINTS` points, each |coordinate| ≤ ``limit``.

    >>> parse_points("(-1, -1), (0, 0), (1, 1)")
    ((-1.0, -1.0), (0.0, 0.0), (1.0, 1.0))
    >>> parse_points("0.5 2; -1 1e-1")
    ((0.5, 2.0), (-1.0, 0.1))
    >>> parse_points("(1, x)")
    Traceback (most recent call last):
    ...
    gradviz.errors.ExpressionError: can't read `(1, x)` as points: write them like (-1, -1), (0, 0), (1, 1)
    >>> parse_points("(1, 2), (3, 4, 5), (6)")
    Traceback (most recent call last):
    ...
    gradviz.errors.ExpressionError: a point is two numbers in brackets, like (1, 1): `(3, 4, 5)` has 3
    >>> parse_points("(1, 2)` [log in](http://evil) `")  # never leaves the code span
    Traceback (most recent call last):
    ...
    gradviz.errors.ExpressionError: can't read `(1, 2)' [log in](http://evil) '` as points: write them like (-1, -1), (0, 0), (1, 1)
    """
    text = str(text).strip()
    if len(text) > 800:
        raise ExpressionError("too many characters for a list of points (at most 800)")
    shown = "".join(ch if ch.isprintable() and ch != "`" else "'" for ch in text[:60])
    bad = ExpressionError(f"can't read `{shown}{'…' if len(text) > 60 else ''}` as points: "
                          "write them like (-1, -1), (0, 0), (1, 1)")
    if not _POINTS_TEXT.fullmatch(text):
        raise bad
    numbers = _NUMBER.findall(text)
    if re.search(r"[\deE.+-]", _NUMBER.sub(" ", text)) or len(numbers) % 2:
        raise bad
    for group in re.findall(r"[(\[][^()\[\]]*[)\]]", text):  # a bracket holds one point
        if len(_NUMBER.findall(group)) != 2:
            raise ExpressionError(f"a point is two numbers in brackets, like (1, 1): `{group}` "
                                  f"has {len(_NUMBER.findall(group))}")
    vals = [float(v) for v in numbers]
    pts = tuple(zip(vals[::2], vals[1::2]))
    if len(pts) > MAX_POINTS:
        raise ExpressionError(f"at most {MAX_POINTS} points, please (got {len(pts)})")
    if not all(np.isfinite(v) and abs(v) <= limit for v in vals):
        raise ExpressionError(f"point coordinates must be finite numbers within ±{limit:g}")
    return pts


@dataclass(frozen=True)
class ArrowPoints:
    """The figure's points as typed, or the course's with ``error`` saying why they can't be."""

    points: tuple
    error: str


def arrow_points(text: str) -> ArrowPoints:
    """The typed points, or the course's when they can't be read.

    >>> arrow_points("(0, 0)")
    ArrowPoints(points=((0.0, 0.0),), error='')
    >>> arrow_points("(1, x)").points[0], arrow_points("(1, x)").error[:10]
    ((-1.0, -1.0), "can't read")
    """
    try:
        return ArrowPoints(parse_points(text), "")
    except ExpressionError as err:
        return ArrowPoints(parse_points(COURSE_POINTS_TEXT), f"{err}; showing the course's points.")


def jacobian_table(f: Function, points: Sequence[Sequence[float]]) -> list[dict]:
    """Rows ``{"point", "J", "det J"}`` under the course's figure (the true J at each point).

    >>> import gradviz
    >>> jacobian_table(gradviz.parse("[x^2 - y, y^2 + x]"), [(1, 1)])
    [{'point': '(1, 1)', 'J': '[[2, -1], [1, 2]]', 'det J': '5'}]
    """
    _need_plane_map(f)
    summaries = [(p, jacobian_summary(f, p)) for p in points]
    return [{"point": formatting.point(p), "J": formatting.matrix(s.J),
             "det J": formatting.number(s.det)} for p, s in summaries]


def frobenius(f: Function) -> Function:
    """‖J_f‖_F as a function.

    >>> import gradviz
    >>> frobenius(gradviz.parse(COURSE_FIELD)).expr
    sqrt(4*x**2 + 4*y**2 + 2)
    """
    return norm(jacobian(f))


#: what the ‖J‖_F map and the output plane beside it show
SQUARE_CAPTION = (
    "Press or drag in the map (or tap it, or focus it and use the arrow keys) to move p. "
    "Right: the square at p under f (vermillion) and under J (blue, dashed), with J e₁, J e₂.")
COURSE_CAPTION = (
    "At each point the **blue and green arrows** are $\\mathbf{e}_1$, $\\mathbf{e}_2$; the "
    "**vermillion and orange arrows** are their images $\\mathbf{J}_f\\mathbf{e}_1$, "
    "$\\mathbf{J}_f\\mathbf{e}_2$ — the **columns** of $\\mathbf{J}_f$ (all times the arrow "
    "scale, 0.5 in the course: its slider is under the figure). Small steps in input space "
    "are mapped to (approximately) linear steps in output space.")


def truth(summary: JacobianSummary) -> dict:
    """f, J and ‖J‖_F at p for the pictures (the truth at a corner, where the formulas lie)."""
    return {"f": summary.value, "J": summary.J.ravel(), "norm": summary.frobenius}


def _scene(name: str, f: Function, panels: list, **kwargs) -> sc.Scene:
    return sc.Scene(name, f"f(x, y) = {f.text or list(f.exprs)}",
                    {"f": f, "J": jacobian(f), "norm": frobenius(f)}, panels,
                    slopes=("J", "norm"), **kwargs)


def square_scene(f: Function, domain: Domain, n: int, zoom: bool = False) -> sc.Scene:
    """The square at p (on the ‖J‖_F map) and its images under f and J; ``zoom``: half-width h.

    >>> import gradviz
    >>> f = gradviz.parse(COURSE_FIELD)
    >>> s = square_scene(f, Domain.square(-2, 2), 40)
    >>> [[layer.type for layer in panel.layers] for panel in s.panels]
    [['heatmap', 'contours', 'square', 'marker'], ['square_images']]
    >>> [q.name for q in square_scene(f, Domain.square(-2, 2), 40, zoom=True).params]
    ['h']
    """
    _need_plane_map(f)
    half = "h" if zoom else round(0.08 * domain.span, 12)
    heat = [] if zoom else [sc.Heatmap("norm", "‖J‖", "plasma"), sc.Contours(12)]
    return _scene(
        "jacobian_zoom" if zoom else "jacobian_square", f,
        [sc.Map(domain, [*heat, sc.Square(half, basis=not zoom), sc.Marker()], n=n,
                title="input plane: the square at p" if zoom else "", size=320 if zoom else 400),
         sc.Plot((-1.0, 1.0, -1.0, 1.0), [sc.SquareImages(half, gap=zoom)], ("f₁", "f₂"),
                 "output plane" + (", zoomed to the image" if zoom else ""), auto="xy",
                 equal=True, size=320)],
        params=(sc.Param("h", "half-width h", 1e-3, 1.0, 10**-0.5, log=True, play="down"),)
        if zoom else (),
        alt=("The square at p" + ("" if zoom else " over a heatmap of the Frobenius norm of J")
             + " and, beside it, its images under f and under J; press or drag in it, or use "
             "the arrow keys, to move the point p."))


def course_scene(f: Function, domain: Domain, n: int, points: Sequence, at_p: bool = True,
                 ) -> sc.Scene:
    """The course's figure: the ‖J‖_F heatmap, and e₁, e₂, J e₁, J e₂ at the points (and p).

    >>> import gradviz
    >>> s = course_scene(gradviz.parse(COURSE_FIELD), Domain.square(-2, 2), 25, [(0, 0)])
    >>> [[layer.type for layer in panel.layers] for panel in s.panels], s.params[0].value
    ([['heatmap', 'marker'], ['basis_arrows', 'marker']], 0.5)
    """
    _need_plane_map(f)
    pts = tuple(tuple(float(v) for v in q) for q in points)
    return _scene(
        "jacobian_course", f,
        [sc.Map(domain, [sc.Heatmap("norm", "‖J‖", "plasma"), sc.Marker()], n=n,
                title="Jacobian norm of f(x, y)", size=380),
         sc.Plot((domain.xmin, domain.xmax, domain.ymin, domain.ymax),
                 [sc.BasisArrows(pts, tuple(formatting.point(q) for q in pts), "s", at_p),
                  sc.Marker()], title="Local linear approximation via Jacobian", auto="xy",
                 equal=True, size=380)],
        params=(sc.Param("s", "arrow scale", 0.1, 1.5, 0.5, 0.05),),
        alt="Heatmap of the Frobenius norm of J and, beside it, e₁, e₂ and their images J e₁, "
            "J e₂ at the chosen points and at p; press or drag in the heatmap, or use the "
            "arrow keys, to move the point p.")


@dataclass(frozen=True)
class ZoomReadout:
    """The zoom section; ``gap``: the largest distance between the square's two images."""

    half_width: float
    gap: float
    description: str

    @property
    def metrics(self) -> list[tuple[str, str, str | None]]:
        """(label, value, help) of the section's metrics."""
        h, gap, number = self.half_width, self.gap, formatting.number
        return [("h", number(h), None), ("largest gap between the images", number(gap), None),
                ("gap / h", number(gap / h),
                 "→ 0 as h → 0: relative to its size, the image becomes the linear one."),
                ("gap / h²", number(gap / h**2), "About constant: the gap is second order in h.")]


#: the zoom section's question: (question, options, the right option's index, why)
ZOOM_PREDICTION = (
    "Make the square 10 times smaller. What happens to the largest gap between the two images?",
    ["it stays the same", "10 times smaller", "100 times smaller", "it depends on f"], 2,
    "the gap is second order: f(p + h) − f(p) − J h ≈ ½ hᵀ(second derivatives)h, so it "
    "shrinks like h². Watch *gap / h²* stay put while h moves.")


def zoom_readout(f: Function, point: Sequence[float], h: float) -> ZoomReadout:
    """The square of half-width h around the point, with the page's texts.

    >>> import gradviz
    >>> z = zoom_readout(gradviz.parse("[x^2 - y, y^2 + x]"), (1, 1), 0.01)
    >>> [value for _, value, _ in z.metrics]
    ['0.01', '0.0001414', '0.01414', '1.4142']
    """
    _need_plane_map(f)
    h = float(h)
    if not (np.isfinite(h) and h > 0):
        raise ExpressionError("the square's half-width must be a positive number")
    p = tuple(float(v) for v in point[:2])
    gap = draw.square_images(f, f.at(p), jacobian_at(f, p), p, h)[3]
    text = (f"A square of half-width $h = {formatting.latex_number(h)}$ around "
            f"$p = {formatting.latex_point(p)}$ is mapped by $f$ (vermillion) and by the linear "
            "map $\\mathbf{h} \\mapsto f(p) + \\mathbf{J}_f(p)\\mathbf{h}$ (blue, dashed); the "
            "output plane is zoomed to the image. Drag the h slider under the picture, or "
            "press ▶ Play to shrink the square from 1 to 0.001.")
    return ZoomReadout(half_width=h, gap=gap, description=text)


@dataclass(frozen=True)
class ErrorCurve:
    """‖f(x₀+h) − f(x₀) − Jh‖ against ‖h‖."""

    h: np.ndarray
    error: np.ndarray
    reference: np.ndarray  #: c·‖h‖² through ``offset`` times the curve's middle point
    slope: float  #: the fitted log–log slope; nan when the error is zero (f linear there)


def error_curve(f: Function, point: Sequence[float], angle_deg: float = 45.0,
                lo: float = -4.0, hi: float = 0.0, count: int = 41,
                fit_below: float = 0.1, offset: float = 0.2) -> ErrorCurve:
    """The linearisation error for steps at ``angle_deg`` of lengths 10^lo … 10^hi, and its
    log–log slope over the lengths ≤ ``fit_below`` above round-off (nan if f is linear).

    >>> import gradviz
    >>> round(error_curve(gradviz.parse("[x^2 - y, y^2 + x]"), (1, 1)).slope, 6)
    2.0
    >>> import math
    >>> math.isnan(error_curve(gradviz.parse("[2x + y, x - y]"), (1, 1)).slope)
    True
    """
    hs = np.logspace(float(lo), float(hi), int(count))
    a = np.radians(float(angle_deg))
    direction = (float(np.cos(a)), float(np.sin(a)))
    err = np.asarray(linearisation_error(f, point, hs, direction), dtype=float)
    f0 = np.asarray(f.at(tuple(point)), dtype=float)
    J = np.asarray(jacobian_at(f, point), dtype=float)
    with np.errstate(all="ignore"):
        size = max(1.0, float(np.max(np.abs(f0))), float(np.max(np.abs(J))))
    floor = 1e3 * np.finfo(float).eps * size
    ok = np.isfinite(err) & (err > floor)
    fitted = ok & (hs <= fit_below)
    if fitted.sum() < 3:
        fitted = ok
    slope = float("nan")
    reference = np.full_like(hs, np.nan)
    if fitted.sum() >= 3:
        slope = float(np.polyfit(np.log10(hs[fitted]), np.log10(err[fitted]), 1)[0])
        k = np.flatnonzero(fitted)[fitted.sum() // 2]
        reference = float(offset) * err[k] * (hs / hs[k]) ** 2
    return ErrorCurve(h=hs, error=err, reference=reference, slope=slope)


@dataclass(frozen=True)
class ErrorReadout:
    """The error section: the curve and its fitted slope as text ("—" when there is none)."""

    curve: ErrorCurve
    slope: str
    note: str = ""  #: why the curve does not move with p, when it does not


QUADRATIC_NOTE = ("Each output of f is a polynomial of degree at most 2, so its error is exactly "
                  "its second-order term ½ hᵀHᵢh, with a Hessian Hᵢ that does not change with the "
                  "point: the error is the same at every p (up to round-off). Move p: this curve "
                  "stays put.")


@functools.lru_cache(maxsize=32)
def _quadratic(f: Function) -> bool:
    """Is f quadratic: every output a polynomial of total degree at most 2, one of them 2?"""
    degrees = [polynomial_degree(e, f.symbols) for e in f.exprs]
    return None not in degrees and max(degrees) == 2


def error_readout(f: Function, point: Sequence[float], angle_deg: float) -> ErrorReadout:
    """:func:`error_curve` at ``angle_deg`` with its slope as text.

    >>> import gradviz
    >>> error_readout(gradviz.parse("[2x + y, x - y]"), (1, 1), 45).slope
    '—'

    For a quadratic map (the course's) the error does not depend on p, and the readout says so:

    >>> error_readout(gradviz.parse("[x^2 - y, y^2 + x]"), (1, 1), 45).note == QUADRATIC_NOTE
    True
    >>> error_readout(gradviz.parse("[x^2 - y, sin(y)]"), (1, 1), 45).note
    ''
    """
    e = error_curve(f, point, angle_deg)
    finite = bool(np.isfinite(e.slope))
    return ErrorReadout(e, formatting.number(e.slope) if finite else "—",
                        QUADRATIC_NOTE if finite and _quadratic(f) else "")


def component(f: Function, i: int) -> Function:
    """The i-th output of f as a scalar Function (same variables).

    >>> import gradviz
    >>> component(gradviz.parse("[x^2 - y, y^2 + x]"), 0).expr
    x**2 - y
    """
    if f.is_scalar:
        if i != 0:
            raise ExpressionError("a scalar function has one component")
        return f
    if len(f.shape) != 1 or not 0 <= int(i) < f.m:
        raise ExpressionError(f"component {i} out of range for a function with {f.m} outputs")
    return _component(f, int(i))


def transpose_check(f: Function) -> bool:
    """Is ∇f = Jᵀ symbolically for a scalar f (the course's m = 1 case)?

    >>> import gradviz
    >>> transpose_check(gradviz.parse("sin(x*y) + z^2"))
    True
    """
    if not f.is_scalar:
        raise ExpressionError("∇f = Jᵀ is the case m = 1: a scalar function")
    return bool(sp.Matrix(jacobian(f).matrix).T == sp.Matrix(gradient(f).matrix))


@dataclass(frozen=True)
class ComponentReadout:
    """The m = 1 section for one output f_i: its formulas, J and ∇f at p, and the verdict."""

    columns: tuple  #: its three columns of formulas: f_i; J_{f_i} and at p; ∇f_i and at p
    same: bool
    verdict: str


def component_readout(f: Function, i: int, point: Sequence[float]) -> ComponentReadout:
    r"""f_i, J_{f_i} and ∇f_i (symbolic and at p) and whether ∇f_i = J_{f_i}ᵀ.

    >>> import gradviz
    >>> c = component_readout(gradviz.parse("[x^2 - y, y^2 + x]"), 1, (1, 1))
    >>> c.columns[1][1]
    '\\mathbf{J}_{f_2}\\left(1, 1\\right) = \\begin{bmatrix} 1 & 2 \\end{bmatrix}'
    >>> c.verdict
    '∇f₂ = J_f₂ᵀ exactly (symbolically), and it is row 2 of J_f.'
    """
    fi = component(f, i)
    sub, tex = "₁₂"[i], f"_{i + 1}"
    at = formatting.latex_point(tuple(point[:2]))
    same = transpose_check(fi)
    verdict = (f"∇f{sub} = J_f{sub}ᵀ exactly (symbolically), and it is row {i + 1} of J_f."
               if same else f"∇f{sub} and J_f{sub}ᵀ differ here.")
    J, nabla = rf"\mathbf{{J}}_{{f{tex}}}", rf"\nabla f{tex}"
    columns = (
        (f"f{tex} = " + fi.latex(),),
        (f"{J} = " + jacobian(fi).latex(),
         f"{J}{at} = " + formatting.latex_matrix(np.atleast_2d(jacobian_at(fi, point)))),
        (f"{nabla} = " + gradient(fi).latex(),
         f"{nabla}{at} = " + formatting.latex_vector(np.ravel(gradient_at(fi, point)))))
    return ComponentReadout(columns, same, verdict)
