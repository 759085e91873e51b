"""Each layer type's algorithm (the grid, the level curve through p, …) and its matplotlib
drawer; ``web/layers.js`` has the browser's twins, tested equal. Only numpy and matplotlib:
a downloaded script carries the functions it uses verbatim, so the student runs what the
page drew.
"""

import numpy as np

ORANGE, SKY, GREEN, YELLOW = "#E69F00", "#56B4E9", "#009E73", "#F0E442"
BLUE, VERMILLION, PURPLE = "#0072B2", "#D55E00", "#CC79A7"


def evaluate(fn, *args):
    """fn at points (arrays broadcast together) as floats, nan where it is not defined;
    a vector function gives its components stacked on a first axis."""
    args = [np.asarray(a, dtype=float) for a in args]  # 1/0 is inf here, not an exception
    with np.errstate(all="ignore"):
        out = fn(*args)
        shape = np.broadcast_shapes(*(np.shape(a) for a in args))
        if isinstance(out, (tuple, list)):
            out = np.stack([np.broadcast_to(np.asarray(c, dtype=float), shape) for c in out])
        else:
            out = np.broadcast_to(np.asarray(out, dtype=float), np.shape(out) or shape)
        out = np.array(out, dtype=float)
    out[~np.isfinite(out)] = np.nan
    return out


def at_point(fn, p, known=None):
    """fn at the point p (a number, or an array for a vector function); ``known`` is the
    page's own value where the formula is not the truth (a corner, a 0/0 point)."""
    return np.asarray(known, dtype=float) if known is not None else evaluate(fn, *p)


def grid(fn, box, n, fixed=()):
    """fn on n × n points over box = (xmin, xmax, ymin, ymax): X, Y and Z."""
    X, Y = np.meshgrid(np.linspace(box[0], box[1], n), np.linspace(box[2], box[3], n))
    return X, Y, evaluate(fn, X, Y, *fixed)


def widen(lo, hi):
    """A range an axis can show: [lo, hi], or one around it when it is empty or narrower
    than a billionth of its numbers (a constant; a range one double wide)."""
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    least = 1e-9 * max(abs(lo), abs(hi), 1.0)
    return (lo, hi) if half >= least else (mid - least, mid + least)


def colour_range(Z):
    """The colour scale's ends: the values' true range, unless a few extreme values (near
    a pole) would wash the picture out; then that end is the 1st or 99th percentile."""
    v = Z[np.isfinite(Z)]
    if v.size == 0:
        return 0.0, 1.0
    lo, hi = float(v.min()), float(v.max())
    p1, p99 = np.percentile(v, [1, 99])
    spread = p99 - p1
    if spread > 0 and hi - p99 > 2 * spread:
        hi = float(p99)
    if spread > 0 and p1 - lo > 2 * spread:
        lo = float(p1)
    return widen(lo, hi)


def fit_box(points, box, auto="y", equal=False):
    """A panel's view: box, with the range of the points on the ``auto`` axes ("x", "y"
    or "xy"), 10% wider; ``equal``: made square around its centre."""
    pts = np.vstack([np.zeros((0, 2)), *(np.reshape(q, (-1, 2)) for q in points)]).astype(float)
    pts = pts[np.isfinite(pts).all(axis=1)]
    view = list(box)
    for j, axis in enumerate("xy"):
        if axis in auto and len(pts):
            lo, hi = widen(pts[:, j].min(), pts[:, j].max())
            view[2 * j:2 * j + 2] = lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo)
    x0, x1, y0, y1 = view
    if equal:
        half = max(x1 - x0, y1 - y0) / 2
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        x0, x1, y0, y1 = cx - half, cx + half, cy - half, cy + half
    return (float(x0), float(x1), float(y0), float(y1))


def contour_levels(lo, hi, count):
    """count levels evenly inside (lo, hi)."""
    return np.linspace(lo, hi, count + 2)[1:-1]


def field_grid(fn, box, per_side, fixed=()):
    """The field fn at the centres of per_side × per_side cells of box: X, Y, U, V."""
    centres = (np.arange(per_side) + 0.5) / per_side
    X, Y = np.meshgrid(box[0] + centres * (box[1] - box[0]), box[2] + centres * (box[3] - box[2]))
    U, V = evaluate(fn, X, Y, *fixed)[:2]
    return X, Y, U, V


def typical_length(U, V):
    """The 95th percentile of the arrows' finite, non-zero lengths (1 if none)."""
    length = np.hypot(U, V)
    ok = np.isfinite(length) & (length > 0)
    return float(np.percentile(length[ok], 95)) if ok.any() else 1.0


def arrow_lengths(U, V, box, per_side, top=None):
    """The arrows as drawn: one of the typical length ``top`` (default: U and V's own) 0.9 of
    a cell long, none over 1.2 cells nor (if not zero) under 0.15, so its direction shows."""
    cell = min(box[1] - box[0], box[3] - box[2]) / per_side
    top = typical_length(U, V) if top is None else top
    length = np.hypot(U, V)
    ok = np.isfinite(length) & (length > 0)
    with np.errstate(all="ignore"):
        drawn = np.clip(length / top * 0.9 * cell, 0.15 * cell, 1.2 * cell)
        scale = np.where(ok, drawn / length, 0.0)
    return U * scale, V * scale


def vector_at(g, box, unit=True, length=0.22, per_side=0, top=1.0):
    """The arrow drawn for the vector g at p: its direction, length × the view's larger
    side long (``unit``); with ``per_side``, length times the arrow that arrow_lengths
    draws for g among a field's per_side² arrows of typical length ``top``; else g itself."""
    g = np.asarray(g, dtype=float).ravel()[:2]
    if per_side:
        return length * np.array(arrow_lengths(g[0], g[1], box, per_side, top), dtype=float)
    norm = np.hypot(*g)
    if not unit:
        return g
    span = max(box[1] - box[0], box[3] - box[2])
    return g / norm * length * span if np.isfinite(norm) and norm > 0 else np.zeros(2)


