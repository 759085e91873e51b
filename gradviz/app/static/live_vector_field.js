// The vector-fields page's live chart (kind "vector_field"): the field's arrows (and its
// streamlines when shown); following p: the guide y = y₀ and the vector F(p) drawn at p,
// HIGHLIGHT times the scale of the field's arrows. Status: F(p) = (a, b). Coloured by
// magnitude, each arrow has the colour the server picked ("colors") and a legend beside.

GV_LIVE.kinds.vector_field = (() => {
  const C = GV_LIVE.COLORS;

  function vectorAt(S, p) {
    const at = S.data.at;
    if (at && GV_LIVE.atOwnPoint(S, p)) return at.vector;
    return S.data.programs.f.map((q) => GV_LIVE.run(q, p));
  }

  // the arrows in the server's colours (by ‖F‖), over white halos; as GV_LIVE.drawArrows
  function colouredArrows(ctx, g, arrows, colors) {
    const [AX, AY, AU, AV] = arrows;
    let longest = 0;
    for (let k = 0; k < AU.length; k++) {
      if (AU[k] !== null && AV[k] !== null) longest = Math.max(longest, Math.hypot(AU[k], AV[k]));
    }
    const cell = g.size / (Math.round(Math.sqrt(AX.length)) || 1);
    ctx.lineCap = "round";
    for (let k = 0; longest > 0 && k < AX.length; k++) {
      if (AU[k] === null || AV[k] === null || AX[k] === null || AY[k] === null) continue;
      const px = g.sx(AX[k]), py = g.sy(AY[k]);
      const ux = (AU[k] / longest) * 0.9 * cell, uy = (-AV[k] / longest) * 0.9 * cell;
      for (const [color, width] of [[C.white, 4.4], [colors[k] || C.black, 2.2]]) {
        ctx.strokeStyle = color; ctx.lineWidth = width;
        GV_LIVE.arrowPath(ctx, px - ux / 2, py - uy / 2, px + ux / 2, py + uy / 2, Math.min(7, cell / 3));
      }
    }
    return longest;
  }

  return {
    extraWidth(S, g) { return S.data.colors ? 5 * g.font : 0; },
    drawBaseExtra(S, ctx, g) {  // the colour legend of ‖F‖
      const legend = S.data.legend;
      if (!S.data.colors || !legend) return;
      const lx = g.extraLeft, lw = 0.9 * g.font, lh = Math.min(g.size, 200), n = legend.stops.length;
      for (let k = 0; k < lh; k++) {
        ctx.fillStyle = legend.stops[Math.round((n - 1) * (1 - k / (lh - 1)))];
        ctx.fillRect(lx, g.top + k, lw, 1.5);
      }
      ctx.fillStyle = C.black; ctx.font = `${0.9 * g.font}px sans-serif`;
      ctx.textBaseline = "middle"; ctx.textAlign = "left";
      ctx.fillText(String(parseFloat(legend.max.toPrecision(3))), lx + lw + 4, g.top + 4);
      ctx.fillText("0", lx + lw + 4, g.top + lh - 4);
      ctx.font = `bold ${g.font}px sans-serif`; ctx.textBaseline = "bottom";
      ctx.fillText("‖f‖", lx, g.top - 4);
    },
    drawBase(S, ctx, g) {
      const lines = S.data.lines;
      if (lines) {
        ctx.strokeStyle = S.data.line_color || C.sky; ctx.lineWidth = 1.8;
        ctx.globalAlpha = 0.85;
        for (const pts of lines) GV_LIVE.line(ctx, g, pts);
        ctx.globalAlpha = 1;
      }
      // px of arrow per unit of ‖F‖ (as drawArrows draws the field's arrows)
      const longest = S.data.colors ? colouredArrows(ctx, g, S.data.arrows, S.data.colors)
        : GV_LIVE.drawArrows(ctx, g, S.data.arrows);
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
