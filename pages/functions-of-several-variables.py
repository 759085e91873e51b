"""Functions of several variables: scalar f(x, y) / f(x, y, z) and vector-valued functions."""


import streamlit as st

from gradviz import app, sampling
from gradviz.app import state
from gradviz.figures import explore as FX
from gradviz.figures import layers as L
from gradviz.figures import surface as S
from gradviz.topics import explore

app.ensure_frame(__file__)  # a link to this page just after a server start

#: the glue's widgets shared by pages: function boxes, domain boxes, point and grid sliders
st.title("Functions of several variables")
st.markdown(
    "**Ingredient 1.** A function can take several inputs: $f(x, y) = \\sin(xy)$ takes two, "
    "$f(x, y, z) = x^2 + y^2 + e^z + x^z + xyz$ takes three. **Ingredient 2.** It can also "
    "give several outputs: $f(x) = [x^2,\\ 2x,\\ -x]$ is a *vector-valued* function."
)

# -- 1. scalar functions ----------------------------------------------------------------
st.header("Scalar functions: one number out", divider="gray")
app.adopt_vector_link(explore.vector_valued)  # ?f=[x, sin(y)]&p=2,3: the vector section's
view = app.setup(
    "scalar",
    accept=lambda f: f.is_scalar and 2 <= f.n <= 4,
    need="this section draws a scalar function of 2 to 4 variables, like `sin(x*y)` "
         "(vector-valued functions go in the *Vector function* box)",
    grid=(20, 150, 100), grid_label="grid points per side",
    point=False,  # drawn by app.live for the section below
)
@app.live  # what follows the point: a slider step reruns only this section
def point_section(view):
    f, d, p = view.f, view.domain, view.point

    with app.guard("the scalar function"):
        value = float(f.at(p))
        X, Y, Z = app.compute(sampling.evaluate_grid, view, d, view.n, view.fixed)
        args = ", ".join(f.variables)
        where = ", ".join(f"{v:g}" for v in p)
        held = ", ".join(f"{name} = {v:.3g}" for name, v in zip(f.variables[2:], view.fixed))

        info, metric = st.columns([3, 1])
        info.latex(f"f({args}) = {f.latex()}")
        metric.metric(f"f({where})", explore.format_value(value, 4))
        if f.n > 2:
            info.caption(
                f"f has {f.n} inputs but a picture has only two axes: both views show the **slice "
                f"{held}** — the function of x and y you get by holding {held} fixed. Move the "
                f"{'slider' if f.n == 3 else 'sliders'} marked *held fixed* to move the slice.")

        left, right = st.columns(2)
        slice_note = f" at {held}" if held else ""
        with left:
            st.markdown(f"**Heatmap and contour lines**{slice_note} (seen from above)")
            heat = [L.heatmap(X, Y, Z, title="f", max_side=150), L.contours(X, Y, Z, 10),
                    L.point(p[0], p[1], color=L.PALETTE["vermillion"]),
                    FX.label(p[0], p[1], f"f(p) = {explore.format_value(value, 3)}")]
            heat_spec = FX.for_streamlit(L.compose(*heat, domain=d, size=430,
                                                   scale=app.font_scale()))
            app.chart(heat_spec, key="fn.heatmap", pick=view)
            st.caption("Click the heatmap to move the point.")
            app.undefined_note(Z)
        with right:
            st.markdown(f"**Surface z = f(x, y)**{slice_note} — drag to rotate")
            mark = app.on_demand("show p on the surface", "sp", "fn.mark3d",
                                 "Marks the point on the 3-D surface.")
            # the same figure on every move (the grid is cached); copied before marking it
            fig = S.shared_surface(X, Y, Z, zlabel="f", height=500, nticks=5)
            if mark:
                fig = FX.mark_point_3d(S.copy(fig), p[0], p[1], value,
                                       f"f(p) = {explore.format_value(value, 3)}")
            app.plotly(fig, key="fn.surface")
        app.downloads(heat_spec, view, "surface", "function_heatmap", what="the heatmap")


point_section(view)