def streamlines(fn, box, seeds=8, steps=150, fixed=()):
    """Curves along fn/‖fn‖ from the centres of seeds × seeds cells, traced both ways by RK4
    in steps of 1/100 of the view's larger side. A curve stops on the view's edge, where fn
    is undefined, at a zero of fn (a step comes out much shorter), where it closes on
    itself, or after ``steps`` steps each way. Returns points (m, 2), nan between curves."""
    h = max(box[1] - box[0], box[3] - box[2]) / 100
    lo, hi = np.array([box[0], box[2]]), np.array([box[1], box[3]])
    xs = box[0] + (np.arange(seeds) + 0.5) * (box[1] - box[0]) / seeds
    ys = box[2] + (np.arange(seeds) + 0.5) * (box[3] - box[2]) / seeds
    starts = np.column_stack([a.ravel() for a in np.meshgrid(xs, ys)])

    def direction(q, sign):
        u, v = sign * evaluate(fn, q[:, 0], q[:, 1], *fixed)[:2]
        length = np.hypot(u, v)
        with np.errstate(all="ignore"):
            d = np.column_stack([u / length, v / length])
        d[~(length > 1e-12)] = np.nan
        return d

    def trace(sign):
        """All the seeds at once, one way: (steps + 2, seeds², 2), nan after a curve ends."""
        path = np.full((steps + 2, len(starts), 2), np.nan)
        path[0] = x = starts
        alive = np.ones(len(starts), dtype=bool)
        for i in range(1, steps + 1):
            k1 = direction(x, sign)
            k2 = direction(x + h / 2 * k1, sign)
            k3 = direction(x + h / 2 * k2, sign)
            k4 = direction(x + h * k3, sign)
            nxt = x + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
            ok = alive & np.isfinite(nxt).all(axis=1) & (np.hypot(*(nxt - x).T) > h / 4)
            inside = ((nxt >= lo) & (nxt <= hi)).all(axis=1)
            path[i, ok] = np.clip(nxt[ok], lo, hi)  # one that leaves stops on the edge
            closed = ok & inside & (i > 10) & (np.hypot(*(nxt - starts).T) < 0.6 * h)
            path[i + 1, closed] = starts[closed]  # a closed orbit: joined up
            alive = ok & inside & ~closed
            x = np.where(alive[:, None], nxt, x)
            if not alive.any():
                break
        return path

    curves = []
    for fwd, back in zip(trace(1.0).transpose(1, 0, 2), trace(-1.0).transpose(1, 0, 2)):
        fwd, back = fwd[np.isfinite(fwd).all(axis=1)], back[np.isfinite(back).all(axis=1)]
        closed = len(fwd) > 2 and np.array_equal(fwd[-1], fwd[0])
        line = fwd if closed else np.vstack([back[::-1], fwd[1:]])
        if len(line) >= 2:
            curves += [line, np.full((1, 2), np.nan)]
    return np.vstack(curves[:-1]) if curves else np.zeros((0, 2))


def level_curve_through(fn, X, Y, Z, p, level, fixed=()):
    """Every branch of {f = level} that meets p's cell or one next to it (level_pieces),
    with the level set the grid's values only touch from there (level_touch) and the
    branches met from that, those joined to p's cells through cells with pieces; where
    there is none, the curve followed from p (level_trace). Where p lies within a cell of
    a floor (level_touch's) where f is past the level (the curves either side of it closer
    than two cells: the grid sees them in pieces), the curve through p and the one through p
    mirrored in the floor (within p's distance of the mirror point) are followed
    (level_trace), in place of the pieces within 1.5 cells of them. Returns segments, (m, 2, 2)."""
    ny, nx = Z.shape
    if nx < 2 or ny < 2 or not np.isfinite(level):
        return np.zeros((0, 2, 2))
    x, y = X[0], Y[:, 0]
    ci = int(min(nx - 2, max(0, np.floor((p[0] - x[0]) / (x[-1] - x[0]) * (nx - 1)))))
    cj = int(min(ny - 2, max(0, np.floor((p[1] - y[0]) / (y[-1] - y[0]) * (ny - 1)))))
    seeds = [(j, i) for j in range(cj - 1, cj + 2) for i in range(ci - 1, ci + 2)
             if 0 <= i < nx - 1 and 0 <= j < ny - 1]
    segs, cells = level_pieces(fn, x, y, Z, seeds, level, fixed)
    touch, touch_cells, shown, floor = level_touch(fn, x, y, Z, seeds, level, fixed)
    if touch_cells:
        more, more_cells = level_pieces(fn, x, y, Z, [(j + b, i + a) for j, i in touch_cells
                                                      for a in (-1, 0, 1) for b in (-1, 0, 1)],
                                        level, fixed)
        own_cells = set(cells)
        new = [c not in own_cells for c in more_cells]  # (a cell's pieces are its own)
        found, keep = set(touch_cells + more_cells), set(seeds + cells)
        todo = list(keep)
        while todo:  # the pieces joined to p's cells
            j, i = todo.pop()
            for c in ((j + b, i + a) for b in (-1, 0, 1) for a in (-1, 0, 1)):  # (and corners)
                if c in found and c not in keep:
                    keep.add(c)
                    todo.append(c)
        joined = np.array([c in keep for c in touch_cells + more_cells], bool)
        segs = np.concatenate([segs, more[joined[len(touch):] & np.array(new, bool)]])
        small, own = 1e-3 * min(x[1] - x[0], y[1] - y[0]), [(s,) for s in segs]
        touch = touch[joined[:len(touch)] & shown]  # less one on a branch's (a grid line's)
        segs = np.concatenate([segs, touch[[not all(_near(q, own, small) for q in (*t, t.mean(0)))
                                            for t in touch]].reshape(-1, 2, 2)])
    d = min(x[1] - x[0], y[1] - y[0])
    if len(floor):  # p beside a floor f is past the level on: both curves followed instead
        a, b = floor.transpose(1, 0, 2)
        u, w = b - a, np.asarray(p[:2], dtype=float) - a
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.nan_to_num(np.clip((w * u).sum(1) / (u * u).sum(1), 0, 1))
        gap = w - t[:, None] * u
        far = _length(gap[:, 0], gap[:, 1])
        k = int(np.argmin(np.where(np.isnan(far), np.inf, far)))  # the floor's piece nearest p
        q = a[k] + t[k] * u[k]  # (on the floor, f beyond the level: the curve either side)
        v = Z[np.isfinite(Z)]
        past = abs(evaluate(fn, q[0], q[1], *fixed) - level) > 1e-7 * (abs(level) + (np.ptp(v) if v.size else 0.0))
        if 1e-3 * d < far[k] <= d and past:
            mine = level_trace(fn, x, y, Z, p, level, fixed)
            side = u[k, 0] * gap[k, 1] - u[k, 1] * gap[k, 0]  # p's side of the floor
            other = level_trace(fn, x, y, Z, p[:2] - 2 * gap[k], level, fixed,  # from p mirrored
                                side=(a[k], u[k], -np.sign(side), far[k]))  # in the floor
            both = [(q,) for q in np.concatenate([mine, other])]
            if len(mine) and len(other) and not _near(other[0, 0], both[:len(mine)], far[k] / 2):
                # (another curve, not p's again: a circle round a pole crosses the "floor")
                rest = [q for q in segs if not all(_near(c, both, 1.5 * d) for c in (*q, q.mean(0)))]
                return np.concatenate([mine, other, np.reshape(rest, (-1, 2, 2))])
    return segs if len(segs) else level_trace(fn, x, y, Z, p, level, fixed)


