"""AppTest: links (?f=&p=&n=&d=) through the shared frame, on the derivative pages.

A link must reopen the view it was copied from; anything broken in it falls back
to the defaults with a visible notice, never an exception.
"""

from __future__ import annotations

import pytest

import gradviz
from tests.app.conftest import expect_no_exception, move, open_page, point, scenes, set_function
from tests.number_text import shown

PAGES = ("partial_derivatives", "gradient_field")
DEFAULT = "sin(x*y)"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def partials_shown(at) -> dict[str, str]:
    """∂f/∂v at p as either page shows it (by variable)."""
    return {m.label[4]: m.value for m in at.metric if m.label.startswith("∂f/∂")}


def partials_expected(text: str, p) -> dict[str, str]:
    f = gradviz.parse(text)
    return {v: shown(gradviz.partial(f, v).at(p)) for v in f.variables}


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


@pytest.mark.parametrize("page", PAGES)
def test_link_opens_function_point_grid_and_domain(page):
    """Test that ?f=x^3*y&p=1.5,-0.5&n=40&d=-3,3,-2,2 opens exactly that view."""
    at = open_page(page, {"f": "x^3*y", "p": "1.5,-0.5", "n": "40", "d": "-3,3,-2,2"})
    expect_no_exception(at)
    assert not at.error and not warnings(at)
    assert at.sidebar.text_input(key="gv.scalar.text").value == "x^3*y"
    assert point(at) == (1.5, -0.5) and scenes(at)[0]["point"][:2] == [1.5, -0.5]
    assert scenes(at)[0]["static"]["panels"][0]["box"] == [-3, 3, -2, 2]
    assert 40 in [s.value for s in at.slider if s.key.startswith("gv.scalar.n")]
    assert partials_shown(at) == partials_expected("x^3*y", (1.5, -0.5))


GARBAGE = {
    "1 MB function": {"f": "x" * 1_000_000},
    "too long function": {"f": "x" * 400_000},  # under Streamlit's 512 Ki limit
    "nan, inf point": {"p": "nan,inf"},
    "huge grid": {"n": "10000000"},
    "empty domain": {"d": "3,1,0,1"},
    "words as point": {"p": "abc"},
    "code as function": {"f": "__import__('os')"},
}
#: what the notice must mention (None: Streamlit drops the link before the app sees it)
NOTICE = {
    "1 MB function": None,
    "too long function": "too long",
    "nan, inf point": "not finite",
    "huge grid": "n=10000000",
    "empty domain": "min < max",
    "words as point": "not numbers",
    "code as function": "strings are not allowed",
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("name", list(GARBAGE))
def test_garbage_link_falls_back_with_a_notice(page, name):
    """Test that a broken link shows the defaults (sin(xy) at (1, 2)) and says what was wrong."""
    at = open_page(page, GARBAGE[name])
    expect_no_exception(at)
    assert not at.error
    assert at.sidebar.text_input(key="gv.scalar.text").value == DEFAULT
    assert point(at) == (1.0, 2.0)
    assert partials_shown(at) == partials_expected(DEFAULT, (1, 2))
    if NOTICE[name] is None:
        # Streamlit itself discards query strings over 512 Ki characters
        # (streamlit/runtime/state/query_params.py): the app never sees this link.
        assert not warnings(at)
        assert at.query_params["f"] == DEFAULT
    else:
        assert any(NOTICE[name] in w for w in warnings(at)), warnings(at)


@pytest.mark.parametrize("page", PAGES)
def test_link_round_trips(page):
    """Test that after moving p the link holds the new p, and opening it shows the same numbers."""
    at = open_page(page, {"f": "x^2*y - y^3", "p": "0.5,1", "d": "-2,2,-2,2"})
    expect_no_exception(at)
    move(at, -1.24, 0.76)
    expect_no_exception(at)
    link = {k: at.query_params[k] for k in at.query_params}
    assert link["p"] == "-1.24,0.76"
    assert link["f"] == "x^2*y\u00a0-\u00a0y^3"  # a space is written as a no-break space
    again = open_page(page, link)
    expect_no_exception(again)
    assert not warnings(again)
    assert point(again) == (-1.24, 0.76)
    assert metrics(again) == metrics(at)
    assert partials_shown(again) == partials_expected("x^2*y - y^3", (-1.24, 0.76))


def test_link_round_trips_page_controls():
    """Test that arrows, path, and the path's step and steps (the picture's own sliders) of
    the gradient page travel in the link."""
    at = open_page("gradient_field", {"g": "1", "s": "0.125", "k": "12"})
    at.slider(key="gf.arrows").set_value(22).run()
    expect_no_exception(at)
    link = {k: at.query_params[k] for k in at.query_params}
    assert (link["a"], link["g"], link["s"], link["k"]) == ("22", "1", "0.125", "12")
    again = open_page("gradient_field", link)
    expect_no_exception(again)
    assert again.slider(key="gf.arrows").value == 22
    assert scenes(again)[0]["params"] == {"s": 0.125, "k": 12}
    assert [c.value for c in again.caption if "path" in c.value] == \
        [c.value for c in at.caption if "path" in c.value]


@pytest.mark.parametrize("page", PAGES)
def test_bad_function_typed_keeps_the_last_valid_one(page):
    """Test that an unknown function name gives st.error naming it, and the numbers stay."""
    at = open_page(page, {"f": "x^2 + 3y", "p": "1,1"})
    before = metrics(at)
    set_function(at, "foo(x) + y")
    expect_no_exception(at)
    assert len(at.error) == 1
    message = at.error[0].value
    assert "unknown function `foo`" in message and "x^2 + 3y" in message
    assert metrics(at) == before
    assert at.query_params["f"] == "x^2\u00a0+\u00a03y"  # spaces written as no-break spaces
