"""AppTest: Plotly views (3-D surfaces, in-browser animations) are drawn only on request.

They change with the point, and the browser redraws them from scratch on every slider
move, so each sits behind a toggle that is off by default and travels in the link.
"""

from __future__ import annotations

import json

import pytest

from tests.app.conftest import expect_no_exception, move, open_page, point

# page, link parameter, toggle key, extra link parameters it needs, what the figure holds
ON_DEMAND = [
    ("partial_derivatives", "s3", "pd.show3d", {}, "surface"),
    ("gradient_field", "s3", "gf.show3d", {}, "surface"),
]


def plotly_figures(at) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def holds(fig: dict, what: str) -> bool:
    if what == "frames":
        return len(fig.get("frames", [])) > 5
    return any(trace.get("type") == what for trace in fig.get("data", []))


@pytest.mark.parametrize("page,name,key,extra,what", ON_DEMAND,
                         ids=[f"{p}-{n}" for p, n, *_ in ON_DEMAND])
def test_off_by_default_on_from_link_and_toggle(page, name, key, extra, what):
    """Test that the view is absent at the defaults, drawn from `name=1` and from the toggle."""
    at = open_page(page, extra)
    expect_no_exception(at)
    assert not any(holds(fig, what) for fig in plotly_figures(at)), f"{key} is on by default"
    assert at.toggle(key=key).value is False
    assert name not in at.query_params

    linked = open_page(page, {**extra, name: "1"})
    expect_no_exception(linked)
    assert not linked.error, [e.value for e in linked.error]
    assert linked.toggle(key=key).value is True
    assert any(holds(fig, what) for fig in plotly_figures(linked)), f"{name}=1 drew no {what}"
    assert linked.query_params.get(name) in ("1", ["1"])

    at.toggle(key=key).set_value(True).run()
    expect_no_exception(at)
    assert any(holds(fig, what) for fig in plotly_figures(at))
    assert at.query_params.get(name) in ("1", ["1"])


def test_functions_surface_does_not_change_with_the_point():
    """Test that the functions page's 3-D surface is the same figure after the point moves
    (so the browser does not redraw it), unless 'show p on the surface' is on."""
    at = open_page("functions")
    before = plotly_figures(at)
    move(at, 2.5, point(at)[1])
    expect_no_exception(at)
    assert plotly_figures(at) == before and len(before) == 1
    at.toggle(key="fn.mark3d").set_value(True).run()
    marked = plotly_figures(at)
    assert len(marked[0]["data"]) > len(before[0]["data"])  # the point's marker trace
    move(at, 1.0, point(at)[1])
    assert plotly_figures(at) != marked


def test_functions_shared_surface_is_never_marked():
    """Test that marking p on the surface draws on a copy: with the mark turned off again
    (and the point moved while it was on), the surface has its one trace, as before."""
    at = open_page("functions")
    before = plotly_figures(at)
    at.toggle(key="fn.mark3d").set_value(True).run()
    move(at, 2.0, point(at)[1])
    assert len(plotly_figures(at)[0]["data"]) == 2
    at.toggle(key="fn.mark3d").set_value(False).run()
    expect_no_exception(at)
    after = plotly_figures(at)
    assert len(after[0]["data"]) == 1 and after == before
