"""The frame around every page: page config, theme, sidebar header, URL sync, errors."""

from __future__ import annotations

import contextlib
import functools
import logging
import threading

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException

from gradviz import ExpressionError, budget

from . import a11y, messages, reconnect, state

log = logging.getLogger("gradviz.app")

_CSS = """
<style>
/* readable from the back row: larger text, bolder maths */
html, body, [data-testid="stAppViewContainer"] { font-size: 18px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.05rem; }
.katex { font-size: 1.25em; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p { font-size: 2rem; }
[data-testid="stSlider"] label p { font-size: 1.05rem; font-weight: 600; }
[data-testid="stMainBlockContainer"] { padding-top: 4.5rem; }
</style>
"""

_LECTURE_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 22px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.15rem; line-height: 1.45; }
.katex { font-size: 1.35em; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p { font-size: 2.6rem; }
[data-testid="stSlider"] label p { font-size: 1.3rem; }
[data-testid="stSliderThumbValue"], [data-testid="stSliderThumbValue"] p,
[data-testid="stSliderTickBar"] p { font-size: 1rem !important; }
/* the first screen of a 1280 × 800 projector holds the title and the picture: less air */
h1 { font-size: clamp(1.8rem, 4.4vw, 2.8rem) !important; padding-top: 0 !important;
  padding-bottom: 0.25rem !important; }
[data-testid="stMainBlockContainer"] { padding: 3.6rem 1.2rem 2rem 1.2rem; max-width: none; }
/* the picture right under the title, with its row (the readouts beside it where there is
   room, else under it); the page's prose and settings after it. The live section's block
   (a Streamlit fragment) is opened into the page's column, so that only its picture moves */
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > :has(h1),
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > :has(> .st-key-gv_notices) {
  order: -2; }  /* a link's notices under the title, before the picture: on the first screen */
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > [data-testid="stLayoutWrapper"]:has(> [data-testid="stVerticalBlock"] .gv-scene),
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > [data-testid="stLayoutWrapper"] > [data-testid="stVerticalBlock"]:has(.gv-scene) {
  display: contents; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > :has(.gv-scene):not(:has(.gv-scene) ~ *),
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > [data-testid="stLayoutWrapper"] > [data-testid="stVerticalBlock"] > :has(.gv-scene):not(:has(.gv-scene) ~ *) {
  order: -1; }
/* a held variable's slider (z of f(x, y, z)) with the picture, above it: the first screen */
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] > :is(:has([class*="st-key-gv-scalar-p"]), :has([class*="st-key-gv-vector-p"])):not(:has(.gv-scene)) {
  order: -1; }
h2 { font-size: 2rem !important; }
</style>
"""


#: both modes: a column holding a chart is never narrower than the chart, so on a narrow
#: screen (a 1280 px projector) the columns beside it wrap below it instead of being drawn
#: over; on a phone, whose columns are one under another, the chart is scaled to the screen
_LAYOUT_CSS = """
<style>
/* labels are never cut off with "…": they wrap (a projector's column is narrow) */
[data-testid="stWidgetLabel"] p, [data-testid="stWidgetLabel"] div,
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div,
[data-testid="stMetricValue"] div,
[data-testid="stSidebarNav"] [data-testid="stMarkdownContainer"], [data-testid="stSidebarNav"] p,
[data-testid="stSidebarNavLink"] span, [data-testid="stPageLink-NavLink"] span,
[data-testid="stPageLink-NavLink"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
/* the share link: one long word, broken anywhere to fit the sidebar */
.st-key-gv_link code { display: block; white-space: normal; overflow-wrap: anywhere; user-select: all;
  font-size: 0.8rem; padding: 0.15rem 0.35rem; border-radius: 0.25rem;
  background: rgba(128, 128, 128, 0.12); }
@media (min-width: 640px) {
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stVegaLiteChart"]) { flex-wrap: wrap; }
  [data-testid="stColumn"]:has([data-testid="stVegaLiteChart"]) { min-width: fit-content; } }
/* the picture's column is never narrower than 26rem (a 1024 px screen with the sidebar open
   gave it 317 px): the readouts beside it wrap under it */
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] .gv-scene) { flex-wrap: wrap; }
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] .gv-scene) >
  [data-testid="stColumn"]:not(:has([data-testid="stVegaLiteChart"])) { min-width: min(100%, 12rem); }
[data-testid="stColumn"]:has(.gv-scene) { min-width: min(100%, 26rem) !important; }
/* a number is never cut: a row of metrics wraps rather than squeeze one */
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] > div > div > [data-testid="stMetric"]) {
  flex-wrap: wrap; }
[data-testid="stColumn"]:has(> div > div > [data-testid="stMetric"]) { min-width: min-content; }
/* on a phone (its columns one under another) a chart is never wider than the screen */
[data-testid="stVegaLiteChart"] :is(canvas, svg) { max-width: 100% !important; height: auto !important; }
/* the page menu on one line a page, less air above it: the function box is on the
   sidebar's first screen */
