"""The layer types of a scene (:mod:`gradviz.scene` runs their plans).

A layer's :meth:`~Layer.steps` are a short plan of calls to :mod:`gradviz.scene.draw`
(``X, Y, Z = grid(f, box, n, fixed)``, ``draw_heatmap(ax, X, …)``) over named values: the
scene's functions (``f``, ``grad``), its params (``s``, ``k``), the point ``p``, and what
earlier layers of the panel computed. :meth:`~Layer.wire` picks what the browser needs,
:meth:`~Layer.tables` what the data download holds. A layer that ``follows`` p (or a param)
is computed by the browser every frame (``web/layers.js``).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, fields
from typing import ClassVar

import numpy as np

from . import draw

__all__ = ["Ref", "Known", "Step", "Layer", "Heatmap", "Contours", "Arrows", "Streamlines",
           "LevelCurve", "Vector", "GradientPath", "Marker", "DirectionalCurve",
           "TurnedAxes", "RotationAngles", "SliceLines", "Slice", "Square", "SquareImages",
           "BasisArrows", "Answer"]


@dataclass(frozen=True)
class Ref:
    """A named value of the plan: a function, a param, ``p``, or an earlier result."""

    name: str


@dataclass(frozen=True)
class Known:
    """The page's own value of function ``name`` at p, where it knows better (else None)."""

    name: str


def _value(a, env):
    if isinstance(a, Ref):
        return env[a.name]
    if isinstance(a, Known):
        return env["truth"].get(a.name)
    return a


@dataclass(frozen=True)
class Step:
    """``out = fn(*args, **kwargs)`` with fn a function of :mod:`gradviz.scene.draw`."""

    out: tuple[str, ...]
    fn: str
    args: tuple = ()
    kwargs: tuple = ()

    @property
    def draws(self) -> bool:
        return self.fn.startswith("draw_")

    def values(self, env, start: int = 0) -> tuple:
        return tuple(_value(a, env) for a in self.args[start:])

    def options(self, env) -> dict:
        return {k: _value(v, env) for k, v in self.kwargs}

    def run(self, env) -> None:
        result = getattr(draw, self.fn)(*self.values(env), **self.options(env))
        if len(self.out) == 1:
            env[self.out[0]] = result
        elif self.out:
            env.update(zip(self.out, result))

    def source(self, env) -> str:
        """The step as a line of Python (a Known value as its number, nan as np.nan)."""
        def text(a):
            if isinstance(a, Ref):
                return a.name
            v = _value(a, env)
            v = np.asarray(v).tolist() if isinstance(v, np.ndarray) else v
            return repr(v) if isinstance(v, str) else re.sub(r"\b(nan|inf)\b", r"np.\1", repr(v))
        args = [text(a) for a in self.args]
        args += [f"{k}={text(v)}" for k, v in self.kwargs
                 if isinstance(v, Ref) or _value(v, env) is not None]
        call = f"{self.fn}({', '.join(args)})"
        return f"{', '.join(self.out)} = {call}" if self.out else call


def step(out: str, fn: str, *args, **kwargs) -> Step:
    """A Step; string args naming plan values are written ``Ref("X")``."""
    return Step(tuple(o.strip() for o in out.split(",")) if out else (), fn, args,
                tuple(kwargs.items()))


def _ref(value):
    """A param by name (a str) or a fixed number."""
    return Ref(value) if isinstance(value, str) else value


def _segments(s) -> dict:
    """Line segments, shape (m, 2, 2), as a table: their two ends."""
    return {"x_start": s[:, 0, 0], "y_start": s[:, 0, 1], "x_end": s[:, 1, 0], "y_end": s[:, 1, 1]}


def _p(v):
    """A param by name (a str) or a fixed number, for the browser."""
    return {"param": v} if isinstance(v, str) else v


class Layer:
    """One layer type (subclasses are frozen dataclasses)."""

    type: ClassVar[str]
    follows: ClassVar[bool] = True  # on p or a param; the static layers say False
    #: the settings that are a number or a param's name (sent as {"param": name})
    params: ClassVar[tuple[str, ...]] = ()

    def steps(self) -> list[Step]:
        raise NotImplementedError

    def wire(self, env) -> dict:
        """What the browser needs: by default the settings (not ``name``, its table's)."""
        return {f.name: _p(getattr(self, f.name)) if f.name in self.params
                else getattr(self, f.name) for f in fields(self) if f.name != "name"}

    def tables(self, env) -> dict[str, dict]:
        return {}

    def extent(self) -> tuple[str, ...]:
        """The names of the points (arrays of shape (…, 2)) an auto-fitted panel shows."""
        return ()


