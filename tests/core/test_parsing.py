"""Unit tests for gradviz.parsing: student syntax, variables, errors a student can act on, limits."""

from __future__ import annotations

import time

import numpy as np
import pytest
import sympy as sp

import gradviz
from gradviz import LIMITS, ExpressionError, Function, parse
from gradviz.parsing import _parse_cached, symbol

x, y, z, t = (symbol(n) for n in "xyzt")


def error_of(text: str, **kwargs) -> ExpressionError:
    """The ExpressionError that parsing ``text`` raises."""
    with pytest.raises(ExpressionError) as info:
        parse(text, **kwargs)
    return info.value


# -- student syntax -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("x^2", x**2),
    ("x**2", x**2),
    ("2x", 2 * x),
    ("3(x+y)", 3 * x + 3 * y),
    ("x(y+1)", x * (y + 1)),
    ("(x+1)(x-1)", (x + 1) * (x - 1)),
    ("2|x|", 2 * sp.Abs(x)),
    ("|x - y|", sp.Abs(x - y)),
    ("abs(x)", sp.Abs(x)),
    ("xy", x * y),
    ("xyz", x * y * z),
    ("2xy^2", 2 * x * y**2),
    ("xy^2", x * y**2),
    ("xyz^3", x * y * z**3),
    ("1/2x", x / 2),
    ("-x^2", -(x**2)),
    ("2^-1", sp.Rational(1, 2)),
    ("x^y^z", x ** (y**z)),
    ("e", sp.E),
    ("e^x", sp.exp(x)),
    ("2e", 2 * sp.E),
    ("2e3", sp.Integer(2000)),
    ("2E3", sp.Integer(2000)),
    ("1.5e-3", sp.Float("1.5e-3")),
    ("0.5", sp.Float("0.5")),
    (".5x", sp.Float("0.5") * x),
    ("pi", sp.pi),
    ("π", sp.pi),
    ("2π", 2 * sp.pi),
    ("πx", sp.pi * x),
    ("xπ", sp.pi * x),
    ("sin(πx)", sp.sin(sp.pi * x)),
    ("x − y", x - y),
    ("x × y", x * y),
    ("x · y", x * y),
    ("x ÷ y", x / y),
    ("x² + y³", x**2 + y**3),
    ("ln(x)", sp.log(x)),
    ("log(x, 2)", sp.log(x) / sp.log(2)),
    ("log10(x)", sp.log(x) / sp.log(10)),
    ("arctan(x)", sp.atan(x)),
    ("atan2(y, x)", sp.atan2(y, x)),
    ("sqrt(1 + x^2)", sp.sqrt(1 + x**2)),
    ("  x\t+\ny ", x + y),
])
def test_student_syntax(text, expected):
    """Test that student syntax parses to the sympy expression a teacher would write."""
    assert parse(text).expr == expected


def test_vector_syntax():
    """Test that square brackets make a vector, a trailing comma is allowed and components keep order."""
    f = parse("[x^2 - y, y^2 + x]")
    assert f.shape == (2,)
    assert f.exprs == (x**2 - y, y**2 + x)
    assert parse("[x, y,]").exprs == (x, y)
    assert parse("[x]").shape == (1,)


def test_e_is_never_a_variable():
    """Test that `e` is Euler's number everywhere, so e^x has one variable and e can't be declared."""
    f = parse("e^x + e*x")
    assert f.variables == ("x",)
    assert f(1.0) == pytest.approx(np.e + np.e)
    assert "can't be a variable" in str(error_of("e", variables=("e",)))


def test_text_and_terms_are_kept():
    """Test that a Function remembers the text typed and its top-level terms in typed order."""
    f = parse("x^2 + y^2 + e^x + x^z + x*y*z")
    assert f.text == "x^2 + y^2 + e^x + x^z + x*y*z"
    assert f.terms == ((x**2, y**2, sp.exp(x), x**z, x * y * z),)
    g = parse("[x - y, 2x]")
    assert g.terms == ((x, -y), (2 * x,))


