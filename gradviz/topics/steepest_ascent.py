"""The steepest-ascent page (§4.2): Dᵤf two ways, its sweep over θ, the dot-product argument,
the rotate-the-axes test and the 4-D example; ``*_section`` builders add the page's texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import formatting
from .. import scene as sc
from ..calculus import (
    derivatives_at,
    directional_derivative_at,
    directional_derivative_limit,
    gradient,
    gradient_at,
)
from ..errors import ExpressionError
from ..function import Function
from ..sampling import angle_of, best_of_random_directions

#: the course's 4-D gradient of §4.2 "Why is it the direction of fastest increase?"
COURSE_GRADIENT_4D = (5.0, 2.0, -1.0, 0.0)


def _need_scalar_2d(f: Function) -> None:
    if not f.is_scalar or f.n != 2:
        raise ExpressionError(
            "this picture needs a scalar function of two variables, like sin(x*y)")


@dataclass(frozen=True)
class Metric:
    """One ``st.metric``: its label, its value as text and an optional help text."""

    label: str
    value: str
    help: str | None = None


@dataclass(frozen=True)
class DirectionCheck:
    """Dᵤf at a point two ways (:func:`direction_check`)."""

    u: np.ndarray  #: the unit vector (cos θ, sin θ)
    limit: float  #: (f(x + h u) − f(x)) / h
    exact: float  #: ∇f·u (nan where f is not differentiable)
    difference: float  #: limit − exact
    gradient: np.ndarray  #: ∇f at the point
    norm: float  #: |∇f|
    theta_star: float  #: the gradient's angle in degrees (nan when ∇f = 0)
    between: float  #: the angle from ∇f to u in degrees, in (−180, 180]
    differentiable: bool
    reason: str


@dataclass(frozen=True)
class LimitErrors:
    """|quotient − ∇f·u| over step sizes (:func:`limit_errors`); nan where the error is 0."""

    h: np.ndarray
    error: np.ndarray


@dataclass(frozen=True)
class DirectionalCurve:
    """Dᵤf over θ (:func:`directional_curve`), angles in degrees."""

    theta: np.ndarray
    value: np.ndarray  #: ∇f·u
    theta_star: float  #: nan where ∇f is zero or undefined
    norm: float
    best_theta: float  #: where the samples are largest
    best_value: float


@dataclass(frozen=True)
class DotProductSteps:
    """The numbers of the course's dot-product argument (:func:`dot_product_steps`)."""

    v: np.ndarray  #: step·u
    change: float  #: f(x + v) − f(x)
    dot: float  #: ∇f·v
    partial_terms: tuple[float, float]  #: ((∂f/∂x) v₁, (∂f/∂y) v₂)
    norm: float  #: |∇f|
    angle: float  #: degrees between ∇f and u (nan when ∇f = 0)
    cos: float
    product: float  #: |∇f|·1·cos(angle) = ∇f·u
    best: float  #: |∇f|, the largest value over directions


@dataclass(frozen=True)
class RandomDirections:
    """∇f·u for random unit directions u (:func:`random_direction_values`)."""

    values: np.ndarray
    best: float  #: the best random value
    best_u: np.ndarray
    gradient_value: float  #: |∇f|, what u = ∇f/|∇f| gives
    largest_component: float  #: max |∂f/∂xᵢ|, what the axis of the largest component gives
    axis: int
    beats_largest: int  #: how many random directions beat that axis
    gradient_unit: np.ndarray


@dataclass(frozen=True)
class Rotation:
    """The "rotate by 45 degrees" test at one α (:func:`rotation_at`), in degrees."""

    components: np.ndarray  #: ∇f in the rotated axes e₁′, e₂′
    axes: np.ndarray  #: 2 × 2, e₁′ and e₂′ as columns
    gradient_unit: np.ndarray
    gradient_angle: float  #: in the original frame (fixed)
    gradient_angle_rotated: float  #: θ* − α: turns with α
    turned: float  #: how far ∇f's angle in the rotated axes moved since α = 0 (= α)
    heuristic_direction: np.ndarray  #: the rotated axis of the largest component
    heuristic_angle_rotated: float  #: always 0, 90, 180 or 270


