"""Teaching widgets: predict-then-reveal (lecture mode) and check-yourself answers."""

from __future__ import annotations

import streamlit as st

from gradviz import ExpressionError
from gradviz.checking import check_partial
from gradviz.topics.derivatives import function_latex

from .state import View


def predict(key: str, question: str, options: list[str], answer: int, why: str) -> None:
    """Ask first, show the answer on a click (for a lecture: students predict, then see).

    The answer is revealed by the button; a wrong pick is answered gently.
    """
    with st.container(border=True):
        st.markdown(f":material/psychology: **Predict:** {question}")
        pick = st.radio("Your prediction", options, index=None, key=f"{key}.pick",
                        horizontal=True, label_visibility="collapsed")
        if st.button("Reveal", key=f"{key}.reveal", icon=":material/visibility:"):
            st.session_state[f"{key}.shown"] = True
        if st.session_state.get(f"{key}.shown"):
            verdict = ""
            if pick is not None:
                verdict = "Right! " if options.index(pick) == answer else "Not this time. "
            st.success(f"{verdict}**{options[answer]}** — {why}")


def check_yourself(view: View, var: str, key: str) -> None:
    """A box where a student types ∂f/∂var; checked as a function against the exact one."""
    d = view.domain
    box = [(d.xmin, d.xmax), (d.ymin, d.ymax)] + [(v - 1.0, v + 1.0) for v in view.fixed]
    with st.container(border=True):
        st.markdown(f":material/edit: **Check yourself:** type $\\partial f/\\partial {var}$ "
                    f"for $f = {function_latex(view.f)}$")
        text = st.text_input(f"∂f/∂{var} =", key=f"{key}.{var}", max_chars=500,
                             placeholder="e.g. 2x + y*cos(x*y)")
        if not text.strip():
            return
        try:
            verdict = check_partial(view.f, var, text, box[: view.f.n])
        except ExpressionError as err:
            st.error(f"{err}", icon=":material/edit:")
            return
        if verdict.correct:
            st.success(verdict.message, icon=":material/check_circle:")
        else:
            st.warning(verdict.message)
