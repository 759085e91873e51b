"""Gradient descent: the path, the regime λ_max (the Hessian's largest eigenvalue at the
minimum) sets for the step size s (smooth below 1/λ_max, zig-zag up to 2/λ_max, diverging
above), momentum, and scipy's answer. For x² + 10y² a step multiplies x by 1 − 2s and y by
1 − 20s: s = 0.05 zeroes y in one step, and three steps take x to 0.9³ = 0.729.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import scene as sc
from ..calculus import gradient, hessian, polynomial_degree
from ..domain import Domain
from ..formatting import number, vector
from ..function import Function
from ..scene import draw

_TOL = 1e-9  # s·λ_max this close to 1 or 2 is on that boundary (a link's s = 0.05 for λ = 20)


def path(f: Function, start: Sequence[float], step: float, steps: int, momentum: float = 0.0,
         domain: Domain | None = None) -> np.ndarray:
    """x_{k+1} = x_k − s∇f(x_k) + β(x_k − x_{k−1}) by the picture's own rule (it stops where ∇f
    is undefined, before a point where f is, and half the view's size outside ``domain``).

    >>> import gradviz
    >>> path(gradviz.parse("x^2 + 10y^2"), (1, 1), 0.11, 2).round(12).tolist()
    [[1.0, 1.0], [0.78, -1.2], [0.6084, 1.44]]
    """
    box = None if domain is None else (domain.xmin, domain.xmax, domain.ymin, domain.ymax)
    return draw.descent_path(gradient(f), tuple(start)[:2], step, steps, -1, momentum, box,
                             value=f)


def picture(f: Function, domain: Domain, n: int, lam_max: float = 0.0,
            title: str = "") -> sc.Scene:
    """The map: f's heatmap, the runs from p with momentum β (orange) and without (light blue),
    and ∇f at p; the step size's slider marks 2/λ_max (1/λ_max would overlap it).

    >>> import gradviz
    >>> s = picture(gradviz.parse("x^2 + 10y^2"), Domain.square(-2, 2), 40, 20.0)
    >>> [layer.type for layer in s.panels[0].layers], s.params[0].marks
    (['heatmap', 'contours', 'path', 'path', 'vector', 'marker'], ((0.1, '2/λmax'),))
    """
    marks = ((2 / lam_max, "2/λmax"),) if lam_max > 0 else ()
    layers = [sc.Heatmap(), sc.Contours(12),
              sc.GradientPath(momentum="b", color=draw.ORANGE, name="momentum_path"),
              sc.GradientPath(name="descent_path"), sc.Vector("grad"), sc.Marker()]
    names = ", ".join(f.variables[:2])
    return sc.Scene(
        "gradient_descent", f"f({names}) = {title}" if title else f"f({names})",
        {"f": f, "grad": gradient(f)}, [sc.Map(domain, layers, n=n)],
        params=(sc.Param("s", "step size s", 1e-4, 10.0, 0.05, log=True, marks=marks,
                         first=True),
                sc.Param("k", "steps k", 1, 500, 30, integer=True, play=True),
                sc.Param("b", "momentum β", 0.0, 0.99, 0.5, step=0.01)), slopes=("grad",),
        status=(sc.Status("f(p)", "f"), sc.Status("∇f(p)", "grad")),
        tex=rf"$f({names}) = {f.latex()}$",
        alt="Heatmap of f with plain gradient descent and descent with momentum from the "
            "start p, and ∇f's direction at p; press or drag in it, or use the arrow keys, "
            "to move the start.")


def limit(f: Function, start: Sequence[float]) -> float:
    """λ_max at the minimum BFGS reaches from ``start``, to 3 digits (0 without one).

    >>> import gradviz
    >>> limit(gradviz.parse("x^2 + 10y^2"), (1, 1)), limit(gradviz.parse("x + y"), (1, 1))
    (20.0, 0.0)
    """
    m = minimum_near(f, start)
    return float(f"{m.lam_max:.3g}") if m is not None and m.lam_max > 0 else 0.0


@dataclass(frozen=True)
class Minimum:
    """A local minimum and the Hessian's eigenvalues there (ascending)."""

    point: np.ndarray
    value: float
    eigenvalues: np.ndarray
    steepest: np.ndarray  #: the unit eigenvector of λ_max: the steepest way across the valley
    exact: bool  #: f is quadratic: its Hessian is the same everywhere, so the limits are exact

    @property
    def lam_max(self) -> float:
        return float(self.eigenvalues[-1])


