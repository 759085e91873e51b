"""The class pages in AppTest: "Ask the class" on every topic page (drawn by the frame), the
projector (/class) and a student's page (/join), with the store in a temporary folder
(tests/app/conftest.py). Expected values by hand: ∇(x² + 3y) at (1, 2) = (2, 3), whose
direction is atan2(3, 2) = 56.3099°."""

from __future__ import annotations

import secrets

import pytest

from gradviz import classroom as cr
from gradviz.app.pages import BY_NAME, TOPIC_PAGES

from .conftest import expect_no_exception, open_page

VIEW = {"f": "x^2 + 3y", "p": "1,2", "d": "-2,2,-1,3"}


def _store() -> cr.Store:
    return cr.open_store()  # the same file the app opens ($GRADVIZ_DATA, set by conftest)


def _buttons(at) -> list[str]:
    return [b.label for b in at.button]


def _ask(page="gradient_field", query=VIEW, which="angle"):
    """The lecturer asks from ``page``, then stays on the projector (AppTest reruns the page
    it was switched to: st.switch_page moves the browser, not AppTest)."""
    at = open_page(page, query)
    at.sidebar.radio(key="gv.class.kind").set_value(which).run()
    at.sidebar.button(key="gv.class.ask").click().run()
    expect_no_exception(at)
    at.query_params["c"] = at.session_state["gv.class.code"]
    at.switch_page(BY_NAME["projector"].file).run()
    return at


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_every_topic_page_has_ask_the_class(name):
    """Test that the frame adds the "Ask the class" box to every topic page (no page lists it)."""
    at = open_page(name)
    expect_no_exception(at)
    assert at.sidebar.button(key="gv.class.ask").label == "Ask the class"


@pytest.mark.parametrize("name", ["home", "projector", "join"])
def test_pages_without_a_view_have_no_ask_box(name):
    at = open_page(name)
    expect_no_exception(at)
    assert not [b for b in at.sidebar.button if b.key == "gv.class.ask"]


def test_asking_turns_the_view_into_a_question_and_opens_the_projector():
    """Test that Ask the class stores the view and ∇f's direction, 56.3099°, and the
    projector shows the code, the count and the lecturer's controls."""
    at = _ask()
    code = at.session_state["gv.class.code"]
    room = _store().room(code)
    q = room.question
    assert (room.n, room.state, q.kind, q.page) == (1, "open", "angle", "gradient-field")
    assert q.view == {"f": "x^2 + 3y", "p": "1,2", "d": "-2,2,-1,3"}
    assert q.truth == pytest.approx(56.309932474)
    assert at.title[0].value == "Which way does f increase fastest at p?"
    assert any(code in m.value for m in at.markdown)
    assert at.header[0].value == "0 answers"
    assert _buttons(at)[:4] == ["Reveal", "Reset", "Next", "Close"]
    assert at.session_state["gv.class.keys"][code] not in str(at.query_params)


def test_the_page_prediction_becomes_a_choice_question():
    at = _ask(which="choice")
    q = _store().room(at.session_state["gv.class.code"]).question
    assert q.kind == "choice" and q.options[int(q.truth)] == "perpendicular to it"


def test_a_maps_question_writes_f_in_maths_notation():
    """Test that a question asked from the Jacobian page shows F as a typeset column vector,
    from the parsed tree (it was the typed text in a code span)."""
    at = _ask("jacobian", {"f": "[x^2 - y, y^2 + x]", "p": "1,1", "d": "-2,2,-2,2"})
    said = [m.value for m in at.markdown if m.value.startswith("$F(x, y)")]
    assert said == [r"$F(x, y) = \begin{bmatrix} x^{2} - y \\ x + y^{2} \end{bmatrix}$ "
                    "at $p = \\left(1, 1\\right)$"], said


def test_no_question_where_the_gradient_has_no_direction():
    """Test that at the minimum of x² + y², ∇f = 0: a clear refusal, no class."""
    at = open_page("gradient_field", {"f": "x^2 + y^2", "p": "0,0", "d": "-2,2,-2,2"})
    at.sidebar.button(key="gv.class.ask").click().run()
    expect_no_exception(at)
    assert any("no direction of fastest increase" in e.value for e in at.sidebar.error)
    assert "gv.class.code" not in at.session_state


def _student(code: str, browser: str | None = None):
    at = open_page("join", {"c": code})
    at.session_state["gv.class.me"] = {"id": browser or secrets.token_urlsafe(16), "key": ""}
    at.run()
    expect_no_exception(at)
    return at


