"""Vector fields: f: R² → R² as arrows, optional streamlines, the vector at the point."""

import streamlit as st

from gradviz import app, sampling
from gradviz.topics import explore

app.ensure_frame(__file__)  # a link to this page just after a server start

st.title("Vector fields")
st.markdown(
    "A function with **two inputs and two outputs**, $f: \\mathbb{R}^2 \\to \\mathbb{R}^2$, "
    "can be drawn in the plane itself: at each point $(x, y)$ draw the arrow $f(x, y)$. "
    "The course's example is $f(x, y) = [x,\\ \\sin y]$ on $[-5, 5]^2$ with $20 \\times 20$ "
    "arrows (*Course examples* in the sidebar)."
)

view = app.setup(grid=(5, 40, 20), grid_label="arrows per side")


@app.live  # what follows the point: a slider step reruns only this section
def point_section(view):
    with app.guard("the vector field"):
        options = app.field_options()
        at = explore.field_at_point(view.f, view.point)

        def draw(v):
            picture = app.compute(explore.field_scene, v, v.domain, v.n, options.by_magnitude,
                                  options.seeds)
            app.scene(picture, v, key="vf.scene", truth={"f": at.vector},
                      what="the vector field")
            app.undefined_note(app.compute(sampling.arrow_field, v, v.domain, v.n)[2:],
                               what="arrows")

        left, right = st.columns([3, 2])
        with left:
            app.picture(draw, view, grid=True)
            st.caption("Press or drag in the chart (or focus it and use the arrow keys) to move "
                       "the point p.")
            if options.seeds:
                st.caption(f"Streamlines from a {options.seeds} × {options.seeds} grid of seeds, "
                           "traced both ways until they leave the view or the field vanishes.")
        with right:
            st.latex(at.formula)
            st.latex(at.value)
            app.metrics(zip(explore.FIELD_METRICS, at.components))
            st.markdown(at.explanation)
            if at.separable:
                st.info("Here the x-component depends only on x and the y-component only on y "
                        "— a special case (not every field is like this).",
                        icon=":material/info:")


point_section(view)

st.header("Reading the picture")
st.markdown(
    "- **For a fixed $y$, when $x$ grows, the $x$-component of the output grows** (the "
    "horizontal length of the arrows): follow the green line $y = y_0$ from left to "
    "right in the course's $[x,\\ \\sin y]$ — the arrows flip from pointing left to "
    "pointing right and get longer.\n"
    "- **A similar argument can be made for $y$:** for a fixed $x$, the course's "
    "$y$-component is $\\sin y$ — arrows tilt up where $\\sin y > 0$ and down where "
    "$\\sin y < 0$, "
    "repeating every $2\\pi$.\n"
    "- **Input space = output space.** It's not always the case that the number of inputs "
    "equals the number of outputs — this is a special case! But it's a very important one: "
    "the “input space” and the “output space” are the same plane, which is what allows "
    "this kind of picture (an arrow *in* the plane *at* a point of the plane).\n"
    "- *(optional)* It's not always the case that the $i$th component of the output depends "
    "on the $i$th component of the input — that is also a special case "
    "($[x,\\ \\sin y]$ is one; $[x^2 - y,\\ y^2 + x]$ is not).\n"
    "- Streamlines follow the arrows: a particle carried by the field would move along them."
)
