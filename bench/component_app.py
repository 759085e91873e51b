"""One slider plus one kind of chart: what each building block costs a slider move.

Open with ``?c=<component>``; the slider moves the point, so the chart changes on every
move, as in the pages:

* ``text``      — the bare app (one slider, one line of text);
* ``config``    — plus the frame's ``st.set_page_config(layout="wide")`` and CSS;
* ``vega``      — plus the gradient-field chart (heatmap 80², 10 contours, 15² arrows,
  level curve, ∇f vector, point) as a Vega-Lite dict spec via ``app.chart``;
* ``vega_click`` — the same with the invisible 50² click grid the pages put on top;
* ``vega_image`` / ``vega_click_image`` — the same with the heatmap drawn as one image;
* ``vega_rebuild`` — the ``vega`` chart with a text alternative that names the point:
  Streamlit copies ``alt`` into the spec, so the browser rebuilds the chart on every
  move instead of updating its data (what every page did until the alt stopped naming
  the point);
* ``vega_svg``  — the ``vega`` chart drawn with Vega's SVG renderer instead of canvas
  (``usermeta.embedOptions.renderer``, which Streamlit honours);
* ``vega_v2``   — the ``vega`` chart drawn by a small ``st.components.v2`` component instead
  of ``st.vega_lite_chart``: vendored Vega + Vega-Lite (``bench/static/vega/``, served by
  ``server.enableStaticServing``), compiled once per spec; on a slider move only the
  datasets whose text changed go into the running Vega view (a prototype, to measure what
  a custom chart element could save);
* ``vega_v2_delta`` / ``vega_v2_delta_svg`` — the same, and the server sends only the
  datasets that changed since the session's last run (point, ∇f vector, level curve), with
  the canvas or the SVG renderer;
* ``plotly``    — plus a 60² Plotly 3-D surface with the point (visible);
* ``plotly_hidden`` — the same surface inside a collapsed ``st.expander``;
* ``plotly_static`` — a 60² surface that does not change with the slider (same figure on
  every rerun), inside a collapsed expander;
* ``latex``     — plus three ``st.latex`` formulas and two ``st.metric``;
* ``static50`` / ``static100`` — plus 50 or 100 short ``st.markdown`` paragraphs that are the
  same on every rerun (what a page's text costs a move even when none of it changes);
* ``fragment100_inside`` / ``fragment100_outside`` — the slider and its line in an
  ``st.fragment`` (as the pages' live sections), with the 100 paragraphs inside the fragment
  (re-sent on every move) or after it (drawn on full runs only).
"""

import json

import streamlit as st

component = st.query_params.get("c", "text")
if component == "config":
    st.set_page_config(page_title="bench", layout="wide", initial_sidebar_state="expanded")
    st.markdown("<style>html { font-size: 18px; }</style>", unsafe_allow_html=True)



def static(n: int) -> None:
    for i in range(n):
        st.markdown(f"Paragraph {i + 1}: the gradient points along the direction of steepest "
                    "ascent, and its length is the rate of change along it.")


if component.startswith("fragment"):  # fragment100_inside / fragment100_outside
    count = int(component[len("fragment"):].split("_")[0])

    @st.fragment
    def moving():
        x = st.slider("x0", 0.0, 4.0, 1.0, 0.02)
        st.write(f"The slider is at {x:.2f}.")
        if component.endswith("_inside"):
            static(count)

    moving()
    if component.endswith("_outside"):
        static(count)
    st.stop()

x0 = st.slider("x0", 0.0, 4.0, 1.0, 0.02)
st.write(f"The slider is at {x0:.2f}.")

#: the vega_v2 component's code: loads vega + vega-lite once (as blobs: the static server
#: sends .js as text/plain with nosniff), builds a View per spec, then swaps datasets in place
VEGA_V2_JS = """
const BASE = "/app/static/vega/";
function load(name) {
  const loads = (window.__gvVegaLoads = window.__gvVegaLoads || {});
  if (!loads[name]) {
    loads[name] = fetch(BASE + name).then((r) => r.text()).then((text) => new Promise((ok, bad) => {
      const s = document.createElement("script");
      s.src = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
      s.onload = ok; s.onerror = bad;
      document.head.appendChild(s);
    }));
  }
  return loads[name];
}
export default function (component) {
  const { data, parentElement } = component;
  let el = parentElement.querySelector(".gv-vega");
  if (!el) {
    el = document.createElement("div");
    el.className = "gv-vega";
    parentElement.appendChild(el);
  }
  const st = (el.__gv = el.__gv || { key: null, view: null, texts: {} });
  // datasets: {name: its rows as JSON text}, all of them or only those that changed
  const { spec, datasets, renderer } = JSON.parse(data);
  const key = JSON.stringify(spec);
  load("vega.min.js").then(() => load("vega-lite.min.js")).then(async () => {
    if (st.key !== key || !st.view) {
      if (st.view) st.view.finalize();
      const rows = {};
      for (const [name, text] of Object.entries(datasets)) rows[name] = JSON.parse(text);
      const vg = window.vegaLite.compile(Object.assign({}, spec, { datasets: rows })).spec;
      st.view = new window.vega.View(window.vega.parse(vg), { renderer, container: el, hover: false });
      st.key = key;
    } else {
      // only the datasets whose text changed go into the view (most don't follow the point)
      for (const [name, text] of Object.entries(datasets)) {
        if (st.texts[name] !== text) st.view.data(name, JSON.parse(text));
      }
    }
    Object.assign(st.texts, datasets);
    await st.view.runAsync();
  });
}
"""

