"""Reading and driving gradviz's pictures (the scene engine, gradviz/scene, and the live
chart, gradviz/app/live_chart.py) in a real browser.

A picture's top canvas (``canvas.gv-top``) carries its plot area in ``data-plot`` (CSS px of
the canvas, and the domain); the status line (``role="status"``) writes what the browser
computed at the point: ``p = (x, y)   f(p) = …   ∇f(p) = (a, b)``. ``nth`` picks one of
several pictures on a page.
"""

from __future__ import annotations

import re

CANVAS = "canvas.gv-top"
STATUS = ".gv-status"

_WHERE = """([x, y, nth]) => {
  const c = document.querySelectorAll('canvas.gv-top')[nth];
  if (!c) return {error: 'no live chart on the page'};
  const g = JSON.parse(c.dataset.plot), box = c.getBoundingClientRect();
  const [xmin, xmax, ymin, ymax] = g.domain;
  const left = box.left + g.left, top = box.top + g.top;
  const px = left + (x - xmin) / (xmax - xmin) * g.size;
  const py = top + (ymax - y) / (ymax - ymin) * g.size;
  const hit = document.elementFromPoint(px, py);
  return {px, py, left, top, width: g.size, height: g.size, domain: g.domain,
          canvas: [box.left, box.top, box.width, box.height], on_chart: hit === c};
}"""


def present(page) -> bool:
    return page.locator(CANVAS).count() > 0


def where(page, x: float, y: float, scroll: bool = True, nth: int = 0) -> dict:
    """Client px of the data point (x, y) on the picture, plus its geometry."""
    if scroll:
        page.locator(CANVAS).nth(nth).evaluate(
            "(el) => el.scrollIntoView({block: 'center', inline: 'nearest'})")
        page.wait_for_timeout(100)
    g = page.evaluate(_WHERE, [x, y, nth])
    if "error" in g:
        raise AssertionError(g["error"])
    if not g["on_chart"]:
        raise AssertionError(f"the data point ({x}, {y}) is not on the visible live chart: {g}")
    return g


def _slider(page, name: str):
    return page.locator("label.gv-slider").filter(has=page.locator(
        ".gv-slider-name", has_text=re.compile("^" + re.escape(name) + "$"))).first


def slider(page, name: str = "x\u2080"):
    """The range input of the picture's own slider named ``name`` (x₀, y₀, or a param's
    label such as "steps"): the arrow keys move p by 1% of its axis, Home and End to its ends."""
    return _slider(page, name).locator('input[type="range"]')


def slider_text(page, name: str = "x\u2080") -> str:
    """The value the picture's slider named ``name`` shows (by the number rule)."""
    return _slider(page, name).locator(".gv-slider-value").inner_text()


def status_text(page, nth: int = 0) -> str:
    """The ``nth`` picture's status line after the next animation frame (the chart draws in
    frames), once that picture is on the page (a second picture may mount after the first:
    reading before it did would wait for nothing)."""
    page.wait_for_function("(nth) => document.querySelectorAll('.gv-status').length > nth",
                           arg=nth, timeout=60_000)
    return page.evaluate("""(nth) => new Promise((ok, bad) => requestAnimationFrame(() => {
        const el = document.querySelectorAll('.gv-status')[nth];
        el ? ok(el.textContent) : bad(new Error(`no status line #${nth}`));
    }))""", nth)


def parse_status(text: str) -> dict:
    """``{"p": (x, y, …), label: [number as written, …], …}`` from the status line
    (``p = (1, 2)   f(p) = 0.9093   ∇f(p) = (-0.8323, -0.4161)``; a matrix's numbers row
    by row)."""
    out = {}
    for item in text.strip().split("   "):
        m = re.fullmatch(r"(.+?) = (.+)", item.strip())  # a label may have spaces: gap / h²
        if not m:
            raise AssertionError(f"the status line does not read as expected: {text!r}")
        out[m.group(1)] = re.findall(r"(?<![\w.])-?\d[\d.]*(?:e[-+]?\d+)?|undefined", m.group(2))
    out["p"] = tuple(float(v) for v in out["p"])
    return out


def status_point(text: str) -> tuple[float, ...]:
    """The point ``p = (x, y, …)`` that starts every kind's status line."""
    m = re.match(r"p = \(([^)]*)\)", text.strip())
    if not m:
        raise AssertionError(f"the status line does not start with p = (…): {text!r}")
    return tuple(float(v) for v in m.group(1).split(","))


_KEYS = """(el, keys) => {
  const status = el.closest('.gv-scene, .gv-live').querySelector('.gv-status');
  return keys.map((key) => {
    el.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true, cancelable: true}));
    return status.textContent;
  });
}"""


def press_keys(locator, keys) -> list[str]:
    """Press ``keys`` on a live chart's element (its canvas or one of its sliders) as one
    burst inside the page, returning the status after each key.

    A hand's burst of arrow keys comes well within the chart's 150 ms quiet time, so the
    server hears the point once; Playwright's own presses, one round trip each, can come
    slower than that on a loaded machine and would each end a burst.
    """
    return locator.evaluate(_KEYS, list(keys))


#: pointer moves in a test's drag
STEPS = 40


def drag(page, start, end, steps: int = STEPS, read: bool = True, nth: int = 0) -> list[str]:
    """Press at data point ``start`` and move in ``steps`` equal steps to ``end``, reading the
    status after each (unless ``read`` is False); the button stays down (the caller releases).
    Returns the statuses seen during the drag."""
    a = where(page, *start, nth=nth)
    b = where(page, *end, scroll=False, nth=nth)
    seen = []
    page.mouse.move(a["px"], a["py"])
    page.mouse.down()
    for k in range(1, steps + 1):
        t = k / steps
        page.mouse.move(a["px"] + t * (b["px"] - a["px"]), a["py"] + t * (b["py"] - a["py"]))
        if read:
            seen.append(status_text(page, nth))
    return seen


def release(page, frames, nth: int = 0, link: str = "p", live: bool = True) -> tuple[float, ...]:
    """Let go of a :func:`drag`: the server hears the drop point once (one message, one rerun
    of the page's part that holds the picture, or of the page: ``live``) and the
    link's point (``link``) becomes it. ``frames`` (:class:`tests.e2e.test_live.Frames`) was
    cleared before the drag. Returns the drop point."""
    from tests.e2e.conftest import expect_no_exception, query, wait_idle, wait_until

    before = query(page)[link]
    page.mouse.up()
    drop = status_point(status_text(page, nth))
    wait_until(lambda: query(page)[link] != before,
               message=lambda: f"the link did not follow the release: {query(page)}")
    wait_idle(page)
    expect_no_exception(page)
    reruns = frames.reruns()
    assert len(reruns) == 1 and bool(reruns[0].fragment_id) == live, (
        f"expected one {'fragment ' if live else ''}rerun at release, got {len(reruns)}")
    assert len(frames.sent) == 1, [m.WhichOneof("type") for m in frames.sent]
    assert tuple(float(v) for v in query(page)[link].split(",")) == drop
    return drop
