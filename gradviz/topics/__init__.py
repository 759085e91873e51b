"""Per-topic computations the pages need beyond :mod:`gradviz.sampling`.

* :mod:`gradviz.topics.explore` — functions of several variables, vector fields;
* :mod:`gradviz.topics.derivatives` — partial derivatives, gradient fields;
* :mod:`gradviz.topics.linear` — Jacobian linearisation, steepest ascent.
"""

from __future__ import annotations

from . import animation_data, derivatives, explore, linear

MODULES = (explore, derivatives, linear, animation_data)

__all__ = ["explore", "derivatives", "linear", "animation_data", "MODULES"]
