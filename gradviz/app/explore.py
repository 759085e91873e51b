"""The glue of the functions and vector-fields pages: a link's vector function, the
evaluation boxes, the field's options and the order of a section on a projector."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import streamlit as st

from gradviz import browser_expr, formatting
from gradviz.topics import explore

from . import live_chart, pages, state
from .page_frame import font_scale, lecture_mode
from .render import compute, url_slider, url_toggle
from .state import View

__all__ = ["adopt_vector_link", "evaluation_point", "picture_first", "FieldOptions",
           "field_options", "field_size", "map_size", "live_function_map", "live_field",
           "live_length_map"]


def adopt_vector_link(prefix: str = "v") -> None:
    """A link's ``f`` that only the page's vector section (its box ``prefix``) draws goes there.

    On a page with a scalar section (URL names ``f``, ``p``, ``d``) and a vector section
    (``vf``, ``at`` for its evaluation point, ``vd``), ``?f=[x, sin(y)]&p=2,3`` means the
    vector function evaluated at (2, 3): read as ``vf``, ``at`` and ``vd`` (unless the link
    names those itself). Call before the page's first :func:`gradviz.app.setup`.
    """
    adopt = st.session_state.get("gv.url.adopt") or {}
    raw = adopt.get("f")
    if raw is None or prefix + "f" in adopt:
        return
    accept = pages.box_of(st.session_state.get("gv.page", ""), prefix).accept
    f, _ = state.try_parse(raw, accept, "", 1)
    if f is None:
        return
    moved = dict(adopt)
    moved[prefix + "f"] = moved.pop("f")
    for name, alias in (("p", "at"), ("d", prefix + "d")):
        if name in moved and alias not in moved:
            moved[alias] = moved.pop(name)
    st.session_state["gv.url.adopt"] = moved


def _start_boxes(view: View, keys: list[str]) -> tuple[float, ...]:
    """Fill the boxes: the function's default point when it is new, else where they were."""
    g = view.f
    start = explore.default_evaluation_point(g, view.text, view.point)
    signature = (view.text, g.variables)
    new_function = st.session_state.get("fn.at.sig") != signature
    if new_function:  # start at its default point
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


#: the key of the vector section's live map of ‖f‖
LENGTH_MAP = "fn.vlive"


def _dropped(key: str) -> tuple[float, float] | None:
    """Where the hand last released the point on the live chart ``key``, once per release
    (a value from the browser: finite and within the bounds links are held to), else None."""
    try:
        moved = st.session_state[key]["moved"]
        x, y = float(moved["x"]), float(moved["y"])
        release = (x, y, moved.get("seq"))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if st.session_state.get(key + ".applied") == release:
        return None
    st.session_state[key + ".applied"] = release
    if not all(math.isfinite(v) and abs(v) <= state.MAX_COORD for v in (x, y)):
        return None
    return x, y


def evaluation_point(view: View) -> tuple[float, ...]:
    """One number box per input of the vector function; a link's ``at=2,10`` fills them.

    Returns the point (kept exactly as typed or linked) and puts it in the link.
    """
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
    state.register("at", ",".join(state.fmt(v) for v in at))
    return at


def picture_first():
    """Two containers in the order they are shown: (numbers, picture), the picture first in
    lecture mode (a 1280 × 800 projector shows it on the first screen)."""
    first, second = st.container(), st.container()
    return (second, first) if lecture_mode() else (first, second)


@dataclass(frozen=True)
class FieldOptions:
    """The vector-fields page's chart options (in the link as c, s, sd)."""

    #: colour each arrow by its length
    by_magnitude: bool
    #: draw streamlines
    streamlines: bool
    #: streamline seeds per side (None without streamlines)
    seeds: int | None


def field_options() -> FieldOptions:
    """The vector-fields page's toggles and seed slider, in one row."""
    c1, c2, c3 = st.columns(3)
    by_mag = url_toggle("Colour by magnitude ‖f‖", "c", "vf.mag", c1,
                        help="Colour each arrow by its length |f(x, y)|.")
    lines = url_toggle("Streamlines", "s", "vf.lines", c2,
                       help="Curves that follow the arrows (a fixed-step RK4 integrator from "
                            "a grid of seed points).")
    seeds = None
    if lines:
        seeds = url_slider("streamline seeds per side", "sd", 2, 15, 8, 1, key="vf.seeds",
                           container=c3, integer=True)
    return FieldOptions(bool(by_mag), bool(lines), None if seeds is None else int(seeds))


def map_size() -> int:
    """The functions page's heatmap side in px (smaller on a projector: on the first screen)."""
    return 330 if lecture_mode() else 430


def field_size() -> int:
    """The vector field's chart side in px (smaller on a projector: on the first screen)."""
    return 440 if lecture_mode() else 560


# -- the live charts: the point follows the hand (gradviz.app.live_chart) --------------------------
def _output_programs(f) -> dict:
    """One printed program per output of f (the browser evaluates f where p is)."""
    return {"f": browser_expr.programs(f)}


def _defined(v) -> float | None:
    """A number for JSON, None where it is not defined (the browser says 'undefined')."""
    v = float(v)
    return v if math.isfinite(v) else None


