"""Animated Plotly figures: a slider and Play / Pause inside the figure, every frame precomputed.

Each builder takes the dict of arrays from :mod:`gradviz.topics.animation_data` and
returns a :class:`plotly.graph_objects.Figure` whose frames the browser plays
on its own: dragging the in-figure slider or pressing Play redraws at display
rate with no server round trip (no Streamlit rerun). Frames update only the
traces that move; transitions take no time and Play shows a frame every
``duration`` ms (:data:`FRAME_MS` by default).

* :func:`theta_sweep` — the unit vector u turning, and D_u f = ∇f·u on its curve;
* :func:`rotation_sweep` — axes turned by α: ∇f stays, the "largest component" rule jumps;
* :func:`descent_steps` — gradient descent (or ascent) revealed step by step over contours.

Plotly validates every trace of every frame when a ``go.Figure`` is built, which
would be paid on every rerun of a page. So the figures are :class:`AnimatedFigure`\\ s: an
ordinary ``go.Figure`` for data and layout, with the frames kept as ready-made
JSON (rounded to 6 significant digits, nan as null) and added by ``to_dict``
— which is what ``st.plotly_chart``, ``to_json`` and ``write_html`` use.

>>> from gradviz.topics.animation_data import theta_from_gradient
>>> fig = theta_sweep(theta_from_gradient([5, 2]))
>>> len(fig.to_dict()["frames"]), len(fig.controls["sliders"][0]["steps"])
(73, 73)
>>> [b["label"] for b in fig.controls["updatemenus"][0]["buttons"]]
['▶ Play', '❚❚ Pause']
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Mapping, Sequence
from functools import partial

import numpy as np
import plotly.graph_objects as go

from .. import formatting
from .layers import FONT, PALETTE

__all__ = ["AnimatedFigure", "FRAME_MS", "controls", "theta_sweep",
           "rotation_sweep", "descent_steps"]

#: milliseconds per frame while playing (measured frame rates: docs/performance.md)
FRAME_MS = 30

_INK = PALETTE["black"]
_FAINT = "#bbbbbb"


class AnimatedFigure(go.Figure):
    """A ``go.Figure`` whose frames and animation controls are stored as plain JSON.

    Data and the rest of the layout are validated as usual; the frames and the
    slider / Play buttons (built by this module from numbers only, one entry per
    frame) are kept as JSON strings and merged in by :meth:`to_dict` — which is
    what ``st.plotly_chart``, ``to_json``, ``show`` and ``write_html`` use, so
    the serialised figure is the same as a plain ``go.Figure``'s. Reading
    :attr:`frames` validates them into ``go.Frame`` objects (slow; for
    inspection); :attr:`controls` gives the sliders and menus as dicts.

    >>> fig = AnimatedFigure(data=[go.Scatter(x=[0], y=[0])],
    ...                      frames=[{"name": "a", "data": [{"x": [1], "y": [1]}], "traces": [0]}],
    ...                      controls=controls(["a"], ["1"], "k = "))
    >>> fig.to_dict()["frames"][0]["name"], fig.frames[0].data[0].x, fig.frame_count
    ('a', (1,), 1)
    >>> fig.to_dict()["layout"]["sliders"][0]["currentvalue"]["prefix"]
    'k = '
    """

    def __init__(self, data=None, layout=None, frames=None, controls=None, **kwargs):
        super().__init__(data=data, layout=layout, **kwargs)
        self._set_frames(frames or ())
        self._controls_json = json.dumps(controls or {}, allow_nan=False, ensure_ascii=False)

    def __setattr__(self, prop, value):
        if prop == "frames":  # Plotly's own check would first read (validate) the old frames
            self._set_frames(value)
        else:
            super().__setattr__(prop, value)

    def _set_frames(self, new_frames) -> None:
        plain = [fr.to_plotly_json() if isinstance(fr, go.Frame) else fr for fr in new_frames]
        self._frames_json = json.dumps(plain, allow_nan=False, ensure_ascii=False)

    @property
    def frames(self):
        """The frames as validated ``go.Frame`` objects (built on each access)."""
        return tuple(go.Frame(fr) for fr in json.loads(self._frames_json))

    @frames.setter
    def frames(self, new_frames):
        self._set_frames(new_frames)

    @property
    def frame_count(self) -> int:
        """How many frames the figure holds (without validating them)."""
        return len(json.loads(self._frames_json))

    @property
    def controls(self) -> dict:
        """The layout's animation controls: ``{"sliders": [...], "updatemenus": [...]}``."""
        return json.loads(self._controls_json)

    def to_dict(self):
        res = super().to_dict()
        res["layout"].update(json.loads(self._controls_json))
        frames = json.loads(self._frames_json)
        if frames:
            res["frames"] = frames
        return res


