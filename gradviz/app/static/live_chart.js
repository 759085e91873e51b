// gradviz's live chart engine (gradviz/app/live_chart.py): the point follows the hand.
// The engine draws what every page's live chart shares — the frame, axes, title, the
// heatmap with its contours and colour legend (when the server sends "heat"), the marker
// at p and the status line — and handles the hand: press, drag, arrow keys, one message to
// the server on release (or 150 ms after the last arrow key). What a page draws is its
// "kind" (live_<kind>.js registers GV_LIVE.kinds.<kind>): static layers once per data
// change on the base canvas, the layers that follow p on the top canvas every animation
// frame, computed from the programs the core printed (GV_EXPR, gradviz/browser_expr.js).
// All text goes through textContent or canvas fillText: nothing is parsed as HTML or code.

const GV_LIVE = (() => {
  const COLORS = { orange: "#E69F00", sky: "#56B4E9", vermillion: "#D55E00", black: "#000000",
                   white: "#ffffff", blue: "#0072B2", green: "#009E73", purple: "#CC79A7" };

  function fallbackFmt(v) {
    if (v === null || !Number.isFinite(v)) return "undefined";
    if (v === 0) return "0";
    const a = Math.abs(v);
    return (a < 1e-4 || a >= 1e6) ? v.toExponential(4) : String(parseFloat(v.toPrecision(6)));
  }
  // the project's one number rule (gradviz/formatting.py) when its browser twin is loaded
  const fmt = (v) => (typeof GV_FMT !== "undefined" ? GV_FMT.number(v === null ? NaN : v)
                                                      : fallbackFmt(v));

  function niceTicks(lo, hi, count) {
    const span = hi - lo, raw = span / count, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= count) || 10 * mag;
    const out = [];
    for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9 * span; t += step) {
      out.push(Math.abs(t) < 1e-12 * span ? 0 : t);
    }
    return out;
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

  // a polyline of data points [[x, y], …] in the plot's coordinates
  function line(ctx, g, pts) {
    ctx.beginPath();
    pts.forEach(([x, y], k) => (k ? ctx.lineTo(g.sx(x), g.sy(y)) : ctx.moveTo(g.sx(x), g.sy(y))));
    ctx.stroke();
  }

  // a thick arrow over a halo, from data point a to data point b (px length ≥ 0.5)
  function haloArrow(ctx, g, a, b, color, halo = COLORS.white, width = 5, head = 14) {
    ctx.lineCap = "round"; ctx.lineJoin = "round";
    for (const [c, w] of [[halo, width + 4], [color, width]]) {
      ctx.strokeStyle = c; ctx.lineWidth = w;
      arrowPath(ctx, g.sx(a[0]), g.sy(a[1]), g.sx(b[0]), g.sy(b[1]), head);
    }
  }

  // a label over a white halo, at canvas px
  function label(ctx, g, text, px, py, color = COLORS.black) {
    ctx.font = `bold ${1.1 * g.font}px sans-serif`; ctx.textBaseline = "middle";
    ctx.lineWidth = 4; ctx.strokeStyle = COLORS.white; ctx.fillStyle = color;
    ctx.strokeText(text, px, py); ctx.fillText(text, px, py);
  }

  // a field's arrows [AX, AY, AU, AV] (flat lists, null where undefined): the longest ≈ 0.9
  // of the arrows' spacing, black over a white halo (as the server's chart draws them)
  function drawArrows(ctx, g, arrows) {
    const [AX, AY, AU, AV] = arrows;
    let longest = 0;
    for (let k = 0; k < AU.length; k++) {
      if (AU[k] !== null && AV[k] !== null) longest = Math.max(longest, Math.hypot(AU[k], AV[k]));
    }
    const n = Math.round(Math.sqrt(AX.length)) || 1;
    const cell = g.size / n;
    const segs = [];
    if (longest > 0) {
      for (let k = 0; k < AX.length; k++) {
        if (AU[k] === null || AV[k] === null || AX[k] === null || AY[k] === null) continue;
        const px = g.sx(AX[k]), py = g.sy(AY[k]);
        const ux = (AU[k] / longest) * 0.9 * cell, uy = (-AV[k] / longest) * 0.9 * cell;
        segs.push([px - ux / 2, py - uy / 2, px + ux / 2, py + uy / 2]);
      }
    }
    ctx.lineCap = "round";
    for (const [color, width] of [["#ffffff", 4.4], ["#000000", 2]]) {
      ctx.strokeStyle = color; ctx.lineWidth = width;
      for (const [ax, ay, bx, by] of segs) arrowPath(ctx, ax, ay, bx, by, Math.min(7, cell / 3));
    }
    return longest;
  }

  // the level curve {f = level} on the server's heat grid, only its branch through p:
  // marching squares over the cells the curve crosses, grown from the cells next to p
  function levelCurve(S, p, level) {
    const heat = S.data.heat;
    if (!heat) return [];
    const { nx, ny, x, y, z } = heat.grid;
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

  // p is the page's own point (where the page states the truth: a corner, a 0/0 point)
  const atOwnPoint = (S, p) => {
    const here = S.data.point;
    return !!(here && p.length === here.length && p.every((c, i) => c === here[i]));
  };

  // a printed program at p (null where not defined)
  const run = (prog, p) => GV_EXPR.defined(GV_EXPR.run(prog, [...p]));

  return { kinds: {}, COLORS, fmt, niceTicks, arrowPath, line, haloArrow, label, drawArrows,
           levelCurve, atOwnPoint, run };
})();