def level_trace(fn, x, y, Z, p, level, fixed=(), side=None):
    """The level curve through p itself where the grid shows none near p (1/x at
    (0.03, 1): no grid value between p and the pole reaches f(p); a circle inside a cell):
    followed both ways from p, a step along the tangent (∇f a quarter turned, by central
    differences), then Newton's steps along ∇f onto f = level (within 1e-7 of f's size and
    its change over a cell at p; none where f's change is below 1e-9 of its range).
    A step starts at half a cell and is halved, down to 1/64, while the point found is
    further than a third of it from where the step aimed; it stops at the grid's edge,
    where ∇f is undefined or 0, after 8 steps a grid point, or back at p (within a step).
    With ``side`` = (a, u, sign, reach), p is first taken onto the level by Newton's steps
    and must land on that side (sign) of the line a + t·u, within reach of where it started:
    the other curve beside a floor.
    Returns segments, shape (m, 2, 2)."""
    v = Z[np.isfinite(Z)]
    d = min(x[1] - x[0], y[1] - y[0])
    e, h0 = 1e-3 * d, d / 2

    def at(q):  # f at q, and ∇f there by central differences
        w = evaluate(fn, q[0] + np.array([0, e, -e, 0, 0]), q[1] + np.array([0, 0, 0, e, -e]), *fixed)
        return w[0] - level, (w[1] - w[2]) / (2 * e), (w[3] - w[4]) / (2 * e)

    def onto(c):  # Newton's steps along ∇f onto the level
        ok = False
        for _ in range(5):
            r, gx, gy = at(c)
            gg = gx * gx + gy * gy
            ok = bool(abs(r) <= tol)
            if ok or not (np.isfinite(gg) and gg > 0):
                break
            c = (c[0] - r * gx / gg, c[1] - r * gy / gg)
        return c, ok

    none, p = np.zeros((0, 2, 2)), (float(p[0]), float(p[1]))
    span = abs(level) + (v.max() - v.min() if v.size else 0.0)
    if side is not None:  # (the tolerance of f's size: ∇f at p is not known yet)
        tol = 1e-7 * span
        c, ok = onto(p)
        a, u, sign, reach = side
        if not (ok and np.sign(u[0] * (c[1] - a[1]) - u[1] * (c[0] - a[0])) == sign
                and _length(c[0] - p[0], c[1] - p[1]) <= reach):
            return none
        p = c
    _, gx, gy = at(p)  # f's change over a cell at p: none (a minimum's) is no curve
    rise = _length(gx, gy) * d
    if not rise > 1e-9 * span:
        return none
    tol = 1e-7 * (abs(level) + rise)

    def walk(sign):
        q, h, pts = p, h0, []
        for _ in range(8 * len(x)):
            r, gx, gy = at(q)
            norm = _length(gx, gy)
            if not (np.isfinite(norm) and norm > 0):
                return pts, False
            tx, ty = -sign * gy / norm, sign * gx / norm
            while True:
                aim = (q[0] + h * tx, q[1] + h * ty)
                c, ok = onto(aim)
                ok = ok and _length(c[0] - aim[0], c[1] - aim[1]) <= h / 3
                if ok or h <= h0 / 64:
                    break
                h /= 2
            if not ok:
                return pts, False
            if not (x[0] <= c[0] <= x[-1] and y[0] <= c[1] <= y[-1]):  # out: to the edge
                t = min([(b - q[k]) / (c[k] - q[k]) for k, lo, hi in ((0, x[0], x[-1]), (1, y[0], y[-1]))
                         for b in (lo, hi) if (c[k] - b) * (q[k] - b) < 0] or [0.0])
                return pts + [(q[0] + t * (c[0] - q[0]), q[1] + t * (c[1] - q[1]))], False
            pts.append(c)
            if len(pts) > 3 and _length(c[0] - p[0], c[1] - p[1]) < h:
                return pts + [p], True  # round, back at p
            q, h = c, min(h0, 2 * h)
        return pts, False

    ahead, closed = walk(1.0)
    back = [] if closed else walk(-1.0)[0]
    line = np.array([*back[::-1], p, *ahead], dtype=float).reshape(-1, 2)
    return np.stack([line[:-1], line[1:]], axis=1) if len(line) > 1 else none


def _length(a, b):
    """√(a² + b²), as the browser's twin computes it (hypot may differ in the last digit)."""
    return np.sqrt(a * a + b * b)


