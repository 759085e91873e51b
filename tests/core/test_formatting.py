"""gradviz.formatting: the one number formatter, its rule, and the browser's copy (GV_FMT).

Expected strings are written by hand; the properties check the rule against exact decimal
arithmetic (``fractions.Fraction`` of the float), not against the code under test. The
browser's copy runs in Debian's Chromium on about:blank, loaded from its file: no server.
"""

from __future__ import annotations

import math
import re
import struct
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradviz import formatting
from gradviz.formatting import (
    angle,
    coordinate,
    latex_matrix,
    latex_number,
    latex_point,
    latex_vector,
    matrix,
    number,
    point,
    slope,
    vector,
)

NAN, INF = float("nan"), float("inf")


# -- the rule, by hand ------------------------------------------------------------------------
@pytest.mark.parametrize("value, want", [
    # whole numbers and trailing zeros
    (2, "2"), (2.0, "2"), (-3.0, "-3"), (10.0, "10"), (100000.0, "100000"), (0.5, "0.5"),
    (-0.25, "-0.25"), (1.1, "1.1"),
    # digits decimals from 0.1 up
    (-0.83229367, "-0.8323"), (0.9092974268, "0.9093"), (123.456789, "123.4568"),
    (3.14159265, "3.1416"), (-2.718281828, "-2.7183"), (0.12345678, "0.1235"),
    (54321.123456, "54321.1235"), (999949.0, "999949"), (0.1, "0.1"),
    # digits significant digits below 0.1
    (0.0123456, "0.01235"), (0.00123456, "0.001235"), (-0.000123456, "-0.0001235"),
    (0.0001, "0.0001"), (0.05, "0.05"),
    # rounding that carries into the next digit (and the next power of ten)
    (9.99996, "10"), (0.099999, "0.1"), (0.00099999, "0.001"), (1.99999, "2"),
    (0.000099999, "0.0001"),  # 9.9999e-05 rounds to 1.000e-04: fixed, not scientific
    (999999.99999, "1e+06"), (999999.0, "1e+06"),  # 4 digits: 1.000e+06, scientific
    # ties of the exact binary value round away from zero (1.03125 = 33/32)
    (1.03125, "1.0313"), (-1.03125, "-1.0313"), (1.15625, "1.1563"),
    # the binary value, not the decimal the source spelled: 0.0012345 is 0.0012344999…
    (0.0012345, "0.001234"),
    # scientific notation below 1e-4 and from 1e6
    (1234567.0, "1.235e+06"), (-1234567.0, "-1.235e+06"), (1e6, "1e+06"), (2.5e7, "2.5e+07"),
    (1.2e-9, "1.2e-09"), (-1e-9, "-1e-09"), (0.00001, "1e-05"), (0.000012345678, "1.235e-05"),
    (1e-300, "1e-300"), (1e300, "1e+300"), (-1.7976931348623157e308, "-1.798e+308"),
    (5e-324, "4.941e-324"),
    # zero and the undefined
    (0.0, "0"), (-0.0, "0"), (0, "0"), (NAN, "undefined"), (INF, "undefined"),
    (-INF, "undefined"), (None, "undefined"),
    # numpy scalars
    (np.float64(0.5), "0.5"), (np.float32(0.25), "0.25"), (np.int64(7), "7"),
    (np.float64(np.nan), "undefined"),
], ids=repr)
def test_number_by_hand(value, want):
    """Test number(v) (4 digits) on values whose text was worked out by hand."""
    assert number(value) == want


@pytest.mark.parametrize("value, digits, want", [
    (2.0, 8, "2"), (np.sin(10), 8, "-0.54402111"), (1 / 3, 8, "0.33333333"),
    (1 / 3, 1, "0.3"), (123.456, 1, "123.5"), (0.000123456, 2, "0.00012"),
    (1234567.0, 2, "1.2e+06"), (18.0, 8, "18"), (1 / 3, 12, "0.333333333333"),
])
def test_number_with_other_digit_counts(value, digits, want):
    """Test the digits argument: decimals from 0.1 up, significant digits below."""
    assert number(value, digits) == want


@pytest.mark.parametrize("digits", [0, -1, 2.5, 21])
def test_number_refuses_a_silly_digit_count(digits):
    """Test that a digit count outside 1..20 (or not whole) raises instead of guessing."""
    with pytest.raises(ValueError):
        number(1.0, digits)


def test_minus_is_ascii_and_text_has_no_spaces():
    """Test that plain text uses ASCII '-' (never U+2212) and no spaces."""
    for v in (-1.0, -1e-9, -1e9, -0.5):
        text = number(v)
        assert text.startswith("-") and "−" not in text and " " not in text


