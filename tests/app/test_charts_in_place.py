"""Moving the point updates every chart in place: only its data change, never its spec.

Streamlit's chart element rebuilds a Vega view from scratch when anything but the data
changes (the spec, and also ``alt``, which it copies into the spec as ``description``):
on the functions page that was ~300 ms of browser time per slider step, against
~30 ms for the data update. So a point move may change a chart's datasets only.
"""

from __future__ import annotations

import json

import pytest

from gradviz.app.pages import BY_NAME, TOPIC_PAGES
from tests.app.conftest import corners, expect_no_exception, move, open_page, point


def charts(at) -> list[tuple[str, dict]]:
    """(type, every field but the data) of each chart element, Vega then Plotly."""
    out = []
    for kind in ("vega_lite_chart", "plotly_chart"):
        for el in at.get(kind):
            fields = {fd.name: v for fd, v in el.proto.ListFields()
                      if fd.name not in ("datasets", "data")}
            if "spec" in fields:
                fields["spec"] = json.loads(fields["spec"])
            out.append((kind, fields))
    for el in live_charts(at):  # a live chart: all but the point (and path) is its static key
        data = json.loads(el.proto.json)
        out.append(("live_chart", {"static_key": data.get("static_key", data.get("key")),
                                   "js": hash(el.proto.js_content or el.proto.js_source_path),
                                   "css": hash(el.proto.css_content or el.proto.css_source_path)}))
    return out


def live_charts(at) -> list:
    return [el for el in at.get("bidi_component")
            if el.proto.component_name in ("gradviz.scene", "gradviz_live_chart")
            or el.proto.component_name.endswith("gradviz_live_chart")]


def datasets(at) -> list[bytes]:
    return ([d.data.data for el in at.get("vega_lite_chart") for d in el.proto.datasets]
            + [json.dumps(json.loads(el.proto.json)["point"]).encode() for el in live_charts(at)])


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_point_move_changes_chart_data_only(name):
    """Test that a step of p along x and then along y changes the charts' data but no
    chart's spec."""
    at = open_page(name)
    expect_no_exception(at)
    kind = BY_NAME[name].boxes[0].kind
    low, high = corners(at, kind)
    for axis in (0, 1):
        before, data_before = charts(at), datasets(at)
        assert before, "no chart on the page"
        p = list(point(at, kind=kind))
        step = (high[axis] - low[axis]) / 100
        p[axis] += step if p[axis] + step <= high[axis] else -step
        move(at, *p, kind=kind)
        expect_no_exception(at)
        after = charts(at)
        along = "xy"[axis]
        assert [k for k, _ in after] == [k for k, _ in before], "the charts changed"
        for i, ((kind_i, b), (_, a)) in enumerate(zip(before, after)):
            changed = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            assert not changed, (f"{name}: moving p along {along} changed {changed} of chart "
                                 f"#{i} ({kind_i}), so the browser rebuilds it instead of "
                                 "updating its data")
        assert datasets(at) != data_before, f"{name}: moving p along {along} changed no chart data"