[data-testid="stSidebarNav"] p { font-size: 0.85rem !important; }
[data-testid="stSidebarNavLink"], [data-testid="stSidebarNavLink"] * { line-height: 1.5 !important; }
[data-testid="stSidebarNavLink"] { min-height: 0; padding-block: 0.12rem; }
[data-testid="stSidebarHeader"] { height: 3rem; margin-bottom: 0; }
[data-testid="stSidebarUserContent"] { padding-top: 0.75rem; }
/* a formula laid out twice (render.fitted_latex): the narrow one on a phone only */
@media (min-width: 641px) { [class*="st-key-gv_narrow_"] { display: none !important; } }
@media (max-width: 640px) { [class*="st-key-gv_wide_"] { display: none !important; } }
/* a phone: less air above the title, and headings that leave room for the picture */
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 3.75rem; }
  h1 { font-size: 2rem !important; }
  h2 { font-size: 1.5rem !important; }
  [data-testid="stTable"] table { table-layout: fixed !important; width: 100% !important;
    min-width: 0 !important; }
  [data-testid="stTable"] :is(th, td) { padding: 0.3rem 0.4rem; }
  [data-testid="stTable"] tr > :first-child { width: 29%; }
  [data-testid="stTable"] :is(th, td) :is(p, div) { font-size: 0.8rem !important;
    white-space: normal !important; overflow-wrap: break-word !important; }
  [data-testid="stTable"] th :is(p, div) { overflow-wrap: anywhere !important; } }
/* KaTeX's 2 px strut after an array (.vlist-s) lies past the formula's box: room for it, so
   a formula that fits does not scroll */
.katex-display > .katex { padding-right: 2px; }
/* the app's header is over the page's top: a picture sized to the screen leaves it room */
.gv-scene { scroll-margin-top: 3.75rem; }
/* captions (and the sidebar's link caption) readable at WCAG AA, 4.5:1: Streamlit draws them
   in its text colour at 60 % (3.8:1 on white); 78 % of the page's own text colour, so the
   dark theme stays light-on-dark (axe-core checks it: tests/e2e/test_accessibility.py) */
[data-testid="stCaptionContainer"] { color: inherit !important; opacity: 0.78; }
</style>
"""


def configure() -> None:
    """Page config, and the rules for what browsers send; call at the top of the entry script.

    The page icon is the text "∇": a material or emoji icon would be fetched from the internet.
    """
    # closed on a phone, and when a link opens lecture mode (the projector's width for the
    # picture): chosen once a session, as a new value would fold the sidebar mid-lecture
    sidebar = st.session_state.setdefault(
        "gv.sidebar", "collapsed" if st.query_params.get("lecture") == "1" else "auto")
    st.set_page_config(page_title="gradviz — gradients & Jacobians", page_icon="∇",
                       layout="wide", initial_sidebar_state=sidebar)
    messages.install()


def lecture_mode() -> bool:
    """Is the projector-friendly lecture mode on?"""
    if "gv.lecture" not in st.session_state:
        st.session_state["gv.lecture"] = state.link_value("lecture") == "1"
    return bool(st.session_state.get("gv.lecture"))


def font_scale() -> float:
    """Multiply chart fonts by this (1.35 in lecture mode)."""
    return 1.35 if lecture_mode() else 1.0


#: how deep this script thread is inside :func:`run` (a page checks it: :func:`ensure_frame`)
_FRAME = threading.local()


def turn():
    """This session's turn at the server (:data:`gradviz.budget.TURNS`), held by every run:
    the entry script's, and a section's or a picture's alone. A session flooding the server
    with reruns waits behind the others, not they behind it."""
    return budget.TURNS.turn(state.run_context("session_id", ""))


def run(page, after=None) -> None:
    """Run the selected page inside the frame: URL in, page, URL out; then, if the page drew
    a view, ``after(container)`` with a sidebar container above the share link."""
    _FRAME.depth = getattr(_FRAME, "depth", 0) + 1
    try:
        state.begin_run(getattr(page, "url_path", "") or "")
        # the page's controls first (its function box on the sidebar's first screen), then the
        # lecture toggle, and the share link last (a live section rewrites it)
        frame = st.session_state["gv.frame"] = {"controls": st.sidebar.container()}
        st.markdown((_LECTURE_CSS if lecture_mode() else _CSS) + _LAYOUT_CSS,
                    unsafe_allow_html=True)
        st.sidebar.toggle("Lecture mode", key="gv.lecture",
                          help="Bigger text and lines for a projector.")
        frame.update(ask=st.sidebar.container(), link=st.sidebar.container())
        reconnect.watch()
        a11y.formulas_reachable_by_keyboard()
        with guard():
            page.run()
            if after is not None and "view" in frame:
                after(frame["ask"])
    except RerunException:
        raise  # interrupted by a newer rerun: it will write the URL, not this one
    except BaseException:
        _finish()  # st.stop(): what the page registered so far is still the view
        raise
    else:
        _finish()
    finally:
        _FRAME.depth -= 1


def ensure_frame(page_file: str) -> None:
    """Call first in a page: if Streamlit ran the page file on its own (the first run after a
    server start may, in its old multipage mode), run the entry script instead, and stop."""
    if getattr(_FRAME, "depth", 0):
        return
    import runpy
    from pathlib import Path

    entry = Path(page_file).resolve().parents[1] / "streamlit_app.py"
    runpy.run_path(str(entry), run_name="__main__")
    st.stop()


def _finish() -> None:
    if lecture_mode():
        state.register("lecture", "1")
    state.end_run()
    share_link((st.session_state.get("gv.frame") or {}).get("link"))


def sidebar():
    """Where a page's sidebar controls go this run (above the share link)."""
    frame = st.session_state.get("gv.frame")
    return frame["controls"] if frame else st.sidebar


