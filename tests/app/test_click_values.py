"""Issue 14 (smaller): a chart click's value comes from the browser, so it is user input.

A click is read from the chart's selection state (``{"selection": {"pick": [{"cx", "cy"}]}}``);
a hostile client can send anything there. Whatever it sends, the page must not raise, and the
point and the domain must stay finite and within the ±10⁴ that links are held to
(``gradviz.app.state.MAX_COORD``).
"""

from __future__ import annotations

import math

import pytest

from gradviz.app.state import MAX_COORD
from tests.app.conftest import expect_no_exception, open_page

CLICKS = [(1e300, 0.5), (-1e300, 0.5), ("inf", 0.5), ("nan", 0.5), ("abc", 0.5),
          (0.5, "-inf"), ([1], 0.5), (1e5, 1e5)]


@pytest.mark.parametrize("cx, cy", CLICKS, ids=[f"{a!r},{b!r}" for a, b in CLICKS])
def test_click_value_is_clamped_or_ignored(cx, cy, monkeypatch):
    # a function the browser can't compute gets the server's clickable chart (the live charts
    # send a point of their own, checked in tests/app/test_gradient_field.py)
    from gradviz import browser_expr

    def refuse(*args, **kwargs):
        raise browser_expr.BrowserExprError("not in the browser's language")

    monkeypatch.setattr(browser_expr, "programs", refuse)
    at = open_page("vector_fields", {"f": "[x + 0.25, y - 0.25]"})  # printed by no other test
    key = at.session_state["gv.pick.vector"]  # the chart that takes clicks on this page
    at.session_state[key] = {"selection": {"pick": [{"cx": cx, "cy": cy}]}}
    at.run()
    expect_no_exception(at)
    assert not any("Something went wrong" in e.value for e in at.error), \
        [e.value for e in at.error]
    store = at.session_state["gv.vector"]
    point, domain = store["point"], store["domain"]
    assert all(isinstance(v, float | int) and math.isfinite(v) and abs(v) <= MAX_COORD
               for v in point[:2]), point
    if domain is not None:
        vals = (domain.xmin, domain.xmax, domain.ymin, domain.ymax)
        assert all(math.isfinite(v) and abs(v) <= MAX_COORD for v in vals), domain
