"""Per-topic computations the pages need beyond :mod:`gradviz.sampling`.

* :mod:`gradviz.topics.explore` — functions of several variables, vector fields;
* :mod:`gradviz.topics.derivatives` — partial derivatives, gradient fields;
* :mod:`gradviz.topics.partials` — the partial-derivatives page's sections;
* :mod:`gradviz.topics.gradient_field` — what the gradient-field page writes at p;
* :mod:`gradviz.topics.jacobian` — Jacobian linearisation (maps R² → R²);
* :mod:`gradviz.topics.steepest_ascent` — steepest ascent;
* :mod:`gradviz.topics.descent` — gradient descent: regimes, momentum, a library's answer.
"""

from __future__ import annotations

from . import (
    animation_data,
    derivatives,
    descent,
    explore,
    gradient_field,
    jacobian,
    partials,
    steepest_ascent,
)

MODULES = (explore, derivatives, partials, gradient_field, jacobian, steepest_ascent,
           animation_data, descent)

__all__ = ["explore", "derivatives", "partials", "gradient_field", "jacobian", "steepest_ascent",
           "animation_data", "descent", "MODULES"]
