// The gradient field's live chart (kind "gradient"): ∇f arrows over the heatmap; following
// p: the level curve through p, ∇f at p (its direction, at a fixed length), the
// ascent/descent path when it is shown. Status: f(p) = …   ∇f(p) = (a, b).

GV_LIVE.kinds.gradient = (() => {
  const C = GV_LIVE.COLORS;

  function evaluate(S, p) {
    const at = S.data.at;
    if (at && GV_LIVE.atOwnPoint(S, p)) return { val: at.value, grad: at.grad };
    const progs = S.data.programs;
    return { val: GV_LIVE.run(progs.f, p), grad: progs.grad.map((q) => GV_LIVE.run(q, p)) };
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

  return {
    drawBase(S, ctx, g) {
      GV_LIVE.drawArrows(ctx, g, S.data.arrows);
    },
    drawTop(S, ctx, g, p) {
      const { val, grad } = evaluate(S, p);
      S.values = { p: [...p], val, grad };
      if (val !== null) {
        const segs = GV_LIVE.levelCurve(S, p, val);
        for (const [color, width] of [[C.black, 6], [C.orange, 4]]) {
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
        for (const [color, width] of [[C.black, 5], [C.sky, 2.5]]) {
          ctx.strokeStyle = color; ctx.lineWidth = width; GV_LIVE.line(ctx, g, path);
        }
      }
      const gx = grad[0], gy = grad[1];
      if (gx !== null && gy !== null && Math.hypot(gx, gy) > 0) {
        const n = Math.hypot(gx, gy), s = 0.22 * g.span;
        const tip = [p[0] + (gx / n) * s, p[1] + (gy / n) * s];
        GV_LIVE.haloArrow(ctx, g, p, tip, C.vermillion);
        GV_LIVE.label(ctx, g, "∇f", g.sx(tip[0]) + 6, g.sy(tip[1]) - 6);
      }
      return `f(p) = ${GV_LIVE.fmt(val)}   ∇f(p) = (${grad.map(GV_LIVE.fmt).join(", ")})`;
    },
  };
})();
