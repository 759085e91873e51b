"""The page scripts are named after their links and run inside the frame even when Streamlit
runs them on their own (a server's first request goes through its old pages/ mode)."""

from __future__ import annotations

import ast
import re

import pytest

from tests.app.conftest import ROOT

ENTRY = (ROOT / "streamlit_app.py").read_text()
#: (script, url_path) of every st.Page the router declares with a url_path
ROUTES = re.findall(r'st\.Page\(\s*"(pages/[^"]+\.py)",\s*url_path="([^"]+)"', ENTRY)


def test_the_router_declares_every_topic_page():
    """Test that the regex finds the six topic pages (so the tests below test something)."""
    assert len(ROUTES) == 6, ROUTES


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
