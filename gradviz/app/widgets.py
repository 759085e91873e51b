"""The shared widgets: function box, presets, domain, held-variable and grid sliders."""

from __future__ import annotations

import dataclasses
import functools
import math

import streamlit as st

from gradviz import formatting, views
from gradviz.domain import Domain
from gradviz.topics import explore

from . import pages, state
from .page_frame import sidebar
from .state import View

__all__ = ["setup", "points", "show_notices", "View"]

_OWN = "(your own function)"


def _nice_step(span: float) -> float:
    """About a 200th of ``span``: 1, 2 or 5 times a power of ten."""
    raw = span / 200.0
    p = 10 ** math.floor(math.log10(raw))
    return next((m * p for m in (1, 2, 5) if raw <= m * p), 10 * p)


def _decimals(step: float) -> int:
    return min(12, max(0, -int(math.floor(math.log10(step)))))


def _domain(values) -> Domain:
    """A Domain from 4 numbers, refusing ones too narrow for sliders to tell points apart."""
    d = Domain(*values)
    for lo, hi in ((d.xmin, d.xmax), (d.ymin, d.ymax)):
        if hi - lo < 1e-6 * max(1.0, abs(lo), abs(hi)):
            raise ValueError("narrower than a millionth of its size")
    return d


def _adopt_link(store: dict, box: pages.Box, text_key: str) -> None:
    """Move a new link's f, d, p into the store (validated; notices for the rest)."""
    prefix = box.prefix
    raw_f = state.link_value(prefix + "f")
    if raw_f is not None:
        f, msg = state.try_parse(raw_f, box.accept, box.need, box.min_variables)
        if f is None:
            state.notice(f"The link's function `{state.quote(raw_f, 60)}` can't be used ({msg}); "
                         f"showing `{state.quote(store['valid'])}` instead.")
        else:
            store["text"] = raw_f
            st.session_state[text_key] = raw_f
            state.choose(box.kind, prefix)
            if state.link_value(prefix + "d") is None:  # a link's own d wins
                store["fit"] = "link" + (" with p" if state.link_value(prefix + "p") else "")
    for name, what, read in (("d", "domain", lambda raw: _domain(state.parse_numbers(raw, 4))),
                             ("p", "point", state.parse_numbers)):
        raw = state.link_value(prefix + name)
        if raw is not None:
            try:
                store[what] = read(raw)
            except Exception as why:  # noqa: BLE001 - ValueError, ExpressionError (min >= max)
                state.notice(f"The link's {what} `{name}={state.quote(raw, 60)}` can't be used "
                             f"({why}); keeping the current one.")


