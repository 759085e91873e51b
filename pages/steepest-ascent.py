"""Why the gradient is the direction of steepest ascent: Dᵤf, the dot product, two tests."""

import numpy as np
import streamlit as st

from gradviz import app, sampling
from gradviz.figures import animate
from gradviz.figures import layers as L
from gradviz.figures import linear as FL
from gradviz.topics import animation_data, linear

app.ensure_frame(__file__)  # a link to this page just after a server start


def _px(n: int) -> int:
    """A chart size in px, smaller in lecture mode so the bigger fonts still fit."""
    return int(n * (0.72 if app.font_scale() > 1 else 1))


def _show(spec: dict, key: str, **kwargs):
    """app.chart with the spec made safe for Streamlit (see gradviz.figures.linear.tidy)."""
    return app.chart(FL.tidy(spec), key=key, **kwargs)


def _v(vec, digits: int = 4) -> str:
    """A column vector in LaTeX."""
    return r"\begin{bmatrix} " + r" \\ ".join(
        f"{float(v):.{digits}g}" if np.isfinite(v) else r"\text{undefined}" for v in vec) \
        + r" \end{bmatrix}"


def _n(v: float, digits: int = 4) -> str:
    """A number for LaTeX, in parentheses when negative (so "+ (−0.4)" reads right)."""
    text = f"{float(v):.{digits}f}"
    return f"({text})" if float(v) < 0 else text


def _deg(v: float) -> str:
    return f"{v:.1f}°" if np.isfinite(v) else "—"


st.title("Why the gradient is the direction of steepest ascent")
st.markdown(
    "Stand at a point and pick a direction: a unit vector $\\mathbf{u}$. How fast does $f$ "
    "change if you step that way? That rate is the **directional derivative** "
    "$D_{\\mathbf{u}} f$. The gradient answers for every direction at once: "
    "$D_{\\mathbf{u}} f = \\nabla f \\cdot \\mathbf{u}$ — and it is largest when "
    "$\\mathbf{u}$ points along $\\nabla f$."
)

