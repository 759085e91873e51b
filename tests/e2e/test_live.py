"""A move of the point reruns only the page's live section, in a real browser.

Every topic page puts what follows the point in one ``app.live`` section (a Streamlit
fragment). The websocket frames of one step of the picture's x₀ slider are read and decoded
with Streamlit's own protobufs: the browser asks for a rerun of that fragment alone, the
server answers with a fragment run that sends none of the sidebar's controls again, and the
link (address bar and the sidebar's share link) still follows the slider.
"""

from __future__ import annotations

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.e2e import live
from tests.e2e.conftest import (
    PAGES,
    TOPIC_PAGES,
    expect_no_exception,
    open_app,
    query,
    share_link,
    wait_idle,
    wait_until,
)

SIDEBAR_CONTROLS = {"text_input", "selectbox", "number_input", "toggle"}
SIDEBAR = 1  # the root container index of the sidebar in a delta path (main is 0)


class Frames:
    """The app's websocket frames, decoded: BackMsgs sent, ForwardMsgs received."""

    def __init__(self, page):
        self.sent: list[BackMsg] = []
        self.received: list[ForwardMsg] = []
        page.on("websocket", self._attach)

    def _attach(self, ws):
        if "_stcore/stream" not in ws.url:
            return
        ws.on("framesent", lambda data: self._add(data, BackMsg, self.sent))
        ws.on("framereceived", lambda data: self._add(data, ForwardMsg, self.received))

    @staticmethod
    def _add(data, kind, into):
        if isinstance(data, str):
            return
        msg = kind()
        msg.ParseFromString(data)
        into.append(msg)

    def clear(self):
        self.sent.clear()
        self.received.clear()

    def reruns(self) -> list:
        return [m.rerun_script for m in self.sent if m.WhichOneof("type") == "rerun_script"]

    def finished(self) -> list[str]:
        return [ForwardMsg.ScriptFinishedStatus.Name(m.script_finished) for m in self.received
                if m.WhichOneof("type") == "script_finished"]

    def elements(self, where: int | None = None) -> list[str]:
        """Element types received, all or in one root container (0 main, 1 sidebar)."""
        return [m.delta.new_element.WhichOneof("type") for m in self.received
                if m.WhichOneof("type") == "delta"
                and m.delta.WhichOneof("type") == "new_element"
                and (where is None or list(m.metadata.delta_path[:1]) == [where])]


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_slider_move_reruns_only_the_live_section(page, name):
    """Test that a step of the picture's x₀ asks for and gets a fragment rerun that leaves the
    sidebar alone, and that the address bar and the share link still follow the slider."""
    frames = Frames(page)
    open_app(page, PAGES[name][0])
    expect_no_exception(page)
    full = frames.elements()
    assert SIDEBAR_CONTROLS & set(frames.elements(SIDEBAR)), (
        f"the first run drew no sidebar controls: {set(frames.elements(SIDEBAR))}")
    before = query(page).get("p")
    frames.clear()
    live.slider(page).press("ArrowRight")  # the picture's x₀: 1% of the view
    wait_until(lambda: query(page).get("p") != before,
               message=lambda: f"x₀ +1 step did not reach the link: {query(page)}")
    # Playwright's sync API hands frames to their listeners only while one of its calls runs:
    # poll through one (page.wait_for_timeout), not a bare sleep, or a late frame is never seen
    wait_until(lambda: page.wait_for_timeout(50) or frames.finished(),
               message="no script_finished after the move")
    wait_idle(page)
    expect_no_exception(page)

    reruns = frames.reruns()
    assert reruns and all(r.fragment_id for r in reruns), (
        f"the browser asked for a full rerun: {[r.fragment_id for r in reruns]}")
    # the picture's events belong to the section's fragment: one run of the section, not a
    # run of the picture's fragment ended early for it
    assert frames.finished() == ["FINISHED_FRAGMENT_RUN_SUCCESSFULLY"], frames.finished()
    assert "metric" in frames.elements(), "the section's readouts did not follow the point"
    moved = frames.elements()
    assert set(frames.elements(SIDEBAR)) <= {"empty", "markdown", "code"}, (
        f"the sidebar was sent again, not just its share link: {frames.elements(SIDEBAR)}")
    assert len(moved) < len(full), (len(moved), len(full))

    x0 = live.slider_text(page)
    p = query(page)["p"]
    assert float(x0) == pytest.approx(float(p.split(",")[0]), abs=5e-5), (p, x0)
    assert f"p={p}" in share_link(page), (p, share_link(page))


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_grid_step_reruns_only_the_pictures(page, name):
    """Test that a step of the grid slider reruns the page's pictures alone (the scene at the
    new size, none of the section's text or metrics), and that the link follows it."""
    frames = Frames(page)
    open_app(page, PAGES[name][0])
    expect_no_exception(page)
    assert "metric" in frames.elements(), "the live section drew no metrics to leave alone"
    before = query(page).get("n")
    frames.clear()
    grid = page.locator('[data-testid="stMain"] [data-testid="stSlider"]').filter(
        has_text="per side").first
    grid.locator('input[type="range"]').press("ArrowRight")
    wait_until(lambda: query(page).get("n") not in (None, before),
               message=lambda: f"the grid step did not reach the link: {query(page)}")
    wait_until(lambda: page.wait_for_timeout(50) or frames.finished(),
               message="no script_finished after the grid step")
    wait_idle(page)
    expect_no_exception(page)
    assert "FINISHED_FRAGMENT_RUN_SUCCESSFULLY" in frames.finished(), frames.finished()
    assert set(frames.finished()) <= {"FINISHED_FRAGMENT_RUN_SUCCESSFULLY",
                                      "FINISHED_EARLY_FOR_RERUN"}, frames.finished()
    sent = frames.elements()
    # the pictures that follow the grid, and only they: the Jacobian page's map and course
    # figure, not its zoomed square (whose size is h)
    assert sent.count("bidi_component") == (2 if name == "jacobian" else 1), sent
    assert not {"metric", "latex", "heading", "vega_lite_chart"} & set(sent), (
        f"a grid step sent more than the pictures: {sent}")
    addresses = [m for m in frames.received if m.WhichOneof("type") == "page_info_changed"]
    assert len(addresses) == 1, f"the address was written {len(addresses)} times"
    n = query(page)["n"]
    wait_until(lambda: f"n={n}" in share_link(page),
               message=lambda: f"the share link missed n={n}: {share_link(page)}")


