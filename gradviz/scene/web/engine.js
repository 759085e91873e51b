// gradviz's scene engine: the picture of a scene the core built (gradviz/scene). The server
// sends a scene's static part once per view, then only the point and the params. The engine
// fits the panels to the screen, draws the static layers once and the layers that follow p
// every frame (web/layers.js), moves p by the hand, plays params, and sends one message when
// a gesture ends. Text goes through textContent or fillText only; every loop is bounded by
// the data's size; an error never replaces the picture.

const GV = (() => {
  const C = { orange: "#E69F00", sky: "#56B4E9", green: "#009E73", blue: "#0072B2",
              vermillion: "#D55E00", purple: "#CC79A7", black: "#000000", white: "#ffffff" };
  const layers = {};  // type -> { draw(ctx, P, L, S) } or { follows: true, compute(S, P, L, p), draw(…) }
  const fmt = (v) => GV_FMT.number(v === null || v === undefined ? NaN : v);
  const CACHE = (globalThis.__gvScenes = globalThis.__gvScenes || new Map());  // key -> scene

  // -- numbers -------------------------------------------------------------------------------
  // the same rule as draw.widen: a range an axis can show, even one double wide
  function widen(lo, hi) {
    const mid = (lo + hi) / 2, half = (hi - lo) / 2;
    const least = 1e-9 * Math.max(Math.abs(lo), Math.abs(hi), 1);
    return half >= least ? [lo, hi] : [mid - least, mid + least];
  }
  const scale = (lo, hi, a, b) => gvD3.scaleLinear().domain(widen(lo, hi)).range([a, b]);
  // a program at p (null where not defined); a function's value: its components
  const run = (prog, p) => GV_EXPR.defined(GV_EXPR.run(prog, p));
  function value(S, name, p) {
    if (S.truth && name in S.truth && own(S, p)) return S.truth[name];
    return S.scene.programs[name].map((q) => run(q, p));
  }
  const hasMap = (S) => S.scene.panels[0].type === "map";  // else no point to move (a diagram)
  const own = (S, p) => !!S.own && p.length === S.own.length && p.every((c, i) => c === S.own[i]);
  const param = (S, v) => (v !== null && typeof v === "object" && "param" in v ? S.params[v.param] : v);

  // -- drawing helpers -----------------------------------------------------------------------
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
  function haloArrow(ctx, a, b, color, width = 5, head = 14) {
    ctx.lineCap = "round"; ctx.lineJoin = "round";
    for (const [c, w] of [[C.white, width + 4], [color, width]]) {
      ctx.strokeStyle = c; ctx.lineWidth = w; arrowPath(ctx, a[0], a[1], b[0], b[1], head);
    }
  }
  function label(ctx, P, text, px, py, color = C.black, align = "left") {
    ctx.font = `bold ${1.1 * P.font}px sans-serif`; ctx.textBaseline = "middle"; ctx.textAlign = align;
    ctx.lineWidth = 4; ctx.strokeStyle = C.white; ctx.fillStyle = color;
    ctx.strokeText(text, px, py); ctx.fillText(text, px, py);
  }
  // a polyline of data points, broken where a point is missing (null or not finite)
  function polyline(ctx, P, pts) {
    ctx.beginPath();
    let pen = false;
    for (const pt of pts) {
      if (!pt || !Number.isFinite(pt[0]) || !Number.isFinite(pt[1])) { pen = false; continue; }
      const x = P.sx(pt[0]), y = P.sy(pt[1]);
      if (pen) ctx.lineTo(x, y); else ctx.moveTo(x, y);
      pen = true;
    }
    ctx.stroke();
  }
  function cased(ctx, P, pts, color, width, casing = C.black) {
    ctx.lineCap = "round"; ctx.lineJoin = "round";
    for (const [c, w] of [[casing, width + 2], [color, width]]) {
      ctx.strokeStyle = c; ctx.lineWidth = w; polyline(ctx, P, pts);
    }
  }

  // -- layout ----------------------------------------------------------------------------------
  // Panels side by side while they fit the width W, else in a new row; a panel that fits
  // under the one before it within the row's height goes there (two slices beside a map).
  // A map's plot area is square; no plot is wider than `limit`.
  function arrange(S, W, first, rest = first) {
    const font = 14 * S.font, boxes = [], measure = document.createElement("canvas").getContext("2d");
    measure.font = `${0.9 * font}px sans-serif`;
    let x = 0, y = 0, rowH = 0, right = 0, col = null;  // col: the row's last column
    const mapSize = Math.min(rest, S.scene.panels[0].size);
    S.scene.panels.forEach((panel, k) => {
      const limit = k ? rest : first, heat = panel.layers.some((L) => L.cmap);  // room for a colour bar
      const m = { left: Math.round(4.2 * font), top: Math.round(2.6 * font),
                  right: Math.round((heat ? 6.2 : 1.2) * font), bottom: Math.round(3.2 * font) };
      const w = Math.max(120, Math.min(limit, panel.size, W - m.left - m.right));
      const h = panel.type === "map" || panel.equal ? w
        : Math.min(panel.height ? Math.min(limit, panel.height) : mapSize, Math.max(160, w * 1.25));
      const items = panel.layers.flatMap((L) => (layers[L.type] && layers[L.type].legend) || []);
      if (items.length) m.bottom += Math.ceil((legendRows(measure, items, w + 2 * font, 0.9 * font).length * 1.35 + 0.4) * 0.9 * font);
      const full = m.left + w + m.right, height = m.top + h + m.bottom;
      if (!(k > 0 && full <= col.w && col.bottom + height <= y + rowH)) {  // a new column
        if (k > 0 && x + full > W) { x = 0; y += rowH; rowH = 0; }
        col = { x, w: full, bottom: y };
        x += full;
      }
      boxes.push({ k, panel, font, left: col.x + m.left, top: col.bottom + m.top, w, h,
                   box: panel.box, width: full, height });
      col.bottom += height; rowH = Math.max(rowH, col.bottom - y); right = Math.max(right, x);
    });
    return { boxes, width: right, height: y + rowH };
  }

  // a legend's entries [name, colour, dash] in rows at most `width` px wide, at font size f
  function legendRows(ctx, items, width, f) {
    const rows = [];
    for (const item of items) {
      const w = 3.5 * f + ctx.measureText(item[0]).width, last = rows[rows.length - 1];
      if (last && last.width + w <= width) { last.items.push(item); last.width += w; }
      else rows.push({ items: [item], width: w });
    }
    rows.forEach((r) => { r.width -= f; });  // no gap after the last entry
    return rows;
  }

  // The height the figure may take: the screen's, less the app's header (the root's
  // scroll-margin-top) and the status line under it (none beside it); with S.first (lecture
  // mode) less all above it and the point's sliders (and params marked first) too: all on the
  // projector's first screen.
  // A picture further down the page (the Jacobian's zoom under its map) is sized as off it.
  function room(S, beside) {
    const fig = S.figure.getBoundingClientRect().bottom, screen = document.documentElement.clientHeight;
    let above = parseFloat(getComputedStyle(S.root).scrollMarginTop) || 0, first = false;
    if (S.first) {
      let el = S.root.parentElement;  // the element the page scrolls in
      while (el && !/auto|scroll/.test(getComputedStyle(el).overflowY)) el = el.parentElement;
      const top = S.root.getBoundingClientRect().top;
      const page = top + (el ? el.scrollTop - el.getBoundingClientRect().top : scrollY);
      first = page < screen / 2;
      if (first) above = Math.max(above, page);
    }
    const kept = [...S.sliders, ...S.controls.filter((c) => c.first)];  // the page's main controls
    const last = first && kept.length ? kept[kept.length - 1].lab : S.status;
    const under = beside ? 0 : last.getBoundingClientRect().bottom - fig;
    return screen - above - under - 8;
  }

  // the largest panels that fit the width W and the height `room`: all panels to one limit,
  // or the others to half the map's (stacked beside a larger map where the screen is short:
  // the partials' three panels on a 1024 × 768 projector), whichever draws its smallest
  // panel larger, then its map
  function fitted(S, W, room) {
    const most = Math.max(...S.scene.panels.map((p) => p.size));
    W = Math.max(240, W);
    const best = (ratio) => {
      const all = arrange(S, W, most, most * ratio);
      if (all.height <= room) return all;
      let lo = 120, hi = most;  // a taller figure for a larger limit: halve the interval
      for (let i = 0; i < 12; i++) {
        const mid = (lo + hi) / 2;
        if (arrange(S, W, mid, mid * ratio).height <= room) lo = mid; else hi = mid;
      }
      return arrange(S, W, Math.floor(lo), Math.floor(lo) * ratio);
    };
    const rank = (L) => [Math.min(...L.boxes.map((b) => b.w)), L.boxes[0].w];
    const [a, b] = [best(1), S.scene.panels.length > 1 ? best(0.5) : null];
    if (!b) return a;
    const [ra, rb] = [rank(a), rank(b)];
    return rb[0] > ra[0] || (rb[0] === ra[0] && rb[1] > ra[1]) ? b : a;
  }

  // The figure, with the status line and the sliders under it, or beside it (12 ems or
  // more) when that gives the map a larger plot.
  function layout(S) {
    S.root.classList.remove("gv-beside");
    S.height = document.documentElement.clientHeight;
    const side = 12 * parseFloat(getComputedStyle(S.status).fontSize) + 16;
    let L = fitted(S, S.width, room(S, false));
    const B = fitted(S, S.width - side, room(S, true));
    if (B.boxes[0].w > L.boxes[0].w && B.width + side <= S.width) { L = B; S.root.classList.add("gv-beside"); }
    L.boxes.forEach((P) => place(P, P.box));
    S.panels = L.boxes;
    S.size = { width: L.width, height: L.height };
    const dpr = window.devicePixelRatio || 1;
    for (const c of [S.base, S.top]) {
      c.width = Math.round(S.size.width * dpr); c.height = Math.round(S.size.height * dpr);
      c.style.width = S.size.width + "px"; c.style.height = S.size.height + "px";
      c.getContext("2d").setTransform(dpr, 0, 0, dpr, 0, 0);
    }
    S.figure.style.width = S.size.width + "px"; S.figure.style.height = S.size.height + "px";
    const map = L.boxes[0];
    // for tests and tools: where the map's plot area is, in CSS px of the canvas
    if (hasMap(S)) S.top.dataset.plot = JSON.stringify({ left: map.left, top: map.top, size: map.w, domain: map.box });
  }

  // a panel's scales for the view box = [x0, x1, y0, y1]
  function place(P, box) {
    P.box = box;
    P.xs = scale(box[0], box[1], P.left, P.left + P.w);
    P.ys = scale(box[2], box[3], P.top + P.h, P.top);
    P.sx = (v) => P.xs(v); P.sy = (v) => P.ys(v);
  }

  // GV_ALGO.fitBox's twin of draw.fit_box: the view of an auto panel, from what it draws
  function fitBox(points, box, auto, equal) {
    let [x0, x1, y0, y1] = box;
    const ok = points.filter((q) => q && Number.isFinite(q[0]) && Number.isFinite(q[1]));
    if (ok.length) {
      const xs = ok.map((q) => q[0]), ys = ok.map((q) => q[1]);
      const range = (v) => { const [a, b] = widen(Math.min(...v), Math.max(...v)); return [a - 0.1 * (b - a), b + 0.1 * (b - a)]; };
      if (auto.includes("x")) [x0, x1] = range(xs);
      if (auto.includes("y")) [y0, y1] = range(ys);
    }
    if (equal) {
      const half = Math.max(x1 - x0, y1 - y0) / 2, cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
      [x0, x1, y0, y1] = [cx - half, cx + half, cy - half, cy + half];
    }
    return [x0, x1, y0, y1];
  }

  function axes(ctx, P, S) {
    const [x0, x1, y0, y1] = P.box;
    ctx.strokeStyle = "#444"; ctx.lineWidth = 1; ctx.fillStyle = "#000";
    ctx.strokeRect(P.left + 0.5, P.top + 0.5, P.w - 1, P.h - 1);
    ctx.font = `${0.95 * P.font}px sans-serif`;
    const n = Math.max(2, Math.round(P.w / (4.5 * P.font)));
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    let xt = P.panel.xticks && P.panel.xticks.length ? P.panel.xticks : P.xs.ticks(n);
    const wide = Math.max(...xt.map((t) => ctx.measureText(fmt(t)).width)) + 0.5 * P.font;
    const every = Math.ceil(wide / (P.w / Math.max(1, xt.length - 1)));  // labels never touch
    if (every > 1) xt = xt.filter((_, i) => i % every === 0);
    for (const t of xt) {
      const px = P.sx(t);
      ctx.beginPath(); ctx.moveTo(px, P.top + P.h); ctx.lineTo(px, P.top + P.h + 5); ctx.stroke();
      ctx.fillText(fmt(t), px, P.top + P.h + 7);
    }
    ctx.textAlign = "right"; ctx.textBaseline = "middle";
    for (const t of P.ys.ticks(Math.max(2, Math.round(P.h / (3 * P.font))))) {
      const py = P.sy(t);
      ctx.beginPath(); ctx.moveTo(P.left - 5, py); ctx.lineTo(P.left, py); ctx.stroke();
      ctx.fillText(fmt(t), P.left - 7, py);
    }
    const [xl, yl] = P.panel.labels || S.scene.names;
    ctx.font = `bold ${P.font}px sans-serif`; ctx.textAlign = "center"; ctx.textBaseline = "bottom";
    ctx.fillText(cut(ctx, xl, P.w + 2 * P.font), P.left + P.w / 2, P.top + P.h + 3.2 * P.font - 2);
    ctx.save(); ctx.translate(P.left - 3.4 * P.font, P.top + P.h / 2); ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "middle"; ctx.fillText(cut(ctx, yl, P.h + 2 * P.font), 0, 0); ctx.restore();
    const title = P.panel.title || (P.k === 0 ? S.scene.title : "");
    if (title) {  // within the panel's own cell: never into the next panel's title
      ctx.textAlign = "left"; ctx.textBaseline = "alphabetic"; ctx.font = `bold ${1.05 * P.font}px sans-serif`;
      const right = Math.min(S.size.width, P.left - Math.round(4.2 * P.font) + P.width);
      ctx.fillText(cut(ctx, title, right - P.left - 4), P.left, P.top - 1.6 * P.font);  // above a colour bar's name
    }
  }

  // text cut to `width` px in the context's font, with "…" where it was cut
  function cut(ctx, text, width) {
    let t = String(text);
    while (t.length > 4 && ctx.measureText(t).width > width) t = t.slice(0, -2) + "…";
    return t;
  }

  // -- drawing the scene -----------------------------------------------------------------------
  function drawBase(S) {
    const ctx = S.base.getContext("2d");
    ctx.fillStyle = C.white; ctx.fillRect(0, 0, S.size.width, S.size.height);
    for (const P of S.panels) {
      ctx.save(); ctx.beginPath(); ctx.rect(P.left, P.top, P.w, P.h); ctx.clip();
      for (const L of P.panel.layers) {
        const T = layers[L.type];
        if (T && !T.follows) T.draw(ctx, P, L, S);
      }
      ctx.restore();
      if (!P.panel.auto) {  // an auto panel's axes follow p: drawn on top
        axes(ctx, P, S);
        outside(ctx, P, S);
      }
    }
  }
  // what a panel's layers draw outside it: a colour bar, a legend
  function outside(ctx, P, S) {
    for (const L of P.panel.layers) {
      const T = layers[L.type];
      if (T && T.outside) T.outside(ctx, P, L, S);
    }
  }

  function drawTop(S) {
    const ctx = S.top.getContext("2d"), p = S.p;
    ctx.clearRect(0, 0, S.size.width, S.size.height);
    const notes = [];
    for (const P of S.panels) {
      const follow = P.panel.layers.map((L) => {
        const T = layers[L.type];
        return T && T.follows ? [L, T, T.compute ? T.compute(S, P, L, p) : null] : null;
      }).filter(Boolean);
      if (P.panel.auto) {  // the view fitted to what is drawn, then its axes
        const pts = follow.flatMap(([L, T, data]) => (T.extent ? T.extent(L, data) : []));
        place(P, fitBox(pts, P.panel.box, P.panel.auto, P.panel.equal));
        ctx.fillStyle = C.white; ctx.fillRect(P.left - 4.2 * P.font, P.top - 2.6 * P.font, P.width, P.height);
        axes(ctx, P, S);
        outside(ctx, P, S);
      }
      ctx.save(); ctx.beginPath(); ctx.rect(P.left, P.top, P.w, P.h); ctx.clip();
      for (const [L, T, data] of follow) {
        T.draw(ctx, P, L, S, data);
        if (T.status) notes.push(T.status(S, L, data));
      }
      ctx.restore();
    }
    const items = S.scene.status.map((it) => {
      const v = value(S, it.fn, p), [l, r] = it.brackets || "()";
      return `${it.label} = ${v.length === 1 ? fmt(v[0]) : l + v.map(fmt).join(", ") + r}`;
    });
    const pts = p.map((v) => String(v)).join(", "), map = hasMap(S);
    S.status.textContent = [...(map ? [`p = (${pts})`] : []), ...items, ...notes.filter(Boolean)].join("   ");
    S.top.setAttribute("aria-label", S.scene.alt + (map ? ` The point p is at (${pts}).` : ""));
    S.sliders.forEach(({ input, out }, j) => {
      if (!S.sliding) input.value = String(p[j]);
      out.textContent = fmt(p[j]);
      input.setAttribute("aria-valuetext", fmt(p[j]));
    });
    S.controls.forEach((c) => c.show());
  }

  function safely(S, what, fn) {
    try { fn(); } catch (err) {  // a picture that can't be drawn says so; it is never replaced
      console.error("gradviz: " + what, err);
      S.status.textContent = "This picture could not be drawn here; the numbers on the page are still right.";
    }
  }

  function redraw(S) {
    safely(S, "redraw", () => {
      for (let i = 0; i < 3; i++) {  // again if the status line took a new height
        const under = S.status.offsetHeight;
        layout(S); drawBase(S); drawTop(S);
        if (Math.abs(S.status.offsetHeight - under) < 4) break;
      }
      S.sideH = S.side.offsetHeight;
    });
  }
  const now = (S) => safely(S, "keys", () => drawTop(S));  // a key: at once, not next frame
  function frame(S) {
    if (S.raf) return;
    S.raf = requestAnimationFrame(() => { S.raf = 0; safely(S, "frame", () => drawTop(S)); });
  }

  // -- the hand ----------------------------------------------------------------------------------
  // coordinate j of the point, rounded to a power of ten near 1/1000 of the map and kept on it
  function snap(S, v, j) {
    const [x0, x1, y0, y1] = S.scene.panels[0].box, lo = j ? y0 : x0, hi = j ? y1 : x1;
    const q = Math.pow(10, Math.floor(Math.log10(Math.max(x1 - x0, y1 - y0) / 1000)));
    const d = Math.max(0, -Math.round(Math.log10(q)));
    return Math.min(hi, Math.max(lo, parseFloat((Math.round(v / q) * q).toFixed(Math.min(20, d)))));
  }
  function moveTo(S, px, py) {
    const P = S.panels[0];
    S.p = [snap(S, P.xs.invert(px), 0), snap(S, P.ys.invert(py), 1), ...S.p.slice(2)];
    frame(S);
  }
  function send(S, event, value) {
    S.seq += 1;
    if (S.trigger) S.trigger(event, { ...value, seq: S.seq });
  }
  const sendPoint = (S) => send(S, "moved", { x: S.p[0], y: S.p[1] });
  const sendParam = (S, q) => send(S, "param", { name: q.name, value: S.params[q.name] });
  function sendSoon(S, what = sendPoint) {  // after a key: once the keys stop
    clearTimeout(S.keyTimer);
    S.keyTimer = setTimeout(() => { S.keyTimer = 0; what(S); }, 150);
  }
  const local = (S, e) => { const r = S.top.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
  const inMap = (S, [px, py]) => { const P = S.panels[0]; if (!hasMap(S)) return false; return px >= P.left && px <= P.left + P.w && py >= P.top && py <= P.top + P.h; };
  const nearPoint = (S, [px, py], r) => { const P = S.panels[0]; return Math.hypot(px - P.sx(S.p[0]), py - P.sy(S.p[1])) <= r; };

  // A map whose hand is "answer": a press, drag or touch turns the arrow from p (arrow keys
  // by 1°, Shift by 15°), p stays, and the whole degrees from +x are sent when let go.
  function turn(S, [px, py]) {
    const P = S.panels[0], dx = P.xs.invert(px) - S.p[0], dy = P.ys.invert(py) - S.p[1];
    if (Math.hypot(px - P.sx(S.p[0]), py - P.sy(S.p[1])) < 6) return;  // on p: no direction
    S.answer = GV_ALGO.degrees(dx, dy);
    frame(S);
  }
  const sendAnswer = (S) => { if (S.answer !== null) send(S, "answer", { value: S.answer }); };

  // mouse and pen: press anywhere on the map and drag. Touch, like a map app: a tap places
  // p, a touch that starts on p drags it, a swipe that starts elsewhere scrolls the page.
  function attach(S) {
    const c = S.top;
    c.addEventListener("touchstart", (e) => {  // not passive: a touch on p must not scroll
      if (!S.scene || !hasMap(S) || S.still || e.touches.length !== 1) return;
      const at = local(S, e.touches[0]);
      if (S.answering ? inMap(S, at) : nearPoint(S, at, 28)) e.preventDefault();
    }, { passive: false });
    c.addEventListener("pointerdown", (e) => {
      if (!S.scene || S.still || e.button !== 0) return;
      const at = local(S, e);
      if (!inMap(S, at)) return;
      if (S.answering) {
        e.preventDefault(); c.setPointerCapture(e.pointerId); S.turning = true; turn(S, at);
        return;
      }
      if (e.pointerType === "touch" && !nearPoint(S, at, 28)) { S.tap = { at, id: e.pointerId }; return; }
      e.preventDefault();
      c.setPointerCapture(e.pointerId);
      S.dragging = true;
      moveTo(S, ...at);
    });
    c.addEventListener("pointermove", (e) => {
      if (S.turning) { turn(S, local(S, e)); return; }
      if (S.tap && e.pointerId === S.tap.id && Math.hypot(...local(S, e).map((v, i) => v - S.tap.at[i])) > 10) S.tap = null;
      if (S.dragging) moveTo(S, ...local(S, e));
    });
    const end = (e) => {
      if (S.turning) {
        S.turning = false;
        if (e.type === "pointerup") turn(S, local(S, e));
        sendAnswer(S); return;
      }
      if (S.tap && e.type === "pointerup" && e.pointerId === S.tap.id) {
        moveTo(S, ...S.tap.at); S.tap = null; sendPoint(S); return;
      }
      S.tap = null;
      if (!S.dragging) return;
      S.dragging = false;
      if (e.type === "pointerup") moveTo(S, ...local(S, e));
      sendPoint(S);
    };
    c.addEventListener("pointerup", end);
    c.addEventListener("pointercancel", end);
    c.addEventListener("keydown", (e) => {
      const dirs = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      if (!S.scene || !hasMap(S) || S.still || !(e.key in dirs)) return;  // PageDown, Space: the page scrolls
      e.preventDefault();
      if (S.answering) {  // ← ↑ counter-clockwise, → ↓ clockwise
        const d = (dirs[e.key][0] || dirs[e.key][1]) * (e.key === "ArrowLeft" || e.key === "ArrowRight" ? -1 : 1);
        S.answer = ((Math.round(S.answer ?? 0) + d * (e.shiftKey ? 15 : 1)) % 360 + 360) % 360;
        now(S); sendSoon(S, sendAnswer);
        return;
      }
      const [x0, x1, y0, y1] = S.scene.panels[0].box, f = e.shiftKey ? 0.1 : 0.01, [dx, dy] = dirs[e.key];
      S.p = [snap(S, S.p[0] + dx * f * (x1 - x0), 0), snap(S, S.p[1] + dy * f * (y1 - y0), 1), ...S.p.slice(2)];
      now(S); sendSoon(S);
    });
  }

  function el(tag, className = "", text = "") {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  // the point's own sliders (the one set of point controls) and the params' sliders
  function slider(S, parent, name, aria) {
    const lab = el("label", "gv-slider"), span = el("span", "gv-slider-name", name);
    const track = el("span", "gv-track");  // the range, and its marks under it
    const input = el("input"), out = el("output", "gv-slider-value");
    input.type = "range"; input.setAttribute("aria-label", aria);
    track.append(input);
    lab.append(span, track, out);
    parent.append(lab);
    return { lab, track, input, out };
  }
  function pointSliders(S) {
    S.sliderBox.replaceChildren();
    S.sliders = [];
    if (!hasMap(S)) return;
    const [x0, x1, y0, y1] = S.scene.panels[0].box;
    S.sliders = [0, 1].map((j) => {
      const n = S.scene.names[j], s = slider(S, S.sliderBox, n + "\u2080", `${n}\u2080, the point's ${n}`);
      s.input.min = String(j ? y0 : x0); s.input.max = String(j ? y1 : x1); s.input.step = "any";
      s.input.addEventListener("input", () => {
        const v = parseFloat(s.input.value);
        if (!Number.isFinite(v)) return;
        const p = [...S.p]; p[j] = snap(S, v, j); S.p = p; S.sliding = true; frame(S);
      });
      s.input.addEventListener("change", () => { S.sliding = false; sendSoon(S); });
      s.input.addEventListener("keydown", (e) => {
        const lo = +s.input.min, hi = +s.input.max, big = e.shiftKey || e.key.startsWith("Page") ? 0.1 : 0.01;
        const moves = { ArrowRight: 1, ArrowUp: 1, PageUp: 1, ArrowLeft: -1, ArrowDown: -1, PageDown: -1 };
        let v;
        if (e.key in moves) v = S.p[j] + moves[e.key] * big * (hi - lo);
        else if (e.key === "Home") v = lo; else if (e.key === "End") v = hi; else return;
        e.preventDefault();
        const p = [...S.p]; p[j] = snap(S, v, j); S.p = p; S.sliding = false; now(S); sendSoon(S);
      });
      return s;
    });
  }

  function paramControls(S) {
    S.controls = S.scene.params.map((q) => {
      const s = slider(S, S.sliderBox, q.label, q.label);
      const toPos = (v) => (q.log ? Math.log10(v) : v), toVal = (t) => (q.log ? Math.pow(10, t) : t);
      s.input.min = String(toPos(q.lo)); s.input.max = String(toPos(q.hi));
      s.input.step = q.integer ? "1" : q.step && !q.log ? String(q.step) : "any";
      const set = (v) => {
        v = Math.min(q.hi, Math.max(q.lo, v));
        S.params[q.name] = q.integer ? Math.round(v) : v; frame(S);
      };
      s.input.addEventListener("input", () => { set(toVal(parseFloat(s.input.value))); S.paramMoving = true; });
      s.input.addEventListener("change", () => { S.paramMoving = false; sendParam(S, q); });
      if (q.marks && q.marks.length) {  // labelled marks under the slider (e.g. 2/λmax)
        const marks = el("div", "gv-marks");
        for (const [v, text] of q.marks) {
          const t = (toPos(v) - toPos(q.lo)) / (toPos(q.hi) - toPos(q.lo));
          if (!(t >= 0 && t <= 1)) continue;
          const m = el("span", "", text);
          m.style.left = (100 * t).toFixed(2) + "%";
          marks.append(m);
        }
        s.track.append(marks);
      }
      if (q.play) {
        const b = el("button", "gv-play", "▶ Play");
        b.type = "button";
        b.addEventListener("click", () => play(S, q, b, set, toPos, toVal));
        s.lab.append(b);
      }
      return { lab: s.lab, first: !!q.first, show() {
        const v = S.params[q.name];
        if (!S.paramMoving) s.input.value = String(toPos(v));
        s.out.textContent = fmt(v) + (q.unit || "");
      } };
    });
  }

  // play a param from its low end to its high end (q.play "down": the other way) in 4 s
  function play(S, q, button, set, toPos, toVal) {
    if (S.playing) { cancelAnimationFrame(S.playing); S.playing = 0; button.textContent = "▶ Play"; return; }
    const [a, b] = (q.play === "down" ? [q.hi, q.lo] : [q.lo, q.hi]).map(toPos), t0 = performance.now();
    button.textContent = "■ Stop";
    const tick = (now) => {
      const t = Math.min(1, (now - t0) / 4000);
      set(toVal(a + t * (b - a)));
      if (t < 1) S.playing = requestAnimationFrame(tick);
      else { S.playing = 0; button.textContent = "▶ Play"; sendParam(S, q); }
    };
    S.playing = requestAnimationFrame(tick);
  }

  // -- mounting ------------------------------------------------------------------------------
  function build(parent) {
    const root = el("div", "gv-scene"), figure = el("div", "gv-figure"), base = el("canvas");
    const top = el("canvas", "gv-top"), status = el("p", "gv-status");
    const sliderBox = el("div", "gv-sliders"), side = el("div", "gv-side");
    base.setAttribute("aria-hidden", "true");
    top.tabIndex = 0; top.setAttribute("role", "img");
    status.setAttribute("role", "status"); status.setAttribute("aria-live", "polite");
    figure.append(base, top);
    side.append(status, sliderBox);
    root.append(figure, side);
    parent.appendChild(root);
    const S = { root, figure, base, top, status, sliderBox, side, sliders: [], controls: [],
                scene: null, key: null, p: null, params: {}, seq: 0, width: 0, font: 1 };
    root.__gv = S;
    attach(S);
    new ResizeObserver(() => {
      const w = Math.floor(parent.clientWidth || root.clientWidth);
      if (S.scene && Math.abs(w - S.width) > 2) { S.width = w; redraw(S); }
    }).observe(parent);
    new ResizeObserver(() => {  // the status line or the sliders took a new height after the
      // layout (their styles came late, a value wrapped): lay out again, a few times at most
      if (S.scene && S.sideH !== undefined && Math.abs(S.side.offsetHeight - S.sideH) > 4 &&
          (S.relaid = (S.relaid || 0) + 1) <= 3) redraw(S);
    }).observe(side);
    addEventListener("resize", () => {  // a new height (not a phone's address bar: clientHeight)
      if (S.scene && document.documentElement.clientHeight !== S.height) redraw(S);
    });
    return S;
  }

  // Streamlit replaces an element whose code throws by an error text with a stack: never
  function mount(component) {
    try { mountScene(component); } catch (err) { console.error("gradviz: the picture", err); }
  }

  function mountScene(component) {
    const { data, parentElement, setTriggerValue } = component;
    const S = (parentElement.querySelector(".gv-scene") || {}).__gv || build(parentElement);
    S.trigger = setTriggerValue;
    if (!data || typeof data !== "object") return;
    if (data.static) {
      CACHE.set(data.key, data.static);
      while (CACHE.size > 8) CACHE.delete(CACHE.keys().next().value);
    }
    const scene = CACHE.get(data.key);
    if (!scene) { send(S, "want", { key: String(data.key) }); return; }
    const look = `${data.font || 1} ${!!data.first}`, fresh = S.key !== data.key || S.look !== look;
    S.scene = scene; S.own = data.point; S.truth = data.truth || {};
    // the server's point and params, unless the hand is moving them
    if (fresh || !(S.dragging || S.keyTimer || S.sliding || S.tap)) S.p = [...data.point];
    if (fresh || !(S.paramMoving || S.playing)) S.params = { ...(data.params || {}) };
    if (fresh || !(S.turning || S.keyTimer)) S.answer = typeof data.answer === "number" ? data.answer : null;
    if (fresh) {
      S.key = data.key; S.look = look; S.font = data.font || 1; S.first = !!data.first; S.relaid = 0;
      S.width = Math.floor(parentElement.clientWidth || 600);
      S.root.style.setProperty("--gv-font", String(S.font));
      // the map's hand (gradviz/scene Map.hand): move p, turn the answer's arrow, or nothing
      const hand = scene.panels[0].hand ?? "point";
      S.answering = hand === "answer"; S.still = hand === "";
      S.root.classList.toggle("gv-answering", S.answering);
      if (hand === "point") pointSliders(S); else { S.sliderBox.replaceChildren(); S.sliders = []; }
      paramControls(S); redraw(S);
    } else frame(S);
  }

  return { C, layers, fmt, widen, scale, fitBox, run, value, param, arrowPath, haloArrow, label, polyline, cased, legendRows, mount };
})();
