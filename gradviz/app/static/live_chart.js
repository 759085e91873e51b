// gradviz's live chart (gradviz/app/live_chart.py): the point follows the hand.
// Static layers (heatmap, contours, field arrows, axes, legend) are drawn once per data
// change on one canvas; the layers that depend on p (level curve through p, ∇f at p, the
// ascent/descent path, the marker) on a second canvas every animation frame of a drag,
// from the programs the core printed (GV_EXPR, gradviz/browser_expr.js). All text is
// written with textContent or canvas fillText: nothing is parsed as HTML or code.
// On release (or 150 ms after the last arrow key) the point goes to the server once.

const COLORS = { orange: "#E69F00", sky: "#56B4E9", vermillion: "#D55E00", black: "#000000",
                 white: "#ffffff" };
const KEY_DELAY = 150; // ms after the last arrow key before the server hears the point

function fmt(v) {
  if (v === null || !Number.isFinite(v)) return "undefined";
  if (v === 0) return "0";
  const a = Math.abs(v);
  const s = (a < 1e-4 || a >= 1e6) ? v.toExponential(4) : String(parseFloat(v.toPrecision(6)));
  return s;
}

function niceTicks(lo, hi, count) {
  const span = hi - lo, raw = span / count, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= count) || 10 * mag;
  const out = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9 * span; t += step) {
    out.push(Math.abs(t) < 1e-12 * span ? 0 : t);
  }
  return out;
}

function build(parentElement) {
  const root = document.createElement("div");
  root.className = "gv-live";
  const plot = document.createElement("div");
  plot.className = "gv-plot";
  const base = document.createElement("canvas");
  base.className = "gv-base";
  base.setAttribute("aria-hidden", "true");
  const top = document.createElement("canvas");
  top.className = "gv-top";
  top.tabIndex = 0;
  top.setAttribute("role", "img");
  const status = document.createElement("p");
  status.className = "gv-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  plot.append(base, top);
  root.append(plot, status);
  parentElement.appendChild(root);
  const S = { root, plot, base, top, status, data: null, staticKey: null, p: null,
              dragging: false, frame: 0, pending: null, keyTimer: 0, seq: 0, geo: null,
              trigger: null, values: null, frames: 0 };
  root.__gv = S;
  attach(S);
  return S;
}

// -- geometry --------------------------------------------------------------------------------
function layout(S) {
  const d = S.data, font = 14 * d.font, size = d.size;
  const g = { font, size, left: Math.round(4.2 * font), top: Math.round(2.6 * font),
              right: Math.round(6 * font), bottom: Math.round(3.2 * font) };
  g.width = g.left + size + g.right;
  g.height = g.top + size + g.bottom;
  const [xmin, xmax, ymin, ymax] = d.domain;
  g.sx = (x) => g.left + ((x - xmin) / (xmax - xmin)) * size;
  g.sy = (y) => g.top + ((ymax - y) / (ymax - ymin)) * size;
  g.ix = (px) => xmin + ((px - g.left) / size) * (xmax - xmin);
  g.iy = (py) => ymax - ((py - g.top) / size) * (ymax - ymin);
  // the point's resolution: 1/1000 of the larger span, as a power of ten
  g.quantum = Math.pow(10, Math.floor(Math.log10(Math.max(xmax - xmin, ymax - ymin) / 1000)));
  g.decimals = Math.max(0, -Math.round(Math.log10(g.quantum)));
  const dpr = window.devicePixelRatio || 1;
  for (const c of [S.base, S.top]) {
    c.width = Math.round(g.width * dpr);
    c.height = Math.round(g.height * dpr);
    c.style.width = g.width + "px";
    c.style.height = g.height + "px";
    c.getContext("2d").setTransform(dpr, 0, 0, dpr, 0, 0);
  }
  S.plot.style.width = g.width + "px";
  S.plot.style.height = g.height + "px";
  // for tests and tools: where the plot area is, in CSS pixels of the canvas
  S.top.dataset.plot = JSON.stringify({ left: g.left, top: g.top, size, domain: d.domain });
  S.geo = g;
}

function quantize(S, v) {
  const q = S.geo.quantum;
  return parseFloat((Math.round(v / q) * q).toFixed(S.geo.decimals));
}

