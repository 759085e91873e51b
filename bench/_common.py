"""Shared helpers for the benchmarks: the page list, servers, the browser, stats, output.

Benchmarks measure and report; they never assert. Raw outputs go to ``bench/out/``
(git-ignored); :mod:`run_all` turns them into ``docs/performance.md``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
OUT = BENCH / "out"
ENTRY = "streamlit_app.py"
BARE_APP = "bench/bare_app.py"
if str(ROOT) not in sys.path:  # `import gradviz` from a checkout, without installing it
    sys.path.insert(1, str(ROOT))

from gradviz.app.pages import BY_NAME  # noqa: E402 (after the sys.path line)
from gradviz.app.pages import PAGES as APP_PAGES  # noqa: E402

#: the gradviz topic pages (gradviz.app.pages): name -> url path. Home is left out of the
#: latency tables (it has no slider) but is loaded first to warm a server.
PAGES = {p.name: p.path for p in APP_PAGES if not p.is_home}

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1500, "height": 1100}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
H1 = '[data-testid="stMainBlockContainer"] h1'
#: the focusable thumb of a slider in the main area: Streamlit ≥ 1.6x renders an
#: ``input[type=range]`` (react-aria), older versions a ``[role=slider]`` div
MAIN_SLIDER = ('[data-testid="stMain"] [data-testid="stSlider"] input[type="range"], '
               '[data-testid="stMain"] [data-testid="stSlider"] [role="slider"]')
#: the point's own sliders (x₀, y₀) in a page's picture: a key moves p in the browser, which
#: sends the point 150 ms after the last key (gradviz/scene/web/engine.js)
POINT_SLIDER = 'input[type="range"][aria-label*="the point"]'


def page_file(name: str) -> Path:
    """The script of page ``name``."""
    return ROOT / BY_NAME[name].file


def selected_pages(names: list[str] | None = None) -> dict[str, str]:
    """The pages to measure (all, or those named), skipping scripts that don't exist."""
    pages = {k: v for k, v in PAGES.items() if page_file(k).exists()}
    if names:
        pages = {k: v for k, v in pages.items() if k in names}
    return pages


# -- stats -------------------------------------------------------------------------------------
def median(xs) -> float:
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else float("nan")


def p90(xs) -> float:
    """The 90th percentile (linear interpolation, as numpy's default)."""
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return float("nan")
    k = 0.9 * (len(xs) - 1)
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def ms(x: float, digits: int = 0) -> str:
    """Seconds or milliseconds already: format a number of ms for a table."""
    return "n/a" if x != x else f"{x:.{digits}f}"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**met**" if ok else "**not met**")


# -- machine -----------------------------------------------------------------------------------
def machine() -> dict:
    """Date, cores, CPU model, RAM, load, Python and package versions."""
    cpu = platform.processor() or "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    versions = {}
    for mod in ("streamlit", "numpy", "pandas", "matplotlib", "playwright"):
        try:
            from importlib.metadata import version
            versions[mod] = version(mod)
        except Exception:  # noqa: BLE001
            versions[mod] = "?"
    chromium = "?"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True,
                                  timeout=20).stdout.strip()
    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": ram,
        "loadavg": os.getloadavg(),
        "python": platform.python_version(),
        "os": platform.platform(),
        "chromium": chromium,
        **versions,
    }


# -- output ------------------------------------------------------------------------------------
def write(name: str, data: dict, markdown: str) -> None:
    """``bench/out/<name>.json`` and ``bench/out/<name>.md``."""
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    data = {**data, "_meta": {"date": stamp, "loadavg_end": os.getloadavg(),
                              "argv": sys.argv[1:]}}
    (OUT / f"{name}.json").write_text(json.dumps(data, indent=2, default=str))
    (OUT / f"{name}.md").write_text(
        markdown.rstrip() + f"\n\n*Measured {stamp}; load average at the end {load}; "
        f"options: `{' '.join(sys.argv[1:]) or 'none'}`.*\n")


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# -- a streamlit server ------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health(base: str, timeout: float = 2) -> str:
    try:
        with urllib.request.urlopen(base + "/_stcore/health", timeout=timeout) as r:
            return r.read().decode(errors="replace").strip()
    except (urllib.error.URLError, OSError):
        return ""


class Server:
    """``streamlit run <script>`` on a free loopback port; use as a context manager.

    ``started`` is the ``time.perf_counter()`` just before the process was spawned and
    ``healthy`` the one when /_stcore/health first answered "ok".
    """

    def __init__(self, script: str = ENTRY, startup_timeout: float = 90,
                 options: tuple[str, ...] = ()):
        self.script = script
        self.options = tuple(options)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.timeout = startup_timeout
        self.proc: subprocess.Popen | None = None
        self.log = OUT / f"server-{Path(script).stem}-{self.port}.log"

    def start(self) -> Server:
        OUT.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "streamlit", "run", self.script,
               "--server.headless", "true", "--server.port", str(self.port),
               "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               *self.options]
        with open(self.log, "wb") as log:
            self.started = time.perf_counter()
            self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)
        deadline = self.started + self.timeout
        while health(self.base, timeout=1) != "ok":
            if self.proc.poll() is not None or time.perf_counter() > deadline:
                self.stop()
                raise RuntimeError(f"streamlit {self.script} did not start; log {self.log}")
            time.sleep(0.02)
        self.healthy = time.perf_counter()
        return self

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# -- the browser -------------------------------------------------------------------------------
@contextlib.contextmanager
def chromium():
    """Debian's headless Chromium driven by Playwright's sync API."""
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        pw.stop()


def wait_idle(page, settle: float = 0.3, timeout_ms: int = 60_000, content: str = H1) -> None:
    """Script not running and ``content`` (the h1) visible — checked twice around ``settle`` s."""
    for _ in range(2):
        page.wait_for_selector(IDLE, state="attached", timeout=timeout_ms)
        page.wait_for_selector(content, state="visible", timeout=timeout_ms)
        time.sleep(settle)
    page.wait_for_selector(IDLE, state="attached", timeout=timeout_ms)


def open_page(browser, base: str, path: str, init_script: str | None = None,
              content: str = H1):
    """A new context (its own Streamlit session) at ``path``, idle; returns the Page."""
    ctx = browser.new_context(viewport=VIEWPORT)
    if init_script:
        ctx.add_init_script(init_script)
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    page.goto(base + path)
    wait_idle(page, content=content)
    return page


def warm(browser, base: str) -> None:
    """Open "/" once: pays the first run's imports, so no measured tab pays them."""
    page = open_page(browser, base, "/")
    page.context.close()
