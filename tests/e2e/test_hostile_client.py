"""Issue 23 against a real server, as a hostile client would go about it: Streamlit's websocket
protocol spoken by hand (``bench/loadclient.py``), no browser. Nothing a client sends ends the
server process, costs other sessions more than a bounded share, or gets Streamlit's generic
error; figure downloads are drawn out of the server process, once each, a few per minute.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import threading
import time
import urllib.request
from unittest import mock

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from gradviz.app import messages
from gradviz.app.render import FIGURES_PER_MINUTE
from tests.conftest import run_async
from tests.e2e.conftest import ROOT, StreamlitServer

sys.path.insert(0, str(ROOT / "bench"))
from loadclient import Session  # noqa: E402  (bench/loadclient.py)

PAGE, LIVE = "gradient-field", "gf.scene"  # the page's picture: its release moves p


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """``streamlit run streamlit_app.py`` in a process group of its own (stopped with its
    worker processes); yields the server."""
    srv = StreamlitServer("streamlit_app.py", tmp_path_factory.mktemp("hostile") / "server.log",
                          own_group=True)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def unchecked(tmp_path_factory):
    """The same server with the parser's control-character check off (a ``sitecustomize``
    that empties it), as the app was when issue 23 was filed."""
    site = tmp_path_factory.mktemp("site")
    (site / "sitecustomize.py").write_text(
        "import re\nimport gradviz.parsing\ngradviz.parsing._CONTROL = re.compile('(?!)')\n")
    srv = StreamlitServer("streamlit_app.py", site / "server.log", own_group=True)
    with mock.patch.dict(os.environ, PYTHONPATH=f"{site}{os.pathsep}{ROOT}"):
        srv.start()
    yield srv
    srv.stop()


def run(coro):
    """The coroutine to its end, in a thread of its own (Playwright's loop owns this one)."""
    return run_async(coro)


async def _open(app, query: str = "", page: str = PAGE) -> Session:
    s = Session(app.base, timeout=120)
    r = await s.open(page, query)
    assert r.status == "FINISHED_SUCCESSFULLY" and not r.exceptions, (r.status, r.exceptions)
    s.timeout = ANSWER_S
    return s


#: s to wait for a run's answer (a rerun the server drops gets none: "timeout" after this long)
ANSWER_S = 10
#: s to wait for the answer to a message the server should drop (a run it takes answers
#: within a second; what follows checks that the session still answers)
DROPPED_S = 4


def _events(s: Session, text: str) -> WidgetState:
    """The picture's event list ``text`` (JSON), as the widget state the browser sends."""
    return WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{s.widgets[LIVE].id}__events",
                       json_trigger_value=text)


def _moves(points) -> str:
    return json.dumps([{"event": "moved", "value": {"x": x, "y": y, "seq": i}}
                       for i, (x, y) in enumerate(points)])