# -- variables ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "variables"), [
    ("z + y + x", ("x", "y", "z")),
    ("t + x", ("x", "t")),
    ("b + a", ("a", "b")),
    ("x10 + x2 + x1", ("x1", "x2", "x10")),
    ("theta + r", ("r", "theta")),
    ("y*z^2", ("y", "z")),
    ("2", ()),
])
def test_variable_order(text, variables):
    """Test that variables come out as x, y, z first, then the rest alphabetically, digits by value."""
    assert parse(text).variables == variables


def test_explicit_variables():
    """Test that variables= fixes the inputs and their order, also as a comma string."""
    polar = parse("[r*cos(theta), r*sin(theta)]", variables=("r", "theta"))
    assert polar.variables == ("r", "theta")
    assert parse("x", variables="y, x").variables == ("y", "x")
    assert parse("x + y", variables=["y", "x"])(1.0, 2.0) == pytest.approx(3.0)
    assert parse("ab", variables=("a", "b")).expr == symbol("a") * symbol("b")
    unused = parse("x", variables=("x", "y"))
    assert unused.n == 2


@pytest.mark.parametrize(("text", "variables", "message"), [
    ("x + w", ("x",), "unknown name `w` at column 5 — the variables here are x"),
    ("x", ("x", "x"), "a variable is listed twice"),
    ("x", ("sin",), "`sin` can't be a variable name"),
    ("x", ("pi",), "`pi` can't be a variable name"),
    ("x", ("__class__",), "`__class__` can't be a variable name"),
    ("x", tuple(f"v{i}" for i in range(LIMITS.max_variables + 1)), "too many variables"),
])
def test_explicit_variable_errors(text, variables, message):
    """Test that bad variables= lists are refused with a clear message."""
    assert message in str(error_of(text, variables=variables))


@pytest.mark.parametrize(("text", "n", "variables"), [
    ("x^2", 2, ("x", "y")),
    ("y", 2, ("x", "y")),
    ("x", 3, ("x", "y", "z")),
    ("z", 2, ("x", "z")),
    ("x*y", 1, ("x", "y")),
    ("t", 2, ("x", "t")),
])
def test_min_variables_padding(text, n, variables):
    """Test that min_variables pads with unused x, y, z, keeping the natural order."""
    assert parse(text, min_variables=n).variables == variables


# -- errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message", "column"), [
    ("sni(x)", "unknown function `sni` at column 1 — did you mean `sin`?", 1),
    ("sin(x", "bracket `(` opened at column 4 is never closed — add `)`", 4),
    ("x + (y", "bracket `(` opened at column 5 is never closed", 5),
    ("[x, y", "bracket `[` opened at column 1 is never closed", 1),
    ("|x", "`|` opened at column 1 is never closed", 1),
    ("x)", "closing `)` at column 2 has no matching opening bracket", 2),
    ("2 3", "missing operator before the number `3` at column 3", 3),
    ("sin^2(x)", "write powers of `sin` after the brackets: sin(x)^2", 1),
    ("sin x", "`sin` at column 1 needs brackets: sin(x)", 1),
    ("[]", "the vector opened at column 1 is empty", 1),
    ("x, y", "unexpected `,` at column 2 — for a vector, put the components in square brackets", 2),
    ("[[x]]", "unexpected `[` at column 2", 2),
    ("x = 1", "unexpected character `=` at column 3", 3),
    ("x.y", "unexpected `.` at column 2 — attribute access is not allowed", 2),
    ("", "the function is empty", 1),
    ("   ", "the function is empty", 1),
    ("x +", "the expression ends too early", 4),
    ("x^", "`^` at column 2 needs an exponent after it", 2),
    ("()", "empty brackets at column 1", 1),
    ("__x", "names may not start with `_` (column 1)", 1),
    ("foo", "unknown name `foo` at column 1", 1),
    ("sinn(x)", "did you mean `sin`?", 1),
    ("atan2(x)", "`atan2` at column 1 takes 2 arguments, got 1", 1),
    ("sin(x, y)", "`sin` at column 1 takes 1 argument, got 2", 1),
    ("x − 1/0", "undefined everywhere", None),
    ("sqrt(-1)", "complex value", None),
    ("x ＋ 1", "unexpected character `U+FF0B` at column 3", 3),
    ("2√x", "unexpected character `U+221A` at column 2 — write a square root as sqrt(x)", 2),
])
def test_error_messages(text, message, column):
    """Test that each mistake gets a message that says what and where, and the column is set."""
    err = error_of(text)
    assert message in str(err)
    assert err.column == column


