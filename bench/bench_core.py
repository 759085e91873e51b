"""Benchmark the gradviz core against hand-written numpy, on the course's functions.

Run ``python bench/bench_core.py``. It prints a markdown table and writes it to
``bench/out/core.md`` (git-ignored). It never asserts: the targets are in the table.

* grid rows: a 1000 × 1000 grid, median of 7 runs (each the mean of 3 calls, the two
  sides timed in alternation); ratio = gradviz / numpy (target ≤ 1.0×);
* cold: parse + differentiate + compile a typical expression with empty caches (target < 50 ms);
* repeat: the same parse + gradient + evaluate-at-a-point request again (target < 1 ms).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import sympy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gradviz  # noqa: E402
from gradviz import parsing  # noqa: E402

RUNS = 7
N = 1000
OUT = Path(__file__).resolve().parent / "out" / "core.md"


def median_ms(fn, runs: int = RUNS, inner: int = 1) -> float:
    """Median wall time of ``fn()`` in milliseconds over ``runs`` runs of ``inner`` calls."""
    fn()  # warm up: compile, allocate
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t0) / inner)
    return 1000 * statistics.median(times)


def paired_median_ms(ours, theirs, runs: int = RUNS, inner: int = 3):
    """Median wall and CPU times (ms) of two callables timed in alternation, so machine load
    hits both alike: ``(ours_wall, theirs_wall, ours_cpu, theirs_cpu)``."""
    ours(), theirs()
    wall = {ours: [], theirs: []}
    cpu = {ours: [], theirs: []}
    for k in range(runs):
        for fn in (ours, theirs) if k % 2 == 0 else (theirs, ours):
            t0, c0 = time.perf_counter(), time.process_time()
            for _ in range(inner):
                fn()
            wall[fn].append((time.perf_counter() - t0) / inner)
            cpu[fn].append((time.process_time() - c0) / inner)
    return tuple(1000 * statistics.median(d[fn]) for d in (wall, cpu) for fn in (ours, theirs))


# The course's own numpy code (Gradients Review and the Jacobian chapter).
def course_f3(x, y, z):
    return x**2 + y**2 + np.exp(z) + np.power(x, z) + x * y * z


def course_gradf(x, y):
    return (y * np.cos(x * y), x * np.cos(x * y))


def course_jacobian(X, Y):
    ones = np.ones_like(X)
    return np.array([[2 * X, -ones], [ones, 2 * Y]])


def grid_rows():
    """(name, gradviz callable, numpy callable) on the course's 1000 × 1000 grids."""
    x = np.linspace(0, 4, N)
    X, Y = np.meshgrid(x, x)
    x5 = np.linspace(-5, 5, N)
    X5, Y5 = np.meshgrid(x5, x5)
    x2 = np.linspace(-2, 2, N)
    X2, Y2 = np.meshgrid(x2, x2)
    xs = np.linspace(0.1, 2, N)
    XS, YS = np.meshgrid(xs, xs)
    z = 1.0

    sin_xy = gradviz.parse("sin(x*y)")
    grad_sin = gradviz.gradient(sin_xy)
    field = gradviz.parse("[x, sin(y)]")
    jmap = gradviz.parse("[x^2 - y, y^2 + x]")
    jac = gradviz.jacobian(jmap)
    f3 = gradviz.parse("x^2 + y^2 + e^z + x^z + x*y*z")
    grad_f3 = gradviz.gradient(f3)

    def course_grad_f3(x, y, z):
        return np.array([2 * x + z * np.power(x, z - 1) + y * z,
                         2 * y + x * z,
                         np.exp(z) + np.power(x, z) * np.log(x) + x * y])

    return [
        ("sin(xy) on [0, 4]²", lambda: sin_xy(X, Y), lambda: np.sin(X * Y)),
        ("∇ sin(xy)", lambda: grad_sin(X, Y), lambda: np.array(course_gradf(X, Y))),
        ("[x, sin y] on [−5, 5]²", lambda: field(X5, Y5), lambda: np.array([X5, np.sin(Y5)])),
        ("[x² − y, y² + x]", lambda: jmap(X2, Y2), lambda: np.array([X2**2 - Y2, Y2**2 + X2])),
        ("J of [x² − y, y² + x]", lambda: jac(X2, Y2), lambda: course_jacobian(X2, Y2)),
        ("x²+y²+eᶻ+xᶻ+xyz, z = 1 slice", lambda: f3(XS, YS, z), lambda: course_f3(XS, YS, z)),
        ("∇ of it, z = 1 slice", lambda: grad_f3(XS, YS, z), lambda: course_grad_f3(XS, YS, z)),
    ]


def check_rows(rows) -> None:
    """Make sure each pair computes the same numbers (a benchmark of wrong code is useless)."""
    for name, ours, theirs in rows:
        a, b = np.asarray(ours()), np.asarray(theirs())
        if a.shape != b.shape or not np.allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True):
            print(f"warning: {name}: gradviz and numpy disagree", file=sys.stderr)


TYPICAL = "x^2*y + sin(x*y) + e^(x - y)"


def cold_ms() -> float:
    """Parse, differentiate and compile a fresh expression with empty caches (gradviz's and sympy's)."""
    times = []
    for i in range(RUNS):
        parsing._parse_cached.cache_clear()
        sympy.core.cache.clear_cache()  # sympy's own memo of constructed expressions, too
        text = f"{TYPICAL} + {i + 2}*y^3"  # a new text: nothing cached on the Function either
        t0 = time.perf_counter()
        f = gradviz.parse(text)
        g = gradviz.gradient(f)
        g(1.0, 2.0)  # compiles (lambdify) and evaluates
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def repeat_ms() -> float:
    """The same request again: parse (cached) + gradient (cached) + evaluate at a point."""
    def request():
        gradviz.gradient(gradviz.parse(TYPICAL))(1.0, 2.0)

    return median_ms(request, inner=200)


def main() -> None:
    rows = grid_rows()
    check_rows(rows)
    lines = [
        f"## gradviz core vs hand-written numpy ({N} × {N} grid, median of {RUNS})",
        "",
        "| case | gradviz ms | numpy ms | ratio (target ≤ 1.0×) | ratio of CPU times |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, ours, theirs in rows:
        a, b, ca, cb = paired_median_ms(ours, theirs)
        lines.append(f"| {name} | {a:.2f} | {b:.2f} | {a / b:.2f}× | {ca / cb:.2f}× |")
    lines += [
        "",
        "| request | ms | target |",
        "|---|---:|---|",
        f"| cold: parse + gradient + compile `{TYPICAL} + k*y^3` | {cold_ms():.1f} | < 50 ms |",
        f"| repeat: parse + gradient + evaluate at a point | {repeat_ms():.3f} | < 1 ms |",
        "",
        f"numpy {np.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} (wall times suffer when it exceeds the CPUs; "
        "CPU-time ratios much less)",
    ]
    table = "\n".join(lines)
    print(table)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
