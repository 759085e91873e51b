"""The whole class answers, in real Chromium: a lecturer asks from the gradient-field page, ten
students in their own browsers (one a 390 × 844 touch phone) join from the link on the
projector and answer (one by dragging the arrow from p on the map, the others in the box
labelled "angle"); the projector counts and draws them, Reveal shows the truth; the
students' page has no lecturer control, and a forged lecturer link is refused.

By hand: ∇(x² + 3y) at (1, 2) = (2, 3), direction atan2(3, 2) = 56.3099°. The answers
50, 60, 56, 45, 70, 65, 52, 58, 200 and 80 degrees: 8 lie within 15° of it (not 200, 80).
"""

from __future__ import annotations

import re
import time

from tests.e2e.conftest import (
    SCREENSHOTS,
    VIEWPORT,
    _new_page,
    error_texts,
    expect_no_exception,
    open_app,
    screenshot_full,
    wait_idle,
    wait_until,
)
from tests.e2e.test_accessibility import audit, report

ANSWERS = [50, 60, 56, 45, 70, 65, 52, 58, 200, 80]
PROMISE_S = 2.0  # the projector follows the answers within 2 s
SLACK_S = 2.0  # a loaded 2-core CI machine (bench/classroom.py measures the p95 itself)
CONTROLS = ("Reveal", "Reset", "Next", "Close")


def _distribution(page) -> str:
    """The projector's distribution chart as its text alternative says it."""
    labels = page.locator('[role="graphics-document"][aria-label^="the class\'s answers"]')
    return labels.first.get_attribute("aria-label") if labels.count() else ""


def _bottom(page, locator) -> float:
    """Where ``locator`` ends below the top of the page, unscrolled, px."""
    box = locator.bounding_box()
    return box["y"] + box["height"] + page.evaluate(
        "document.querySelector('[data-testid=stMain]').scrollTop")


def _drag_answer(page, degrees: float, p=(1.0, 2.0)) -> None:
    """Turn the map's arrow with the mouse: press and drag from p towards ``degrees``."""
    import json
    import math

    top = page.locator("canvas.gv-top")
    plot, box = json.loads(top.get_attribute("data-plot")), top.bounding_box()
    x0, x1, y0, y1 = plot["domain"]

    def px(x, y):
        return (box["x"] + plot["left"] + (x - x0) / (x1 - x0) * plot["size"],
                box["y"] + plot["top"] + (y1 - y) / (y1 - y0) * plot["size"])

    t = math.radians(degrees)
    page.mouse.move(*px(p[0] + 0.4 * math.cos(t), p[1] + 0.4 * math.sin(t)))
    page.mouse.down()
    page.mouse.move(*px(p[0] + 0.8 * math.cos(t), p[1] + 0.8 * math.sin(t)), steps=5)
    page.mouse.up()


def _controls(page) -> list[str]:
    return [n for n in CONTROLS if page.get_by_role("button", name=n, exact=True).count()]


#: the lecturer's screen: a projector
PROJECTOR = {"width": 1024, "height": 768}


