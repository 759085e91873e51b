"""A standalone Streamlit app showing the three animated figures (for the browser test and bench/fps.py).

Run: ``streamlit run tests/e2e/animation_app.py``. ``?only=theta`` (or rotation,
descent) shows one figure; ``?ms=30`` sets the frame duration. Each figure is built exactly as a page would: a core call
from :mod:`gradviz.topics.animation_data`, a builder from :mod:`gradviz.figures.animate`,
``app.plotly``. The script counts its runs in a caption, so a test can also see that
no rerun happened.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

import gradviz  # noqa: E402
from gradviz import app  # noqa: E402
from gradviz.domain import Domain  # noqa: E402
from gradviz.figures import animate  # noqa: E402
from gradviz.topics import animation_data  # noqa: E402

FIGURES = ("theta", "rotation", "descent")

st.set_page_config(page_title="gradviz animations", layout="wide")
st.title("Animated figures")
runs = st.session_state["runs"] = st.session_state.get("runs", 0) + 1
st.caption(f"script runs in this session: {runs}")
only = st.query_params.get("only")
ms = st.query_params.get("ms")  # frame duration override (bench/fps.py --ms)
duration = int(ms) if ms and ms.isdigit() else animate.FRAME_MS
show = [only] if only in FIGURES else list(FIGURES)


@st.cache_resource(show_spinner=False)
def _data(name: str):
    if name == "theta":
        return animation_data.theta_frames(gradviz.parse("sin(x*y)"), (1.0, 2.0))
    if name == "rotation":
        return animation_data.rotation_from_gradient([5.0, 2.0])
    return animation_data.descent_frames(gradviz.parse("x^2 + 3y^2"), (1.8, 1.5), 0.02, 300,
                                 Domain.square(-2, 2), 80)


BUILD = {"theta": animate.theta_sweep, "rotation": animate.rotation_sweep, "descent": animate.descent_steps}

for name in show:
    st.subheader(name)
    fig = BUILD[name](_data(name), duration=duration)
    app.plotly(fig, key=f"anim.{name}")
