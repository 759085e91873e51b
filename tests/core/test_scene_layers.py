"""One contract per layer type: the data the server computes (gradviz/scene/draw.py), the
data the browser draws (gradviz/scene/web/layers.js, run in Chromium) and what matplotlib
draws are the same, on generated cases; the browser's loops end on degenerate ranges."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz
from gradviz.browser_expr import programs
from gradviz.calculus import gradient, jacobian
from gradviz.scene import draw

# functions whose level sets branch (saddles, crossing lines), repeat (sin), are flat, or
# have holes where f is undefined
TEXTS = ["x^2 - y^2", "x*y", "sin(x*y)", "x^2 + y^2", "(x - y)*(x + y)*(x - 1)", "|x| - y",
         "sqrt(1 - x^2 - y^2)", "log(x*y)", "x^3 - 3*x*y^2", "y", "1/(x^2 + y^2 - 1)"]
# functions that jump or have poles: a level curve must not follow the jump
JUMPS = ["x/y", "atan2(y, x)", "sign(x)*y", "tan(2*x) + y", "y/(x - 0.3)"]
# level sets the grid's values only touch (a valley's floor, a ridge's crest), with a point
# of each: the curve through p is the floor, or two curves either side of it
TOUCH = [("x^2", (0.0, -1.0)), ("(x - y)^2", (0.3, 0.3)), ("x^2*y^2", (0.0, -1.0)),
         ("-(x^2 + y^2 - 1)^2", (0.6, -0.8)), ("|x - 0.5|", (0.5, -1.0)),
         ("(y - sin(x))^2", (-0.5, np.sin(-0.5))), ("1 - cos(x)", (0.0, 0.0))]  # in both views
BOXES = [(-2.0, 2.0, -2.0, 2.0), (-1.0, 3.0, -1.5, 0.5), (0.0, 4.0, 0.0, 4.0)]


def _cases(rng, count=60, texts=TEXTS):
    for k in range(count):
        text = texts[k % len(texts)]
        box = BOXES[k % len(BOXES)]
        n = int(rng.choice([15, 20, 21, 40, 41]))
        if k % 3 == 0:  # on a grid point or a grid line: levels equal to grid values
            xs, ys = np.linspace(box[0], box[1], n), np.linspace(box[2], box[3], n)
            p = (float(rng.choice(xs)), float(rng.choice(ys)))
        else:
            p = (float(rng.uniform(box[0], box[1])), float(rng.uniform(box[2], box[3])))
        yield text, box, n, p


def _segments_key(segs) -> np.ndarray:
    """Segments as sorted rows, each segment's ends in order (a set, whatever the order)."""
    s = np.asarray(segs, dtype=float).reshape(-1, 2, 2)
    ends = np.sort(s.view([("x", float), ("y", float)]).reshape(-1, 2), axis=1)
    rows = ends.view(float).reshape(-1, 4)
    return rows[np.lexsort(rows.T[::-1])] if len(rows) else rows


def _in_browser(scene_page, f, X, Y, Z, p, level):
    """GV_ALGO.levelCurveThrough's segments for the grid X, Y, Z of f."""
    H = {"x": X[0].tolist(), "y": Y[:, 0].tolist(),
         "z": [None if not np.isfinite(v) else float(v) for v in Z.ravel()]}
    return scene_page.evaluate(
        """([H, p, L, prog]) => GV_ALGO.levelCurveThrough(
             H, p, L, (xs, ys) => GV_EXPR.evaluate(prog, [xs, ys]))""",
        [H, list(p), level if np.isfinite(level) else None, programs(f)[0]])


def test_level_curve_through_p_is_the_same_in_the_browser(scene_page, rng):
    """Test that the browser's level curve through p (GV_ALGO.levelCurveThrough) has the
    same segments as draw.level_curve_through on 80 generated views and points, 20 of them
    of functions with poles and jumps."""
    compared = 0
    for text, box, n, p in [*_cases(rng), *_cases(rng, 20, JUMPS)]:
        f = gradviz.parse(text, variables=("x", "y"))
        X, Y, Z = draw.grid(f, box, n)
        level = float(draw.at_point(f, p))
        want = draw.level_curve_through(f, X, Y, Z, p, level)
        got = _in_browser(scene_page, f, X, Y, Z, p, level)
        a, b = _segments_key(want), _segments_key(got)
        assert a.shape == b.shape, (text, box, n, p, a.shape, b.shape)
        assert np.allclose(a, b, rtol=0, atol=1e-12), (text, box, n, p)
        compared += len(a) > 0
    assert compared >= 40  # most cases have a curve to compare