def setup(prefix: str = "", *, grid: tuple[int, int, int] = (10, 150, 60),
          grid_label: str = "grid points per side") -> View:
    """Draw the sidebar's controls of the page's box ``prefix`` (its row in
    :mod:`gradviz.app.pages`; ``"v"``: links ``vf``, ``vp``, …), adopt a link's values, report
    bad input (keeping the last valid function) and return its :class:`View`."""
    box = pages.box_of(st.session_state.get("gv.page", ""), prefix)
    kind, need = box.kind, box.need
    parse = functools.partial(state.try_parse, accept=box.accept, need=need,
                              min_variables=box.min_variables)
    store = state._store(kind, prefix, box.default, lambda text: parse(text)[0] is not None)
    text_key = f"gv.{kind}.text"
    preset_key = f"gv.{kind}.preset"
    _adopt_link(store, box, text_key)
    # the store is the source of truth, refilled into the widgets every run (Streamlit drops
    # a widget's state on a page that doesn't draw it); their callbacks write back
    state.fill(text_key, store["text"])

    # only the course examples this page can show (the Jacobian page can't draw a curve)
    presets = tuple(p for p in state.kind_presets(kind) if parse(p.text)[0] is not None)

    def on_preset():
        for p in presets:
            if p.name == st.session_state[preset_key]:
                store.update(text=p.text, domain=p.domain, point=tuple(p.point) + tuple(p.fixed))
                store.pop("refit", None)
                st.session_state[text_key] = p.text
                state.choose(kind, prefix)

    def on_text():
        store["text"] = st.session_state[text_key]
        store["fit"] = "typed"  # a new function: a view that shows it (see _new_view)
        state.choose(kind, prefix)

    current = state.preset_for(store["text"])
    state.fill(preset_key, current.name if current and current in presets else _OWN)

    sb = sidebar()
    sb.markdown(f"**{'Scalar function' if kind == 'scalar' else 'Vector function'}**")
    sb.selectbox("Course examples", [*(p.name for p in presets), _OWN], key=preset_key,
                 on_change=on_preset)
    sb.text_input(
        state.KIND_LABEL[kind], key=text_key, on_change=on_text, max_chars=state.MAX_TEXT,
        help="Type a function: x^2 + 3y, sin(x*y), e^(-x^2-y^2); vectors in brackets: "
             "[x^2 - y, y^2 + x]. Use ^ for powers; 2x means 2*x; e is Euler's number.")
    store["text"] = st.session_state[text_key]

    f, msg = parse(store["text"])
    if f is None:
        if msg == need:  # it parsed, but this page doesn't draw it: say which page does
            msg += _elsewhere(store["text"], kind, prefix)
        typed = f"`{state.quote(store['text'], 80)}`" if store["text"].strip() else "an empty box"
        st.error(f"**Can't use {typed}** — {msg}\n\n"
                 f"Still showing the last valid function `{state.quote(store['valid'], 80)}`.")
        text = store["valid"]  # it suits this page (see state._store)
        f, _ = parse(text)
        if f is None:  # the worker could not redo it: the page's first course example
            text, store["domain"] = presets[0].text, presets[0].domain
            f, _ = parse(text)
    else:
        text = store["text"]
        if "fit" in store and text != store["valid"]:
            _new_view(store, f, text, store["fit"])
        store.pop("fit", None)
        store["valid"] = text
    _carried_elsewhere(store, kind, need)

    domain = _domain_controls(store, kind, prefix)
    preset = state.preset_for(text)

    # the point: one coordinate per variable (x, y from the domain; others held fixed)
    pt = list(store.get("point") or ())
    while len(pt) < f.n:
        extra = preset.fixed if preset and preset.fixed else ()
        k = len(pt) - 2
        pt.append(float(extra[k]) if 0 <= k < len(extra) else 1.0)
    pt = pt[: max(f.n, 2)]
    if len(pt) >= 2 and not domain.contains(pt):
        big = state.MAX_COORD  # never wider than links and boxes may make it
        wide = dataclasses.astuple(explore.holding(domain, pt))
        domain = store["domain"] = Domain(*(min(max(v, -big), big) for v in wide))
        state.notice(f"The view was widened to show the point ({state.fmt(pt[0])}, "
                     f"{state.fmt(pt[1])}).")

    lo, hi, default_n = grid
    n = store.setdefault("n_by_grid", {}).get(tuple(grid)) or default_n
    raw_n = state.link_value(prefix + "n")
    if raw_n is not None:
        n = _link_int(prefix + "n", raw_n, n, lo, hi)
    n = int(min(max(int(n), lo), hi))

    view = View(kind, text, f, domain, tuple(pt), n, preset, grid=tuple(grid),
                grid_label=grid_label, prefix=prefix)
    store["point"] = view.point
    store["n_by_grid"][tuple(grid)] = view.n

    state.register(prefix + "f", view.text)
    _view_notices(store, view, prefix)
    if preset is None or view.domain != preset.domain:
        state.register(prefix + "d", state.fmt_all(dataclasses.astuple(view.domain)))
    show_notices(first=not prefix)
    if not prefix:  # the view "Ask the class" asks about (gradviz/app/classroom.py)
        (st.session_state.get("gv.frame") or {}).setdefault("view", (kind, f))
    return view


@functools.lru_cache(maxsize=256)
def _cached(fn, *args):
    """``fn(*args)`` remembered: views.fit and views.defined_fraction, asked on every run."""
    return fn(*args)