// -- the static layers -----------------------------------------------------------------------
function drawBase(S) {
  const d = S.data, g = S.geo, ctx = S.base.getContext("2d");
  const [xmin, xmax, ymin, ymax] = d.domain;
  ctx.clearRect(0, 0, g.width, g.height);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, g.width, g.height);
  ctx.save();
  ctx.beginPath();
  ctx.rect(g.left, g.top, g.size, g.size);
  ctx.clip();
  // heatmap: one pixel per grid point, scaled up (cells centred on the grid points)
  const { nx, ny, x, y, z } = d.grid;
  const img = document.createElement("canvas");
  img.width = nx; img.height = ny;
  const ic = img.getContext("2d"), id = ic.createImageData(nx, ny);
  const [lo, hi] = d.range, lut = d.lut;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = z[j * nx + i], o = ((ny - 1 - j) * nx + i) * 4;
      if (v === null) { id.data[o + 3] = 0; continue; }
      const k = Math.max(0, Math.min(255, Math.round(((v - lo) / (hi - lo)) * 255)));
      id.data[o] = parseInt(lut.substr(6 * k, 2), 16);
      id.data[o + 1] = parseInt(lut.substr(6 * k + 2, 2), 16);
      id.data[o + 2] = parseInt(lut.substr(6 * k + 4, 2), 16);
      id.data[o + 3] = 255;
    }
  }
  ic.putImageData(id, 0, 0);
  const dx = nx > 1 ? (x[nx - 1] - x[0]) / (nx - 1) : xmax - xmin;
  const dy = ny > 1 ? (y[ny - 1] - y[0]) / (ny - 1) : ymax - ymin;
  ctx.imageSmoothingEnabled = false;
  const x0 = g.sx(x[0] - dx / 2), x1 = g.sx(x[nx - 1] + dx / 2);
  const y0 = g.sy(y[ny - 1] + dy / 2), y1 = g.sy(y[0] - dy / 2);
  ctx.drawImage(img, x0, y0, x1 - x0, y1 - y0);
  // contour lines
  ctx.strokeStyle = "rgba(255,255,255,0.55)";
  ctx.lineWidth = 1;
  for (const line of d.contours) {
    ctx.beginPath();
    for (let k = 0; k < line.length; k += 2) {
      const px = g.sx(line[k]), py = g.sy(line[k + 1]);
      if (k === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    }
    ctx.stroke();
  }
  // the field's arrows: the longest ≈ 0.9 of the arrows' spacing, black over a white halo
  const [AX, AY, AU, AV] = d.arrows;
  let longest = 0;
  for (let k = 0; k < AU.length; k++) {
    if (AU[k] !== null && AV[k] !== null) longest = Math.max(longest, Math.hypot(AU[k], AV[k]));
  }
  const n = Math.round(Math.sqrt(AX.length)) || 1;
  const cell = g.size / n;
  const arrows = [];
  if (longest > 0) {
    for (let k = 0; k < AX.length; k++) {
      if (AU[k] === null || AV[k] === null || AX[k] === null || AY[k] === null) continue;
      const px = g.sx(AX[k]), py = g.sy(AY[k]);
      const ux = (AU[k] / longest) * 0.9 * cell, uy = (-AV[k] / longest) * 0.9 * cell;
      arrows.push([px - ux / 2, py - uy / 2, px + ux / 2, py + uy / 2]);
    }
  }
  for (const [color, width] of [["#ffffff", 4.4], ["#000000", 2]]) {
    ctx.strokeStyle = color; ctx.lineWidth = width; ctx.lineCap = "round";
    for (const [ax, ay, bx, by] of arrows) arrowPath(ctx, ax, ay, bx, by, Math.min(7, cell / 3));
  }
  ctx.restore();
  // frame, ticks, labels
  ctx.strokeStyle = "#444"; ctx.lineWidth = 1;
  ctx.strokeRect(g.left + 0.5, g.top + 0.5, g.size - 1, g.size - 1);
  ctx.fillStyle = "#000"; ctx.font = `${g.font}px sans-serif`;
  ctx.textAlign = "center"; ctx.textBaseline = "top";
  for (const t of niceTicks(xmin, xmax, 6)) {
    const px = g.sx(t);
    ctx.beginPath(); ctx.moveTo(px, g.top + g.size); ctx.lineTo(px, g.top + g.size + 5); ctx.stroke();
    ctx.fillText(String(parseFloat(t.toPrecision(6))), px, g.top + g.size + 7);
  }
  ctx.textAlign = "right"; ctx.textBaseline = "middle";
  for (const t of niceTicks(ymin, ymax, 6)) {
    const py = g.sy(t);
    ctx.beginPath(); ctx.moveTo(g.left - 5, py); ctx.lineTo(g.left, py); ctx.stroke();
    ctx.fillText(String(parseFloat(t.toPrecision(6))), g.left - 7, py);
  }
  ctx.font = `bold ${g.font}px sans-serif`;
  ctx.textAlign = "center"; ctx.textBaseline = "bottom";
  ctx.fillText(d.names[0], g.left + g.size / 2, g.height - 2);
  ctx.save();
  ctx.translate(g.font * 1.1, g.top + g.size / 2); ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle"; ctx.fillText(d.names[1], 0, 0);
  ctx.restore();
  ctx.textAlign = "left"; ctx.textBaseline = "alphabetic";
  ctx.font = `bold ${1.1 * g.font}px sans-serif`;
  let title = d.title;
  while (title.length > 4 && ctx.measureText(title).width > g.width - g.left) {
    title = title.slice(0, -2) + "…";
  }
  ctx.fillText(title, g.left, g.top - 0.8 * g.font);
  // colour legend
  const lx = g.left + g.size + 1.2 * g.font, lw = 0.9 * g.font, lh = Math.min(g.size, 200);
  for (let k = 0; k < lh; k++) {
    const c = Math.round(255 * (1 - k / (lh - 1)));
    ctx.fillStyle = "#" + lut.substr(6 * c, 6);
    ctx.fillRect(lx, g.top + k, lw, 1.5);
  }
  ctx.fillStyle = "#000"; ctx.font = `${0.9 * g.font}px sans-serif`; ctx.textBaseline = "middle";
  const short = (v) => String(parseFloat(v.toPrecision(3)));
  ctx.fillText(short(hi), lx + lw + 4, g.top + 4);
  ctx.fillText(short(lo), lx + lw + 4, g.top + lh - 4);
  ctx.font = `bold ${g.font}px sans-serif`; ctx.textBaseline = "bottom";
  ctx.fillText("f", lx, g.top - 4);
}

