"""AppTest: the "Jacobian linearisation" page."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

import gradviz
from gradviz.topics import jacobian
from tests.app.conftest import expect_no_exception, formulas, move, open_page, scenes, set_function

PAGE = "jacobian"
COURSE = "[x^2 - y, y^2 + x]"
SLIDERS = ["gv.vector.n10-150", "jac.dir"]
#: the page's pictures: the ‖J‖_F map with the square at p, the course's figure, the zoom
KEYS = ["jac.map", "jac.course", "jac.zoom"]

FROBENIUS = r"$\lVert J \rVert_F$ at p"  # the metric's label: a real subscript F


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def number(text: str) -> float:
    return float(text.replace("−", "-"))


def latex_matrix(at, prefix: str) -> np.ndarray:
    """The numbers of the bmatrix in the first st.latex starting with ``prefix``."""
    for body in formulas(at):
        if body.startswith(prefix):
            inner = re.search(r"\\begin\{bmatrix\}(.*)\\end\{bmatrix\}", body.split("=")[-1])
            rows = [r.split("&") for r in inner.group(1).split(r"\\")]
            return np.array([[float(v) for v in r] for r in rows])
    raise AssertionError(f"no latex starting with {prefix!r}")


def latex_with(at, prefix: str) -> str:
    for body in formulas(at):
        if body.startswith(prefix):
            return body
    raise AssertionError(f"no latex starting with {prefix!r}")


def test_defaults_show_the_course_map():
    """Test that a fresh session opens on the course's [x² − y, y² + x] at (1, 1) with J and det J."""
    at = open_page(PAGE)
    expect_no_exception(at)
    assert not errors(at)
    f = gradviz.parse(COURSE)
    assert latex_with(at, "f(x, y) =") == "f(x, y) = " + f.latex()
    assert latex_with(at, r"\mathbf{J}_f =") == r"\mathbf{J}_f = " + gradviz.jacobian(f).latex()
    np.testing.assert_array_equal(latex_matrix(at, r"\mathbf{J}_f\left(1, 1\right)"),
                                  gradviz.jacobian_at(f, (1, 1)))
    m = metrics(at)
    assert number(m["det J at p"]) == 5
    assert number(m[FROBENIUS]) == pytest.approx(math.sqrt(10), abs=5e-4)
    assert scenes(at, "jac.course")[0]["params"] == {"s": 0.5}  # the course's scale
    assert at.text_input(key="jac.points").value == "(-1, -1), (0, 0), (1, 1)"
    assert not at.get("page_link")  # already on the course's example


def test_course_example_is_one_click_away():
    """Test that with another vector function a single link opens the course's example."""
    at = open_page(PAGE)
    set_function(at, "[x, sin(y)]", "vector")
    expect_no_exception(at)
    links = at.get("page_link")
    assert len(links) == 1
    qs = links[0].proto.query_string
    assert "f=%5Bx%5E2+-+y%2C+y%5E2+%2B+x%5D" in qs and "p=1%2C1" in qs
    assert links[0].proto.page == "jacobian-linearisation"


def test_every_slider_at_its_min_and_max():
    """Test that each slider of the page at its ends, and the point at the view's corners,
    render without an exception or st.error."""
    at = open_page(PAGE)
    for corner in ((-2, -2), (2, 2)):  # the course's view [−2, 2]²
        move(at, *corner, kind="vector")
        expect_no_exception(at)
        assert not errors(at), (corner, errors(at))
    for key in SLIDERS:
        for end in ("min", "max"):
            s = at.slider(key=key)
            s.set_value(getattr(s, end)).run()
            expect_no_exception(at)
            assert not errors(at), (key, end, errors(at))
    # at the far corner (2, 2): det J = 4·2·2 + 1
    assert number(metrics(at)["det J at p"]) == 17


