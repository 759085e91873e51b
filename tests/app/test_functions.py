"""AppTest: the "Functions of several variables" page."""

from __future__ import annotations

import base64

import numpy as np
import pytest

import gradviz
from tests.app.conftest import (
    corners,
    expect_no_exception,
    move,
    open_page,
    point,
    scenes,
    set_function,
)

COURSE_3D = "x^2 + y^2 + e^z + x^z + x*y*z"
PAGE = "functions"


def values(heat) -> np.ndarray:
    """A heatmap layer's values as the browser gets them (gradviz.scene.layers.packed)."""
    return np.frombuffer(base64.b64decode(heat["z"]["f64"]), dtype="<f8")


def metric_value(at, prefix: str = "f(") -> float:
    """The number in the first metric whose label starts with ``prefix``."""
    for m in at.metric:
        if m.label.startswith(prefix):
            return float(m.value)
    raise AssertionError(f"no metric {prefix!r}: {[m.label for m in at.metric]}")


def table(at):
    """The component table as {output: value text}."""
    df = at.table[0].value
    value_col = [c for c in df.columns if str(c).startswith("value")][0]
    return dict(zip(df["output"], df[value_col]))


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def test_defaults_render_the_course_examples():
    """Test that the page opens on sin(xy) at (1, 2) and [x, sin y] at (2, 10)."""
    at = open_page(PAGE)
    expect_no_exception(at)
    assert not errors(at)
    f = gradviz.parse("sin(x*y)")
    assert metric_value(at) == pytest.approx(float(f.at((1.0, 2.0))), abs=5e-5)
    assert [m.label for m in at.metric] == ["f(1, 2)"]
    assert at.number_input(key="fn.at.0").value == 2
    assert at.number_input(key="fn.at.1").value == 10
    assert table(at) == {"f₁": "2", "f₂": "-0.54402111"}  # the course's printout
    assert any("-0.54402111" in ltx.value.replace("−", "-") for ltx in at.latex)
    assert at.query_params["at"] == "2,10"


def test_every_slider_at_its_min_and_max():
    """Test that the point at the view's corners and each slider (held z, grid) at its ends
    render without error."""
    at = open_page(PAGE, {"f": COURSE_3D, "p": "1,1,1"})
    expect_no_exception(at)
    f = gradviz.parse(COURSE_3D)
    for key in ["p", "gv.scalar.p2", "gv.scalar.n20-150"]:
        for end, corner in zip(("min", "max"), corners(at)):
            if key == "p":  # the picture's own point: dropped on a corner
                move(at, *corner)
            else:
                slider = at.slider(key=key)
                slider.set_value(getattr(slider, end)).run()
            expect_no_exception(at)
            assert not errors(at), (key, end, errors(at))
            assert metric_value(at) == pytest.approx(float(f.at(point(at, 3))), rel=1e-4, abs=5e-5)


def test_bad_scalar_text_keeps_the_last_valid_function():
    """Test that a parse error shows st.error and the value at the point stays."""
    at = open_page(PAGE)
    before = metric_value(at)
    set_function(at, "sin(x*", "scalar")
    expect_no_exception(at)
    assert errors(at)
    assert "sin(x*y)" in errors(at)[0]
    assert metric_value(at) == before
    assert table(at) == {"f₁": "2", "f₂": "-0.54402111"}


def test_scalar_text_in_the_vector_box_is_refused():
    """Test that a scalar typed as the vector function gives the section's need."""
    at = open_page(PAGE)
    set_function(at, "x^2 + y", "vector")
    expect_no_exception(at)
    assert any("square brackets" in e for e in errors(at))
    assert table(at) == {"f₁": "2", "f₂": "-0.54402111"}


def test_link_opens_scalar_function_and_point():
    """Test that ?f=x^3*y&p=1.5,2 opens x³y with the value at (1.5, 2)."""
    at = open_page(PAGE, {"f": "x^3*y", "p": "1.5,2"})
    expect_no_exception(at)
    assert point(at) == (1.5, 2)
    assert metric_value(at) == pytest.approx(float(gradviz.parse("x^3*y").at((1.5, 2))))