def unit_vector(theta_deg: float) -> np.ndarray:
    """The unit vector u = (cos θ, sin θ) for an angle in degrees.

    >>> unit_vector(90).round(12).tolist()
    [0.0, 1.0]
    """
    t = np.radians(float(theta_deg))
    return np.array([np.cos(t), np.sin(t)])


def direction_check(f: Function, point: Sequence[float], theta_deg: float,
                    h: float) -> DirectionCheck:
    """Dᵤf at the point two ways: the limit quotient with step h and ∇f·u.

    >>> import gradviz
    >>> c = direction_check(gradviz.parse("x^2 + y^2"), (1, 1), 45, 1e-6)
    >>> round(c.exact, 6), round(c.limit, 4), round(c.theta_star, 6)
    (2.828427, 2.8284, 45.0)
    """
    _need_scalar_2d(f)
    u = unit_vector(theta_deg)
    # the truth at p: ∇f·u is the directional derivative only where f is differentiable
    status = derivatives_at(f, point)
    g = status.grad
    exact = float(g @ u) if status.differentiable else float("nan")
    limit = directional_derivative_limit(f, point, u, h)
    norm = float(np.hypot(g[0], g[1]))
    star = float(np.degrees(angle_of(g))) if norm > 0 and np.isfinite(norm) else float("nan")
    between = float((float(theta_deg) - star + 180.0) % 360.0 - 180.0)
    return DirectionCheck(u=u, limit=limit, exact=exact, difference=limit - exact, gradient=g,
                          norm=norm, theta_star=star, between=between,
                          differentiable=status.differentiable, reason=status.reason)


def differentiability_warning(f: Function, point: Sequence[float]) -> str:
    """"" where f is differentiable at the point; else what a page must say instead of ∇f·u.

    >>> import gradviz
    >>> differentiability_warning(gradviz.parse("x^2 + y"), (0, 0))
    ''
    >>> differentiability_warning(gradviz.parse("|x| + |y|"), (0, 0))[:48]
    'f is **not differentiable** at p, so Dᵤf = ∇f·u '
    """
    status = derivatives_at(f, point)
    if status.differentiable:
        return ""
    return ("f is **not differentiable** at p, so Dᵤf = ∇f·u does not hold here — "
            f"{status.reason}. The rates along u below are the difference quotients only; "
            "move p to a point where f is smooth to compare them with ∇f·u.")


def limit_errors(f: Function, point: Sequence[float], theta_deg: float,
                 lo: float = -10.0, hi: float = 0.0, count: int = 41) -> LimitErrors:
    """|quotient − ∇f·u| for h = 10^lo … 10^hi (≈ h, then ≈ ε/h); nan where 0 (log axes).

    >>> import gradviz
    >>> e = limit_errors(gradviz.parse("sin(x*y)"), (1, 2), 30, -8, 0, 9)
    >>> bool(e.error[-1] > 1e-2 and e.error[4] < 1e-3)
    True
    """
    _need_scalar_2d(f)
    u = unit_vector(theta_deg)
    exact = directional_derivative_at(f, point, u)
    hs = np.logspace(float(lo), float(hi), int(count))
    q = np.array([directional_derivative_limit(f, point, u, h) for h in hs])
    with np.errstate(all="ignore"):
        err = np.abs(q - exact)
    err[~(err > 0)] = np.nan
    return LimitErrors(h=hs, error=err)


