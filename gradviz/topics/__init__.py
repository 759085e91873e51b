"""Per-topic computations the pages need beyond :mod:`gradviz.sampling`.

* :mod:`gradviz.topics.explore` — functions of several variables, vector fields;
* :mod:`gradviz.topics.derivatives` — partial derivatives, gradient fields;
* :mod:`gradviz.topics.partials` — the partial-derivatives page's sections;
* :mod:`gradviz.topics.linear` — Jacobian linearisation, steepest ascent.
"""

from __future__ import annotations

from . import animation_data, derivatives, explore, linear, partials

MODULES = (explore, derivatives, partials, linear, animation_data)

__all__ = ["explore", "derivatives", "partials", "linear", "animation_data", "MODULES"]
