"""The live chart: a 2-D view of the domain whose point follows the hand, in the browser.

One ``st.components.v2`` element with our own JavaScript (``static/live_chart.js``, and
the core's interpreter ``gradviz/browser_expr.js``; no CDN, nothing from a user is
evaluated). The server sends what does not depend on the point once per full rerun — the
heatmap grid, contour lines, the ∇f arrows of the field — plus the programs that the core
printed for f and ∇f (:mod:`gradviz.browser_expr`). The browser draws the layers that
depend on p itself on every animation frame while the user drags (marker, ∇f at p, the
level curve through p, the ascent/descent path) and writes a live status line
(``role="status"``). On release, or 150 ms after the last arrow key, it sends the point
once: :func:`_on_moved` puts it in the session's store and the page's live section reruns
once (LaTeX, metrics, link, downloads follow).

When f cannot be printed (a node outside the allow-list), :func:`gradient_field` returns
``False`` and the page draws its server chart instead.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import numpy as np
import streamlit as st

from .. import browser_expr
from ..calculus import gradient
from ..figures import layers as L
from . import state
from .state import View

__all__ = ["gradient_field", "COMPONENT_NAME"]

STATIC = Path(__file__).with_name("static")
COMPONENT_NAME = "gradviz_live_chart"


@functools.lru_cache(maxsize=1)
def _component():
    js = browser_expr.evaluator_js() + "\n" + (STATIC / "live_chart.js").read_text("utf-8")
    css = (STATIC / "live_chart.css").read_text("utf-8")
    return st.components.v2.component(COMPONENT_NAME, js=js, css=css, isolate_styles=False)


@functools.lru_cache(maxsize=4)
def _lut(scheme: str) -> str:
    """256 colours of the heatmap's scheme as one hex string (the same as the server chart)."""
    from matplotlib import colormaps

    rgba = colormaps[scheme](np.linspace(0, 1, 256), bytes=True)
    return "".join(f"{r:02x}{g:02x}{b:02x}" for r, g, b, _ in rgba)


def _round(a, digits: int = 7) -> list:
    """Floats for JSON, nan/inf as None (the browser leaves those cells out)."""
    arr = np.asarray(a, dtype=float)
    out = np.where(np.isfinite(arr), arr, np.nan)
    return [None if not np.isfinite(v) else float(f"{v:.{digits}g}") for v in out.ravel()]


def _contour_lines(X, Y, Z, levels: int) -> list[list[float]]:
    rng = L.robust_range(Z)
    if rng is None:
        return []
    values = list(np.linspace(rng[0], rng[1], levels + 2)[1:-1])
    df = L._contour_frame(X, Y, Z, values)
    lines = []
    for _, seg in df.sort_values(["seg", "order"]).groupby("seg", sort=False):
        xy = np.column_stack([seg["x"].to_numpy(), seg["y"].to_numpy()]).ravel()
        lines.append([float(f"{v:.5g}") for v in xy])
    return lines


def _on_moved(kind: str, prefix: str, key: str) -> None:
    """The browser's one message of a gesture: the point where it ended, kept as given."""
    try:
        moved = st.session_state[key]["moved"]
        x, y = float(moved["x"]), float(moved["y"])
    except (KeyError, TypeError, ValueError):
        return
    if not (np.isfinite(x) and np.isfinite(y)):
        return
    store = state._store(kind, prefix)
    d = store.get("domain")
    if d is not None:  # the browser clamps too; a forged message cannot leave the view
        x, y = min(max(x, d.xmin), d.xmax), min(max(y, d.ymin), d.ymax)
    pt = list(store.get("point") or (0.0, 0.0))
    pt[0:2] = [x, y]
    store["point"] = tuple(pt)
    store["exact"] = True


def _finite(v) -> float | None:
    """A number for JSON: None where it is not defined (the browser says 'undefined')."""
    v = float(v)
    return v if np.isfinite(v) else None


#: what a view sends that does not follow the point, by view: a release's rerun reuses it
_BASES: dict = {}


def _base(f, d, X, Y, Z, arrows, size, title, levels, font_scale, alt, progs, fixed):
    AX, AY, AU, AV = arrows
    Xa, Ya, Za = np.asarray(X), np.asarray(Y), np.asarray(Z, dtype=float)
    rng = L.robust_range(Za) or (0.0, 1.0)
    base = {
        "domain": [d.xmin, d.xmax, d.ymin, d.ymax],
        "grid": {"nx": int(Xa.shape[1]), "ny": int(Xa.shape[0]),
                 "x": _round(Xa[0]), "y": _round(Ya[:, 0]), "z": _round(Za)},
        "range": [float(rng[0]), float(rng[1])],
        "lut": _lut(L.SCHEME),
        "contours": _contour_lines(Xa, Ya, Za, levels),
        "arrows": [_round(AX), _round(AY), _round(AU), _round(AV)],
        "size": int(size), "font": float(font_scale), "title": title,
        "names": list(f.variables), "programs": progs, "fixed": fixed,
        "alt": alt,
    }
    text = json.dumps(base, sort_keys=True, allow_nan=False)
    return base, hashlib.sha1(text.encode()).hexdigest()[:16]


def gradient_field(view: View, *, key: str, X, Y, Z, arrows, size: int, title: str,
                   path: dict | None = None, levels: int = 10, font_scale: float = 1.0,
                   alt: str = "", at: dict | None = None) -> bool:
    """Draw the gradient-field page's live chart; False when f can't go to the browser.

    ``arrows`` is ``(AX, AY, AU, AV)`` from :func:`gradviz.sampling.gradient_field`;
    ``path`` is ``{"step": …, "steps": …, "ascent": …}`` when the ascent path is shown.
    ``at``: ``{"value": f(p), "grad": ∇f(p)}`` as the page states them at ``view.point``
    (the truth at a corner or a 0/0 point, where the formulas' values are not it); the
    browser shows these while p is exactly there.
    """
    f, d = view.f, view.domain
    try:
        progs = f.cached("browser.programs", lambda: {
            "f": browser_expr.program(f.exprs[0], f.variables),
            "grad": browser_expr.programs(gradient(f), slopes=True)})
    except browser_expr.BrowserExprError:
        return False
    ident = (f, d, int(np.asarray(X).shape[0]), int(np.asarray(X).shape[1]),
             tuple(float(v) for v in view.point[2:]), len(np.ravel(arrows[0])), int(size),
             float(font_scale), title, alt, levels)
    hit = _BASES.get(ident)
    if hit is None:
        hit = _base(f, d, X, Y, Z, arrows, size, title, levels, font_scale, alt, progs,
                    [float(v) for v in view.point[2:]])
        _BASES[ident] = hit
        while len(_BASES) > 32:  # a few views per server process: the newest kept
            try:
                _BASES.pop(next(iter(_BASES)))
            except (KeyError, StopIteration, RuntimeError):  # another session pruned it
                break
    base, key_hash = hit
    data = {**base, "static_key": key_hash,
            "point": [float(v) for v in view.point], "path": path,
            "at": None if at is None else {
                "value": _finite(at["value"]), "grad": [_finite(v) for v in at["grad"]]}}
    moved = functools.partial(_on_moved, view.kind, view.prefix, key)
    _component()(data=data, key=key, on_moved_change=moved, width="content", height="content")
    st.session_state[f"gv.live_chart.{view.kind}"] = key
    return True