def test_bad_function_keeps_the_last_valid_one():
    """Test that bad text gives st.error and J, det J of the last valid map stay."""
    at = open_page(PAGE)
    before = metrics(at)
    set_function(at, "[x^2 - y, y^2 + ", "vector")
    expect_no_exception(at)
    assert errors(at)
    assert metrics(at) == before
    set_function(at, "x^2 + y", "vector")  # parses, but is not R² → R²
    expect_no_exception(at)
    assert any("R² to R²" in e for e in errors(at))
    assert metrics(at) == before


def test_link_opens_function_point_and_controls():
    """Test that a link with f, p and the page's controls opens that state."""
    text = "[x*y, x - y^2]"
    at = open_page(PAGE, {"f": text, "p": "0.5,-1", "s": "0.8", "h": "0.01", "a": "90"})
    expect_no_exception(at)
    assert not errors(at)
    f = gradviz.parse(text)
    assert latex_with(at, "f(x, y) =") == "f(x, y) = " + f.latex()
    J = gradviz.jacobian_at(f, (0.5, -1))
    np.testing.assert_allclose(latex_matrix(at, r"\mathbf{J}_f\left(0.5, -1\right)"), J, rtol=5e-4)
    assert number(metrics(at)["det J at p"]) == pytest.approx(np.linalg.det(J), rel=5e-4)
    assert [scenes(at, k)[0]["params"] for k in KEYS] == [{}, {"s": 0.8}, {"h": 0.01}]
    assert at.slider(key="jac.dir").value == 90
    assert number(metrics(at)["h"]) == 0.01


@pytest.mark.parametrize("p", [(-1.0, -1.0), (0.0, 0.0), (1.0, 1.0)])
def test_course_points_jacobian_and_det(p):
    """Test J and det J at the course's points (−1, −1), (0, 0), (1, 1), as gradviz computes them."""
    at = move(open_page(PAGE), *p, kind="vector")
    expect_no_exception(at)
    f = gradviz.parse(COURSE)
    J = gradviz.jacobian_at(f, p)
    shown = latex_matrix(at, rf"\mathbf{{J}}_f\left({p[0]:g}, {p[1]:g}\right)")
    np.testing.assert_array_equal(shown, J)
    assert number(metrics(at)["det J at p"]) == pytest.approx(np.linalg.det(J))
    assert number(metrics(at)[FROBENIUS]) == pytest.approx(np.linalg.norm(J), abs=5e-4)


def test_course_points_table():
    """Test that the table lists J and det J at the three course points exactly."""
    at = open_page(PAGE)
    df = at.table[0].value
    f = gradviz.parse(COURSE)
    rows = {r["point"]: r for _, r in df.iterrows()}
    for x, y in [(-1, -1), (0, 0), (1, 1)]:
        J = gradviz.jacobian_at(f, (x, y))
        row = rows[f"({x:g}, {y:g})"]
        expected = "[[" + ", ".join(f"{v:.4g}" for v in J[0]) + "], [" + ", ".join(
            f"{v:.4g}" for v in J[1]) + "]]"
        assert row["J"].replace("-0,", "0,") == expected.replace("-0,", "0,")
        assert float(row["det J"]) == pytest.approx(np.linalg.det(J))


def test_fitted_error_slope_is_two():
    """Test that the log–log slope of the linearisation error is within 0.1 of 2."""
    at = open_page(PAGE)
    assert abs(number(metrics(at)["fitted slope"]) - 2) < 0.1
    at.slider(key="jac.dir").set_value(150).run()
    expect_no_exception(at)
    assert abs(number(metrics(at)["fitted slope"]) - 2) < 0.1


def test_error_of_a_quadratic_map_says_it_does_not_follow_p():
    """Test that the course's (quadratic) map says its error curve is the same at every p, and
    a map that is not quadratic says nothing of the kind."""
    course = open_page(PAGE, {"p": "1,1"})
    expect_no_exception(course)
    assert jacobian.QUADRATIC_NOTE in [c.value for c in course.caption]
    other = open_page(PAGE, {"f": "[x^2 - y, sin(y) + x]", "p": "1,1"})
    expect_no_exception(other)
    assert abs(number(metrics(other)["fitted slope"]) - 2) < 0.1
    assert jacobian.QUADRATIC_NOTE not in [c.value for c in other.caption]


