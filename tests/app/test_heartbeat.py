"""Issue 14: no text a student submits stalls the server for the other students.

A *bystander* session keeps moving its point (its heartbeat) while a *hostile* session submits
each of issue 14's texts (and the tests' own finds) by link (``?f=``), typed into the function
box, and as the check-yourself answer. Every bystander move must still answer within
``rerun_limit()`` (1 s, the product's promise for a move, on a quiet machine), and the
hostile session must end with a clear message, the last valid function still shown, no
"Something went wrong" and no blank page; its next move must not pay for the text again.

Both sessions are AppTest sessions in one child process (``tests/app/heartbeat_scenario.py``):
as in the real server, their scripts are threads of one interpreter. A hostile run that never
ends can't be stopped inside that process, so the child reports it and exits, and this process
kills it after a hard bound if it doesn't — a failing case fails its own test, never hangs the run.
"""

from __future__ import annotations

import os
import re

import pytest

from tests.core.sandbox import Sandbox
from tests.hostile_texts import HOSTILE, REFUSED, SUM_ANSWER, SUM_F

#: s the hostile session's own run may take (the budget is 1.5 s; opening a page costs more)
HOSTILE_S = 20.0
#: the hostile texts the heartbeat submits (ids of tests.hostile_texts.HOSTILE)
HEARTBEAT = ["pi tower of 5", "2^pi tower", "sqrt of 90 factors (629 chars)",
             "sqrt of 14 factors (105 chars)", "x^(1/ln(2))", "atan(tan(1e300))", "log(x, 0)",
             "complex constant chain (29 chars)", "0.0/0.0 (ZeroDivisionError)"]


def rerun_limit() -> float:
    """1 s per rerun on a quiet machine; up to 3 s when other jobs load it (as in
    tests/app/test_concurrency.py: this measures that sessions don't wait on each other,
    bench/load.py measures speed)."""
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    return min(3.0, max(1.0, load))


@pytest.fixture(scope="module")
def scenario():
    with Sandbox(case_seconds=HOSTILE_S, grace=90.0,
                 module="tests.app.heartbeat_scenario") as box:
        yield box


def _run(scenario, way: str, text: str, **extra) -> dict:
    out = scenario.run(text, mode=way, **extra)
    got = dict(scenario.last)
    assert out.status != "crash", f"the scenario itself failed: {out.detail}"
    assert got, f"no answer from the two sessions: {out.describe()}"
    return got


def _check_bystander(got: dict) -> None:
    beats = [round(b, 2) for b in got["beats"]]
    limit = rerun_limit()
    assert max(beats) < limit, (
        f"the other session's move waited {max(beats):.1f} s (limit {limit:.1f} s) while this "
        f"text was submitted; its moves took {beats}")
    assert not got["bystander_exceptions"] and not got["bystander_errors"], got


def _check_hostile(got: dict, text: str, refused: bool, where: str, way: str = "") -> None:
    assert got["status"] == "ok", (
        f"the hostile session's run did not end within {HOSTILE_S:g} s "
        f"({got.get('hostile_s', 0):.0f} s): {got.get('detail')}")
    for key in ("page", "page_after"):
        page = got.get(key)
        assert page is not None, (got.get("detail"), got)
        assert not page["exceptions"], page["exceptions"]
        msgs = page["errors"] + page["warnings"]
        assert not any("Something went wrong" in m for m in msgs), msgs
        assert "f(p)" in page["metrics"], f"no f(p) shown ({key}): a blank page? {page}"
        if refused and where == "function" and not (way == "link" and key == "page_after"):
            # (a link's notice is shown once, when it is opened; a typed text's error stays)
            assert any(re.search(r"can.t (be )?use", m, re.I) for m in msgs), (
                f"no message saying the text can't be used ({key}): {msgs}")
            # the last valid function is still the one drawn, and said so
            assert any(got["valid_text"] and got["valid_text"][:20] in m
                       or "showing" in m for m in msgs), msgs
        if refused and where == "answer":
            assert any("your answer" in m.lower() for m in page["errors"]), (
                f"no st.error about the answer ({key}): {msgs}")
    assert got["next_s"] is not None, got.get("detail")
    assert got["next_s"] < rerun_limit(), (
        f"the hostile session's next move took {got['next_s']:.1f} s: the text is "
        "worked on again on every rerun")


@pytest.mark.timeout(200)
@pytest.mark.parametrize("way", ["link", "typed"])
@pytest.mark.parametrize("name", HEARTBEAT)
def test_hostile_function_leaves_other_sessions_responsive(scenario, name, way):
    got = _run(scenario, way, HOSTILE[name])
    _check_bystander(got)
    _check_hostile(got, HOSTILE[name], name in REFUSED, "function", way)


@pytest.mark.timeout(200)
@pytest.mark.parametrize("name", HEARTBEAT)
def test_hostile_answer_leaves_other_sessions_responsive(scenario, name):
    got = _run(scenario, "answer", HOSTILE[name])
    _check_bystander(got)
    _check_hostile(got, HOSTILE[name], name in REFUSED, "answer")


@pytest.mark.timeout(200)
def test_long_sum_with_a_long_wrong_answer_is_checked_once(scenario):
    """f = x+x+…+x (200 terms), answer y^2+…+y^101: the verdict comes in bounded time, the
    bystander isn't held up, and the next unrelated move doesn't check it again."""
    got = _run(scenario, "sum", SUM_ANSWER, f_text=SUM_F)
    _check_bystander(got)
    assert got["status"] == "ok", got.get("detail")
    page = got["page"]
    assert not page["exceptions"], page["exceptions"]
    msgs = page["errors"] + page["warnings"]
    assert not any("Something went wrong" in m for m in msgs), msgs
    # 200x has ∂/∂x = 200, the answer is a polynomial in y: a "not quite" or a refusal
    assert any("Not quite" in m or "answer" in m.lower() for m in msgs), msgs
    assert got["next_s"] is not None and got["next_s"] < rerun_limit(), (
        f"the next move took {got['next_s']} s: the answer was checked again")
