"""Frame data (gradviz.topics.animation_data) and the animated Plotly figures (gradviz.figures.animate)."""

from __future__ import annotations

import json
import math

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

import gradviz
from gradviz import ExpressionError, sampling
from gradviz.domain import Domain
from gradviz.figures import animate
from gradviz.topics import animation_data, steepest_ascent

COURSE = gradviz.parse("[x^2 - y, y^2 + x]")
BOWL = gradviz.parse("x^2 + 3y^2")


def _controls_ok(fig: animate.AnimatedFigure, count: int) -> None:
    """The figure holds ``count`` frames, one slider step per frame, Play and Pause."""
    d = fig.to_dict()
    assert len(d["frames"]) == count == fig.frame_count
    names = [fr["name"] for fr in d["frames"]]
    assert len(set(names)) == count
    (slider,) = d["layout"]["sliders"]
    assert [s["args"][0] for s in slider["steps"]] == [[n] for n in names]
    assert all(s["method"] == "animate" for s in slider["steps"])
    assert all(s["args"][1]["transition"]["duration"] == 0 for s in slider["steps"])
    (menu,) = d["layout"]["updatemenus"]
    play, pause = menu["buttons"]
    assert play["label"].endswith("Play") and pause["label"].endswith("Pause")
    assert play["method"] == pause["method"] == "animate"
    assert play["args"][0] is None  # all frames, in order
    assert play["args"][1]["frame"]["duration"] == animate.FRAME_MS
    assert play["args"][1]["transition"]["duration"] == 0
    assert play["args"][1]["frame"]["redraw"] is False
    assert pause["args"][0] == [None]
    # frames touch only the traces that move, never the static ones
    moved = d["frames"][0]["traces"]
    assert all(fr["traces"] == moved for fr in d["frames"])
    assert 0 < len(moved) < len(d["data"])
    assert all(len(fr["data"]) == len(moved) for fr in d["frames"])


def _valid_plotly(fig) -> dict:
    """Re-validate the serialised figure as a plain go.Figure (frames and controls included)."""
    d = fig.to_dict()
    again = go.Figure(d)  # raises on any invalid property
    assert len(again.frames) == len(d["frames"])
    return json.loads(pio.to_json(d, validate=False))


# -- θ sweep -----------------------------------------------------------------------------------
def test_theta_star_frame_is_the_maximum_and_equals_the_gradient_norm(rng):
    """Test that the θ* frame's D_u f equals |∇f| and no frame is larger, for random gradients."""
    for g in rng.normal(size=(20, 2)) * 3:
        t = animation_data.theta_from_gradient(g)
        k = t["star_frame"]
        assert t["value"][k] == pytest.approx(np.hypot(*g), rel=1e-12)
        assert t["value"].max() == pytest.approx(t["value"][k], rel=1e-12)
        assert t["theta"][k] == pytest.approx(np.degrees(np.arctan2(g[1], g[0])) % 360)
        assert len(t["theta"]) == 73 and np.all(np.diff(t["theta"]) > 0)


def test_theta_frames_values_are_the_dot_product():
    """Test that D_u f at every frame is ∇f·u for the unit vector u at θ, and u is unit length."""
    f = gradviz.parse("sin(x*y)")
    t = animation_data.theta_frames(f, (1.0, 2.0))
    g = gradviz.gradient_at(f, (1.0, 2.0))
    rad = np.radians(t["theta"])
    np.testing.assert_allclose(t["u"], np.column_stack([np.cos(rad), np.sin(rad)]))
    np.testing.assert_allclose(t["value"], t["u"] @ g, atol=1e-14)
    np.testing.assert_allclose(np.hypot(*t["u"].T), 1.0)
    # the foot of u on ∇f's line, times |∇f|, is D_u f
    np.testing.assert_allclose(t["foot"] @ g, t["value"], atol=1e-12)


def test_theta_step_on_the_gradient_angle_adds_no_frame():
    """Test that θ* falling on a 5° step gives 72 frames with that step as the θ* frame."""
    t = animation_data.theta_from_gradient([1.0, 1.0])
    assert len(t["theta"]) == 72 and t["theta"][t["star_frame"]] == 45.0