@dataclass(frozen=True)
class Library:
    """``scipy.optimize.minimize`` (BFGS, the exact gradient as ``jac``) from the start."""

    point: np.ndarray
    value: float
    iterations: int
    f_evaluations: int
    grad_evaluations: int
    success: bool
    message: str


def library(f: Function, start: Sequence[float], gtol: float = 1e-5,
            budget: int = 1000) -> Library:
    """scipy's BFGS from ``start`` with the exact gradient, to ‖∇f‖ ≤ ``gtol``, stopped after
    ``budget`` calls of f (line searches on an f falling without bound can take thousands).

    >>> import gradviz
    >>> lib = library(gradviz.parse("x^2 + 10y^2"), (1, 1))
    >>> bool(abs(lib.point).max() < 1e-6), lib.success, lib.iterations < 10
    (True, True, True)
    >>> lib = library(gradviz.parse("x + y"), (1, 1))
    >>> lib.success, lib.message, lib.f_evaluations < 1200
    (False, 'gradviz stopped it after 1000 evaluations of f', True)
    """
    from scipy.optimize import minimize

    g, calls = gradient(f), [0]

    def fun(x):
        calls[0] += 1
        return float(f.at(x))

    def spent(_):
        if calls[0] >= budget:
            raise StopIteration

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        res = minimize(fun, np.asarray(start, dtype=float)[:2], callback=spent,
                       jac=lambda x: np.asarray(g.at(x), dtype=float), method="BFGS",
                       options={"maxiter": 500, "gtol": gtol})
    message = (f"gradviz stopped it after {budget} evaluations of f" if calls[0] >= budget
               and not res.success else str(res.message))
    return Library(np.asarray(res.x, dtype=float), float(res.fun), int(res.nit), int(res.nfev),
                   int(res.njev), bool(res.success), message)


def minimum_near(f: Function, start: Sequence[float]) -> Minimum | None:
    """The local minimum BFGS reaches from ``start`` with the Hessian's eigenvalues; None when
    there is none (f falls without bound, a saddle).

    >>> import gradviz
    >>> m = minimum_near(gradviz.parse("x^2 + 10y^2"), (1, 1))
    >>> m.eigenvalues.tolist(), m.steepest.round(12).tolist(), m.exact
    ([2.0, 20.0], [0.0, 1.0], True)
    >>> minimum_near(gradviz.parse("x + y"), (1, 1)) is None
    True
    """
    x = library(f, start, gtol=1e-10).point
    x = np.where(np.abs(x) < 1e-9 * max(1.0, float(np.abs(x).max())), 0.0, x)  # BFGS's last digits
    t = np.linspace(0, 2 * np.pi, 16, endpoint=False)  # lower ground nearby: not a minimum
    ring = x[:, None] + 0.01 * max(1.0, float(np.abs(x).max())) * np.array([np.cos(t), np.sin(t)])
    with np.errstate(all="ignore"):
        value, grad = float(f.at(x)), np.asarray(gradient(f).at(x), dtype=float)
        H = np.asarray(hessian(f).at(x), dtype=float).reshape(2, 2)
        lower = np.nanmin(np.r_[f(*ring), np.inf]) < value - 1e-12 * (1 + abs(value))
    finite = np.isfinite(value) and np.all(np.isfinite(grad)) and np.all(np.isfinite(H))
    if not finite or np.linalg.norm(grad) > 1e-4 or lower:
        return None
    lam, vecs = np.linalg.eigh((H + H.T) / 2)
    v = vecs[:, -1] * (1 if vecs[np.argmax(np.abs(vecs[:, -1])), -1] > 0 else -1)
    degree = polynomial_degree(f.expr, f.symbols)
    return Minimum(x, value, lam, v, degree is not None and degree <= 2)


