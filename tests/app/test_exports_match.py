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
    "gradient_field": ({"f": "x^2 + y^2", "d": "-2,2,-2,2", "p": "1,1"}, "gradient"),
    "partial_derivatives": ({"f": "x^2 + y^2 + e^x + x^z + x*y*z", "p": "1,2,1"}, "partials"),
    "jacobian": ({"f": "[x^2 - y, y^2 + x]", "p": "1,1"}, "jacobian"),
    "functions": ({"f": "x^2 + 3y"}, "surface"),
    "vector_fields": ({"f": "[x, sin(y)]"}, "field"),
    "steepest_ascent": ({"f": "x^2 + 3*y", "p": "1,1"}, "ascent"),
    "gradient_descent": ({"f": "x^2 - y^2", "p": "0.5,0.5"}, "descent"),  # no minimum: 2 panels
}


def _offer(page: str, query: dict | None):
    at = open_page(page, query)
    expect_no_exception(at)
    offer = at.session_state[OFFERS]
    assert offer and "spec" in offer, offer
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


def test_gradient_script_layers_aspect_colours_title(tmp_path):
    from matplotlib.contour import ContourSet
    from matplotlib.image import AxesImage
    from matplotlib.quiver import Quiver

    offer = _offer("gradient_field", CASES["gradient_field"][0])
    spec = offer["spec"]
    fig, _ = _render(offer, tmp_path)
    (ax,) = _panels(fig)
    # layers on screen: heatmap, contours, arrows, level curve, ∇f at p, the point p
    fields = [set(spec["datasets"][layer["data"]["name"]].columns)
              for layer in spec["layer"] if "data" in layer]
    assert any("value" in c for c in fields) and any("level" in c for c in fields)
    images = [a for a in ax.get_children() if isinstance(a, AxesImage)]
    contours = [a for a in ax.get_children() if isinstance(a, ContourSet)]
    quivers = [a for a in ax.get_children() if isinstance(a, Quiver)]
    assert len(images) == 1
    assert len(contours) == 2  # the contour lines and the level curve through p
    assert len(quivers) == 2  # the field and ∇f at p
    assert len(fig.axes) == 2  # a colour bar, as the chart's legend
    for q in quivers:  # not white on a light heatmap
        assert tuple(q.get_facecolor()[0][:3]) != (1.0, 1.0, 1.0)
    points = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert points and tuple(points[0].get_xydata()[0]) == pytest.approx((1.0, 1.0))
    # the square plot area of the chart: the circle x² + y² = 2 stays a circle
    assert spec["width"] == spec["height"]
    box = ax.get_window_extent()
    assert box.width == pytest.approx(box.height, rel=0.02)
    assert float(ax.get_aspect()) == pytest.approx(1.0)
    title = ax.get_title()
    assert "x^{2} + y^{2}" in title and r"\nabla f" in title and "**" not in title


def test_partials_png_and_script_line_styles_and_z_slice(tmp_path):
    import vl_convert as vlc

    offer = _offer("partial_derivatives", CASES["partial_derivatives"][0])
    spec = offer["spec"]
    assert len(spec["hconcat"]) == 3  # x, y and z slices on screen
    vega = vlc.vegalite_to_vega(export.spec_with_records(spec))

    def scales(node, out):
        out += node.get("scales", [])
        for m in node.get("marks", []):
            scales(m, out)
        return out

    dashes = [s for s in scales(vega, []) if s["name"].endswith("strokeDash")]
    # one dash scale per chart (a shared one hands "dashed" to the next chart's curve)
    assert len(dashes) == 3, [s["name"] for s in dashes]
    for s, chart in zip(dashes, spec["hconcat"]):
        data = spec["datasets"][chart["layer"][1]["data"]["name"]]
        names = sorted(set(data["curve"]))
        assert names[0].startswith("f(") and names[1].startswith("tangent")
        assert s["range"][:2] == [[1, 0], [9, 5]]  # curve solid, tangent dashed
        assert "fields" not in s["domain"]  # its own chart's curves only

    fig, src = _render(offer, tmp_path)
    panels = _panels(fig)
    assert len(panels) == 3 and panels[2].get_xlabel() == "z"
    for ax in panels:
        style = {ln.get_label().split("(")[0].split(",")[0]: ln.get_linestyle()
                 for ln in ax.get_lines() if not ln.get_label().startswith("_")}
        assert style == {"f": "-", "tangent": "--"}, style
