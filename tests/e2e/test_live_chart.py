"""The point follows the hand: the gradient-field page's live chart in a real browser.

Press and drag in the chart: the status line (role="status") changes on every move and its
numbers are the core's at the point it names; the browser sends nothing to the server until
the release, then one rerun, after which the link's ``p`` is the drop point and the page's
LaTeX and metrics show the same numbers. A drag over a singularity says 'undefined' and the
chart keeps answering; arrow keys move the point too.
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
    get_slider,
    metric_values,
    open_app,
    query,
    slider_thumb,
    wait_idle,
    wait_until,
)
from tests.e2e.live import STEPS, drag
from tests.e2e.test_live import Frames
from tests.number_text import shown


def core(text: str, p) -> tuple[float | None, list[float | None]]:
    """f(p) and ∇f(p) from the core (numpy), None where not finite."""
    f = gradviz.parse(text)
    val = float(f.at(p))
    grad = np.asarray(gradviz.gradient(f).at(p), dtype=float)
    ok = lambda v: float(v) if math.isfinite(v) else None  # noqa: E731
    return ok(val), [ok(g) for g in grad]


def same(shown: float | None, want: float | None) -> bool:
    """The status writes numbers by the project's rule (GV_FMT = gradviz.formatting.number:
    4 decimals from 0.1 up, 4 significant digits below): equal to that, both undefined or
    neither."""
    if shown is None or want is None:
        return shown is None and want is None
    half_unit = 5e-5 if abs(want) >= 0.1 else 5e-4 * abs(want)
    return abs(shown - want) <= half_unit * (1 + 1e-9) + 1e-12


def check_status(text: str, fn: str) -> dict:
    s = live.parse_status(text)
    val, grad = core(fn, s["p"])
    assert same(s["f"], val), f"status f(p) = {s['f']} but the core says {val} at {s['p']}"
    for a, b in zip(s["grad"], grad):
        assert same(a, b), f"status ∇f(p) = {s['grad']} but the core says {grad} at {s['p']}"
    return s



def test_drag_follows_the_hand_with_one_rerun_at_release(page):
    """Test a 40-step drag on sin(xy): the status changes with the moves and equals the core
    at the point it names; no frame goes to the server during the drag and one rerun at the
    release; then the link's p is the drop point and the LaTeX and metrics agree."""
    frames = Frames(page)
    open_app(page, PAGES["gradient_field"][0])
    expect_no_exception(page)
    first = live.parse_status(live.status_text(page))
    assert first["p"] == (1.0, 2.0), first
    link_before = query(page)["p"]
    frames.clear()
    seen = drag(page, (0.6, 0.7), (3.3, 2.9))
    sent_during = list(frames.sent)
    assert not sent_during, f"the browser talked to the server during the drag: {sent_during}"
    assert query(page)["p"] == link_before
    assert len(set(seen)) >= STEPS - 2, f"the status did not follow the moves: {seen}"
    points = [check_status(s, "sin(x*y)")["p"] for s in seen]
    assert math.dist(points[0], (0.6, 0.7)) < 0.15 and math.dist(points[-1], (3.3, 2.9)) < 0.02

    drop = live.release(page, frames)
    # the page's numbers are the core's at the drop point, and so is the status
    val, grad = core("sin(x*y)", drop)
    m = metric_values(page)
    assert m["f(p)"] == shown(val) and m["∂f/∂x (p)"] == shown(grad[0]), m
    tex = " ".join(page.locator(f"{MAIN} .katex-mathml annotation").all_text_contents())
    at = "(" + ", ".join(f"{v:g}" for v in drop) + ")"
    assert f"\\nabla f{at}" in tex, (at, tex[:400])
    assert all(shown(g) in tex for g in grad), (grad, tex[:400])
    check_status(live.status_text(page), "sin(x*y)")
    assert live.parse_status(live.status_text(page))["p"] == drop


def test_drag_across_singularities_says_undefined_and_keeps_answering(page):
    """Test log(x) + y dragged across x = 0 and 1/(x² + y²) stepped onto the origin: the status
    says 'undefined' there (where the core says nan/inf) and follows again after."""
    fn = "log(x) + y"
    open_app(page, "/gradient-field?f=" + quote(fn) + "&d=" + quote("-1,1,-1,1") + "&p=0.5,0.5")
    seen = drag(page, (0.8, 0.3), (-0.8, -0.3))
    page.mouse.up()
    parsed = [check_status(s, fn) for s in seen]
    assert any(s["f"] is None for s in parsed) and any(s["f"] is not None for s in parsed)
    # back into the domain: the chart keeps answering
    seen = drag(page, (-0.5, 0.0), (0.7, 0.2), steps=10)
    page.mouse.up()
    assert check_status(seen[-1], fn)["f"] is not None
    wait_idle(page)
    expect_no_exception(page)

    fn = "1/(x^2 + y^2)"
    open_app(page, "/gradient-field?f=" + quote(fn) + "&d=" + quote("-1,1,-1,1") + "&p=0.5,0.5")
    seen = drag(page, (-0.3, 0.0), (-0.1, 0.0), steps=8)
    page.mouse.up()
    wait_idle(page)
    canvas = page.locator(live.CANVAS).first
    canvas.focus()
    start = live.parse_status(live.status_text(page))["p"]
    texts = []
    for _ in range(int(round(-start[0] / 0.02)) + 2):  # 1 % of the span per key: over 0
        canvas.press("ArrowRight")
        texts.append(live.status_text(page))
    parsed = [check_status(s, fn) for s in texts]
    assert any(s["p"][:2] == (0.0, 0.0) and s["f"] is None for s in parsed), texts
    assert parsed[-1]["f"] is not None, texts[-1]
    wait_idle(page)
    expect_no_exception(page)


