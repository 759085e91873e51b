"""AppTest: the home page, and its gallery links (each opens the right page and view)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ENTRY, expect_no_exception, open_page

HOME = Path(__file__).resolve().parents[2] / "pages" / "home.py"


def gallery() -> list[tuple[str, str, dict[str, str]]]:
    """The GALLERY literal of pages/home.py as (page name, label, query params)."""
    tree = ast.parse(HOME.read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "GALLERY":
            return [(name, label, params)
                    for name, label, params, _ in ast.literal_eval(node.value)]
    raise AssertionError("pages/home.py has no GALLERY")


def test_home_renders_title_table_and_gallery():
    """Test that the home page renders its title, table and gallery without errors."""
    at = AppTest.from_file(ENTRY, default_timeout=60).run()
    expect_no_exception(at)
    assert at.title[0].value.startswith("∇ gradviz")
    text = " ".join(m.value for m in at.markdown)
    assert "| **Gradient** | ∇ | ∇f (x, y, z) | ℝ³ → ℝ³ |" in text
    assert len(gallery()) >= 5


@pytest.mark.parametrize("name,label,params", gallery(), ids=[g[1][:24] for g in gallery()])
def test_gallery_link_opens_its_view(name, label, params):
    """Test that a gallery link's every parameter is understood by its page and kept in the URL.

    A parameter the page doesn't read would silently vanish from the URL (and the view
    would not be the one the caption promises).
    """
    at = open_page(name, params)
    expect_no_exception(at)
    assert not at.error, [e.value for e in at.error]
    assert not at.warning, [w.value for w in at.warning]
    assert at.sidebar.text_input(key="gv.scalar.text").value == params["f"]
    if "d" in params:  # the link leaves out a domain that is the example's own: check the boxes
        shown = [at.sidebar.number_input(key=f"gv.scalar.d{j}").value for j in range(4)]
        assert shown == [float(v) for v in params["d"].split(",")], label
    url = {k: at.query_params.get(k) for k in params if k != "d"}
    url = {k: (v[0] if isinstance(v, list) else v).replace("\u00a0", " ")  # written for a space
           for k, v in url.items()}
    wanted = {k: v for k, v in params.items() if k != "d"}
    assert url == wanted, f"{label}: the page changed or dropped {wanted.items() - url.items()}"