function arrowPath(ctx, ax, ay, bx, by, head) {
  const len = Math.hypot(bx - ax, by - ay);
  if (!(len > 0.5)) return;
  const ux = (bx - ax) / len, uy = (by - ay) / len, h = Math.min(head, 0.45 * len);
  ctx.beginPath();
  ctx.moveTo(ax, ay); ctx.lineTo(bx, by);
  ctx.moveTo(bx - h * ux - 0.6 * h * uy, by - h * uy + 0.6 * h * ux);
  ctx.lineTo(bx, by);
  ctx.lineTo(bx - h * ux + 0.6 * h * uy, by - h * uy - 0.6 * h * ux);
  ctx.stroke();
}

// -- what follows the point ------------------------------------------------------------------
function evaluate(S, p) {
  const at = S.data.at, here = S.data.point;
  if (at && here && p.length === here.length && p.every((c, i) => c === here[i])) {
    return { val: at.value, grad: at.grad };  // the page's own statement at its point
  }
  const progs = S.data.programs, v = [...p];
  const val = GV_EXPR.defined(GV_EXPR.run(progs.f, v));
  const grad = progs.grad.map((q) => GV_EXPR.defined(GV_EXPR.run(q, v)));
  return { val, grad };
}

// the level curve {f = level} on the server's grid, only its branch through p: marching
// squares over the cells the curve crosses, grown from the cells next to p
function levelCurve(S, p, level) {
  const { nx, ny, x, y, z } = S.data.grid;
  if (nx < 2 || ny < 2) return [];
  const at = (i, j) => z[j * nx + i];
  const crosses = (i, j) => {
    const a = at(i, j), b = at(i + 1, j), c = at(i + 1, j + 1), d = at(i, j + 1);
    if (a === null || b === null || c === null || d === null) return false;
    const lo = Math.min(a, b, c, d), hi = Math.max(a, b, c, d);
    return lo <= level && level <= hi && lo < hi;
  };
  const dx = (x[nx - 1] - x[0]) / (nx - 1), dy = (y[ny - 1] - y[0]) / (ny - 1);
  const ci = Math.min(nx - 2, Math.max(0, Math.floor((p[0] - x[0]) / dx)));
  const cj = Math.min(ny - 2, Math.max(0, Math.floor((p[1] - y[0]) / dy)));
  const seen = new Uint8Array((nx - 1) * (ny - 1)), queue = [];
  for (let j = cj - 2; j <= cj + 2; j++) {
    for (let i = ci - 2; i <= ci + 2; i++) {
      if (i >= 0 && j >= 0 && i < nx - 1 && j < ny - 1 && crosses(i, j)) {
        seen[j * (nx - 1) + i] = 1; queue.push([i, j]);
      }
    }
  }
  const segs = [];
  const cut = (xa, ya, va, xb, yb, vb) => {
    const t = (level - va) / (vb - va);
    return [xa + t * (xb - xa), ya + t * (yb - ya)];
  };
  while (queue.length) {
    const [i, j] = queue.pop();
    const xa = x[i], xb = x[i + 1], ya = y[j], yb = y[j + 1];
    const a = at(i, j), b = at(i + 1, j), c = at(i + 1, j + 1), d = at(i, j + 1);
    const pts = [];
    if ((a - level) * (b - level) < 0 || (a === level && b !== level)) pts.push(cut(xa, ya, a, xb, ya, b));
    if ((b - level) * (c - level) < 0 || (b === level && c !== level)) pts.push(cut(xb, ya, b, xb, yb, c));
    if ((c - level) * (d - level) < 0 || (c === level && d !== level)) pts.push(cut(xb, yb, c, xa, yb, d));
    if ((d - level) * (a - level) < 0 || (d === level && a !== level)) pts.push(cut(xa, yb, d, xa, ya, a));
    for (let k = 0; k + 1 < pts.length; k += 2) segs.push([pts[k], pts[k + 1]]);
    for (const [di, dj] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const ii = i + di, jj = j + dj;
      if (ii < 0 || jj < 0 || ii >= nx - 1 || jj >= ny - 1 || seen[jj * (nx - 1) + ii]) continue;
      if (crosses(ii, jj)) { seen[jj * (nx - 1) + ii] = 1; queue.push([ii, jj]); }
    }
  }
  return segs;
}

