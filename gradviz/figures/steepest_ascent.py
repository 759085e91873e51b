"""The steepest-ascent page's charts (Vega-Lite specs), from the results of
:mod:`gradviz.topics.steepest_ascent`.

Every builder takes the chart font ``scale`` (1.35 in lecture mode: the charts are drawn
smaller there so the bigger fonts still fit) and returns a spec ready for the app's chart
element (:func:`gradviz.figures.linear.tidy`).
"""

from __future__ import annotations

import numpy as np

from .. import formatting
from . import layers, linear

__all__ = ["size", "direction_map", "limit_chart", "curve_chart", "rotation_chart",
           "axes_chart", "histogram_chart"]

#: the vectors on the map are drawn at this fraction of the view's span
ARROW = 0.22
#: errors under this are round-off luck: drawn on the axis floor, so the axis does not jump
#: decades with every step of the point
ERROR_FLOOR = 1e-12


def size(px: int, scale: float) -> int:
    """A chart size in px, smaller in lecture mode so the bigger fonts still fit.

    >>> size(350, 1.0), size(350, 1.35)
    (350, 252)
    """
    return int(px * (0.72 if scale > 1 else 1))


def direction_map(X, Y, Z, point, check, domain, *, title: str, scale: float,
                  show_gradient: bool = True) -> dict:
    """The heatmap of f with p, u and (where f is differentiable and ∇f ≠ 0) ∇f's direction."""
    px, arrow = size(350, scale), ARROW * domain.span
    x, y = float(point[0]), float(point[1])
    parts = [layers.heatmap(X, Y, Z, title="f"), layers.contours(X, Y, Z, 10)]
    norm, g = check.norm, check.gradient
    if show_gradient and np.isfinite(norm) and norm > 0:
        parts.append(layers.vector(x, y, g[0] / norm * arrow, g[1] / norm * arrow, domain,
                                   color=layers.PALETTE["vermillion"], label="∇f", size=px))
    parts.append(layers.vector(x, y, check.u[0] * arrow, check.u[1] * arrow, domain,
                               color=layers.PALETTE["blue"], label="u", size=px))
    parts.append(layers.point(x, y, label="p"))
    return linear.tidy(layers.compose(*parts, domain=domain, size=px, scale=scale, title=title))


def limit_chart(errors, h: float, scale: float) -> dict | None:
    """|quotient − ∇f·u| over h on log axes with the slider's h; None when fewer than two
    errors are drawable (f is linear along u)."""
    ok = np.isfinite(errors.error)
    if ok.sum() < 2:
        return None
    shown = np.where(ok, np.maximum(errors.error, ERROR_FLOOR), np.nan)
    hi = max(float(np.max(shown[ok])), 10 * ERROR_FLOOR)
    name = "|quotient − ∇f·u|"
    spec = layers.compose(
        linear.curves({name: (errors.h, shown)}, {name: layers.PALETTE["black"]}, points=True,
                      legend=False),
        linear.vline(h, color=layers.PALETTE["blue"]),
        xrange=(float(errors.h[0]), float(errors.h[-1])),
        yrange=layers.nice_range(ERROR_FLOOR, hi * 3, log=True), size=size(380, scale),
        height=size(240, scale), scale=scale, xtitle="h", ytitle=name)
    return linear.tidy(linear.log_axes(spec))


def curve_chart(curve, theta: float, exact: float, scale: float) -> dict:
    """Dᵤf over θ and |∇f| cos(θ − θ*), with u's θ and the maximum marked."""
    palette = layers.PALETTE
    star, norm = curve.theta_star, curve.norm
    parts = [linear.hline(0.0, color=palette["grey"], width=1, dash=None),
             linear.curves({"Dᵤf = ∇f·u": (curve.theta, curve.value),
                            "|∇f| cos(θ − θ*)": (curve.theta, curve.cosine)},
                           {"Dᵤf = ∇f·u": palette["black"],
                            "|∇f| cos(θ − θ*)": palette["vermillion"]},
                           dashes={"|∇f| cos(θ − θ*)": (8, 8)}),
             linear.vline(float(theta), color=palette["blue"], width=2)]
    right_side = theta > 250
    parts.append(linear.marker(float(theta), float(exact), f"u: θ = {formatting.angle(theta)}",
                               color=palette["blue"], dy=-14 if exact < 0 else 24,
                               align="right" if right_side else "left",
                               dx=-8 if right_side else 8))
    if np.isfinite(star):
        label = f"max |∇f| = {formatting.number(norm, 2)} at θ* = {formatting.angle(star, 1)}"
        parts.append(linear.marker(star, norm, label, color=palette["black"], dy=-14,
                                   align="left" if star < 200 else "right",
                                   dx=8 if star < 200 else -8))
    if np.isfinite(norm) and norm > 0:
        pad = 0.15 * max(norm, 1e-9)
        yrange = layers.nice_range(-norm - pad, norm + pad)
    else:
        yrange = (-1.0, 1.0)
    return linear.tidy(layers.compose(*parts, xrange=(0, 360), yrange=yrange,
                                      size=size(620, scale), height=size(300, scale),
                                      scale=scale, xtitle="θ (degrees)", ytitle="Dᵤf"))


