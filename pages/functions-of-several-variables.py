"""Functions of several variables: scalar f(x, y) / f(x, y, z) and vector-valued functions."""

import streamlit as st

from gradviz import app, sampling
from gradviz.figures import explore as figures
from gradviz.figures.surface import SURFACE_N
from gradviz.topics import explore

app.ensure_frame(__file__)  # a link to this page just after a server start

st.title("Functions of several variables")
st.markdown(
    "**Ingredient 1.** A function can take several inputs: $f(x, y) = \\sin(xy)$ takes two, "
    "$f(x, y, z) = x^2 + y^2 + e^z + x^z + xyz$ takes three. **Ingredient 2.** It can also "
    "give several outputs: $f(x) = [x^2,\\ 2x,\\ -x]$ is a *vector-valued* function."
)

# -- 1. scalar functions ----------------------------------------------------------------
st.header("Scalar functions: one number out", divider="gray")
app.adopt_vector_link()  # ?f=[x, sin(y)]&p=2,3: the vector section's
view = app.setup(grid=(20, 150, 100), grid_label="heatmap points per side")


@app.live  # what follows the point: a slider step reruns only this section
def point_section(view):
    with app.guard("the scalar function"):
        at = explore.scalar_at_point(view.f, view.point)
        X, Y, Z = app.compute(sampling.evaluate_grid, view, view.domain, SURFACE_N, view.fixed)
        numbers, pictures = st.container(), st.container()  # lecture: the picture first
        info, metric = numbers.columns([3, 1])
        info.latex(at.formula)
        metric.metric(at.label, at.value_text)
        if at.slice_caption:
            info.caption(at.slice_caption)
        left, right = pictures.columns(2)
        with left:
            st.markdown(at.map_title)

            def draw(v):
                picture = app.compute(explore.function_scene, v, v.domain, v.n, v.fixed)
                app.scene(picture, v, key="fn.scene", truth={"f": at.value}, what="the heatmap")

            app.picture(draw, view, grid=True)
            st.caption("Press or drag in the heatmap (or focus it and use the arrow keys) to "
                       "move the point.")
            app.undefined_note(Z)
        with right:
            st.markdown(at.surface_title)
            mark = app.on_demand("show p on the surface", "sp", "fn.mark3d",
                                 "Marks the point on the 3-D surface.")
            app.plotly(figures.function_surface(X, Y, Z, view.point, at.value if mark else None,
                                                at.marker), key="fn.surface")


point_section(view)

# -- 2. vector-valued functions --------------------------------------------------------
st.header("Vector-valued functions: several numbers out", divider="gray")
st.markdown(
    "Type a vector in square brackets in the sidebar's *Vector function* box, or pick a "
    "course example: 1 input and 3 outputs $[x^2, 2x, -x]$; 3 inputs and 4 outputs "
    "$[yz^2, 0, xyz, x - y]$; 2 inputs and 2 outputs $[x, \\sin y]$."
)
vview = app.setup("v")


def vector_section(vview):
    """The boxes, the table and the picture: a box or a release on the map reruns only this."""
    shown = explore.evaluation(vview.f, app.evaluation_point(vview))
    table_column, picture_column = st.columns([2, 3])
    table_column.latex(shown.formula)
    table_column.latex(shown.value)
    app.table(shown.table(), table_column)
    with picture_column:
        app.length_map(vview, shown)  # two inputs: the map of ‖f‖ with the point
        if shown.picture == explore.CURVES:
            t, curves = app.compute(explore.component_curves, vview, vview.domain.xmin,
                                    vview.domain.xmax, shown.point[0], 200)
            app.chart(figures.component_chart(t, curves, shown.curve_names(), shown.point[0],
                                              shown.values(), variable=vview.f.variables[0],
                                              scale=app.font_scale()), key="fn.curves",
                      name="components", what="the components over t")
            app.undefined_note(curves)
        elif shown.picture == explore.ARROWS:
            st.info(shown.note, icon=":material/air:")
            st.page_link("pages/vector-fields.py", label="See this field on the Vector fields page",
                         icon=":material/arrow_forward:")
        else:
            st.info(shown.note, icon=":material/visibility_off:")


with app.guard("the vector-valued function"):
    app.part(vector_section, vview)

st.subheader("What to notice")
st.markdown(
    "- **We can visualise functions of two variables, but it gets much harder after that.** "
    "For $f(x, y, z)$ the pictures show one slice at a time: hold $z$ fixed and you are back "
    "to a function of $x$ and $y$.\n"
    "- The heatmap is the surface seen from above; each contour line joins points where "
    "$f$ has the same value.\n"
    "- Vector-valued functions have **multiple outputs** (and may or may not have multiple "
    "inputs). With one input each output is a curve over $x$; with two inputs and two "
    "outputs we can draw arrows (the *Vector fields* page); beyond that we can only "
    "evaluate.\n"
    "- The course's $f(x, y) = [x,\\ \\sin y]$ at $(2, 10)$ gives "
    "$[2,\\ -0.54402111]$ — the same numbers as `np.array([x, np.sin(y)])` in Python."
)