@pytest.mark.parametrize("g, defined", [([0.0, 0.0], False), ([np.nan, 1.0], False)])
def test_theta_without_a_direction(g, defined):
    """Test that ∇f = 0 or undefined gives frames (no θ*) and a figure that says so."""
    t = animation_data.theta_from_gradient(g)
    assert t["defined"] is defined and t["star_frame"] == -1 and np.isnan(t["theta_star"])
    fig = animate.theta_sweep(t)
    _controls_ok(fig, 72)
    caption = fig.to_dict()["frames"][5]["data"][-1]["text"][0]
    assert "∇f" in caption and ("0" in caption or "undefined" in caption)
    _valid_plotly(fig)


def test_theta_frames_rejects_vector_functions():
    """Test that the θ sweep asks for a scalar function."""
    with pytest.raises(ExpressionError):
        animation_data.theta_frames(COURSE, (1, 1))


def test_theta_sweep_figure():
    """Test that the θ sweep has a frame per angle, the controls, and per-frame numbers."""
    t = animation_data.theta_from_gradient([5.0, 2.0])
    fig = animate.theta_sweep(t)
    _controls_ok(fig, len(t["theta"]))
    d = _valid_plotly(fig)
    k = t["star_frame"]
    caption = d["frames"][k]["data"][-1]["text"][0]
    assert f"{np.hypot(5, 2):.4g}" in caption and "maximum" in caption
    # the marker on the curve sits at (θ, D_u f) of its frame
    marker = d["frames"][k]["data"][2]
    assert marker["x"][1] == pytest.approx(t["theta"][k])
    assert marker["y"][1] == pytest.approx(t["value"][k], rel=1e-5)
    assert d["layout"]["sliders"][0]["steps"][k]["label"].endswith("θ*")
    assert d["layout"]["font"]["size"] >= 16


def test_theta_sweep_starts_at_the_active_frame():
    """Test that ``active`` puts the slider and the initial picture on that frame."""
    t = animation_data.theta_from_gradient([1.0, 2.0])
    d = animate.theta_sweep(t, active=10).to_dict()
    assert d["layout"]["sliders"][0]["active"] == 10
    assert d["data"][-1]["text"] == d["frames"][10]["data"][-1]["text"]


# -- axis rotation -----------------------------------------------------------------------------
def test_rotation_heuristic_is_always_an_axis_direction(rng):
    """Test that the largest-component rule always picks ± e₁′ or ± e₂′ (0, 90, 180, 270°)."""
    for g in rng.normal(size=(10, 2)):
        r = animation_data.rotation_from_gradient(g)
        hd, e1, e2 = r["heuristic_direction"], r["e1"], r["e2"]
        along = np.maximum(np.abs(np.sum(hd * e1, axis=1)), np.abs(np.sum(hd * e2, axis=1)))
        np.testing.assert_allclose(along, 1.0, atol=1e-12)
        assert set(r["heuristic_angle_rotated"].tolist()) <= {0.0, 90.0, 180.0, 270.0}
        # … and it is the axis with the largest |component|
        k = np.argmax(np.abs(r["components"]), axis=1)
        chosen = np.where(k[:, None] == 0, e1, e2) * np.sign(
            r["components"][np.arange(len(k)), k])[:, None]
        np.testing.assert_allclose(hd, chosen, atol=1e-12)


def test_rotation_gradient_angle_in_rotated_axes_is_original_minus_alpha(rng):
    """Test that ∇f's angle seen from axes turned by α is θ* − α (mod 360) for every frame."""
    for g in rng.normal(size=(10, 2)):
        r = animation_data.rotation_from_gradient(g)
        expect = (np.degrees(np.arctan2(g[1], g[0])) - r["alpha"]) % 360
        diff = (r["gradient_angle_rotated"] - expect + 180) % 360 - 180
        np.testing.assert_allclose(diff, 0, atol=1e-9)
        np.testing.assert_allclose(np.sum(r["e1"] * r["e2"], axis=1), 0, atol=1e-15)
        # the components are ∇f in the rotated basis
        np.testing.assert_allclose(r["components"][:, 0], r["e1"] @ g, atol=1e-12)


def test_rotation_frames_from_a_function():
    """Test that rotation_frames uses ∇f at the point (72 frames for 5° steps)."""
    f = gradviz.parse("5x + 2y")
    r = animation_data.rotation_frames(f, (0, 0))
    assert len(r["alpha"]) == 72
    assert r["gradient_angle"] == pytest.approx(np.degrees(np.arctan2(2, 5)))


