"""Jacobian linearisation: J symbolic and at the point, the course's figure, zooming in."""

import numpy as np
import streamlit as st

import gradviz
from gradviz import app, sampling
from gradviz.figures import animate
from gradviz.figures import layers as L
from gradviz.figures import linear as FL
from gradviz.topics import animation_data, linear

app.ensure_frame(__file__)  # a link to this page just after a server start

COURSE = linear.COURSE_FIELD


def _px(n: int) -> int:
    """A chart size in px, smaller in lecture mode so the bigger fonts still fit."""
    return int(n * (0.72 if app.font_scale() > 1 else 1))


def _show(spec: dict, key: str, **kwargs):
    """app.chart with the spec made safe for Streamlit (see gradviz.figures.linear.tidy)."""
    return app.chart(FL.tidy(spec), key=key, **kwargs)


def _num(v: float) -> str:
    """A number for LaTeX: 4 significant digits, whole numbers without a decimal point."""
    if not np.isfinite(v):
        return r"\text{undefined}"
    v = 0.0 if v == 0 else float(v)
    return f"{v:.4g}"


def _plain(v: float) -> str:
    """A number for a metric or a table cell (not LaTeX): 4 significant digits or "undefined"."""
    return _num(v) if np.isfinite(v) else "undefined"


def _matrix(M) -> str:
    rows = [" & ".join(_num(v) for v in row) for row in np.atleast_2d(M)]
    return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"


def _pt(p) -> str:
    return "(" + ", ".join(f"{v:.3g}" for v in p[:2]) + ")"


st.title("Jacobian linearisation")
st.markdown(
    "The **Jacobian** of $f:\\mathbb{R}^n\\to\\mathbb{R}^m$ holds all first partial "
    "derivatives, $[\\mathbf{J}_f]_{ij} = \\partial f_i/\\partial x_j$ (one row per output, "
    "one column per input). Near a point $\\mathbf{x}_0$ it is the best **linear** "
    "approximation of $f$: $f(\\mathbf{x}_0+\\mathbf{h}) \\approx f(\\mathbf{x}_0) + "
    "\\mathbf{J}_f(\\mathbf{x}_0)\\,\\mathbf{h}$."
)

