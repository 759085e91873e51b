"""A part of a page that its own controls rerun alone (``app.part``) draws its download menu
below it on full runs: a step of its controls re-sends no download button, and the menu drawn
before the step hands out the step's files. Against a real server, Streamlit's websocket
protocol spoken by ``bench/loadclient.py`` (the menu's buttons are drawn in the browser only
when it opens; the server sends them with the page)."""

from __future__ import annotations

import csv
import io
import sys
import urllib.request
import zipfile

import pytest

from tests.conftest import run_async
from tests.e2e.conftest import ROOT, StreamlitServer

sys.path.insert(0, str(ROOT / "bench"))
from loadclient import Session  # noqa: E402  (bench/loadclient.py)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    srv = StreamlitServer("streamlit_app.py", tmp_path_factory.mktemp("part") / "server.log",
                          own_group=True)
    srv.start()
    yield srv
    srv.stop()


def test_a_step_of_the_random_directions_resends_no_download_and_its_menu_gives_the_step(app):
    """Test that a step of the steepest-ascent page's random directions (k = 1000 → 1010)
    reruns its part alone and sends no download button, and that the histogram's data from
    the menu drawn before the step counts the step's 1010 directions."""
    async def go():
        s = Session(app.base)
        try:
            opened = await s.open("steepest-ascent")
            assert opened.status == "FINISHED_SUCCESSFULLY", opened.status
            menu = s.downloads["Data (CSV)"]  # the last menu on the page: this part's
            s.downloads.clear()
            step = await s.rerun({"sa.count": 1010})
            sent = dict(s.downloads)
            s.downloads["Data (CSV)"] = menu  # the button drawn at the open
            return step, sent, await s.download("Data (CSV)")
        finally:
            await s.close()

    step, sent, (_, url, error) = run_async(go())
    assert step.fragment and step.status == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY", step.status
    assert not step.exceptions and not step.errors, (step.exceptions, step.errors)
    assert sent == {}, f"the step re-sent download buttons: {sorted(sent)}"
    assert url and not error, error
    with urllib.request.urlopen(app.base + url, timeout=30) as r:
        data = r.read()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        bars = list(csv.DictReader(io.StringIO(z.read("bars.csv").decode())))
    assert sum(float(b["y2"]) - float(b["y"]) for b in bars) == 1010
