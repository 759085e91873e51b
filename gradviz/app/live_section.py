"""A live section of a page: a Streamlit fragment that reruns on its own, in the frame."""

from __future__ import annotations

import functools

import streamlit as st

from . import state
from .page_frame import guard, share_link
from .render import download_row
from .widgets import points

__all__ = ["live"]


def live(fn):
    """Decorator: a section of a page that reruns on its own (a Streamlit fragment).

    A widget inside the section (a drop in its picture, the held-variable and grid
    sliders of :func:`gradviz.app.points`, the section's own sliders) reruns only the
    section, not the whole page and sidebar. Such a rerun still does what the frame does after a full run:
    friendly errors, the URL rewritten (the section's parameters replaced, the rest
    kept) and the share link redrawn. A link is adopted by full runs only. One live
    section per page (the share link has one slot).

    The section is called with the page's View after its held-variable and grid sliders
    are drawn (:func:`gradviz.app.points`, which reads the current point on a rerun).
    Its download buttons (:func:`gradviz.app.downloads`, a row per picture) are drawn below
    it, outside it: a move re-sends no buttons, and a click gets what the latest move
    recorded.
    """
    name = f"gv.live.{getattr(fn, '__qualname__', 'section')}"
    offers = f"{name}.downloads"

    @st.fragment
    @functools.wraps(fn)
    def section(view, *args, **kwargs):
        rerun = bool(state.run_context("fragment_ids_this_run"))  # a fragment alone
        pending = st.session_state.setdefault("gv.url.pending", {})
        if rerun:
            for key in st.session_state.get(name, ()):
                pending.pop(key, None)  # registered again below (or no longer wanted)
            st.session_state["gv.url.adopt"] = {}
        frame = st.session_state.get("gv.frame") or {}
        box = frame.get("link")
        # Streamlit lets a fragment write outside itself only into a place it also
        # wrote into on the last full run: reserve the share link's slot every time
        slot = box.empty() if box is not None else None
        frame["slot"] = slot
        collected = st.session_state["gv.url.collect"] = set()
        # what this run's download buttons hand out: filled in place, so buttons drawn
        # on the last full run give the latest move's files
        st.session_state["gv.live.downloads"] = st.session_state.setdefault(offers, {})
        try:
            with guard():
                fn(points(view), *args, **kwargs)
        finally:
            st.session_state.pop("gv.url.collect", None)
            st.session_state.pop("gv.live.downloads", None)
            st.session_state[name] = collected
        if rerun:
            state.end_run()
            share_link(slot)

    @functools.wraps(fn)
    def page_part(view, *args, **kwargs):
        st.session_state[offers] = {}  # a full run: the section records afresh
        section(view, *args, **kwargs)
        for offer in st.session_state[offers].values():
            download_row(offer)

    return page_part
