"""The live chart: a 2-D view of the domain whose point follows the hand, in the browser.

One ``st.components.v2`` element with our own JavaScript: the engine
(``static/live_chart.js``: frame, axes, heatmap, marker, status line, press/drag/arrow
keys), one "kind" per page (``static/live_<kind>.js``: the layers that page draws), the
core's interpreter (``gradviz/browser_expr.js``) and number rule (``gradviz/formatting.js``).
No CDN; nothing from a user is evaluated. A page calls :func:`show` with what does not
follow the point (``static``: the heatmap from :func:`heat`, arrows from :func:`arrows`, the
programs the core printed for f and its derivatives, :func:`programs_for`) and what does
(``dynamic``: e.g. the page's truth at its own point). The browser draws the layers that
depend on p on every animation frame while the user drags and writes a live status line
(``role="status"``). On release, or 150 ms after the last arrow key, it sends the point
once: :func:`_on_moved` puts it in the session's store and the page's live section reruns
once (LaTeX, metrics, link, downloads follow).

Every function the parser accepts prints (:mod:`gradviz.browser_expr`), with its
derivatives: :func:`programs_for` returns None only when a page's builder refuses f's
shape (the Jacobian page's live chart draws maps R² → R²).
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
from ..figures import layers
from . import messages, state
from .state import View

__all__ = ["show", "heat", "field_arrows", "programs_for", "gradient_field", "COMPONENT_NAME"]

STATIC = Path(__file__).with_name("static")
COMPONENT_NAME = "gradviz_live_chart"


@functools.lru_cache(maxsize=1)
def _component():
    core = Path(browser_expr.__file__).parent
    parts = [browser_expr.evaluator_js()]
    if (core / "formatting.js").exists():
        parts.append((core / "formatting.js").read_text("utf-8"))
    parts.append((STATIC / "live_chart.js").read_text("utf-8"))  # the engine, then its kinds
    parts += [p.read_text("utf-8") for p in sorted(STATIC.glob("live_*.js"))
              if p.name != "live_chart.js"]
    js = "\n".join(parts)
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
    rng = layers.robust_range(Z)
    if rng is None:
        return []
    values = list(np.linspace(rng[0], rng[1], levels + 2)[1:-1])
    df = layers._contour_frame(X, Y, Z, values)
    lines = []
    for _, seg in df.sort_values(["seg", "order"]).groupby("seg", sort=False):
        xy = np.column_stack([seg["x"].to_numpy(), seg["y"].to_numpy()]).ravel()
        lines.append([float(f"{v:.5g}") for v in xy])
    return lines


def _on_moved(kind: str, prefix: str, key: str) -> None:
    """The browser's one message of a gesture: the point where it ended, kept as given."""
    xy = messages.numbers(messages.last(key, "moved"), ("x", "y"))
    if xy is None:
        return
    x, y = xy
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


#: what a view sends that does not follow the point, by (kind, ident): a release's rerun reuses it
_BASES: dict = {}


def heat(X, Y, Z, levels: int = 10, label: str = "f", scheme: str = layers.SCHEME) -> dict:
    """The heatmap the engine draws under a kind's layers: grid, colour range, contours
    (colours of the matplotlib colormap ``scheme``, as the server's chart)."""
    Xa, Ya, Za = np.asarray(X), np.asarray(Y), np.asarray(Z, dtype=float)
    rng = layers.robust_range(Za) or (0.0, 1.0)
    return {"grid": {"nx": int(Xa.shape[1]), "ny": int(Xa.shape[0]),
                     "x": _round(Xa[0]), "y": _round(Ya[:, 0]), "z": _round(Za)},
            "range": [float(rng[0]), float(rng[1])], "lut": _lut(scheme),
            "contours": _contour_lines(Xa, Ya, Za, levels), "label": label}


def field_arrows(AX, AY, AU, AV) -> list:
    """A field's arrows (from :func:`gradviz.sampling.gradient_field` or the like) for
    ``GV_LIVE.drawArrows``: four flat lists, None where undefined."""
    return [_round(AX), _round(AY), _round(AU), _round(AV)]


