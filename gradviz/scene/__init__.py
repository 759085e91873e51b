"""A picture is one scene: panels of layers over named functions, built once, drawn everywhere.

A topic module builds a :class:`Scene`: functions (f, ∇f, …) and panels (a :class:`Map` of
the domain, a :class:`Plot` beside it), each a list of layers (:mod:`gradviz.scene.layers`,
each a short plan of calls to :mod:`gradviz.scene.draw`). From that one description come the
browser's picture (:func:`wire`; ``web/layers.js`` computes the layers that follow p by the
same algorithms as ``draw.py``), the figure download (:func:`drawing`, :func:`render`), the
data download (:func:`tables`) and the script (:func:`gradviz.scene.script.script`).

>>> import gradviz
>>> from gradviz.domain import Domain
>>> f = gradviz.parse("x^2 - y^2")
>>> s = Scene("saddle", "f(x, y) = x^2 - y^2", {"f": f},
...           [Map(Domain.square(-2, 2), [Heatmap(), LevelCurve(), Marker()], n=41)],
...           point=(0.5, -0.5))
>>> sorted(tables(s))
['heatmap.csv', 'level_curve_through_p.csv', 'point_p.csv']
>>> segs = run(s)[0][1][1]["segments"]   # the level curve f = 0 through p: the whole X
>>> bool((abs(abs(segs[..., 0]) - abs(segs[..., 1])) < 1e-12).all()), len(segs) > 150
(True, True)
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import draw
from . import layers as _layers
from .layers import *  # noqa: F403  (the layer types are this package's too)
from .layers import Layer

__all__ = ["Scene", "Map", "Plot", "Param", "Status", *_layers.__all__, "run", "wire", "tables",
           "drawing", "figure", "render", "static_key", "browser_code"]


@dataclass(frozen=True)
class Map:
    """A panel that is a map of the domain: x and y on equal terms, the point p on it."""

    domain: object  # gradviz.domain.Domain
    layers: Sequence[Layer]
    n: int = 80  # grid points per side
    title: str = ""
    size: int = 470  # px of plot area the browser aims for (it shrinks to fit the screen)
    labels: tuple[str, ...] = ()  # the axes' names (default: the first two variables)
    #: what the hand does in the browser: "point" moves p, "answer" turns the arrow of an
    #: :class:`Answer` layer (p stays), "" nothing (a picture to look at)
    hand: str = "point"
    kind = "map"
    equal = True
    auto = ""
    height = 0

    def box(self) -> tuple[float, float, float, float]:
        d = self.domain
        return (float(d.xmin), float(d.xmax), float(d.ymin), float(d.ymax))


@dataclass(frozen=True)
class Plot:
    """A panel beside the map: a slice, a curve over θ, the output plane. Its view is
    ``view`` = (xmin, xmax, ymin, ymax), or on the ``auto`` axes ("y" or "xy") the range
    of what its layers draw, fitted every frame (``equal``: a square view)."""

    view: tuple[float, float, float, float]
    layers: Sequence[Layer]
    labels: tuple[str, str] = ("x", "y")
    title: str = ""
    auto: str = ""
    equal: bool = False
    size: int = 360  # px wide the browser aims for
    height: int = 0  # px high (0: as the map)
    xticks: tuple[float, ...] = ()  # where the x axis is marked (default: round numbers)
    n: int = 0
    kind = "plot"

    def box(self) -> tuple[float, float, float, float]:
        return tuple(float(v) for v in self.view)


def _labels(scene, panel) -> list:
    return list(panel.labels or scene.variables[:2])


def _fit(panel, states) -> tuple:
    """The panel's view once its layers ran: fitted to what they drew on its auto axes."""
    if not panel.auto:
        return panel.box()
    points = [states[-1][name] for layer, st in zip(panel.layers, states)
              for name in layer.extent() if name in st]
    return draw.fit_box(points, panel.box(), panel.auto, panel.equal)


