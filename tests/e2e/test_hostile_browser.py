"""Hostile input in a real browser: typed into the function box and passed in the link.

tests/app/test_hostile_app.py runs the whole hostile list through AppTest; this file sends a
representative few through the real path (keyboard → websocket → server → DOM) and checks what
a student would see: a friendly st.error or notice, the last valid numbers still on screen, no
exception box, no JavaScript error, no code run, no link rendered from the text, and a session
that still answers a slider afterwards.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.e2e import live
from tests.e2e.conftest import (
    error_texts,
    expect_no_exception,
    function_box,
    metric_values,
    open_app,
    query,
    shown_numbers,
    wait_idle,
    wait_until,
    warning_texts,
)
from tests.hostile_texts import CANT_USE, SENTINEL

#: (id, text) — each must be refused with "Can't use …" and change nothing: a few of the
#: AppTest suite's hostile texts (the os-system one touches SENTINEL if it ever runs), plus two
#: that fit the browser's box
_APP = dict(CANT_USE)
HOSTILE = [(i, _APP[i]) for i in ("os-system", "dunder-chain", "power-tower")] + [
    ("nested-499", "(" * 499 + "x" + ")" * 499),  # 999 characters: the box holds at most 1000
    ("markdown-link", "`x` [link](http://evil.example) <b>bold</b>"),
]


def _no_injected_markup(page) -> None:
    """Nothing the text asked for was rendered as markup."""
    assert page.locator('a[href^="http://evil.example"]').count() == 0, "the text became a link"
    assert page.locator('[data-testid="stMain"] b:has-text("bold")').count() == 0


@pytest.mark.parametrize("text", [t for _, t in HOSTILE], ids=[i for i, _ in HOSTILE])
def test_typed_hostile_function(page, text):
    """Test that a hostile function typed in the box is refused in the page, keeps the last
    valid numbers, runs nothing, and leaves the session answering its sliders."""
    SENTINEL.unlink(missing_ok=True)
    open_app(page, "/gradient-field")
    before = shown_numbers(page)
    assert before[0], "the page shows no metrics to compare"
    box = function_box(page)
    box.fill(text)
    box.press("Enter")
    wait_until(lambda: error_texts(page), timeout=30,
               message=f"no st.error after typing {text[:40]!r}")
    wait_idle(page)
    expect_no_exception(page)
    errors = error_texts(page)
    assert len(errors) == 1 and errors[0].startswith("Can't use"), errors
    assert "last valid function" in errors[0] and "Something went wrong" not in errors[0]
    assert shown_numbers(page) == before, "the last valid function's numbers changed"
    assert not SENTINEL.exists(), "typed text ran code"
    _no_injected_markup(page)

    # the session still answers: one step of the picture's x₀ changes f(p) and the link
    f_before = metric_values(page)["f(p)"]
    live.slider(page).press("ArrowRight")
    wait_until(lambda: metric_values(page).get("f(p)") != f_before, timeout=30,
               message="a slider step after the hostile text changed nothing")
    wait_idle(page)
    expect_no_exception(page)
    assert query(page).get("p") == "1.04,2", query(page)  # 1% of [0, 4] right of (1, 2)


@pytest.mark.parametrize("text", [t for _, t in HOSTILE], ids=[i for i, _ in HOSTILE])
def test_linked_hostile_function(page, text):
    """Test that a hostile ?f= link opens the default view with a visible notice, no error box,
    no exception, and nothing run or rendered from the text."""
    SENTINEL.unlink(missing_ok=True)
    open_app(page, "/gradient-field")
    default = shown_numbers(page)
    open_app(page, "/gradient-field?f=" + quote(text, safe=""))
    expect_no_exception(page)
    assert not error_texts(page), error_texts(page)
    notes = [w for w in warning_texts(page) if "The link's function" in w]
    assert notes and "can't be used" in notes[0], warning_texts(page)
    assert shown_numbers(page) == default, "a refused link changed the numbers"
    assert function_box(page).input_value() == "sin(x*y)"
    assert not SENTINEL.exists(), "linked text ran code"
    _no_injected_markup(page)


@pytest.mark.parametrize("query_text", [
    "&".join(f"a{i}=1" for i in range(10_000)),  # 10,000 parameters, 77 kB
    "f=" + "x%2B" * 30_000 + "x"],  # a 117 kB function
    ids=["10000-parameters", "117-kB-function"])
def test_a_link_too_long_opens_the_page_with_a_notice(page, query_text):
    """Test that a link whose query is over 64 kB opens the page with a notice saying so (its
    first message was closed by the size rule, and the tab reconnected twice a second with
    a blank page, for ever)."""
    open_app(page, "/gradient-field?" + query_text)
    wait_until(lambda: any("long: a link to a view holds at most 16 kB" in w
                           for w in warning_texts(page)),
               message=lambda: f"no notice about the link's length: {warning_texts(page)}")
    expect_no_exception(page)
    assert function_box(page).input_value() == "sin(x*y)"