def level_pieces(fn, x, y, Z, seeds, level, fixed=()):
    """The branches of {f = level} that meet the seed cells: the cells whose corners reach
    the level are grown from there, so branches that meet (a saddle's X) stay one curve;
    each cell's piece is cut by marching squares (a corner >= level counts as above). A
    piece is kept where f is continuous across both its cell sides: halving a side 16 times
    closes in on its crossing, where f's step must shrink below 1/16 of the range f was
    seen to take on the side (across a pole or a jump, as x/y across y = 0, it does not,
    and f does not take the level there). Returns the segments, shape (m, 2, 2), and each
    one's cell (j, i)."""
    ny, nx = Z.shape
    corners = np.stack([Z[:-1, :-1], Z[:-1, 1:], Z[1:, 1:], Z[1:, :-1]])  # a b c d
    with np.errstate(invalid="ignore"):
        crosses = (corners.min(0) <= level) & (level <= corners.max(0))
    queue = list(dict.fromkeys(c for c in seeds if 0 <= c[1] < nx - 1 and 0 <= c[0] < ny - 1
                               and crosses[c]))
    seen, sides, cells = set(queue), [], []  # each segment's two crossings: (ax, ay, bx, by, va, vb, t)
    while queue:
        j, i = queue.pop()
        c = corners[:, j, i]
        xy = ((x[i], y[j]), (x[i + 1], y[j]), (x[i + 1], y[j + 1]), (x[i], y[j + 1]))
        cuts = []
        for k in range(4):  # the cell's sides a-b, b-c, c-d, d-a
            (ax, ay), (bx, by), va, vb = xy[k], xy[(k + 1) % 4], c[k], c[(k + 1) % 4]
            if (va >= level) != (vb >= level):
                cuts.append((ax, ay, bx, by, va, vb, (level - va) / (vb - va)))
        sides += [cuts[k] + cuts[k + 1] for k in range(0, len(cuts) - 1, 2)]
        cells += [(j, i)] * (len(cuts) // 2)
        for jj, ii in ((j, i + 1), (j, i - 1), (j + 1, i), (j - 1, i)):
            if 0 <= ii < nx - 1 and 0 <= jj < ny - 1 and crosses[jj, ii] and (jj, ii) not in seen:
                seen.add((jj, ii))
                queue.append((jj, ii))
    if not sides:
        return np.zeros((0, 2, 2)), []
    s = np.array(sides, dtype=float).reshape(-1, 7)  # two rows a segment
    ax, ay, bx, by, va, vb, t0 = s.T
    above, ta, tb, fa, fb = va >= level, np.zeros(len(s)), np.ones(len(s)), va, vb
    lo, hi = np.minimum(va, vb), np.maximum(va, vb)  # f's range on the side, as seen
    for _ in range(16):
        t = (ta + tb) / 2
        v = evaluate(fn, ax + t * (bx - ax), ay + t * (by - ay), *fixed)
        with np.errstate(invalid="ignore"):
            near_a = (v >= level) == above
        ta, fa = np.where(near_a, t, ta), np.where(near_a, v, fa)
        tb, fb = np.where(near_a, tb, t), np.where(near_a, fb, v)
        lo, hi = np.fmin(lo, v), np.fmax(hi, v)
    with np.errstate(invalid="ignore"):
        step = np.abs(fa - fb)  # (and within rounding: f equal to the level along a side)
        kept = (step <= (hi - lo) / 16 + 1e-12 * (np.abs(fa) + np.abs(fb))).reshape(-1, 2).all(1)
    ends = np.column_stack([ax + t0 * (bx - ax), ay + t0 * (by - ay)]).reshape(-1, 2, 2)
    return ends[kept], [c for c, k in zip(cells, kept) if k]


def level_touch(fn, x, y, Z, seeds, level, fixed=()):
    """{f = level} where the grid's values only touch it: a valley's floor or a ridge's
    crest at the level (x² at (0, 1): the line x = 0), or two curves closer than a cell
    either side of one. The floor is the zero of ∂f/∂x, then of ∂f/∂y (central
    differences), cut by marching squares in the cells grown from the seed cells (and
    those the first found); each piece's ends are found by halving 16 times.
    A piece is drawn where the cell's corners are on one side of the level and f is the
    level at both ends (within f's step across the last halving) and halfway (within
    1/100 of the corners' distance: not a chord across the corner where two such lines
    cross); so is a side of its cell with f the level at both ends and halfway.
    Where f at both ends is on the other side of the level from the corners, the level's
    crossings on the ends' cell sides (halved 16 times towards) are joined either side of
    the floor, where f halfway is within a quarter of the corners' distance from the level
    (a curve that bends away within the cell is left to level_trace).
    Returns the pieces, each one's cell, and whether it is shown: not when drawn already
    (within rounding) or shorter than a thousandth of a cell (at a node: it joins cells);
    and the floor's pieces."""
    ny, nx = Z.shape
    v = Z[np.isfinite(Z)]
    if v.size == 0:
        return np.zeros((0, 2, 2)), [], np.zeros(0, bool), np.zeros((0, 2, 2))
    tol = 1e-9 * (v.max() - v.min()) + 1e-12 * abs(level)
    small = 1e-3 * min(x[1] - x[0], y[1] - y[0])
    X, Y = np.meshgrid(x, y)
    grow, segs, floor = list(seeds), [], []
    for d in ((small, 0.0), (0.0, small)):
        def g(px, py, d=d):
            return (evaluate(fn, px + d[0], py + d[1], *fixed)
                    - evaluate(fn, px - d[0], py - d[1], *fixed))
        G = g(X, Y)
        corners = np.stack([G[:-1, :-1], G[:-1, 1:], G[1:, 1:], G[1:, :-1]])
        with np.errstate(invalid="ignore"):
            crosses = (corners.min(0) < 0) & (0 <= corners.max(0))  # a side changes sign
        queue = list(dict.fromkeys(c for c in grow if crosses[c]))
        seen, pieces = set(queue), []
        while queue:  # the floor's pieces: each end's cell side (a, b) and the cell (j, i)
            j, i = queue.pop()
            xy = ((x[i], y[j]), (x[i + 1], y[j]), (x[i + 1], y[j + 1]), (x[i], y[j + 1]))
            c = corners[:, j, i]
            cut = [(*xy[k], *xy[(k + 1) % 4], j, i) for k in range(4)
                   if (c[k] >= 0) != (c[(k + 1) % 4] >= 0)]
            pieces += [cut[k] + cut[k + 1] for k in range(0, len(cut) - 1, 2)]
            for jj, ii in ((j, i + 1), (j, i - 1), (j + 1, i), (j - 1, i)):
                if 0 <= ii < nx - 1 and 0 <= jj < ny - 1 and crosses[jj, ii] \
                        and (jj, ii) not in seen:
                    seen.add((jj, ii))
                    queue.append((jj, ii))
        s = np.array(pieces, dtype=float).reshape(-1, 6)  # two rows a piece
        ax, ay, bx, by = s[:, :4].T
        ga, gb = g(ax, ay), g(bx, by)
        ta, tb, above = np.zeros(len(s)), np.ones(len(s)), ga >= 0
        for _ in range(16):
            t = (ta + tb) / 2
            near_a = (g(ax + t * (bx - ax), ay + t * (by - ay)) >= 0) == above
            ta, tb = np.where(near_a, t, ta), np.where(near_a, tb, t)
        step = np.abs(evaluate(fn, ax + ta * (bx - ax), ay + ta * (by - ay), *fixed)
                      - evaluate(fn, ax + tb * (bx - ax), ay + tb * (by - ay), *fixed))
        t = np.where(ga == 0, 0.0, np.where(gb == 0, 1.0, (ta + tb) / 2))  # (on a node: there)
        ex, ey = ax + t * (bx - ax), ay + t * (by - ay)
        h = evaluate(fn, ex, ey, *fixed) - level
        floors, rays = [], []  # rays: the level's crossings from each end towards its side's a, b
        for k in range(0, len(s), 2):
            j, i = int(s[k, 4]), int(s[k, 5])
            cell = Z[[j, j, j + 1, j + 1], [i, i + 1, i + 1, i]] - level
            with np.errstate(invalid="ignore"):
                if abs(h[k]) <= step[k] + tol and abs(h[k + 1]) <= step[k + 1] + tol and (
                        (cell >= 0).all() or (cell < 0).all()):  # (no side crosses: not a branch's)
                    slack = 4 * (max(abs(h[k]), abs(h[k + 1])) + max(step[k], step[k + 1]) + tol)
                    floors.append((((ex[k], ey[k]), (ex[k + 1], ey[k + 1])), (j, i),
                                   np.abs(cell).max() / 100, slack))
                elif h[k] < 0 < cell.min() and h[k + 1] < 0 or h[k] > 0 > cell.max() and h[k + 1] > 0:
                    rays.append(k)
            floor.append(((ex[k], ey[k]), (ex[k + 1], ey[k + 1])))
        for j, i in dict.fromkeys((int(s[k, 4]), int(s[k, 5])) for k in range(0, len(s), 2)):
            xy = ((x[i], y[j]), (x[i + 1], y[j]), (x[i + 1], y[j + 1]), (x[i], y[j + 1]))
            on = Z[[j, j, j + 1, j + 1], [i, i + 1, i + 1, i]] == level  # a cell side at the level
            floors += [((xy[k], xy[(k + 1) % 4]), (j, i), 0.0, 4 * tol) for k in range(4)
                       if on[k] and on[(k + 1) % 4]]
        half = np.array([((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for (a, b), *_ in floors]).reshape(-1, 2)
        off = np.abs(evaluate(fn, half[:, 0], half[:, 1], *fixed) - level)  # halfway on the floor too
        mine = [(seg, c) for (seg, c, bound, slack), w in zip(floors, off) if w <= bound or w <= slack]
        m = np.repeat(np.array(rays, dtype=int)[:, None] + [0, 1], 2).reshape(-1)
        to_b = np.arange(len(m)) % 2 == 1
        cx, cy = np.where(to_b, bx[m], ax[m]), np.where(to_b, by[m], ay[m])
        lo, hi = np.zeros(len(m)), np.ones(len(m))
        for _ in range(16):
            t = (lo + hi) / 2
            w = evaluate(fn, ex[m] + t * (cx - ex[m]), ey[m] + t * (cy - ey[m]), *fixed)
            with np.errstate(invalid="ignore"):
                still = (w - level < 0) == (h[m] < 0)
            lo, hi = np.where(still, t, lo), np.where(still, hi, t)
        t = (lo + hi) / 2
        q = np.column_stack([ex[m] + t * (cx - ex[m]), ey[m] + t * (cy - ey[m])]).reshape(-1, 4, 2)
        chords = []  # joined either side of the floor: where f is near the level halfway
        for k, (qa, qb, qa2, qb2) in zip(rays, q):  # (a quarter of the corners' distance)
            ux, uy = ex[k + 1] - ex[k], ey[k + 1] - ey[k]
            side = [np.sign(ux * (ay[r] - ey[k]) - uy * (ax[r] - ex[k])) for r in (k, k + 1)]
            pairs = ((qa, qa2), (qb, qb2)) if side[0] == side[1] else ((qa, qb2), (qb, qa2))
            j, i = int(s[k, 4]), int(s[k, 5])
            far = np.abs(Z[[j, j, j + 1, j + 1], [i, i + 1, i + 1, i]] - level).min()
            chords += [(pair, (j, i), far) for pair in pairs]
        half = np.array([(a + b) / 2 for (a, b), _, _ in chords]).reshape(-1, 2)
        off = np.abs(evaluate(fn, half[:, 0], half[:, 1], *fixed) - level)
        mine += [(pair, c) for (pair, c, far), w in zip(chords, off) if w <= far / 4]
        for seg, c in mine:  # one drawn already (within rounding) is not drawn again
            drawn = [s for s in segs if not s[2]]
            segs.append((seg, c, all(_near(q, drawn, small) for q in (*seg, np.mean(seg, axis=0)))))
        grow = grow + [c for _, c, _ in segs]
    shown = [not again and np.hypot(seg[1][0] - seg[0][0], seg[1][1] - seg[0][1]) > small
             for seg, _, again in segs]  # (not one within a thousandth of a cell of a node)
    return (np.array([s for s, _, _ in segs], dtype=float).reshape(-1, 2, 2),
            [c for _, c, _ in segs], np.array(shown, dtype=bool),
            np.array(floor, dtype=float).reshape(-1, 2, 2))


def _near(q, segs, tol):
    """Whether the point q is within tol of one of the segments (seg, …)."""
    if not segs:
        return False
    a, b = np.array([s[0] for s in segs], dtype=float).transpose(1, 0, 2)
    u, w = b - a, np.asarray(q, dtype=float) - a
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.nan_to_num(np.clip((w * u).sum(1) / (u * u).sum(1), 0, 1))
    return bool((np.hypot(*(w - t[:, None] * u).T) <= tol).any())


def descent_path(fn, p, step, steps, sign=-1, momentum=0.0, box=None, fixed=(), value=None):
    """At most 100,000 steps from p: v ← momentum·v + sign·step·∇f(x), x ← x + v (sign −1:
    descent), stopping where ∇f is undefined, before a point where f (``value``) is, or half
    the view's size outside box. Returns the points (x, y); the variables after them stay at
    ``fixed``."""
    x, v = np.array(p[:2], dtype=float), np.zeros(2)
    pts = [x]
    for _ in range(min(int(steps), 100_000)):
        g = evaluate(fn, x[0], x[1], *fixed)[:2]
        if not np.isfinite(g).all():
            break
        v = momentum * v + sign * step * g
        x = x + v
        if not np.isfinite(x).all() or value is not None and not np.isfinite(
                evaluate(value, x[0], x[1], *fixed)).all():
            break
        pts.append(x)
        if box is not None:
            pad = max(box[1] - box[0], box[3] - box[2]) / 2
            if not (box[0] - pad <= x[0] <= box[1] + pad and box[2] - pad <= x[1] <= box[3] + pad):
                break
    return np.array(pts)


def slice_lines(p, box):
    """The ends (2, 2, 2) of the slices' lines across the view: y = y₀ and x = x₀."""
    return np.array([[(box[0], p[1]), (box[1], p[1])], [(p[0], box[2]), (p[0], box[3])]],
                    dtype=float)


def slice_through(fn, p, k, box, n=161):
    """n points (t, f) of fn through p, variable k moving over the panel's x-range."""
    t = np.linspace(box[0], box[1], n)
    args = [np.full(n, float(c)) for c in p]
    args[k] = t
    return np.column_stack([t, evaluate(fn, *args)])


def tangent_line(p, k, value, g, box):
    """The slice's tangent at p, through (p[k], f(p)) with slope g[k], across the x-range:
    its two ends and the slope (nan where f(p) or the partial is undefined)."""
    value = float(value)
    slope = float(np.ravel(g)[k]) if np.isfinite(value) else np.nan
    t = np.array([box[0], box[1]], dtype=float)
    return np.column_stack([t, value + slope * (t - p[k])]), slope


def square_outline(p, half, per_side=24):
    """The square of half-width ``half`` around p, counter-clockwise from its lower-left
    corner and back: points, shape (4·per_side + 1, 2)."""
    corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]], dtype=float)
    t = np.arange(per_side)[:, None] / per_side
    sides = [a + t * (b - a) for a, b in zip(corners[:-1], corners[1:])]
    return np.asarray(p[:2], dtype=float) + half * np.vstack(sides + [corners[-1:]])