def _touching(rng):
    """Views of TOUCH's functions, p on the floor or a fifth of a cell off it."""
    for k in range(28):
        text, p0 = TOUCH[k % len(TOUCH)]
        box, n = BOXES[k % 2], [40, 41][k // len(TOUCH) % 2]
        off = 0.0 if k % 4 < 2 else 0.2 * (box[1] - box[0]) / (n - 1)
        yield text, box, n, (p0[0] + off * rng.uniform(0.5, 1), p0[1])


def test_a_level_set_the_grid_only_touches_is_drawn_the_same_in_the_browser(scene_page, rng):
    """Test that where the grid's values only touch the level (x² at (0, 1): its corners
    are all ≥ 0, no side changes sign), the level curve through p is drawn by both engines
    alike, along the floor (p on it: across the view) or either side of it (p a fifth of a
    cell off: where a grid point comes closer to the curve, the grid's own branch), and f is
    the level along it (nothing was drawn before)."""
    for text, box, n, p in _touching(rng):
        f = gradviz.parse(text, variables=("x", "y"))
        X, Y, Z = draw.grid(f, box, n)
        level = float(draw.at_point(f, p))
        want = draw.level_curve_through(f, X, Y, Z, p, level)
        assert len(want) >= (n // 3 if p[1] == dict(TOUCH)[text][1] and p[0] == dict(TOUCH)[text][0]
                             else 1), (text, box, n, p)
        ends = draw.evaluate(f, want[..., 0], want[..., 1])
        assert np.abs(ends - level).max() < 1e-4 * (np.nanmax(Z) - np.nanmin(Z)), (text, box, n, p)
        got = _in_browser(scene_page, f, X, Y, Z, p, level)
        a, b = _segments_key(want), _segments_key(got)
        assert a.shape == b.shape, (text, box, n, p, a.shape, b.shape)
        assert np.allclose(a, b, rtol=0, atol=1e-12), (text, box, n, p)


# points whose level curve no grid value near them reaches: it is followed from p itself
TRACE = [("1/x", (0.03, 1.0), 4.0, 41),                    # between the pole and the grid's column
         ("1/(x^2 + y^2)", (0.05, 0.02), 0.3384, 41),     # a circle round the pole, inside a cell
         ("x^2 + y^2", (0.01, 0.01), 0.0889, 50),         # a circle round the minimum, inside a cell
         ("sqrt(1 - x^2 - y^2)", (0.999, 0.0), 6.277, 41)]  # the grid is undefined beyond it
# (the second grid has a point on the pole or the centre: x² + y²'s, at 0 < f(p), is the
# grid's own curve, marching squares' diamond)


@pytest.mark.parametrize("text, p, length, other", TRACE)
def test_a_level_curve_no_grid_value_reaches_is_followed_from_p(scene_page, text, p, length, other):
    """Test that where no grid value near p reaches f(p) (1/x at (0.03, 1): the grid's column
    at 0 is undefined, the next at 0.1 is 10; a circle smaller than a cell), the level curve
    through p is followed from p (nothing was drawn before): as long as the curve in the view,
    f the level along it, the same in the browser, on two grids."""
    f = gradviz.parse(text, variables=("x", "y"))
    for n in (40, other):
        X, Y, Z = draw.grid(f, (-2.0, 2.0, -2.0, 2.0), n)
        level = float(draw.at_point(f, p))
        want = draw.level_curve_through(f, X, Y, Z, p, level)
        drawn = np.hypot(*(want[:, 1] - want[:, 0]).T).sum()
        assert abs(drawn - length) < 0.03 * length, (text, n, drawn)  # (chords of a curve)
        assert np.abs(draw.evaluate(f, want[..., 0], want[..., 1]) - level).max() < 1e-6 * max(1, abs(level))
        got = _in_browser(scene_page, f, X, Y, Z, p, level)
        a, b = _segments_key(want), _segments_key(got)
        assert a.shape == b.shape and np.allclose(a, b, rtol=0, atol=1e-12), (text, n)


# curved floors: p a fraction of a cell off one, the level's two curves closer than a cell
# or two either side of it, which the grid sees only in pieces
BESIDE = [("(y - sin(x))^2", (-3.0, 3.0, -3.0, 3.0)), ("(x^2 + y^2 - 1)^2", (-2.0, 2.0, -2.0, 2.0)),
          ("-(x^2 + y^2 - 1)^2", (-2.0, 2.0, -2.0, 2.0))]


def test_both_curves_beside_a_floor_are_drawn_whole(scene_page):
    """Test that with p a tenth to 0.4 of a cell off a curved floor (y = sin x of (y − sin x)²,
    the unit circle of ±(x² + y² − 1)²), both level curves either side of it are drawn across
    the view: as long as the two curves by hand (within 0.5 %), f the level along them (to a
    millionth of its range), the same in the browser, on three grids. Before, 4.96 of 14.48 and 6.7 of 12.56 were drawn."""
    xs = np.linspace(-3.0, 3.0, 200001)
    sine = np.hypot(np.diff(xs), np.diff(np.sin(xs))).sum()  # y = sin x across the view
    for text, box in BESIDE:
        f = gradviz.parse(text, variables=("x", "y"))
        for n in (40, 41, 80):
            X, Y, Z = draw.grid(f, box, n)
            for e in np.array([0.1, 0.25, 0.4, -0.15]) * (box[1] - box[0]) / (n - 1):
                if "sin" in text:  # y = sin x ± e, each as long as the sine
                    p, length = (0.3, float(np.sin(0.3) + e)), 2 * sine
                else:  # circles of radius 1 + e and √(2 − (1 + e)²)
                    p, r = (0.6 * (1 + e), 0.8 * (1 + e)), 1 + e
                    length = 2 * np.pi * (r + np.sqrt(2 - r * r))
                level = float(draw.at_point(f, p))
                want = draw.level_curve_through(f, X, Y, Z, p, level)
                drawn = np.hypot(*(want[:, 1] - want[:, 0]).T).sum()
                assert abs(drawn - length) < 0.005 * length, (text, n, e, drawn, length)
                off = np.abs(draw.evaluate(f, want[..., 0], want[..., 1]) - level).max()
                assert off < 1e-6 * np.ptp(Z), (text, n, e, off)  # (a chord cut at the view's edge)
                a, b = _segments_key(want), _segments_key(_in_browser(scene_page, f, X, Y, Z, p, level))
                assert a.shape == b.shape and np.allclose(a, b, rtol=0, atol=1e-12), (text, n, e)


def test_a_touching_branch_is_drawn_beside_a_crossing_one():
    """Test that x²y at (0.5, 0) draws both axes: y = 0, where f changes sign (the grid's
    own branch), and x = 0, where f only touches 0 (it was left out while the grid had a
    branch near p)."""
    f = gradviz.parse("x^2*y", variables=("x", "y"))
    for n in (40, 41):
        X, Y, Z = draw.grid(f, (-2.0, 2.0, -2.0, 2.0), n)
        segs = draw.level_curve_through(f, X, Y, Z, (0.5, 0.0), 0.0)
        length = np.hypot(*(segs[:, 1] - segs[:, 0]).T)
        on = [np.abs(segs[..., k]).max(axis=1) < 1e-3 for k in (0, 1)]  # on x = 0, on y = 0
        assert min(length[on[0]].sum(), length[on[1]].sum()) > 3.7, (n, length[on[0]].sum())  # (4 less
        # a cell either side of the crossing, where the corners straddle 0)


@pytest.mark.parametrize("text, p, length", [
    ("x^2", (0.0, 1.0), 4.0),               # the line x = 0, once
    ("(x - y)^2", (0.3, 0.3), 4 * 2**0.5),  # the diagonal, once (∂f/∂x and ∂f/∂y both see it)
    ("x^2*y^2", (0.0, 1.0), 8.0),           # both axes, through the corner where they cross
    ("(x^2 + y^2 - 1)^2", (0.6, 0.8), 2 * np.pi),  # a circle (through grid points on one grid)
    ("x^2 + y^2", (0.0, 0.0), 0.0)])        # a single point: nothing to draw
def test_a_touching_level_set_is_drawn_once_and_whole(text, p, length):
    """Test that the level curve along a floor is as long as the floor in the view (within
    half a cell), on a grid with a line on the floor and one without: each piece once, no
    piece missing."""
    f = gradviz.parse(text, variables=("x", "y"))
    for n in (40, 41):
        X, Y, Z = draw.grid(f, (-2.0, 2.0, -2.0, 2.0), n)
        segs = draw.level_curve_through(f, X, Y, Z, p, float(draw.at_point(f, p)))
        drawn = np.hypot(*(segs[:, 1] - segs[:, 0]).T).sum()
        assert abs(drawn - length) < 0.05, (text, n, drawn)  # half a cell, where lines cross


@pytest.mark.parametrize("text, p", [
    ("x/y", (0.5, 0.5)),             # a pole along y = 0: f runs from +inf to -inf
    ("atan2(y, x)", (1.0, 1.0)),     # the cut along y = 0, x < 0: f jumps by 2 pi
    ("sign(x)*y", (1.0, 1.0)),       # a jump along x = 0
    ("y/(x - 0.3)", (1.0, 0.5))])    # a pole along x = 0.3
def test_the_level_curve_through_p_does_not_follow_a_jump(text, p):
    """Test that the level curve through p has no piece along a pole or jump of f, where the
    grid's corners straddle the level but f never takes it (x/y at (0.5, 0.5) drew y = 0
    too), and that f is the level along every piece it draws."""
    f = gradviz.parse(text, variables=("x", "y"))
    for n in (30, 40, 41):  # the jump between grid lines, and on one
        X, Y, Z = draw.grid(f, (-2.0, 2.0, -2.0, 2.0), n)
        level = float(draw.at_point(f, p))
        segs = draw.level_curve_through(f, X, Y, Z, p, level)
        assert len(segs) >= n // 3  # the true branch is drawn
        mids = segs.mean(axis=1)
        off = np.abs(draw.evaluate(f, mids[:, 0], mids[:, 1]) - level)
        assert not (off > 0.35).any(), (text, n, segs[off > 0.35][:3])


@pytest.mark.parametrize("kind", ["basis_arrows", "square_images"])
def test_a_legend_is_drawn_under_its_panel_in_both_engines(scene_page, kind):
    """Test that the Jacobian's legends (e₁ … J e₂; f(square), f(p) + J h) are drawn under
    the panel, never over what it draws (they covered the arrows at (0, 0) and, on a small
    panel, most of the square's image), by the browser and by matplotlib."""
    import dataclasses

    from gradviz.domain import Domain
    from gradviz.scene import figure
    from gradviz.topics import jacobian as topic

    painted = scene_page.evaluate("""(kind) => {
      const c = document.createElement("canvas"); c.width = 400; c.height = 400;
      const ctx = c.getContext("2d"), P = { left: 50, top: 20, w: 150, h: 150, font: 21 };
      GV.layers[kind].outside(ctx, P, {});
      const a = ctx.getImageData(0, 0, 400, 400).data, count = [0, 0];
      for (let y = 0; y < 400; y++) for (let x = 0; x < 400; x++) {
        if (a[4 * (400 * y + x) + 3] === 0) continue;
        count[x >= P.left && x < P.left + P.w && y >= P.top && y < P.top + P.h ? 0 : 1]++;
      }
      return count;
    }""", kind)
    assert painted[0] == 0 and painted[1] > 200, painted
    f = gradviz.parse("[x^2 - y, y^2 + x]")
    scene = (topic.course_scene(f, Domain.square(-2, 2), 20, [(-1, -1), (0, 0), (1, 1)])
             if kind == "basis_arrows" else topic.square_scene(f, Domain.square(-2, 2), 20))
    fig = figure(dataclasses.replace(scene, point=(1.0, 1.0)))
    fig.canvas.draw()
    ax = next(a for a in fig.axes if a.get_legend() is not None)
    box, under = ax.get_window_extent(), ax.get_legend().get_window_extent()
    assert under.y1 < box.y0, (under, box)


def test_descent_path_is_the_same_in_the_browser(scene_page, rng):
    """Test that the browser's path (GV_ALGO.descentPath on the printed programs) has the
    points of draw.descent_path, with and without momentum, ascent and descent, and stops
    at the same step before a point where f is undefined."""
    stopped = 0
    for k in range(30):
        text = ["x^2 + 10*y^2", "sin(x*y)", "(1 - x)^2 + 100*(y - x^2)^2", "x^2 - y^2",
                "log(x) + y^2"][k % 5]
        f = gradviz.parse(text, variables=("x", "y"))
        g = gradient(f)
        box = BOXES[k % 3]
        p = (float(rng.uniform(box[0], box[1])), float(rng.uniform(box[2], box[3])))
        step, steps = float(rng.choice([0.001, 0.01, 0.05])), int(rng.integers(1, 60))
        sign, momentum = int(rng.choice([-1, 1])), float(rng.choice([0.0, 0.5, 0.9]))
        if text.startswith("log"):
            p, step, steps, sign = (abs(p[0]) + 0.5, p[1]), 0.6, 30, -1  # it steps to x < 0
        want = draw.descent_path(g, p, step, steps, sign, momentum, box, (), f)
        got = scene_page.evaluate(
            """([progs, fprog, p, s, k, sign, m, box]) => {
                 const at = (ps) => (q) => ps.map((prog) => { const v = GV.run(prog, q); return v === null ? NaN : v; });
                 return GV_ALGO.descentPath(at(progs), p, s, k, sign, m, box, [], at(fprog)); }""",
            [programs(g, slopes=True), programs(f), list(p), step, steps, sign, momentum,
             list(box)])
        got = np.asarray(got, dtype=float)
        assert got.shape == want.shape, (text, p, step, steps, sign, momentum)
        assert np.allclose(got, want, rtol=1e-9, atol=1e-9), (text, p, step, steps)
        assert (got[:, 0] > 0).all() or not text.startswith("log")
        stopped += text.startswith("log") and len(got) <= steps
    assert stopped >= 3  # the runs on log(x) + y² stopped before x < 0


def test_vector_at_and_widen_are_the_same_in_the_browser(scene_page, rng):
    """Test the arrow drawn at p (unit or not) and an axis' range, on random values
    (with ranges zero or one double wide)."""
    for _ in range(50):
        g = rng.normal(size=2) * 10.0 ** rng.integers(-8, 8)
        box = tuple(sorted(rng.uniform(-5, 5, 2))) + tuple(sorted(rng.uniform(-5, 5, 2)))
        for unit in (True, False):
            got = scene_page.evaluate("([g, box, u]) => GV_ALGO.vectorAt(g, box, u, 0.22)",
                                      [g.tolist(), list(box), unit])
            assert np.allclose(got, draw.vector_at(g, box, unit, 0.22), rtol=1e-12)
    big = 576460752303423488.0
    for lo, hi in [(0.0, 0.0), (1.0, 1.0), (big, big), (big, np.nextafter(big, np.inf)),
                   (-3.0, 5.0), (1e-300, 2e-300)]:
        assert np.allclose(scene_page.evaluate("([a, b]) => GV.widen(a, b)", [lo, hi]),
                           draw.widen(lo, hi), rtol=1e-15, atol=0)


def test_the_view_of_an_auto_panel_is_the_same_in_the_browser(scene_page, rng):
    """Test draw.fit_box against the browser's GV.fitBox: the range of what a panel draws on
    its auto axes, square where asked, with undefined points left out."""
    for k in range(40):
        pts = rng.normal(size=(int(rng.integers(0, 30)), 2)) * 10.0 ** rng.integers(-3, 4)
        if k % 5 == 0 and len(pts):
            pts[0] = np.nan
        box = (-1.0, 2.0, -3.0, 1.0)
        auto, equal = ["y", "xy", "x"][k % 3], bool(k % 2)
        got = scene_page.evaluate("([pts, box, auto, eq]) => GV.fitBox(pts.map((q) => q.map((v) => v === null ? NaN : v)), box, auto, eq)",
                                  [[[None if not np.isfinite(v) else float(v) for v in q] for q in pts],
                                   list(box), auto, equal])
        assert np.allclose(got, draw.fit_box([pts], box, auto, equal), rtol=1e-12, atol=0)


def test_ticks_of_a_range_one_double_wide_end_at_once(scene_page):
    """Test that the axis of a range one double wide (issue 23's frozen tab) gets a few
    ticks at once: the browser's scales widen it, and d3 counts ticks."""
    big = 576460752303423488.0
    ticks = scene_page.evaluate(
        "([a, b]) => GV.scale(a, b, 0, 300).ticks(6)", [big, float(np.nextafter(big, np.inf))])
    assert 2 <= len(ticks) <= 12 and all(np.isfinite(ticks))


def test_contours_cross_the_same_edges_as_matplotlibs(scene_page, rng):
    """Test that the browser's contour lines (d3-contour, cut where the grid ends or f is
    undefined) pass through the same points as matplotlib's contour (contourpy)."""
    import contourpy

    for k in range(8):
        f = gradviz.parse(TEXTS[k], variables=("x", "y"))
        X, Y, Z = draw.grid(f, BOXES[k % 3], 31)
        lo, hi = draw.colour_range(Z)
        levels = draw.contour_levels(lo, hi, 6)
        gen = contourpy.contour_generator(X, Y, np.ma.masked_invalid(Z), corner_mask=False)
        want = np.concatenate([np.zeros((0, 2))] + [ln for lev in levels for ln in gen.lines(lev)])
        got = scene_page.evaluate(
            """([H, levels]) => {
                 const out = [], P = {sx: (v) => v, sy: (v) => v, panel: {layers: [H]}};
                 const ctx = {beginPath() {}, stroke() {}, moveTo(x, y) { out.push([x, y]); },
                              lineTo(x, y) { out.push([x, y]); }};
                 GV.layers.contours.draw(ctx, P, {levels}, {});
                 return out;
               }""",
            [{"type": "heatmap", "x": X[0].tolist(), "y": Y[:, 0].tolist(),
              "z": [None if not np.isfinite(v) else float(v) for v in Z.ravel()]},
             levels.tolist()])
        got = np.asarray(got, dtype=float).reshape(-1, 2)
        a = np.unique(np.round(want, 9), axis=0)
        b = np.unique(np.round(got, 9), axis=0)
        assert a.shape == b.shape and np.allclose(a, b, atol=1e-8), (TEXTS[k], a.shape, b.shape)


@pytest.mark.parametrize("cmap", ["viridis", "plasma"])
def test_colour_maps_are_matplotlibs(scene_page, cmap):
    """Test that d3's colour ramps (the browser's heatmap) are matplotlib's (the figure
    download's) within a shade on 0-255."""
    from matplotlib import colormaps

    got = scene_page.evaluate(
        "(name) => Array.from({length: 11}, (_, k) => gvD3[name === 'viridis' ? "
        "'interpolateViridis' : 'interpolatePlasma'](k / 10))", cmap)
    want = colormaps[cmap](np.linspace(0, 1, 11), bytes=True)[:, :3]
    got = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in got])
    assert np.abs(got - want).max() <= 3