def test_three_inputs_show_the_slice_at_held_z():
    """Test that f(x, y, z) gets a held-z slider, a slice caption and values that follow z."""
    at = open_page(PAGE, {"f": COURSE_3D, "p": "1,1,1"})
    expect_no_exception(at)
    assert "slice z = 1" in " ".join(c.value for c in at.caption)
    at.slider(key="gv.scalar.p2").set_value(1.5).run()
    expect_no_exception(at)
    f = gradviz.parse(COURSE_3D)
    assert metric_value(at) == pytest.approx(float(f.at((1, 1, 1.5))), abs=5e-5)
    assert "slice z = 1.5" in " ".join(c.value for c in at.caption)


def test_link_opens_vector_function_and_evaluation_point():
    """Test that ?vf=…&at=… evaluates [yz², 0, xyz, x − y] at the linked point."""
    text = "[y*z^2, 0, x*y*z, x - y]"
    at = open_page(PAGE, {"vf": text, "at": "0.5,-2,3"})
    expect_no_exception(at)
    expected = gradviz.parse(text).at((0.5, -2, 3))
    got = table(at)
    assert [float(got[k]) for k in ("f₁", "f₂", "f₃", "f₄")] == pytest.approx(expected)
    assert [at.number_input(key=f"fn.at.{j}").value for j in range(3)] == [0.5, -2, 3]


def test_curve_of_one_input_and_its_evaluation_box():
    """Test that [x², 2x, −x] has one input box and a table that follows it."""
    at = open_page(PAGE, {"vf": "[x^2, 2x, -x]", "at": "1.5"})
    expect_no_exception(at)
    assert not errors(at)
    f = gradviz.parse("[x^2, 2x, -x]", min_variables=1)
    assert [float(v) for v in table(at).values()] == pytest.approx(f.at((1.5,)))
    at.number_input(key="fn.at.0").set_value(-3.0).run()
    expect_no_exception(at)
    assert [float(v) for v in table(at).values()] == pytest.approx(f.at((-3.0,)))
    assert at.query_params["at"] == "-3"


def test_number_inputs_move_the_evaluation_point():
    """Test that typing y = 0 evaluates [x, sin y] at (2, 0)."""
    at = open_page(PAGE)
    at.number_input(key="fn.at.1").set_value(0.0).run()
    expect_no_exception(at)
    assert table(at) == {"f₁": "2", "f₂": "0"}
    at.number_input(key="fn.at.1").set_value(np.pi / 2).run()
    assert float(table(at)["f₂"]) == pytest.approx(1.0, abs=1e-8)


def test_bad_evaluation_point_in_the_link_falls_back():
    """Test that a link's at= with the wrong count gives a notice and the default point."""
    at = open_page(PAGE, {"vf": "[x, sin(y)]", "at": "1,2,3"})
    expect_no_exception(at)
    assert any("at=1,2,3" in w.value for w in at.warning)
    assert table(at) == {"f₁": "2", "f₂": "-0.54402111"}


def test_vector_field_survives_a_visit_to_this_page():
    """Test that a field set on the vector page is shown here and is still there after."""
    at = open_page("vector_fields")
    set_function(at, "[-y, x]", "vector")
    expect_no_exception(at)
    at.switch_page("pages/functions-of-several-variables.py").run()
    expect_no_exception(at)
    assert at.sidebar.text_input(key="gv.vector.text").value == "[-y, x]"
    df = at.table[0].value
    assert list(df["formula"]) == ["-y", "x"]
    set_function(at, "x^2 + 3y", "scalar")  # change the scalar function here
    expect_no_exception(at)
    at.switch_page("pages/vector-fields.py").run()
    expect_no_exception(at)
    assert at.sidebar.text_input(key="gv.vector.text").value == "[-y, x]"
    assert not errors(at)
    assert any(r"- y" in ltx.value for ltx in at.latex)


