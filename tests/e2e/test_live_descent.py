"""The start follows the hand on the gradient-descent page: both paths are recomputed in the
browser on every move of a drag, and the server hears the start once, at the release.

On x² + 10y² with s = 0.05 (the page's default) a step multiplies x by 0.9 and sends y to 0
(worked by hand), so plain descent from (x₀, y₀) runs along y = 0 through (0.9x₀, 0),
(0.81x₀, 0), (0.729x₀, 0), …: its light blue line covers (0.77x₀, 0).
"""

from __future__ import annotations

import math
import re

from tests.e2e import live
from tests.e2e.conftest import (
    MAIN,
    PAGES,
    expect_no_exception,
    open_app,
    query,
)
from tests.e2e.live import drag
from tests.e2e.test_live import Frames

SKY = (0x56, 0xB4, 0xE9)  # plain descent's colour

_PIXELS = """([px, py]) => {
  const c = document.querySelector('canvas.gv-top'), r = c.getBoundingClientRect();
  const d = window.devicePixelRatio || 1, x = Math.round((px - r.left) * d), y = Math.round((py - r.top) * d);
  return Array.from(c.getContext('2d').getImageData(x - 3, y - 3, 7, 7).data);
}"""


def path_at(page, x: float, y: float) -> bool:
    """Is plain descent's light blue drawn within 3 px of the data point (x, y) on the
    picture's top canvas (the layers that follow p)?"""
    g = live.where(page, x, y, scroll=False)
    data = page.evaluate(_PIXELS, [g["px"], g["py"]])
    pixels = [data[k:k + 4] for k in range(0, len(data), 4)]
    return any(a > 200 and math.dist(rgb, SKY) < 40 for *rgb, a in pixels)


def test_dragging_the_start_redraws_the_paths_with_one_rerun(page):
    """Test a drag of the start on x² + 10y²: during it the plain path is redrawn from the
    moving start (its line leaves (0.77, 0) and lies on (0.77x₀, 0) for the start x₀ under
    the hand) with nothing sent to the server; the release sends the start once, one rerun
    follows, and the page's run is the one from the drop point."""
    frames = Frames(page)
    open_app(page, PAGES["gradient_descent"][0])
    expect_no_exception(page)
    live.where(page, 0, 0)  # scrolls the picture into view
    assert live.status_point(live.status_text(page))[:2] == (1.0, 1.0)
    assert path_at(page, 0.77, 0) and not path_at(page, -1.155, 0)
    link_before = query(page)["p"]
    frames.clear()
    seen = drag(page, (1.0, 1.0), (-1.5, 1.5))
    assert not frames.sent, f"the browser talked to the server during the drag: {frames.sent}"
    assert query(page)["p"] == link_before
    assert len(set(seen)) >= 30, f"the status did not follow the moves: {seen}"
    x0 = live.status_point(live.status_text(page))[0]
    assert abs(x0 + 1.5) < 0.02
    assert path_at(page, 0.77 * x0, 0) and not path_at(page, 0.77, 0)

    drop = live.release(page, frames)
    said = page.locator(f"{MAIN} [data-testid='stMarkdownContainer'] p",
                        has_text="Plain descent.").first.inner_text()
    shown = re.search(r"it is at \(([^,]+), ([^)]+)\)", said).groups()
    assert math.isclose(float(shown[0]), 0.9 ** 30 * drop[0], rel_tol=1e-3) and shown[1] == "0"
    assert path_at(page, 0.77 * drop[0], 0)
