"""A picture is one scene: the figure download, the script's picture and the data download are
the same picture, drawn from one description (gradviz/scene)."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

import gradviz
from gradviz import export
from gradviz import scene as sc
from gradviz.domain import Domain
from gradviz.topics import explore
from gradviz.topics.gradient_field import field_scene
from gradviz.topics.partials import slices_scene

#: the modules a Python with numpy and matplotlib (and nothing else) has
NUMPY_AND_MATPLOTLIB = ("numpy", "numpy.libs", "matplotlib", "mpl_toolkits", "contourpy", "cycler",
                        "kiwisolver", "pyparsing", "dateutil", "six.py", "packaging", "PIL",
                        "pillow.libs", "fontTools")


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory):
    """A command running a Python whose only packages are numpy and matplotlib (with what
    they need): links to them from this environment, the site folder and the working
    folder off the path."""
    site = Path(np.__file__).parents[1]
    folder = tmp_path_factory.mktemp("numpy_and_matplotlib")
    for name in NUMPY_AND_MATPLOTLIB:
        if (site / name).exists():
            (folder / name).symlink_to(site / name)
    boot = f"import sys, runpy; sys.path[:0] = [{str(folder)!r}]; runpy.run_path(sys.argv[1], run_name='__main__')"
    return [sys.executable, "-I", "-S", "-c", boot]


# views whose level curve through p has several branches (held out from the engine's tests)
VIEWS = [("x^2 - y^2", (-2.0, 2.0, -2.0, 2.0), (0.5, -0.5), 80),
         ("x*y", (-2.0, 2.0, -2.0, 2.0), (1.0, 0.0), 81),
         ("x^3 - 3*x*y^2", (-1.5, 1.5, -1.5, 1.5), (0.0, 0.0), 60),
         ("sin(x*y)", (0.0, 4.0, 0.0, 4.0), (1.0, 2.0), 80)]


def _scene(text, box, p, n, path=False):
    s = field_scene(gradviz.parse(text, variables=("x", "y")), Domain(*box), n, 12, path=path)
    return sc.Scene(**{**s.__dict__, "point": p})


def test_the_other_pictures_scripts_draw_their_figures(bare_python, tmp_path):
    """Test the same for pictures with panels beside the map: the steepest-ascent page's map
    with Dᵤf over θ (a panel fitted to what it draws), and its rotation test (no map)."""
    from gradviz.topics import steepest_ascent

    f = gradviz.parse("x^2 + 3*y")
    direction = steepest_ascent.direction_scene(f, Domain.square(-2, 2), 30, "x^2 + 3*y")
    for s in (sc.Scene(**{**direction.__dict__, "point": (1.0, 1.0)}),
              sc.Scene(**{**steepest_ascent.rotation_scene(f).__dict__, "point": (1.0, 1.0)})):
        (tmp_path / f"{s.name}.py").write_text(export.scene_script(s))
        out = subprocess.run([*bare_python, f"{s.name}.py"], cwd=tmp_path, capture_output=True,
                             text=True, timeout=300)
        assert out.returncode == 0, out.stderr[-2000:]
        from matplotlib.image import imread

        made = imread(tmp_path / f"{s.name}_script.png")
        figure = imread(io.BytesIO(sc.render(sc.drawing(s), "png")))
        assert made.shape == figure.shape and np.abs(made - figure).max() <= 2 / 255


def test_a_bare_python_has_no_sympy_and_no_gradviz(bare_python, tmp_path):
    """Test the test's own tool: the bare Python can't import sympy or gradviz."""
    probe = tmp_path / "probe.py"
    probe.write_text("import importlib.util as u\nprint(u.find_spec('sympy') is None, "
                     "u.find_spec('gradviz') is None, u.find_spec('matplotlib') is not None)\n")
    out = subprocess.run([*bare_python, str(probe)], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120)
    assert out.stdout.split() == ["True", "True", "True"], out


def _at(scene, p):
    return sc.Scene(**{**scene.__dict__, "point": p})


#: the explore pages' scenes: the functions page's maps (f, the slice of f(x, y, z), ‖f‖),
#: the vector-fields page's arrows (black; coloured, with streamlines; a field with holes)
EXPLORE = {
    "sin(xy)": lambda: _at(explore.function_scene(
        gradviz.parse("sin(x*y)"), Domain.square(0, 4), 100), (1.0, 2.0)),
    "slice z = 1.5": lambda: _at(explore.function_scene(
        gradviz.parse("x^2 + y^2 + e^z + x^z + x*y*z"), Domain.square(0.1, 2), 50, (1.5,)),
        (1.0, 1.0, 1.5)),
    "‖[x, sin y]‖": lambda: _at(explore.length_scene(
        gradviz.parse("[x, sin(y)]"), Domain(-5, 5, -5, 11.5)), (2.0, 10.0)),
    "[x, sin y]": lambda: _at(explore.field_scene(
        gradviz.parse("[x, sin(y)]"), Domain.square(-5, 5), 20), (2.0, 1.0)),
    "[x² − y, y² + x] coloured": lambda: _at(explore.field_scene(
        gradviz.parse("[x^2 - y, y^2 + x]"), Domain.square(-2, 2), 15, True, 6), (1.0, 1.0)),
    "[log x, 1/y]": lambda: _at(explore.field_scene(
        gradviz.parse("[log(x), 1/y]"), Domain.square(-1, 1), 12, False, 4), (0.5, 0.5)),
}


#: texts the script must print with care: variables named as the script's own n and p, the
#: sign function (whose derivative sympy writes with DiracDelta) and a point where f and ∇f
#: are undefined (1/0: no exception in the script)
ODD = {
    "x + n": lambda: _at(explore.function_scene(
        gradviz.parse("x + n"), Domain.square(-2, 2), 30), (0.5, 1.0)),
    "p·q": lambda: _at(field_scene(gradviz.parse("p*q"), Domain.square(-2, 2), 30, 8),
                       (1.0, 0.5)),
    "sign(x)·y": lambda: _at(field_scene(gradviz.parse("sign(x)*y"), Domain.square(-2, 2), 30,
                                         8), (0.5, 1.0)),
    "x/y at y = 0": lambda: _at(field_scene(gradviz.parse("x/y"), Domain.square(-2, 2), 40, 10),
                                (1.0, 0.0)),
}


def _slices(text, box, p, truth=None):
    s = slices_scene(gradviz.parse(text), Domain(*box), 41, p[2:])
    return sc.Scene(**{**s.__dict__, "point": p, "truth": truth or {}})


#: the partial-derivatives page's views: sin(xy), a corner of |x| + |y| (the page's truth:
#: no ∂f/∂x there) and the course's f(x, y, z), whose figure has a z-slice panel
SLICES = [("sin(x*y)", (0.0, 4.0, 0.0, 4.0), (1.0, 2.0)),
          ("|x| + |y|", (-2.0, 2.0, -2.0, 2.0), (0.0, 1.0), {"f": 1.0, "grad": (np.nan, 1.0)}),
          ("x^2 + y^2 + e^x + x^z + x*y*z", (0.1, 2.0, 0.1, 2.0), (1.0, 1.0, 2.0))]


@pytest.mark.parametrize("make, view", [*((_scene, (*v, True)) for v in VIEWS),
                                        *((_slices, v) for v in SLICES),
                                        *((make, ()) for make in EXPLORE.values()),
                                        *((make, ()) for make in ODD.values())],
                         ids=[v[0] for v in VIEWS] + [f"slices {v[0]}" for v in SLICES]
                         + list(EXPLORE) + list(ODD))
def test_the_script_runs_with_numpy_and_matplotlib_alone_and_draws_the_figure(
        bare_python, tmp_path, make, view):
    """Test that the downloaded script runs in a Python with only numpy and matplotlib,
    writes an image named unlike the figure download, and that image is the figure
    download's picture."""
    s = make(*view)
    (tmp_path / f"{s.name}.py").write_text(export.scene_script(s))
    out = subprocess.run([*bare_python, f"{s.name}.py"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    made = tmp_path / f"{s.name}_script.png"
    assert made.exists() and not (tmp_path / f"{s.name}.png").exists()
    from matplotlib.image import imread

    script_png = imread(made)
    figure_png = imread(io.BytesIO(sc.render(sc.drawing(s), "png")))
    assert script_png.shape == figure_png.shape
    assert np.abs(script_png - figure_png).max() <= 2 / 255  # the same picture, pixel for pixel


def _csv(files, name):
    return np.loadtxt(io.StringIO(files[name]), delimiter=",", skiprows=1, ndmin=2)


def test_the_course_examples_have_the_courses_numbers():
    """Test the explore pages' data downloads against the course's own numpy: the quiver of
    [x, sin y] on np.linspace(-5, 5, 20)² (its 400 arrows, at the same points), f(2, 10) =
    [2, −0.54402111], sin(xy) on [0, 4]² and ‖[x, sin y]‖."""
    files = sc.tables(EXPLORE["[x, sin y]"]())
    arrows = _csv(files, "arrows.csv")
    xs = np.linspace(-5, 5, 20)
    xx, yy = np.meshgrid(xs, xs)
    assert arrows.shape == (400, 6)
    assert np.allclose(arrows[:, 0], xx.ravel(), atol=1e-12) and np.allclose(arrows[:, 1], yy.ravel(), atol=1e-12)
    assert np.allclose(arrows[:, 2], arrows[:, 0]) and np.allclose(arrows[:, 3], np.sin(arrows[:, 1]))
    at = sc.tables(EXPLORE["[x, sin y]"](), point=(2.0, 10.0))
    assert np.allclose(_csv(at, "f_at_p.csv"), [[2.0, 10.0, 2.0, -0.54402111]], atol=5e-9)
    heat = _csv(sc.tables(EXPLORE["sin(xy)"]()), "heatmap.csv")
    assert heat.shape == (100 * 100, 3) and heat[:, :2].min() == 0 and heat[:, :2].max() == 4
    assert np.allclose(heat[:, 2], np.sin(heat[:, 0] * heat[:, 1]), atol=1e-9)
    norm = _csv(sc.tables(EXPLORE["‖[x, sin y]‖"]()), "heatmap.csv")
    assert np.allclose(norm[:, 2], np.hypot(norm[:, 0], np.sin(norm[:, 1])), atol=1e-9)


def test_the_vector_field_data_is_one_csv_per_layer():
    """Test the vector field's zip: the arrows, the streamlines (every curve, numbered, each
    point on the way of the field), the line y = y₀, f(p) and p."""
    s = EXPLORE["[x² − y, y² + x] coloured"]()
    with zipfile.ZipFile(io.BytesIO(export.scene_data(s))) as z:
        assert sorted(z.namelist()) == ["README.txt", "arrows.csv", "f_at_p.csv", "point_p.csv",
                                        "slice_lines.csv", "streamlines.csv"]
        lines = np.loadtxt(io.StringIO(z.read("streamlines.csv").decode()), delimiter=",", skiprows=1)
    assert len(np.unique(lines[:, 0])) == 36  # 6 × 6 seeds, one curve each
    for k in np.unique(lines[:, 0]):
        pts = lines[lines[:, 0] == k, 1:]
        step, mid = np.diff(pts, axis=0), (pts[1:] + pts[:-1]) / 2
        field = np.column_stack([mid[:, 0] ** 2 - mid[:, 1], mid[:, 1] ** 2 + mid[:, 0]])
        assert (np.sum(step * field, axis=1) > 0).all()  # along the field, never against it


def test_the_slices_figure_has_a_panel_per_variable_and_the_page_truth():
    """Test the partial-derivatives figure: the map and one slice panel per variable (a
    z-slice for f(x, y, z)), and at the corner of |x| + |y| no tangent along x (the page's
    truth), the tangent along y of slope 1."""
    import matplotlib

    matplotlib.use("Agg")
    course = sc.drawing(_slices(*SLICES[2]))
    assert [panel["labels"][0] for panel in course["panels"]] == ["x", "x", "y", "z"]
    corner = sc.drawing(_slices(*SLICES[1]))
    (_, (_, tangent_x, *_), _), (_, (_, tangent_y, *_), _) = [
        next(c for c in panel["calls"] if c[0] == "draw_slice") for panel in corner["panels"][1:]]
    assert np.isnan(tangent_x[:, 1]).all() and np.allclose(np.diff(tangent_y[:, 1]), 4.0)


def _branches(segments, centre):
    """How many directions from ``centre`` the curve leaves in (a saddle's X: 4)."""
    pts = segments.reshape(-1, 2) - np.asarray(centre)
    far = pts[np.hypot(*pts.T) > 0.5]
    return len({int(np.floor(np.degrees(np.arctan2(y, x)) % 360 / 90)) for x, y in far})


def test_the_data_download_has_every_branch_of_the_level_curve():
    """Test the level curve through p in the data download: the saddle's X at a point on it
    (four arms), f = xy through (1, 0) on both axes (odd and even grids), sin(xy) only on
    its branch xy = 2."""
    for text, box, p, n, arms in [("x^2 - y^2", (-2.0, 2.0, -2.0, 2.0), (0.5, -0.5), 80, 4),
                                  ("x*y", (-2.0, 2.0, -2.0, 2.0), (1.0, 0.0), 80, 4),
                                  ("x*y", (-2.0, 2.0, -2.0, 2.0), (1.0, 0.0), 81, 4)]:
        files = sc.tables(_scene(text, box, p, n))
        rows = np.loadtxt(io.StringIO(files["level_curve_through_p.csv"]), delimiter=",",
                          skiprows=1).reshape(-1, 2, 2)
        assert _branches(rows, (0, 0)) == arms, (text, n)
        if text == "x*y":  # the axes: x = 0 or y = 0 at every point
            assert np.abs(rows.reshape(-1, 2).prod(axis=1)).max() < 1e-12
            assert rows[..., 0].min() < -1.9 and rows[..., 1].max() > 1.9
    rows = np.loadtxt(io.StringIO(sc.tables(_scene(*VIEWS[3]))["level_curve_through_p.csv"]),
                      delimiter=",", skiprows=1).reshape(-1, 2)
    assert np.abs(rows[:, 0] * rows[:, 1] - 2).max() < 0.05  # xy = 2, not 1.14 or 7.4


def test_the_data_download_is_one_named_csv_per_layer():
    """Test the zip: a README and one CSV per layer, each named for what it holds."""
    s = _scene("sin(x*y)", (0.0, 4.0, 0.0, 4.0), (1.0, 2.0), 40, path=True)
    with zipfile.ZipFile(io.BytesIO(export.scene_data(s))) as z:
        names = sorted(z.namelist())
        assert names == ["README.txt", "arrows.csv", "ascent_path.csv", "contour_levels.csv",
                         "gradient_at_p.csv", "heatmap.csv", "level_curve_through_p.csv",
                         "point_p.csv"]
        grad = np.loadtxt(io.StringIO(z.read("gradient_at_p.csv").decode()), delimiter=",",
                          skiprows=1)
    assert np.allclose(grad, [1.0, 2.0, 2 * np.cos(2.0), np.cos(2.0)])  # ∇ sin(xy) = (y, x) cos(xy)


def test_the_legend_shows_the_true_range():
    """Test the colour scale of e^(−x²−y²) on [−2, 2]²: up to its largest value on the grid
    (not the 99th percentile, 0.832), and clipped only for a pole."""
    s = _scene("e^(-x^2-y^2)", (-2.0, 2.0, -2.0, 2.0), (0.0, 0.0), 81)
    heat = sc.wire(s)["panels"][0]["layers"][0]
    assert heat["range"] == [pytest.approx(np.exp(-8)), 1.0] == heat["extent"]
    pole = sc.wire(_scene("1/(x^2 + y^2)", (-2.0, 2.0, -2.0, 2.0), (1.0, 1.0), 81))
    heat = pole["panels"][0]["layers"][0]
    assert heat["range"][1] < heat["extent"][1]  # clipped, and the legend says "≥"


def test_a_figures_colour_bar_clipped_at_a_pole_says_the_values_true_range():
    """Test that matplotlib's colour bar (the figure download and the script's picture) of
    1/(x² + y²) points its clipped end and names the values' true range in its label, and that
    an unclipped bar does not."""
    import matplotlib

    matplotlib.use("Agg")
    labels = {}
    for text in ("1/(x^2 + y^2)", "e^(-x^2-y^2)"):
        s = _scene(text, (-2.0, 2.0, -2.0, 2.0), (1.0, 1.0), 81)
        fig = sc.figure(s)
        bar = fig.axes[-1]
        labels[text] = bar.get_ylabel()
        extent = sc.wire(s)["panels"][0]["layers"][0]["extent"]
        if text.startswith("1/"):
            assert labels[text] == f"f  (values from {extent[0]:.4g} to {extent[1]:.4g})"
    assert labels["e^(-x^2-y^2)"] == "f"


def test_a_view_far_from_zero_is_sent_with_its_own_spacing():
    """Test that a view 0.01 wide at x = 1000 reaches the browser with its grid's spacing (7
    significant digits made its columns 1000.0, 1000.0, …, 1000.001 and the browser's level
    curve through p a staircase), and that a view near 0 still gets 7 digits."""
    s = _scene("x + y", (1000.0, 1000.01, 0.0, 0.01), (1000.005, 0.005), 41)
    heat = sc.wire(s)["panels"][0]["layers"][0]
    step = np.diff(heat["x"])
    assert np.allclose(step, 0.01 / 40, rtol=1e-6, atol=0), step[:5]
    near = sc.wire(_scene("x + y", (-2.0, 2.0, -2.0, 2.0), (0.5, 0.5), 41))
    assert all(len(repr(v)) <= 10 for v in near["panels"][0]["layers"][0]["x"])


def test_the_browser_gets_programs_and_one_static_part_per_view():
    """Test the wire: the functions as programs (never the typed text), a static key that
    does not change with the point, and one that changes with the view."""
    a = _scene("sin(x*y)", (0.0, 4.0, 0.0, 4.0), (1.0, 2.0), 40)
    b = _scene("sin(x*y)", (0.0, 4.0, 0.0, 4.0), (3.0, 0.5), 40)
    c = _scene("sin(x*y)", (0.0, 3.0, 0.0, 4.0), (1.0, 2.0), 40)
    wa = sc.wire(a)
    assert "sin(x*y)" not in str(wa["programs"]) and wa["programs"]["f"][0][-1] == "sin"
    assert sc.static_key(wa) == sc.static_key(sc.wire(b)) != sc.static_key(sc.wire(c))


def test_the_page_truth_at_its_point_reaches_the_downloads():
    """Test that at a corner of |x| + |y| the figure's ∇f is the page's (undefined along x),
    not the formula's sign(0) = 0, and elsewhere the formula's."""
    s = _scene("|x| + |y|", (-2.0, 2.0, -2.0, 2.0), (0.0, 1.0), 41)
    s = sc.Scene(**{**s.__dict__, "truth": {"grad": [np.nan, 1.0]}})
    files = sc.tables(s)
    assert "nan" in files["gradient_at_p.csv"].lower()
    assert "nan" not in sc.tables(s, point=(0.5, 1.0))["gradient_at_p.csv"].lower()


def test_the_figure_title_is_in_maths_notation():
    """Test that the figure download's title is f in maths notation (matplotlib's mathtext),
    and the typed text where mathtext can't set it."""
    import matplotlib

    matplotlib.use("Agg")
    fig = sc.figure(_scene("x^2 + y^2", (-2.0, 2.0, -2.0, 2.0), (1.0, 1.0), 21))
    assert fig._suptitle.get_text() == r"$f(x, y) = x^{2} + y^{2}\quad\mathrm{and}\quad\nabla f$"
    from gradviz.scene import draw

    draw.title(fig, "as typed", r"$\frac{$")  # not maths matplotlib can set
    assert fig._suptitle.get_text() == "as typed"


# the Jacobian page's pictures: the course's map, a held-out one, a corner where J is undefined
JACOBIAN_VIEWS = [("[x^2 - y, y^2 + x]", (1.0, 1.0)), ("[sin(x*y), x*e^y]", (0.5, -1.2)),
                  ("[|x|, y]", (0.0, 1.0))]


def _jacobian_scenes(text, p):
    from gradviz.topics import jacobian as J

    f, d = gradviz.parse(text), Domain.square(-2, 2)
    truth = J.truth(J.jacobian_summary(f, p))
    return [sc.Scene(**{**s.__dict__, "point": p, "truth": truth})
            for s in (J.square_scene(f, d, 40), J.course_scene(f, d, 40, [(-1, -1), (0, 0)]),
                      J.square_scene(f, d, 40, zoom=True))]


@pytest.mark.parametrize("text, p", JACOBIAN_VIEWS)
def test_the_jacobian_pictures_scripts_draw_their_figures(bare_python, tmp_path, text, p):
    """Test the Jacobian page's three scenes (the ‖J‖_F map with the square at p, the course's
    figure, the zoomed square): each script runs with numpy and matplotlib alone and draws
    the figure download, also where the page's J is undefined (its nan reach the script)."""
    from matplotlib.image import imread

    for s in _jacobian_scenes(text, p):
        (tmp_path / f"{s.name}.py").write_text(export.scene_script(s))
        out = subprocess.run([*bare_python, f"{s.name}.py"], cwd=tmp_path, capture_output=True,
                             text=True, timeout=300)
        assert out.returncode == 0, (s.name, out.stderr[-2000:])
        script_png = imread(tmp_path / f"{s.name}_script.png")
        figure_png = imread(io.BytesIO(sc.render(sc.drawing(s), "png")))
        assert script_png.shape == figure_png.shape, s.name
        assert np.abs(script_png - figure_png).max() <= 2 / 255, s.name


def test_the_jacobian_pictures_data():
    """Test the course figure's and the square's data downloads at p = (1, 1) of the course's
    map, against J = [[2x, −1], [1, 2y]] and f by hand: the arrows at each point are e₁, e₂,
    J e₁, J e₂ times 0.5; each outline point's images are f there and f(p) + J h."""
    square, course, zoom = _jacobian_scenes("[x^2 - y, y^2 + x]", (1.0, 1.0))
    files = sc.tables(course)
    assert sorted(files) == ["basis_arrows.csv", "heatmap.csv", "point_p.csv"]
    rows = np.loadtxt(io.StringIO(files["basis_arrows.csv"]), delimiter=",", skiprows=1)
    for x, y, *uv in rows:  # (-1, -1), (0, 0) and p
        assert np.allclose(uv, 0.5 * np.array([1, 0, 0, 1, 2 * x, 1, -1, 2 * y]))
    assert rows[:, :2].tolist() == [[-1, -1], [0, 0], [1, 1]]
    files = sc.tables(zoom, params={"h": 0.01})
    assert sorted(files) == ["jacobian_at_p.csv", "point_p.csv", "square_and_its_images.csv",
                             "square_at_p.csv"]
    x, y, f1, f2, l1, l2 = np.loadtxt(io.StringIO(files["square_and_its_images.csv"]),
                                      delimiter=",", skiprows=1).T
    assert np.abs(np.maximum(abs(x - 1), abs(y - 1)) - 0.01).max() < 1e-12  # on the square
    assert np.allclose(f1, x**2 - y) and np.allclose(f2, y**2 + x)
    h1, h2 = x - 1, y - 1
    assert np.allclose(l1, 0 + 2 * h1 - h2) and np.allclose(l2, 2 + h1 + 2 * h2)
    assert np.loadtxt(io.StringIO(sc.tables(square)["jacobian_at_p.csv"]), delimiter=",",
                      skiprows=1).tolist() == [1, 1, 0, 2, 2, -1, 1, 2]


def test_wire_keeps_huge_values():
    """Test that values beyond 1e290 reach the browser (x^1000 on [−2, 2]² reaches 1.07e301):
    rounding them to 12 places overflowed to inf, sent as null, and the browser's contour
    levels failed on it (a blank picture)."""
    assert sc._json(np.array([2.0**1000, -1e300, 1.5, np.inf])) == [1.071509e301, -1e300, 1.5,
                                                                      None]
    s = field_scene(gradviz.parse("x^1000", variables=("x", "y")), Domain.square(-2, 2), 20, 5)
    levels = next(layer for panel in sc.wire(s)["panels"] for layer in panel["layers"]
                  if layer["type"] == "contours")["levels"]
    assert levels and None not in levels
