"""Nothing a user does breaks the running app: hostile text typed or linked, hostile URL values.

Every hostile function text is typed into the sidebar box of a scalar page (gradient
field) and of the vector box (functions page), and passed in a link: no exception,
a useful message, the last valid function's numbers still shown, no code run.
URL values are fuzzed with hypothesis. Bugs these tests found (constant overflow, late
notices, markdown in echoed link text, tiny domains) are fixed; the tests stay as regressions.
"""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gradviz
from gradviz.app import messages
from tests.app.conftest import corners, drop, expect_no_exception, move, open_page, point
from tests.hostile_texts import CANT_USE, SENTINEL, UNDEFINED_EVERYWHERE

SCALAR_OK = "sin(x*y)"
VECTOR_OK = "[x, sin(y)]"
SCALAR_KEY, VECTOR_KEY = "gv.scalar.text", "gv.vector.text"


@pytest.fixture(autouse=True, scope="module")
def no_sentinel():
    """The sentinel a successful injection would create: never there, before or after."""
    SENTINEL.unlink(missing_ok=True)
    yield
    assert not SENTINEL.exists(), "an injected command ran"


def numbers(at) -> tuple:
    """Everything numeric the page shows as text: metrics, LaTeX, tables."""
    tables = tuple(str(t.value.to_dict()) if hasattr(t.value, "to_dict") else str(t.value)
                   for t in at.table)
    return (tuple(m.value for m in at.metric), tuple(x.value for x in at.latex), tables)


def f_of_p(at) -> float:
    """The value f(p) the page shows."""
    shown = next(m.value for m in at.metric if m.label == "f(p)")
    return float(shown.replace("−", "-"))


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


def no_traceback(at) -> None:
    """No exception element and no traceback text anywhere on the page."""
    expect_no_exception(at)
    for el in [*at.error, *at.warning, *at.markdown, *at.caption, *at.info]:
        assert "Traceback" not in str(el.value) and 'File "' not in str(el.value), el.value


def outside_code(md: str) -> str:
    """Markdown with its code spans removed: what the browser would interpret."""
    return re.sub(r"(`+)(.+?)\1", "", md, flags=re.S)


def grid_slider(at):
    """The page's grid-resolution slider (its key names its range: gv.scalar.n<lo>-<hi>)."""
    return next(s for s in at.slider if (s.key or "").startswith("gv.scalar.n"))


def point_ok(at) -> None:
    """The grid size is within its slider's bounds and the point is finite and in the view."""
    g = grid_slider(at)
    assert g.min <= g.value <= g.max, (g.min, g.value, g.max)
    (x0, y0), (x1, y1) = corners(at)
    x, y = point(at)
    assert math.isfinite(x) and math.isfinite(y) and x0 <= x <= x1 and y0 <= y <= y1, (x, y)


