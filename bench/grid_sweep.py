"""Grid sweep: server-side cost against the number of grid points, up to the largest slider.

For f = sin(xy) on [0, 4]² (the course's gradient-field example), at each grid size n:

* **evaluate**: ``sampling.evaluate_grid(f, d, n)`` alone (plain evaluation);
* **chart**: what the gradient-field page does with that grid on every rerun — the 15²
  arrow field (``sampling.gradient_field``), the layers (heatmap, 10 contours, arrows, the
  level curve through the point, the ∇f vector, the point), ``layers.compose``, and the
  serialisation Streamlit does for ``st.vega_lite_chart`` (each dataset to Arrow IPC bytes
  with ``streamlit.dataframe_util.convert_anything_to_arrow_bytes``, the rest ``json.dumps``);
* **total**: both — the cost of a grid-slider move (a new grid: no cache hit).

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
    from streamlit import dataframe_util

    import gradviz
    from gradviz import sampling
    from gradviz.figures import layers as L

    f = gradviz.parse("sin(x*y)")
    d = sampling.Domain.square(0, 4)
    p = (1.0, 2.0)

    def evaluate(n):
        return sampling.evaluate_grid(f, d, n, ())

    def chart(grid):
        X, Y, Z = grid
        AX, AY, AU, AV = sampling.gradient_field(f, d, 15, ())
        value = float(f.at(p))
        grad = gradviz.gradient_at(f, p)
        gx, gy = float(grad[0]), float(grad[1])
        norm = float(np.hypot(gx, gy))
        s = 0.2 * d.span / norm
        spec = L.compose(
            L.heatmap(X, Y, Z, title="f"), L.contours(X, Y, Z, 10),
            L.arrows(AX, AY, AU, AV, d, color=L.PALETTE["white"]),
            L.level_curve(X, Y, Z, value), L.vector(p[0], p[1], gx * s, gy * s, d, label="∇f"),
            L.point(p[0], p[1], label="p"), domain=d, title="f(x, y) = sin(x*y)")
        spec = dict(spec)
        data = {k: dataframe_util.convert_anything_to_arrow_bytes(v)
                for k, v in spec.pop("datasets").items()}
        text = json.dumps(spec)
        return sum(len(b) for b in data.values()) + len(text)

    return evaluate, chart


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
    evaluate, chart = _work()
    for n in sizes[:2]:  # warm imports and first-call costs
        chart(evaluate(n))
    ev = {n: [] for n in sizes}
    ch = {n: [] for n in sizes}
    tot = {n: [] for n in sizes}
    payload = {}
    for _ in range(repeats):
        for n in sizes:
            t0 = time.perf_counter()
            grid = evaluate(n)
            t1 = time.perf_counter()
            payload[n] = chart(grid)
            t2 = time.perf_counter()
            ev[n].append((t1 - t0) * 1000)
            ch[n].append((t2 - t1) * 1000)
            tot[n].append((t2 - t0) * 1000)
    rows = [{"n": n, "points": n * n, "evaluate_ms": C.median(ev[n]),
             "chart_ms": C.median(ch[n]), "total_ms": C.median(tot[n]),
             "payload_bytes": payload[n]} for n in sizes]
    res = {"sizes": sizes, "repeats": repeats, "rows": rows, "page_grids": page_grid_ranges(),
           "target_slope": TARGET_SLOPE}
    for what in ("evaluate_ms", "total_ms", "chart_ms"):
        ts = [r[what] for r in rows]
        res[f"slope_{what}"] = slope(sizes, ts)
        res[f"slope80_{what}"] = slope(sizes, ts, 80)
    res["met"] = all(res[f"slope80_{w}"] <= TARGET_SLOPE for w in ("evaluate_ms", "total_ms"))
    return res


def plot(res: dict, path=PLOT) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pts = np.array([r["points"] for r in res["rows"]], dtype=float)
    fig, ax = plt.subplots(figsize=(7, 4.8))
    try:
        for key, label, style in (("total_ms", "page work (evaluate + chart + serialise)", "o-"),
                                  ("chart_ms", "chart + serialise only", "s--"),
                                  ("evaluate_ms", "evaluate_grid only", "^-")):
            ts = np.array([r[key] for r in res["rows"]])
            ax.loglog(pts, ts, style, label=f"{label} (slope {res['slope_' + key]:.2f})")
        ref = res["rows"][-1]["total_ms"] * pts / pts[-1]
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
    rows = [[r["n"], r["points"], f"{r['evaluate_ms']:.2f}", f"{r['chart_ms']:.1f}",
             f"{r['total_ms']:.1f}", f"{r['payload_bytes'] / 1024:.0f}"] for r in res["rows"]]
    grids = ", ".join(f"{k} {lo}–{hi} (default {d})"
                      for k, (lo, hi, d) in res["page_grids"].items())
    md = ("Server-side work of the gradient-field page vs grid size n (f = sin(xy), 15² "
          f"arrows, nothing cached), median of {res['repeats']} repeats, ms. Grid sliders in "
          f"the pages: {grids or 'none found'}.\n\n")
    md += C.table(["n", "points n²", "evaluate_grid", "chart + serialise", "total",
                   "payload KiB"], rows)
    md += ("\nLog–log slope against n² (all sizes / n ≥ 80): "
           f"evaluate {res['slope_evaluate_ms']:.2f} / {res['slope80_evaluate_ms']:.2f}, "
           f"chart {res['slope_chart_ms']:.2f} / {res['slope80_chart_ms']:.2f}, "
           f"total {res['slope_total_ms']:.2f} / {res['slope80_total_ms']:.2f}. Target ≤ "
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