@dataclass(frozen=True)
class Param:
    """A number the scene depends on besides p (θ, a step size, a number of steps): a
    slider in the chart, sent to the server when let go, played by its Play button
    (``play``), on a log scale (``log``) with labelled marks; ``first``: in lecture mode on
    the projector's first screen with the point's sliders (the page's main control)."""

    name: str
    label: str
    lo: float
    hi: float
    value: float
    step: float | None = None
    log: bool = False
    integer: bool = False
    marks: tuple[tuple[float, str], ...] = ()
    play: bool | str = False  # True: played low to high; "down": high to low
    unit: str = ""
    first: bool = False


@dataclass(frozen=True)
class Status:
    """One item of the chart's status line: ``label = value`` of a named function at p (a
    vector's components between ``brackets``)."""

    label: str
    fn: str
    brackets: str = "()"


@dataclass(frozen=True)
class Scene:
    """Panels of layers over named functions (name -> :class:`gradviz.Function`, all in the
    same variables), at the point ``point``.

    ``slopes`` names the derivatives (|u|'s slope is undefined at 0 in the browser);
    ``truth``: name -> value at ``point`` where the page knows better than the formula (a
    corner, a 0/0 point).
    """

    name: str
    title: str
    functions: dict
    panels: Sequence[Map | Plot]
    point: tuple = (0.0, 0.0)
    params: Sequence[Param] = ()
    status: Sequence[Status] = ()
    truth: dict = field(default_factory=dict)
    alt: str = ""
    slopes: tuple[str, ...] = ()
    #: the title in maths notation for matplotlib ("$…$"), where the page has it
    tex: str = ""
    #: the direction (degrees) an :class:`Answer` layer's arrow points, None before one
    answer: float | None = None

    @property
    def variables(self) -> tuple[str, ...]:
        return next(iter(self.functions.values())).variables if self.functions else ("x", "y")

    def values(self) -> dict:
        """The params' current values, by name."""
        return {q.name: q.value for q in self.params}


def _env(scene: Scene, point=None, params=None) -> dict:
    p = tuple(float(v) for v in (scene.point if point is None else point))
    values = {**scene.values(), **(params or {})}
    truth = scene.truth if point is None or tuple(point) == tuple(scene.point) else {}
    return {**scene.functions, **values, "p": p, "fixed": p[2:], "truth": truth,
            "answer": scene.answer}


def run(scene: Scene, point=None, params=None, *, following: bool = True) -> list:
    """Carry out each panel's plan at ``point`` without drawing: [(panel, [the values after
    each layer])]; ``following=False``: only the static layers (what :func:`wire` sends)."""
    base, out = _env(scene, point, params), []
    for panel in scene.panels:
        env = {**base, "box": panel.box(), "n": panel.n}
        states = []
        for layer in panel.layers:
            if following or not layer.follows:
                for step in layer.steps():
                    if not step.draws:
                        step.run(env)
            states.append(dict(env))
        out.append((panel, states))
    return out


def _json(value):
    """Numbers for JSON: arrays as lists, 7 significant digits of their spread (more for
    values far from 0: a view 0.01 wide at x = 1000 keeps 12), nan/inf as None."""
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, np.ndarray):
        flat = value.astype(float).ravel()
        with np.errstate(all="ignore"):  # rounding 1e301 to 12 places overflows: keep it
            flat = np.where(np.abs(flat) < 1e290, np.round(flat, 12), flat)
        ok, digits = flat[np.isfinite(flat)], 7
        if ok.size and 0 < ok.max() - ok.min() < np.abs(ok).max():
            digits = min(17, 7 + math.ceil(math.log10(np.abs(ok).max() / (ok.max() - ok.min()))))
        return [None if not np.isfinite(v) else float(f"{v:.{digits}g}") for v in flat]
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    return value