def _new_view(store: dict, f, text: str, how: str) -> None:
    """A new function was typed (or linked without ``d``): show it on a course example's own
    view, else :func:`gradviz.views.fit`'s; when typed, keep the old view to go back to."""
    typed, keep_point = how == "typed", how == "link with p"
    preset = state.preset_for(text)  # f's variables after x and y: as held, else 1
    fixed = (tuple(store.get("point") or ())[2:f.n] + (1.0,) * f.n)[: max(f.n - 2, 0)]
    if preset is not None:
        domain, point = preset.domain, tuple(preset.point) + tuple(preset.fixed)
    elif views.fits(f):
        fitted = _cached(views.fit, f, fixed, tuple(store["point"][:2]))
        domain, point = fitted.domain, fitted.point + fixed
    else:
        return
    if keep_point and len(store["point"]) >= 2 and not domain.contains(store["point"]):
        return  # a link's p outside the view that fits: its view is the old one, widened
    if domain != store["domain"]:  # a link's view is the link's: nothing to go back to
        _show(store, text, domain, None if keep_point else point, back=typed)


def _show(store: dict, text: str, domain: Domain, point, back: bool = True) -> None:
    """Move the view (and the point, unless None) to show ``text``; ``back``: keep the old
    view for one click (see :func:`_view_notices`)."""
    if back:
        store["refit"] = {"text": text, "domain": domain, "old": (store["domain"], store["point"])}
    store["domain"] = domain
    if point is not None:
        store["point"] = point


def _carried_elsewhere(store: dict, kind: str, need: str) -> None:
    """Say so when the function the student chose on another page can't be drawn here."""
    chosen = st.session_state.get(f"gv.{kind}")  # the student's last choice (state.choose)
    if chosen is not None and chosen is not store and chosen["valid"] != store["valid"]:
        st.info(f"The function you chose, `{state.quote(chosen['valid'], 60)}`, is not drawn "
                f"here: {need}. Showing `{state.quote(store['valid'], 60)}`.",
                icon=":material/swap_horiz:")


def _domain_text(d: Domain) -> str:
    return (f"x ∈ [{formatting.number(d.xmin)}, {formatting.number(d.xmax)}], "
            f"y ∈ [{formatting.number(d.ymin)}, {formatting.number(d.ymax)}]")


def _view_notices(store: dict, view: View, prefix: str) -> None:
    """The view changed for a new function (one click keeps the old one); or more than half
    of the view is undefined (one click fits it)."""
    refit, d = store.get("refit"), view.domain
    if refit and (refit["text"], refit["domain"]) != (view.text, d):
        refit = store.pop("refit")
    if refit:
        old_d, old_p = refit["old"]

        def keep():
            store["domain"], store["point"] = old_d, old_p
            store.pop("refit", None)

        with st.container(border=True):
            st.markdown(f":material/fit_screen: **The view changed** to show "
                        f"`{state.quote(view.text, 40)}`: {_domain_text(d)} — where it is "
                        "defined, its critical points and where it changes.")
            row = st.container(horizontal=True)
            row.button(f"Keep the old view ({_domain_text(old_d)})", key=f"gv.keep.{prefix}",
                       on_click=keep, icon=":material/undo:")
            row.button("OK", key=f"gv.refit.ok.{prefix}", on_click=store.pop, args=("refit", None))
        return
    fixed = view.fixed
    if not views.fits(view.f) or (
            share := _cached(views.defined_fraction, view.f, d, fixed)) >= 0.5:
        return
    fitted = _cached(views.fit, view.f, fixed, tuple(view.point[:2]))
    with st.container(border=True):
        st.markdown(f":material/visibility_off: **{formatting.number(round(100 * (1 - share)))} % "
                    f"of this view is undefined**: `{state.quote(view.text, 40)}` has no value "
                    "there.")
        if fitted.domain != d:
            st.button(f"Fit the view to f ({_domain_text(fitted.domain)})", key=f"gv.fit.{prefix}",
                      on_click=_show, args=(store, view.text, fitted.domain, fitted.point + fixed),
                      icon=":material/fit_screen:")