def _cpu(pid: int) -> float:
    """CPU seconds the process has used (user + system), from /proc."""
    with open(f"/proc/{pid}/stat", "rb") as fh:
        fields = fh.read().rsplit(b")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _point(s: Session) -> tuple:
    """The point the page last sent its picture."""
    return tuple(json.loads(s.widgets[LIVE].data)["point"][:2])


async def _move(s: Session, x: float, y: float):
    """A release in the picture at (x, y), as the browser sends it."""
    return await s.trigger(LIVE, "moved", {"x": x, "y": y, "seq": 99})


def _answered(run_) -> None:
    """The run finished with no exception and no generic error."""
    assert run_.status.startswith("FINISHED"), run_.status
    assert not run_.exceptions, run_.exceptions
    assert not any("Something went wrong" in e for e in run_.errors), run_.errors


def test_figure_downloads_are_drawn_out_of_the_server_and_the_seventh_waits(app):
    """Test that a PNG download comes back (a real PNG), that the server process never loads
    vl-convert (its native renderer), and that asking for more than FIGURES_PER_MINUTE
    figures in a minute is refused in words saying when to ask again."""
    async def go():
        s = await _open(app)
        got = [await s.download("Figure (PNG)") for _ in range(FIGURES_PER_MINUTE + 1)]
        await s.close()
        return got

    got = run(go())
    for seconds, url, error in got[:-1]:
        assert url and not error, (seconds, url, error)
    _, url, error = got[-1]
    assert not url and f"{FIGURES_PER_MINUTE} figures within a minute" in error, error
    assert "ask again in" in error and error[0].isupper()
    with urllib.request.urlopen(app.base + got[0][1], timeout=30) as r:
        assert r.read(8) == b"\x89PNG\r\n\x1a\n"
    maps = open(f"/proc/{app.proc.pid}/maps").read()
    assert "vl_convert" not in maps, "the server process loaded the native renderer"


def test_a_figure_with_a_control_character_in_its_title_is_drawn_and_the_server_stays_up(
        unchecked):
    """Test issue 23's crash with the parser's check off: ``f=[x,sin(y)]%0B`` reaches the
    vector field's title, on which vl-convert once aborted the server process (U+000B). The
    picture's figures are matplotlib's drawing of its scene, in the render worker: the PNG and
    SVG downloads are files, the server stays up and another session's point moves. (A
    renderer that aborts costs its worker only: tests/core/test_budget.py.)"""
    async def go():
        s = await _open(unchecked, "f=[x,sin(y)]%0B", "vector-fields")
        assert s.widgets["gv.vector.text"].value == "[x,sin(y)]\x0b"
        got = [await s.download(label) for label in ("Figure (PNG)", "Figure (SVG)")]
        other = await _open(unchecked)
        answer = await _move(other, 0.5, 2)
        await s.close()
        await other.close()
        return got, answer

    got, answer = run(go())
    for (_, url, error), ext in zip(got, (".png", ".svg")):
        assert url.endswith(ext) and not error, (url, error)
    assert unchecked.proc.poll() is None, "the server process ended"
    _answered(answer)


def test_a_twenty_thousand_event_message_costs_the_server_nothing(app):
    """Test that a picture's message of 20,000 events (1 MB; 54 s of server CPU when the
    issue was filed) closes its connection (1009) at once, costs well under a second of CPU,
    and another session answers meanwhile; and that a message of many events under the size
    limit is answered once, at its last event's point."""
    async def go():
        bystander, s = await _open(app), await _open(app)
        before = _cpu(app.proc.pid)
        big = _events(s, _moves([(0.5, 1.5)] * 20_000))
        s.triggers.append(big)
        closed = await s.send(s._message(False, s.widgets[LIVE].fragment))
        cpu = _cpu(app.proc.pid) - before
        answer = await _move(bystander, 0.5, 2)
        await bystander.close()
        m = await _open(app)
        many = _events(m, _moves([(0.1, 0.1)] * 499 + [(0.3, 0.7)]))
        assert len(many.json_trigger_value) < messages.MAX_MESSAGE
        m.triggers.append(many)
        moved = await m._run(fragment=m.widgets[LIVE].fragment)
        point = _point(m)
        await m.close()
        return len(big.json_trigger_value), closed, cpu, answer, moved, point

    size, closed, cpu, answer, moved, point = run(go())
    assert size > 10 * messages.MAX_MESSAGE
    assert closed == "closed 1009", closed
    assert cpu < 2.0, f"the message cost the server {cpu:.1f} s of CPU"
    _answered(answer)
    _answered(moved)
    assert point == pytest.approx((0.3, 0.7)), point


def _rss(pid: int) -> float:
    """The process's resident memory in MB, from /proc."""
    with open(f"/proc/{pid}/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS")) / 1024


def test_big_messages_at_once_are_refused_before_they_are_read_whole(app):
    """Test that 24 browsers each sending one 40 MB message (zeros, a few kB deflated on the
    wire) at once leave the server's memory within a few hundred MB, closed with 1009: the
    transport reads at most server.maxMessageSize (2 MB) of each; with Streamlit's default
    or the 50 MB this app set, it held each whole before the app's 64 kB rule (1.7 GB for
    32: over the 2 GB a replica is given, docs/deploying.md)."""
    import websockets

    peak, stop = [0.0], threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], _rss(app.proc.pid))
            time.sleep(0.02)

    async def one(payload):
        async with websockets.connect(
                app.base.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                origin=app.base, compression="deflate", max_size=None, ping_interval=None,
                open_timeout=60) as ws:
            try:
                await ws.send(payload)
                while True:
                    await asyncio.wait_for(ws.recv(), 60)
            except websockets.ConnectionClosed as closed:
                return closed.rcvd.code if closed.rcvd else None
            except asyncio.TimeoutError:
                return "still open after 60 s"

    async def go():
        payload = bytes(40_000_000)
        return await asyncio.gather(*(one(payload) for _ in range(24)), return_exceptions=True)

    run(_open_and_close(app))  # the server warm, its page's modules loaded
    before = _rss(app.proc.pid)
    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    try:
        codes = run(go())
    finally:
        stop.set()
        watcher.join()
    assert [c for c in codes if c != 1009] == [], codes
    assert peak[0] - before < 400, f"the server grew from {before:.0f} MB to {peak[0]:.0f} MB"
    assert urllib.request.urlopen(app.base + "/_stcore/health", timeout=10).read() == b"ok"