function gvKind(S) {
  const k = GV_LIVE.kinds[S.data.kind];
  if (!k) throw new Error("gradviz live chart: no kind " + S.data.kind);
  return k;
}

function gvBuild(parentElement) {
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
  // the point's own sliders, in the browser: they move p like the hand does
  const sliders = document.createElement("div");
  sliders.className = "gv-sliders";
  const inputs = [0, 1].map((j) => {
    const lab = document.createElement("label");
    lab.className = "gv-slider";
    const name = document.createElement("span");
    name.className = "gv-slider-name";
    const input = document.createElement("input");
    input.type = "range";
    const out = document.createElement("output");
    out.className = "gv-slider-value";
    lab.append(name, input, out);
    sliders.append(lab);
    return { name, input, out };
  });
  root.append(plot, sliders, status);
  parentElement.appendChild(root);
  const S = { root, plot, base, top, status, inputs, data: null, staticKey: null, p: null,
              dragging: false, frame: 0, pending: null, keyTimer: 0, seq: 0, geo: null,
              trigger: null, values: null, frames: 0 };
  root.__gv = S;
  gvAttach(S);
  return S;
}

// the sliders follow the domain (on a data change) and the point (every frame)
function gvSliderRanges(S) {
  const [xmin, xmax, ymin, ymax] = S.data.domain;
  S.inputs.forEach(({ name, input }, j) => {
    name.textContent = S.data.names[j] + "\u2080";
    input.min = String(j ? ymin : xmin);
    input.max = String(j ? ymax : xmax);
    input.step = "any";  // the hand's points are kept as given (keys: 1% a press, below)
    input.setAttribute("aria-label", `${S.data.names[j]}\u2080, the point's ${S.data.names[j]}`);
  });
}

function gvSliderValues(S) {
  S.inputs.forEach(({ input, out }, j) => {
    const v = S.p[j];
    if (!S.sliding) input.value = String(v);
    out.textContent = String(v);
    input.setAttribute("aria-valuetext", String(v));
  });
}

