"""The browser's programs (gradviz.browser_expr): only allow-listed tokens, and in Chromium the
same numbers as the core's numpy evaluation, for every text the parser accepts.

The programs run in Debian's Chromium on about:blank with our interpreter
(gradviz/browser_expr.js) loaded from its file: no server. Expected values come from
:meth:`gradviz.Function.__call__` (sympy's numpy code), which shares nothing with the
printer but the tree.

The grammar fuzzer's texts (tests/core/test_fuzz_parser.py) run here too:
``GRADVIZ_PRINTER_FUZZ`` of them (default 300, about a minute), each with its Jacobian,
gradient, Hessian and det J.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import signal
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import gradviz
from gradviz import ExpressionError, browser_expr, budget, calculus
from gradviz.browser_expr import BrowserExprError, is_allowed, program, programs
from gradviz.presets import COURSE_POINTS, PRESETS
from tests.core.test_fuzz_parser import TEXTS
from tests.core.test_hostile import HOSTILE as CORE_HOSTILE
from tests.hostile_texts import CANT_USE, UNDEFINED_EVERYWHERE

ROOT = Path(__file__).resolve().parents[2]
REL, ABS = 1e-9, 1e-12
FUZZ = int(os.environ.get("GRADVIZ_PRINTER_FUZZ", "300"))


HOSTILE = sorted(set(CORE_HOSTILE.values()) | {t for _, t in CANT_USE + UNDEFINED_EVERYWHERE})


def _derived(f: gradviz.Function, second: bool = False) -> list[gradviz.Function]:
    """f and what the pages evaluate of it: ∇f (scalar f) or J (vector f); with ``second``
    also J of a scalar f, its Hessian (when sympy works it out within 10 s; None past that)
    and det J of a map R² → R²."""
    try:
        out = [f, gradviz.gradient(f) if f.is_scalar else gradviz.jacobian(f)]
    except ExpressionError:
        return [f]
    if second and f.is_scalar:
        out.append(gradviz.jacobian(f))
        out.append(_within(10, calculus.hessian, f))
    elif second and f.shape == (2,) and f.n == 2:
        a, b, c, d = out[1].exprs
        out.append(gradviz.Function((a * d - b * c,), f.variables, ()))
    return out


def _within(seconds: int, fn, *args):
    """fn(*args), or None when it takes longer than ``seconds`` (sympy's own time)."""
    def late(*_):
        raise TimeoutError

    before = signal.signal(signal.SIGALRM, late)
    signal.alarm(seconds)
    try:
        return fn(*args)
    except TimeoutError:
        return None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def _numpy_can(g: gradviz.Function) -> bool:
    """Whether the core evaluates g: sympy leaves some second derivatives of |u| unworked
    (a Derivative node), which numpy can't evaluate either (and the printer refuses)."""
    try:
        g.at((0.5,) * g.n)
        return True
    except ExpressionError:
        with pytest.raises(BrowserExprError):
            programs(g)
        return False


def fuzz_texts(n: int) -> list[str]:
    """The first ``n`` texts of the grammar fuzzer's generator (the same ones every run)."""
    texts: list[str] = []

    @settings(max_examples=n, deadline=None, database=None, derandomize=True,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(TEXTS)
    def collect(text):
        texts.append(text)

    collect()
    return texts


# -- the allow-list -----------------------------------------------------------------------------
@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t[:30]) for t in HOSTILE])
def test_hostile_text_is_refused_or_printed_with_allowed_tokens_only(text):
    """Test that each hostile text is refused by the parser (never reaches the printer) or
    prints, with its derivatives, to programs of allow-listed tokens only."""
    try:
        f = gradviz.parse(text)
    except ExpressionError:
        return
    for g in filter(None, _derived(f, second=True)):
        if _numpy_can(g):
            for prog in programs(g, slopes=g is not f):
                assert all(is_allowed(t, g.n) for t in prog), (text, prog)


