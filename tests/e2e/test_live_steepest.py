"""The point follows the hand: the steepest-ascent page's live chart in a real browser.

Press and drag in the map: the status line (role="status") reads
``p = (x, y)   ∇f(p) = (a, b)   θ = …°   Dᵤf = …`` on every move, and its numbers are numpy's
at the point it names; the browser sends nothing to the server until the release, then one
rerun, after which the link's ``p`` is the drop point and the page's LaTeX shows the same
numbers. Arrow keys move the point too; where ∇f is not defined the status says 'undefined'.
"""

from __future__ import annotations

import math
import re
from urllib.parse import quote

import numpy as np

import gradviz
from tests.e2e import live
from tests.e2e.conftest import (
    MAIN,
    PAGES,
    expect_no_exception,
    metric_values,
    open_app,
    query,
    wait_idle,
    wait_until,
)
from tests.e2e.live import STEPS, drag
from tests.e2e.test_live import Frames

PATH = PAGES["steepest_ascent"][0]
STATUS = re.compile(r"p = \(([^)]*)\)\s+∇f\(p\) = \(([^)]*)\)\s+θ = (\S+)°\s+Dᵤf = (\S+)")


def _num(s: str) -> float | None:
    s = s.strip()
    return None if s == "undefined" else float(s)


def parse(text: str) -> dict:
    """``{"p": (x, y), "theta": θ, "slope": Dᵤf or None, "grad": (a or None, b or None)}``."""
    m = STATUS.fullmatch(text.strip())
    assert m, f"the status line does not read as expected: {text!r}"
    return {"p": tuple(float(v) for v in m.group(1).split(",")), "theta": float(m.group(3)),
            "slope": _num(m.group(4)), "grad": tuple(_num(v) for v in m.group(2).split(","))}


def numpy_at(text: str, p, theta: float) -> tuple[float | None, list[float | None]]:
    """Dᵤf = ∇f·(cos θ, sin θ) and ∇f at p from the core's formulas with numpy, None where
    not finite."""
    grad = np.asarray(gradviz.gradient(gradviz.parse(text)).at(tuple(p)), dtype=float)
    t = math.radians(theta)
    slope = float(grad[0] * math.cos(t) + grad[1] * math.sin(t))
    ok = lambda v: float(v) if math.isfinite(v) else None  # noqa: E731
    return ok(slope), [ok(g) for g in grad]


def same(shown: float | None, want: float | None) -> bool:
    """At least 4 significant digits (4 decimals from 0.1 up): equal to that, or both undefined."""
    if shown is None or want is None:
        return shown is None and want is None
    return abs(shown - want) <= 5.01e-5 * max(1.0, 10 * abs(want)) + 1e-12


def check(text: str, fn: str, theta: float = 30.0) -> dict:
    s = parse(text)
    assert s["theta"] == theta, s
    slope, grad = numpy_at(fn, s["p"], theta)
    assert same(s["slope"], slope), f"status Dᵤf = {s['slope']} but numpy says {slope} at {s['p']}"
    for a, b in zip(s["grad"], grad):
        assert same(a, b), f"status ∇f(p) = {s['grad']} but numpy says {grad} at {s['p']}"
    return s


def latex_gradient(page) -> tuple[tuple[float, ...], list[str]]:
    """The point and the entries of the page's ``∇f(p) = [a; b]`` LaTeX, as written."""
    tex = " ".join(page.locator(f"{MAIN} .katex-mathml annotation").all_text_contents())
    m = re.search(r"\\nabla f\\left\(([^)]*)\\right\) = \\begin\{bmatrix\} (\S+) \\\\ (\S+) "
                  r"\\end\{bmatrix\}", tex)
    assert m, tex[:600]
    return tuple(float(v) for v in m.group(1).split(",")), [m.group(2), m.group(3)]