# -- the vector-fields page's layers: drawn by the browser as by matplotlib -----------------------
#: a canvas that records what is drawn: each stroke's points (CSS px) and its style
RECORDER = """(draw) => {
  const strokes = []; let path = [];
  const ctx = new Proxy({}, {get: (t, k) => k in t ? t[k] : ({
      beginPath: () => { path = []; }, moveTo: (x, y) => path.push([null], [x, y]),
      lineTo: (x, y) => path.push([x, y]), setLineDash: (d) => { t.dash = d; },
      stroke: () => strokes.push({style: t.strokeStyle, width: t.lineWidth, dash: t.dash || [],
                                  points: path}),
    })[k] || (() => {})});
  draw(ctx);
  return strokes;
}"""
PX = 100  # px per unit of the recorder's panel


def _browser_strokes(page, L, p=(0.0, 0.0), box=(-5.0, 5.0, -5.0, 5.0)):
    """The strokes the browser's drawer of layer L makes on a panel of ``box``."""
    return page.evaluate(
        f"([L, p, box]) => ({RECORDER})((ctx) => {{"
        f"  const P = {{left: 0, top: 0, w: {PX} * (box[1] - box[0]), h: {PX} * (box[3] - box[2]),"
        f"             box, sx: (v) => {PX} * (v - box[0]), sy: (v) => {PX} * (box[3] - v)}};"
        "  const T = GV.layers[L.type], S = {p, scene: {programs: {}}, params: {}};"
        "  T.draw(ctx, P, L, S, T.compute ? T.compute(S, P, L, p) : null); })",
        [L, list(p), list(box)])