view = app.setup(
    "scalar",
    accept=lambda f: f.is_scalar and f.n == 2,
    need="this page needs a scalar function of two variables, like `sin(x*y)`",
    grid=(20, 150, 60), grid_label="heatmap points per side",
    point=False,  # drawn by app.live for the section below
)
@app.live  # what follows the point: a slider step reruns only this section
def point_section(view):
    f, d, p = view.f, view.domain, tuple(view.point[:2])
    scale = app.font_scale()

    with app.guard("the directional derivative"):
        app.predict("sa.predict", "Standing at p, which unit direction makes f grow fastest?",
                    ["the axis of the largest partial derivative", "along ∇f",
                     "all directions are equally fast", "perpendicular to ∇f"], 1,
                    "Dᵤf = ∇f·u = |∇f| cos(angle between them), largest at angle 0. Sections 2–5 "
                    "below show it four ways.")
        st.subheader("1 · A direction u, and the rate of change along it")
        c1, c2 = st.columns(2)
        theta = app.url_slider("direction θ of u (degrees)", "t", 0, 360, 30, 1, key="sa.theta",
                               container=c1, integer=True)
        k = app.url_slider("step size h = 10^k", "h", -8.0, 0.0, -3.0, 0.5, key="sa.h",
                           container=c2, format="10^%.1f")
        h = float(10.0 ** k)
        c = linear.direction_check(f, p, theta, h)
        u, g, norm = c["u"], c["gradient"], c["norm"]
        smooth_warning = app.compute(linear.differentiability_warning, view, p)
        if smooth_warning:
            st.info(smooth_warning)

        left, right = st.columns([1, 1])
        with left:
            X, Y, Z = app.compute(sampling.evaluate_grid, view, d, view.n)
            size = _px(350)
            arrow = 0.22 * d.span
            parts = [L.heatmap(X, Y, Z, title="f"), L.contours(X, Y, Z, 10)]
            if np.isfinite(norm) and norm > 0 and not smooth_warning:
                parts.append(L.vector(p[0], p[1], g[0] / norm * arrow, g[1] / norm * arrow, d,
                                      color=L.PALETTE["vermillion"], label="∇f", size=size))
            parts.append(L.vector(p[0], p[1], u[0] * arrow, u[1] * arrow, d,
                                  color=L.PALETTE["blue"], label="u", size=size))
            parts.append(L.point(p[0], p[1], label="p"))
            _show(L.compose(*parts, domain=d, size=size, scale=scale,
                            title=f"f(x, y) = {view.text}"), key="sa.map", pick=view)
            st.caption("Click the map to move p.")
            app.undefined_note(Z)
        with right:
            pt = ", ".join(f"{v:.3g}" for v in p)
            st.latex(rf"\mathbf{{u}} = \begin{{bmatrix}} \cos {theta}° \\ \sin {theta}° "
                     rf"\end{{bmatrix}} = {_v(u)}")
            st.latex(rf"\nabla f({pt}) = {_v(g)}")  # \text{undefined} where a partial is
            st.latex(r"D_{\mathbf{u}} f \approx \frac{f(\mathbf{x} + h\mathbf{u}) - f(\mathbf{x})}{h}"
                     rf"\quad (h = {h:.3g})")
            m1, m2, m3 = st.columns(3)
            m1.metric("limit quotient", f"{c['limit']:.6f}",
                      help="(f(x + h u) − f(x)) / h with the step h of the slider.")
            m2.metric("∇f · u", f"{c['exact']:.6f}" if np.isfinite(c["exact"]) else "undefined")
            m3.metric("difference", f"{c['difference']:.2e}" if np.isfinite(c["difference"])
                      else "undefined")
            errs = app.compute(linear.limit_errors, view, p, float(theta))
            ok = np.isfinite(errs["error"])
            if ok.sum() >= 2:
                # errors under 1e-12 are round-off luck: drawn on the axis floor, so the axis
                # (part of the spec) doesn't jump decades with every step of the point
                floor = 1e-12
                shown = np.where(ok, np.maximum(errs["error"], floor), np.nan)
                lo, hi = floor, max(float(np.max(shown[ok])), 10 * floor)
                spec = L.compose(
                    FL.curves({"|quotient − ∇f·u|": (errs["h"], shown)},
                              {"|quotient − ∇f·u|": L.PALETTE["black"]}, points=True,
                              legend=False),
                    FL.vline(h, color=L.PALETTE["blue"]),
                    xrange=(float(errs["h"][0]), float(errs["h"][-1])),
                    yrange=L.nice_range(lo, hi * 3, log=True), size=_px(380), height=_px(240), scale=scale, xtitle="h",
                    ytitle="|quotient − ∇f·u|")
                _show(FL.log_axes(spec), key="sa.limit")
                st.caption("Shrinking h makes the quotient approach ∇f·u (error ≈ h) — until "
                           "round-off takes over for very small h (error ≈ 10⁻¹⁶/h). "
                           "The blue line is the slider's h.")
            else:
                st.caption("The quotient equals ∇f·u for every step here (f is linear along u).")

    if smooth_warning:  # what follows compares Dᵤf with ∇f·u: true only where f is differentiable
        st.info("Sections 2–5 compare Dᵤf with ∇f·u, which needs f to be differentiable at p. "
                "Move p (sliders or a click on the map) to a point where it is.")
        return

    with app.guard("Dᵤf in every direction"):
        st.subheader("2 · Dᵤf in every direction: the largest is along ∇f")
        cur = app.compute(linear.directional_curve, view, p)
        star = cur["theta_star"]
        left, right = st.columns([3, 1])
        with left:
            parts = [FL.hline(0.0, color=L.PALETTE["grey"], width=1, dash=None),
                     FL.curves({"Dᵤf = ∇f·u": (cur["theta"], cur["value"]),
                                "|∇f| cos(θ − θ*)": (cur["theta"], cur["cosine"])},
                               {"Dᵤf = ∇f·u": L.PALETTE["black"],
                                "|∇f| cos(θ − θ*)": L.PALETTE["vermillion"]},
                               dashes={"|∇f| cos(θ − θ*)": (8, 8)})]
            parts.append(FL.vline(float(theta), color=L.PALETTE["blue"], width=2))
            right_side = theta > 250
            parts.append(FL.marker(float(theta), float(c["exact"]), f"u: θ = {theta}°",
                                   color=L.PALETTE["blue"], dy=-14 if c["exact"] < 0 else 24,
                                   align="right" if right_side else "left",
                                   dx=-8 if right_side else 8))
            if np.isfinite(star):
                parts.append(FL.marker(star, norm, f"max |∇f| = {norm:.3g} at θ* = {star:.1f}°",
                                       color=L.PALETTE["black"], dy=-14,
                                       align="left" if star < 200 else "right",
                                       dx=8 if star < 200 else -8))
            pad = 0.15 * max(norm, 1e-9) if np.isfinite(norm) else 1.0
            yr = L.nice_range(-norm - pad, norm + pad) if np.isfinite(norm) and norm > 0 \
                else (-1.0, 1.0)
            curve_spec = L.compose(*parts, xrange=(0, 360), yrange=yr, size=_px(620), height=_px(300),
                                   scale=scale, xtitle="θ (degrees)", ytitle="Dᵤf")
            _show(curve_spec, key="sa.curve")
        with right:
            st.metric("θ* = direction of ∇f", _deg(star))
            st.metric("max of Dᵤf over θ", f"{cur['best_value']:.4f}",
                      help=f"Largest value over θ in 1° steps and θ*: at θ = {cur['best_theta']:.1f}°.")
            st.metric("|∇f|", f"{norm:.4f}")
        st.caption("The two curves coincide: Dᵤf is exactly |∇f| cos(θ − θ*), a cosine whose "
                   "peak sits at the gradient's direction and is as high as |∇f|.")
        app.downloads(curve_spec, view, "ascent", "steepest_ascent",
                      what="the Dᵤf curve of section 2")

    with app.guard("the θ animation"):
        if app.on_demand("▶ Play it: sweep θ in the browser (no server round trip)", "ta",
                         "sa.play_theta", "An animation with a Play button and a θ slider inside "
                         "the chart."):
            t_frames = app.compute(animation_data.theta_frames, view, p)
            app.plotly(animate.theta_sweep(t_frames,
                                           active=animation_data.nearest(t_frames["theta"], theta),
                                           scale=app.font_scale()), key="sa.theta_anim")

    with app.guard("the dot-product argument"):
        st.subheader("3 · The argument, step by step (course §4.2)")
        s = linear.dot_product_steps(f, p, theta, 0.01)
        v = s["v"]
        t1, t2 = s["partial_terms"]
        st.markdown(
            f"**Step 1 — the change in f is a dot product.** Move from $\\mathbf{{x}}$ by a tiny "
            f"$\\mathbf{{v}} = 0.01\\,\\mathbf{{u}} = ({v[0]:.5f}, {v[1]:.5f})$. The change in $f$ is "
            "$\\frac{\\partial f}{\\partial x} v_1 + \\frac{\\partial f}{\\partial y} v_2 = "
            "\\nabla f \\cdot \\mathbf{v}$:")
        st.latex(rf"\nabla f\cdot\mathbf{{v}} = {_n(g[0])} \times {_n(v[0], 5)} + {_n(g[1])} "
                 rf"\times {_n(v[1], 5)} = {_n(t1, 6)} + {_n(t2, 6)} = {s['dot']:.6f}")
        st.latex(rf"f(\mathbf{{x}}+\mathbf{{v}}) - f(\mathbf{{x}}) = {s['change']:.6f} "
                 r"\qquad \text{(the same, up to terms of order } \|\mathbf{v}\|^2)")
        st.markdown(
            "**Step 2 — a dot product is lengths times a cosine:** "
            "$\\mathbf{a}\\cdot\\mathbf{b} = \\|\\mathbf{a}\\|\\,\\|\\mathbf{b}\\|\\cos\\varphi$. "
            "For a unit $\\mathbf{u}$ at angle $\\varphi$ from $\\nabla f$:")
        if np.isfinite(s["angle"]):
            st.latex(rf"\nabla f\cdot\mathbf{{u}} = \|\nabla f\|\cdot 1\cdot\cos\varphi = "
                     rf"{s['norm']:.4f} \times \cos({s['angle']:.1f}°) = {s['norm']:.4f} \times "
                     rf"{_n(s['cos'])} = {s['product']:.4f}")
        else:
            st.info("Here ∇f = 0: every direction gives Dᵤf = 0 (a flat spot).")
        st.markdown(
            "**Step 3 — only the cosine can change.** $\\|\\nabla f\\|$ and $\\|\\mathbf{u}\\| = 1$ "
            "are fixed, so $\\nabla f\\cdot\\mathbf{u}$ is largest when $\\cos\\varphi = 1$, i.e. "
            "$\\varphi = 0$: $\\mathbf{u}$ points along $\\nabla f$, and then "
            f"$D_{{\\mathbf{{u}}}} f = \\|\\nabla f\\| = {s['best']:.4f}$. Turn θ to "
            f"{_deg(c['theta_star'])} to see it.")

    with app.guard("the rotate-by-45-degrees test"):
        st.subheader("4 · The “rotate by 45 degrees” test")
        st.markdown(
            "The coordinate axes are not special. Turn them by an angle α: the direction of "
            "steepest ascent, **seen from the new axes**, must turn by −α. The rule *\"step along "
            "the largest component\"* always answers with one of the new axes — 0°, 90°, 180° or "
            "270° — so it jumps in 90° steps instead of turning.")
        g2 = tuple(float(v) for v in g)
        source = f"∇f(p) = ({g2[0]:.3g}, {g2[1]:.3g})"
        if not (np.isfinite(norm) and norm > 1e-12):
            g2 = linear.COURSE_GRADIENT_4D[:2]
            source = "the course's [5, 2] (∇f is zero or undefined at p)"
        alpha = app.url_slider("rotate the axes by α (degrees)", "r", 0, 360, 30, 1,
                               key="sa.alpha", integer=True)
        rot = linear.rotation_at(g2, alpha)
        sweep = linear.rotation_sweep(g2, 361)
        left, right = st.columns([3, 2])
        with left:
            spec = L.compose(
                FL.curves({"∇f seen from the rotated axes": (sweep["alpha"], sweep["gradient"]),
                           "largest-component rule": (sweep["alpha"], sweep["heuristic"])},
                          {"∇f seen from the rotated axes": L.PALETTE["vermillion"],
                           "largest-component rule": L.PALETTE["blue"]}, wrap=180,
                          columns=1 if app.font_scale() > 1 else None),
                FL.vline(float(alpha), color=L.PALETTE["grey"], width=2),
                FL.marker(float(alpha), rot["gradient_angle_rotated"], color=L.PALETTE["vermillion"]),
                FL.marker(float(alpha), rot["heuristic_angle_rotated"], color=L.PALETTE["blue"]),
                xrange=(0, 360), yrange=(-5, 365), size=_px(480), height=_px(320), scale=scale,
                xtitle="α: rotation of the axes (degrees)",
                ytitle="direction in the new axes (°)")
            _show(spec, key="sa.sweep")
        with right:
            box = (-1.35, 1.35, -1.35, 1.35)
            ax = rot["axes"]
            gu = rot["gradient_unit"]
            hd = rot["heuristic_direction"]
            colors = {"e₁′": L.PALETTE["grey"], "e₂′": L.PALETTE["black"],
                      "∇f/|∇f|": L.PALETTE["vermillion"], "largest-component rule": L.PALETTE["blue"]}
            pic = L.compose(
                FL.arrow_set([("e₁′", 0, 0, 1.2 * ax[0, 0], 1.2 * ax[1, 0]),
                              ("e₂′", 0, 0, 1.2 * ax[0, 1], 1.2 * ax[1, 1]),
                              ("∇f/|∇f|", 0, 0, gu[0], gu[1]),
                              ("largest-component rule", 0, 0, 0.75 * hd[0], 0.75 * hd[1])],
                             colors, box, size=_px(280), orient="bottom",
                             columns=1 if app.font_scale() > 1 else 2),
                xrange=box[:2], yrange=box[2:], size=_px(280), scale=scale,
                title=f"axes turned by α = {alpha}°")
            _show(pic, key="sa.axes")
        m1, m2, m3 = st.columns(3)
        m1.metric("∇f's angle in the new axes", _deg(rot["gradient_angle_rotated"]),
                  help="θ* − α: it turns steadily with α.")
        m2.metric("… turned by (vs. α = 0)", _deg(rot["turned"]))
        m3.metric("rule's angle in the new axes", _deg(rot["heuristic_angle_rotated"]),
                  help="Always 0°, 90°, 180° or 270°: one of the new axes.")
        comps = rot["components"]
        st.caption(f"Gradient used: {source}. In the axes turned by {alpha}° its components are "
                   f"({comps[0]:.3f}, {comps[1]:.3f}); in the original frame the steepest "
                   f"direction stays at {rot['gradient_angle']:.1f}° whatever α is — it is a "
                   "fact about f, not about the axes.")

    with app.guard("the rotation animation"):
        if app.on_demand("▶ Play it: turn the axes in the browser (no server round trip)", "ra",
                         "sa.play_rot", "An animation with a Play button and an α slider inside "
                         "the chart."):
            r_frames = animation_data.rotation_from_gradient(g2)
            app.plotly(animate.rotation_sweep(r_frames,
                                              active=animation_data.nearest(r_frames["alpha"], alpha),
                                              scale=app.font_scale()), key="sa.rot_anim")


