"""The browser printer (gradviz/browser_expr.py): program sizes and the browser's time per grid.

For the course's examples (f and ∇f or J), the fuzzer's largest texts (f, J, ∇f, the Hessian)
and the largest products the parser's bounds allow, before (the printer of commit
:data:`BEFORE`: no shared subexpressions, at most 20,000 tokens) and now:

* **tokens**: the longest program of the function (``fails`` where the old printer refused);
* **ms / grid**: the browser's time to run that program at the 100 × 100 points of a grid
  (``GV_EXPR.run`` per point, median of 5 after a warm-up) in headless Chromium.

Usage: ``python bench/printer.py [--fuzz N]`` (N fuzzer texts, default 600). Writes
``bench/out/printer.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common as C

import gradviz
from gradviz import browser_expr, budget, calculus
from gradviz.presets import PRESETS
from tests.core.test_browser_expr import fuzz_texts

BEFORE = "b1efe52"  #: main before shared subexpressions
GRID = 100
#: ms to run a program at the n × n points of a grid: GV_EXPR.run point by point (how the
#: old interpreter did it), or GV_EXPR.evaluate once over the grid; median of 5 after a warm-up
TIMING = """([prog, n, how]) => {
  const v = [0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], xs = [], ys = [], times = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    xs.push(-2 + 4 * i / (n - 1)); ys.push(-2 + 4 * j / (n - 1));
  }
  for (let rep = 0; rep < 6; rep++) {
    const t0 = performance.now();
    if (how === "evaluate") GV_EXPR.evaluate(prog, [xs, ys, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    else {
      const E = how === "old" ? GV_EXPR_OLD : GV_EXPR;
      for (let k = 0; k < xs.length; k++) { v[0] = xs[k]; v[1] = ys[k]; E.run(prog, v); }
    }
    times.push(performance.now() - t0);
  }
  times.shift(); times.sort((a, b) => a - b);
  return times[2];
}"""


def old_printer():
    """The printer and interpreter of commit BEFORE (as a module, and its JavaScript)."""
    show = lambda path: subprocess.run(["git", "show", f"{BEFORE}:{path}"], cwd=C.ROOT,  # noqa: E731
                                       check=True, capture_output=True, text=True).stdout
    tmp = Path(tempfile.mkdtemp()) / "browser_expr_before.py"
    tmp.write_text(show("gradviz/browser_expr.py"))
    spec = importlib.util.spec_from_file_location("gradviz.browser_expr_before", tmp)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod, show("gradviz/browser_expr.js").replace("const GV_EXPR ", "const GV_EXPR_OLD ")


def derived(f, hessian: bool) -> dict:
    out = {"f": f, "J": calculus.jacobian(f)}
    if f.is_scalar:
        out["∇f"] = calculus.gradient(f)
        if hessian:
            signal.alarm(20)  # sympy's own time for a Hessian is unbounded: skip a slow one
            try:
                out["H"] = calculus.hessian(f)
            except TimeoutError:
                pass
            finally:
                signal.alarm(0)
    return out


def sizes(old, g) -> tuple:
    try:
        before = max(map(len, old.programs(g)))
    except gradviz.ExpressionError as err:
        before = f"fails ({str(err)[:40]})"
    try:
        progs = browser_expr.programs(g)
    except gradviz.ExpressionError:  # only where numpy can't either (a Derivative)
        return before, None, None
    return before, max(map(len, progs)), max(progs, key=len)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fuzz", type=int, default=600)
    args = ap.parse_args()

    def alarm(*_):
        raise TimeoutError

    signal.signal(signal.SIGALRM, alarm)
    old, old_js = old_printer()
    rows = []  # (group, text, what, before, after, program, old program)
    for p in PRESETS:
        f = gradviz.parse(p.text)
        for what, g in derived(f, hessian=False).items():
            rows.append(("course", p.text, what, *sizes(old, g)))
    fuzz = []
    for text in fuzz_texts(args.fuzz):
        try:
            f = budget.prepare(text, None, 2)
        except gradviz.ExpressionError:
            continue
        for what, g in derived(f, hessian=True).items():
            fuzz.append(("fuzz", text, what, *sizes(old, g)))
    n_fuzz = len({r[1] for r in fuzz})
    fuzz = [r for r in fuzz if r[4] is not None]
    fuzz.sort(key=lambda r: -r[4])
    failed_before = [r for r in fuzz if isinstance(r[3], str)]
    rows += fuzz[:8] + [r for r in failed_before if r not in fuzz[:8]][:4]
    functions = ["sin", "cos", "tan", "sinh", "cosh", "tanh", "asin", "acos", "atan", "asinh",
                 "acosh", "atanh", "log", "sqrt", "sec", "csc", "cot", "abs", "exp", "sign"]
    worst = {"product of 40 linear factors": "".join(f"(x+{k})" for k in range(1, 41)),
             "product of 80 linear factors": "".join(f"(x+{k})" for k in range(1, 81)),
             "product of 99 functions": "xyz" + "".join(
                 [f"{fn}({v})" for v in "xyztuv" for fn in functions][:99]),
             "39 nested secants": "sec(" * 39 + "x*y" + ")" * 39}
    for name, text in worst.items():
        f = gradviz.parse(text)
        for what, g in derived(f, hessian=name.startswith("product of 40")).items():
            rows.append(("parser's bound", name, what, *sizes(old, g)))

    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=C.CHROMIUM, args=C.CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_script_tag(content=browser_expr.evaluator_js() + "\n" + old_js
                            + "\nwindow.GV_EXPR = GV_EXPR; window.GV_EXPR_OLD = GV_EXPR_OLD;")
        for group, text, what, before, after, prog in rows:
            if after is None:
                continue
            ms = {how: round(page.evaluate(TIMING, [prog, GRID, how]), 2)
                  for how in ("run", "evaluate")}
            if not isinstance(before, str):
                f = gradviz.parse(text if group != "parser's bound" else worst[text])
                g = derived(f, hessian=what == "H")[what]
                ms["old"] = round(page.evaluate(TIMING, [max(old.programs(g), key=len), GRID,
                                                         "old"]), 2)
            out.append({"group": group, "text": text, "what": what, "tokens_before": before,
                        "tokens": after, "ms_grid": ms})
        browser.close()
    C.OUT.mkdir(exist_ok=True)
    (C.OUT / "printer.json").write_text(json.dumps(
        {"when": time.strftime("%Y-%m-%d %H:%M"), "fuzz_texts": args.fuzz,
         "fuzz_accepted": n_fuzz, "fuzz_failed_before": len(failed_before), "rows": out},
        indent=1, ensure_ascii=False))
    print(f"fuzzer: {n_fuzz} of {args.fuzz} texts accepted; {len(failed_before)} of their "
          f"functions failed to print before, 0 now")
    print(f"ms: to run the longest program at the {GRID}² points of a grid: before (old "
          "interpreter, point by point), now point by point (run), now all at once (evaluate)")
    print("| group | text | of | tokens before | tokens now | ms before | ms run | ms evaluate |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for r in out:
        text = r["text"] if len(r["text"]) <= 50 else r["text"][:47] + "…"
        ms = r["ms_grid"]
        print(f"| {r['group']} | `{text}` | {r['what']} | {r['tokens_before']} | {r['tokens']} "
              f"| {ms.get('old', '–')} | {ms['run']} | {ms['evaluate']} |")


if __name__ == "__main__":
    sys.setrecursionlimit(10_000)
    main()
