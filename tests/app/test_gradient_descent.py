"""AppTest: the "Gradient descent" page.

On x² + 10y² a step of size s multiplies x by 1 − 2s and y by 1 − 20s (worked by hand): from
(1, 1), s = 0.05 gives (0.9, 0), (0.81, 0), (0.729, 0); s = 0.11 multiplies y by −1.2.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from gradviz import export, scene
from tests.app.conftest import expect_no_exception, move, open_page, scenes, set_function

PAGE = "gradient_descent"
VALLEY = {"f": "x^2 + 10y^2", "p": "1,1"}


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def let_go(at, name: str, value: float):
    """A param's slider in the picture let go at ``value`` (what the browser sends), rerun."""
    at.session_state[f"gv.param.gradient_descent.{name}"] = value
    return at.run()


def said(at) -> str:
    """Everything the page writes in Markdown and callouts (one string)."""
    return "\n".join(e.value for kind in ("markdown", "success", "info", "warning", "error")
                     for e in getattr(at, kind))


def test_opens_on_the_valley():
    """Test that the page opens on x² + 10y² from (1, 1) with s = 0.05: limit 0.1, smooth."""
    at = open_page(PAGE)
    expect_no_exception(at)
    assert not at.error
    assert at.sidebar.text_input(key="gv.scalar.text").value == "x^2 + 10y^2"
    assert metrics(at) == {"step size s": "0.05", "limit 2/λ_max": "0.1", "regime": "smooth",
                           "f(x_30), plain": f"{0.81 ** 30:.4g}"}  # x = 0.9³⁰, y = 0
    assert "λ_max = 20" in at.success[0].value
    assert len(at.table) == 1 and "scipy.optimize.minimize (BFGS)" in str(at.table[0].value)


def test_three_steps_reach_0729_0():
    """Test that s = 0.05, k = 3 from (1, 1) ends at (0.729, 0), as worked by hand."""
    at = open_page(PAGE, {**VALLEY, "s": "0.05", "k": "3", "b": "0"})
    expect_no_exception(at)
    assert "**Plain descent.** After 3 steps it is at (0.729, 0)" in said(at)
    assert "Momentum β" not in said(at)  # β = 0: one run only


def test_step_011_says_it_diverges():
    """Test that s = 0.11 is called diverging with y's factor −1.2, and the run's stop is named."""
    at = open_page(PAGE, {**VALLEY, "s": "0.11", "k": "30"})
    expect_no_exception(at)
    assert metrics(at)["regime"] == "diverging"
    (error,) = at.error
    assert "**Diverging**: s = 0.11 > 2/λ_max" in error.value
    assert "grows by a factor 1.2 a step, alternating in sign" in error.value
    assert "**It diverges.** At step 8 the run left the view" in said(at)
    assert "nan" not in said(at).lower() and "inf" not in said(at).lower()


@pytest.mark.parametrize("s, regime, kind", [("0.02", "smooth", "success"),
                                             ("0.08", "zig-zag", "info"),
                                             ("0.1", "on the limit", "warning")])
def test_regimes(s, regime, kind):
    """Test the regime named for s against 1/λ_max = 0.05 and 2/λ_max = 0.1."""
    at = open_page(PAGE, {**VALLEY, "s": s})
    expect_no_exception(at)
    assert metrics(at)["regime"] == regime
    assert any(f"**{regime.capitalize()}**" in e.value for e in getattr(at, kind))


def test_the_picture_is_a_scene_with_the_limits_marked():
    """Test that the map is a scene: its two paths follow p and the params s (log scale, marked
    at the limit 2/λ_max = 0.1), k and β; a drop of p re-sends the point only."""
    at = open_page(PAGE, {**VALLEY, "s": "0.11", "k": "7", "b": "0.25"})
    (first,) = scenes(at)
    layers = first["static"]["panels"][0]["layers"]
    assert [q["type"] for q in layers] == ["heatmap", "contours", "path", "path", "vector",
                                          "marker"]
    assert [q["momentum"] for q in layers if q["type"] == "path"] == [{"param": "b"}, 0.0]
    s = first["static"]["params"][0]
    assert (s["name"], s["log"], s["marks"]) == ("s", True, [[0.1, "2/λmax"]])
    assert first["params"] == {"s": 0.11, "k": 7, "b": 0.25}
    move(at, -1.5, 0.5)
    (second,) = scenes(at)
    assert "static" not in second and second["key"] == first["key"]
    assert second["point"][:2] == [-1.5, 0.5]


