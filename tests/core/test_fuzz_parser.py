"""A grammar-based fuzzer: no text in the parser's language can crash or stall gradviz.

Hypothesis writes expressions in the language of :mod:`gradviz.parsing` (numbers, ``pi``,
``e``, variables, ``+ - * / ^ **``, implicit products, ``|x|``, every function in
``gradviz.FUNCTIONS`` with one or two arguments, one outer vector), weighted towards what a
hostile or unlucky student types: huge literals (``9999999999e300``), constant towers
(``pi^pi^pi^pi``), long products and sums (``10^300*10^300*…``), deep nesting, near-singular
arguments (``tan(pi/2)``, ``log(0)``, ``1/(x-x)``, ``atan(tan(1e300))``, ``log(x, 0)``).

Each text goes through the whole path a page takes (see :mod:`tests.core.sandbox`):
parse → Jacobian, gradient, partials and their LaTeX → values at a point → a 100 × 100
grid → the check-yourself answer check (its own text and another generated text as the
answer for ∂f/∂x). Every case must end with success or ``gradviz.ExpressionError`` — any
other exception is a failure — within ``GRADVIZ_FUZZ_CASE_S`` seconds (default 10: a
generous bound; realistic functions need milliseconds). Cases run one by one in a child
process with a per-case alarm and a hard kill from this process, so a hanging case is
reported with its text and never hangs the test run.

The failures are collected (not raised inside hypothesis, which would spend minutes
shrinking a text that times out) and reported together; the run stops early after
``MAX_OFFENDERS`` offenders or when its time runs out.

CI runs ``GRADVIZ_FUZZ_EXAMPLES`` cases (default 1500: about 100 s on this shared 2-core
machine under load, measured with the failing cases left out; ``GRADVIZ_FUZZ_MINUTES``, default
3.2, stops a run early on a slower machine, keeping it under pytest-timeout's 300 s).
A nightly-style run::

    GRADVIZ_FUZZ_EXAMPLES=50000 GRADVIZ_FUZZ_MINUTES=240 python -m pytest -q --timeout=0 \\
        tests/core/test_fuzz_parser.py
"""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import gradviz
from tests.core.sandbox import Sandbox

EXAMPLES = int(os.environ.get("GRADVIZ_FUZZ_EXAMPLES", "1500"))
CASE_SECONDS = float(os.environ.get("GRADVIZ_FUZZ_CASE_S", "10"))
#: wall-clock budget of one fuzz test (minutes); default keeps well under pytest-timeout's 300 s
MINUTES = float(os.environ.get("GRADVIZ_FUZZ_MINUTES", "3.2"))
MAX_OFFENDERS = int(os.environ.get("GRADVIZ_FUZZ_MAX_OFFENDERS", "8"))

# -- the grammar ---------------------------------------------------------------------------------
VARIABLES = ["x", "y", "z", "t", "x1", "theta"]
CONSTANTS = ["pi", "e", "π", "E"]
EXTREME_NUMBERS = [
    "0", "1", "2", "10", "0.5", ".5", "1e-3", "1e300", "1e-300", "9999999999e300",
    "99999999999999999999", "12345678901234567890", "1e308", "1e-320", "0.000000000000000001",
    "10^300", "2^1000", "1e301", "3.14159265358979323846", "0e0", "7e-301", "1000",
]
NEAR_SINGULAR = [
    "tan(pi/2)", "log(0)", "1/(x-x)", "x^(1/ln(2))", "atan(tan(1e300))", "log(x, 0)",
    "log(x, 1)", "log(0, x)", "log(1, 1)", "0^0", "0^(-1)", "(x-x)^(-1)", "1/sin(pi)", "cot(0)",
    "acos(2)", "asin(1+1e-300)", "atanh(1)", "acosh(0)", "sqrt(-1e-300)", "exp(1000)",
    "exp(-1000)", "e^e^e^e", "pi^pi^pi^pi", "2^pi^pi^pi^pi^pi", "log(log(log(0.5)))",
    "tan(1e300)", "sin(1e300)^-1", "x^(1/log(2))", "(1/ln(2))^x", "exp(ln(2)*1000)",
    "e^(x/ln(2))", "2^(1/ln(2))", "x^(ln(3)/ln(2))", "log(x, x)", "log(x, e^1000)",
    "sec(pi/2)", "csc(0)", "1/(1-cos(0))", "abs(0)^(-1/3)", "(-8)^(1/3)", "(-1)^x",
    "(-1)^(1/2)", "x^x^x^x", "atan2(0, 0)", "atan2(1e300, 1e-300)",
    # found by this fuzzer
    "0.0/0.0", "exp(log10(acosh(acosh(-e))))", "cos(atan(log(acos(asin(2)))))",
    "acosh(acos(cosh(cos(exp(csc(atanh(sqrt(cot(4262)))))))))",
]
FUNCTION_NAMES = sorted(n for n, (_, arities) in gradviz.FUNCTIONS.items() if 1 in arities)


