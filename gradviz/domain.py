"""The view's rectangle of the plane: :class:`Domain`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .errors import ExpressionError

__all__ = ["Domain"]


@dataclass(frozen=True)
class Domain:
    """A rectangle [xmin, xmax] × [ymin, ymax] of the plane.

    >>> Domain(0, 4, 0, 4).contains((1, 2))
    True
    """

    xmin: float
    xmax: float
    ymin: float
    ymax: float

    def __post_init__(self):
        vals = (self.xmin, self.xmax, self.ymin, self.ymax)
        if not all(np.isfinite(v) for v in vals):
            raise ExpressionError("the domain must be finite numbers")
        if not (self.xmin < self.xmax and self.ymin < self.ymax):
            raise ExpressionError("the domain must have min < max on both axes")

    @classmethod
    def square(cls, lo: float, hi: float) -> Domain:
        return cls(lo, hi, lo, hi)

    @property
    def span(self) -> float:
        return max(self.xmax - self.xmin, self.ymax - self.ymin)

    def contains(self, point: Sequence[float]) -> bool:
        x, y = point[:2]
        return self.xmin <= x <= self.xmax and self.ymin <= y <= self.ymax