def link_for(path: str, params: dict[str, str], base_url: str | None) -> str:
    """The URL that reopens the page at url ``path`` with ``params`` (readable: keeps
    , ^ * ( ) [ ] as is; a space is %20 and a plus %2B: a `+` in a link means plus).

    >>> link_for("gradient-field", {"f": "x^2 + y", "p": "1,2"}, "http://localhost:8501/home")
    'http://localhost:8501/gradient-field?f=x^2%20%2B%20y&p=1,2'
    """
    from urllib.parse import quote, urlencode, urlsplit

    origin = ""
    if base_url:
        parts = urlsplit(base_url)
        origin = f"{parts.scheme}://{parts.netloc}"
    query = urlencode(params, safe=",^*()[]/", quote_via=quote)
    return f"{origin}/{path or ''}" + (f"?{query}" if query else "")


#: the share link's text: the address bar's link, written readably (as :func:`link_for`
#: writes it) by the browser whenever the app rewrites the address, so a partial rerun
#: sends nothing for it. It writes ``textContent`` only.
_LINK_JS = r"""
export default function (component) {
  const w = window, box = component.parentElement;
  let code = box.querySelector("code");
  if (!code) { code = document.createElement("code"); box.appendChild(code); }
  const SAFE = /%(2C|5E|2A|28|29|5B|5D|2F)/gi;  // , ^ * ( ) [ ] / as typed: a readable link
  const enc = (s) => encodeURIComponent(s).replace(/[!']/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase()).replace(SAFE, decodeURIComponent);
  const readable = () => {
    const q = [...new URLSearchParams(w.location.search)].map(
      ([k, v]) => enc(k) + "=" + enc(v.replace(/\u00a0/g, " ")));
    return w.location.origin + w.location.pathname + (q.length ? "?" + q.join("&") : "");
  };
  const me = w.__gvLink || (w.__gvLink = { codes: new Set() });
  me.codes.add(code);
  me.show = () => {
    const text = readable();
    for (const c of me.codes) {
      if (!c.isConnected) me.codes.delete(c);
      else if (c.textContent !== text) c.textContent = text;
    }
  };
  if (!me.wrapped) {  // the app rewrites the address with history.pushState / replaceState
    me.wrapped = true;
    const push = w.history.pushState.bind(w.history), replace = w.history.replaceState.bind(w.history);
    const samePage = (url) => {
      try { return url != null && new URL(url, w.location.href).pathname === w.location.pathname; }
      catch (e) { return false; }
    };
    // Streamlit pushes a history entry for every new query of a page (each move of p, the
    // page's own parameters after a page change): on the same page the entry is replaced, so
    // Back leaves the page, to the last view of the one before
    w.history.pushState = function (state, title, url) {
      const r = samePage(url) ? replace(state, title, url) : push(state, title, url);
      me.show(); return r;
    };
    w.history.replaceState = function () { const r = replace(...arguments); me.show(); return r; };
    w.addEventListener("popstate", () => me.show());
  }
  me.show();
}
"""

@functools.cache
def _link_component():
    return st.components.v2.component("gradviz.link", js=_LINK_JS, isolate_styles=False)


def share_link(where=None) -> None:
    """The link that reopens exactly this view (the address bar's, shown by the browser), in
    the sidebar or in ``where``."""
    with (where or st.sidebar).container(key="gv_link"):
        st.caption(":material/link: Link to this view (copy it, or the address bar's, to reopen "
                   "exactly this):")
        _link_component()(key="gv-link-text", width="stretch", height="content")


@contextlib.contextmanager
def guard(what: str = "this view"):
    """Turn any failure into a friendly message, never a traceback: an ``ExpressionError``'s
    own (student-facing) one, else a summary (logged in full on the server)."""
    try:
        yield
    except ExpressionError as err:
        st.error(f"{err}", icon=":material/error:")
    except Exception as err:  # noqa: BLE001 — the last line of defence
        log.exception("while drawing %s", what)
        st.error(f"Something went wrong while drawing {what} ({type(err).__name__}). "
                 "Try another point, a smaller grid or a simpler function.",
                 icon=":material/error:")
