"""AppTest: the "Vector fields" page."""

from __future__ import annotations

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
from tests.number_text import shown

PAGE = "vector_fields"
NEED = "this page draws fields f: R² → R², like `[x, sin(y)]`"


def metrics(at) -> dict[str, float]:
    return {m.label: float(m.value) for m in at.metric}


def shown_vector(at) -> tuple[float, float, float]:
    """(x-component, y-component, length) as the page shows them."""
    m = metrics(at)
    return m["x-component"], m["y-component"], m["length ‖f(p)‖"]


def expected_vector(text: str, p) -> tuple[float, float, float]:
    v = gradviz.parse(text).at(p)
    return float(v[0]), float(v[1]), float(np.hypot(*v))


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def test_defaults_show_the_course_field():
    """Test that the page opens on [x, sin y] on [−5, 5]² with 20 × 20 arrows at p = (2, 1)."""
    at = open_page(PAGE)
    expect_no_exception(at)
    assert not errors(at)
    assert at.sidebar.text_input(key="gv.vector.text").value == "[x, sin(y)]"
    assert at.slider(key="gv.vector.n5-40").value == 20
    assert corners(at, "vector") == ((-5, -5), (5, 5))
    p = point(at, kind="vector")
    assert p == (2, 1) and shown_vector(at) == pytest.approx(expected_vector("[x, sin(y)]", p), abs=5e-5)
    assert any(r"\sin{\left(y \right)}" in ltx.value for ltx in at.latex)


def test_link_opens_field_at_point():
    """Test that ?f=[x, sin(y)]&p=2,1 shows f(p) = [2, sin 1] and |f(p)|."""
    at = open_page(PAGE, {"f": "[x, sin(y)]", "p": "2,1"})
    expect_no_exception(at)
    u, v, length = shown_vector(at)
    assert u == 2
    assert v == pytest.approx(np.sin(1.0), abs=5e-5)
    assert length == pytest.approx(np.hypot(2, np.sin(1.0)), abs=5e-5)
    assert any(shown(np.sin(1.0)) in ltx.value for ltx in at.latex)  # 0.8415


def test_link_opens_another_field_with_its_controls():
    """Test that a link sets the field, point, arrow count, colouring and streamlines."""
    text = "[x^2 - y, y^2 + x]"
    at = open_page(PAGE, {"f": text, "p": "-1,0.5", "n": "12", "c": "1", "s": "1",
                          "sd": "5"})
    expect_no_exception(at)
    assert not errors(at)
    assert at.slider(key="gv.vector.n5-40").value == 12
    assert at.toggle(key="vf.mag").value and at.toggle(key="vf.lines").value
    assert at.slider(key="vf.seeds").value == 5
    assert "5 × 5" in " ".join(c.value for c in at.caption)
    assert shown_vector(at) == pytest.approx(expected_vector(text, (-1, 0.5)), abs=5e-5)


def test_every_slider_at_its_min_and_max():
    """Test that the point at the view's corners, arrows per side and streamline seeds at
    both ends render."""
    at = open_page(PAGE, {"s": "1", "c": "1"})
    expect_no_exception(at)
    for key in ("p", "gv.vector.n5-40", "vf.seeds"):
        for end, corner in zip(("min", "max"), corners(at, "vector")):
            if key == "p":  # the picture's own point: dropped on a corner
                move(at, *corner, kind="vector")
            else:
                slider = at.slider(key=key)
                slider.set_value(getattr(slider, end)).run()
            expect_no_exception(at)
            assert not errors(at), (key, end, errors(at))
            p = point(at, kind="vector")
            assert shown_vector(at) == pytest.approx(expected_vector("[x, sin(y)]", p),
                                                     abs=5e-5)


def test_toggles_on_and_off():
    """Test that colouring and streamlines switch on and off without errors."""
    at = open_page(PAGE)
    for key in ("vf.mag", "vf.lines"):
        at.toggle(key=key).set_value(True).run()
        expect_no_exception(at)
        assert not errors(at)
    assert at.query_params["s"] == "1" and at.query_params["c"] == "1"
    assert "Streamlines from a 8 × 8 grid" in " ".join(c.value for c in at.caption)
    at.toggle(key="vf.lines").set_value(False).run()
    expect_no_exception(at)
    assert not any("Streamlines from" in c.value for c in at.caption)


def test_bad_text_keeps_the_last_valid_field():
    """Test that a parse error shows st.error and the arrow at p stays the same."""
    at = open_page(PAGE)
    before = shown_vector(at)
    set_function(at, "[x, sin(y", "vector")
    expect_no_exception(at)
    assert errors(at)
    assert "[x, sin(y)]" in errors(at)[0]
    assert shown_vector(at) == before


@pytest.mark.parametrize("text", ["x^2 + y", "[x, y, x*y]", "[x*z, y]"])
def test_scalar_or_other_shapes_give_the_pages_need(text):
    """Test that a scalar (or 3 outputs, or 3 inputs) is refused with the page's need."""
    at = open_page(PAGE)
    before = shown_vector(at)
    set_function(at, text, "vector")
    expect_no_exception(at)
    assert any(NEED in e for e in errors(at)), errors(at)
    assert shown_vector(at) == before
    assert any(r"\sin{\left(y \right)}" in ltx.value for ltx in at.latex)


