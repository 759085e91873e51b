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

A download button whose file is made on click (``st.download_button`` with a function) is
asked for as the frontend does, with a ``backend_operation_request`` (:meth:`Session.download`),
answered by a ``backend_operation_response``: the file's URL, or the reason it has none.

Only the standard protobufs in ``streamlit.proto`` and the ``websockets`` package
(a Streamlit dependency) are used.
"""

from __future__ import annotations

import contextlib
import secrets
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
    kind: str  # "slider" | "text_input" | "selectbox" | "bidi" (a custom component)
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

    def __init__(self, base: str, timeout: float = 60.0, cookie: str | None = "",
                 cookies: dict | None = None):
        self.base = base
        # behind deploy/nginx.conf a browser is its ``gvclient`` cookie: a new one per session
        # by default; None sends none (no browser does that), a string sends that one; and
        # ``cookies``: more of them (e.g. a class's browser id), sent with the websocket
        self.cookie = secrets.token_hex(16) if cookie == "" else cookie
        self.cookies = {**({"gvclient": self.cookie} if self.cookie else {}), **(cookies or {})}
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
        self.downloads: dict[str, str] = {}  # label -> deferred file id (the last run's)
        self.session_id = ""  # the server's id for this session (new_session)
        self.answers: dict[str, object] = {}  # request id -> backend_operation_response
        self._requests = 0
        self.auto_rerun: tuple[str, float] | None = None  # a run_every fragment: (id, s)

    async def connect(self, resume: str = "") -> None:
        """Open the websocket; with ``resume``, ask for that session again (as a browser does
        after a network blip: the server keeps a closed tab's session for a while)."""
        self.ws = await websockets.connect(
            self.url, subprotocols=["streamlit", "-", resume] if resume else ["streamlit"],
            max_size=MAX_SIZE,
            origin=self.base, open_timeout=self.timeout, ping_interval=None,
            compression=None, additional_headers={"Cookie": "; ".join(
                f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else None)
        # behind deploy/nginx.conf: which replica took this websocket
        response = getattr(self.ws, "response", None)
        self.replica = response.headers.get("X-Gradviz-Replica", "") if response else ""

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def open(self, page_name: str, query: str = "", resume: str = "") -> Run:
        """Connect and run ``page_name`` (the url path, e.g. "gradient-field")."""
        await self.connect(resume)
        self.page_name, self.query = page_name, query
        return await self._run(first=True)

    async def rerun(self, set_values: dict[str, object] | None = None) -> Run:
        """Set widgets (by user key) and rerun, as a browser does after a change."""
        for key, value in (set_values or {}).items():
            self._set(key, value)
        places = {self.widgets[k].fragment for k in set_values or {}}
        fragment = places.pop() if len(places) == 1 else ""
        return await self._run(fragment=fragment)

    async def trigger(self, key: str, event: str, value, repeat: int = 1) -> Run:
        """Send a custom component's event (by the component's user key), as the browser
        does: e.g. the live chart's release, ``trigger("gf.scene", "moved", {"x": …, "y": …,
        "seq": 1})``: one rerun of the component's fragment. ``repeat`` puts the event that
        many times in the one message (a forged one: the browser sends one)."""
        import json

        w = self.widgets.get(key)
        if w is None or w.kind != "bidi":
            raise KeyError(f"no custom component with key {key!r} on the page")
        ws = WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{w.id}__events")
        ws.json_trigger_value = json.dumps([{"event": event, "value": value}] * repeat,
                                           separators=(",", ":"))
        self.triggers.append(ws)
        return await self._run(fragment=w.fragment)

    async def download(self, label: str, timeout: float = 180.0) -> tuple[float, str, str]:
        """Click the download button ``label`` whose file is made on demand: (seconds, the
        file's URL or "", the server's reason for no file or "")."""
        import asyncio

        self._requests += 1
        rid = f"gv-{self._requests}"
        msg = BackMsg()
        msg.backend_operation_request.request_id = rid
        msg.backend_operation_request.session_id = self.session_id
        msg.backend_operation_request.deferred_file.file_id = self.downloads[label]
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while rid not in self.answers and time.perf_counter() - t0 < timeout:
            async with self._reader():  # one reader at a time; a rerun files answers too
                if rid not in self.answers:
                    with contextlib.suppress(asyncio.TimeoutError):
                        await self._read_one(1.0)
        answer = self.answers.pop(rid, None)
        if answer is None:
            return time.perf_counter() - t0, "", "timeout"
        return (time.perf_counter() - t0, answer.deferred_file.url, answer.error_msg)

    async def send(self, data: bytes) -> str:
        """Send raw bytes (a hand-made message); "closed" if the server then closes the
        connection (read until it does, or 5 s of silence: "open")."""
        import asyncio

        await self.ws.send(data)
        try:
            while True:
                await asyncio.wait_for(self.ws.recv(), 5.0)
        except asyncio.TimeoutError:
            return "open"
        except websockets.ConnectionClosed as closed:
            code = getattr(closed.rcvd, "code", None)
            return f"closed {code}" if code else "closed"

    async def _read_one(self, timeout: float):
        """One ForwardMsg (a backend_operation_response is filed in ``answers`` on the way)."""
        import asyncio

        data = await asyncio.wait_for(self.ws.recv(), timeout)
        fm = ForwardMsg()
        fm.ParseFromString(data)
        if fm.WhichOneof("type") == "backend_operation_response":
            self.answers[fm.backend_operation_response.request_id] = \
                fm.backend_operation_response
        return data, fm

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
        elif w.kind in ("text_input", "selectbox"):
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

    def _reader(self):
        import asyncio

        if not hasattr(self, "_lock"):
            self._lock = asyncio.Lock()
        return self._lock

    async def _run(self, first: bool = False, fragment: str = "") -> Run:
        async with self._reader():
            return await self._read_run(first, fragment)

    async def _read_run(self, first: bool, fragment: str) -> Run:
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
                data, fm = await self._read_one(left)
            except asyncio.TimeoutError:
                break
            except websockets.ConnectionClosed:
                run.status = "closed"
                break
            run.messages += 1
            run.bytes += len(data)
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
            if kind == "new_session":
                self.session_id = fm.new_session.initialize.session_id or self.session_id
            elif kind == "navigation":  # st.navigation says which page ran
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
            key, old = _key_of(s.id), self.widgets.get(_key_of(s.id))
            # a value the server does not set is the one the browser holds: set, or shown
            if s.set_value:
                value = list(s.value)
            elif key in self.states:
                value = list(self.states[key].double_array_value.data)
            else:
                value = [old.value] if old and old.id == s.id else list(s.default)
            is_int = s.data_type == s.DataType.Value("INT")
            seen[key] = Widget(s.id, "slider", s.label, value[0] if value else None,
                                         s.min, s.max, s.step, is_int, fragment)
        elif which == "selectbox":
            s = el.selectbox
            seen[_key_of(s.id)] = Widget(s.id, "selectbox", s.label, fragment=fragment)
        elif which == "download_button" and el.download_button.deferred_file_id:
            self.downloads[el.download_button.label] = el.download_button.deferred_file_id
        elif which == "bidi_component":
            b = el.bidi_component
            seen[_key_of(b.id)] = Widget(b.id, "bidi", b.component_name, fragment=fragment,
                                         data=b.json)
        elif which == "text_input":
            t = el.text_input
            seen[_key_of(t.id)] = Widget(t.id, "text_input", t.label,
                                         t.value if t.set_value else t.default,
                                         fragment=fragment)