def test_variable_names_never_reach_the_program():
    """Test that variables become positional tokens: their names are not in the program."""
    x, evil = sp.Symbol("x", real=True), sp.Symbol("alert", real=True)
    prog = program(sp.sin(x) * evil, ("x", "alert"))
    assert "alert" not in json.dumps(prog) and set(prog) >= {"v0", "v1"}


@pytest.mark.parametrize("expr", [
    sp.Function("evil")(sp.Symbol("x", real=True)),
    sp.gamma(sp.Symbol("x", real=True)),
    sp.Symbol("y", real=True) + 1,  # not one of the variables
    sp.Piecewise((1, sp.Symbol("x", real=True) > 0), (0, True)),
    sp.Derivative(sp.sign(sp.asin(sp.Symbol("x", real=True))), sp.Symbol("x", real=True)),
    sp.exp(sp.I * sp.Symbol("x", real=True)),  # numpy's complex exp: never in a derivative
], ids=["undefined-function", "gamma", "free-symbol", "piecewise", "derivative", "complex-exp"])
def test_nodes_outside_the_allow_list_raise(expr):
    """Test that a tree with a node the browser cannot compute (none the parser or the
    calculus make, but for a Derivative numpy can't evaluate either) raises BrowserExprError."""
    with pytest.raises(BrowserExprError):
        program(expr, ("x",))


def test_overlong_programs_are_refused(monkeypatch):
    """Test that a program over MAX_TOKENS raises instead of reaching the browser, and that
    the browser's interpreter has the same bounds."""
    x = sp.Symbol("x", real=True)
    expr = sp.Add(*[sp.sin(k * x) for k in range(1, 30)])
    assert len(program(expr, ("x",))) > 100
    js = browser_expr.evaluator_js()
    assert re.search(r"const MAX_TOKENS = (\d+)", js).group(1) == str(browser_expr.MAX_TOKENS)
    monkeypatch.setattr(browser_expr, "MAX_TOKENS", 100)
    with pytest.raises(BrowserExprError):
        program(expr, ("x",))


def test_repeated_subexpressions_are_computed_once():
    """Test that a subexpression used many times is printed once and then read from its
    register, so that derivatives of deep trees stay short: ∇ of 39 nested secants took
    4,915 tokens without sharing, the Hessian of 20 nested arctangents 8,203."""
    f = gradviz.parse("sin(x)^2 + cos(sin(x)) * sin(x) + y")
    prog = program(f.exprs[0], f.variables)
    assert prog.count("sin") == 1 and prog.count("set0") == 1 and prog.count("get0") == 2
    chain = gradviz.parse("sec(" * 39 + "x*y" + ")" * 39)
    assert max(map(len, programs(gradviz.gradient(chain), slopes=True))) <= 10 * 39
    chain = gradviz.parse("atan(" * 20 + "x*y" + ")" * 20)
    assert max(map(len, programs(gradviz.hessian(chain), slopes=True))) <= 1000


@pytest.mark.parametrize("text", [
    "".join(f"(x+{k})" for k in range(1, 81)),  # 400 tokens: the most factors in x
    "xyz" + "".join([f"{fn}({v})" for v in "xyztuv" for fn in [
        "sin", "cos", "tan", "sinh", "cosh", "tanh", "asin", "acos", "atan", "asinh", "acosh",
        "atanh", "log", "sqrt", "sec", "csc", "cot", "abs", "exp", "sign"]][:99]),
], ids=["80 linear factors", "102 factors"])
def test_the_largest_products_the_parser_allows_print_within_the_bound(text):
    """Test the worst case of the size bound: ∇f of the longest products the parser accepts
    (the product rule writes n terms of n factors) prints within MAX_TOKENS, and within its
    bound for first derivatives, 2·(max_tokens/4 + max_variables)²."""
    f = gradviz.parse(text)
    sizes = [len(p) for p in programs(gradviz.gradient(f), slopes=True)]
    assert max(sizes) > 3000  # it is a large case
    assert max(sizes) <= browser_expr.FIRST_DERIVATIVE_TOKENS <= browser_expr.MAX_TOKENS


