// The steepest-ascent page's live chart (kind "steepest"): the map of f; following p: the
// direction u (at the page's θ) and ∇f at p (their directions, at a fixed length), and in a
// panel beside the map Dᵤf = ∇f·u over θ from 0° to 360° with u's θ and the maximum marked.
// Status: θ = …   Dᵤf = …   ∇f(p) = (a, b).

GV_LIVE.kinds.steepest = (() => {
  const C = GV_LIVE.COLORS, fmt = GV_LIVE.fmt;

  // ∇f and Dᵤf at p: the page's own truth at its own point (a corner, a 0/0 point)
  function evaluate(S, p) {
    const t = (S.data.theta * Math.PI) / 180, u = [Math.cos(t), Math.sin(t)];
    const at = S.data.at;
    if (at && GV_LIVE.atOwnPoint(S, p)) return { grad: at.grad, slope: at.slope, u };
    const grad = S.data.programs.grad.map((q) => GV_LIVE.run(q, p));
    const slope = grad.every((v) => v !== null) ? grad[0] * u[0] + grad[1] * u[1] : null;
    return { grad, slope: slope !== null && Number.isFinite(slope) ? slope : null, u };
  }

  // the panel's box in canvas px (right of the map and its colour legend)
  function panel(g) {
    const left = g.extraLeft + 3.2 * g.font;
    return { left, top: g.top, width: g.extra - 4.2 * g.font, height: g.size };
  }

  function drawPanel(S, ctx, g, e) {
    const b = panel(g), theta = S.data.theta;
    const [gx, gy] = e.grad, defined = gx !== null && gy !== null && e.slope !== null;
    const norm = defined ? Math.hypot(gx, gy) : 0;
    const top = defined && norm > 0 ? 1.15 * norm : 1;
    const px = (t) => b.left + (t / 360) * b.width;
    const py = (v) => b.top + ((top - v) / (2 * top)) * b.height;
    ctx.fillStyle = "#ffffff"; ctx.fillRect(b.left, b.top, b.width, b.height);
    ctx.strokeStyle = "#444"; ctx.lineWidth = 1;
    ctx.strokeRect(b.left + 0.5, b.top + 0.5, b.width - 1, b.height - 1);
    ctx.fillStyle = "#000"; ctx.font = `${0.9 * g.font}px sans-serif`;
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    for (const t of [0, 90, 180, 270, 360]) {
      ctx.beginPath(); ctx.moveTo(px(t), b.top + b.height); ctx.lineTo(px(t), b.top + b.height + 5);
      ctx.stroke();
      ctx.fillText(t + "°", px(t), b.top + b.height + 7);
    }
    ctx.font = `bold ${g.font}px sans-serif`; ctx.textBaseline = "bottom";
    ctx.fillText("θ", b.left + b.width / 2, b.top + b.height + 3.2 * g.font - 2);
    ctx.textAlign = "left"; ctx.textBaseline = "alphabetic";
    ctx.fillText("Dᵤf over θ", b.left, b.top - 0.8 * g.font);
    ctx.font = `${0.9 * g.font}px sans-serif`; ctx.textAlign = "right"; ctx.textBaseline = "middle";
    for (const v of GV_LIVE.niceTicks(-top, top, 4)) {
      ctx.beginPath(); ctx.moveTo(b.left - 5, py(v)); ctx.lineTo(b.left, py(v)); ctx.stroke();
      ctx.fillText(String(parseFloat(v.toPrecision(3))), b.left - 7, py(v));
    }
    ctx.strokeStyle = "#999"; ctx.beginPath();
    ctx.moveTo(b.left, py(0)); ctx.lineTo(b.left + b.width, py(0)); ctx.stroke();
    ctx.strokeStyle = C.blue; ctx.lineWidth = 2; ctx.beginPath();
    ctx.moveTo(px(theta), b.top); ctx.lineTo(px(theta), b.top + b.height); ctx.stroke();
    if (!defined) {
      ctx.fillStyle = "#000"; ctx.textAlign = "center"; ctx.font = `bold ${g.font}px sans-serif`;
      ctx.fillText("undefined", b.left + b.width / 2, b.top + b.height / 4);
      return;
    }
    const pts = [];
    for (let k = 0; k <= 180; k++) {
      const t = 2 * k, r = (t * Math.PI) / 180;
      pts.push([px(t), py(gx * Math.cos(r) + gy * Math.sin(r))]);
    }
    ctx.strokeStyle = C.black; ctx.lineWidth = 2.5; ctx.beginPath();
    pts.forEach(([x, y], k) => (k ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.stroke();
    const dot = (t, v, color) => {
      ctx.fillStyle = color; ctx.strokeStyle = C.white; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.arc(px(t), py(v), 6, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
    };
    if (norm > 0) {
      const star = ((Math.atan2(gy, gx) * 180) / Math.PI + 360) % 360;
      dot(star, norm, C.vermillion);
    }
    dot(theta, e.slope, C.blue);
  }

  return {
    extraWidth(S, g) { return Math.round(0.8 * g.size + 4.2 * g.font); },
    drawTop(S, ctx, g, p) {
      const e = evaluate(S, p);
      S.values = { p: [...p], theta: S.data.theta, slope: e.slope, grad: e.grad };
      const s = 0.22 * g.span;
      const [gx, gy] = e.grad;
      if (gx !== null && gy !== null && e.slope !== null && Math.hypot(gx, gy) > 0) {
        const n = Math.hypot(gx, gy), tip = [p[0] + (gx / n) * s, p[1] + (gy / n) * s];
        GV_LIVE.haloArrow(ctx, g, p, tip, C.vermillion);
        GV_LIVE.label(ctx, g, "∇f", g.sx(tip[0]) + 6, g.sy(tip[1]) - 6);
      }
      const tip = [p[0] + e.u[0] * s, p[1] + e.u[1] * s];
      GV_LIVE.haloArrow(ctx, g, p, tip, C.blue);
      GV_LIVE.label(ctx, g, "u", g.sx(tip[0]) + 6, g.sy(tip[1]) - 6, C.blue);
      S.steepest = e;
      return `θ = ${fmt(S.data.theta)}°   Dᵤf = ${fmt(e.slope)}   ` +
             `∇f(p) = (${e.grad.map(fmt).join(", ")})`;
    },
    drawTopExtra(S, ctx, g) { drawPanel(S, ctx, g, S.steepest); },
  };
})();