def test_a_student_answers_once_changes_it_and_sees_the_truth_after_the_reveal():
    """Test the student's page: the question, the box labelled "angle", a refusal for 400,
    the answer kept (the last counts), no reveal/reset control; after the lecturer's
    reveal, the truth and whether they were within 15°."""
    lecturer = _ask()
    code = lecturer.session_state["gv.class.code"]
    me = secrets.token_urlsafe(16)
    at = _student(code, me)
    assert at.title[0].value == "Which way does f increase fastest at p?"
    assert not {"Reveal", "Reset", "Next", "Close"} & set(_buttons(at))
    box = at.text_input(key="gv.join.1.angle")
    assert box.label == "angle"
    box.input("400")
    at.button[0].click().run()  # the form's Send
    assert any("less than 360" in e.value for e in at.error)
    assert _store().answers(code, 1) == {}
    for typed in ("200", "70°"):
        at.text_input(key="gv.join.1.angle").input(typed)
        at.button[0].click().run()
    assert _store().answers(code, 1) == {me: 70.0}
    assert any("Saved: 70°" in s.value for s in at.success)
    lecturer.button(key="gv.class.reveal").click().run()
    expect_no_exception(lecturer)
    assert lecturer.header[0].value == "1 answer"
    assert any("1 of 1 within 15° of the truth" in s.value for s in lecturer.success)
    at.run()
    assert any("Right: you said 70°" in s.value and "56.3099°" in s.value for s in at.success)
    assert not {"Reveal", "Reset", "Next", "Close"} & set(_buttons(at))


def test_choices_are_big_buttons_and_the_last_pick_counts():
    lecturer = _ask(which="choice")
    code = lecturer.session_state["gv.class.code"]
    me = secrets.token_urlsafe(16)
    at = _student(code, me)
    assert _buttons(at) == ["along it", "perpendicular to it", "at 45°", "it depends on f"]
    at.button[0].click().run()
    at.button[1].click().run()
    assert _store().answers(code, 1) == {me: 1.0}
    assert at.button[1].proto.type == "primary"
    lecturer.button(key="gv.class.reveal").click().run()
    at.run()
    said = [e.value for e in (*lecturer.success, *at.success, *at.info)]
    assert any("The answer: " in t for t in said) and not any(".)." in t for t in said), said


@pytest.mark.parametrize("code, message", [("ABC", "7 letters and digits"),
                                           ("K7MQ2X0", "7 letters and digits"),
                                           ("<b>hi</b>", "7 letters and digits")])
def test_malformed_codes_are_refused(code, message):
    at = _student(code)
    assert any(message in e.value for e in at.error), [e.value for e in at.error]


def test_an_unknown_code_is_one_wrong_guess_however_often_the_page_reruns():
    me = secrets.token_urlsafe(16)
    at = _student("K7MQ2XP", me)
    for _ in range(3):
        at.run()
    assert any("No class has the code K7MQ2XP" in e.value for e in at.error)
    assert _store()._count(f"guess:browser:{me}", cr.GUESSES["browser"][1], 0,
                           __import__("time").time()) == 1


def test_a_forged_lecturer_link_controls_nothing():
    """Test that /class?c=CODE&k=<forged> says so, offers no control, and the class stays open;
    the real key in the link (another browser of the lecturer's) gives the controls."""
    lecturer = _ask()
    code = lecturer.session_state["gv.class.code"]
    at = open_page("projector", {"c": code, "k": "forged-key-123"})
    expect_no_exception(at)
    assert any("does not match" in e.value for e in at.error)
    assert not {"Reveal", "Reset", "Next", "Close"} & set(_buttons(at))
    assert _store().room(code).state == "open"
    real = lecturer.session_state["gv.class.keys"][code]
    at = open_page("projector", {"c": code, "k": real})
    assert _buttons(at)[:4] == ["Reveal", "Reset", "Next", "Close"]
    assert "k" not in at.query_params  # the key leaves the address bar


def test_next_goes_back_to_the_view_and_the_next_ask_reuses_the_code():
    at = _ask()
    code = at.session_state["gv.class.code"]
    at.button(key="gv.class.next").click().run()
    expect_no_exception(at)
    assert _store().room(code).state == "waiting"
    assert at.title[0].value == "Gradient field"
    # the app writes a space in a link as U+00A0 (a `+` in a link means plus)
    assert (at.query_params["p"], at.query_params["f"]) == ("1,2", "x^2\u00a0+\u00a03y")
    at.switch_page(BY_NAME["gradient_field"].file).run()
    at.sidebar.button(key="gv.class.ask").click().run()
    room = _store().room(code)
    assert (room.n, room.state, at.session_state["gv.class.code"]) == (2, "open", code)
