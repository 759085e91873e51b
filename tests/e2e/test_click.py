"""Clicking a chart moves the point: its sliders, numbers and link follow, in a real browser.

Every page that draws a clickable 2-D view of the domain (``app.chart(..., pick=view)``)
is clicked at a known data point. The pixel is computed from the rendered picture itself
(its plot area, ``data-plot``; see ``tests/e2e/live.py``), so fonts, axis labels and legends
can change without breaking the test. After the click:

* the picture's x₀ and y₀ show the clicked point to within one cell of the coarsest click grid
  (domain span / 50 on each axis: today's invisible 50 × 50 grid reports the cell's centre;
  a finer mechanism, e.g. picking heatmap cells, must be at least as close);
* the link's ``p`` is the sliders' values (to one cell: the sliders show p by the number rule);
* the chart is redrawn at the new point (its marked point's data, read from the Vega View);
* the page's numbers are the function's values there, computed here with ``gradviz``.
"""

from __future__ import annotations

import math
import re
from urllib.parse import quote

import numpy as np
import pytest

import gradviz
from tests.e2e import live
from tests.e2e.conftest import (
    PAGES,
    ROOT,
    TOPIC_PAGES,
    error_texts,
    expect_no_exception,
    metric_values,
    open_app,
    query,
    script_state,
    wait_idle,
    wait_until,
)

#: pages whose source draws a chart with ``pick=view``, a live chart (``live_….show(``) or a
#: scene (``app.scene(``)
CLICK_PAGES = [name for name in TOPIC_PAGES
               if re.search(r"pick\s*=\s*view|\blive_\w+\.show\(|\bapp\.scene\(",
                            (ROOT / "pages" / f"{PAGES[name][0].strip('/')}.py").read_text())]
CELLS = 50  # the coarsest click grid: cells per side


# -- reading the page -------------------------------------------------------------------------
def number(text: str) -> float:
    """A number as a page shows it ("−0.3601", "1.32")."""
    return float(text.strip().replace("−", "-").replace("\u2009", ""))


def decimals(text: str) -> int:
    """Decimals shown in a number's text."""
    m = re.search(r"\.(\d+)", text)
    return len(m.group(1)) if m else 0


def domain(page) -> tuple[float, float, float, float]:
    """The view's domain (xmin, xmax, ymin, ymax): the picture's map's own."""
    return tuple(page.evaluate(
        "() => JSON.parse(document.querySelector('canvas.gv-top').dataset.plot).domain"))


def link_point(page) -> tuple[float, ...]:
    return tuple(float(v) for v in query(page)["p"].split(","))


def describe(page) -> str:
    """What the page shows now (for failure messages)."""
    return (f"x₀ {live.slider_text(page)}, y₀ {live.slider_text(page, 'y₀')}, "
            f"link {query(page)}, script {script_state(page)}")


def assert_shown(shown: str, expected: float, what: str, dec: int | None = None,
                 sig: int | None = None) -> None:
    """``shown`` (a page's text) is ``expected`` to within one unit of its last digit
    (``dec`` decimals or ``sig`` significant digits as the page formats it)."""
    value = number(shown)
    if sig is not None:
        unit = 10.0 ** (math.floor(math.log10(abs(expected))) - sig + 1) if expected else 1e-12
    else:
        unit = 10.0 ** -(dec if dec is not None else decimals(shown))
    assert abs(value - expected) <= unit + 1e-12, (
        f"{what}: the page shows {shown!r}, but it is {expected!r} at the new point")


# -- the page's numbers at the point, computed here ---------------------------------------------
def _gradient_field(page, q, p):
    f = gradviz.parse(q["f"], min_variables=2)
    p = p[:f.n]
    m = metric_values(page)
    grad = np.asarray(gradviz.gradient(f).at(p), dtype=float)
    assert_shown(m["f(p)"], float(f.at(p)), "f(p)", dec=4)
    for v, g in zip(f.variables, grad):
        assert_shown(m[f"∂f/∂{v} (p)"], float(g), f"∂f/∂{v} (p)", dec=4)
    assert_shown(m["|∇f(p)|"], float(np.linalg.norm(grad)), "|∇f(p)|", dec=4)


def _functions(page, q, p):
    f = gradviz.parse(q["f"], min_variables=2)
    p = p[:f.n]
    label = "f(" + ", ".join(f"{v:g}" for v in p) + ")"  # the point as given (link: 6 digits)
    m = metric_values(page)
    assert label in m, f"no metric labelled {label!r} for the new point; metrics: {m}"
    assert_shown(m[label], float(f.at(p)), label, dec=4)


def _vector_fields(page, q, p):
    f = gradviz.parse(q["f"], min_variables=2)
    vec = np.asarray(f.at(p[:2]), dtype=float)
    m = metric_values(page)
    assert_shown(m["x-component"], vec[0], "x-component", dec=4)
    assert_shown(m["y-component"], vec[1], "y-component", dec=4)
    assert_shown(m["length ‖f(p)‖"], float(np.hypot(*vec)), "length ‖f(p)‖", dec=4)


