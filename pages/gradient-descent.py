"""Gradient descent: steps against ∇f; the step size decides smooth, zig-zag or blow-up."""

import streamlit as st

from gradviz import app
from gradviz.figures import descent as charts
from gradviz.topics import descent

app.ensure_frame(__file__)  # a link to this page just after a server start

st.title("Gradient descent")
st.markdown(descent.INTRO)

view = app.setup(grid=(20, 150, 80), grid_label="heatmap cells per side")  # p: the start


@app.live  # the start follows the hand; a release or a let-go slider reruns only this section
def point_section(view):
    p = tuple(view.point[:2])
    with app.guard("the descent"):
        lam = app.compute(descent.limit, view, p)  # marked on the step size's slider

        def draw(v):
            picture = app.compute(descent.picture, v, v.domain, v.n, lam, v.text)
            return app.scene(picture, v, key="gd.scene", what="the map and its paths")

        left, right = st.columns([3, 2])
        with left:
            now = app.picture(draw, view, grid=True)
        step, steps, beta = (now.values()[q] for q in "skb")
        d = app.compute(descent.run, view, p, step, steps, beta, view.domain)
        with right:  # a chart only: text would widen the column and push it below the map
            app.chart(charts.iterations_chart(d, app.font_scale()), key="gd.iterations",
                      name="descent_over_the_steps",
                      what="f and the distance to the minimum over the steps")
        app.metrics(d.metrics)  # wraps: two rows on a projector
        st.caption(descent.MAP_CAPTION + " " + d.chart_caption)
        getattr(st, d.tone)(d.regime_text)
        for run in d.runs:
            st.markdown(f"**{run.name.capitalize()}.** {run.statement}")
        if d.double_question:
            app.predict("gd.double", *d.double_question, context=(view.text, p, step))

        st.header("Momentum, and why it helps in a valley")
        st.markdown(descent.MOMENTUM)
        if d.momentum_text:
            st.markdown(d.momentum_text)

        st.header("What a library does")
        st.markdown(descent.LIBRARY)
        app.table(d.by_method)
        st.caption(d.library_note)


point_section(view)
app.predict("gd.limit", *descent.LIMITS_QUESTION)

st.header("What to notice")
st.markdown(descent.WHAT_TO_NOTICE)