# -- numbers and text --------------------------------------------------------------------------
def _nums(values, digits: int = 6) -> list:
    """JSON-ready (nested) lists: ``digits`` significant digits of the largest value, nan → None.

    Rounding whole arrays once and slicing the lists per frame keeps building
    hundreds of frames cheap.

    >>> _nums([1.23456789, np.nan, -0.5, np.inf])
    [1.23457, None, -0.5, None]
    >>> _nums([[1, 2], [3, 4]])
    [[1.0, 2.0], [3.0, 4.0]]
    """
    a = np.asarray(values, dtype=float)
    ok = np.isfinite(a)
    if not ok.any():
        return np.full(a.shape, None, dtype=object).tolist()
    top = float(np.max(np.abs(a[ok])))
    decimals = digits - 1 - int(np.floor(np.log10(top))) if top > 0 else 0
    r = np.round(np.where(ok, a, 0.0), decimals)
    return r.tolist() if ok.all() else np.where(ok, r, None).tolist()


def _arr(values) -> np.ndarray:
    """A float array for a static trace (sent as a typed array; nan and inf left as gaps)."""
    a = np.asarray(values, dtype=float)
    return np.where(np.isfinite(a), a, np.nan)


# -- the controls ------------------------------------------------------------------------------
def controls(names: Sequence[str], labels: Sequence[str], prefix: str, active: int = 0,
             duration: int = FRAME_MS, font: int = FONT, redraw: bool = False) -> dict:
    """Layout entries for Play / Pause buttons and a slider over the named frames.

    Returns ``{"updatemenus": [...], "sliders": [...]}`` to merge into a layout.
    Play starts at the frame after the slider's (from the first after the last),
    frames last ``duration`` ms, transitions none; the slider jumps straight to
    its frame; ``redraw`` is off (scatter traces update without a full redraw).

    >>> c = controls(["a", "b"], ["1", "2"], "k = ")
    >>> c["sliders"][0]["steps"][1]["args"][0], c["updatemenus"][0]["buttons"][0]["method"]
    (['b'], 'animate')
    """
    step_opts = {"mode": "immediate", "frame": {"duration": 0, "redraw": bool(redraw)},
                 "transition": {"duration": 0}}
    play = {"label": "▶ Play", "method": "animate",
            "args": [None, {"mode": "immediate", "fromcurrent": True,
                            "frame": {"duration": int(duration), "redraw": bool(redraw)},
                            "transition": {"duration": 0}}]}
    pause = {"label": "❚❚ Pause", "method": "animate", "args": [[None], step_opts]}
    menus = [{"type": "buttons", "direction": "left", "showactive": False,
              "buttons": [play, pause], "x": 0.0, "xanchor": "left", "y": 0.0,
              "yanchor": "top", "pad": {"t": 88, "r": 10}, "font": {"size": font},
              "bgcolor": "#f2f2f2", "bordercolor": "#888888"}]
    steps = [{"method": "animate", "label": lab, "args": [[name], step_opts]}
             for name, lab in zip(names, labels)]
    sliders = [{"active": int(active), "steps": steps, "x": 0.24, "len": 0.76, "y": 0.0,
                "xanchor": "left", "yanchor": "top", "pad": {"t": 70, "b": 0},
                "currentvalue": {"prefix": prefix, "visible": True, "xanchor": "left",
                                 "font": {"size": font + 2, "color": _INK}},
                "font": {"size": 2, "color": "rgba(0,0,0,0)"},  # 72 tick labels would overlap
                "ticklen": 4, "minorticklen": 0, "tickcolor": "#999999",
                "bgcolor": "#e6e6e6", "activebgcolor": PALETTE["orange"],
                "bordercolor": "#888888", "transition": {"duration": 0}}]
    return {"updatemenus": menus, "sliders": sliders}


