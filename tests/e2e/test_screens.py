"""Every screen a class uses (issue 25): a phone in the hall, a 1024 × 768 projector in lecture
mode with the sidebar open and closed, a 1280 × 800 projector and a 1366 × 768 laptop.

On each topic page and each screen: nothing scrolls sideways, the picture is within the
screen's width, no control is drawn over it, every formula fits its column; on a phone a tap
moves p, a swipe that starts off p scrolls the page and leaves p alone, and a drag from p
moves it; PageDown scrolls before any click; in lecture mode the picture is on the first
screen and the keyboard reaches it in at most three Tabs; the status line stays in view
during a drag. A screenshot of each page at each size goes to the screenshot folder.
"""

from __future__ import annotations

import json

import pytest

from gradviz.app.pages import TOPIC_PAGES
from tests.e2e import live
from tests.e2e.conftest import (
    PAGES,
    SCREENSHOTS,
    expect_no_exception,
    function_box,
    open_app,
    wait_idle,
    wait_until,
)

# name -> viewport, lecture mode, sidebar open, a phone (touch)
SCREENS = {
    "phone": ({"width": 390, "height": 844}, False, False, True),
    "projector": ({"width": 1024, "height": 768}, True, True, False),
    "projector-no-sidebar": ({"width": 1024, "height": 768}, True, False, False),
    "projector-1280": ({"width": 1280, "height": 800}, True, True, False),
    "laptop": ({"width": 1366, "height": 768}, False, True, False),
    # a small laptop, a tablet held sideways, or a projector before lecture mode is turned on
    "laptop-1024": ({"width": 1024, "height": 768}, False, True, False),
}
#: px a side the map is drawn at the least, on every screen (the functions page drew it at 120
#: on a 1024 × 768 screen with the sidebar open, its readouts squeezing the picture's column)
SMALLEST_MAP = 140

_GEOMETRY = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const canvas = document.querySelector('canvas.gv-top');
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const scene = canvas.closest('.gv-scene');
  const controls = [...document.querySelectorAll('[data-testid="stMain"] :is(input, button, select, textarea, [role="slider"], [data-testid="stMetric"])')]
    .filter((el) => !scene.contains(el) && el.offsetParent !== null).map((el) => [el.outerHTML.slice(0, 80), box(el)]);
  const formulas = [...document.querySelectorAll('.katex-display')].filter((el) => el.offsetParent !== null)
    .map((el) => [el.textContent.slice(0, 40), el.scrollWidth - el.clientWidth]);
  return {innerWidth, innerHeight, plot: JSON.parse(canvas.dataset.plot).size, column: scene.closest('[data-testid="stColumn"]')?.clientWidth ?? null,
          body: document.querySelector('[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"]').clientWidth,
          rem: parseFloat(getComputedStyle(document.documentElement).fontSize), sideways: Math.max(document.documentElement.scrollWidth - innerWidth,
          main.scrollWidth - main.clientWidth), canvas: box(canvas), controls, formulas,
          tables: [...document.querySelectorAll('[data-testid="stTable"]')].filter((el) => el.offsetParent !== null)
            .map((el) => el.querySelector('table').scrollWidth - el.clientWidth),
          twice: [...document.querySelectorAll('[class*="st-key-gv_wide_"], [class*="st-key-gv_narrow_"]')]
            .map((el) => [el.className.includes("gv_narrow_"), getComputedStyle(el).display !== "none"]),
          sliders: [...scene.querySelectorAll('input[type=range][aria-label*="the point"]')].map(box),
          labels: [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stSlider"] [data-testid="stWidgetLabel"] p')]
            .filter((el) => el.offsetParent !== null)
            .map((el) => [el.textContent, el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)]),
          scroll: main.scrollTop};
}"""


def _meets(a, b) -> bool:
    return a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1


@pytest.fixture
def screen(browser, server, request):
    """A new browser context with the screen's viewport (and touch on a phone)."""
    contexts = []

    def make(name):
        viewport, _, _, phone = SCREENS[name]
        ctx = browser.new_context(viewport=viewport, has_touch=phone, is_mobile=phone,
                                  device_scale_factor=1)
        contexts.append(ctx)
        page = ctx.new_page()
        page.base_url = server
        page.js_errors = []
        page.on("pageerror", lambda e: page.js_errors.append(str(e)))
        return page

    yield make
    for ctx in contexts:
        ctx.close()


