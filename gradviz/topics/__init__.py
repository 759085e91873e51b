"""Per-topic computations the pages need beyond :mod:`gradviz.sampling`.

* :mod:`gradviz.topics.explore` — functions of several variables, vector fields;
* :mod:`gradviz.topics.derivatives` — partial derivatives, gradient fields;
* :mod:`gradviz.topics.linear` — Jacobian linearisation, steepest ascent.
"""

from __future__ import annotations

from . import derivatives, explore, frames, linear

MODULES = (explore, derivatives, linear, frames)

__all__ = ["explore", "derivatives", "linear", "frames", "MODULES"]
