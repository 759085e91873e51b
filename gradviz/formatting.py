"""How gradviz writes numbers for people: the one formatter of the project (pure, no Streamlit).

The rule of :func:`number`, on which the rest is built: nan, ±inf and None read
``undefined``, zero reads ``0``; otherwise round to ``digits`` decimals, or to ``digits``
significant digits when that keeps more (ties away from zero, on the exact binary value, as
JavaScript's ``toFixed``); drop trailing zeros and a bare point; scientific notation (as
Python writes it: ``1.235e+06``, ``1.2e-09``) when the number rounded to ``digits``
significant digits is below 1e-4 or at least 1e6 in size; an ASCII minus. The browser's
``GV_FMT.number`` (``formatting.js``) has the same rule; a Chromium test compares the two.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = [
    "UNDEFINED", "number", "latex_number", "vector", "latex_vector",
    "matrix", "latex_matrix", "coordinate", "point", "latex_point", "angle", "slope",
]

#: the text of a value that is not defined (nan, ±inf)
UNDEFINED = "undefined"
#: scientific notation below 1e-4 and from 1e6 (powers of ten, after rounding)
_EXP_BELOW, _EXP_FROM = -4, 6
_CONTEXT = Context(prec=200, rounding=ROUND_HALF_UP)


def _finite(v) -> float | None:
    """``v`` as a float, or None when it is None, nan or ±inf."""
    if v is None:
        return None
    x = float(v)
    return x if math.isfinite(x) else None


def _strip(text: str) -> str:
    """Drop trailing zeros after a decimal point, and the point itself if nothing follows."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def _unsigned(x: float, digits: int) -> str:
    """The text of |x| > 0, in fixed or scientific notation."""
    d = Decimal(abs(x))
    q = d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1), context=_CONTEXT)
    exp = q.adjusted()  # after rounding: 9.99995 -> 10.00 has exponent 1
    if exp < _EXP_BELOW or exp >= _EXP_FROM:
        return _strip(format(q.scaleb(-exp, context=_CONTEXT), "f")) + f"e{exp:+03d}"
    decimals = max(digits, digits - 1 - exp)
    return _strip(format(d.quantize(Decimal(1).scaleb(-decimals), context=_CONTEXT), "f"))


def number(v, digits: int = 4) -> str:
    """A number as plain text: at least ``digits`` significant digits (the module's rule).

    Numbers from 0.1 up keep ``digits`` decimals; ``v`` is anything ``float()`` accepts, or None.

    >>> number(2), number(-0.83229367), number(0.00123456), number(123.456789)
    ('2', '-0.8323', '0.001235', '123.4568')

    The exact binary value is rounded: 0.0012345 is stored as 0.00123449999…, so

    >>> number(0.0012345), number(1.03125), number(-1.03125)
    ('0.001234', '1.0313', '-1.0313')
    >>> number(float("nan")), number(float("-inf")), number(-0.0), number(None)
    ('undefined', 'undefined', '0', 'undefined')
    >>> number(1234567.0), number(1.2e-9), number(-0.00001), number(999999.99999)
    ('1.235e+06', '1.2e-09', '-1e-05', '1e+06')
    >>> number(2.5, digits=8), number(-0.544021110889, digits=8)
    ('2.5', '-0.54402111')
    """
    if int(digits) != digits or not 1 <= digits <= 20:
        raise ValueError(f"digits must be a whole number from 1 to 20, not {digits!r}")
    x = _finite(v)
    if x is None:
        return UNDEFINED
    if x == 0:
        return "0"
    text = _unsigned(x, int(digits))
    return "-" + text if x < 0 else text


def latex_number(v, digits: int = 4) -> str:
    r""":func:`number` for LaTeX: ``\text{undefined}``, and ``1.235 \times 10^{6}`` for the
    scientific form.

    >>> latex_number(0.5), latex_number(float("nan")), latex_number(-1234567.0)
    ('0.5', '\\text{undefined}', '-1.235 \\times 10^{6}')
    >>> latex_number(1.2e-9)
    '1.2 \\times 10^{-9}'
    """
    text = number(v, digits)
    if text == UNDEFINED:
        return r"\text{undefined}"
    if "e" in text:
        mantissa, exp = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exp)}}}"
    return text