def _layer(scene, kind, point=None):
    """The wire data of the scene's layer of type ``kind``, and its drawing call at ``point``."""
    from gradviz import scene as sc

    (panel,) = sc.wire(scene)["panels"]
    (L,) = [q for q in panel["layers"] if q["type"] == kind]
    calls = sc.drawing(scene, point)["panels"][0]["calls"]
    return L, calls


def sc_tables(scene, point):
    from gradviz import scene as sc

    return sc.tables(scene, point)


def _drawn_by_matplotlib(call):
    """Run one drawing call on a fresh Agg axes: the axes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    fn, args, kwargs = call
    getattr(draw, fn)(ax, *args, **kwargs)
    fig.canvas.draw()
    plt.close(fig)
    return ax


def test_streamlines_are_the_same_curves_in_the_browser_and_matplotlib(scene_page):
    """Test that the browser draws the streamlines through the points the server traced
    (draw.streamlines), broken into the same curves, and matplotlib draws the same points."""
    from gradviz.domain import Domain
    from gradviz.topics.explore import field_scene

    for text, box, seeds in [("[x, sin(y)]", (-5.0, 5.0, -5.0, 5.0), 6), ("[-y, x]", (-2.0, 2.0, -2.0, 2.0), 3),
                             ("[log(x), y]", (-1.0, 1.0, -1.0, 1.0), 4)]:
        s = field_scene(gradviz.parse(text), Domain(*box), 11, seeds=seeds)
        L, calls = _layer(s, "streamlines")
        frame = tuple(s.panels[0].box())
        (stroke,) = _browser_strokes(scene_page, L, box=frame)
        got = stroke["points"]
        (mpl_line,) = _drawn_by_matplotlib(next(c for c in calls if c[0] == "draw_streamlines")).lines
        xy = mpl_line.get_xydata()
        # the browser's pen lifts (a moveTo) where matplotlib's line has a row of nan
        pieces, piece = [], []
        for q in got:
            if q == [None]:
                if piece:
                    pieces.append(piece)
                piece = []
            else:
                piece.append([q[0] / PX + frame[0], frame[3] - q[1] / PX])
        pieces.append(piece)
        want = np.split(xy, np.flatnonzero(np.isnan(xy[:, 0])))
        want = [w[np.isfinite(w[:, 0])] for w in want]
        assert len(pieces) == len(want) >= 2, (text, len(pieces), len(want))
        for a, b in zip(pieces, want):
            assert np.allclose(a, b, rtol=0, atol=1e-6 * max(1.0, np.abs(b).max())), text


def test_arrows_coloured_by_length_have_matplotlibs_colours(scene_page):
    """Test that each arrow coloured by its length (plasma without its palest eighth) has,
    in the browser, the colour matplotlib's quiver gives it, and both colour bars span the
    lengths' true range."""
    from gradviz.domain import Domain
    from gradviz.topics.explore import field_scene

    for text, n in [("[x, sin(y)]", 12), ("[x^2 - y, y^2 + x]", 9), ("[1/x, y]", 10)]:
        s = field_scene(gradviz.parse(text), Domain.square(-2, 2), n, by_length=True)
        L, calls = _layer(s, "arrows")
        strokes = [q for q in _browser_strokes(scene_page, L, box=tuple(s.panels[0].box()))
                   if q["width"] == 2]
        got = np.array([[int(v) for v in q["style"][4:-1].split(",")] for q in strokes])
        ax = _drawn_by_matplotlib(next(c for c in calls if c[0] == "draw_arrows"))
        quiver = ax.collections[0]
        want = (quiver.to_rgba(quiver.get_array())[:, :3] * 255).round()
        assert got.shape == want.shape, (text, got.shape, want.shape)
        assert np.abs(got - want).max() <= 3, text  # d3's plasma vs matplotlib's
        m = np.asarray([v for v in L["m"] if v is not None])
        assert L["range"] == pytest.approx([m.min(), m.max()]) == list(quiver.get_clim())


