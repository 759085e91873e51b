"""The point follows the hand: the Jacobian page's live chart in a real browser.

The ‖J‖_F map with the small square at p, and beside it the square's images under f and J.
Press and drag: the status line reads ``p = (x, y)   J(p) = [[a, b], [c, d]]   det J = …``
on every move with the core's numbers at the point it names; nothing goes to the server
until the release, then one rerun, after which the link's ``p`` is the drop point and the
page's LaTeX and metrics show the same numbers. Also: arrow keys, a drag over points where J
is not defined ('undefined', and the chart keeps answering), a link's exact point, and the
chart on the first screen of a 1280 × 800 projector in lecture mode (issue 19).
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
    VIEWPORT,
    expect_no_exception,
    metric_values,
    open_app,
    query,
    wait_idle,
    wait_until,
)
from tests.e2e.live import STEPS, drag
from tests.e2e.test_live import Frames
from tests.e2e.test_pages import FIRST_SCREEN, PROJECTOR

PATH = PAGES["jacobian"][0]
COURSE = "[x^2 - y, y^2 + x]"
_NUM = r"(-?[\d.]+(?:e[-+]\d+)?|undefined)"
STATUS = re.compile(r"p = \(([^)]*)\)\s+J\(p\) = \[\[" + _NUM + ", " + _NUM + r"\], \["
                    + _NUM + ", " + _NUM + r"\]\]\s+det J = " + _NUM)


def _value(s: str) -> float | None:
    return None if s == "undefined" else float(s)


def parse(text: str) -> dict:
    """``{"p": (x, y), "J": [[a, b], [c, d]], "det": d}`` from the status (None: undefined)."""
    m = STATUS.fullmatch(text.strip())
    assert m, f"the status line does not read as expected: {text!r}"
    vals = [_value(v) for v in m.groups()[1:]]
    return {"p": tuple(float(v) for v in m.group(1).split(",")),
            "J": [vals[0:2], vals[2:4]], "det": vals[4]}


def core(text: str, p) -> tuple[list[list[float | None]], float | None]:
    """J(p) (numpy, from the symbolic Jacobian) and ad − bc; None where not finite."""
    J = np.asarray(gradviz.jacobian(gradviz.parse(text)).at(tuple(p)), dtype=float).reshape(2, 2)
    with np.errstate(all="ignore"):
        det = float(J[0, 0] * J[1, 1] - J[0, 1] * J[1, 0])
    ok = lambda v: float(v) if math.isfinite(v) else None  # noqa: E731
    return [[ok(v) for v in row] for row in J], ok(det)


def same(shown: float | None, want: float | None) -> bool:
    """At least 4 significant digits (4 decimals from 0.1 up): equal to that, or both undefined."""
    if shown is None or want is None:
        return shown is None and want is None
    return abs(shown - want) <= max(5.01e-5, 5.01e-4 * abs(want))


def check(text: str, fn: str) -> dict:
    s = parse(text)
    J, det = core(fn, s["p"])
    for row_shown, row_want in zip(s["J"], J):
        for a, b in zip(row_shown, row_want):
            assert same(a, b), f"status J = {s['J']} but the core says {J} at {s['p']}"
    assert same(s["det"], det), f"status det J = {s['det']} but the core says {det} at {s['p']}"
    return s


def latex_matrix(page, prefix: str) -> np.ndarray:
    """The numbers of the bmatrix of the page's formula starting with ``prefix``."""
    for tex in page.locator(f"{MAIN} .katex-mathml annotation").all_text_contents():
        body = tex.strip()
        if body.startswith(prefix):
            inner = re.search(r"\\begin\{bmatrix\}(.*)\\end\{bmatrix\}", body.split("=")[-1])
            return np.array([[float(v) for v in r.split("&")] for r in inner.group(1).split(r"\\")])
    raise AssertionError(f"no formula starting with {prefix!r}")


def test_drag_follows_the_hand_with_one_rerun_at_release(page):
    """Test a 40-step drag on the course's map: the status changes with the moves and equals
    the core at the point it names; no frame goes to the server during the drag and one at the
    release; then the link's p is the drop point and the LaTeX and det J agree."""
    frames = Frames(page)
    open_app(page, PATH)
    expect_no_exception(page)
    first = check(live.status_text(page), COURSE)
    assert first["p"] == (1.0, 1.0) and first["J"] == [[2, -1], [1, 2]] and first["det"] == 5
    link_before = query(page)["p"]
    frames.clear()
    seen = drag(page, (-1.5, -1.2), (1.3, 0.7))
    assert not frames.sent, f"the browser talked to the server during the drag: {frames.sent}"
    assert query(page)["p"] == link_before
    assert len(set(seen)) >= STEPS - 2, f"the status did not follow the moves: {seen}"
    points = [check(s, COURSE)["p"] for s in seen]
    assert math.dist(points[0], (-1.5, -1.2)) < 0.15 and math.dist(points[-1], (1.3, 0.7)) < 0.02

    page.mouse.up()
    drop = parse(live.status_text(page))["p"]
    wait_until(lambda: query(page)["p"] != link_before,
               message=lambda: f"the link did not follow the release: {query(page)}")
    wait_idle(page)
    expect_no_exception(page)
    assert len(frames.sent) == 1, [m.WhichOneof("type") for m in frames.sent]
    assert len(frames.reruns()) == 1
    assert tuple(float(v) for v in query(page)["p"].split(",")) == drop
    # the page's LaTeX and metric are the core's at the drop point, as the status is
    J, det = core(COURSE, drop)
    at = r"\left(" + ", ".join(repr(v).removesuffix(".0") for v in drop) + r"\right)"
    np.testing.assert_allclose(latex_matrix(page, r"\mathbf{J}_f" + at), J, atol=5.01e-5)
    assert same(float(metric_values(page)["det J at p"].replace("−", "-")), det)
    assert check(live.status_text(page), COURSE)["p"] == drop
    assert not page.js_errors, page.js_errors