def vector(values: Iterable, digits: int = 4) -> str:
    """A vector as plain text, ``(a, b)``.

    >>> vector([1.0, -0.5, float("nan")])
    '(1, -0.5, undefined)'
    """
    return "(" + ", ".join(number(v, digits) for v in values) + ")"


def latex_vector(values: Iterable, digits: int = 4) -> str:
    r"""A vector as a LaTeX column (``bmatrix``).

    >>> latex_vector([2, -0.83229367])
    '\\begin{bmatrix} 2 \\\\ -0.8323 \\end{bmatrix}'
    """
    return latex_matrix([[v] for v in values], digits)


def matrix(rows: Iterable[Iterable], digits: int = 4) -> str:
    """A matrix as plain text, row by row: ``[[a, b], [c, d]]``.

    >>> matrix([[1, 0.5], [-2, float("inf")]])
    '[[1, 0.5], [-2, undefined]]'
    """
    return "[" + ", ".join("[" + ", ".join(number(v, digits) for v in row) + "]"
                           for row in rows) + "]"


def latex_matrix(rows: Iterable[Iterable], digits: int = 4) -> str:
    r"""A matrix in LaTeX (``bmatrix``): ``&`` between columns, ``\\`` between rows.

    >>> latex_matrix([[1, 0.5], [-2, 3]])
    '\\begin{bmatrix} 1 & 0.5 \\\\ -2 & 3 \\end{bmatrix}'
    """
    body = r" \\ ".join(" & ".join(latex_number(v, digits) for v in row) for row in rows)
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"


def coordinate(c) -> str:
    """A coordinate exactly as given: the shortest text that reads back as the same float
    (for a point's coordinates and for a link's ``p=``).

    >>> coordinate(1.25), coordinate(-0.75), coordinate(2.0), coordinate(0.1 + 0.2)
    ('1.25', '-0.75', '2', '0.30000000000000004')
    """
    x = _finite(c)
    if x is None:
        return UNDEFINED
    text = repr(x + 0.0)  # + 0.0: -0.0 reads 0
    return text[:-2] if text.endswith(".0") else text


def point(p: Sequence) -> str:
    """A point with its coordinates exactly as given (no rounding), so that reading it back
    gives the same floats: ``(1.25, -0.75)``.

    >>> point((1.25, -0.75)), point([2.0, 0.1 + 0.2]), point((-0.0, 1e-7))
    ('(1.25, -0.75)', '(2, 0.30000000000000004)', '(0, 1e-07)')
    """
    return "(" + ", ".join(coordinate(c) for c in p) + ")"


def latex_point(p: Sequence) -> str:
    r""":func:`point` for LaTeX (an undefined coordinate as ``\text{undefined}``).

    >>> latex_point((1.25, -0.75))
    '\\left(1.25, -0.75\\right)'
    """
    body = point(p)[1:-1].replace(UNDEFINED, r"\text{undefined}")
    return r"\left(" + body + r"\right)"


def angle(degrees, digits: int = 4) -> str:
    """An angle in degrees: :func:`number` and a degree sign.

    >>> angle(45.0), angle(33.690067525979785), angle(float("nan"))
    ('45°', '33.6901°', 'undefined')
    """
    text = number(degrees, digits)
    return text if text == UNDEFINED else text + "°"


def slope(v, digits: int = 4) -> str:
    """A one-sided slope for prose: :func:`number` with a typographic minus, ``+∞``/``−∞``
    for infinite slopes and ``none`` when there is no limit.

    >>> slope(-1.0), slope(0.5), slope(float("inf")), slope(float("-inf")), slope(float("nan"))
    ('−1', '0.5', '+∞', '−∞', 'none')
    """
    x = float(v)
    if math.isnan(x):
        return "none"
    if math.isinf(x):
        return "+∞" if x > 0 else "−∞"
    return number(x, digits).replace("-", "−")