X, Y, Z, AX = Ref("X"), Ref("Y"), Ref("Z"), Ref("ax")
P, BOX, FIXED = Ref("p"), Ref("box"), Ref("fixed")


def packed(values) -> dict:
    """A large array for the browser, exactly and fast: little-endian float64 in base64
    (nan, ±inf: undefined), read by ``GV_ALGO.values`` (web/layers.js).

    >>> packed(np.array([[1.0, np.nan]]))
    {'f64': 'AAAAAAAA8D8AAAAAAAD4fw=='}
    """
    a = np.ascontiguousarray(values, dtype="<f8").ravel()
    return {"f64": base64.b64encode(a.tobytes()).decode("ascii")}


def _colours(values, lo, hi) -> dict:
    """A colour scale's range and the values' true extent (its bar marks ≤ / ≥ beyond)."""
    ok = values[np.isfinite(values)]
    return {"range": [lo, hi], "extent": [ok.min(), ok.max()] if ok.size else [None, None]}


@dataclass(frozen=True)
class Heatmap(Layer):
    """f on the panel's grid as coloured cells, with a colour bar of its true range."""

    fn: str = "f"
    label: str = "f"
    cmap: str = "viridis"
    type: ClassVar[str] = "heatmap"
    follows: ClassVar[bool] = False

    def steps(self):
        return [step("X, Y, Z", "grid", Ref(self.fn), BOX, Ref("n"), FIXED),
                step("lo, hi", "colour_range", Z),
                step("", "draw_heatmap", AX, X, Y, Z, Ref("lo"), Ref("hi"), self.cmap,
                     self.label)]

    def wire(self, env):
        return {"x": env["X"][0], "y": env["Y"][:, 0], "z": packed(env["Z"]), "cmap": self.cmap,
                "label": self.label, **_colours(env["Z"], env["lo"], env["hi"])}

    def tables(self, env):
        return {"heatmap": {"x": env["X"], "y": env["Y"], self.fn: env["Z"]}}


@dataclass(frozen=True)
class Contours(Layer):
    """Thin level curves of the heatmap at evenly spaced levels."""

    count: int = 10
    type: ClassVar[str] = "contours"
    follows: ClassVar[bool] = False

    def steps(self):
        return [step("levels", "contour_levels", Ref("lo"), Ref("hi"), self.count),
                step("", "draw_contours", AX, X, Y, Z, Ref("levels"))]

    def wire(self, env):
        return {"levels": env["levels"]}

    def tables(self, env):
        return {"contour_levels": {"level": env["levels"]}}


@dataclass(frozen=True)
class Arrows(Layer):
    """A vector field (e.g. ∇f) as arrows at the centres of a grid of cells.

    In ``color``, or (``cmap``) coloured by their length, with a colour bar named ``label``."""

    fn: str = "grad"
    per_side: int = 15
    color: str = "black"
    name: str = "arrows"
    cmap: str = ""
    label: str = "‖f‖"
    type: ClassVar[str] = "arrows"
    follows: ClassVar[bool] = False

    def steps(self):
        grid = [step("AX, AY, AU, AV", "field_grid", Ref(self.fn), BOX, self.per_side, FIXED),
                step("DU, DV", "arrow_lengths", Ref("AU"), Ref("AV"), BOX, self.per_side)]
        arrows = (AX, Ref("AX"), Ref("AY"), Ref("DU"), Ref("DV"), self.color)
        if not self.cmap:
            return [*grid, step("", "draw_arrows", *arrows)]
        return [*grid, step("M", "magnitude", Ref("AU"), Ref("AV")),
                step("mlo, mhi", "colour_range", Ref("M")),
                step("", "draw_arrows", *arrows, values=Ref("M"), lo=Ref("mlo"), hi=Ref("mhi"),
                     cmap=self.cmap, label=self.label)]

    def wire(self, env):
        out = {"x": env["AX"], "y": env["AY"], "u": env["DU"], "v": env["DV"],
               "color": self.color}
        if self.cmap:
            out.update(m=env["M"], cmap=self.cmap, label=self.label,
                       **_colours(env["M"], env["mlo"], env["mhi"]))
        return out

    def tables(self, env):
        return {self.name: {"x": env["AX"], "y": env["AY"], "u": env["AU"], "v": env["AV"],
                            "drawn_u": env["DU"], "drawn_v": env["DV"]}}


