"""Home: what gradviz is for, how to use it, the four ingredients, the notation table."""

import streamlit as st

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

st.subheader("The four ingredients")
c1, c2, c3, c4 = st.columns(4)
c1.markdown("**1. Functions of several variables**  \n$f(x, y, z) = x^2 + y^2 + e^z + x^z + xyz$")
c2.markdown(r"**2. Vector-valued functions**  \n$f(x, y) = \begin{bmatrix} x \\ \sin y \end{bmatrix}$")
c3.markdown(r"**3. Partial derivatives**  \n$\frac{\partial}{\partial x}(x^2 + y^2) = 2x$")
c4.markdown(r"**4. Gradients**  \n$\nabla \sin(xy) = \begin{bmatrix} y\cos(xy) \\ x\cos(xy) \end{bmatrix}$")

st.subheader("“Derivative” means three different things")
st.markdown("Assuming 3 variables (in general it could be any number):")
st.table(
    {
        "": ["Derivative", "Partial derivative", "Gradient"],
        "Operator": [r"d/dx", "∂/∂x", "∇"],
        "Function": ["df/dx (x)", "∂f/∂x (x, y, z)", "∇f (x, y, z)"],
        "maps": ["ℝ → ℝ", "ℝ³ → ℝ", "ℝ³ → ℝ³"],
        "Example value": ["2.5", "−1.2", "[−2.34, 6.43, 0.5]"],
    }
)
st.markdown(
    """
- **Operator** (written $\\frac{d}{dx}$ or $\\nabla$) maps functions to functions: “now we take the gradient”.
- **Function** (written $\\frac{df}{dx}$ or $\\nabla f$) maps vectors to vectors: “the gradient is $2x + 5$”.
- **Value** (a number or a vector) is what you get by applying the function to an input:
  “the gradient is $\\begin{bmatrix}-2.34\\\\6.43\\end{bmatrix}$”.
"""
)
st.caption("How to type functions: `^` or `**` for powers, `2x` for 2·x, `|x|` or `abs(x)`, "
           "`e` is Euler's number (`e^x` = exp(x)), `pi`; functions: sin cos tan asin acos atan "
           "atan2 sinh cosh tanh exp log ln sqrt abs. Vectors: `[x^2 - y, y^2 + x]`.")