@pytest.mark.parametrize(("name", "label", "param", "linked"), [
    ("steepest_ascent", "step size h", "h", "-5"),  # inside the live section
    ("jacobian", "direction of h", "a", "90"),
    ("partial_derivatives", "step h", "h", "-8"),
    ("steepest_ascent", "random directions", "k", "500"),  # outside it
])
def test_a_control_reruns_its_part_alone(page, name, label, param, linked):
    """Test that a step of a control that only its own part of the page depends on (the
    limit quotient's h, the error's direction, the finite differences' h, the random
    directions' count), opened from a link that sets it, reruns that part alone: what
    follows it is sent, no picture, the link's value is not taken again, and the link
    follows the control."""
    frames = Frames(page)
    open_app(page, PAGES[name][0], {param: linked})
    expect_no_exception(page)
    assert "bidi_component" in frames.elements(), "the page drew no picture to leave alone"
    assert query(page).get(param) == linked
    frames.clear()
    control = page.locator('[data-testid="stMain"] [data-testid="stSlider"]').filter(
        has_text=label)
    control.locator('input[type="range"]').press("ArrowRight")
    wait_until(lambda: query(page).get(param) not in (None, linked),
               message=lambda: f"the step did not reach the link: {query(page)}")
    wait_until(lambda: page.wait_for_timeout(50) or frames.finished(),
               message="no script_finished after the step")
    wait_idle(page)
    expect_no_exception(page)
    assert set(frames.finished()) == {"FINISHED_FRAGMENT_RUN_SUCCESSFULLY"}, frames.finished()
    sent = frames.elements()
    assert "metric" in sent, f"what follows the control was not sent: {sent}"
    assert "bidi_component" not in sent, f"a picture was drawn again: {sent}"
    addresses = [m for m in frames.received if m.WhichOneof("type") == "page_info_changed"]
    assert len(addresses) == 1, f"the address was written {len(addresses)} times"
    value = query(page)[param]
    wait_until(lambda: f"{param}={value}" in share_link(page),
               message=lambda: f"the share link missed {param}={value}: {share_link(page)}")