def test_drag_follows_the_hand_with_one_rerun_at_release(page):
    """Test a 40-step drag on sin(xy): the status changes with every move and equals numpy at
    the point it names; nothing goes to the server during the drag, one rerun at the release;
    then the link's p is the drop point and the LaTeX and metric show the same numbers."""
    frames = Frames(page)
    open_app(page, PATH)
    expect_no_exception(page)
    first = check(live.status_text(page), "sin(x*y)")
    assert first["p"] == (1.0, 2.0), first
    link_before = query(page)["p"]
    frames.clear()
    seen = drag(page, (0.6, 0.7), (3.3, 2.9))
    assert not frames.sent, f"the browser talked to the server during the drag: {frames.sent}"
    assert query(page)["p"] == link_before
    assert len(set(seen)) >= STEPS - 2, f"the status did not follow the moves: {seen}"
    points = [check(s, "sin(x*y)")["p"] for s in seen]
    assert math.dist(points[0], (0.6, 0.7)) < 0.15 and math.dist(points[-1], (3.3, 2.9)) < 0.02

    drop = live.release(page, frames)
    # the page's LaTeX names the drop point and writes ∇f there as the status does
    at, entries = latex_gradient(page)
    assert at == drop, (at, drop)
    slope, grad = numpy_at("sin(x*y)", drop, 30.0)
    assert all(same(float(e.replace("−", "-")), g) for e, g in zip(entries, grad)), entries
    after = check(live.status_text(page), "sin(x*y)")
    assert after["p"] == drop
    assert [float(e) for e in entries] == list(after["grad"]), (entries, after)
    assert same(float(metric_values(page)["∇f · u"]), slope)


def test_theta_slider_turns_u_and_the_status(page):
    """Test that the page's θ (from the link) is the status's θ and its Dᵤf is numpy's."""
    open_app(page, PATH + "?t=135&p=0.5,1.5")
    s = check(live.status_text(page), "sin(x*y)", theta=135.0)
    assert s["p"] == (0.5, 1.5)
    expect_no_exception(page)


def test_arrow_keys_move_the_point(page):
    """Test that arrow keys on the focused chart move p (the status at once, one rerun after
    the keys stop, the link follows)."""
    frames = Frames(page)
    open_app(page, PATH)
    canvas = page.locator(live.CANVAS).first
    canvas.focus()
    frames.clear()
    texts = live.press_keys(canvas, ["ArrowRight", "ArrowRight", "ArrowUp", "ArrowRight"])
    assert len(set(texts)) == 4, texts
    end = check(texts[-1], "sin(x*y)")["p"]
    # 1% of the view [0, 4] a key (computed from the view, not the code)
    assert math.isclose(end[0], 1.12) and math.isclose(end[1], 2.04), end
    wait_until(lambda: query(page)["p"] == "1.12,2.04",
               message=lambda: f"the link did not follow the keys: {query(page)}")
    wait_idle(page)
    assert len(frames.reruns()) == 1, len(frames.reruns())
    expect_no_exception(page)


def test_singular_points_say_undefined_and_the_chart_keeps_answering(page):
    """Test 1/(x² + y²) dragged towards the origin and stepped onto it: the status says
    'undefined' there (numpy: nan) and follows again after; and at the page's own corner of
    |x| + |y| the status says what the page says (Dᵤf undefined)."""
    fn = "1/(x^2 + y^2)"
    open_app(page, PATH + "?f=" + quote(fn) + "&d=" + quote("-1,1,-1,1") + "&p=0.5,0.5")
    seen = drag(page, (-0.6, 0.0), (-0.1, 0.0), steps=10)
    page.mouse.up()
    assert all(check(s, fn)["slope"] is not None for s in seen)
    wait_idle(page)
    canvas = page.locator(live.CANVAS).first
    canvas.focus()
    start = parse(live.status_text(page))["p"]
    texts = []
    for _ in range(int(round(-start[0] / 0.02)) + 2):  # 1 % of the span per key: over 0
        canvas.press("ArrowRight")
        texts.append(live.status_text(page))
    parsed = [check(s, fn) for s in texts]
    assert any(s["p"][:2] == (0.0, 0.0) and s["slope"] is None for s in parsed), texts
    assert parsed[-1]["slope"] is not None, texts[-1]
    wait_idle(page)
    expect_no_exception(page)

    open_app(page, PATH + "?f=" + quote("|x| + |y|") + "&d=" + quote("-1,1,-1,1") + "&p=0,0")
    s = parse(live.status_text(page))
    assert s["p"] == (0.0, 0.0) and s["slope"] is None, s
    assert metric_values(page)["∇f · u"] == "undefined"
    expect_no_exception(page)