# -- 2. vector-valued functions --------------------------------------------------------
st.header("Vector-valued functions: several numbers out", divider="gray")
st.markdown(
    "Type a vector in square brackets in the sidebar's *Vector function* box, or pick a "
    "course example: 1 input and 3 outputs $[x^2, 2x, -x]$; 3 inputs and 4 outputs "
    "$[yz^2, 0, xyz, x - y]$; 2 inputs and 2 outputs $[x, \\sin y]$."
)
vview = app.setup(
    "vector", prefix="v",
    accept=explore.vector_valued,
    need="this section evaluates a vector-valued function in square brackets, like "
         "`[x^2, 2x, -x]` or `[x, sin(y)]`",
    min_variables=1, point=False,
)
g = vview.f

with app.guard("the vector-valued function"):
    # the evaluation point: one number box per input, in the link as at=2,10
    start = explore.default_evaluation_point(g, vview.text, vview.point)
    keys = [f"fn.at.{j}" for j in range(g.n)]
    signature = (vview.text, g.variables)
    new_function = st.session_state.get("fn.at.sig") != signature
    if new_function:  # start at its default point
        st.session_state["fn.at.sig"] = signature
        st.session_state["fn.at.saved"] = tuple(float(v) for v in start)
    for k, v in zip(keys, st.session_state["fn.at.saved"]):
        if new_function or k not in st.session_state:  # boxes forget on a page switch
            st.session_state[k] = v
    raw = state.link_value("at")
    if raw is not None:
        try:
            for k, v in zip(keys, state.parse_numbers(raw, g.n)):
                st.session_state[k] = float(v)
        except ValueError as why:
            st.warning(f"The link's point `at={state.quote(raw, 40)}` can't be used ({why}); "
                       f"evaluating at ({', '.join(f'{v:g}' for v in start)}).",
                       icon=":material/link_off:")
    st.markdown(f"**Evaluate f at** (one box per input of "
                f"$f: \\mathbb{{R}}^{g.n} \\to \\mathbb{{R}}^{g.m}$)")
    boxes = st.columns(max(g.n, 3))
    at = tuple(
        float(boxes[j].number_input(name, key=keys[j], min_value=-state.MAX_COORD,
                                    max_value=state.MAX_COORD, step=0.5, format="%g"))
        for j, name in enumerate(g.variables))
    st.session_state["fn.at.saved"] = at
    state.register("at", ",".join(state.fmt(v) for v in at))

    rows = explore.component_table(g, at, digits=8)
    where = ", ".join(f"{v:g}" for v in at)
    vargs = ", ".join(g.variables) or "x"
    table_col, picture_col = st.columns([2, 3])
    with table_col:
        st.latex(f"f({vargs}) = {g.latex()}")
        st.latex(f"f({where}) = " + r"\begin{bmatrix} "
                 + r" \\ ".join(r["value"].replace("-", "−") for r in rows)
                 + r" \end{bmatrix}")
        st.table({"output": [r["output"] for r in rows],
                  "formula": [r["formula"] for r in rows],
                  f"value at ({where})": [r["value"] for r in rows]}, hide_index=True)
    with picture_col:
        if g.n == 1:
            names = [f"{r['output']} = {r['formula']}" for r in rows]
            t, curves = app.compute(explore.component_curves, vview, vview.domain.xmin,
                                    vview.domain.xmax, at[0], 200)
            spec = L.compose(
                FX.component_curves(t, curves, names, scale=app.font_scale()),
                FX.guide(x=at[0]),
                FX.component_points(at[0], [r["number"] for r in rows], names,
                                    scale=app.font_scale()),
                xrange=(float(t[0]), float(t[-1])), size=560, height=400,
                xtitle=g.variables[0], ytitle="output", scale=app.font_scale(),
                title=f"One input, {g.m} outputs: one curve per output")
            app.chart(FX.for_streamlit(spec), key="fn.curves")
            app.undefined_note(curves)
        elif g.n == 2 and g.m == 2:
            st.info("Two inputs and two outputs: the input space and the output space are "
                    "both the plane, so f can be drawn as **arrows** — one arrow f(x, y) at "
                    "each point (x, y).", icon=":material/air:")
            st.page_link("pages/vector-fields.py", label="See this field on the Vector fields page",
                         icon=":material/arrow_forward:")
        else:
            st.info(f"{g.n} inputs and {g.m} outputs: there is no honest picture of this "
                    f"function — it would need {g.n + g.m} axes. We can still evaluate it: "
                    "change the inputs and watch the table.", icon=":material/visibility_off:")

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
