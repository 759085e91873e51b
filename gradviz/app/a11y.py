"""Every screen a class uses: formulas that fit, a clicker that scrolls, a skip link, a phone.

One small inline script (it writes attributes and styles, never HTML): a display formula
wider than its column is set smaller (down to 11 px), or else made a focusable scroll region;
PageDown/PageUp/Space/Home/End scroll the page before anyone clicks it; the first Tab stop is
"Skip to the picture"; on a phone the sidebar closes once a page is picked. It looks again
200 ms after the page stops changing, so a drag costs nothing.
"""

from __future__ import annotations

import functools

import streamlit as st

NAME = "gradviz.a11y"
KEY = "gv-a11y"

JS = r"""
export default function (component) {
  const w = window;
  if (w.__gradvizA11y) return;
  w.__gradvizA11y = true;
  const LABEL = "Formula wider than its column: scroll it with the arrow keys";
  const main = () => document.querySelector('[data-testid="stMain"]');
  const seen = new WeakSet(), resized = new ResizeObserver(() => soon());
  function fit() {
    for (const el of document.querySelectorAll(".katex-display")) {
      if (!seen.has(el)) { seen.add(el); resized.observe(el); }  // its column may change alone
      const k = el.querySelector(".katex");
      if (k && el.clientWidth > 0 && el.dataset.gvWidth !== String(el.clientWidth)) {
        k.style.fontSize = "";  // measure at its own size, then set it smaller to fit
        const least = 11 / parseFloat(getComputedStyle(k).fontSize);  // never below 11 px
        let size = 1;
        for (let i = 0; i < 6 && size > least && el.scrollWidth > el.clientWidth; i++) {
          size = Math.max(least, size * 0.98 * el.clientWidth / el.scrollWidth);
          k.style.fontSize = size.toFixed(3) + "em";
        }
        el.dataset.gvWidth = String(el.clientWidth);
      }
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
  const soon = () => { clearTimeout(timer); timer = setTimeout(fit, 200); };
  new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  soon();
  // a presenter's clicker: the page scrolls before anyone has clicked it
  document.addEventListener("keydown", (e) => {
    const m = main(), t = e.target;
    if (!m || e.altKey || e.ctrlKey || e.metaKey || !(t === document.body || t === document.documentElement)) return;
    const page = 0.9 * m.clientHeight, by = { PageDown: page, PageUp: -page, " ": e.shiftKey ? -page : page,
      Home: -m.scrollHeight, End: m.scrollHeight }[e.key];
    if (by === undefined) return;
    e.preventDefault();
    m.scrollBy({ top: by });
  });
  // the first Tab stop: skip to the picture
  const skip = document.createElement("a");
  skip.href = "#"; skip.className = "gv-skip"; skip.textContent = "Skip to the picture";
  skip.addEventListener("click", (e) => {
    e.preventDefault();
    const target = document.querySelector("canvas.gv-top") || main();
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  });
  document.body.prepend(skip);
  // a phone: the sidebar closes once a page is picked from it
  document.addEventListener("click", (e) => {
    if (w.innerWidth >= 768 || !e.target.closest || !e.target.closest('[data-testid="stSidebarNavLink"]')) return;
    setTimeout(() => {
      // the button itself (a selector list gives the first match in document order: its box)
      const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close && document.querySelector('[data-testid="stSidebar"][data-collapsed="false"]')) close.click();
    }, 50);
  }, true);
}
"""

#: the script draws nothing: take its (empty) element out of the layout, so no gap is left;
#: the skip link shows only when it has the keyboard's focus
_CSS = f""".st-key-{KEY} {{ display: none !important; }}
.gv-skip {{ position: fixed; left: 0.5rem; top: -3rem; z-index: 1000100; padding: 0.5rem 1rem;
  background: #fff; color: #0B57D0; font: 600 1rem sans-serif; border: 2px solid #0072B2;
  border-radius: 0.4rem; }}
.gv-skip:focus {{ top: 0.5rem; }}"""

@functools.cache
def _component():
    return st.components.v2.component(NAME, js=JS, css=_CSS, isolate_styles=False)


def formulas_reachable_by_keyboard() -> None:
    """Mount the script (invisible; once per run, at the top of the frame)."""
    _component()(key=KEY, width="content", height="content")
