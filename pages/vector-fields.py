"""Vector fields: f: R² → R² as arrows, optional streamlines, the vector at the point."""


import streamlit as st

from gradviz import app, sampling
from gradviz.figures import explore as FX
from gradviz.figures import layers as L
from gradviz.topics import explore, jacobian

app.ensure_frame(__file__)  # a link to this page just after a server start

SIZE = 560  # chart side in px (arrow angles are computed for it)
HIGHLIGHT = 4  # the arrow f(p) is drawn this many times the scale of the grid's arrows

#: the glue's widgets shared by pages: function boxes, domain boxes, point and grid sliders
st.title("Vector fields")
st.markdown(
    "A function with **two inputs and two outputs**, $f: \\mathbb{R}^2 \\to \\mathbb{R}^2$, "
    "can be drawn in the plane itself: at each point $(x, y)$ draw the arrow $f(x, y)$. "
    "The course's example is $f(x, y) = [x,\\ \\sin y]$ on $[-5, 5]^2$ with $20 \\times 20$ "
    "arrows (*Course examples* in the sidebar)."
)

view = app.setup(
    "vector",
    accept=jacobian.plane_map,  # not a curve [cos(t), sin(t)] read as a field of (x, t)
    need="this page draws fields f: R² → R², like `[x, sin(y)]`. A curve such as "
         "`[cos(t), sin(t)]` (one input t) is not a field: it is drawn on the *Functions of "
         "several variables* page",
    grid=(5, 40, 20), grid_label="arrows per side",
    point=False,  # drawn by app.live for the section below
)
@app.live  # what follows the point: a slider step reruns only this section
def point_section(view):
    f, d, p = view.f, view.domain, view.point
    size = SIZE if not app.lecture_mode() else 440  # a 1280 × 800 projector: on the first screen

    with app.guard("the vector field"):
        c1, c2, c3 = st.columns(3)
        by_mag = app.url_toggle("Colour by magnitude ‖f‖", "c", "vf.mag", c1,
                                help="Colour each arrow by its length |f(x, y)|.")
        show_lines = app.url_toggle("Streamlines", "s", "vf.lines", c2,
                                    help="Curves that follow the arrows (a fixed-step RK4 "
                                         "integrator from a grid of seed points).")
        seeds = None
        if show_lines:
            seeds = app.url_slider("streamline seeds per side", "sd", 2, 15, 8, 1,
                                   key="vf.seeds", container=c3, integer=True)

        X, Y, U, V = app.compute(sampling.arrow_field, view, d, view.n)
        vec, length = explore.vector_at(f, p)
        frame = explore.with_margin(d, view.n, 1.4)  # room for the arrows on the edges
        scale = explore.arrow_scale(U, V, frame, view.n)

        left, right = st.columns([3, 2])
        with left:
            parts = [FX.guide(y=p[1], color=L.PALETTE["green"], width=2.5)]
            if show_lines:
                lines = app.compute(explore.streamlines, view, d, seeds, 150)
                parts.append(FX.streamlines(lines, width=1.8, opacity=0.85,
                                            color=L.PALETTE["grey" if by_mag else "sky"]))
            parts.append(FX.field_arrows(X, Y, U, V, frame, size=size, by_magnitude=by_mag,
                                         width=2.2, head=110))
            parts.append(L.point(p[0], p[1], color=L.PALETTE["orange"], size=260))
            if length > 0 and scale > 0:
                s = scale * HIGHLIGHT
                parts.append(FX.highlight(p[0], p[1], vec[0] * s, vec[1] * s, frame, "f(p)",
                                          size=size))
            spec = FX.for_streamlit(L.compose(*parts, domain=frame, size=size,
                                              scale=app.font_scale(),
                                              title=f"f(x, y) = {view.text}"))
            app.chart(spec, key="vf.chart", pick=view)
            app.undefined_note((U, V), what="arrows")
            st.caption("Click the chart to move the point p.")
            if show_lines:
                st.caption(f"{len(lines)} streamlines from a {seeds} × {seeds} grid of seeds, "
                           "traced both ways until they leave the view or the field vanishes.")
        with right:
            st.latex(f"f(x, y) = {f.latex()}")
            where = f"{p[0]:.3g}, {p[1]:.3g}"
            st.latex(f"f({where}) = " + r"\begin{bmatrix} "
                     + r" \\ ".join(explore.format_value(v, 4).replace("-", "−") for v in vec)
                     + r" \end{bmatrix}")
            m1, m2, m3 = st.columns(3)
            m1.metric("x-component", explore.format_value(vec[0], 4))
            m2.metric("y-component", explore.format_value(vec[1], 4))
            m3.metric("length ‖f(p)‖", explore.format_value(length, 4))
            st.markdown(
                f"The red-orange (vermillion) arrow starts at $p = ({where})$ and is $f(p)$, drawn {HIGHLIGHT}× the "
                "scale of the grid's arrows so it stands out: its horizontal length is the "
                "**x-component** "
                f"${explore.format_value(vec[0], 3)}$, its vertical length the **y-component** "
                f"${explore.format_value(vec[1], 3)}$.")
            inputs = explore.component_inputs(f)
            if inputs == [("x",), ("y",)]:
                st.info("Here the x-component depends only on x and the y-component only on y "
                        "— a special case (not every field is like this).",
                        icon=":material/info:")

        app.downloads(spec, view, "field", "vector_field", what="the vector field",
                      arrows=view.n)


point_section(view)

st.subheader("Reading the picture")
st.markdown(
    "- **For a fixed $y$, when $x$ grows, the $x$-component of the output grows** (the "
    "horizontal length of the arrows): follow the green dashed line $y = y_0$ from left to "
    "right in the course's $[x,\\ \\sin y]$ — the arrows flip from pointing left to "
    "pointing right and get longer.\n"
    "- **A similar argument can be made for $y$:** for a fixed $x$, the $y$-component is "
    "$\\sin y$ — arrows tilt up where $\\sin y > 0$ and down where $\\sin y < 0$, "
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
