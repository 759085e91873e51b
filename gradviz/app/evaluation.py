"""The functions page's vector section: a link's vector function, and where to evaluate it."""

from __future__ import annotations

import streamlit as st

from . import state

__all__ = ["adopt_vector_link"]


def adopt_vector_link(accept, prefix: str = "v") -> None:
    """A link's ``f`` that only the page's vector section draws goes to that section.

    On a page with a scalar section (URL names ``f``, ``p``, ``d``) and a vector section
    (``vf``, ``at`` for its evaluation point, ``vd``), ``?f=[x, sin(y)]&p=2,3`` means the
    vector function evaluated at (2, 3): read as ``vf``, ``at`` and ``vd`` (unless the link
    names those itself). Call before the page's first :func:`gradviz.app.setup`.
    """
    adopt = st.session_state.get("gv.url.adopt") or {}
    raw = adopt.get("f")
    if raw is None or prefix + "f" in adopt:
        return
    f, _ = state.try_parse(raw, accept, "", 1)
    if f is None:
        return
    moved = dict(adopt)
    moved[prefix + "f"] = moved.pop("f")
    for name, alias in (("p", "at"), ("d", prefix + "d")):
        if name in moved and alias not in moved:
            moved[alias] = moved.pop(name)
    st.session_state["gv.url.adopt"] = moved