# -- the same numbers in Chromium ---------------------------------------------------------------
RUN = """([progs, pts]) => {
  const cols = pts[0].map((_, j) => pts.map((p) => p[j]));
  const all = progs.map((q) => GV_EXPR.evaluate(q, cols));
  return pts.map((p, i) => progs.map((q, k) => {
    const one = GV_EXPR.run(q, p);
    if (!Object.is(one, all[k][i])) throw new Error(`gradviz: evaluate ${all[k][i]}, run ${one}`);
    return GV_EXPR.defined(one);
  }));
}"""


@pytest.fixture(scope="module")
def js():
    """about:blank in headless Chromium with our interpreter loaded; yields ``run(progs, pts)``
    -> the values (None where not finite), one list per point."""
    exe = "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else shutil.which(
        "chromium")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; CI must run the browser tests", pytrace=False)
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
    page = browser.new_page()
    page.add_script_tag(content=browser_expr.evaluator_js() + "\nwindow.GV_EXPR = GV_EXPR;")

    def run(progs, pts):  # each program at each point, and at all points at once: the same
        return page.evaluate(RUN, [progs, [list(map(float, p)) for p in pts]])

    run.page = page
    yield run
    browser.close()
    pw.stop()


def _core(g: gradviz.Function, pt) -> list:
    """numpy's values at pt as on a grid (1-point arrays: at 0-d ones, g.at((0, 0)) of
    J of log(x, (-1)^x) raises ZeroDivisionError in Python's complex arithmetic)."""
    vals = np.asarray(g(*[np.array([float(c)]) for c in pt]), dtype=float).ravel()
    return [float(v) if np.isfinite(v) else None for v in vals]


def _mismatches(g: gradviz.Function, pts, run) -> tuple[int, list[str]]:
    """Browser against core for g at every point: (values compared, the differences)."""
    got, bad = run(programs(g), pts), []
    for pt, row in zip(pts, got):
        for w, b in zip(_core(g, pt), row):
            same = w is None if b is None else w is not None and abs(b - w) <= REL * max(
                abs(w), abs(b)) + ABS
            if not same:
                bad.append(f"core {w}, browser {b}: {g.exprs} at {tuple(pt)}")
    return len(got) * len(got[0]), bad


def _check(fns, pts, run) -> int:
    """Compare browser and core for every function at every point; returns values compared."""
    count = 0
    for g in fns:
        n, bad = _mismatches(g, pts, run)
        assert not bad, bad
        count += n
    return count


@pytest.mark.parametrize("preset", PRESETS, ids=[p.text for p in PRESETS])
def test_course_examples_equal_the_core_in_chromium(preset, js, rng):
    """Test every course example (f and its ∇f or J) at its point, the course points and 20
    random points of its view: browser = core to 1e-9."""
    f = gradviz.parse(preset.text)
    n = f.n
    d = preset.domain
    pts = [tuple(preset.point) + tuple(preset.fixed)]
    pts += [tuple(c) + (1.5,) * (n - 2) for c in COURSE_POINTS] if n >= 2 else [(c[0],) for c in
                                                                                 COURSE_POINTS]
    lo = np.array([d.xmin, d.ymin] + [d.xmin] * max(n - 2, 0))[:n]
    hi = np.array([d.xmax, d.ymax] + [d.xmax] * max(n - 2, 0))[:n]
    pts += [tuple(lo + (hi - lo) * rng.random(n)) for _ in range(20)]
    pts = [p[:n] for p in pts]
    assert _check(_derived(f), pts, js) >= 23 * n


