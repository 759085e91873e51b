"""The frame around every page: page config, theme, sidebar header, URL sync, errors."""

from __future__ import annotations

import contextlib
import logging

import streamlit as st

from gradviz import ExpressionError

from . import state

log = logging.getLogger("gradviz.app")

_CSS = """
<style>
/* readable from the back row: larger text, bolder maths */
html, body, [data-testid="stAppViewContainer"] { font-size: 18px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.05rem; }
.katex { font-size: 1.25em; }
[data-testid="stMetricValue"] { font-size: 2rem; }
[data-testid="stSlider"] label p { font-size: 1.05rem; font-weight: 600; }
</style>
"""

_LECTURE_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 22px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.3rem; }
.katex { font-size: 1.5em; }
[data-testid="stMetricValue"] { font-size: 2.6rem; }
[data-testid="stSlider"] label p { font-size: 1.3rem; }
h1 { font-size: 2.8rem !important; }
</style>
"""


def configure() -> None:
    """Page config and CSS; call once at the top of the entry script."""
    st.set_page_config(page_title="gradviz — gradients & Jacobians", page_icon="∇",
                       layout="wide", initial_sidebar_state="expanded")


def sidebar_header() -> None:
    st.markdown(_LECTURE_CSS if lecture_mode() else _CSS, unsafe_allow_html=True)
    with st.sidebar:
        st.toggle("Lecture mode", key="gv.lecture",
                  help="Bigger text and lines for a projector.")


def lecture_mode() -> bool:
    """Is the projector-friendly lecture mode on?"""
    if "gv.lecture" not in st.session_state:
        st.session_state["gv.lecture"] = state.link_value("lecture") == "1"
    return bool(st.session_state.get("gv.lecture"))


def font_scale() -> float:
    """Multiply chart fonts by this (1.35 in lecture mode)."""
    return 1.35 if lecture_mode() else 1.0


def run(page) -> None:
    """Run the selected page inside the frame: URL in, page, URL out."""
    state.begin_run()
    sidebar_header()
    try:
        with guard():
            page.run()
    finally:
        if lecture_mode():
            state.register("lecture", "1")
        state.end_run()


@contextlib.contextmanager
def guard(what: str = "this view"):
    """Turn any failure into a friendly message; never a traceback.

    ``ExpressionError`` shows its own (student-facing) message; anything else is
    logged in full on the server and summarised on the page.
    """
    try:
        yield
    except ExpressionError as err:
        st.error(f"{err}", icon=":material/error:")
    except Exception as err:  # noqa: BLE001 — the last line of defence
        log.exception("while drawing %s", what)
        st.error(f"Something went wrong while drawing {what} ({type(err).__name__}). "
                 "Try another point, a smaller grid or a simpler function.",
                 icon=":material/error:")
