"""Gradient field: ∇f arrows over the heatmap, the gradient at the point, ascent paths."""

import streamlit as st

from gradviz import app, figures, sampling, topics
from gradviz.figures.surface import SURFACE_N

app.ensure_frame(__file__)  # a link to this page just after a server start

st.title("Gradient field")
st.markdown(
    "The gradient $\\nabla f$ is a box holding all the partial derivatives. At every point it "
    "is a vector: its **magnitude** $\\|\\nabla f\\|$ says how fast $f$ changes, its "
    "**direction** $\\nabla f / \\|\\nabla f\\|$ is the direction of fastest increase."
)

view = app.setup(grid=(20, 150, 80), grid_label="heatmap cells per side")


def arrows_slider(row):
    """Arrows per side: the picture's own (a step redraws the picture, nothing else)."""
    return app.url_slider("arrows per side", "a", 5, 40, 15, 1, key="gf.arrows", container=row,
                          integer=True, width=app.SETTING_WIDTH)


@app.live  # what follows the point: a move reruns only this section
def point_section(view):
    d = view.domain
    c_path, c_down = st.columns(2)  # the path's toggles: in here, a change reruns only this
    show_path = app.url_toggle("Gradient ascent / descent path from p", "g", "gf.path", c_path)
    ascent = not (show_path and app.url_toggle(
        "descent (follow −∇f)", "dn", "gf.descent", c_down,
        help="Off: ascent, x ← x + s·∇f(x). On: descent, x ← x − s·∇f(x). The step size s "
             "and the steps k are under the chart; ▶ Play walks the steps."))
    with app.guard("the gradient field"):
        at = app.compute(topics.gradient_field.point_readout, view, view.point, view.text)

        def draw(v, n_arrows):
            picture = app.compute(topics.gradient_field.field_scene, v, d, v.n, n_arrows,
                                  show_path, ascent, v.fixed, at.title)
            now = app.scene(picture, v, key="gf.scene", what="the gradient field",
                            truth={"f": at.summary.value, "grad": at.summary.grad})
            app.undefined_note(app.compute(sampling.evaluate_grid, v, d, v.n, v.fixed)[2])
            return now

        left, right = st.columns([3, 2])
        with left:
            now = app.picture(draw, view, grid=True, controls=arrows_slider)
            st.caption(topics.gradient_field.CAPTION + at.slice_note)
        with right:
            path = (app.compute(topics.gradient_field.ascent_path, view, view.point,
                                now.values()["s"], now.values()["k"], ascent, d)
                    if show_path else None)
            readout_column(view, at, path)
            if path is not None and view.f.n == 2:  # its own page: step sizes, momentum, scipy
                app.link_to("gradient_descent", view, topics.descent.LINK, **now.values())
        tangent_plane_section(view, at.summary)


def readout_column(view, at, path):
    """∇f at p in numbers and formulas, beside the chart (follows the point)."""
    st.markdown(f"[:material/edit: Work out ∇f by hand first](#{app.CHECK})")
    app.prose([("latex", app.compute(topics.derivatives.gradient_latex, view)),
               ("latex", at.gradient_at)])
    app.metrics(at.partials)
    app.metrics([("|∇f(p)|", at.norm), ("f(p)", at.value)])
    if at.value_note:
        st.caption(at.value_note)
    if at.unit:
        app.prose([("latex", at.unit), ("markdown", at.level),
                   ("latex", at.tangent),  # apart from ∇f·t: one line overflowed in lecture mode
                   ("latex", at.tangent_dot),
                   ("markdown", "**The gradient is perpendicular to the level curve.**")])
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
            SX, SY, SZ = app.compute(sampling.evaluate_grid, view, view.domain, SURFACE_N,
                                     view.fixed)
            app.plotly(figures.gradient_field.tangent_plane(SX, SY, SZ, summary, view.domain,
                                                            app.font_scale()),
                       key="gf.surface")
    with right:
        if summary.differentiable:
            app.prose([
                ("markdown", "Near $p$ the surface is almost flat: it hugs the plane through "
                             "$(p, f(p))$ whose slopes are the partial derivatives (orange, "
                             "drag to rotate). Its equation is the linearisation"),
                ("latex", app.compute(topics.derivatives.tangent_plane_latex, view, view.point,
                                      multiline=True)),
                ("markdown", "The gradient points along the plane's steepest uphill direction; "
                             "the level curve is the plane's horizontal direction.")])
        else:
            st.markdown("At this $p$, $f$ is **not differentiable**: no plane hugs the "
                        "surface here, so there is no tangent plane and no linearisation. "
                        "Move $p$ off the corner or singular point to see one.")


point_section(view)
app.predict("gf.predict", "How does the gradient at p sit against the level curve through p (the "
            "orange curve)?", ["along it", "perpendicular to it", "at 45°", "it depends on f"], 1,
            "the level curve is where f does not change (∇f·t = 0 along it), and ∇f is the "
            "direction of fastest change: they are always at a right angle, for every f and every "
            "point where ∇f ≠ 0.")
st.header("Check yourself: ∇f by hand", anchor=app.CHECK)
for v, col in zip(view.f.variables, st.columns(view.f.n)):
    with col:
        app.check_yourself(view, v, key="gf.check", worked=lambda v=v: st.latex(
            app.compute(topics.partials.term_by_term, view, v).table))

st.header("What to notice")
st.markdown(app.compute(topics.gradient_field.what_to_notice, view))
