"""Hostile input: whatever is typed ends in an ExpressionError (or a small harmless Function)
within a second, and nothing is ever executed.

While each case is parsed, ``builtins.eval``/``exec``, ``sympy.sympify`` and sympy's ``parse_expr``
raise, so any route from the text to Python or sympy's own parser fails the test; payloads that
would write a sentinel file if run are checked not to have written it.
"""

from __future__ import annotations

import builtins
import contextlib
import time
from pathlib import Path

import pytest
import sympy
import sympy.parsing.sympy_parser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradviz import LIMITS, ExpressionError, Function, parse
from gradviz.parsing import _parse_cached

# one name for every test process (pytest-xdist workers collect the same test ids)
SENTINEL = Path("/tmp/gradviz_pwned")
S = str(SENTINEL)

HOSTILE = {
    # -- code injection ----------------------------------------------------------------
    "__import__ os.system": f"__import__('os').system('touch {S}')",
    "subclasses walk": "().__class__.__bases__[0].__subclasses__()",
    "exec call": f"exec(\"open('{S}', 'w').write('x')\")",
    "eval call": "eval('1')",
    "open passwd": "open('/etc/passwd')",
    "open for writing": f"open('{S}', 'w')",
    "getattr": "getattr(x, 'y')",
    "lambda": "lambda: 1",
    "comprehension": "[x for x in y]",
    "conditional": "x if y else z",
    "dunder attribute": "x.__class__",
    "dunder name": "__builtins__",
    "globals": "globals()['__builtins__']",
    "import statement": "import os",
    "os.system": f"os.system('touch {S}')",
    "f-string": "f'{x}'",
    "backticks": "`x`",
    "semicolon": f"x; __import__('os').system('touch {S}')",
    "two statements": "x; y",
    "assignment": "x = 1",
    "walrus": "(y := 2)",
    "matmul": "x @ y",
    "modulo": "x % 2",
    "shift": "x << 1000",
    "invert": "~x",
    "bit and": "x & y",
    "comparison": "x < y",
    "equality": "x == y",
    "string": "'abc'",
    "double-quoted string": '"x"',
    "bytes": "b'x'",
    "dict braces": "{x: 1}",
    "set braces": "{x, y}",
    "sympify": "sympify('x')",
    "S()": "S('x')",
    "compile": "compile('1', '', 'eval')",
    "method call": "sin(x).evalf()",
    "comment": "x # comment",
    "line continuation": "x \\\n + y",
    "keyword argument": "log(x, base=2)",
    "starred": "sin(*x)",
    # -- huge numbers ------------------------------------------------------------------
    "9^9^9^9": "9^9^9^9",
    "10^10^10": "10^10^10",
    "2**1000000": "2**1000000",
    "x^1e9": "x^1e9",
    "(10^300)^(10^300)": "(10^300)^(10^300)",
    "tiny base, huge denominator": "((1/10)^1000)^1000",
    "products multiplied out": "(((10x)^1000)^1000)^1000",
    "exp of k log b": "exp(ln(10)*10^300)",
    "e to k log b": "e^(1000*ln(10^400))",
    "merged powers": "(10^x)^(10^300/x)",
    "long literal": "9" * 25,
    "big scientific": "1e999",
    "factorial call": "factorial(10^6)",
    "factorial bang": "1000000!",
    "gamma": "gamma(10^6)",
    # -- nesting -----------------------------------------------------------------------
    "5000 nested brackets": "(" * 5000 + "x" + ")" * 5000,
    "3000 nested sin": "sin(" * 3000 + "x" + ")" * 3000,
    "900 nested minus": "-" * 900 + "x",
    "41 nested brackets": "(" * 41 + "x" + ")" * 41,
    "power tower": "^".join(["x"] * 60),
    "nested abs": "|" * 100 + "x" + "|" * 100,
    "unbalanced": "(" * 999,
    # -- size --------------------------------------------------------------------------
    "200,000 characters": "x+" * 100_000,
    "1,000,001 characters": "1" * 1_000_001,
    "long sum within the limit": "+".join(["x"] * 200),
    "long sum of terms": "+".join(f"{k}x^{k % 5}" for k in range(1, 80)),
    "400 distinct variables": "+".join(f"x{k}" for k in range(400)),
    "9 distinct variables": "a+b+c+d+f+g+h+k+m",
    "30-component vector": "[" + ", ".join(["x"] * 30) + "]",
    "nested vectors": "[[x, y], [y, x]]",
    "vector in a vector": "[x, [y]]",
    # -- unicode tricks ----------------------------------------------------------------
    "fullwidth x": "ｘ^2",
    "zero-width space": "x\u200b+y",
    "right-to-left override": "\u202ex+y",
    "Cyrillic x": "х^2 + 1",
    "combining accent": "x\u0301 + 1",
    "NUL byte": "x\x00+1",
    "emoji": "😀 + x",
    "math italic x": "𝑥 + 1",
    "byte order mark": "\ufeffx",
    "Arabic digits": "٣x",
    "fullwidth digits": "３.５",
    "lone surrogate": "x\udcff",
}


