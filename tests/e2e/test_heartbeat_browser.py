"""Issue 14 in a real browser: one student's hostile text doesn't stall anyone else.

A bystander tab keeps stepping its picture's x₀ slider while a hostile tab opens each of issue 14's texts
as a link (``?f=``), types it into the function box, or (a few) types it as the check-yourself
answer. Every bystander step must show its new f(p) within ``step_limit()`` (a generous bound on
the "sliders answer at once" promise, browser round trip included), and the hostile tab must end
idle, with the message that the text can't be used, the last valid function still drawn (its
f(p) on screen, its text in the box) and no exception box.

These tests run their own Streamlit server (not the session's shared one), in its own process
group: a text that hangs the server process would otherwise slow every later browser test, and a
worker it started could outlive the server. After a hostile tab that never went idle, the server
is replaced before the next test.
"""

from __future__ import annotations

import os
import time
from urllib.parse import quote

import pytest

from tests.app.test_heartbeat import HEARTBEAT
from tests.e2e import live
from tests.e2e.conftest import (
    TIMEOUT_MS,
    VIEWPORT,
    StreamlitServer,
    _new_page,
    error_texts,
    expect_no_exception,
    function_box,
    metric_values,
    wait_idle,
    warning_texts,
)
from tests.hostile_texts import HOSTILE, REFUSED

#: s the hostile tab may take to settle (the server's budget is 1.5 s per new function)
HOSTILE_S = 30.0
RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'


def step_limit() -> float:
    """3 s for a slider step to show in the browser on a quiet machine, up to 9 s under load.

    Generous: the step's round trip and drawing are included, and the hostile tab's own page
    run shares the server. What the bug looked like: steps of 10-25 s, or none at all.
    """
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    return 3.0 * min(3.0, max(1.0, load))


@pytest.fixture(scope="module")
def hb_server(browser, tmp_path_factory):
    """The app on a server of its own, in its own process group: a hostile run that never ends
    is killed with it (``dirty``: a run never ended, restart before the next test)."""
    server = StreamlitServer("streamlit_app.py",
                             tmp_path_factory.mktemp("heartbeat-server") / "server.log",
                             own_group=True)
    server.dirty = False
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def hb_context(browser):
    """One browser context for the module's tabs: its HTTP cache spares each test's two tabs
    re-fetching Streamlit's JavaScript."""
    ctx = browser.new_context(viewport=VIEWPORT)
    yield ctx
    ctx.close()


@pytest.fixture
def tabs(hb_context, hb_server):
    """(bystander, hostile): two tabs, two Streamlit sessions, on a clean server."""
    if hb_server.dirty:  # the previous test left a run that never ended
        hb_server.restart()
        hb_server.dirty = False
    pages = [_new_page(hb_context, hb_server.base) for _ in range(2)]
    for pg in pages:
        pg.set_default_timeout(TIMEOUT_MS)
    yield pages
    for pg in pages:
        pg.close()


def _open(pg, path: str) -> None:
    pg.goto(pg.base_url + path)
    wait_idle(pg)


def _fp(pg) -> str | None:
    return metric_values(pg).get("f(p)")


def _step(pg, timeout: float) -> float:
    """Step the bystander's x₀ (the picture's slider) once; seconds until its f(p) shows the
    new value."""
    before = _fp(pg)
    thumb = live.slider(pg)
    t0 = time.monotonic()
    thumb.press("ArrowRight")
    while time.monotonic() - t0 < timeout:
        try:
            now = _fp(pg)
        except Exception:  # noqa: BLE001 - the element is being redrawn
            now = before
        if now is not None and now != before:
            return time.monotonic() - t0
        pg.wait_for_timeout(50)
    return float("inf")