# -- the rule, as properties against exact decimal arithmetic ----------------------------------
FIXED = re.compile(r"-?(0|[1-9]\d*)(\.\d*[1-9])?")
SCI = re.compile(r"-?[1-9](\.\d*[1-9])?e[+-]\d{2,3}")
FINITE = st.floats(allow_nan=False, allow_infinity=False)


def _exp10(q: Fraction) -> int:
    """floor(log10(q)) of a positive fraction, exactly."""
    e = len(str(q.numerator)) - len(str(q.denominator))
    while Fraction(10) ** e > q:
        e -= 1
    while Fraction(10) ** (e + 1) <= q:
        e += 1
    return e


@settings(max_examples=600, deadline=None)
@given(v=FINITE, digits=st.integers(1, 10))
def test_number_keeps_the_digits_it_promises(v, digits):
    """Test, for any finite double: the text is one of the two layouts, has no trailing zeros,
    is scientific exactly when its size is below 1e-4 or at least 1e6, and lies within half a
    unit of the digits-th significant digit of v (and within half of 10^-digits from 0.1 up)."""
    text = number(v, digits)
    if v == 0:
        assert text == "0"
        return
    exact = Fraction(v)
    if "e" in text:
        assert SCI.fullmatch(text), text
        mantissa, exp = text.split("e")
        shown = Fraction(mantissa) * Fraction(10) ** int(exp)
        assert abs(shown) < Fraction(1, 10**4) or abs(shown) >= 10**6, text
        assert len(mantissa.lstrip("-").replace(".", "")) <= digits, text
    else:
        assert FIXED.fullmatch(text), text
        shown = Fraction(text)
        assert Fraction(1, 10**4) <= abs(shown) < 10**6, text
    assert (shown < 0) == (v < 0), text
    e = _exp10(abs(exact))
    assert abs(shown - exact) <= Fraction(10) ** (e - digits + 1) / 2, (v, text)
    if abs(exact) >= Fraction(1, 10) and "e" not in text:
        assert abs(shown - exact) <= Fraction(1, 10**digits) / 2, (v, text)


@settings(max_examples=300, deadline=None)
@given(v=FINITE)
def test_point_reads_back_as_the_same_float(v):
    """Test that a point's coordinates are written exactly: float(text) == v, no '.0'."""
    text = point((v, -v))
    a, b = text[1:-1].split(", ")
    assert float(a) == v and float(b) == -v
    assert not a.endswith(".0") and not b.endswith(".0")


# -- vectors, matrices, points, angles, slopes, LaTeX -----------------------------------------
def test_vectors_and_matrices_by_hand():
    """Test the plain and LaTeX layouts of vectors and matrices."""
    assert vector([2.0, -0.83229367]) == "(2, -0.8323)"
    assert vector(np.array([1e-9, NAN])) == "(1e-09, undefined)"
    assert vector([]) == "()"
    assert matrix([[1.0, 0.5], [-2.0, 3.0]]) == "[[1, 0.5], [-2, 3]]"
    assert matrix(np.array([[0.0, 1 / 3]])) == "[[0, 0.3333]]"
    assert latex_vector([2.0, -0.5]) == r"\begin{bmatrix} 2 \\ -0.5 \end{bmatrix}"
    assert latex_vector([NAN]) == r"\begin{bmatrix} \text{undefined} \end{bmatrix}"
    assert latex_matrix([[1, 2], [3, 4.5]]) == r"\begin{bmatrix} 1 & 2 \\ 3 & 4.5 \end{bmatrix}"


def test_latex_numbers_by_hand():
    """Test LaTeX numbers: same digits as plain text, a power of ten, undefined as text."""
    assert latex_number(0.5) == "0.5"
    assert latex_number(-0.83229367) == "-0.8323"
    assert latex_number(1234567.0) == r"1.235 \times 10^{6}"
    assert latex_number(-2.5e-7) == r"-2.5 \times 10^{-7}"
    assert latex_number(1e300) == r"1 \times 10^{300}"
    assert latex_number(NAN) == r"\text{undefined}"
    assert latex_number(2.0, 8) == "2"


def test_points_by_hand():
    """Test points: coordinates exactly as given, shortest text."""
    assert point((1.25, -0.75)) == "(1.25, -0.75)"
    assert point([2.0, 10.0, -3]) == "(2, 10, -3)"
    assert point((0.1 + 0.2,)) == "(0.30000000000000004)"
    assert point((-0.0, 1e-7, 1e16)) == "(0, 1e-07, 1e+16)"
    assert point((1.2400000001, NAN)) == "(1.2400000001, undefined)"
    assert coordinate(1.25) == "1.25" and coordinate(-0.0) == "0" and coordinate(1e22) == "1e+22"
    assert coordinate(NAN) == "undefined" and coordinate(3) == "3"
    assert latex_point((1.25, -0.75)) == r"\left(1.25, -0.75\right)"
    assert latex_point((INF, 0.5)) == r"\left(\text{undefined}, 0.5\right)"


