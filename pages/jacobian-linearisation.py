"""Jacobian linearisation: J symbolic and at the point, the course's figure, zooming in."""

import streamlit as st

from gradviz import app, sampling
from gradviz.app import jacobian_sections, live_jacobian
from gradviz.figures import animate
from gradviz.figures import jacobian as jacobian_figures
from gradviz.topics import animation_data, jacobian

app.ensure_frame(__file__)  # a link to this page just after a server start

st.title("Jacobian linearisation")
st.markdown(
    "The **Jacobian** of $f:\\mathbb{R}^n\\to\\mathbb{R}^m$ holds all first partial derivatives, "
    "$[\\mathbf{J}_f]_{ij} = \\partial f_i/\\partial x_j$ (one row per output, one column per "
    "input). Near a point $\\mathbf{x}_0$ it is the best **linear** approximation of $f$: "
    "$f(\\mathbf{x}_0+\\mathbf{h}) \\approx f(\\mathbf{x}_0) + \\mathbf{J}_f(\\mathbf{x}_0)\\,"
    "\\mathbf{h}$."
)

view = app.setup(grid=(10, 150, 60), grid_label="heatmap points per side")


def jacobian_at_point(view) -> bool:
    """The ‖J‖_F map that follows p; f, J_f, J_f(p), det J, ‖J‖_F. False: no linearisation."""
    r = app.compute(jacobian.point_readout, view, view.point[:2])
    grid = app.compute(sampling.frobenius_norm_grid, view, view.domain, view.n)
    live_jacobian.show(view, key="jac.map", grid=grid, summary=r.summary,
                       font_scale=app.font_scale())
    left, right = st.columns([3, 2])
    for tex in (r.function_latex, r.jacobian_latex, r.at_point_latex):
        left.latex(tex)
    for column, (label, value, tip) in zip(right.columns(2), r.metrics):
        column.metric(label, value, help=tip)
    right.caption(r.value)
    if r.note:  # J at p is not a linearisation there: say why
        st.info(r.note)
    return r.summary.differentiable


def course_figure(view) -> None:
    """The course's figure: e₁, e₂ ↦ J e₁, J e₂ at some points (with the ‖J‖_F map above)."""
    st.header("The course's figure: how fast f changes, and what J does to e₁, e₂")
    c1, c2, c3 = st.columns([2, 2, 1])
    text = c1.text_input("points for the arrows", jacobian.COURSE_POINTS_TEXT, key="jac.points",
                         help="Pairs of numbers, like (-1, -1), (0, 0), (1, 1).")
    scale = app.url_slider("arrow scale", "s", 0.1, 1.5, 0.5, 0.05, key="jac.scale",
                           container=c2, format="%.2f")
    chosen = jacobian.arrow_points(text, view.point[:2],
                                   c3.toggle("add the point p", value=True, key="jac.addp"))
    if chosen.error:
        st.error(chosen.error)
    grid = app.compute(sampling.frobenius_norm_grid, view, view.domain, view.n)
    arrows = app.compute(jacobian.basis_arrows, view, chosen.points, scale)
    fig = jacobian_figures.course_figure(grid, arrows, view.point, view.domain, chosen.here,
                                         scale, app.font_scale())
    left, right = st.columns(2)
    with left:
        app.chart(fig.arrows, key="jac.arrows")
    right.markdown(fig.caption)
    right.expander("J at these points (table)").table(jacobian.jacobian_table(arrows))
    app.downloads(fig.download, view, "jacobian", "jacobian",
                  what="the course's Jacobian figure", scale=scale)


def zoomed_square(view) -> jacobian.ZoomReadout:
    """A small square under f and under its linear map, and its animation (numbers returned)."""
    st.header("Zoom in: f and its linear map agree more and more")
    zc1, zc2 = st.columns([2, 3])
    k = app.url_slider("square half-width h = 10^k", "z", -3.0, 0.0, -0.5, 0.1,
                       key="jac.zoom", container=zc1, format="10^%.1f")
    z = app.compute(jacobian.zoom_readout, view, view.point[:2], k)
    charts = jacobian_figures.zoom_charts(z.images, view.point, view.domain, app.font_scale())
    zc2.markdown(z.description)
    c_in, c_out, c_num = st.columns([2, 3, 2])
    with c_in:
        st.caption("input plane: the square")
        app.chart(charts.input, key="jac.square")
    with c_out:
        app.chart(charts.output, key="jac.images")
    app.predict("jac.predict", *jacobian.ZOOM_PREDICTION)
    for label, value, tip in z.metrics:
        c_num.metric(label, value, help=tip)
    if app.on_demand("▶ Play it: zoom in the browser (no server round trip)", "za", "jac.play",
                     "An animation with a Play button and a zoom slider inside the chart."):
        frames = app.compute(animation_data.zoom_frames, view, view.point[:2])
        active = animation_data.nearest(frames["h"], z.half_width, log=True)
        app.plotly(animate.zoom_sweep(frames, active=active, scale=app.font_scale()),
                   key="jac.zoom_anim")
    return z


@app.live  # what follows the point: a slider step reruns only this section
def point_section(view):
    if view.text != jacobian.COURSE_FIELD:
        st.page_link("pages/jacobian-linearisation.py", icon=":material/school:",
                     label="Open the course's example f(x, y) = [x² − y, y² + x]",
                     query_params={"f": jacobian.COURSE_FIELD, "p": "1,1"})
    differentiable = True  # stays True if the section below fails (its guard says so)
    with app.guard("the Jacobian"):
        differentiable = jacobian_at_point(view)
    with app.guard("the course's Jacobian figure"):
        course_figure(view)
    if not differentiable:  # the sections below compare f with its linearisation at p
        return
    zoom = None  # the error section says so if the zoomed square fails
    with app.guard("the zoomed square"):
        zoom = zoomed_square(view)
    with app.guard("the linearisation error"):
        jacobian_sections.linearisation_error(view, zoom)
    with app.guard("the m = 1 case"):
        jacobian_sections.one_output(view)


point_section(view)

st.header("What to notice")
st.markdown(
    "- The columns of $\\mathbf{J}$ are where $\\mathbf{e}_1$ and $\\mathbf{e}_2$ go: at $(0, 0)$ "
    "the course's map turns them by 90° ($\\mathbf{J} = \\begin{bmatrix} 0 & -1 \\\\ 1 & 0 "
    "\\end{bmatrix}$), at $(1, 1)$ it stretches and turns them ($\\det \\mathbf{J} = 5$).\n"
    "- The heatmap is brightest where $f$ changes fastest: for the course's map "
    "$\\|\\mathbf{J}\\|_F = \\sqrt{4x^2 + 4y^2 + 2}$ grows away from the origin.\n"
    "- Shrink the square: the curved image of $f$ and the parallelogram of $\\mathbf{J}$ become "
    "indistinguishable — *gap / h* goes to 0, *gap / h²* stays put.\n"
    "- On log–log axes the error is a line of slope 2: the linear approximation is off by a "
    "term of order $\\|\\mathbf{h}\\|^2$.\n"
    "- A scalar function is the case m = 1: its Jacobian is the gradient lying down."
)
