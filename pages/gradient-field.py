"""Gradient field: ∇f arrows over the heatmap, the gradient at the point, ascent paths."""

import numpy as np
import streamlit as st

from gradviz import app, sampling
from gradviz.app import live_chart
from gradviz.figures import animate
from gradviz.figures import derivatives as FD
from gradviz.figures import layers as L
from gradviz.topics import animation_data
from gradviz.topics import derivatives as D

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
    f, d, p = view.f, view.domain, view.point

    with app.guard("the gradient field"):
        names = f.variables
        at = "(" + ", ".join(f"{v:g}" for v in p) + ")"
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

        g = app.compute(D.gradient_summary, view, p)
        X, Y, Z = app.compute(sampling.evaluate_grid, view, d, view.n, view.fixed)
        AX, AY, AU, AV = app.compute(D.gradient_field_checked, view, d, n_arrows, view.fixed)

        left, right = st.columns([3, 2])
        size = 470  # px of plot area: with axes and colour legend it fits the column at 1500 px
        with left:
            chart_layers = [
                L.heatmap(X, Y, Z, title="f", max_side=view.n),
                L.contours(X, Y, Z, 10, width=1.0, opacity=0.55),
                *(FD.clipped(part) for part in FD.haloed_arrows(AX, AY, AU, AV, d, size=size)),
            ]
            if np.isfinite(g.value):
                chart_layers += FD.level_curve_through(X, Y, Z, p, g.value)
            if g.direction2d is not None:
                s = 0.22 * d.span  # drawn at a fixed length: it shows the direction only
                chart_layers += FD.haloed_vector(p[0], p[1], g.direction2d[0] * s,
                                                 g.direction2d[1] * s, d, label="∇f", size=size)
            if show_path:
                pts = app.compute(sampling.gradient_path, view, p, step, steps, ascent, d)
                chart_layers += [FD.clipped(part) for part in FD.haloed_curve(
                    L.path(pts[:, :2], color=L.PALETTE["sky"]), halo=L.PALETTE["black"],
                    width_add=3.0)]
            chart_layers += FD.labelled_point(p[0], p[1], "p")
            title = f"f({', '.join(names[:2])}{', ' + names[2] + f' = {p[2]:g}' if f.n == 3 else ''})"
            spec = FD.plot_area_sized(L.compose(
                *chart_layers, domain=d, scale=app.font_scale(), size=size,
                title=f"{title} = {view.text} and ∇f"))
            # the point follows the hand in the browser (press, drag, arrow keys); the
            # server's chart when f can't go there
            live = live_chart.gradient_field(
                view, key="gf.live", X=X, Y=Y, Z=Z, arrows=(AX, AY, AU, AV), size=size,
                title=f"{title} = {view.text} and ∇f", font_scale=app.font_scale(),
                path={"step": step, "steps": steps, "ascent": ascent} if show_path else None,
                at={"value": g.value, "grad": g.grad},
                alt=f"Heatmap of {title} = {view.text} with ∇f arrows; press or drag in it, "
                    "or use the arrow keys, to move the point p.")
            if not live:
                app.chart(spec, key="gf.chart", pick=view)
            app.undefined_note(Z)
            st.caption("Black arrows: ∇f on a grid. " + FD.arrows_caption(AU, AV, d)
                       + " Orange: the level curve through p. Red-orange (vermillion): the "
                       "direction of ∇f at p. "
                       + ("Press or drag in the chart (or focus it and use the arrow keys) to "
                          "move p." if live else "Click the chart to move p.")
                       + (f" The view is the slice {names[2]} = {p[2]:g}; arrows show ∂f/∂x and "
                          "∂f/∂y." if f.n == 3 else ""))
        with right:
            st.latex(app.compute(D.gradient_latex, view))
            st.latex(rf"\nabla f{at} = \begin{{bmatrix}} "
                     + r" \\ ".join(D.latex_number(v) for v in g.grad) + r" \end{bmatrix}")
            cols = st.columns(f.n)
            for j, v in enumerate(names):
                cols[j].metric(f"∂f/∂{v} (p)", D.format_number(g.grad[j]))
            m1, m2 = st.columns(2)
            m1.metric("|∇f(p)|", D.format_number(g.norm))
            m2.metric("f(p)", D.format_number(g.value))
            if g.status is not None and g.status.value_note:
                st.caption(g.status.value_note.capitalize() + ".")
            if g.unit is not None:
                st.latex(r"\frac{\nabla f}{\|\nabla f\|}" + at + r" = \begin{bmatrix} "
                         + r" \\ ".join(D.format_number(v) for v in g.unit) + r" \end{bmatrix}")
                st.markdown(f"Along the level curve through $p$ (orange) $f$ stays "
                            f"${g.value:.4g}$; its direction $t$ is at a right angle to $\\nabla f$:")
                st.latex(rf"t = \begin{{bmatrix}} {g.tangent[0]:.4g} \\ {g.tangent[1]:.4g} "
                         r"\end{bmatrix}")  # two lines: one overflowed the column in lecture mode
                st.latex(rf"\nabla f \cdot t = {g.tangent_dot:.2g}")
                st.markdown("**The gradient is perpendicular to the level curve.**")
            else:  # flat (differentiable, ∇f = 0), undefined, or partials without a tangent
                st.info(g.message)  # plane: each with its reason, never "flat" at a corner
            if show_path:
                end = pts[-1]
                st.caption(f"The {'ascent' if ascent else 'descent'} path (light blue) has "
                           f"{len(pts) - 1} steps of size {step:g}·∇f"
                           + (f" (in the slice {names[2]} = {p[2]:g})" if f.n == 3 else "")
                           + f"; it ends at ({end[0]:.3g}, {end[1]:.3g}) where f = "
                           f"{D.format_number(f.at(end))}.")

        app.downloads(spec, view, "gradient", "gradient_field", what="the gradient field",
                      arrows=n_arrows)
        app.predict("gf.predict", "How does the gradient at p sit against the level curve through "
                    "p (the orange curve)?", ["along it", "perpendicular to it", "at 45°",
                                              "it depends on f"], 1,
                    "the level curve is where f does not change (∇f·t = 0 along it), and ∇f is "
                    "the direction of fastest change: they are always at a right angle, for "
                    "every f and every point where ∇f ≠ 0.")

        if show_path and app.on_demand(
                "▶ Play the path step by step in the browser (no server round trip)", "pa",
                "gf.play", "An animation with a Play button and a step slider inside the chart."):
            dd = app.compute(animation_data.descent_frames, view, tuple(view.point), step, steps, d,
                             min(view.n, 100), ascent)
            app.plotly(animate.descent_steps(dd, scale=app.font_scale()), key="gf.descent_anim")

        with st.expander("Check yourself: type ∇f's components", expanded=False):
            for v in f.variables:
                app.check_yourself(view, v, key="gf.check")

        st.subheader("The tangent plane")
        left3, right3 = st.columns([3, 2])
        with left3:
            if app.on_demand("3-D view: the surface and its tangent plane at p (drag to rotate)",
                             "s3", "gf.show3d", "Draws the tangent plane on the surface."):
                SX, SY, SZ = app.compute(sampling.evaluate_grid, view, d, 60, view.fixed)
                gx, gy = (g.grad[0], g.grad[1]) if g.differentiable else (np.nan, np.nan)
                app.plotly(FD.tangent_plane_surface(SX, SY, SZ, p, g.value, gx, gy,
                                                    0.2 * d.span,
                                                    font=round(16 * app.font_scale())),
                           key="gf.surface")
        with right3:
            if g.differentiable:
                st.markdown("Near $p$ the surface is almost flat: it hugs the plane through "
                            "$(p, f(p))$ whose slopes are the partial derivatives (orange, drag "
                            "to rotate). Its equation is the linearisation")
                st.latex(app.compute(D.tangent_plane_latex, view, p, multiline=True))
                st.markdown("The gradient points along the plane's steepest uphill direction; "
                            "the level curve is the plane's horizontal direction.")
            else:
                st.markdown("At this $p$, $f$ is **not differentiable**: no plane hugs the "
                            "surface here, so there is no tangent plane and no linearisation. "
                            "Move $p$ off the corner or singular point to see one.")


point_section(view)

st.subheader("What to notice")
st.markdown(
    "- The arrows point **uphill**, across the contour lines, never along them.\n"
    "- Long arrows where the colours change fast; short arrows on flat ground.\n"
    "- For $\\sin(xy)$ the gradient is $\\begin{bmatrix} y\\cos(xy) \\\\ x\\cos(xy) "
    "\\end{bmatrix}$: it vanishes on the curves $xy = \\pi/2, 3\\pi/2, \\dots$ (ridges and "
    "valleys).\n"
    "- Ascent with a large step overshoots and zig-zags; a small step follows the arrows."
)