def _layout(font: int, height: int, title: str, **axes) -> dict:
    return {
        "height": height, "margin": {"l": 80, "r": 30, "t": 60, "b": 160},
        "font": {"size": font, "color": _INK}, "title": {"text": title, "x": 0.0,
                                                         "font": {"size": font + 2}},
        "paper_bgcolor": "white", "plot_bgcolor": "white", "showlegend": False,
        "dragmode": False, "hovermode": "closest", **axes,
    }


def _axis(rng, title: str = "", domain=(0.0, 1.0), anchor: str | None = None,
          font: int = FONT, **kw) -> dict:
    ax = {"range": list(rng), "title": {"text": title, "font": {"size": font, "color": _INK}},
          "tickfont": {"size": font, "color": _INK}, "domain": list(domain),
          "fixedrange": True, "showline": True, "linecolor": "#444444", "mirror": True,
          "gridcolor": "#e5e5e5", "zerolinecolor": "#999999", "ticks": "outside"}
    if anchor:
        ax["anchor"] = anchor
    ax.update(kw)
    return ax


def _caption(font: int, x: float = 0.0, position: str = "middle right") -> dict:
    """The per-frame caption: a text trace on hidden axes x3, y3 (a strip above the plots).

    Not on the plots' own axes above their range: with ``cliponaxis`` off, Plotly hides
    points outside the range, and with it on, it clips them.
    """
    return {"type": "scatter", "x": [float(x)], "y": [0.5], "mode": "text", "text": [""],
            "textposition": position, "textfont": {"size": font + 2, "color": _INK},
            "cliponaxis": False, "hoverinfo": "skip", "xaxis": "x3", "yaxis": "y3"}


def _strip(lo: float, x_domain=(0.0, 1.0)) -> dict:
    """Layout entries for the caption's hidden axes: a strip from ``lo`` to the top."""
    hidden = {"visible": False, "fixedrange": True, "range": [0, 1]}
    return {"xaxis3": dict(hidden, domain=list(x_domain), anchor="y3"),
            "yaxis3": dict(hidden, domain=[lo, 1.0], anchor="x3")}


def _arrow(x0, y0, x1, y1, color: str, label: str = "", width: float = 4, size: int = 18,
           xaxis: str = "x", yaxis: str = "y", dash: str | None = None, font: int = FONT,
           position: str = "top center") -> dict:
    """A line with an arrowhead at its end (and a label there)."""
    tr = {"type": "scatter", "x": _nums([x0, x1]), "y": _nums([y0, y1]),
          "mode": "lines+markers+text" if label else "lines+markers",
          "line": {"color": color, "width": width},
          "marker": {"symbol": ["circle", "arrow"], "size": [0, size], "angleref": "previous",
                     "color": color},
          "hoverinfo": "skip", "xaxis": xaxis, "yaxis": yaxis, "cliponaxis": False}
    if dash:
        tr["line"]["dash"] = dash
    if label:
        tr["text"] = ["", label]
        tr["textposition"] = position
        tr["textfont"] = {"color": color, "size": font + 2}
    return tr


def _figure(data: list, layout: dict, frames: list, names, labels, prefix: str, active: int,
            duration: int, font: int, redraw: bool = False) -> AnimatedFigure:
    return AnimatedFigure(data=data, layout=layout, frames=frames,
                          controls=controls(names, labels, prefix, active, duration, font,
                                            redraw))


def _active(active: int | None, count: int) -> int:
    return 0 if active is None else int(min(max(int(active), 0), max(count - 1, 0)))


