"""The state that crosses pages and the URL: the current function, view and point.

URL contract (see README): ``f`` function text, ``p`` point, ``n`` grid resolution, ``d``
domain ``xmin,xmax,ymin,ymax``, plus page controls. A link is adopted when the URL differs
from what the app last wrote; invalid values fall back to defaults with a visible notice.
"""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from gradviz.errors import ExpressionError

if TYPE_CHECKING:
    from gradviz import Function
    from gradviz.domain import Domain
    from gradviz.presets import Preset

MAX_TEXT = 1000  # characters of function text accepted from a URL or the text box
MAX_COORD = 1e4  # |coordinate| accepted for points and domains

KIND_LABEL = {"scalar": "f(x, y) =", "vector": "f(x, y) = [ … ]"}


@dataclass
class View:
    """What a page draws: a valid function, its domain, the point and the grid size."""

    kind: str
    text: str
    f: Function
    domain: Domain
    point: tuple[float, ...]
    n: int
    preset: Preset | None = None
    #: the grid slider (min, max, default), its label, and the prefix of the URL parameters
    grid: tuple[int, int, int] = (10, 150, 60)
    grid_label: str = "grid points per side"
    prefix: str = ""

    @property
    def fixed(self) -> tuple[float, ...]:
        """Values of the variables after x and y (held fixed in 2-D views)."""
        return tuple(self.point[2:])


# -- URL ---------------------------------------------------------------------------------
#: widget keys shared by several pages (function boxes, domain boxes, point and grid sliders)
_SHARED_WIDGET = re.compile(r"^gv\.(scalar|vector)\.(text|preset|d[0-3]|p\d+|n\d+-\d+)$")


def begin_run(page_id: str = "") -> None:
    """Called by the frame before the page: a page switch, and whether the URL is a new link.

    After a page switch Streamlit forgets the shared widgets' values unless they are assigned
    again: done once here (every run would echo values back to a moving slider).
    """
    if st.session_state.get("gv.page") != page_id:
        st.session_state["gv.page"] = page_id
        for k in list(st.session_state):
            if isinstance(k, str) and _SHARED_WIDGET.match(k):
                st.session_state[k] = st.session_state[k]
    current, notes = _link_params()
    # A rerun carries the browser's URL as it was when the rerun was requested, which can
    # be one this session wrote a moment ago and has since replaced (quick key presses):
    # only a URL this session never wrote (a link opened), or back/forward, is adopted.
    # Back or Forward may also land on an entry Streamlit pushed when the sidebar switched
    # pages: the new page's path with the old page's parameters. Those are another page's.
    written = st.session_state.get("gv.url.written", [])
    mine = [params for page, params in written if page == page_id]
    if current in mine:
        new_link = bool(run_context("is_history_navigation"))  # this page's earlier view
    else:
        new_link = all(params != current for _, params in written)  # a link opened
    st.session_state["gv.url.adopt"] = ({k: v.replace(SPACE, " ") for k, v in current.items()}
                                        if new_link else {})
    for note in notes if new_link else ():
        notice(note)
    st.session_state["gv.url.pending"] = {}


#: what the app writes for a space in a link (a no-break space, which the parser reads as a
#: space): Streamlit writes a space as `+`, and a `+` in a link typed by hand means plus
SPACE = "\u00a0"


#: what a link over messages.MAX_LINK characters becomes: this parameter, with its length
LINK_TOO_LONG = "gv_link_too_long"


def _link_params() -> tuple[dict[str, str], list[str]]:
    """The link's parameters, a `+` read as plus (``?f=x^2+3y^2`` is x² + 3y²), unless the
    value means the same function with `+` as spaces (``[x,+sin(y)]``, form-encoded) or only
    with spaces (``x+*+y``); and notices where a `+` between two terms was read as a space.

    ``st.query_params`` reads `+` as a space; the script's context holds the raw query.
    """
    from urllib.parse import unquote, unquote_plus

    form, notes = {k: st.query_params.get(k) for k in st.query_params}, []
    if LINK_TOO_LONG in form:
        size = form.pop(LINK_TOO_LONG)
        size = f"{int(size) // 1024} kB" if size.isdigit() else "too"
        return {}, [f"This link is {size} long: a link to a view holds at most 16 kB, so the "
                    "page opened without it. Copy the view's link again (the sidebar's Link "
                    "to this view)."]
    raw = str(run_context("query_string") or "").lstrip("?")
    if "+" not in raw or len(raw) > 64 * MAX_TEXT:
        return form, notes
    typed = {unquote_plus(k): unquote(v) for k, _, v in (p.partition("=") for p in raw.split("&"))}
    for k in form:
        if k in typed and typed[k] != form[k]:
            a, why = try_parse(typed[k], None, "", 1)
            b, _ = try_parse(form[k], None, "", 1)
            if b is None or a is not None and (a.exprs, a.variables) != (b.exprs, b.variables):
                form[k] = typed[k]  # (neither reads: its notice quotes it as typed)
            elif b is not None and re.search(r"(^|[\w)\]])\+([\w(\[]|$)", typed[k]):
                notes.append(f"The link's `{k}={quote(typed[k])}` can't be read with `+` as plus "
                             f"({why}): read with `+` as spaces, it is `{quote(form[k])}`. Write "
                             "a plus in a link as `+` or `%2B`, a space as `%20`.")
    return form, notes


