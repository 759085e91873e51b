"""Issue 26 where the browser matters: a `+` typed into a link, links the app writes, the
check one click from the readouts, labels never cut, Dᵤf in the status line."""

from __future__ import annotations

import re

from tests.e2e.conftest import (
    MAIN,
    PAGES,
    current_url,
    error_texts,
    expect_no_exception,
    function_box,
    share_link,
    wait_idle,
    wait_until,
    warning_texts,
)
from tests.e2e.live import STATUS, status_text


def test_a_plus_typed_into_a_link_means_plus(page):
    """Test that /steepest-ascent?f=x^2+3y^2 (typed by hand: a raw `+`) shows x² + 3y²: at
    (1, 1) ∇f = (2x, 6y) = (2, 6) and at θ = 30° Dᵤf = 2 cos 30° + 6 sin 30° = √3 + 3 = 4.7321,
    by hand."""
    page.goto(page.base_url + PAGES["steepest_ascent"][0] + "?f=x^2+3y^2&p=1,1")
    wait_idle(page)
    expect_no_exception(page)
    assert not error_texts(page)
    assert function_box(page).input_value() == "x^2+3y^2"
    page.locator(STATUS).first.wait_for()
    said = wait_until(lambda: "∇f(p) = (2, 6)" in status_text(page) and status_text(page),
                      message=lambda: f"status: {status_text(page)!r}")
    assert re.search(r"Dᵤf = 4\.7321(\s|$)", said), said


def test_a_trailing_plus_in_a_link_is_not_silently_a_space(page):
    """Test that /gradient-field?f=x+y+ (a plus typed into a link, the text left unfinished)
    says that it was read with `+` as spaces, as `x y`, and how to write a plus; and that a
    typo is quoted as typed (`sni(x)+y`, not `sni(x) y`)."""
    page.goto(page.base_url + PAGES["gradient_field"][0] + "?f=x+y+")
    wait_idle(page)
    expect_no_exception(page)
    said = wait_until(lambda: warning_texts(page), message="no notice about the link's +")
    assert any("can't be read with + as plus" in w and "it is x y" in w for w in said), said
    page.goto(page.base_url + PAGES["gradient_field"][0] + "?f=sni(x)+y")
    wait_idle(page)
    said = wait_until(lambda: warning_texts(page), message="no notice about the link's typo")
    assert any("sni(x)+y can't be used" in w for w in said), said


def test_the_links_the_app_writes_read_back_as_typed(page, new_page):
    """Test that a function whose space matters (2^x y is 2^x·y, not 2^(x+y)) comes back from
    the address bar and from the share link exactly as typed."""
    page.goto(page.base_url + PAGES["gradient_field"][0])
    wait_idle(page)
    box = function_box(page)
    box.fill("2^x y")
    box.press("Enter")
    wait_until(lambda: "f=2%5Ex%C2%A0y" in current_url(page),
               message=lambda: f"the address bar: {current_url(page)}")
    wait_idle(page)
    link = share_link(page)
    assert "f=2^x%20y" in link and "+" not in link.split("?", 1)[1], link
    for url in (current_url(page), link):
        other = new_page()
        other.goto(url)
        wait_idle(other)
        expect_no_exception(other)
        assert function_box(other).input_value() == "2^x y", url
        assert not error_texts(other)


def test_the_check_is_one_click_from_the_readouts(page):
    """Test that the link under a slice's slope brings the check-yourself box into view."""
    page.goto(page.base_url + PAGES["partial_derivatives"][0])
    wait_idle(page)
    answer = page.get_by_role("textbox", name="∂f/∂x =", exact=True)

    def in_view() -> bool:
        box = answer.bounding_box()
        return box is not None and 0 <= box["y"] <= page.viewport_size["height"] - box["height"]

    assert not in_view()
    page.locator(MAIN).get_by_role("link", name="Work out ∂f/∂x by hand first").click()
    wait_until(in_view, timeout=10, message="the check box is not in view after the link")
    expect_no_exception(page)


def test_the_course_example_button_label_is_not_cut(page):
    """Test that on a narrow screen (a phone, in lecture mode's bigger text) the Jacobian page's
    "Open the course's example …" label is shown whole (it wraps), not cut with "…"."""
    page.set_viewport_size({"width": 400, "height": 1000})
    page.goto(page.base_url + PAGES["jacobian"][0] + "?f=%5B-y%2C%20x%5D&lecture=1")
    wait_idle(page)
    link = page.locator('[data-testid="stPageLink-NavLink"]').filter(
        has_text="Open the course's example")
    link.wait_for()
    assert "[x² − y, y² + x]" in link.inner_text()
    cut = link.evaluate("""(a) => [a, ...a.querySelectorAll('*')].filter(
        (el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible'
    ).map((el) => el.tagName + ' ' + el.scrollWidth + '>' + el.clientWidth)""")
    assert not cut, cut


def test_back_returns_to_each_page_as_it_was(page):
    """Test that one press of the browser's Back after the sidebar took a student from the
    gradient field to vector fields to gradient descent shows the page before, with its own
    function and no notice about a link. Streamlit pushes a history entry for every new query
    of a page (the new page's path with the old page's parameters, then its own; each move of
    p), so Back took two presses a page, and landed on the gradient field with [x, sin y]'s
    p and n."""
    titles = {"/gradient-field": "Gradient field", "/vector-fields": "Vector fields",
              "/gradient-descent": "Gradient descent"}

    def shown():  # the page in the address bar has drawn its title, and is idle
        path = "/" + current_url(page).split("?")[0].rsplit("/", 1)[1]
        wait_until(lambda: page.locator("h1").first.inner_text() == titles[path],
                   message=lambda: (current_url(page), page.locator("h1").first.inner_text()))
        wait_idle(page)

    page.goto(page.base_url + PAGES["gradient_field"][0])
    wait_idle(page)
    for title in ("Vector fields", "Gradient descent"):
        page.locator('[data-testid="stSidebarNav"]').get_by_text(title).click()
        page.wait_for_url(re.compile("/" + title.lower().replace(" ", "-")))
        shown()
    seen = []
    for path in ("/vector-fields?", "/gradient-field?"):
        page.go_back()
        shown()
        url = current_url(page)
        seen.append((url, warning_texts(page)))
        assert path in url, seen
        assert not [w for w in warning_texts(page) if "The link's" in w], seen
    assert "/gradient-field?f=sin%28x%2Ay%29&p=1%2C2&n=80" in url, seen
    assert function_box(page).input_value() == "sin(x*y)"
