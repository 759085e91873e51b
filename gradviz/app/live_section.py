"""A live section of a page (a Streamlit fragment that reruns on its own), its pictures (each a
fragment a grid step reruns alone), and parts of a page that their own controls rerun alone."""

from __future__ import annotations

import contextlib
import functools

import streamlit as st

from . import state
from .page_frame import guard, turn
from .render import download_rows
from .widgets import PICTURE_COUNT, current_n, grid_slider, points

__all__ = ["live", "picture", "part", "SETTING_WIDTH"]

#: the fragment keys (``st.rerun(key)``): the live section, its pictures that follow the
#: grid, and its other pictures
LIVE, PICTURES, STILL = "gv.live", "gv.picture", "gv.picture.still"
_INSIDE = "gv.live.inside"  # set while a live section's body runs
PICTURE_RUNNING = "gv.picture.inside"  # set while a picture's body runs (its scene's callbacks)
LIVE_ID = "gv.live.id"  # the live section's fragment id (a picture's events rerun it)
_OFFERS = "gv.live.offers"  # the live section's download offers (a picture alone fills them)
_HOLDER = "gv.live.downloads"  # the offers gradviz.app.downloads records into meanwhile
#: px: a setting in a picture's row beside the grid slider (two fit in a projector's column)
SETTING_WIDTH = 280


def live(fn):
    """Decorator: a section of a page that reruns on its own (a Streamlit fragment), one per
    page. It draws the held-variable sliders (:func:`points`) first and passes their View.

    Its reruns keep friendly errors and rewrite the URL; a link is adopted by full runs only.
    Its download buttons are drawn below it on full runs: a click gets the latest move's.
    """
    name = f"gv.live.{getattr(fn, '__qualname__', 'section')}"
    offers = f"{name}.downloads"

    @st.fragment(key=LIVE)
    @functools.wraps(fn)
    def section(view, *args, **kwargs):
        with turn():
            _section(view, *args, **kwargs)

    def _section(view, *args, **kwargs):
        rerun = bool(state.run_context("fragment_ids_this_run"))  # a fragment alone
        if rerun:
            pending = st.session_state.setdefault("gv.url.pending", {})
            for key in st.session_state.get(name, ()):
                pending.pop(key, None)  # registered again below (or no longer wanted)
            st.session_state["gv.url.adopt"] = {}
        collected = st.session_state["gv.url.collect"] = set()
        st.session_state[LIVE_ID] = state.this_fragment()  # its pictures' events rerun it
        # what this run's download buttons hand out: filled in place, so buttons drawn
        # on the last full run give the latest move's files
        st.session_state[_OFFERS] = st.session_state.setdefault(offers, {})
        st.session_state[PICTURE_COUNT] = 0
        try:
            with _setting(_INSIDE), _setting(_HOLDER, st.session_state[_OFFERS]), guard():
                fn(points(view), *args, **kwargs)
        finally:
            st.session_state.pop("gv.url.collect", None)
            st.session_state[name] = collected
        if rerun:
            state.end_run()  # the address bar, and the share link with it (the browser's)

    @functools.wraps(fn)
    def page_part(view, *args, **kwargs):
        st.session_state[offers] = {}  # a full run: the section records afresh
        section(view, *args, **kwargs)
        download_rows(st.session_state[offers].values())

    return page_part


def picture(draw, view, *, grid: bool = False, controls=None, follows_grid: bool = True):
    """``draw(view)`` at the view's grid size, returning what it returns; ``grid``: the grid
    slider under it; ``controls(row)``: its own settings in that row, then
    ``draw(view, controls(row))``; ``follows_grid=False``: a grid step leaves it alone.

    Inside a live section (not under AppTest) it is a fragment of its own.
    """
    if not st.session_state.get(_INSIDE) or state.under_apptest():
        return _draw(draw, view, grid, controls, None)
    if follows_grid:
        st.session_state[PICTURE_COUNT] = st.session_state.get(PICTURE_COUNT, 0) + 1
    return _alone(_picture if follows_grid else _still, _draw, draw, view, grid, controls,
                  PICTURES, picture=True)


def part(fn, *args):
    """``fn(*args)``, returning what it returns: a part of a page that its own controls rerun
    alone (with the arguments of the last run that drew it); inline under AppTest."""
    if state.under_apptest():
        return fn(*args)
    if st.session_state.get(_INSIDE):  # the live section holds its download offers
        return _alone(_part, fn, *args)
    # its download buttons below it, on full runs: a step of its controls re-sends none
    key = f"gv.part.{getattr(fn, '__qualname__', 'part')}.downloads"
    offers = st.session_state[key] = {}
    try:
        return _alone(_part, fn, *args, offers=key)
    finally:
        download_rows(offers.values())


def _alone(fragment, fn, *args, picture: bool = False, offers: str = ""):
    """``fn(*args)`` in ``fragment``; an error in a page's or a section's run is raised here,
    for its guard. ``offers``: the session key of the dict that holds its download offers."""
    box: dict = {"inside": bool(st.session_state.get(_INSIDE)), "picture": picture,
                 "offers": offers}
    fragment(fn, args, box)
    if "error" in box:
        raise box["error"]
    return box.get("now")


def _body(fn, args, box):
    with turn():
        _body_run(fn, args, box)


def _body_run(fn, args, box):
    # alone: the rerun is this fragment's (a grid step: the pictures; a part's own control)
    alone = bool(state.run_context("fragment_ids_this_run")) and not st.session_state.get(
        _INSIDE)
    if alone:
        st.session_state["gv.url.adopt"] = {}  # a link is adopted by full runs only
    hold = (_setting(_HOLDER, st.session_state.setdefault(box["offers"], {})) if box["offers"]
            else _setting(_HOLDER, st.session_state.get(_OFFERS, {})) if alone and box["inside"]
            else contextlib.nullcontext())
    try:
        with _setting(PICTURE_RUNNING) if box["picture"] else contextlib.nullcontext(), hold:
            box["now"] = fn(*args)
    except Exception as err:  # noqa: BLE001 - said by the page's guard, or here
        if not alone:
            box["error"] = err
        else:
            with guard():
                raise
    if alone and state.last_fragment_of_run():
        state.end_run()


_picture = st.fragment(_body, key=PICTURES)
_still = st.fragment(_body, key=STILL)
_part = st.fragment(_body)


def _draw(draw, view, grid, controls, pictures):
    if not (grid or controls):
        return draw(current_n(view))
    # the picture, then its settings' row under it (on a projector the picture and its point
    # sliders stay on the first screen)
    above, row = st.container(), st.container(horizontal=True)
    view = (grid_slider(view, pictures, row, SETTING_WIDTH if controls else 360) if grid
            else current_n(view))
    with above:
        return draw(view, controls(row)) if controls else draw(view)


@contextlib.contextmanager
def _setting(name: str, value=True):
    """``st.session_state[name]`` is ``value`` meanwhile."""
    st.session_state[name] = value
    try:
        yield
    finally:
        st.session_state.pop(name, None)