def test_linear_map_has_no_slope():
    """Test that a linear map says the error is zero instead of drawing a fake slope."""
    at = open_page(PAGE, {"f": "[2x + y, x - y]", "p": "1,1"})
    expect_no_exception(at)
    assert metrics(at)["fitted slope"] == "—"
    assert any("linear" in i.value for i in at.info)


def test_zoom_square_images_coincide():
    """Test that as the square shrinks gap/h → 0 while gap/h² stays √2 (the course's map)."""
    m_big = metrics(open_page(PAGE))
    m_small = metrics(open_page(PAGE, {"h": "0.001"}))
    assert number(m_small["h"]) == 0.001
    assert number(m_small["gap / h"]) < number(m_big["gap / h"]) / 100
    for m in (m_big, m_small):
        assert number(m["gap / h²"]) == pytest.approx(math.sqrt(2), abs=0.01)
    assert number(m_small["h"]) == 0.001 and number(m_big["h"]) == pytest.approx(10**-0.5, 1e-3)
    # the course's f − L = [h₁², h₂²]: largest at the corners, √2·h²
    assert number(m_small["largest gap between the images"]) == pytest.approx(math.sqrt(2) * 1e-6,
                                                                               rel=1e-3)


def test_m_equals_one_gradient_is_j_transposed():
    """Test that for each output f_i the page shows J_{f_i} as a row and ∇f_i = J_{f_i}ᵀ."""
    at = open_page(PAGE)
    f = gradviz.parse(COURSE)
    for i in (0, 1):
        at.radio(key="jac.comp").set_value(i).run()
        expect_no_exception(at)
        fi = jacobian.component(f, i)
        t = f"_{i + 1}"
        assert latex_with(at, rf"\mathbf{{J}}_{{f{t}}} =").endswith(gradviz.jacobian(fi).latex())
        assert latex_with(at, rf"\nabla f{t} =").endswith(gradviz.gradient(fi).latex())
        row = latex_matrix(at, rf"\mathbf{{J}}_{{f{t}}}\left(1, 1\right)")
        col = latex_matrix(at, rf"\nabla f{t}\left(1, 1\right)")
        np.testing.assert_array_equal(row, col.T)
        np.testing.assert_array_equal(row[0], gradviz.jacobian_at(f, (1, 1))[i])
        assert any("exactly" in s.value for s in at.success)


def test_bad_points_text_falls_back_to_course_points():
    """Test that unreadable points give st.error and the course's points are used."""
    at = open_page(PAGE)
    at.text_input(key="jac.points").input("(1, x)").run()
    expect_no_exception(at)
    assert any("can't read" in e for e in errors(at))
    assert len(at.table[0].value) == 3
    at.text_input(key="jac.points").input("(0.5, 0.5)").run()
    assert not errors(at)
    assert list(at.table[0].value["point"]) == ["(0.5, 0.5)", "(1, 1)"]


def test_link_point_is_kept_exactly():
    """Test that a link's p=1.25,-0.75 is the point of J, det J and f(p), as given (issue 15)."""
    at = open_page(PAGE, {"p": "1.25,-0.75"})
    expect_no_exception(at)
    x, y = 1.25, -0.75
    np.testing.assert_array_equal(latex_matrix(at, r"\mathbf{J}_f\left(1.25, -0.75\right)"),
                                  [[2 * x, -1], [1, 2 * y]])
    assert number(metrics(at)["det J at p"]) == 4 * x * y + 1
    assert any(c.value == "f(1.25, -0.75) = [2.3125, 1.8125]" for c in at.caption), \
        [c.value for c in at.caption]


