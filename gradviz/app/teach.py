"""Teaching widgets: predict-then-reveal (lecture mode) and check-yourself answers."""

from __future__ import annotations

import functools

import streamlit as st

from gradviz import ExpressionError, budget
from gradviz.checking import Verdict, check_partial_text
from gradviz.topics.derivatives import function_latex

from .state import View

__all__ = ["predict", "check_yourself"]


def _context() -> tuple:
    """What a prediction is about: the current functions (a new course example asks again)."""
    return tuple(st.session_state.get(f"gv.{kind}", {}).get("valid") for kind in ("scalar", "vector"))


def predict(key: str, question: str, options: list[str], answer: int, why: str,
            context=None) -> None:
    """Ask first, show the answer on a click (for a lecture: students predict, then see).

    The answer is revealed by the button: a right pick in green, a wrong pick in
    amber (with the right answer), no pick in blue. When the function changes (another
    course example) or ``context`` does, the question is asked again: the pick and the
    reveal are cleared. "Ask again" clears them by hand.
    """
    # the page's question, for "Ask the class" (gradviz/app/classroom.py)
    (st.session_state.get("gv.frame") or {}).setdefault("choice", (question, options, answer, why))
    shown_key, pick_key, for_key = f"{key}.shown", f"{key}.pick", f"{key}.for"
    context = _context() if context is None else context
    if st.session_state.get(for_key, context) != context:
        st.session_state.pop(shown_key, None)
        st.session_state[pick_key] = None
    st.session_state[for_key] = context
    with st.container(border=True):
        st.markdown(f":material/psychology: **Predict:** {question}")
        pick = st.radio("Your prediction", options, index=None, key=pick_key,
                        horizontal=True, label_visibility="collapsed")
        if not st.session_state.get(shown_key):
            st.button("Reveal", key=f"{key}.reveal", icon=":material/visibility:",
                      on_click=st.session_state.__setitem__, args=(shown_key, True))
            return
        said = f"**{options[answer]}** — {why}"
        if pick is None:
            st.info(f"The answer: {said}", icon=":material/visibility:")
        elif options.index(pick) == answer:
            st.success(f"Right! {said}", icon=":material/check_circle:")
        else:
            st.warning(f"Not this time: you picked *{pick}*. The answer is {said}",
                       icon=":material/lightbulb:")

        def again():
            st.session_state.pop(shown_key, None)
            st.session_state[pick_key] = None

        st.button("Ask again", key=f"{key}.again", icon=":material/replay:", on_click=again)


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
            verdict = _verdict(view.text, view.f.variables, var, text,
                               tuple(tuple(b) for b in box[: view.f.n]))
        except budget.Busy as err:
            verdict = str(err)
        if isinstance(verdict, str):
            st.error(verdict, icon=":material/edit:")
            return
        if verdict.correct:
            st.success(verdict.message, icon=":material/check_circle:")
        else:
            st.warning(verdict.message)


@functools.lru_cache(maxsize=512)
def _verdict(f_text: str, variables: tuple[str, ...], var: str, answer: str,
             box: tuple) -> Verdict | str:
    """The check of one answer, done in the killable worker within the time budget, and
    remembered: the answer stays in its box, and every rerun (a slider move) asks again.

    A Verdict, or the message of the ExpressionError the check raised (answers that
    don't parse, or whose check takes too long, are remembered as well).
    """
    try:
        return budget.run_with_budget(check_partial_text, (f_text, variables, var, answer, box))
    except budget.Busy:
        raise  # nothing learnt about the answer: not remembered (lru_cache keeps no errors)
    except ExpressionError as err:
        return str(err)
