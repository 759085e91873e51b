"""What a browser sends, held to what the app needs: small messages, the last event only,
numbers that are numbers. :func:`install` puts these rules in front of Streamlit:

- a websocket message over :data:`MAX_MESSAGE` bytes is dropped, over :data:`MAX_READ` it
  closes its connection (code 1009); a link over :data:`MAX_LINK` characters is cut to a
  notice;
- a component's events keep the last one of each name (Streamlit's callbacks cost n² for n
  events); undecodable JSON is no event;
- a widget value of another type than its widget takes, JSON nested deeper than
  :data:`MAX_DEPTH`, a component state that is not JSON, and ``clear_cache`` (every
  session's caches) are dropped; a widget state under a bare key is taken out;
- ``/_stcore/metrics`` answers nothing, and a failed download says why in words.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
from collections.abc import Sequence

import streamlit as st

from gradviz import ExpressionError
from gradviz.app.state import LINK_TOO_LONG

__all__ = ["MAX_MESSAGE", "MAX_READ", "MAX_LINK", "MAX_HEAD", "MAX_DEPTH", "install", "last", "numbers", "last_events"]

log = logging.getLogger("gradviz.app")

#: bytes in one websocket message from a browser (ours: a few kB; Streamlit allows 25 MB):
#: a longer one is dropped, and the transport closes the connection (1009) past MAX_READ
MAX_MESSAGE = 64 * 1024
MAX_READ = 512 * 1024
#: characters of a link's query a page reads; a longer link opens the page without it, saying
#: so (at 64 kB the browser's first message was closed, and it reconnected twice a second)
MAX_LINK = 16 * 1024
#: bytes of a page request's head (its address, the link, and headers) the HTTP server
#: reads: uvicorn's h11 stops at 16 kB when the head comes in more than one piece, and a
#: link over 16 kB, which opens with a notice, then got "400 Bad Request" now and then
MAX_HEAD = 256 * 1024
#: brackets nested in a widget's JSON value (ours: 4)
MAX_DEPTH = 20


def last(key: str, event: str):
    """The value of the last ``event`` the component under ``key`` sent (None if none)."""
    try:
        return st.session_state[key][event]
    except (KeyError, TypeError, AttributeError):
        return None


def numbers(value, names: Sequence[str]) -> tuple[float, ...] | None:
    """``value[name]`` for each of ``names`` as finite floats; None unless every one is a
    finite JSON number (not a bool, a string, a 400-digit integer, nan).

    >>> numbers({"x": 1, "y": -2.5, "seq": 3}, ("x", "y"))
    (1.0, -2.5)
    >>> numbers({"x": 10**400, "y": 0}, ("x", "y")) is None
    True
    >>> numbers([1, 2], ("x",)) is None
    True
    """
    if not isinstance(value, dict):
        return None
    try:
        out = tuple(float(v) for v in map(value.get, names)
                    if isinstance(v, (int, float)) and not isinstance(v, bool))
    except OverflowError:
        return None
    return out if len(out) == len(names) and all(map(math.isfinite, out)) else None


def last_events(text: str | None) -> list | None:
    """A component's event list as Streamlit will hold it: the last payload of each event
    name; None when ``text`` is no such JSON list.

    >>> last_events('[{"event": "moved", "value": 1}, {"event": "moved", "value": 2}]')
    [{'event': 'moved', 'value': 2}]
    """
    try:
        payloads = json.loads(text) if text is not None else None
    except (ValueError, RecursionError):
        return None
    if isinstance(payloads, dict):
        payloads = [payloads]
    if not isinstance(payloads, list):
        return None
    kept: dict = {}
    for p in payloads:
        if isinstance(p, dict) and isinstance(p.get("event"), str):
            kept.pop(p["event"], None)
            kept[p["event"]] = p
    return list(kept.values())


_BRACKET = re.compile(r"[\[\]{}]")


def _depth(text: str) -> int:
    """How deep brackets nest in ``text`` (brackets inside strings count too: safe side)."""
    depth = top = 0
    for ch in _BRACKET.findall(text):
        depth += 1 if ch in "[{" else -1
        top = max(top, depth)
    return top


#: value fields a widget may send for one another (a whole-number box sends int_value for a
#: registered double_value, and Streamlit takes it)
_KIND = {"int_value": "number", "double_value": "number",
         "int_array_value": "numbers", "double_array_value": "numbers"}


def _admitted(msg, widgets: dict) -> bool:
    """Is this BackMsg one the app handles (``widgets``: id -> its metadata)? A widget state
    under an id no widget of Streamlit's could have (a bare key, "gv.scalar.text": the page
    read it as its own and failed) is taken out of the message."""
    kind = msg.WhichOneof("type")
    if kind == "clear_cache":
        return False
    if kind == "rerun_script":
        states = msg.rerun_script.widget_states.widgets
        for k in reversed(range(len(states))):
            if not states[k].id.startswith("$$") and states[k].id not in widgets:
                del states[k]
        for w in states:
            field = w.WhichOneof("value")
            known = getattr(widgets.get(w.id), "value_type", None)
            if field and known and _KIND.get(field, field) != _KIND.get(known, known):
                log.warning("widget %s sent a %s, takes a %s", w.id, field, known)
                return False  # Streamlit would fail on it (a selectbox sent 9999: TypeError)
            if field in ("json_value", "json_trigger_value") and \
                    _depth(getattr(w, field)) > MAX_DEPTH:
                return False
            if field == "json_value":  # Streamlit parses it before the page runs: no guard
                try:
                    json.loads(w.json_value)
                except (ValueError, RecursionError):
                    log.warning("widget %s sent a state that is not JSON", w.id)
                    return False
    return True


def install() -> None:
    """Put the rules above in front of this server's Streamlit (once: later calls return)."""
    from streamlit import runtime
    from streamlit.components.v2.bidi_component import main as bidi
    from streamlit.runtime import app_session, backend_operation_handler, runtime_util

    handle = app_session.AppSession.handle_backmsg
    if getattr(handle, "guarded", False):
        return
    runtime_util._max_widget_state_size_bytes = MAX_READ
    bidi.deserialize_trigger_list = last_events

    def handle_backmsg(self, msg):
        if msg.WhichOneof("type") == "rerun_script" and \
                len(msg.rerun_script.query_string) > MAX_LINK:
            msg.rerun_script.query_string = f"{LINK_TOO_LONG}={len(msg.rerun_script.query_string)}"
        if msg.ByteSize() <= MAX_MESSAGE and \
                _admitted(msg, self._session_state._new_widget_state.widget_metadata):
            return handle(self, msg)
        log.warning("dropped a %s message from session %s", msg.WhichOneof("type"), self.id)
        return None

    handle_backmsg.guarded = True
    app_session.AppSession.handle_backmsg = handle_backmsg
    _read_long_heads()
    backend_operation_handler.DeferredFileHandler.handle = _deferred_file
    if runtime.exists():
        runtime.get_instance().stats_mgr._providers_by_family.clear()


