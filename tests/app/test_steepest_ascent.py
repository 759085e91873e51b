"""AppTest: the "Why the gradient is the direction of steepest ascent" page."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gradviz
from gradviz import sampling
from tests.app.conftest import expect_no_exception, formulas, move, open_page, scenes, set_function

PAGE = "steepest_ascent"
SLIDERS = ["gv.scalar.n20-150", "sa.h", "sa.count"]
COURSE_G = (5.0, 2.0, -1.0, 0.0)


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def number(text: str) -> float:
    return float(text.replace("−", "-").rstrip("°"))


def unit(theta_deg: float) -> tuple[float, float]:
    t = math.radians(theta_deg)
    return (math.cos(t), math.sin(t))


def test_defaults_render_with_matching_numbers():
    """Test that the page opens on sin(xy) at (1, 2), θ = 30°, with Dᵤf as gradviz computes it."""
    at = open_page(PAGE)
    expect_no_exception(at)
    assert not errors(at)
    f = gradviz.parse("sin(x*y)")
    m = metrics(at)
    exact = gradviz.directional_derivative_at(f, (1, 2), unit(30))
    limit = gradviz.directional_derivative_limit(f, (1, 2), unit(30), 1e-3)
    assert number(m["∇f · u"]) == pytest.approx(exact, abs=5e-7)
    assert number(m["limit quotient"]) == pytest.approx(limit, abs=5e-7)
    assert number(m["difference"]) == pytest.approx(limit - exact, rel=1e-2)
    assert number(m["|∇f|"]) == pytest.approx(np.linalg.norm(gradviz.gradient_at(f, (1, 2))),
                                              abs=5e-5)


def test_every_slider_at_its_min_and_max():
    """Test that each slider of the page at its ends, and the point at the view's corners,
    render without an exception or st.error."""
    at = open_page(PAGE)
    for corner in ((0, 0), (4, 4)):  # sin(xy) on [0, 4]²
        move(at, *corner)
        expect_no_exception(at)
        assert not errors(at), (corner, errors(at))
    for key in SLIDERS:
        for end in ("min", "max"):
            s = at.slider(key=key)
            s.set_value(getattr(s, end)).run()
            expect_no_exception(at)
            assert not errors(at), (key, end, errors(at))
    at.number_input(key="sa.seed").set_value(1_000_000).run()
    expect_no_exception(at)


def test_bad_function_keeps_the_last_valid_one():
    """Test that bad text gives st.error and the numbers of the last valid function stay."""
    at = open_page(PAGE)
    before = metrics(at)
    set_function(at, "sin(x*", "scalar")
    expect_no_exception(at)
    assert errors(at) and "sin(x*y)" in errors(at)[0]
    assert metrics(at) == before
    set_function(at, "x*y*z", "scalar")  # valid, but three variables
    expect_no_exception(at)
    assert any("two variables" in e for e in errors(at))
    assert metrics(at) == before


def test_link_opens_function_point_and_controls():
    """Test that a link with f, p, θ, h, count and α opens that state."""
    at = open_page(PAGE, {"f": "x^2 + 3y", "p": "1,2", "t": "90", "h": "-6", "k": "200",
                          "r": "45"})
    expect_no_exception(at)
    assert not errors(at)
    m = metrics(at)
    assert number(m["∇f · u"]) == pytest.approx(3.0, abs=1e-6)  # ∇f = (2, 3), u = e₂
    assert at.slider(key="sa.h").value == -6
    assert at.slider(key="sa.count").value == 200
    assert [d["params"] for d in scenes(at)] == [{"t": 90}, {"r": 45}]
    assert number(m["θ* = direction of ∇f"]) == pytest.approx(
        math.degrees(math.atan2(3, 2)), abs=0.05)


def test_limit_quotient_tends_to_dot_product():
    """Test that the limit quotient meets ∇f·u as h shrinks (difference tiny at h = 1e-6)."""
    at = open_page(PAGE)
    at.slider(key="sa.h").set_value(0.0).run()  # h = 1
    big = abs(number(metrics(at)["difference"]))
    at.slider(key="sa.h").set_value(-6.0).run()  # h = 1e-6
    expect_no_exception(at)
    small = abs(number(metrics(at)["difference"]))
    assert small < 1e-5
    assert small < big / 1e4
    f = gradviz.parse("sin(x*y)")
    exact = gradviz.directional_derivative_at(f, (1, 2), unit(30))
    assert number(metrics(at)["limit quotient"]) == pytest.approx(exact, abs=1e-5)


@pytest.mark.parametrize("text, p", [("sin(x*y)", "1,2"), ("x^3*y", "1.5,1"),
                                     ("x^2 - y^2", "-0.5,0.8")])
def test_max_over_directions_is_norm_at_theta_star(text, p):
    """Test that the maximum of Dᵤf over θ is |∇f|, at θ* = the gradient's angle."""
    at = open_page(PAGE, {"f": text, "p": p})
    expect_no_exception(at)
    f = gradviz.parse(text)
    pt = tuple(float(v) for v in p.split(","))
    g = gradviz.gradient_at(f, pt)
    m = metrics(at)
    assert number(m["max of Dᵤf over θ"]) == pytest.approx(np.linalg.norm(g), abs=5e-5)
    assert m["max of Dᵤf over θ"] == m["|∇f|"]
    assert number(m["θ* = direction of ∇f"]) == pytest.approx(
        math.degrees(sampling.angle_of(g)), abs=0.05)
    # turning u to θ* gives Dᵤf = |∇f|
    at = open_page(PAGE, {"f": text, "p": p, "t": str(round(math.degrees(sampling.angle_of(g))))})
    assert number(metrics(at)["∇f · u"]) <= np.linalg.norm(g) + 1e-6
    assert number(metrics(at)["∇f · u"]) == pytest.approx(np.linalg.norm(g), rel=1e-3)