def type_into(at, key: str, text: str):
    # set_value, not input(): a hostile client ignores the box's max_chars. A text too big for
    # one message never reaches the app (its connection is closed: test_hostile_client.py),
    # so the longest that fits is typed instead
    at.sidebar.text_input(key=key).set_value(text[: messages.MAX_MESSAGE // 2]).run()
    return at


@pytest.fixture
def scalar_page():
    """A fresh session on the gradient field page (each test its own: no order matters)."""
    at = open_page("gradient_field")
    expect_no_exception(at)
    return at


@pytest.fixture
def vector_page():
    """A fresh session on the functions page."""
    at = open_page("functions")
    expect_no_exception(at)
    return at


def _typed_hostile(at, key: str, ok: str, text: str) -> None:
    type_into(at, key, ok)  # start from the known function
    expect_no_exception(at)
    assert not errors(at)
    before = numbers(at)
    assert before[0] or before[1], "the page shows no numbers to compare"
    type_into(at, key, text)
    no_traceback(at)
    errs = errors(at)
    assert len(errs) == 1, errs
    msg = errs[0]
    assert msg.startswith("**Can't use"), msg
    assert "Something went wrong" not in msg
    reason = msg.split("—", 1)[1] if "—" in msg else ""
    assert len(reason.strip()) > 15, f"no useful reason: {msg!r}"
    assert f"last valid function `{ok}`" in msg
    assert numbers(at) == before, "the last valid function's numbers changed"
    assert not SENTINEL.exists()


@pytest.mark.parametrize("text", [t for _, t in CANT_USE], ids=[i for i, _ in CANT_USE])
def test_typed_hostile_scalar(scalar_page, text):
    """Test that a hostile text typed on the gradient field page gives st.error and keeps the last function's numbers."""
    _typed_hostile(scalar_page, SCALAR_KEY, SCALAR_OK, text)


@pytest.mark.parametrize("text", [t for _, t in CANT_USE] + ["[x, __import__('os')]", "[[x]]",
                                                            "[" + "x," * 9 + "x]", "[]"],
                         ids=[i for i, _ in CANT_USE] + ["vec-import", "vec-nested",
                                                        "vec-10", "vec-empty"])
def test_typed_hostile_vector(vector_page, text):
    """Test that a hostile text typed in the vector box gives st.error and keeps the last field's numbers."""
    _typed_hostile(vector_page, VECTOR_KEY, VECTOR_OK, text)


@pytest.mark.parametrize("text", [t for _, t in UNDEFINED_EVERYWHERE], ids=[i for i, _ in UNDEFINED_EVERYWHERE])
def test_typed_undefined_everywhere_warns(scalar_page, text):
    """Test that a function undefined on the whole view gives a clear st.warning, no error, no exception."""
    type_into(scalar_page, SCALAR_KEY, text)
    no_traceback(scalar_page)
    assert not errors(scalar_page), errors(scalar_page)
    assert any("undefined at every one of the" in w for w in warnings(scalar_page)), \
        warnings(scalar_page)


def test_typed_undefined_vector_says_undefined(vector_page):
    """Test that a vector function undefined at its point shows 'undefined', not an error."""
    type_into(vector_page, VECTOR_KEY, "[log(-1 - x^2), sqrt(-1 - x^2)]")
    no_traceback(vector_page)
    assert not errors(vector_page), errors(vector_page)
    assert any("undefined" in x.value for x in vector_page.latex)


def test_the_point_still_moves_with_bad_text_in_the_box(scalar_page):
    """Test that with a bad text left in the box, moving the point reruns cleanly with the last valid function."""
    type_into(scalar_page, SCALAR_KEY, SCALAR_OK)
    type_into(scalar_page, SCALAR_KEY, "x;import os")
    y0 = point(scalar_page)[1]
    move(scalar_page, 0.5, y0)
    no_traceback(scalar_page)
    assert len(errors(scalar_page)) == 1
    expected = float(gradviz.parse(SCALAR_OK).at((0.5, y0)))
    assert f_of_p(scalar_page) == pytest.approx(expected, rel=1e-3, abs=1e-4)


@pytest.mark.parametrize("text", ["x^(1/ln(2)) + y", "x^(1/ln(2)) + y^(1/ln(2))^(1/ln(3))"])
def test_typed_power_with_log_exponent_works(scalar_page, text):
    """Test that x^(1/ln 2) (once a RecursionError and a blank page) is drawn with its value at p."""
    type_into(scalar_page, SCALAR_KEY, text)
    try:
        no_traceback(scalar_page)
        assert not errors(scalar_page), errors(scalar_page)
        x0, y0 = point(scalar_page)
        expected = abs(x0) ** (1 / math.log(2)) if x0 >= 0 else math.nan
        assert x0 > 0  # the gradient page opens at a point with x > 0
        expected += y0 if "ln(3)" not in text else y0 ** ((1 / math.log(2)) ** (1 / math.log(3)))
        assert f_of_p(scalar_page) == pytest.approx(expected, rel=1e-3)
    finally:
        type_into(scalar_page, SCALAR_KEY, SCALAR_OK)


@pytest.mark.parametrize("text", ["pi^pi^pi^pi", "pi^1000 * x"])
def test_typed_constant_overflow(scalar_page, text):
    """Test that a constant too large for a float is refused or shown as undefined, never 'Something went wrong'."""
    type_into(scalar_page, SCALAR_KEY, SCALAR_OK)
    type_into(scalar_page, SCALAR_KEY, text)
    no_traceback(scalar_page)
    assert not any("Something went wrong" in e for e in errors(scalar_page)), \
        errors(scalar_page)
    assert scalar_page.metric, "no numbers shown"


# -- links --------------------------------------------------------------------------------
def _link(at, query: dict) -> None:
    """Open a link in the same session: new query parameters, then a rerun."""
    for k, v in query.items():
        at.query_params[k] = v
    at.run()


LINKED = ["os-system", "dunder-chain", "lambda", "comprehension", "exec", "statement",
          "power-tower", "factorial", "huge-constant", "nested-5000", "200k-chars", "nul",
          "rtl-override", "cyrillic", "backticks", "divide-zero", "sqrt-minus-one", "empty"]


@pytest.mark.parametrize("text", [t for i, t in CANT_USE if i in LINKED], ids=LINKED)
def test_linked_hostile_scalar(scalar_page, text):
    """Test that a hostile ?f= link shows a notice and keeps the current function (scalar page)."""
    type_into(scalar_page, SCALAR_KEY, SCALAR_OK)
    before = numbers(scalar_page)
    _link(scalar_page, {"f": text})
    no_traceback(scalar_page)
    notes = [w for w in warnings(scalar_page) if w.startswith("The link's function")]
    assert notes and "can't be used" in notes[0], warnings(scalar_page)
    assert not errors(scalar_page)
    assert numbers(scalar_page) == before
    assert not SENTINEL.exists()


@pytest.mark.parametrize("text", [t for i, t in CANT_USE if i in LINKED[:8]]
                         + ["[x, __import__]", "[]"], ids=LINKED[:8] + ["vec-import", "vec-empty"])
def test_linked_hostile_vector(vector_page, text):
    """Test that a hostile ?vf= link shows a notice and keeps the current vector function."""
    type_into(vector_page, VECTOR_KEY, VECTOR_OK)
    before = numbers(vector_page)
    _link(vector_page, {"vf": text})
    no_traceback(vector_page)
    notes = [w for w in warnings(vector_page) if w.startswith("The link's function")]
    assert notes and "can't be used" in notes[0], warnings(vector_page)
    assert numbers(vector_page) == before


def test_control_character_in_a_link_or_the_box_is_named_with_its_column(scalar_page):
    """Test that issue 23's link ``?f=sin(x*y)%0C`` (a form feed the tokenizer once took for a
    blank, which then crashed the figure renderer) is refused by name and column, linked or
    typed, and the page keeps its function."""
    type_into(scalar_page, SCALAR_KEY, SCALAR_OK)
    before = numbers(scalar_page)
    _link(scalar_page, {"f": "sin(x*y)\x0c"})
    no_traceback(scalar_page)
    notes = [w for w in warnings(scalar_page) if w.startswith("The link's function")]
    assert notes and "control character `U+000C` at column 9" in notes[0], warnings(scalar_page)
    assert numbers(scalar_page) == before
    type_into(scalar_page, SCALAR_KEY, "x\x0b+y")
    no_traceback(scalar_page)
    assert any("control character `U+000B` at column 2" in e for e in errors(scalar_page)), \
        errors(scalar_page)
    assert numbers(scalar_page) == before


def test_link_of_one_megabyte():
    """Test that a 1 MB ?f= link (dropped whole by Streamlit past 512 kB) opens the default view."""
    at = open_page("gradient_field", {"f": "x" * 1_000_000})
    no_traceback(at)
    assert not errors(at)
    assert at.sidebar.text_input(key=SCALAR_KEY).value == SCALAR_OK
    assert f_of_p(at) == pytest.approx(math.sin(1 * 2), abs=1e-4)


#: (query, a piece of the expected notice); every value is replaced and said so
URL_VALUES = [
    ({"p": "nan,inf"}, "not finite"),
    ({"p": "1e308,1e308"}, "larger than"),
    ({"p": "1,x"}, "not numbers"),
    ({"p": "1," * 300}, "too long"),
    ({"n": "10000000"}, "can't be used"),
    ({"n": "-5"}, "outside [20, "),
    ({"n": "nan"}, "not finite"),
    ({"n": "1e400"}, "not finite"),
    ({"d": "3,1,0,1"}, "min < max"),
    ({"d": "nan,1,2,3"}, "not finite"),
    ({"d": "1,2,3"}, "needs 4 numbers"),
    ({"d": "-1e9,1e9,0,1"}, "larger than"),
    ({"a": "1e9"}, "outside [5, 40]"),
    ({"a": "abc"}, "not a number"),
]


@pytest.mark.parametrize("query,note", URL_VALUES,
                         ids=[f"{k}={v[:20]}" for q, _ in URL_VALUES for k, v in q.items()])
def test_link_values_replaced_with_notice(scalar_page, query, note):
    """Test that an unusable link value falls back with a visible notice and no exception."""
    at = scalar_page
    type_into(at, SCALAR_KEY, SCALAR_OK)
    _link(at, query)
    no_traceback(at)
    assert not errors(at), errors(at)
    point_ok(at)
    assert any(note in w for w in warnings(at)), warnings(at)


def test_page_control_notice_shows_at_once_not_later():
    """Test that ?a=abc's notice shows on opening the link, and not again after a move of p."""
    at = open_page("gradient_field", {"a": "abc"})
    shown_first = any("`a=abc`" in w for w in warnings(at))
    move(at, 0.5, point(at)[1])
    shown_later = any("`a=abc`" in w for w in warnings(at))
    assert shown_first and not shown_later


def test_lecture_link_value_is_not_trusted():
    """Test that ?lecture=<script> leaves lecture mode off and shows the markup nowhere."""
    at = open_page("gradient_field", {"lecture": "<script>alert(1)</script>"})
    no_traceback(at)
    assert at.sidebar.toggle(key="gv.lecture").value is False
    assert not any("<script" in str(m.value) for m in at.markdown if "style" not in m.value)


def test_repeated_parameters_use_one_value():
    """Test that repeated ?p= and ?f= parameters use one of the values (the last), no exception."""
    at = open_page("gradient_field", {"f": ["x^2", "x^2 + y^2"], "p": ["1,2", "3,4"]})
    no_traceback(at)
    assert not errors(at)
    assert at.sidebar.text_input(key=SCALAR_KEY).value == "x^2 + y^2"
    assert point(at) == (3, 4)


@pytest.mark.parametrize("d", ["0,1e-300,0,1e-300", "0,1e-12,0,1e-12", "-1e4,1e4,-1e4,1e4"])
def test_extreme_domains(d):
    """Test that tiny and huge linked domains draw without exception or error, with a finite point."""
    at = open_page("gradient_field", {"d": d, "p": "0,0"})
    no_traceback(at)
    assert not errors(at), errors(at)
    point_ok(at)


def test_tiny_domain_slider_format_is_browser_safe():
    """Test that a tiny linked domain gives sliders whose number format a browser can show."""
    at = open_page("gradient_field", {"d": "0,1e-300,0,1e-300", "p": "0,0"})
    no_traceback(at)
    for s in at.slider:
        m = re.fullmatch(r"%\.(\d+)f", s.proto.format or "")
        assert m is None or int(m.group(1)) <= 20, (s.key, s.proto.format)


@pytest.mark.parametrize("query", [
    {"f": "x` [log in here](http://evil.example) ![t](http://evil.example/t.png) `"},
    {"p": "1` [log in](http://evil.example) `"},
    {"d": "1` [log in](http://evil.example) `"},
    {"n": "1` [log in](http://evil.example) `"},
])
def test_link_text_is_not_rendered_as_markdown(query):
    """Test that text from a link echoed in a notice stays inside a code span (no links or images)."""
    at = open_page("gradient_field", query)
    no_traceback(at)
    for w in warnings(at):
        rendered = outside_code(w)
        assert "](" not in rendered and "evil.example" not in rendered, w


# -- fuzzing ----------------------------------------------------------------------------
_number = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**30, max_value=10**30),
    st.sampled_from(["nan", "inf", "-inf", "1e308", "-0", "0x10", "1_0", "", " ", "１"]))
