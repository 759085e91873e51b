"""The exported scripts run on their own and draw the figure; downloads render."""

from __future__ import annotations

from pathlib import Path

import gradviz
from gradviz import Domain, export
from gradviz.figures import layers

ROOT = Path(__file__).resolve().parents[2]

def test_script_writes_text_only_as_a_literal():
    """Test that whatever a scene's title holds stays a string literal in its script (the
    function itself is written by sympy's printer from the tree, never from the text)."""
    from gradviz import scene as sc

    evil = "x'); import os; os.system('echo pwned'); ('"
    f = gradviz.parse("sin(x*y)")
    s = sc.Scene("fig", evil, {"f": f}, [sc.Map(Domain.square(0, 1), [sc.Heatmap()], n=5)])
    src = export.scene_script(s)
    compile(src, "fig.py", "exec")  # still valid Python
    assert repr(evil) in src and "\nimport os" not in src


def test_script_writes_an_undefined_point_as_python():
    """Test that a point with nan or inf in it is written as float("nan"), … (a bare nan is
    a NameError in the script)."""
    from gradviz import scene as sc

    s = sc.Scene("fig", "f", {"f": gradviz.parse("x*y")},
                 [sc.Map(Domain.square(0, 1), [sc.Heatmap(), sc.Marker()], n=5)],
                 point=(float("nan"), float("-inf")))
    src = export.scene_script(s)
    line = next(line for line in src.splitlines() if line.startswith("p = "))
    assert line == 'p = (float("nan"), -float("inf"))'
    namespace = {}
    exec(line, namespace)  # noqa: S102 - the script's own line
    assert str(namespace["p"]) == "(nan, -inf)"


def _histogram():
    """The steepest-ascent page's histogram: bars, two vertical lines and two labelled points."""
    from gradviz.figures.steepest_ascent import histogram_chart
    from gradviz.topics.steepest_ascent import random_section

    return histogram_chart(random_section(300, 0), 1.0)


def test_figure_and_data_downloads_render():
    """Test that a chart's spec renders to PNG and SVG offline and its data to CSV."""
    spec = _histogram()
    png = export.figure_files(spec, "png", scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000
    svg = export.figure_files(spec, "svg").decode()
    assert svg.lstrip().startswith("<svg") and "</svg>" in svg
    assert export.table_csv(spec)[:2] == b"PK"  # several tables → a zip of CSVs
    curve = layers.compose(layers.curves({"f": ([0, 1, 2], [0, 1, 4])}))
    assert export.table_csv(curve).decode().splitlines() == [
        "x,y,order,seg,name", "0.0,0.0,0,0,f", "1.0,1.0,1,0,f", "2.0,4.0,2,0,f"]


def test_table_csv_keeps_the_format_its_file_name_promised():
    """Test that a download named before the spec changed gets that format: a zip of one
    table when zipped, one CSV of every table (with a ``table`` column) when not."""
    import io
    import zipfile

    one = layers.compose(layers.curves({"f": ([0, 1], [0, 1])}))
    two = layers.compose(layers.curves({"f": ([0, 1], [0, 1])}), layers.marker(1, 1, "p"))
    assert export.table_count(one) == 1 and export.table_count(two) == 2
    assert zipfile.ZipFile(io.BytesIO(export.table_csv(one, zipped=True))).namelist() == [
        "README.txt", "curves.csv"]
    lines = export.table_csv(two, zipped=False).decode().splitlines()
    assert "table" in lines[0].split(",") and len(lines) == 1 + 2 + 1
    assert {line.split(",")[lines[0].split(",").index("table")] for line in lines[1:]} == {
        "curves", "points"}


def test_data_download_is_named_documented_and_has_no_duplicates():
    """Test that "Data (CSV)" holds self-describing files, each table once, and a README
    naming every file and documenting every column (issue 19: d0.csv … d9.csv)."""
    import io
    import zipfile

    spec = _histogram()
    spec["datasets"]["again"] = spec["datasets"]["d0"]  # the same table drawn twice
    distinct = {v.to_csv(index=False) for v in spec["datasets"].values() if len(v)}
    z = zipfile.ZipFile(io.BytesIO(export.table_csv(spec)))
    names = z.namelist()
    csvs = [n for n in names if n.endswith(".csv")]
    assert "README.txt" in names
    assert sorted(csvs) == ["bars.csv", "lines.csv", "lines_2.csv", "points.csv", "points_2.csv"]
    bodies = [z.read(n).decode() for n in csvs]
    assert len(set(bodies)) == len(bodies) == len(distinct)  # each table once
    readme = z.read("README.txt").decode()
    for n in csvs:
        assert n in readme
        for col in z.read(n).decode().splitlines()[0].split(","):
            assert f"    {col}: " in readme, (n, col)


def test_every_chart_with_a_vertical_line_opens_in_altair():
    """Test that a notebook's to_altair reads back the charts that draw a vertical line (the
    histogram's e₁ and ∇f marks): a null encoding in them made Altair refuse the layer."""
    spec = _histogram()
    assert any(layer["mark"]["type"] == "rule" for layer in spec["layer"])
    chart = layers.to_altair(spec)
    assert [layer["mark"]["type"] for layer in chart.to_dict()["layer"]] == [
        layer["mark"]["type"] for layer in spec["layer"]]
