"""The app's pages, in menu order: the one list the router, the tests and the benchmarks read.

Plain data (no Streamlit). To add a page: write ``pages/<url-path>.py`` and add a row here.

>>> [p.name for p in PAGES][:2]
['home', 'functions']
>>> BY_NAME["gradient_field"].file, BY_NAME["gradient_field"].path
('pages/gradient-field.py', '/gradient-field')
>>> BY_NAME["home"].file, BY_NAME["home"].path
('pages/home.py', '/')
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Page", "PAGES", "BY_NAME", "TOPIC_PAGES", "sections"]


@dataclass(frozen=True)
class Page:
    """One page of the app."""

    #: short name, as the tests and benchmarks call it
    name: str
    #: the link's path without its slash ("" for the home page); also the script's name
    url_path: str
    #: the menu's title
    title: str
    #: the menu's icon (a Material icon)
    icon: str
    #: the menu section it is listed under ("" for none)
    section: str
    #: a pattern (case-insensitive) the page's heading matches, for the browser tests
    heading: str
    #: listed in the menu (the class's projector and join pages are reached by links)
    menu: bool = True

    @property
    def file(self) -> str:
        """The page's script, relative to the repository's root (named after its path)."""
        return f"pages/{self.url_path or 'home'}.py"

    @property
    def path(self) -> str:
        """The page's URL path: ``/`` + url_path."""
        return "/" + self.url_path

    @property
    def is_home(self) -> bool:
        return not self.url_path


PAGES: tuple[Page, ...] = (
    Page("home", "", "Home", ":material/home:", "", r"gradviz"),
    Page("functions", "functions-of-several-variables", "Functions of several variables",
         ":material/landscape:", "Functions", r"function"),
    Page("vector_fields", "vector-fields", "Vector fields", ":material/air:", "Functions",
         r"vector.?field"),
    Page("partial_derivatives", "partial-derivatives", "Partial derivatives",
         ":material/show_chart:", "Derivatives", r"partial"),
    Page("gradient_field", "gradient-field", "Gradient field", ":material/north_east:",
         "Derivatives", r"gradient.?field"),
    Page("jacobian", "jacobian-linearisation", "Jacobian linearisation", ":material/grid_on:",
         "Derivatives", r"jacobian"),
    Page("steepest_ascent", "steepest-ascent", "Why the gradient is steepest",
         ":material/trending_up:", "Why it works", r"steepest"),
    Page("projector", "class", "Ask the class", ":material/groups:", "", r"ask the class",
         menu=False),
    Page("join", "join", "Join the class", ":material/login:", "", r"join the class",
         menu=False),
)

BY_NAME: dict[str, Page] = {p.name: p for p in PAGES}
#: every page of the menu but home, in menu order
TOPIC_PAGES: tuple[str, ...] = tuple(p.name for p in PAGES if p.menu and not p.is_home)


def sections() -> dict[str, list[Page]]:
    """The pages grouped by menu section, in menu order.

    >>> list(sections())
    ['', 'Functions', 'Derivatives', 'Why it works']
    """
    out: dict[str, list[Page]] = {}
    for p in PAGES:
        out.setdefault(p.section, []).append(p)
    return out
