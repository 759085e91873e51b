// The functions page's live chart (kind "functions"): the heatmap of f with the point and its
// value. A vector-valued f (several outputs) is drawn as the heatmap of its length ‖f‖ (the
// server's "heat"); its status names every output. Status: f(p) = … (or f(p) = [a, b]).

GV_LIVE.kinds.functions = (() => {
  // f's outputs at p: the page's own values at its own point, else the printed programs'
  function outputs(S, p) {
    const at = S.data.at;
    if (at && GV_LIVE.atOwnPoint(S, p)) return at.values;
    return S.data.programs.f.map((q) => GV_LIVE.run(q, p));
  }

  function text(S, vals) {
    if (S.data.vector) return `[${vals.map(GV_LIVE.fmt).join(", ")}]`;
    return GV_LIVE.fmt(vals[0]);
  }

  return {
    drawTop(S, ctx, g, p) {
      const vals = outputs(S, p);
      S.values = { p: [...p], vals };
      const value = "f(p) = " + text(S, vals);
      // beside the marker, on the side with room (the engine writes "p" above right)
      const px = g.sx(p[0]), py = g.sy(p[1]), right = px < g.left + 0.55 * g.size;
      ctx.save();
      ctx.textAlign = right ? "left" : "right";
      GV_LIVE.label(ctx, g, value, right ? px + 12 : px - 12, py + (py < g.top + 0.85 * g.size ? 1.4 : -1.6) * g.font);
      ctx.restore();
      return value;
    },
  };
})();