def test_rotation_sweep_figure():
    """Test that the rotation figure has a frame per α and writes α and both angles."""
    r = animation_data.rotation_from_gradient([5.0, 2.0])
    fig = animate.rotation_sweep(r)
    _controls_ok(fig, 72)
    d = _valid_plotly(fig)
    caption = d["frames"][9]["data"][-1]["text"][0]  # α = 45°
    assert caption.startswith("α = 45°")
    # by hand: ∇f = (5, 2) is at atan2(2, 5) = 21.80141°, seen from axes turned by 45° at
    # 336.80141°; the closest of ±e₁′, ±e₂′ is e₁′, at 0°
    assert "at 336.8014°" in caption and "rule at 0°" in caption
    # the rotated axes' labels are both drawn (no gap in that trace)
    axes = d["frames"][9]["data"][0]
    assert None not in axes["x"]


def test_rotation_without_a_gradient():
    """Test that a zero gradient still gives a figure, which says there is no direction."""
    fig = animate.rotation_sweep(animation_data.rotation_from_gradient([0.0, 0.0]))
    _controls_ok(fig, 72)
    assert "no steepest direction" in fig.to_dict()["frames"][0]["data"][-1]["text"][0]


# -- gradient descent --------------------------------------------------------------------------
def test_descent_values_decrease_for_a_convex_function():
    """Test that f falls at every step of descent on a convex bowl with a small step."""
    d = animation_data.descent_frames(BOWL, (1.8, 1.5), 0.05, 150, Domain.square(-2, 2), 40)
    assert np.all(np.diff(d["values"]) < 0)
    assert d["values"][-1] < 1e-6
    np.testing.assert_allclose(d["values"], BOWL(*d["path"].T))
    assert d["z"].shape == (40, 40) and d["frames"].tolist() == list(range(151))


def test_ascent_values_increase():
    """Test that ascent climbs: f grows at every step."""
    d = animation_data.descent_frames(gradviz.parse("-(x^2 + y^2)"), (1.0, -1.0), 0.1, 20,
                              Domain.square(-2, 2), 20, ascent=True)
    assert np.all(np.diff(d["values"]) > 0)


def test_descent_subsamples_long_paths():
    """Test that more steps than frames give at most max_frames frames, first and last included."""
    d = animation_data.descent_frames(BOWL, (1.8, 1.5), 0.001, 1000, Domain.square(-2, 2), 30)
    assert len(d["path"]) == 1001
    idx = d["frames"]
    assert len(idx) == 200 and idx[0] == 0 and idx[-1] == 1000 and np.all(np.diff(idx) > 0)
    fig = animate.descent_steps(d)
    _controls_ok(fig, 200)
    size = len(fig.to_json())
    assert size < 2_000_000, size
    out = fig.to_dict()
    assert out["frames"][-1]["data"][0]["x"][-1] == pytest.approx(d["path"][-1, 0], abs=2e-5)


def test_descent_figure_reveals_the_path_step_by_step():
    """Test that frame k shows the first k+1 points, the current point and its f value."""
    d = animation_data.descent_frames(BOWL, (1.5, 1.0), 0.05, 60, Domain.square(-2, 2), 30)
    fig = animate.descent_steps(d)
    _controls_ok(fig, 61)
    out = _valid_plotly(fig)
    fr = out["frames"][12]["data"]
    assert len(fr[0]["x"]) == 13
    assert fr[1]["x"][0] == pytest.approx(d["path"][12, 0], abs=2e-5)
    caption = fr[2]["text"][0]
    assert caption.startswith("step 12 of 60:  f = ")
    shown = float(caption.split("f = ")[1].split()[0])  # 4 decimals
    assert abs(shown - d["values"][12]) <= 5e-5
    # the coloured bands are an image under the axes (a contour trace would vanish while
    # the animation plays without redraws), the level curves a scatter trace
    assert out["layout"]["images"][0]["source"].startswith("data:image/png;base64,")
    assert all(t["type"] == "scatter" for t in out["data"])