@dataclass(frozen=True)
class Streamlines(Layer):
    """Curves that follow a field, traced both ways from a seeds × seeds grid."""

    fn: str = "f"
    seeds: int = 8
    color: str = draw.SKY
    type: ClassVar[str] = "streamlines"
    follows: ClassVar[bool] = False

    def steps(self):
        return [step("lines", "streamlines", Ref(self.fn), BOX, self.seeds, 150, FIXED),
                step("", "draw_streamlines", AX, Ref("lines"), self.color)]

    def wire(self, env):
        return {"x": env["lines"][:, 0], "y": env["lines"][:, 1], "color": self.color}

    def tables(self, env):
        pts = env["lines"]
        gap = np.isnan(pts[:, 0])
        return {"streamlines": {"line": np.cumsum(gap)[~gap], "x": pts[~gap, 0],
                                "y": pts[~gap, 1]}}


@dataclass(frozen=True)
class LevelCurve(Layer):
    """The level curve of the heatmap's function through p, every branch that meets p."""

    fn: str = "f"
    color: str = draw.ORANGE
    width: float = 4.0
    type: ClassVar[str] = "level_curve"

    def steps(self):
        return [step("level", "at_point", Ref(self.fn), P, known=Known(self.fn)),
                step("segments", "level_curve_through", Ref(self.fn), X, Y, Z, P, Ref("level"),
                     FIXED),
                step("", "draw_segments", AX, Ref("segments"), self.color, self.width)]

    def tables(self, env):
        return {"level_curve_through_p": _segments(env["segments"])}


@dataclass(frozen=True)
class Vector(Layer):
    """A vector at p: a function's value there, or the direction at an angle.

    ``unit``: its direction, ``length`` of the view's span long; ``arrows``: ``length`` times
    as the panel's arrows (that many per side) draw it; ``angle``: a param's degrees."""

    fn: str = "grad"
    label: str = "∇f"
    color: str = draw.VERMILLION
    unit: bool = True
    length: float = 0.22
    name: str = "gradient_at_p"
    arrows: int = 0
    angle: str = ""
    type: ClassVar[str] = "vector"

    def steps(self):
        if self.angle:
            head = [step("v", "direction_at", Ref(self.angle), BOX, self.length)]
        else:
            scale = {"per_side": self.arrows, "top": Ref("top")} if self.arrows else {}
            head = [step("g", "at_point", Ref(self.fn), P, known=Known(self.fn)),
                    *([step("top", "typical_length", Ref("AU"), Ref("AV"))] if self.arrows else []),
                    step("v", "vector_at", Ref("g"), BOX, self.unit, self.length, **scale)]
        return [*head, step("", "draw_vector", AX, P, Ref("v"), self.color, self.label)]

    def wire(self, env):
        scale = ({"per_side": self.arrows, "top": draw.typical_length(env["AU"], env["AV"])}
                 if self.arrows else {})
        return {"fn": self.fn, "label": self.label, "color": self.color, "unit": self.unit,
                "length": self.length, "angle": self.angle, **scale}

    def tables(self, env):
        g = np.asarray(env["v" if self.angle else "g"], dtype=float).ravel()
        return {self.name: {"x": env["p"][0], "y": env["p"][1], "u": g[0], "v": g[1]}}


@dataclass(frozen=True)
class _AtAngle(Layer):
    """A layer of the gradient ``fn`` at p and the param ``angle`` (degrees)."""

    fn: str = "grad"
    angle: str = "r"


@dataclass(frozen=True)
class DirectionalCurve(_AtAngle):
    """Dᵤf = ∇f·u over every direction θ, with u's θ (the param ``angle``) and θ* marked."""

    angle: str = "t"
    type: ClassVar[str] = "directional_curve"

    def steps(self):
        return [step("g", "at_point", Ref(self.fn), P, known=Known(self.fn)),
                step("curve, marks", "directional_curve", Ref("g"), Ref(self.angle)),
                step("", "draw_directional_curve", AX, Ref("curve"), Ref("marks"))]

    def tables(self, env):
        c, m = env["curve"], env["marks"]
        return {"directional_derivative": {"theta": c[:, 0], "D_u_f": c[:, 1]},
                "directional_derivative_marks": {"theta": m[:, 0], "D_u_f": m[:, 1]}}

    def extent(self):
        return ("curve", "marks")


