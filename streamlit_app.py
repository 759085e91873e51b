"""gradviz: the router and the frame. Run with `streamlit run streamlit_app.py`."""

import streamlit as st

from gradviz import app

app.configure()

page = st.navigation(
    {
        "": [
            st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
        ],
        "Functions": [
            st.Page(
                "pages/functions-of-several-variables.py",
                url_path="functions-of-several-variables",
                title="Functions of several variables",
                icon=":material/landscape:",
            ),
            st.Page(
                "pages/vector-fields.py",
                url_path="vector-fields",
                title="Vector fields",
                icon=":material/air:",
            ),
        ],
        "Derivatives": [
            st.Page(
                "pages/partial-derivatives.py",
                url_path="partial-derivatives",
                title="Partial derivatives",
                icon=":material/show_chart:",
            ),
            st.Page(
                "pages/gradient-field.py",
                url_path="gradient-field",
                title="Gradient field",
                icon=":material/north_east:",
            ),
            st.Page(
                "pages/jacobian-linearisation.py",
                url_path="jacobian-linearisation",
                title="Jacobian linearisation",
                icon=":material/grid_on:",
            ),
        ],
        "Why it works": [
            st.Page(
                "pages/steepest-ascent.py",
                url_path="steepest-ascent",
                title="Why the gradient is steepest",
                icon=":material/trending_up:",
            ),
        ],
    }
)

app.run(page)
app.warm_up()  # load the topic pages' modules in the background, once per server
