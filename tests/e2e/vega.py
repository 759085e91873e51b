"""Where a data point of a Streamlit Vega-Lite chart is on the screen, read from the chart itself.

Shared by the click tests (``tests/e2e/test_click.py``) and the click benchmark
(``bench/click_move.py``); plain Playwright, no pytest.

Streamlit draws ``st.vega_lite_chart`` with vega-embed on a ``<canvas>`` and keeps the Vega
``View`` in a React ref of the chart component; nothing puts it on ``window``. The View is
found by walking up the React fiber of the ``stVegaLiteChart`` element and looking through
the components' hooks for an object with Vega's View API. Everything else is Vega's public
API: a data point (x, y) is drawn at

    canvas's client rect + view.padding() + view.origin() + (view.scale("x")(x), view.scale("y")(y))

(the offset Vega's renderer and event handler use), so axis labels, titles, legends and
fonts move the answer along with the drawing, and no pixel offset is hard-coded.

A chart is *clickable* when its View holds a selection store (a Vega-Lite ``select`` param
keeps its tuples in ``<name>_store``): what ``app.chart(..., pick=view)`` adds today (the
invisible click grid's ``pick`` param), and what a finer picking mechanism would add too.
"""

from __future__ import annotations

CHART = '[data-testid="stVegaLiteChart"]'

#: JavaScript: the Vega View of a stVegaLiteChart element (``null`` if not found)
_FIND_VIEW = r"""
const findView = (el) => {
  const isView = (v) => !!v && typeof v === 'object' && typeof v.scale === 'function'
    && typeof v.origin === 'function' && typeof v.padding === 'function'
    && typeof v.data === 'function';
  const key = Object.keys(el).find((k) => k.startsWith('__reactFiber$'));
  let fiber = key ? el[key] : null;
  for (let depth = 0; fiber && depth < 60; depth++, fiber = fiber.return) {
    let hook = fiber.memoizedState;
    for (let i = 0; hook && typeof hook === 'object' && i < 200; i++, hook = hook.next) {
      const s = hook.memoizedState;
      if (isView(s)) return s;
      if (s && typeof s === 'object' && isView(s.current)) return s.current;
    }
  }
  return null;
};
const storesOf = (view) => {
  let names = [];
  try { names = Object.keys(view._runtime.data); } catch (e) { /* private: fall back */ }
  if (!names.length) {
    for (const n of ['pick_store']) {
      try { view.data(n); names.push(n); } catch (e) { /* no such data set */ }
    }
  }
  return names.filter((n) => n.endsWith('_store'));
};
"""

#: JavaScript, on the document: one entry per chart, in page order
_LIST = "() => {" + _FIND_VIEW + r"""
  return [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].map((el) => {
    const view = findView(el);
    return view ? {view: true, stores: storesOf(view),
                   title: el.getAttribute('aria-label') || ''}
                : {view: false, stores: [], title: el.getAttribute('aria-label') || ''};
  });
}"""

#: JavaScript, on one chart element, argument [x, y]: where that data point is on screen
_WHERE = "(el, [x, y]) => {" + _FIND_VIEW + r"""
  const view = findView(el);
  if (!view) return {error: 'no Vega View found through the chart element\'s React fiber'};
  const canvas = el.querySelector('canvas') || el.querySelector('svg');
  if (!canvas) return {error: 'the chart has no canvas or svg'};
  const box = canvas.getBoundingClientRect();
  const pad = view.padding(), origin = view.origin();
  const sx = view.scale('x'), sy = view.scale('y');
  if (!sx || !sy) return {error: 'the chart has no x/y scales'};
  const left = box.left + pad.left + origin[0], top = box.top + pad.top + origin[1];
  const px = left + sx(x), py = top + sy(y);
  const hit = document.elementFromPoint(px, py);
  return {px, py, left, top, width: view.width(), height: view.height(),
          xdomain: sx.domain(), ydomain: sy.domain(), xrange: sx.range(), yrange: sy.range(),
          canvas: [box.left, box.top, box.width, box.height],
          viewport: [window.innerWidth, window.innerHeight],
          on_chart: !!hit && (hit === canvas || el.contains(hit)),
          stores: storesOf(view)};
}"""


#: JavaScript, on one chart element, argument [x, y, tol]: does a one-row data set of the
#: chart's View hold that point (the marked point of ``layers.point``)?
_MARKS = "(el, [x, y, tol]) => {" + _FIND_VIEW + r"""
  const view = findView(el);
  if (!view) return {error: 'no Vega View found through the chart element\'s React fiber'};
  let names = [];
  try { names = Object.keys(view._runtime.data); } catch (e) { return {error: String(e)}; }
  const points = [];
  for (const n of names) {
    let rows = [];
    try { rows = view.data(n); } catch (e) { continue; }
    if (rows.length === 1 && typeof rows[0].x === 'number' && typeof rows[0].y === 'number') {
      points.push([rows[0].x, rows[0].y]);
    }
  }
  return {found: points.some(([px, py]) => Math.abs(px - x) <= tol && Math.abs(py - y) <= tol),
          points};
}"""


def marks_point(chart, x: float, y: float, tol: float = 1e-4) -> dict:
    """``{"found": bool, "points": [...]}``: is (x, y) among the chart's one-row data sets
    (the marked point)? Read from the Vega View, so it is what is drawn now."""
    out = chart.evaluate(_MARKS, [x, y, tol])
    if "error" in out:
        raise AssertionError(out["error"])
    return out


def charts(page) -> list[dict]:
    """Every Vega-Lite chart on the page: ``{"view": found?, "stores": [...], "title": …}``."""
    return page.evaluate(_LIST)


def clickable_charts(page) -> list[int]:
    """Indices (among the page's Vega-Lite charts) of the charts with a selection store."""
    return [i for i, c in enumerate(charts(page)) if c["stores"]]


def clickable_chart(page, nth: int = 0):
    """A locator for the ``nth`` clickable chart of the page (AssertionError if there's none)."""
    found = charts(page)
    idx = [i for i, c in enumerate(found) if c["stores"]]
    if len(idx) <= nth:
        raise AssertionError(f"no clickable chart #{nth} on {page.url}: its Vega-Lite charts "
                             f"are {found}")
    return page.locator(CHART).nth(idx[nth])


def where(chart, x: float, y: float, scroll: bool = True) -> dict:
    """Screen position (client px) of the data point (x, y) of ``chart``, plus the geometry.

    With ``scroll``, the chart's canvas is first scrolled to the middle of the viewport
    (Streamlit's sticky header must not sit over the point). Raises AssertionError when the
    View can't be found or the point isn't on the visible chart.
    """
    if scroll:
        chart.evaluate("(el) => (el.querySelector('canvas') || el)"
                       ".scrollIntoView({block: 'center', inline: 'nearest'})")
        chart.page.wait_for_timeout(100)  # let a smooth scroll, if any, end
    g = chart.evaluate(_WHERE, [x, y])
    if "error" in g:
        raise AssertionError(g["error"])
    if not g["on_chart"]:
        raise AssertionError(f"the data point ({x}, {y}) is at ({g['px']:.1f}, {g['py']:.1f}) "
                             f"px, which is not on the visible chart: {g}")
    return g