def test_the_vector_on_the_arrows_scale_is_the_same_in_the_browser(scene_page, rng):
    """Test GV_ALGO.vectorAt with a field's arrows (per side, typical length) against
    draw.vector_at on random vectors: tiny, huge and zero, in boxes not square."""
    for k in range(60):
        g = rng.normal(size=2) * 10.0 ** rng.integers(-6, 6) if k % 10 else np.zeros(2)
        box = tuple(sorted(rng.uniform(-5, 5, 2))) + tuple(sorted(rng.uniform(-5, 5, 2)))
        per_side, top = int(rng.integers(5, 41)), float(10.0 ** rng.uniform(-3, 3))
        got = scene_page.evaluate("([g, box, n, top]) => GV_ALGO.vectorAt(g, box, false, 4, n, top)",
                                  [g.tolist(), list(box), per_side, top])
        want = draw.vector_at(g, box, False, 4, per_side, top)
        assert np.allclose(got, want, rtol=1e-12, atol=0), (g, box, per_side, top)
        cell = min(box[1] - box[0], box[3] - box[2]) / per_side
        assert np.hypot(*want) <= 4 * 1.2 * cell * (1 + 1e-12)  # never longer than the rule's


def test_one_slice_line_is_the_line_y0_through_p_in_the_browser_and_matplotlib(scene_page):
    """Test the vector-fields page's line y = y₀ (SliceLines with one colour): across the
    whole view at p's height in both, over a white halo, and only that line."""
    from gradviz.domain import Domain
    from gradviz.topics.explore import field_scene

    s = field_scene(gradviz.parse("[x, sin(y)]"), Domain.square(-5, 5), 20)
    box = tuple(s.panels[0].box())
    for p in [(2.0, 1.0), (-4.5, -3.25), (0.0, 5.0)]:
        L, calls = _layer(s, "slice_lines", p)
        strokes = _browser_strokes(scene_page, L, p, box)
        assert [q["style"] for q in strokes] == ["#ffffff", draw.GREEN]
        for q in strokes:
            ends = [v for v in q["points"] if v != [None]]
            assert np.allclose(ends, [[0, PX * (box[3] - p[1])],
                                      [PX * (box[1] - box[0]), PX * (box[3] - p[1])]])
        lines = _drawn_by_matplotlib(next(c for c in calls if c[0] == "draw_slice_lines")).lines
        assert [ln.get_color() for ln in lines] == ["white", draw.GREEN]
        assert all(list(ln.get_ydata()) == [p[1]] * 2 and list(ln.get_xdata()) == list(box[:2])
                   for ln in lines)
        assert len(sc_tables(s, p)["slice_lines.csv"].splitlines()) == 2  # a header, one line

