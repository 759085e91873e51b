"""The floor: a bare Streamlit app with one slider and one line of text (no gradviz)."""

import streamlit as st

value = st.slider("value", 0, 100, 50)
st.write(f"The slider is at {value}.")
