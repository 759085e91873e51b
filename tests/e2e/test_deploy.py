"""A class on two replicas behind real nginx (``deploy/serve.py``), in real Chromium.

The fixture runs ``python deploy/serve.py --replicas 2`` on free loopback ports (nginx from
Debian's packages; skipped on a developer's machine without nginx, never in CI) and stops it
with SIGTERM at the end, checking that nginx and both replicas are gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e import live
from tests.e2e.conftest import (
    PAGES,
    ROOT,
    TITLE,
    TOPIC_PAGES,
    VIEWPORT,
    StreamlitServer,
    _free_port,
    _health,
    _new_page,
    error_texts,
    expect_no_exception,
    function_box,
    open_app,
    open_downloads,
    query,
    wait_idle,
    wait_until,
    warning_texts,
)
from tests.e2e.test_pages import PREPARED

RECOVERY_S = 10.0  # the promise: a tab whose replica died answers again within 10 s
# The tab starts reopening its link about 1 s after the kill; drawing the page again then
# takes what the machine gives (the surviving replica reruns the page while the supervisor
# restarts the dead one, and each needs a core): 8-9 s under a load average of 18 on this
# 2-core box, 33 s under 20. The reload is held to the promise; the answered step gets a
# bound for shared CI machines, and the test prints the figures (bench/load.py --deploy
# --kill measures recovery under load on a quiet machine: docs/load.md).
ANSWER_BOUND_S = 90.0


def _nginx() -> str | None:
    for cand in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if cand and os.access(cand, os.X_OK):
            return cand
    return None


class Deployment:
    def __init__(self, url: str, state_file: Path, run_dir: Path, proc: subprocess.Popen):
        self.url, self.state_file, self.run_dir, self.proc = url, state_file, run_dir, proc

    def state(self) -> dict:
        return json.loads(self.state_file.read_text())

    def replica(self, name: str) -> dict:
        return next(r for r in self.state()["replicas"] if r["name"] == name)

    def log(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
                         for p in sorted(self.run_dir.glob("*.log")))


@pytest.fixture(scope="module")
def deployment(browser, tmp_path_factory):
    """``deploy/serve.py --replicas 2`` with nginx on a free loopback port."""
    if _nginx() is None:
        msg = "nginx is not installed (Debian: apt-get install nginx); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(msg + " — CI must run the deployment tests", pytrace=False)
        pytest.skip(msg)
    tmp = tmp_path_factory.mktemp("deploy")
    port = _free_port()
    state_file = tmp / "state.json"
    out = open(tmp / "serve.out", "wb")
    proc = subprocess.Popen([sys.executable, "deploy/serve.py", "--replicas", "2", "--port", str(port),
                             "--state-file", str(state_file), "--run-dir", str(tmp / "run"),
                             "--data", str(tmp / "data"), "--no-install"],
                            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    dep = Deployment(f"http://127.0.0.1:{port}", state_file, tmp / "run", proc)
    try:
        deadline = time.monotonic() + 180
        while not (state_file.exists() and _health(dep.url) == "ok"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"serve.py did not come up ({proc.poll()=}):\n"
                            f"{(tmp / 'serve.out').read_text()}\n{dep.log()}", pytrace=False)
            time.sleep(0.25)
        # warm each replica (its first script run pays the imports), straight to its port
        ctx = browser.new_context(viewport=VIEWPORT)
        try:
            for r in dep.state()["replicas"]:
                warm = _new_page(ctx, f"http://127.0.0.1:{r['port']}")
                open_app(warm, "/")
                warm.close()
        finally:
            ctx.close()
        yield dep
    finally:
        pids = []
        with contextlib.suppress(Exception):
            st = dep.state()
            pids = [st["nginx_pid"], st["redis_pid"], *(r["pid"] for r in st["replicas"])]
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        out.close()
        alive = [p for p in pids if p and _alive(p)]
        for p in alive:
            with contextlib.suppress(ProcessLookupError):
                os.kill(p, signal.SIGKILL)
        assert proc.returncode == 0, (proc.returncode, (tmp / "serve.out").read_text())
        # nginx failed nothing of its own (e.g. a temp file it could not write, which cut a
        # big script short); refused connections to the killed replica are expected
        errors = (dep.run_dir / "error.log").read_text(errors="replace")
        assert not re.findall(r"\[(?:crit|alert|emerg)\].*", errors), errors[-3000:]
        assert not alive, f"serve.py left processes running after SIGTERM: {alive}"
        assert _health(dep.url) == "", "nginx still answers after serve.py stopped"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie child of serve.py's (already gone) process counts as gone
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    return False


@pytest.fixture
def contexts(browser):
    made = []

    def make():
        made.append(browser.new_context(viewport=VIEWPORT))
        return made[-1]

    yield make
    for ctx in made:
        ctx.close()


def replica_of(context) -> str | None:
    """The replica nginx pinned this browser to (its ``gvreplica`` cookie)."""
    for c in context.cookies():
        if c["name"] == "gvreplica":
            return c["value"]
    return None


def _get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, dict(r.headers), r.read()


# -- through nginx -----------------------------------------------------------------------------
def test_health_answers_through_nginx_and_on_each_replica(deployment):
    """Test the health check: nginx answers ok, and so does each replica on its own port."""
    status, _, body = _get(deployment.url + "/_stcore/health")
    assert (status, body.strip()) == (200, b"ok")
    for r in deployment.state()["replicas"]:
        assert _health(f"http://127.0.0.1:{r['port']}") == "ok", r


def test_cookie_pins_a_browser_to_one_replica(deployment):
    """Test the affinity: without the cookie nginx picks a replica and names it in the cookie;
    with it, every request (page, static file, health-free paths) goes to that replica."""
    _, headers, _ = _get(deployment.url + "/")
    first = re.match(r"gvreplica=(r\d+);", headers.get("Set-Cookie", ""))
    assert first, headers
    names = [r["name"] for r in deployment.state()["replicas"]]
    assert first.group(1) in names
    for name in names:
        for path in ("/", "/gradient-field", "/_stcore/host-config"):
            _, h, _ = _get(deployment.url + path, {"Cookie": f"gvreplica={name}"})
            assert h.get("X-Gradviz-Replica") == name, (path, name, h)


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_topic_page_opens_from_a_prepared_link(deployment, contexts, name):
    """Test that every topic page opens through nginx from an instructor's prepared link."""
    path, title = PAGES[name]
    ctx = contexts()
    page = _new_page(ctx, deployment.url)
    open_app(page, path, PREPARED[name])
    assert re.search(title, page.locator(TITLE).first.inner_text(), re.IGNORECASE)
    expect_no_exception(page)
    assert not error_texts(page) and not warning_texts(page), (error_texts(page), warning_texts(page))
    assert function_box(page).input_value() == PREPARED[name]["f"]
    assert query(page).get("p") == PREPARED[name]["p"], query(page)
    assert replica_of(ctx) in ("r1", "r2")


