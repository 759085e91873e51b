"""Take it with you: the files behind what a page shows.

A picture (a :class:`gradviz.scene.Scene` at its point): :func:`scene_figure` (PNG, SVG drawn
by matplotlib in a worker), :func:`scene_data` (one CSV per layer) and :func:`scene_script`
(a script that needs numpy and matplotlib only). A chart that is not a map (a Vega-Lite
spec): :func:`figure_files` renders that one spec, as shown, to PNG or SVG (vl-convert in a
worker: :func:`gradviz.budget.render`) and :func:`table_csv` writes its data as CSV.
"""

from __future__ import annotations

import io
import zipfile

__all__ = ["figure_files", "table_count", "table_csv", "named_tables",
           "readme", "spec_with_records", "scene_figure", "scene_data", "scene_script"]


def scene_figure(scene, fmt: str = "png", session="") -> bytes:
    """A scene at its point as a PNG or SVG image, drawn by matplotlib in a worker process
    with a time and memory budget (a renderer's crash costs the worker, not the server);
    ``session``: whose turn it is (:func:`gradviz.budget.render`)."""
    from . import budget
    from . import scene as sc

    if fmt not in ("png", "svg"):
        raise ValueError("fmt is png or svg")
    return budget.render(sc.render, (sc.drawing(scene), fmt), seconds=10, session=session)


def scene_data(scene) -> bytes:
    """A scene's data at its point: a zip of one CSV per layer and a README.txt."""
    from . import scene as sc

    files = sc.tables(scene)
    lines = [f"Data behind the gradviz figure: {scene.title}", "",
             "One CSV file per layer of the picture, at the point p = "
             f"{tuple(float(v) for v in scene.point)}.", ""]
    lines += [f"{name}  ({text.count(chr(10)) - 1} rows): {text.split(chr(10), 1)[0]}"
              for name, text in files.items()]
    return _zip({"README.txt": "\n".join(lines) + "\n", **files})


def _zip(files: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


def scene_script(scene) -> str:
    """The self-contained script of a scene at its point (numpy and matplotlib only)."""
    from .scene.script import script

    return script(scene)


def spec_with_records(spec: dict) -> dict:
    """The spec with its DataFrame datasets as plain records (for JSON and renderers)."""
    out = dict(spec)
    out["datasets"] = {k: v.to_dict(orient="records") for k, v in spec["datasets"].items()}
    return out


def figure_files(spec: dict, fmt: str = "png", scale: float = 2.0, session="") -> bytes:
    """A Vega-Lite spec (from :func:`gradviz.figures.layers.compose`) as PNG or SVG bytes,
    drawn by vl-convert in a worker (:func:`gradviz.budget.render`: a Rust panic aborts it)."""
    from . import budget

    if fmt not in ("png", "svg"):
        raise ValueError("fmt is png or svg")
    return budget.render(_vl_convert, (spec, fmt, scale), session=session)


def _vl_convert(spec: dict, fmt: str, scale: float) -> bytes:
    import vl_convert as vlc

    data = spec_with_records(spec)
    return vlc.vegalite_to_png(data, scale=scale) if fmt == "png" else \
        vlc.vegalite_to_svg(data).encode()


#: what a plotted column holds, for the README of a data download
COLUMNS = {
    "x": "x (a bar's left edge)", "y": "y (a bar's bottom)", "x2": "a bar's right edge",
    "y2": "a bar's top (its count)", "order": "order of the points along a curve",
    "seg": "which piece of the curve (a gap starts a new one)", "name": "which curve",
    "component": "which output of the function", "label": "text drawn at the point",
}


def _kind(df) -> str:
    """A short name for what a table draws, from its columns."""
    cols = set(df.columns)
    if {"x2", "y2"} <= cols:
        return "bars"
    if "label" in cols:
        return "points"
    if cols & {"name", "component"}:
        return "curves"
    return "lines" if cols == {"x"} else "table"


def named_tables(spec: dict) -> dict:
    """The non-empty plotted tables, ``{file name: DataFrame}`` under self-describing names
    (``curves.csv``, ``bars.csv``), each once: the same data drawn twice is one file."""
    out, seen, count = {}, set(), {}
    for key, df in spec["datasets"].items():
        body = df.to_csv(index=False)
        if not len(df) or body in seen:
            continue
        chart = key.split("_", 1)[0] + "_" if key.startswith("c") and "_" in key else ""
        stem = chart + _kind(df)
        count[stem] = count.get(stem, 0) + 1
        name = f"{stem}.csv" if count[stem] == 1 else f"{stem}_{count[stem]}.csv"
        seen.add(body)
        out[name] = df
    return out


def readme(spec: dict) -> str:
    """README.txt for a data download: each file, what it draws and what its columns hold."""
    head = spec.get("title") or ""
    head = " ".join(head) if isinstance(head, list) else head
    lines = [f"Data behind the gradviz figure{': ' + head if head else ''}", "",
             "One CSV file per thing drawn (identical tables are written once).", ""]
    for name, df in named_tables(spec).items():
        lines.append(f"{name}  ({len(df)} rows): {_kind(df)}")
        lines += [f"    {c}: {COLUMNS.get(c, c)}" for c in df.columns] + [""]
    return "\n".join(lines)


def table_count(spec: dict) -> int:
    """How many files a data download holds (distinct non-empty tables)."""
    return len(named_tables(spec))


def table_csv(spec: dict, zipped: bool | None = None) -> bytes:
    """The plotted data as CSV: one file, or a zip of named CSVs and a README.txt.

    By default a zip when there is more than one table; ``zipped=False`` forces one CSV,
    stacking tables with a ``table`` column naming each (for a file name chosen earlier).
    """
    frames = named_tables(spec)
    if zipped or (zipped is None and len(frames) > 1):
        return _zip({"README.txt": readme(spec),
                     **{k: v.to_csv(index=False) for k, v in frames.items()}})
    if len(frames) == 1:
        return next(iter(frames.values())).to_csv(index=False).encode()
    import pandas as pd

    return pd.concat([v.assign(table=k[:-4]) for k, v in frames.items()],
                     ignore_index=True).to_csv(index=False).encode()