def corner_near(f: Function, points: np.ndarray) -> np.ndarray | None:
    """A minimum near ``points`` where f has a corner (|x| + |y| at 0, a cone's tip): the
    lowest of them polished by Nelder–Mead (which needs no gradient), when no lower ground
    surrounds it and ∇f keeps its size as it is approached; None where there is none.

    >>> import gradviz
    >>> corner_near(gradviz.parse("|x - 1| + 2|y|"), np.array([[1.2, 0.4]])).round(9).tolist()
    [1.0, 0.0]
    >>> corner_near(gradviz.parse("x^2 + 10y^2"), np.array([[1.2, 0.4]])) is None
    True
    """
    from scipy.optimize import minimize

    with np.errstate(all="ignore"):
        values = np.asarray(f(points[:, 0], points[:, 1]), dtype=float) + 0 * points[:, 0]
        if not np.isfinite(values).any():
            return None
        start = points[np.nanargmin(np.where(np.isfinite(values), values, np.nan))]

        def fun(v):
            value = float(f.at(v))
            return value if math.isfinite(value) else math.inf

        res = minimize(fun, start, method="Nelder-Mead",
                       options={"xatol": 1e-12, "fatol": 1e-15, "maxiter": 2000})
        x = res.x
        if not res.success or np.abs(x - start).max() > 10 * max(1.0, np.abs(start).max()):
            return None  # it ran away: f falls without bound
        scale = max(1.0, float(np.abs(x).max()))
        x = np.where(np.abs(x) < 1e-9 * scale, 0.0, x)
        t = np.linspace(0, 2 * np.pi, 16, endpoint=False) + 0.1  # off the axes
        ring = np.array([np.cos(t), np.sin(t)]) * scale
        value = float(f.at(x))
        lower = np.nanmin(np.r_[f(*(x[:, None] + 1e-3 * ring)), np.inf]) < value - 1e-12 * (
            1 + abs(value))
        g = np.asarray(gradient(f)(*(x[:, None] + 1e-7 * ring)), dtype=float).reshape(2, -1)
    if not math.isfinite(value) or lower or not np.isfinite(g).all():
        return None
    return x if float(np.linalg.norm(g, axis=0).min()) > 1e-3 else None


def regime(step: float, lam_max: float) -> str:
    """The regime of the step size where the largest curvature is ``lam_max``.

    >>> [regime(s, 20) for s in (0.02, 0.05, 0.08, 0.1, 0.11)]
    ['smooth', 'smooth', 'zig-zag', 'on the limit', 'diverging']
    >>> regime(5, 0)
    'flat'
    """
    q = step * lam_max
    if lam_max <= 0:
        return "flat"
    return ("smooth" if q <= 1 + _TOL else "zig-zag" if q < 2 - _TOL else
            "on the limit" if q <= 2 + _TOL else "diverging")


def rate(step: float, eigenvalues: Sequence[float], momentum: float = 0.0) -> float:
    """The worst factor a step shrinks the distance to the minimum by, over the directions
    with λ > 0: |1 − sλ|, or with momentum β the larger root of t² − (1 + β − sλ)t + β.

    >>> rate(0.05, [2, 20]), rate(0.11, [2, 20]), round(rate(0.05, [2, 20], 0.5), 4)
    (0.9, 1.2000000000000002, 0.7071)
    """
    worst = 0.0
    for lam in (lam for lam in eigenvalues if lam > _TOL * max(eigenvalues)):
        a, b = 1 + momentum - step * lam, momentum
        disc = a * a - 4 * b
        worst = max(worst, math.sqrt(b) if disc < 0 else (abs(a) + math.sqrt(disc)) / 2)
    return worst


def _per_digit(r: float) -> str:
    """'≈ 22 steps per digit' for a factor r a step (0 < r < 1)."""
    return ("one step" if r <= 0 else f"≈ {max(1, round(math.log(10) / -math.log(r)))} steps "
            "per digit" if r < 1 else "never")


@dataclass(frozen=True)
class Run:
    """One run of descent from the start (plain, or with momentum) and what it says."""

    momentum: float
    points: np.ndarray  #: x_0 … x_j (j ≤ k steps)
    values: np.ndarray  #: f(x_i)
    distances: np.ndarray  #: ‖x_i − x*‖ (nan without a minimum)
    stop: str  #: "" (all k steps taken), "left" (left the view) or "undefined" (no ∇f there)
    statement: str  #: what happened, in words (Markdown)
    diverged: bool  #: it ran away from the minimum

    @property
    def name(self) -> str:
        return f"momentum β = {number(self.momentum)}" if self.momentum else "plain descent"

    def reached(self, tol: float = 1e-6) -> int | None:
        """The first step within ``tol`` of the minimum (None: never)."""
        hit = np.flatnonzero(self.distances <= tol)
        return int(hit[0]) if hit.size else None


