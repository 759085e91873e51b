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
    "partial_derivatives": ({"f": "x^2 + y^2 + e^x + x^z + x*y*z", "p": "1,2,1"}, "partials"),
    "jacobian": ({"f": "[x^2 - y, y^2 + x]", "p": "1,1"}, "jacobian"),
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
