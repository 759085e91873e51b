"""The gradient-field page's 3-D view (its map is a scene, made in gradviz.topics)."""

from __future__ import annotations

import numpy as np

from . import derivatives

__all__ = ["tangent_plane"]


def tangent_plane(SX, SY, SZ, summary, domain, scale: float = 1.0):
    """The surface with its tangent plane at p (none where f is not differentiable there)."""
    gx, gy = summary.grad[:2] if summary.differentiable else (np.nan, np.nan)
    return derivatives.tangent_plane_surface(SX, SY, SZ, summary.point, summary.value, gx, gy,
                                             0.2 * domain.span, font=round(16 * scale))
