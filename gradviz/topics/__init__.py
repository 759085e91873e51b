"""Per-topic computations the pages need beyond :mod:`gradviz.sampling`.

* :mod:`gradviz.topics.explore` — functions of several variables, vector fields;
* :mod:`gradviz.topics.derivatives` — partial derivatives, gradient fields;
* :mod:`gradviz.topics.gradient_field` — what the gradient-field page writes at p;
* :mod:`gradviz.topics.jacobian` — Jacobian linearisation (maps R² → R²);
* :mod:`gradviz.topics.steepest_ascent` — steepest ascent.
"""

from __future__ import annotations

from . import animation_data, derivatives, explore, gradient_field, jacobian, steepest_ascent

MODULES = (explore, derivatives, gradient_field, jacobian, steepest_ascent, animation_data)

__all__ = ["explore", "derivatives", "gradient_field", "jacobian", "steepest_ascent",
           "animation_data", "MODULES"]
