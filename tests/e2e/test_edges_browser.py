"""Issue 18 in a real browser: exact finite differences keep the page's height; edge cases drawn.

Screenshots of each edge case are saved (SCREENSHOTS/edges_*.png, see conftest) to be looked at.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import (
    MAIN,
    SCREENSHOTS,
    VIEWPORT,
    error_texts,
    expect_no_exception,
    open_app,
    screenshot_full,
)


def _height(page) -> int:
    return int(page.evaluate(f"document.querySelector('{MAIN}').scrollHeight"))


# functions whose difference errors are exactly 0 at some or all steps (issue 18)
EXACT = [("x*y", "1,2", False), ("2x*y", "1,1", False), ("x/y", "1,2", False),
         ("3(x+y)^2", "1,1", False), ("x*y/(x^2+y^2)", "0,0", False),
         ("x^2 + y^2 + e^z + x^z + x*y*z", "1,1,1", False), ("x*y", "1,2", True)]


@pytest.mark.parametrize("text,p,lecture", EXACT,
                         ids=[e[0] + (" lecture" if e[2] else "") for e in EXACT])
def test_exact_differences_keep_the_page_height(page, text, p, lecture):
    """Test that the partial-derivatives page with exact (zero-error) differences stays within
    a screen of its height for sin(xy), the normal case (it grew to 8,500–12,000 px)."""
    mode = {"lecture": "1"} if lecture else {}
    open_app(page, "/partial-derivatives", {"f": "sin(x*y)", "p": "1,2", **mode})
    page.wait_for_timeout(1500)
    normal = _height(page)
    open_app(page, "/partial-derivatives", {"f": text, "p": p, **mode})
    expect_no_exception(page)
    assert not error_texts(page), error_texts(page)
    page.wait_for_timeout(1500)  # charts size themselves after the script is idle
    assert _height(page) <= normal + VIEWPORT["height"], (_height(page), normal)


SHOTS = [("gradient-field", {"f": "|x| + |y|", "p": "0,0", "d": "-2,2,-2,2"}, "corner"),
         ("gradient-field", {"f": "x*y/(x^2+y^2)", "p": "0,0", "d": "-1,1,-1,1"}, "xy_r2"),
         ("gradient-field", {"f": "e^(-x^2-y^2)", "p": "1,1", "d": "0,4,0,4"}, "tiny_arrows"),
         ("partial-derivatives", {"f": "|x| + |y|", "p": "0,1", "d": "-2,2,-2,2"}, "slices_corner"),
         ("partial-derivatives", {"f": "x*y/(x^2+y^2)", "p": "0,0", "d": "-1,1,-1,1"},
          "slices_xy_r2"),
         ("jacobian-linearisation", {"f": "[cos(t), sin(t)]", "p": "0,0"}, "curve_refused")]


@pytest.mark.parametrize("path,params,name", SHOTS, ids=[s[2] for s in SHOTS])
def test_edge_case_screenshots(page, path, params, name):
    """Test that each edge case renders without an exception and save its screenshot."""
    open_app(page, "/" + path, params)
    expect_no_exception(page)
    screenshot_full(page, SCREENSHOTS / f"edges_{name}.png")
    expect_no_exception(page)
    assert page.get_by_text("Something went wrong").count() == 0


# a slice range one double wide (issue 23): 2⁵⁹ + 64 sign(x) takes two values 128 apart, a
# gap of one double at that size; niceTicks once stepped by less than half an ulp, froze the
# tab and grew its heap to 2.6 GB ("BidiComponent Error: Invalid array length" on the page)
ONE_DOUBLE = ("partial-derivatives", {"f": "576460752303423488+64sign(x)", "d": "-3,3,-3,3"})


def test_a_range_one_double_wide_draws_and_leaves_the_tab_free(page):
    """Test that the partial-derivatives link whose slice spans one double draws its pictures
    without an error on the page, and that the tab answers at once afterwards (a frozen tab
    does not run a page script; its heap stays far below the 2.6 GB it once reached)."""
    from tests.e2e import live

    open_app(page, "/" + ONE_DOUBLE[0], ONE_DOUBLE[1])
    expect_no_exception(page)
    page.wait_for_function("() => document.querySelectorAll('.gv-status').length > 0")
    assert live.status_text(page)  # the picture drew its status line
    body = page.locator("body").inner_text()
    assert "Invalid array length" not in body and "BidiComponent Error" not in body
    assert not error_texts(page), error_texts(page)
    # a 1-frame round trip: the tab's main thread is free (timeout: a generous 10 s)
    page.set_default_timeout(10_000)
    page.evaluate("() => new Promise((ok) => requestAnimationFrame(() => ok(1)))")
    heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : 0")
    assert heap < 500e6, f"the tab's heap is {heap / 1e6:.0f} MB"
