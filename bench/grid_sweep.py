"""Grid sweep: server-side cost against the number of grid points, up to the largest slider.

For f = sin(xy) on [0, 4]² (the course's gradient-field example), at each grid size n:

* **evaluate**: ``sampling.evaluate_grid(f, d, n)`` alone (plain evaluation);
* **picture**: what the gradient-field page sends when its grid changes — its scene
  (``topics.gradient_field.field_scene``: heatmap, 10 contours, 15² arrows; the level curve,
  ∇f and p follow p in the browser) wired for the browser (``scene.wire``: the grid
  evaluated again, the contours, the programs) and written as JSON: the cost of a
  grid-slider move (a new grid: no cache hit).

Nothing is cached. Median of a few repeats per size, sizes interleaved. The log–log slope
of time against n² (the number of grid points) is fitted over all sizes and over n ≥ 80;
≤ 1 means no worse than linear in grid points. A plot goes to ``docs/grid_sweep.png``.

Usage: ``python bench/grid_sweep.py [--quick]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time

import _common as C
import numpy as np

SIZES = [10, 20, 40, 80, 120, 160, 200, 300]
TARGET_SLOPE = 1.0
PLOT = C.ROOT / "docs" / "grid_sweep.png"


def page_grid_ranges() -> dict[str, tuple[int, int, int]]:
    """``grid=(lo, hi, default)`` of every page that has a grid slider (read from the source)."""
    out = {}
    for name in C.selected_pages():
        for m in re.finditer(r"grid\s*=\s*\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)",
                             C.page_file(name).read_text()):
            out.setdefault(name, tuple(int(g) for g in m.groups()))
    return out


def _work():
    import gradviz
    from gradviz import sampling
    from gradviz import scene as sc
    from gradviz.topics.gradient_field import field_scene

    f = gradviz.parse("sin(x*y)")
    d = sampling.Domain.square(0, 4)

    def evaluate(n):
        return sampling.evaluate_grid(f, d, n, ())

    def picture(n):
        return len(json.dumps(sc.wire(field_scene(f, d, n, 15))))

    return evaluate, picture


def _median_ms(fn, *args, repeats: int) -> float:
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(*args)
        out.append((time.perf_counter() - t0) * 1000)
    return C.median(out)


def slope(ns, ts, n_min: int = 0) -> float:
    """Least-squares slope of log(time) against log(n²) over the sizes ≥ n_min."""
    pts = [(n, t) for n, t in zip(ns, ts) if n >= n_min and t > 0]
    if len(pts) < 2:
        return float("nan")
    x = np.log([n * n for n, _ in pts])
    y = np.log([t for _, t in pts])
    return float(np.polyfit(x, y, 1)[0])


def measure(quick: bool = False, sizes=None) -> dict:
    maxima = {hi for _, hi, _ in page_grid_ranges().values()}
    sizes = sizes or sorted(set(SIZES) | maxima)
    repeats = 3 if quick else 9
    evaluate, picture = _work()
    for n in sizes[:2]:  # warm imports and first-call costs
        evaluate(n), picture(n)
    ev = {n: [] for n in sizes}
    pic = {n: [] for n in sizes}
    payload = {}
    for _ in range(repeats):
        for n in sizes:
            t0 = time.perf_counter()
            evaluate(n)
            t1 = time.perf_counter()
            payload[n] = picture(n)
            t2 = time.perf_counter()
            ev[n].append((t1 - t0) * 1000)
            pic[n].append((t2 - t1) * 1000)
    rows = [{"n": n, "points": n * n, "evaluate_ms": C.median(ev[n]),
             "picture_ms": C.median(pic[n]), "payload_bytes": payload[n]} for n in sizes]
    res = {"sizes": sizes, "repeats": repeats, "rows": rows, "page_grids": page_grid_ranges(),
           "target_slope": TARGET_SLOPE}
    for what in ("evaluate_ms", "picture_ms"):
        ts = [r[what] for r in rows]
        res[f"slope_{what}"] = slope(sizes, ts)
        res[f"slope80_{what}"] = slope(sizes, ts, 80)
    res["met"] = all(res[f"slope80_{w}"] <= TARGET_SLOPE for w in ("evaluate_ms", "picture_ms"))
    return res


def plot(res: dict, path=PLOT) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pts = np.array([r["points"] for r in res["rows"]], dtype=float)
    fig, ax = plt.subplots(figsize=(7, 4.8))
    try:
        for key, label, style in (("picture_ms", "the picture (scene, wired, as JSON)", "o-"),
                                  ("evaluate_ms", "evaluate_grid only", "^-")):
            ts = np.array([r[key] for r in res["rows"]])
            ax.loglog(pts, ts, style, label=f"{label} (slope {res['slope_' + key]:.2f})")
        ref = res["rows"][-1]["picture_ms"] * pts / pts[-1]
        ax.loglog(pts, ref, ":", color="grey", label="linear in grid points (slope 1)")
        by_max: dict[int, list[str]] = {}
        for name, (_, hi, _) in res["page_grids"].items():
            by_max.setdefault(hi, []).append(name)
        bottom = ax.get_ylim()[0]
        for hi, names in sorted(by_max.items()):
            ax.axvline(hi * hi, color="lightgrey", lw=0.8, zorder=0)
            ax.text(hi * hi, bottom, f" slider max {hi}²: " + ", ".join(names), rotation=90,
                    va="bottom", ha="right", fontsize=6.5, color="grey")
        ax.set_xlabel("grid points n²")
        ax.set_ylabel("time per rerun, ms (median)")
        ax.set_title("Gradient-field page: server cost vs grid size (sin(xy))")
        ax.legend(fontsize=8, loc="upper left", framealpha=0.9)
        ax.grid(True, which="both", alpha=0.3)
        fig.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=110)
        fig.savefig(C.OUT / "grid_sweep.png", dpi=110)
    finally:
        plt.close(fig)


def markdown(res: dict) -> str:
    rows = [[r["n"], r["points"], f"{r['evaluate_ms']:.2f}", f"{r['picture_ms']:.1f}",
             f"{r['payload_bytes'] / 1024:.0f}"] for r in res["rows"]]
    grids = ", ".join(f"{k} {lo}–{hi} (default {d})"
                      for k, (lo, hi, d) in res["page_grids"].items())
    md = ("Server-side work of the gradient-field page vs grid size n (f = sin(xy), 15² "
          f"arrows, nothing cached), median of {res['repeats']} repeats, ms: the grid alone, "
          "and the picture a grid change sends (its scene wired for the browser, as JSON). "
          f"Grid sliders in the pages: {grids or 'none found'}.\n\n")
    md += C.table(["n", "points n²", "evaluate_grid", "picture", "payload KiB"], rows)
    md += ("\nLog–log slope against n² (all sizes / n ≥ 80): "
           f"evaluate {res['slope_evaluate_ms']:.2f} / {res['slope80_evaluate_ms']:.2f}, "
           f"picture {res['slope_picture_ms']:.2f} / {res['slope80_picture_ms']:.2f}. Target ≤ "
           f"{res['target_slope']:g} (no worse than linear in grid points, n ≥ 80) — "
           f"{C.verdict(res['met'])}. Plot: `docs/grid_sweep.png`.\n")
    return md


def run(quick: bool = False) -> dict:
    res = measure(quick)
    plot(res)
    md = markdown(res)
    C.write("grid_sweep", res, md)
    return {"result": res, "markdown": md}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="3 repeats per size instead of 9")
    a = ap.parse_args(argv)
    print(run(a.quick)["markdown"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
