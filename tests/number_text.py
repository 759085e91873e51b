"""How the app writes a number, written out again for tests (expected values must not come
from the formatter under test, gradviz.formatting).

The rule (issue 16): 4 decimals from 0.1 up, 4 significant digits below, trailing zeros
dropped, scientific from 1e6 and below 1e-4, "undefined" for nan/inf, never "-0". This
version leans on Python's own ``.4f``/``.4g`` (which round exact binary ties to even where
gradviz rounds them away from zero, and switch to 1e+06 only past 999999.99995): fine for
the values tests use, which are not such ties.
"""

from __future__ import annotations

import math


def shown(v: float) -> str:
    """The text the app shows for ``v``.

    >>> shown(2.0), shown(-0.83229367), shown(0.00123456), shown(0.0), shown(float("nan"))
    ('2', '-0.8323', '0.001235', '0', 'undefined')
    """
    v = float(v)
    if not math.isfinite(v):
        return "undefined"
    if 0.1 <= abs(v) < 1e6:
        text = f"{v:.4f}".rstrip("0").rstrip(".")
    else:
        text = f"{v:.4g}"
    return "0" if text in ("0", "-0") else text