@pytest.mark.parametrize("text", [
    "sni(x)", "sin(x", "x)", "x..y", "x = 1", "1/0", "[x", "", "x^1e9", "9^9^9", "_", "x!",
    "３.５", "٣x", "(" * 50 + "x" + ")" * 50, "x" * 2000,
])
def test_every_error_is_an_expression_error_and_a_value_error(text):
    """Test that every refusal is a gradviz.ExpressionError, which is also a ValueError."""
    with pytest.raises(ExpressionError) as info:
        parse(text)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, gradviz.ExpressionError)
    assert str(info.value) == info.value.message


@pytest.mark.parametrize("bad", [None, 3, 2.5, b"x", ["x"]])
def test_non_text_is_refused(bad):
    """Test that anything but a str is refused with an ExpressionError, not a TypeError."""
    with pytest.raises(ExpressionError, match="must be text"):
        parse(bad)


# -- limits ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ("x" + "+x" * 600, "the text is too long"),
    ("+".join(["1"] * 250), "at most 400 symbols"),
    ("(" * 41 + "x" + ")" * 41, "nested too deeply"),
    ("-" * 41 + "x", "nested too deeply"),
    ("1" * 21, "too long (at most 20 digits)"),
    ("1e301", "out of range"),
    ("x^1001", "exponent at column 2 is too large"),
    ("2^(10^10)", "too large"),
    ("10^401", "about 401 digits"),
    ("(1/10)^401", "about 401 digits"),
    ("[" + ", ".join(["x"] * 9) + "]", "at most 8 components"),
    ("a+b+c+d+f+g+h+k+m", "too many variables (at most 8)"),
])
def test_limits(text, message):
    """Test that each size bound in LIMITS is enforced with a message naming it."""
    assert message in str(error_of(text))


def test_limits_are_inclusive():
    """Test that inputs exactly at the limits are still accepted."""
    assert parse("x" + "+x" * 199).expr == 200 * x  # 399 tokens, 399 characters
    assert parse("(" * 39 + "x" + ")" * 39).expr == x
    assert parse("1" * 20).expr == sp.Integer(int("1" * 20))
    assert parse("x^1000").expr == x**1000
    assert parse("10^300").expr == sp.Integer(10) ** 300
    assert parse("[" + ", ".join(["x"] * 8) + "]").shape == (8,)


@pytest.mark.parametrize("text", [
    "((1/10)^1000)^1000",          # a tiny value whose denominator has a million digits
    "(((10x)^1000)^1000)^1000",    # sympy multiplies the 10s out of the product
    "exp(ln(10)*10^300)",          # exp(k·log b) is rewritten as b^k
    "e^(1000*ln(10^400))",
    "(10^x)^(10^300/x)",           # (b^a)^k is merged into b^(a·k)
    "2^x*2^(10^300-x)*x",          # powsimp would form 2^(10^300)
    "*".join(["10^400"] * 11),     # a product with 4400 digits can't even be printed
])
def test_huge_numbers_are_refused_quickly(text):
    """Test that expressions which would make sympy build astronomically large numbers are refused fast."""
    _parse_cached.cache_clear()
    t0 = time.perf_counter()
    with pytest.raises(ExpressionError, match="too large"):
        parse(text)
    assert time.perf_counter() - t0 < 1.0


# -- caching --------------------------------------------------------------------------------

