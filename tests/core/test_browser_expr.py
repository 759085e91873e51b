"""The browser's programs (gradviz.browser_expr): only allow-listed tokens, and in Chromium the
same numbers as the core's numpy evaluation.

The programs run in Debian's Chromium on about:blank with our interpreter
(gradviz/browser_expr.js) loaded from its file: no server. Expected values come from
:meth:`gradviz.Function.__call__` (sympy's numpy code), which shares nothing with the
printer but the tree.
"""

from __future__ import annotations

import json
import math
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gradviz
from gradviz import ExpressionError, browser_expr
from gradviz.browser_expr import OPERATORS, BrowserExprError, is_allowed, program, programs
from gradviz.presets import COURSE_POINTS, PRESETS
from tests.core.test_hostile import HOSTILE as CORE_HOSTILE
from tests.hostile_texts import CANT_USE, UNDEFINED_EVERYWHERE

ROOT = Path(__file__).resolve().parents[2]
REL, ABS = 1e-9, 1e-12


HOSTILE = sorted(set(CORE_HOSTILE.values()) | {t for _, t in CANT_USE + UNDEFINED_EVERYWHERE})


def _derived(f: gradviz.Function) -> list[gradviz.Function]:
    """f and what the live chart evaluates of it: ∇f (scalar f) or J (vector f)."""
    try:
        return [f, gradviz.gradient(f) if f.is_scalar else gradviz.jacobian(f)]
    except ExpressionError:
        return [f]


# -- the allow-list -----------------------------------------------------------------------------
@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t[:30]) for t in HOSTILE])
def test_hostile_text_is_refused_or_printed_with_allowed_tokens_only(text):
    """Test that each hostile text is refused by the parser (never reaches the printer) or
    prints to programs made of allow-listed tokens only."""
    try:
        f = gradviz.parse(text)
    except ExpressionError:
        return
    for g in _derived(f):
        try:
            progs = programs(g)
        except BrowserExprError:
            continue
        for prog in progs:
            bad = [t for t in prog if not is_allowed(t, g.n)]
            assert not bad, (text, bad)
            # and none of the user's text survives into a token
            assert all(not isinstance(t, str) or t in OPERATORS or t in ("nan", "inf", "-inf")
                       or t.startswith("v") and t[1:].isdigit() for t in prog)


def test_variable_names_never_reach_the_program():
    """Test that variables become positional tokens: their names are not in the program."""
    x, evil = sp.Symbol("x", real=True), sp.Symbol("alert", real=True)
    prog = program(sp.sin(x) * evil, ("x", "alert"))
    assert "alert" not in json.dumps(prog) and set(prog) >= {"v0", "v1"}


@pytest.mark.parametrize("expr", [
    sp.I * sp.Symbol("x", real=True),
    sp.Function("evil")(sp.Symbol("x", real=True)),
    sp.gamma(sp.Symbol("x", real=True)),
    sp.Symbol("y", real=True) + 1,  # not one of the variables
    sp.Piecewise((1, sp.Symbol("x", real=True) > 0), (0, True)),
], ids=["complex", "undefined-function", "gamma", "free-symbol", "piecewise"])
def test_nodes_outside_the_allow_list_raise(expr):
    """Test that a tree with a node the browser cannot compute raises BrowserExprError."""
    with pytest.raises(BrowserExprError):
        program(expr, ("x",))


def test_overlong_programs_are_refused():
    """Test that a program over MAX_TOKENS raises instead of reaching the browser."""
    x = sp.Symbol("x", real=True)
    expr = sp.Add(*[sp.sin(k * x) for k in range(1, browser_expr.MAX_TOKENS // 3)])
    with pytest.raises(BrowserExprError):
        program(expr, ("x",))


# -- the same numbers in Chromium ---------------------------------------------------------------
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

    def run(progs, pts):
        return page.evaluate(
            "([progs, pts]) => pts.map(p => progs.map(q => GV_EXPR.defined(GV_EXPR.run(q, p))))",
            [progs, [list(map(float, p)) for p in pts]])

    yield run
    browser.close()
    pw.stop()


def _core(g: gradviz.Function, pt) -> list:
    vals = np.asarray(g.at(tuple(pt)), dtype=float).ravel()
    return [float(v) if np.isfinite(v) else None for v in vals]


def _check(fns, pts, run) -> int:
    """Compare browser and core for every function at every point; returns values compared."""
    count = 0
    for g in fns:
        progs = programs(g)
        got = run(progs, pts)
        for pt, row in zip(pts, got):
            want = _core(g, pt)
            for w, b in zip(want, row):
                where = f"{g.exprs} at {tuple(pt)}"
                if w is None:
                    assert b is None, f"core: undefined, browser: {b} ({where})"
                else:
                    assert b is not None, f"core: {w}, browser: undefined ({where})"
                    assert abs(b - w) <= REL * max(abs(w), abs(b)) + ABS, (w, b, where)
                count += 1
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
    ("x^y", (1.0, 1e308)), ("x/y", (0.0, 0.0)),
], ids=lambda v: str(v))
def test_undefined_where_numpy_says_nan(text, pt, js):
    """Test the domain rules at the edges: the browser is undefined exactly where numpy's value
    is nan or inf, and equal elsewhere (f and ∇f)."""
    f = gradviz.parse(text)
    _check(_derived(f), [pt], js)


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
    try:
        fns = _derived(f)
        for g in fns:
            programs(g)
    except BrowserExprError:
        return
    _check(fns, pts, js)
    SEEN.append(1)


def test_enough_random_functions_were_compared():
    """Test that the property test above compared at least 200 functions (run after it)."""
    if not SEEN:
        pytest.skip("run with the property test")
    assert len(SEEN) >= 200, len(SEEN)


def test_interpreter_refuses_unknown_tokens(js):
    """Test that the browser's interpreter throws on a token outside its allow-list, on a
    string that looks like code, and on a malformed program."""
    for prog in (["alert"], ["v0", "constructor"], ["v0", "v0"], ["add"], ["__proto__"]):
        with pytest.raises(Exception, match="gradviz"):
            js([prog], [(1.0, 2.0)])
    assert math.isclose(js([["v0", "v1", "pow"]], [(2.0, 10.0)])[0][0], 1024.0)
