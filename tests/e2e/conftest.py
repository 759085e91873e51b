"""Real-browser fixtures: a ``streamlit run`` server, Debian's Chromium via Playwright, helpers.

The server and the browser live for the whole session. Every test gets a new page (its own
Streamlit session) at 1500×1100 in one shared browser context, so Streamlit's JavaScript is
fetched once; the link round trip also opens a brand-new context. Nothing leaves 127.0.0.1:
the browser cannot resolve any host name, and the server is bound to the loopback address.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from gradviz.app.pages import PAGES as APP_PAGES
from gradviz.app.pages import TOPIC_PAGES as APP_TOPIC_PAGES

ROOT = Path(__file__).resolve().parents[2]
#: where the pages' screenshots go: a temporary folder, or (to refresh the README's pictures)
#: GRADVIZ_SCREENSHOT_DIR=docs/screenshots (a path relative to the repository's root)
SCREENSHOTS = ROOT / os.environ.get("GRADVIZ_SCREENSHOT_DIR",
                                    Path(tempfile.gettempdir()) / "gradviz-screenshots")

VIEWPORT = {"width": 1500, "height": 1100}
STARTUP_TIMEOUT = 60.0  # s for the server to answer /_stcore/health
TIMEOUT_MS = 60_000  # Playwright's default wait (a loaded 2-core CI machine is slow)

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAIN = '[data-testid="stMain"]'
TITLE = '[data-testid="stMainBlockContainer"] h1'
SKELETON = '[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]'

# Every page of the app (gradviz.app.pages): name (also the screenshot's name) ->
# (url path, title pattern).
PAGES = {p.name: (p.path, p.heading) for p in APP_PAGES}
TOPIC_PAGES = list(APP_TOPIC_PAGES)
# One page per kind of function box (scalar, vector) for the input-handling tests: the box
# and the link parsing are shared glue, which tests/app checks on every page.
KIND_PAGES = ["gradient_field", "vector_fields"]


def pytest_collection_modifyitems(items):
    """Mark every test in this folder as ``e2e`` (select with ``-m e2e``, skip with ``-m 'not e2e'``)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


# -- the server --------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _health(url: str) -> str:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.read().decode(errors="replace").strip()
    except (urllib.error.URLError, OSError):
        return ""