function ascentPath(S, p) {
  const path = S.data.path;
  if (!path) return null;
  const [xmin, xmax, ymin, ymax] = S.data.domain;
  const pad = Math.max(xmax - xmin, ymax - ymin) / 2;
  const sign = path.ascent ? 1 : -1, v = [...p], pts = [[v[0], v[1]]];
  const progs = S.data.programs;
  for (let k = 0; k < path.steps; k++) {
    const gx = GV_EXPR.run(progs.grad[0], v), gy = GV_EXPR.run(progs.grad[1], v);
    if (!Number.isFinite(gx) || !Number.isFinite(gy) || !Number.isFinite(GV_EXPR.run(progs.f, v))) break;
    v[0] += sign * path.step * gx; v[1] += sign * path.step * gy;
    if (!Number.isFinite(v[0]) || !Number.isFinite(v[1]) || !Number.isFinite(GV_EXPR.run(progs.f, v))) break;
    pts.push([v[0], v[1]]);
    if (!(xmin - pad <= v[0] && v[0] <= xmax + pad && ymin - pad <= v[1] && v[1] <= ymax + pad)) break;
  }
  return pts;
}

function drawTop(S) {
  const d = S.data, g = S.geo, p = S.p, ctx = S.top.getContext("2d");
  const { val, grad } = evaluate(S, p);
  S.values = { p: [...p], val, grad };
  ctx.clearRect(0, 0, g.width, g.height);
  ctx.save();
  ctx.beginPath(); ctx.rect(g.left, g.top, g.size, g.size); ctx.clip();
  ctx.lineCap = "round"; ctx.lineJoin = "round";
  const line = (pts) => {
    ctx.beginPath();
    pts.forEach(([x, y], k) => (k ? ctx.lineTo(g.sx(x), g.sy(y)) : ctx.moveTo(g.sx(x), g.sy(y))));
    ctx.stroke();
  };
  if (val !== null) {
    const segs = levelCurve(S, p, val);
    for (const [color, width] of [[COLORS.black, 6], [COLORS.orange, 4]]) {
      ctx.strokeStyle = color; ctx.lineWidth = width;
      ctx.beginPath();
      for (const [[ax, ay], [bx, by]] of segs) {
        ctx.moveTo(g.sx(ax), g.sy(ay)); ctx.lineTo(g.sx(bx), g.sy(by));
      }
      ctx.stroke();
    }
  }
  const path = ascentPath(S, p);
  if (path && path.length > 1) {
    for (const [color, width] of [[COLORS.black, 5], [COLORS.sky, 2.5]]) {
      ctx.strokeStyle = color; ctx.lineWidth = width; line(path);
    }
  }
  const gx = grad[0], gy = grad[1];
  let label = null;
  if (gx !== null && gy !== null && Math.hypot(gx, gy) > 0) {
    const [xmin, xmax, ymin, ymax] = d.domain;
    const n = Math.hypot(gx, gy), s = 0.22 * Math.max(xmax - xmin, ymax - ymin);
    const ax = g.sx(p[0]), ay = g.sy(p[1]);
    const bx = g.sx(p[0] + (gx / n) * s), by = g.sy(p[1] + (gy / n) * s);
    for (const [color, width] of [[COLORS.white, 9], [COLORS.vermillion, 5]]) {
      ctx.strokeStyle = color; ctx.lineWidth = width; arrowPath(ctx, ax, ay, bx, by, 14);
    }
    label = [bx, by];
  }
  const px = g.sx(p[0]), py = g.sy(p[1]);
  ctx.fillStyle = COLORS.vermillion; ctx.strokeStyle = COLORS.white; ctx.lineWidth = 2.5;
  ctx.beginPath(); ctx.arc(px, py, 8, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
  ctx.font = `bold ${1.1 * g.font}px sans-serif`; ctx.textBaseline = "middle";
  ctx.lineWidth = 4; ctx.strokeStyle = COLORS.white; ctx.fillStyle = COLORS.black;
  ctx.strokeText("p", px + 11, py - 11); ctx.fillText("p", px + 11, py - 11);
  if (label) {
    ctx.strokeText("∇f", label[0] + 6, label[1] - 6); ctx.fillText("∇f", label[0] + 6, label[1] - 6);
  }
  ctx.restore();
  const pts = p.map((v) => String(v)).join(", ");
  S.status.textContent = `p = (${pts})   f(p) = ${fmt(val)}   ∇f(p) = (${grad.map(fmt).join(", ")})`;
  S.top.setAttribute("aria-label", `${d.alt} The point p is at (${pts}).`);
  S.frames++;
}

// -- input -----------------------------------------------------------------------------------
function moveTo(S, px, py) {
  const g = S.geo, [xmin, xmax, ymin, ymax] = S.data.domain;
  const x = Math.min(xmax, Math.max(xmin, quantize(S, g.ix(px))));
  const y = Math.min(ymax, Math.max(ymin, quantize(S, g.iy(py))));
  S.p = [x, y, ...S.p.slice(2)];
}

function schedule(S) {
  if (S.frame) return;
  S.frame = requestAnimationFrame(() => {
    S.frame = 0;
    if (S.pending) { moveTo(S, ...S.pending); S.pending = null; }
    drawTop(S);
  });
}

function send(S) {
  S.seq += 1;
  if (S.trigger) S.trigger("moved", { x: S.p[0], y: S.p[1], seq: S.seq });
}

function local(S, e) {
  const r = S.top.getBoundingClientRect();
  return [e.clientX - r.left, e.clientY - r.top];
}

function attach(S) {
  const c = S.top;
  c.addEventListener("pointerdown", (e) => {
    if (!S.data || e.button !== 0) return;
    const [px, py] = local(S, e), g = S.geo;
    if (px < g.left || px > g.left + g.size || py < g.top || py > g.top + g.size) return;
    e.preventDefault();
    c.setPointerCapture(e.pointerId);
    S.dragging = true;
    S.pending = [px, py];
    schedule(S);
  });
  c.addEventListener("pointermove", (e) => {
    if (!S.dragging) return;
    S.pending = local(S, e);
    schedule(S);
  });
  const end = (e) => {
    if (!S.dragging) return;
    S.dragging = false;
    if (e.type === "pointerup") S.pending = local(S, e);
    if (S.frame) { cancelAnimationFrame(S.frame); S.frame = 0; }
    if (S.pending) { moveTo(S, ...S.pending); S.pending = null; }
    drawTop(S);
    send(S);
  };
  c.addEventListener("pointerup", end);
  c.addEventListener("pointercancel", end);
  c.addEventListener("keydown", (e) => {
    if (!S.data) return;
    const dirs = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (!(e.key in dirs)) return;
    e.preventDefault();
    const [xmin, xmax, ymin, ymax] = S.data.domain;
    const f = e.shiftKey ? 0.1 : 0.01, [dx, dy] = dirs[e.key];
    const x = Math.min(xmax, Math.max(xmin, quantize(S, S.p[0] + dx * f * (xmax - xmin))));
    const y = Math.min(ymax, Math.max(ymin, quantize(S, S.p[1] + dy * f * (ymax - ymin))));
    S.p = [x, y, ...S.p.slice(2)];
    drawTop(S);
    clearTimeout(S.keyTimer);
    S.keyTimer = setTimeout(() => { S.keyTimer = 0; send(S); }, KEY_DELAY);
  });
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const S = (parentElement.querySelector(".gv-live") || {}).__gv || build(parentElement);
  S.trigger = setTriggerValue;
  if (!data) return;
  S.data = data;
  if (S.staticKey !== data.static_key) {
    layout(S);
    drawBase(S);
    S.staticKey = data.static_key;
  }
  // the server's point, unless the hand is moving it (a drag, or keys not yet sent)
  if (!S.dragging && !S.keyTimer) S.p = [...data.point];
  if (!S.p) S.p = [...data.point];
  drawTop(S);
}