# -- 1. steepest ascent: θ sweep ---------------------------------------------------------------
def theta_sweep(t: Mapping, active: int | None = None, duration: int = FRAME_MS,
                scale: float = 1.0, height: int = 560) -> AnimatedFigure:
    """u = (cos θ, sin θ) turning round the unit circle, and D_u f = ∇f·u on its curve.

    Parameters
    ----------
    t : mapping
        :func:`gradviz.topics.animation_data.theta_from_gradient` (or ``theta_frames``).
    active : int, optional
        The frame shown first (the slider's position).
    duration : int
        Milliseconds per frame while playing.
    scale : float
        Font scale (``app.font_scale()``); fonts are 16 px × scale.

    Left: the unit circle, ∇f/|∇f| (vermillion), u (blue) and the foot of u on
    the gradient's line (dotted): D_u f = |∇f| × that signed length. Right: the
    curve D_u f(θ), θ* marked, and a marker at the current θ. The caption above
    gives θ and D_u f per frame.

    >>> from gradviz.topics.animation_data import theta_from_gradient
    >>> fig = theta_sweep(theta_from_gradient([0, 0]))
    >>> fig.to_dict()["frames"][0]["data"][-1]["text"][0][:15]
    'θ = 0°:  ∇f = 0'
    """
    font = int(round(FONT * scale))
    axis = partial(_axis, font=font)
    theta, u, value, foot = t["theta"], t["u"], t["value"], t["foot"]
    norm, star, unit = float(t["norm"]), float(t["theta_star"]), t["unit"]
    n = len(theta)
    k0 = _active(active, n)
    finite = bool(np.isfinite(norm))
    top = norm if finite and norm > 0 else 1.0
    box = 1.45
    ln = np.array([-1.35, 1.35])

    def caption(i: int) -> str:
        head = f"θ = {formatting.angle(theta[i])}:  "
        if not finite:
            return head + "∇f is undefined at this point"
        if not t["defined"]:
            return head + "∇f = 0, so D_u f = 0 in every direction"
        star_note = "  ← the maximum, |∇f|" if i == t["star_frame"] else ""
        return head + f"D_u f = ∇f·u = {formatting.number(value[i])}{star_note}"

    U, P, V = _nums(u), _nums(foot), _nums(value)

    def moving(i: int) -> list:
        return [
            {"x": [0.0, U[i][0]], "y": [0.0, U[i][1]], "text": ["", "u"]},
            {"x": [U[i][0], P[i][0]], "y": [U[i][1], P[i][1]]},
            {"x": [float(theta[i])] * 2, "y": [0.0, V[i]]},
            {"text": [caption(i)]},
        ]

    circle = np.linspace(0, 2 * np.pi, 121)
    data = [
        {"type": "scatter", "x": np.cos(circle), "y": np.sin(circle),
         "mode": "lines", "line": {"color": _FAINT, "width": 2}, "hoverinfo": "skip"},
        {"type": "scatter", "x": _nums(ln * unit[0]) if t["defined"] else [],
         "y": _nums(ln * unit[1]) if t["defined"] else [], "mode": "lines",
         "line": {"color": PALETTE["vermillion"], "width": 1, "dash": "dot"},
         "hoverinfo": "skip"},
        _arrow(0, 0, *(unit if t["defined"] else (0.0, 0.0)), PALETTE["vermillion"],
               "∇f/|∇f|" if t["defined"] else "", font=font),
        {"type": "scatter", "x": _arr(t["curve_theta"]), "y": _arr(t["curve_value"]),
         "mode": "lines", "line": {"color": _INK, "width": 3}, "xaxis": "x2", "yaxis": "y2",
         "hovertemplate": "θ = %{x:.0f}°<br>D_u f = %{y:.4g}<extra></extra>"},
        {"type": "scatter", "x": _nums([star]) if t["defined"] else [],
         "y": _nums([norm]) if t["defined"] else [], "mode": "markers+text",
         "marker": {"symbol": "star", "size": 18, "color": PALETTE["vermillion"],
                    "line": {"color": _INK, "width": 1}},
         "text": ["θ* = " + formatting.angle(star)] if t["defined"] else [],
         "textposition": "top left" if star > 240 else "top right",
         "textfont": {"color": PALETTE["vermillion"], "size": font}, "cliponaxis": False,
         "xaxis": "x2", "yaxis": "y2", "hoverinfo": "skip"},
        # moving: u, the foot of u on ∇f's line, the marker on the curve, the caption
        _arrow(0, 0, u[k0, 0], u[k0, 1], PALETTE["blue"], "u", font=font),
        {"type": "scatter", "x": [], "y": [], "mode": "lines",
         "line": {"color": PALETTE["blue"], "width": 2, "dash": "dot"}, "hoverinfo": "skip"},
        {"type": "scatter", "x": [], "y": [], "mode": "lines+markers",
         "line": {"color": PALETTE["blue"], "width": 2, "dash": "dash"},
         "marker": {"size": [0, 16], "color": PALETTE["blue"],
                    "line": {"color": "white", "width": 2}},
         "xaxis": "x2", "yaxis": "y2", "cliponaxis": False, "hoverinfo": "skip"},
        _caption(font),
    ]
    moved = list(range(5, 9))
    for j, upd in zip(moved, moving(k0)):
        data[j].update(upd)
    names = [f"{i}" for i in range(n)]
    labels = [formatting.angle(a) + (" = θ*" if i == t["star_frame"] else "")
              for i, a in enumerate(theta)]
    frames = [{"name": names[i], "data": moving(i), "traces": moved} for i in range(n)]
    layout = _layout(
        font, height, "Turn u: D_u f = ∇f·u is largest along ∇f",
        xaxis=axis([-box, box], "", (0.0, 0.36), "y", scaleanchor="y", dtick=1,
                   zeroline=True, constrain="domain", constraintoward="left"),
        yaxis=axis([-box, box], "", (0.0, 0.84), "x", dtick=1, zeroline=True),
        xaxis2=axis([0, 360], "θ (degrees)", (0.46, 1.0), "y2", dtick=45),
        yaxis2=axis([-1.3 * top, 1.3 * top], "D_u f", (0.0, 0.84), "x2", zeroline=True),
        **_strip(0.88),
    )
    return _figure(data, layout, frames, names, labels, "θ = ", k0, duration, font)


