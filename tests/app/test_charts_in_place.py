"""Moving the point updates every chart in place: only its data change, never its spec.

Streamlit's chart element rebuilds a Vega view from scratch when anything but the data
changes (the spec, and also ``alt``, which it copies into the spec as ``description``):
on the functions page that was ~300 ms of browser time per slider step, against
~30 ms for the data update. So a point move may change a chart's datasets only.
"""

from __future__ import annotations

import json

import pytest

from gradviz.app.pages import TOPIC_PAGES
from tests.app.conftest import expect_no_exception, open_page


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


def point_sliders(at) -> list:
    return [s for s in at.slider if s.key and (s.key.endswith(".p0") or s.key.endswith(".p1"))]


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_point_move_changes_chart_data_only(name):
    """Test that a step of x₀ and then of y₀ changes the charts' data but no chart's spec."""
    at = open_page(name)
    expect_no_exception(at)
    sliders = point_sliders(at)
    assert len(sliders) >= 2, [s.key for s in at.slider]
    for s in sliders[:2]:
        before, data_before = charts(at), datasets(at)
        assert before, "no chart on the page"
        up = s.value + s.step
        at.slider(key=s.key).set_value(up if up <= s.max else s.value - s.step).run()
        expect_no_exception(at)
        after = charts(at)
        assert [k for k, _ in after] == [k for k, _ in before], "the charts changed"
        for i, ((kind, b), (_, a)) in enumerate(zip(before, after)):
            changed = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            assert not changed, (f"{name}: moving {s.key} changed {changed} of chart #{i} "
                                 f"({kind}), so the browser rebuilds it instead of updating "
                                 f"its data")
        assert datasets(at) != data_before, f"{name}: moving {s.key} changed no chart data"
