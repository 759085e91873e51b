"""Partial derivatives: slices through the point, their tangent lines, the partials term by term."""

import streamlit as st

from gradviz import app, sampling
from gradviz.figures import partials as partial_figures
from gradviz.figures.surface import SURFACE_N
from gradviz.topics import partials

app.ensure_frame(__file__)  # a link to this page just after a server start

st.title("Partial derivatives")
st.markdown(
    "A **partial derivative** is just a derivative of a function of several variables with "
    "respect to *one* of them, **treating all the other variables as constants**. Hold $y$ "
    "fixed at $y_0$ and $f$ becomes a curve $x \\mapsto f(x, y_0)$: its slope at $x_0$ is "
    "$\\frac{\\partial f}{\\partial x}$ at the point."
)

view = app.setup(grid=(10, 120, 60), grid_label="surface points per side")


def slices(view, at: partials.PartialsAt):
    """The map of f with the slices through p, each slice with its tangent line beside it (one
    scene: it follows the hand), and the slopes at p under it."""
    st.header("Slices through the point")

    def draw(v):
        picture = app.compute(partials.slices_scene, v, v.domain, v.n, v.fixed)
        app.scene(picture, v, key="pd.scene", truth={"f": at.value, "grad": at.slopes},
                  what="the map and its slices")
        app.undefined_note(app.compute(sampling.evaluate_grid, v, v.domain, v.n, v.fixed)[2])

    app.picture(draw, view, grid=True)
    st.caption(partials.map_caption(view.f.variables, view.point))
    for panel, col in zip(at.panels, st.columns(view.f.n)):
        with col:
            st.metric(panel.metric_label, panel.slope_text)
            st.markdown(f"[:material/edit: Work out ∂f/∂{panel.name} by hand first](#{app.CHECK})")
            if panel.note:
                st.caption(panel.note)
            app.undefined_note(panel.slice.values, "points of the slice")


def partials_here(view, at: partials.PartialsAt) -> None:
    """The partials as formulas and at p, f(p); the 3-D view of the slices on demand."""
    left, right = st.columns([3, 2])
    with right:
        app.prose([("markdown", at.heading), *(("latex", tex) for tex in at.latex)])
        st.metric("f(p)", at.value_text)
        if at.value_note:
            st.caption(at.value_note)
        if at.not_differentiable:
            st.info(at.not_differentiable)
        st.caption("Each partial is the slope of one slice: the dashed tangent lines, on the "
                   "charts above (and on the 3-D surface).")
    with left:
        if app.on_demand("3-D view: the slices on the surface (drag to rotate)", "s3",
                         "pd.show3d", "Draws both slices and their tangent lines on the "
                         "surface z = f(x, y)."):
            SX, SY, SZ = app.compute(sampling.evaluate_grid, view, view.domain, SURFACE_N,
                                     view.fixed)
            app.plotly(partial_figures.slices_surface(SX, SY, SZ, at, app.font_scale()),
                       key="pd.surface")
            app.undefined_note(SZ)


def your_turn(view) -> None:
    """Check yourself first; the worked answer (every term differentiated on its own) on request."""
    st.header("Your turn: the partial derivatives by hand", anchor=app.CHECK)
    names = view.f.variables
    if st.session_state.get("pd.var") not in names:
        st.session_state["pd.var"] = names[0]
    var = st.radio("Differentiate with respect to", names, key="pd.var", horizontal=True)

    def worked():
        terms = app.compute(partials.term_by_term, view, var)
        st.markdown("**Term by term.** " + terms.intro)
        app.fitted_latex(terms.table, terms.narrow, "terms")

    app.check_yourself(view, var, key="pd.check", worked=worked)
    if view.preset is None or view.preset.text != partials.COURSE_TEXT:  # as the course spells it, or not
        course = partials.course_example()
        with st.expander("The course's worked example: ∂/∂x of x² + y² + eˣ + xᶻ + xyz"):
            app.fitted_latex(course.latex, course.narrow, "course")
            st.markdown(f"Pick it under *Course examples* in the sidebar, or [open it]"
                        f"({course.link}) with its sliders.")


def finite_differences(view) -> None:
    """Forward and central difference quotients against the exact partial, over h."""
    var = st.radio("derivative", list(view.f.variables), horizontal=True, key="pd.fd.var",
                   format_func=lambda v: f"∂f/∂{v}")
    k = app.url_slider("step h = 10^k", "h", -16.0, 0.0, -6.0, 0.5, key="pd.fd.h", format="10^%.1f")
    fd = app.compute(partials.finite_differences, view, tuple(view.point), var, k)
    if fd.missing:
        st.info(fd.missing)
    app.metrics(fd.metrics)
    if fd.drawn:
        app.chart(partial_figures.finite_difference_chart(fd, app.font_scale()),
                  key="pd.fd.chart", name="finite_differences",
                  what="the finite differences' errors over h")
    if fd.exact_note:
        st.info(fd.exact_note)
    if fd.caption:
        st.caption(fd.caption)


@app.live  # what follows the point: a slider step reruns only this section
def point_section(view):
    with app.guard("the partial derivatives"):
        at = app.compute(partials.partials_at, view, tuple(view.point), view.domain)
        slices(view, at)
        your_turn(view)  # before the formulas: the student tries first
        partials_here(view, at)
        st.info(at.important, icon=":material/lightbulb:")
    with app.guard("finite differences"):
        st.header("Finite differences vs the exact derivative")
        st.markdown(
            "A computer without symbolic maths estimates $\\partial f/\\partial x$ by a "
            "difference quotient. **Forward**: $(f(x+h) - f(x))/h$, error $\\propto h$. "
            "**Central**: $(f(x+h) - f(x-h))/2h$, error $\\propto h^2$. Shrinking $h$ helps "
            "only until round-off (about $10^{-16}/h$) takes over.")
        app.part(finite_differences, view)  # its variable and h rerun it alone


point_section(view)

st.header("What to notice")
st.markdown(
    "- The dashed line touches its slice at $p$; its slope, written under the picture, **is** "
    "the partial derivative there.\n"
    "- The two slices cross at $p$ on the surface: they are the curves you walk along when only "
    "$x$ or only $y$ changes.\n"
    "- A term that does not contain the variable is a constant: its partial derivative is $0$ "
    "($y^2$ in the course's example).\n"
    "- In the course's example $x^z$ is a power in $x$ (derivative $z\\,x^{z-1}$) but an "
    "exponential in $z$ (derivative $x^z \\ln x$): which rule applies depends on the variable.\n"
    "- (optional) The operator $\\frac{\\partial}{\\partial x}$ maps functions of several "
    "variables to functions of several variables."
)
