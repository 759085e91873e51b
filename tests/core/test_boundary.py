"""Architecture tests: the core never imports Streamlit, and nothing ever evaluates text as code."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "gradviz"
UI_ONLY = PACKAGE / "app"  # the one place allowed to import Streamlit

#: calls that evaluate or parse text as code, by bare name or as an attribute (sp.sympify)
FORBIDDEN_CALLS = {"eval", "exec", "sympify", "parse_expr"}
#: sympy's S("...") is sympify by another name
SYMPY_MODULES = {"sp", "sympy"}


def python_files(*paths: Path) -> list[Path]:
    """All .py files under the given directories (or the files themselves), sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_file() and p.suffix == ".py":
            out.append(p)
        elif p.is_dir():
            out.extend(sorted(p.rglob("*.py")))
    return out


def streamlit_imports(source: str) -> list[int]:
    """Line numbers of `import streamlit…` / `from streamlit… import …` in the source."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            if any(a.name == "streamlit" or a.name.startswith("streamlit.") for a in node.names):
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "streamlit" or node.module.startswith("streamlit."):
                lines.append(node.lineno)
    return lines


def code_evaluating_calls(source: str) -> list[tuple[int, str]]:
    """(line, name) of calls to eval/exec/sympify/parse_expr and of sympy's S(...)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        fn = node.func
        if isinstance(fn, ast.Name) and fn.id in FORBIDDEN_CALLS | {"S"}:
            found.append((node.lineno, fn.id))
        elif isinstance(fn, ast.Attribute):
            if fn.attr in FORBIDDEN_CALLS:
                found.append((node.lineno, fn.attr))
            elif fn.attr == "S" and isinstance(fn.value, ast.Name) and fn.value.id in SYMPY_MODULES:
                found.append((node.lineno, f"{fn.value.id}.S"))
    return found


def test_the_scanners_find_what_they_look_for():
    """Test that both scanners flag each forbidden form (so the real checks below can fail)."""
    assert streamlit_imports("import streamlit as st\nimport os") == [1]
    assert streamlit_imports("from streamlit.testing.v1 import AppTest") == [1]
    assert streamlit_imports("import numpy, streamlit.components.v1") == [1]
    assert streamlit_imports("from . import streamlit_helpers\nimport streamlitish") == []
    src = ("eval('1')\nexec(code)\nsp.sympify(t)\nsympy.sympify(t)\nparse_expr(t)\n"
           "sp.S('x')\nS('x')\nfrom sympy.parsing.sympy_parser import parse_expr as p\n"
           "x.evalf()\nre.compile('x')\n")
    assert [line for line, _ in code_evaluating_calls(src)] == [1, 2, 3, 4, 5, 6, 7]


def test_core_never_imports_streamlit():
    """Test that no module of gradviz outside gradviz/app/ imports streamlit."""
    offenders = []
    for path in python_files(PACKAGE):
        if UI_ONLY in path.parents:
            continue
        for line in streamlit_imports(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert offenders == [], "Streamlit belongs in gradviz/app/ only: " + ", ".join(offenders)


def test_importing_the_core_loads_no_streamlit():
    """Test that importing gradviz and its core modules in a fresh interpreter loads no streamlit."""
    code = ("import gradviz, gradviz.calculus, gradviz.sampling, gradviz.presets, "
            "gradviz.parsing, gradviz.function, sys; "
            "bad = sorted(m for m in sys.modules if m.startswith('streamlit')); "
            "assert not bad, bad")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("place", ["gradviz", "pages", "streamlit_app.py"])
def test_no_code_is_evaluated_from_text(place):
    """Test that no file in gradviz/, pages/ or streamlit_app.py calls eval/exec/sympify/parse_expr/S."""
    files = python_files(ROOT / place)
    if place == "gradviz":
        assert files, "the package must be found"
    offenders = [f"{path.relative_to(ROOT)}:{line} {name}"
                 for path in files
                 for line, name in code_evaluating_calls(path.read_text(encoding="utf-8"))]
    assert offenders == []
