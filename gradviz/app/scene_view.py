"""A scene on the page: drawn by the browser engine, its point moved by the hand.

A scene's static part goes to a browser once per view; each rerun sends the point, the params
and the page's truth at p. The browser sends one message when a gesture ends (``moved``), a
param or an answer is let go (``param``, ``answer``), or it lacks a static part (``want``).
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import hashlib
import logging
import shutil
import tempfile
import threading
from pathlib import Path

import cachetools
import streamlit as st

from .. import scene as sc
from . import live_section, messages, state
from .page_frame import font_scale, lecture_mode
from .render import downloads
from .state import View
from .widgets import show_notices

__all__ = ["scene"]

_log = logging.getLogger(__name__)
NAME = "gradviz.scene"


@functools.lru_cache(maxsize=1)
def _files() -> tuple[Path, str]:
    """The engine's JavaScript and CSS, written once per process into a folder of its own."""
    code = sc.browser_code() + "\nexport default GV.mount;\n"
    css = (Path(sc.__file__).with_name("web") / "scene.css").read_text("utf-8")
    tag = hashlib.blake2b((code + css).encode(), digest_size=6).hexdigest()
    root = Path(tempfile.mkdtemp(prefix="gradviz-web-"))
    atexit.register(shutil.rmtree, root, True)
    (root / "web").mkdir()
    (root / "web" / f"scene-{tag}.js").write_text(code, "utf-8")
    (root / "web" / f"scene-{tag}.css").write_text(css, "utf-8")
    return root, tag


@functools.lru_cache(maxsize=4)
def _declare(js: str, css: str):
    return st.components.v2.component(NAME, js=js, css=css, isolate_styles=False)


def _component():
    """The element, its JavaScript and CSS served as files (a rerun sends data, not code)."""
    root, tag = _files()
    try:
        from streamlit.components.v2.get_bidi_component_manager import (
            get_bidi_component_manager,
        )
        from streamlit.components.v2.manifest_scanner import ComponentConfig, ComponentManifest

        manager = get_bidi_component_manager()
        if manager.get_component_asset_root(NAME) is None:
            manager.register_from_manifest(ComponentManifest(
                name="gradviz", version=tag,
                components=[ComponentConfig(name="scene", asset_dir="web")]), root)
        return _declare(f"scene-{tag}.js", f"scene-{tag}.css")
    except Exception as err:  # noqa: BLE001 - Streamlit internals changed: send the code inline
        _log.warning("serving the scene engine inline (%s)", err)
        web = root / "web"
        return _declare((web / f"scene-{tag}.js").read_text("utf-8"),
                        (web / f"scene-{tag}.css").read_text("utf-8"))


_WIRED = cachetools.LRUCache(maxsize=64)  # id(scene) -> (scene, body, key): wired once
_LOCK = threading.Lock()


def _wired(scene: sc.Scene) -> tuple[dict, str]:
    with _LOCK:
        hit = _WIRED.get(id(scene))
    if hit is not None and hit[0] is scene:  # the very object (it is held: its id is its own)
        return hit[1], hit[2]
    body = sc.wire(scene)
    key = sc.static_key(body)
    with _LOCK:
        _WIRED[id(scene)] = (scene, body, key)
    return body, key


def _on_moved(view: View, key: str) -> None:
    """The point where a gesture ended, kept as given (clamped to the view)."""
    xy = messages.numbers(messages.last(key, "moved"), ("x", "y"))
    if xy is None:
        return
    x, y = xy
    store = state._store(view.kind, view.prefix)
    d = store.get("domain") or view.domain
    pt = list(store.get("point") or view.point)
    pt[0:2] = [min(max(x, d.xmin), d.xmax), min(max(y, d.ymin), d.ymax)]
    store["point"] = tuple(pt)


def _param_key(scene: sc.Scene, name: str) -> str:
    return f"gv.param.{scene.name}.{name}"


def _on_param(scene: sc.Scene, key: str) -> None:
    event = messages.last(key, "param")
    v = messages.numbers(event, ("value",))
    name = event.get("name") if v else None
    q = {q.name: q for q in scene.params}.get(name) if isinstance(name, str) else None
    if q is not None:
        v = min(max(v[0], q.lo), q.hi)
        st.session_state[_param_key(scene, q.name)] = round(v) if q.integer else v


def _on_want(key: str) -> None:
    """The browser lacks a scene's static part (a reload of the element): send it again."""
    if isinstance(messages.last(key, "want"), dict):
        st.session_state.get("gv.scene.sent", {}).clear()


def params(scene: sc.Scene) -> dict:
    """The scene's params as this session has them (moved in the chart, from a link, or their
    defaults), each registered in the link."""
    out = {}
    for q in scene.params:
        k = _param_key(scene, q.name)
        if state.link_value(q.name) is not None:
            st.session_state[k] = state.url_number(q.name, q.value, q.lo, q.hi, integer=q.integer)
        v = st.session_state.get(k, q.value)
        out[q.name] = v
        state.register(q.name, str(int(v)) if q.integer else state.fmt(v))
    show_notices()  # e.g. a link's value outside the param's range
    return out


def _on_answer(key: str, answered) -> None:
    """The direction an :class:`gradviz.scene.Answer` arrow was let go at: ``answered(deg)``."""
    value = messages.numbers(messages.last(key, "answer"), ("value",))
    if value is not None and answered is not None:
        answered(value[0])


def scene(picture: sc.Scene, view: View, *, key: str, truth: dict | None = None,
          answer: float | None = None, answered=None, what: str = "") -> sc.Scene:
    """Draw ``picture`` at ``view``'s point (with the page's ``truth`` at p); returns the scene
    at the current point and params. An :class:`gradviz.scene.Answer` arrow points at
    ``answer`` (degrees); ``answered(degrees)`` is called when it is let go. With ``what``, its
    downloads (:func:`gradviz.app.downloads`) named so."""
    body, static = _wired(picture)
    values = params(picture)
    truth = {k: v for k, v in (truth or {}).items() if v is not None}
    now = dataclasses.replace(picture, point=tuple(view.point), truth=truth, answer=answer,
                              params=tuple(dataclasses.replace(q, value=values[q.name])
                                           for q in picture.params))
    sent = st.session_state.setdefault("gv.scene.sent", {})
    data = {"key": static, "point": [float(v) for v in view.point], "params": values,
            "truth": sc._json({k: list(v) if hasattr(v, "__len__") else [v]
                               for k, v in truth.items()}),
            "font": float(font_scale()), "answer": answer,
            "first": lecture_mode()}  # on a projector: the picture on the first screen
    if static not in sent:
        data["static"] = body
        sent[static] = True
        while len(sent) > 16:
            sent.pop(next(iter(sent)))
    # in a live section's picture, a drop, a let-go param or an answer reruns the whole
    # section (its text follows them): its events belong to the section's fragment; where
    # that can't be (Streamlit's internals changed), a callback widens the picture's rerun
    inside = st.session_state.get(live_section.PICTURE_RUNNING)
    with state.as_part_of(st.session_state.get(live_section.LIVE_ID) if inside else None) as of:
        whole = _then_section if inside and not of else functools.partial
        _component()(data=data, key=key, width="stretch", height="content",
                     on_moved_change=whole(_on_moved, view, key),
                     on_param_change=whole(_on_param, picture, key),
                     on_want_change=functools.partial(_on_want, key),
                     on_answer_change=whole(_on_answer, key, answered))
    if what:
        downloads(now, what=what)
    return now


def _then_section(fn, *args):
    def callback():
        fn(*args)
        st.rerun(live_section.LIVE)
    return callback