async def _open_and_close(app):
    await (await _open(app)).close()


FORGED = {  # the picture's event list, as JSON text
    "a 400-digit x": '[{"event":"moved","value":{"x":1' + "0" * 400 + ',"y":1,"seq":1}}]',
    "x a string": '[{"event":"moved","value":{"x":"1e400","y":1,"seq":1}}]',
    "x a bool": '[{"event":"moved","value":{"x":true,"y":1,"seq":1}}]',
    "value nested 5000 deep": '[{"event":"moved","value":' + "[" * 5000 + "]" * 5000 + "}]",
    "the list nested 5000 deep": "[" * 5000 + "]" * 5000,
}


@pytest.mark.parametrize("what", list(FORGED))
def test_forged_component_values_are_ignored(app, what):
    """Test that a ``moved`` event that is not two finite numbers, or JSON nested deeper than
    Python's parser goes, leaves the point where it was with no error of any kind (a message
    the server drops gets no answer), and the session answers afterwards."""
    async def go():
        s = await _open(app)
        before = _point(s)
        s.triggers.append(_events(s, FORGED[what]))
        s.timeout = DROPPED_S
        forged = await s._run(fragment=s.widgets[LIVE].fragment)
        s.timeout = ANSWER_S
        after = await _move(s, 0.5, before[1])
        point = _point(s)
        await s.close()
        return before, forged, after, point

    before, forged, after, point = run(go())
    if forged.status != "timeout":
        _answered(forged)
    _answered(after)
    assert point == (0.5, before[1]), point


@pytest.mark.parametrize("field,value", [("int_value", 9999), ("double_value", 1e308),
                                         ("string_value", "9999")])
def test_course_examples_menu_with_a_forged_value(app, field, value):
    """Test that the course-examples menu sent 9999 (as an index, a float or an unknown name)
    changes nothing and gives no error, and the session answers afterwards."""
    async def go():
        s = await _open(app)
        w = s.widgets["gv.scalar.preset"]
        s.states["gv.scalar.preset"] = WidgetState(id=w.id, **{field: value})
        s.timeout = DROPPED_S
        forged = await s.rerun({})
        s.timeout = ANSWER_S
        del s.states["gv.scalar.preset"]
        after = await _move(s, 0.5, 2)
        await s.close()
        return forged, after

    forged, after = run(go())
    if forged.status != "timeout":
        _answered(forged)
        assert not forged.errors, forged.errors
    _answered(after)


def test_a_clients_clear_cache_is_ignored(app):
    """Test that a ``clear_cache`` message (which clears every session's cached results and
    the sender's own state) changes nothing: the point the picture moved stays."""
    async def go():
        s = await _open(app)
        await s.trigger(LIVE, "moved", {"x": 0.3, "y": 0.7, "seq": 1})
        msg = BackMsg()
        msg.clear_cache = True
        state = await s.send(msg.SerializeToString())
        again = await s.rerun({})
        point = _point(s)
        await s.close()
        return state, again, point

    state, again, point = run(go())
    assert state == "open"
    _answered(again)
    assert point == pytest.approx((0.3, 0.7)), point


def test_thirty_simultaneous_opens_of_a_new_link_are_all_served(app):
    """Test that 30 sessions opening one new link at once (a class at a projector's link)
    are all served with the same answer, none told the server is busy."""
    text = "*".join(f"sin(x+{i}y)" for i in range(1, 15)) + f" + {time.time_ns() % 9973}"
    query = "f=" + urllib.request.quote(text)

    async def go():
        async def one():
            s = Session(app.base, timeout=120)
            r = await s.open(PAGE, query)
            await s.close()
            return r

        return await asyncio.gather(*(one() for _ in range(30)))

    async def warm():  # the worker machinery started, the course examples admitted
        s = await _open(app, "f=" + urllib.request.quote("x^2 + 3y + 0.5"))
        await s.close()

    run(warm())
    with _new_processes(app.proc.pid) as workers:
        runs = run(go())
    for r in runs:
        assert r.status == "FINISHED_SUCCESSFULLY" and not r.exceptions, (r.status, r.exceptions)
    notes = {tuple(r.warnings + r.errors) for r in runs}
    assert not any("busy" in n for ns in notes for n in ns), notes
    assert len(notes) == 1, notes  # one answer for all: accepted, or refused the same way
    assert len(workers) == 1, f"{len(workers)} worker processes for one text"


