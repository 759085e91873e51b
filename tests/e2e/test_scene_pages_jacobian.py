"""The point follows the hand on every page drawn by the scene engine, in a real browser.

One set of cases per page (gradviz/scene; the page's first scene is the map the hand moves
p on). Press and drag: the status line (role="status") reads ``p = (x, y)`` and the page's
numbers at p on every move, equal to the core's at the point it names; nothing goes to the
server until the release, then one rerun, after which the link's ``p`` is the drop point and
the page's own numbers agree. A drag across a region where the numbers are undefined says
'undefined' and the chart keeps answering; arrow keys move p with one rerun after them; a
link's point is kept exactly; no console errors.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import numpy as np
import pytest

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
from tests.number_text import shown


def _ok(v) -> float | None:
    return float(v) if math.isfinite(v) else None


def gradient_numbers(text: str, p) -> list[float | None]:
    """f(p) and ∇f(p) from the core (numpy), in the status' order."""
    f = gradviz.parse(text)
    return [_ok(float(f.at(p))), *(_ok(g) for g in np.ravel(gradviz.gradient(f).at(p)))]


def jacobian_numbers(text: str, p) -> list[float | None]:
    """J(p) row by row (numpy, from the symbolic Jacobian) and ad − bc, in the status' order."""
    a, b, c, d = np.ravel(gradviz.jacobian(gradviz.parse(text)).at(tuple(p)))
    with np.errstate(all="ignore"):
        return [_ok(v) for v in (a, b, c, d, a * d - b * c)]


def tex(page) -> str:
    return " ".join(page.locator(f"{MAIN} .katex-mathml annotation").all_text_contents())


def gradient_settled(page, text, drop):
    """The gradient page's metrics and ∇f(p) formula at the drop point."""
    val, gx, gy = gradient_numbers(text, drop)
    m = metric_values(page)
    assert m["f(p)"] == shown(val) and m["∂f/∂x (p)"] == shown(gx), m
    at = "(" + ", ".join(f"{v:g}" for v in drop) + ")"
    assert f"\\nabla f{at}" in tex(page) and shown(gy) in tex(page), (at, tex(page)[:400])


def jacobian_settled(page, text, drop):
    """The Jacobian page's det J metric and J_f(p) formula at the drop point."""
    *J, det = jacobian_numbers(text, drop)
    assert same(float(metric_values(page)["det J at p"].replace("−", "-")), det), metric_values(page)
    at = r"\mathbf{J}_f\left(" + ", ".join(repr(v).removesuffix(".0") for v in drop) + r"\right)"
    assert at in tex(page) and all(shown(v) in tex(page) for v in J), (at, tex(page)[:400])


@dataclass(frozen=True)
class Case:
    """A page's cases: its default f and p, a drag, a function undefined for x ≤ 0 and one
    with a pole at the origin (both on [−1, 1]²), the p that →, →, ↑, → reach, a point off
    the sliders' steps, the page's numbers in its status and its own numbers at a point."""

    name: str
    f: str
    start: tuple
    drag: tuple
    undefined: str
    pole: str
    keys_end: tuple
    exact: tuple
    numbers: Callable
    settled: Callable


CASES = [
    Case("gradient_field", "sin(x*y)", (1.0, 2.0), ((0.6, 0.7), (3.3, 2.9)), "log(x) + y",
         "1/(x^2 + y^2)", (1.12, 2.04), (1.234, 2.345), gradient_numbers, gradient_settled),
    Case("jacobian", "[x^2 - y, y^2 + x]", (1.0, 1.0), ((-1.5, -1.2), (1.3, 0.7)),
         "[sqrt(x), y]", "[1/(x^2 + y^2), x]", (1.12, 1.04), (1.25, -0.75), jacobian_numbers,
         jacobian_settled),
]
IDS = [c.name for c in CASES]

_NUMBER = re.compile(r"(?<![\w.])(-?\d[\d.]*(?:e[-+]\d+)?|undefined)")


def parse(text: str) -> tuple[tuple[float, ...], list[float | None]]:
    """The point and the numbers after it in a status line (None: undefined)."""
    m = re.fullmatch(r"p = \(([^)]*)\)(.*)", text.strip())
    assert m, f"the status line does not start with p = (…): {text!r}"
    nums = [None if v == "undefined" else float(v) for v in _NUMBER.findall(m.group(2))]
    return tuple(float(v) for v in m.group(1).split(",")), nums


def same(shown_value: float | None, want: float | None) -> bool:
    """The project's number rule (4 decimals from 0.1 up, 4 significant digits below): equal
    to that, or both undefined."""
    if shown_value is None or want is None:
        return shown_value is None and want is None
    return abs(shown_value - want) <= max(5.01e-5, 5.01e-4 * abs(want))