#: benign texts parsed before anything is patched: sympy imports some modules lazily on first
#: use, and Python's own import machinery (namedtuple, dataclasses) may exec while doing so
WARM_UP = ["x + y + z + 1", "+".join(f"{k}x^{k}" for k in range(1, 6)), "exp(2*log(3)) + e^x",
           "(2^x)^(3/x)", "sqrt(x^2 + 1)*|y|/atan2(y, x)", "[sin(x), cos(y), tan(z)]"]


@pytest.fixture(scope="module", autouse=True)
def warm_sympy():
    """Run sympy's lazy imports once, with benign input, before code evaluation is forbidden."""
    for text in WARM_UP:
        sympy.count_ops(parse(text).exprs[0])


@contextlib.contextmanager
def nothing_may_run():
    """Make eval, exec, sympify and parse_expr raise inside the block, and check the sentinel."""
    def refuse(*args, **kwargs):
        raise AssertionError("code evaluation was attempted")

    SENTINEL.unlink(missing_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(builtins, "eval", refuse)
        mp.setattr(builtins, "exec", refuse)
        mp.setattr(sympy, "sympify", refuse)
        mp.setattr(sympy.parsing.sympy_parser, "parse_expr", refuse)
        yield
    assert not SENTINEL.exists(), "a payload was executed"


@pytest.fixture
def no_code_runs():
    """nothing_may_run() for the duration of one test."""
    with nothing_may_run():
        yield


def harmless(f: Function) -> bool:
    """Whether a Function that parsed is small: bounded size, few variables and outputs."""
    return (f.n <= LIMITS.max_variables and len(f.exprs) <= LIMITS.max_components
            and all(sympy.count_ops(e) <= 4 * LIMITS.max_tokens for e in f.exprs))


def parse_within_a_second(text: str):
    """Parse with empty caches; return the outcome and the wall and CPU seconds it took."""
    _parse_cached.cache_clear()
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        outcome = parse(text)
    except ExpressionError as err:
        outcome = err
    return outcome, time.perf_counter() - t0, time.process_time() - c0


def test_there_are_at_least_forty_cases():
    """Test that the hostile suite is as large as promised."""
    assert len(HOSTILE) >= 40


@pytest.mark.timeout(60)
@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_input_is_refused_fast_and_runs_nothing(text, no_code_runs):
    """Test that a hostile text ends in an ExpressionError or a harmless Function within 1 s."""
    outcome, wall, cpu = parse_within_a_second(text)
    # wall-clock time is what a user waits; CPU time guards against a machine busy with other work
    assert wall < 1.0 or cpu < 1.0, f"took {wall:.2f} s ({cpu:.2f} s CPU)"
    assert isinstance(outcome, (ExpressionError, Function))
    if isinstance(outcome, Function):
        assert harmless(outcome)
    else:
        assert isinstance(outcome, ValueError)
        assert len(str(outcome)) < 400  # a message, not an echo of the input


def test_what_parses_is_what_was_meant(no_code_runs):
    """Test that the few hostile-looking inputs that do parse mean plain arithmetic."""
    assert parse("+".join(["x"] * 200)).expr == 200 * sympy.Symbol("x", real=True)
    assert parse("lambda").variables == ("lambda",)  # a Greek letter, nothing more


@pytest.mark.parametrize("variables", [
    ("__import__",), ("os.system",), ("x; y",), ("sin",), ("e",), ("x" * 17,), ("", "x"),
    tuple(f"v{k}" for k in range(400)),
])
def test_hostile_variable_names_are_refused(variables, no_code_runs):
    """Test that variables= cannot smuggle code or unlimited names in."""
    with pytest.raises(ExpressionError):
        parse("x", variables=variables)


TOKENS = ["x", "y", "z", "e", "pi", "2", "10", "0", "0.5", "1e3", "999", "(", ")", "[", "]", ",",
          "|", "+", "-", "*", "/", "^", "**", "sin(", "exp(", "log(", "ln(", "sqrt(", "atan2(",
          "acosh(", "abs(", " ", "²", "π", "−", "!", ".", "_", "'", "="]


@settings(derandomize=True, deadline=None, max_examples=150, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=30).map("".join))
def test_token_soup_never_escapes(text):
    """Test that random token soup only ever yields an ExpressionError or a Function, quickly."""
    with nothing_may_run():
        outcome, wall, cpu = parse_within_a_second(text)
    assert wall < 1.0 or cpu < 1.0
    assert isinstance(outcome, (ExpressionError, Function))
