"""Issue 26 in AppTest: a check that asks first, views that fit the function, a `+` in a link,
pages that keep their own function, words about what is on screen."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from tests.app.conftest import expect_no_exception, formulas, open_page, point, set_function

ARRAY = r"\begin{array}"  # a term-by-term table


def worked_shown(at, term: str = "y^{3}") -> bool:
    """Is the term-by-term table of f (a table holding f's ``term``) on the page? (The
    course's worked example, another function, has one in an expander.)"""
    return any(ARRAY in t and term in t for t in formulas(at))


def domain(at, kind: str = "scalar") -> tuple[float, ...]:
    return tuple(at.number_input(key=f"gv.{kind}.d{i}").value for i in range(4))


def infos(at) -> list[str]:
    return [m.value for m in at.markdown] + [i.value for i in at.info]


def view_notice(at) -> str:
    return next((t for t in infos(at) if "The view changed" in t), "")


# -- check yourself asks first ----------------------------------------------------------------
def test_the_worked_answer_is_hidden_until_asked():
    """Test that the term-by-term table is not on the page before a try, only offered; asking
    shows it, and a new function hides it again."""
    at = open_page("partial_derivatives", {"f": "x^2*y + y^3", "d": "-2,2,-2,2"})
    expect_no_exception(at)
    assert not worked_shown(at)
    assert at.button(key="pd.check.x.worked.show").label == "Stuck? Show the worked answer"
    at.button(key="pd.check.x.worked.show").click().run()
    table = next(t for t in formulas(at) if ARRAY in t and "y^{3}" in t)
    assert "2 x y & + & 0" in table  # ∂/∂x(yx²) = 2xy, ∂/∂x(y³) = 0, by hand
    set_function(at, "x^3 + y^3")
    assert not worked_shown(at)


def test_a_wrong_answer_names_the_term_and_a_right_one_offers_the_steps():
    """Test that 2x for ∂f/∂x of x²y + y³ is told which term is off (2x should be 2xy) at a
    point with y ≠ 0, with both values; 2xy is confirmed and the worked answer offered."""
    at = open_page("partial_derivatives", {"f": "x^2*y + y^3", "d": "-2,2,-2,2"})
    at.text_input(key="pd.check.x").input("2x").run()
    expect_no_exception(at)
    (said,) = [w.value for w in at.warning]
    m = re.search(r"at x = (\S+), y = (\S+), ∂f/∂x is (\S+); your answer gives (\S+)\.", said)
    x, y, want, got = (Fraction(g) for g in m.groups())
    assert y != 0 and x != 0
    assert (want, got) == (2 * x * y, 2 * x)  # ∂f/∂x = 2xy by hand; the answer 2x
    assert "Your term $2 x$ should be $2 x y$" in said

    assert not worked_shown(at)  # tried: offered, not shown
    assert at.button(key="pd.check.x.worked.show").label == "Show the worked answer"
    at.text_input(key="pd.check.x").input("2x*y").run()
    assert at.success[0].value.startswith("Correct")
    assert at.button(key="pd.check.x.worked.show").label == "Compare with the worked answer"
    assert not worked_shown(at)


def test_the_check_is_one_click_from_the_readouts():
    """Test that beside the readouts of both pages a link jumps to the check's anchor, and
    the check comes before the partials' formulas on the partial-derivatives page."""
    at = open_page("partial_derivatives")
    links = [m.value for m in at.markdown if "(#check-yourself)" in m.value]
    assert len(links) == 2  # under each slice's slope
    headers = [h.value for h in at.main.header]
    assert headers.index("Your turn: the partial derivatives by hand") == 1
    at = open_page("gradient_field")
    assert any("(#check-yourself)" in m.value for m in at.markdown)
    assert "Check yourself: ∇f by hand" in [h.value for h in at.main.header]


# -- a view that fits the function ------------------------------------------------------------
@pytest.mark.parametrize("text, view", [
    ("x^2-y^2", (-2, 2, -2, 2)),          # a saddle at (0, 0): the course's [−2, 2]²
    ("sqrt(1-x^2-y^2)", (-1, 1, -1, 1)),  # defined on the unit disk, its top at (0, 0)
    ("e^(-x^2-y^2)", (-2, 2, -2, 2)),     # a bump at (0, 0)
])
def test_a_typed_function_gets_its_view_and_one_click_keeps_the_old(text, view):
    """Test that typing a new function on the gradient page ([0, 4]²) changes the view to one
    that shows it, says so, and the button brings [0, 4]² back."""
    at = open_page("gradient_field")
    assert domain(at) == (0, 4, 0, 4)
    set_function(at, text)
    expect_no_exception(at)
    assert domain(at) == view
    assert "x ∈ [" + f"{view[0]}, {view[1]}]" in view_notice(at)
    x0, y0 = point(at)  # the point the picture draws
    assert view[0] <= x0 <= view[1] and view[2] <= y0 <= view[3]
    at.button(key="gv.keep.").click().run()
    assert domain(at) == (0, 4, 0, 4) and not view_notice(at)


def test_a_course_example_typed_gets_its_own_view():
    """Test that typing a course example's text gives its view (the saddle's [−2, 2]²)."""
    at = open_page("gradient_field")
    set_function(at, "x^2 - y^2")
    assert domain(at) == (-2, 2, -2, 2)
    assert point(at) == (0.5, 0.5)


def test_a_links_own_domain_wins_and_an_undefined_view_is_offered_the_fit():
    """Test that ?d=0,4,0,4 is kept for √(1 − x² − y²), which is then undefined on about 95 %
    of it (the quarter disk is π/64 of [0, 4]², by hand), and one click fits the view."""
    at = open_page("gradient_field", {"f": "sqrt(1-x^2-y^2)", "d": "0,4,0,4", "p": "0.5,0.5"})
    expect_no_exception(at)
    assert domain(at) == (0, 4, 0, 4) and not view_notice(at)
    said = next(t for t in infos(at) if "of this view is undefined" in t)
    assert 94 <= int(re.search(r"(\d+) % of this view", said).group(1)) <= 96
    at.button(key="gv.fit.").click().run()
    assert domain(at) == (-1, 1, -1, 1)
    assert not any("of this view is undefined" in t for t in infos(at))


# -- a `+` in a link --------------------------------------------------------------------------
def test_a_plus_typed_in_a_link_means_plus():
    """Test that ?f=x^2+3y^2 (AppTest writes the query as a form: the space below is the
    link's `+`) shows x² + 3y²: ∇f = (2x, 6y) = (2, 6) at (1, 1), by hand."""
    at = open_page("steepest_ascent", {"f": "x^2 3y^2", "p": "1,1"})
    expect_no_exception(at)
    assert not at.error
    assert at.sidebar.text_input(key="gv.scalar.text").value == "x^2+3y^2"
    texts = [t.value.replace("2.0", "2") for t in (*at.latex, *at.markdown)]
    assert any(r"\begin{bmatrix} 2 \\ 6 \end{bmatrix}" in t or "(2, 6)" in t for t in texts)


def test_a_link_the_app_wrote_reads_back_the_same_function():
    """Test that a function whose space matters (2^x y is 2^x·y, not 2^(x+y)) and one with a
    plus come back from the link the app wrote, as typed."""
    for text in ("2^x y", "x^2 + 3y^2"):
        at = open_page("gradient_field")
        set_function(at, text)
        link = {k: at.query_params[k] for k in at.query_params}
        assert "+" not in link["f"].replace("+\u00a0", "").replace("\u00a0+", "")
        again = open_page("gradient_field", link)
        expect_no_exception(again)
        assert again.sidebar.text_input(key="gv.scalar.text").value == text
        assert [m.value for m in again.metric] == [m.value for m in at.metric]


# -- each page keeps its own function ---------------------------------------------------------
def test_visiting_a_page_does_not_change_another():
    """Test that opening Functions of several variables (whose vector section shows [x, sin y])
    leaves the Jacobian page on the course's map at (1, 1)."""
    at = open_page("functions")
    assert at.sidebar.text_input(key="gv.vector.text").value == "[x, sin(y)]"
    at.switch_page("pages/jacobian-linearisation.py").run()
    expect_no_exception(at)
    assert at.sidebar.text_input(key="gv.vector.text").value == "[x^2 - y, y^2 + x]"
    assert point(at, kind="vector") == (1, 1)
    assert not any("not drawn here" in i.value for i in at.info)


def test_a_function_the_student_chose_is_carried_over():
    """Test that a field typed on Vector fields is the Jacobian page's too, and a curve picked
    on Functions of several variables, which the Jacobian page can't draw, is said to be so."""
    at = open_page("vector_fields")
    set_function(at, "[-y, x]", "vector")
    at.switch_page("pages/jacobian-linearisation.py").run()
    assert at.sidebar.text_input(key="gv.vector.text").value == "[-y, x]"
    at.switch_page("pages/functions-of-several-variables.py").run()
    set_function(at, "[x^2, 2x, -x]", "vector")
    at.switch_page("pages/jacobian-linearisation.py").run()
    expect_no_exception(at)
    assert not at.error
    assert any("The function you chose, `[x^2, 2x, -x]`, is not drawn here" in i.value
               for i in at.info)
    assert at.sidebar.text_input(key="gv.vector.text").value == "[-y, x]"


# -- words about what is on screen ------------------------------------------------------------
def test_the_tangent_plane_is_written_for_reading():
    """Test that x·y at (1, 0) has the tangent plane L = y: f = 0, ∇f = (y, x) = (0, 1)."""
    at = open_page("gradient_field", {"f": "x*y", "p": "1,0", "d": "-2,2,-2,2"})
    expect_no_exception(at)
    (plane,) = [t for t in formulas(at) if "L(x, y)" in t]
    assert r"\begin{aligned} L(x, y) &= y \end{aligned}" in plane


def test_what_to_notice_speaks_of_the_function_shown():
    """Test that the gradient page's summary speaks of x² − y² when it is shown (∇f = (2x, −2y)),
    and of sin(xy) as the course's example only when that is shown."""
    at = open_page("gradient_field")
    notice = at.main.markdown[-1].value
    assert "the course's $\\sin(xy)$" in notice
    set_function(at, "x^2 - y^2")
    notice = at.main.markdown[-1].value
    assert "sin" not in notice and "2 x \\\\ - 2 y" in notice