view = app.setup(
    "vector",
    default=COURSE,
    accept=linear.plane_map,  # not a curve [cos(t), sin(t)] read as a map of (x, t)
    need=linear.PLANE_MAP_NEED,
    grid=(10, 150, 60), grid_label="heatmap points per side",
    point=False,  # drawn by app.live for the section below
)
@app.live  # what follows the point: a slider step reruns only this section
def point_section(view):
    f, d, p = view.f, view.domain, tuple(view.point[:2])

    if view.text != COURSE:
        st.page_link("pages/jacobian-linearisation.py", label="Open the course's example f(x, y) = [x² − y, y² + x]",
                     icon=":material/school:", query_params={"f": COURSE, "p": "1,1"})

    differentiable = True  # stays True if the section below fails (its guard says so)
    with app.guard("the Jacobian"):
        s = linear.jacobian_summary(f, p)
        differentiable = s["differentiable"]
        left, right = st.columns([3, 2])
        with left:
            st.latex(r"f(x, y) = " + f.latex())
            st.latex(r"\mathbf{J}_f = " + gradviz.jacobian(f).latex())
            st.latex(r"\mathbf{J}_f" + _pt(p) + " = " + _matrix(s["J"]))
        with right:
            m1, m2 = st.columns(2)
            m1.metric("det J at p", _plain(s["det"]).replace("-", "−"),
                      help="The factor by which J scales areas near p (negative: flips).")
            m2.metric("$\\lVert J \\rVert_F$ at p", _plain(s["frobenius"]),
                      help="Frobenius norm: √(sum of the squared entries of J).")
            st.caption(f"f{_pt(p)} = [{_plain(s['value'][0])}, {_plain(s['value'][1])}]")
        if not s["differentiable"]:  # J at p is not a linearisation there: say why
            st.info("f is **not differentiable** at p, so J does not give a linear "
                    "approximation here — " + "; ".join(s["problems"]) + ".")

    with app.guard("the course's Jacobian figure"):
        st.subheader("The course's figure: how fast f changes, and what J does to e₁, e₂")
        c1, c2, c3 = st.columns([2, 2, 1])
        pts_text = c1.text_input("points for the arrows", linear.COURSE_POINTS_TEXT, key="jac.points",
                                 help="Pairs of numbers, like (-1, -1), (0, 0), (1, 1).")
        scale = app.url_slider("arrow scale", "s", 0.1, 1.5, 0.5, 0.05, key="jac.scale",
                               container=c2, format="%.2f")
        with c3:
            add_p = st.toggle("add the point p", value=True, key="jac.addp")
        try:
            points = list(linear.parse_points(pts_text))
        except gradviz.ExpressionError as err:
            st.error(f"{err}; showing the course's points.")
            points = list(linear.parse_points(linear.COURSE_POINTS_TEXT))
        here = None
        if add_p and p not in points:
            points.append(p)
            here = len(points) - 1
        elif add_p:
            here = points.index(p)

        heat_size, arrow_size = _px(320), _px(400)
        X, Y, N = app.compute(sampling.frobenius_norm_grid, view, d, view.n)
        a = app.compute(linear.basis_arrows, view, tuple(points), scale)
        left, right = st.columns(2)
        with left:
            heat = L.compose(
                L.heatmap(X, Y, N, title="‖J‖_F", scheme="plasma"),
                L.contours(X, Y, N, 12, opacity=0.8),
                L.point(p[0], p[1], label="p"),
                domain=d, size=heat_size, scale=app.font_scale(), title="Jacobian Norm of f(x,y)")
            _show(heat, key="jac.heat", pick=view)
            app.undefined_note(N)
            st.caption("Click the heatmap to move p.")
        with right:
            box = L.nice_box(FL.fit_box(a["points"], a["arrows"],
                                        FL.square_box(d.xmin, d.xmax, d.ymin, d.ymax, 0.5)))
            arrows = L.compose(
                FL.basis_arrows(a["points"], a["arrows"], box, size=arrow_size, highlight=here),
                xrange=box[:2], yrange=box[2:], size=arrow_size, scale=app.font_scale(),
                title="Local Linear Approximation via Jacobian")
            _show(arrows, key="jac.arrows")
        st.markdown(
            "At each point the **blue and green arrows** are $\\mathbf{e}_1$, $\\mathbf{e}_2$; the "
            "**vermillion and orange arrows** are their images $\\mathbf{J}_f\\mathbf{e}_1$, "
            "$\\mathbf{J}_f\\mathbf{e}_2$ — the **columns** of $\\mathbf{J}_f$ (all times the "
            f"scale {scale:g}). Small steps in input space are mapped to (approximately) linear "
            "steps in output space.")
        app.downloads(L.side_by_side(heat, arrows), view, "jacobian", "jacobian",
                      what="the course's Jacobian figure",
                      scale=scale)
        with st.expander("J at these points (table)", expanded=False):
            rows = [{"point": f"({x:g}, {y:g})",
                     "J": "[[" + ", ".join(_plain(v) for v in J[0]) + "], ["
                     + ", ".join(_plain(v) for v in J[1]) + "]]",
                     "det J": _plain(linear.jacobian_summary(f, (x, y))["det"])}
                    for (x, y), J in zip(a["points"], (linear.jacobian_summary(f, q)["J"]
                                                       for q in a["points"]))]
            st.table(rows)

    if not differentiable:  # the sections below compare f with its linearisation at p
        st.info("The next sections (the zoomed square, the error of the linear approximation, "
                "the m = 1 case) compare f with its linearisation at p, which exists only where "
                "f is differentiable. Move p (sliders or a click on the heatmap) to such a point.")
        return

    with app.guard("the zoomed square"):
        st.subheader("Zoom in: f and its linear map agree more and more")
        zc1, zc2 = st.columns([2, 3])
        k = app.url_slider("square half-width h = 10^k", "z", -3.0, 0.0, -0.5, 0.1,
                           key="jac.zoom", container=zc1, format="10^%.1f")
        h = float(10.0 ** k)
        sq = app.compute(linear.square_images, view, p, h)
        zc2.markdown(
            f"A square of half-width $h = {h:.3g}$ around $p = {_pt(p)}$ is mapped by $f$ "
            "(vermillion) and by the linear map $\\mathbf{h} \\mapsto f(p) + \\mathbf{J}_f(p)"
            "\\mathbf{h}$ (blue, dashed). Both are drawn zoomed to the image.")
        c_in, c_out, c_num = st.columns([2, 3, 2])
        with c_in:
            in_box = FL.square_box(d.xmin, d.xmax, d.ymin, d.ymax)
            st.caption("input plane: the square")
            _show(L.compose(
                FL.outlines({"square": sq["square"]}, {"square": L.PALETTE["black"]},
                            legend=False, width=2),
                L.point(p[0], p[1], label="p"),
                xrange=in_box[:2], yrange=in_box[2:], size=_px(210), scale=app.font_scale()),
                key="jac.square")
        with c_out:
            b = L.nice_box(sq["box"])
            names = {"f(square)": sq["f_image"], "f(p) + J h": sq["linear_image"]}
            _show(L.compose(
                FL.outlines(names, {"f(square)": L.PALETTE["vermillion"],
                                    "f(p) + J h": L.PALETTE["blue"]},
                            dashes={"f(p) + J h": (8, 6)}, width=3,
                            orient="bottom"),  # below the plot: never over the square
                FL.marker(float(sq["center"][0]), float(sq["center"][1]), "f(p)",
                          color=L.PALETTE["black"], size=60),
                xrange=b[:2], yrange=b[2:], size=_px(340), scale=app.font_scale(),
                xtitle="f₁", ytitle="f₂", title="output plane, zoomed to the image"),
                key="jac.images")
        app.predict("jac.predict", "Make the square 10 times smaller. What happens to the largest "
                    "gap between the two images?",
                    ["it stays the same", "10 times smaller", "100 times smaller",
                     "it depends on f"], 2,
                    "the gap is second order: f(p + h) − f(p) − J h ≈ ½ hᵀ(second derivatives)h, "
                    "so it shrinks like h². Watch *gap / h²* stay put while h moves.")
        with c_num:
            st.metric("h", f"{h:.3g}")
            st.metric("largest gap between the images", f"{sq['gap']:.3g}")
            st.metric("gap / h", f"{sq['gap_over_h']:.3g}",
                      help="→ 0 as h → 0: relative to its size, the image becomes the linear one.")
            st.metric("gap / h²", f"{sq['gap_over_h2']:.3g}",
                      help="About constant: the gap is second order in h.")

    with app.guard("the zoom animation"):
        if app.on_demand("▶ Play it: zoom in the browser (no server round trip)", "za",
                         "jac.play", "An animation with a Play button and a zoom slider inside "
                         "the chart."):
            z_frames = app.compute(animation_data.zoom_frames, view, p)
            app.plotly(animate.zoom_sweep(z_frames,
                                          active=animation_data.nearest(z_frames["h"], h, log=True),
                                          scale=app.font_scale()), key="jac.zoom_anim")

    with app.guard("the linearisation error"):
        st.subheader("How fast the error vanishes: slope 2 on log–log axes")
        ec1, ec2 = st.columns([2, 3])
        ang = app.url_slider("direction of h (degrees)", "a", 0, 360, 45, 5, key="jac.dir",
                             container=ec1, integer=True)
        e = app.compute(linear.error_curve, view, p, float(ang))
        ec2.markdown(
            "The error $\\|f(\\mathbf{x}_0+\\mathbf{h}) - f(\\mathbf{x}_0) - \\mathbf{J}\\mathbf{h}\\|$ "
            "for steps $\\mathbf{h}$ in the chosen direction. A straight line of slope 2 on "
            "log–log axes means error $\\approx c\\,\\|\\mathbf{h}\\|^2$: halve the step, quarter "
            "the error.")
        c_plot, c_slope = st.columns([3, 1])
        err = e["error"]
        ok = np.isfinite(err) & (err > 0)
        with c_slope:
            slope = e["slope"]
            st.metric("fitted slope", f"{slope:.3f}" if np.isfinite(slope) else "—",
                      help="Least-squares slope of log error against log ‖h‖ for ‖h‖ ≤ 0.1.")
            st.caption("The grey dashed reference line has slope exactly 2 (drawn a little below "
                       "the error curve so both show).")
        with c_plot:
            if np.isfinite(slope):
                lo, hi = float(np.min(err[ok])), float(np.max(err[ok]))
                ref = e["reference"]
                spec = L.compose(
                    FL.curves({"error": (e["h"], np.where(ok, err, np.nan)),
                               "slope 2: c‖h‖²": (e["h"], ref)},
                              {"error": L.PALETTE["vermillion"], "slope 2: c‖h‖²": L.PALETTE["grey"]},
                              dashes={"slope 2: c‖h‖²": (8, 6)}, points=False),
                    FL.vline(h, color=L.PALETTE["blue"]),
                    xrange=(float(e["h"][0]), float(e["h"][-1])), yrange=L.nice_range(lo / 3, hi * 3, log=True),
                    size=_px(600), height=_px(320), scale=app.font_scale(), xtitle="‖h‖",
                    ytitle="error")
                _show(FL.log_axes(spec), key="jac.error")
                st.caption(f"Blue line: the square's h = {h:.3g} from the zoom slider.")
            else:
                st.info("The error is zero (up to round-off) along this direction: f is linear "
                        "here, so its linearisation is exact and there is no slope to draw.")

    with app.guard("the m = 1 case"):
        st.subheader("For m = 1: ∇f = Jᵀ")
        st.markdown(
            "Take one output $f_i$ of $f$: a scalar function ($m = 1$). Its Jacobian is a single "
            "**row**, its gradient the same numbers as a **column**. So the rows of "
            "$\\mathbf{J}_f$ are the transposed gradients of the outputs.")
        i = st.radio("output", [0, 1], format_func=lambda j: f"f{'₁₂'[j]}", horizontal=True,
                     key="jac.comp")
        fi = linear.component(f, i)
        sub = "₁₂"[i]
        tex = "_" + str(i + 1)
        c1, c2, c3 = st.columns(3)
        c1.latex(f"f{tex} = " + fi.latex())
        c2.latex(rf"\mathbf{{J}}_{{f{tex}}} = " + gradviz.jacobian(fi).latex())
        c3.latex(rf"\nabla f{tex} = " + gradviz.gradient(fi).latex())
        Ji = gradviz.jacobian_at(fi, p)
        gi = gradviz.gradient_at(fi, p)
        same = linear.transpose_check(fi)
        c2.latex(rf"\mathbf{{J}}_{{f{tex}}}{_pt(p)} = " + _matrix(Ji))
        c3.latex(rf"\nabla f{tex}{_pt(p)} = " + _matrix(np.reshape(gi, (-1, 1))))
        if same:
            st.success(f"∇f{sub} = J_f{sub}ᵀ exactly (symbolically), and it is row {i + 1} of J_f.",
                       icon=":material/check:")
        else:  # cannot happen for a scalar function; shown rather than hidden if it ever does
            st.warning(f"∇f{sub} and J_f{sub}ᵀ differ here.")


point_section(view)

st.subheader("What to notice")
st.markdown(
    "- The columns of $\\mathbf{J}$ are where $\\mathbf{e}_1$ and $\\mathbf{e}_2$ go: at "
    "$(0, 0)$ the course's map turns them by 90° ($\\mathbf{J} = "
    "\\begin{bmatrix} 0 & -1 \\\\ 1 & 0 \\end{bmatrix}$), at $(1, 1)$ it stretches and turns "
    "them ($\\det \\mathbf{J} = 5$).\n"
    "- The heatmap is brightest where $f$ changes fastest: $\\|\\mathbf{J}\\|_F = "
    "\\sqrt{4x^2 + 4y^2 + 2}$ grows away from the origin.\n"
    "- Shrink the square: the curved image of $f$ and the parallelogram of $\\mathbf{J}$ "
    "become indistinguishable — *gap / h* goes to 0, *gap / h²* stays put.\n"
    "- On log–log axes the error is a line of slope 2: the linear approximation is off by "
    "a term of order $\\|\\mathbf{h}\\|^2$.\n"
    "- A scalar function is the case $m = 1$: its Jacobian is the gradient lying down."
)