def _jacobian(page, q, p):
    f = gradviz.parse(q["f"], min_variables=2)
    J = np.asarray(gradviz.jacobian(f).at(p[:2]), dtype=float)
    m = metric_values(page)
    assert_shown(m["det J at p"], float(np.linalg.det(J)), "det J at p", sig=4)
    frob = next(k for k in m if "at p" in k and "det" not in k)  # ‖J‖_F (KaTeX)
    assert_shown(m[frob], float(np.linalg.norm(J)), "‖J‖_F at p", sig=4)


def _steepest_ascent(page, q, p):
    f = gradviz.parse(q["f"], min_variables=2)
    theta = math.radians(float(q.get("t", 30)))
    grad = np.asarray(gradviz.gradient(f).at(p[:2]), dtype=float)
    exact = grad[0] * math.cos(theta) + grad[1] * math.sin(theta)
    assert_shown(metric_values(page)["∇f · u"], float(exact), "∇f · u", dec=6)


def _partial_derivatives(page, q, p):
    f = gradviz.parse(q["f"], min_variables=2)
    p = p[:f.n]
    m = metric_values(page)
    assert_shown(m["f(p)"], float(f.at(p)), "f(p)", dec=4)
    for v in f.variables:
        label = f"∂f/∂{v} at p = slope of the dashed line"
        assert_shown(m[label], float(gradviz.partial(f, v).at(p)), label, dec=4)


def _gradient_descent(page, q, p):
    """x² + 10y² (the default): x_k = (1 − 2s)^k x₀ and y_k = (1 − 20s)^k y₀, by hand."""
    assert q["f"].replace("\u00a0", " ") == "x^2 + 10y^2", q  # a link writes spaces as U+00A0
    s, k = float(q["s"]), int(q["k"])
    said = page.locator('[data-testid="stMarkdownContainer"] p',
                        has_text="Plain descent.").first.inner_text()
    shown = re.search(r"it is at \(([^,]+), ([^)]+)\)", said).groups()
    assert_shown(shown[0], (1 - 2 * s) ** k * p[0], "x_k", sig=4)
    assert_shown(shown[1], (1 - 20 * s) ** k * p[1], "y_k", sig=4)  # 0 for s = 0.05


NUMBERS = {"gradient_field": _gradient_field, "functions": _functions,
           "vector_fields": _vector_fields, "jacobian": _jacobian,
           "steepest_ascent": _steepest_ascent, "partial_derivatives": _partial_derivatives,
           "gradient_descent": _gradient_descent}


# -- clicking ---------------------------------------------------------------------------------
def where(page, x: float, y: float) -> dict:
    """Client px of the data point (x, y) on the page's picture (tests/e2e/live.py)."""
    return live.where(page, x, y)


def click_data(page, x: float, y: float) -> dict:
    """Click the page's clickable chart at the data point (x, y); wait for the page to settle.

    Returns the picture's geometry (see :func:`tests.e2e.live.where`).
    """
    g = where(page, x, y)
    before = query(page).get("p")
    page.mouse.click(g["px"], g["py"])
    wait_until(lambda: query(page).get("p") != before,
               message=lambda: f"the link's p stayed {before!r} after a click at data "
                               f"({x:.4g}, {y:.4g}) = ({g['px']:.1f}, {g['py']:.1f}) px; "
                               f"{describe(page)}")
    wait_idle(page)
    return g


def check_point(page, name: str, target: tuple[float, float], dom) -> tuple[float, ...]:
    """Sliders within one coarse cell of ``target``, link = sliders, chart and numbers there."""
    expect_no_exception(page)
    assert not error_texts(page), error_texts(page)
    xmin, xmax, ymin, ymax = dom
    cell = ((xmax - xmin) / CELLS, (ymax - ymin) / CELLS)
    texts = (live.slider_text(page), live.slider_text(page, "y₀"))
    shown = tuple(number(t) for t in texts)
    for axis, v, t, c in zip("xy", shown, target, cell):
        assert abs(v - t) <= c + 1e-9, (
            f"{axis}₀ shows {v:g} after a click at {axis} = {t:g}: more than one click-grid "
            f"cell ({c:g}) away; {describe(page)}")
    p = link_point(page)
    for axis, v, pv, t, c in zip("xy", shown, p, texts, cell):
        # a live chart keeps the point as dropped: its slider shows the nearest step
        near = c if live.present(page) else 0.5 * 10.0 ** -decimals(t)
        assert abs(pv - v) <= near + 1e-9, (
            f"the link's p={query(page)['p']} does not match {axis}₀ = {t}")
    tol = 1e-4 * max(1.0, abs(p[0]), abs(p[1]))  # the data go to the browser as float32
    drawn = live.status_point(live.status_text(page))  # the point the picture draws
    assert all(abs(a - b) <= tol for a, b in zip(drawn, p[:2])), (
        f"the picture is not at the new point {p[:2]}: it says {drawn}")
    if name in NUMBERS:
        NUMBERS[name](page, query(page), p)
    return p


