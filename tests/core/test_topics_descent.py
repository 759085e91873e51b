"""Core computations of the gradient-descent page (gradviz.topics.descent), worked by hand.

On the valley f = x² + 10y², ∇f = (2x, 20y), so a step of size s multiplies x by 1 − 2s and
y by 1 − 20s; the Hessian is diag(2, 20) everywhere: λ_max = 20, the limit 2/λ_max = 0.1.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize

import gradviz
from gradviz import Domain
from gradviz.figures import descent as charts
from gradviz.formatting import vector
from gradviz.scene import draw
from gradviz.topics import descent

VALLEY = "x^2 + 10y^2"
VIEW = Domain.square(-2, 2)


def valley(s, k, beta=0.0, start=(1, 1)):
    return descent.run(gradviz.parse(VALLEY), start, s, k, beta, VIEW)


def test_three_steps_of_005_reach_0729_0():
    """Test that s = 0.05 from (1, 1) gives (0.9, 0), (0.81, 0), (0.729, 0): y is done at once."""
    d = valley(0.05, 3)
    assert np.allclose(d.plain.points, [[1, 1], [0.9, 0], [0.81, 0], [0.729, 0]], rtol=0,
                       atol=1e-12)
    assert "After 3 steps it is at (0.729, 0)" in d.plain.statement
    assert d.regime == "smooth" and "it is done in one step" in d.regime_text
    assert dict(d.metrics)["limit 2/λ_max"] == "0.1"


def test_step_011_diverges_y_times_minus_12():
    """Test that s = 0.11 multiplies y by 1 − 2.2 = −1.2 a step and leaves the view at step 8
    (|y| = 1.2⁸ ≈ 4.2998 > 4, the view [−2, 2]² grown by half its span; 1.2⁷ ≈ 3.58 < 4)."""
    d = valley(0.11, 30)
    y = d.plain.points[:, 1]
    assert np.allclose(y[1:] / y[:-1], -1.2)
    assert d.regime == "diverging" and d.tone == "error"
    assert "grows by a factor 1.2 a step, alternating in sign" in d.regime_text
    assert "Along y, each step multiplies the distance to the minimum by 1 − sλ_max = -1.2" \
        in d.regime_text
    assert len(d.plain.points) == 9 and d.plain.stop == "left" and d.plain.diverged
    assert d.plain.statement.startswith("**It diverges.** At step 8 the run left the view")
    assert f"(0.137, {1.2 ** 8:.4f})" in d.plain.statement  # x = 0.78⁸ = 0.1370


def test_the_limit_of_the_valley_is_01():
    """Test that λ_max = 20 exactly, 1/λ_max = 0.05 and 2/λ_max = 0.1, said to be exact."""
    m = valley(0.05, 1).minimum
    assert m.eigenvalues.tolist() == pytest.approx([2, 20])
    assert m.lam_max == pytest.approx(20) and m.exact
    assert np.allclose(m.point, 0, atol=1e-6)
    text = valley(0.05, 1).regime_text
    assert "λ_max = 20" in text and "1/λ_max = 0.05" in text and "2/λ_max = 0.1" in text
    assert "exact: f is quadratic" in text


@pytest.mark.parametrize("s, name, tone", [(0.02, "smooth", "success"), (0.05, "smooth", "success"),
                                           (0.08, "zig-zag", "info"), (0.1, "on the limit", "warning"),
                                           (0.11, "diverging", "error")])
def test_regimes_of_the_valley(s, name, tone):
    """Test the regime of s against 1/λ_max = 0.05 and 2/λ_max = 0.1 on x² + 10y²."""
    d = valley(s, 20)
    assert (d.regime, d.tone) == (name, tone)
    assert descent.regime(s, 20) == name


def test_zig_zag_alternates_and_on_the_limit_bounces():
    """Test that s = 0.08 multiplies y by −0.6 (it shrinks, alternating) and s = 0.1 by −1
    (y = ±1 forever)."""
    y = valley(0.08, 10).plain.points[:, 1]
    assert np.allclose(y, (-0.6) ** np.arange(11))
    d = valley(0.1, 10)
    assert np.allclose(d.plain.points[:, 1], (-1.0) ** np.arange(11))
    assert "it keeps its size, alternating in sign" in d.regime_text


def test_momentum_path_by_hand():
    """Test the heavy ball at s = 0.05, β = 0.5: x₁ = (0.9, 0), then
    x₂ = x₁ − 0.05·∇f(x₁) + 0.5(x₁ − x₀) = (0.9 − 0.09 − 0.05, 0 − 0 − 0.5) = (0.76, −0.5)."""
    d = valley(0.05, 2, 0.5)
    assert np.allclose(d.heavy.points, [[1, 1], [0.9, 0], [0.76, -0.5]], rtol=0, atol=1e-12)
    assert d.heavy.name == "momentum β = 0.5"
    direct = draw.descent_path(gradviz.gradient(gradviz.parse(VALLEY)), (1, 1), 0.05, 2, -1, 0.5,
                               (-2, 2, -2, 2))
    assert np.array_equal(direct, d.heavy.points)  # the scene's one path algorithm


def test_momentum_rates_and_its_wider_limit():
    """Test the heavy ball's rate √β where t² − (1 + β − sλ)t + β has complex roots (both λ at
    s = 0.05, β = 0.5: discriminants 1.4² − 2 < 0 and 0.5² − 2 < 0), plain |1 − sλ|, and that
    s = 0.11 converges with β = 0.5 (limit 2(1 + β)/λ_max = 0.15) while plain descent diverges."""
    assert descent.rate(0.05, [2, 20]) == pytest.approx(0.9)
    assert descent.rate(0.05, [2, 20], 0.5) == pytest.approx(math.sqrt(0.5))
    assert descent.rate(0.11, [2, 20]) == pytest.approx(1.2)
    d = valley(0.11, 60, 0.5)
    assert d.heavy.distances[-1] < 1e-6 and not d.heavy.diverged
    assert "2(1 + β)/λ_max = 0.15" in d.momentum_text
    assert "≈ 7 steps per digit" in d.momentum_text  # ln 10 / −ln √0.5 = 6.64


def test_double_the_step_question():
    """Test that doubling 0.04 is faster (|1 − 0.08·2| = 0.84 < 0.92), doubling 0.05 lands on the
    limit 0.1 (slower: factor 1), and doubling 0.06 passes it (blows up)."""
    answers = {s: valley(s, 1).double_question for s in (0.04, 0.05, 0.06)}
    assert {s: q[1][q[2]] for s, q in answers.items()} == {
        0.04: "faster", 0.05: "slower", 0.06: "it blows up"}
    assert answers[0.06][0] == "Double the step to s = 0.12: faster, or does it blow up?"
    assert answers[0.04][3].startswith("2s = 0.08 is below the limit 2/λ_max = 0.1: near the "
                                       "minimum the distance is multiplied by 0.84 a step "
                                       "instead of 0.92")
    assert answers[0.05][3].startswith("2s = 0.1 is exactly the limit 2/λ_max = 0.1: along the "
                                       "steepest direction each step flips the sign")
    assert answers[0.05][3].endswith("where s = 0.05 shrinks the distance by a factor 0.9 a step.")
    assert answers[0.06][3] == "2s = 0.12 is above the limit 2/λ_max = 0.1."


def test_rosenbrock_limit_is_local():
    """Test λ_max at (1, 1) of (1 − x)² + 100(y − x²)²: H = [[802, −400], [−400, 200]], so
    λ_max = (1002 + √(602² + 4·400²))/2 = 1001.6006, and the limit is called local."""
    d = descent.run(gradviz.parse("(1 - x)^2 + 100(y - x^2)^2"), (-1, 1), 0.001, 50, 0.9,
                    Domain(-2, 2, -1, 3))
    assert np.allclose(d.minimum.point, (1, 1), atol=1e-5)
    assert d.minimum.lam_max == pytest.approx((1002 + math.sqrt(602**2 + 4 * 400**2)) / 2, rel=1e-6)
    assert not d.minimum.exact and "local: f is not quadratic" in d.regime_text


def test_sin_xy_minimum_lies_on_its_valley():
    """Test that the run from (1, 2) approaches xy = 3π/2 (sin = −1), where the Hessian
    [[y², xy], [xy, x²]] has eigenvalues 0 and x² + y²."""
    d = descent.run(gradviz.parse("sin(x*y)"), (1, 2), 0.05, 100, 0.0, Domain.square(0, 4))
    x, y = d.minimum.point
    assert x * y == pytest.approx(3 * math.pi / 2, abs=1e-5)
    assert d.minimum.lam_max == pytest.approx(x * x + y * y, rel=1e-5)
    assert d.regime in ("smooth", "zig-zag")


@pytest.mark.parametrize("text", ["x + y", "x^2 - y^2", "x^3*y"])
def test_no_minimum_is_said(text):
    """Test that a plane, a saddle and x³y (a flat line through a saddle) have no minimum to
    speak of, and the page says so rather than giving a limit."""
    d = descent.run(gradviz.parse(text), (0.5, 0.5), 0.05, 100, 0.5, VIEW)
    assert d.minimum is None and d.regime == "" and d.double_question is None
    assert "No minimum near this run" in d.regime_text
    assert dict(d.metrics)["limit 2/λ_max"] == "none"
    assert len(charts.iteration_panels(d)) == 1


@pytest.mark.parametrize("text, corner", [("|x| + |y|", (0, 0)), ("|x - 1| + 2|y|", (1, 0)),
                                          ("sqrt(x^2 + y^2)", (0, 0)), ("|x| + y^2", (0, 0))])
def test_a_minimum_at_a_corner_is_said_to_be_one(text, corner):
    """Test that a minimum where f has a corner is named with its point, and neither "no
    minimum" (|x| + |y| was) nor "flat" (when the run ended exactly at 0, where numpy's ∇f
    and Hessian are 0): there is no λ_max, and the run ends hopping across the corner."""
    d = descent.run(gradviz.parse(text), (1.2, 0.7), 0.05, 200, 0.5, VIEW)
    assert d.minimum is None and d.regime == "corner" and d.double_question is None
    assert f"at {vector(corner)}, where it has a corner" in d.regime_text
    assert dict(d.metrics)["regime"] == "corner" and d.tone == "info"
    ends = np.linalg.norm(d.plain.points[-2:] - np.array(corner), axis=1)
    assert ends.max() < 0.2 and ends.min() > 0  # hopping across it, never on it


@pytest.mark.parametrize("text, s", [("x^2 + 10y^2", 10.0), ("e^(x^2 + y^2)", 1.0),
                                     ("x^2 + 10y^2", 1e4), ("sqrt(x) + y^2", 0.9)])
def test_a_run_away_never_shows_nan_and_stops(text, s):
    """Test that huge steps stop at once with a finite point and no nan/inf in the words (where
    f has no value they say so)."""
    d = descent.run(gradviz.parse(text), (1, 1), s, 500, 0.9, VIEW)
    for run in d.runs:
        assert len(run.points) <= 3 and np.all(np.isfinite(run.points))
        assert np.all(np.isfinite(run.values)) or "f = undefined" in run.statement
        assert not any(w in run.statement.lower() for w in ("nan", "inf"))
    assert "nan" not in d.regime_text.lower()


def test_sqrt_stops_before_a_point_where_f_is_undefined():
    """Test that √x + y² from (1, 1) with s = 0.9 goes to (1 − 0.45, 1 − 1.8) = (0.55, −0.8),
    and stops there: the next step, to x = 0.55 − 0.9·0.5/√0.55 < 0, lands where f has no
    value (it went there, and the words gave its f as undefined)."""
    d = descent.run(gradviz.parse("sqrt(x) + y^2"), (1, 1), 0.9, 10, 0.0, VIEW)
    assert np.allclose(d.plain.points, [[1, 1], [0.55, -0.8]])
    assert d.plain.stop == "undefined"
    assert ("At step 1 the run stops at (0.55, -0.8), f = 1.3816" in d.plain.statement
            and d.plain.statement.endswith("the next step would land where f has no value."))


def test_descent_never_steps_where_f_is_undefined():
    """Test that log(x) + y² from (1, 1) with s = 0.1 and β = 0.5 (the student's run, which
    stepped to x = −0.0016, then to x = 63.7, and said f kept falling) stops before x < 0,
    with and without momentum, as the picture's paths do; and that √x + y² stops where ∇f
    has no value (at x = 0, f is 1 there)."""
    d = descent.run(gradviz.parse("log(x) + y^2"), (1, 1), 0.1, 30, 0.5, Domain(0, 4, -2, 2))
    for run in d.runs:
        assert run.stop == "undefined" and (run.points[:, 0] > 0).all()
        assert np.isfinite(run.values).all() and run.values[-1] < run.values[0]
        assert "f keeps falling" not in run.statement
    d = descent.run(gradviz.parse("sqrt(x) + y^2"), (0.5, 1), 0.5, 30, 0.0, VIEW)
    x = d.plain.points[:, 0]
    assert d.plain.stop == "undefined" and (x >= 0).all()
    assert x[-1] == 0 or d.plain.statement.endswith("f has no value.")


def test_the_step_size_on_its_limit_never_reaches_the_minimum():
    """Test the words at s = 2/λ_max: on x² + 10y² y bounces for ever while x still shrinks by
    0.8 a step, so the run never reaches the minimum (it said "neither closer nor farther",
    yet the distance falls from 1.414 to 1); on the round bowl x² + y² at s = 1 it is both."""
    d = valley(0.1, 30)
    assert "along y the path bounces between two walls forever, so it never reaches the " \
        "minimum" in d.regime_text and "neither closer" not in d.regime_text
    assert d.plain.distances[-1] < d.plain.distances[0]
    bowl = descent.run(gradviz.parse("x^2 + y^2"), (1, 1), 1.0, 10, 0.0, VIEW)
    assert "neither closer nor farther" in bowl.regime_text
    assert np.allclose(bowl.plain.distances, bowl.plain.distances[0])
    assert "never reaches the minimum" in valley(0.05, 1).double_question[3]


@pytest.mark.parametrize("text, start, s, k, view, answer", [
    ("(1 - x)^2 + 100(y - x^2)^2", (-1, 1), 0.001, 500, Domain(-2, 2, -1, 3), "faster"),
    ("sin(x) + cos(y)", (0, 1), 1.5, 30, Domain.square(-5, 5), "slower"),
    ("x^4 - 2x^2 + y^2", (0.5, 1), 0.3, 30, VIEW, "it blows up")])
def test_doubling_the_step_where_f_is_not_quadratic_is_told_by_the_runs(text, start, s, k, view,
                                                                          answer):
    """Test "double the step" where f is not quadratic: the limit at the minimum does not say
    what a run far from it does. Rosenbrock at 2s = 0.002 (over its limit 0.001997) ends lower
    than at 0.001 after 500 steps (it said "it blows up"); sin x + cos y at s = 3 wanders,
    bounded (|∇f| ≤ √2); the quartic at 0.6 leaves the view."""
    d = descent.run(gradviz.parse(text), start, s, k, 0.0, view)
    question, options, right, why = d.double_question
    assert options[right] == answer, why
    twice = descent.path(gradviz.parse(text), start, 2 * s, k, 0.0, view)
    f = gradviz.parse(text)
    if answer == "faster":
        assert f(*twice[-1]) < d.plain.values[-1] and "holds only near the minimum" in why


def test_a_step_too_large_for_the_minimum_of_a_non_quadratic_is_not_called_diverging():
    """Test that the quartic x⁴ − 2x² + y² at s = 0.3 (> 2/λ_max = 0.25 at its minimum (1, 0))
    is "too large to settle", a warning, not "diverging" in red: the run cycles between
    x ≈ 0.731 and 1.140, bounded; and that its minimum is (1, 0), not (1, −1.227e-12)."""
    d = descent.run(gradviz.parse("x^4 - 2x^2 + y^2"), (0.5, 1), 0.3, 30, 0.0, VIEW)
    assert (d.regime, d.tone) == ("too large to settle", "warning")
    assert "**Too large to settle**" in d.regime_text and not d.plain.diverged
    assert np.abs(d.plain.points).max() < 1.5
    assert d.minimum.point[1] == 0 and "minimum (1, 0)" in d.regime_text
    assert valley(0.11, 30).regime == "diverging"  # a quadratic's diverging is exact


def test_the_chart_caption_fits_the_chart():
    """Test that without a minimum the caption speaks of f on a linear scale, not of f − f*
    and the distance on log scales (the chart is then one panel of f)."""
    assert valley(0.05, 3).chart_caption == descent.CHART_CAPTION
    plane = descent.run(gradviz.parse("x + y"), (0.5, 0.5), 0.05, 10, 0.0, VIEW)
    assert "linear scale" in plane.chart_caption and "f*" not in plane.chart_caption.split("(")[0]


def test_library_is_scipy_from_the_same_start():
    """Test that the library's row is scipy's BFGS with the exact gradient, written by hand here."""
    d = valley(0.05, 30)
    ref = minimize(lambda v: v[0] ** 2 + 10 * v[1] ** 2, [1.0, 1.0],
                   jac=lambda v: np.array([2 * v[0], 20 * v[1]]), method="BFGS")
    lib = d.library
    assert (lib.iterations, lib.f_evaluations, lib.grad_evaluations) == (ref.nit, ref.nfev, ref.njev)
    assert np.allclose(lib.point, ref.x) and lib.success
    row = d.table[-1]
    assert row["iterations"] == str(ref.nit) and row["within 10⁻⁶ of the minimum"] == "yes"
    assert d.table[0]["iterations"] == "30 steps" and d.table[0]["∇f evaluations"] == "30"
    # on the page a method is a column (four columns fit a phone), each measure a row
    shown = {row[""]: row for row in d.by_method}
    assert len(d.by_method) == 6 and len(d.by_method[0]) == 1 + len(d.table)
    assert shown["iterations"][d.table[-1]["method"]] == str(ref.nit)
    assert shown["∇f evaluations"][d.table[0]["method"]] == "30"


def test_iteration_panels_are_log_scaled_gap_and_distance():
    """Test that the panels plot f(x_k) − f* = 0.9^2k and ‖x_k‖ = 0.9^k (k ≥ 1) on log axes."""
    d = valley(0.05, 5, 0.0)
    gap, dist = charts.iteration_panels(d)
    assert gap["encoding"]["y"]["scale"]["type"] == "log"
    rows = next(iter(gap["datasets"].values()))
    assert np.allclose(rows["y"].to_numpy(), 0.81 ** np.arange(6) + 10 - 10 * (np.arange(6) > 0)
                       - d.minimum.value, rtol=1e-6)  # f(x₀) = 1 + 10
    rows = next(iter(dist["datasets"].values()))
    assert np.allclose(rows["y"].to_numpy()[1:], 0.9 ** np.arange(1, 6), atol=1e-6)


def test_minimum_of_a_tower_of_squares_is_found_without_expanding():
    """Test that the descent page's minimum for a tower of squares plus y² (degree 2²⁰ if
    expanded) is answered, and not called exact (that is for quadratics)."""
    tower = "(" * 20 + "x^2 - 1" + ")^2 - 1" * 20 + " + y^2"
    m = descent.minimum_near(gradviz.parse(tower), (0.5, 0.5))
    assert m is not None and not m.exact


def test_the_end_of_page_question_is_true_and_not_answered_before_it():
    """Test the question after the page's run (it asked which direction limits s, which the
    regime box above it had just said): on x² + y², s = 0.5 lands on the minimum in one step
    from any start, s = 1 jumps to −p and back; the page's text before it does not say so."""
    question, options, right, why = descent.LIMITS_QUESTION
    assert options[right] == "s = 0.5"
    bowl = gradviz.parse("x^2 + y^2")
    for start in [(1, 1), (-1.7, 0.3), (0.2, -2)]:
        assert np.allclose(descent.path(bowl, start, 0.5, 1)[-1], 0, atol=1e-15)
        assert np.allclose(descent.path(bowl, start, 1.0, 2), [start, np.negative(start), start])
    told = descent.INTRO + descent.MAP_CAPTION + descent.CHART_CAPTION + valley(0.05, 30).regime_text
    assert "0.5" not in told and "round bowl" not in told