def wire(scene: Scene) -> dict:
    """What the browser needs to draw the scene, JSON-ready: the static layers' data, the
    following layers' settings, the functions as programs (never the typed text)."""
    from ..browser_expr import programs

    panels = []
    for panel, states in run(scene, following=False):
        panels.append({"type": panel.kind, "box": panel.box(), "title": panel.title,
                       "size": panel.size, "height": panel.height, "labels": _labels(scene, panel),
                       "auto": panel.auto, "hand": getattr(panel, "hand", ""),
                       "xticks": list(getattr(panel, "xticks", ())), "equal": panel.equal,
                       "layers": [{"type": layer.type, **layer.wire(env)}
                                  for layer, env in zip(panel.layers, states)]})
    return _json({
        "title": scene.title, "alt": scene.alt, "names": list(scene.variables),
        "programs": {name: programs(fn, slopes=name in scene.slopes)
                     for name, fn in scene.functions.items()},
        "panels": panels,
        "params": [q.__dict__ for q in scene.params],
        "status": [s.__dict__ for s in scene.status],
    })


def static_key(body: dict) -> str:
    """A short fingerprint of a scene's wire data: the browser keeps each one once."""
    text = json.dumps(body, sort_keys=True, allow_nan=False, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=9).hexdigest()


def tables(scene: Scene, point=None, params=None) -> dict[str, str]:
    """The data download: one CSV per layer, named for what it holds (file name -> text)."""
    out: dict[str, str] = {}
    for panel, states in run(scene, point, params):
        for layer, env in zip(panel.layers, states):
            for name, columns in layer.tables(env).items():
                buf = io.StringIO()
                rows = np.column_stack([np.asarray(c, dtype=float).ravel()
                                        for c in columns.values()])
                np.savetxt(buf, rows, delimiter=",", header=",".join(columns), comments="",
                           fmt="%.10g")
                out[f"{name}.csv"] = buf.getvalue()
    return out


def drawing(scene: Scene, point=None, params=None) -> dict:
    """The figure download at ``point`` as plain data for :func:`render`: each panel's
    drawing calls with their arrays."""
    panels = []
    for panel, states in run(scene, point, params):
        # a layer's drawing step is its last: it sees the values after its layer ran
        calls = [(step.fn, step.values(env, 1), step.options(env))
                 for layer, env in zip(panel.layers, states) for step in layer.steps()
                 if step.draws]
        panels.append({"box": _fit(panel, states), "labels": _labels(scene, panel),
                       "title": panel.title, "equal": panel.equal, "calls": calls})
    return {"title": scene.title, "tex": scene.tex, "panels": panels}


def figure(scene: Scene, point=None, params=None):
    """The scene at ``point`` as a matplotlib Figure (in a notebook)."""
    return _figure(drawing(scene, point, params))


def _figure(data: dict):
    fig, axes = draw.new_figure([6.2] * len(data["panels"]))
    for ax, panel in zip(axes, data["panels"]):
        for fn, args, kwargs in panel["calls"]:
            getattr(draw, fn)(ax, *args, **kwargs)
        draw.frame(ax, panel["box"], *panel["labels"], panel["title"], panel["equal"])
    draw.title(fig, data["title"], data["tex"])
    return fig


def render(data: dict, fmt: str = "png") -> bytes:
    """Draw :func:`drawing`'s data with matplotlib: PNG or SVG bytes (run in a worker
    process: a native renderer never runs in the server)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = _figure(data)
    try:
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=120, bbox_inches="tight")
        return buf.getvalue()
    finally:
        plt.close(fig)


#: the engine's browser files in load order: d3, the core's program interpreter and number
#: format, the engine, its layers
_WEB = Path(__file__).with_name("web")
BROWSER_FILES = (_WEB / "vendor" / "d3.min.js", _WEB.parent.parent / "browser_expr.js",
                 _WEB.parent.parent / "formatting.js", _WEB / "engine.js", _WEB / "layers.js")


def browser_code() -> str:
    """The scene engine's JavaScript, ours and vendored (no CDN), as one text."""
    return "\n".join(p.read_text("utf-8") for p in BROWSER_FILES)