def test_link_with_a_vector_function_evaluates_it_at_the_links_point():
    """Test that ?f=[x, sin(y)]&p=2,3 evaluates that function at (2, 3) (issue 15), not the
    course's (2, 10), and that the scalar section keeps its own function without a complaint."""
    at = open_page(PAGE, {"f": "[x, sin(y)]", "p": "2,3"})
    expect_no_exception(at)
    assert not errors(at)
    got = table(at)
    assert float(got["f₁"]) == 2
    assert float(got["f₂"]) == pytest.approx(np.sin(3.0), abs=5e-9)  # 0.14112001
    assert [at.number_input(key=f"fn.at.{j}").value for j in range(2)] == [2, 3]
    assert at.query_params["at"] == "2,3"
    assert at.query_params["vf"] == "[x,\u00a0sin(y)]"  # a space is written as a no-break space
    assert not any("can't be used" in n.value for n in [*at.warning, *at.info, *at.markdown])
    scalar = gradviz.parse("sin(x*y)")  # the scalar section: its default, at its own point
    assert metric_value(at) == pytest.approx(float(scalar.at((1.0, 2.0))), abs=5e-5)


def test_link_point_for_a_vector_function_is_kept_exactly():
    """Test that a link's p=1.25,-0.75 is evaluated at 1.25 and -0.75 as given."""
    at = open_page(PAGE, {"f": "[x*y, x - y]", "p": "1.25,-0.75"})
    expect_no_exception(at)
    assert [at.number_input(key=f"fn.at.{j}").value for j in range(2)] == [1.25, -0.75]
    got = table(at)
    assert float(got["f₁"]) == 1.25 * -0.75
    assert float(got["f₂"]) == 2.0


def test_link_point_for_a_scalar_function_is_kept_exactly():
    """Test that ?f=x^3*y&p=1.25,-0.75 shows f at exactly (1.25, -0.75), not a slider step."""
    at = open_page(PAGE, {"f": "x^3*y", "p": "1.237,-0.7531"})
    expect_no_exception(at)
    assert metric_value(at) == pytest.approx(1.237 ** 3 * -0.7531, rel=1e-4)
    assert [m.label for m in at.metric] == ["f(1.237, -0.7531)"]


def test_the_heatmap_gets_programs_and_the_exact_point():
    """Test that the heatmap (a scene: heatmap, contours, the point) gets f's printed program
    (only allow-listed tokens, never the typed text), f on the 100 × 100 grid, and the link's
    point as given with f there."""
    from gradviz.browser_expr import is_allowed, programs

    at = open_page(PAGE, {"f": "x^2*y + sin(x)", "p": "1.25,-0.75"})
    expect_no_exception(at)
    (data,) = scenes(at, "fn.scene")
    f = gradviz.parse("x^2*y + sin(x)")
    assert data["static"]["programs"] == {"f": programs(f)}
    assert all(is_allowed(t, 2) for t in data["static"]["programs"]["f"][0])
    assert "x^2" not in str(data["static"]["programs"])
    assert data["point"] == [1.25, -0.75]
    assert data["truth"]["f"][0] == pytest.approx(1.25 ** 2 * -0.75 + np.sin(1.25))
    heat, contours, marker = data["static"]["panels"][0]["layers"]
    assert (heat["type"], contours["type"], marker["type"]) == ("heatmap", "contours", "marker")
    # the view that fits f (a link without d): no critical point (∂f/∂y = x² is 0 only on
    # x = 0, where ∂f/∂x = cos 0 = 1, by hand), so the usual [−2, 2]², which holds p
    xs = ys = np.linspace(-2, 2, 100)
    assert np.allclose(heat["x"], xs) and np.allclose(heat["y"], ys)
    x, y = np.meshgrid(xs, ys)
    assert np.allclose(values(heat), (x ** 2 * y + np.sin(x)).ravel(), rtol=1e-6, atol=1e-9)
    assert data["static"]["status"] == [{"label": "f(p)", "fn": "f", "brackets": "()"}]


