"""Per-topic computations the pages need beyond :mod:`gradviz.sampling`.

* :mod:`gradviz.topics.explore` — functions of several variables, vector fields;
* :mod:`gradviz.topics.derivatives` — partial derivatives, gradient fields;
* :mod:`gradviz.topics.jacobian` — Jacobian linearisation (maps R² → R²);
* :mod:`gradviz.topics.steepest_ascent` — steepest ascent.
"""

from __future__ import annotations

from . import animation_data, derivatives, explore, jacobian, steepest_ascent

MODULES = (explore, derivatives, jacobian, steepest_ascent, animation_data)

__all__ = ["explore", "derivatives", "jacobian", "steepest_ascent", "animation_data", "MODULES"]