def test_download_comes_back_through_nginx(deployment, contexts, tmp_path):
    """Test that download buttons work through nginx: Streamlit makes the file in the session's
    replica and serves it from there only, so each download needs the affinity to hold."""
    ctx = contexts()
    page = _new_page(ctx, deployment.url)
    open_app(page, PAGES["partial_derivatives"][0], {"f": "x^2*y + y^3", "p": "0.5,-1"})
    expect_no_exception(page)
    for _ in range(3):  # a request sent to the other replica would 404
        button = open_downloads(page).locator('[data-testid="stDownloadButton"] button').filter(
            has_text="Python script")
        with page.expect_download() as info:
            button.click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        text = target.read_text()
        assert "return x**2*y + y**3" in text and "p = (0.5, -1.0)" in text, text[:600]
    expect_no_exception(page)


# -- what one browser and one address may do (issue 23) -----------------------------------------
def _open_sockets(url: str, cookies: list) -> list[int]:
    """Open one websocket per entry of ``cookies`` (a ``gvclient`` value, or None: no cookie)
    through nginx, all at once, then close them; the HTTP status of each handshake (101: open)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import websockets

    async def one(cookie):
        try:
            ws = await websockets.connect(
                url.replace("http://", "ws://") + "/_stcore/stream", origin=url,
                subprotocols=["streamlit"], open_timeout=60, ping_interval=None,
                additional_headers={"Cookie": f"gvclient={cookie}"} if cookie else None)
        except websockets.InvalidStatus as refused:
            return refused.response.status_code, None
        return 101, ws

    async def go():
        got = await asyncio.gather(*(one(c) for c in cookies))
        for _, ws in got:  # close at once: only the handshakes are tested
            if ws is not None:
                await ws.close()
        return [code for code, _ in got]

    # in a thread of its own: Playwright's sync API runs an event loop in this one
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, go()).result()


def test_metrics_are_not_served(deployment):
    """Test that /_stcore/metrics is 404 through nginx, and answers no figure on a replica's
    own port (the app empties it)."""
    import urllib.error

    with pytest.raises(urllib.error.HTTPError) as err:
        _get(deployment.url + "/_stcore/metrics")
    assert err.value.code == 404
    port = deployment.state()["replicas"][0]["port"]
    _, _, body = _get(f"http://127.0.0.1:{port}/_stcore/metrics")
    assert not re.findall(rb"^[a-z_]+[{ ]", body, re.M), body[:500]


def test_a_browser_is_given_its_cookie_once(deployment):
    """Test that a first page sets a random ``gvclient`` cookie, and a browser holding one is
    not given another."""
    first = urllib.request.urlopen(deployment.url + "/", timeout=10).headers
    cookies = first.get_all("Set-Cookie")
    ids = [m.group(1) for c in cookies if (m := re.match(r"gvclient=([0-9a-f]{32});", c))]
    assert len(ids) == 1, cookies
    again = urllib.request.urlopen(urllib.request.Request(
        deployment.url + "/", headers={"Cookie": f"gvclient={ids[0]}"}), timeout=10).headers
    assert not any(c.startswith("gvclient=") for c in again.get_all("Set-Cookie") or []), again


def test_one_browser_opens_ten_sessions_a_hall_hundreds(deployment):
    """Test the limits on sessions: one browser (its cookie) gets 10 websockets at once and the
    11th is refused (429); 150 browsers behind one address (a lecture hall's NAT) all get theirs;
    a websocket without a browser's cookie is held to 10 at once per address."""
    one = _open_sockets(deployment.url, ["one-browser"] * 11)
    assert sorted(one) == [101] * 10 + [429], one
    hall = _open_sockets(deployment.url, [f"student-{i}" for i in range(150)])
    assert hall == [101] * 150, sorted(set(hall))
    strangers = _open_sockets(deployment.url, [None] * 15)
    assert 10 <= strangers.count(101) <= 12 and strangers.count(429) >= 3, strangers


# -- a replica dies mid-lecture ----------------------------------------------------------------
def _session_on(deployment, contexts, path, params, avoid=None, tries=6):
    """A new browser session showing ``path?params``; on another replica than ``avoid``."""
    for _ in range(tries):
        ctx = contexts()
        page = _new_page(ctx, deployment.url)
        open_app(page, path, params)
        name = replica_of(ctx)
        if name != avoid:
            return page, name
        page.close()
    pytest.fail(f"{tries} new sessions all landed on replica {avoid}")


def _reloaded(page) -> bool:
    """Has the page a new document (the mark set by the test is gone)? False mid-navigation."""
    from playwright.sync_api import Error

    try:
        return page.evaluate("() => !window.__gvTestMark")
    except Error:  # "Execution context was destroyed": the reload is under way
        return False


def _view(page) -> dict:
    q = query(page)
    return {"path": page.evaluate("() => location.pathname"), "title": page.locator(TITLE).first.inner_text(),
            "f": function_box(page).input_value(), "p": q.get("p"), "d": q.get("d"),
            "lecture": q.get("lecture"),
            "lecture_switch": page.get_by_role("switch", name="Lecture mode").is_checked()}


def _step_answered(page, label: str, key: str, timeout: float) -> str:
    """Press ``key`` on the picture's slider ``label``; return the new ``p`` once the server
    has answered."""
    before = query(page).get("p")
    live.slider(page, label).press(key)
    wait_until(lambda: query(page).get("p") != before, timeout=timeout,
               message=lambda: f"slider step on {page.url} not answered (p={query(page).get('p')})")
    wait_idle(page, settle=0.1)
    return query(page)["p"]


def test_replica_killed_mid_session(deployment, contexts):
    """Test a replica dying mid-lecture (SIGKILL): the tab it served reopens its link within
    10 s and answers a slider step again, from the other replica, with the same page, function, point, domain
    and lecture mode and no exception box; the other tab never notices; the supervisor
    restarts the dead replica and new sessions reach it."""
    a, rep_a = _session_on(deployment, contexts, "/gradient-field",
                           {"f": "x^2+y", "p": "1,1", "d": "-1,3,-1,3", "lecture": "1"})
    b, rep_b = _session_on(deployment, contexts, "/jacobian-linearisation",
                           {"f": "[x*y, x + y]", "p": "1,2"}, avoid=rep_a)
    # mark both documents: a reload (a new document) loses the mark
    for pg in (a, b):
        pg.evaluate("() => { window.__gvTestMark = 1; }")
    view_a, view_b = _view(a), _view(b)
    assert view_a["lecture"] == "1" and view_a["lecture_switch"], view_a
    killed = deployment.replica(rep_a)
    os.kill(killed["pid"], signal.SIGKILL)
    t0 = time.monotonic()

    # the tab notices, says so, and reloads its link from the surviving replica
    wait_until(lambda: _reloaded(a), timeout=RECOVERY_S,
               message="the tab whose replica died did not reload its link")
    t_reload = time.monotonic() - t0
    wait_idle(a, settle=0.1)
    t_idle = time.monotonic() - t0
    a.js_errors.clear()  # Streamlit logs its failed pings to the console while the server is away
    before = query(a).get("p")
    live.slider(a, "y₀").press("ArrowDown")
    wait_until(lambda: query(a).get("p") != before, timeout=max(ANSWER_BOUND_S - t_idle, 1.0),
               message=lambda: f"slider step not answered within {ANSWER_BOUND_S:.0f} s of the kill "
                               f"(reloaded after {t_reload:.1f} s, drawn after {t_idle:.1f} s)")
    elapsed = time.monotonic() - t0
    print(f"SIGKILL → reload {t_reload:.1f} s → page drawn {t_idle:.1f} s → "
          f"slider step answered {elapsed:.1f} s")
    assert t_reload <= RECOVERY_S, f"the tab reopened its link only after {t_reload:.1f} s"
    assert elapsed <= ANSWER_BOUND_S, f"the tab answered again only after {elapsed:.1f} s"
    wait_idle(a, settle=0.1)
    p = query(a)["p"]
    after = _view(a)
    assert {**after, "p": view_a["p"]} == view_a, (after, view_a)
    assert p != view_a["p"] and p.split(",")[0] == view_a["p"].split(",")[0], (p, view_a["p"])
    assert replica_of(a.context) == rep_b, "the recovered tab is not on the surviving replica"
    expect_no_exception(a)
    assert a.locator('[data-testid="gvReconnectNotice"]').count() == 0  # a fresh document

    # the other tab never noticed: same document, connection never lost, still answers
    assert b.evaluate("() => window.__gvTestMark === 1 && !window.__gradvizReconnect.lost")
    assert _view(b) == view_b
    _step_answered(b, "x₀", "ArrowUp", timeout=30)
    expect_no_exception(b)

    # the supervisor restarts the killed replica on its port, and new sessions reach it
    wait_until(lambda: deployment.replica(rep_a)["pid"] != killed["pid"]
               and _health(f"http://127.0.0.1:{killed['port']}") == "ok",
               timeout=120, message=lambda: "the killed replica was not restarted:\n" + deployment.log())
    time.sleep(5)  # nginx retries a failed server after fail_timeout (5 s)
    c, rep_c = _session_on(deployment, contexts, "/gradient-field", {"f": "x*y", "p": "1,2"},
                           avoid=rep_b)
    assert rep_c == rep_a
    _step_answered(c, "x₀", "ArrowUp", timeout=30)
    expect_no_exception(c)
    # and the recovered tab stays where it is now, answering
    assert replica_of(a.context) == rep_b
    _step_answered(a, "x₀", "ArrowUp", timeout=30)
    expect_no_exception(a)


# -- no proxy: one server restarted on its port ------------------------------------------------
def test_tab_survives_a_server_restart_without_a_proxy(browser, tmp_path):
    """Test the issue's first finding: one `streamlit run`, killed and started again on the
    same port, no proxy. Streamlit's client reconnects to the new server, which has no
    session for it (a point slider asks for a fragment it doesn't know, and nothing answers);
    the tab must notice, reopen its link and answer a slider step with the same view."""
    server = StreamlitServer("streamlit_app.py", tmp_path / "server.log", timeout=120)
    base = server.start()
    ctx = browser.new_context(viewport=VIEWPORT)
    try:
        page = _new_page(ctx, base)
        open_app(page, "/partial-derivatives", {"f": "x^2*y + y^3", "p": "0.5,1", "lecture": "1"})
        page.evaluate("() => { window.__gvTestMark = 1; }")
        view = _view(page)
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait()
        wait_until(lambda: page.locator('[data-testid="gvReconnectNotice"]').count() == 1,
                   timeout=RECOVERY_S, message="no notice while the server is away")
        notice = page.locator('[data-testid="gvReconnectNotice"]').inner_text()
        assert "connection" in notice.lower() and "back" in notice.lower(), notice
        assert page.evaluate("() => window.__gvTestMark") == 1  # nothing to reload from yet
        server.start()  # the same port, a new server
        wait_until(lambda: _reloaded(page), timeout=RECOVERY_S,
                   message="the tab did not reopen its link once the server was back")
        wait_idle(page)
        page.js_errors.clear()  # Streamlit's failed pings while the server was away
        assert _view(page) == view
        _step_answered(page, "x₀", "ArrowUp", timeout=60)
        expect_no_exception(page)
    finally:
        ctx.close()
        server.stop()