def test_arrow_keys_and_sliders_move_the_point(page):
    """Test that arrow keys on the focused chart move p (status at once, one rerun after the
    keys stop, link follows), and that the x₀ slider still moves the live chart's point."""
    frames = Frames(page)
    open_app(page, PAGES["gradient_field"][0])
    canvas = page.locator(live.CANVAS).first
    canvas.focus()
    frames.clear()
    texts = live.press_keys(canvas, ["ArrowRight", "ArrowRight", "ArrowUp", "ArrowRight"])
    assert len(set(texts)) == 4, texts
    end = check_status(texts[-1], "sin(x*y)")["p"]
    assert math.isclose(end[0], 1.12) and math.isclose(end[1], 2.04), end
    wait_until(lambda: query(page)["p"] == "1.12,2.04",
               message=lambda: f"the link did not follow the keys: {query(page)}")
    wait_idle(page)
    assert len(frames.reruns()) == 1, len(frames.reruns())

    before = live.status_text(page)
    slider_thumb(get_slider(page, "x₀")).press("ArrowRight")
    wait_until(lambda: live.status_text(page) != before,
               message="the x₀ slider did not move the live chart's point")
    wait_idle(page)
    s = check_status(live.status_text(page), "sin(x*y)")
    assert s["p"][0] == float(query(page)["p"].split(",")[0]), (s, query(page))
    expect_no_exception(page)


def test_status_is_announced_and_the_chart_is_keyboard_reachable(page):
    """Test the live region's role and politeness, and that the chart takes focus from Tab
    with a text alternative that says how to use it."""
    open_app(page, PAGES["gradient_field"][0])
    status = page.get_by_role("status").filter(has_text=re.compile(r"^p = \("))
    assert status.count() == 1 and status.first.get_attribute("aria-live") == "polite"
    canvas = page.locator(live.CANVAS).first
    assert canvas.get_attribute("tabindex") == "0"
    assert "arrow keys" in (canvas.get_attribute("aria-label") or "")


def test_the_charts_own_sliders_move_the_point_in_the_browser(page):
    """Test the point's sliders inside the live chart: arrow keys move p by 1% of the axis with
    the status following at once and one rerun after the keys stop; dragging the thumb moves
    p on every step with nothing sent until the release, then the link is the drop point."""
    frames = Frames(page)
    open_app(page, PAGES["gradient_field"][0])
    y0 = page.locator(".gv-slider input").nth(1)
    assert "y" in (y0.get_attribute("aria-label") or "")
    y0.scroll_into_view_if_needed()
    y0.focus()
    frames.clear()
    texts = live.press_keys(y0, ["ArrowRight", "ArrowRight", "ArrowLeft", "PageUp"])
    ys = [check_status(t, "sin(x*y)")["p"][1] for t in texts]
    # 1% of the axis [0, 4] a key, 10% for Page Up (computed from the view, not the code)
    assert [round(v, 9) for v in ys] == [2.04, 2.08, 2.04, 2.44], ys
    wait_until(lambda: query(page)["p"] == "1,2.44",
               message=lambda: f"the link did not follow the keys: {query(page)}")
    wait_idle(page)
    assert len(frames.reruns()) == 1, len(frames.reruns())

    x0 = page.locator(".gv-slider input").first
    box = x0.bounding_box()
    frames.clear()
    page.mouse.move(box["x"] + 0.2 * box["width"], box["y"] + box["height"] / 2)
    page.mouse.down()
    seen = []
    for k in range(1, 21):
        page.mouse.move(box["x"] + (0.2 + 0.03 * k) * box["width"], box["y"] + box["height"] / 2)
        seen.append(live.status_text(page))
    assert not frames.sent, "the browser talked to the server while the thumb was held"
    assert len(set(seen)) >= 15, seen
    xs = [check_status(t, "sin(x*y)")["p"][0] for t in seen]
    assert xs == sorted(xs) and xs[-1] > xs[0], xs
    page.mouse.up()
    drop = live.parse_status(live.status_text(page))["p"]
    wait_until(lambda: query(page)["p"] == ",".join(f"{v:g}" for v in drop),
               message=lambda: f"the link did not follow the release: {query(page)} vs {drop}")
    wait_idle(page)
    assert len(frames.sent) == 1, [m.WhichOneof("type") for m in frames.sent]
    expect_no_exception(page)