def test_drag_where_j_is_undefined_says_so_and_keeps_answering(page):
    """Test [sqrt(x), y] dragged from x > 0 across x = 0 (J has no real ∂f₁/∂x for x ≤ 0) and
    [1/(x² + y²), x] stepped onto the origin: 'undefined' there, numbers again after."""
    fn = "[sqrt(x), y]"
    open_app(page, PATH + "?f=" + quote(fn) + "&d=" + quote("-1,1,-1,1") + "&p=0.5,0.5")
    seen = drag(page, (0.8, 0.3), (-0.8, -0.3))
    page.mouse.up()
    parsed = [check(s, fn) for s in seen]
    assert any(s["J"][0][0] is None and s["det"] is None for s in parsed)
    assert any(s["J"][0][0] is not None for s in parsed)
    seen = drag(page, (-0.5, 0.0), (0.7, 0.2), steps=10)
    page.mouse.up()
    assert check(seen[-1], fn)["det"] is not None
    wait_idle(page)
    expect_no_exception(page)

    fn = "[1/(x^2 + y^2), x]"
    open_app(page, PATH + "?f=" + quote(fn) + "&d=" + quote("-1,1,-1,1") + "&p=-0.1,0")
    canvas = page.locator(live.CANVAS).first
    canvas.focus()
    texts = []
    for _ in range(7):  # 1 % of the span per key: -0.1 → 0 → 0.04
        canvas.press("ArrowRight")
        texts.append(live.status_text(page))
    parsed = [check(s, fn) for s in texts]
    assert any(s["p"] == (0.0, 0.0) and s["det"] is None for s in parsed), texts
    assert parsed[-1]["det"] is not None, texts[-1]
    wait_idle(page)
    expect_no_exception(page)
    assert not page.js_errors, page.js_errors


def test_arrow_keys_move_the_point_with_one_rerun(page):
    """Test that arrow keys on the focused chart move p (the status at once with the core's
    numbers, one rerun after the keys stop, the link follows)."""
    frames = Frames(page)
    open_app(page, PATH)
    canvas = page.locator(live.CANVAS).first
    canvas.focus()
    frames.clear()
    texts = live.press_keys(canvas, ["ArrowRight", "ArrowRight", "ArrowUp", "ArrowRight"])
    assert len(set(texts)) == 4, texts
    end = check(texts[-1], COURSE)["p"]
    assert math.isclose(end[0], 1.12) and math.isclose(end[1], 1.04), end
    wait_until(lambda: query(page)["p"] == "1.12,1.04",
               message=lambda: f"the link did not follow the keys: {query(page)}")
    wait_idle(page)
    assert len(frames.reruns()) == 1, len(frames.reruns())
    assert same(float(metric_values(page)["det J at p"].replace("−", "-")), core(COURSE, end)[1])
    expect_no_exception(page)


def test_a_links_point_is_kept_exactly(page):
    """Test that ``p=1.25,-0.75`` reads 1.25 and -0.75 in the status and the LaTeX (not the
    nearest slider step, 1.24 and -0.76), with J and det J there."""
    open_app(page, PATH, {"p": "1.25,-0.75"})
    s = check(live.status_text(page), COURSE)
    assert s["p"] == (1.25, -0.75) and s["det"] == -2.75, s
    np.testing.assert_array_equal(latex_matrix(page, r"\mathbf{J}_f\left(1.25, -0.75\right)"),
                                  [[2.5, -1.0], [1.0, -1.5]])
    assert float(metric_values(page)["det J at p"].replace("−", "-")) == -2.75
    expect_no_exception(page)


def test_lecture_mode_chart_on_the_first_screen(page):
    """Test that in lecture mode on a 1280 × 800 projector the first screen shows the live
    chart, all of it, with the point controls beside it and in sight (issue 19)."""
    page.set_viewport_size(PROJECTOR)
    try:
        open_app(page, PATH, {"lecture": "1"})
        page.wait_for_timeout(1000)  # charts draw after the script is idle
        at = page.evaluate(FIRST_SCREEN)
        chart, slider = at["chart"], at["slider"]
        assert chart and slider, at
        assert 0 <= chart["top"] and chart["bottom"] <= PROJECTOR["height"], at
        assert slider["left"] >= chart["right"] - 2, at  # beside the chart, not above it
        assert 0 <= slider["top"] and slider["bottom"] <= PROJECTOR["height"], at
        expect_no_exception(page)
    finally:
        page.set_viewport_size(VIEWPORT)