def _run(f: Function, pts: np.ndarray, steps: int, momentum: float, domain: Domain | None,
         minimum: Minimum | None) -> Run:
    with np.errstate(all="ignore"):
        values = np.asarray(f(pts[:, 0], pts[:, 1]), dtype=float)
    dist = (np.linalg.norm(pts - minimum.point, axis=1) if minimum is not None
            else np.full(len(pts), np.nan))
    j, end = len(pts) - 1, pts[-1]
    pad = domain.span / 2 if domain is not None else 0
    out = domain is not None and not (domain.xmin - pad <= end[0] <= domain.xmax + pad
                                      and domain.ymin - pad <= end[1] <= domain.ymax + pad)
    stop = "" if j == steps else "left" if out else "undefined"
    with np.errstate(all="ignore"):
        slope = stop == "undefined" and np.isfinite(np.asarray(gradient(f).at(end), float)).all()
    where = f"at {vector(end)}, f = {number(values[-1])}"
    if minimum is not None:
        where += f", {number(dist[-1])} from the minimum (it started {number(dist[0])} away)"
    # ran away: left the view, or ended farther from the minimum and higher up than it began
    diverged = minimum is not None and (stop == "left" or dist[-1] > dist[0]
                                        and values[-1] > values[0])
    statement = ("**It diverges.** " if diverged else "") + (
        f"At step {j} the run left the view: it is {where}." if stop == "left" else
        f"At step {j} the run stops {where}: "
        + ("the next step would land where f has no value." if slope else
           "∇f has no value there.") if stop else f"After {j} steps it is {where}.")
    if stop == "left" and minimum is None:
        statement += " f keeps falling: there is no minimum near this run."
    return Run(float(momentum), pts, values, dist, stop, statement, diverged)


@dataclass(frozen=True)
class Descent:
    """Everything the gradient-descent page shows for one f, start, s, k and β."""

    step: float
    steps: int
    minimum: Minimum | None
    plain: Run
    heavy: Run | None  #: the run with momentum (None when β = 0)
    regime: str  #: "smooth", "zig-zag", "on the limit", "diverging" (f quadratic) or "too
    #: large to settle" (not), "flat", "corner" (a minimum with no ∇f) or "" (no minimum)
    regime_text: str  #: the regime with its numbers (Markdown), and momentum's effect here
    momentum_text: str
    library: Library
    table: tuple[dict, ...]  #: the comparison table: one dict per method, all values text
    double_question: tuple | None  #: (question, options, answer, why); None without a minimum

    @property
    def runs(self) -> tuple[Run, ...]:
        return (self.plain,) if self.heavy is None else (self.plain, self.heavy)

    @property
    def by_method(self) -> list[dict]:
        """The comparison with a column a method, a row a measure (four columns, not
        seven: it fits a phone)."""
        return [{"": key, **{row["method"]: row[key] for row in self.table}}
                for key in self.table[0] if key != "method"]

    @property
    def chart_caption(self) -> str:
        """What the chart beside the map shows: log scales from the minimum, or f alone."""
        return CHART_CAPTION if self.minimum is not None else (
            "Right: f(x_k) over the steps, on a linear scale (with no minimum there is no f* "
            "or x* to measure from).")

    @property
    def library_note(self) -> str:
        """scipy's own word on its run."""
        lib = self.library
        return f"scipy {'succeeded' if lib.success else 'did not succeed'}: “{lib.message}”"

    @property
    def tone(self) -> str:
        """How the page shows the regime: as a success, info, warning or error."""
        if self.plain.diverged:
            return "error"
        return {"smooth": "success", "on the limit": "warning", "diverging": "error",
                "too large to settle": "warning"}.get(self.regime, "info")

    @property
    def metrics(self) -> tuple[tuple[str, str], ...]:
        """(label, value) under the controls: s, 2/λ_max, the regime, f where plain stops."""
        lam = self.minimum.lam_max if self.minimum is not None else 0.0
        return (("step size s", number(self.step)),
                ("limit 2/λ_max", number(2 / lam) if lam > 0 else "none"),
                ("regime", self.regime or "no minimum"),
                (f"f(x_{len(self.plain.points) - 1}), plain", number(self.plain.values[-1])))


def _axis(v: np.ndarray, names: Sequence[str]) -> str:
    """'y' when v is an axis, else 'the direction (0.6, 0.8)'."""
    for i, name in enumerate(names):
        if abs(abs(v[i]) - 1) < 1e-9:
            return name
    return f"the direction {vector(v, 3)}"


