"""The app's pages, in menu order: the one list every other one is derived from.

Plain data (no Streamlit, no sympy: the router reads it before the home page opens).

>>> [p.name for p in PAGES][:2]
['home', 'functions']
>>> BY_NAME["gradient_field"].file, BY_NAME["gradient_field"].path
('pages/gradient-field.py', '/gradient-field')
>>> BY_NAME["home"].file, BY_NAME["home"].path
('pages/home.py', '/')
>>> [b.prefix for b in BY_NAME["functions"].boxes]
['', 'v']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Box", "Page", "PAGES", "BY_NAME", "TOPIC_PAGES", "sections", "box_of", "referrals"]


def _scalar(lo: int, hi: int) -> Callable:
    return lambda f: f.is_scalar and lo <= f.n <= hi


def _topic_rule(module: str, name: str) -> Callable:
    """The rule ``gradviz.topics.<module>.<name>``, imported when first used."""
    return lambda f: getattr(importlib.import_module(f"gradviz.topics.{module}"), name)(f)


@dataclass(frozen=True)
class Box:
    """A function box a page draws: :func:`gradviz.app.setup` reads it."""

    kind: str  # "scalar" or "vector": which of the session's two current functions it shows
    accept: Callable  # accept(f) -> bool: does the page draw f?
    need: str  # what the page says when it does not (a lower-case sentence, Markdown)
    prefix: str = ""  # of its link parameters when a page draws two boxes (vf, vd, …)
    default: str | None = None  # the preset the page opens on without a function of its kind
    min_variables: int = 2  # pad a function's variables to this many (x^2 as one of x and y)
    #: named (lowest first) to a student whose function another page can't draw; 0: never
    refer: int = 0
    part: str = ""  # the box's section, named after the page's title in those hints


@dataclass(frozen=True)
class Page:
    """One page of the app."""

    name: str  # as the tests and benchmarks call it
    url_path: str  # the link's path without its slash ("" for home); also the script's name
    title: str
    icon: str  # a Material icon
    section: str  # the menu section it is listed under ("" for none)
    heading: str  # a pattern (case-insensitive) its heading matches, for the browser tests
    boxes: tuple[Box, ...] = ()  # in the order the page calls gradviz.app.setup
    menu: bool = True  # the class's projector and join pages are reached by links

    @property
    def file(self) -> str:
        """The page's script, relative to the repository's root."""
        return f"pages/{self.url_path or 'home'}.py"

    @property
    def path(self) -> str:
        return "/" + self.url_path

    @property
    def is_home(self) -> bool:
        return not self.url_path


_PLANE_MAP = _topic_rule("jacobian", "plane_map")  # not a curve [cos(t), sin(t)] read as (x, t)
_CURVE = ("A curve such as `[cos(t), sin(t)]` (one input t) is not {what}: it is drawn, with its "
          "component curves, on the *Functions of several variables* page")

PAGES: tuple[Page, ...] = (
    Page("home", "", "Home", ":material/home:", "", r"gradviz"),
    Page("functions", "functions-of-several-variables", "Functions of several variables",
         ":material/landscape:", "Functions", r"function", boxes=(
             Box("scalar", _scalar(2, 4), "this section draws a scalar function of 2 to 4 "
                 "variables, like `sin(x*y)` (vector-valued functions go in the *Vector "
                 "function* box)", refer=2),
             Box("vector", _topic_rule("explore", "vector_valued"), "this section evaluates a "
                 "vector-valued function in square brackets, like `[x^2, 2x, -x]` or "
                 "`[x, sin(y)]`", prefix="v", min_variables=1, refer=4,
                 part="vector-valued functions"))),
    Page("vector_fields", "vector-fields", "Vector fields", ":material/air:", "Functions",
         r"vector.?field", boxes=(
             Box("vector", _PLANE_MAP, "this page draws fields f: R² → R², like `[x, sin(y)]`. "
                 + _CURVE.format(what="a field"), refer=3),)),
    Page("partial_derivatives", "partial-derivatives", "Partial derivatives",
         ":material/show_chart:", "Derivatives", r"partial", boxes=(
             Box("scalar", _scalar(2, 3), "this page draws a scalar function of 2 or 3 "
                 "variables, like `sin(x*y)` or `x^2 + y^2 + e^x + x^z + x*y*z`"),)),
    Page("gradient_field", "gradient-field", "Gradient field", ":material/north_east:",
         "Derivatives", r"gradient.?field", boxes=(
             Box("scalar", _scalar(2, 3), "this page draws a scalar function of 2 or 3 "
                 "variables, like `sin(x*y)`", refer=1),)),
    Page("jacobian", "jacobian-linearisation", "Jacobian linearisation", ":material/grid_on:",
         "Derivatives", r"jacobian", boxes=(
             Box("vector", _PLANE_MAP, "this page needs a map from R² to R² (two inputs, two "
                 "outputs), like [x^2 - y, y^2 + x]. " + _CURVE.format(what="a map of the plane"),
                 default="[x^2 - y, y^2 + x]"),)),
    Page("steepest_ascent", "steepest-ascent", "Why the gradient is steepest",
         ":material/trending_up:", "Why it works", r"steepest", boxes=(
             Box("scalar", _scalar(2, 2), "this page needs a scalar function of two variables, "
                 "like `sin(x*y)`"),)),
    Page("gradient_descent", "gradient-descent", "Gradient descent", ":material/trending_down:",
         "Why it works", r"gradient.?descent", boxes=(
             Box("scalar", _scalar(2, 2), "this page needs a scalar function of two variables, "
                 "like `x^2 + 10y^2`", default="x^2 + 10y^2"),)),
    Page("projector", "class", "Ask the class", ":material/groups:", "", r"ask the class",
         menu=False),
    Page("join", "join", "Join the class", ":material/login:", "", r"join the class",
         menu=False),
)

BY_NAME: dict[str, Page] = {p.name: p for p in PAGES}
#: every page of the menu but home, in menu order
TOPIC_PAGES: tuple[str, ...] = tuple(p.name for p in PAGES if p.menu and not p.is_home)


# read at call time (not frozen at import), so a test can run the app with a row of its own
def sections() -> dict[str, list[Page]]:
    """The pages grouped by menu section, in menu order.

    >>> list(sections())
    ['', 'Functions', 'Derivatives', 'Why it works']
    """
    out: dict[str, list[Page]] = {}
    for p in PAGES:
        out.setdefault(p.section, []).append(p)
    return out


def box_of(url_path: str, prefix: str = "") -> Box:
    """The box with link prefix ``prefix`` of the page at ``url_path``.

    >>> box_of("jacobian-linearisation").default
    '[x^2 - y, y^2 + x]'
    """
    for p in PAGES:
        for b in p.boxes if p.url_path == url_path else ():
            if b.prefix == prefix:
                return b
    raise LookupError(f"no function box {prefix!r} on the page {url_path!r}: add it to its row "
                      "in gradviz/app/pages.py")


def referrals() -> list[tuple[Page, Box]]:
    """The boxes a student is sent to when a page can't draw their function, first first.

    >>> [(p.name, b.prefix) for p, b in referrals()]
    [('gradient_field', ''), ('functions', ''), ('vector_fields', ''), ('functions', 'v')]
    """
    return sorted(((p, b) for p in PAGES for b in p.boxes if b.refer), key=lambda pb: pb[1].refer)
