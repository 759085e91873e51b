"""The child process of tests/app/test_heartbeat.py: two AppTest sessions in one process.

Run as ``python -m tests.app.heartbeat_scenario SECONDS`` (by :class:`tests.core.sandbox.Sandbox`):
it prints ``{"status": "ready"}`` once a *bystander* session (the gradient-field page) is open
and warm, then reads one JSON case per line and answers one JSON line per case.

A case: a *hostile* session submits ``text`` one ``way`` — ``link`` (opens the page with
``?f=text``), ``typed`` (types it into the sidebar's function box) or ``answer`` (types it as
the check-yourself answer for ∂f/∂x on the partial-derivatives page); ``sum`` types f =
``f_text`` and then the answer ``text``. While the hostile session's run is under way (in a
thread), the bystander moves its point again and again; every move is timed. Afterwards
the hostile session's next move is timed too (a refused text left in a box, or a
checked answer, must cost nothing on later reruns), and what its page shows is reported.

As in the Streamlit server, both sessions' scripts run in threads of this one process, so
work that holds the interpreter shows as a slow bystander. A hostile run that doesn't end
within SECONDS can't be stopped (a thread can't be killed): the child reports it and exits,
and the parent starts a fresh one for the next case.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time

#: the bystander keeps moving at least this many times, and for at least this long (s)
MIN_MOVES = 3
MIN_WATCH_S = 1.5


def _open(page: str, query: dict | None = None, timeout: float = 60):
    from tests.app.conftest import open_page

    return open_page(page, query, timeout=timeout)


def _report(at) -> dict:
    """What the hostile session's page shows."""
    def vals(elements):
        out = []
        for e in elements:
            try:
                out.append(str(e.value))
            except Exception as err:  # noqa: BLE001 - report, never crash the child
                out.append(f"<unreadable {type(err).__name__}>")
        return out

    try:
        box = str(at.sidebar.text_input(key="gv.scalar.text").value)
    except KeyError:  # no function box: the page didn't draw its sidebar (a blank page)
        box = None
    return {
        "exceptions": vals(at.exception),
        "errors": vals(at.error),
        "warnings": vals(at.warning),
        "metrics": [m.label for m in at.metric],
        "latex": len(at.latex),
        "markdown": len(at.markdown),
        "function_box": box,
    }


def _move(at, k: int) -> float:
    """Move the point's x to the k-th of a few spread positions of the view (as a drop in
    the picture does); the rerun's seconds."""
    from tests.app.conftest import corners, move, point

    try:
        (lo, _), (hi, _) = corners(at)
    except KeyError:
        raise KeyError(f"no function box; exceptions: {[str(e.value)[:300] for e in at.exception]}; "
                       f"errors: {[str(e.value)[:200] for e in at.error]}") from None
    y = point(at)[1]
    t0 = time.perf_counter()
    move(at, lo + (hi - lo) * ((k % 9) + 1) / 10, y)
    return time.perf_counter() - t0


def _case(case: dict, bystander, seconds: float) -> dict:
    way, text = case["mode"], case["text"]
    setup_t0 = time.perf_counter()
    if way == "link":
        slow = None  # opened inside the timed part: opening the link *is* the submission
        page = "gradient_field"
    elif way == "typed":
        page = "gradient_field"
        slow = _open(page)
    elif way in ("answer", "sum"):
        page = "partial_derivatives"
        slow = _open(page)
        if way == "sum":
            slow.sidebar.text_input(key="gv.scalar.text").set_value(case["f"]).run()
    else:
        raise ValueError(way)
    valid_text = "" if slow is None else str(slow.sidebar.text_input(key="gv.scalar.text").value)
    setup_s = time.perf_counter() - setup_t0

    box: dict = {}

    def submit():
        t0 = time.perf_counter()
        try:
            if way == "link":
                box["at"] = _open(page, {"f": text}, timeout=seconds)
            elif way == "typed":
                slow.sidebar.text_input(key="gv.scalar.text").set_value(text).run(timeout=seconds)
            else:
                slow.text_input(key="pd.check.x").set_value(text).run(timeout=seconds)
            box["status"] = "done"
        except BaseException as err:  # noqa: BLE001 - AppTest's own timeout is a RuntimeError
            box["status"] = "raised"
            box["detail"] = f"{type(err).__name__}: {str(err)[:300]}"
        box["seconds"] = time.perf_counter() - t0

    worker = threading.Thread(target=submit, daemon=True, name="hostile-session")
    t_start = time.perf_counter()
    worker.start()
    beats: list[float] = []
    k = 0
    while True:
        beats.append(_move(bystander, k))
        k += 1
        watched = time.perf_counter() - t_start
        if not worker.is_alive() and len(beats) >= MIN_MOVES and watched >= MIN_WATCH_S:
            break
        if watched > seconds + 2:
            break
    worker.join(max(0.0, seconds + 5 - (time.perf_counter() - t_start)))
    result = {"beats": beats, "setup_s": setup_s, "valid_text": valid_text,
              "bystander_errors": [str(e.value) for e in bystander.error],
              "bystander_exceptions": [str(e.value) for e in bystander.exception]}
    if worker.is_alive() or box.get("status") != "done":
        result.update(status="timeout", hostile_s=time.perf_counter() - t_start,
                      detail=box.get("detail", "the hostile session's run never ended"),
                      fatal=worker.is_alive())
        return result
    slow = box.get("at", slow)
    result.update(status="ok", hostile_s=box["seconds"], page=_report(slow))
    # the hostile session moves on: its next rerun must not pay for the text again
    try:
        result["next_s"] = _move(slow, 4)
        result["page_after"] = _report(slow)
    except BaseException as err:  # noqa: BLE001
        result["next_s"] = None
        result["detail"] = f"next move: {type(err).__name__}: {str(err)[:300]}"
    return result


