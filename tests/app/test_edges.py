"""AppTest, issue 18: every page that accepts an edge case shows true values and says why.

Table-driven over corners, 0/0 points, vertical tangents, domain edges and curves: the values
shown (computed by hand: the one-sided slopes of |x| are ∓1, xy/(x² + y²) is 0 on the axes),
the "flat spot / undefined / not differentiable" wording, and never "Something went wrong".
"""

from __future__ import annotations

import pytest

from tests.app.conftest import expect_no_exception, open_page

U = "undefined"
GX, GY = "∂f/∂x (p)", "∂f/∂y (p)"
SX, SY = "∂f/∂x at p = slope of the dashed line", "∂f/∂y at p = slope of the dashed line"

# page, function, point, {metric: value}, phrases that must show, phrases that must not
CASES = [
    ("gradient_field", "|x| + |y|", "0,0", {GX: U, GY: U, "f(p)": "0"},
     ["undefined", "one-sided slopes −1 (left) and 1 (right)", "no tangent plane"],
     ["flat spot", "L(x, y) = 0", "hugs the plane"]),
    ("gradient_field", "|x| + |y|", "0,1", {GX: U, GY: "1"},
     ["undefined", "corner along x"], ["flat spot", "hugs the plane"]),
    ("gradient_field", "x*y/(x^2+y^2)", "0,0", {GX: "0", GY: "0", "f(p)": "0"},
     ["not differentiable", "not continuous", "0.5", "no tangent plane", "0/0"], ["flat spot"]),
    ("gradient_field", "x^2*y/(x^4+y^2)", "0,0", {GX: "0", GY: "0"},
     ["not continuous", "parabola"], ["flat spot"]),
    ("gradient_field", "sqrt(x^2+y^2)", "0,0", {GX: U, GY: U}, ["corner"], ["flat spot"]),
    ("gradient_field", "|x|*|y|", "0,0", {GX: "0", GY: "0"}, ["flat spot"], []),
    ("gradient_field", "x^2 + y^2", "0,0", {GX: "0", GY: "0"}, ["flat spot"], []),
    ("gradient_field", "log(x) + y", "0,1", {GX: U, GY: U}, ["undefined"], ["flat spot"]),
    ("partial_derivatives", "|x| + |y|", "0,1", {SX: U, SY: "1"},
     ["one-sided slopes −1 (left) and 1 (right)", r"\text{undefined}", "no value at p"],
     ["Smallest error"]),
    ("partial_derivatives", "x*y/(x^2+y^2)", "0,0", {SX: "0", SY: "0"},
     ["not continuous", "0/0", "exact"], []),
    ("partial_derivatives", "x^(1/3) + y", "0,0", {SX: U, SY: "1"}, ["undefined"], []),
    ("partial_derivatives", "1/x + y", "0,1", {SX: U, SY: U}, ["undefined"], []),
    ("partial_derivatives", "log(x) + y", "0.1,1", {SX: "10", SY: "1"}, [],
     ["not differentiable"]),
    ("partial_derivatives", "x*y", "1,2", {SX: "2"},
     ["Exact for these steps", "polynomial of degree 1"], []),
    ("steepest_ascent", "|x| + |y|", "0,0", {"∇f · u": U},
     ["not differentiable", "corner", "Sections 2–5"], ["flat spot"]),
    ("steepest_ascent", "x*y/(x^2+y^2)", "0,0", {"∇f · u": U}, ["not continuous"], []),
    ("jacobian", "[abs(x), y]", "0,1", {"det J at p": U},
     ["not differentiable", "corner along x", r"\text{undefined}"], []),
]


def _text(at) -> str:
    parts = [e.value for kind in (at.error, at.warning, at.info, at.success, at.caption,
                                  at.markdown, at.latex) for e in kind]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page,text,p,shown,must,must_not", CASES,
                         ids=[f"{c[0]}:{c[1]}@{c[2]}" for c in CASES])
def test_edge_cases_on_every_page(page, text, p, shown, must, must_not):
    """Test that an edge point shows true values, says why, and nothing fails."""
    kind = "vector" if text.startswith("[") else "scalar"
    at = open_page(page, {"f": text, "p": p})
    expect_no_exception(at)
    assert not any("Something went wrong" in e.value for e in at.error), \
        [e.value for e in at.error]
    assert not at.error, [e.value for e in at.error]
    assert at.sidebar.text_input(key=f"gv.{kind}.text").value == text
    metrics = {m.label: m.value for m in at.metric}
    for label, value in shown.items():
        assert metrics.get(label) == value, (label, metrics)
    everything = _text(at)
    for phrase in must:
        assert phrase in everything, phrase
    for phrase in must_not:
        assert phrase not in everything, phrase


@pytest.mark.parametrize("page", ["jacobian", "vector_fields"])
def test_a_curve_is_refused_with_a_pointer(page):
    """Test that [cos(t), sin(t)] is not read as a field of (x, t) and the curves page is named."""
    at = open_page(page, {"f": "[cos(t), sin(t)]", "p": "0,0"})
    expect_no_exception(at)
    said = " ".join(w.value for w in at.warning) + " ".join(e.value for e in at.error)
    assert "curve" in said and "Functions of several variables" in said
    assert at.sidebar.text_input(key="gv.vector.text").value != "[cos(t), sin(t)]"
    assert not any("t₀" in s.label for s in at.slider)


def test_jacobian_offers_only_what_it_can_show():
    """Test that the Jacobian page's course examples are all maps R² → R² it can draw."""
    at = open_page("jacobian")
    options = at.sidebar.selectbox(key="gv.vector.preset").options
    assert "[x² − y, y² + x]" in options
    assert "[x², 2x, −x]" not in options and "[yz², 0, xyz, x − y]" not in options
    for name in options[:-1]:  # the last is "your own"
        at.sidebar.selectbox(key="gv.vector.preset").set_value(name).run()
        expect_no_exception(at)
        assert not at.error, (name, [e.value for e in at.error])
