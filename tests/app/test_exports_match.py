"""The downloads redraw what is on screen: the script (rendered with matplotlib Agg) has the
on-screen figure's layers, aspect, line styles and title (in maths notation), and the PNG's
figure has the panels the script draws (issue 19)."""

from __future__ import annotations

import os

import matplotlib
import pytest

from gradviz import export

from .conftest import expect_no_exception, open_page

matplotlib.use("Agg")

OFFERS = "gv.live.point_section.downloads"
#: page -> (a course example's link, its script kind)
CASES = {
    "functions": ({"f": "x^2 + 3y"}, "surface"),
    "vector_fields": ({"f": "[x, sin(y)]"}, "field"),
}


def _offer(page: str, query: dict | None):
    at = open_page(page, query)
    expect_no_exception(at)
    (offer,) = at.session_state[OFFERS].values()  # the section's one picture
    assert "spec" in offer, offer
    return offer


def _render(offer, tmp_path):
    """Run the downloaded script (matplotlib Agg) in tmp_path; its figure."""
    import matplotlib.pyplot as plt

    args, kwargs = offer["script"]
    src = export.script(*args, **kwargs)
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        ns = {"__name__": "__main__"}
        exec(compile(src, "downloaded.py", "exec"), ns)  # noqa: S102 - our own script
    finally:
        os.chdir(here)
    fig = ns["fig"]
    fig.canvas.draw()
    plt.close(fig)
    return fig, src


def _charts(spec: dict) -> list[dict]:
    return spec.get("hconcat") or [spec]


def _panels(fig) -> list:
    """The figure's plot axes (without colour bars)."""
    return [a for a in fig.axes if a.get_label() != "<colorbar>"]


def _title(fig, ax) -> str:
    return ax.get_title() or (fig._suptitle.get_text() if fig._suptitle else "")


def _python_syntax(text: str) -> bool:
    return "*" in text or "Abs(" in text


@pytest.mark.parametrize("page", list(CASES))
@pytest.mark.parametrize("example", [False, True], ids=["default", "course-example"])
def test_script_redraws_the_figure_on_screen(page, example, tmp_path):
    query, kind = CASES[page]
    offer = _offer(page, query if example else None)
    fig, src = _render(offer, tmp_path)
    assert (tmp_path / f"{offer['name']}.png").exists()
    # the PNG (the spec) and the script have the same panels
    assert len(_panels(fig)) == len(_charts(offer["spec"])), (page, len(_panels(fig)))
    title = " ".join(_title(fig, a) for a in _panels(fig)[:1])
    assert title and not _python_syntax(title), title


def test_partials_offer_their_scene_with_a_z_slice_panel():
    """Test that the partial-derivatives page offers its scene at the page's point: for the
    course's f(x, y, z) the figure has the map and the x-, y- and z-slice panels, each slice
    solid in its colour with its tangent dashed, named in the legend."""
    from gradviz import scene as sc

    at = open_page("partial_derivatives", {"f": "x^2 + y^2 + e^x + x^z + x*y*z", "p": "1,2,1"})
    expect_no_exception(at)
    (offer,) = at.session_state[OFFERS].values()  # the section's one picture
    scene = offer["scene"]
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