@pytest.mark.parametrize("text, pt", [
    ("log(x) + y", (-1.0, 0.0)), ("sqrt(x) * y", (-4.0, 1.0)), ("1/(x^2 + y^2)", (0.0, 0.0)),
    ("asin(x) + y", (2.0, 0.0)), ("x^(1/3) + y", (-8.0, 0.0)), ("log(x*y)", (0.0, 3.0)),
    ("acosh(x) + y", (0.5, 0.0)), ("atanh(x) + y", (1.0, 0.0)), ("exp(1000*x) - y", (1.0, 0.0)),
    ("abs(x) * abs(y)", (0.0, 0.0)), ("atan2(y, x)", (0.0, 0.0)), ("x^y", (0.0, -1.0)),
    ("x^y", (1.0, 1e308)), ("x/y", (0.0, 0.0)), ("sign(x) * y", (-0.0, 1.0)),
    ("sec(x) + csc(y) + cot(x*y)", (0.0, 0.0)), ("log(x, 2) + log(3, y)", (8.0, -1.0)),
    ("pi^x * e^y", (2.0, -1.0)), ("10^300 * x^3 * y", (10.0, 1e-10)),
    # derivatives with complex numbers, computed as numpy does: d/dx (-1)^x = iπ(-1)^x is nan
    # where (-1)^x is real (x = 1) or not (x = 0.5) but real where its factor x - 1 is 0
    ("(-1)^x + y", (1.0, 0.0)), ("(-1)^x + y", (0.5, 0.0)), ("(x-1)*(-1)^x + y", (1.0, 0.0)),
    ("(-2)^x * y", (-2000.0, 1.0)), ("(-2)^(x*y)", (2.0, 1.0)), ("atan2((-1)^x, y)", (2.0, 1.0)),
    # |u| of a u sympy can't prove real: re, im, arg in its derivatives
    ("|asin(x)| + y", (0.5, 0.0)), ("|asin(x)| + y", (2.0, 0.0)), ("|acosh(x*y)|", (2.0, 1.0)),
], ids=lambda v: str(v))
def test_undefined_where_numpy_says_nan(text, pt, js):
    """Test the domain rules at the edges: the browser is undefined exactly where numpy's value
    is nan or inf, and equal elsewhere (f, its first and second derivatives, det J)."""
    f = gradviz.parse(text)
    _check([g for g in _derived(f, second=True) if g is not None and _numpy_can(g)], [pt], js)


@pytest.mark.parametrize("text, pt, want", [
    ("abs(x) + abs(y)", (0.0, 1.0), [None, 1.0]),   # a corner in x: no slope there
    ("abs(x) + abs(y)", (0.0, 0.0), [None, None]),
    ("abs(x) + abs(y)", (-0.5, 2.0), [-1.0, 1.0]),  # off the corners: the core's values
    ("abs(x - y) * y", (1.0, 1.0), [None, None]),
])
def test_slopes_of_abs_are_undefined_at_its_corner(text, pt, js, want):
    """Test that ∇f printed as slopes says undefined where |u| has its corner (sympy's
    sign(0) = 0 is not a slope), and equals the core everywhere else."""
    f = gradviz.parse(text)
    got = js(programs(gradviz.gradient(f), slopes=True), [pt])[0]
    assert got == want
    if None not in want:
        assert got == _core(gradviz.gradient(f), pt)


# hypothesis: random functions from the parser's own language -------------------------------------
UNARY = ["sin", "cos", "tan", "exp", "log", "sqrt", "abs", "atan", "asin", "acos", "sinh",
         "cosh", "tanh", "asinh", "acosh", "atanh", "sec", "csc", "cot"]
LEAF = st.one_of(st.sampled_from(["x", "y", "x", "y", "pi", "e"]),
                 st.integers(1, 9).map(str),
                 st.floats(0.1, 5, allow_nan=False).map(lambda v: f"{v:.3g}"))