def points(view: View) -> View:
    """Draw the held variables' sliders (z, …) of ``view``; x₀ and y₀ move in the picture.

    A :func:`gradviz.app.live` section's reruns pass the last full run's ``view``: the point
    and grid size are read from the session's store instead.
    """
    store = state._store(view.kind, view.prefix)
    pt = list(store.get("point") or view.point)
    pt = (pt + list(view.point[len(pt):]))[: len(view.point)]
    view = current_n(dataclasses.replace(view, point=tuple(float(v) for v in pt)))
    view = _point_controls(view, store)
    store["point"] = view.point
    state.register(view.prefix + "p", state.fmt_all(view.point[: max(view.f.n, 2)]))
    state.register(view.prefix + "n", str(view.n))
    return view


def _elsewhere(text: str, kind: str, prefix: str) -> str:
    """" The *Vector fields* page draws it: [open it there](vector-fields?f=…)." or ""."""
    from urllib.parse import quote as url_quote

    here = st.session_state.get("gv.page", "")
    for page, box in pages.referrals():
        if (page.url_path, box.kind, box.prefix) == (here, kind, prefix):
            continue
        f, _ = state.try_parse(text, None, "", box.min_variables)  # sqrt(x) as f(x, y) there
        if f is None or not box.accept(f):
            continue
        what = ("a curve (one input)" if f.n == 1 and not f.is_scalar else
                "a vector field" if not f.is_scalar else "a scalar function")
        title = f"{page.title} ({box.part})" if box.part else page.title
        href = f"{page.url_path}?{box.prefix}f={url_quote(text, safe='')}"
        if st.session_state.get("gv.lecture"):
            href += "&lecture=1"
        return (f". `{state.quote(text, 40)}` is {what}: the *{title}* page draws it — "
                f"[open it there]({href})")
    return ""


def _link_int(name: str, raw: str, fallback: int, lo: int, hi: int) -> int:
    try:
        (v,) = state.parse_numbers(raw, 1)
    except ValueError as why:
        state.notice(f"The link's `{name}={state.quote(raw, 40)}` can't be used ({why}); "
                     f"using {fallback}.")
        return fallback
    v = int(round(v))
    if not lo <= v <= hi:
        c = min(max(v, lo), hi)
        state.notice(f"The link's `{name}={state.quote(raw, 40)}` is outside [{lo}, {hi}]; "
                     f"using {c}.")
        return c
    return v


def _domain_controls(store: dict, kind: str, prefix: str) -> Domain:
    dom: Domain = store["domain"]
    keys = [f"gv.{kind}.d{i}" for i in range(4)]
    vals = dataclasses.astuple(dom)
    # boxes show what was typed (even if invalid) until the domain changes elsewhere
    if store.get("boxes_for") != vals:
        store.update(boxes=list(vals), boxes_for=vals)
    boxes = store["boxes"]

    def on_box(i: int):
        boxes[i] = float(st.session_state[keys[i]])

    for k, v in zip(keys, boxes):
        state.fill(k, float(v))
    # a popover, not an expander: its inputs are drawn only when it opens (a closed expander's
    # are on the page, and every element on a page slows each rerun a little)
    with sidebar().popover("View (domain)", icon=":material/crop_free:", width="stretch"):
        cells = [*st.columns(2), *st.columns(2)]  # a row for x, one for y (a phone stacks them)
        for i, (k, lab) in enumerate(zip(keys, ("x min", "x max", "y min", "y max"))):
            cells[i].number_input(
                lab, key=k, min_value=-state.MAX_COORD, max_value=state.MAX_COORD,
                step=0.5, format="%.3g", on_change=on_box, args=(i,))
    new = tuple(float(b) for b in boxes)
    if new != vals:
        try:
            dom = _domain(new)
            store.update(domain=dom, boxes_for=new)
        except Exception:  # noqa: BLE001 - ExpressionError: min >= max
            sidebar().error("The domain needs min < max on both axes (and not too narrow); keeping "
                             f"x ∈ [{dom.xmin:g}, {dom.xmax:g}], y ∈ [{dom.ymin:g}, {dom.ymax:g}].")
    return dom


