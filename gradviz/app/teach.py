"""Teaching widgets: predict-then-reveal (lecture mode) and check-yourself answers."""

from __future__ import annotations

import functools

import streamlit as st

from gradviz import ExpressionError, budget
from gradviz.checking import Verdict, check_partial_text
from gradviz.topics.derivatives import function_latex

from .state import View

__all__ = ["predict", "check_yourself", "CHECK"]


def _context() -> tuple:
    """What a prediction is about: the current functions (a new course example asks again)."""
    return tuple(st.session_state.get(st.session_state.get(f"gv.use.{kind}"), {}).get("valid")
                 for kind in ("scalar", "vector"))


def predict(key: str, question: str, options: list[str], answer: int, why: str,
            context=None) -> None:
    """Ask first, reveal the answer on a click (a right pick in green, a wrong one in amber, no
    pick in blue). A new function (or ``context``) asks again, as does "Ask again"."""
    # the page's question, for "Ask the class" (gradviz/app/classroom.py)
    (st.session_state.get("gv.frame") or {}).setdefault("choice", (question, options, answer, why))
    shown_key, pick_key, for_key = f"{key}.shown", f"{key}.pick", f"{key}.for"

    def again():
        st.session_state.pop(shown_key, None)
        st.session_state[pick_key] = None

    context = _context() if context is None else context
    if st.session_state.get(for_key, context) != context:
        again()
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
        st.button("Ask again", key=f"{key}.again", icon=":material/replay:", on_click=again)


#: the anchor of a page's check-yourself section: a link beside the readouts jumps there
CHECK = "check-yourself"


def check_yourself(view: View, var: str, key: str, worked) -> None:
    """A box where a student types ∂f/∂var, checked as a function against the exact one;
    ``worked()`` draws the worked answer on request (a new function or variable hides it)."""
    d = view.domain
    box = [(d.xmin, d.xmax), (d.ymin, d.ymax)] + [(v - 1.0, v + 1.0) for v in view.fixed]
    with st.container(border=True):
        st.markdown(f":material/edit: **Check yourself:** type $\\partial f/\\partial {var}$ "
                    f"for $f = {function_latex(view.f)}$")
        text = st.text_input(f"∂f/∂{var} =", key=f"{key}.{var}", max_chars=500,
                             placeholder="e.g. 2x + y*cos(x*y)")
        verdict = None
        if text.strip():
            try:
                verdict = _verdict(view.text, view.f.variables, var, text,
                                   tuple(tuple(b) for b in box[: view.f.n]))
            except budget.Busy as err:
                verdict = str(err)
            if isinstance(verdict, str):
                st.error(verdict, icon=":material/edit:")
            elif verdict.correct:
                st.success(verdict.message, icon=":material/check_circle:")
            else:
                st.warning(verdict.message, icon=":material/lightbulb:")
        shown, context = f"{key}.{var}.worked", (view.text, var)
        if st.session_state.get(shown) == context:
            worked()
            st.button("Hide the worked answer", key=f"{shown}.hide",
                      icon=":material/visibility_off:", on_click=st.session_state.pop,
                      args=(shown, None))
            return
        label = ("Stuck? Show the worked answer" if verdict is None or isinstance(verdict, str)
                 else "Compare with the worked answer" if verdict.correct
                 else "Show the worked answer")
        st.button(label, key=f"{shown}.show", icon=":material/visibility:",
                  on_click=st.session_state.__setitem__, args=(shown, context))


@functools.lru_cache(maxsize=512)
def _verdict(f_text: str, variables: tuple[str, ...], var: str, answer: str,
             box: tuple) -> Verdict | str:
    """A Verdict, or the ExpressionError's message, from the killable worker within the time
    budget; cached: every rerun (a slider move) asks again."""
    try:
        return budget.run_with_budget(check_partial_text, (f_text, variables, var, answer, box))
    except budget.Busy:
        raise  # nothing learnt about the answer: not remembered (lru_cache keeps no errors)
    except ExpressionError as err:
        return str(err)
