"""A click on a chart is a value the browser sends: whatever it holds, the point stays a
finite number within the bounds links are held to (|v| ≤ 10⁴), or the click is ignored."""

from __future__ import annotations

import pytest

from gradviz.app import state, widgets


@pytest.mark.parametrize(("click", "expected"), [
    ((1.5, -2.0), (1.5, -2.0)),
    ((1e300, -1e300), (state.MAX_COORD, -state.MAX_COORD)),
    ((float("inf"), 0.5), (state.MAX_COORD, 0.5)),
    (("2.5", "0.25"), (2.5, 0.25)),
    ((float("nan"), 1.0), None),
    (("abc", 1.0), None),
    (([1], 1.0), None),
    (("1e999999", 1.0), (state.MAX_COORD, 1.0)),
])
def test_click_is_clamped_or_ignored(monkeypatch, click, expected):
    """Test that a chart click moves the point to finite, bounded coordinates, or not at all."""
    session = {"gv.pick.scalar": "chart", "chart": {"selection": {"pick": [
        {"cx": click[0], "cy": click[1]}]}}}
    monkeypatch.setattr(widgets.st, "session_state", session)
    store = {"point": (0.0, 0.0, 7.0)}
    widgets._adopt_click(store, "scalar")
    assert store["point"] == ((*expected, 7.0) if expected else (0.0, 0.0, 7.0))