def square_images(f, fp, J, p, half, per_side=24):
    """The square at p, its images under f and under h ↦ fp + J h (J row by row), each
    (k, 2), and the gap: the largest distance between the two images' matching points."""
    square = square_outline(p, half, per_side)
    curved = evaluate(f, square[:, 0], square[:, 1]).reshape(2, -1).T
    a, b, c, d = np.asarray(J, dtype=float).ravel()[:4]
    h = square - np.asarray(p[:2], dtype=float)
    linear = np.asarray(fp, dtype=float).ravel()[:2] + h @ np.array([[a, c], [b, d]])
    dist = np.hypot(*(curved - linear).T)
    gap = float(np.max(dist[np.isfinite(dist)])) if np.isfinite(dist).any() else float("nan")
    return square, curved, linear, gap


def basis_arrows(J, points, scale, p=None, known=None):
    """The points (k, 2), p last (``known``: J there), and the tips (k, 4, 2) of e₁, e₂, J e₁
    and J e₂ (J's columns) from each, times scale."""
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    M = evaluate(J, pts[:, 0], pts[:, 1]).reshape(4, len(pts))
    if p is not None:
        pts = np.vstack([pts, np.asarray(p[:2], dtype=float)])
        M = np.hstack([M, np.asarray(at_point(J, p, known), dtype=float).reshape(4, 1)])
    a, b, c, d = M
    one, zero = np.ones_like(a), np.zeros_like(a)
    arrows = np.stack([np.stack(v, axis=-1) for v in ((one, zero), (zero, one), (a, c), (b, d))],
                      axis=1)
    return pts, pts[:, None, :] + scale * arrows


