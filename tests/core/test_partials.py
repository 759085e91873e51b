"""gradviz.topics.partials: the partial-derivatives page's sections, checked against sympy/numpy."""

from __future__ import annotations

import math

import pytest

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
    assert [p.metric_label for p in at.panels][2] == "∂f/∂z at p = slope of the dashed line"
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
    assert r"\frac{\partial f}{\partial y}(1.25, -0.75) &= 1.9531" in at.latex[1]  # 1.25³
    assert at.panels[0].slope_text == "-3.5156"  # 3 · 1.25² · (−0.75) = −3.515625


def test_corner_and_0_over_0_points():
    """Test |x| + |y| at (0, 1) (no ∂f/∂x: a corner, said why) and xy/(x² + y²) at the origin
    (both partials 0, f(p) = 0 from the axes, not differentiable)."""
    at = partials.partials_at(gradviz.parse("|x| + |y|"), (0, 1), Domain.square(-2, 2))
    assert math.isnan(at.slopes[0]) and at.slopes[1] == 1.0
    assert at.panels[0].slope_text == "undefined" and "corner" in at.panels[0].note
    at = partials.partials_at(gradviz.parse("x*y/(x^2 + y^2)"), (0, 0), Domain.square(-1, 1))
    assert at.slopes == (0.0, 0.0) and at.value == 0.0 and at.value_note
    assert "not differentiable" in at.not_differentiable


@pytest.mark.parametrize("text,p,value,slopes", [
    ("(x^2 - y^2)/(x - y)", (1, 1), 2, (1, 1)),  # x + y off the line y = x
    ("(x^2 - y^2)/(x - y)", (-7, -7), -14, (1, 1)),
    ("(x^3 - y^3)/(x - y)", (1, 1), 3, (3, 3)),  # x² + xy + y²
    ("(x^4 - y^4)/(x^2 - y^2)", (1, 1), 2, (2, 2)),  # x² + y²
])
def test_a_formula_that_cancels_at_p_has_the_partials_of_its_limit(text, p, value, slopes):
    """Test that where the formula is 0/0 on a line through p and cancels near it, f(p) is
    its limit and the partials are read where the formula still has digits: they were said
    not to exist ("it oscillates"), from rounding noise 1e-8 away from p."""
    at = partials.partials_at(gradviz.parse(text), p, Domain.square(-8, 8))
    assert at.value == value and at.value_note
    assert at.slopes == pytest.approx(slopes, rel=1e-6)
    assert all("oscillat" not in panel.note for panel in at.panels)


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


def test_the_course_example_downloads_its_slices():
    """Test the picture's data for the course's f(x, y, z) at (1, 1, 2): one CSV per slice
    whose tangent column has the slope worked by hand (6 + e, 4, 1), the z-slice's values
    f(1, 1, z) = 5 + e − 2 + z, and the slice lines through (1, 1) on the map."""
    import io

    import numpy as np

    from gradviz import scene as sc

    s = partials.slices_scene(gradviz.parse(COURSE), Domain.square(0.1, 2), 40, (2.0,))
    files = sc.tables(sc.Scene(**{**s.__dict__, "point": (1.0, 1.0, 2.0)}))
    assert {"slice_x.csv", "slice_y.csv", "slice_z.csv", "slice_lines.csv"} <= set(files)
    for v, slope in zip("xyz", (6 + math.e, 4.0, 1.0)):
        rows = np.loadtxt(io.StringIO(files[f"slice_{v}.csv"]), delimiter=",", skiprows=1)
        assert files[f"slice_{v}.csv"].startswith(f"{v},f,tangent\n")
        t, tangent = rows[:, 0], rows[:, 2]
        assert np.allclose(np.diff(tangent) / np.diff(t), slope, rtol=1e-6)
        assert np.interp(1.0 if v != "z" else 2.0, t, tangent) == pytest.approx(5 + math.e)
    z = np.loadtxt(io.StringIO(files["slice_z.csv"]), delimiter=",", skiprows=1)
    assert z[0, 0] == 0.1 and z[-1, 0] == 2.0
    assert np.allclose(z[:, 1], 3 + math.e + z[:, 0], rtol=1e-12)
    lines = np.loadtxt(io.StringIO(files["slice_lines.csv"]), delimiter=",", skiprows=1)
    assert lines.tolist() == [[0.1, 1.0, 2.0, 1.0], [1.0, 0.1, 1.0, 2.0]]


def test_term_by_term_and_the_course_link():
    """Test the term-by-term section's sentence and the course example's link."""
    t = partials.term_by_term(gradviz.parse("x^2 + y"), "y")
    assert "other than $y$" in t.intro and r"\begin{array}" in t.table
    link = partials.course_example().link
    assert link.startswith("?f=") and "p=1%2C1%2C2" in link