def _usable(fn):
    """∇f at p (the page's own value there), or the course's [5, 2] where it is zero."""
    return [step("g", "at_point", Ref(fn), P, known=Known(fn)),
            step("g", "usable_gradient", Ref("g"))]


@dataclass(frozen=True)
class TurnedAxes(_AtAngle):
    """Axes turned by the param ``angle`` with ∇f/|∇f| at p and the rule's choice."""

    type: ClassVar[str] = "turned_axes"

    def steps(self):
        return [*_usable(self.fn), step("vectors", "turned_axes", Ref("g"), Ref(self.angle)),
                step("", "draw_turned_axes", AX, Ref("vectors"))]

    def tables(self, env):
        v = env["vectors"]
        return {"turned_axes": {"u": v[:, 0], "v": v[:, 1]}}


@dataclass(frozen=True)
class RotationAngles(_AtAngle):
    """∇f's direction and the rule's, seen from the axes turned by every α, and at ``angle``."""

    type: ClassVar[str] = "rotation_angles"

    def steps(self):
        return [*_usable(self.fn), step("rows, at", "rotation_angles", Ref("g"), Ref(self.angle)),
                step("", "draw_rotation_angles", AX, Ref("rows"), Ref("at"))]

    def tables(self, env):
        r = env["rows"]
        return {"rotation_angles": {"alpha": r[:, 0], "gradient_angle": r[:, 1],
                                    "rule_angle": r[:, 2]}}


@dataclass(frozen=True)
class GradientPath(Layer):
    """Steps of gradient descent (sign −1) or ascent (+1) from p, with momentum;
    ``step``, ``count`` and ``momentum`` are numbers or the names of params."""

    fn: str = "grad"
    step: float | str = "s"
    count: float | str = "k"
    sign: int = -1
    momentum: float | str = 0.0
    color: str = draw.SKY
    name: str = "descent_path"
    value: str = "f"  #: the function whose gradient fn is: the path stops where it is undefined
    type: ClassVar[str] = "path"
    params: ClassVar[tuple[str, ...]] = ("step", "count", "momentum")

    def steps(self):
        return [step("pts", "descent_path", Ref(self.fn), P, _ref(self.step), _ref(self.count),
                     self.sign, _ref(self.momentum), BOX, FIXED, Ref(self.value)),
                step("", "draw_path", AX, Ref("pts"), self.color)]

    def tables(self, env):
        pts = env["pts"]
        return {self.name: {"step": np.arange(len(pts)), "x": pts[:, 0], "y": pts[:, 1]}}


@dataclass(frozen=True)
class Marker(Layer):
    """The point p, the one the hand moves."""

    label: str = "p"
    type: ClassVar[str] = "marker"

    def steps(self):
        return [step("", "draw_point", AX, P, self.label)]

    def tables(self, env):
        return {"point_p": {"x": env["p"][0], "y": env["p"][1]}}


@dataclass(frozen=True)
class SliceLines(Layer):
    """The lines through p along which the slices run (y = y₀, x = x₀), one per colour."""

    colors: tuple[str, ...] = (draw.VERMILLION, draw.PURPLE)
    type: ClassVar[str] = "slice_lines"

    def steps(self):
        return [step("lines", "slice_lines", P, BOX),
                step("", "draw_slice_lines", AX, Ref("lines"), self.colors)]

    def tables(self, env):
        return {"slice_lines": _segments(env["lines"][:len(self.colors)])}


@dataclass(frozen=True)
class Slice(Layer):
    """The slice of f through p along variable k (the others held at p), with its tangent
    line at p, whose slope is ∂f/∂(variable k)."""

    k: int = 0
    names: tuple[str, ...] = ("x", "y")
    color: str = draw.VERMILLION
    n: int = 161  # points along the slice
    type: ClassVar[str] = "slice"

    def steps(self):
        return [step("value", "at_point", Ref("f"), P, known=Known("f")),
                step("g", "at_point", Ref("grad"), P, known=Known("grad")),
                step("curve", "slice_through", Ref("f"), P, self.k, BOX, self.n),
                step("tangent, slope", "tangent_line", P, self.k, Ref("value"), Ref("g"), BOX),
                step("", "draw_slice", AX, Ref("curve"), Ref("tangent"), P, self.k, Ref("value"),
                     Ref("slope"), self.names, self.color)]

    def tables(self, env):
        (t, values), v = env["curve"].T, self.names[self.k]
        tangent = float(env["value"]) + env["slope"] * (t - env["p"][self.k])
        return {f"slice_{v}": {v: t, "f": values, "tangent": tangent}}