def test_descent_frames_are_the_static_path():
    """Test that the animation plays the static path: the same points, z held (xz + y²).

    The gradient-field page draws sampling.gradient_path; its animation must end where
    that path ends. ∇(xz + y²) = (z, 2y, x): with z held at 1, five steps of 0.1 move x
    by 0.1 each (to 1.5) and multiply y by 1.2.
    """
    f = gradviz.parse("x*z + y^2")
    dom = Domain.square(-3, 3)
    static = sampling.gradient_path(f, (1.0, 1.0, 1.0), 0.1, 5, True, dom)
    d = animation_data.descent_frames(f, (1.0, 1.0, 1.0), 0.1, 5, dom, 20, ascent=True)
    assert np.array_equal(d["path"], static[:, :2])
    np.testing.assert_allclose(d["path"][:, 0], [1.0, 1.1, 1.2, 1.3, 1.4, 1.5])
    np.testing.assert_allclose(d["path"][:, 1], [1.2 ** k for k in range(6)])
    np.testing.assert_allclose(d["values"], 1.0 * d["path"][:, 0] + d["path"][:, 1] ** 2)
    long = animation_data.descent_frames(BOWL, (1.8, 1.5), 0.001, 1000, dom, 20, max_frames=50)
    static = sampling.gradient_path(BOWL, (1.8, 1.5), 0.001, 1000, False, dom)
    assert np.array_equal(long["path"][long["frames"]], static[long["frames"]])


def test_theta_frames_are_samples_of_the_static_curve():
    """Test that every θ frame is a point of the steepest-ascent page's static D_u f curve.

    For f = x² + 3xy at (1, 2): ∇f = (2x + 3y, 3x) = (8, 3), by hand; D_u f at θ is
    8 cos θ + 3 sin θ.
    """
    f = gradviz.parse("x^2 + 3x*y")
    static = steepest_ascent.directional_curve(f, (1.0, 2.0))
    t = animation_data.theta_frames(f, (1.0, 2.0))
    where = {th: k for k, th in enumerate(static.theta.tolist())}
    assert all(th in where for th in t["theta"].tolist())
    idx = [where[th] for th in t["theta"].tolist()]
    assert np.array_equal(t["value"], static.value[idx])
    assert np.array_equal(t["curve_theta"], static.theta)
    assert np.array_equal(t["curve_value"], static.value)
    rad = np.radians(t["theta"])
    np.testing.assert_allclose(t["value"], 8 * np.cos(rad) + 3 * np.sin(rad), atol=1e-12)
    assert t["theta_star"] == pytest.approx(math.degrees(math.atan2(3, 8)))
    assert t["value"][t["star_frame"]] == pytest.approx(math.hypot(8, 3), rel=1e-14)


def test_descent_image_is_the_bands_of_the_colour_scale():
    """Test that the PNG under the descent animation decodes to f's bands in the colour bar's
    colours (matplotlib's viridis), transparent where f is undefined."""
    import base64
    import io

    from matplotlib import colormaps
    from PIL import Image

    d = animation_data.descent_frames(gradviz.parse("log(x) + y^2"), (1.0, 1.0), 0.05, 10,
                              Domain.square(-2, 2), 24)
    out = animate.descent_steps(d).to_dict()
    src = out["layout"]["images"][0]["source"]
    img = np.asarray(Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))))
    z = d["z"][::-1]  # image rows run top to bottom
    assert img.shape == z.shape + (4,)
    assert np.all(img[..., 3] == np.where(np.isfinite(z), 255, 0))
    bands = d["levels"].size + 1
    band = np.searchsorted(d["levels"], z[np.isfinite(z)])
    want = np.round(np.asarray(colormaps["viridis"]((band + 0.5) / bands))[:, :3] * 255)
    assert np.array_equal(img[np.isfinite(z)][:, :3], want.astype(np.uint8))
    scale = next(t["marker"]["colorscale"] for t in out["data"]
                 if isinstance(t.get("marker"), dict) and "colorscale" in t["marker"])
    r, g, b = want[0].astype(int)
    assert f"rgb({r},{g},{b})" in [c for _, c in scale]


def test_descent_rejects_bad_input():
    """Test that vector functions, wrong start points and bad steps are refused."""
    dom = Domain.square(-1, 1)
    with pytest.raises(ExpressionError):
        animation_data.descent_frames(COURSE, (0, 0), 0.1, 10, dom)
    with pytest.raises(ExpressionError):
        animation_data.descent_frames(BOWL, (0, 0, 0), 0.1, 10, dom)
    with pytest.raises(ExpressionError):
        animation_data.descent_frames(BOWL, (0, 0), -0.1, 10, dom)


def test_descent_over_an_undefined_region():
    """Test that a function undefined on part of the view still gives a valid figure."""
    d = animation_data.descent_frames(gradviz.parse("log(x) + y^2"), (1.0, 1.0), 0.05, 30,
                              Domain.square(-2, 2), 30, ascent=True)
    assert np.isnan(d["z"]).any()
    _valid_plotly(animate.descent_steps(d))