def live_function_map(view: View, X, Y, Z, at: explore.ScalarAtPoint, *, key: str) -> bool:
    """The functions page's heatmap as a live chart (kind "functions"): False when f cannot
    go to the browser (the page then draws its server chart)."""
    programs = live_chart.programs_for(view.f, _output_programs)
    if programs is None:
        return False
    title = f"f = {view.text}" + (f" at {at.held}" if at.held else "")
    live_chart.show(
        view, kind="functions", key=key, size=map_size(), title=title, font_scale=font_scale(),
        alt=f"Heatmap of {title} with the point p; press or drag in it, or use the arrow "
            "keys, to move the point p.",
        ident=(np.asarray(X).shape,),
        static=lambda: {"heat": live_chart.heat(X, Y, Z, 10), "programs": programs,
                        "vector": False},
        dynamic={"at": {"values": [_defined(at.value)]}})
    return True


def _lines(lines) -> list:
    """Streamlines for JSON: lists of [x, y] (7 significant digits)."""
    return [[[float(f"{x:.7g}"), float(f"{y:.7g}")] for x, y in np.asarray(pts, dtype=float)]
            for pts in lines]


#: the arrows' colours by length: plasma without its lightest tenth (as the server's chart)
_PLASMA_EXTENT = 0.88


def _magnitude_colours(U, V) -> dict:
    """One colour per arrow by its length ‖f‖ (from 0 to the longest), and the legend's."""
    from matplotlib import colormaps

    plasma = colormaps["plasma"]
    hexes = lambda rgba: [f"#{r:02x}{g:02x}{b:02x}" for r, g, b, _ in rgba]  # noqa: E731
    with np.errstate(all="ignore"):
        mag = np.hypot(np.asarray(U, dtype=float), np.asarray(V, dtype=float)).ravel()
    top = float(np.nanmax(mag)) if np.isfinite(mag).any() else 0.0
    t = np.where(np.isfinite(mag), mag / top if top > 0 else 0.0, 0.0)
    colours = hexes(plasma(_PLASMA_EXTENT * t, bytes=True))
    return {"colors": [c if np.isfinite(m) else None for c, m in zip(colours, mag)],
            "legend": {"max": top, "stops": hexes(plasma(np.linspace(0, _PLASMA_EXTENT, 64),
                                                         bytes=True))}}


def live_field(view: View, X, Y, U, V, at: explore.FieldAtPoint, *, lines=None,
               options: FieldOptions, key: str) -> bool:
    """The vector-fields page's chart as a live chart (kind "vector_field"): False when f
    cannot go to the browser (the page then draws its server chart)."""
    programs = live_chart.programs_for(view.f, _output_programs)
    if programs is None:
        return False
    title = f"f(x, y) = {view.text}"
    live_chart.show(
        view, kind="vector_field", key=key, size=field_size(), title=title,
        font_scale=font_scale(),
        alt=f"Arrows of the field {title} with the vector f(p) at the point p; press or drag "
            "in it, or use the arrow keys, to move the point p.",
        ident=(np.asarray(X).shape, options.seeds if lines is not None else None,
               options.by_magnitude),
        static=lambda: {"arrows": live_chart.field_arrows(X, Y, U, V), "programs": programs,
                        "highlight": explore.HIGHLIGHT,
                        "lines": None if lines is None else _lines(lines),
                        "line_color": "#999999" if options.by_magnitude else None,
                        **(_magnitude_colours(U, V) if options.by_magnitude else {})},
        dynamic={"at": {"vector": [_defined(v) for v in at.vector]}})
    return True


def live_length_map(view: View, shown: explore.Evaluation) -> bool:
    """The vector section's map of a vector-valued f of two inputs (kind "functions"): the
    heatmap of its length ‖f‖ with the evaluation point, which the hand moves (the boxes
    and the table follow on release); status f(p) = [a, b]. False (nothing drawn) for other
    shapes or when f cannot go to the browser."""
    if view.f.n != 2 or view.f.is_scalar:
        return False
    programs = live_chart.programs_for(view.f, _output_programs)
    if programs is None:
        return False
    domain = explore.holding(view.domain, shown.point)
    X, Y, length = compute(explore.length_grid, view, domain, 80)
    here = dataclasses.replace(view, domain=domain, point=shown.point)
    title = f"‖f‖ for f = {view.text}"
    live_chart.show(
        here, kind="functions", key=LENGTH_MAP, size=map_size(), title=title,
        font_scale=font_scale(),
        alt=f"Heatmap of the length of f = {view.text} with the point p where f is evaluated; "
            "press or drag in it, or use the arrow keys, to move the point p.",
        ident=(80,),
        static=lambda: {"heat": live_chart.heat(X, Y, length, 10, label="‖f‖"),
                        "programs": programs, "vector": True},
        dynamic={"at": {"values": [_defined(v) for v in shown.values()]}})
    st.caption("The colours show the length ‖f(x, y)‖ of the output. Press or drag in the map "
               "(or focus it and use the arrow keys) to move the point: the boxes and the table "
               "follow when you let go.")
    return True
