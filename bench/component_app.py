"""One slider plus one kind of output: what each building block costs a slider move.

Open with ``?c=<component>``; the slider moves the point, so the chart changes on every
move, as in the pages:

* ``text``      — the bare app (one slider, one line of text);
* ``config``    — plus the frame's ``st.set_page_config(layout="wide")`` and CSS;
* ``plotly``    — plus a 60² Plotly 3-D surface with the point (visible);
* ``plotly_hidden`` — the same surface inside a collapsed ``st.expander``;
* ``plotly_static`` — a 60² surface that does not change with the slider (same figure on
  every rerun), inside a collapsed expander;
* ``latex``     — plus three ``st.latex`` formulas and two ``st.metric``;
* ``static50`` / ``static100`` — plus 50 or 100 short ``st.markdown`` paragraphs that are the
  same on every rerun (what a page's text costs a move even when none of it changes);
* ``fragment100_inside`` / ``fragment100_outside`` — the slider and its line in an
  ``st.fragment`` (as the pages' live sections), with the 100 paragraphs inside the fragment
  (re-sent on every move) or after it (drawn on full runs only).
"""

import streamlit as st

component = st.query_params.get("c", "text")
if component == "config":
    st.set_page_config(page_title="bench", layout="wide", initial_sidebar_state="expanded")
    st.markdown("<style>html { font-size: 18px; }</style>", unsafe_allow_html=True)


def static(n: int) -> None:
    for i in range(n):
        st.markdown(f"Paragraph {i + 1}: the gradient points along the direction of steepest "
                    "ascent, and its length is the rate of change along it.")


if component.startswith("fragment"):  # fragment100_inside / fragment100_outside
    count = int(component[len("fragment"):].split("_")[0])

    @st.fragment
    def moving():
        x = st.slider("x0", 0.0, 4.0, 1.0, 0.02)
        st.write(f"The slider is at {x:.2f}.")
        if component.endswith("_inside"):
            static(count)

    moving()
    if component.endswith("_outside"):
        static(count)
    st.stop()

x0 = st.slider("x0", 0.0, 4.0, 1.0, 0.02)
st.write(f"The slider is at {x0:.2f}.")

if component.startswith("static"):
    static(int(component[len("static"):]))

if component.startswith("plotly") or component == "latex":
    import numpy as np

    import gradviz
    from gradviz import sampling
    from gradviz.figures import surface as S
    from gradviz.figures.explore import mark_point_3d

    f = gradviz.parse("sin(x*y)")
    d = sampling.Domain.square(0, 4)
    p = (x0, 2.0)
    value = float(f.at(p))
    grad = gradviz.gradient_at(f, p)

    if component in ("plotly", "plotly_hidden", "plotly_static"):
        SX, SY, SZ = sampling.evaluate_grid(f, d, 60, ())
        fig = S.surface(SX, SY, SZ)
        if component != "plotly_static":
            mark_point_3d(fig, p[0], p[1], value, "p")
        box = st.expander("3-D", expanded=False) if component != "plotly" else st
        box.plotly_chart(fig, key="bench.plotly", config={"displaylogo": False})
    else:
        st.latex(r"\nabla f = " + gradviz.gradient(f).latex())
        st.latex(r"\nabla f(p) = \begin{bmatrix} " + r" \\ ".join(f"{v:.4f}" for v in grad)
                 + r" \end{bmatrix}")
        st.latex(f"f(p) = {value:.4f}")
        c1, c2 = st.columns(2)
        c1.metric("f(p)", f"{value:.4f}")
        c2.metric("|∇f(p)|", f"{float(np.hypot(*grad[:2])):.4f}")
