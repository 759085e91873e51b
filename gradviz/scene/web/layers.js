// The browser's drawer of each layer type of gradviz/scene/layers.py; the layers that follow p
// are computed every frame by the twins of draw.py's algorithms (tested equal in Chromium).

// -- the algorithms that follow p (twins of draw.py) -------------------------------------------
const GV_ALGO = (() => {
  // a heatmap's values (NaN: undefined), decoded once from layers.packed or a list (null: NaN)
  const DECODED = new WeakMap();
  function values(H) {
    if (!DECODED.has(H)) {
      let z;
      if (Array.isArray(H.z)) z = Float64Array.from(H.z, (v) => (v === null ? NaN : v));
      else {
        const text = atob(H.z.f64), bytes = new Uint8Array(text.length);
        for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
        z = new Float64Array(bytes.buffer);
      }
      for (let k = 0; k < z.length; k++) if (!Number.isFinite(z[k])) z[k] = NaN;
      DECODED.set(H, z);
    }
    return DECODED.get(H);
  }
  // the range of a heatmap's defined values ([Infinity, -Infinity] when none), once
  const SPAN = new WeakMap();
  function span(H) {
    if (!SPAN.has(H)) {
      let lo = Infinity, hi = -Infinity;
      for (const v of values(H)) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      SPAN.set(H, [lo, hi]);
    }
    return SPAN.get(H);
  }

  // draw.level_curve_through: the branches of {f = level} that meet p's cell or one next to it,
  // with the level set the grid only touches from there and the branches met from that; where
  // there is none, the curve followed from p
  function levelCurveThrough(H, p, level, f) {
    const { x, y } = H, nx = x.length, ny = y.length;
    if (nx < 2 || ny < 2 || level === null || !Number.isFinite(level)) return [];
    const clip = (v, hi) => Math.min(hi, Math.max(0, v));
    const ci = clip(Math.floor((p[0] - x[0]) / (x[nx - 1] - x[0]) * (nx - 1)), nx - 2);
    const cj = clip(Math.floor((p[1] - y[0]) / (y[ny - 1] - y[0]) * (ny - 1)), ny - 2);
    const seeds = [];
    for (let j = cj - 1; j <= cj + 1; j++) for (let i = ci - 1; i <= ci + 1; i++) {
      if (i >= 0 && j >= 0 && i < nx - 1 && j < ny - 1) seeds.push([j, i]);
    }
    const normal = levelPieces(H, seeds, level, f), touch = levelTouch(H, seeds, level, f, p.slice(2).join());
    let segs = normal.segs;
    if (touch.cells.length) {
      const near = [];
      for (const [j, i] of touch.cells) for (const b of [-1, 0, 1]) for (const a of [-1, 0, 1]) near.push([j + b, i + a]);
      const more = levelPieces(H, near, level, f);
      const key = ([j, i]) => j * nx + i, own = new Set(normal.cells.map(key));  // (a cell's pieces are its own)
      const found = new Set([...touch.cells, ...more.cells].map(key)), keep = new Set([...seeds, ...normal.cells].map(key));
      const todo = [...seeds, ...normal.cells];
      while (todo.length) {  // the pieces joined to p's cells
        const [j, i] = todo.pop();
        for (const c of [-1, 0, 1].flatMap((b) => [-1, 0, 1].map((a) => [j + b, i + a]))) {  // (and corners)
          if (c[1] >= 0 && c[1] < nx - 1 && found.has(key(c)) && !keep.has(key(c))) { keep.add(key(c)); todo.push(c); }
        }
      }
      const mine = more.segs.filter((s, k) => keep.has(key(more.cells[k])) && !own.has(key(more.cells[k])));
      const cellOf = normal.cells.concat(more.cells.filter((c, k) => keep.has(key(c)) && !own.has(key(c))));
      segs = segs.concat(mine);
      const by = new Map(), small = 1e-3 * Math.min(H.x[1] - H.x[0], H.y[1] - H.y[0]);
      segs.forEach((s, k) => { const c = key(cellOf[k]); if (!by.has(c)) by.set(c, []); by.get(c).push([s]); });
      segs = segs.concat(touch.segs.filter((s, k) => {  // less one on a branch's (a grid line's)
        if (!keep.has(key(touch.cells[k])) || !touch.shown[k]) return false;
        const [j, i] = touch.cells[k], near = [];
        for (let b = -1; b <= 1; b++) for (let a = -1; a <= 1; a++) near.push(...(by.get(key([j + b, i + a])) || []));
        return ![s[0], s[1], [(s[0][0] + s[1][0]) / 2, (s[0][1] + s[1][1]) / 2]].every((q) => nearSegment(q, near, small));
      }));
    }
    const d = Math.min(x[1] - x[0], y[1] - y[0]), length = (a, b) => Math.sqrt(a * a + b * b);
    if (touch.floor.length) {  // p beside a floor f is past the level on: both curves followed instead
      let k = -1, best = Infinity, gap = null, u = null, tk = 0;
      touch.floor.forEach(([a, b], m) => {  // the floor's piece nearest p
        const um = [b[0] - a[0], b[1] - a[1]], w = [p[0] - a[0], p[1] - a[1]];
        let t = (w[0] * um[0] + w[1] * um[1]) / (um[0] * um[0] + um[1] * um[1]);
        t = Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t));
        const g = [w[0] - t * um[0], w[1] - t * um[1]], len = length(g[0], g[1]);
        if (len < best) { best = len; k = m; gap = g; u = um; tk = t; }
      });
      const [lo, hi] = span(H), a = k >= 0 ? touch.floor[k][0] : null;  // (on the floor, f beyond the level)
      const fq = k >= 0 ? f([a[0] + tk * u[0]], [a[1] + tk * u[1]])[0] : NaN;  // (not finite: NaN, no curve)
      const past = Number.isFinite(fq) && Math.abs(fq - level) > 1e-7 * (Math.abs(level) + (lo <= hi ? hi - lo : 0));
      if (k >= 0 && 1e-3 * d < best && best <= d && past) {
        const mine = levelTrace(H, p, level, f);
        const side = u[0] * gap[1] - u[1] * gap[0];  // p's side of the floor
        const other = levelTrace(H, [p[0] - 2 * gap[0], p[1] - 2 * gap[1]], level, f, [a, u, -Math.sign(side), best]);
        const both = [...mine, ...other].map((q) => [q]);
        if (mine.length && other.length && !nearSegment(other[0][0], both.slice(0, mine.length), best / 2)) {
          // (another curve, not p's again: a circle round a pole crosses the "floor")
          const rest = segs.filter((q) => ![q[0], q[1], [(q[0][0] + q[1][0]) / 2, (q[0][1] + q[1][1]) / 2]]
            .every((c) => nearSegment(c, both, 1.5 * d)));
          return [...mine, ...other, ...rest];
        }
      }
    }
    return segs.length ? segs : levelTrace(H, p, level, f);
  }

  // draw.level_trace: the level curve through p itself, followed both ways from p (a step along
  // the tangent, then Newton's steps onto the level), where the grid shows none near p
  function levelTrace(H, p, level, f, side = null) {
    const { x, y } = H, nx = x.length, [lo, hi] = span(H);
    const d = Math.min(x[1] - x[0], y[1] - y[0]), e = 1e-3 * d, h0 = d / 2;
    const at = (q) => {  // f at q, and grad f there by central differences
      const w = f([q[0], q[0] + e, q[0] - e, q[0], q[0]], [q[1], q[1], q[1], q[1] + e, q[1] - e])
        .map((v) => (Number.isFinite(v) ? v : NaN));
      return [w[0] - level, (w[1] - w[2]) / (2 * e), (w[3] - w[4]) / (2 * e)];
    };
    const length = (a, b) => Math.sqrt(a * a + b * b);  // (draw._length: not hypot, which may differ)
    let tol;
    const onto = (c) => {  // Newton's steps along grad f onto the level
      let ok = false;
      for (let k = 0; k < 5; k++) {
        const [r, gx, gy] = at(c), gg = gx * gx + gy * gy;
        ok = Math.abs(r) <= tol;
        if (ok || !(Number.isFinite(gg) && gg > 0)) break;
        c = [c[0] - r * gx / gg, c[1] - r * gy / gg];
      }
      return [c, ok];
    };
    const spread = Math.abs(level) + (lo <= hi ? hi - lo : 0);
    p = [p[0], p[1]];
    if (side) {  // (the tolerance of f's size: grad f at p is not known yet)
      tol = 1e-7 * spread;
      const [c, ok] = onto(p), [a, u, sign, reach] = side;
      if (!(ok && Math.sign(u[0] * (c[1] - a[1]) - u[1] * (c[0] - a[0])) === sign &&
            length(c[0] - p[0], c[1] - p[1]) <= reach)) return [];
      p = c;
    }
    const [, gx0, gy0] = at(p), rise = length(gx0, gy0) * d;  // f's change over a cell at p
    if (!(rise > 1e-9 * spread)) return [];
    tol = 1e-7 * (Math.abs(level) + rise);
    const inBox = (c) => x[0] <= c[0] && c[0] <= x[nx - 1] && y[0] <= c[1] && c[1] <= y[y.length - 1];
    const walk = (sign) => {
      let q = [p[0], p[1]], h = h0;
      const pts = [];
      for (let s = 0; s < 8 * nx; s++) {
        const [, gx, gy] = at(q), norm = length(gx, gy);
        if (!(Number.isFinite(norm) && norm > 0)) return [pts, false];
        const tx = -sign * gy / norm, ty = sign * gx / norm;
        let c, ok;
        for (;;) {
          const aim = [q[0] + h * tx, q[1] + h * ty];
          [c, ok] = onto(aim);
          ok = ok && length(c[0] - aim[0], c[1] - aim[1]) <= h / 3;
          if (ok || h <= h0 / 64) break;
          h /= 2;
        }
        if (!ok) return [pts, false];
        if (!inBox(c)) {  // out: to the edge
          const ts = [];
          for (const [k, a, b] of [[0, x[0], x[nx - 1]], [1, y[0], y[y.length - 1]]]) {
            for (const edge of [a, b]) if ((c[k] - edge) * (q[k] - edge) < 0) ts.push((edge - q[k]) / (c[k] - q[k]));
          }
          const t = ts.length ? Math.min(...ts) : 0;
          pts.push([q[0] + t * (c[0] - q[0]), q[1] + t * (c[1] - q[1])]);
          return [pts, false];
        }
        pts.push(c);
        if (pts.length > 3 && length(c[0] - p[0], c[1] - p[1]) < h) return [[...pts, [p[0], p[1]]], true];
        q = c; h = Math.min(h0, 2 * h);
      }
      return [pts, false];
    };
    const [ahead, closed] = walk(1), back = closed ? [] : walk(-1)[0];
    const line = [...back.reverse(), [p[0], p[1]], ...ahead], segs = [];
    for (let k = 0; k + 1 < line.length; k++) segs.push([line[k], line[k + 1]]);
    return segs;
  }

  // draw.level_pieces: grown from the seed cells, each piece kept where f is continuous
  // across both its cell sides
  function levelPieces(H, seeds, level, f) {
    const { x, y } = H, z = values(H), nx = x.length, ny = y.length;
    const at = (i, j) => z[j * nx + i];
    const corners = (i, j) => [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)];
    const meets = (i, j) => {
      const c = corners(i, j);
      return Math.min(...c) <= level && level <= Math.max(...c);  // false with a nan
    };
    const seen = new Uint8Array((nx - 1) * (ny - 1)), queue = [];
    const visit = (i, j) => {  // a cell on the grid that reaches the level, once
      if (i < 0 || j < 0 || i >= nx - 1 || j >= ny - 1 || seen[j * (nx - 1) + i]) return;
      if (meets(i, j)) { seen[j * (nx - 1) + i] = 1; queue.push([j, i]); }
    };
    for (const [j, i] of seeds) visit(i, j);
    const cuts = [], cellOf = [];  // each segment's two crossings: [ax, ay, bx, by, va, vb, t]
    while (queue.length) {
      const [j, i] = queue.pop();
      const [a, b, c, d] = corners(i, j), xa = x[i], xb = x[i + 1], ya = y[j], yb = y[j + 1];
      const mine = [];
      for (const [ax, ay, bx, by, va, vb] of [[xa, ya, xb, ya, a, b], [xb, ya, xb, yb, b, c],
                                              [xb, yb, xa, yb, c, d], [xa, yb, xa, ya, d, a]]) {
        if ((va >= level) !== (vb >= level)) mine.push([ax, ay, bx, by, va, vb, (level - va) / (vb - va)]);
      }
      for (let k = 0; k + 1 < mine.length; k += 2) { cuts.push(mine[k], mine[k + 1]); cellOf.push([j, i]); }
      for (const [jj, ii] of [[j, i + 1], [j, i - 1], [j + 1, i], [j - 1, i]]) visit(ii, jj);
    }
    // halve each side 16 times towards its crossing: f's step there must shrink below 1/16 of
    // the range f was seen to take on the side
    const m = cuts.length, ta = new Float64Array(m), tb = new Float64Array(m).fill(1);
    const [ax, ay, bx, by, va, vb, t0] = [0, 1, 2, 3, 4, 5, 6].map((c) => Float64Array.from(cuts, (q) => q[c]));
    const fa = va.slice(), fb = vb.slice(), lo = va.map((v, k) => Math.min(v, vb[k])), hi = va.map((v, k) => Math.max(v, vb[k]));
    const xs = new Float64Array(m), ys = new Float64Array(m);
    for (let step = 0; step < 16 && m; step++) {
      for (let k = 0; k < m; k++) {
        const t = (ta[k] + tb[k]) / 2;
        xs[k] = ax[k] + t * (bx[k] - ax[k]); ys[k] = ay[k] + t * (by[k] - ay[k]);
      }
      const v = f(xs, ys);
      for (let k = 0; k < m; k++) {
        const t = (ta[k] + tb[k]) / 2, w = Number.isFinite(v[k]) ? v[k] : NaN;
        if ((w >= level) === (va[k] >= level)) { ta[k] = t; fa[k] = w; } else { tb[k] = t; fb[k] = w; }
        if (w < lo[k]) lo[k] = w;  // f's range on the side, as seen (a NaN is not seen)
        if (w > hi[k]) hi[k] = w;
      }
    }
    const segs = [], cells = [], end = (k) => [ax[k] + t0[k] * (bx[k] - ax[k]), ay[k] + t0[k] * (by[k] - ay[k])];
    const ok = (k) => Math.abs(fa[k] - fb[k]) <= (hi[k] - lo[k]) / 16 + 1e-12 * (Math.abs(fa[k]) + Math.abs(fb[k]));
    for (let k = 0; k + 1 < m; k += 2) if (ok(k) && ok(k + 1)) { segs.push([end(k), end(k + 1)]); cells.push(cellOf[k / 2]); }
    return { segs, cells };
  }

  // draw._near: whether the point q is within tol of one of the segments [[a, b]], …
  function nearSegment(q, segs, tol) {
    return segs.some(([[a, b]]) => {
      const u = [b[0] - a[0], b[1] - a[1]], w = [q[0] - a[0], q[1] - a[1]], uu = u[0] * u[0] + u[1] * u[1];
      const t = uu > 0 ? Math.min(1, Math.max(0, (w[0] * u[0] + w[1] * u[1]) / uu)) : 0;
      return Math.hypot(w[0] - t * u[0], w[1] - t * u[1]) <= tol;
    });
  }

  const DIFFS = new WeakMap();  // a heatmap -> its grid's differences of f along x and y
  // draw.level_touch: {f = level} along a valley's floor or a ridge's crest the grid's values
  // only touch (the zero of a central difference of f, along x then y)
  function levelTouch(H, seeds, level, f, fixed) {
    const { x, y } = H, z = values(H), nx = x.length, ny = y.length;
    const each = (n, at) => { const o = new Float64Array(n); for (let k = 0; k < n; k++) o[k] = at(k); return o; };
    const F = (xs, ys) => { const v = f(xs, ys); return each(v.length, (k) => (Number.isFinite(v[k]) ? v[k] : NaN)); };
    const [lo, hi] = span(H);
    if (lo > hi) return { segs: [], cells: [], shown: [], floor: [] };
    const tol = 1e-9 * (hi - lo) + 1e-12 * Math.abs(level), small = 1e-3 * Math.min(x[1] - x[0], y[1] - y[0]);
    const key = (j, i) => j * nx + i, inside = (j, i) => i >= 0 && j >= 0 && i < nx - 1 && j < ny - 1;
    let grow = seeds.slice();
    const segs = [], drawn = new Map(), floor = [];  // segs: [seg, [j, i], again]; drawn: a cell's [seg] not again
    const near = (q, drawn) => nearSegment(q, drawn, small);
    for (const d of [[small, 0], [0, small]]) {
      const g = (xs, ys) => {
        const n = xs.length, p = F(each(n, (k) => xs[k] + d[0]), each(n, (k) => ys[k] + d[1]));
        const m = F(each(n, (k) => xs[k] - d[0]), each(n, (k) => ys[k] - d[1]));
        return each(n, (k) => p[k] - m[k]);
      };
      if (!DIFFS.has(H)) DIFFS.set(H, new Map());  // at a grid point once a scene (and fixed variables)
      const cache = DIFFS.get(H), ck = `${d[0] ? "x" : "y"}${fixed}`;
      if (!cache.has(ck)) {
        if (cache.size > 8) cache.clear();
        cache.set(ck, new Float64Array(nx * ny));
        cache.get(ck).known = new Uint8Array(nx * ny);
      }
      const G = cache.get(ck), at = (j, i) => {
        const k = key(j, i);
        if (!G.known[k]) { G[k] = g([x[i]], [y[j]])[0]; G.known[k] = 1; }
        return G[k];
      };
      const corners = (j, i) => [at(j, i), at(j, i + 1), at(j + 1, i + 1), at(j + 1, i)];
      const crosses = (j, i) => { const c = corners(j, i); return Math.min(...c) < 0 && 0 <= Math.max(...c); };  // a side changes sign
      const queue = [], seen = new Set(), pieces = [];
      for (const [j, i] of grow) if (crosses(j, i) && !seen.has(key(j, i))) { seen.add(key(j, i)); queue.push([j, i]); }
      while (queue.length) {  // the floor's pieces: each end's cell side (a, b) and the cell
        const [j, i] = queue.pop(), c = corners(j, i);
        const xy = [[x[i], y[j]], [x[i + 1], y[j]], [x[i + 1], y[j + 1]], [x[i], y[j + 1]]], cut = [];
        for (let k = 0; k < 4; k++) if ((c[k] >= 0) !== (c[(k + 1) % 4] >= 0)) cut.push([...xy[k], ...xy[(k + 1) % 4], j, i]);
        for (let k = 0; k + 1 < cut.length; k += 2) pieces.push(cut[k], cut[k + 1]);
        for (const [jj, ii] of [[j, i + 1], [j, i - 1], [j + 1, i], [j - 1, i]]) {
          if (inside(jj, ii) && crosses(jj, ii) && !seen.has(key(jj, ii))) { seen.add(key(jj, ii)); queue.push([jj, ii]); }
        }
      }
      const n = pieces.length, col = (c) => Float64Array.from(pieces, (q) => q[c]);
      const [ax, ay, bx, by] = [0, 1, 2, 3].map(col), ta = new Float64Array(n), tb = new Float64Array(n).fill(1);
      const along = (t) => [each(n, (k) => ax[k] + t[k] * (bx[k] - ax[k])), each(n, (k) => ay[k] + t[k] * (by[k] - ay[k]))];
      const ga = g(ax, ay), gb = g(bx, by), above = ga.map((v) => v >= 0);
      for (let step = 0; step < 16 && n; step++) {
        const t = each(n, (k) => (ta[k] + tb[k]) / 2), w = g(...along(t));
        for (let k = 0; k < n; k++) if ((w[k] >= 0) === Boolean(above[k])) ta[k] = t[k]; else tb[k] = t[k];
      }
      const fa = F(...along(ta)), fb = F(...along(tb));
      const [ex, ey] = along(each(n, (k) => (ga[k] === 0 ? 0 : gb[k] === 0 ? 1 : (ta[k] + tb[k]) / 2)));  // (on a node: there)
      const h = F(ex, ey).map((v) => v - level), floors = [], rays = [];
      for (let k = 0; k + 1 < n; k += 2) {
        const [j, i] = [pieces[k][4], pieces[k][5]], s0 = Math.abs(fa[k] - fb[k]), s1 = Math.abs(fa[k + 1] - fb[k + 1]);
        const cell = [z[key(j, i)], z[key(j, i + 1)], z[key(j + 1, i + 1)], z[key(j + 1, i)]].map((v) => v - level);
        const seg = [[ex[k], ey[k]], [ex[k + 1], ey[k + 1]]];
        floor.push(seg);
        if (Math.abs(h[k]) <= s0 + tol && Math.abs(h[k + 1]) <= s1 + tol &&
            (cell.every((v) => v >= 0) || cell.every((v) => v < 0))) {  // (no side crosses: not a branch's)
          const slack = 4 * (Math.max(Math.abs(h[k]), Math.abs(h[k + 1])) + Math.max(s0, s1) + tol);
          floors.push([seg, [j, i], Math.max(...cell.map(Math.abs)) / 100, slack]);
          continue;
        }
        if ((h[k] < 0 && 0 < Math.min(...cell) && h[k + 1] < 0) || (h[k] > 0 && 0 > Math.max(...cell) && h[k + 1] > 0)) rays.push(k);
      }
      const sides = new Set();  // a side of a floor's cell with f the level at both ends
      for (let k = 0; k + 1 < n; k += 2) {
        const [j, i] = [pieces[k][4], pieces[k][5]];
        if (sides.has(key(j, i))) continue;
        sides.add(key(j, i));
        const xy = [[x[i], y[j]], [x[i + 1], y[j]], [x[i + 1], y[j + 1]], [x[i], y[j + 1]]];
        const on = [z[key(j, i)], z[key(j, i + 1)], z[key(j + 1, i + 1)], z[key(j + 1, i)]].map((v) => v === level);
        for (let s = 0; s < 4; s++) if (on[s] && on[(s + 1) % 4]) floors.push([[xy[s], xy[(s + 1) % 4]], [j, i], 0, 4 * tol]);
      }
      const half = F(floors.map(([[a, b]]) => (a[0] + b[0]) / 2), floors.map(([[a, b]]) => (a[1] + b[1]) / 2));
      const mine = floors.filter(([, , bound, slack], k) => {  // halfway on the floor too
        const w = Math.abs(half[k] - level);
        return w <= bound || w <= slack;
      }).map(([seg, c]) => [seg, c]);
      // the level's crossings from each end towards its side's a, then b: halved 16 times
      const R = rays.flatMap((k) => [k, k, k + 1, k + 1]), cx = R.map((m, r) => (r % 2 ? bx[m] : ax[m]));
      const cy = R.map((m, r) => (r % 2 ? by[m] : ay[m])), lo = new Float64Array(R.length), hi = new Float64Array(R.length).fill(1);
      const ray = (t) => [Float64Array.from(R, (m, r) => ex[m] + t[r] * (cx[r] - ex[m])), Float64Array.from(R, (m, r) => ey[m] + t[r] * (cy[r] - ey[m]))];
      for (let s = 0; s < 16 && R.length; s++) {
        const t = lo.map((v, r) => (v + hi[r]) / 2), w = F(...ray(t));
        for (let r = 0; r < R.length; r++) if ((w[r] - level < 0) === (h[R[r]] < 0)) lo[r] = t[r]; else hi[r] = t[r];
      }
      const [qx, qy] = ray(lo.map((v, r) => (v + hi[r]) / 2)), Q = (r) => [qx[r], qy[r]];
      const chords = [];  // joined either side of the floor: where f is near the level halfway
      rays.forEach((k, n4) => {
        const ux = ex[k + 1] - ex[k], uy = ey[k + 1] - ey[k], r = 4 * n4, [j, i] = [pieces[k][4], pieces[k][5]];
        const side = [k, k + 1].map((m) => Math.sign(ux * (ay[m] - ey[k]) - uy * (ax[m] - ex[k])));
        const pairs = side[0] === side[1] ? [[0, 2], [1, 3]] : [[0, 3], [1, 2]];
        const far = Math.min(...[z[key(j, i)], z[key(j, i + 1)], z[key(j + 1, i + 1)], z[key(j + 1, i)]].map((v) => Math.abs(v - level)));
        for (const [u, w] of pairs) chords.push([[Q(r + u), Q(r + w)], [j, i], far]);
      });
      const off = F(chords.map(([[a, b]]) => (a[0] + b[0]) / 2), chords.map(([[a, b]]) => (a[1] + b[1]) / 2));
      chords.forEach(([seg, c, far], k) => { if (Math.abs(off[k] - level) <= far / 4) mine.push([seg, c]); });
      for (const [seg, c] of mine) {  // one drawn already (within rounding) is not drawn again
        const mid = [(seg[0][0] + seg[1][0]) / 2, (seg[0][1] + seg[1][1]) / 2], [j, i] = c;
        const by = [];  // those drawn in this cell and the eight round it (none further is near)
        for (let b = -1; b <= 1; b++) for (let a = -1; a <= 1; a++) by.push(...(drawn.get(key(j + b, i + a)) || []));
        const again = [seg[0], seg[1], mid].every((q) => near(q, by));
        segs.push([seg, c, again]);
        if (!again) { if (!drawn.has(key(j, i))) drawn.set(key(j, i), []); drawn.get(key(j, i)).push([seg]); }
      }
      grow = grow.concat(segs.map((s) => s[1]));
    }
    return { segs: segs.map((s) => s[0]), cells: segs.map((s) => s[1]),
             shown: segs.map(([seg, , again]) => !again && Math.hypot(seg[1][0] - seg[0][0], seg[1][1] - seg[0][1]) > small),
             floor };
  }

  // draw.descent_path: v <- momentum v + sign step grad(x), x <- x + v, stopping before a point
  // where f (value, when given) is undefined
  function descentPath(grad, p, step, steps, sign, momentum, box, fixed, value) {
    let x = [p[0], p[1]], v = [0, 0];
    const pts = [x], ok = (a) => Number.isFinite(a[0]) && Number.isFinite(a[1]);
    const pad = box ? Math.max(box[1] - box[0], box[3] - box[2]) / 2 : 0;
    for (let k = 0; k < Math.min(100000, Math.floor(steps)); k++) {
      const g = grad([x[0], x[1], ...fixed]);
      if (!ok(g)) break;
      v = [momentum * v[0] + sign * step * g[0], momentum * v[1] + sign * step * g[1]];
      x = [x[0] + v[0], x[1] + v[1]];
      if (!ok(x) || (value && !value([x[0], x[1], ...fixed]).every(Number.isFinite))) break;
      pts.push(x);
      if (box && !(box[0] - pad <= x[0] && x[0] <= box[1] + pad && box[2] - pad <= x[1] && x[1] <= box[3] + pad)) break;
    }
    return pts;
  }

  // draw.arrow_lengths of one arrow (u, v) among a field's perSide² of typical length top
  function arrowLength(u, v, box, perSide, top) {
    const cell = Math.min(box[1] - box[0], box[3] - box[2]) / perSide, n = Math.hypot(u, v);
    const scale = Number.isFinite(n) && n > 0 ? Math.min(1.2 * cell, Math.max(0.15 * cell, n / top * 0.9 * cell)) / n : 0;
    return [u * scale, v * scale];
  }

  // draw.vector_at: the arrow drawn for g at p
  function vectorAt(g, box, unit, length, perSide, top) {
    if (perSide) return arrowLength(g[0], g[1], box, perSide, top).map((c) => length * c);
    const n = Math.hypot(g[0], g[1]);
    if (!unit) return [g[0], g[1]];
    const span = Math.max(box[1] - box[0], box[3] - box[2]);
    return Number.isFinite(n) && n > 0 ? [g[0] / n * length * span, g[1] / n * length * span] : [0, 0];
  }

  // draw.square_outline: around p, counter-clockwise from its lower-left corner and back
  function squareOutline(p, half, perSide = 24) {
    const c = [[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]], pts = [];
    for (let k = 0; k < 4; k++) {
      for (let t = 0; t < perSide; t++) {
        const s = t / perSide;
        pts.push([0, 1].map((j) => p[j] + half * (c[k][j] + s * (c[k + 1][j] - c[k][j]))));
      }
    }
    pts.push([p[0] + half * -1, p[1] + half * -1]);
    return pts;
  }

  // draw.square_images: the square under f (fAt: f at a point, NaN where undefined) and under
  // h -> f(p) + J h (J row by row), and the largest distance between the two
  function squareImages(fAt, fp, J, p, half, perSide = 24) {
    const square = squareOutline(p, half, perSide), [a, b, c, d] = J;
    const curved = square.map((q) => fAt(q));
    const linear = square.map(([x, y]) => {
      const h1 = x - p[0], h2 = y - p[1];
      return [fp[0] + (h1 * a + h2 * b), fp[1] + (h1 * c + h2 * d)];
    });
    const dist = curved.map((q, k) => Math.hypot(q[0] - linear[k][0], q[1] - linear[k][1])).filter(Number.isFinite);
    return { square, curved, linear, gap: dist.length ? Math.max(...dist) : NaN };
  }

  // draw.basis_arrows: at each point the tips of e1, e2, J e1, J e2 (Js: J there, row by row), times scale
  function basisArrows(pts, Js, scale) {
    return pts.map(([x, y], k) => {
      const [a, b, c, d] = Js[k];
      return [[x + scale * 1, y + scale * 0], [x + scale * 0, y + scale * 1],
              [x + scale * a, y + scale * c], [x + scale * b, y + scale * d]];
    });
  }

  // draw.direction_at: the unit vector at θ degrees, length × the view's larger side (none without θ)
  function directionAt(theta, box, length) {
    if (theta === null || !Number.isFinite(theta)) return [0, 0];  // no answer yet
    const t = theta * Math.PI / 180, span = Math.max(box[1] - box[0], box[3] - box[2]);
    return [Math.cos(t) * length * span, Math.sin(t) * length * span];
  }

  // draw.directional_curve: Dᵤf over θ = 0°…360° and the marks at θ and θ*
  function directionalCurve(g, theta) {
    const d = (t) => g[0] * Math.cos(t * Math.PI / 180) + g[1] * Math.sin(t * Math.PI / 180);
    const curve = Array.from({ length: 361 }, (_, t) => [t, d(t)]);
    const n = Math.hypot(g[0], g[1]), star = n > 0 ? ((Math.atan2(g[1], g[0]) * 180 / Math.PI) % 360 + 360) % 360 : NaN;
    return { curve, marks: [[theta, d(theta)], [star, n]] };
  }

  // draw.usable_gradient: ∇f, or the course's [5, 2] where it is zero or undefined
  function usableGradient(g, fallback = [5, 2]) {
    const n = Math.hypot(g[0], g[1]);
    return Number.isFinite(n) && n > 1e-12 ? [g[0], g[1]] : fallback;
  }

  // draw.turned_axes: e1', e2', grad/|grad| and the largest-component rule's choice
  function turnedAxes(g, alpha) {
    const a = alpha * Math.PI / 180, e1 = [Math.cos(a), Math.sin(a)], e2 = [-Math.sin(a), Math.cos(a)];
    const c1 = g[0] * e1[0] + g[1] * e1[1], c2 = g[0] * e2[0] + g[1] * e2[1];
    const [axis, c] = Math.abs(c1) >= Math.abs(c2) ? [e1, c1] : [e2, c2], n = Math.hypot(g[0], g[1]);
    const s = c >= 0 ? 0.75 : -0.75;
    return [[1.2 * e1[0], 1.2 * e1[1]], [1.2 * e2[0], 1.2 * e2[1]], n > 0 ? [g[0] / n, g[1] / n] : [0, 0],
            [s * axis[0], s * axis[1]]];
  }

  // draw.rotation_angles: rows (α, ∇f's angle, the rule's angle) for α = 0…360, and at α
  function rotationAngles(g, alpha) {
    const row = (deg) => {
      const a = deg * Math.PI / 180, c1 = Math.cos(a) * g[0] + Math.sin(a) * g[1], c2 = -Math.sin(a) * g[0] + Math.cos(a) * g[1];
      const first = Math.abs(c1) >= Math.abs(c2), big = first ? c1 : c2;
      const ang = ((Math.atan2(c2, c1) * 180 / Math.PI) % 360 + 360) % 360;
      return [deg, ang, 90 * ((first ? 0 : 1) + (big < 0 ? 2 : 0))];
    };
    return { rows: Array.from({ length: 361 }, (_, t) => row(t)), at: row(alpha) };
  }

  // draw.slice_lines: y = y0 (the x-slice) and x = x0 (the y-slice) across the view
  const sliceLines = (p, box) => [[[box[0], p[1]], [box[1], p[1]]], [[p[0], box[2]], [p[0], box[3]]]];

  // draw.slice_through: n points (t, f) of f through p, variable k moving over box's x-range
  function sliceThrough(f, p, k, box, n) {
    const step = (box[1] - box[0]) / (n - 1), q = [...p];
    return Array.from({ length: n }, (_, i) => {
      q[k] = i === n - 1 ? box[1] : i * step + box[0];
      return [q[k], f(q)];
    });
  }

  // draw.tangent_line: its two ends and the slope g[k] (NaN where f(p) is not defined)
  function tangentLine(p, k, value, g, box) {
    const slope = Number.isFinite(value) ? g[k] : NaN;
    return [[box[0], box[1]].map((t) => [t, value + slope * (t - p[k])]), slope];
  }

  // the direction of (dx, dy) in whole degrees in [0, 360), counter-clockwise from +x
  const degrees = (dx, dy) => ((Math.round((Math.atan2(dy, dx) * 180) / Math.PI) % 360) + 360) % 360;

  return { values, levelCurveThrough, descentPath, arrowLength, vectorAt, directionAt, directionalCurve, turnedAxes, rotationAngles,
           sliceLines, sliceThrough, tangentLine, squareOutline, squareImages, basisArrows, usableGradient,
           degrees };
})();

