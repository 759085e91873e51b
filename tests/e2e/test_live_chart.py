"""The gradient-field page's live chart in a real browser: its status line, the chart's own
point sliders and the page's. (The drag, the keys, undefined points and a link's exact point,
on every page drawn by the scene engine: tests/e2e/test_scene_pages.py.)
"""

from __future__ import annotations

import math
import re

import numpy as np

import gradviz
from tests.e2e import live
from tests.e2e.conftest import (
    PAGES,
    expect_no_exception,
    get_slider,
    open_app,
    query,
    slider_thumb,
    wait_idle,
    wait_until,
)
from tests.e2e.test_live import Frames


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



def test_the_streamlit_slider_moves_the_charts_point(page):
    """Test that the page's x₀ slider (Streamlit's) moves the live chart's point too. (The
    drag, the keys and undefined points: tests/e2e/test_scene_pages.py, on every page.)"""
    open_app(page, PAGES["gradient_field"][0])
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
