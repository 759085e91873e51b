"""The page scripts are named after their links and run inside the frame even when Streamlit
runs them on their own (a server's first request goes through its old pages/ mode)."""

from __future__ import annotations

import ast
import shutil

import pytest
from streamlit.testing.v1 import AppTest

import gradviz
from gradviz.app import pages
from gradviz.app.pages import BY_NAME, PAGES, TOPIC_PAGES
from gradviz.presets import PRESETS
from tests.app.conftest import ROOT, expect_no_exception

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


def test_every_box_opens_on_a_preset_it_accepts():
    """Test that a row's default (where it has one) is a course example its own rule accepts,
    and that a box's rule accepts some course example of its kind."""
    for page in PAGES:
        for box in page.boxes:
            mine = [p.text for p in PRESETS if (p.kind == "scalar") == (box.kind == "scalar")
                    and box.accept(gradviz.parse(p.text, min_variables=box.min_variables))]
            assert mine, (page.name, box.prefix)
            assert box.default in (None, *mine), (page.name, box.default)
    assert BY_NAME["jacobian"].boxes[0].default == "[x^2 - y, y^2 + x]"
    assert "Functions of several variables" in BY_NAME["jacobian"].boxes[0].need  # a curve's page


TOY = """import streamlit as st

from gradviz import app

app.ensure_frame(__file__)
st.title("Toy page")
view = app.setup(grid=(5, 30, 10))
st.caption(f"drawing {view.text} with {view.f.n} variables")
"""


def test_a_new_page_is_one_registry_row_plus_its_script(tmp_path, monkeypatch):
    """Test that an app of its own (a temporary folder: the router, a home page and a toy page)
    whose registry holds a row for the toy lists it in its menu, and that the toy page draws
    its title and its function box with the row's rule, need message and default: a page
    repeats none of them."""
    (tmp_path / "pages").mkdir()
    shutil.copy(ROOT / "streamlit_app.py", tmp_path / "streamlit_app.py")
    (tmp_path / "pages" / "home.py").write_text('import streamlit as st\nst.title("Toy home")\n')
    (tmp_path / "pages" / "toy-page.py").write_text(TOY)
    need = "this page needs four outputs, like `[y*z^2, 0, x*y*z, x - y]`"
    toy = pages.Page("toy", "toy-page", "Toy page", ":material/toys:", "Toys", r"toy", boxes=(
        pages.Box("vector", lambda f: f.shape == (4,), need,
                  default="[y*z^2, 0, x*y*z, x - y]"),))
    monkeypatch.setattr(pages, "PAGES", (BY_NAME["home"], toy))

    at = AppTest.from_file(str(tmp_path / "streamlit_app.py"), default_timeout=60).run()
    assert [t.value for t in at.title] == ["Toy home"]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(str(ROOT / "pages" / "gradient-field.py"))  # not a row of this app
    at.switch_page(str(tmp_path / "pages" / "toy-page.py")).run()  # raises unless listed
    expect_no_exception(at)
    assert [t.value for t in at.title] == ["Toy page"]
    assert at.sidebar.text_input(key="gv.vector.text").value == "[y*z^2, 0, x*y*z, x - y]"
    assert at.sidebar.selectbox(key="gv.vector.preset").options == [
        "[yz², 0, xyz, x − y]", "(your own function)"]  # the only example with 4 outputs
    assert "with 3 variables" in at.caption[0].value
    at.sidebar.text_input(key="gv.vector.text").input("[x, y]").run()
    (error,) = [e.value for e in at.error]
    assert need in error and "[y*z^2, 0, x*y*z, x - y]" in error  # the last valid one stays
