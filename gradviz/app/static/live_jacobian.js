// The Jacobian page's live chart (kind "jacobian"): the ‖J‖_F map (the engine's heatmap)
// with, following p, a small square at p and e₁, e₂ (scaled to its half-width); beside it
// an output-plane panel: the square's image under f (curved, from f's printed programs),
// under the linear map f(p) + J h (dashed), and J e₁, J e₂ from f(p).
// Status: J(p) = [[a, b], [c, d]]   det J = … ('undefined' where not defined).

GV_LIVE.kinds.jacobian = (() => {
  const C = GV_LIVE.COLORS;
  const PER_SIDE = 24;  // points per side of the square's outline

  // J at p (row by row) and f(p): the page's truth at its own point, else the programs
  function evaluate(S, p) {
    const progs = S.data.programs, at = S.data.at;
    const J = (at && GV_LIVE.atOwnPoint(S, p)) ? at.J
      : [0, 1].map((i) => [0, 1].map((j) => GV_LIVE.run(progs.jacobian[2 * i + j], p)));
    const fp = progs.f.map((q) => GV_LIVE.run(q, p));
    const defined = J.every((row) => row.every((v) => v !== null));
    let det = null;
    if (at && GV_LIVE.atOwnPoint(S, p)) det = at.det;
    else if (defined) det = J[0][0] * J[1][1] - J[0][1] * J[1][0];
    if (det !== null && !Number.isFinite(det)) det = null;
    return { J, fp, det, defined };
  }

  // the square's outline around p: offsets h = (h₁, h₂), counter-clockwise from (−a, −a)
  function outline(a) {
    const pts = [], corners = [[-a, -a], [a, -a], [a, a], [-a, a], [-a, -a]];
    for (let k = 0; k < 4; k++) {
      const [x0, y0] = corners[k], [x1, y1] = corners[k + 1];
      for (let t = 0; t < PER_SIDE; t++) {
        const s = t / PER_SIDE;
        pts.push([x0 + s * (x1 - x0), y0 + s * (y1 - y0)]);
      }
    }
    pts.push(corners[4]);
    return pts;
  }

  // the images in the output plane (null where not defined)
  function images(S, p, v) {
    const a = S.data.half, progs = S.data.programs, hs = outline(a);
    const curved = hs.map(([h1, h2]) => {
      const q = [p[0] + h1, p[1] + h2, ...p.slice(2)];
      const u = GV_LIVE.run(progs.f[0], q), w = GV_LIVE.run(progs.f[1], q);
      return u === null || w === null ? null : [u, w];
    });
    const fpOk = v.fp[0] !== null && v.fp[1] !== null;
    const linear = v.defined && fpOk ? hs.map(([h1, h2]) => [
      v.fp[0] + v.J[0][0] * h1 + v.J[0][1] * h2, v.fp[1] + v.J[1][0] * h1 + v.J[1][1] * h2])
      : null;
    const cols = v.defined && fpOk ? [[v.J[0][0] * a, v.J[1][0] * a], [v.J[0][1] * a, v.J[1][1] * a]]
      : null;
    return { curved, linear, cols, fpOk };
  }

  // the panel's geometry: a square view around everything drawn, centred on f(p)
  function panel(S, g, v, im) {
    const size = Math.round(0.78 * g.size);
    const left = g.extraLeft + Math.round(4.2 * g.font), top = g.top;
    let half = 0;
    const grow = (pt) => {
      if (pt && im.fpOk) half = Math.max(half, Math.abs(pt[0] - v.fp[0]), Math.abs(pt[1] - v.fp[1]));
    };
    im.curved.forEach(grow);
    if (im.linear) im.linear.forEach(grow);
    if (!(half > 0) || !Number.isFinite(half)) half = S.data.half;
    half *= 1.2;
    const cx = im.fpOk ? v.fp[0] : 0, cy = im.fpOk ? v.fp[1] : 0;
    const P = { left, top, size, xmin: cx - half, xmax: cx + half, ymin: cy - half, ymax: cy + half };
    P.sx = (x) => left + ((x - P.xmin) / (P.xmax - P.xmin)) * size;
    P.sy = (y) => top + ((P.ymax - y) / (P.ymax - P.ymin)) * size;
    return P;
  }

  function polyline(ctx, P, pts, closed) {
    ctx.beginPath();
    let pen = false;
    for (const pt of pts) {
      if (pt === null || !Number.isFinite(pt[0]) || !Number.isFinite(pt[1])) { pen = false; continue; }
      if (pen) ctx.lineTo(P.sx(pt[0]), P.sy(pt[1])); else ctx.moveTo(P.sx(pt[0]), P.sy(pt[1]));
      pen = true;
    }
    if (closed) ctx.closePath();
    ctx.stroke();
  }

  function axes(ctx, g, P) {
    ctx.strokeStyle = "#444"; ctx.lineWidth = 1; ctx.setLineDash([]);
    ctx.strokeRect(P.left + 0.5, P.top + 0.5, P.size - 1, P.size - 1);
    ctx.fillStyle = "#000"; ctx.font = `${0.85 * g.font}px sans-serif`;
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    const tick = (t) => String(parseFloat(t.toPrecision(4)));
    for (const t of GV_LIVE.niceTicks(P.xmin, P.xmax, 3)) {
      ctx.fillText(tick(t), P.sx(t), P.top + P.size + 4);
    }
    ctx.textAlign = "right"; ctx.textBaseline = "middle";
    for (const t of GV_LIVE.niceTicks(P.ymin, P.ymax, 3)) {
      ctx.fillText(tick(t), P.left - 4, P.sy(t));
    }
    ctx.font = `bold ${g.font}px sans-serif`; ctx.textAlign = "left"; ctx.textBaseline = "alphabetic";
    ctx.fillText("output plane", P.left,
                 P.top - 0.8 * g.font);
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    ctx.fillText("f₁", P.left + P.size / 2, P.top + P.size + 1.6 * g.font);
    ctx.textAlign = "right"; ctx.textBaseline = "middle";
    ctx.fillText("f₂", P.left - 2.9 * g.font, P.top + P.size / 2);
  }

  function arrow(ctx, a, b, color) {
    ctx.lineCap = "round";
    for (const [c, w] of [[C.white, 8], [color, 4]]) {
      ctx.strokeStyle = c; ctx.lineWidth = w; GV_LIVE.arrowPath(ctx, a[0], a[1], b[0], b[1], 12);
    }
  }

  return {
    extraWidth(S, g) { return Math.round(0.78 * g.size + 5.2 * g.font); },
    drawTop(S, ctx, g, p) {
      const v = evaluate(S, p), a = S.data.half;
      S.values = { p: [...p], J: v.J, det: v.det };
      // the square at p and e₁, e₂ (times its half-width) in the input plane
      ctx.strokeStyle = C.black; ctx.lineWidth = 2; ctx.setLineDash([]);
      ctx.strokeRect(g.sx(p[0] - a), g.sy(p[1] + a), g.sx(p[0] + a) - g.sx(p[0] - a),
                     g.sy(p[1] - a) - g.sy(p[1] + a));
      const at = [g.sx(p[0]), g.sy(p[1])];
      arrow(ctx, at, [g.sx(p[0] + a), at[1]], C.blue);
      arrow(ctx, at, [at[0], g.sy(p[1] + a)], C.green);
      S.im = images(S, p, v);
      S.v = v;
      const J = v.J.map((row) => "[" + row.map(GV_LIVE.fmt).join(", ") + "]").join(", ");
      return `J(p) = [${J}]   det J = ${GV_LIVE.fmt(v.det)}`;
    },
    drawTopExtra(S, ctx, g, p) {
      const v = S.v, im = S.im, P = panel(S, g, v, im);
      axes(ctx, g, P);
      ctx.save();
      ctx.beginPath(); ctx.rect(P.left, P.top, P.size, P.size); ctx.clip();
      ctx.lineJoin = "round";
      ctx.strokeStyle = C.vermillion; ctx.lineWidth = 3; ctx.setLineDash([]);
      polyline(ctx, P, im.curved, false);
      if (im.linear) {
        ctx.strokeStyle = C.blue; ctx.lineWidth = 3; ctx.setLineDash([8, 6]);
        polyline(ctx, P, im.linear, false);
        ctx.setLineDash([]);
      }
      if (im.fpOk) {
        const o = [P.sx(v.fp[0]), P.sy(v.fp[1])];
        if (im.cols) {
          arrow(ctx, o, [P.sx(v.fp[0] + im.cols[0][0]), P.sy(v.fp[1] + im.cols[0][1])], C.vermillion);
          arrow(ctx, o, [P.sx(v.fp[0] + im.cols[1][0]), P.sy(v.fp[1] + im.cols[1][1])], C.orange);
        }
        ctx.fillStyle = C.black; ctx.beginPath(); ctx.arc(o[0], o[1], 5, 0, 2 * Math.PI); ctx.fill();
        GV_LIVE.label(ctx, g, "f(p)", o[0] + 8, o[1] + 14);
      }
      ctx.restore();
    },
  };
})();