def direction_at(theta, box, length=0.22):
    """The arrow drawn for u = (cos θ, sin θ), θ in degrees, length × the view's larger side
    long; zeros without a θ (no answer yet)."""
    if theta is None or not np.isfinite(theta):
        return np.zeros(2)
    t = np.radians(theta)
    return np.array([np.cos(t), np.sin(t)]) * length * max(box[1] - box[0], box[3] - box[2])


def directional_curve(g, theta):
    """Rows (θ, Dᵤf = ∇f·u) for θ = 0°…360°, and marks at the given θ and at ∇f's θ*, where
    Dᵤf is largest: |∇f|."""
    g = np.asarray(g, dtype=float).ravel()[:2]
    t = np.arange(361.0)
    curve = np.column_stack([t, g[0] * np.cos(np.radians(t)) + g[1] * np.sin(np.radians(t))])
    at = g[0] * np.cos(np.radians(theta)) + g[1] * np.sin(np.radians(theta))
    star = np.degrees(np.arctan2(g[1], g[0])) % 360 if np.hypot(*g) > 0 else np.nan
    return curve, np.array([[theta, at], [star, np.hypot(*g)]])


def usable_gradient(g, fallback=(5.0, 2.0)):
    """∇f at p for the rotation test, or the course's [5, 2] where it is zero or undefined."""
    g = np.asarray(g, dtype=float).ravel()[:2]
    n = np.hypot(*g)
    return g if np.isfinite(n) and n > 1e-12 else np.asarray(fallback, dtype=float)


def turned_axes(g, alpha):
    """e₁′ and e₂′ turned by α degrees (1.2 long), ∇f/|∇f|, and the rule's choice (0.75 long):
    the turned axis of ∇f's largest component (the first on a tie), pointing its way."""
    a = np.radians(alpha)
    e1, e2 = np.array([np.cos(a), np.sin(a)]), np.array([-np.sin(a), np.cos(a)])
    g = np.asarray(g, dtype=float).ravel()[:2]
    c1, c2 = g @ e1, g @ e2
    axis, c = (e1, c1) if abs(c1) >= abs(c2) else (e2, c2)
    norm = np.hypot(*g)
    return np.array([1.2 * e1, 1.2 * e2, g / norm if norm > 0 else np.zeros(2),
                     0.75 * (axis if c >= 0 else -axis)])


def rotation_angles(g, alpha):
    """Rows (α, ∇f's angle, the rule's angle) in axes turned by α = 0°…360°, and the row at
    the given α: ∇f turns steadily, the rule's choice jumps between 0°, 90°, 180°, 270°."""
    a = np.radians(np.append(np.arange(361.0), alpha))
    g = np.asarray(g, dtype=float).ravel()[:2]
    c1, c2 = np.cos(a) * g[0] + np.sin(a) * g[1], -np.sin(a) * g[0] + np.cos(a) * g[1]
    first = np.abs(c1) >= np.abs(c2)
    rule = 90.0 * (np.where(first, 0, 1) + np.where(np.where(first, c1, c2) < 0, 2, 0))
    rows = np.column_stack([np.degrees(a), np.degrees(np.arctan2(c2, c1)) % 360, rule])
    return rows[:-1], rows[-1]


