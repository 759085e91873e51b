"""The gradient-field page's charts: ∇f arrows over the heatmap, and the tangent plane in 3-D.

The server's chart (:func:`field_chart`) is what the page draws when f cannot go to the
browser's live chart, and what its downloads hold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import derivatives, layers

__all__ = ["FieldChart", "field_chart", "tangent_plane"]

#: px of plot area: with axes and colour legend it fits the column at 1500 px
SIZE = 470


@dataclass(frozen=True)
class FieldChart:
    """The server's Vega-Lite chart of the gradient field and what its caption says."""

    spec: dict
    #: the arrows' scale, and which are drawn for their direction only
    arrows_note: str

    def caption(self, live: bool, slice_note: str = "") -> str:
        """The caption under the chart: the live chart is moved by hand, the server's by a click."""
        how = ("Press or drag in the chart (or focus it and use the arrow keys) to move p."
               if live else "Click the chart to move p.")
        return ("Black arrows: ∇f on a grid. " + self.arrows_note + " Orange: the level curve "
                "through p. Red-orange (vermillion): the direction of ∇f at p. " + how
                + slice_note)


def field_chart(X, Y, Z, arrows, domain, summary, title: str, path=None, max_side: int = 70,
                scale: float = 1.0, size: int = SIZE) -> FieldChart:
    """Heatmap, contours, ∇f arrows, the level curve and ∇f's direction at p, the path, p.

    ``arrows`` is ``(AX, AY, AU, AV)``; ``summary`` the
    :class:`~gradviz.topics.derivatives.GradientSummary` at p; ``path`` the ascent points
    or None.

    >>> import gradviz
    >>> from gradviz.domain import Domain
    >>> from gradviz.sampling import evaluate_grid, gradient_field
    >>> from gradviz.topics.derivatives import gradient_summary
    >>> f, d = gradviz.parse("x^2 + y"), Domain.square(-1, 1)
    >>> X, Y, Z = evaluate_grid(f, d, 20)
    >>> chart = field_chart(X, Y, Z, gradient_field(f, d, 5), d, gradient_summary(f, (0.5, 0)),
    ...                     "f(x, y) = x^2 + y and ∇f")
    >>> chart.spec["width"], chart.caption(False).endswith("Click the chart to move p.")
    (470, True)
    """
    AX, AY, AU, AV = arrows
    p = summary.point
    parts = [layers.heatmap(X, Y, Z, title="f", max_side=max_side),
             layers.contours(X, Y, Z, 10, width=1.0, opacity=0.55),
             *(derivatives.clipped(part)
               for part in derivatives.haloed_arrows(AX, AY, AU, AV, domain, size=size))]
    if np.isfinite(summary.value):
        parts += derivatives.level_curve_through(X, Y, Z, p, summary.value)
    if summary.direction2d is not None:
        s = 0.22 * domain.span  # drawn at a fixed length: it shows the direction only
        parts += derivatives.haloed_vector(p[0], p[1], summary.direction2d[0] * s,
                                           summary.direction2d[1] * s, domain, label="∇f",
                                           size=size)
    if path is not None:
        parts += [derivatives.clipped(part) for part in derivatives.haloed_curve(
            layers.path(np.asarray(path)[:, :2], color=layers.PALETTE["sky"]),
            halo=layers.PALETTE["black"], width_add=3.0)]
    parts += derivatives.labelled_point(p[0], p[1], "p")
    spec = derivatives.plot_area_sized(layers.compose(*parts, domain=domain, scale=scale,
                                                      size=size, title=title))
    return FieldChart(spec, derivatives.arrows_caption(AU, AV, domain))


def tangent_plane(SX, SY, SZ, summary, domain, scale: float = 1.0):
    """The surface with its tangent plane at p (none where f is not differentiable there)."""
    g = summary
    gx, gy = (g.grad[0], g.grad[1]) if g.differentiable else (np.nan, np.nan)
    return derivatives.tangent_plane_surface(SX, SY, SZ, g.point, g.value, gx, gy,
                                             0.2 * domain.span, font=round(16 * scale))