def rotation_chart(section, alpha: float, scale: float) -> dict:
    """Both directions seen from axes turned by α = 0° … 360°, the slider's α marked."""
    palette, sweep, rot = layers.PALETTE, section.sweep, section.rotation
    grad, rule = "∇f seen from the rotated axes", "largest-component rule"
    return linear.tidy(layers.compose(
        linear.curves({grad: (sweep.alpha, sweep.gradient), rule: (sweep.alpha, sweep.heuristic)},
                      {grad: palette["vermillion"], rule: palette["blue"]}, wrap=180,
                      columns=1 if scale > 1 else None),
        linear.vline(float(alpha), color=palette["grey"], width=2),
        linear.marker(float(alpha), rot.gradient_angle_rotated, color=palette["vermillion"]),
        linear.marker(float(alpha), rot.heuristic_angle_rotated, color=palette["blue"]),
        xrange=(0, 360), yrange=(-5, 365), size=size(480, scale), height=size(320, scale),
        scale=scale, xtitle="α: rotation of the axes (degrees)",
        ytitle="direction in the new axes (°)"))


def axes_chart(section, alpha: float, scale: float) -> dict:
    """The turned axes e₁′, e₂′ with ∇f/|∇f| and the largest-component rule's direction."""
    palette, rot = layers.PALETTE, section.rotation
    box, px = (-1.35, 1.35, -1.35, 1.35), size(280, scale)
    axes, unit, rule = 1.2 * rot.axes, rot.gradient_unit, 0.75 * rot.heuristic_direction
    colors = {"e₁′": palette["grey"], "e₂′": palette["black"],
              "∇f/|∇f|": palette["vermillion"], "largest-component rule": palette["blue"]}
    rows = [("e₁′", 0, 0, axes[0, 0], axes[1, 0]), ("e₂′", 0, 0, axes[0, 1], axes[1, 1]),
            ("∇f/|∇f|", 0, 0, unit[0], unit[1]),
            ("largest-component rule", 0, 0, rule[0], rule[1])]
    return linear.tidy(layers.compose(
        linear.arrow_set(rows, colors, box, size=px, orient="bottom",
                         columns=1 if scale > 1 else 2),
        xrange=box[:2], yrange=box[2:], size=px, scale=scale,
        title=f"axes turned by α = {formatting.angle(alpha)}"))


def histogram_chart(section, scale: float) -> dict:
    """The histogram of ∇f·u for the random directions, with e₁'s 5 and √30 marked."""
    palette, r = layers.PALETTE, section.directions
    top, e1 = r.gradient_value, r.largest_component
    ymax = float(max(section.counts.max(), 1))
    return linear.tidy(layers.compose(
        linear.bars(section.edges, section.counts, color=palette["sky"]),
        linear.vline(e1, color=palette["blue"], width=3),
        linear.vline(top, color=palette["vermillion"], width=3, dash=None),
        linear.marker(e1, ymax * 1.12, "e₁: 5", color=palette["blue"], size=1, align="right",
                      dx=-6, dy=4),
        linear.marker(top, ymax * 1.12, "∇f/|∇f|: √30", color=palette["vermillion"], size=1,
                      align="left", dx=6, dy=4),
        xrange=(-top * 1.05, 9.0), yrange=(0, ymax * 1.22), size=size(500, scale),
        height=size(280, scale), scale=scale, xtitle="∇f · u for a random unit u",
        ytitle="count"))
