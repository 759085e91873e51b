"""Jacobian linearisation: J symbolic and at the point, the course's figure, zooming in."""

import streamlit as st

from gradviz import app
from gradviz.app import jacobian_sections
from gradviz.topics import jacobian

app.ensure_frame(__file__)  # a link to this page just after a server start

st.title("Jacobian linearisation")
st.markdown(
    "The **Jacobian** of $f:\\mathbb{R}^n\\to\\mathbb{R}^m$ holds all first partial derivatives, "
    "$[\\mathbf{J}_f]_{ij} = \\partial f_i/\\partial x_j$ (one row per output, one column per "
    "input). Near a point $\\mathbf{x}_0$ it is the best **linear** approximation of $f$: "
    "$f(\\mathbf{x}_0+\\mathbf{h}) \\approx f(\\mathbf{x}_0) + \\mathbf{J}_f(\\mathbf{x}_0)\\,"
    "\\mathbf{h}$."
)

view = app.setup(grid=(10, 150, 60), grid_label="heatmap points per side")


def jacobian_at_point(view, r) -> None:
    """The ‖J‖_F map with the square at p and its images; f, J_f, J_f(p), det J, ‖J‖_F."""
    above = st.container()  # the picture, drawn last: J at p shows even if it can't be drawn
    left, right = st.columns([3, 2])
    with left:
        app.prose(("latex", tex) for tex in r.latex)
    app.metrics(r.metrics, right)
    right.caption(r.value)
    if r.note:  # J at p is not a linearisation there: say why
        st.info(r.note)
    with above:

        def draw(v):
            picture = app.compute(jacobian.square_scene, v, v.domain, v.n)
            app.scene(picture, v, key="jac.map", truth=jacobian.truth(r.summary),
                      what="the ‖J‖_F map and the square at p")

        app.picture(draw, view, grid=True)
        st.caption(jacobian.SQUARE_CAPTION)


def course_figure(view, r) -> None:
    """The course's figure: the ‖J‖_F map, and e₁, e₂ ↦ J e₁, J e₂ at some points."""
    st.header("The course's figure: how fast f changes, and what J does to e₁, e₂")
    c1, c2 = st.columns([3, 1])
    text = c1.text_input("points for the arrows", jacobian.COURSE_POINTS_TEXT, key="jac.points",
                         help="Pairs of numbers, like (-1, -1), (0, 0), (1, 1).")
    at_p = c2.toggle("add the point p", value=True, key="jac.addp")
    chosen = jacobian.arrow_points(text)
    if chosen.error:
        st.error(chosen.error)

    def draw(v):
        picture = app.compute(jacobian.course_scene, v, v.domain, v.n, chosen.points, at_p)
        app.scene(picture, v, key="jac.course", truth=jacobian.truth(r.summary),
                  what="the course's Jacobian figure")

    app.picture(draw, view)
    st.markdown(jacobian.COURSE_CAPTION)
    rows = chosen.points + ((view.point[:2],) if at_p and view.point[:2] not in chosen.points
                            else ())
    app.table(app.compute(jacobian.jacobian_table, view, rows),
              st.popover("J at these points (table)", icon=":material/table:"))  # drawn when opened


def zoomed_square(view, r) -> jacobian.ZoomReadout:
    """A small square under f and under its linear map, h played in the browser."""
    st.header("Zoom in: f and its linear map agree more and more")

    def draw(v):
        picture = app.compute(jacobian.square_scene, v, v.domain, v.n, True)
        return app.scene(picture, v, key="jac.zoom", truth=jacobian.truth(r.summary),
                         what="the zoomed square")

    now = app.picture(draw, view, follows_grid=False)  # h, not the grid
    z = app.compute(jacobian.zoom_readout, view, view.point[:2], now.values()["h"])
    st.markdown(z.description)
    app.metrics(z.metrics)
    app.predict("jac.predict", *jacobian.ZOOM_PREDICTION)
    return z


@app.live  # what follows the point: a slider step reruns only this section
def point_section(view):
    if view.preset is None or view.preset.text != jacobian.COURSE_FIELD:  # as the course spells it, or not
        st.page_link("pages/jacobian-linearisation.py", icon=":material/school:",
                     label="Open the course's example f(x, y) = [x² − y, y² + x]",
                     query_params={"f": jacobian.COURSE_FIELD, "p": "1,1"})
    r = None  # the sections below say so if J at p fails
    with app.guard("the Jacobian"):
        r = app.compute(jacobian.point_readout, view, view.point[:2])
        jacobian_at_point(view, r)
    if r is None:
        return
    with app.guard("the course's Jacobian figure"):
        course_figure(view, r)
    if not r.summary.differentiable:  # the sections below compare f with its linearisation
        return
    zoom = None  # the error section says so if the zoomed square fails
    with app.guard("the zoomed square"):
        zoom = zoomed_square(view, r)
    with app.guard("the linearisation error"):  # its direction slider reruns it alone
        app.part(jacobian_sections.linearisation_error, view, zoom)
    with app.guard("the m = 1 case"):
        app.part(jacobian_sections.one_output, view)


point_section(view)

st.header("What to notice")
st.markdown(
    "- The columns of $\\mathbf{J}$ are where $\\mathbf{e}_1$ and $\\mathbf{e}_2$ go: at $(0, 0)$ "
    "the course's map turns them by 90° ($\\mathbf{J} = \\begin{bmatrix} 0 & -1 \\\\ 1 & 0 "
    "\\end{bmatrix}$), at $(1, 1)$ it stretches and turns them ($\\det \\mathbf{J} = 5$).\n"
    "- The heatmap is brightest where $f$ changes fastest: for the course's map "
    "$\\|\\mathbf{J}\\|_F = \\sqrt{4x^2 + 4y^2 + 2}$ grows away from the origin.\n"
    "- Shrink the square: the curved image of $f$ and the parallelogram of $\\mathbf{J}$ become "
    "indistinguishable — *gap / h* goes to 0, *gap / h²* stays put.\n"
    "- On log–log axes the error is a line of slope 2: the linear approximation is off by a "
    "term of order $\\|\\mathbf{h}\\|^2$.\n"
    "- A scalar function is the case m = 1: its Jacobian is the gradient lying down."
)