def test_the_slice_follows_the_held_z():
    """Test that for f(x, y, z) the map is the slice at the held z (f there, by hand), and
    that moving z sends a new slice while moving x sends the point only."""
    at = open_page(PAGE, {"f": "x*y*z + z^2", "p": "1,1,2"})
    (first,) = scenes(at, "fn.scene")
    heat = first["static"]["panels"][0]["layers"][0]
    # the view that fits f (a link without d): at z = 2, f = 2xy + 4 has its saddle at the
    # origin (∇f = (2y, 2x), by hand): [−2, 2]², which holds p
    x, y = np.meshgrid(np.linspace(-2, 2, 100), np.linspace(-2, 2, 100))
    assert np.allclose(heat["x"], x[0]) and np.allclose(heat["y"], y[:, 0])
    assert np.allclose(values(heat), (x * y * 2 + 4).ravel(), rtol=1e-6)
    assert first["static"]["title"].startswith("f(x, y, z = 2)")
    move(at, 1.5, 1)
    (moved,) = scenes(at, "fn.scene")
    assert "static" not in moved and moved["key"] == first["key"] and moved["point"] == [1.5, 1, 2]
    at.slider(key="gv.scalar.p2").set_value(1.0).run()
    (sliced,) = scenes(at, "fn.scene")
    heat = sliced["static"]["panels"][0]["layers"][0]
    assert sliced["key"] != first["key"]
    assert np.allclose(values(heat), (x * y + 1).ravel(), rtol=1e-6)


def test_vector_function_of_two_inputs_gets_a_map_of_its_length():
    """Test that [x, sin(y)] at the link's (2, 3) gets a map of ‖f‖ (√(x² + sin²y), by hand)
    with the point where f is evaluated and f(p) = [a, b] in the status, and that a curve of
    one input gets none."""
    from gradviz.browser_expr import programs

    at = open_page(PAGE, {"f": "[x, sin(y)]", "p": "2,3"})
    expect_no_exception(at)
    (data,) = scenes(at, "fn.length")
    assert data["static"]["programs"]["f"] == programs(gradviz.parse("[x, sin(y)]"))
    assert data["point"] == [2.0, 3.0]
    assert data["truth"]["f"] == pytest.approx([2.0, np.sin(3.0)])
    assert data["static"]["status"] == [{"label": "f(p)", "fn": "f", "brackets": "[]"}]
    heat = data["static"]["panels"][0]["layers"][0]
    assert heat["label"] == "‖f‖"
    x, y = np.meshgrid(np.linspace(-5, 5, 80), np.linspace(-5, 5, 80))  # the preset's view
    assert np.allclose(heat["x"], x[0]) and np.allclose(heat["y"], y[:, 0])
    assert np.allclose(values(heat), np.hypot(x, np.sin(y)).ravel(), rtol=1e-6, atol=1e-9)

    at = open_page(PAGE, {"vf": "[x^2, 2x, -x]", "at": "1.5"})
    expect_no_exception(at)
    assert not scenes(at, "fn.length") and len(scenes(at)) == 1


def test_the_map_of_the_length_holds_the_evaluation_point():
    """Test that an evaluation point outside the view ((2, 10), the course's, on [−5, 5]²)
    widens the map to hold it, and that the map stays so (in the link too)."""
    at = open_page(PAGE)
    (data,) = scenes(at, "fn.length")
    box = data["static"]["panels"][0]["box"]
    assert box[:3] == [-5, 5, -5] and box[3] > 10
    at.number_input(key="fn.at.1").set_value(1.0).run()
    (moved,) = scenes(at, "fn.length")
    assert moved["key"] == data["key"] and moved["point"] == [2.0, 1.0]
    vd = at.query_params["vd"]
    assert (vd[0] if isinstance(vd, list) else vd).startswith("-5,5,-5,")


def test_a_links_evaluation_point_is_the_views_point():
    """Test that a link's view and evaluation point give that view (not one widened for the
    point of the function the session had before)."""
    at = open_page(PAGE, {"vf": "[x*y, x - y]", "vd": "-1,1,-1,1", "at": "-0.1,0"})
    expect_no_exception(at)
    (data,) = scenes(at, "fn.length")
    assert data["static"]["panels"][0]["box"] == [-1, 1, -1, 1] and data["point"] == [-0.1, 0]
