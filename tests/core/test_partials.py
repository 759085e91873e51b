"""gradviz.topics.partials: the partial-derivatives page's sections, checked against sympy/numpy."""

from __future__ import annotations

import math

import pytest
import sympy as sp

import gradviz
from gradviz.domain import Domain
from gradviz.topics import partials

COURSE = "x^2 + y^2 + e^x + x^z + x*y*z"


def test_course_example_partials_at_the_point():
    """Test the course's f(x, y, z) at (1, 1, 2): one slice per variable, slopes equal to the
    derivatives worked by hand (2x + eˣ + z xᶻ⁻¹ + yz, 2y + xz, xᶻ ln x + xy)."""
    f = gradviz.parse(COURSE)
    at = partials.partials_at(f, (1, 1, 2), Domain.square(0, 2))
    x, y, z = 1.0, 1.0, 2.0
    by_hand = (2 * x + math.exp(x) + z * x ** (z - 1) + y * z, 2 * y + x * z,
               x ** z * math.log(x) + x * y)
    assert at.slopes == pytest.approx(by_hand, rel=1e-12)
    assert [p.name for p in at.panels] == ["x", "y", "z"]
    assert [p.curve_name for p in at.panels] == ["f(x, 1, 2)", "f(1, y, 2)", "f(1, 1, z)"]
    assert at.panels[2].heading == "**Along $z$**, holding $x = 1, y = 1$"
    assert at.value == pytest.approx(x * x + y * y + math.exp(x) + x ** z + x * y * z)
    assert at.surface_title == "surface z = f(x, y, z = 2), drag to rotate"
    assert at.not_differentiable == ""
    # each slice's z range covers the view's x and y ranges; its values are f along it
    s = at.panels[2].slice
    assert s.t[0] == 0 and s.t[-1] == 2
    assert s.values == pytest.approx([1 + 1 + math.e + 1 + t for t in s.t], rel=1e-12)


def test_points_are_written_as_given():
    """Test that p is written exactly as given (no rounding to a slider step) in the headings
    and the LaTeX, and the slopes with the one number rule."""
    f = gradviz.parse("x^3*y")
    at = partials.partials_at(f, (1.25, -0.75), Domain.square(-2, 2))
    assert at.at == "(1.25, -0.75)"
    assert at.panels[0].heading == "**Along $x$**, holding $y = -0.75$"
    assert r"\frac{\partial f}{\partial y}(1.25, -0.75) &= 1.9531" in at.latex[1]  # 1.25³
    assert at.panels[0].slope_text == "-3.5156"  # 3 · 1.25² · (−0.75) = −3.515625


def test_corner_and_0_over_0_points():
    """Test |x| + |y| at (0, 1) (no ∂f/∂x: a corner, said why) and xy/(x² + y²) at the origin
    (both partials 0, f(p) = 0 from the axes, not differentiable)."""
    at = partials.partials_at(gradviz.parse("|x| + |y|"), (0, 1), Domain.square(-2, 2))
    assert math.isnan(at.slopes[0]) and at.slopes[1] == 1.0
    assert at.panels[0].slope_text == "undefined" and "corner" in at.panels[0].note
    assert partials.live_truth(at) == {"value": 1.0, "slopes": [None, 1.0]}
    at = partials.partials_at(gradviz.parse("x*y/(x^2 + y^2)"), (0, 0), Domain.square(-1, 1))
    assert at.slopes == (0.0, 0.0) and at.value == 0.0 and at.value_note
    assert "not differentiable" in at.not_differentiable


def test_finite_differences_section():
    """Test the section's numbers against hand-computed difference quotients of sin(xy) at
    (1, 2), and the 'no value to compare with' case."""
    f = gradviz.parse("sin(x*y)")
    fd = partials.finite_differences(f, (1, 2), "x", -3)
    h, exact = 1e-3, 2 * math.cos(2)
    forward = abs((math.sin(2 * (1 + h)) - math.sin(2)) / h - exact)
    central = abs((math.sin(2 * (1 + h)) - math.sin(2 * (1 - h))) / (2 * h) - exact)
    labels = [label for label, _ in fd.metrics]
    values = [float(text) for _, text in fd.metrics]
    assert labels == ["exact ∂f/∂x", "forward error at h", "central error at h"]
    assert values == pytest.approx([exact, forward, central], rel=1e-3)
    assert fd.drawn and fd.k == -3 and fd.missing == ""
    assert len(fd.log_h) == 65 and fd.log_h[0] == -16 and fd.log_h[-1] == 0
    fd = partials.finite_differences(gradviz.parse("|x| + |y|"), (0, 1), "x", -6)
    assert fd.metrics == () and not fd.drawn and "no value at p" in fd.missing


def test_browser_programs_are_f_and_its_x_y_partials():
    """Test that the live map's programs are f, ∂f/∂x and ∂f/∂y (the third variable as v2),
    each evaluating to sympy's value by a tiny postfix interpreter written here."""
    f = gradviz.parse(COURSE)
    progs = partials.browser_programs(f)
    assert len(progs["slopes"]) == 2

    def run(prog, v):
        ops = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
               "div": lambda a, b: a / b, "pow": lambda a, b: a ** b}
        stack = []
        for t in prog:
            if isinstance(t, float):
                stack.append(t)
            elif t.startswith("v"):
                stack.append(v[int(t[1:])])
            elif t in ops:
                b, a = stack.pop(), stack.pop()
                stack.append(ops[t](a, b))
            else:
                stack.append({"exp": math.exp, "log": math.log, "neg": lambda a: -a}[t](stack.pop()))
        return stack.pop()

    x, y, z = sp.symbols("x y z")
    expr = x**2 + y**2 + sp.exp(x) + x**z + x * y * z
    p = (1.3, -0.4, 2.5)
    subs = dict(zip((x, y, z), p))
    assert run(progs["f"], p) == pytest.approx(float(expr.subs(subs)), rel=1e-12)
    for prog, var in zip(progs["slopes"], (x, y)):
        assert run(prog, p) == pytest.approx(float(sp.diff(expr, var).subs(subs)), rel=1e-12)


def test_term_by_term_and_the_course_link():
    """Test the term-by-term section's sentence and the course example's link."""
    t = partials.term_by_term(gradviz.parse("x^2 + y"), "y")
    assert "other than $y$" in t.intro and r"\begin{array}" in t.table
    link = partials.course_example().link
    assert link.startswith("?f=") and "p=1%2C1%2C2" in link