def test_parse_is_cached():
    """Test that equal requests return the very same Function object."""
    a = parse("x^2 + sin(x*y)")
    assert parse("x^2 + sin(x*y)") is a
    assert parse("x", variables=["x", "y"]) is parse("x", variables=("x", "y"))
    assert parse("x", variables="x,y") is parse("x", variables=("x", "y"))
    assert parse("x", min_variables=2) is not parse("x")


def test_parse_returns_functions():
    """Test that parse always gives an immutable-looking Function with consistent n, m and shape."""
    f = parse("[y*z^2, 0, x*y*z, x - y]")
    assert isinstance(f, Function)
    assert (f.n, f.m, f.shape) == (3, 4, (4,))


# -- implicit multiplication before a function or a constant (issue 19) ------------------
_x, _y = symbol("x"), symbol("y")


@pytest.mark.parametrize("text, expected", [
    ("xcos(y)", _x * sp.cos(_y)),
    ("2xsin(y)", 2 * _x * sp.sin(_y)),
    ("xe^(-x^2-y^2)", _x * sp.exp(-_x**2 - _y**2)),
    ("xcos(y)^2", _x * sp.cos(_y)**2),  # the power binds to the last factor, like xy^2
    ("xy(x+1)", _x * _y * (_x + 1)),
    ("yxexp(x)", _x * _y * sp.exp(_x)),
    ("xe^2", _x * sp.E**2),
])
def test_implicit_multiplication_before_functions(text, expected):
    assert sp.simplify(parse(text).expr - expected) == 0


def test_unknown_function_after_variables_suggests_the_product():
    with pytest.raises(ExpressionError) as err:
        parse("2xsinn(y)")
    assert "`2x*sin(y)`" in str(err.value)
    with pytest.raises(ExpressionError) as err:
        parse("xsin y")
    assert "x*sin(" in str(err.value)


# -- control characters (issue 23) ----------------------------------------------------------
def _forbidden(cp: int) -> bool:
    """Worked out from Unicode's own tables, not the parser's: a control character other than
    the blanks tab, newline and carriage return, a surrogate, or a noncharacter."""
    import unicodedata

    ch = chr(cp)
    if ch in "\t\n\r":
        return False
    return (unicodedata.category(ch) in ("Cc", "Cs") or 0xFDD0 <= cp <= 0xFDEF
            or cp & 0xFFFF in (0xFFFE, 0xFFFF))


_SAMPLES = sorted({*range(0x00, 0x100), *range(0xD7F0, 0xE000, 0x17), 0xDFFF, 0xFDCF,
                   *range(0xFDD0, 0xFDF1), 0xFFFD,
                   *(p | q for p in range(0, 0x110000, 0x10000) for q in (0xFFFD, 0xFFFE, 0xFFFF))})


@pytest.mark.parametrize("cp", [cp for cp in _SAMPLES if _forbidden(cp)],
                         ids=lambda cp: f"U+{cp:04X}")
def test_control_characters_are_refused_by_name_and_column(cp):
    """Test that every control character (C0 but tab/newline/CR, DEL, C1), lone surrogate and
    noncharacter is refused with its code point and column, wherever it stands."""
    ch = chr(cp)
    for text, col in ((f"sin(x*y){ch}", 9), (f"x{ch}+y", 2), (f"{ch}", 1)):
        err = error_of(text)
        assert f"control character `U+{cp:04X}` at column {col}" in str(err)
        assert err.column == col


@pytest.mark.parametrize("cp", [cp for cp in _SAMPLES if not _forbidden(cp) and cp > 0x7E],
                         ids=lambda cp: f"U+{cp:04X}")
def test_other_unusual_characters_keep_their_own_message(cp):
    """Test that characters next to the forbidden ranges (NBSP, U+FFFD, U+FDCF…) are not
    called control characters: they are mapped (NBSP is a blank) or refused as non-ASCII."""
    try:
        parse(f"x{chr(cp)}+y")
    except ExpressionError as err:
        assert "control" not in str(err) and f"U+{cp:04X}" in str(err)


def test_tab_newline_and_return_are_blanks():
    """Test that the three ordinary blank controls separate tokens like a space."""
    assert parse("x\t+\ny\r").expr == x + y
