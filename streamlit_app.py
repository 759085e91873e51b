"""gradviz: the router and the frame. Run with `streamlit run streamlit_app.py`."""

import streamlit as st

from gradviz import app
from gradviz.app.pages import sections

with app.turn():  # sessions take fair turns at the server: a flood of reruns waits its own
    app.configure()
    page = st.navigation({
        section: [st.Page(p.file, title=p.title, icon=p.icon, default=p.is_home,
                          visibility="visible" if p.menu else "hidden",
                          **({"url_path": p.url_path} if p.url_path else {}))
                  for p in pages]
        for section, pages in sections().items()
    })
    app.run(page, after=lambda where: app.ask_control(where))  # "Ask the class" on topic pages
app.warm_up()  # load the topic pages' modules in the background, once per server
