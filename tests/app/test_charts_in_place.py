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


def test_chart_tables_travel_small_and_exact():
    """Test that a chart's table is sent in the narrowest Arrow types (a curve's name once,
    small integers in a byte, floats in float32) and reads back as the same values."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    from streamlit import dataframe_util

    from gradviz.app.render import _arrow_bytes
    from gradviz.figures.layers import curves

    x = np.linspace(1e-8, 1.0, 41)
    y = np.where(np.arange(41) == 20, np.nan, np.exp(x))  # a gap: two segments
    df = curves({"plain descent": (x, y), "with momentum": (x, 2 * y)})["datasets"]["_"]
    sent = _arrow_bytes(df)
    table = pa.ipc.open_stream(sent).read_all()
    types = {f.name: f.type for f in table.schema}
    assert pa.types.is_dictionary(types["name"]) and types["seg"] == pa.int8()
    assert types["order"] == pa.int8() and types["x"] == pa.float32()
    back = table.to_pandas()
    assert list(back["name"].astype(str)) == list(df["name"])
    assert (back[["order", "seg"]].to_numpy() == df[["order", "seg"]].to_numpy()).all()
    np.testing.assert_allclose(back[["x", "y"]].to_numpy(), df[["x", "y"]].to_numpy(),
                               rtol=1e-7)
    assert len(sent) < 0.6 * len(dataframe_util.convert_anything_to_arrow_bytes(df))
    wide = pd.DataFrame({"k": np.array([0, 40_000])})  # beyond int16: the next type up
    assert pa.ipc.open_stream(_arrow_bytes(wide)).read_all().schema.field("k").type == pa.int32()


def test_a_table_with_missing_values_travels_lean_with_nulls():
    """Test that a page's table (rows as dicts, as the pages give them) with a missing value
    goes as lean Arrow (no pandas metadata) and keeps the gap as a null, not as the text
    'nan'."""
    import pyarrow as pa

    from gradviz.app.render import _lean

    rows = [{"method": "plain descent", "ends at": "(0.04, 0)"},
            {"method": "scipy", "ends at": None}]
    table = _lean(rows)
    assert table is not None and table.schema.metadata is None
    assert pa.types.is_string(table.schema.field("ends at").type)
    assert table.to_pylist() == rows