def test_link_round_trips():
    """Test that moving p, and letting go of s, k and β in the picture, writes them in the
    link, and the link reopens the same numbers."""
    at = open_page(PAGE, VALLEY)
    move(at, -1.5, 1)
    for name, value in (("s", 0.08), ("k", 12), ("b", 0.3)):
        let_go(at, name, value)
    expect_no_exception(at)
    link = {k: at.query_params[k] for k in at.query_params}
    assert (link["p"], link["s"], link["k"], link["b"]) == ("-1.5,1", "0.08", "12", "0.3")
    again = open_page(PAGE, link)
    expect_no_exception(again)
    assert not again.warning
    assert scenes(again)[0]["params"] == {"s": 0.08, "k": 12, "b": 0.3}
    assert metrics(again) == metrics(at)
    # x = −1.5·0.84¹², y = (−0.6)¹²: f = 2.25·0.84²⁴ + 10·0.6²⁴
    assert metrics(at)["f(x_12), plain"] == f"{2.25 * 0.84 ** 24 + 10 * 0.6 ** 24:.4g}"
    assert metrics(at)["regime"] == "zig-zag"
    assert said(again) == said(at)


def test_bad_input_is_friendly():
    """Test that a typo, a vector field and a 3-variable f get st.error and the last valid f
    stays; broken link values fall back with a notice."""
    at = open_page(PAGE, VALLEY)
    before = metrics(at)
    for text, what in (("sin(", "never closed"), ("[x, y]", "two variables"),
                       ("x*y*z", "two variables")):
        set_function(at, text)
        expect_no_exception(at)
        assert any(what in e.value for e in at.error), [e.value for e in at.error]
        assert metrics(at) == before
    bad = open_page(PAGE, {**VALLEY, "s": "abc", "b": "2", "k": "-5"})
    expect_no_exception(bad)
    notes = " ".join(w.value for w in bad.warning)
    assert "`s=abc` can't be used" in notes and "`b=2` is outside" in notes
    assert "`k=-5` is outside" in notes
    assert metrics(bad)["step size s"] == "0.05"
    assert scenes(bad)[0]["params"] == {"s": 0.05, "k": 1, "b": 0.99}


def test_predict_double_the_step():
    """Test that doubling s = 0.05 lands on the limit 0.1: the reveal says slower."""
    at = open_page(PAGE, VALLEY)
    at.button(key="gd.double.reveal").click().run()
    expect_no_exception(at)
    assert any("The answer: **slower**" in e.value and "2/λ_max = 0.1" in e.value for e in at.info)


def test_gradient_field_path_links_here():
    """Test that the gradient page's path toggle offers this page with the same f, p, s and k."""
    at = open_page("gradient_field", {"f": "x^2 + 10y^2", "p": "1,1", "g": "1", "s": "0.11",
                                      "k": "7"})
    expect_no_exception(at)
    (link,) = at.page_link
    assert link.proto.page.endswith("gradient-descent")
    assert link.proto.query_string == "f=x%5E2+%2B+10y%5E2&p=1%2C1&s=0.11&k=7"


def test_downloads_are_the_picture_at_p_and_its_params(tmp_path):
    """Test that the downloads are the scene at the page's start and params: its CSVs hold
    the two paths as worked by hand (s = 0.05, β = 0.5 from (1, 1): plain (0.9, 0), (0.81, 0);
    momentum (0.9, 0), then (0.81, 0) + 0.5·((0.9, 0) − (1, 1)) = (0.76, −0.5)), and its
    self-contained script runs and writes the figure."""
    at = open_page(PAGE, {**VALLEY, "k": "2"})
    offer = at.session_state["gv.live.point_section.downloads"]["gradient_descent"]  # the map's row
    picture = offer["scene"]
    assert picture.point[:2] == (1.0, 1.0) and picture.values() == {"s": 0.05, "k": 2, "b": 0.5}
    tables = scene.tables(picture)

    def rows(name):
        return np.loadtxt(tables[name].splitlines()[1:], delimiter=",", ndmin=2)[:, 1:]

    assert np.allclose(rows("descent_path.csv"), [[1, 1], [0.9, 0], [0.81, 0]])
    assert np.allclose(rows("momentum_path.csv"), [[1, 1], [0.9, 0], [0.76, -0.5]])
    (tmp_path / "gd.py").write_text(export.scene_script(picture))
    done = subprocess.run([sys.executable, "gd.py"], cwd=tmp_path, capture_output=True,
                          timeout=120, env={"MPLBACKEND": "Agg", "PATH": ""})
    assert done.returncode == 0, done.stderr.decode()[-800:]
    assert any(p.suffix == ".png" for p in tmp_path.iterdir())
