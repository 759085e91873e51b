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
