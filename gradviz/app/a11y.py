"""Keyboard access to formulas wider than their column.

A display formula (``st.latex``, ``$$…$$``) wider than its column scrolls sideways inside
KaTeX's ``.katex-display`` box, which a keyboard cannot reach: axe-core's rule
"scrollable-region-focusable" (WCAG 2.1.1) flags it, in lecture mode on narrow columns. The
script below (ours, inline, no CDN; it writes only attributes, never HTML) gives each such box
``tabindex="0"``, ``role="region"`` and a name, so Tab reaches it and the arrow keys scroll
it; a box that fits again loses them. It looks again 200 ms after the page stops changing (a
drag of the live chart, which changes the page every frame, costs it nothing until the
release). tests/e2e/test_accessibility.py audits every page with axe-core.
"""

from __future__ import annotations

import streamlit as st

NAME = "gradviz.a11y"
KEY = "gv-a11y"

JS = r"""
export default function (component) {
  const w = window;
  if (w.__gradvizA11y) return;
  w.__gradvizA11y = true;
  const LABEL = String((component.data && component.data.label) || "Formula");
  function mark() {
    for (const el of document.querySelectorAll(".katex-display")) {
      const scrolls = el.scrollWidth > el.clientWidth + 1;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", LABEL);
        el.setAttribute("data-gv-scroll", "1");
      } else if (!scrolls && el.getAttribute("data-gv-scroll") === "1") {
        for (const a of ["tabindex", "role", "aria-label", "data-gv-scroll"]) el.removeAttribute(a);
      }
    }
  }
  let timer = null;
  const soon = () => { clearTimeout(timer); timer = setTimeout(mark, 200); };
  new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  w.addEventListener("resize", soon);
  soon();
}
"""

#: the name a screen reader gives such a formula box
LABEL = "Formula wider than its column: scroll it with the arrow keys"

#: the script draws nothing: take its (empty) element out of the layout, so no gap is left
_CSS = f".st-key-{KEY} {{ display: none !important; }}"

_component = None


def formulas_reachable_by_keyboard() -> None:
    """Mount the script (invisible; once per run, at the top of the frame)."""
    global _component
    if _component is None:
        _component = st.components.v2.component(NAME, js=JS, css=_CSS, isolate_styles=False)
    _component(key=KEY, data={"label": LABEL}, width="content", height="content")
