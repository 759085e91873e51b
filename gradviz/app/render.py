"""Rendering and caching helpers shared by the pages."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import threading
import time
from collections import deque

import streamlit as st

import gradviz
from gradviz import budget, calculus, checking, export, sampling, topics
from gradviz.function import count_undefined

from . import state
from .page_frame import lecture_mode
from .state import View
from .widgets import show_notices

__all__ = ["compute", "chart", "plotly", "metrics", "prose", "fitted_latex", "undefined_note",
           "url_slider", "url_toggle", "on_demand", "downloads", "link_to", "table"]

# the core helpers the cache may call, by name (a closed list)
_CALLABLE = {
    f"{mod.__name__}.{name}": getattr(mod, name)
    for mod in (sampling, calculus, checking, *topics.MODULES)
    for name in mod.__all__
    if callable(getattr(mod, name))
}


def _freeze(value):
    """``value`` as a dict key: lists and arrays as tuples."""
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    if hasattr(value, "tolist"):
        return _freeze(value.tolist())
    return value


#: (helper, text, variables, args, kwargs, their types) -> its result (about 1 µs a look-up;
#: st.cache_resource took ~150 µs, hashing the arguments and inspecting the function)
_RESULTS = budget.Shared(256)


def _types(value):
    return tuple(map(_types, value)) if isinstance(value, tuple) else type(value)


def _read_only(value):
    """Made read-only, being shared between sessions."""
    if hasattr(value, "flags") and hasattr(value, "setflags"):
        value.setflags(write=False)
    elif isinstance(value, (tuple, list)):
        for v in value:
            _read_only(v)
    return value


def compute(fn, view: View, *args, **kwargs):
    """``fn(view.f, *args, **kwargs)`` for a core helper, cached on plain values; results are
    shared between sessions and read-only."""
    name = f"{fn.__module__}.{fn.__name__}"
    if name not in _CALLABLE:
        raise ValueError(f"{name} is not a cacheable gradviz helper")
    text, variables = view.text, view.f.variables
    args, kw = _freeze(args), tuple(sorted((k, _freeze(v)) for k, v in kwargs.items()))

    def run():
        f = gradviz.parse(text, variables=variables)
        return _read_only(_CALLABLE[name](f, *args, **dict(kw)))

    # the types too: 1, 1.0 and True are one dict key, and a helper may treat them apart
    return _RESULTS.get((name, text, variables, args, kw, _types((args, kw))), run)


def chart(spec: dict, key: str | None = None, *, name: str = "", what: str = "", **kwargs):
    """Show a Vega-Lite spec (:func:`gradviz.figures.layers.compose`) at its own size; with
    ``name``, its downloads (:func:`downloads`)."""
    if "alt" not in kwargs:  # a text alternative for screen readers
        title = spec.get("title")
        if isinstance(title, dict):  # {"text": ..., "subtitle": ...}
            title = title.get("text")
        title = " ".join(map(str, title)) if isinstance(title, (list, tuple)) else (
            str(title) if title else "a chart")
        enc = spec.get("encoding", {})
        axes = ", ".join(str(enc.get(a, {}).get("title", a)) for a in ("x", "y"))
        # nothing here may change with the point: Streamlit puts ``alt`` into the spec,
        # and a changed spec makes the browser rebuild the whole chart instead of
        # updating its data in place (tests/app/test_charts_in_place.py)
        kwargs["alt"] = f"{title} (axes: {axes}); its key numbers are written beside it"
    wired = dict(spec, datasets={k: _arrow_bytes(v) for k, v in spec["datasets"].items()})
    out = st.vega_lite_chart(spec=wired, width="content", theme=None, key=key, **kwargs)
    if name:
        downloads(spec, name=name, what=what)
    return out


def _lean(data):
    """A table (a DataFrame, rows as dicts, or columns as a dict of lists) as an Arrow table as
    small as its values allow (most of a rerun's bytes are chart and table data): floats as
    float32, integers in the narrowest type, repeated text dictionary-encoded, no index; None
    when a column will not convert (mixed types)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    def column(a):
        if a.dtype == np.float64:
            return pa.array(a.astype(np.float32))
        if a.dtype.kind in "iu" and a.size:
            lo, hi = int(a.min()), int(a.max())
            t = next(t for t in (np.int8, np.int16, np.int32, np.int64)
                     if np.iinfo(t).min <= lo and hi <= np.iinfo(t).max)
            return pa.array(a.astype(t))
        out = pa.array(a, from_pandas=True)  # a missing value (None, NaN) is a null
        return out.dictionary_encode() if (
            pa.types.is_string(out.type) and len(set(a)) * 2 <= len(a)) else out

    df = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    try:
        return pa.table({str(c): column(df[c].to_numpy()) for c in df.columns})
    except (pa.ArrowException, TypeError, ValueError):
        return None


def _arrow_bytes(df) -> bytes:
    """A chart's table as Arrow IPC bytes (:func:`_lean`)."""
    from streamlit import dataframe_util

    table = _lean(df)
    return (dataframe_util.convert_anything_to_arrow_bytes(df) if table is None
            else dataframe_util.convert_arrow_table_to_arrow_bytes(table))


def table(data, where=None) -> None:
    """A table (rows as dicts, or columns as a dict of lists), without an index, sent lean."""
    lean = _lean(data)
    (where or st).table(data if lean is None else lean, hide_index=True)


def plotly(figure, key: str | None = None, **kwargs):
    """Show a Plotly figure (drag to rotate 3-D); no mode bar logo, no network."""
    return st.plotly_chart(figure, key=key, config={"displaylogo": False}, **kwargs)


def undefined_note(values, what: str = "points") -> tuple[int, int]:
    """Say how many grid points are undefined (nan/inf); returns (k, N)."""
    k, n = count_undefined(values)
    if n and k == n:
        st.warning(f"The function is undefined at every one of the {n} {what} in this view "
                   "— try another domain.", icon=":material/block:")
    elif k:
        st.caption(f":material/warning: {k} of {n} {what} undefined (left blank).")
    return k, n


def _kept(key: str, default):
    """The value a page control had last (kept across page switches), else ``default``."""
    return st.session_state.get(f"gv.keep.{key}", default)


def _keep(key: str) -> None:
    st.session_state[f"gv.keep.{key}"] = st.session_state[key]


def url_slider(label: str, name: str, lo: float, hi: float, default: float, step: float,
               key: str, container=None, integer: bool = False, **kwargs):
    """A slider whose value travels in the link as ``name=value`` (and survives page switches)."""
    container = container or st
    if state.link_value(name) is not None:
        st.session_state[f"gv.keep.{key}"] = state.url_number(name, default, lo, hi,
                                                              integer=integer)
    num = int if integer else float
    state.fill(key, num(min(max(_kept(key, default), lo), hi)), (label, lo, hi, step))
    val = container.slider(label, min_value=num(lo), max_value=num(hi), step=num(step),
                           value=state.held(key, num(lo), num(hi)), key=key,
                           on_change=_keep, args=(key,), **kwargs)
    state.register(name, str(val) if integer else state.fmt(val))
    show_notices()  # e.g. this control's link value was unusable
    return val


def link_to(page: str, view: View, label: str, **params) -> None:
    """A link to another page (by its name in :mod:`gradviz.app.pages`) at the same f and point,
    with ``params`` (the page's controls)."""
    from .pages import BY_NAME

    query = {"f": view.text, "p": state.fmt_all(view.point),
             **{k: state.fmt(v) for k, v in params.items()},
             **({"lecture": "1"} if lecture_mode() else {})}
    st.page_link(BY_NAME[page].file, label=label, icon=":material/open_in_new:", query_params=query)


def downloads(picture, *, name: str = "", what: str = "") -> None:
    """Download buttons (files made on click) for a :class:`gradviz.scene.Scene` or the
    Vega-Lite spec of a chart named ``name``; ``what`` names it ("the heatmap").

    Inside a live section or a part this only records the offer: its buttons are drawn below
    it on full runs, so a move re-sends no buttons and a click gets the latest one's.
    """
    if lecture_mode():  # fewer controls on a projector: say where they went
        offer = {"lecture": what or "this figure"}
    elif isinstance(picture, dict):
        offer = {"spec": picture, "name": name, "what": what}
    else:
        offer = {"scene": picture, "name": name or picture.name, "what": what}
    holder = st.session_state.get("gv.live.downloads")
    if holder is not None:
        slot = holder.setdefault(offer.get("name") or what, {})  # per picture
        slot.clear()
        slot.update(offer)  # in place: a click meanwhile sees old or new
        return
    download_row(offer)


#: figure images one session may ask for in a minute
FIGURES_PER_MINUTE = 6
#: data and script files one session may ask for in a minute
FILES_PER_MINUTE = 20
_ASKED: dict[tuple, deque] = {}  # (session id, kind) -> when it asked in the last minute
_ASKED_LOCK = threading.Lock()
_FILES = budget.Shared(16 * 1024 * 1024, getsizeof=len)  # what a file holds -> the file


def _count(session: str, kind: str, limit: int, after: str = "") -> None:
    """One more ``kind`` for ``session``: Busy saying when to ask again past ``limit`` in a
    minute."""
    now = time.monotonic()
    with _ASKED_LOCK:
        for k in [k for k, asked in _ASKED.items() if now - asked[-1] > 60]:
            del _ASKED[k]  # forget what nobody asked for in the last minute
        asked = _ASKED.setdefault((session, kind), deque())
        while asked and now - asked[0] > 60:
            asked.popleft()
        if len(asked) >= limit:
            raise budget.Busy(f"that is {limit} {kind} within a minute — ask again in "
                              f"{60 - (now - asked[0]):.0f} s{after}")
        asked.append(now)


def figure_file(draw, picture, fmt: str, session: str = "") -> bytes:
    """``draw(picture, fmt)``: at most :data:`FIGURES_PER_MINUTE` per ``session``, else
    :class:`gradviz.budget.Busy` saying when to ask again; its data made in the session's
    turn at the server (:data:`gradviz.budget.TURNS`), its image in a worker."""
    _count(session, "figures", FIGURES_PER_MINUTE,
           " (the data and the script download at once)")
    with budget.TURNS.turn(session):
        return draw(picture, fmt, session=session)


def data_file(make, picture, session: str = "", what: str = ""):
    """``make(picture)`` (a data or script download, made in this process; ``what`` tells
    its kind from others of the same picture): at most
    :data:`FILES_PER_MINUTE` per ``session``, in its turn at the server, and made once for
    every session that asks for the same file."""
    _count(session, "data and script files", FILES_PER_MINUTE)
    text = repr(picture)  # a scene's repr is all it holds; numpy's "..." would hide some
    key = (what, hashlib.blake2b(text.encode(), digest_size=16).hexdigest() if "..." not in text
           else object())
    with budget.TURNS.turn(session):
        return _FILES.get(key, lambda: make(picture))


def download_rows(offers) -> None:
    """The download menus of ``offers`` (see :func:`downloads`) side by side."""
    offers = [o for o in offers if o]
    with (st.container(horizontal=True) if len(offers) > 1 and not lecture_mode()
          else contextlib.nullcontext()):
        for offer in offers:
            download_row(offer)


def download_row(offer: dict) -> None:
    """The download menu for ``offer``, which may change after it is drawn: each button reads
    it when clicked."""
    if not offer:
        return
    if "lecture" in offer:
        st.caption(f":material/download: Downloads of {offer['lecture']} (figure, data, script) "
                   "are hidden in lecture mode: switch *Lecture mode* off in the sidebar to get them.")
        return
    name, scene = offer["name"], "scene" in offer
    # one menu, its buttons drawn when it opens: every element on a page costs the browser
    # time on each rerun, even unchanged (bench/browser.py: 5-40 ms a control on a page
    # with four pictures), and a phone or a projector shows one button instead of four
    row = st.popover(f"Download {offer['what']}" if offer.get("what") else "Download",
                     icon=":material/download:")
    row.caption("The figure, its data" + (", and a Python script that draws it again."
                                          if scene else "."))
    session = state.run_context("session_id", "")
    which, draw = ("scene", export.scene_figure) if scene else ("spec", export.figure_files)
    files = [(f"Figure ({fmt.upper()})", fmt, mime, icon,
              lambda fmt=fmt: figure_file(draw, offer[which], fmt, session))
             for fmt, mime, icon in (("png", "image/png", "image"), ("svg", "image/svg+xml", "draw"))]
    if scene:
        files += [("Data (CSV)", "zip", "application/zip", "table",
                   lambda: data_file(export.scene_data, offer["scene"], session, "data")),
                  ("Python script", "py", "text/x-python", "code",
                   lambda: data_file(export.scene_script, offer["scene"], session, "script"))]
    else:
        many = export.table_count(offer["spec"]) > 1
        files.append(("Data (CSV)", "zip" if many else "csv",
                      "application/zip" if many else "text/csv", "table",
                      lambda: data_file(functools.partial(export.table_csv, zipped=many),
                                        offer["spec"], session, f"csv {many}")))
    for label, ext, mime, icon, make in files:
        row.download_button(label, make, file_name=f"{name}.{ext}", mime=mime,
                            icon=f":material/{icon}:", on_click="ignore")


def on_demand(label: str, name: str, key: str, what: str, container=None) -> bool:
    """A toggle (off unless the link has ``name=1``) for a Plotly 3-D view, which the browser
    redraws from scratch on every move of the point."""
    return url_toggle(label, name, key, container,
                      help=f"{what} Off by default: it is redrawn on every move of the point, "
                           "which slows the sliders down.")


def url_toggle(label: str, name: str, key: str, container=None, **kwargs) -> bool:
    """A toggle whose state travels in the link as ``name=1`` (absent when off)."""
    container = container or st
    raw = state.link_value(name)
    if raw is not None:
        st.session_state[f"gv.keep.{key}"] = raw in ("1", "true", "on", "yes")
    state.fill(key, bool(_kept(key, False)))
    on = container.toggle(label, key=key, on_change=_keep, args=(key,), **kwargs)
    if on:
        state.register(name, "1")
    return bool(on)


def metrics(items, where=None) -> None:
    """A row of ``st.metric`` that wraps: ``(label, value[, help])`` tuples or objects with
    those fields (one container: ``st.columns`` sends a message more a column)."""
    row = (where or st).container(horizontal=True, gap="medium")
    for item in items:
        label, value, *tip = item if isinstance(item, tuple) else (item.label, item.value,
                                                                   item.help)
        row.metric(label, value, help=tip[0] if tip else None)


def fitted_latex(wide: str, narrow: str, key: str) -> None:
    """A formula laid out twice: ``narrow`` (fewer terms a row) shown on a phone, ``wide``
    elsewhere (page_frame's CSS picks one by the screen's width)."""
    if wide == narrow:
        st.latex(wide)
        return
    for name, tex in (("wide", wide), ("narrow", narrow)):
        with st.container(key=f"gv_{name}_{key}"):
            st.latex(tex)


def prose(blocks) -> None:
    """Draw ``(kind, text)`` blocks (``markdown``, ``latex``, or an ``st`` element such as
    ``info``), each run of markdown and LaTeX as one element."""
    run: list[str] = []
    for kind, text in (*blocks, (None, None)):
        if kind in ("markdown", "latex"):
            run.append(f"$$\n{text}\n$$" if kind == "latex" else text)
            continue
        if run:
            st.markdown("\n\n".join(run))
            run = []
        if kind is not None:
            getattr(st, kind)(text)
