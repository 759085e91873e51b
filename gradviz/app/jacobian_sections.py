"""Two sections of the Jacobian page: the linearisation error on log–log axes, and m = 1."""

from __future__ import annotations

import streamlit as st

from .. import formatting
from ..figures import jacobian as jacobian_figures
from ..topics import jacobian
from .page_frame import font_scale
from .render import chart, compute, prose, url_slider

__all__ = ["linearisation_error", "one_output"]


def linearisation_error(view, zoom: jacobian.ZoomReadout | None) -> None:
    """The error of the linear approximation against ‖h‖ on log–log axes."""
    st.header("How fast the error vanishes: slope 2 on log–log axes")
    ec1, ec2 = st.columns([2, 3])
    angle = url_slider("direction of h (°)", "a", 0, 360, 45, 5, key="jac.dir",
                       container=ec1, integer=True)
    e = compute(jacobian.error_readout, view, view.point[:2], float(angle))
    ec2.markdown(
        "The error $\\|f(\\mathbf{x}_0+\\mathbf{h}) - f(\\mathbf{x}_0) - \\mathbf{J}\\mathbf{h}\\|$ "
        "for steps $\\mathbf{h}$ in the chosen direction. A straight line of slope 2 on log–log "
        "axes means error $\\approx c\\,\\|\\mathbf{h}\\|^2$: halve the step, quarter the error.")
    c_plot, c_slope = st.columns([3, 1])
    c_slope.metric("fitted slope", e.slope,
                   help="Least-squares slope of log error against log ‖h‖ for ‖h‖ ≤ 0.1.")
    c_slope.caption("The grey dashed reference line has slope exactly 2 (drawn a little below "
                    "the error curve so both show).")
    h = zoom.half_width if zoom is not None else 10**-0.5
    spec = jacobian_figures.error_chart(e.curve, h, font_scale())
    with c_plot:
        if spec is not None:
            chart(spec, key="jac.error", name="linearisation_error",
                  what="the linearisation error over h")
            st.caption(f"Blue line: the square's h = {formatting.number(h)} from the zoom slider.")
            if e.note:  # the course's map: the curve does not follow p, and the page says why
                st.caption(e.note)
        else:
            st.info("The error is zero (up to round-off) along this direction: f is linear "
                    "here, so its linearisation is exact and there is no slope to draw.")


def one_output(view) -> None:
    """The case m = 1: each output's gradient is its Jacobian's row, transposed."""
    st.header("For m = 1: ∇f = Jᵀ")
    st.markdown(
        "Take one output $f_i$ of $f$: a scalar function ($m = 1$). Its Jacobian is a single "
        "**row**, its gradient the same numbers as a **column**. So the rows of $\\mathbf{J}_f$ "
        "are the transposed gradients of the outputs.")
    i = st.radio("output", [0, 1], format_func=lambda j: f"f{'₁₂'[j]}", horizontal=True,
                 key="jac.comp")
    c = compute(jacobian.component_readout, view, i, view.point[:2])
    for column, formulas in zip(st.columns(3), c.columns):
        with column:
            prose(("latex", tex) for tex in formulas)
    if c.same:
        st.success(c.verdict, icon=":material/check:")
    else:  # cannot happen for a scalar function; shown rather than hidden if it ever does
        st.warning(c.verdict)