@pytest.mark.parametrize("text", ["sqrt(x)", "x^2", "x/y"])
def test_a_scalar_is_sent_to_the_gradient_field(text):
    """Test that a scalar typed here, of one variable too (sqrt(x): f(x, y) on the gradient
    page), is offered the page that draws it, not only the sentence about curves."""
    at = open_page(PAGE)
    set_function(at, text, "vector")
    expect_no_exception(at)
    assert any("is a scalar function: the *Gradient field* page draws it" in e
               for e in errors(at)), errors(at)


def test_garbage_link_falls_back_with_notices():
    """Test that a link with a broken field and point opens the default with notices."""
    at = open_page(PAGE, {"f": "[x, sin(", "p": "abc", "n": "1000", "sd": "x"})
    expect_no_exception(at)
    assert len(at.warning) >= 2
    assert at.slider(key="gv.vector.n5-40").value == 40
    p = point(at, kind="vector")
    assert shown_vector(at) == pytest.approx(expected_vector("[x, sin(y)]", p), abs=5e-5)


def test_course_field_is_one_click_away():
    """Test that after another field, picking the preset brings back [x, sin y] on [−5, 5]²."""
    at = open_page(PAGE, {"f": "[-y, x]", "d": "-2,2,-2,2"})
    assert corners(at, "vector")[1] == (2, 2)
    at.sidebar.selectbox(key="gv.vector.preset").set_value("[x, sin y]").run()
    expect_no_exception(at)
    assert at.sidebar.text_input(key="gv.vector.text").value == "[x, sin(y)]"
    assert corners(at, "vector")[1] == (5, 5)
    assert shown_vector(at) == pytest.approx(expected_vector("[x, sin(y)]", (2, 1)), abs=5e-5)


def test_scalar_page_does_not_take_the_field():
    """Test that visiting a scalar-only page and coming back keeps the user's field."""
    at = open_page(PAGE)
    set_function(at, "[y, -x]", "vector")
    before = shown_vector(at)
    at.switch_page("pages/gradient-field.py").run()
    expect_no_exception(at)
    at.switch_page("pages/vector-fields.py").run()
    expect_no_exception(at)
    assert at.sidebar.text_input(key="gv.vector.text").value == "[y, -x]"
    assert not errors(at)
    assert shown_vector(at) == before


def test_the_field_gets_programs_arrows_streamlines_and_the_exact_point():
    """Test that the field's picture (a scene) gets one printed program per output, the 20 ×
    20 arrows at the course's points (np.linspace over the view, a half cell inside the
    picture's edges), the streamlines when shown, and the link's point as given."""
    from gradviz.browser_expr import programs

    at = open_page(PAGE, {"f": "[x^2 - y, y^2 + x]", "p": "1.25,-0.75", "s": "1", "sd": "3"})
    expect_no_exception(at)
    (data,) = scenes(at, "vf.scene")
    f = gradviz.parse("[x^2 - y, y^2 + x]")
    assert data["static"]["programs"] == {"f": programs(f)}
    assert data["point"] == [1.25, -0.75]
    assert data["truth"]["f"] == pytest.approx([1.25 ** 2 + 0.75, 0.75 ** 2 + 1.25])
    panel = data["static"]["panels"][0]
    lines, arrows, _, vector, marker = panel["layers"]
    assert [q["type"] for q in panel["layers"]] == ["streamlines", "arrows", "slice_lines",
                                                    "vector", "marker"]
    grid = np.linspace(-2, 2, 20)  # the preset's view [-2, 2]²
    assert np.allclose(np.unique(np.round(arrows["x"], 9)), grid)
    assert panel["box"][0] == pytest.approx(-2 - 2 / 19) and panel["box"][1] == pytest.approx(2 + 2 / 19)
    assert 1 <= lines["x"].count(None) + 1 <= 9  # 3 × 3 seeds, a gap between two curves
    assert vector["per_side"] == 20 and vector["length"] == 4


def test_colour_by_magnitude_colours_the_arrows_by_their_length():
    """Test that colouring by length sends each arrow's length ‖f‖ (by hand for [x, sin y] on
    the 5 × 5 grid), a colour scale over their true range and a colour bar named ‖f‖."""
    at = open_page(PAGE, {"c": "1", "n": "5"})
    expect_no_exception(at)
    (data,) = scenes(at, "vf.scene")
    (arrows,) = [q for q in data["static"]["panels"][0]["layers"] if q["type"] == "arrows"]
    grid = np.linspace(-5, 5, 5)
    xx, yy = np.meshgrid(grid, grid)
    length = np.hypot(xx, np.sin(yy)).ravel()
    assert np.allclose(arrows["m"], length, rtol=1e-6)
    assert arrows["range"] == pytest.approx([length.min(), length.max()], rel=1e-6)
    assert (arrows["cmap"], arrows["label"]) == ("plasma", "‖f‖")
    at.toggle(key="vf.mag").set_value(False).run()
    (black,) = scenes(at, "vf.scene")
    assert "m" not in black["static"]["panels"][0]["layers"][0]