// -- geometry --------------------------------------------------------------------------------
function gvLayout(S) {
  const d = S.data, font = 14 * d.font, size = d.size;
  const g = { font, size, left: Math.round(4.2 * font), top: Math.round(2.6 * font),
              right: Math.round((d.heat ? 6 : 1.5) * font), bottom: Math.round(3.2 * font) };
  const kind = gvKind(S);
  g.extraLeft = g.left + size + g.right;
  g.extra = kind.extraWidth ? Math.round(kind.extraWidth(S, g)) : 0;
  g.width = g.extraLeft + g.extra;
  g.height = g.top + size + g.bottom;
  if (kind.extraHeight) g.height = Math.max(g.height, Math.round(kind.extraHeight(S, g)));
  const [xmin, xmax, ymin, ymax] = d.domain;
  g.sx = (x) => g.left + ((x - xmin) / (xmax - xmin)) * size;
  g.sy = (y) => g.top + ((ymax - y) / (ymax - ymin)) * size;
  g.ix = (px) => xmin + ((px - g.left) / size) * (xmax - xmin);
  g.iy = (py) => ymax - ((py - g.top) / size) * (ymax - ymin);
  g.span = Math.max(xmax - xmin, ymax - ymin);
  // the point's resolution: 1/1000 of the larger span, as a power of ten
  g.quantum = Math.pow(10, Math.floor(Math.log10(g.span / 1000)));
  g.decimals = Math.max(0, -Math.round(Math.log10(g.quantum)));
  const dpr = window.devicePixelRatio || 1;
  for (const c of [S.base, S.top]) {
    c.width = Math.round(g.width * dpr);
    c.height = Math.round(g.height * dpr);
    c.style.width = g.width + "px";
    c.style.height = g.height + "px";
    c.getContext("2d").setTransform(dpr, 0, 0, dpr, 0, 0);
  }
  S.root.style.setProperty("--gv-font", String(d.font));  // lecture mode: larger text
  S.plot.style.width = g.width + "px";
  S.plot.style.height = g.height + "px";
  // for tests and tools: where the plot area is, in CSS pixels of the canvas
  S.top.dataset.plot = JSON.stringify({ left: g.left, top: g.top, size, domain: d.domain });
  S.top.dataset.kind = d.kind;
  S.geo = g;
}

function gvQuantize(S, v) {
  const q = S.geo.quantum;
  return parseFloat((Math.round(v / q) * q).toFixed(S.geo.decimals));
}

// -- the static layers -----------------------------------------------------------------------
function gvDrawHeat(S, ctx, g) {
  const heat = S.data.heat;
  const { nx, ny, x, y, z } = heat.grid;
  const [xmin, xmax, ymin, ymax] = S.data.domain;
  const img = document.createElement("canvas");
  img.width = nx; img.height = ny;
  const ic = img.getContext("2d"), id = ic.createImageData(nx, ny);
  const [lo, hi] = heat.range, lut = heat.lut;
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
  // cells centred on the grid points
  const dx = nx > 1 ? (x[nx - 1] - x[0]) / (nx - 1) : xmax - xmin;
  const dy = ny > 1 ? (y[ny - 1] - y[0]) / (ny - 1) : ymax - ymin;
  ctx.imageSmoothingEnabled = false;
  const x0 = g.sx(x[0] - dx / 2), x1 = g.sx(x[nx - 1] + dx / 2);
  const y0 = g.sy(y[ny - 1] + dy / 2), y1 = g.sy(y[0] - dy / 2);
  ctx.drawImage(img, x0, y0, x1 - x0, y1 - y0);
  ctx.strokeStyle = "rgba(255,255,255,0.55)";
  ctx.lineWidth = 1;
  for (const c of heat.contours) {
    ctx.beginPath();
    for (let k = 0; k < c.length; k += 2) {
      const px = g.sx(c[k]), py = g.sy(c[k + 1]);
      if (k === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    }
    ctx.stroke();
  }
}

function gvDrawLegend(S, ctx, g) {
  const heat = S.data.heat, [lo, hi] = heat.range, lut = heat.lut;
  const lx = g.left + g.size + 1.2 * g.font, lw = 0.9 * g.font, lh = Math.min(g.size, 200);
  for (let k = 0; k < lh; k++) {
    const c = Math.round(255 * (1 - k / (lh - 1)));
    ctx.fillStyle = "#" + lut.substr(6 * c, 6);
    ctx.fillRect(lx, g.top + k, lw, 1.5);
  }
  ctx.fillStyle = "#000"; ctx.font = `${0.9 * g.font}px sans-serif`; ctx.textBaseline = "middle";
  ctx.textAlign = "left";
  const short = (v) => String(parseFloat(v.toPrecision(3)));
  ctx.fillText(short(hi), lx + lw + 4, g.top + 4);
  ctx.fillText(short(lo), lx + lw + 4, g.top + lh - 4);
  ctx.font = `bold ${g.font}px sans-serif`; ctx.textBaseline = "bottom";
  ctx.fillText(heat.label || "f", lx, g.top - 4);
}

function gvDrawAxes(S, ctx, g) {
  const d = S.data, [xmin, xmax, ymin, ymax] = d.domain;
  ctx.strokeStyle = "#444"; ctx.lineWidth = 1;
  ctx.strokeRect(g.left + 0.5, g.top + 0.5, g.size - 1, g.size - 1);
  ctx.fillStyle = "#000"; ctx.font = `${g.font}px sans-serif`;
  ctx.textAlign = "center"; ctx.textBaseline = "top";
  for (const t of GV_LIVE.niceTicks(xmin, xmax, 6)) {
    const px = g.sx(t);
    ctx.beginPath(); ctx.moveTo(px, g.top + g.size); ctx.lineTo(px, g.top + g.size + 5); ctx.stroke();
    ctx.fillText(String(parseFloat(t.toPrecision(6))), px, g.top + g.size + 7);
  }
  ctx.textAlign = "right"; ctx.textBaseline = "middle";
  for (const t of GV_LIVE.niceTicks(ymin, ymax, 6)) {
    const py = g.sy(t);
    ctx.beginPath(); ctx.moveTo(g.left - 5, py); ctx.lineTo(g.left, py); ctx.stroke();
    ctx.fillText(String(parseFloat(t.toPrecision(6))), g.left - 7, py);
  }
  ctx.font = `bold ${g.font}px sans-serif`;
  ctx.textAlign = "center"; ctx.textBaseline = "bottom";
  ctx.fillText(d.names[0], g.left + g.size / 2, g.top + g.size + 3.2 * g.font - 2);
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
}

function gvDrawBase(S) {
  const g = S.geo, ctx = S.base.getContext("2d"), kind = gvKind(S);
  ctx.clearRect(0, 0, g.width, g.height);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, g.width, g.height);
  ctx.save();
  ctx.beginPath();
  ctx.rect(g.left, g.top, g.size, g.size);
  ctx.clip();
  if (S.data.heat) gvDrawHeat(S, ctx, g);
  if (kind.drawBase) kind.drawBase(S, ctx, g);
  ctx.restore();
  gvDrawAxes(S, ctx, g);
  if (S.data.heat) gvDrawLegend(S, ctx, g);
  if (kind.drawBaseExtra) kind.drawBaseExtra(S, ctx, g);
}