point_section(view)

# not moved by the point: outside the live section, so a slider step does not redraw it
with app.guard("the course's 4-D example"):
    st.subheader("5 · The course's example ∇f = [5, 2, −1, 0]: is the largest component best?")
    st.markdown(
        "Why not step along $x_1$, the biggest partial derivative? Try many random unit "
        "directions $\\mathbf{u}$ in $\\mathbb{R}^4$ and compare $\\nabla f\\cdot\\mathbf{u}$.")
    g4 = linear.COURSE_GRADIENT_4D
    c1, c2 = st.columns([3, 1])
    count = app.url_slider("random directions", "k", 10, 5000, 1000, 10, key="sa.count",
                           container=c1, integer=True)
    seed = c2.number_input("random seed (+ draws again)", 0, 1_000_000, 0, 1, key="sa.seed")
    r = linear.random_direction_values(g4, count, int(seed))
    top, e1 = r["gradient_value"], r["largest_component"]
    left, right = st.columns([3, 2])
    with left:
        edges, counts = linear.histogram(r["values"], 40, -top, top)
        ymax = float(max(counts.max(), 1))
        spec = L.compose(
            FL.bars(edges, counts, color=L.PALETTE["sky"]),
            FL.vline(e1, color=L.PALETTE["blue"], width=3),
            FL.vline(top, color=L.PALETTE["vermillion"], width=3, dash=None),
            FL.marker(e1, ymax * 1.12, "e₁: 5", color=L.PALETTE["blue"], size=1,
                      align="right", dx=-6, dy=4),
            FL.marker(top, ymax * 1.12, "∇f/|∇f|: √30", color=L.PALETTE["vermillion"], size=1,
                      align="left", dx=6, dy=4),
            xrange=(-top * 1.05, 9.0), yrange=(0, ymax * 1.22), size=_px(500), height=_px(280),
            scale=app.font_scale(), xtitle="∇f · u for a random unit u", ytitle="count")
        _show(spec, key="sa.hist")
    with right:
        st.metric("best of the random directions", f"{r['best']:.4f}")
        st.metric("largest component: u = e₁", f"{e1:.4f}")
        st.metric("gradient direction: u = ∇f/|∇f| → |∇f| = √30", f"{top:.6f}")
        st.caption(f"{r['beats_largest']} of {count} random directions beat e₁; none beats √30 ≈ "
                   f"{top:.3f}. The best random u = "
                   f"({', '.join(f'{x:.2f}' for x in r['best_u'])}) is close to "
                   f"∇f/|∇f| = ({', '.join(f'{x:.2f}' for x in r['gradient_unit'])}).")
    st.table([
        {"direction u": "∇f/|∇f| = [5, 2, −1, 0]/√30", "∇f · u": f"{top:.6f}"},
        {"direction u": f"best of {count} random", "∇f · u": f"{r['best']:.6f}"},
        {"direction u": "e₁ (largest component)", "∇f · u": f"{e1:.6f}"},
    ])


st.subheader("What to notice")
st.markdown(
    "- Shrink h: the limit quotient meets $\\nabla f\\cdot\\mathbf{u}$ to more and more digits "
    "— until h is so small that round-off spoils it again.\n"
    "- $D_{\\mathbf{u}} f$ over all directions is a pure cosine; its peak is at the "
    "gradient's angle θ* and its height is $|\\nabla f|$. Opposite, at θ* + 180°, is the "
    "steepest *descent*, and at θ* ± 90° (along the level curve) $f$ does not change.\n"
    "- Rotate the axes: the gradient's direction turns smoothly with α, the "
    "largest-component rule jumps between the axes — it fails the rotate-by-45° test.\n"
    "- In the 4-D example no random direction beats $\\sqrt{30}\\approx 5.477$, while $e_1$ "
    "(the largest component) only gives 5: going \"partly in the other directions\" is not "
    "wasteful, it is what makes the step steepest."
)
