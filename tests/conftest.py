"""Fixtures every folder shares: one headless Chromium for the whole run.

Playwright's sync API runs its event loop in the test thread: a second ``sync_playwright()``
started while one is running fails ("using Playwright Sync API inside the asyncio loop"), and
``asyncio.run`` in that thread fails too (tests run their own coroutines in a thread of their
own: :func:`run_async`). So the run has exactly one Playwright and one Chromium, started by the
first test that needs a browser and stopped at the end.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # no network beyond the loopback server: every host name fails to resolve
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def chromium_path() -> str | None:
    """Debian's Chromium (Playwright cannot download its own build here)."""
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def run_async(coro):
    """``asyncio.run(coro)`` in a thread of its own (Playwright's loop owns the test thread)."""
    import asyncio

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium driven by Playwright's sync API, one for the whole run (skipped
    without Chromium, unless CI is set: CI must run the browser tests)."""
    exe = chromium_path()
    if exe is None:
        msg = "Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(msg + " — CI must run the browser tests", pytrace=False)
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
    except Exception:
        pw.stop()
        raise
    yield b
    b.close()
    pw.stop()