def _breaks(x, y, jump: float = 90.0):
    """x, y with a gap (nan) wherever y jumps by more than ``jump`` (angles wrapping round)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    cut = np.flatnonzero(np.abs(np.diff(y)) > jump) + 1
    return np.insert(x, cut, np.nan), np.insert(y, cut, np.nan)


def rotation_sweep(r: Mapping, active: int | None = None, duration: int = FRAME_MS,
                   scale: float = 1.0, height: int = 560) -> AnimatedFigure:
    """Axes turned by α: ∇f stays put, the "largest component" rule jumps between axes.

    Parameters
    ----------
    r : mapping
        :func:`gradviz.topics.animation_data.rotation_from_gradient` (or ``rotation_frames``).
    active, duration, scale
        As in :func:`theta_sweep`.

    Left: the original axes (grey), the rotated axes e₁′, e₂′ (black, moving),
    ∇f/|∇f| (vermillion, fixed) and the rule's direction (blue, moving). Right:
    both directions' angles seen from the rotated axes, against α, with markers
    at the current α.

    >>> from gradviz.topics.animation_data import rotation_from_gradient
    >>> fig = rotation_sweep(rotation_from_gradient([5, 2]))
    >>> fig.frame_count, fig.to_dict()["frames"][9]["data"][-1]["text"][0][:8]
    (72, 'α = 45°:')
    """
    font = int(round(FONT * scale))
    axis = partial(_axis, font=font)
    alpha, e1, e2 = r["alpha"], r["e1"], r["e2"]
    hd, h_rot, g_rot = r["heuristic_direction"], r["heuristic_angle_rotated"], \
        r["gradient_angle_rotated"]
    unit, defined = r["unit"], bool(r["defined"])
    n = len(alpha)
    k0 = _active(active, n)
    L, H = 1.2, 0.8  # lengths of the axis arrows and of the rule's arrow

    def caption(i: int) -> str:
        head = f"α = {formatting.angle(alpha[i])}:  "
        if not defined:
            return head + "∇f is zero or undefined here: no steepest direction"
        return (head + f"∇f seen from the new axes at {formatting.angle(g_rot[i])}   ·   "
                f"largest-component rule at {formatting.angle(h_rot[i])}")

    E1, E2, HD = _nums(L * np.asarray(e1)), _nums(L * np.asarray(e2)), _nums(H * np.asarray(hd))
    GR, HR = _nums(g_rot), _nums(h_rot)

    def moving(i: int) -> list:
        a = float(alpha[i])
        # out along e₁′, back, out along e₂′: no gap (Plotly.js drops the text of points
        # before a gap in a trace)
        ax = {"x": [0.0, E1[i][0], 0.0, E2[i][0]], "y": [0.0, E1[i][1], 0.0, E2[i][1]]}
        rule = {"x": [0.0, HD[i][0]], "y": [0.0, HD[i][1]], "text": ["", "rule"]}
        mk = {"x": [a, a, None, a, None, a], "y": [-10.0, 370.0, None, GR[i], None, HR[i]]}
        return [ax, rule, mk, {"text": [caption(i)]}]

    gx, gy = _breaks(alpha, g_rot)
    hx, hy = _breaks(alpha, h_rot, jump=45.0)
    data = [
        {"type": "scatter", "x": [-1.35, 1.35, None, 0, 0], "y": [0, 0, None, -1.35, 1.35],
         "mode": "lines", "line": {"color": _FAINT, "width": 2}, "hoverinfo": "skip"},
        _arrow(0, 0, *(unit if defined else (0.0, 0.0)), PALETTE["vermillion"],
               "∇f" if defined else "", width=5, font=font),
        {"type": "scatter", "x": _arr(gx), "y": _arr(gy), "mode": "lines",
         "line": {"color": PALETTE["vermillion"], "width": 3}, "xaxis": "x2", "yaxis": "y2",
         "hovertemplate": "α = %{x:.0f}°: ∇f at %{y:.1f}°<extra></extra>"},
        {"type": "scatter", "x": _arr(hx), "y": _arr(hy), "mode": "lines",
         "line": {"color": PALETTE["blue"], "width": 3}, "xaxis": "x2", "yaxis": "y2",
         "hovertemplate": "α = %{x:.0f}°: rule at %{y:.0f}°<extra></extra>"},
        # moving: the rotated axes, the rule's arrow, the markers at α, the caption
        {"type": "scatter", "x": [], "y": [], "mode": "lines+markers+text",
         "line": {"color": _INK, "width": 3},
         "marker": {"symbol": ["circle", "arrow", "circle", "arrow"],
                    "size": [0, 16, 0, 16], "angleref": "previous", "color": _INK},
         "text": ["", "e₁′", "", "e₂′"], "textposition": "top center",
         "textfont": {"size": font + 2}, "cliponaxis": False, "hoverinfo": "skip"},
        _arrow(0, 0, H * hd[k0, 0], H * hd[k0, 1], PALETTE["blue"], "rule", width=5, font=font,
               position="bottom center"),
        {"type": "scatter", "x": [], "y": [], "mode": "lines+markers",
         "line": {"color": "#888888", "width": 2, "dash": "dash"},
         "marker": {"size": [0, 0, 0, 15, 0, 15],
                    "color": ["#888888", "#888888", "#888888", PALETTE["vermillion"],
                              "#888888", PALETTE["blue"]],
                    "line": {"color": _INK, "width": 1}},
         "xaxis": "x2", "yaxis": "y2", "cliponaxis": False, "hoverinfo": "skip"},
        _caption(font),
    ]
    moved = [4, 5, 6, 7]
    for j, upd in zip(moved, moving(k0)):
        data[j].update(upd)
    names = [f"{i}" for i in range(n)]
    labels = [formatting.angle(a) for a in alpha]
    frames = [{"name": names[i], "data": moving(i), "traces": moved} for i in range(n)]
    layout = _layout(
        font, height, "Turn the axes by α: ∇f turns by −α in them, the rule jumps",
        xaxis=axis([-1.5, 1.5], "", (0.0, 0.36), "y", scaleanchor="y", dtick=1,
                   constrain="domain", constraintoward="left"),
        yaxis=axis([-1.5, 1.5], "", (0.0, 0.84), "x", dtick=1),
        xaxis2=axis([0, 360], "α: rotation of the axes (degrees)", (0.46, 1.0), "y2",
                     dtick=45),
        yaxis2=axis([-10, 370], "angle in the new axes (°)", (0.0, 0.84), "x2", dtick=90),
        **_strip(0.88),
    )
    return _figure(data, layout, frames, names, labels, "α = ", k0, duration, font)


# -- 4. gradient descent -----------------------------------------------------------------------
def _viridis(t) -> np.ndarray:
    """RGB (0–255) of matplotlib's viridis at t ∈ [0, 1]."""
    from matplotlib import colormaps  # imported when a descent animation is first drawn

    rgba = colormaps["viridis"](np.clip(np.asarray(t, dtype=float), 0, 1))
    return np.asarray(rgba, dtype=float)[..., :3] * 255


