"""The glue of the functions and vector-fields pages: a link's vector function, the
evaluation boxes and the map of ‖f‖ that moves them, and the field's options."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import streamlit as st

from gradviz import formatting
from gradviz.topics import explore

from . import messages, pages, state
from .render import compute, url_slider, url_toggle
from .scene_view import scene
from .state import View

__all__ = ["adopt_vector_link", "evaluation_point", "FieldOptions", "field_options", "length_map"]

#: the key of the vector section's live map of ‖f‖
LENGTH_MAP = "fn.length"


def adopt_vector_link(prefix: str = "v") -> None:
    """A link's ``f`` that only the vector section (box ``prefix``) draws goes there: call
    before the page's first :func:`gradviz.app.setup`.

    ``?f=[x, sin(y)]&p=2,3`` is read as ``vf``, ``at`` and ``vd`` (unless the link names those
    itself), and ``at`` is the vector view's point too.
    """
    moved = dict(st.session_state.get("gv.url.adopt") or {})
    raw = moved.get("f")
    accept = pages.box_of(st.session_state.get("gv.page", ""), prefix).accept
    if raw is not None and prefix + "f" not in moved and state.try_parse(raw, accept, "", 1)[0]:
        moved[prefix + "f"] = moved.pop("f")
        for name, alias in (("p", "at"), ("d", prefix + "d")):
            if name in moved and alias not in moved:
                moved[alias] = moved.pop(name)
    if "at" in moved and prefix + "p" not in moved:
        try:  # a broken one: evaluation_point says so
            state.parse_numbers(moved["at"])
            moved[prefix + "p"] = moved["at"]
        except ValueError:
            pass
    st.session_state["gv.url.adopt"] = moved


def _start_boxes(view: View, keys: list[str]) -> tuple[float, ...]:
    """Fill the boxes: the function's default point when it is new, else where they were."""
    start = explore.default_evaluation_point(view.f, view.text, view.point)
    signature = (view.text, view.f.variables)
    new_function = st.session_state.get("fn.at.sig") != signature
    if new_function:
        st.session_state["fn.at.sig"] = signature
        st.session_state["fn.at.saved"] = tuple(float(v) for v in start)
    for k, v in zip(keys, st.session_state["fn.at.saved"]):
        if new_function or k not in st.session_state:  # boxes forget on a page switch
            st.session_state[k] = v
    dropped = _dropped(LENGTH_MAP)
    if dropped is not None and len(keys) == 2:  # released on the map of ‖f‖
        for k, v in zip(keys, dropped):
            st.session_state[k] = v
    return start


def _dropped(key: str) -> tuple[float, float] | None:
    """Where the hand last released the point on the chart ``key`` (once per release, within
    the bounds links are held to), else None."""
    moved = messages.last(key, "moved")
    xy = messages.numbers(moved, ("x", "y"))
    release = xy and (*xy, moved.get("seq"))
    if xy is None or st.session_state.get(key + ".applied") == release:
        return None
    st.session_state[key + ".applied"] = release
    return xy if all(abs(v) <= state.MAX_COORD for v in xy) else None


def evaluation_point(view: View) -> tuple[float, ...]:
    """One number box per input of the vector function (a link's ``at=2,10`` fills them);
    returns the point, which also goes in the link."""
    g = view.f
    keys = [f"fn.at.{j}" for j in range(g.n)]
    start = _start_boxes(view, keys)
    raw = state.link_value("at")
    if raw is not None:
        try:
            for k, v in zip(keys, state.parse_numbers(raw, g.n)):
                st.session_state[k] = float(v)
        except ValueError as why:
            st.warning(f"The link's point `at={state.quote(raw, 40)}` can't be used ({why}); "
                       f"evaluating at {formatting.point(start)}.", icon=":material/link_off:")
    st.markdown(f"**Evaluate f at** (one box per input of "
                f"$f: \\mathbb{{R}}^{g.n} \\to \\mathbb{{R}}^{g.m}$)")
    boxes = st.columns(max(g.n, 3))
    at = tuple(
        float(boxes[j].number_input(name, key=keys[j], min_value=-state.MAX_COORD,
                                    max_value=state.MAX_COORD, step=0.5, format="%g"))
        for j, name in enumerate(g.variables))
    st.session_state["fn.at.saved"] = at
    state.register("at", state.fmt_all(at))
    return at


@dataclass(frozen=True)
class FieldOptions:
    """The vector-fields page's chart options (in the link as c, s, sd)."""

    by_magnitude: bool  # colour each arrow by its length
    seeds: int | None  # streamline seeds per side (None: no streamlines)


def field_options() -> FieldOptions:
    """The vector-fields page's toggles and seed slider, in one row."""
    c1, c2, c3 = st.columns(3)
    by_mag = url_toggle("Colour by magnitude ‖f‖", "c", "vf.mag", c1,
                        help="Colour each arrow by its length |f(x, y)|.")
    lines = url_toggle("Streamlines", "s", "vf.lines", c2,
                       help="Curves that follow the arrows (a fixed-step RK4 integrator from "
                            "a grid of seed points).")
    seeds = url_slider("streamline seeds per side", "sd", 2, 15, 8, 1, key="vf.seeds",
                       container=c3, integer=True) if lines else None
    return FieldOptions(bool(by_mag), None if seeds is None else int(seeds))


def length_map(view: View, shown: explore.Evaluation) -> None:
    """The map of ‖f‖ with the evaluation point (for two inputs only): the hand moves the
    point, the boxes and the table follow on release. A view widened to hold it stays so."""
    if view.f.n != 2:
        return
    store = state._store(view.kind, view.prefix)
    # the store's view: as widened by the last release, when this part reruns alone
    domain = store["domain"] = explore.holding(store.get("domain", view.domain), shown.point)
    scene(compute(explore.length_scene, view, domain),
          dataclasses.replace(view, domain=domain, point=shown.point), key=LENGTH_MAP,
          truth={"f": shown.values()})
    st.caption("The colours show the length ‖f(x, y)‖ of the output. Press or drag in the map "
               "(or focus it and use the arrow keys) to move the point: the boxes and the table "
               "follow when you let go.")