def _point_controls(view: View, store: dict) -> View:
    """The held variables' sliders, in one row; p's x and y kept in the view."""
    d, names = view.domain, view.f.variables
    pt = list(view.point)
    pt[0:2] = min(max(pt[0], d.xmin), d.xmax), min(max(pt[1], d.ymin), d.ymax)
    cols = st.columns(max(3, len(pt) - 2)) if len(pt) > 2 else None

    def on_point(j: int, key: str):
        cur = list(store.get("point") or pt)
        cur[j] = _within(st.session_state[key], -state.MAX_COORD, state.MAX_COORD, cur[j])
        store["point"] = tuple(cur)

    lo, hi = min(d.xmin, d.ymin), max(d.xmax, d.ymax)  # a held variable's range
    step = _nice_step(hi - lo)
    for j in range(2, len(pt)):
        key = f"gv.{view.kind}.p{j}"
        v = round(round((min(max(pt[j], lo), hi) - lo) / step) * step + lo, 10)
        label = f"{names[j]} (held fixed)"
        state.fill(key, min(max(v, lo), hi), (lo, hi, step, label))
        val = cols[j - 2].slider(label, min_value=float(lo), max_value=float(hi),
                                 step=float(step), value=state.held(key, float(lo), float(hi)),
                                 key=key, format=f"%.{_decimals(step)}f",
                                 on_change=on_point, args=(j, key))
        pt[j] = _within(val, lo, hi, v)  # the browser's word: bounded here
    return dataclasses.replace(view, point=tuple(pt))


def current_n(view: View) -> View:
    """``view`` at the session's grid size (a picture rerun alone after a grid step)."""
    store = state._store(view.kind, view.prefix)
    n = store.get("n_by_grid", {}).get(tuple(view.grid)) or view.n
    return dataclasses.replace(view, n=int(n))


PICTURE_COUNT = "gv.picture.count"  # pictures (gradviz.app.picture) in the live section


def grid_slider(view: View, pictures: str | None = None, where=None, width=360) -> View:
    """The grid slider of ``view``; returns the view at its size. ``pictures``: the fragment
    key of the page's pictures, so that a step reruns them alone."""
    view = current_n(view)
    store = state._store(view.kind, view.prefix)
    lo, hi, _ = grid = view.grid
    gkey = f"gv.{view.kind}.n{lo}-{hi}"

    def on_grid():
        store.setdefault("n_by_grid", {})[tuple(grid)] = int(st.session_state[gkey])
        if pictures and st.session_state.get(PICTURE_COUNT, 0) > 1:  # else: its own (the
            st.rerun(pictures)  # default, without a run of it cut short first)

    state.fill(gkey, int(view.n), (lo, hi, view.grid_label))
    n = (where or st).slider(view.grid_label, min_value=int(lo), max_value=int(hi), key=gkey,
                             value=state.held(gkey, int(lo), int(hi)),
                             step=1, on_change=on_grid, width=width)
    n = int(_within(n, lo, hi, view.n))
    store.setdefault("n_by_grid", {})[tuple(grid)] = n
    state.register(view.prefix + "n", str(n))
    return dataclasses.replace(view, n=n)


def _within(value, lo: float, hi: float, fallback: float) -> float:
    """``value`` as a finite float clamped to [lo, hi]; ``fallback`` if it isn't a number."""
    try:
        v = float(value)
    except (TypeError, ValueError, OverflowError):
        return fallback
    return min(max(v, lo), hi) if math.isfinite(v) else fallback


def show_notices(first: bool = False) -> None:
    """Show (once) the notices collected this run, e.g. about a link's bad values; ``first``:
    the page's own, which lecture mode puts under the title (with the picture after them)."""
    notes = dict.fromkeys(st.session_state.pop("gv.notices", []))
    where = st.container(key="gv_notices") if first and notes else st
    for msg in notes:
        where.warning(msg, icon=":material/link_off:")