def _regime_text(m: Minimum | None, s: float, names, corner=None) -> tuple[str, str]:
    if corner is not None:
        return "corner", (
            f"**A corner, not a bowl.** f is lowest near this run at {vector(corner)}, where "
            "it has a corner (like |x| at 0): ∇f has no value there and keeps its length "
            "close to it, so there is no curvature λ_max and no step-size limit to speak "
            "of. A fixed step can't settle at a corner: every step moves about s·‖∇f‖, so "
            "the run ends hopping across it; a smaller s hops closer, never onto it.")
    if m is None:
        return "", ("No minimum near this run: f may fall without bound, have no curvature at "
                    "its minimum (like x⁴), or the run may meet a saddle, a corner or a point "
                    "where f is undefined. Without a curvature λ_max there is no step-size limit "
                    "to speak of.")
    lam, lo = m.lam_max, float(m.eigenvalues[0])
    name = regime(s, lam)
    round_ = lo >= lam * (1 - 1e-6)  # the same curvature in every direction
    along = "every direction" if round_ else _axis(m.steepest, names)
    where = (" (exact: f is quadratic, so its Hessian is the same everywhere)" if m.exact else
             f" at the minimum {vector(m.point)} (local: f is not quadratic, so far from the "
             "minimum its curvature differs, and these limits are only a guide)")
    if name == "flat":
        return name, (f"f is flat at the minimum {vector(m.point)} (λ_max = 0): no step is too "
                      "large there.")
    head = (f"λ_max = {number(lam)} is the Hessian's largest eigenvalue{where}: 1/λ_max = "
            f"{number(1 / lam)} and the limit 2/λ_max = {number(2 / lam)}. ")
    factor = 1 - s * lam
    sign = ", alternating in sign" if factor < 0 else ""
    change = (f"it keeps its size{sign}" if abs(abs(factor) - 1) <= _TOL else
              ("it grows" if abs(factor) > 1 else "it shrinks")
              + f" by a factor {number(abs(factor))} a step{sign}")
    if name == "diverging" and not m.exact:  # unstable at the minimum; the run may stay bounded
        name = "too large to settle"
    walls = ("the path bounces between two walls forever, neither closer nor farther" if round_
             else f"along {along} the path bounces between two walls forever, so it never "
                  "reaches the minimum")
    body = {"smooth": f"**Smooth**: s = {number(s)} ≤ 1/λ_max, so no direction changes sign.",
            "zig-zag": f"**Zig-zag**: 1/λ_max < s = {number(s)} < 2/λ_max: the path bounces "
                       "across the valley while it closes in.",
            "on the limit": f"**On the limit**: s = {number(s)} = 2/λ_max: {walls}.",
            "diverging": f"**Diverging**: s = {number(s)} > 2/λ_max.",
            "too large to settle": f"**Too large to settle**: s = {number(s)} > 2/λ_max at the "
                                   "minimum: near it every step overshoots, so the run cannot "
                                   "settle there; away from it, where f curves less, it may "
                                   "wander, cycle or run away."}[name]
    steep = (f"Along {along}, each step multiplies the distance to the minimum by 1 − sλ_max = "
             f"{number(factor)}: " + (change if factor else "it is done in one step") + ".")
    slow = ""
    if lo > _TOL * lam and not round_ and name in ("smooth", "zig-zag"):
        r = rate(s, m.eigenvalues)
        slow = (f" The slowest direction shrinks by {number(r)} a step ({_per_digit(r)}): the "
                f"valley is κ = λ_max/λ_min = {number(lam / lo)} times as curved across as along.")
    return name, body + " " + head + steep + slow


def _momentum_text(m: Minimum | None, s: float, beta: float) -> str:
    if m is None or beta <= 0 or m.lam_max <= 0:
        return ""
    plain, heavy = rate(s, m.eigenvalues), rate(s, m.eigenvalues, beta)

    def said(r):
        return (f"shrinks the distance by {number(r)} a step ({_per_digit(r)})" if r < 1 else
                f"does not converge (factor {number(r)} a step)")

    return (f"Near the minimum plain descent {said(plain)}, momentum β = {number(beta)} "
            f"{said(heavy)}. With momentum the limit moves to 2(1 + β)/λ_max = "
            f"{number(2 * (1 + beta) / m.lam_max)}.")