// -- what follows the point ------------------------------------------------------------------
function gvDrawTop(S) {
  const g = S.geo, p = S.p, ctx = S.top.getContext("2d"), kind = gvKind(S);
  ctx.clearRect(0, 0, g.width, g.height);
  ctx.save();
  ctx.beginPath(); ctx.rect(g.left, g.top, g.size, g.size); ctx.clip();
  ctx.lineCap = "round"; ctx.lineJoin = "round";
  const tail = kind.drawTop(S, ctx, g, p) || "";
  const px = g.sx(p[0]), py = g.sy(p[1]);
  ctx.fillStyle = GV_LIVE.COLORS.vermillion; ctx.strokeStyle = GV_LIVE.COLORS.white;
  ctx.lineWidth = 2.5;
  ctx.beginPath(); ctx.arc(px, py, 8, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
  GV_LIVE.label(ctx, g, "p", px + 11, py - 11);
  ctx.restore();
  if (kind.drawTopExtra) {  // a second panel, outside the plot's clip
    ctx.save(); kind.drawTopExtra(S, ctx, g, p); ctx.restore();
  }
  const pts = p.map((v) => String(v)).join(", ");
  S.status.textContent = `p = (${pts})` + (tail ? "   " + tail : "");
  S.top.setAttribute("aria-label", `${S.data.alt} The point p is at (${pts}).`);
  gvSliderValues(S);
  S.frames++;
}

// -- input -----------------------------------------------------------------------------------
function gvMoveTo(S, px, py) {
  const g = S.geo, [xmin, xmax, ymin, ymax] = S.data.domain;
  const x = Math.min(xmax, Math.max(xmin, gvQuantize(S, g.ix(px))));
  const y = Math.min(ymax, Math.max(ymin, gvQuantize(S, g.iy(py))));
  S.p = [x, y, ...S.p.slice(2)];
}

function gvSchedule(S) {
  if (S.frame) return;
  S.frame = requestAnimationFrame(() => {
    S.frame = 0;
    if (S.pending) { gvMoveTo(S, ...S.pending); S.pending = null; }
    gvDrawTop(S);
  });
}

function gvSend(S) {
  S.seq += 1;
  if (S.trigger) S.trigger("moved", { x: S.p[0], y: S.p[1], seq: S.seq });
}

function gvLocal(S, e) {
  const r = S.top.getBoundingClientRect();
  return [e.clientX - r.left, e.clientY - r.top];
}

function gvAttach(S) {
  const c = S.top;
  c.addEventListener("pointerdown", (e) => {
    if (!S.data || e.button !== 0) return;
    const [px, py] = gvLocal(S, e), g = S.geo;
    if (px < g.left || px > g.left + g.size || py < g.top || py > g.top + g.size) return;
    e.preventDefault();
    c.setPointerCapture(e.pointerId);
    S.dragging = true;
    S.pending = [px, py];
    gvSchedule(S);
  });
  c.addEventListener("pointermove", (e) => {
    if (!S.dragging) return;
    S.pending = gvLocal(S, e);
    gvSchedule(S);
  });
  const end = (e) => {
    if (!S.dragging) return;
    S.dragging = false;
    if (e.type === "pointerup") S.pending = gvLocal(S, e);
    if (S.frame) { cancelAnimationFrame(S.frame); S.frame = 0; }
    if (S.pending) { gvMoveTo(S, ...S.pending); S.pending = null; }
    gvDrawTop(S);
    gvSend(S);
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
    const x = Math.min(xmax, Math.max(xmin, gvQuantize(S, S.p[0] + dx * f * (xmax - xmin))));
    const y = Math.min(ymax, Math.max(ymin, gvQuantize(S, S.p[1] + dy * f * (ymax - ymin))));
    S.p = [x, y, ...S.p.slice(2)];
    gvDrawTop(S);
    gvSendSoon(S);
  });
  S.inputs.forEach(({ input }, j) => {
    input.addEventListener("input", () => {
      if (!S.data) return;
      const v = parseFloat(input.value);
      if (!Number.isFinite(v)) return;
      const [xmin, xmax, ymin, ymax] = S.data.domain;
      const [lo, hi] = j ? [ymin, ymax] : [xmin, xmax];
      const p = [...S.p];
      p[j] = Math.min(hi, Math.max(lo, gvQuantize(S, v)));
      S.p = p;
      S.sliding = true;
      gvSchedule(S);
    });
    // a release of the thumb: the server hears the point once
    input.addEventListener("change", () => { S.sliding = false; gvSendSoon(S); });
    // keys: 1% of the axis a press (Page keys and Shift 10%), Home/End; as on the chart
    input.addEventListener("keydown", (e) => {
      if (!S.data) return;
      const [xmin, xmax, ymin, ymax] = S.data.domain;
      const [lo, hi] = j ? [ymin, ymax] : [xmin, xmax];
      const big = e.shiftKey || e.key === "PageUp" || e.key === "PageDown" ? 0.1 : 0.01;
      const moves = { ArrowRight: 1, ArrowUp: 1, PageUp: 1, ArrowLeft: -1, ArrowDown: -1,
                      PageDown: -1 };
      let v;
      if (e.key in moves) v = S.p[j] + moves[e.key] * big * (hi - lo);
      else if (e.key === "Home") v = lo;
      else if (e.key === "End") v = hi;
      else return;
      e.preventDefault();
      const p = [...S.p];
      p[j] = Math.min(hi, Math.max(lo, gvQuantize(S, v)));
      S.p = p;
      S.sliding = false;
      gvDrawTop(S);
      gvSendSoon(S);
    });
  });
}

// the server hears the point 150 ms after the last key or slider step (once a burst)
function gvSendSoon(S) {
  clearTimeout(S.keyTimer);
  S.keyTimer = setTimeout(() => { S.keyTimer = 0; gvSend(S); }, 150);
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const S = (parentElement.querySelector(".gv-live") || {}).__gv || gvBuild(parentElement);
  S.trigger = setTriggerValue;
  if (!data) return;
  S.data = data;
  if (S.staticKey !== data.static_key) {
    gvLayout(S);
    gvDrawBase(S);
    gvSliderRanges(S);
    S.staticKey = data.static_key;
  }
  // the server's point, unless the hand is moving it (a drag, or keys not yet sent)
  if (!S.dragging && !S.keyTimer && !S.sliding) S.p = [...data.point];
  if (!S.p) S.p = [...data.point];
  gvDrawTop(S);
}
