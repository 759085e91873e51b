"""In-figure animation in a real browser: Play and the in-figure slider redraw with no rerun.

Starts its own ``streamlit run tests/e2e/animation_app.py`` (the animated figures of
:mod:`gradviz.figures.animate`, built as a page would build them) on a free loopback port.
While a figure plays or its slider is dragged, the page records every value of Streamlit's
``data-test-script-state`` (a MutationObserver plus a 5 ms poll) and every message the
browser sends on Streamlit's websocket: the script must stay "notRunning" and nothing
may be sent — the browser redraws from the frames it already holds.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import (
    CHROMIUM_ARGS,  # noqa: F401  (the shared browser fixture uses them)
    TIMEOUT_MS,
    VIEWPORT,
    expect_no_exception,
    run_streamlit,
    wait_idle,
)

pytestmark = pytest.mark.e2e

APP = "tests/e2e/animation_app.py"
FIGURES = ["theta", "rotation", "descent"]  # the app's order
PLOTS = ".js-plotly-plot"

# Recorders, installed before any page script runs: script states and websocket sends.
WATCH = r"""
(() => {
  const w = window.__gv = {states: [], sends: 0, frames: 0};
  const NativeWS = window.WebSocket;
  const send = NativeWS.prototype.send;
  NativeWS.prototype.send = function (data) { w.sends++; return send.call(this, data); };
  const look = () => {
    const el = document.querySelector('[data-testid="stApp"]');
    if (!el) return;
    const s = el.getAttribute('data-test-script-state');
    if (w.states[w.states.length - 1] !== s) w.states.push(s);
    if (!w.observed) {
      w.observed = true;
      new MutationObserver(look).observe(el, {attributes: true,
        attributeFilter: ['data-test-script-state']});
    }
  };
  w.reset = () => { w.states = []; w.sends = 0; w.frames = 0; look(); };
  setInterval(look, 5);
})();
"""


@pytest.fixture(scope="module")
def anim_server(browser, tmp_path_factory):
    """``streamlit run tests/e2e/animation_app.py`` on a free loopback port; yields its URL."""
    log_path = tmp_path_factory.mktemp("anim") / "server.log"
    with run_streamlit(APP, log_path) as base:
        yield base


@pytest.fixture(scope="module")
def anim_page(browser, anim_server):
    """One page with the figures drawn (a single session for the whole module)."""
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.add_init_script(WATCH)
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.goto(anim_server + "/")
    wait_idle(pg)
    pg.wait_for_function(f"document.querySelectorAll('{PLOTS} .slider-grip-rect').length"
                         f" === {len(FIGURES)}")
    yield pg
    ctx.close()


def _figure(page, name: str):
    plot = page.locator(PLOTS).nth(FIGURES.index(name))
    plot.scroll_into_view_if_needed()
    return plot


def _picture(plot) -> tuple:
    """What the figure shows now: the slider's value label, the per-frame caption, every path."""
    return plot.evaluate("""(gd) => [
        (gd.querySelector('.slider-group > text.slider-label') || {}).textContent,
        Array.from(gd.querySelectorAll('.textpoint text')).map(t => t.textContent).join('|'),
        Array.from(gd.querySelectorAll('.scatterlayer path.js-line'))
             .map(p => p.getAttribute('d')).join('|'),
    ]""")


def _watch(page, plot) -> None:
    page.evaluate("window.__gv.reset()")
    plot.evaluate("(gd) => gd.on('plotly_animatingframe', () => window.__gv.frames++)")


def _quiet(page) -> dict:
    """The recorded script states and websocket sends since the last reset."""
    return page.evaluate("({states: window.__gv.states, sends: window.__gv.sends,"
                         " frames: window.__gv.frames})")


def _runs(page) -> str:
    return page.get_by_text("script runs in this session").first.inner_text()


@pytest.mark.parametrize("name", FIGURES)
def test_play_animates_in_the_browser_without_a_rerun(anim_page, name):
    """Test that Play changes the picture frame after frame while the script stays idle and nothing is sent."""
    page = anim_page
    expect_no_exception(page)
    plot = _figure(page, name)
    runs = _runs(page)
    _watch(page, plot)
    seen = [_picture(plot)]
    plot.locator(".updatemenu-button").first.click()  # ▶ Play
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline:
        time.sleep(0.1)
        seen.append(_picture(plot))
    plot.locator(".updatemenu-button").nth(1).click()  # ❚❚ Pause
    time.sleep(0.3)
    paused = _picture(plot)
    time.sleep(0.5)
    rec = _quiet(page)

    labels = {s[0] for s in seen}
    captions = {s[1] for s in seen}
    paths = {s[2] for s in seen}
    assert len(labels) >= 4, f"the slider label hardly moved while playing: {sorted(labels)}"
    assert len(captions) >= 4 and len(paths) >= 4, "the picture did not change while playing"
    assert rec["frames"] >= 4, rec
    assert "running" not in rec["states"], rec["states"]
    assert set(rec["states"]) == {"notRunning"}, rec["states"]
    assert rec["sends"] == 0, f"{rec['sends']} websocket message(s) sent while playing"
    assert _picture(plot) == paused, "the animation did not stop at Pause"
    assert _runs(page) == runs, "the script ran again"
    expect_no_exception(page)


@pytest.mark.parametrize("name", ["theta", "descent"])
def test_dragging_the_in_figure_slider_redraws_without_a_rerun(anim_page, name):
    """Test that dragging the figure's own slider moves the picture with the script idle and nothing sent."""
    page = anim_page
    plot = _figure(page, name)
    runs = _runs(page)
    # back to the first frame: a click at the rail's left end
    rail = plot.locator(".slider-rail-touch-rect").first.bounding_box()
    y = rail["y"] + rail["height"] / 2
    page.mouse.click(rail["x"] + 2, y)
    time.sleep(0.3)
    _watch(page, plot)
    start = _picture(plot)
    grip = plot.locator(".slider-grip-rect").first.bounding_box()
    page.mouse.move(grip["x"] + grip["width"] / 2, y)
    page.mouse.down()
    seen = [start]
    for k in range(1, 13):
        page.mouse.move(rail["x"] + k * rail["width"] / 14, y, steps=4)
        seen.append(_picture(plot))
    page.mouse.up()
    time.sleep(0.3)
    rec = _quiet(page)

    labels = [s[0] for s in seen]
    assert len(set(labels)) >= 8, f"the slider label did not follow the drag: {labels}"
    assert len({s[1] for s in seen}) >= 8, "the caption did not follow the drag"
    assert seen[-1][2] != start[2], "the drawn paths did not change"
    assert set(rec["states"]) == {"notRunning"}, rec["states"]
    assert rec["sends"] == 0, f"{rec['sends']} websocket message(s) sent while dragging"
    assert _runs(page) == runs, "the script ran again"
    expect_no_exception(page)