def _leaves() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(VARIABLES),
        st.sampled_from(CONSTANTS),
        st.sampled_from(EXTREME_NUMBERS),
        st.integers(0, 10**6).map(str),
        st.floats(min_value=0, allow_nan=False, allow_infinity=False).map(repr),
        st.sampled_from(NEAR_SINGULAR).map(lambda s: f"({s})"),
    )


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binop = st.sampled_from(["+", "-", "*", "/", "^", "**", " * ", " - "])
    return st.one_of(
        st.tuples(inner, binop, inner).map(lambda t: f"{t[0]}{t[1]}{t[2]}"),
        st.tuples(inner, binop, inner).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
        st.tuples(st.sampled_from(FUNCTION_NAMES), inner).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(["log", "atan2"]), inner, inner).map(
            lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        inner.map(lambda a: f"-{a}"),
        inner.map(lambda a: f"|{a}|"),
        st.tuples(st.sampled_from(["2", "3", "0.5", "pi", "e"]), inner).map(
            lambda t: f"{t[0]}({t[1]})"),  # implicit product
        # towers and long chains: a^b^c^d, a*a*…*a, a+a+…+a
        st.tuples(st.lists(inner, min_size=3, max_size=7), st.sampled_from(["^", "**"])).map(
            lambda t: t[1].join(t[0])),
        st.tuples(inner, st.integers(2, 120), st.sampled_from(["*", "+", "-", "/"])).map(
            lambda t: t[2].join([t[0]] * t[1])),
        # a long product inside a function: sqrt(10^300*10^300*…+1)
        st.tuples(st.sampled_from(["sqrt", "log", "ln", "exp", "atan", "tan", "sin", "abs"]),
                  st.sampled_from(["10^300", "1e300", "9^99", "pi^100", "x^100", "2^1000"]),
                  st.integers(2, 100), st.sampled_from(["+1", "-1", "+x", ""])).map(
            lambda t: f"{t[0]}({'*'.join([t[1]] * t[2])}{t[3]})"),
        # nested functions: f(g(h(...)))
        st.tuples(st.lists(st.sampled_from(FUNCTION_NAMES), min_size=2, max_size=12), inner).map(
            lambda t: "".join(f"{n}(" for n in t[0]) + t[1] + ")" * len(t[0])),
    )


EXPRESSIONS = st.recursive(_leaves(), _extend, max_leaves=12)
TEXTS = st.one_of(
    EXPRESSIONS,
    EXPRESSIONS,
    EXPRESSIONS,
    st.lists(EXPRESSIONS, min_size=1, max_size=4).map(lambda cs: "[" + ", ".join(cs) + "]"),
    st.sampled_from(NEAR_SINGULAR),
)


def _fuzz(examples: int, minutes: float) -> tuple[int, list, dict]:
    """Run ``examples`` generated cases; (cases run, offenders, counts by status)."""
    offenders: list = []
    counts: dict[str, int] = {}
    seen: set = set()
    ran = 0
    stop_at = time.monotonic() + 60 * minutes
    with Sandbox(case_seconds=CASE_SECONDS) as box:

        @settings(max_examples=examples, deadline=None, database=None,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(text=TEXTS, answer=EXPRESSIONS)
        def one(text: str, answer: str) -> None:
            nonlocal ran
            if len(offenders) >= MAX_OFFENDERS or time.monotonic() > stop_at:
                return
            out = box.run(text, mode="pipeline", answer=answer)
            ran += 1
            counts[out.status] = counts.get(out.status, 0) + 1
            if not out.acceptable and (out.text, out.answer) not in seen:
                seen.add((out.text, out.answer))
                offenders.append(out)

        one()
    return ran, offenders, counts


def test_every_text_parses_or_raises_expression_error_in_bounded_time():
    ran, offenders, counts = _fuzz(EXAMPLES, MINUTES)
    print(f"fuzzed {ran} of {EXAMPLES} cases: {counts}")
    report = "\n".join(o.describe() for o in offenders)
    assert not offenders, (
        f"{len(offenders)} of {ran} texts neither worked nor gave an ExpressionError within "
        f"{CASE_SECONDS:g} s (outcomes: {counts}):\n{report}")
    # the run did real work: most cases ran (not cut short by the clock) and both outcomes occur
    assert ran >= min(EXAMPLES, 200), (ran, counts)
    assert counts.get("ok", 0) > 0 and counts.get("error", 0) > 0, counts


@pytest.fixture(scope="module")
def box():
    with Sandbox(case_seconds=CASE_SECONDS) as sandbox:
        yield sandbox


@pytest.mark.parametrize("text", NEAR_SINGULAR)
def test_near_singular_texts(box, text):
    """Each hand-written near-singular text alone, so that a failure names it at once."""
    out = box.run(text, mode="pipeline", answer="0")
    assert out.acceptable, out.describe()
