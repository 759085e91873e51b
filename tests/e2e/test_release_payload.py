"""What a release of the point sends back (issue 24: a release sends what changed), spoken
by hand over Streamlit's websocket (``bench/loadclient.py``), no browser: the elements that
did not change travel as references to the copies the browser holds, and the tables as lean
Arrow (``gradviz.app.render._lean``). ``bench/release.py`` measures every page.
"""

from __future__ import annotations

import json
import sys

import pytest

from tests.conftest import run_async
from tests.e2e.conftest import ROOT, StreamlitServer

sys.path.insert(0, str(ROOT / "bench"))
from loadclient import Session  # noqa: E402  (bench/loadclient.py)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    srv = StreamlitServer("streamlit_app.py", tmp_path_factory.mktemp("payload") / "server.log")
    srv.start()
    yield srv
    srv.stop()


async def _release(base: str, page: str, key: str, forget: bool):
    """Open ``page`` and drop ``key``'s point twice (at 30 % / 40 % of its box, then at
    60 % / 50 %); the second release's run. ``forget``: declare no cached message before the
    second release, as a browser that just lost them would."""
    s = Session(base, timeout=120)
    try:
        await s.open(page)
        x0, x1, y0, y1 = json.loads(s.widgets[key].data)["static"]["panels"][0]["box"]
        for i, (a, b) in enumerate(((0.3, 0.4), (0.6, 0.5))):
            if forget and i:
                s.cache.clear()
            r = await s.trigger(key, "moved", {"x": x0 + a * (x1 - x0),
                                               "y": y0 + b * (y1 - y0), "seq": i + 1})
        return r
    finally:
        await s.close()


@pytest.mark.parametrize("page, key", [("jacobian-linearisation", "jac.course"),
                                       ("steepest-ascent", "sa.scene")])
def test_a_release_sends_what_did_not_change_as_references(app, page, key):
    """Test that a release reruns its part, sends some unchanged elements as references, and
    so sends fewer bytes than to a client that holds none of them."""
    held = run_async(_release(app.base, page, key, forget=False))
    bare = run_async(_release(app.base, page, key, forget=True))
    for r in (held, bare):
        assert r.status.startswith("FINISHED") and not r.exceptions and r.fragment, r
    assert held.references >= 3 and bare.references == 0, (held.references, bare.references)
    assert held.messages == bare.messages  # the same elements, some of them by reference
    assert held.bytes < 0.95 * bare.bytes, (held.bytes, bare.bytes)
