"""Server side: AppTest rerun after a move of the point, per page, vs re-running the course cell.

For every page: ``AppTest.from_file("streamlit_app.py")``, run, switch to the page, run (as
``tests/app/conftest.py``'s ``open_page`` does), then N times move the page's point 1% of
the view right / left (alternating; as a drop in its picture does) and time ``.run()``.
The same is done for ``bench/bare_app.py`` with its one slider (one line of text): AppTest's
own overhead (a script thread per run, polling for the deltas), reported as the floor. Nothing is
subtracted; medians are raw.

The course cells are copied from the course notebooks (``/work/shared/course``) and
re-run the way a notebook shows a figure: the same code, then ``fig.savefig`` to an
in-memory PNG with ``bbox_inches="tight"`` (what the inline backend does; Agg backend,
figure closed afterwards). The appendix's style (``ggplot``, font size 16, 8×6 in) is
applied to its cells. Targets: page ≤ 0.5× its course cell.

Usage: ``python bench/server.py [--quick] [--reruns N] [--pages a,b] [--profile]``
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import pstats
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import _common as C  # noqa: E402  (bench/ is on sys.path)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

TARGET = 0.5
logging.getLogger("streamlit").setLevel(logging.ERROR)  # "missing ScriptRunContext" noise
SLOW_MS = 150  # a page rerun slower than this is profiled

# -- the course cells --------------------------------------------------------------------------
APPENDIX_RC = {"font.size": 16, "axes.labelweight": "bold", "axes.grid": False,
               "figure.figsize": (8, 6)}


def _png(fig=None) -> int:
    """Render the current figure to an in-memory PNG (as the inline backend), close it."""
    fig = fig or plt.gcf()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    plt.close(fig)
    return buf.tell()


def _appendix(cell):
    def run():
        with plt.style.context("ggplot"), plt.rc_context(APPENDIX_RC):
            return cell()
    run.__name__ = cell.__name__
    run.__doc__ = cell.__doc__
    return run


@_appendix
def cell_sin_xy():
    """Appendix §1: sin(xy) on [0, 4]², a 1000² grid, imshow."""
    f = lambda x, y: np.sin(x * y)  # noqa: E731 — the course's code

    x = np.linspace(0, 4, 1000)
    y = np.linspace(0, 4, 1000)
    xx, yy = np.meshgrid(x, y)
    zz = f(xx, yy)

    plt.imshow(zz, extent=(np.min(x), np.max(x), np.min(y), np.max(y)), origin="lower")
    return _png()


@_appendix
def cell_gradient_field():
    """Appendix §4.1: the 1000² sin(xy) grid, then its gradient: 15² quiver over imshow."""
    # gradient vector field
    f = lambda x, y: np.sin(x * y)  # noqa: E731

    x = np.linspace(0, 4, 1000)
    y = np.linspace(0, 4, 1000)
    xx, yy = np.meshgrid(x, y)
    zz = f(xx, yy)

    gradf = lambda x, y: (y * np.cos(x * y), x * np.cos(x * y))  # noqa: E731

    xsmall = np.linspace(0, 4, 15)
    ysmall = np.linspace(0, 4, 15)
    xxsmall, yysmall = np.meshgrid(xsmall, ysmall)
    gradx, grady = gradf(xxsmall, yysmall)
    plt.quiver(xxsmall, yysmall, gradx, grady)
    plt.title("∇$ \\sin(xy)$")
    plt.imshow(zz, extent=(np.min(x), np.max(x), np.min(y), np.max(y)), origin="lower")
    plt.title("$\\sin(xy)$ and its gradient")
    return _png()


@_appendix
def cell_vector_field():
    """Appendix §2: f(x, y) = [x, sin y], a 20×20 quiver on [−5, 5]²."""
    def f(x, y):
        return np.array([x, np.sin(y)])

    x = np.linspace(-5, 5, 20)
    y = np.linspace(-5, 5, 20)
    xx, yy = np.meshgrid(x, y)
    zz = f(xx, yy)

    plt.quiver(xx, yy, zz[0], zz[1])
    # plt.axis('square');
    plt.title("$f(x,y) = [x; \\; \\sin(y)]$")
    return _png()


def cell_jacobian():
    """Chapter "The Jacobian": the 25² Frobenius-norm double loop, contourf and 12 quivers."""
    def f(x, y):
        return np.array([x**2 - y, y**2 + x])

    def jacobian(x, y):
        return np.array([[2*x, -1],
                         [1,   2*y]])

    x_vals = np.linspace(-2, 2, 25)
    y_vals = np.linspace(-2, 2, 25)
    X, Y = np.meshgrid(x_vals, y_vals)

    J_norm = np.zeros_like(X)
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            J = jacobian(X[i, j], Y[i, j])
            J_norm[i, j] = np.linalg.norm(J, ord='fro')

    plt.figure(figsize=(14, 6))
    plt.subplot(1, 2, 1)
    plt.contourf(X, Y, J_norm, levels=20, cmap='plasma')
    plt.colorbar(label='||J_f(x,y)||_F')
    plt.title('Jacobian Norm of $f(x,y)$')
    plt.xlabel('x')
    plt.ylabel('y')
    plt.grid(True, linestyle=':')

    points = [(-1, -1), (0, 0), (1, 1)]
    scale = 0.5
    plt.subplot(1, 2, 2)
    plt.title('Local Linear Approximation via Jacobian')
    plt.xlabel('x')
    plt.ylabel('y')
    plt.grid(True, linestyle=':')

    for (x0, y0) in points:
        J = jacobian(x0, y0)
        e1 = np.array([1, 0])
        e2 = np.array([0, 1])
        Je1 = J @ e1
        Je2 = J @ e2
        plt.scatter(x0, y0, color='black')
        plt.quiver(x0, y0, e1[0]*scale, e1[1]*scale,
                   angles='xy', scale_units='xy', scale=1, color='blue', width=0.003)
        plt.quiver(x0, y0, e2[0]*scale, e2[1]*scale,
                   angles='xy', scale_units='xy', scale=1, color='green', width=0.003)
        plt.quiver(x0, y0, Je1[0]*scale, Je1[1]*scale,
                   angles='xy', scale_units='xy', scale=1, color='red', width=0.003)
        plt.quiver(x0, y0, Je2[0]*scale, Je2[1]*scale,
                   angles='xy', scale_units='xy', scale=1, color='orange', width=0.003)
        plt.text(x0+0.1, y0+0.1, f"({x0},{y0})")

    plt.legend(['point', 'e1', 'e2', 'J*e1', 'J*e2'], loc='upper left')
    plt.xlim(-2.5, 2.5)
    plt.ylim(-2.5, 2.5)
    plt.gca().set_aspect('equal', adjustable='box')
    plt.tight_layout()
    return _png()


CELLS = {
    "sin(xy) imshow 1000²": cell_sin_xy,
    "gradient field: imshow 1000² + quiver 15²": cell_gradient_field,
    "[x, sin y] quiver 20²": cell_vector_field,
    "Jacobian figure (25² loop, contourf, quivers)": cell_jacobian,
}

#: page -> (its course cell, note)
PAGE_CELL = {
    "functions": ("sin(xy) imshow 1000²", ""),
    "vector_fields": ("[x, sin y] quiver 20²", ""),
    "partial_derivatives": ("sin(xy) imshow 1000²",
                            "no figure in the course: closest cell"),
    "gradient_field": ("gradient field: imshow 1000² + quiver 15²", ""),
    "jacobian": ("Jacobian figure (25² loop, contourf, quivers)", ""),
    "steepest_ascent": ("sin(xy) imshow 1000²", "no figure in the course: closest cell"),
}


# -- AppTest -------------------------------------------------------------------------------------
def _apptest():
    from streamlit.testing.v1 import AppTest
    return AppTest


def open_page(page: str | None, timeout: float = 120):
    """The entry script, run once, then ``pages/<page>.py`` (or the bare app if None)."""
    AppTest = _apptest()
    for name in ("streamlit", "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(name).setLevel(logging.ERROR)  # "missing ScriptRunContext" noise
    if page is None:
        at = AppTest.from_file(str(C.ROOT / C.BARE_APP), default_timeout=timeout)
        at.run()
        return at
    at = AppTest.from_file(str(C.ROOT / C.ENTRY), default_timeout=timeout)
    at.run()
    at.switch_page(str(C.page_file(page).relative_to(C.ROOT))).run()
    return at


class Target:
    """One page in AppTest, its point moved back and forth by 1% of the view as a drop in
    its picture does (``tests/app/conftest.py``'s ``move``), or the bare app, moved by one
    step of its slider."""

    def __init__(self, page: str | None):
        from gradviz.app.pages import BY_NAME

        self.page = page
        self.at = open_page(page)
        self.errors = [str(e.value) for e in self.at.exception]
        self.key, self.values, self.i = None, (), 0
        boxes = BY_NAME[page].boxes if page else ()
        if page is None:  # the bare app: its slider, one step
            s = self.at.slider[0]
            self.key, self.values = s.key or s.label, (s.value + 1, s.value)
        elif boxes:
            ss = self.at.session_state  # the store the page shows (gradviz/app/state.py _store)
            self.store = ss[ss[f"gv.use.{boxes[0].kind}"]]
            d, p = self.store["domain"], self.store["point"]
            step = (d.xmax - d.xmin) / 100
            self.key = "p (a drop)"
            self.values = ((p[0] + step if p[0] + step <= d.xmax else p[0] - step, *p[1:]), p)

    def move(self) -> float | None:
        if not self.values:
            return None
        v = self.values[self.i % 2]
        self.i += 1
        if self.page is None:
            self.at.slider[0].set_value(v)
        else:
            self.store["point"] = tuple(v)
        t0 = time.perf_counter()
        self.at.run()
        dt = time.perf_counter() - t0
        if self.at.exception:
            self.errors += [str(e.value) for e in self.at.exception]
        return dt * 1000


def _is_project(path: str) -> bool:
    return path.startswith(str(C.ROOT)) and "/bench/" not in path


def _hot_spots(stats: pstats.Stats, count: int = 8) -> list[tuple[str, float]]:
    """Where a rerun's time goes, by cumulative ms: gradviz functions, and the third-party
    functions gradviz or the page calls directly (Plotly, pandas, Streamlit elements …) —
    not their internals, not the page / entry modules or the frame around them."""
    rows = []
    for (path, line, name), (_cc, _nc, _tt, ct, callers) in stats.stats.items():
        if path.startswith(("~", "<")) or name in ("<module>", "<lambda>", "<listcomp>"):
            continue
        if "streamlit/runtime/" in path or "streamlit/navigation/" in path:
            continue  # the script runner and st.* call wrappers
        if "/lib/python3" in path and "site-packages" not in path:
            continue  # the standard library (contextlib …)
        if _is_project(path):
            if "/pages/" in path or path.endswith(("streamlit_app.py", "page_frame.py")):
                continue
        elif not any(_is_project(c[0]) for c in callers):
            continue
        short = path.replace(str(C.ROOT) + "/", "").split("site-packages/")[-1]
        rows.append((f"{short}:{line}({name})", ct * 1000))
    rows.sort(key=lambda r: -r[1])
    return [(n, round(t, 1)) for n, t in rows[:count]]


def profile_rerun(target: Target, top: int = 25) -> dict:
    """cProfile one rerun of a page (inside the script thread): the text and the hot spots."""
    from streamlit.runtime.scriptrunner import script_runner

    prof = cProfile.Profile()
    orig = script_runner.ScriptRunner._run_script

    def wrapped(self, *a, **k):
        prof.enable()
        try:
            return orig(self, *a, **k)
        finally:
            prof.disable()

    script_runner.ScriptRunner._run_script = wrapped
    try:
        target.move()
    finally:
        script_runner.ScriptRunner._run_script = orig
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    total = sum(v[2] for v in stats.stats.values()) * 1000
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return {"total_ms": round(total, 1), "hot": _hot_spots(stats), "text": out.getvalue()}


def measure(quick: bool = False, reruns: int | None = None, pages: list[str] | None = None,
            profile: bool = True, warmup: int = 2, slow_ms: float = SLOW_MS) -> dict:
    reruns = reruns or (5 if quick else 15)
    names = list(C.selected_pages(pages))
    targets = {"bare app": Target(None)}
    for name in names:
        targets[name] = Target(name)
    cell_names = sorted({PAGE_CELL[n][0] for n in names if n in PAGE_CELL})
    times: dict[str, list] = {n: [] for n in [*targets, *cell_names]}
    for i in range(warmup + reruns):  # round-robin: background load hits all alike
        for name, t in targets.items():
            ms_ = t.move()
            if i >= warmup and ms_ is not None:
                times[name].append(ms_)
        for name in cell_names:
            t0 = time.perf_counter()
            CELLS[name]()
            if i >= warmup:
                times[name].append((time.perf_counter() - t0) * 1000)
    res = {"reruns": reruns, "target_ratio": TARGET, "pages": {}, "cells": {}, "profiles": {}}
    floor = C.median(times["bare app"])
    res["bare"] = {"median": floor, "p90": C.p90(times["bare app"]), "raw": times["bare app"]}
    for name in cell_names:
        res["cells"][name] = {"median": C.median(times[name]), "p90": C.p90(times[name]),
                              "raw": times[name]}
    for name in names:
        t = targets[name]
        cell, note = PAGE_CELL.get(name, (None, ""))
        med = C.median(times[name])
        cmed = res["cells"][cell]["median"] if cell else float("nan")
        ratio = med / cmed if times[name] and cmed == cmed else None
        res["pages"][name] = {
            "slider": t.key, "median": med, "p90": C.p90(times[name]), "raw": times[name],
            "cell": cell, "cell_median": cmed, "ratio": ratio, "note": note,
            "met": None if ratio is None else ratio <= TARGET,
            "errors": sorted(set(t.errors))[:3],
        }
        if profile and times[name] and med > slow_ms:
            res["profiles"][name] = profile_rerun(t)
    return res


def markdown(res: dict) -> str:
    rows = []
    b = res["bare"]
    rows.append(["bare app (AppTest floor)", "—", C.ms(b["median"]), C.ms(b["p90"]), "—", "—",
                 "—", "one slider + one line"])
    for name, r in res["pages"].items():
        if r["slider"] is None and not r["raw"]:
            rows.append([name, "—", "—", "—", r["cell"] or "—", "—", "—", "no point to move"])
            continue
        ratio = "n/a" if r["ratio"] is None else f"{r['ratio']:.2f}× {C.verdict(r['met'])}"
        note = "; ".join(filter(None, [r["note"], *(f"exception: {e[:60]}" for e in
                                                    r["errors"])]))
        rows.append([name, f"`{r['slider']}`", C.ms(r["median"]), C.ms(r["p90"]), r["cell"],
                     C.ms(r["cell_median"]), ratio, note])
    md = (f"AppTest rerun after a move of the point (1% of the view, as a drop in the picture), "
          f"{res['reruns']} reruns per page (after 2 "
          "warm-up reruns), round-robin with the course cells; raw medians in ms, nothing "
          "subtracted. Course cells re-run as in a notebook (same code, PNG via "
          "`savefig(bbox_inches='tight')`, Agg). Target: page ≤ "
          f"{res['target_ratio']}× its course cell.\n\n")
    md += C.table(["page", "moved", "rerun median", "rerun p90", "course cell",
                   "cell median", "ratio page/cell", "note"], rows)
    md += "\nCourse cells alone:\n\n" + C.table(
        ["cell", "median ms", "p90 ms"],
        [[n, C.ms(c["median"]), C.ms(c["p90"])] for n, c in res["cells"].items()])
    for name, prof in res["profiles"].items():
        md += (f"\nProfile of one `{name}` rerun (cProfile in the script thread, "
               f"{prof['total_ms']:.0f} ms of Python under the profiler; full listing in "
               f"`bench/out/profile-{name}.txt`), costliest calls by cumulative time:\n\n")
        md += C.table(["call", "cumulative ms"], [[f"`{n}`", f"{t:.0f}"] for n, t in
                                                  prof["hot"]])
    return md


def run(quick: bool = False, reruns: int | None = None, pages: list[str] | None = None,
        profile: bool = True, slow_ms: float = SLOW_MS) -> dict:
    res = measure(quick, reruns, pages, profile, slow_ms=slow_ms)
    C.OUT.mkdir(parents=True, exist_ok=True)
    for name, prof in res["profiles"].items():
        Path(C.OUT / f"profile-{name}.txt").write_text(prof.pop("text"))
    md = markdown(res)
    C.write("server", res, md)
    return {"result": res, "markdown": md}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="5 reruns per page instead of 15")
    ap.add_argument("--reruns", type=int, default=None)
    ap.add_argument("--pages", default=None, help="comma-separated page names")
    ap.add_argument("--no-profile", action="store_true",
                    help="don't profile the slow pages")
    ap.add_argument("--slow-ms", type=float, default=SLOW_MS,
                    help=f"profile pages whose median rerun exceeds this (default {SLOW_MS})")
    a = ap.parse_args(argv)
    out = run(a.quick, a.reruns, a.pages.split(",") if a.pages else None, not a.no_profile,
              a.slow_ms)
    print(out["markdown"])
    for name in out["result"]["profiles"]:
        print(f"profile of a {name} rerun: bench/out/profile-{name}.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
