"""What a browser sends, held to what the app needs (gradviz/app/messages.py): a component's
message is acted on once, at its last event; forged messages are dropped before Streamlit
handles them. The same against a real server: tests/e2e/test_hostile_client.py."""

from __future__ import annotations

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from gradviz.app import messages, scene_view
from tests.app.conftest import drop, expect_no_exception, open_page, point


def test_a_message_of_many_events_is_acted_on_once_at_its_last(monkeypatch):
    """Test that 800 ``moved`` events in one message call the release callback once (it was
    once per event, each reading the whole list: n² work) and leave p at the last event."""
    at = open_page("gradient_field")
    calls = []
    real = scene_view._on_moved
    monkeypatch.setattr(scene_view, "_on_moved", lambda *a: (calls.append(a), real(*a)))
    at.run()  # the picture's callback is now the counting one
    drop(at, [(0.5, 0.5)] * 799 + [(3.0, 0.3)], "gf.scene")
    expect_no_exception(at)
    assert len(calls) == 1
    assert point(at) == pytest.approx((3.0, 0.3))


def _rerun(*states: WidgetState) -> BackMsg:
    msg = BackMsg()
    msg.rerun_script.widget_states.widgets.extend(states)
    return msg


def test_forged_messages_are_refused_before_streamlit_sees_them():
    """Test the message guard: clear_cache is refused; a widget value of another kind than
    its widget's (a number for a menu's name), or JSON nested deeper than MAX_DEPTH, refuses
    the message; the browser's own messages pass."""
    from streamlit.runtime.state.common import WidgetMetadata

    meta = {"menu": WidgetMetadata("menu", lambda v: v, lambda v: v, "string_value"),
            "seed": WidgetMetadata("seed", lambda v: v, lambda v: v, "double_value")}
    deep = "[" * (messages.MAX_DEPTH + 1) + "]" * (messages.MAX_DEPTH + 1)
    ok = "[" * messages.MAX_DEPTH + "]" * messages.MAX_DEPTH
    clear = BackMsg()
    clear.clear_cache = True
    assert not messages._admitted(clear, meta)
    assert not messages._admitted(_rerun(WidgetState(id="menu", int_value=9999)), meta)
    assert messages._admitted(_rerun(WidgetState(id="menu", string_value="9999")), meta)
    # a whole-number box sends int_value for its double_value, as the browser does
    assert messages._admitted(_rerun(WidgetState(id="seed", int_value=3)), meta)
    assert not messages._admitted(_rerun(WidgetState(id="seed", string_value="3")), meta)
    assert not messages._admitted(_rerun(WidgetState(id="$$ID-c", json_trigger_value=deep)), meta)
    assert not messages._admitted(_rerun(WidgetState(id="$$ID-c", json_value=deep)), meta)
    assert messages._admitted(_rerun(WidgetState(id="$$ID-c", json_value=ok)), meta)
    # a component state that is not JSON: Streamlit failed on it before the page ran, and the
    # session showed its red box on every later rerun
    assert not messages._admitted(_rerun(WidgetState(id="$$ID-c", json_value="nan")), meta)
    # a bare key no widget of Streamlit's has (the page read it as its own: KeyError) is
    # taken out; the rest of the message stands
    forged = _rerun(WidgetState(id="gv.scalar.text", string_value="x"),
                    WidgetState(id="menu", string_value="a"))
    assert messages._admitted(forged, meta)
    assert [w.id for w in forged.rerun_script.widget_states.widgets] == ["menu"]
    beat = BackMsg()
    beat.app_heartbeat = True
    assert messages._admitted(beat, meta)


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, "not json", '"a string"', "7",
                                  '[{"event": 3}, {"value": 1}, 5]', None])
def test_undecodable_event_lists_are_no_events(text):
    """Test that an event list that is not a list of named events holds no event."""
    assert messages.last_events(text) in (None, [])


def test_a_long_links_request_head_is_read_when_it_comes_in_pieces():
    """Test that the HTTP server's parser (h11, uvicorn's here) reads the request for a
    120 kB link that reaches it in 4 kB pieces, on a connection made before the rule was put
    in too: it stopped at 16 kB, and such a link got "400 Bad Request" now and then (when the
    head came in more than one piece), though a link over 16 kB opens with a notice."""
    import h11

    early = h11.Connection(h11.SERVER, 16 * 1024)  # uvicorn's default, before install()
    messages._read_long_heads()
    head = (b"GET /gradient-field?f=" + b"x%2B" * 30_000 + b"x HTTP/1.1\r\n"
            b"Host: 127.0.0.1\r\n\r\n")
    assert 120_000 < len(head) < messages.MAX_HEAD
    for conn in (early, h11.Connection(h11.SERVER, 16 * 1024)):
        event = h11.NEED_DATA
        for i in range(0, len(head), 4096):
            conn.receive_data(head[i:i + 4096])
            event = conn.next_event()
            if event is not h11.NEED_DATA:
                break
        assert isinstance(event, h11.Request) and len(event.target) > 120_000