def check(case: Case, text: str, fn: str | None = None) -> tuple:
    """The status' point and numbers, which must be the core's there."""
    p, nums = parse(text)
    want = case.numbers(fn or case.f, p)
    assert len(nums) == len(want) and all(map(same, nums, want)), (
        f"the status says {nums} at {p}, the core {want}: {text!r}")
    return p, nums


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_drag_follows_the_hand_with_one_rerun_at_release(page, case):
    """Test a 40-step drag: the status changes with the moves and equals the core at the
    point it names; no frame goes to the server during the drag and one rerun at the
    release; then the link's p is the drop point and the page's numbers agree."""
    frames = Frames(page)
    open_app(page, PAGES[case.name][0])
    expect_no_exception(page)
    assert check(case, live.status_text(page))[0] == case.start
    link_before = query(page)["p"]
    frames.clear()
    seen = drag(page, *case.drag)
    assert not frames.sent, f"the browser talked to the server during the drag: {frames.sent}"
    assert query(page)["p"] == link_before
    assert len(set(seen)) >= STEPS - 2, f"the status did not follow the moves: {seen}"
    points = [check(case, s)[0] for s in seen]
    assert math.dist(points[0], case.drag[0]) < 0.15 and math.dist(points[-1], case.drag[1]) < 0.02

    drop = live.release(page, frames)  # one message, one rerun; the link's p is the drop
    case.settled(page, case.f, drop)
    assert check(case, live.status_text(page))[0] == drop


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_drag_across_an_undefined_region_says_so_and_keeps_answering(page, case):
    """Test a drag from x > 0 across x ≤ 0, where the core says nan, and keys stepping p onto
    a pole: the status says 'undefined' there, numbers again after, and the chart keeps
    answering."""
    view = f"{PAGES[case.name][0]}?d={quote('-1,1,-1,1')}&f="
    open_app(page, view + quote(case.undefined) + "&p=0.5,0.5")
    seen = drag(page, (0.8, 0.3), (-0.8, -0.3))
    page.mouse.up()
    parsed = [check(case, s, case.undefined)[1] for s in seen]
    assert any(None in nums for nums in parsed) and any(None not in nums for nums in parsed)
    seen = drag(page, (-0.5, 0.0), (0.7, 0.2), steps=10)
    page.mouse.up()
    assert None not in check(case, seen[-1], case.undefined)[1]
    wait_idle(page)
    expect_no_exception(page)

    open_app(page, view + quote(case.pole) + "&p=-0.1,0")
    canvas = page.locator(live.CANVAS).first
    canvas.focus()
    texts = live.press_keys(canvas, ["ArrowRight"] * 7)  # 1 % of the span a key: over 0
    parsed = [check(case, s, case.pole) for s in texts]
    assert any(p == (0.0, 0.0) and None in nums for p, nums in parsed), texts
    assert None not in parsed[-1][1], texts[-1]
    wait_idle(page)
    expect_no_exception(page)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_arrow_keys_move_the_point_with_one_rerun(page, case):
    """Test that arrow keys on the focused map move p by 1% of the view (the status at once,
    with the core's numbers), one rerun after the keys stop, and the link follows."""
    frames = Frames(page)
    open_app(page, PAGES[case.name][0])
    canvas = page.locator(live.CANVAS).first
    canvas.focus()
    frames.clear()
    texts = live.press_keys(canvas, ["ArrowRight", "ArrowRight", "ArrowUp", "ArrowRight"])
    assert len(set(texts)) == 4, texts
    end = check(case, texts[-1])[0]
    assert all(map(math.isclose, end, case.keys_end)), end
    link = ",".join(f"{v:g}" for v in case.keys_end)
    wait_until(lambda: query(page)["p"] == link,
               message=lambda: f"the link did not follow the keys: {query(page)}")
    wait_idle(page)
    assert len(frames.reruns()) == 1, len(frames.reruns())
    case.settled(page, case.f, end)
    expect_no_exception(page)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_links_point_is_kept_exactly(page, case):
    """Test that a link's point off the sliders' steps is the status' point and the page's,
    with the core's numbers there, in every picture of the page."""
    open_app(page, PAGES[case.name][0], {"p": ",".join(map(str, case.exact))})
    statuses = page.locator(live.STATUS).all_text_contents()
    assert statuses and all(parse(s)[0] == case.exact for s in statuses), statuses
    check(case, statuses[0])
    case.settled(page, case.f, case.exact)
    expect_no_exception(page)