def test_directions_and_their_rotations_are_the_same_in_the_browser(scene_page, rng):
    """Test the steepest-ascent page's layers: u at θ (draw.direction_at), Dᵤf over θ with its
    marks (directional_curve), the turned axes (turned_axes) and the directions seen from
    them over α (rotation_angles), Python against the browser's twins, on random gradients
    (ties, zero and tiny ones included)."""
    gs = [rng.normal(size=2) * 10.0 ** rng.integers(-3, 3) for _ in range(12)]
    gs += [np.array(v) for v in ([1.0, 1.0], [-1.0, 1.0], [0.0, -3.0], [0.0, 0.0], [1e-300, 0])]
    for g in gs:
        angle = float(rng.uniform(0, 360))
        got = scene_page.evaluate(
            """([g, a]) => ({dir: GV_ALGO.directionAt(a, [-1, 3, 0, 2], 0.22),
                             cur: GV_ALGO.directionalCurve(g, a), axes: GV_ALGO.turnedAxes(g, a),
                             rot: GV_ALGO.rotationAngles(g, a)})""", [g.tolist(), angle])
        assert np.allclose(got["dir"], draw.direction_at(angle, (-1, 3, 0, 2), 0.22), rtol=1e-12)
        curve, marks = draw.directional_curve(g, angle)
        assert np.allclose(got["cur"]["curve"], curve, rtol=1e-12, atol=1e-300)
        shown = np.array([[np.nan if v is None else v for v in row] for row in got["cur"]["marks"]])
        assert np.allclose(shown, marks, rtol=1e-12, atol=1e-300, equal_nan=True)
        assert np.allclose(got["axes"], draw.turned_axes(g, angle), rtol=1e-12, atol=1e-300)
        rows, at = draw.rotation_angles(g, angle)
        assert np.allclose(got["rot"]["rows"], rows, rtol=1e-12, atol=1e-9)
        assert np.allclose(scene_page.evaluate("(g) => GV_ALGO.usableGradient(g)", g.tolist()),
                           draw.usable_gradient(g), rtol=0, atol=0)
        assert np.allclose(got["rot"]["at"], at, rtol=1e-12, atol=1e-9)