def _open(page, name: str, screen: str):
    _, lecture, sidebar, _ = SCREENS[screen]
    open_app(page, PAGES[name][0], {"lecture": "1"} if lecture else None)
    page.wait_for_selector("canvas.gv-top")
    opened = '[data-testid="stSidebar"][data-collapsed="false"]'
    if (page.locator(opened).count() > 0) != sidebar:
        if not sidebar:  # its collapse button shows while the pointer is over the sidebar
            page.locator('[data-testid="stSidebar"]').hover()
        page.locator('[data-testid="stSidebarCollapseButton"] button' if not sidebar
                     else '[data-testid="stExpandSidebarButton"]').first.click()
        wait_until(lambda: (page.locator(opened).count() > 0) == sidebar,
                   message="the sidebar did not open or close")
        page.wait_for_timeout(400)  # the sidebar's slide, then the picture's new width


@pytest.mark.parametrize("screen_name", list(SCREENS))
@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_the_page_fits_the_screen(screen, name, screen_name):
    """Test that nothing scrolls sideways, the picture is within the screen, no control is
    drawn over it, the map is at least SMALLEST_MAP px a side, and every formula and table
    fits its column (the descent page's comparison needed a swipe on a phone; a term-by-term
    table is laid out two terms a row there); in lecture mode the picture and its
    point sliders are on the first screen; on the laptop the function box is on the
    sidebar's first screen."""
    page = screen(screen_name)
    _open(page, name, screen_name)
    expect_no_exception(page)
    _, lecture, _, _ = SCREENS[screen_name]
    if lecture:  # the first screen, before any scrolling
        g = page.evaluate(_GEOMETRY)
        assert g["canvas"][3] <= g["innerHeight"] and all(s[3] <= g["innerHeight"] for s in g["sliders"]), g
    else:  # the screenshot shows the picture, under the app's header
        page.locator(".gv-scene").first.evaluate("(el) => el.scrollIntoView({block: 'start'})")
        _settled(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{screen_name}.png"))
    wait_until(lambda: all(w <= 1 for _, w in page.evaluate(_GEOMETRY)["formulas"]),
               message=lambda: f"formulas wider than their column: {page.evaluate(_GEOMETRY)['formulas']}")
    g = page.evaluate(_GEOMETRY)
    assert g["sideways"] <= 1, g
    assert all(w <= 1 for w in g["tables"]), f"a table needs a sideways swipe: {g['tables']}"
    phone = SCREENS[screen_name][3]  # a formula laid out twice: the narrow one on a phone only
    assert all(shown == (narrow == phone) for narrow, shown in g["twice"]), g["twice"]
    if name == "partial_derivatives":  # (the course's worked example, in its expander)
        assert len(g["twice"]) == 2, g["twice"]
    assert g["canvas"][0] >= 0 and g["canvas"][2] <= g["innerWidth"], g["canvas"]
    assert g["plot"] >= SMALLEST_MAP, f"the map is {g['plot']:.0f} px a side"
    # the readouts beside the picture wrap under it before they squeeze it below 26 rem
    assert g["column"] is None or g["column"] >= min(26 * g["rem"], g["body"]) - 1, g
    over = [html for html, b in g["controls"] if _meets(b, g["canvas"])]
    assert not over, f"controls over the picture: {over}"
    wrapped = [text for text, lines in g["labels"] if lines > 1.5]
    assert not wrapped, f"slider labels broken over lines (a row too narrow): {wrapped}"
    if screen_name == "laptop":  # the function box on the sidebar's first screen
        box = function_box(page).bounding_box()
        assert box["y"] + box["height"] <= g["innerHeight"], box


def _settled(page):
    """Wait until the page has stopped scrolling (a swipe's fling)."""
    seen = []
    wait_until(lambda: seen.append(page.evaluate(_GEOMETRY)["scroll"]) or seen[-2:-1] == seen[-1:],
               message="the page kept scrolling")


def _status_point(page):
    return live.status_point(live.status_text(page))


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_touch_like_a_map_app(screen, name):
    """Test on a phone: a tap places p; a swipe that starts off p scrolls the page and leaves
    p alone; a touch that starts on p drags it."""
    page = screen("phone")
    _open(page, name, "phone")
    canvas = page.locator("canvas.gv-top").first
    canvas.evaluate("(el) => el.scrollIntoView({block: 'center'})")
    g = live.where(page, *_status_point(page)[:2], scroll=False)
    x0, x1, y0, y1 = g["domain"]
    target = (x0 + 0.25 * (x1 - x0), y0 + 0.3 * (y1 - y0))
    t = live.where(page, *target, scroll=False)
    page.touchscreen.tap(t["px"], t["py"])
    wait_until(lambda: abs(_status_point(page)[0] - target[0]) < 0.01 * (x1 - x0),
               message=lambda: f"a tap did not move p: {live.status_text(page)}")
    before = _status_point(page)
    scroll = page.evaluate(_GEOMETRY)["scroll"]
    off = live.where(page, x0 + 0.8 * (x1 - x0), y0 + 0.8 * (y1 - y0), scroll=False)
    cdp = page.context.new_cdp_session(page)
    touch = lambda kind, x, y: cdp.send("Input.dispatchTouchEvent", {  # noqa: E731
        "type": kind, "touchPoints": [] if kind == "touchEnd" else [{"x": x, "y": y}]})
    touch("touchStart", off["px"], off["py"])
    for k in range(1, 13):
        touch("touchMove", off["px"], off["py"] - 18 * k)
    touch("touchEnd", 0, 0)
    wait_until(lambda: page.evaluate(_GEOMETRY)["scroll"] > scroll + 40,
               message="a swipe on the picture did not scroll the page")
    assert _status_point(page) == before, "a swipe moved p"
    _settled(page)  # the swipe's fling, then the picture back in view
    page.locator("canvas.gv-top").first.evaluate("(el) => el.scrollIntoView({block: 'center'})")
    _settled(page)
    p = live.where(page, *before[:2], scroll=False)
    touch("touchStart", p["px"], p["py"])
    for k in range(1, 11):
        touch("touchMove", p["px"] + 6 * k, p["py"] + 4 * k)
    touch("touchEnd", 0, 0)
    wait_until(lambda: _status_point(page)[0] > before[0],
               message=lambda: f"a drag from p did not move it: {live.status_text(page)}")
    expect_no_exception(page)


def test_in_lecture_mode_a_links_notice_is_on_the_first_screen(screen):
    """Test that a prepared link with a typo says so on the projector's first screen, under
    the title and above the picture (lecture mode moves the page's prose after the picture,
    and the notice went with it, three screens down)."""
    page = screen("projector")
    open_app(page, PAGES["gradient_field"][0], {"f": "sin(x*y))", "lecture": "1"})
    page.wait_for_selector("canvas.gv-top")
    notice = page.locator('.st-key-gv_notices [data-testid="stAlertContentWarning"]')
    wait_until(lambda: notice.count() == 1, message="no notice about the link's function")
    assert "can't be used" in notice.inner_text()
    box, picture = notice.bounding_box(), page.locator("canvas.gv-top").bounding_box()
    title = page.locator("h1").first.bounding_box()
    assert title["y"] < box["y"] < picture["y"] and box["y"] + box["height"] <= 768, (box, picture)


def test_in_lecture_mode_the_held_variable_is_on_the_first_screen(screen):
    """Test that the course's f(x, y, z) on the projector has its z slider (the course: the
    slope depends on every coordinate) on the first screen with the picture, not after the
    page's prose."""
    page = screen("projector")
    open_app(page, PAGES["partial_derivatives"][0],
             {"f": "x^2 + y^2 + e^x + x^z + x*y*z", "p": "1,1,2", "lecture": "1"})
    page.wait_for_selector("canvas.gv-top")
    z = page.locator('.st-key-gv-scalar-p2 input[type="range"]')
    assert z.get_attribute("aria-label") == "z (held fixed)" and z.input_value() == "2"
    box = page.locator('.st-key-gv-scalar-p2 [data-testid="stSlider"]').bounding_box()
    assert box["y"] + box["height"] <= 768, box


@pytest.mark.parametrize("screen_name", ["projector", "projector-no-sidebar"])
def test_in_lecture_mode_the_step_size_is_on_the_first_screen(screen, screen_name):
    """Test that gradient descent's step size s, the page's main control, is on the
    projector's first screen with the map and the point's sliders (it was 7 px below it
    without the sidebar, more with it)."""
    page = screen(screen_name)
    _open(page, "gradient_descent", screen_name)
    s = page.locator('.gv-scene input[type=range][aria-label="step size s"]')
    wait_until(lambda: s.count() == 1, message="no step size slider in the picture")
    wait_until(lambda: s.bounding_box()["y"] + s.bounding_box()["height"] <= 768,
               message=lambda: f"the step size slider is below the first screen: {s.bounding_box()}")


def test_in_lecture_mode_a_picture_further_down_is_as_large_as_the_screen_allows(screen):
    """Test that the Jacobian page's course figure and zoom, below its first picture, are
    sized as pictures off the first screen on the projector (they were sized to fit above
    the first screen's bottom, and shrank to the engine's 120 px least)."""
    page = screen("projector")
    open_app(page, PAGES["jacobian"][0], {"lecture": "1"})
    wait_until(lambda: page.locator("canvas.gv-top").count() == 3,
               message="the Jacobian page's three pictures did not all show")
    wait_until(lambda: all(json.loads(c.get_attribute("data-plot") or "{}").get("size", 0) >= 180
                           for c in page.locator("canvas.gv-top").all()),
               message=lambda: [c.get_attribute("data-plot") for c in page.locator("canvas.gv-top").all()])


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_a_clicker_and_a_keyboard(screen, name):
    """Test on the projector in lecture mode, opened from a link (the sidebar folded away, so
    nothing has been clicked): PageDown scrolls before any click, and the first Tab stop
    skips to the picture (Enter), whose sliders are the next two stops."""
    page = screen("projector-no-sidebar")
    _open(page, name, "projector-no-sidebar")
    start = page.evaluate(_GEOMETRY)["scroll"]
    page.keyboard.press("PageDown")
    wait_until(lambda: page.evaluate(_GEOMETRY)["scroll"] > start + 100,
               message="PageDown did not scroll the page")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to the picture"
    page.keyboard.press("Enter")
    wait_until(lambda: page.evaluate("() => document.activeElement.matches('canvas.gv-top')"),
               message="the skip link did not reach the picture")
    for _ in range(2):
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.closest('.gv-scene') !== null "
                             "&& document.activeElement.type === 'range'")


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_the_status_line_stays_in_view_during_a_drag(screen, name):
    """Test on a 1366 × 768 laptop: with the whole picture in view, the status line is on
    the screen while the point is dragged."""
    page = screen("laptop")
    _open(page, name, "laptop")
    page.locator("canvas.gv-top").first.evaluate("(el) => el.scrollIntoView({block: 'end'})")
    p = _status_point(page)
    g = live.where(page, *p[:2], scroll=False)
    x0, x1, _, _ = g["domain"]
    live.drag(page, p[:2], (p[0] + 0.1 * (x1 - x0) * (1 if p[0] < (x0 + x1) / 2 else -1), p[1]),
              steps=8, read=False)
    status = page.locator(".gv-status").first.bounding_box()
    page.mouse.up()
    assert 0 <= status["y"] and status["y"] + status["height"] <= 768, status


def test_on_a_phone_the_sidebar_starts_closed_and_closes_after_a_page_is_picked(screen):
    """Test at 390 × 844 (touch): the gradient page opens with its sidebar closed; opened and
    a page picked from it, the new page shows with the sidebar closed again (the first tap
    meant for the picture once opened another page)."""
    page = screen("phone")
    open_app(page, PAGES["gradient_field"][0])
    opened = '[data-testid="stSidebar"][data-collapsed="false"]'
    assert page.locator(opened).count() == 0, "the sidebar opens over a phone's screen"
    page.locator('[data-testid="stExpandSidebarButton"]').first.tap()
    page.wait_for_selector(opened)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Gradient descent").first.tap()
    page.wait_for_url("**/gradient-descent**")
    wait_idle(page)
    wait_until(lambda: page.locator(opened).count() == 0,
               message="the sidebar stayed open after a page was picked")