def _double(m: Minimum | None, s: float, runs=None) -> tuple | None:
    """The question "double the step": by the limits where f is quadratic, else by ``runs``
    (the plain runs at s and 2s): a limit at the minimum does not say what a run far from it
    does (Rosenbrock's at s = 0.002, over its limit 0.001997, falls faster than at 0.001)."""
    if m is None or m.lam_max <= 0:
        return None
    question = (f"Double the step to s = {number(2 * s)}: faster, or does it blow up?",
                ["faster", "slower", "it blows up"])
    limit = f"the limit 2/λ_max = {number(2 / m.lam_max)}"
    if not m.exact and runs is not None:
        one, two = runs
        answer = 2 if two.diverged else 0 if two.values[-1] < one.values[-1] else 1
        steps = len(one.points) - 1
        said = (f"with s = {number(2 * s)} the run ran away from the minimum" if answer == 2 else
                f"after {steps} steps f = {number(two.values[-1])} with s = {number(2 * s)}, "
                f"against {number(one.values[-1])} with s = {number(s)}")
        return (*question, answer, f"{said[0].upper()}{said[1:]}. f is not quadratic, so "
                f"{limit} holds only near the minimum: 2s is "
                f"{'above' if 2 * s * m.lam_max > 2 + _TOL else 'within'} it.")
    r1, r2 = rate(s, m.eigenvalues), rate(2 * s, m.eigenvalues)
    where = regime(2 * s, m.lam_max)
    answer = 2 if where == "diverging" else 0 if r2 < r1 else 1
    why = (f"2s = {number(2 * s)} is above {limit}." if answer == 2 else
           f"2s = {number(2 * s)} is exactly {limit}: along the steepest direction each step "
           "flips the sign and keeps the size (a factor −1), so the run bounces forever and "
           f"never reaches the minimum, where s = {number(s)} "
           + (f"shrinks the distance by a factor {number(r1)} a step." if r1 > 0 else
              "lands on the minimum in one step.") if where == "on the limit" else
           f"2s = {number(2 * s)} is below {limit}: near the minimum the distance is multiplied "
           f"by {number(r2)} a step instead of {number(r1)}.")
    return (*question, answer, why)


def _row(name: str, end, value, iterations: str, grads: str, fs: str, reached: str) -> dict:
    return {"method": name, "ends at": vector(end), "f there": number(value),
            "iterations": iterations, "∇f evaluations": grads, "f evaluations": fs,
            "within 10⁻⁶ of the minimum": reached}


def run(f: Function, start: Sequence[float], step: float, steps: int, momentum: float = 0.0,
        domain: Domain | None = None) -> Descent:
    """Descent from ``start`` (plain, and with momentum), its regime, and scipy's answer.

    With s = 0.11 on x² + 10y², y is multiplied by 1 − 20·0.11 = −1.2 a step: the run leaves
    the view [−2, 2]² grown by half its span (|y| > 4) at step 8, as 1.2⁸ ≈ 4.3 > 4 > 1.2⁷.

    >>> import gradviz
    >>> d = run(gradviz.parse("x^2 + 10y^2"), (1, 1), 0.11, 30, domain=Domain.square(-2, 2))
    >>> d.regime, d.plain.stop, len(d.plain.points) - 1
    ('diverging', 'left', 8)
    >>> "a factor 1.2 a step, alternating in sign" in d.regime_text
    True
    """
    s, k, beta = float(step), int(steps), float(momentum)
    lib = library(f, start)
    pts = path(f, start, s, k, 0.0, domain)
    # the minimum this run approaches: BFGS from where it ends, if it went all k steps downhill
    with np.errstate(all="ignore"):
        settled = len(pts) == k + 1 and float(f.at(pts[-1])) <= float(f.at(pts[0]))
    corner = corner_near(f, pts)
    m = None if corner is not None else minimum_near(f, pts[-1] if settled else start)
    plain = _run(f, pts, k, 0.0, domain, m)
    heavy = _run(f, path(f, start, s, k, beta, domain), k, beta, domain, m) if beta > 0 else None
    name, text = _regime_text(m, s, f.variables, corner)
    rows = [_row(r.name + f" (s = {number(s)})", r.points[-1], r.values[-1],
                 f"{len(r.points) - 1} steps", str(len(r.points) - 1), "0 (not needed)",
                 "never" if r.reached() is None else f"step {r.reached()}")
            for r in (plain, heavy) if r is not None]
    near = None if m is None else float(np.linalg.norm(lib.point - m.point))
    other = m is not None and near > 1e-3 and abs(lib.value - m.value) <= 1e-8 * (1 + abs(m.value))
    rows.append(_row("scipy.optimize.minimize (BFGS)", lib.point, lib.value, str(lib.iterations),
                     str(lib.grad_evaluations), str(lib.f_evaluations),
                     "—" if near is None else "yes" if near <= 1e-6 else
                     f"no: {number(near)} away" + (" (another point as low)" if other else "")))
    twice = None
    if m is not None and not m.exact:
        twice = (plain, _run(f, path(f, start, 2 * s, k, 0.0, domain), k, 0.0, domain, m))
    return Descent(s, k, m, plain, heavy, name, text, _momentum_text(m, s, beta), lib,
                   tuple(rows), _double(m, s, twice))


