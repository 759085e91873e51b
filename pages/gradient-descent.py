"""Gradient descent: steps against ∇f; the step size decides smooth, zig-zag or blow-up."""

import streamlit as st

from gradviz import app, sampling
from gradviz.figures import descent as charts
from gradviz.topics import descent

app.ensure_frame(__file__)  # a link to this page just after a server start

st.title("Gradient descent")
st.markdown(descent.INTRO)

view = app.setup(grid=(20, 150, 80), grid_label="heatmap cells per side")  # p: the start


def controls():
    """Step size (log scale) with its limit beside it, steps and momentum."""
    c1, c2, c3 = st.columns([3, 2, 2])
    step = app.url_slider("step size s (log scale: 10^…)", "s", 1e-4, 10.0, 0.05, 0.01,
                          key="gd.step", container=c1, log=True, format="10^%.2f")
    steps = app.url_slider("steps k", "k", 1, 500, 30, 1, key="gd.steps", container=c2,
                           integer=True)
    beta = app.url_slider("momentum β (0: none)", "b", 0.0, 0.99, 0.5, 0.01, key="gd.beta",
                          container=c3)
    return step, steps, beta


@app.live  # the start and the controls: a move reruns only this section
def point_section(view):
    p = tuple(view.point[:2])
    with app.guard("the descent"):
        step, steps, beta = controls()
        d = app.compute(descent.run, view, p, step, steps, beta, view.domain)
        columns = st.columns(2 if app.lecture_mode() else 4)  # a projector: two rows
        for i, (label, value) in enumerate(d.metrics):
            columns[i % len(columns)].metric(label, value)
        X, Y, Z = app.compute(sampling.evaluate_grid, view, view.domain, view.n)
        figs = charts.charts(X, Y, Z, d, p, view.domain, f"f(x, y) = {view.text}",
                             app.font_scale())
        left, right = st.columns([3, 2])
        with left:  # charts only: text would widen a column and push the other below
            app.chart(figs.map, key="gd.map", pick=view)
        with right:
            app.chart(figs.iterations, key="gd.iterations")
        app.undefined_note(Z)
        st.caption(descent.MAP_CAPTION + " " + descent.CHART_CAPTION)
        getattr(st, d.tone)(d.regime_text)
        for run in d.runs:
            st.markdown(f"**{run.name.capitalize()}.** {run.statement}")
        if d.double_question:
            app.predict("gd.double", *d.double_question, context=(view.text, p, step))
        app.downloads(figs.figure, view, "descent", "gradient_descent",
                      what="the map and the runs", step=step, steps=steps, momentum=beta)

        st.header("Momentum, and why it helps in a valley")
        st.markdown(descent.MOMENTUM)
        if d.momentum_text:
            st.markdown(d.momentum_text)
        app.predict("gd.limit", *descent.LIMITS_QUESTION)

        st.header("What a library does")
        st.markdown(descent.LIBRARY)
        st.table(list(d.table))
        st.caption(d.library_note)


point_section(view)

st.header("What to notice")
st.markdown(descent.WHAT_TO_NOTICE)
