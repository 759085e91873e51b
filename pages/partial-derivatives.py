"""Partial derivatives: slices through the point, their tangent lines, the partials term by term."""

from urllib.parse import urlencode

import numpy as np
import streamlit as st

import gradviz
from gradviz import app, sampling
from gradviz.figures import derivatives as FD
from gradviz.figures import layers as L
from gradviz.topics import derivatives as D

app.ensure_frame(__file__)  # a link to this page just after a server start

COURSE_TEXT = "x^2 + y^2 + e^x + x^z + x*y*z"  # Gradients Review §3, the worked ∂/∂x example
COURSE_POINT = "1,1,2"

st.title("Partial derivatives")
st.markdown(
    "A **partial derivative** is just a derivative of a function of several variables with "
    "respect to *one* of them, **treating all the other variables as constants**. Hold $y$ "
    "fixed at $y_0$ and $f$ becomes a curve $x \\mapsto f(x, y_0)$: its slope at $x_0$ is "
    "$\\frac{\\partial f}{\\partial x}$ at the point."
)

view = app.setup(
    "scalar",
    accept=lambda f: f.is_scalar and 2 <= f.n <= 3,
    need="this page draws a scalar function of 2 or 3 variables, like `sin(x*y)` or "
         "`x^2 + y^2 + e^x + x^z + x*y*z`",
    grid=(10, 120, 60), grid_label="surface points per side",
    point=False,  # drawn by app.live for the section below
)
@app.live  # what follows the point: a slider step reruns only this section
def point_section(view):
    f, d, p = view.f, view.domain, view.point

    with app.guard("the partial derivatives"):
        names = f.variables
        at = "(" + ", ".join(f"{v:g}" for v in p) + ")"
        # each variable moves over its slider's range; the others stay at the point
        ranges = [(d.xmin, d.xmax), (d.ymin, d.ymax),
                  (min(d.xmin, d.ymin), max(d.xmax, d.ymax))][: f.n]
        slices = [app.compute(D.slice_with_tangent, view, p, j, lo, hi)
                  for j, (lo, hi) in enumerate(ranges)]
        partial_tex = [app.compute(D.partial_latex, view, j) for j in range(f.n)]

        st.subheader("Slices through the point")
        # plot-area px: with axes and title each chart fits half of a 1500 px window (lecture
        # mode's bigger fonts take more room around the plot)
        size = (400 if not app.lecture_mode() else 320) if f.n == 2 else 280
        slice_specs = []
        for j, col in enumerate(st.columns(f.n)):
            s, v = slices[j], names[j]
            args = ", ".join(v if k == j else f"{p[k]:g}" for k in range(f.n))
            held = ", ".join(f"{names[k]} = {p[k]:g}" for k in range(f.n) if k != j)
            with col:
                st.markdown(f"**Along ${v}$**, holding ${held}$")
                slice_specs.append(FD.slice_chart(s, v, f"f({args})", f"∂f/∂{v}", size=size,
                                                  scale=app.font_scale()))
                app.chart(slice_specs[-1], key=f"pd.slice{j}")
                st.metric(f"∂f/∂{v} at p = slope of the dashed line", D.format_number(s.slope))
                if s.note:
                    st.caption(D.slope_note(s.partial))
                app.undefined_note(s.values, "points of the slice")

        left, right = st.columns([3, 2])
        with right:
            st.markdown(f"**The partial derivatives**, as functions and at $p = {at}$")
            for j, v in enumerate(names):
                st.latex(rf"\begin{{aligned}} \frac{{\partial f}}{{\partial {v}}} &= {partial_tex[j]}"
                         rf" \\ \frac{{\partial f}}{{\partial {v}}}{at} &= "
                         rf"{D.latex_number(slices[j].slope)} \end{{aligned}}")
            st.metric("f(p)", D.format_number(slices[0].value))
            if slices[0].value_note:
                st.caption(slices[0].value_note.capitalize() + ".")
            if f.n >= 2 and all(np.isfinite(s.slope) for s in slices):
                status = app.compute(D.derivatives_at, view, tuple(p))
                if not status.differentiable:
                    st.info("The partial derivatives exist here, but f is **not "
                               f"differentiable** at p — {status.reason}. The slices only look "
                               "along the axes.")
            st.caption("Each partial is the slope of one slice: the dashed tangent lines, on the "
                       "charts above (and on the 3-D surface).")
        with left:
            if app.on_demand("3-D view: the slices on the surface (drag to rotate)", "s3",
                             "pd.show3d", "Draws both slices and their tangent lines on the "
                             "surface z = f(x, y)."):
                SX, SY, SZ = app.compute(sampling.evaluate_grid, view, d, view.n, view.fixed)
                fig = FD.slices_surface(SX, SY, SZ, slices, p, slices[0].value, names=names,
                                        height=500, font=round(16 * app.font_scale()))
                if f.n == 3:
                    fig.update_layout(
                        title=f"surface z = f(x, y, {names[2]} = {p[2]:g}), drag to rotate")
                app.plotly(fig, key="pd.surface")
                app.undefined_note(SZ)

        app.downloads(L.side_by_side(*slice_specs, title=f"Slices of f = {view.text} through p = {at}"),
                      view, "partials", "partial_derivatives", what="the two slices")

        st.subheader("Term by term")
        if st.session_state.get("pd.var") not in names:
            st.session_state["pd.var"] = names[0]
        var = st.radio("Differentiate with respect to", names, key="pd.var", horizontal=True)
        st.markdown(f"Every term is differentiated on its own; the variables other than ${var}$ "
                    "are constants, so terms without it give $0$.")
        st.latex(app.compute(D.term_table_latex, view, var))
        app.check_yourself(view, var, key="pd.check")
        if view.text != COURSE_TEXT:
            with st.expander("The course's worked example: ∂/∂x of x² + y² + eˣ + xᶻ + xyz"):
                st.latex(D.term_table_latex(gradviz.parse(COURSE_TEXT), "x"))
                link = "?" + urlencode({"f": COURSE_TEXT, "p": COURSE_POINT})
                st.markdown(f"Pick it under *Course examples* in the sidebar, or [open it]({link}) "
                            "with its sliders.")

        st.info(
            "**Important note.** $\\frac{\\partial f}{\\partial x}$ is itself a function of "
            + ", ".join(f"${v}$" for v in names)
            + ", not just a function of $x$: the slope depends on your position in *all* "
            "coordinates. Move $y_0$"
            + (f" or ${names[2]}$" if f.n == 3 else "")
            + " and watch the slope of the $x$-slice change, although we only differentiate in $x$.",
            icon=":material/lightbulb:")

    with app.guard("finite differences"):
        st.subheader("Finite differences vs the exact derivative")
        st.markdown(
            "A computer without symbolic maths estimates $\\partial f/\\partial x$ by a "
            "difference quotient. **Forward**: $(f(x+h) - f(x))/h$, error $\\propto h$. "
            "**Central**: $(f(x+h) - f(x-h))/2h$, error $\\propto h^2$. Shrinking $h$ helps only "
            "until round-off (about $10^{-16}/h$) takes over.")
        fd_var = st.radio("derivative", list(f.variables), horizontal=True, key="pd.fd.var",
                          format_func=lambda v: f"∂f/∂{v}")
        k = app.url_slider("step h = 10^k", "h", -16.0, 0.0, -6.0, 0.5, key="pd.fd.h",
                           format="10^%.1f")
        hs = tuple(float(v) for v in np.logspace(-16, 0, 65))
        j = f.variables.index(fd_var)
        fd = app.compute(D.finite_difference_study, view, tuple(p), j, hs)
        one = D.finite_difference_study(f, p, j, [10.0 ** k])
        if not np.isfinite(fd["exact"]):
            st.info(f"∂f/∂{fd_var} has no value at p to compare with: "
                       f"{fd['partial'].reason}.")
        else:
            c1, c2, c3 = st.columns(3)
            c1.metric(f"exact ∂f/∂{fd_var}", D.format_number(one["exact"]))
            c2.metric("forward error at h", f"{one['forward'][0]:.2e}")
            c3.metric("central error at h", f"{one['central'][0]:.2e}")
        drawn = np.isfinite(fd["best_forward"]) or np.isfinite(fd["best_central"])
        if np.isfinite(fd["exact"]) and drawn:
            spec = L.compose(  # log10 of the errors: exact zeros are nan (left out), never -inf
                L.line(np.log10(fd["h"]), fd["log_forward"], color=L.PALETTE["vermillion"],
                       name="forward"),
                L.line(np.log10(fd["h"]), fd["log_central"], color=L.PALETTE["blue"],
                       name="central"),
                L.rule(x=float(k), color=L.PALETTE["grey"]),
                xrange=(-16, 0), yrange=fd["yrange"], size=520, height=320,
                scale=app.font_scale(), xtitle="log10 h", ytitle="log10 |error|",
                title="forward (vermillion) and central (blue) differences")
            app.chart(spec, key="pd.fd.chart")
            if fd["exact_note"]:
                st.info(fd["exact_note"])
        if np.isfinite(fd["exact"]):
            st.caption(fd["caption"])


point_section(view)

st.subheader("What to notice")
st.markdown(
    "- The dashed line touches its slice at $p$ and has the slope printed in the legend: that "
    "number **is** the partial derivative there.\n"
    "- The two slices cross at $p$ on the surface: they are the curves you walk along when only "
    "$x$ or only $y$ changes.\n"
    "- A term that does not contain the variable is a constant: its partial derivative is $0$ "
    "($y^2$ in the course's example).\n"
    "- $x^z$ is a power in $x$ (derivative $z\\,x^{z-1}$) but an exponential in $z$ "
    "(derivative $x^z \\ln x$): which rule applies depends on the variable.\n"
    "- (optional) The operator $\\frac{\\partial}{\\partial x}$ maps functions of several "
    "variables to functions of several variables."
)