def test_slices_and_their_lines_are_the_same_in_the_browser_and_in_matplotlib(scene_page, rng):
    """Test the slice layers on 48 generated functions (two and three variables, corners,
    holes, 0/0 points), points, moving variables and sample counts: the browser's slice
    (GV.layers.slice from the printed programs, with the page's truth at its own point) has
    draw.py's points, tangent and slope, its slice lines draw.slice_lines' ends, and
    matplotlib draws those very points."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    texts = ["sin(x*y)", "|x| + |y|", "log(x) + y", "x*y/(x^2 + y^2)", "sqrt(1 - x^2 - y^2)",
             "1/(x^2 + y^2 - 1)", "x^2 + y^2 + e^x + x^z + x*y*z", "x*y*z + z^2"]
    fig, ax = plt.subplots()
    finite = 0
    for k in range(48):
        f = gradviz.parse(texts[k % len(texts)])
        g, box, var = gradient(f), BOXES[k % 3], int(rng.integers(0, f.n))
        # the page's truth at its own point (here: no partials), and there p may sit on a
        # kink, where numpy's sign(0) = 0 is not the truth (the browser's |u|' is undefined)
        p = tuple(0.0 if k % 4 == 0 and rng.random() < 0.5 else float(rng.uniform(box[0], box[1]))
                  for _ in range(f.n))
        ends = box[2:] if var == 1 else box[:2]
        view, n = (*ends, -3.0, 3.0), int(rng.choice([2, 41, 161]))
        truth = {"f": float(draw.at_point(f, p)), "grad": (np.nan,) * f.n} if k % 4 == 0 else {}
        value = draw.at_point(f, p, truth.get("f"))
        curve = draw.slice_through(f, p, var, view, n)
        tangent, slope = draw.tangent_line(p, var, value, draw.at_point(g, p, truth.get("grad")), view)
        S = {"scene": {"programs": {"f": programs(f), "grad": programs(g, slopes=True)}},
             "own": list(p), "truth": {k: [None if np.isnan(v) else v for v in np.ravel(t)]
                                       for k, t in truth.items()}}
        got = scene_page.evaluate(
            """([S, box, L, p]) => ({slice: GV.layers.slice.compute(S, {box}, L, p),
                                    lines: GV.layers.slice_lines.compute(S, {box}, L, p)})""",
            [S, list(view), {"k": var, "n": n}, list(p)])
        at = (texts[k % len(texts)], p, var, n)
        got_curve = np.asarray(got["slice"]["curve"], dtype=float)
        assert np.array_equal(got_curve[:, 0], curve[:, 0]), at  # numpy's linspace, bit for bit
        assert np.allclose(got_curve, curve, rtol=1e-9, atol=1e-12, equal_nan=True), at
        assert np.allclose(np.asarray(got["slice"]["tangent"], dtype=float), tangent, rtol=1e-9,
                           equal_nan=True), at
        assert np.isnan(slope) == np.isnan(got["slice"]["slope"]), at
        finite += np.isfinite(slope)
        assert np.array_equal(got["lines"], draw.slice_lines(p, view)), at
        ax.cla()  # matplotlib draws the same points: the curve, the tangent, the point p
        draw.draw_slice(ax, curve, tangent, p, var, value, slope, f.variables, draw.VERMILLION)
        drawn = [np.asarray(line.get_xydata(), dtype=float) for line in ax.get_lines()]
        want = [curve] + ([tangent] if np.isfinite(slope) else []) + (
            [np.array([[p[var], value]])] if np.isfinite(value) else [])
        assert len(drawn) == len(want) and all(
            np.array_equal(a, b, equal_nan=True) for a, b in zip(drawn, want)), at
        ax.cla()
        draw.draw_slice_lines(ax, draw.slice_lines(p, box), ("red", "blue"))
        assert [line.get_xydata().tolist() for line in ax.get_lines()][1::2] == \
            draw.slice_lines(p, box).tolist()
    plt.close(fig)
    assert 12 <= finite < 48  # slopes and undefined slopes both compared


MAPS = ["[x^2 - y, y^2 + x]", "[sin(x*y), x*e^y]", "[sqrt(x), y]", "[1/(x^2 + y^2), x]",
        "[|x| + y, x*y]", "[x^3 - 3x*y^2, log(y)]"]


def _programs(f):
    return {"f": programs(f), "J": programs(jacobian(f), slopes=True)}


def _same(a, b, rtol=1e-12):
    """Equal arrays up to round-off, nan where the other is nan."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and np.allclose(a, b, rtol=rtol, atol=1e-12, equal_nan=True)