def directional_curve(f: Function, point: Sequence[float]) -> DirectionalCurve:
    """Dᵤf = ∇f·u for u at every whole degree θ and at θ*: the picture's own curve.

    >>> import gradviz
    >>> c = directional_curve(gradviz.parse("x^2 + y^2"), (1, 1))
    >>> c.best_theta, round(c.best_value, 6), round(c.norm, 6), len(c.theta)
    (45.0, 2.828427, 2.828427, 361)
    """
    _need_scalar_2d(f)
    curve, marks = sc.draw.directional_curve(gradient_at(f, point), 0.0)
    (star, norm), ok = marks[1], np.isfinite(curve[:, 1])
    rows = np.vstack([curve, marks[1:]]) if np.isfinite(star) else curve
    k = int(np.argmax(np.where(np.isfinite(rows[:, 1]), rows[:, 1], -np.inf))) if ok.any() else 0
    return DirectionalCurve(theta=curve[:, 0], value=curve[:, 1], theta_star=float(star),
                            norm=float(norm), best_theta=float(rows[k, 0]),
                            best_value=float(rows[k, 1]))


def dot_product_steps(f: Function, point: Sequence[float], theta_deg: float,
                      step: float = 0.01) -> DotProductSteps:
    """The numbers of the course's dot-product argument (§4.2) for the step v = step·u.

    >>> import gradviz
    >>> s = dot_product_steps(gradviz.parse("x^2 + y^2"), (1, 0), 0, 0.001)
    >>> round(s.change, 6), round(s.dot, 6), round(s.product, 6)
    (0.002001, 0.002, 2.0)
    """
    c = direction_check(f, point, theta_deg, step)
    v = float(step) * c.u
    g = c.gradient
    x = np.asarray(point, dtype=float)
    with np.errstate(all="ignore"):
        change = float(f.at(tuple(x + v))) - float(f.at(tuple(x)))
        angle = c.between if np.isfinite(c.theta_star) else float("nan")
        cos = float(np.cos(np.radians(angle)))
    return DotProductSteps(v=v, change=change, dot=float(g @ v),
                           partial_terms=(float(g[0] * v[0]), float(g[1] * v[1])),
                           norm=c.norm, angle=angle, cos=cos, product=c.norm * cos,
                           best=c.norm)


def random_direction_values(g: Sequence[float], n: int = 1000,
                            seed: int = 0) -> RandomDirections:
    """∇f·u for n random unit directions u (``best_of_random_directions``'s draw) and rivals.

    >>> r = random_direction_values([5, 2, -1, 0], 2000, seed=0)
    >>> bool(r.best <= r.gradient_value), round(r.gradient_value, 6), r.largest_component
    (True, 5.477226, 5.0)
    >>> bool(r.values.max() == r.best)
    True
    """
    g = np.asarray(g, dtype=float)
    n = int(min(max(int(n), 1), 100_000))
    rng = np.random.default_rng(int(seed))
    U = rng.normal(size=(n, g.size))
    U /= np.linalg.norm(U, axis=1, keepdims=True)
    values = U @ g
    best, top, best_u = best_of_random_directions(g, n, int(seed))
    k = int(np.argmax(np.abs(g)))
    largest = float(abs(g[k]))
    return RandomDirections(values=values, best=best, best_u=best_u, gradient_value=top,
                            largest_component=largest, axis=k,
                            beats_largest=int(np.sum(values > largest)),
                            gradient_unit=g / top if top > 0 else np.zeros_like(g))


