"""Every page in a real browser: loads cleanly, answers its point's slider, round-trips its link."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from tests.e2e import live
from tests.e2e.conftest import (
    KIND_PAGES,
    PAGES,
    SCREENSHOTS,
    TITLE,
    TOPIC_PAGES,
    VIEWPORT,
    _new_page,
    current_url,
    error_texts,
    expect_no_exception,
    function_box,
    metric_values,
    open_app,
    query,
    run_streamlit,
    screenshot_full,
    script_state,
    shown_numbers,
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
    """Test that moving the picture's x₀ slider from the keyboard re-renders the numbers and
    the link."""
    open_app(page, PAGES[name][0])
    slider = live.slider(page)
    before_text, before_p, before_shown = (live.slider_text(page), query(page).get("p"),
                                           shown_numbers(page))
    slider.press("Home" if slider.evaluate("(el) => +el.value >= +el.max") else "End")
    wait_until(lambda: query(page).get("p") != before_p,
               message=lambda: f"the link's p stayed {before_p!r} after moving x₀ from "
                               f"{before_text} (now shows {live.slider_text(page)}, "
                               f"script {script_state(page)})")
    wait_idle(page)
    expect_no_exception(page)
    assert live.slider_text(page) != before_text
    assert shown_numbers(page) != before_shown, "no number or formula changed with x₀"
    assert not error_texts(page), error_texts(page)


def test_link_round_trips(page, new_page):
    """Test that a link opens its state, and the link after a move of the point reopens the
    same view."""
    open_app(page, "/gradient-field?f=" + quote("x^3*y") + "&p=" + quote("1.5,2"))
    expect_no_exception(page)
    assert (live.slider_text(page), live.slider_text(page, "y₀")) == ("1.5", "2")
    assert metric_values(page)["f(p)"] == "6.75"  # 1.5³ · 2 (trailing zeros dropped: one number rule)

    live.slider(page, "y₀").press("ArrowLeft")  # 1% of [0, 4] down: y = 1.96
    wait_until(lambda: query(page).get("p") == "1.5,1.96",
               message=lambda: f"after one step down the link has p={query(page).get('p')} "
                               f"and y₀ shows {live.slider_text(page, 'y₀')}")
    wait_idle(page)
    link, shown = current_url(page), metric_values(page)
    assert live.slider_text(page, "y₀") == "1.96"
    assert shown["f(p)"] == "6.615"  # 1.5³ · 1.96

    other = new_page()
    other.goto(link)
    wait_idle(other)
    expect_no_exception(other)
    assert (live.slider_text(other), live.slider_text(other, "y₀")) == ("1.5", "1.96")
    assert metric_values(other) == shown
    assert query(other) == query(page)


def test_fast_key_presses_all_land(page):
    """Test that five quick key presses move y₀ five steps and slider, numbers and link agree."""
    open_app(page, "/gradient-field?f=" + quote("x^3*y") + "&p=" + quote("1.5,2"))
    live.slider(page, "y₀").focus()
    for _ in range(5):  # an instructor tapping the arrow key
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(100)
    wait_until(lambda: query(page).get("p") == "1.5,1.8", timeout=15,
               message=lambda: f"five steps down from 2 the link has p={query(page).get('p')}")
    wait_idle(page)
    expect_no_exception(page)
    assert (live.slider_text(page, "y₀"), query(page)["p"], metric_values(page)["f(p)"]) == (
        "1.8", "1.5,1.8", "6.075")  # 1.5³ · 1.8


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


# a link per topic page with its own function and point, as an instructor prepares them
PREPARED = {
    "functions": {"f": "x^2 - y^2", "p": "0.5,1"},
    "vector_fields": {"f": "[y, -x]", "p": "1,0.5"},
    "partial_derivatives": {"f": "x^2*y + y^3", "p": "0.5,1"},
    "gradient_field": {"f": "x^2+y", "p": "1,1"},
    "jacobian": {"f": "[x*y, x + y]", "p": "1,2"},
    "steepest_ascent": {"f": "x^2 + 3*y", "p": "1,1"},
    "gradient_descent": {"f": "(1 - x)^2 + 100(y - x^2)^2", "p": "-1,1", "s": "0.001"},
}


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_first_link_after_a_server_start(browser, tmp_path, name):
    """Test that a prepared link opened first thing after `streamlit run` shows its page in the
    app's frame, with the link's function, and no "Page not found" dialog (Streamlit runs a
    first request through its old pages/ mode; the page files are named after their links)."""
    path, title = PAGES[name]
    with run_streamlit("streamlit_app.py", tmp_path / "server.log") as base:
        ctx = browser.new_context(viewport=VIEWPORT)
        try:
            page = _new_page(ctx, base)
            open_app(page, path, PREPARED[name])
            wait_until(lambda: page.locator(TITLE).count() > 0, message="no title")
            wait_idle(page)
            dialogs = page.locator('[role="dialog"]')
            assert dialogs.count() == 0, dialogs.all_inner_texts()
            assert re.search(title, page.locator(TITLE).first.inner_text(), re.IGNORECASE)
            expect_no_exception(page)
            assert not error_texts(page) and not warning_texts(page), (
                error_texts(page), warning_texts(page))
            # the frame ran: its sidebar toggle, and the link's function in the function box
            assert page.get_by_role("switch", name="Lecture mode").count() == 1
            text = PREPARED[name]["f"]
            box = page.locator('[data-testid="stSidebar"] [data-testid="stTextInput"] input')
            assert text in [box.nth(i).input_value() for i in range(box.count())]
            assert query(page).get("p") == PREPARED[name]["p"], query(page)
            assert not page.js_errors, page.js_errors
        finally:
            ctx.close()


#: charts (Vega canvas or SVG, Plotly) that reach past the right edge of their column, px
OVERFLOWING = """() => {
  const out = [];
  for (const el of document.querySelectorAll(
      '[data-testid="stVegaLiteChart"], [data-testid="stPlotlyChart"], .gv-live, .gv-scene')) {
    const col = el.closest('[data-testid="stColumn"]')
      || el.closest('[data-testid="stMainBlockContainer"]');
    const edge = col.getBoundingClientRect().right;
    let right = 0;
    for (const k of el.querySelectorAll('canvas, svg.marks, .main-svg')) {
      right = Math.max(right, k.getBoundingClientRect().right);
    }
    if (right > edge + 2) out.push(Math.round(right - edge));
  }
  return out;
}"""


@pytest.mark.parametrize("name,lecture", [(n, False) for n in TOPIC_PAGES]
                         + [("gradient_field", True), ("functions", True)])
def test_charts_fit_their_columns_on_a_1280px_projector(page, name, lecture):
    """Test that on a 1280 × 800 screen (sidebar open) no chart is drawn over the column beside
    it: the columns next to a chart wrap below it instead."""
    page.set_viewport_size({"width": 1280, "height": 800})
    try:
        open_app(page, PAGES[name][0], {"lecture": "1"} if lecture else None)
        page.wait_for_timeout(1000)  # charts draw after the script is idle
        charts = page.locator('[data-testid="stVegaLiteChart"] canvas, '
                              '[data-testid="stVegaLiteChart"] svg.marks, .gv-live canvas, '
                              '.gv-scene canvas')
        assert charts.count() > 0
        assert page.evaluate(OVERFLOWING) == []
        expect_no_exception(page)
    finally:
        page.set_viewport_size(VIEWPORT)


# -- lecture mode on a 1280 × 800 projector (issue 19) ------------------------------------------
PROJECTOR = {"width": 1280, "height": 800}

#: text cut off (with "…" or just clipped): an element that hides its overflow, holds a short
#: text and no chart, and is narrower than its content
CUT_OFF = """() => {
  const out = [];
  for (const el of document.querySelectorAll(
      '[data-testid="stMain"] *, [data-testid="stSidebar"] *')) {
    if (el.closest('.katex, .st-key-gv_link')  // maths (hidden MathML), the link box
        || el.querySelector('canvas, svg, iframe, input, .katex, [data-testid="stVegaLiteChart"]'))
      continue;
    const text = (el.innerText || '').trim();
    if (!text || text.length > 200) continue;
    const cs = getComputedStyle(el);
    const clips = cs.textOverflow === 'ellipsis' || cs.overflowX === 'hidden'
        || cs.overflowX === 'clip';
    if (clips && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
      out.push(text.slice(0, 40));
  }
  return [...new Set(out)];
}"""


# the picture and its point sliders on the first screen: tests/e2e/test_screens.py


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_lecture_mode_no_label_cut_off(page, name):
    """Test that in lecture mode at 1280 × 800 no label, metric or page name is cut off
    ("det J a…", "Gradient ascent / descen…", "Partial deriv…")."""
    page.set_viewport_size(PROJECTOR)
    try:
        open_app(page, PAGES[name][0], {"lecture": "1"})
        assert page.evaluate(CUT_OFF) == []
        expect_no_exception(page)
    finally:
        page.set_viewport_size(VIEWPORT)