_numbers = st.lists(_number, min_size=0, max_size=6).map(lambda xs: ",".join(map(str, xs)))
_query = st.fixed_dictionaries({}, optional={
    "f": st.one_of(st.text(max_size=60),
                   st.from_regex(r"[xyz0-9+\-*/^() .,\[\]a-z]{0,40}", fullmatch=True),
                   st.sampled_from([t for _, t in CANT_USE if len(t) < 2000])),
    "p": st.one_of(_numbers, st.text(max_size=30)),
    "n": st.one_of(_number.map(str), st.text(max_size=10)),
    "d": st.one_of(_numbers, st.text(max_size=30)),
})

@settings(max_examples=25, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(query=_query)
def test_fuzzed_links(query):
    """Test that any f, p, n, d in a link gives no exception or traceback, a grid size in bounds and a finite point."""
    at = open_page("gradient_field", query)  # a fresh session per example
    no_traceback(at)
    assert not any("Something went wrong" in e for e in errors(at)), errors(at)
    point_ok(at)
    for m in at.metric:
        assert "Traceback" not in m.value, m.value


# -- widget values from a hostile client ----------------------------------------------------
WIDGET_VALUES = [("grid", 1000), ("grid", 10**9), ("grid", -5), ("gf.arrows", 10**6),
                 ("gf.arrows", 0)]


@pytest.mark.parametrize("key,value", WIDGET_VALUES, ids=[f"{k}={v}" for k, v in WIDGET_VALUES])
def test_out_of_range_widget_values_are_bounded(scalar_page, key, value):
    """Test that slider values a browser can't send (nan, inf, 1e308, 10^9) rerun cleanly within bounds."""
    at = scalar_page
    type_into(at, SCALAR_KEY, SCALAR_OK)
    slider = grid_slider(at) if key == "grid" else at.slider(key=key)
    slider.set_value(value).run()
    no_traceback(at)
    assert not any("Something went wrong" in e for e in errors(at)), errors(at)
    point_ok(at)
    arrows = at.slider(key="gf.arrows")
    assert arrows.min <= arrows.value <= arrows.max


#: drops a picture can't send: refused (p kept at (1, 2)) or clamped to the view [0, 4]²
DROPS = [((1e308, 1.0), (4.0, 1.0)), ((float("nan"), 1.0), (1.0, 2.0)),
         ((1.0, float("-inf")), (1.0, 2.0)), ((10**400, 1.0), (1.0, 2.0)),
         (("3", [1]), (1.0, 2.0)), ((True, 1.0), (1.0, 2.0)), ((-5, 2.5), (0.0, 2.5))]


@pytest.mark.parametrize("xy,kept", DROPS, ids=[str(xy) for xy, _ in DROPS])
def test_out_of_range_drops_are_bounded(scalar_page, xy, kept):
    """Test that a drop in the picture a browser can't send (nan, inf, 1e308, text, a huge
    integer) reruns cleanly, the point kept or clamped to the view."""
    drop(scalar_page, [xy], "gf.scene")
    no_traceback(scalar_page)
    assert not any("Something went wrong" in e for e in errors(scalar_page))
    assert point(scalar_page) == kept


@pytest.mark.parametrize("box,value", [(0, 1e308), (1, float("nan")), (2, float("inf")),
                                       (3, -1e308)])
def test_out_of_range_domain_boxes_are_bounded(scalar_page, box, value):
    """Test that domain boxes set to nan, inf or 1e308 by a hostile client keep a finite domain."""
    at = scalar_page
    type_into(at, SCALAR_KEY, SCALAR_OK)
    at.sidebar.number_input(key=f"gv.scalar.d{box}").set_value(value).run()
    no_traceback(at)
    assert not any("Something went wrong" in e for e in errors(at)), errors(at)
    point_ok(at)
    for i in range(4):
        v = at.sidebar.number_input(key=f"gv.scalar.d{i}").value
        assert v is None or math.isfinite(v) and abs(v) <= 1e4, (i, v)
