"""The point follows the hand on the vector-fields page: its arrows are a live chart.

Press and drag in the chart: the status line (role="status") reads
``p = (x, y)   F(p) = (a, b)`` on every move, with numpy's vector at the point it names;
nothing goes to the server until the release, then one rerun of the live section, after which
the link's ``p`` is the drop point and the metrics show the same vector. Arrow keys move the
point; a drag over a singularity says 'undefined' and the chart keeps answering.
"""

from __future__ import annotations

import math
import re
from urllib.parse import quote

import numpy as np

import gradviz
from tests.e2e import live
from tests.e2e.conftest import (
    PAGES,
    expect_no_exception,
    metric_values,
    open_app,
    query,
    wait_idle,
    wait_until,
)
from tests.e2e.test_live import Frames
from tests.e2e.test_live_functions import agrees, drag

STEPS = 40
PATH = PAGES["vector_fields"][0]
STATUS = re.compile(r"p = \(([^)]*)\)\s+F\(p\) = \(([^)]*)\)")


def parse(text: str) -> dict:
    """``{"p": (x, y), "shown": ("a", "b"), "F": (a or None, b or None)}``."""
    m = STATUS.fullmatch(text.strip())
    assert m, f"the status line does not read as expected: {text!r}"
    shown = tuple(v.strip() for v in m.group(2).split(","))
    return {"p": tuple(float(v) for v in m.group(1).split(",")), "shown": shown,
            "F": tuple(None if v == "undefined" else float(v) for v in shown)}


def check(text: str, fn: str) -> dict:
    """The status's vector is numpy's at the point the status names."""
    s = parse(text)
    with np.errstate(all="ignore"):
        want = np.asarray(gradviz.parse(fn).at(s["p"]), dtype=float)
    for shown, w in zip(s["shown"], want):
        assert agrees(shown, float(w)), f"status F(p) = {s['shown']} but numpy says {want}"
    return s


def test_drag_follows_the_hand_with_one_rerun_at_release(page):
    """Test a 40-step drag on [x, sin y]: the status follows every move and equals numpy at
    the point it names; nothing is sent during the drag, one rerun at the release; then the
    link's p is the drop point and the metrics show numpy's vector there."""
    frames = Frames(page)
    open_app(page, PATH)
    expect_no_exception(page)
    assert parse(live.status_text(page))["p"] == (2.0, 1.0)
    link_before = query(page)["p"]
    frames.clear()
    seen = drag(page, (-3.0, -2.0), (4.0, 3.5))
    assert not frames.sent, f"the browser talked to the server during the drag: {frames.sent}"
    assert len(set(seen)) >= STEPS - 2, f"the status did not follow the moves: {seen}"
    points = [check(s, "[x, sin(y)]")["p"] for s in seen]
    assert math.dist(points[-1], (4.0, 3.5)) < 0.05, points[-1]

    page.mouse.up()
    drop = parse(live.status_text(page))["p"]
    wait_until(lambda: query(page)["p"] != link_before,
               message=lambda: f"the link did not follow the release: {query(page)}")
    wait_idle(page)
    expect_no_exception(page)
    reruns = frames.reruns()
    assert len(reruns) == 1 and reruns[0].fragment_id, f"{len(reruns)} reruns, want 1 fragment"
    assert len(frames.sent) == 1, [m.WhichOneof("type") for m in frames.sent]
    assert tuple(float(v) for v in query(page)["p"].split(",")) == drop
    metrics = metric_values(page)
    assert agrees(metrics["x-component"], drop[0]), metrics
    assert agrees(metrics["y-component"], math.sin(drop[1])), metrics
    assert agrees(metrics["length ‖f(p)‖"], math.hypot(drop[0], math.sin(drop[1]))), metrics
    expect_no_exception(page)


def test_arrow_keys_move_the_point(page):
    """Test that arrow keys on the focused chart move p by 1% of the axis a press, with one
    rerun after the keys stop and the link following."""
    frames = Frames(page)
    open_app(page, PATH)
    xmin, xmax, ymin, ymax = live.where(page, 2.0, 1.0)["domain"]
    canvas = page.locator(live.CANVAS).first
    canvas.focus()
    frames.clear()
    texts = []
    for key in ["ArrowLeft", "ArrowDown", "ArrowDown"]:
        canvas.press(key)
        texts.append(live.status_text(page))
    assert len(set(texts)) == 3, texts
    end = check(texts[-1], "[x, sin(y)]")["p"]
    assert math.isclose(end[0], 2 - 0.01 * (xmax - xmin)), end
    assert math.isclose(end[1], 1 - 0.02 * (ymax - ymin)), end
    wait_until(lambda: tuple(float(v) for v in query(page)["p"].split(",")) == end,
               message=lambda: f"the link did not follow the keys: {query(page)}")
    wait_idle(page)
    assert len(frames.reruns()) == 1, len(frames.reruns())
    expect_no_exception(page)


def test_drag_across_singularities_says_undefined_and_keeps_answering(page):
    """Test [log(x), y] dragged across x = 0 and [x, y]/(x² + y²) stepped onto the origin:
    the status says 'undefined' where numpy says nan/inf, and follows again after."""
    fn = "[log(x), y]"
    open_app(page, f"{PATH}?f={quote(fn)}&d={quote('-1,1,-1,1')}&p=0.5,0.5")
    seen = drag(page, (0.8, 0.3), (-0.8, -0.3))
    page.mouse.up()
    parsed = [check(s, fn) for s in seen]
    assert any(s["F"][0] is None for s in parsed) and any(s["F"][0] is not None for s in parsed)
    seen = drag(page, (-0.5, 0.0), (0.7, 0.2), steps=10)
    page.mouse.up()
    assert check(seen[-1], fn)["F"][0] is not None
    wait_idle(page)
    expect_no_exception(page)

    fn = "[x/(x^2 + y^2), y/(x^2 + y^2)]"
    open_app(page, f"{PATH}?f={quote(fn)}&d={quote('-1,1,-1,1')}&p=-0.1,0")
    canvas = page.locator(live.CANVAS).first
    canvas.focus()
    texts = []
    for _ in range(10):  # 1% of the span a press: over the origin
        canvas.press("ArrowRight")
        texts.append(live.status_text(page))
    parsed = [check(s, fn) for s in texts]
    assert any(s["p"] == (0.0, 0.0) and s["F"] == (None, None) for s in parsed), texts
    assert None not in parsed[-1]["F"], texts[-1]
    wait_idle(page)
    expect_no_exception(page)


def test_coloured_arrows_and_streamlines_stay_live(page):
    """Test that with arrows coloured by length and streamlines on, the chart is still live:
    a drag's status follows with numpy's vector and nothing is sent until the release."""
    frames = Frames(page)
    open_app(page, PATH, {"c": "1", "s": "1"})
    frames.clear()
    seen = drag(page, (-4.0, 4.0), (1.0, -3.0), steps=10)
    assert not frames.sent, f"the browser talked to the server during the drag: {frames.sent}"
    assert len(set(seen)) >= 9, seen
    for text in seen:
        check(text, "[x, sin(y)]")
    page.mouse.up()
    wait_idle(page)
    expect_no_exception(page)
