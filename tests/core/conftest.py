"""Shared fixtures for the core tests: seeded randomness, finite differences, the course's grids."""

from __future__ import annotations

import warnings

import numpy as np
import pytest


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded generator, fresh per test, so every random point is reproducible."""
    return np.random.default_rng(20240917)


def _central_jacobian(fn, point, h: float = 1e-3) -> np.ndarray:
    """Jacobian of ``fn(*point)`` (scalar or vector valued) by Richardson-extrapolated central
    differences: error O(h⁴), far below the tolerances the tests use."""
    p = np.asarray(point, dtype=float)
    cols = []
    for j in range(p.size):
        step = h * max(1.0, abs(p[j]))

        def d(s, j=j):
            e = np.zeros_like(p)
            e[j] = s
            return (np.asarray(fn(*(p + e)), dtype=float)
                    - np.asarray(fn(*(p - e)), dtype=float)) / (2 * s)

        cols.append((4 * d(step / 2) - d(step)) / 3)
    return np.stack(cols, axis=-1)


@pytest.fixture(scope="session")
def central_jacobian():
    """``central_jacobian(fn, point)``: a numerical Jacobian (a gradient row for a scalar fn)."""
    return _central_jacobian


@pytest.fixture
def strict_warnings():
    """Turn every warning into an error for the test's duration (numpy warnings must not leak)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.fixture(scope="session")
def course_sin_grid():
    """The course's sin(xy) grid, built exactly as in "Gradients Review" §1."""
    x = np.linspace(0, 4, 1000)
    y = np.linspace(0, 4, 1000)
    xx, yy = np.meshgrid(x, y)
    return xx, yy


@pytest.fixture(scope="session")
def scene_page():
    """about:blank in headless Chromium with the scene engine's code loaded (d3, the
    programs' interpreter, the number rule, the engine and its layers): ``page.evaluate``
    runs the browser's half of a layer. Skipped without Chromium, unless CI is set."""
    import os
    import shutil

    from gradviz.scene import browser_code

    exe = "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else shutil.which(
        "chromium")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; CI must run the browser tests", pytrace=False)
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
    page = browser.new_page()
    page.add_script_tag(content=browser_code() + "\nwindow.GV = GV; window.GV_ALGO = GV_ALGO;")
    yield page
    browser.close()
    pw.stop()