def test_course_4d_example_nothing_beats_sqrt30():
    """Test the course's ∇f = [5, 2, −1, 0]: √30 shown, e₁ gives 5, the best random ≤ √30."""
    at = open_page(PAGE)
    for count, seed in [(1000, 0), (5000, 7), (10, 3)]:
        at.slider(key="sa.count").set_value(count).run()
        at.number_input(key="sa.seed").set_value(seed).run()
        expect_no_exception(at)
        m = metrics(at)
        assert m["gradient direction: u = ∇f/|∇f| → |∇f| = √30"] == f"{math.sqrt(30):.6f}"
        assert m["gradient direction: u = ∇f/|∇f| → |∇f| = √30"] == "5.477226"
        assert number(m["largest component: u = e₁"]) == 5
        best, top, _ = sampling.best_of_random_directions(COURSE_G, count, seed)
        assert number(m["best of the random directions"]) == pytest.approx(best, abs=5e-5)
        assert number(m["best of the random directions"]) <= math.sqrt(30)
        df = at.table[0].value
        assert list(df["∇f · u"])[0] == "5.477226"
        assert list(df["∇f · u"])[2] == "5"  # the one number rule drops trailing zeros


@pytest.mark.parametrize("text, p", [("sin(x*y)", "1,2"), ("x^2 + 3y", "1,1")])
def test_rotate_by_45_degrees(text, p):
    """Test that at α = 45° the rule is an axis direction while ∇f's angle has turned by 45°."""
    at = open_page(PAGE, {"f": text, "p": p, "r": "0"})
    expect_no_exception(at)
    at0 = number(metrics(at)["∇f's angle in the new axes"])
    at = open_page(PAGE, {"f": text, "p": p, "r": "45"})
    expect_no_exception(at)
    m = metrics(at)
    assert number(m["rule's angle in the new axes"]) in (0, 90, 180, 270)
    assert number(m["… turned by (vs. α = 0)"]) == 45.0
    at45 = number(m["∇f's angle in the new axes"])
    assert (at0 - at45) % 360 == pytest.approx(45, abs=0.11)
    g = gradviz.gradient_at(gradviz.parse(text), tuple(float(v) for v in p.split(",")))
    by_hand = math.degrees(math.atan2(-math.sin(math.pi / 4) * g[0] + math.cos(math.pi / 4) * g[1],
                                      math.cos(math.pi / 4) * g[0] + math.sin(math.pi / 4) * g[1]))
    assert at45 == pytest.approx(by_hand % 360, abs=0.05)


def test_dot_product_argument_shows_live_numbers():
    """Test that the step-by-step argument shows |∇f| cos φ = ∇f·u with the page's numbers."""
    at = open_page(PAGE)
    f = gradviz.parse("sin(x*y)")
    norm = float(np.linalg.norm(gradviz.gradient_at(f, (1, 2))))
    exact = gradviz.directional_derivative_at(f, (1, 2), unit(30))
    texts = formulas(at)
    step2 = [t for t in texts if r"\cos\varphi" in t]
    assert step2 and f"{norm:.4f}" in step2[0] and step2[0].rstrip("$ \n").endswith(
        f"&= {exact:.4f} \\end{{aligned}}")  # one equals sign a line


def test_flat_point_has_no_direction():
    """Test that at a critical point (∇f = 0) the page explains instead of failing."""
    at = open_page(PAGE, {"f": "x^2 + y^2", "p": "0,0"})
    expect_no_exception(at)
    assert not errors(at)
    assert metrics(at)["θ* = direction of ∇f"] == "undefined"  # the one number rule (was "—")
    assert any("flat" in i.value for i in at.info)


def test_the_pictures_are_two_scenes_whose_params_travel_in_the_link():
    """Test that the map (with Dᵤf over θ beside it) and the rotation test are scenes: θ and
    α are their params, from the link, and the rotation turns ∇f at p (or the course's
    [5, 2] where ∇f is zero)."""
    at = open_page(PAGE, {"f": "x^2 + 3y", "p": "1,1", "t": "120", "r": "45"})
    expect_no_exception(at)
    direction, rotation = scenes(at)
    layers = [[q["type"] for q in panel["layers"]] for panel in direction["static"]["panels"]]
    assert layers == [["heatmap", "contours", "vector", "vector", "marker"], ["directional_curve"]]
    assert direction["params"] == {"t": 120} and rotation["params"] == {"r": 45}
    assert rotation["truth"]["grad"] == [2.0, 3.0]  # ∇f at p, turned in the browser
    assert at.query_params["t"] == "120" and at.query_params["r"] == "45"
    assert rotation["key"] == scenes(open_page(PAGE, {"f": "x^2 + 3y", "p": "0,-1"}))[1]["key"]