def target_in(dom, fx: float, fy: float) -> tuple[float, float]:
    """The data point at fractions (fx, fy) of the domain."""
    xmin, xmax, ymin, ymax = dom
    return xmin + fx * (xmax - xmin), ymin + fy * (ymax - ymin)


# -- the tests --------------------------------------------------------------------------------
def test_click_pages_found():
    """Test that the source scan finds the clickable pages (and each has a numbers check)."""
    assert "gradient_field" in CLICK_PAGES, CLICK_PAGES
    assert set(CLICK_PAGES) <= set(NUMBERS), (
        f"pages with pick=view but no numbers check here: {set(CLICK_PAGES) - set(NUMBERS)}")


@pytest.mark.parametrize("name", CLICK_PAGES)
def test_click_moves_point(page, name):
    """Test that a click on the page's chart moves x₀/y₀ there and the numbers and link follow."""
    open_app(page, PAGES[name][0])
    dom = domain(page)
    # 32.5 % / 67.5 % of the way: (1.3, 2.7) in sin(xy)'s [0, 4]², a quarter cell from
    # the grid's lines, and away from every page's default point
    target = target_in(dom, 0.325, 0.675)
    before = link_point(page)
    assert math.dist(before[:2], target) > 2 * (dom[1] - dom[0]) / CELLS, "pick another target"
    click_data(page, *target)
    check_point(page, name, target, dom)
    assert not page.external_requests, page.external_requests


def test_gradient_field_clicks_across_the_view(page):
    """Test that clicks in the middle and in the corner cells of the gradient-field chart land
    there, and that clicks beside the plot (on the title, the axis labels) don't move p."""
    open_app(page, PAGES["gradient_field"][0])
    dom = domain(page)
    assert dom == (0, 4, 0, 4), f"sin(xy)'s default view is [0, 4]², not {dom}"
    # the example point, then the outermost cells (a pixel off shows there first)
    for target in [(1.3, 2.7), target_in(dom, 0.01, 0.01), target_in(dom, 0.99, 0.99),
                   target_in(dom, 0.99, 0.01), target_in(dom, 0.01, 0.99)]:
        click_data(page, *target)
        check_point(page, "gradient_field", target, dom)

    # beside the plot area: 6 px above it (the title's margin) and 6 px left of it (the
    # y-axis labels); the geometry is the chart's own, so this is on the canvas
    g = where(page, (dom[0] + dom[1]) / 2, (dom[2] + dom[3]) / 2)
    before = (query(page), metric_values(page))
    for px, py in [(g["px"], g["top"] - 6), (g["left"] - 6, g["py"])]:
        assert g["canvas"][0] <= px and g["canvas"][1] <= py, (px, py, g)
        page.mouse.click(px, py)
        page.wait_for_timeout(1500)  # a rerun, if the click started one, has begun by now
        wait_idle(page)
        assert (query(page), metric_values(page)) == before, (
            f"a click beside the plot at ({px:.0f}, {py:.0f}) px changed the page: "
            f"{describe(page)}")
    expect_no_exception(page)


def test_click_in_a_linked_view(page):
    """Test that a click lands right in a link's own, non-square view (not the preset's)."""
    open_app(page, "/gradient-field?f=" + quote("x^3*y") + "&d=" + quote("-3,1,0,2")
             + "&p=" + quote("0.5,0.5"))
    dom = domain(page)
    assert dom == (-3, 1, 0, 2), f"the link's view is x ∈ [-3, 1], y ∈ [0, 2], not {dom}"
    for target in [(-1.9, 1.55), (0.7, 0.3)]:
        click_data(page, *target)
        check_point(page, "gradient_field", target, dom)
        assert query(page).get("d") == "-3,1,0,2", f"the link lost its view: {query(page)}"


def test_click_same_cell_after_slider_move(page):
    """Test that clicking a cell again, after a slider moved p away from it, moves p back."""
    open_app(page, PAGES["gradient_field"][0])
    dom = domain(page)
    target = (1.3, 2.7)
    click_data(page, *target)
    check_point(page, "gradient_field", target, dom)
    live.slider(page).press("End")  # x₀ to the right edge
    wait_until(lambda: link_point(page)[0] == dom[1],
               message=lambda: f"x₀ did not go to {dom[1]}: {describe(page)}")
    wait_idle(page)
    g = where(page, *target)
    page.mouse.click(g["px"], g["py"])
    wait_until(lambda: link_point(page)[0] != dom[1], timeout=20,
               message=lambda: f"the second click at {target} did not move p back: "
                               f"{describe(page)}")
    wait_idle(page)
    check_point(page, "gradient_field", target, dom)