# Streamlit's internal API: where it changed, a run counts as a full one (back/forward isn't
# special) and a picture's events rerun the picture
def run_context(name: str, default=None):
    """An attribute of this run's script context (``default`` without it)."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

        return getattr(get_script_run_ctx(), name, default)
    except Exception:  # noqa: BLE001
        return default


def this_fragment(default=None) -> str | None:
    """The id of the Streamlit fragment running now (None outside one, or if unknown)."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

        return ThreadState.get().fragment_id
    except Exception:  # noqa: BLE001
        return default


def last_fragment_of_run() -> bool:
    """Whether the fragment running now is the last one this run reruns (true if unknown):
    several pictures rerun together write the address once."""
    ids = run_context("fragment_ids_this_run") or []
    return len(ids) < 2 or this_fragment(ids[-1]) == ids[-1]


@contextlib.contextmanager
def as_part_of(fragment_id: str | None):
    """What is drawn meanwhile belongs to fragment ``fragment_id`` (its widgets rerun it);
    yields False and does nothing without an id or if Streamlit's internals changed."""
    scoped = None
    try:
        if fragment_id:
            from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

            scoped = ThreadState.scoped(fragment_id=fragment_id)
            scoped.__enter__()
    except Exception:  # noqa: BLE001
        scoped = None
    try:
        yield scoped is not None
    finally:
        if scoped is not None:
            scoped.__exit__(None, None, None)


def under_apptest() -> bool:
    """Whether this run is AppTest's (whose element tree holds only what a run sent)."""
    from streamlit import config  # AppTest patches config.get_option (st.get_option is a copy)

    return bool(config.get_option("global.appTest"))


def end_run() -> None:
    """Write the URL the page registered; every time (the browser ignores an unchanged URL):
    the server only knows the URL sent with the rerun request, which may be older."""
    pending = dict(st.session_state.get("gv.url.pending", {}))
    st.query_params.from_dict(pending)
    mine = (st.session_state.get("gv.page", ""), pending)  # whose URL it is
    written = [w for w in st.session_state.get("gv.url.written", []) if w != mine]
    st.session_state["gv.url.written"] = [*written[-(_WRITTEN - 1):], mine]


_WRITTEN = 32  # URLs remembered as this session's own (not a new link when they come back)


def link_value(name: str) -> str | None:
    """The value of URL parameter ``name`` if this run opened a new link, else None."""
    return st.session_state.get("gv.url.adopt", {}).get(name)


def register(name: str, value: str) -> None:
    """Put ``name=value`` in the URL written at the end of this run (a space as :data:`SPACE`)."""
    st.session_state.setdefault("gv.url.pending", {})[name] = str(value).replace(" ", SPACE)
    collected = st.session_state.get("gv.url.collect")
    if collected is not None:  # inside a live section (see gradviz.app.live)
        collected.add(name)


def quote(raw, limit: int = 60) -> str:
    """Text from a link or a text box made safe inside a markdown code span: backticks
    (which would end it) and control characters replaced, long text cut.

    >>> quote("x` [log in](http://evil) `")
    "x' [log in](http://evil) '"
    """
    text = str(raw)[:limit]
    text = "".join(ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in text)
    text = text.replace("`", "'")
    return text + ("…" if len(str(raw)) > limit else "")


def fill(key: str, value, params=None) -> None:
    """Put ``value`` in a widget's state only if it differs from what the widget holds.

    Assigning a key sends the value back to the browser, snapping a slider still being moved.
    ``params`` are the widget's arguments: when they change, Streamlit makes a new widget
    that only adopts a value assigned again.
    """
    sig = f"gv.sig.{key}"
    if params is not None and st.session_state.get(sig) != params:
        st.session_state[sig] = params
        st.session_state[key] = value
        return
    if key in st.session_state:
        old = st.session_state[key]
        if old == value:
            return
        if isinstance(old, float) and isinstance(value, float) and \
                abs(old - value) <= 1e-9 * max(1.0, abs(value)):
            return  # the same slider position, up to rounding
    st.session_state[key] = value


def held(key: str, lo, hi):
    """What widget ``key`` holds (after :func:`fill`) within [lo, hi], of ``lo``'s type: a
    slider's value (without one Streamlit scans the whole session state)."""
    return type(lo)(min(max(st.session_state[key], lo), hi))