def histogram(values, bins: int = 30, lo: float | None = None,
              hi: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Counts of the finite values in ``bins`` equal bins: ``(edges, counts)``.

    >>> e, c = histogram([0, 0.5, 1, 1], bins=2)
    >>> e.tolist(), c.tolist()
    ([0.0, 0.5, 1.0], [1, 3])
    """
    v = np.asarray(values, dtype=float)
    rng = None if lo is None or hi is None else (float(lo), float(hi))
    counts, edges = np.histogram(v[np.isfinite(v)], bins=int(bins), range=rng)
    return edges, counts


def rotation_at(g: Sequence[float], alpha_deg: float) -> Rotation:
    """The "rotate by 45 degrees" test at α (degrees), by the picture's own rules.

    >>> r0, r45 = rotation_at([5, 2], 0), rotation_at([5, 2], 45)
    >>> round((r0.gradient_angle_rotated - r45.gradient_angle_rotated) % 360, 6)
    45.0
    >>> round(r45.turned, 6)
    45.0
    >>> r0.heuristic_angle_rotated, r45.heuristic_angle_rotated
    (0.0, 0.0)
    """
    vectors = sc.draw.turned_axes(g, alpha_deg)
    _, at = sc.draw.rotation_angles(g, alpha_deg)
    _, zero = sc.draw.rotation_angles(g, 0.0)
    turned = (zero[1] - at[1]) % 360.0
    g2 = np.asarray(g, dtype=float)[:2]
    return Rotation(
        components=vectors[:2] @ g2 / 1.2, axes=vectors[:2].T / 1.2, gradient_unit=vectors[2],
        gradient_angle=float(np.degrees(angle_of(g2))), gradient_angle_rotated=float(at[1]),
        turned=0.0 if abs(turned - 360.0) < 1e-9 else float(turned),
        heuristic_direction=vectors[3] / 0.75, heuristic_angle_rotated=float(at[2]))


@dataclass(frozen=True)
class Section:
    """What the page shows of one section: its metrics and, per section, more."""

    metrics: tuple[Metric, ...] = ()
    caption: str = ""
    h: float = 0.0  #: section 1: the step of the limit quotient
    blocks: tuple[tuple[str, str], ...] = ()  #: section 3: ("markdown" | "latex" | "info", text)
    gradient: tuple[float, ...] = ()  #: section 4: the gradient the test turns
    directions: RandomDirections | None = None  #: section 5: the draw, its histogram, a table
    edges: np.ndarray | None = None
    counts: np.ndarray | None = None
    table: tuple[dict, ...] = ()


def _paren(v, digits: int = 4) -> str:
    """A number for LaTeX, in parentheses when negative (so "+ (−0.4)" reads right)."""
    text = formatting.latex_number(v, digits)
    return f"({text})" if float(v) < 0 else text


def direction_formulas(f: Function, point: Sequence[float], theta_deg: float) -> tuple[str, ...]:
    r"""The LaTeX of u at θ, ∇f(p) and the limit quotient (without h: a step of h redraws none).

    >>> import gradviz
    >>> print(direction_formulas(gradviz.parse("x^2 + 3y"), (1, 2), 90)[1])
    \nabla f\left(1, 2\right) = \begin{bmatrix} 2 \\ 3 \end{bmatrix}
    """
    c = direction_check(f, point, theta_deg, 1e-3)
    u_text = formatting.number(theta_deg)
    return (
        rf"\mathbf{{u}} = \begin{{bmatrix}} \cos {u_text}° \\ \sin {u_text}° \end{{bmatrix}} = "
        + formatting.latex_vector(c.u),
        r"\nabla f" + formatting.latex_point(point[:2]) + " = "
        + formatting.latex_vector(c.gradient),  # \text{undefined} where a partial is
        r"D_{\mathbf{u}} f \approx \frac{f(\mathbf{x} + h\mathbf{u}) - f(\mathbf{x})}{h}",
    )


def direction_section(f: Function, point: Sequence[float], theta_deg: float,
                      log_h: float) -> Section:
    """Dᵤf at the point two ways (the quotient's step h = 10^log_h), with the page's metrics.

    >>> import gradviz
    >>> s = direction_section(gradviz.parse("x^2 + 3y"), (1, 2), 90, -3)
    >>> [(m.label, m.value) for m in s.metrics][1]
    ('∇f · u', '3')
    """
    h = float(10.0 ** float(log_h))
    c = direction_check(f, point, theta_deg, h)
    return Section(h=h, metrics=(
        Metric("limit quotient", formatting.number(c.limit, 6),
               "(f(x + h u) − f(x)) / h with the step h of the slider."),
        Metric("∇f · u", formatting.number(c.exact, 6)),
        Metric("difference", formatting.number(c.difference, 3))))


def curve_section(f: Function, point: Sequence[float]) -> Section:
    """Dᵤf over θ at the point, with the page's metrics (θ*, the maximum, |∇f|).

    >>> import gradviz
    >>> s = curve_section(gradviz.parse("x^2 + y^2"), (1, 1))
    >>> [m.value for m in s.metrics]
    ['45°', '2.8284', '2.8284']
    """
    warning = differentiability_warning(f, point)  # Dᵤf is no cosine there (|x| + |y| at 0)
    if warning:
        raise ExpressionError(warning.replace("**", ""))
    c = directional_curve(f, point)
    return Section(metrics=(
        Metric("θ* = direction of ∇f", formatting.angle(c.theta_star)),
        Metric("max of Dᵤf over θ", formatting.number(c.best_value),
               "Largest value over θ in 1° steps and θ*: at θ = "
               f"{formatting.angle(c.best_theta)}."),
        Metric("|∇f|", formatting.number(c.norm))))


def _steps(lhs: str, *sides: str) -> str:
    r"""``lhs = a = b = …`` with one equals sign a line: a narrow column never cuts it.

    >>> _steps("x", "1 + 1", "2")
    '\\begin{aligned} x &= 1 + 1 \\\\ &= 2 \\end{aligned}'
    """
    return r"\begin{aligned} " + lhs + " &= " + r" \\ &= ".join(sides) + r" \end{aligned}"


def dot_product_section(f: Function, point: Sequence[float], theta_deg: float,
                        step: float = 0.01) -> Section:
    """The argument of §4.2 step by step, its numbers written at the point.

    >>> import gradviz
    >>> s = dot_product_section(gradviz.parse("x^2 + y^2"), (1, 0), 0)
    >>> [kind for kind, _ in s.blocks]
    ['markdown', 'latex', 'latex', 'markdown', 'latex', 'markdown']
    >>> s.blocks[4][1].endswith(r"&= 2 \\times \\cos(0°) \\\\ &= 2 \\times 1 \\\\ &= 2 \\end{aligned}")
    True
    """
    warning = differentiability_warning(f, point)
    if warning:  # no ∇f to argue with (a notebook may ask; the page stops before)
        return Section(blocks=(("info", warning),))
    s = dot_product_steps(f, point, theta_deg, step)
    star = direction_check(f, point, theta_deg, step).theta_star
    g = np.asarray(gradient_at(f, point), dtype=float)
    v, (t1, t2) = s.v, s.partial_terms
    num = formatting.latex_number
    step1 = (f"**Step 1 — the change in f is a dot product.** Move from $\\mathbf{{x}}$ by a "
             f"tiny $\\mathbf{{v}} = {num(step)}\\,\\mathbf{{u}} = "
             f"({num(v[0], 5)}, {num(v[1], 5)})$. The change in $f$ is "
             "$\\frac{\\partial f}{\\partial x} v_1 + \\frac{\\partial f}{\\partial y} v_2 = "
             "\\nabla f \\cdot \\mathbf{v}$:")
    dot = _steps(r"\nabla f\cdot\mathbf{v}",  # (each product a line: a phone's column)
                 rf"{_paren(g[0])} \times {_paren(v[0], 5)} \\ &\quad + {_paren(g[1])} \times {_paren(v[1], 5)}",
                 rf"{_paren(t1, 6)} \\ &\quad + {_paren(t2, 6)}", num(s.dot, 6))
    change = (_steps(r"f(\mathbf{x}+\mathbf{v}) - f(\mathbf{x})", num(s.change, 6))
              .replace(r" \end", r" \\ &\text{(the same, up to} \\ &\text{terms of order } "
                                 r"\|\mathbf{v}\|^2) \end"))
    step2 = ("**Step 2 — a dot product is lengths times a cosine:** "
             "$\\mathbf{a}\\cdot\\mathbf{b} = \\|\\mathbf{a}\\|\\,\\|\\mathbf{b}\\|\\cos\\varphi$. "
             "For a unit $\\mathbf{u}$ at angle $\\varphi$ from $\\nabla f$:")
    if np.isfinite(s.angle):
        cosine = ("latex", _steps(r"\nabla f\cdot\mathbf{u}", r"\|\nabla f\|\cdot 1\cdot\cos\varphi",
                                  rf"{num(s.norm)} \times \cos({formatting.angle(s.angle)})",
                                  rf"{num(s.norm)} \times {_paren(s.cos)}", num(s.product)))
    else:
        cosine = ("info", "Here ∇f = 0: every direction gives Dᵤf = 0 (a flat spot).")
    step3 = ("**Step 3 — only the cosine can change.** $\\|\\nabla f\\|$ and "
             "$\\|\\mathbf{u}\\| = 1$ are fixed, so $\\nabla f\\cdot\\mathbf{u}$ is largest when "
             "$\\cos\\varphi = 1$, i.e. $\\varphi = 0$: $\\mathbf{u}$ points along $\\nabla f$, "
             f"and then $D_{{\\mathbf{{u}}}} f = \\|\\nabla f\\| = {num(s.best)}$. "
             + (f"Turn θ to {formatting.angle(star)} to see it." if np.isfinite(star) else
                "Here $\\nabla f = \\mathbf{0}$ has no direction: no direction is steepest, "
                "so move p to see one."))
    return Section(blocks=(
        ("markdown", step1), ("latex", dot), ("latex", change), ("markdown", step2), cosine,
        ("markdown", step3)))


def rotation_section(gradient: Sequence[float], alpha_deg: float) -> Section:
    """The rotate-by-45° test at α for ∇f at p (the course's [5, 2] where it is 0 or undefined).

    >>> s = rotation_section((0.0, 0.0), 45)
    >>> s.gradient, [m.value for m in s.metrics]
    ((5.0, 2.0), ['336.8014°', '45°', '0°'])
    """
    g = tuple(float(v) for v in sc.draw.usable_gradient(gradient, COURSE_GRADIENT_4D[:2]))
    own = g != COURSE_GRADIENT_4D[:2] or np.allclose(np.asarray(gradient, dtype=float)[:2], g)
    source = ("∇f(p) = " + formatting.vector(g) if own
              else "the course's [5, 2] (∇f is zero or undefined at p)")
    r = rotation_at(g, alpha_deg)
    caption = (f"Gradient used: {source}. In the axes turned by {formatting.angle(alpha_deg)} "
               f"its components are {formatting.vector(r.components)}; in the original frame "
               f"the steepest direction stays at {formatting.angle(r.gradient_angle)} whatever "
               "α is — it is a fact about f, not about the axes.")
    return Section(gradient=g, caption=caption, metrics=(
        Metric("∇f's angle in the new axes", formatting.angle(r.gradient_angle_rotated),
               "θ* − α: it turns steadily with α."),
        Metric("… turned by (vs. α = 0)", formatting.angle(r.turned)),
        Metric("rule's angle in the new axes", formatting.angle(r.heuristic_angle_rotated),
               "Always 0°, 90°, 180° or 270°: one of the new axes.")))


def random_section(count: int, seed: int,
                   gradient: Sequence[float] = COURSE_GRADIENT_4D) -> Section:
    """``count`` random unit directions against ∇f/|∇f| and the largest component's axis.

    >>> s = random_section(1000, 0)
    >>> [row["∇f · u"] for row in s.table][::2]
    ['5.477226', '5']
    """
    r = random_direction_values(gradient, count, seed)
    top, e1 = r.gradient_value, r.largest_component
    if not (np.isfinite(top) and top > 0):
        raise ExpressionError("∇f must be finite and not zero: it has no direction to compare")
    # the course's [5, 2, −1, 0]: |∇f| = √30 and the largest component's axis e₁
    squares = float(np.sum(np.square(gradient)))
    root = f"√{formatting.number(squares)}" if squares == round(squares) else "|∇f|"
    axis = "e" + "".join("₀₁₂₃₄₅₆₇₈₉"[int(d)] for d in str(r.axis + 1))
    edges, counts = histogram(r.values, 40, -top, top)
    metrics = (
        Metric("best of the random directions", formatting.number(r.best)),
        Metric(f"largest component: u = {axis}", formatting.number(e1)),
        Metric("gradient direction: u = ∇f/|∇f| → |∇f|" + (f" = {root}" if root[0] == "√"
                                                          else ""), formatting.number(top, 6)),
    )
    caption = (f"{r.beats_largest} of {count} random directions beat {axis}; none beats {root} "
               f"≈ {formatting.number(top, 3)}. The best random u = "
               f"{formatting.vector(r.best_u, 2)} is close to ∇f/|∇f| = "
               f"{formatting.vector(r.gradient_unit, 2)}.")
    table = (
        {"direction u": "∇f/|∇f| = [" + ", ".join(formatting.number(v).replace("-", "−")
                                                 for v in gradient) + f"]/{root}",
         "∇f · u": formatting.number(top, 6)},
        {"direction u": f"best of {count} random", "∇f · u": formatting.number(r.best, 6)},
        {"direction u": f"{axis} (largest component)", "∇f · u": formatting.number(e1, 6)},
    )
    return Section(directions=r, edges=edges, counts=counts, metrics=metrics, caption=caption,
                   table=table)


def direction_scene(f: Function, domain, n: int, text: str = "") -> sc.Scene:
    """Section 1's picture: f's map with u (at the param θ, ``t``) and ∇f at p; Dᵤf over θ.

    >>> import gradviz
    >>> from gradviz.domain import Domain
    >>> s = direction_scene(gradviz.parse("x^2 + 3y"), Domain.square(-2, 2), 30)
    >>> [[q.type for q in panel.layers] for panel in s.panels]
    [['heatmap', 'contours', 'vector', 'vector', 'marker'], ['directional_curve']]
    """
    _need_scalar_2d(f)
    return sc.Scene(
        "steepest_ascent", f"f(x, y) = {text or f.expr}",
        {"f": f, "grad": gradient(f)},
        [sc.Map(domain, [sc.Heatmap(), sc.Contours(10), sc.Vector("grad"),
                         sc.Vector(label="u", color=sc.draw.BLUE, angle="t", name="u"),
                         sc.Marker()], n=n, size=430),
         sc.Plot((0.0, 360.0, -1.0, 1.0), [sc.DirectionalCurve()], labels=("θ (degrees)", "Dᵤf"),
                 title="Dᵤf over θ", auto="y", size=340, xticks=(0, 90, 180, 270, 360))],
        params=(sc.Param("t", "direction θ of u", 0, 360, 30, integer=True, play=True,
                         unit="°"),),
        status=(sc.Status("∇f(p)", "grad"),), slopes=("grad",),
        tex=rf"$f(x, y) = {f.latex()}$",
        alt="Heatmap of f with the point p, the direction u at θ and ∇f at p, and beside it "
            "Dᵤf over θ; press or drag in the map, or use the arrow keys, to move the point p; "
            "θ has its own slider and Play button.")


def rotation_scene(f: Function) -> sc.Scene:
    """Section 4's picture: axes turned by the param α (``r``) with ∇f/|∇f| at p and the
    rule's choice; both seen from the turned axes over every α.

    >>> import gradviz
    >>> s = rotation_scene(gradviz.parse("x^2 + 3y"))
    >>> [q.type for panel in s.panels for q in panel.layers], s.params[0].play
    (['turned_axes', 'rotation_angles'], True)
    """
    _need_scalar_2d(f)
    return sc.Scene(
        "rotation_test", "The “rotate by 45 degrees” test", {"grad": gradient(f)},
        [sc.Plot((-1.7, 1.7, -1.7, 1.7), [sc.TurnedAxes()], labels=("", ""),
                 title="axes turned by α", equal=True, size=300),
         sc.Plot((0.0, 360.0, -5.0, 365.0), [sc.RotationAngles()],
                 labels=("α: rotation of the axes (degrees)", "direction in the new axes (°)"),
                 size=420, height=300, xticks=(0, 90, 180, 270, 360))],
        slopes=("grad",),
        params=(sc.Param("r", "rotate the axes by α", 0, 360, 30, integer=True, play=True,
                         unit="°"),),
        alt="The axes turned by α with ∇f/|∇f| and the largest-component rule's choice, and "
            "both directions seen from the turned axes for every α; α has its own slider and "
            "Play button.")


#: the predict-then-reveal question: (question, options, the right option, why)
PREDICT = ("Standing at p, which unit direction makes f grow fastest?",
           ["the axis of the largest partial derivative", "along ∇f",
            "all directions are equally fast", "perpendicular to ∇f"], 1,
           "Dᵤf = ∇f·u = |∇f| cos(angle between them), largest at angle 0. Sections 2–5 below "
           "show it four ways.")
#: under the chart of |quotient − ∇f·u| over h (and where there is nothing to draw)
LIMIT_CAPTION = ("Shrinking h makes the quotient approach ∇f·u (error ≈ h) — until round-off "
                 "takes over for very small h (error ≈ 10⁻¹⁶/h). The blue line is the slider's h.")
LINEAR_CAPTION = "The quotient equals ∇f·u for every step here (f is linear along u)."
CURVE_CAPTION = ("The two curves coincide: Dᵤf is exactly |∇f| cos(θ − θ*), a cosine whose peak "
                 "sits at the gradient's direction and is as high as |∇f|.")
NOT_DIFFERENTIABLE = ("Sections 2–5 compare Dᵤf with ∇f·u, which needs f to be differentiable "
                      "at p. Move p (sliders or a click on the map) to a point where it is.")
ROTATION_INTRO = (
    "The coordinate axes are not special. Turn them by an angle α: the direction of steepest "
    "ascent, **seen from the new axes**, must turn by −α. The rule *\"step along the largest "
    "component\"* always answers with one of the new axes — 0°, 90°, 180° or 270° — so it "
    "jumps in 90° steps instead of turning.")
COURSE_INTRO = (
    "Why not step along $x_1$, the biggest partial derivative? Try many random unit "
    "directions $\\mathbf{u}$ in $\\mathbb{R}^4$ and compare $\\nabla f\\cdot\\mathbf{u}$.")
WHAT_TO_NOTICE = (
    "- Shrink h: the limit quotient meets $\\nabla f\\cdot\\mathbf{u}$ to more and more digits "
    "— until h is so small that round-off spoils it again.\n"
    "- $D_{\\mathbf{u}} f$ over all directions is a pure cosine; its peak is at the "
    "gradient's angle θ* and its height is $|\\nabla f|$. Opposite, at θ* + 180°, is the "
    "steepest *descent*, and at θ* ± 90° (along the level curve) $f$ does not change.\n"
    "- Rotate the axes: the gradient's direction turns smoothly with α, the "
    "largest-component rule jumps between the axes — it fails the rotate-by-45° test.\n"
    "- In the 4-D example no random direction beats $\\sqrt{30}\\approx 5.477$, while $e_1$ "
    "(the largest component) only gives 5: going \"partly in the other directions\" is not "
    "wasteful, it is what makes the step steepest.")
