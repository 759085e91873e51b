// The partial-derivatives page's live chart (kind "partial"): the map of f (the engine's
// heatmap) with the two slice lines through p, y = y₀ and x = x₀; beside it, two small
// panels that follow p: the slice x ↦ f(x, y₀) with its tangent line of slope ∂f/∂x, and
// y ↦ f(x₀, y) with slope ∂f/∂y. Variables beyond x, y stay at their slider values.
// Status: ∂f/∂x = a   ∂f/∂y = b ('undefined' where not defined).

GV_LIVE.kinds.partial = (() => {
  const C = GV_LIVE.COLORS;
  const SAMPLES = 160;  // points per slice curve

  // f(p), ∂f/∂x and ∂f/∂y at p: the page's truth at its own point, else the programs
  function evaluate(S, p) {
    const at = S.data.at;
    if (at && GV_LIVE.atOwnPoint(S, p)) return { val: at.value, slopes: at.slopes };
    // where f is not defined there is no slice through p, and no slope (as the page says)
    const progs = S.data.programs, val = GV_LIVE.run(progs.f, p);
    return { val, slopes: progs.slopes.map((q) => (val === null ? null : GV_LIVE.run(q, p))) };
  }

  // the two panels' boxes (canvas px): stacked right of the map and its colour legend, or
  // (S.data.beside false: a narrow column, lecture mode) side by side under the map
  function panels(S, g) {
    const gap = 3.4 * g.font;
    if (S.data.beside) {
      const h = (g.size - 2.6 * g.font) / 2, left = g.extraLeft + gap;
      const width = Math.round(0.75 * g.size);
      return [0, 1].map((k) => ({ left, top: g.top + k * (h + 2.6 * g.font), width, height: h }));
    }
    const top = g.top + g.size + 3.4 * g.font, width = (g.size + g.right - gap - 1.2 * g.font) / 2;
    return [0, 1].map((k) => ({ left: g.left + k * (width + gap), top, width,
                                height: Math.round(0.45 * g.size) }));
  }

  // data -> px inside a panel: t over the variable's axis range, values over "yrange"
  function scales(S, box, k) {
    const [xmin, xmax, ymin, ymax] = S.data.domain, [lo, hi] = S.data.yrange;
    const t0 = k === 0 ? xmin : ymin, t1 = k === 0 ? xmax : ymax;
    return {
      t0, t1,
      sx: (t) => box.left + ((t - t0) / (t1 - t0)) * box.width,
      sy: (v) => box.top + ((hi - v) / (hi - lo)) * box.height,
    };
  }

  // f along the slice through p where variable k moves (null where not defined)
  function slice(S, p, k, sc) {
    const prog = S.data.programs.f, q = [...p], pts = [];
    for (let i = 0; i <= SAMPLES; i++) {
      const t = sc.t0 + (i / SAMPLES) * (sc.t1 - sc.t0);
      q[k] = t;
      pts.push([t, GV_LIVE.run(prog, q)]);
    }
    return pts;
  }

  // a polyline in a panel, broken where a value is missing
  function curve(ctx, sc, pts) {
    ctx.beginPath();
    let pen = false;
    for (const [t, v] of pts) {
      if (v === null) { pen = false; continue; }
      const x = sc.sx(t), y = sc.sy(v);
      if (!Number.isFinite(y)) { pen = false; continue; }
      if (pen) ctx.lineTo(x, y); else ctx.moveTo(x, y);
      pen = true;
    }
    ctx.stroke();
  }

  function sliceLine(ctx, g, a, b, color) {
    ctx.lineCap = "butt";
    for (const [c, w] of [[C.white, 6], [color, 3]]) {
      ctx.strokeStyle = c; ctx.lineWidth = w;
      GV_LIVE.line(ctx, g, [a, b]);
    }
  }

  return {
    extraWidth(S, g) {
      return S.data.beside ? Math.round(3.4 * g.font + 0.75 * g.size + 1.0 * g.font) : 0;
    },
    extraHeight(S, g) {
      return S.data.beside ? 0 : Math.round(g.top + 1.45 * g.size + 6.6 * g.font);
    },
    // the panels' frames, ticks and axis names (their ranges do not follow p)
    drawBaseExtra(S, ctx, g) {
      const names = S.data.names, [lo, hi] = S.data.yrange;
      panels(S, g).forEach((box, k) => {
        const sc = scales(S, box, k);
        ctx.strokeStyle = "#444"; ctx.lineWidth = 1;
        ctx.strokeRect(box.left + 0.5, box.top + 0.5, box.width - 1, box.height - 1);
        ctx.fillStyle = "#000"; ctx.font = `${0.9 * g.font}px sans-serif`;
        ctx.textAlign = "center"; ctx.textBaseline = "top";
        for (const t of GV_LIVE.niceTicks(sc.t0, sc.t1, 5)) {
          const px = sc.sx(t);
          ctx.beginPath(); ctx.moveTo(px, box.top + box.height); ctx.lineTo(px, box.top + box.height + 4);
          ctx.stroke();
          ctx.fillText(String(parseFloat(t.toPrecision(6))), px, box.top + box.height + 5);
        }
        ctx.textAlign = "right"; ctx.textBaseline = "middle";
        for (const v of GV_LIVE.niceTicks(lo, hi, 3)) {
          const py = sc.sy(v);
          ctx.beginPath(); ctx.moveTo(box.left - 4, py); ctx.lineTo(box.left, py); ctx.stroke();
          ctx.fillText(String(parseFloat(v.toPrecision(4))), box.left - 6, py);
        }
        ctx.font = `bold ${0.9 * g.font}px sans-serif`;
        if (S.data.beside) {  // the axis' name right of its end, or under its middle
          ctx.textAlign = "left"; ctx.textBaseline = "top";
          ctx.fillText(names[k], box.left + box.width + 4, box.top + box.height - 0.9 * g.font);
        } else {
          ctx.textAlign = "center"; ctx.textBaseline = "top";
          ctx.fillText(names[k], box.left + box.width / 2, box.top + box.height + 1.5 * g.font);
        }
      });
    },
    // on the map: the slice lines y = y₀ (the x-slice) and x = x₀ (the y-slice)
    drawTop(S, ctx, g, p) {
      const [xmin, xmax, ymin, ymax] = S.data.domain, colors = S.data.colors;
      sliceLine(ctx, g, [xmin, p[1]], [xmax, p[1]], colors[0]);
      sliceLine(ctx, g, [p[0], ymin], [p[0], ymax], colors[1]);
      const { val, slopes } = evaluate(S, p);
      S.values = { p: [...p], val, slopes };
      const names = S.data.names;
      return `∂f/∂${names[0]} = ${GV_LIVE.fmt(slopes[0])}   ∂f/∂${names[1]} = ${GV_LIVE.fmt(slopes[1])}`;
    },
    // beside the map: each slice with its tangent line at p (hidden where not defined)
    drawTopExtra(S, ctx, g, p) {
      const { val, slopes } = S.values, names = S.data.names, colors = S.data.colors;
      panels(S, g).forEach((box, k) => {
        const sc = scales(S, box, k);
        ctx.save();
        ctx.beginPath(); ctx.rect(box.left, box.top, box.width, box.height); ctx.clip();
        ctx.lineCap = "round"; ctx.lineJoin = "round";
        ctx.strokeStyle = colors[k]; ctx.lineWidth = 3;
        curve(ctx, sc, slice(S, p, k, sc));
        if (val !== null && slopes[k] !== null) {
          const m = slopes[k];
          ctx.strokeStyle = C.black; ctx.lineWidth = 2; ctx.setLineDash([9, 5]);
          ctx.beginPath();
          ctx.moveTo(sc.sx(sc.t0), sc.sy(val + m * (sc.t0 - p[k])));
          ctx.lineTo(sc.sx(sc.t1), sc.sy(val + m * (sc.t1 - p[k])));
          ctx.stroke();
          ctx.setLineDash([]);
        }
        if (val !== null) {
          ctx.fillStyle = C.orange; ctx.strokeStyle = C.black; ctx.lineWidth = 1.5;
          ctx.beginPath(); ctx.arc(sc.sx(p[k]), sc.sy(val), 6, 0, 2 * Math.PI);
          ctx.fill(); ctx.stroke();
        }
        ctx.restore();
        // what the panel shows: f(x, y₀) with y₀'s value (the held coordinates as given)
        const args = names.map((n, j) => (j === k ? n : String(p[j]))).join(", ");
        GV_LIVE.label(ctx, g, `f(${args})`, box.left + 6, box.top + 0.8 * g.font, colors[k]);
      });
    },
  };
})();