def _band_scale(bands: int) -> list:
    """A stepped Plotly colour scale: ``bands`` flat viridis bands (as in the image).

    >>> _band_scale(2)
    [[0.0, 'rgb(59,82,139)'], [0.5, 'rgb(59,82,139)'], [0.5, 'rgb(94,201,98)'], [1.0, 'rgb(94,201,98)']]
    """
    out = []
    for k in range(bands):
        r, g, b = np.round(_viridis((k + 0.5) / bands)).astype(int)
        c = f"rgb({r},{g},{b})"
        out += [[k / bands, c], [(k + 1) / bands, c]]
    return out


def _band_range(levels) -> tuple[float, float]:
    """The value range the colour bands cover: the levels plus half a band each side."""
    levels = np.asarray(levels, dtype=float)
    if levels.size == 0:
        return 0.0, 1.0
    step = float(np.diff(levels).mean()) if levels.size > 1 else 1.0
    return float(levels[0] - step / 2), float(levels[-1] + step / 2)


def _png(rgba: np.ndarray) -> str:
    """An RGBA uint8 image (rows top to bottom) as a PNG data URI."""
    from matplotlib.image import imsave  # imported when a descent animation is first drawn

    out = io.BytesIO()
    imsave(out, rgba, format="png")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _band_image(x, y, z, levels) -> dict:
    """A layout image: z in viridis bands between the levels (transparent where undefined).

    >>> img = _band_image(np.arange(3.0), np.arange(2.0), np.array([[0, 1, 2], [3, 4, 5.0]]),
    ...                   [1.5, 3.5])
    >>> img["sizex"], img["sizey"], img["source"][:22]
    (3.0, 2.0, 'data:image/png;base64,')
    """
    x, y, z = np.asarray(x, float), np.asarray(y, float), np.asarray(z, float)
    levels = np.asarray(levels, dtype=float)
    ok = np.isfinite(z)
    band = np.searchsorted(levels, np.where(ok, z, 0.0))
    rgb = _viridis((band + 0.5) / (levels.size + 1))
    rgba = np.concatenate([rgb, np.where(ok, 255.0, 0.0)[..., None]], axis=-1)
    rgba = np.round(rgba[::-1]).astype(np.uint8)  # image rows run top to bottom
    dx = (x[-1] - x[0]) / max(len(x) - 1, 1)
    dy = (y[-1] - y[0]) / max(len(y) - 1, 1)
    return {"source": _png(rgba), "xref": "x", "yref": "y", "x": float(x[0] - dx / 2),
            "y": float(y[-1] + dy / 2), "sizex": float(x[-1] - x[0] + dx),
            "sizey": float(y[-1] - y[0] + dy), "sizing": "stretch", "xanchor": "left",
            "yanchor": "top", "layer": "below", "opacity": 1.0}


