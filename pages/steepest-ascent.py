"""Why the gradient is the direction of steepest ascent: Dᵤf, the dot product, two tests."""

import streamlit as st

from gradviz import app
from gradviz.app import live_steepest
from gradviz.figures import animate
from gradviz.figures import steepest_ascent as charts
from gradviz.topics import animation_data, steepest_ascent

app.ensure_frame(__file__)  # a link to this page just after a server start

st.title("Why the gradient is the direction of steepest ascent")
st.markdown(
    "Stand at a point and pick a direction: a unit vector $\\mathbf{u}$. How fast does $f$ "
    "change if you step that way? That rate is the **directional derivative** "
    "$D_{\\mathbf{u}} f$. The gradient answers for every direction at once: "
    "$D_{\\mathbf{u}} f = \\nabla f \\cdot \\mathbf{u}$ — and it is largest when "
    "$\\mathbf{u}$ points along $\\nabla f$."
)

view = app.setup(grid=(20, 150, 60), grid_label="heatmap points per side")


def direction_section(view, p):
    """Section 1: the map with u and ∇f, the limit quotient against ∇f·u."""
    lecture = app.lecture_mode()  # a projector: the map first, θ and h beside it, then the question
    if not lecture:
        app.predict("sa.predict", *steepest_ascent.PREDICT)
    picture, knobs = st.columns([3, 2]) if lecture else (None, None)
    c1, c2 = (knobs, knobs) if lecture else st.columns(2)
    theta = app.url_slider("direction θ of u (degrees)", "t", 0, 360, 30, 1, key="sa.theta",
                           container=c1, integer=True)
    log_h = app.url_slider("step size h = 10^k", "h", -8.0, 0.0, -3.0, 0.5, key="sa.h",
                           container=c2, format="10^%.1f")
    if lecture:
        app.predict("sa.predict", *steepest_ascent.PREDICT)
    s = steepest_ascent.direction_section(view.f, p, theta, log_h)
    if s.warning:
        st.info(s.warning)
    left, right = (picture, st.container()) if lecture else st.columns([3, 2])
    with left:
        live_steepest.direction_map(view, s.check, theta, key="sa", show_gradient=not s.warning)
    with right:
        for line in s.latex:
            st.latex(line)
        for column, m in zip(st.columns(3), s.metrics):
            column.metric(m.label, m.value, help=m.help)
        errors = app.compute(steepest_ascent.limit_errors, view, p, float(theta))
        spec = charts.limit_chart(errors, s.h, app.font_scale())
        if spec is not None:
            app.chart(spec, key="sa.limit")
        st.caption(steepest_ascent.LINEAR_CAPTION if spec is None else steepest_ascent.LIMIT_CAPTION)
    return theta, s


def curve_section(view, p, theta, check):
    """Section 2: Dᵤf over every direction, and its animation."""
    st.header("2 · Dᵤf in every direction: the largest is along ∇f")
    s = app.compute(steepest_ascent.curve_section, view, p)
    left, right = st.columns([3, 1])
    spec = charts.curve_chart(s.curve, theta, check.exact, app.font_scale())
    with left:
        app.chart(spec, key="sa.curve")
    with right:
        for m in s.metrics:
            st.metric(m.label, m.value, help=m.help)
    st.caption(steepest_ascent.CURVE_CAPTION)
    app.downloads(spec, view, "ascent", "steepest_ascent", what="the Dᵤf curve of section 2")
    if app.on_demand("▶ Play it: sweep θ in the browser (no server round trip)", "ta",
                     "sa.play_theta", "An animation with a Play button and a θ slider inside "
                     "the chart."):
        sweep = app.compute(animation_data.theta_frames, view, p)
        app.plotly(animate.theta_sweep(sweep, active=animation_data.nearest(sweep["theta"], theta),
                                       scale=app.font_scale()), key="sa.theta_anim")


def rotation_section(check):
    """Section 4: the rotate-by-45° test, and its animation."""
    st.header("4 · The “rotate by 45 degrees” test")
    st.markdown(steepest_ascent.ROTATION_INTRO)
    alpha = app.url_slider("rotate the axes by α (degrees)", "r", 0, 360, 30, 1, key="sa.alpha",
                           integer=True)
    s = steepest_ascent.rotation_section(check.gradient, alpha)
    left, right = st.columns([3, 2])
    with left:
        app.chart(charts.rotation_chart(s, alpha, app.font_scale()), key="sa.sweep")
    with right:
        app.chart(charts.axes_chart(s, alpha, app.font_scale()), key="sa.axes")
    for column, m in zip(st.columns(3), s.metrics):
        column.metric(m.label, m.value, help=m.help)
    st.caption(s.caption)
    if app.on_demand("▶ Play it: turn the axes in the browser (no server round trip)", "ra",
                     "sa.play_rot", "An animation with a Play button and an α slider inside "
                     "the chart."):
        turn = animation_data.rotation_from_gradient(s.gradient)
        app.plotly(animate.rotation_sweep(turn, active=animation_data.nearest(turn["alpha"], alpha),
                                          scale=app.font_scale()), key="sa.rot_anim")


@app.live  # what follows the point: a slider step reruns only this section
def point_section(view):
    p = tuple(view.point[:2])
    with app.guard("the directional derivative"):
        theta, direction = direction_section(view, p)
    if direction.warning:  # what follows compares Dᵤf with ∇f·u: true only where f is differentiable
        st.info(steepest_ascent.NOT_DIFFERENTIABLE)
        return
    with app.guard("Dᵤf in every direction"):
        curve_section(view, p, theta, direction.check)
    with app.guard("the dot-product argument"):
        st.header("3 · The argument, step by step (course §4.2)")
        argument = app.compute(steepest_ascent.dot_product_section, view, p, theta)
        for kind, text in argument.blocks:  # markdown, latex or info
            getattr(st, kind)(text)
    with app.guard("the rotate-by-45-degrees test"):
        rotation_section(direction.check)


# above the live section: one line across the page, so the map is on a projector's first screen
st.header("1 · A direction u, and the rate of change along it")
point_section(view)

# not moved by the point: outside the live section, so a slider step does not redraw it
with app.guard("the course's 4-D example"):
    st.header("5 · The course's example ∇f = [5, 2, −1, 0]: is the largest component best?")
    st.markdown(steepest_ascent.COURSE_INTRO)
    c1, c2 = st.columns([3, 1])
    count = app.url_slider("random directions", "k", 10, 5000, 1000, 10, key="sa.count",
                           container=c1, integer=True)
    seed = c2.number_input("random seed (+ draws again)", 0, 1_000_000, 0, 1, key="sa.seed")
    course = steepest_ascent.random_section(count, int(seed))
    left, right = st.columns([3, 2])
    with left:
        app.chart(charts.histogram_chart(course, app.font_scale()), key="sa.hist")
    with right:
        for m in course.metrics:
            st.metric(m.label, m.value)
        st.caption(course.caption)
    st.table(list(course.table))

st.header("What to notice")
st.markdown(steepest_ascent.WHAT_TO_NOTICE)
