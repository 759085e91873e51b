"""Why the gradient is the direction of steepest ascent: Dᵤf, the dot product, two tests."""

import streamlit as st

from gradviz import app
from gradviz.figures import steepest_ascent as charts
from gradviz.topics import steepest_ascent

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
    """Section 1: the map with u and ∇f and Dᵤf over θ beside it, the limit quotient."""
    truth = app.compute(steepest_ascent.direction_check, view, p, 0.0, 1e-3)

    def draw(v):
        picture = app.compute(steepest_ascent.direction_scene, v, v.domain, v.n, v.text)
        return app.scene(picture, v, key="sa.scene", what="the map with u and ∇f, and Dᵤf over θ",
                         truth={"grad": truth.gradient if truth.differentiable
                                else [float("nan")] * 2})

    theta = app.picture(draw, view, grid=True).values()["t"]
    warning = steepest_ascent.differentiability_warning(view.f, p)
    if warning:
        st.info(warning)
    st.caption("Blue: u at θ (its slider and ▶ Play under the picture). Red-orange "
               "(vermillion): the direction of ∇f. Beside the map: Dᵤf over θ. Press or drag in "
               "the map (or tap it, or focus it and use the arrow keys) to move p.")
    app.prose(("latex", line) for line in app.compute(steepest_ascent.direction_formulas, view,
                                                      p, float(theta)))
    app.part(limit_quotient, view, p, theta)  # its h slider reruns it alone
    return theta, warning, truth


def limit_quotient(view, p, theta):
    """Dᵤf two ways at u(θ): ∇f·u and the limit quotient with the step h of its slider (the
    formulas above do not change with h: a step re-sends none of them)."""
    row = st.container(horizontal=True, gap="medium")  # the metrics, above the slider (h)
    log_h = app.url_slider("step size h = 10^k of the limit quotient", "h", -8.0, 0.0, -3.0, 0.5,
                           key="sa.h", format="10^%.1f")
    s = steepest_ascent.direction_section(view.f, p, theta, log_h)
    for m in s.metrics:
        row.metric(m.label, m.value, help=m.help)
    errors = app.compute(steepest_ascent.limit_errors, view, p, float(theta))
    spec = charts.limit_chart(errors, s.h, app.font_scale())
    if spec is not None:
        app.chart(spec, key="sa.limit", name="limit_quotient",
                  what="the limit quotient's error over h")
    st.caption(steepest_ascent.LINEAR_CAPTION if spec is None else steepest_ascent.LIMIT_CAPTION)


def curve_section(view, p):
    """Section 2: Dᵤf in every direction: where it is largest (the curve is beside the map)."""
    st.header("2 · Dᵤf in every direction: the largest is along ∇f")
    s = app.compute(steepest_ascent.curve_section, view, p)
    app.metrics(s.metrics)
    st.caption(steepest_ascent.CURVE_CAPTION)


def rotation_section(view, check):
    """Section 4: the rotate-by-45° test (α turns in the browser: its slider and ▶ Play)."""
    st.header("4 · The “rotate by 45 degrees” test")
    st.markdown(steepest_ascent.ROTATION_INTRO)
    picture = app.compute(steepest_ascent.rotation_scene, view)
    now = app.scene(picture, view, key="sa.rotation", truth={"grad": check.gradient})
    s = steepest_ascent.rotation_section(check.gradient, now.values()["r"])
    app.metrics(s.metrics)
    st.caption(s.caption)


@app.live  # what follows the point: a move reruns only this section
def point_section(view):
    p = tuple(view.point[:2])
    with app.guard("the directional derivative"):
        theta, warning, truth = direction_section(view, p)
    if warning:  # what follows compares Dᵤf with ∇f·u: true only where f is differentiable
        st.info(steepest_ascent.NOT_DIFFERENTIABLE)
        return
    with app.guard("Dᵤf in every direction"):
        curve_section(view, p)
    with app.guard("the dot-product argument"):
        st.header("3 · The argument, step by step (course §4.2)")
        argument = app.compute(steepest_ascent.dot_product_section, view, p, theta)
        app.prose(argument.blocks)  # markdown, latex or info
    with app.guard("the rotate-by-45-degrees test"):
        rotation_section(view, truth)


# above the live section: one line across the page, so the map is on a projector's first screen
st.header("1 · A direction u, and the rate of change along it")
app.predict("sa.predict", *steepest_ascent.PREDICT)
point_section(view)


def course_example():
    """Section 5: random directions for the course's ∇f (its controls rerun it alone)."""
    c1, c2 = st.columns([3, 1])
    count = app.url_slider("random directions", "k", 10, 5000, 1000, 10, key="sa.count",
                           container=c1, integer=True)
    seed = c2.number_input("random seed (+ draws again)", 0, 1_000_000, 0, 1, key="sa.seed")
    course = steepest_ascent.random_section(count, int(seed))
    left, right = st.columns([3, 2])
    with left:
        app.chart(charts.histogram_chart(course, app.font_scale()), key="sa.hist",
                  name="random_directions", what="the random directions' ∇f·u")
    with right:
        for m in course.metrics:
            st.metric(m.label, m.value)
        st.caption(course.caption)
    app.table(list(course.table))


# not moved by the point: outside the live section, so a slider step does not redraw it
with app.guard("the course's 4-D example"):
    st.header("5 · The course's example ∇f = [5, 2, −1, 0]: is the largest component best?")
    st.markdown(steepest_ascent.COURSE_INTRO)
    app.part(course_example)

st.header("What to notice")
st.markdown(steepest_ascent.WHAT_TO_NOTICE)
