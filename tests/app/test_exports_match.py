"""The downloads redraw what is on screen: the script (rendered with matplotlib Agg) has the
on-screen figure's layers, aspect, line styles and title (in maths notation), and the PNG's
figure has the panels the script draws (issue 19)."""

from __future__ import annotations

import matplotlib

from .conftest import expect_no_exception, open_page

matplotlib.use("Agg")

OFFERS = "gv.live.point_section.downloads"


def _panels(fig) -> list:
    """The figure's plot axes (without colour bars)."""
    return [a for a in fig.axes if a.get_label() != "<colorbar>"]


def test_partials_offer_their_scene_with_a_z_slice_panel():
    """Test that the partial-derivatives page offers its scene at the page's point: for the
    course's f(x, y, z) the figure has the map and the x-, y- and z-slice panels, each slice
    solid in its colour with its tangent dashed, named in the legend."""
    from gradviz import scene as sc

    at = open_page("partial_derivatives", {"f": "x^2 + y^2 + e^x + x^z + x*y*z", "p": "1,2,1"})
    expect_no_exception(at)
    scene = at.session_state[OFFERS]["partial_derivatives"]["scene"]  # the picture's row
    assert scene.point == (1.0, 2.0, 1.0)
    fig = sc.figure(scene)
    panels = _panels(fig)
    assert [a.get_xlabel() for a in panels] == ["x", "x", "y", "z"]
    for ax in panels[1:]:
        style = {ln.get_label().split("(")[0].split(",")[0]: ln.get_linestyle()
                 for ln in ax.get_lines() if not ln.get_label().startswith("_")}
        assert style == {"f": "-", "tangent": "--"}, style
    assert [t.get_text() for t in panels[3].get_legend().get_texts()] == [
        "f(1, 2, z)", "tangent, slope ∂f/∂z = 2"]  # x^z ln x + xy at (1, 2): 0 + 2
    matplotlib.pyplot.close(fig)