class StreamlitServer:
    """``streamlit run <script>`` on a loopback port (a free one unless ``port`` is given),
    started and stopped by the test that owns it; ``base`` is its URL.

    ``start`` fails the test with the server's log if it exits or gives no 'ok' from
    /_stcore/health within ``timeout`` s. ``own_group`` starts it in a process group of its
    own, which ``stop`` kills whole (the server, its forkserver and any worker it started);
    otherwise ``stop`` terminates it (then kills it after 15 s). ``start`` again after a
    ``stop`` (or a kill) starts a new server on the same port.
    """

    def __init__(self, script: str, log_path: Path, *options: str, port: int | None = None,
                 own_group: bool = False, timeout: float = STARTUP_TIMEOUT):
        self.script, self.log_path, self.options = script, Path(log_path), options
        self.port = port or _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.own_group, self.timeout = own_group, timeout
        self.proc: subprocess.Popen | None = None

    def start(self) -> str:
        cmd = [sys.executable, "-m", "streamlit", "run", self.script, "--server.headless",
               "true", "--server.port", str(self.port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", *self.options]
        # the class store (gradviz/classroom.py) beside the log, never in the checkout
        env = {**os.environ, "GRADVIZ_DATA": os.environ.get("GRADVIZ_DATA")
               or str(self.log_path.parent / "class-data")}
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env=env,
                                         start_new_session=self.own_group)
        deadline = time.monotonic() + self.timeout
        while _health(self.base) != "ok":
            if self.proc.poll() is not None or time.monotonic() > deadline:
                why = (f"exited with {self.proc.returncode}" if self.proc.poll() is not None
                       else f"no 'ok' from /_stcore/health within {self.timeout:.0f} s")
                self.stop()
                pytest.fail(f"streamlit run {self.script} {' '.join(self.options)} {why}; "
                            f"its log:\n{self.log_path.read_text(errors='replace')}",
                            pytrace=False)
            time.sleep(0.25)
        return self.base

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.own_group:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        else:
            self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()


@contextlib.contextmanager
def run_streamlit(script: str, log_path: Path, *options: str):
    """``streamlit run <script>`` on a free loopback port, stopped on exit; yields its base URL
    (see :class:`StreamlitServer`)."""
    srv = StreamlitServer(script, log_path, *options)
    try:
        yield srv.start()
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def server(browser, tmp_path_factory):
    """A ``streamlit run streamlit_app.py`` on a free loopback port; yields its base URL."""
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    with run_streamlit("streamlit_app.py", log_path) as base:
        # Warm the server by opening "/" once: it pays the first script run's imports. (A first
        # link straight to a page works too: test_pages.py::test_first_link_after_a_server_start.)
        ctx = browser.new_context(viewport=VIEWPORT)
        try:
            warm = ctx.new_page()
            warm.set_default_timeout(TIMEOUT_MS)
            warm.goto(base + "/")
            wait_idle(warm)
        finally:
            ctx.close()
        yield base


# -- one browser context per test --------------------------------------------------------------
def _new_page(context, base: str):
    """A new page (tab) in ``context``, recording what went wrong in the browser itself.

    ``page.base_url`` is the server's URL; ``page.js_errors`` collects uncaught JavaScript
    errors and console errors (a chart that fails to draw shows up here first);
    ``page.external_requests`` lists any request that tried to leave 127.0.0.1.
    """
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.base_url = base
    pg.js_errors = []
    pg.external_requests = []

    def on_console(msg):
        # Streamlit probes <deep-link>/_stcore/{health,host-config} for a base path first and
        # falls back to the root after the 404: expected, not an error of the app.
        if msg.type == "error" and "/_stcore/" not in (msg.location or {}).get("url", ""):
            pg.js_errors.append(msg.text)

    def on_request(request):
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1":
            pg.external_requests.append(request.url)

    pg.on("pageerror", lambda err: pg.js_errors.append(f"uncaught: {err}"))
    pg.on("console", on_console)
    pg.on("request", on_request)
    return pg


@pytest.fixture(scope="session")
def shared_context(browser, server):
    """One browser context for the tests' pages: each page (tab) is its own Streamlit session,
    and the shared HTTP cache spares every test re-fetching Streamlit's JavaScript (~1.5 s)."""
    ctx = browser.new_context(viewport=VIEWPORT)
    yield ctx
    ctx.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell that a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(request, shared_context, server, tmp_path_factory):
    """A new page (a fresh Streamlit session) at 1500×1100.

    When the test fails, a screenshot of the page at that moment is saved and its path printed.
    """
    pg = _new_page(shared_context, server)
    yield pg
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        shot = tmp_path_factory.mktemp("failed") / f"{request.node.name}.png"
        try:
            pg.screenshot(path=str(shot), full_page=True)
            print(f"screenshot of the failed page: {shot} (script {script_state(pg)})")
        except Exception as err:  # noqa: BLE001 — a diagnostic must not hide the failure
            print(f"no screenshot of the failed page: {err}")
    pg.close()


@pytest.fixture
def new_page(browser, server):
    """Factory for pages in brand-new contexts (no cache, no storage) within one test."""
    contexts = []

    def make():
        contexts.append(browser.new_context(viewport=VIEWPORT))
        return _new_page(contexts[-1], server)

    yield make
    for ctx in contexts:
        ctx.close()


# -- helpers -----------------------------------------------------------------------------------
def wait_idle(page, settle: float = 0.3) -> None:
    """Wait until the script is not running, the page shows its h1 and every element is drawn.

    Streamlit loads each element type's code lazily and shows a grey skeleton until it
    arrives: on a busy machine the script can be idle while widgets are still skeletons.
    Checked again after the settle time, so a rerun that started meanwhile is waited for too.
    """
    for _ in range(2):
        _wait_drawn(page)
        page.wait_for_timeout(settle * 1000)
    _wait_drawn(page)


def _wait_drawn(page) -> None:
    page.wait_for_selector(f"{IDLE} {TITLE}", state="visible")
    page.wait_for_function(f"() => !document.querySelector({SKELETON!r})")


def open_app(page, path: str, query: dict[str, str] | None = None) -> None:
    """Open ``path`` (plus URL-encoded ``query``) on the test server and wait until idle."""
    from urllib.parse import urlencode

    url = page.base_url + path + ("?" + urlencode(query) if query else "")
    page.goto(url)
    wait_idle(page)


def expect_no_exception(page) -> None:
    """Fail on an exception box, a frontend error (e.g. a chart spec the browser rejects, shown
    with its JavaScript stack), any text mentioning a traceback, or a JavaScript error."""
    boxes = page.locator('[data-testid="stException"], [data-testid="stErrorCodeBlock"]')
    assert boxes.count() == 0, [boxes.nth(i).inner_text()[:500] for i in range(boxes.count())]
    assert page.get_by_text("Traceback").count() == 0, "the page shows a traceback"
    assert not getattr(page, "js_errors", []), page.js_errors


def error_texts(page) -> list[str]:
    """Texts of the ``st.error`` boxes in the main area."""
    boxes = page.locator(f'{MAIN} [data-testid="stAlertContentError"]')
    return [boxes.nth(i).inner_text() for i in range(boxes.count())]


def warning_texts(page) -> list[str]:
    """Texts of the ``st.warning`` boxes in the main area."""
    boxes = page.locator(f'{MAIN} [data-testid="stAlertContentWarning"]')
    return [boxes.nth(i).inner_text() for i in range(boxes.count())]


def get_slider(page, label: str):
    """The slider (its ``stSlider`` container) whose label reads exactly ``label``, e.g. "x₀".

    Call it on an idle page: a missing slider fails at once instead of after a long wait.
    """
    text = re.compile(r"^\s*" + re.escape(label) + r"\s*$")
    sliders = page.locator(f'{MAIN} [data-testid="stSlider"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text=text))
    if sliders.count() == 0:
        labels = page.locator(f'{MAIN} [data-testid="stSlider"] [data-testid="stWidgetLabel"]')
        pytest.fail(f"no slider labelled {label!r} on {page.url} (script {script_state(page)}); "
                    f"its sliders: {labels.all_inner_texts()}", pytrace=False)
    return sliders.first


def function_box(page):
    """The sidebar's text box for the current function (there is one per page)."""
    boxes = page.locator('[data-testid="stSidebar"] [data-testid="stTextInput"] input')
    assert boxes.count() > 0, f"no function box in the sidebar of {page.url}"
    return boxes.first


def slider_thumb(slider):
    """The focusable thumb of a slider (an ``input[type=range]`` or a ``role=slider``)."""
    return slider.locator('input[type="range"], [role="slider"]').first


def slider_text(slider) -> str:
    """The value a slider shows above its thumb, e.g. "1.50"."""
    return slider.locator('[data-testid="stSliderThumbValue"]').first.inner_text().strip()


def metric_values(page) -> dict[str, str]:
    """``{label: value}`` of every ``st.metric`` in the main area (repeated labels get "#2", …)."""
    metrics = page.locator(f'{MAIN} [data-testid="stMetric"]')
    out: dict[str, str] = {}
    for i in range(metrics.count()):
        m = metrics.nth(i)
        label = m.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        value = m.locator('[data-testid="stMetricValue"]').inner_text().strip()
        key, k = label, 1
        while key in out:
            k += 1
            key = f"{label}#{k}"
        out[key] = value
    return out


def shown_numbers(page) -> tuple:
    """What a page shows about the point: its metrics and the TeX source of its formulas."""
    tex = page.locator(f'{MAIN} .katex-mathml annotation')
    return (tuple(metric_values(page).items()),
            tuple(tex.nth(i).text_content() for i in range(tex.count())))


def share_link(page) -> str:
    """The URL in the sidebar's "Link to this view" (there is exactly one)."""
    code = page.locator('[data-testid="stSidebar"] .st-key-gv_link code')
    assert code.count() == 1, f"expected one share link in the sidebar, found {code.count()}"
    return code.first.inner_text().strip()


def current_url(page) -> str:
    """The address bar now. (``page.url`` is only refreshed while Playwright handles events,
    which a plain ``time.sleep`` polling loop never lets it do.)"""
    return page.evaluate("() => window.location.href")


def query(page) -> dict[str, str]:
    """The current URL's query parameters (last value of each)."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(current_url(page)).query).items()}


def download_menus(page):
    """The page's download menus (one a picture or chart; its buttons show when it opens)."""
    return page.locator(f'{MAIN} [data-testid="stPopover"]').filter(has_text="Download")


POPOVER = '[data-testid="stPopoverBody"]'  # an open menu (drawn outside the main area)


def open_downloads(page, i: int = 0):
    """Open the ``i``-th download menu (the first: the page's picture's) and return its body."""
    body = page.locator(POPOVER)
    if body.count():  # another menu is open: close it first
        page.keyboard.press("Escape")
        wait_until(lambda: body.count() == 0, message="an open menu did not close")
    download_menus(page).nth(i).locator("button").first.click()
    wait_until(lambda: body.locator('[data-testid="stDownloadButton"]').count() > 0,
               message=f"download menu {i} shows no button")
    return body


def download_labels(page) -> list[str]:
    """The labels of every download button on the page, menu by menu."""
    labels = []
    for i in range(download_menus(page).count()):
        body = open_downloads(page, i)
        labels += body.locator('[data-testid="stDownloadButton"] button').all_inner_texts()
    if page.locator(POPOVER).count():
        page.keyboard.press("Escape")
    return labels


def wait_until(condition, timeout: float = 60.0, interval: float = 0.2, message=""):
    """Poll ``condition()`` until it is truthy (returned) or fail after ``timeout`` s.

    ``message`` may be a callable, evaluated only on failure (to describe the page then).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            text = message() if callable(message) else message
            pytest.fail(f"{text or 'condition not met'} (waited {timeout:.0f} s)", pytrace=False)
        time.sleep(interval)


def screenshot_full(page, path: Path, settle: float = 1.5) -> None:
    """Save the whole page: Streamlit scrolls inside ``stMain``, so grow the viewport to fit."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shown = VIEWPORT["height"]
    for _ in range(4):  # a taller window can change the page's height (a picture sized to the
        # first screen in lecture mode): grow it until the page fits, so nothing is cut off
        height = max(int(page.evaluate(f"document.querySelector('{MAIN}').scrollHeight")),
                     VIEWPORT["height"])
        if height == shown:
            break
        shown = height
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
        page.wait_for_timeout(settle * 1000)  # charts (Vega, Plotly WebGL) draw after the
        wait_idle(page, settle=0.1)  # script is idle
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)


def script_state(page) -> str:
    """Streamlit's script state: "running", "notRunning", …"""
    return page.locator('[data-testid="stApp"]').get_attribute("data-test-script-state") or "?"
