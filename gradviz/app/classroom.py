"""The whole class answers (gradviz/classroom.py in Streamlit): "Ask the class" on every
topic page that drew a view (the frame calls :func:`ask_control`), the projector's screen
(``/class``) and the students' page (``/join``).

The lecturer's secret lives in the lecturer's session and browser (``localStorage``) and
in a private link, never in the join link; each browser keeps a random id (no sign-in).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import os

import streamlit as st

from .. import classroom as cr
from .. import formatting
from . import pages, state
from .page_frame import lecture_mode, link_for

__all__ = ["ask_control", "projector", "join"]

log = logging.getLogger("gradviz.app")

POLL_S = {"projector": 1.0, "student": 3.0}  # fragments re-reading the store
_JS = """
export default function ({ data, setStateValue }) {
  const S = window.localStorage, ok = /^[A-Za-z0-9_-]{22}$/;
  let id = null, key = "";
  try { id = S.getItem("gradviz.browser"); } catch (e) { /* storage off: an id per tab */ }
  if (!ok.test(id || "")) {
    const b = crypto.getRandomValues(new Uint8Array(16));
    id = btoa(String.fromCharCode(...b)).replace(/\\+/g, "-").replace(/\\//g, "_").slice(0, 22);
    try { S.setItem("gradviz.browser", id); } catch (e) { /* kept for this page only */ }
  }
  // the same id as a cookie: a page opened again (a reload, a replica's death) says it at once
  document.cookie = `gvbrowser=${id}; path=/; max-age=31536000; samesite=lax`;
  if (data.code) {
    try {
      if (data.keep) S.setItem("gradviz.key." + data.code, data.keep);
      key = S.getItem("gradviz.key." + data.code) || "";
    } catch (e) { /* no lecturer key kept */ }
  }
  if (data.id !== id || data.key !== key) setStateValue("me", { id, key });
}
"""
#: both screens of a class: the whole width (a phone's, a projector's), big buttons and code
_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding: 2.5rem 0.8rem 2rem 0.8rem; max-width: none; }
[data-testid="stMain"] [data-testid="stButton"] button { min-height: 3.4rem; font-size: 1.15rem; }
h1 { font-size: clamp(1.6rem, 4.4vw, 2.8rem) !important; }  /* a question of four lines */
/* in page order, lecture mode or not (a topic page's lecture mode puts its picture first) */
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > * { order: 0 !important; }
.gv-code { font: 700 clamp(2.4rem, 4.2vw, 6rem)/1.1 monospace; letter-spacing: 0.1em;
           white-space: nowrap; margin: 0.2rem 0; }
</style>"""


#: a projector's class screen folds the sidebar away once (the lecturer opened it to ask):
#: at 1024 px it leaves the QR code and the answers below the first screen. It clicks
#: Streamlit's own fold button, which keeps the choice for the tab like a click would.
_FOLD_JS = """
export default function ({ data }) {
  const w = window, key = "gradviz.folded." + data.code;
  try { if (w.sessionStorage.getItem(key)) return; w.sessionStorage.setItem(key, "1"); }
  catch (e) { return; }
  if (w.innerWidth > 1400) return;
  const bar = w.document.querySelector('[data-testid="stSidebar"]');
  const fold = w.document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (bar && bar.getAttribute("data-collapsed") === "false" && fold) fold.click();
}
"""


@functools.lru_cache(maxsize=1)
def _fold_component():
    return st.components.v2.component("gradviz_class_fold", js=_FOLD_JS, isolate_styles=False)


def _fold_sidebar(code: str) -> None:
    _fold_component()(data={"code": code}, key="gv.class.fold", width="content",
                      height="content")


@st.cache_resource
def store() -> cr.Store:
    """This server process's store (``GRADVIZ_STORE``, else SQLite in ``GRADVIZ_DATA``)."""
    return cr.open_store()


@functools.lru_cache(maxsize=1)
def _component():
    return st.components.v2.component("gradviz_class_browser", js=_JS, isolate_styles=False)


def me(code: str = "", keep: str = "") -> dict | None:
    """``{"id": this browser's id, "key": its lecturer key for ``code``}``, None until the
    browser has said (cookie or component); ``keep`` stores a key for ``code`` in it."""
    cookie = st.context.cookies.get("gvbrowser")
    if "gv.class.me" not in st.session_state and isinstance(cookie, str) and \
            cr.BROWSER.fullmatch(cookie):
        st.session_state["gv.class.me"] = {"id": cookie, "key": ""}
    known = st.session_state.get("gv.class.me") or {}

    def heard():
        value = (st.session_state.get("gv.class.browser") or {}).get("me")
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            st.session_state["gv.class.me"] = {"id": value["id"][:64],
                                               "key": str(value.get("key") or "")[:64]}

    data = {"code": code, "keep": keep, "id": known.get("id"), "key": known.get("key", "")}
    _component()(data=data, key="gv.class.browser", on_me_change=heard, width="content",
                 height="content")
    return st.session_state.get("gv.class.me")


def _address() -> str:
    """The student's address, for the limit on wrong codes: the websocket's peer, or behind
    our nginx (a loopback peer) the address nginx saw (the last in X-Forwarded-For)."""
    ip = st.context.ip_address
    if ip is None:
        fwd = st.context.headers.get("X-Forwarded-For")
        ip = fwd.split(",")[-1].strip() if isinstance(fwd, str) else "local"
    return str(ip)[:64]


def _origin() -> str:
    """Where phones reach this server: ``$GRADVIZ_PUBLIC_URL``, else this page's origin."""
    return (os.environ.get("GRADVIZ_PUBLIC_URL") or link_for("", {}, st.context.url)).rstrip("/")


@functools.lru_cache(maxsize=16)
def _qr(url: str) -> str:
    """The join link as a QR code: inline SVG (crisp at any size), named for screen readers."""
    import html

    import segno

    qr = segno.make(url, error="m")
    w, h = qr.symbol_size(scale=8, border=4)  # the quiet zone a camera needs
    return qr.svg_inline(scale=8, border=4, dark="#000", light="#fff").replace(
        "<svg ", f'<svg role="img" aria-label="QR code of {html.escape(url)}" viewBox="0 0 {w} '
        f'{h}" style="width: min(260px, 100%); height: auto" ', 1)


def _failed(err: Exception, what: str) -> str:
    if isinstance(err, cr.Refused):
        return str(err)
    log.exception("class store: %s", what)
    return ("The class's answer store can't be reached right now (it is not this page's "
            "fault): try again in a moment.")


# -- the lecturer: "Ask the class" -------------------------------------------------------------
def ask_control(where) -> None:
    """The sidebar's "Ask the class" box of a topic page (the frame calls it)."""
    frame = st.session_state.get("gv.frame") or {}
    if "view" not in frame:
        return
    kinds = {"angle": ("Which way does f increase fastest at p?" if frame["view"][1].is_scalar
                       else "Which way does the arrow F(p) point?") + " (an angle)"}
    if frame.get("choice"):
        kinds["choice"] = f"This page's prediction: {frame['choice'][0]}"
    with where.container(border=True):
        st.markdown(":material/groups: **Ask the class** — every phone answers, the "
                    "projector gathers")
        which = st.radio("Question for the class", list(kinds), format_func=kinds.get,
                         key="gv.class.kind")
        if st.button("Ask the class", key="gv.class.ask", icon=":material/campaign:",
                     type="primary", width="stretch"):
            try:
                code = _ask(frame, which)
            except Exception as err:  # noqa: BLE001 - a friendly sentence, never a traceback
                st.error(_failed(err, "ask"), icon=":material/error:")
                return
            st.switch_page(pages.BY_NAME["projector"].file,
                           query_params={"c": code, **_lecture()})


def _lecture() -> dict:
    """``lecture=1`` for a page switch in lecture mode: a switch mid-run loses the toggle's
    state, the link keeps it (the class's screen and the page after Next stay big)."""
    return {"lecture": "1"} if lecture_mode() else {}


def _ask(frame: dict, which: str) -> str:
    """Make the question from the view on screen and ask it (in this lecturer's class if it
    is still open, else a new one); its code."""
    kind, f = frame["view"]
    view = state._store(kind, "")
    d, p = view["domain"], tuple(view["point"])[: max(f.n, 2)]
    link = {"f": view["valid"], "p": state.fmt_all(p), "d": state.fmt_all(dataclasses.astuple(d))}
    page = st.session_state.get("gv.page", "")
    if which == "choice":  # the page's app.predict(question, options, answer, why)
        text, options, answer, why = frame["choice"]
        q = cr.Question("choice", text, tuple(options), float(answer), why, page, link)
    else:
        q = cr.angle_question(f, p, page, link)
    keys = st.session_state.setdefault("gv.class.keys", {})
    code = st.session_state.get("gv.class.code")
    if code in keys:
        with contextlib.suppress(cr.Refused):  # closed or expired: a new class
            store().control(code, keys[code], "ask", q)
            return code
    code, keys[code] = store().create(q, address=_address())
    st.session_state["gv.class.code"] = code
    return code


# -- the projector -------------------------------------------------------------------------------
def projector() -> None:
    """The lecturer's screen of the class ``?c=CODE``: join link, code and QR, the map, the
    answers as they come, and Reveal / Reset / Next / Close (with the lecturer's key)."""
    st.markdown(_CSS, unsafe_allow_html=True)
    code = cr.normal_code(st.query_params.get("c"))
    if code is None:
        st.title("Ask the class")
        st.info("Open a topic page and press **Ask the class** in its sidebar: the view on "
                "screen becomes a question every phone in the hall can answer.")
        return
    state.register("c", code)
    keys = st.session_state.setdefault("gv.class.keys", {})
    k = st.query_params.get("k")  # a lecturer's link: adopted, and gone from the address bar
    if k:
        if store().owns(code, k):
            keys[code] = k
        else:
            st.session_state["gv.class.forged"] = code
    browser = me(code, keys.get(code, ""))
    if code not in keys and browser and browser["key"] and store().owns(code, browser["key"]):
        keys[code] = browser["key"]
    room = store().room(code)
    if room is None or code not in keys:
        st.title("Ask the class")
        if st.session_state.get("gv.class.forged") == code:
            st.error("This lecturer link does not match the class: nothing can be revealed, "
                     "reset or closed from here.", icon=":material/lock:")
        st.info(f"This is the lecturer's screen of class **{code}**. Students answer at "
                f"`{_origin()}/join?c={code}`.")
        return
    st.session_state["gv.class.code"] = code
    q, secret = room.question, keys[code]
    st.title(q.prompt)
    _about(q)
    cols = st.columns(4)
    actions = [("reveal", "Reveal", ":material/visibility:", room.state == "open"),
               ("reset", "Reset", ":material/replay:", room.state in ("open", "revealed")),
               ("next", "Next", ":material/skip_next:", room.state != "closed"),
               ("close", "Close", ":material/close:", room.state != "closed")]
    for col, (action, label, icon, active) in zip(cols, actions):
        if col.button(label, key=f"gv.class.{action}", icon=icon, disabled=not active,
                      type="primary" if action == "reveal" else "secondary", width="stretch"):
            try:
                store().control(code, secret, action)
            except Exception as err:  # noqa: BLE001
                st.error(_failed(err, action), icon=":material/error:")
                return
            if action == "next":
                page = next((p for p in pages.PAGES if p.url_path == q.page),
                            pages.BY_NAME["home"])
                st.switch_page(page.file, query_params={**q.view, **_lecture()})
            st.rerun()
    # what the hall needs on a projector's first screen (1024 × 768): how to join, the count
    # and the answers, and after the reveal the result in the QR code's place (no answer comes
    # after it); the question's map below
    if room.state not in ("open", "revealed"):
        st.info({"waiting": "Waiting for the next question.",
                 "closed": "This class is closed."}[room.state])
    _fold_sidebar(code)
    join, scan, answers = st.columns([1, 0.9, 1.1])
    url = f"{_origin()}/join?c={code}"
    with join:
        st.markdown(f"**Join on your phone:** scan, or open **{_origin()}/join** and type")
        st.markdown(f'<div class="gv-code" aria-label="class code">{code}</div>',
                    unsafe_allow_html=True)
        st.markdown(f"`{url}`")
        if "://localhost" in url or "://127." in url:
            st.warning("Phones can't reach localhost: open the app by this computer's network "
                       "address, or set GRADVIZ_PUBLIC_URL.")
    with scan:
        if room.state == "revealed":  # this count is the last
            t = cr.tally(q, store().answers(code, room.n).values(), revealed=True)
            right = f"within {cr.WITHIN:g}° of the truth" if q.kind == "angle" else "right"
            st.success(f"**{t.right} of {t.count} {right}.** The answer: "
                       f"{cr.answer_text(q, q.truth)} ({q.why.rstrip('.')}).",
                       icon=":material/visibility:")
        else:
            st.markdown(_qr(url), unsafe_allow_html=True)
    with answers:
        _live_answers(code)
    picture, _ = st.columns([1, 1])
    with picture:
        _map(room)
    with st.expander("Lecturer's link (private: it controls this class)"):
        st.code(f"{_origin()}/class?c={code}&k={secret}", language=None)


@st.fragment(run_every=POLL_S["projector"])
def _live_answers(code: str) -> None:
    """The count and the distribution, read from the store every second."""
    try:
        room = store().room(code)
        values = list(store().answers(code, room.n).values())
    except Exception as err:  # noqa: BLE001 - the store away for a moment: say so, try again
        st.warning(_failed(err, "read the answers"), icon=":material/sync_problem:")
        return
    q, revealed = room.question, room.state == "revealed"
    t = cr.tally(q, values, revealed)
    st.header(f"{t.count} answer{'s' * (t.count != 1)}", anchor=False)
    from ..figures import classroom as fc
    from .render import chart

    truth = q.truth if revealed else None
    spec = (fc.rose(t.bins, truth, size=240) if q.kind == "angle" else
            fc.bars(q.options, t.bins, None if truth is None else int(truth), width=280))
    names = (q.options if q.kind == "choice" else
             [f"{a}°–{a + cr.SECTOR}°" for a in range(0, 360, cr.SECTOR)])
    chart(spec, key="gv.class.dist", alt="the class's answers: " + (", ".join(
        f"{name}: {n}" for name, n in zip(names, t.bins) if n) or "none yet"))


# -- the question's picture, both screens ----------------------------------------------------------
@st.cache_resource(max_entries=16, show_spinner=False)
def _view(text: str, d: str, p: str):
    """The question's f, domain and point, from its link values (parsed once per process)."""
    from ..domain import Domain

    f, msg = state.try_parse(text, None, "", 2)
    if f is None:
        raise cr.Refused(f"This question's function can't be drawn here ({msg}).")
    return f, Domain(*state.parse_numbers(d, 4)), state.parse_numbers(p)


@st.cache_resource(max_entries=32, show_spinner=False)
def _picture(question: str, student: bool, revealed: bool):
    """The question's scene, one object per question and screen (wired once per process)."""
    q = cr.Question.from_json(question)
    return cr.question_scene(q, *_view(q.view["f"], q.view["d"], q.view["p"]),
                             student=student, revealed=revealed)


def _about(q: cr.Question) -> None:
    """f and p of the question, in maths notation (and how angles are measured)."""
    from ..topics.derivatives import function_latex

    f, _, point = _view(q.view["f"], q.view["d"], q.view["p"])
    p = formatting.latex_point(point)
    st.markdown(f"$f(x, y) = {function_latex(f)}$ at $p = {p}$" if f.is_scalar else
                f"$F(x, y) = {f.latex()}$ at $p = {p}$")  # from the tree, never the text
    if q.kind == "angle":
        st.caption("Angles in degrees, counter-clockwise from the +x axis: 0° → east, "
                   "90° ↑ north, 180° ← west, 270° ↓ south.")


def _map(room: cr.Room, *, student: bool = False, answer: float | None = None,
         answered=None) -> None:
    """The question's map and p; for an angle, the arrow the student turns
    (``answered(degrees)`` when let go) and after the reveal the truth's."""
    import math

    from ..browser_expr import BrowserExprError
    from .scene_view import scene
    from .state import View

    q, revealed = room.question, room.state == "revealed"
    f, domain, point = _view(q.view["f"], q.view["d"], q.view["p"])
    picture = _picture(q.to_json(), student, revealed)
    t = math.radians(q.truth)
    truth = {"grad" if f.is_scalar else "F": (math.cos(t), math.sin(t))} if revealed else {}
    try:
        scene(picture, View("scalar" if f.is_scalar else "vector", q.view["f"], f, domain,
                            point, 50), key=f"gv.class.map.{room.n}",
              truth=truth, answer=answer, answered=answered)
    except BrowserExprError:
        st.info("This function can't be drawn in the browser: the question stands without "
                "its map.")


# -- the student -----------------------------------------------------------------------------------
def join() -> None:
    """A student's page (``/join?c=CODE``), made for a phone: the question, one answer."""
    st.markdown(_CSS, unsafe_allow_html=True)
    typed = str(st.query_params.get("c") or "")[:32]
    if typed:
        state.register("c", typed)  # kept in the address bar while the browser says its id
    browser = me()
    if not typed:
        st.title("Join the class")
        typed = st.text_input("Class code", max_chars=32, key="gv.join.code",
                              placeholder="the code on the projector, like K7MQ2XP")
    if browser is None:
        st.caption("Connecting…")
        return
    if not typed:
        return
    code = cr.normal_code(typed)
    try:
        failed = st.session_state.get("gv.join.failed")
        if failed and failed[0] == code:  # a wrong code is asked once per session
            raise cr.Refused(failed[1])
        room = store().join(typed, browser["id"], _address())
    except Exception as err:  # noqa: BLE001
        st.session_state["gv.join.failed"] = (code, _failed(err, "join"))
        if st.query_params.get("c"):
            st.title("Join the class")
        st.error(st.session_state["gv.join.failed"][1], icon=":material/error:")
        return
    state.register("c", code)
    _student(room, browser["id"])


def _student(room: cr.Room, browser: str) -> None:
    q, code = room.question, room.code
    _follow(code, room.n, room.state)
    if room.state == "closed":
        st.title("Thank you!")
        st.info("This class has ended.")
        return
    if room.state == "waiting":
        st.title("Waiting for the next question…")
        st.caption(f"Class {code}: this page follows the lecturer.")
        return
    st.title(q.prompt)
    mine = store().answers(code, room.n, browser).get(browser)

    def send(value):
        try:
            v = store().answer(code, room.n, browser, value)
            st.session_state["gv.join.said"] = ("ok", f"Saved: {cr.answer_text(q, v)}. You can "
                                                      "change it until the reveal.")
        except Exception as err:  # noqa: BLE001
            st.session_state["gv.join.said"] = ("error", _failed(err, "answer"))

    _about(q)
    _map(room, student=True, answer=mine, answered=send)
    if room.state == "revealed":
        right = mine is not None and q.is_right(mine)
        said = f"The answer: **{cr.answer_text(q, q.truth)}** ({q.why.rstrip('.')})."
        if mine is None:
            st.info(said)
        else:
            (st.success if right else st.warning)(
                f"{'Right' if right else 'Not this time'}: you said "
                f"{cr.answer_text(q, mine)}. {said}")
        return
    if q.kind == "choice":
        for i, option in enumerate(q.options):
            st.button(option, key=f"gv.join.{room.n}.{i}", on_click=send, args=(i,),
                      width="stretch", type="primary" if mine == i else "secondary",
                      icon=":material/check:" if mine == i else None)
    else:
        def typed():
            try:
                send(cr.parse_angle(st.session_state.get(f"gv.join.{room.n}.angle", "")))
            except cr.Refused as err:
                st.session_state["gv.join.said"] = ("error", str(err))

        with st.form(f"gv.join.{room.n}.form", border=False):
            st.text_input("angle", key=f"gv.join.{room.n}.angle", max_chars=24,
                          placeholder="degrees, e.g. 135 (or drag an arrow from p)")
            st.form_submit_button("Send", icon=":material/send:", on_click=typed,
                                  type="primary", width="stretch")
    kind, said = st.session_state.pop("gv.join.said", (None, ""))
    if kind == "error":
        st.error(said, icon=":material/error:")
    elif mine is not None:
        st.success(said or f"Your answer: {cr.answer_text(q, mine)}. You can change it until "
                   "the reveal.", icon=":material/check_circle:")


@st.fragment(run_every=POLL_S["student"])
def _follow(code: str, n: int, shown: str) -> None:
    """Reread the class every few seconds; the whole page follows when it moved on."""
    try:
        room = store().room(code)
    except Exception:  # noqa: BLE001 - the store away for a moment: the next look will do
        return
    if room is not None and (room.n, room.state) != (n, shown):
        st.rerun(scope="app")
