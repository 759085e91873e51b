"""What a student typing homework meets: where to go, readable examples, check yourself."""

from __future__ import annotations

import re
from urllib.parse import unquote

from .conftest import expect_no_exception, open_page, set_function


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def _outside_code(md: str) -> str:
    """The markdown with code spans removed: what markdown would render as prose."""
    return re.sub(r"`[^`]*`", "", md)


def test_a_vector_on_a_scalar_page_names_the_page_that_draws_it():
    at = open_page("partial_derivatives")
    set_function(at, "[x, sin(y)]")
    expect_no_exception(at)
    (msg,) = _errors(at)
    assert "*Vector fields*" in msg
    href = re.search(r"\]\((vector-fields\?f=[^)\s]+)\)", msg)
    assert href, msg
    assert " " not in href.group(1) and "[" not in href.group(1)  # URL-encoded
    assert unquote(href.group(1).split("f=", 1)[1]) == "[x, sin(y)]"


def test_a_curve_on_a_scalar_page_names_the_vector_valued_section():
    at = open_page("gradient_field")
    set_function(at, "[cos(t), sin(t)]")
    expect_no_exception(at)
    (msg,) = _errors(at)
    assert "curve" in msg and "Functions of several variables" in msg
    assert "functions-of-several-variables?vf=" in msg


def test_a_scalar_on_a_vector_page_names_a_scalar_page():
    at = open_page("vector_fields")
    set_function(at, "x^2 + y", kind="vector")
    expect_no_exception(at)
    (msg,) = _errors(at)
    assert "gradient-field?f=x%5E2%20%2B%20y" in msg


def test_examples_in_error_messages_keep_their_asterisks():
    for page, text, kind in [("partial_derivatives", "[x, y]", "scalar"),
                             ("gradient_field", "[x, y]", "scalar"),
                             ("steepest_ascent", "[x, y]", "scalar"),
                             ("vector_fields", "x*y", "vector"),
                             ("jacobian", "x*y", "vector")]:
        at = open_page(page)
        set_function(at, text, kind)
        (msg,) = _errors(at)
        prose = _outside_code(msg.replace("**Can't use", "").split("**", 1)[-1])
        assert "*" not in prose.replace("*Vector fields*", "").replace(
            "*Gradient field*", "").replace("*Functions of several variables*", "").replace(
            "*Functions of several variables (vector-valued functions)*", ""), (page, msg)


def test_check_yourself_names_the_wrong_term_in_maths_notation():
    at = open_page("partial_derivatives", {"f": "x^2 + 3y + x*y", "p": "1,1"})
    at.text_input(key="pd.check.x").input("2x + 3 + y").run()
    expect_no_exception(at)
    (said,) = [w.value for w in at.warning]
    assert "Your term $3$ should not be there" in said and r"\left(3 y\right) = 0" in said
    assert "x**" not in said and "x*y" not in said


def test_check_yourself_is_honest_about_the_view():
    at = open_page("partial_derivatives", {"f": "abs(x) + y", "p": "1,1", "d": "0,4,0,4"})
    at.text_input(key="pd.check.x").input("1").run()
    expect_no_exception(at)
    assert not at.success
    (said,) = [w.value for w in at.warning]
    assert "x ∈ [0, 4], y ∈ [0, 4]" in said and "not as functions" in said
    at.text_input(key="pd.check.x").input("sign(x)").run()
    (ok,) = [s.value for s in at.success]
    assert ok.startswith("Correct") and "x ∈ [0, 4], y ∈ [0, 4]" in ok


def _predict_alerts(at):
    return ([s.value for s in at.success], [w.value for w in at.warning],
            [i.value for i in at.info])


def test_predict_wrong_pick_is_not_green_and_a_new_example_asks_again():
    at = open_page("steepest_ascent")
    expect_no_exception(at)
    at.radio(key="sa.predict.pick").set_value("all directions are equally fast").run()
    at.button(key="sa.predict.reveal").click().run()
    ok, warn, _ = _predict_alerts(at)
    assert not any("along ∇f" in s for s in ok), ok  # a wrong pick is not in a green box
    assert any(w.startswith("Not this time") and "along ∇f" in w for w in warn), warn
    # another course example: the question is asked again (no answer, no pick)
    box = at.sidebar.selectbox(key="gv.scalar.preset")
    box.set_value(next(o for o in box.options if o.startswith("bowl"))).run()
    expect_no_exception(at)
    ok, warn, info = _predict_alerts(at)
    assert not any("along ∇f" in t for t in ok + warn + info), (ok, warn, info)
    assert at.radio(key="sa.predict.pick").value is None
    assert at.button(key="sa.predict.reveal")  # Reveal is offered again


def test_lecture_mode_says_where_the_downloads_went():
    at = open_page("gradient_field")
    assert at.get("download_button")
    at.sidebar.toggle(key="gv.lecture").set_value(True).run()
    expect_no_exception(at)
    assert not at.get("download_button")
    said = [c.value for c in at.caption if "hidden in lecture mode" in c.value]
    assert said and "Lecture mode" in said[0], [c.value for c in at.caption]