def _read_long_heads() -> None:
    """Let h11 (uvicorn's HTTP parser here) read a request head of up to :data:`MAX_HEAD`
    bytes, on the connections already open too (a browser's keep-alive one from before)."""
    try:
        import h11
    except ImportError:  # another HTTP server
        return

    def get(conn):
        return max(conn.__dict__.get("_gv_max_head", 0), MAX_HEAD)

    def put(conn, value):
        conn.__dict__["_gv_max_head"] = value

    # a data descriptor on the class wins over the value each connection keeps
    h11.Connection._max_incomplete_event_size = property(get, put)


async def _deferred_file(self, request, session_id):
    """``DeferredFileHandler.handle``, saying in words why a file could not be made."""
    from streamlit.proto.ForwardMsg_pb2 import (
        BackendOperationResponse,
        DeferredFileResponsePayload,
    )

    answer = BackendOperationResponse(request_id=request.request_id)
    try:
        answer.deferred_file.CopyFrom(DeferredFileResponsePayload(url=await asyncio.to_thread(
            self._get_media_file_mgr().execute_deferred, request.deferred_file.file_id)))
    except Exception as err:  # noqa: BLE001 - the client gets words, the log the rest
        words = err.__cause__
        if not isinstance(words, ExpressionError):
            log.warning("a download failed in session %s", session_id, exc_info=err)
            words = "the file could not be made — try again in a moment"
        answer.error_msg = f"{str(words)[:1].upper()}{str(words)[1:]}."
    return answer
