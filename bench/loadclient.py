"""A Streamlit session without a browser: the websocket protocol the frontend speaks.

One :class:`Session` is what one browser tab is to the server. It connects to
``/_stcore/stream`` (subprotocol ``streamlit``), sends ``BackMsg.rerun_script``
with a ``ClientState`` (query string, page, the widget states), and reads
``ForwardMsg``s until ``script_finished``: ``new_session`` (page hash), ``delta``s
(the elements: sliders and text boxes with their widget ids, alerts, exceptions),
``page_not_found``. Like the frontend, every rerun sends the states of all the
widgets the session has touched, under their current ids, and the hashes of the
big messages it keeps (``cached_message_hashes``): the server then sends an unchanged
chart as a ``ref_hash`` reference instead of the whole message. A change to widgets
that all sit in one fragment (``st.fragment``: the pages' live sections) asks for a
rerun of that fragment alone (``ClientState.fragment_id``), as the frontend does.

A custom component (``st.components.v2``: the live chart) is a widget of kind "bidi"; its
events reach the server as the frontend sends them: one transient widget state
``$$STREAMLIT_INTERNAL_KEY_<component id>__events`` whose ``json_trigger_value`` is the list
``[{"event": name, "value": payload}]``, in a rerun of the component's fragment
(:meth:`Session.trigger`; the live chart's release sends ``moved`` = ``{x, y, seq}``).

Only the standard protobufs in ``streamlit.proto`` and the ``websockets`` package
(a Streamlit dependency) are used.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

MAX_SIZE = 64 * 1024 * 1024  # bytes in one ForwardMsg (charts are a few 100 kB)
CACHE_MAX = 200  # messages kept for references (the frontend keeps them for a few runs)


@dataclass
class Widget:
    """A widget the last run drew: its id (changes with its parameters), label, range."""

    id: str
    kind: str  # "slider" | "text_input" | "bidi" (a custom component)
    label: str
    value: object = None
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    is_int: bool = False
    fragment: str = ""  # the id of the st.fragment it sits in ("" = none)
    data: str = ""  # a custom component's data (JSON), as the server sent it


@dataclass
class Run:
    """What one rerun produced."""

    seconds: float
    status: str  # FINISHED_SUCCESSFULLY, ... or "timeout" / "closed"
    exceptions: list[str] = field(default_factory=list)  # st.exception elements
    errors: list[str] = field(default_factory=list)  # st.error bodies
    warnings: list[str] = field(default_factory=list)
    successes: list[str] = field(default_factory=list)  # st.success bodies
    headers: list[str] = field(default_factory=list)  # st.title / st.header texts
    page_not_found: bool = False
    page: str = ""  # url path of the page that ran
    messages: int = 0
    bytes: int = 0  # received over the socket
    references: int = 0  # messages sent as a reference to one we hold
    fragment: bool = False  # a rerun of one fragment only


def _key_of(widget_id: str) -> str:
    """The user key at the end of a widget id like ``$$ID-<hash>-gv.scalar.p0``."""
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 else widget_id


class Session:
    """One simulated user. ``await s.open(page)`` then ``await s.rerun({...})``."""

    def __init__(self, base: str, timeout: float = 60.0, cookies: dict | None = None):
        self.base = base
        self.cookies = cookies or {}  # sent with the websocket's opening request
        self.url = base.replace("http://", "ws://") + "/_stcore/stream"
        self.timeout = timeout
        self.ws = None
        self.page_hash = ""
        self.page_name = ""
        self.query = ""
        self.widgets: dict[str, Widget] = {}  # by user key
        self.states: dict[str, WidgetState] = {}  # by user key: what we send
        self.cache: dict[str, bytes] = {}  # hash -> cacheable ForwardMsg
        self.triggers: list[WidgetState] = []  # sent with the next rerun only
        self.auto_rerun: tuple[str, float] | None = None  # a run_every fragment: (id, s)

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            self.url, subprotocols=["streamlit"], max_size=MAX_SIZE,
            origin=self.base, open_timeout=self.timeout, ping_interval=None,
            compression=None, additional_headers={"Cookie": "; ".join(
                f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else None)
        # behind deploy/nginx.conf: which replica took this websocket
        response = getattr(self.ws, "response", None)
        self.replica = response.headers.get("X-Gradviz-Replica", "") if response else ""

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def open(self, page_name: str, query: str = "") -> Run:
        """Connect and run ``page_name`` (the url path, e.g. "gradient-field")."""
        await self.connect()
        self.page_name, self.query = page_name, query
        return await self._run(first=True)

    async def rerun(self, set_values: dict[str, object] | None = None) -> Run:
        """Set widgets (by user key) and rerun, as a browser does after a change."""
        for key, value in (set_values or {}).items():
            self._set(key, value)
        places = {self.widgets[k].fragment for k in set_values or {}}
        fragment = places.pop() if len(places) == 1 else ""
        return await self._run(fragment=fragment)

    async def trigger(self, key: str, event: str, value) -> Run:
        """Send a custom component's event (by the component's user key), as the browser
        does: e.g. the live chart's release, ``trigger("gf.live", "moved", {"x": …, "y": …,
        "seq": 1})``: one rerun of the component's fragment."""
        import json

        w = self.widgets.get(key)
        if w is None or w.kind != "bidi":
            raise KeyError(f"no custom component with key {key!r} on the page")
        ws = WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{w.id}__events")
        ws.json_trigger_value = json.dumps([{"event": event, "value": value}],
                                           separators=(",", ":"))
        self.triggers.append(ws)
        return await self._run(fragment=w.fragment)

    async def set_state(self, key: str, name: str, value) -> Run:
        """Set a custom component's state value (``setStateValue(name, value)`` in the
        browser; kept and sent with every later rerun, as the frontend does) and rerun."""
        import json

        w = self.widgets.get(key)
        if w is None or w.kind != "bidi":
            raise KeyError(f"no custom component with key {key!r} on the page")
        ws = WidgetState(id=w.id)
        ws.json_value = json.dumps({name: value}, separators=(",", ":"))
        self.states[key] = ws
        return await self._run(fragment=w.fragment)

    async def poll(self) -> Run:
        """The rerun a ``st.fragment(run_every=…)`` asks the browser for on its timer."""
        return await self._run(fragment=self.auto_rerun[0] if self.auto_rerun else "")

    # -- internals ------------------------------------------------------------------------
    def _set(self, key: str, value) -> None:
        w = self.widgets.get(key)
        if w is None:
            raise KeyError(f"no widget with key {key!r} on the page")
        ws = WidgetState(id=w.id)
        if w.kind == "slider":
            ws.double_array_value.data[:] = [float(value)]
        elif w.kind == "text_input":
            ws.string_value = str(value)
        else:  # pragma: no cover
            raise ValueError(w.kind)
        self.states[key] = ws

    def _message(self, first: bool, fragment: str = "") -> bytes:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        if fragment:
            cs.fragment_id = fragment
        if first or not self.page_hash:
            cs.page_name = self.page_name
        else:
            cs.page_script_hash = self.page_hash
        for key, ws in self.states.items():
            w = self.widgets.get(key)
            if w is None:
                continue  # the widget is gone from the page
            if ws.id != w.id:  # its id changed with its parameters: follow it
                ws.id = w.id
            cs.widget_states.widgets.append(ws)
        cs.widget_states.widgets.extend(self.triggers)  # transient: this rerun only
        self.triggers = []
        cs.cached_message_hashes.extend(self.cache)
        return msg.SerializeToString()

    async def _run(self, first: bool = False, fragment: str = "") -> Run:
        import asyncio

        t0 = time.perf_counter()
        await self.ws.send(self._message(first, fragment))
        run = Run(seconds=0.0, status="timeout", fragment=bool(fragment))
        seen: dict[str, Widget] = {}
        deadline = t0 + self.timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            try:
                data = await asyncio.wait_for(self.ws.recv(), left)
            except asyncio.TimeoutError:
                break
            except websockets.ConnectionClosed:
                run.status = "closed"
                break
            run.messages += 1
            run.bytes += len(data)
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "ref_hash":  # an unchanged message we hold
                run.references += 1
                cached = self.cache.get(fm.ref_hash)
                if cached is None:
                    continue
                fm = ForwardMsg()
                fm.ParseFromString(cached)
                kind = fm.WhichOneof("type")
            elif fm.metadata.cacheable and fm.hash:
                self.cache[fm.hash] = data
                while len(self.cache) > CACHE_MAX:
                    self.cache.pop(next(iter(self.cache)))
            if kind == "navigation":  # st.navigation says which page ran
                if fm.navigation.page_script_hash:
                    self.page_hash = fm.navigation.page_script_hash
                    run.page = next((p.url_pathname for p in fm.navigation.app_pages
                                     if p.page_script_hash == self.page_hash), "")
            elif kind == "delta":
                self._delta(fm.delta, run, seen)
            elif kind == "page_not_found":
                run.page_not_found = True
            elif kind == "auto_rerun":
                self.auto_rerun = (fm.auto_rerun.fragment_id, fm.auto_rerun.interval)
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fm.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue  # a rerun we caused replaces it: wait for that one
                run.status = status
                break
        run.seconds = time.perf_counter() - t0
        if seen and fragment:  # only the fragment's widgets were drawn again
            self.widgets.update(seen)
        elif seen:
            self.widgets = seen
        return run

    def _delta(self, delta, run: Run, seen: dict) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        fragment = delta.fragment_id
        el = delta.new_element
        which = el.WhichOneof("type")
        if which == "exception":
            run.exceptions.append(f"{el.exception.type}: {el.exception.message}"[:300])
        elif which == "alert":
            name = el.alert.Format.Name(el.alert.format)
            if name == "ERROR":
                run.errors.append(el.alert.body[:300])
            elif name == "WARNING":
                run.warnings.append(el.alert.body[:300])
            elif name == "SUCCESS":
                run.successes.append(el.alert.body[:300])
        elif which == "heading":
            run.headers.append(el.heading.body[:300])
        elif which == "slider":
            s = el.slider
            value = list(s.value) if s.set_value else list(s.default)
            is_int = s.data_type == s.DataType.Value("INT")
            seen[_key_of(s.id)] = Widget(s.id, "slider", s.label, value[0] if value else None,
                                         s.min, s.max, s.step, is_int, fragment)
        elif which == "bidi_component":
            b = el.bidi_component
            seen[_key_of(b.id)] = Widget(b.id, "bidi", b.component_name, fragment=fragment,
                                         data=b.json)
        elif which == "text_input":
            t = el.text_input
            seen[_key_of(t.id)] = Widget(t.id, "text_input", t.label,
                                         t.value if t.set_value else t.default,
                                         fragment=fragment)
