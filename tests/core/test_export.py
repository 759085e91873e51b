"""The exported scripts run on their own and draw the figure; downloads render."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import gradviz
from gradviz import Domain, export, sampling
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


def test_figure_and_data_downloads_render():
    """Test that a page spec renders to PNG and SVG offline and its data to CSV."""
    f = gradviz.parse("sin(x*y)")
    d = Domain.square(0, 4)
    X, Y, Z = sampling.evaluate_grid(f, d, 30)
    spec = layers.compose(layers.heatmap(X, Y, Z), layers.point(1, 2), domain=d)
    png = export.figure_files(spec, "png", scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000
    svg = export.figure_files(spec, "svg").decode()
    assert svg.lstrip().startswith("<svg") and "</svg>" in svg
    data = export.table_csv(spec)
    assert data[:2] == b"PK"  # two datasets → a zip of CSVs
    one = export.table_csv(layers.compose(layers.heatmap(X, Y, Z), domain=d))
    header = one.decode().splitlines()[0]
    assert "value" in header and len(one.decode().splitlines()) == 30 * 30 + 1


def test_table_csv_keeps_the_format_its_file_name_promised():
    """Test that a download named before the spec changed gets that format: a zip of one
    table when zipped, one CSV of every table (with a ``table`` column) when not."""
    import io
    import zipfile

    d = Domain.square(0, 4)
    X, Y, Z = sampling.evaluate_grid(gradviz.parse("x + y"), d, 5)
    one = layers.compose(layers.heatmap(X, Y, Z), domain=d)
    two = layers.compose(layers.heatmap(X, Y, Z), layers.point(1, 2), domain=d)
    assert export.table_count(one) == 1 and export.table_count(two) == 2
    assert zipfile.ZipFile(io.BytesIO(export.table_csv(one, zipped=True))).namelist() == [
        "README.txt", "heatmap.csv"]
    lines = export.table_csv(two, zipped=False).decode().splitlines()
    assert "table" in lines[0].split(",") and len(lines) == 1 + 5 * 5 + 1
    assert {line.split(",")[lines[0].split(",").index("table")] for line in lines[1:]} == {"heatmap", "points"}


def test_heatmap_image_is_the_grid_in_colour():
    """Test that the one-image heatmap has the grid's shape, top row = largest y, transparent
    undefined cells, the same legend range as the rectangles, and the numbers for the CSV."""
    import base64
    import io

    from PIL import Image

    X, Y = np.meshgrid(np.linspace(0, 1, 30), np.linspace(0, 2, 20))
    Z = X + 10 * Y  # grows upwards
    Z[0, 0] = np.nan  # bottom-left undefined
    part = layers.heatmap_image(X, Y, Z, clip=(0.0, 21.0))
    df = part["datasets"]["_"]
    img = Image.open(io.BytesIO(base64.b64decode(df["url"][0].split(",", 1)[1])))
    assert img.size == (30, 20) and img.mode == "RGBA"
    px = np.asarray(img)
    assert px[-1, 0, 3] == 0 and px[0, 0, 3] == 255  # the nan cell is the bottom-left pixel
    assert px[0, 0, :3].astype(int).sum() > px[-1, 1, :3].astype(int).sum()  # viridis: high = bright
    assert list(df["value"]) == [0.0, 21.0]
    assert (df["x"][0], df["x2"][0]) == pytest.approx((-1 / 58, 1 + 1 / 58))
    assert len(part["table"]) == 30 * 20 - 1
    spec = layers.compose(part, domain=Domain(0, 1, 0, 2))
    assert export.figure_files(spec, "png", scale=1)[:4] == b"\x89PNG"


def test_data_download_is_named_documented_and_has_no_duplicates():
    """Test that "Data (CSV)" holds self-describing files, each table once, and a README
    naming every file and documenting every column (issue 19: d0.csv … d9.csv)."""
    import io
    import zipfile

    from gradviz.figures import derivatives as FD

    f = gradviz.parse("x^2 + y^2")
    d = Domain.square(-2, 2)
    X, Y, Z = sampling.evaluate_grid(f, d, 20)
    AX, AY, AU, AV = sampling.gradient_field(f, d, 8)
    spec = layers.compose(layers.heatmap(X, Y, Z), layers.contours(X, Y, Z, 8),
                          *FD.haloed_arrows(AX, AY, AU, AV, d, size=400),
                          layers.point(1, 1, label="p"), domain=d, size=400)
    distinct = {v.to_csv(index=False) for v in spec["datasets"].values() if len(v)}
    z = zipfile.ZipFile(io.BytesIO(export.table_csv(spec)))
    names = z.namelist()
    csvs = [n for n in names if n.endswith(".csv")]
    assert "README.txt" in names
    assert not any(n[:1] == "d" and n[1:-4].isdigit() for n in csvs), csvs
    assert {"heatmap.csv", "contours.csv", "arrows.csv", "points.csv"} <= set(csvs), csvs
    bodies = [z.read(n).decode() for n in csvs]
    assert len(set(bodies)) == len(bodies) == len(distinct)  # each table once
    readme = z.read("README.txt").decode()
    for n in csvs:
        assert n in readme
        for col in z.read(n).decode().splitlines()[0].split(","):
            assert f"    {col}: " in readme, (n, col)
