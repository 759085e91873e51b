"""The script download: a scene at its point, as a Python script a student can read and run.

It needs numpy and matplotlib only: f and its derivatives are written as numpy code by
sympy's own printer, and each layer is its plan (:mod:`gradviz.scene.layers`) printed as
calls of the functions of :mod:`gradviz.scene.draw`, whose source the script carries. It
draws the same picture as the figure download, and saves it under another name.

>>> import gradviz
>>> from gradviz.domain import Domain
>>> from gradviz.scene import Scene, Map, Heatmap, Marker
>>> f = gradviz.parse("sin(x*y)")
>>> src = script(Scene("demo", "f(x, y) = sin(x*y)", {"f": f},
...                    [Map(Domain.square(0, 4), [Heatmap(), Marker()])], point=(1.0, 2.0)))
>>> "def f(x, y):\\n    return np.sin(x*y)" in src, "import gradviz" in src
(True, False)
"""

from __future__ import annotations

import inspect
import keyword
import re

import sympy as sp

from ..function import _numeric_form
from . import Ref, Scene, _env, _labels, draw

__all__ = ["script"]

_NAMES = {name for name, fn in vars(draw).items() if inspect.isfunction(fn)}
#: names the script itself uses: a variable called so is renamed in the printed code
_TAKEN = {"np", "numpy", "plt", "matplotlib", "box", "n", "p", "fixed", "ax", "axes", "fig",
          *_NAMES}


def _code(name: str, fn) -> str:
    """``def name(x, y): return …``: fn's formulas by sympy's numpy printer."""
    from sympy.printing.numpy import NumPyPrinter

    safe = {v: (v + "_" if keyword.iskeyword(v) or v in _TAKEN else v) for v in fn.variables}
    subs = {s: sp.Symbol(safe[v]) for v, s in zip(fn.variables, fn.symbols) if safe[v] != v}
    printer = NumPyPrinter()
    body = [printer.doprint(_numeric_form(e).xreplace(subs)).replace("numpy.", "np.")
            for e in fn.exprs]
    value = body[0] if len(body) == 1 and not fn.shape else "(" + ", ".join(body) + ")"
    return f"def {name}({', '.join(safe[v] for v in fn.variables)}):\n    return {value}\n"


def _literal(value) -> str:
    """Python source of a value: its repr, with nan and inf written as float("nan"), …"""
    return re.sub(r"\b(nan|inf)\b", r'float("\1")', repr(value))


def _needed(names: set[str]) -> list[str]:
    """The draw functions these call, with those they call in turn, in draw.py's order."""
    todo, out = list(names), set()
    while todo:
        name = todo.pop()
        if name in out or name not in _NAMES:
            continue
        out.add(name)
        src = inspect.getsource(getattr(draw, name))
        todo += [w for w in re.findall(r"\b([a-z_]+)\(", src) if w in _NAMES]
    return [n for n in vars(draw) if n in out]


def script(scene: Scene, point=None, params=None) -> str:
    """The script that draws ``scene`` at ``point`` (default: its own) and saves
    ``<name>_script.png``."""
    env = _env(scene, point, params)
    used_fns, used_draw = set(), {"new_figure", "frame", "title"}
    main = [f"fig, axes = new_figure({[6.2] * len(scene.panels)!r})"]
    for k, panel in enumerate(scene.panels):
        env.update(box=panel.box(), n=panel.n)
        main += ["", f"# panel {k + 1}" + (f": {panel.title}" if panel.title else ""),
                 f"ax = axes[{k}]", f"box = {panel.box()!r}   # xmin, xmax, ymin, ymax"]
        main += [f"n = {panel.n}   # grid points per side"] if panel.n else []
        for layer in panel.layers:
            main.append(f"# {layer.type.replace('_', ' ')}: {layer.__doc__.splitlines()[0]}")
            for step in layer.steps():
                used_draw.add(step.fn)
                used_fns |= {a.name for a in step.args if isinstance(a, Ref)}
                main.append(step.source(env))
        if panel.auto:  # the view fitted to what the panel's layers drew
            names = [n for layer in panel.layers for n in layer.extent()]
            used_draw.add("fit_box")
            main.append(f"box = fit_box([{', '.join(names)}], box, {panel.auto!r}, "
                        f"{panel.equal!r})")
        labels = _labels(scene, panel)
        main.append(f"frame(ax, box, {labels[0]!r}, {labels[1]!r}, {panel.title!r}, "
                    f"{panel.equal!r})")
    image = f"{scene.name}_script.png"
    main += ["", f"title(fig, {scene.title!r}, {scene.tex!r})",
             f'fig.savefig({image!r}, dpi=120, bbox_inches="tight")', f'print("wrote {image}")']
    values = {q.name: env[q.name] for q in scene.params}
    head = [f'"""{scene.title} — the picture gradviz drew, redrawn with numpy and matplotlib.',
            "", "Run it with Python 3 and numpy and matplotlib installed (pip install numpy "
            f"matplotlib):\n    python {scene.name}.py\nIt writes {image}.", '"""',
            "import numpy as np", "import matplotlib", 'matplotlib.use("Agg")',
            "import matplotlib.pyplot as plt  # noqa: E402", "", "",
            "# the functions, written by sympy's numpy printer"]
    head += [_code(name, scene.functions[name]) for name in scene.functions if name in used_fns]
    if "answer" in used_fns:  # an Answer layer: the direction it was given
        values["answer"] = env["answer"]
    head += ["", "# the point p and the picture's settings",
             f"p = {_literal(tuple(env['p']))}",
             "fixed = p[2:]   # the variables after x and y, held",
             *(f"{k} = {_literal(v)}" for k, v in values.items()), "", "",
             "# how gradviz computes and draws each layer (numpy and matplotlib only)",
             f"ORANGE, SKY, GREEN, YELLOW = {draw.ORANGE!r}, {draw.SKY!r}, {draw.GREEN!r}, "
             f"{draw.YELLOW!r}",
             f"BLUE, VERMILLION, PURPLE = {draw.BLUE!r}, {draw.VERMILLION!r}, {draw.PURPLE!r}",
             "", ""]
    head += [inspect.getsource(getattr(draw, name)) + "\n" for name in _needed(used_draw)]
    return "\n".join(head) + "\n" + "\n".join(main) + "\n"