def _runtime_for_concurrent_sessions(setattr=setattr) -> None:
    """Let two AppTest sessions run at once in this process.

    Each ``AppTest.run`` installs a mock ``Runtime`` singleton and resets it to None when it
    ends, so a run that ends while another session's run is under way pulls the runtime from
    under that one ("Runtime hasn't been created!"). The real server has one runtime for all
    sessions: here, when no AppTest run has installed one, a persistent mock built as AppTest
    builds its own stands in.
    """
    from unittest.mock import MagicMock

    from streamlit.runtime import Runtime
    from streamlit.runtime.caching.storage.dummy_cache_storage import (
        MemoryCacheStorageManager,
    )
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    fallback = MagicMock(spec=Runtime)
    fallback.media_file_mgr = MediaFileManager(MemoryMediaFileStorage("/mock/media"))
    fallback.cache_storage_manager = MemoryCacheStorageManager()
    try:
        from streamlit.runtime.dataframe_source_manager import DataframeSourceManager

        fallback.dataframe_source_mgr = DataframeSourceManager()
    except ImportError:  # an older Streamlit without it
        pass

    # one registry of custom components (the live chart, the reconnect watcher) for every
    # session and the stand-in, as one server has: a component declared during one
    # session's run must be known to the other's
    from streamlit.components.v2.component_manager import BidiComponentManager
    from streamlit.testing.v1 import AppTest

    shared = BidiComponentManager()
    shared.discover_and_register_components(start_file_watching=False)
    fallback.bidi_component_registry = shared
    original_init = AppTest.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self._bidi_component_manager = shared

    # AppTest.run patches config.get_option for the length of a run (``global.appTest``:
    # widgets then record their format functions for the test's element tree); two runs at
    # once undo each other's patch, and a session whose run lost it can't read its own
    # radio buttons afterwards (KeyError '$$ID-…-gv.class.kind'). Here every session is an
    # AppTest's, so the option holds for the whole process
    from streamlit import config

    real_get_option = config.get_option

    def get_option(key: str):
        return True if key == "global.appTest" else real_get_option(key)

    # (``setattr``: pytest's monkeypatch.setattr, to undo it after a test)
    setattr(config, "get_option", get_option)
    setattr(AppTest, "__init__", init)
    setattr(Runtime, "instance", classmethod(
        lambda cls: cls._instance if cls._instance is not None else fallback))
    setattr(Runtime, "exists", classmethod(lambda cls: True))


def main(seconds: float) -> None:
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # whatever the app prints goes to stderr, not into the protocol
    _runtime_for_concurrent_sessions()
    from gradviz import budget

    budget.warm_up()  # the worker machinery starts before anything is timed
    bystander = _open("gradient_field")
    for k in range(2):  # warm its caches
        _move(bystander, k)
    out.write(json.dumps({"status": "ready"}) + "\n")
    for line in sys.stdin:
        case = json.loads(line)
        try:
            result = _case(case, bystander, seconds)
        except BaseException as err:  # noqa: BLE001 - the scenario itself failed
            result = {"status": "crash", "detail": f"{type(err).__name__}: {str(err)[:500]}"}
        out.write(json.dumps(result) + "\n")
        if result.get("fatal"):
            out.flush()
            os._exit(0)  # a session thread is stuck for good: start afresh


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 20.0)