# -- drawing --------------------------------------------------------------------------------
def new_figure(widths, height=6.0):
    """A figure with one axes per panel, side by side, each widths[k] inches wide."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(widths), figsize=(sum(widths) + 0.6, height),
                             gridspec_kw={"width_ratios": widths, "wspace": 0.3}, squeeze=False)
    return fig, list(axes[0])


def title(fig, text, tex=""):
    """The figure's title: in maths notation (``tex``) where matplotlib can set it."""
    import matplotlib.mathtext

    try:
        matplotlib.mathtext.MathTextParser("path").parse(tex)
        fig.suptitle(tex or text, fontsize=14)
    except ValueError:
        fig.suptitle(text, fontsize=14)


def frame(ax, box, xlabel, ylabel, title="", equal=True):
    """The panel's axes: its box, labels and title (a map keeps its units equal)."""
    ax.set(xlim=box[:2], ylim=box[2:], xlabel=xlabel, ylabel=ylabel)
    if equal:
        ax.set_aspect((box[1] - box[0]) / (box[3] - box[2]), adjustable="box")
    if title:
        ax.set_title(title, loc="left", fontsize=12, fontweight="bold")


def colour_bar(ax, mappable, values, lo, hi, label):
    """A colour bar from lo to hi beside ax, its ends pointed where values go beyond (near a
    pole), and then the values' true range under its label."""
    ok = values[np.isfinite(values)]
    below, above = bool(ok.size and ok.min() < lo), bool(ok.size and ok.max() > hi)
    extend = {(False, False): "neither", (True, False): "min", (False, True): "max"}.get(
        (below, above), "both")
    if below or above:
        label = f"{label}  (values from {ok.min():.4g} to {ok.max():.4g})"
    ax.figure.colorbar(mappable, ax=ax, label=label, shrink=0.85, extend=extend)


def draw_heatmap(ax, X, Y, Z, lo, hi, cmap="viridis", label="f"):
    """Cells centred on the grid points, blank where f is undefined, and a colour bar."""
    x, y = X[0], Y[:, 0]
    hx, hy = (x[1] - x[0]) / 2, (y[1] - y[0]) / 2
    im = ax.imshow(np.ma.masked_invalid(Z), origin="lower", cmap=cmap, vmin=lo, vmax=hi,
                   extent=(x[0] - hx, x[-1] + hx, y[0] - hy, y[-1] + hy), interpolation="nearest")
    colour_bar(ax, im, Z, lo, hi, label)


def draw_contours(ax, X, Y, Z, levels):
    """Thin white level curves."""
    if len(levels) and np.isfinite(Z).any():
        ax.contour(X, Y, np.ma.masked_invalid(Z), levels=sorted(levels), colors="white",
                   linewidths=1.0, alpha=0.55, linestyles="solid", corner_mask=False)


def magnitude(U, V):
    """The arrows' lengths ‖(U, V)‖."""
    return np.hypot(U, V)


def draw_arrows(ax, X, Y, U, V, color="black", values=None, lo=0.0, hi=1.0, cmap="plasma",
                label=""):
    """An arrow centred on each grid point, over a white halo: in ``color``, or by ``values``
    on cmap without its palest eighth (a pale arrow vanishes on white), with a colour bar."""
    ok = np.isfinite(U) & np.isfinite(V) & (np.hypot(U, V) > 0)
    style = {"angles": "xy", "scale_units": "xy", "scale": 1, "pivot": "middle",
             "edgecolor": "white", "linewidth": 0.6, "width": 0.004, "headwidth": 4,
             "headlength": 4.5}
    if values is None:
        ax.quiver(X[ok], Y[ok], U[ok], V[ok], color=color, **style)
        return
    from matplotlib import colormaps
    from matplotlib.colors import ListedColormap

    darker = ListedColormap(colormaps[cmap](np.linspace(0, 0.88, 256)))
    arrows = ax.quiver(X[ok], Y[ok], U[ok], V[ok], values[ok], cmap=darker, **style)
    arrows.set_clim(lo, hi)
    colour_bar(ax, arrows, values, lo, hi, label)


def draw_streamlines(ax, lines, color=SKY):
    """Thin curves (broken where a row is nan)."""
    ax.plot(lines[:, 0], lines[:, 1], "-", color=color, lw=1.8, alpha=0.85)


def draw_segments(ax, segments, color=ORANGE, width=4.0):
    """Line segments (a level curve) over a dark casing."""
    from matplotlib.collections import LineCollection

    for c, w in (("black", width + 2), (color, width)):
        ax.add_collection(LineCollection(segments, colors=c, linewidths=w, capstyle="round"))


def draw_vector(ax, p, v, color=VERMILLION, label=""):
    """A bold arrow from p to p + v over a white halo, labelled at its tip."""
    if not (np.isfinite(v).all() and np.hypot(*v) > 0):
        return
    tip = (p[0] + v[0], p[1] + v[1])
    _arrow(ax, p, tip, color, 3.5)
    if label:
        ax.annotate(label, tip, xytext=(6, 6), textcoords="offset points", fontsize=13,
                    fontweight="bold", color="black", zorder=4)


def draw_path(ax, pts, color=SKY):
    """A path of steps: the line and its points, over a dark casing."""
    ax.plot(pts[:, 0], pts[:, 1], "-", color="black", lw=5, solid_capstyle="round")
    ax.plot(pts[:, 0], pts[:, 1], "-o", color=color, lw=2.5, ms=4)


def draw_directional_curve(ax, curve, marks):
    """Dᵤf over θ: the curve, u's θ (blue line and dot) and the maximum at θ* (vermillion)."""
    ax.axhline(0, color="#999999", lw=1)
    ax.axvline(marks[0, 0], color=BLUE, lw=2)
    ax.plot(curve[:, 0], curve[:, 1], color="black", lw=2.5)
    for (t, v), color in zip(marks, (BLUE, VERMILLION)):
        ax.plot(t, v, "o", color=color, mec="white", mew=2, ms=10, zorder=5)
    ax.set_xticks([0, 90, 180, 270, 360])


