"""The page scripts are named after their links and run inside the frame even when Streamlit
runs them on their own (a server's first request goes through its old pages/ mode)."""

from __future__ import annotations

import ast

import pytest

from gradviz.app.pages import PAGES, TOPIC_PAGES
from tests.app.conftest import ROOT

#: (script, url_path) of every topic page in the registry the router reads
ROUTES = [(p.file, p.url_path) for p in PAGES if not p.is_home]


def test_the_registry_lists_every_page_script():
    """Test that pages/ holds exactly the registry's scripts (home and the topic pages), and
    that the router builds its menu from the registry."""
    assert len(TOPIC_PAGES) >= 6, TOPIC_PAGES
    assert sorted(f"pages/{f.name}" for f in (ROOT / "pages").glob("*.py")) \
        == sorted(p.file for p in PAGES)
    assert "gradviz.app.pages" in (ROOT / "streamlit_app.py").read_text()


@pytest.mark.parametrize("script,url_path", ROUTES)
def test_page_script_is_named_after_its_link(script, url_path):
    """Test that pages/<url_path>.py is the page's script: a first link after a server start
    then finds it instead of showing Streamlit's "Page not found" dialog."""
    assert script == f"pages/{url_path}.py"
    assert (ROOT / script).exists()


@pytest.mark.parametrize("script", [s for s, _ in ROUTES])
def test_page_enters_the_frame_before_drawing(script):
    """Test that the page calls app.ensure_frame(__file__) before any other statement that is
    not an import."""
    tree = ast.parse((ROOT / script).read_text())
    body = [n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom))
            and not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    first = ast.unparse(body[0])
    assert first == "app.ensure_frame(__file__)", first