def _matplotlib(draw_fn, *args):
    """What matplotlib draws: the axes after ``draw_fn(ax, *args)``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    draw_fn(ax, *args)
    plt.close(fig)
    return ax


def _arrows_drawn(ax):
    """The (start, tip) of each arrow matplotlib drew (an annotation with an arrow)."""
    return sorted((tuple(t.xyann), tuple(t.xy)) for t in ax.texts if t.arrow_patch is not None)


def test_the_square_and_its_images_are_the_same_in_the_browser(scene_page, rng):
    """Test the square at p and its images under f and under f(p) + J h, with their gap, on
    30 generated maps, points and half-widths: the browser's layers (GV.layers.square and
    square_images, on the printed programs) compute draw.square_outline's and
    draw.square_images' points, and matplotlib draws those points and J e₁, J e₂ from f(p)."""
    for k in range(30):
        f = gradviz.parse(MAPS[k % len(MAPS)])
        p = tuple(float(v) for v in rng.uniform(-1.5, 1.5, 2))
        half = float(10 ** rng.uniform(-3, 0))
        fp, J = draw.at_point(f, p), draw.at_point(jacobian(f), p)
        square, curved, linear, gap = draw.square_images(f, fp, J, p, half)
        np.testing.assert_array_equal(square, draw.square_outline(p, half))
        got = scene_page.evaluate(
            """([progs, p, h]) => {
                 const S = {scene: {programs: progs}, params: {h}, truth: {}}, L = {half: {param: "h"}};
                 return {outline: GV.layers.square.compute(S, null, L, p),
                         ...GV.layers.square_images.compute(S, null, L, p)};
               }""", [_programs(f), list(p), half])
        assert _same(got["outline"], square) and _same(got["square"], square), (k, p, half)
        assert _same(got["curved"], curved) and _same(got["linear"], linear), (k, p, half)
        assert _same(got["gap"], gap) and _same(got["fp"], fp), (k, got["gap"], gap)
        assert _same(got["J"], np.ravel(J)), (k, got["J"], J)
        ax = _matplotlib(draw.draw_square, p, square, half)
        assert _same(ax.lines[0].get_xydata(), square)
        assert _arrows_drawn(ax) == sorted([(p, (p[0] + half, p[1])), (p, (p[0], p[1] + half))])
        ax = _matplotlib(draw.draw_square_images, curved, linear, fp, J, half)
        assert _same(ax.lines[0].get_xydata(), curved) and _same(ax.lines[1].get_xydata(), linear)
        a, b, c, d = np.ravel(J)
        tips = [(fp[0] + half * a, fp[1] + half * c), (fp[0] + half * b, fp[1] + half * d)]
        want = sorted((tuple(fp), t) for t in tips if np.isfinite([*fp, *t]).all())
        assert _same(_arrows_drawn(ax), want), (k, _arrows_drawn(ax), want)


def test_the_course_arrows_are_the_same_in_the_browser(scene_page, rng):
    """Test e₁, e₂ and J e₁, J e₂ at chosen points and at p, times the scale, on 24
    generated maps, points and scales: the browser's layer (GV.layers.basis_arrows on the
    layer's wire data and the printed programs) has draw.basis_arrows' tips, and matplotlib
    draws an arrow from each point to each of its tips."""
    from gradviz import scene as sc

    for k in range(24):
        f = gradviz.parse(MAPS[k % len(MAPS)])
        pts = tuple(tuple(float(v) for v in q) for q in rng.uniform(-2, 2, (k % 5, 2)))
        p, scale = tuple(float(v) for v in rng.uniform(-2, 2, 2)), float(rng.uniform(0.1, 1.5))
        layer = sc.BasisArrows(pts, tuple(str(q) for q in pts), "s", at_p=True)
        want_pts, tips = draw.basis_arrows(jacobian(f), pts, scale, p)
        got = scene_page.evaluate(
            """([L, progs, p, s]) => GV.layers.basis_arrows.compute(
                 {scene: {programs: progs}, params: {s}, truth: {}}, null, L, p)""",
            [sc._json(layer.wire({"J": jacobian(f)})), _programs(f), list(p), scale])
        assert _same(got["pts"], want_pts) and _same(got["tips"], tips), (k, p, scale)
        ax = _matplotlib(draw.draw_basis_arrows, want_pts, tips, layer.labels)
        want = sorted((tuple(q), tuple(t)) for q, ts in zip(want_pts, tips) for t in ts
                      if np.isfinite(t).all() and not np.array_equal(q, t))
        assert _arrows_drawn(ax) == want, k
        assert [t.get_text() for t in ax.texts if t.arrow_patch is None] == list(layer.labels)


def test_an_answer_arrow_is_the_same_in_the_browser(scene_page, rng):
    """Test the Answer layer: the arrow the browser draws from p (GV_ALGO.directionAt) is
    draw.direction_at's on random directions and views, none without a direction; and the
    direction a turn sends (GV_ALGO.degrees, whole degrees in [0, 360)) is numpy's, rounded."""
    for _ in range(60):
        deg = float(rng.uniform(-720, 720))
        box = tuple(sorted(rng.uniform(-5, 5, 2))) + tuple(sorted(rng.uniform(-5, 5, 2)))
        got = scene_page.evaluate("([d, box]) => GV_ALGO.directionAt(d, box, 0.22)",
                                  [deg, list(box)])
        assert np.allclose(got, draw.direction_at(deg, box, 0.22), rtol=1e-12, atol=1e-15)
    assert scene_page.evaluate("() => GV_ALGO.directionAt(null, [0, 1, 0, 1], 0.22)") == [0, 0]
    assert not draw.direction_at(None, (0, 1, 0, 1)).any()
    for dx, dy in rng.normal(size=(200, 2)) * 10.0 ** rng.integers(-6, 6, size=(200, 1)):
        want = np.floor(np.degrees(np.arctan2(dy, dx)) + 0.5) % 360
        assert scene_page.evaluate("([a, b]) => GV_ALGO.degrees(a, b)", [dx, dy]) == want


def test_an_arrows_name_stays_within_its_panel(scene_page):
    """Test that ∇f's name at an arrow whose tip reaches the panel's top edge is set inside
    the panel (it was cut off by the edge on the gradient-descent page's default view)."""
    at = scene_page.evaluate("""() => {
      const c = document.createElement("canvas"), ctx = c.getContext("2d"), said = [];
      const P = { left: 50, top: 20, w: 200, h: 200, font: 14, sx: (v) => 50 + 100 * (v + 1),
                  sy: (v) => 20 + 100 * (1 - v) };
      const keep = GV.label;
      GV.label = (ctx, P, text, x, y) => said.push([text, x, y]);
      try { GV.layers.vector.draw(ctx, P, { label: "∇f", color: "#d55e00" }, { p: [0.9, 0.2] }, [0.1, 0.8]); }
      finally { GV.label = keep; }
      return [said, P];
    }""")
    said, box = at
    (text, x, y), = said
    assert text == "∇f" and box["top"] < y < box["top"] + box["h"] and x < box["left"] + box["w"]