def _grow(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/"]), children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(children, st.integers(-3, 4)).map(lambda t: f"({t[0]})^{t[1]}"),
        st.tuples(st.sampled_from(UNARY), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(children, children).map(lambda t: f"atan2({t[0]}, {t[1]})"),
    )


EXPRS = st.recursive(LEAF, _grow, max_leaves=7)
POINT = st.tuples(st.floats(-3, 3, allow_nan=False), st.floats(-3, 3, allow_nan=False))
SEEN: list[int] = []


@settings(max_examples=230, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=EXPRS, pts=st.lists(POINT, min_size=2, max_size=4))
def test_random_functions_equal_the_core_in_chromium(text, pts, js):
    """Test ≥ 200 generated functions (and their gradients) at random points: the browser's
    value equals numpy's to 1e-9 relative, undefined exactly where numpy says nan/inf."""
    try:
        f = gradviz.parse(text + " + 0*x*y")
    except ExpressionError:
        return
    _check(_derived(f), pts, js)
    SEEN.append(1)


def test_enough_random_functions_were_compared():
    """Test that the property test above compared at least 200 functions (run after it)."""
    if not SEEN:
        pytest.skip("run with the property test")
    assert len(SEEN) >= 200, len(SEEN)


def test_interpreter_refuses_unknown_tokens(js):
    """Test that the browser's interpreter throws on a token outside its allow-list, on a
    string that looks like code, and on a malformed program: a register got before it is
    set, or past the bound."""
    for prog in (["alert"], ["v0", "constructor"], ["v0", "v0"], ["add"], ["__proto__"],
                 ["v8"], ["get0"], ["v0", "get0", "set0", "add"], ["v0", "set00"],
                 ["v0", "set-1"], ["v0", f"set{browser_expr.MAX_REGISTERS}"], [True],
                 ["v0", "set0", "get0", "get1", "add", "add"], [float("nan")]):
        with pytest.raises(Exception, match="gradviz"):
            js([prog], [(1.0, 2.0)])
    assert math.isclose(js([["v0", "v1", "pow"]], [(2.0, 10.0)])[0][0], 1024.0)
    assert js([["v0", "set0", "v1", "mul", "get0", "add"]], [(3.0, 2.0)]) == [[9.0]]  # xy + x


def test_evaluate_runs_many_points_at_once(js):
    """Test GV_EXPR.evaluate over 1,000 points (blocks of 256) with one coordinate the same
    for all (a number): the values of run at each point."""
    f = gradviz.parse("sin(x) * y + log(x)")
    got = js.page.evaluate("""([prog, n]) => {
      const xs = Array.from({length: n}, (_, i) => -1 + 3 * i / n);
      const all = GV_EXPR.evaluate(prog, [xs, 0.5]);
      return [all.length, xs.filter((x, i) => !Object.is(all[i], GV_EXPR.run(prog, [x, 0.5]))).length,
              all[n - 1]];
    }""", [program(f.exprs[0], f.variables), 1000])
    x = -1 + 3 * 999 / 1000
    assert got[:2] == [1000, 0] and math.isclose(got[2], math.sin(x) * 0.5 + math.log(x))


def test_fuzzer_texts_print_and_equal_numpy_in_chromium(js):
    """Test the grammar fuzzer's texts (GRADVIZ_PRINTER_FUZZ of them): each one the app
    accepts (gradviz.budget.prepare) prints, with its Jacobian, gradient, Hessian and det J,
    and in Chromium equals the core's numpy at 5 points (the origin and ones, where integer
    powers and corners are, and three others), undefined exactly where numpy says nan or inf."""
    accepted, compared, seconds, bad = 0, 0, 0, []
    for text in fuzz_texts(FUZZ):
        try:
            f = budget.prepare(text, None, 2)
        except ExpressionError:
            continue
        accepted += 1
        n = f.n
        pts = [(0.0,) * n, (1.0,) * n, tuple(0.7 - 0.45 * j for j in range(n)),
               tuple((-1.0) ** j * (j + 1.5) for j in range(n)), (-2.5,) + (0.3,) * (n - 1)]
        for g in _derived(f, second=True):
            if g is None:  # sympy took over 10 s for the Hessian
                seconds += 1
            elif _numpy_can(g):
                count, diff = _mismatches(g, pts, js)
                compared += count
                bad += [f"{text!r}: {d}" for d in diff]
    assert not bad, f"{len(bad)} of {compared} values differ:\n" + "\n".join(bad[:20])
    # most of the app's texts were compared: about 2 in 5 are accepted, each has ≥ 15 values
    assert accepted >= FUZZ // 4 and compared >= 15 * accepted, (accepted, compared)
    assert seconds <= accepted // 20, f"{seconds} Hessians took sympy over 10 s"
