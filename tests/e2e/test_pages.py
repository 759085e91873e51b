"""Every page in a real browser: loads cleanly, answers a slider, round-trips its link."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from tests.e2e.conftest import (
    KIND_PAGES,
    PAGES,
    SCREENSHOTS,
    TITLE,
    TOPIC_PAGES,
    current_url,
    error_texts,
    expect_no_exception,
    function_box,
    get_slider,
    metric_values,
    open_app,
    query,
    screenshot_full,
    script_state,
    shown_numbers,
    slider_text,
    slider_thumb,
    wait_idle,
    wait_until,
    warning_texts,
)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads(page, name):
    """Test that the page loads with no exception or error box, shows its title, and is saved as a screenshot."""
    path, title = PAGES[name]
    open_app(page, path)
    expect_no_exception(page)
    assert not error_texts(page), error_texts(page)
    h1 = page.locator(TITLE).first.inner_text()
    assert re.search(title, h1, re.IGNORECASE), f"title {h1!r} does not match {title!r}"
    screenshot_full(page, SCREENSHOTS / f"{name}.png")
    expect_no_exception(page)
    assert not page.external_requests, page.external_requests


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_slider_move_rerenders(page, name):
    """Test that moving the x₀ slider from the keyboard re-renders the numbers and the link."""
    open_app(page, PAGES[name][0])
    slider = get_slider(page, "x₀")
    thumb = slider_thumb(slider)
    before_text, before_p, before_shown = slider_text(slider), query(page).get("p"), shown_numbers(page)
    at_max = thumb.get_attribute("aria-valuenow") == thumb.get_attribute("max") or (
        thumb.get_attribute("value") == thumb.get_attribute("max"))
    thumb.press("Home" if at_max else "End")
    wait_until(lambda: query(page).get("p") != before_p,
               message=lambda: f"the link's p stayed {before_p!r} after moving x₀ from "
                               f"{before_text} (now shows {slider_text(slider)}, "
                               f"script {script_state(page)})")
    wait_idle(page)
    expect_no_exception(page)
    assert slider_text(slider) != before_text
    assert shown_numbers(page) != before_shown, "no number or formula changed with x₀"
    assert not error_texts(page), error_texts(page)


def test_link_round_trips(page, new_page):
    """Test that a link opens its state, and the link after a slider move reopens the same view."""
    open_app(page, "/gradient-field?f=" + quote("x^3*y") + "&p=" + quote("1.5,2"))
    expect_no_exception(page)
    assert slider_text(get_slider(page, "x₀")) == "1.50"
    assert slider_text(get_slider(page, "y₀")) == "2.00"
    assert metric_values(page)["f(p)"] == "6.7500"  # 1.5³ · 2

    y0 = get_slider(page, "y₀")
    slider_thumb(y0).press("ArrowLeft")  # one step of 0.02 down
    wait_until(lambda: query(page).get("p") == "1.5,1.98" and slider_text(y0) == "1.98",
               message=lambda: f"after one step down the link has p={query(page).get('p')} "
                               f"and y₀ shows {slider_text(y0)}")
    wait_idle(page)
    link, shown = current_url(page), metric_values(page)
    assert shown["f(p)"] == "6.6825"  # 1.5³ · 1.98

    other = new_page()
    other.goto(link)
    wait_idle(other)
    expect_no_exception(other)
    assert slider_text(get_slider(other, "x₀")) == "1.50"
    assert slider_text(get_slider(other, "y₀")) == "1.98"
    assert metric_values(other) == shown
    assert query(other) == query(page)


def test_fast_key_presses_all_land(page):
    """Test that five quick key presses move y₀ five steps and slider, numbers and link agree."""
    open_app(page, "/gradient-field?f=" + quote("x^3*y") + "&p=" + quote("1.5,2"))
    y0 = get_slider(page, "y₀")
    slider_thumb(y0).focus()
    for _ in range(5):  # an instructor tapping the arrow key
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(100)
    wait_until(lambda: query(page).get("p") == "1.5,1.9", timeout=15,
               message=lambda: f"five steps down from 2 the link has p={query(page).get('p')}")
    wait_idle(page)
    expect_no_exception(page)
    assert (slider_text(y0), query(page)["p"], metric_values(page)["f(p)"]) == (
        "1.90", "1.5,1.9", "6.4125")  # 1.5³ · 1.9


@pytest.mark.parametrize("name", KIND_PAGES)
def test_bad_function_keeps_last_valid(page, name):
    """Test that a bad function in the sidebar box shows st.error and the numbers stay."""
    open_app(page, PAGES[name][0])
    before = shown_numbers(page)
    box = function_box(page)
    box.fill("sin(x*")
    box.press("Enter")
    wait_until(lambda: error_texts(page), message="no st.error for the bad function 'sin(x*'")
    wait_idle(page)
    expect_no_exception(page)
    assert any("sin(x*" in t for t in error_texts(page)), error_texts(page)
    wait_until(lambda: shown_numbers(page) == before, timeout=15,
               message=lambda: f"the numbers changed after the bad function: "
                               f"before {before}, now {shown_numbers(page)}")


@pytest.mark.parametrize("name", KIND_PAGES)
def test_garbage_link_warns(page, name):
    """Test that a link with garbage values shows a warning, falls back, and raises nothing."""
    open_app(page, PAGES[name][0] + "?p=nan,inf&n=10000000")
    expect_no_exception(page)
    assert not error_texts(page), error_texts(page)
    warnings = " ".join(warning_texts(page))
    assert "p=nan,inf" in warnings and "n=10000000" in warnings, warnings
    assert query(page).get("p") not in (None, "nan,inf")