@dataclass(frozen=True)
class Square(Layer):
    """The small square at p (half-width ``half``: a number or a param's name), with e₁
    and e₂ drawn to its half-width (``basis``)."""

    half: float | str = 0.1
    basis: bool = True
    type: ClassVar[str] = "square"
    params: ClassVar[tuple[str, ...]] = ("half",)

    def steps(self):
        return [step("square", "square_outline", P, _ref(self.half)),
                step("", "draw_square", AX, P, Ref("square"), _ref(self.half), self.basis)]

    def tables(self, env):
        return {"square_at_p": {"x": env["square"][:, 0], "y": env["square"][:, 1]}}


@dataclass(frozen=True)
class SquareImages(Layer):
    """The square at p in the output plane: under f (curved), under the linear map
    f(p) + J h (dashed), and J e₁, J e₂ from f(p); ``gap``: the status line says how far
    apart the two images are."""

    half: float | str = 0.1
    gap: bool = False
    type: ClassVar[str] = "square_images"
    params: ClassVar[tuple[str, ...]] = ("half",)

    def steps(self):
        return [step("fp", "at_point", Ref("f"), P, known=Known("f")),
                step("Jp", "at_point", Ref("J"), P, known=Known("J")),
                step("square, curved, linear, gap", "square_images", Ref("f"), Ref("fp"),
                     Ref("Jp"), P, _ref(self.half)),
                step("", "draw_square_images", AX, Ref("curved"), Ref("linear"), Ref("fp"),
                     Ref("Jp"), _ref(self.half))]

    def extent(self):
        return ("curved", "linear")

    def tables(self, env):
        sq, cu, li = env["square"], env["curved"], env["linear"]
        fp, J = (np.asarray(env[k], dtype=float).ravel() for k in ("fp", "Jp"))
        return {"square_and_its_images": {"x": sq[:, 0], "y": sq[:, 1], "f1": cu[:, 0],
                                          "f2": cu[:, 1], "linear_f1": li[:, 0],
                                          "linear_f2": li[:, 1]},
                "jacobian_at_p": {"x": env["p"][0], "y": env["p"][1], "f1": fp[0], "f2": fp[1],
                                  "J11": J[0], "J12": J[1], "J21": J[2], "J22": J[3]}}


@dataclass(frozen=True)
class BasisArrows(Layer):
    """e₁, e₂ and their images J e₁, J e₂ (the columns of J) at chosen points and at p
    (``at_p``, last: its dot is the Marker layer's), times ``scale`` (a number or a param's
    name): the course's local linear approximation."""

    points: tuple = ()
    labels: tuple = ()
    scale: float | str = 0.5
    at_p: bool = True
    type: ClassVar[str] = "basis_arrows"

    def steps(self):
        return [step("pts, tips", "basis_arrows", Ref("J"), self.points, _ref(self.scale),
                     P if self.at_p else None, known=Known("J")),
                step("", "draw_basis_arrows", AX, Ref("pts"), Ref("tips"), self.labels)]

    def wire(self, env):
        pts = np.asarray(self.points, dtype=float).reshape(-1, 2)
        J = draw.evaluate(env["J"], pts[:, 0], pts[:, 1]).reshape(4, len(pts)).T
        return {"points": pts.tolist(), "J": J.tolist(), "labels": list(self.labels),
                "scale": _p(self.scale), "at_p": self.at_p}

    def extent(self):
        return ("pts", "tips")

    def tables(self, env):
        pts, tips = env["pts"], env["tips"]
        out = {"x": pts[:, 0], "y": pts[:, 1]}
        for k, name in enumerate(("e1", "e2", "Je1", "Je2")):
            out[f"{name}_u"], out[f"{name}_v"] = (tips[:, k] - pts).T
        return {"basis_arrows": out}


@dataclass(frozen=True)
class Answer(Layer):
    """An arrow from p that the hand turns (on a map whose ``hand`` is "answer"): a class's
    answer to "which way?", the scene's ``answer`` in degrees counter-clockwise from +x."""

    label: str = "yours"
    color: str = draw.SKY
    length: float = 0.22
    type: ClassVar[str] = "answer"

    def steps(self):
        return [step("a", "direction_at", Ref("answer"), BOX, self.length),
                step("", "draw_vector", AX, P, Ref("a"), self.color, self.label)]

    def tables(self, env):
        return {"your_answer": {"x": env["p"][0], "y": env["p"][1],
                                "degrees": np.nan if env["answer"] is None else env["answer"]}}