// -- static layers -----------------------------------------------------------------------------
(() => {
  const { C, layers, fmt } = GV;
  const num = (v) => (v === null ? NaN : v), nan = (v) => v.map(num);  // undefined: NaN
  // a function's values at a point q, from its programs (NaN where undefined)
  const valuesAt = (progs) => (q) => progs.map((prog) => num(GV.run(prog, q)));
  const COLORS = { viridis: gvD3.interpolateViridis, plasma: gvD3.interpolatePlasma };
  // 256 colours of the scheme as [r, g, b] (d3's ramps give "#rrggbb"); arrows leave out
  // its palest eighth, a pale arrow vanishes on white (as draw.draw_arrows)
  const lut = (L) => (L._rgb = L._rgb || Array.from({ length: 256 }, (_, k) =>
    (COLORS[L.cmap] || COLORS.viridis)(k / 255 * (L.type === "arrows" ? 0.88 : 1)))
    .map((css) => [1, 3, 5].map((k) => parseInt(css.substr(k, 2), 16))));
  // the colour of v on the scale lo..hi, picked as matplotlib picks it from 256
  const colourAt = (rgb, v, lo, hi) => rgb[Math.max(0, Math.min(255, Math.floor(((v - lo) / (hi - lo)) * 256)))];

  // a dot of radius r px at the point q, edged (`edge`, `width` px) when asked
  function disc(ctx, P, q, r, fill, edge, width) {
    ctx.fillStyle = fill; ctx.beginPath();
    ctx.arc(P.sx(q[0]), P.sy(q[1]), r, 0, 2 * Math.PI); ctx.fill();
    if (edge) { ctx.strokeStyle = edge; ctx.lineWidth = width; ctx.stroke(); }
  }

  // the colour bar: the true range at its ends; "≤"/"≥" where the colours are clipped
  function colourBar(ctx, P, L) {
    const [lo, hi] = L.range, colours = lut(L);
    const lx = P.left + P.w + 1.2 * P.font, lw = 0.9 * P.font, lh = Math.min(P.h, 220);
    for (let k = 0; k < lh; k++) {
      const c = colours[Math.round(255 * (1 - k / (lh - 1)))];
      ctx.fillStyle = `rgb(${c[0]},${c[1]},${c[2]})`; ctx.fillRect(lx, P.top + k, lw, 1.5);
    }
    const [emin, emax] = L.extent;
    const top = (emax !== null && emax > hi ? "≥ " : "") + fmt(hi);
    const bottom = (emin !== null && emin < lo ? "≤ " : "") + fmt(lo);
    // the numbers whole, smaller where they are long (1.268e+30): a cut number reads wrong
    const room = P.left + P.w + Math.round(6.2 * P.font) - (lx + lw + 4) - 2;
    ctx.font = `${0.9 * P.font}px sans-serif`;
    const size = 0.9 * P.font * Math.min(1, room / Math.max(ctx.measureText(top).width, ctx.measureText(bottom).width));
    ctx.fillStyle = "#000"; ctx.font = `${size}px sans-serif`; ctx.textAlign = "left"; ctx.textBaseline = "middle";
    ctx.fillText(top, lx + lw + 4, P.top + 4);
    ctx.fillText(bottom, lx + lw + 4, P.top + lh - 4);
    if (top[0] === "≥" || bottom[0] === "≤") {  // clipped near a pole: the true range under it
      const lines = ["values from", fmt(emin), "to " + fmt(emax)];
      const w = Math.max(...lines.map((t) => ctx.measureText(t).width));
      ctx.font = `${size * Math.min(1, (room + lw + 4) / w)}px sans-serif`; ctx.textBaseline = "top";
      lines.forEach((t, i) => ctx.fillText(t, lx, P.top + lh + 6 + i * 1.15 * size));
    }
    ctx.font = `bold ${P.font}px sans-serif`; ctx.textBaseline = "bottom";
    ctx.fillText(L.label, lx, P.top - 4);
  }

  layers.heatmap = {
    draw(ctx, P, L) {
      const nx = L.x.length, ny = L.y.length, [lo, hi] = GV.widen(...L.range), colours = lut(L);
      const z = GV_ALGO.values(L);
      const img = document.createElement("canvas");
      img.width = nx; img.height = ny;
      const ic = img.getContext("2d"), id = ic.createImageData(nx, ny);
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const v = z[j * nx + i], o = ((ny - 1 - j) * nx + i) * 4;
          if (v !== v) continue;  // undefined (NaN): left blank
          const c = colourAt(colours, v, lo, hi);
          id.data[o] = c[0]; id.data[o + 1] = c[1]; id.data[o + 2] = c[2]; id.data[o + 3] = 255;
        }
      }
      ic.putImageData(id, 0, 0);
      const hx = nx > 1 ? (L.x[nx - 1] - L.x[0]) / (nx - 1) / 2 : 0, hy = ny > 1 ? (L.y[ny - 1] - L.y[0]) / (ny - 1) / 2 : 0;
      const x0 = P.sx(L.x[0] - hx), x1 = P.sx(L.x[nx - 1] + hx), y0 = P.sy(L.y[ny - 1] + hy), y1 = P.sy(L.y[0] - hy);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(img, x0, y0, x1 - x0, y1 - y0);
    },
    outside: colourBar,
  };

  // thin white level curves: d3-contour's rings on the heatmap's grid, cut where the grid
  // ends or f is undefined (as matplotlib's contour)
  layers.contours = {
    draw(ctx, P, L) {
      const H = P.panel.layers.find((q) => q.type === "heatmap");
      if (!H || !L.levels.length) return;
      if (!LINES.has(L)) LINES.set(L, contourLines(H, L.levels));  // once per scene
      ctx.strokeStyle = "rgba(255,255,255,0.55)"; ctx.lineWidth = 1;
      for (const line of LINES.get(L)) GV.polyline(ctx, P, line);
    },
  };
  const LINES = new WeakMap();  // a contours layer -> its lines (the scene cache holds it)
  function contourLines(H, levels) {
    const nx = H.x.length, ny = H.y.length, z = GV_ALGO.values(H);
    const dx = (H.x[nx - 1] - H.x[0]) / (nx - 1), dy = (H.y[ny - 1] - H.y[0]) / (ny - 1);
    const rings = gvD3.contours().size([nx, ny]).smooth(false).thresholds(levels)(z);
    // a ring's point lies on the edge between two grid values: there, if both are defined
    const cut = (X, Y, level) => {
      const horiz = Number.isInteger(X);
      const i0 = horiz ? X - 1 : X - 0.5, j0 = horiz ? Y - 0.5 : Y - 1;
      const i1 = horiz ? i0 + 1 : i0, j1 = horiz ? j0 : j0 + 1;
      if (i0 < 0 || j0 < 0 || i1 >= nx || j1 >= ny) return null;
      const a = z[j0 * nx + i0], b = z[j1 * nx + i1];
      if (!Number.isFinite(a) || !Number.isFinite(b) || a === b) return null;
      const t = (level - a) / (b - a);
      return [H.x[0] + (i0 + t * (i1 - i0)) * dx, H.y[0] + (j0 + t * (j1 - j0)) * dy];
    };
    // a piece inside a cell with an undefined corner is left out (as matplotlib does)
    const whole = (a, b) => {
      const i = Math.floor(((a[0] + b[0]) / 2 - H.x[0]) / dx), j = Math.floor(((a[1] + b[1]) / 2 - H.y[0]) / dy);
      return i >= 0 && j >= 0 && i < nx - 1 && j < ny - 1 &&
        [z[j * nx + i], z[j * nx + i + 1], z[(j + 1) * nx + i], z[(j + 1) * nx + i + 1]].every(Number.isFinite);
    };
    const lines = [];
    for (const mp of rings) {
      for (const poly of mp.coordinates) {
        for (const ring of poly) {
          const pts = ring.map(([X, Y]) => cut(X, Y, mp.value)), line = [];
          pts.forEach((q, k) => {
            if (k > 0 && q && pts[k - 1] && !whole(pts[k - 1], q)) line.push(null);
            line.push(q);
          });
          lines.push(line);
        }
      }
    }
    return lines;
  }

  // a field's arrows, centred on their points, over a white halo; or coloured by length (L.m)
  layers.arrows = {
    draw(ctx, P, L) {
      const cell = P.w / Math.max(1, Math.sqrt(L.x.length)), head = Math.min(7, cell / 3);
      const [lo, hi] = L.m ? GV.widen(...L.range) : [0, 1], colours = L.m ? lut(L) : null;
      ctx.lineCap = "round";
      for (const [color, width] of [[C.white, 4.4], [L.color === "black" ? C.black : L.color, 2]]) {
        ctx.strokeStyle = color; ctx.lineWidth = width;
        for (let k = 0; k < L.x.length; k++) {
          const { x, y, u, v } = { x: L.x[k], y: L.y[k], u: L.u[k], v: L.v[k] };
          if (x === null || y === null || u === null || v === null) continue;
          if (colours && color !== C.white) ctx.strokeStyle = `rgb(${colourAt(colours, L.m[k], lo, hi).join(",")})`;
          GV.arrowPath(ctx, P.sx(x - u / 2), P.sy(y - v / 2), P.sx(x + u / 2), P.sy(y + v / 2), head);
        }
      }
    },
    outside(ctx, P, L) { if (L.cmap) colourBar(ctx, P, L); },
  };

  // streamlines: thin curves through the server's points (a null between two curves)
  layers.streamlines = {
    draw(ctx, P, L) {
      ctx.strokeStyle = L.color; ctx.lineWidth = 1.8; ctx.globalAlpha = 0.85; ctx.lineJoin = "round";
      GV.polyline(ctx, P, L.x.map((x, k) => (x === null || L.y[k] === null ? null : [x, L.y[k]])));
      ctx.globalAlpha = 1;
    },
  };

  // -- layers that follow p ----------------------------------------------------------------------
  layers.level_curve = {
    follows: true,
    compute(S, P, L, p) {
      const H = P.panel.layers.find((q) => q.type === "heatmap");
      const level = GV.value(S, L.fn, p)[0], prog = S.scene.programs[L.fn][0];
      const f = (xs, ys) => GV_EXPR.evaluate(prog, [xs, ys, ...p.slice(2)]);
      return H ? GV_ALGO.levelCurveThrough(H, p, level, f) : [];
    },
    draw(ctx, P, L, S, segs) {  // each segment its own stroke: a null between two
      GV.cased(ctx, P, segs.flatMap((seg) => [...seg, null]), L.color, L.width);
    },
  };

  layers.vector = {
    follows: true,
    compute(S, P, L, p) {
      if (L.angle) return GV_ALGO.directionAt(S.params[L.angle], P.box, L.length);
      const g = GV.value(S, L.fn, p);
      if (g.slice(0, 2).some((v) => v === null)) return null;
      return GV_ALGO.vectorAt(g, P.box, L.unit, L.length, L.per_side, L.top);
    },
    draw(ctx, P, L, S, v) {
      if (!v || !(Math.hypot(v[0], v[1]) > 0)) return;
      const p = S.p, tail = [P.sx(p[0]), P.sy(p[1])], tip = [P.sx(p[0] + v[0]), P.sy(p[1] + v[1])];
      GV.haloArrow(ctx, tail, tip, L.color);
      // named at its tip, unless the name would sit on p's (a short arrow: the status names it)
      if (!L.label || !(Math.hypot(tip[0] - tail[0], tip[1] - tail[1]) > 2.5 * P.font)) return;
      ctx.font = `bold ${1.1 * P.font}px sans-serif`;  // GV.label's: kept within the panel
      const w = ctx.measureText(L.label).width, half = 0.6 * 1.1 * P.font;
      GV.label(ctx, P, L.label, Math.max(P.left + 2, Math.min(tip[0] + 6, P.left + P.w - w - 2)),
               Math.min(P.top + P.h - half, Math.max(tip[1] - 6, P.top + half)));
    },
  };

  // a class's answer: the arrow from p that the hand turns (engine.js), said in the status line
  layers.answer = {
    follows: true,
    compute(S, P, L) { return GV_ALGO.directionAt(S.answer, P.box, L.length); },
    draw(ctx, P, L, S, v) { layers.vector.draw(ctx, P, L, S, v); },
    status(S) {
      return S.answer === null ? "drag from p to point your arrow" : `your answer = ${fmt(S.answer)}°`;
    },
  };

  layers.path = {
    follows: true,
    compute(S, P, L, p) {
      const [step, count, momentum] = [L.step, L.count, L.momentum].map((v) => GV.param(S, v));
      return GV_ALGO.descentPath(valuesAt(S.scene.programs[L.fn]), p, step, count, L.sign, momentum,
                                 P.box, p.slice(2), valuesAt(S.scene.programs[L.value]));
    },
    draw(ctx, P, L, S, pts) {
      if (!pts || pts.length < 2) return;
      GV.cased(ctx, P, pts, L.color, 2.5, C.black);
      for (const q of pts) disc(ctx, P, q, 2.5, L.color);
    },
  };

  // Dᵤf over θ with u's θ and the maximum at θ*; its status: θ and Dᵤf at u
  layers.directional_curve = {
    follows: true,
    compute(S, P, L, p) {
      const g = GV.value(S, L.fn, p);
      if (g.slice(0, 2).some((v) => v === null)) return null;
      return GV_ALGO.directionalCurve(g, S.params[L.angle]);
    },
    extent: (L, d) => (d ? [...d.curve, ...d.marks] : []),
    draw(ctx, P, L, S, d) {
      const t = S.params[L.angle];
      ctx.lineWidth = 1; ctx.strokeStyle = "#999999"; GV.polyline(ctx, P, [[0, 0], [360, 0]]);
      ctx.lineWidth = 2; ctx.strokeStyle = C.blue; GV.polyline(ctx, P, [[t, P.box[2]], [t, P.box[3]]]);
      if (!d) { GV.label(ctx, P, "undefined at p", P.left + 8, P.top + P.h / 4); return; }
      ctx.lineWidth = 2.5; ctx.strokeStyle = C.black; GV.polyline(ctx, P, d.curve);
      d.marks.forEach((q, k) => {
        if (Number.isFinite(q[0])) disc(ctx, P, q, 6, k ? C.vermillion : C.blue, C.white, 2);
      });
    },
    status: (S, L, d) => `θ = ${GV.fmt(S.params[L.angle])}°   Dᵤf = ${GV.fmt(d ? d.marks[0][1] : null)}`,
  };

  const usable = (S, L, p) => GV_ALGO.usableGradient(nan(GV.value(S, L.fn, p)));

  // the axes turned by α: e₁′, e₂′, ∇f/|∇f| and the largest-component rule's choice
  layers.turned_axes = {
    follows: true,
    compute: (S, P, L, p) => GV_ALGO.turnedAxes(usable(S, L, p), S.params[L.angle]),
    // each name beyond its tip; the rule's beside it, away from ∇f (as draw.draw_turned_axes)
    draw(ctx, P, L, S, v) {
      const o = [P.sx(0), P.sy(0)], tips = v.map((w) => [P.sx(w[0]), P.sy(w[1])]);
      const unit = tips.map(([x, y]) => { const n = Math.hypot(x - o[0], y - o[1]); return n ? [(x - o[0]) / n, (y - o[1]) / n] : null; });
      v.forEach((w, k) => {
        const tip = tips[k], d = unit[k], color = ["#7f7f7f", C.black, C.vermillion, C.blue][k];
        if (!d) return;
        GV.haloArrow(ctx, o, tip, color, 3.5, 12);
        let off = [10 * d[0], 10 * d[1]];
        if (k === 3) {
          const n = [-d[1], d[0]], side = unit[2] && n[0] * unit[2][0] + n[1] * unit[2][1] > 0 ? -14 : 14;
          off = [side * n[0], side * n[1]];
        }
        const align = off[0] > 3 ? "left" : off[0] < -3 ? "right" : "center";
        GV.label(ctx, P, ["e₁′", "e₂′", "∇f/|∇f|", "rule"][k], tip[0] + off[0], tip[1] + off[1], color, align);
      });
    },
  };

  // ∇f's direction and the rule's seen from the turned axes, over α, and at the slider's α
  layers.rotation_angles = {
    follows: true,
    compute: (S, P, L, p) => GV_ALGO.rotationAngles(usable(S, L, p), S.params[L.angle]),
    draw(ctx, P, L, S, d) {
      ctx.lineWidth = 2; ctx.strokeStyle = "#999999"; GV.polyline(ctx, P, [[d.at[0], P.box[2]], [d.at[0], P.box[3]]]);
      [[1, C.vermillion, 3], [2, C.blue, 2.5]].forEach(([k, color, width]) => {
        const pts = d.rows.map((r, i) => (k === 1 && i > 0 && Math.abs(r[1] - d.rows[i - 1][1]) > 180 ? null : [r[0], r[k]]));
        ctx.strokeStyle = color; ctx.lineWidth = width; GV.polyline(ctx, P, pts);
        disc(ctx, P, [d.at[0], d.at[k]], 6, color, C.white, 2);
      });
    },
    status: (S, L, d) => `α = ${GV.fmt(d.at[0])}°   ∇f at ${GV.fmt(d.at[1])}° in the turned axes   the rule's choice at ${GV.fmt(d.at[2])}°`,
  };

  layers.marker = {
    follows: true,
    draw(ctx, P, L, S) {
      disc(ctx, P, S.p, 8, C.vermillion, C.white, 2.5);
      GV.label(ctx, P, L.label, P.sx(S.p[0]) + 11, P.sy(S.p[1]) - 11);
    },
  };

  // the slice lines through p on the map, in their slices' colours over a white halo
  layers.slice_lines = {
    follows: true,
    compute: (S, P, L, p) => GV_ALGO.sliceLines(p, P.box),
    draw(ctx, P, L, S, lines) {
      ctx.lineCap = "butt";
      lines.slice(0, L.colors.length).forEach(([a, b], k) => {
        for (const [color, width] of [[C.white, 6], [L.colors[k], 3]]) {
          ctx.strokeStyle = color; ctx.lineWidth = width;
          ctx.beginPath(); ctx.moveTo(P.sx(a[0]), P.sy(a[1])); ctx.lineTo(P.sx(b[0]), P.sy(b[1])); ctx.stroke();
        }
      });
    },
  };

  // a slice through p with its tangent line (the status gives its slope) and the point
  layers.slice = {
    follows: true,
    compute(S, P, L, p) {
      const prog = S.scene.programs.f[0];
      const value = num(GV.value(S, "f", p)[0]), g = nan(GV.value(S, "grad", p));
      const [tangent, slope] = GV_ALGO.tangentLine(p, L.k, value, g, P.box);
      const curve = GV_ALGO.sliceThrough((q) => num(GV.run(prog, q)), p, L.k, P.box, L.n);
      return { curve, tangent, slope, value };
    },
    draw(ctx, P, L, S, d) {
      ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = L.color; ctx.lineWidth = 3;
      GV.polyline(ctx, P, d.curve);
      if (Number.isFinite(d.slope)) {
        ctx.strokeStyle = C.black; ctx.lineWidth = 2; ctx.setLineDash([9, 5]);
        GV.polyline(ctx, P, d.tangent);
        ctx.setLineDash([]);
      }
      if (Number.isFinite(d.value)) disc(ctx, P, [S.p[L.k], d.value], 6, C.orange, C.black, 1.5);
      const held = L.names.map((v, j) => (j === L.k ? v : String(S.p[j]))).join(", ");
      GV.label(ctx, P, `f(${held})`, P.left + 6, P.top + 0.9 * P.font, L.color);
    },
    status: (S, L, d) => `∂f/∂${L.names[L.k]} = ${GV.fmt(d.slope)}`,
  };

  // -- the square at p and its images, the course's basis arrows (the Jacobian page) ----------
  // a legend under the panel, never over what it draws (matplotlib's, under the axes): its
  // entries [name, colour, dash] in rows as wide as the panel (GV.legendRows: the layout's room)
  function legend(ctx, P, items) {
    const f = 0.9 * P.font, row = 1.35 * f, top = P.top + P.h + 3.2 * P.font;
    ctx.font = `${f}px sans-serif`; ctx.textAlign = "left"; ctx.textBaseline = "middle";
    GV.legendRows(ctx, items, P.w + 2 * P.font, f).forEach((line, r) => {
      let x = P.left + P.w / 2 - line.width / 2;
      const cy = top + (r + 0.5) * row;
      for (const [text, color, dash] of line.items) {
        ctx.strokeStyle = color; ctx.lineWidth = 3; ctx.setLineDash(dash || []);
        ctx.beginPath(); ctx.moveTo(x, cy); ctx.lineTo(x + 2 * f, cy); ctx.stroke();
        ctx.setLineDash([]); ctx.fillStyle = C.black; ctx.fillText(text, x + 2.5 * f, cy);
        x += 3.5 * f + ctx.measureText(text).width;
      }
    });
  }
  function dot(ctx, P, q, text) {
    disc(ctx, P, q, 4.5, C.black);
    GV.label(ctx, P, text, P.sx(q[0]) + 6, P.sy(q[1]) + 14);
  }
  const arrow = (ctx, P, a, b, color) => GV.haloArrow(ctx, [P.sx(a[0]), P.sy(a[1])], [P.sx(b[0]), P.sy(b[1])], color, 2.5, 10);

  layers.square = {
    follows: true,
    compute: (S, P, L, p) => GV_ALGO.squareOutline(p, GV.param(S, L.half)),
    draw(ctx, P, L, S, square) {
      ctx.strokeStyle = C.black; ctx.lineWidth = 2; GV.polyline(ctx, P, square);
      const p = S.p, a = GV.param(S, L.half);
      if (L.basis) [[a, 0, C.blue], [0, a, C.green]].forEach(([u, v, c]) => arrow(ctx, P, p, [p[0] + u, p[1] + v], c));
    },
  };

  layers.square_images = {
    follows: true,
    compute(S, P, L, p) {
      const half = GV.param(S, L.half), fp = nan(GV.value(S, "f", p)), J = nan(GV.value(S, "J", p));
      return { fp, J, half, ...GV_ALGO.squareImages(valuesAt(S.scene.programs.f), fp, J, p, half) };
    },
    extent: (L, D) => [...D.curved, ...D.linear],
    draw(ctx, P, L, S, D) {
      ctx.lineJoin = "round"; ctx.lineWidth = 3;
      ctx.strokeStyle = C.vermillion; GV.polyline(ctx, P, D.curved);
      ctx.strokeStyle = C.blue; ctx.setLineDash([12, 9]); GV.polyline(ctx, P, D.linear); ctx.setLineDash([]);
      const [a, b, c, d] = D.J, fp = D.fp, h = D.half;
      [[a, c, C.vermillion], [b, d, C.orange]].forEach(([u, v, col]) => arrow(ctx, P, fp, [fp[0] + h * u, fp[1] + h * v], col));
      if (fp.every(Number.isFinite)) dot(ctx, P, fp, "f(p)");
    },
    legend: [["f(square)", C.vermillion], ["f(p) + J h", C.blue, [12, 9]]],
    outside(ctx, P, L) { legend(ctx, P, this.legend); },
    status(S, L, D) {
      const [a, b, c, d] = D.J, gap = L.gap ? `   gap = ${GV.fmt(D.gap)}   gap / h² = ${GV.fmt(D.gap / D.half ** 2)}` : "";
      return `J(p) = ${GV_FMT.matrix([[a, b], [c, d]])}   det J = ${GV.fmt(a * d - b * c)}${gap}`;
    },
  };

  layers.basis_arrows = {
    follows: true,
    compute(S, P, L, p) {
      const pts = [...L.points, ...(L.at_p ? [p.slice(0, 2)] : [])];
      const Js = [...L.J.map(nan), ...(L.at_p ? [nan(GV.value(S, "J", p))] : [])];
      return { pts, tips: GV_ALGO.basisArrows(pts, Js, GV.param(S, L.scale)) };
    },
    extent: (L, D) => [...D.pts, ...D.tips.flat()],
    draw(ctx, P, L, S, D) {
      const colors = [C.blue, C.green, C.vermillion, C.orange];
      D.pts.forEach((q, k) => D.tips[k].forEach((t, j) => arrow(ctx, P, q, t, colors[j])));
      L.labels.forEach((text, k) => dot(ctx, P, D.pts[k], text));  // p's dot: the marker layer's
    },
    legend: [["e₁", C.blue], ["e₂", C.green], ["J e₁", C.vermillion], ["J e₂", C.orange]],
    outside(ctx, P, L) { legend(ctx, P, this.legend); },
  };
})();
