"""Gradient field: ∇f arrows over the heatmap, the gradient at the point, ascent paths."""

import streamlit as st

from gradviz import app, figures, sampling, topics
from gradviz.app import live_chart

app.ensure_frame(__file__)  # a link to this page just after a server start

st.title("Gradient field")
st.markdown(
    "The gradient $\\nabla f$ is a box holding all the partial derivatives. At every point it "
    "is a vector: its **magnitude** $\\|\\nabla f\\|$ says how fast $f$ changes, its "
    "**direction** $\\nabla f / \\|\\nabla f\\|$ is the direction of fastest increase."
)

view = app.setup(
    "scalar",
    accept=lambda f: f.is_scalar and 2 <= f.n <= 3,
    need="this page draws a scalar function of 2 or 3 variables, like `sin(x*y)`",
    grid=(20, 150, 80), grid_label="heatmap cells per side",
    point=False,  # drawn by app.live for the section below
)


@app.live  # what follows the point: a slider step reruns only this section
def point_section(view):
    d = view.domain
    with app.guard("the gradient field"):
        c_arrows, c_path = st.columns(2)
        n_arrows = app.url_slider("arrows per side", "a", 5, 40, 15, 1, key="gf.arrows",
                                  container=c_arrows, integer=True)
        show_path = app.url_toggle("Gradient ascent / descent path from p", "g", "gf.path",
                                   c_path)
        if show_path:
            c1, c2, c3 = st.columns(3)
            step = app.url_slider("step size", "s", 0.001, 0.5, 0.05, 0.001, key="gf.step",
                                  container=c1, format="%.3f")
            steps = app.url_slider("steps", "k", 1, 200, 30, 1, key="gf.steps", container=c2,
                                   integer=True)
            ascent = not app.url_toggle("descent (follow −∇f)", "dn", "gf.descent", c3,
                                        help="Off: ascent, x ← x + step·∇f(x). "
                                             "On: descent, x ← x − step·∇f(x).")
            path = app.compute(topics.gradient_field.ascent_path, view, view.point, step, steps,
                               ascent, d)

        at = app.compute(topics.gradient_field.point_readout, view, view.point, view.text)
        X, Y, Z = app.compute(sampling.evaluate_grid, view, d, view.n, view.fixed)
        arrows = app.compute(topics.derivatives.gradient_field_checked, view, d, n_arrows,
                             view.fixed)
        chart = figures.gradient_field.field_chart(
            X, Y, Z, arrows, d, at.summary, at.title, path.points if show_path else None,
            view.n, app.font_scale())

        left, right = st.columns([3, 2])
        with left:
            # p follows the hand in the browser; the server's chart when f can't go there
            live = live_chart.gradient_field(
                view, key="gf.live", X=X, Y=Y, Z=Z, arrows=arrows,
                size=figures.gradient_field.SIZE, title=at.title, font_scale=app.font_scale(),
                path={"step": step, "steps": steps, "ascent": ascent} if show_path else None,
                at={"value": at.summary.value, "grad": at.summary.grad}, alt=at.alt)
            if not live:
                app.chart(chart.spec, key="gf.chart", pick=view)
            app.undefined_note(Z)
            st.caption(chart.caption(live, at.slice_note))
        with right:
            readout_column(view, at, path if show_path else None)
        app.downloads(chart.spec, view, "gradient", "gradient_field",
                      what="the gradient field", arrows=n_arrows)
        app.predict("gf.predict", "How does the gradient at p sit against the level curve through "
                    "p (the orange curve)?", ["along it", "perpendicular to it", "at 45°",
                                              "it depends on f"], 1,
                    "the level curve is where f does not change (∇f·t = 0 along it), and ∇f is "
                    "the direction of fastest change: they are always at a right angle, for "
                    "every f and every point where ∇f ≠ 0.")
        if show_path and app.on_demand(
                "▶ Play the path step by step in the browser (no server round trip)", "pa",
                "gf.play", "An animation with a Play button and a step slider inside the chart."):
            frames = app.compute(topics.animation_data.descent_frames, view, view.point, step,
                                 steps, d, min(view.n, 100), ascent)
            app.plotly(figures.animate.descent_steps(frames, scale=app.font_scale()),
                       key="gf.descent_anim")
        st.header("Check yourself: ∇f by hand", anchor=app.CHECK)
        for v, col in zip(view.f.variables, st.columns(view.f.n)):
            with col:
                app.check_yourself(view, v, key="gf.check", worked=lambda v=v: st.latex(
                    app.compute(topics.partials.term_by_term, view, v).table))
        tangent_plane_section(view, at.summary)


def readout_column(view, at, path):
    """∇f at p in numbers and formulas, beside the chart (follows the point)."""
    st.markdown(f"[:material/edit: Work out ∇f by hand first]({'#' + app.CHECK})")
    st.latex(app.compute(topics.derivatives.gradient_latex, view))
    st.latex(at.gradient_at)
    for col, (label, value) in zip(st.columns(len(at.partials)), at.partials):
        col.metric(label, value)
    m1, m2 = st.columns(2)
    m1.metric("|∇f(p)|", at.norm)
    m2.metric("f(p)", at.value)
    if at.value_note:
        st.caption(at.value_note)
    if at.unit:
        st.latex(at.unit)
        st.markdown(at.level)
        st.latex(at.tangent)  # apart from ∇f·t: one line overflowed in lecture mode
        st.latex(at.tangent_dot)
        st.markdown("**The gradient is perpendicular to the level curve.**")
    else:  # flat (differentiable, ∇f = 0), undefined, or partials without a tangent
        st.info(at.message)  # plane: each with its reason, never "flat" at a corner
    if path is not None:
        st.caption(path.caption)


def tangent_plane_section(view, summary):
    """The surface and its tangent plane at p, and the linearisation (follows the point)."""
    st.header("The tangent plane")
    left, right = st.columns([3, 2])
    with left:
        if app.on_demand("3-D view: the surface and its tangent plane at p (drag to rotate)",
                         "s3", "gf.show3d", "Draws the tangent plane on the surface."):
            SX, SY, SZ = app.compute(sampling.evaluate_grid, view, view.domain, 60, view.fixed)
            app.plotly(figures.gradient_field.tangent_plane(SX, SY, SZ, summary, view.domain,
                                                            app.font_scale()),
                       key="gf.surface")
    with right:
        if summary.differentiable:
            st.markdown("Near $p$ the surface is almost flat: it hugs the plane through "
                        "$(p, f(p))$ whose slopes are the partial derivatives (orange, drag "
                        "to rotate). Its equation is the linearisation")
            st.latex(app.compute(topics.derivatives.tangent_plane_latex, view, view.point,
                                 multiline=True))
            st.markdown("The gradient points along the plane's steepest uphill direction; "
                        "the level curve is the plane's horizontal direction.")
        else:
            st.markdown("At this $p$, $f$ is **not differentiable**: no plane hugs the "
                        "surface here, so there is no tangent plane and no linearisation. "
                        "Move $p$ off the corner or singular point to see one.")


point_section(view)

st.header("What to notice")
st.markdown(app.compute(topics.gradient_field.what_to_notice, view))