def _heartbeat(bystander, hostile, submit) -> tuple[list[float], bool]:
    """Submit on the hostile tab, step the bystander while that runs; (step seconds, settled)."""
    _step(bystander, 60)  # untimed: the first step after opening a page warms its caches
    submit()
    try:  # the hostile tab's run has started (or already ended)
        hostile.wait_for_selector(RUNNING, timeout=3000)
    except Exception:  # noqa: BLE001 - a fast refusal may end before we look
        pass
    limit = step_limit()
    beats = [_step(bystander, 4 * limit) for _ in range(3)]
    t0 = time.monotonic()
    settled = False
    while time.monotonic() - t0 < HOSTILE_S:
        if hostile.locator(RUNNING).count() == 0 and hostile.locator(
                '[data-testid="stMain"] h1').count():
            settled = True
            break
        hostile.wait_for_timeout(200)
    return beats, settled


def _check(bystander, hostile, beats, settled, hb_server, name, where) -> None:
    if not settled:
        hb_server.dirty = True
    limit = step_limit()
    assert max(beats) < limit, (
        f"while another tab submitted {name!r}, this tab's slider steps took "
        f"{[round(b, 2) for b in beats]} s (limit {limit:.1f} s)")
    assert settled, f"the hostile tab was still running {HOSTILE_S:g} s after submitting {name!r}"
    wait_idle(hostile)
    expect_no_exception(hostile)
    expect_no_exception(bystander)
    msgs = error_texts(hostile) + warning_texts(hostile)
    assert not any("Something went wrong" in m for m in msgs), msgs
    assert _fp(hostile) is not None, "the hostile tab shows no f(p): a blank page?"
    if name in REFUSED:
        if where == "link":
            assert any("can't be used" in m for m in warning_texts(hostile)), (
                f"no notice that the link's function {name!r} can't be used: {msgs}")
        elif where == "typed":
            assert any(m.startswith("Can't use") and "last valid function" in m
                       for m in error_texts(hostile)), (
                f"no st.error refusing {name!r} and naming the last valid function: {msgs}")
        else:
            assert any("your answer" in m.lower() for m in error_texts(hostile)), (
                f"no st.error about the answer {name!r}: {msgs}")


@pytest.mark.timeout(240)
@pytest.mark.parametrize("name", HEARTBEAT)
def test_hostile_link_leaves_other_tabs_responsive(tabs, hb_server, name):
    bystander, hostile = tabs
    _open(bystander, "/gradient-field")
    _open(hostile, "/gradient-field")

    def submit():
        hostile.goto(hostile.base_url + "/gradient-field?f=" + quote(HOSTILE[name], safe=""))

    beats, settled = _heartbeat(bystander, hostile, submit)
    _check(bystander, hostile, beats, settled, hb_server, name, "link")
    if name in REFUSED:
        assert function_box(hostile).input_value() == "sin(x*y)"


@pytest.mark.timeout(240)
@pytest.mark.parametrize("name", HEARTBEAT)
def test_hostile_typed_function_leaves_other_tabs_responsive(tabs, hb_server, name):
    bystander, hostile = tabs
    _open(bystander, "/gradient-field")
    _open(hostile, "/gradient-field")
    before = _fp(hostile)

    def submit():
        box = function_box(hostile)
        box.fill(HOSTILE[name])
        box.press("Enter")

    beats, settled = _heartbeat(bystander, hostile, submit)
    _check(bystander, hostile, beats, settled, hb_server, name, "typed")
    if name in REFUSED:
        assert _fp(hostile) == before, "the last valid function's f(p) changed"


ANSWERS = ["pi tower of 5", "sqrt of 14 factors (105 chars)", "x^(1/ln(2))",
           "complex constant chain (29 chars)"]


@pytest.mark.timeout(240)
@pytest.mark.parametrize("name", ANSWERS)
def test_hostile_answer_leaves_other_tabs_responsive(tabs, hb_server, name):
    bystander, hostile = tabs
    _open(bystander, "/gradient-field")
    _open(hostile, "/partial-derivatives")

    def submit():
        box = hostile.locator('[data-testid="stMain"] input[aria-label="∂f/∂x ="]')
        box.fill(HOSTILE[name])
        box.press("Enter")

    beats, settled = _heartbeat(bystander, hostile, submit)
    _check(bystander, hostile, beats, settled, hb_server, name, "answer")
