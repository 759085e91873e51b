"""Issue 14 (smaller): where the hand lets go of the point comes from the browser, so it is
user input.

A release is read from the picture's state (``{"moved": {"x", "y", "seq"}}``, see
gradviz/app/scene_view.py); a hostile client can send anything there. Whatever it sends, the
page must not raise, and the point must stay finite and inside the view (which stays within
the ±10⁴ that links are held to, ``gradviz.app.state.MAX_COORD``), or the release is ignored.
"""

from __future__ import annotations

import math

import pytest

import gradviz
from gradviz.app import scene_view
from gradviz.app.state import MAX_COORD, View
from gradviz.domain import Domain

RELEASES = [((1e300, 0.5), (2.0, 0.5)), ((-1e300, 0.5), (-2.0, 0.5)), (("inf", 0.5), None),
            (("nan", 0.5), None), (("abc", 0.5), None), ((0.5, float("-inf")), None),
            (([1], 0.5), None), ((True, 0.5), None), ((10 ** 400, 0.5), None),
            ((1e5, 1e5), (2.0, 2.0)), ((0.25, -1.5), (0.25, -1.5))]


@pytest.mark.parametrize("xy, expected", RELEASES, ids=[f"{a!r},{b!r}" for (a, b), _ in RELEASES])
def test_a_release_is_clamped_to_the_view_or_ignored(monkeypatch, xy, expected):
    """Test that a release moves the vector-fields page's point inside its view [−2, 2]²
    (a held coordinate kept), or not at all."""
    d = Domain.square(-2, 2)
    session = {"vf.scene": {"moved": {"x": xy[0], "y": xy[1], "seq": 3}},
               "gv.vector": {"text": "[-y, x]", "valid": "[-y, x]", "domain": d,
                             "point": (1.0, 0.5), "n_by_grid": {}}}
    monkeypatch.setattr(scene_view.st, "session_state", session)
    view = View("vector", "[-y, x]", gradviz.parse("[-y, x]"), d, (1.0, 0.5), 20)
    scene_view._on_moved(view, "vf.scene")
    point = session["gv.vector"]["point"]
    assert point == (expected or (1.0, 0.5))
    assert all(math.isfinite(v) and abs(v) <= MAX_COORD for v in point)