def fmt(v: float) -> str:
    """A short, exact-enough text for a number in a URL."""
    return f"{float(v):.6g}"


def fmt_all(values) -> str:
    """Numbers as a link holds them: comma-separated, each by :func:`fmt`."""
    return ",".join(fmt(v) for v in values)


def parse_numbers(text: str | None, count: int | None = None) -> tuple[float, ...]:
    """Comma-separated finite numbers (bounded), or ValueError with the reason."""
    if text is None:
        raise ValueError("missing")
    if len(text) > 400:
        raise ValueError("too long")
    parts = [p.strip() for p in str(text).split(",")]
    try:
        vals = tuple(float(p) for p in parts)
    except ValueError:
        raise ValueError("not numbers") from None
    if not all(math.isfinite(v) for v in vals):
        raise ValueError("not finite")
    if any(abs(v) > MAX_COORD for v in vals):
        raise ValueError(f"larger than {MAX_COORD:g}")
    if count is not None and len(vals) != count:
        raise ValueError(f"needs {count} numbers")
    return vals


def notice(message: str) -> None:
    st.session_state.setdefault("gv.notices", []).append(message)


def url_number(name: str, default: float, lo: float, hi: float, integer: bool = False) -> float:
    """A page control's starting value from the link (validated, clamped) or ``default``;
    :func:`register` the widget's value afterwards."""
    raw = link_value(name)
    if raw is None:
        return default
    try:
        if len(raw) > 40:
            raise ValueError("too long")
        v = float(raw)
        if not math.isfinite(v):
            raise ValueError("not finite")
    except ValueError as why:
        reason = why if str(why) in ("too long", "not finite") else "not a number"
        notice(f"The link's `{name}={quote(raw, 40)}` can't be used ({reason}); "
               f"using {default:g}.")
        return default
    if integer:
        v = float(round(v))
    if not lo <= v <= hi:
        c = min(max(v, lo), hi)
        notice(f"The link's `{name}={quote(raw, 40)}` is outside [{lo:g}, {hi:g}]; using {c:g}.")
        v = c
    return int(v) if integer else v


# -- the current function per kind -----------------------------------------------------------
def _store(kind: str, prefix: str, default: str | None = None, draws=None) -> dict:
    """The function of ``kind`` (and its view) that this page's section shows: its own
    (``default`` until the student chooses), or the one the student chose last (:func:`choose`)
    if this page ``draws(text)`` it (without ``draws``: what the last setup picked)."""
    use, chosen = f"gv.use.{kind}{prefix}", f"gv.{kind}"
    own = f"gv.{kind}@{st.session_state.get('gv.page', '')}{prefix}"
    if draws is not None or use not in st.session_state:
        carried = chosen in st.session_state and draws is not None and \
            draws(st.session_state[chosen]["valid"])
        if carried:  # what this page shows again if the student next chooses one it can't draw
            last = st.session_state[chosen]
            st.session_state[own] = dict(last, text=last["valid"])
        st.session_state[use] = chosen if carried else own
    key = st.session_state[use]
    if key not in st.session_state:
        preset = (preset_for(default) if default else None) or kind_presets(kind)[0]
        st.session_state[key] = {
            "text": preset.text, "valid": preset.text, "domain": preset.domain,
            "point": tuple(preset.point) + tuple(preset.fixed), "n_by_grid": {},
        }
    return st.session_state[key]


def choose(kind: str, prefix: str) -> None:
    """The student chose the function this section shows: carry it to the other pages."""
    st.session_state[f"gv.{kind}"] = _store(kind, prefix)


# the core (sympy, numpy) is imported on first use: the home page doesn't need it
def kind_presets(kind: str) -> tuple[Preset, ...]:
    """The course examples offered for a kind ("scalar" or "vector")."""
    from gradviz.presets import SCALAR_PRESETS, VECTOR_PRESETS

    return {"scalar": SCALAR_PRESETS, "vector": VECTOR_PRESETS}[kind]


def try_parse(text: str, accept, need: str, min_variables: int) -> tuple[Function | None, str]:
    """Parse and check against the page's needs; (Function, "") or (None, message).

    In a killable worker within the time budget (:func:`gradviz.budget.prepare`).
    """
    from gradviz import budget

    if not isinstance(text, str):
        return None, "the function must be text, like x^2 + y"
    if len(text) > MAX_TEXT:
        return None, f"the text is too long ({len(text)} characters; at most {MAX_TEXT})"
    try:
        f = budget.prepare(text, None, min_variables)
    except ExpressionError as err:
        return None, str(err)
    except Exception:  # noqa: BLE001 - never a traceback for what a user typed
        return None, "gradviz can't work with this function — try writing it another way"
    if accept is not None and not accept(f):
        return None, need
    return f, ""


def preset_for(text: str) -> Preset | None:
    from gradviz.presets import preset_by_text

    return preset_by_text(text)
