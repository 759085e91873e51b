"""Gradient field: ∇f arrows over the heatmap, the gradient at the point, ascent paths."""

import numpy as np
import streamlit as st

import gradviz
from gradviz import app, sampling
from gradviz.figures import layers as L
from gradviz.figures import surface as S

st.title("Gradient field")
st.markdown(
    "The gradient $\\nabla f$ is a box holding all the partial derivatives. At every point it "
    "is a vector: its **magnitude** $\\|\\nabla f\\|$ says how fast $f$ changes, its "
    "**direction** $\\nabla f / \\|\\nabla f\\|$ is the direction of fastest increase."
)

view = app.setup(
    "scalar",
    accept=lambda f: f.is_scalar and 2 <= f.n <= 3,
    need="this page draws a scalar function of 2 or 3 variables, like sin(x*y)",
    grid=(20, 300, 120), grid_label="heatmap points per side",
)
f, d, p = view.f, view.domain, view.point

with app.guard("the gradient field"):
    c_arrows, c_path = st.columns(2)
    n_arrows = app.url_slider("arrows per side", "a", 5, 40, 15, 1, key="gf.arrows",
                              container=c_arrows, integer=True)
    show_path = c_path.toggle("Gradient ascent / descent path", key="gf.path")

    g_expr = gradviz.gradient(f)
    value = float(f.at(p))
    grad = gradviz.gradient_at(f, p)
    gx, gy = float(grad[0]), float(grad[1])
    norm = float(np.hypot(*grad[:2])) if f.n == 2 else float(np.linalg.norm(grad))

    X, Y, Z = app.compute(sampling.evaluate_grid, view, d, view.n, view.fixed)
    AX, AY, AU, AV = app.compute(sampling.gradient_field, view, d, n_arrows, view.fixed)

    left, right = st.columns([3, 2])
    with left:
        chart_layers = [
            L.heatmap(X, Y, Z, title="f"),
            L.contours(X, Y, Z, 10),
            L.arrows(AX, AY, AU, AV, d, color=L.PALETTE["white"]),
        ]
        if np.isfinite(value):
            chart_layers.append(L.level_curve(X, Y, Z, value))
        if np.isfinite(norm) and norm > 0:
            s = 0.2 * d.span / norm
            chart_layers.append(L.vector(p[0], p[1], gx * s, gy * s, d, label="∇f"))
        if show_path:
            c1, c2, c3 = st.columns(3)
            step = app.url_slider("step size", "s", 0.001, 0.5, 0.05, 0.001, key="gf.step",
                                  container=c1, format="%.3f")
            steps = app.url_slider("steps", "k", 1, 200, 30, 1, key="gf.steps", container=c2,
                                   integer=True)
            ascent = c3.radio("direction", ["ascent", "descent"], key="gf.dir",
                              horizontal=True) == "ascent"
            pts = app.compute(sampling.gradient_path, view, p, step, steps, ascent, d)
            chart_layers.append(L.path(pts[:, :2]))
        chart_layers.append(L.point(p[0], p[1], label="p"))
        app.chart(L.compose(*chart_layers, domain=d, scale=app.font_scale(),
                            title=f"f(x, y) = {view.text}"), key="gf.chart")
        app.undefined_note(Z)
    with right:
        st.latex(r"\nabla f = " + g_expr.latex())
        st.latex(r"\nabla f(" + ", ".join(f"{v:.3g}" for v in p) + ") = "
                 + r"\begin{bmatrix} " + r" \\ ".join(f"{v:.4f}" for v in grad)
                 + r" \end{bmatrix}")
        m1, m2 = st.columns(2)
        m1.metric("f(p)", f"{value:.4f}")
        m2.metric("|∇f(p)|", f"{norm:.4f}")
        if norm > 0 and np.isfinite(norm):
            unit = grad / norm
            st.latex(r"\frac{\nabla f}{\|\nabla f\|} = \begin{bmatrix} "
                     + r" \\ ".join(f"{v:.4f}" for v in unit) + r" \end{bmatrix}")
            tangent = np.array([-gy, gx])
            st.markdown(
                f"Along the level curve $f = {value:.3g}$ (orange) the direction is "
                f"$t = ({tangent[0]:.3g}, {tangent[1]:.3g})$ and "
                f"$\\nabla f \\cdot t = {gx * tangent[0] + gy * tangent[1]:.2g}$: "
                "**the gradient is perpendicular to the level curve.**")
        else:
            st.info("The gradient is zero here: a flat spot (minimum, maximum or saddle).")
        if show_path:
            st.caption(f"The path has {len(pts) - 1} steps; it ends at "
                       f"({pts[-1][0]:.3g}, {pts[-1][1]:.3g}) where f = "
                       f"{float(f.at(pts[-1])):.4g}.")

    with st.expander("Tangent plane on the surface (drag to rotate)", expanded=False):
        SX, SY, SZ = app.compute(sampling.evaluate_grid, view, d, 60, view.fixed)
        fig = S.surface(SX, SY, SZ, zlabel="f")
        S.add_point(fig, p[0], p[1], value)
        if np.isfinite(value) and np.isfinite(norm):
            S.add_plane(fig, p[0], p[1], value, gx, gy, 0.2 * d.span)
        app.plotly(fig, key="gf.surface")

st.subheader("What to notice")
st.markdown(
    "- The arrows point **uphill**, across the contour lines, never along them.\n"
    "- Long arrows where the colours change fast; short arrows on flat ground.\n"
    "- For $\\sin(xy)$ the gradient is $\\begin{bmatrix} y\\cos(xy) \\\\ x\\cos(xy) "
    "\\end{bmatrix}$: it vanishes on the curves $xy = \\pi/2, 3\\pi/2, \\dots$ (ridges and "
    "valleys).\n"
    "- Ascent with a large step overshoots and zig-zags; a small step follows the arrows."
)