def draw_turned_axes(ax, vectors):
    """The turned axes' arrows from 0, each name beyond its tip; the rule's beside its tip,
    away from ∇f (never more than 45° apart)."""
    vectors = np.asarray(vectors, dtype=float)
    norms = np.hypot(vectors[:, 0], vectors[:, 1])
    unit = vectors / np.where(norms > 0, norms, 1.0)[:, None]
    for k, (v, color, name) in enumerate(zip(vectors, ("#7f7f7f", "black", VERMILLION, BLUE),
                                             ("e₁′", "e₂′", "∇f/|∇f|", "rule"))):
        if not (np.isfinite(v).all() and norms[k] > 0):
            continue
        _arrow(ax, (0.0, 0.0), v, color, 3.5)
        off = 10 * unit[k]
        if k == 3:
            n = np.array([-unit[k][1], unit[k][0]])
            off = (-14 if n @ unit[2] > 0 else 14) * n
        ha = "left" if off[0] > 3 else "right" if off[0] < -3 else "center"
        ax.annotate(name, v, xytext=off, textcoords="offset points", fontsize=13, ha=ha,
                    va="center", fontweight="bold", color=color, zorder=4)


def draw_rotation_angles(ax, rows, at):
    """The two directions' angles in the turned axes over α, with the α of the slider."""
    jumps = np.abs(np.diff(rows[:, 1])) > 180  # the angle wraps round: no line across
    for k, color, width in ((1, VERMILLION, 3), (2, BLUE, 2.5)):
        y = rows[:, k].copy()
        if k == 1:
            y[1:][jumps] = np.nan
        ax.plot(rows[:, 0], y, color=color, lw=width)
        ax.plot(at[0], at[k], "o", color=color, mec="white", mew=2, ms=10, zorder=5)
    ax.axvline(at[0], color="#999999", lw=2)
    ax.set_xticks([0, 90, 180, 270, 360])
    ax.set_yticks([0, 90, 180, 270, 360])


def draw_point(ax, p, label="p"):
    """The point p: a vermillion dot, white-edged, and its name."""
    ax.plot(p[0], p[1], "o", color=VERMILLION, mec="white", mew=2, ms=12, zorder=5)
    ax.annotate(label, p[:2], xytext=(8, 8), textcoords="offset points", fontsize=14,
                fontweight="bold", zorder=5)


def draw_slice_lines(ax, lines, colors):
    """The slice lines through p, each in its slice's colour over a white halo."""
    for (a, b), color in zip(lines, colors):
        for c, w in (("white", 6), (color, 3)):
            ax.plot([a[0], b[0]], [a[1], b[1]], "-", color=c, lw=w, solid_capstyle="butt")


def draw_slice(ax, curve, tangent, p, k, value, slope, names, color):
    """A slice through p, its tangent dashed black (its slope in the legend under the
    panel) and the point (p[k], f(p)) in orange."""
    held = ", ".join(v if j == k else repr(float(p[j])).removesuffix(".0")
                     for j, v in enumerate(names))
    ax.plot(curve[:, 0], curve[:, 1], "-", color=color, lw=3, label=f"f({held})")
    if np.isfinite(slope):
        ax.plot(tangent[:, 0], tangent[:, 1], "--", color="black", lw=2,
                label=f"tangent, slope ∂f/∂{names[k]} = {slope:.4g}")
    if np.isfinite(value):
        ax.plot(p[k], value, "o", color=ORANGE, mec="black", mew=1.5, ms=10, zorder=5)
    legend_under(ax, columns=1)


def legend_under(ax, columns=2):
    """The panel's legend under its axes, never over what it draws."""
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=11, frameon=False,
              ncol=columns)


def draw_square(ax, p, square, half, basis=True):
    """The square at p, and e₁, e₂ drawn to its half-width (blue, green)."""
    ax.plot(square[:, 0], square[:, 1], "-", color="black", lw=2)
    if basis:
        for v, color in (((half, 0), BLUE), ((0, half), GREEN)):
            _arrow(ax, p, (p[0] + v[0], p[1] + v[1]), color)


def draw_square_images(ax, curved, linear, fp, J, half):
    """The square under f (vermillion), under f(p) + J h (blue, dashed), and J e₁, J e₂ to
    the half-width from f(p); a legend under the panel."""
    ax.plot(curved[:, 0], curved[:, 1], "-", color=VERMILLION, lw=3, label="f(square)")
    ax.plot(linear[:, 0], linear[:, 1], "--", color=BLUE, lw=3, dashes=(4, 3),
            label="f(p) + J h")
    a, b, c, d = np.asarray(J, dtype=float).ravel()[:4]
    for v, color in (((a, c), VERMILLION), ((b, d), ORANGE)):
        _arrow(ax, fp, (fp[0] + half * v[0], fp[1] + half * v[1]), color)
    ax.plot(fp[0], fp[1], "o", color="black", ms=7, zorder=5)
    ax.annotate("f(p)", fp[:2], xytext=(8, -14), textcoords="offset points", fontsize=12,
                fontweight="bold", zorder=5)
    legend_under(ax)


def draw_basis_arrows(ax, pts, tips, labels):
    """e₁, e₂, J e₁, J e₂ at each point, with a legend under the panel; the labelled points
    as black dots."""
    names, colors = ("e₁", "e₂", "J e₁", "J e₂"), (BLUE, GREEN, VERMILLION, ORANGE)
    for k, p in enumerate(pts):
        for tip, name, color in zip(tips[k], names, colors):
            _arrow(ax, p, tip, color, label=name if k == 0 else None)
    for p, text in zip(pts, labels):
        ax.plot(p[0], p[1], "o", color="black", ms=7, zorder=5)
        ax.annotate(text, p, xytext=(6, -16), textcoords="offset points", fontsize=12,
                    fontweight="bold", zorder=5)
    if len(pts):
        legend_under(ax, columns=4)


def _arrow(ax, a, b, color, width=2.5, label=None):
    """An arrow from a to b over a white halo (and a legend entry when labelled)."""
    from matplotlib import patheffects

    if np.isfinite([*a[:2], *b[:2]]).all() and np.hypot(b[0] - a[0], b[1] - a[1]) > 0:
        ax.annotate("", xy=b[:2], xytext=a[:2], zorder=4, arrowprops={
            "arrowstyle": "-|>", "mutation_scale": 7 * width, "color": color, "lw": width,
            "shrinkA": 0, "shrinkB": 0,
            "path_effects": [patheffects.withStroke(linewidth=2 * width, foreground="white")]})
    if label:
        ax.plot([], [], "-", color=color, lw=width, label=label)