def descent_steps(d: Mapping, active: int | None = None, duration: int = FRAME_MS,
                  scale: float = 1.0, height: int = 720, title: str = "") -> AnimatedFigure:
    """The gradient-descent (or ascent) path over f's contours, revealed step by step.

    Parameters
    ----------
    d : mapping
        :func:`gradviz.topics.animation_data.descent_frames`.
    active, duration, scale
        As in :func:`theta_sweep` (``active`` defaults to the first step).

    Drawn once: f's values in viridis bands between the contour levels (an image
    under the axes), the level curves (white) and the whole path (dotted); the
    frames move the travelled path and the current point. With more steps than
    frames, the travelled path follows the steps the frames show.

    Why not a ``go.Contour``: while a Plotly animation plays without full redraws
    (the only way to reach display rate), Plotly.js re-plots each subplot with
    the animated traces only and removes the layers of trace types that cannot
    animate — a contour or heatmap trace vanishes at the first frame, and a full
    redraw per frame runs at 1–2 frames per second. An image in the layout and
    scatter lines are left alone.

    >>> import gradviz
    >>> from gradviz.domain import Domain
    >>> from gradviz.topics.animation_data import descent_frames
    >>> f = gradviz.parse("x^2 + 3y^2")
    >>> fig = descent_steps(descent_frames(f, (1.5, 1), 0.05, 60, Domain.square(-2, 2)))
    >>> fig.frame_count, fig.controls["sliders"][0]["steps"][-1]["label"]
    (61, 'step 60')
    >>> fig.layout.images[0].source[:22], [t.type for t in fig.data][:2]
    ('data:image/png;base64,', ['scatter', 'scatter'])
    """
    font = int(round(FONT * scale))
    axis = partial(_axis, font=font)
    x, y, z = np.asarray(d["x"]), np.asarray(d["y"]), np.asarray(d["z"], dtype=float)
    path, values, idx = np.asarray(d["path"]), np.asarray(d["values"]), np.asarray(d["frames"])
    xmin, xmax, ymin, ymax = d["domain"]
    n = len(idx)
    k0 = _active(active, n)
    levels = np.asarray(d["levels"], dtype=float)
    word = "ascent" if d["ascent"] else "descent"
    exact = len(idx) == len(path)  # every step has its frame

    def caption(i: int) -> str:
        k = int(idx[i])
        px, py = path[k]
        return (f"step {k} of {len(path) - 1}:  f = {formatting.number(values[k])}   at "
                f"{formatting.vector((px, py))}")

    px, py = _nums(path[:, 0]), _nums(path[:, 1])  # rounded once, sliced per frame

    def moving(i: int) -> list:
        k = int(idx[i])
        if exact:
            upto = {"x": px[: k + 1], "y": py[: k + 1]}
        else:
            upto = {"x": [px[j] for j in idx[: i + 1]], "y": [py[j] for j in idx[: i + 1]]}
        return [upto, {"x": [px[k]], "y": [py[k]]}, {"text": [caption(i)]}]

    lines = np.asarray(d["lines"], dtype=np.float32)  # the level curves: thousands of points
    lo, hi = _band_range(levels)
    data = [
        {"type": "scatter", "x": lines[0], "y": lines[1], "mode": "lines",
         "line": {"color": "rgba(255,255,255,0.75)", "width": 1}, "hoverinfo": "skip"},
        # an invisible point carrying the colour bar of the bands
        {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "hoverinfo": "skip",
         "marker": {"color": [lo], "colorscale": _band_scale(levels.size + 1), "cmin": lo,
                    "cmax": hi,
                    "showscale": bool(levels.size), "colorbar": {
                        "x": 0.88, "xanchor": "left", "y": 0.0, "yanchor": "bottom",
                        "len": 0.9, "thickness": 16, "title": {"text": "f", "font": {"size": font}},
                        "tickfont": {"size": font}, "nticks": 6}}},
        {"type": "scatter", "x": _arr(path[:, 0]), "y": _arr(path[:, 1]), "mode": "lines",
         "line": {"color": "white", "width": 2, "dash": "dot"}, "hoverinfo": "skip"},
        {"type": "scatter", "x": _nums(path[:1, 0]), "y": _nums(path[:1, 1]), "mode": "markers",
         "marker": {"size": 12, "color": "white", "line": {"color": _INK, "width": 2}},
         "hoverinfo": "skip"},
        # moving: the travelled path, the current point, the caption
        {"type": "scatter", "x": [], "y": [], "mode": "lines",
         "line": {"color": PALETTE["vermillion"], "width": 4}, "hoverinfo": "skip"},
        {"type": "scatter", "x": [], "y": [], "mode": "markers",
         "marker": {"size": 16, "color": PALETTE["vermillion"],
                    "line": {"color": "white", "width": 2}}, "hoverinfo": "skip"},
        _caption(font, 1.0, "middle left"),
    ]
    moved = [4, 5, 6]
    for j, upd in zip(moved, moving(k0)):
        data[j].update(upd)
    names = [f"{i}" for i in range(n)]
    labels = [f"step {int(k)}" for k in idx]
    frames = [{"name": names[i], "data": moving(i), "traces": moved} for i in range(n)]
    layout = _layout(
        font, height, title or f"Gradient {word}: step {formatting.number(d['step'])} × ∇f, "
                               f"{len(path) - 1} steps",
        # the plot keeps equal scales (∇f is perpendicular to the level curves) and hugs
        # the colour bar on its right
        xaxis=axis([xmin, xmax], "x", (0.0, 0.86), "y", scaleanchor="y", constrain="domain",
                   constraintoward="right", showgrid=False, zeroline=False),
        yaxis=axis([ymin, ymax], "y", (0.0, 0.9), "x", constrain="domain", showgrid=False,
                   zeroline=False),
        images=[_band_image(x, y, z, levels)] if levels.size else [],
        **_strip(0.92, (0.0, 0.86)),
    )
    return _figure(data, layout, frames, names, labels, "", k0, duration, font)
