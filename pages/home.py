"""Home: what gradviz is for, how to use it, the four ingredients, the notation table."""

import streamlit as st

from gradviz.app.pages import BY_NAME

st.title("∇ gradviz — gradients and Jacobians you can touch")
st.markdown(
    """
A dashboard for the **Gradients** chapter and the **Gradients Review** appendix: every example
from the course is here, live, with sliders. Pick a topic on the left.

**In a lecture.** Open a page, pick a *course example* in the sidebar, drag the point sliders.
Every view has a link (the address bar) that reopens it exactly — prepare links before class.
Switch on **Lecture mode** in the sidebar for a projector.

**On your own.** Type your own function in the sidebar — `x^2 + 3y`, `sin(x*y)`,
`[x^2 - y, y^2 + x]` — and see the exact derivatives beside the picture. The same maths is a
Python library: `import gradviz` in a notebook.
"""
)

st.header("The four ingredients")
c1, c2, c3, c4 = st.columns(4)
# plain Unicode, no LaTeX: the first page a server shows renders without loading KaTeX
c1.markdown("**1. Functions of several variables**  \n*f*(x, y, z) = x² + y² + eᶻ + xᶻ + xyz")
c2.markdown("**2. Vector-valued functions**  \n*f*(x, y) = [x, sin y]")
c3.markdown("**3. Partial derivatives**  \n∂/∂x (x² + y²) = 2x")
c4.markdown("**4. Gradients**  \n∇ sin(xy) = [y cos(xy), x cos(xy)]")

st.header("“Derivative” means three different things")
st.markdown("Assuming 3 variables (in general it could be any number):")
st.markdown(  # a markdown table: st.table would load pandas just for this
    "| | Operator | Function | maps | Example value |\n"
    "|---|---|---|---|---|\n"
    "| **Derivative** | d/dx | df/dx (x) | ℝ → ℝ | 2.5 |\n"
    "| **Partial derivative** | ∂/∂x | ∂f/∂x (x, y, z) | ℝ³ → ℝ | −1.2 |\n"
    "| **Gradient** | ∇ | ∇f (x, y, z) | ℝ³ → ℝ³ | [−2.34, 6.43, 0.5] |"
)
st.markdown(
    """
- **Operator** (written d/dx or ∇) maps functions to functions: “now we take the gradient”.
- **Function** (written df/dx or ∇f) maps vectors to vectors: “the gradient is 2x + 5”.
- **Value** (a number or a vector) is what you get by applying the function to an input:
  “the gradient is [−2.34, 6.43]”.
"""
)
st.caption("How to type functions: `^` or `**` for powers, `2x` for 2·x, `|x|` or `abs(x)`, "
           "`e` is Euler's number (`e^x` = exp(x)), `pi`; functions: sin cos tan asin acos atan "
           "atan2 sinh cosh tanh exp log ln sqrt abs. Vectors: `[x^2 - y, y^2 + x]`.")

st.header("A gallery of functions where intuition fails")
st.markdown("Each link opens the page and the view that shows the surprise.")
GALLERY = [
    ("partial_derivatives", "xy/(x²+y²): partials exist at the origin, yet no tangent plane",
     {"f": "x*y/(x^2+y^2)", "p": "0,0", "d": "-1,1,-1,1"},
     "Along both axes f = 0, so ∂f/∂x = ∂f/∂y = 0 at the origin — but along y = x, f = ½: "
     "f is not even continuous there. Partial derivatives only look along the axes."),
    ("gradient_field", "|x| + |y|: a gradient that jumps",
     {"f": "|x| + |y|", "p": "0,0", "d": "-2,2,-2,2"},
     "∇f = (sign x, sign y) is constant in each quadrant and undefined on the axes: "
     "the corner at the origin has no gradient at all."),
    ("gradient_field", "A saddle: ∇f = 0 is not always a minimum",
     {"f": "x^2 - y^2", "p": "0.5,0.5", "d": "-2,2,-2,2"},
     "At the origin the gradient vanishes, yet f goes up along x and down along y."),
    ("gradient_descent", "Rosenbrock's valley: gradient descent crawls",
     {"f": "(1 - x)^2 + 100(y - x^2)^2", "p": "-1,1", "d": "-2,2,-1,3", "s": "0.001",
      "k": "500", "b": "0.9"},
     "The valley floor is nearly flat while its walls are steep: the gradient points at the "
     "walls, the step must stay below 2/λ_max ≈ 0.002, and plain descent crawls to (1, 1)."),
    ("steepest_ascent", "x² + 3y: steepest is not the largest component",
     {"f": "x^2 + 3y", "p": "1,1"},
     "∇f = (2, 3): moving along y alone gains 3 per unit step, along ∇f/|∇f| it gains √13 ≈ 3.61."),
]
for name, label, params, why in GALLERY:  # pages by their name in gradviz/app/pages.py
    st.page_link(BY_NAME[name].file, label=label, icon=":material/open_in_new:",
                 query_params=params)
    st.caption(why)
