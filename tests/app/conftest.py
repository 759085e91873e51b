"""AppTest helpers: open a page of the app (optionally from a link) and inspect it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gradviz.app.pages import BY_NAME

ROOT = Path(__file__).resolve().parents[2]
ENTRY = str(ROOT / "streamlit_app.py")


def open_page(page: str, query: dict[str, str] | None = None, timeout: float = 60) -> AppTest:
    """Start the app from its entry script, then open the page (its name in
    :mod:`gradviz.app.pages`, or its script's name in pages/).

    ``query`` plays the part of a link's query parameters (``?f=...&p=...``).
    """
    at = AppTest.from_file(ENTRY, default_timeout=timeout)
    at.run()  # AppTest needs one run before switching pages
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page(BY_NAME[page].file if page in BY_NAME else f"pages/{page}.py").run()
    return at


def get_slider(at: AppTest, key: str):
    """The slider with this session key (main area or sidebar)."""
    return at.slider(key=key)


def formulas(at: AppTest) -> list[str]:
    """Every formula on the page: each st.latex's body and each $$ … $$ block of a markdown
    (app.prose writes a step-by-step run of text and formulas as one markdown)."""
    return ([x.value.strip().strip("$").strip() for x in at.latex]
            + [b.strip() for md in at.markdown for b in md.value.split("$$")[1::2]])


def expect_no_exception(at: AppTest) -> None:
    """Fail with the exception text if the page raised."""
    assert not at.exception, [e.value for e in at.exception]


def set_function(at: AppTest, text: str, kind: str = "scalar") -> AppTest:
    """Type a function into the sidebar box and rerun."""
    at.sidebar.text_input(key=f"gv.{kind}.text").input(text).run()
    return at


@pytest.fixture(scope="session", autouse=True)
def class_store_in_a_temporary_folder(tmp_path_factory):
    """The class store (SQLite, gradviz/classroom.py) of every AppTest in a temporary folder,
    never the checkout's ./data."""
    mp = pytest.MonkeyPatch()
    mp.setenv("GRADVIZ_DATA", str(tmp_path_factory.mktemp("class-data")))
    mp.delenv("GRADVIZ_STORE", raising=False)
    yield
    mp.undo()


@pytest.fixture
def page():
    """Factory fixture: ``page("gradient_field", {"f": "x^2"})``."""
    return open_page


def scenes(at, key: str | None = None) -> list[dict]:
    """The data of the scene elements on the page (gradviz/app/scene_view.py): ``key`` (the
    scene's static part, sent once per view), ``point``, ``params``, ``truth``, and
    ``static`` (panels, layers, programs) when this run sent it."""
    return [json.loads(c.proto.json) for c in at.get("bidi_component")
            if c.proto.component_name == "gradviz.scene" and (key is None or c.key == key)]


def store(at: AppTest, kind: str = "scalar", prefix: str = "") -> dict:
    """The session's store of the function box this page's section shows (its own, or the
    function the student chose: gradviz/app/state.py's ``_store``)."""
    return at.session_state[at.session_state[f"gv.use.{kind}{prefix}"]]


def point(at: AppTest, n: int = 2, kind: str = "scalar") -> tuple[float, ...]:
    """The point the page drew (the session's store of the function box, which the
    picture's drops, links and the held variables' sliders write)."""
    return tuple(store(at, kind)["point"][:n])


def corners(at: AppTest, kind: str = "scalar") -> tuple[tuple[float, float], ...]:
    """The view's lower-left and upper-right corners (the session's domain)."""
    d = store(at, kind)["domain"]
    return (d.xmin, d.ymin), (d.xmax, d.ymax)


def drop(at: AppTest, points, key: str) -> AppTest:
    """Rerun ``at`` with the picture ``key``'s event list holding one ``moved`` per (x, y) in
    ``points`` (any values: what a hostile client might send), as the browser's widget
    states plus that list (a browser sends one per gesture)."""
    states = at._tree.get_widget_states()
    ids = at.session_state._state._state._key_id_mapper
    states.widgets.add(id=f"$$STREAMLIT_INTERNAL_KEY_{ids.get_id_from_key(key)}__events",
                       json_trigger_value=json.dumps(
                           [{"event": "moved", "value": {"x": x, "y": y, "seq": i}}
                            for i, (x, y) in enumerate(points)]))
    at._run(states)
    return at


def move(at: AppTest, x: float, y: float, kind: str = "scalar") -> AppTest:
    """Move the point as a drop in the picture does (gradviz/app/scene_view.py puts the
    browser's point in the session's store of the function box), then rerun."""
    held = store(at, kind)
    held["point"] = (float(x), float(y), *tuple(held["point"])[2:])
    return at.run()