def test_angles_and_slopes_by_hand():
    """Test angles (degree sign) and slopes (typographic minus, ∞, none)."""
    assert angle(45) == "45°"
    assert angle(-90.0) == "-90°"
    assert angle(33.690067525979785) == "33.6901°"
    assert angle(NAN) == "undefined"
    assert slope(-1.0) == "−1"
    assert slope(0.5) == "0.5"
    assert slope(2.0) == "2"
    assert slope(-0.83229367) == "−0.8323"
    assert slope(INF) == "+∞" and slope(-INF) == "−∞" and slope(NAN) == "none"


# -- the browser's copy: the same text in Chromium --------------------------------------------
@pytest.fixture(scope="module")
def browser_fmt(browser):
    """about:blank in headless Chromium with gradviz/formatting.js loaded; yields
    ``call(name, values, *args)`` -> [GV_FMT[name](v, *args) for v in values]."""
    page = browser.new_page()
    js = Path(formatting.__file__).with_name("formatting.js").read_text(encoding="utf-8")
    page.add_script_tag(content=js + "\nwindow.GV_FMT = GV_FMT;")

    def call(name, values, *args):
        # nan and ±inf don't survive JSON: sent as tokens, rebuilt on the page
        return page.evaluate(
            """([name, values, args]) => {
                 const dec = (v) => Array.isArray(v) ? v.map(dec) : v === "nan" ? NaN
                   : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v;
                 return values.map(v => GV_FMT[name](dec(v), ...args));
               }""", [name, _encode(list(values)), list(args)])

    yield call
    page.close()


def _encode(v):
    if isinstance(v, (list, tuple)):
        return [_encode(x) for x in v]
    return v if v is None or math.isfinite(v) else repr(float(v))


def _bits(n: int, rng: np.random.Generator) -> list[float]:
    """n doubles from random bit patterns (every exponent, subnormals too), finite only."""
    raw = rng.integers(0, 2**64, size=4 * n, dtype=np.uint64)
    out = [struct.unpack("<d", struct.pack("<Q", int(b)))[0] for b in raw]
    return [v for v in out if math.isfinite(v)][:n]


def _spread() -> list[float]:
    """Hand-picked edges: zero, the undefined, the extremes, the switch points of the layout,
    rounding boundaries (…99995), exact binary ties (k/32), and whole numbers."""
    vals = [0.0, -0.0, NAN, INF, -INF, 1e-300, -1e-300, 1e300, -1e300, 5e-324,
            1.7976931348623157e308, 2.2250738585072014e-308]
    for e in range(-12, 13):
        for m in (1.0, 9.99995, 9.9995, 9.999949999, 9.99994999, 1.00005, 5.0, 2.5, 1.23456789):
            vals += [m * 10.0**e, -m * 10.0**e]
    vals += [k / 32 for k in range(-70, 71)] + [k + 1 / 32 for k in range(-5, 6)]
    vals += [0.0001, 0.00009999, 0.000099995, 0.00099995, 999999.5, 999999.99995, 1e6, 1e16,
             0.1 + 0.2, 1 / 3, 2 / 3, np.sin(10), np.pi, np.e, 123.456789, -0.83229367]
    return vals


def test_browser_number_equals_python_on_a_spread(browser_fmt, rng):
    """Test GV_FMT.number == formatting.number on ≥ 300 hand-picked edges and 400 random bit
    patterns, for 4 digits, and on a sample for 1, 2, 6 and 8 digits."""
    values = _spread() + _bits(400, rng)
    assert len(values) >= 300
    for digits in (4, 1, 2, 6, 8):
        vals = values if digits == 4 else values[::3]
        got = browser_fmt("number", vals, digits)
        want = [number(v, digits) for v in vals]
        bad = [(v, w, g) for v, w, g in zip(vals, want, got) if w != g]
        assert not bad, f"{len(bad)} differ (value, python, browser), e.g. {bad[:5]}"


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.floats(), min_size=10, max_size=10))
def test_browser_number_equals_python_hypothesis(values, browser_fmt):
    """Test GV_FMT.number == formatting.number on hypothesis' floats (500 in all)."""
    assert browser_fmt("number", values) == [number(v) for v in values]


def test_browser_vector_matrix_point_equal_python(browser_fmt, rng):
    """Test GV_FMT.vector, .matrix and .point against the Python layouts."""
    values = _spread() + _bits(200, rng)
    pairs = [[a, b] for a, b in zip(values[::2], values[1::2])]
    assert browser_fmt("vector", pairs) == [vector(p) for p in pairs]
    assert browser_fmt("point", pairs) == [point(p) for p in pairs]
    mats = [[p, q] for p, q in zip(pairs[::2], pairs[1::2])]
    assert browser_fmt("matrix", mats) == [matrix(m) for m in mats]