def programs_for(f, build) -> dict | None:
    """``build(f)``'s programs (a dict of :mod:`gradviz.browser_expr` programs), cached on
    f per builder; None when the builder refuses f (a shape its chart does not draw: every
    function the parser accepts prints)."""
    def make():
        try:
            return build(f)
        except browser_expr.BrowserExprError:
            return None
    return f.cached(("browser.programs", build.__module__, build.__qualname__), make)


def show(view: View, *, kind: str, key: str, static, dynamic: dict | None = None,
         size: int, title: str, alt: str, font_scale: float = 1.0, ident=None) -> None:
    """Draw a live chart of ``kind`` (``static/live_<kind>.js``) for ``view``.

    ``static``: a dict (or a function returning it) of what does not follow the point;
    with ``ident`` (hashable: what it was built from) it is built once per view and reused
    by later reruns. ``dynamic``: what is sent each run. Both JSON-able (no nan: None).
    """
    f, d = view.f, view.domain
    common = (kind, f, d, tuple(float(v) for v in view.point[2:]), int(size),
              float(font_scale), title, alt)
    hit = _BASES.get((common, ident)) if ident is not None else None
    if hit is None:
        body = static() if callable(static) else static
        base = {**body, "kind": kind, "domain": [d.xmin, d.xmax, d.ymin, d.ymax],
                "size": int(size), "font": float(font_scale), "title": title, "alt": alt,
                "names": list(f.variables), "fixed": [float(v) for v in view.point[2:]]}
        text = json.dumps(base, sort_keys=True, allow_nan=False)
        hit = base, hashlib.sha1(text.encode()).hexdigest()[:16]
        if ident is not None:
            _BASES[(common, ident)] = hit
            while len(_BASES) > 32:  # a few views per server process: the newest kept
                try:
                    _BASES.pop(next(iter(_BASES)))
                except (KeyError, StopIteration, RuntimeError):  # another session pruned it
                    break
    base, key_hash = hit
    data = {**base, **(dynamic or {}), "static_key": key_hash,
            "point": [float(v) for v in view.point]}
    moved = functools.partial(_on_moved, view.kind, view.prefix, key)
    _component()(data=data, key=key, on_moved_change=moved, width="content", height="content")
    st.session_state[f"gv.live_chart.{view.kind}"] = key


def _gradient_programs(f):
    return {"f": browser_expr.program(f.exprs[0], f.variables),
            "grad": browser_expr.programs(gradient(f), slopes=True)}


def gradient_field(view: View, *, key: str, X, Y, Z, arrows, size: int, title: str,
                   path: dict | None = None, levels: int = 10, font_scale: float = 1.0,
                   alt: str = "", at: dict | None = None) -> bool:
    """Draw the gradient-field page's live chart (kind "gradient"); False when f can't go
    to the browser.

    ``arrows`` is ``(AX, AY, AU, AV)`` from :func:`gradviz.sampling.gradient_field`;
    ``path`` is ``{"step": …, "steps": …, "ascent": …}`` when the ascent path is shown.
    ``at``: ``{"value": f(p), "grad": ∇f(p)}`` as the page states them at ``view.point``
    (the truth at a corner or a 0/0 point, where the formulas' values are not it); the
    browser shows these while p is exactly there.
    """
    f = view.f
    progs = programs_for(f, _gradient_programs)
    if progs is None:
        return False
    ident = (int(np.asarray(X).shape[0]), int(np.asarray(X).shape[1]),
             len(np.ravel(arrows[0])), levels)
    show(view, kind="gradient", key=key, size=size, title=title, alt=alt,
         font_scale=font_scale, ident=ident,
         static=lambda: {"heat": heat(X, Y, Z, levels), "arrows": field_arrows(*arrows),
                         "programs": progs},
         dynamic={"path": path, "at": None if at is None else {
             "value": _finite(at["value"]), "grad": [_finite(v) for v in at["grad"]]}})
    return True
