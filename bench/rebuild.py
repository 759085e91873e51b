"""What a new function costs the server process: rebuilt from the worker's result vs redone.

Every new function text is parsed and worked through (derivatives, compiled code, LaTeX) in a
killable worker (``gradviz.budget.prepare``); the server then only rebuilds the worker's
result (``Function.from_snapshot``), taking the compiled code as the worker's bytecode. This measures, in one run and in one process, for a few functions from small to the
largest the budget admits:

* ``redo``: parse + derivatives + compile + LaTeX done from scratch in this process (what the
  server did before, and what the worker does);
* ``rebuild``: reading the worker's snapshot back and compiling it (what the server does now);
* the ratio redo / rebuild, and the time a hostile text costs the parser before it is refused.

Run ``python bench/rebuild.py``. It prints a markdown table; it never asserts. Each
measurement is a fresh copy (caches cleared), median of 5.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gradviz import calculus, parsing  # noqa: E402
from gradviz.budget import workload  # noqa: E402
from gradviz.errors import ExpressionError  # noqa: E402
from gradviz.function import Function  # noqa: E402

FUNCTIONS = {
    "course: x² + y² + eᶻ + xᶻ + xyz": "x^2 + y^2 + e^z + x^z + x*y*z",
    "course: sin(xy)": "sin(x*y)",
    "course: [x² − y, y² + x]": "[x^2 - y, y^2 + x]",
    "a long student function": "x^3*y - 2x*y^2 + sin(x)*cos(y) + exp(-x^2 - y^2) + atan2(y, x)",
    "product of 6 sines": "*".join(f"sin({i}x + {i + 1}y)" for i in range(1, 7)),
    "product of 10 sines": "*".join(f"sin({i}x + {i + 1}y)" for i in range(1, 11)),
}
HOSTILE = {
    "pi^pi^pi^pi^pi": "pi^pi^pi^pi^pi",
    "sqrt of 90 factors 10^300": "sqrt(" + "*".join(["10^300"] * 90) + "+1)",
    "x^(1/ln 2)": "x^(1/ln(2))",
}
RUNS = 5


def _use(f: Function) -> None:
    """What the pages need of a new function: derivatives evaluated on a grid, LaTeX."""
    grid = np.linspace(-1.0, 1.0, 60)
    args = list(np.meshgrid(grid, grid)) + [np.float64(0.5)] * max(0, f.n - 2)
    derived = [f, calculus.jacobian(f)]
    if f.is_scalar:
        derived += [calculus.gradient(f)] + [calculus.partial(f, j) for j in range(f.n)]
    for g in derived:
        g(*args)
        g.latex()


def _median_ms(fn) -> float:
    times = []
    for _ in range(RUNS):
        parsing._parse_cached.cache_clear()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def main() -> int:
    _use(parsing.parse("x^2 + sin(y)"))  # imports and printers warmed up once
    rows = ["| function | redo in the server (ms) | rebuild from the worker (ms) | redo / rebuild |",
            "|---|---:|---:|---:|"]
    for name, text in FUNCTIONS.items():
        _, blob = workload(text, None, 2)
        redo = _median_ms(lambda text=text: _use(parsing._parse_cached(text, None, 2)))
        rebuild = _median_ms(lambda blob=blob: _use(Function.from_snapshot(blob)))
        rows.append(f"| {name} | {redo:.1f} | {rebuild:.1f} | {redo / rebuild:.1f}× |")
    rows += ["", "| hostile text | answered by the parser after (ms) (refused, or parsed) |", "|---|---:|"]
    for name, text in HOSTILE.items():
        def refuse(text=text):
            parsing._REFUSED.clear()
            try:
                parsing.parse(text)
            except ExpressionError:
                pass
        rows.append(f"| `{name}` | {_median_ms(refuse):.1f} |")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