def test_ten_students_answer_and_the_projector_gathers_then_reveals(browser, server):
    """Test the issue's "Must show": join from the link on screen, 10 answers counted and
    drawn within 2 s, Reveal shows the truth, no lecturer control on a student's page, a
    forged reveal refused. The lecturer is on a 1024 × 768 projector in lecture mode: the
    count and the result of the reveal are on its first screen."""
    contexts = [browser.new_context(viewport=PROJECTOR)]
    try:
        lecturer = _new_page(contexts[0], server)
        open_app(lecturer, "/gradient-field", {"f": "x^2 + 3y", "p": "1,2", "d": "-2,2,-1,3",
                                               "lecture": "1"})
        # a lecture link opens with the sidebar folded away (the picture takes the width)
        assert lecturer.locator('[data-testid="stSidebar"][data-collapsed="true"]').count() == 1
        lecturer.locator('[data-testid="stExpandSidebarButton"]').first.click()
        lecturer.locator('[data-testid="stSidebar"]').get_by_role(
            "button", name="Ask the class").click()
        lecturer.wait_for_url(re.compile(r"/class\?c=[A-Z0-9]{7}&lecture=1$"))  # still big
        wait_idle(lecturer)
        lecturer.get_by_text("0 answers", exact=True).wait_for()
        # the sidebar the lecturer opened to ask is folded away: at 1024 px it pushed the QR
        # code and the answers below the first screen
        lecturer.locator('[data-testid="stSidebar"][data-collapsed="true"]').wait_for(state="attached")
        link = lecturer.get_by_text(re.compile(r"/join\?c=[A-Z0-9]{7}$")).first.inner_text()
        code = link.rsplit("=", 1)[1]
        assert lecturer.get_by_text(code, exact=True).first.is_visible()  # the code, large
        qr = lecturer.locator('svg[role="img"][aria-label^="QR code of"]')
        assert qr.count() == 1 and qr.bounding_box()["width"] >= 250  # readable from the back
        assert qr.get_attribute("aria-label") == f"QR code of {link}"
        wait_until(lambda: _bottom(lecturer, qr) <= PROJECTOR["height"],
                   message=lambda: f"the QR code ends at {_bottom(lecturer, qr)} px")

        students = []
        for i, angle in enumerate(ANSWERS):
            phone = i == 0
            ctx = browser.new_context(**({"viewport": {"width": 390, "height": 844},
                                          "has_touch": True, "is_mobile": True}
                                         if phone else {"viewport": VIEWPORT}))
            contexts.append(ctx)
            st = _new_page(ctx, server)
            st.goto(link)
            wait_idle(st)
            if i == 1:  # the arrow dragged on the map, from p
                _drag_answer(st, angle)
            else:  # the box labelled "angle" (keyboards, screen readers)
                st.get_by_label("angle", exact=True).fill(str(angle))
                send = st.get_by_role("button", name="Send")
                send.tap() if phone else send.click()
            st.get_by_text(f"Saved: {angle}°").wait_for()
            students.append(st)
        saved = time.monotonic()

        counted = wait_until(lambda: lecturer.get_by_text("10 answers", exact=True).count(),
                             timeout=PROMISE_S + SLACK_S,
                             message=lambda: f"projector: {lecturer.locator('h2').all_inner_texts()}")
        drawn = wait_until(lambda: "45°–60°: 5" in _distribution(lecturer),
                           timeout=PROMISE_S + SLACK_S, message=lambda: _distribution(lecturer))
        print(f"projector counted 10 answers {time.monotonic() - saved:.2f} s after the last")
        assert counted and drawn
        dist = _distribution(lecturer)  # 15° sectors from 0°: 45–60 has 50, 56, 45, 52, 58
        for sector in ("60°–75°: 3", "75°–90°: 1", "195°–210°: 1"):
            assert sector in dist, dist

        phone = students[0]
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.reload()  # the same browser: its answer, not a second one
        wait_idle(phone)
        phone.get_by_text("Your answer: 50°").wait_for()
        for pg in (phone, lecturer):  # axe-core on both screens of a class with a question
            violations = audit(pg)
            assert not violations, report(violations)
        for st in students[:2]:
            assert _controls(st) == [], "a student's page offers a lecturer's control"

        # a student forges the lecturer's link: refused, the question stays open
        forger = students[1]
        forger.goto(f"{server}/class?c={code}&k=forged-key-0123456789")
        wait_idle(forger)
        assert any("does not match" in e for e in error_texts(forger)), error_texts(forger)
        assert _controls(forger) == []
        lecturer.wait_for_timeout(1500)  # a fragment run or two: still open, no truth shown
        assert not lecturer.get_by_text(re.compile("within 15° of the truth")).count()

        def on_first_screen(text):
            box = lecturer.get_by_text(text, exact=True).first.bounding_box()
            scrolled = lecturer.evaluate("document.querySelector('[data-testid=stMain]').scrollTop")
            return box["y"] + scrolled + box["height"] <= PROJECTOR["height"]  # unscrolled

        assert on_first_screen("10 answers")
        lecturer.get_by_role("button", name="Reveal", exact=True).click()
        lecturer.get_by_text("8 of 10 within 15° of the truth.").wait_for()
        assert on_first_screen("8 of 10 within 15° of the truth.")
        rose = lecturer.locator('[role="graphics-document"][aria-label^="the class\'s answers"]')
        wait_until(lambda: _bottom(lecturer, rose.first) <= PROJECTOR["height"],
                   message=lambda: f"the answers' rose ends at {_bottom(lecturer, rose.first)} px")
        assert lecturer.get_by_text(re.compile(r"The answer: 56\.3099°")).count()
        labels = rose.first.evaluate("""(g) => { const b = g.closest('.vega-embed').getBoundingClientRect();
          return [...g.querySelectorAll('text')].map((t) => { const r = t.getBoundingClientRect();
            return [t.textContent, r.top - b.top, b.bottom - r.bottom]; }); }""")
        assert len(labels) >= 4 and all(a >= 0 and b >= 0 for _, a, b in labels), labels  # (90° was cut)
        phone.get_by_text(re.compile(r"Right: you said 50°.*56\.3099°")).wait_for()
        students[8].get_by_text(re.compile(r"Not this time: you said 200°")).wait_for()
        for pg in (lecturer, phone):
            expect_no_exception(pg)
        # the projector's screen and a phone's after the reveal (see the README to keep them)
        screenshot_full(lecturer, SCREENSHOTS / "class.png")
        phone.screenshot(path=str(SCREENSHOTS / "join-phone.png"))  # its first screen
        lecturer.get_by_role("button", name="Next", exact=True).click()  # back to the page
        lecturer.wait_for_url(re.compile(r"/gradient-field\?.*lecture=1"))  # in lecture mode
    finally:
        for ctx in contexts:
            ctx.close()
