"""Check yourself: bounded, cached, honest about the view, hints term by term, exact points."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
import sympy as sp

import gradviz
from gradviz.checking import MAX_TERMS, check_partial

BOX = [(-2.0, 2.0), (-2.0, 2.0)]
F = gradviz.parse("x^2 + 3y + x*y")
PYTHON = ("**", "Abs(", "x*y", "x**")


def _prose(message: str) -> str:
    return message.replace("**But not as functions:**", "")


def test_the_wrong_term_is_named():
    v = check_partial(F, "x", "2x + 3 + y", BOX)
    assert not v.correct
    # the 3 is wrong, because 3y is constant in x: its derivative is 0
    assert "Your term $3$ should not be there" in v.message
    assert r"\left(3 y\right) = 0" in v.message
    assert "Right: $2 x$, $y$" in v.message


def test_the_right_term_is_not_blamed():
    v = check_partial(F, "x", "2x + x", BOX)  # sympy would merge this into 3x
    assert not v.correct
    hint = v.message.split("Right:", 1)[1]
    assert "x^{2}" not in hint  # 2x is right: x² is not to blame
    assert "$x y$" in hint  # the x comes from xy (differentiated for y)


@pytest.mark.parametrize("f, answer", [("x^2 + 3y + x*y", "2x + 3 + y"),
                                       ("x^2*y + abs(x)", "2x - x"),
                                       ("x^2*y + sin(x)", "2x*y - cos(x)")])
def test_hints_are_in_maths_notation(f, answer):
    v = check_partial(gradviz.parse(f), "x", answer, BOX)
    assert not v.correct
    assert not any(p in _prose(v.message) for p in PYTHON), v.message


def test_the_check_point_is_shown_exactly_and_the_values_reproduce():
    f = gradviz.parse("x^2*y + x/3")
    v = check_partial(f, "x", "2x*y", [(0.0, 4.0), (0.0, 4.0)])
    m = re.search(r"at x = (\S+), y = (\S+), ∂f/∂x is (\S+); your answer gives (\S+)\.",
                  v.message)
    assert m, v.message
    x, y = Fraction(m.group(1)), Fraction(m.group(2))
    # the point shown is the point used, to the last digit
    assert (float(x), float(y)) == v.point
    assert Fraction(m.group(3)) == 2 * x * y + Fraction(1, 3)  # exact, by hand
    assert Fraction(m.group(4)) == 2 * x * y


def test_tolerance_is_relative_to_the_derivative_on_the_view():
    f = gradviz.parse("1e-12*x^2 + y")
    assert not check_partial(f, "x", "0", [(0.0, 4.0), (0.0, 4.0)]).correct
    assert check_partial(f, "x", "2e-12*x", [(0.0, 4.0), (0.0, 4.0)]).correct
    # round-off of a correct answer is still correct
    g = gradviz.parse("x + y")
    assert check_partial(g, "x", "sin(x)^2 + cos(x)^2", BOX).correct


def test_equal_on_the_view_is_not_equal_as_functions():
    f = gradviz.parse("abs(x) + y")
    v = check_partial(f, "x", "1", [(0.0, 4.0), (0.0, 4.0)])
    assert not v.correct
    assert "x ∈ [0, 4], y ∈ [0, 4]" in v.message
    assert "not as functions" in v.message
    assert v.point[0] < 0  # the witness has the other sign
    ok = check_partial(f, "x", "sign(x)", [(0.0, 4.0), (0.0, 4.0)])
    assert ok.correct, ok.message
    assert "200 points of the view x ∈ [0, 4], y ∈ [0, 4]" in ok.message
    assert "both signs" in ok.message


def test_sign_is_accepted():
    f = gradviz.parse("abs(x)*y")
    assert check_partial(f, "x", "sign(x)*y", BOX).correct
    assert check_partial(f, "y", "|x|", BOX).correct


def test_hostile_explanation_is_bounded_and_cached(monkeypatch):
    f = gradviz.parse("+".join(["x"] * 200), min_variables=2)
    answer = "+".join(f"y^{k}" for k in range(2, 102))
    calls = []
    real = sp.lambdify

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(sp, "lambdify", counting)
    v = check_partial(f, "x", answer, BOX)
    assert not v.correct
    assert f"up to {MAX_TERMS} terms" in v.message
    # the derivative, the answer, and each one's terms (the round-off scale): not 200 × 100
    assert len(calls) <= 6, len(calls)
    calls.clear()
    again = check_partial(f, "x", answer, BOX)
    assert again == v and calls == []  # a rerun costs nothing


def test_term_hints_compile_once_per_side(monkeypatch):
    f = gradviz.parse(" + ".join(f"x^{k}*y" for k in range(1, MAX_TERMS + 1)))
    answer = " + ".join(f"{k}*x^{k}*y" for k in range(1, MAX_TERMS + 1))  # every term wrong
    calls = []
    real = sp.lambdify
    monkeypatch.setattr(sp, "lambdify", lambda *a, **k: calls.append(1) or real(*a, **k))
    v = check_partial(f, "x", answer, BOX)
    assert not v.correct
    # a constant number, whatever the term count (the off term and what it should be: one)
    assert len(calls) <= 7, len(calls)


def test_a_wrong_answer_names_its_term_at_a_point_where_the_difference_shows():
    """Test that 2x for ∂/∂x of x²y + y³ is named with the term it should be (2xy), at a point
    where they differ (y ≠ 0, x ≠ 0: not where both vanish), with both values there."""
    v = check_partial(gradviz.parse("x^2*y + y^3"), "x", "2x", BOX)
    assert not v.correct
    m = re.search(r"at x = (\S+), y = (\S+), ∂f/∂x is (\S+); your answer gives (\S+)\.", v.message)
    x, y = Fraction(m.group(1)), Fraction(m.group(2))
    assert x != 0 and y != 0 and y != 1  # at y = 1 (or 0) 2x and 2xy look alike
    # by hand: ∂/∂x(x²y) = 2xy, ∂/∂x(y³) = 0
    assert Fraction(m.group(3)) == 2 * x * y and Fraction(m.group(4)) == 2 * x
    assert "Your term $2 x$ should be $2 x y$" in v.message
    assert "There your" not in v.message  # the term's values are the answer's: said once
    # the simplest such point of the view [−2, 2]², for a student's pencil
    assert (x, y) == (1, 2)


@pytest.mark.parametrize("f, answer, said", [
    # one typed term for two: ∂/∂x(x²y + x²) = 2xy + 2x
    ("x^2*y + x^2", "2x*(y + 2)", r"Your term $2 x \left(y + 2\right)$ should be $2 x y + 2 x$"),
    # the term itself, not its derivative: ∂/∂x(x³) = 3x²
    ("x^3 + y", "x^3", "Your term $x^{3}$ should be $3 x^{2}$"),
    # a term left out: ∂/∂x(x/3) = 1/3
    ("x^2*y + x/3", "2x*y", r"Missing: $\frac{1}{3}$, the derivative of $\frac{x}{3}$"),
    # a term given twice: ∂/∂y(xy) = x, and the y is ∂/∂x(xy)
    ("x*y", "x + y", "Your term $y$ should not be there"),
    # one term of two off: its values at (1, 1) (the answer's are 2x + cos x, not 2x + sin x)
    ("x^2 + sin(x) + y", "2x + sin(x)", r"There your $\sin{\left(x \right)}$ is ≈ 0.841471 but "
                                        r"$\cos{\left(x \right)}$ is ≈ 0.540302."),
])
def test_each_kind_of_slip_is_named(f, answer, said):
    """Test that the hint names the typed term and the term it should be, for each kind of slip."""
    var = "y" if f == "x*y" else "x"
    v = check_partial(gradviz.parse(f), var, answer, BOX)
    assert not v.correct and said in v.message, v.message