# -- level curves ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["sin(x*y)", "x^2 - y^2", "x^3 - 3x*y^2"])
def test_level_lines_lie_on_their_levels(text):
    """Test that the marching-squares segments lie on f = c (to the grid's resolution)."""
    f = gradviz.parse(text)
    X, Y, Z = sampling.evaluate_grid(f, Domain.square(-1.5, 1.5), 61)
    for c in (-0.5, 0.3):
        seg = animation_data.level_lines(X[0], Y[:, 0], Z, [c])
        pts = seg[:, np.isfinite(seg[0])]
        assert pts.shape[1] > 10
        assert np.max(np.abs(f(*pts) - c)) < 0.05


def test_level_lines_of_a_saddle_cell():
    """Test that a saddle cell gives two segments, split by the centre value."""
    x = y = np.array([0.0, 1.0])
    z = np.array([[1.0, 0.0], [0.0, 1.0]])  # z00 = z11 = 1 above 0.5, the others below
    seg = animation_data.level_lines(x, y, z, [0.5])
    assert seg.shape == (2, 6)  # two segments (a point, a point, a gap each)
    z_low = z - 0.2  # centre 0.3 < 0.5: now z00 and z11 are cut off
    seg2 = animation_data.level_lines(x, y, z_low, [0.5])
    assert seg2.shape == (2, 6)
    assert not np.allclose(np.nan_to_num(seg), np.nan_to_num(seg2))


# -- the figure object -------------------------------------------------------------------------
def test_animated_figure_serialises_like_a_plain_figure():
    """Test that st.plotly_chart's path (to_dict, validated) keeps frames, sliders and menus."""
    import plotly.tools

    fig = animate.rotation_sweep(animation_data.rotation_from_gradient([5.0, 2.0]))
    d = plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True)
    assert len(d["frames"]) == 72 and d["layout"]["sliders"] and d["layout"]["updatemenus"]
    assert len(fig.frames) == 72 and isinstance(fig.frames[0], go.Frame)
    fig.frames = fig.frames[:3]  # setting frames (as Frame objects) works too
    assert fig.frame_count == 3
    fig.layout.title.text = "changed"  # the rest is an ordinary go.Figure
    assert fig.to_dict()["layout"]["title"]["text"] == "changed"


def test_numbers_are_rounded_and_nan_is_null():
    """Test that frame numbers are JSON-ready: 6 significant digits, nan and inf as null."""
    assert animate._nums([np.pi * 1000, np.nan, -np.inf]) == [3141.59, None, None]
    assert animate._nums([np.nan, np.nan]) == [None, None]
    assert json.dumps(animate._nums(np.linspace(0, 1, 7)), allow_nan=False)


@pytest.mark.parametrize("scale", [1.0, 1.35])
def test_fonts_are_projector_sized(scale):
    """Test that every figure's fonts are at least 16 px (scaled in lecture mode)."""
    figs = [animate.theta_sweep(animation_data.theta_from_gradient([1, 2]), scale=scale),
            animate.rotation_sweep(animation_data.rotation_from_gradient([1, 2]), scale=scale)]
    for fig in figs:
        d = fig.to_dict()
        assert d["layout"]["font"]["size"] == round(16 * scale)
        assert d["layout"]["xaxis2"]["tickfont"]["size"] >= 16
        assert d["layout"]["sliders"][0]["currentvalue"]["font"]["size"] >= 16
        assert d["layout"]["updatemenus"][0]["font"]["size"] >= 16


def test_captions_sit_on_hidden_strip_axes_inside_their_range():
    """Test that each figure's per-frame caption is inside the range of hidden axes of its own.

    (Above the plots' own range Plotly would hide or clip it.)
    """
    figs = [animate.theta_sweep(animation_data.theta_from_gradient([1, 2])),
            animate.rotation_sweep(animation_data.rotation_from_gradient([1, 2])),
            animate.descent_steps(animation_data.descent_frames(BOWL, (1, 1), 0.1, 10,
                                                        Domain.square(-2, 2), 20))]
    for fig in figs:
        d = fig.to_dict()
        cap = d["data"][-1]
        assert cap["mode"] == "text" and cap["xaxis"] == "x3" and cap["yaxis"] == "y3"
        strip = d["layout"]["yaxis3"]
        assert strip["visible"] is False and strip["range"][0] <= cap["y"][0] <= strip["range"][1]
        assert len(d["data"]) - 1 in d["frames"][0]["traces"]