def test_the_pictures_get_programs_and_the_page_truth_not_text():
    """Test the three pictures: the printed programs of f, J and ‖J‖_F (never the typed text),
    the page's point and its truth at p — at the corner of [|x|, y] J is undefined along x
    (not the formula's sign(0) = 0), and there is no zoom (no linearisation to zoom into)."""
    from gradviz.browser_expr import is_allowed, programs

    at = open_page(PAGE, {"f": "[abs(x), y]", "p": "0,1"})
    expect_no_exception(at)
    f = gradviz.parse("[abs(x), y]")
    assert not scenes(at, "jac.zoom")
    for key in KEYS[:2]:
        (data,) = scenes(at, key)
        progs = data["static"]["programs"]
        assert progs["f"] == programs(f) and progs["J"] == programs(gradviz.jacobian(f), True)
        assert progs["norm"] == programs(jacobian.frobenius(f), True)
        assert all(is_allowed(t, 2) for prog in progs.values() for q in prog for t in q)
        assert "abs(x)" not in json.dumps(progs) and data["point"] == [0.0, 1.0]
        assert data["truth"]["J"] == [None, 0.0, 0.0, 1.0] and data["truth"]["f"] == [0.0, 1.0]
    layers = [[q["type"] for q in panel["layers"]] for key in KEYS
              for panel in scenes(open_page(PAGE), key)[0]["static"]["panels"]]
    assert layers == [["heatmap", "contours", "square", "marker"], ["square_images"],
                      ["heatmap", "marker"], ["basis_arrows", "marker"], ["square", "marker"],
                      ["square_images"]]


def test_a_move_of_the_point_resends_no_picture():
    """Test that a move of p sends each picture the point only (the browser keeps the view's
    heatmaps, programs and chosen points by their key), and the downloads are the pictures
    at the new point."""
    at = open_page(PAGE)
    first = {k: scenes(at, k)[0] for k in KEYS}
    move(at, -0.5, 1.5, kind="vector")
    for key in KEYS:
        (now,) = scenes(at, key)
        assert "static" in first[key] and "static" not in now, key
        assert now["key"] == first[key]["key"] and now["point"] == [-0.5, 1.5]
        assert now["truth"]["J"] == [-1.0, -1.0, 1.0, 3.0]  # [[2x, −1], [1, 2y]]
    offers = at.session_state["gv.live.point_section.downloads"]
    assert sorted(offers) == ["jacobian_course", "jacobian_square", "jacobian_zoom",
                              "linearisation_error"]  # three scenes and the error's chart
    assert all(o["scene"].point == (-0.5, 1.5) for o in offers.values() if "scene" in o)


def test_params_from_a_link_are_clamped_and_reach_the_downloads():
    """Test that a link's arrow scale and half-width beyond their ranges are brought inside,
    with a notice, and that the downloads draw with them."""
    at = open_page(PAGE, {"s": "7", "h": "0"})
    expect_no_exception(at)
    assert scenes(at, "jac.course")[0]["params"] == {"s": 1.5}
    assert scenes(at, "jac.zoom")[0]["params"] == {"h": 0.001}
    assert any("outside" in w.value for w in at.warning)
    offers = at.session_state["gv.live.point_section.downloads"]
    assert offers["jacobian_course"]["scene"].values() == {"s": 1.5}
    assert number(metrics(at)["h"]) == 0.001


def test_a_function_the_browser_cannot_compute_says_so(monkeypatch):
    """Test that when f's programs can't be printed the pictures' guard says why in the page
    (no traceback, no fallback chart) and J at p is still shown."""
    from gradviz import browser_expr

    def refuse(f, slopes=False):
        raise browser_expr.BrowserExprError("the browser can't compute this function")

    monkeypatch.setattr(browser_expr, "programs", refuse)
    at = open_page(PAGE, {"f": "[x*y, x - y]", "p": "1,2"})
    expect_no_exception(at)
    assert any("can't compute" in e for e in errors(at)), errors(at)
    assert not scenes(at)
    assert number(metrics(at)["det J at p"]) == -1 - 2  # [[y, x], [1, −1]] at (1, 2)