@contextlib.contextmanager
def _new_processes(pid: int):
    """The set of processes that appear below ``pid`` meanwhile (polled every 20 ms)."""
    import psutil

    root, seen, stop = psutil.Process(pid), set(), threading.Event()
    before = {p.pid for p in root.children(recursive=True)}

    def watch():
        while not stop.is_set():
            with contextlib.suppress(psutil.Error):
                seen.update(p.pid for p in root.children(recursive=True))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    new: set = set()
    try:
        yield new
    finally:
        stop.set()
        watcher.join()
        new.update(seen - before)


def test_a_closed_tabs_session_is_released_after_the_configured_ttl(app):
    """Test that a session whose websocket closed is resumed within the app's configured
    ``server.disconnectedSessionTTL`` (at most a minute) and released after it: asking for it
    again then gives a new session."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    ttl = config["server"]["disconnectedSessionTTL"]
    assert 5 <= ttl <= 60, ttl

    async def reopen(sid: str) -> str:
        s = Session(app.base)
        await s.open(PAGE, resume=sid)
        await s.close()
        return s.session_id

    async def go():
        first = await _open(app)
        await first.close()
        resumed = await reopen(first.session_id)
        await asyncio.sleep(ttl + 3)
        return first.session_id, resumed, await reopen(first.session_id)

    sid, resumed, later = run(go())
    assert resumed == sid
    assert later and later != sid


#: sessions of the flood (nginx lets one browser hold 10), each asking for a page run of the
#: Jacobian page at n = 150 every FLOOD_EVERY seconds
FLOODERS, FLOOD_EVERY, FLOOD_S = 10, 0.3, 20


def test_a_flood_of_page_runs_waits_behind_a_students_releases(app):
    """Test that sessions asking for a full page run every 0.3 s (a script, or tabs held on
    a key) do not hold another student's releases: before fair turns (gradviz.budget.Turns),
    ten such sessions made a release wait 9-30 s (here: over 10 s, the limit of the test);
    with them, p50 0.1 s and max 0.9 s here. Bounds are generous for a shared CI box."""
    from streamlit.proto.BackMsg_pb2 import BackMsg as Back

    async def flood(i: int, until: float):
        s = Session(app.base, timeout=60)
        await s.connect()

        async def drain():
            with contextlib.suppress(Exception):
                async for _ in s.ws:
                    pass

        reader = asyncio.create_task(drain())
        k = 0
        while time.perf_counter() < until:
            msg = Back()
            msg.rerun_script.page_name = "jacobian-linearisation"
            msg.rerun_script.query_string = f"n=150&p={0.5 + k % 300 * 0.003:.4f},{i * 0.01:.3f}"
            await s.ws.send(msg.SerializeToString())
            k += 1
            await asyncio.sleep(FLOOD_EVERY)
        reader.cancel()
        await s.close()
        return k

    async def go():
        student = await _open(app)
        until = time.perf_counter() + FLOOD_S
        floods = [asyncio.create_task(flood(i, until)) for i in range(FLOODERS)]
        await asyncio.sleep(2)  # the flood under way
        seconds, k = [], 0
        while time.perf_counter() < until:
            answer = await _move(student, 0.2 + 0.01 * k, 1.5)
            _answered(answer)
            seconds.append(answer.seconds)
            k += 1
            await asyncio.sleep(0.3)
        sent = await asyncio.gather(*floods)
        await student.close()
        return seconds, sent

    seconds, sent = run(go())
    assert sum(sent) > FLOODERS * FLOOD_S / FLOOD_EVERY / 2, sent  # the flood was sent
    assert len(seconds) >= 8, f"{len(seconds)} releases answered in {FLOOD_S - 2} s: {seconds}"
    assert sorted(seconds)[len(seconds) // 2] < 2.0, seconds
    assert max(seconds) < 8.0, seconds
    assert app.proc.poll() is None
