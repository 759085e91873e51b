// The vector-fields page's live chart (kind "vector_field"): the field's arrows (and its
// streamlines when shown); following p: the guide y = y₀ and the vector F(p) drawn at p,
// HIGHLIGHT times the scale of the field's arrows. Status: F(p) = (a, b).

GV_LIVE.kinds.vector_field = (() => {
  const C = GV_LIVE.COLORS;

  function vectorAt(S, p) {
    const at = S.data.at;
    if (at && GV_LIVE.atOwnPoint(S, p)) return at.vector;
    return S.data.programs.f.map((q) => GV_LIVE.run(q, p));
  }

  return {
    drawBase(S, ctx, g) {
      const lines = S.data.lines;
      if (lines) {
        ctx.strokeStyle = S.data.line_color || C.sky; ctx.lineWidth = 1.8;
        ctx.globalAlpha = 0.85;
        for (const pts of lines) GV_LIVE.line(ctx, g, pts);
        ctx.globalAlpha = 1;
      }
      // px of arrow per unit of ‖F‖ (as drawArrows draws the field's arrows)
      const longest = GV_LIVE.drawArrows(ctx, g, S.data.arrows);
      const n = Math.round(Math.sqrt(S.data.arrows[0].length)) || 1;
      S.pxPerUnit = longest > 0 ? (0.9 * g.size) / n / longest : 0;
    },
    drawTop(S, ctx, g, p) {
      const py = g.sy(p[1]);
      ctx.save();
      ctx.strokeStyle = C.green; ctx.lineWidth = 2.5; ctx.setLineDash([8, 5]);
      ctx.beginPath(); ctx.moveTo(g.left, py); ctx.lineTo(g.left + g.size, py); ctx.stroke();
      ctx.restore();
      const v = vectorAt(S, p);
      S.values = { p: [...p], v };
      const [u, w] = v;
      if (u !== null && w !== null && Math.hypot(u, w) > 0 && S.pxPerUnit > 0) {
        const k = (S.data.highlight || 4) * S.pxPerUnit;
        const tip = [g.ix(g.sx(p[0]) + u * k), g.iy(py - w * k)];
        GV_LIVE.haloArrow(ctx, g, p, tip, C.vermillion, C.white, 5, 16);
        GV_LIVE.label(ctx, g, "f(p)", g.sx(tip[0]) + (u >= 0 ? 8 : -44), g.sy(tip[1]) + (w >= 0 ? -12 : 14), C.vermillion);
      }
      return `F(p) = (${v.map(GV_LIVE.fmt).join(", ")})`;
    },
  };
})();