INTRO = (
    "To find where $f$ is smallest, stand at a start $p$ and step **downhill**, against the "
    "gradient: $x_{k+1} = x_k - s\\,\\nabla f(x_k)$. The course: *we will use this fact "
    "frequently when iteratively minimizing a function via gradient descent.* Everything "
    "hangs on the step size $s$: too small and the run crawls, larger and it zig-zags, too "
    "large and it blows up.")
#: why momentum helps in a valley (the numbers follow in Descent.momentum_text)
MOMENTUM = (
    "**Momentum** (the *heavy ball*, β) keeps a fraction β of the last step: "
    "$x_{k+1} = x_k - s\\,\\nabla f(x_k) + \\beta\\,(x_k - x_{k-1})$. In a valley the gradient "
    "points mostly across it, so plain steps bounce between the walls and crawl along the floor. "
    "With momentum the bounces cancel (they alternate in sign) while the steps along the floor "
    "add up, to about $s/(1-\\beta)$ per unit of slope.")
#: a question the page has not answered: the limits carried to another f (What to notice follows)
LIMITS_QUESTION = (
    "On the round bowl x² + y², which step size lands on the minimum in one step, from any start?",
    ["s = 0.5", "s = 1", "s = 0.1, as on the valley", "none: it always takes many steps"], 0,
    "∇f = (2x, 2y), so a step multiplies x and y by 1 − 2s: s = 1/λ_max = 0.5 makes both 0 at "
    "once (every direction has the same curvature λ = 2). s = 1 = 2/λ_max is the limit: the run "
    "jumps to −p and back forever. Try it: type x^2 + y^2 in the box.")
#: the gradient-field page's link to this page, beside its descent path
LINK = "Gradient descent, a page of its own: the step size's regimes, momentum, a library's answer"
MAP_CAPTION = (
    "Light blue: plain descent; orange: with momentum β; both start at p (vermillion), where "
    "the arrow shows the direction of ∇f: descent steps the other way. Press or drag in the "
    "map — or tap it, or focus it and use the arrow keys — to move the start; the step size, "
    "the steps (▶ Play walks them) and β are under it, and the paths follow at once.")
LIBRARY = (
    "`scipy.optimize.minimize(f, p, jac=∇f)` from the same start, with the exact gradient as "
    "`jac`. Its method here, BFGS, learns the curvature from the gradients it has seen and "
    "searches along each direction for a good step: there is no step size to choose, and a "
    "narrow valley hardly slows it. Its evaluations count calls of f and ∇f (a line search may "
    "call them several times an iteration); plain descent calls ∇f once a step and never f.")
CHART_CAPTION = (
    "Top: f(x_k) − f*, the height above the minimum, on a log scale (a straight line is a fixed "
    "factor a step; points at f* to machine precision are left out). Below: the distance "
    "‖x_k − x*‖ to the minimum.")
WHAT_TO_NOTICE = (
    "- On the round bowl $x^2 + y^2$ every direction is alike, so one step size suits them "
    "all.\n"
    "- In the valley $x^2 + 10y^2$ the steep direction sets the limit ($s < 0.1$) and the flat "
    "one the speed: at $s = 0.05$, $x$ shrinks by only $0.9$ a step.\n"
    "- Rosenbrock's valley is curved: λ_max ≈ 1000 at its minimum, so $s$ must stay below "
    "0.002 and plain descent needs thousands of steps; BFGS needs a few dozen.\n"
    "- On a log scale a converging run is a straight line: the same factor every step.")