if component.startswith("static"):
    static(int(component[len("static"):]))

if component.startswith(("vega", "plotly")) or component == "latex":
    import numpy as np

    import gradviz
    from gradviz import sampling
    from gradviz.figures import layers as L
    from gradviz.figures import surface as S

    f = gradviz.parse("sin(x*y)")
    d = sampling.Domain.square(0, 4)
    p = (x0, 2.0)
    value = float(f.at(p))
    grad = gradviz.gradient_at(f, p)

    if component.startswith("vega"):
        X, Y, Z = sampling.evaluate_grid(f, d, 80, ())
        AX, AY, AU, AV = sampling.gradient_field(f, d, 15, ())
        norm = float(np.hypot(*grad[:2])) or 1.0
        s = 0.2 * d.span / norm
        heat = L.heatmap_image(X, Y, Z) if component.endswith("image") else L.heatmap(X, Y, Z)
        extra = [L.click_grid(d)] if "click" in component else []
        spec = L.compose(heat, L.contours(X, Y, Z, 10),
                         L.arrows(AX, AY, AU, AV, d, color=L.PALETTE["white"]),
                         L.level_curve(X, Y, Z, value),
                         L.vector(p[0], p[1], grad[0] * s, grad[1] * s, d, label="∇f"),
                         L.point(p[0], p[1], label="p"), *extra, domain=d)
        if component == "vega_svg":
            spec["usermeta"] = {"embedOptions": {"renderer": "svg"}}
        if component.startswith("vega_v2"):
            datasets = spec.pop("datasets", {})
            rows = {name: df.to_json(orient="records", double_precision=6)
                    for name, df in datasets.items()}  # NaN → null
            if "delta" in component:
                # only the datasets that changed since this session's last run (a prototype:
                # a real component would have to resend everything after a remount)
                sent = st.session_state.setdefault("bench.sent", {})
                rows = {k: v for k, v in rows.items() if sent.get(k) != v}
                sent.update(rows)
            renderer = "svg" if component.endswith("svg") else "canvas"
            vega_v2 = st.components.v2.component("bench_vega_v2", js=VEGA_V2_JS)
            vega_v2(data=json.dumps({"spec": spec, "datasets": rows, "renderer": renderer}),
                    key="bench.vega_v2")
        else:
            alt = {"alt": f"the gradient field at the point ({p[0]:.3g}, {p[1]:.3g})"} \
                if component == "vega_rebuild" else {}
            st.vega_lite_chart(spec=spec, width="content", theme=None, key="bench.vega", **alt,
                               **({"on_select": "rerun", "selection_mode": "pick"} if extra
                                  else {}))
    elif component in ("plotly", "plotly_hidden", "plotly_static"):
        SX, SY, SZ = sampling.evaluate_grid(f, d, 60, ())
        fig = S.surface(SX, SY, SZ)
        if component != "plotly_static":
            S.add_point(fig, p[0], p[1], value)
        box = st.expander("3-D", expanded=False) if component != "plotly" else st
        box.plotly_chart(fig, key="bench.plotly", config={"displaylogo": False})
    else:
        st.latex(r"\nabla f = " + gradviz.gradient(f).latex())
        st.latex(r"\nabla f(p) = \begin{bmatrix} " + r" \\ ".join(f"{v:.4f}" for v in grad)
                 + r" \end{bmatrix}")
        st.latex(f"f(p) = {value:.4f}")
        c1, c2 = st.columns(2)
        c1.metric("f(p)", f"{value:.4f}")
        c2.metric("|∇f(p)|", f"{float(np.hypot(*grad[:2])):.4f}")
