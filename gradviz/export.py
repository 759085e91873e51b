"""Take it with you: the data and a Python script behind what a page shows.

:func:`script` writes a self-contained Python script (numpy + matplotlib, with
gradviz for the exact derivatives) that redraws a page's figure for the current
function, view and point — the bridge from the dashboard back to a notebook.
:func:`figure_files` renders a page's own Vega-Lite spec to PNG or SVG (offline,
with vl-convert), and :func:`table_csv` writes its data as CSV.

The function text only ever appears in a script as a Python string literal
(``repr``) handed to ``gradviz.parse``, which checks it against the allow-list.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

__all__ = ["KINDS", "script", "figure_files", "table_count", "table_csv", "spec_with_records"]

_HEADER = '''"""{title}

Exported from gradviz for f = {text}. Run: python {name}.py  (needs numpy, matplotlib, gradviz)
"""
import numpy as np
import matplotlib
import matplotlib.pyplot as plt

import gradviz

f = gradviz.parse({text!r}{vars})
xmin, xmax, ymin, ymax = {xmin!r}, {xmax!r}, {ymin!r}, {ymax!r}
point = {point!r}
n = {n!r}
x = np.linspace(xmin, xmax, n)
y = np.linspace(ymin, ymax, n)
X, Y = np.meshgrid(x, y)
fixed = list(point[2:])          # variables after x and y are held at these values
'''

_BODIES = {
    "surface": '''
Z = f(X, Y, *fixed)
fig, ax = plt.subplots(figsize=(8, 6))
im = ax.imshow(Z, extent=(xmin, xmax, ymin, ymax), origin="lower", cmap="viridis", aspect="auto")
ax.contour(X, Y, Z, levels=12, colors="white", linewidths=0.8)
ax.plot(point[0], point[1], "o", color="#E69F00", markeredgecolor="white", markersize=10)
fig.colorbar(im, label="f")
ax.set(xlabel="x", ylabel="y", title=f"f(x, y) = {{f.text}};  f(p) = {{float(f.at(point)):.4g}}")
''',
    "field": '''
k = {arrows!r}                        # arrows per side
xs, ys = np.meshgrid(np.linspace(xmin, xmax, k), np.linspace(ymin, ymax, k))
U, V = f(xs, ys, *fixed)
fig, ax = plt.subplots(figsize=(8, 7))
ax.quiver(xs, ys, U, V, np.hypot(U, V), cmap="plasma")
p = f.at(point)
ax.quiver(point[0], point[1], p[0], p[1], color="#D55E00", angles="xy", scale_units="xy", scale=1)
ax.set(xlabel="x", ylabel="y", title=f"f(x, y) = {{f.text}};  f(p) = {{np.round(p, 4)}}")
ax.set_aspect("equal")
''',
    "partials": '''
fx, fy = (gradviz.partial(f, v) for v in f.variables[:2])
z0 = float(f.at(point))
sx, sy = float(fx.at(point)), float(fy.at(point))
fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 5))
a1.plot(x, f(x, np.full_like(x, point[1]), *fixed), label=f"f(x, {{point[1]:g}})")
a1.plot(x, z0 + sx * (x - point[0]), "--", label=f"tangent, slope ∂f/∂x = {{sx:.4g}}")
a2.plot(y, f(np.full_like(y, point[0]), y, *fixed), label=f"f({{point[0]:g}}, y)")
a2.plot(y, z0 + sy * (y - point[1]), "--", label=f"tangent, slope ∂f/∂y = {{sy:.4g}}")
a1.set(xlabel="x", title="slice through p along x")
a2.set(xlabel="y", title="slice through p along y")
for a in (a1, a2):
    a.legend()
''',
    "gradient": '''
Z = f(X, Y, *fixed)
k = {arrows!r}                        # arrows per side
xs, ys = np.meshgrid(np.linspace(xmin, xmax, k), np.linspace(ymin, ymax, k))
g = gradviz.gradient(f)                # symbolic: print(g.exprs)
G = g(xs, ys, *fixed)
fig, ax = plt.subplots(figsize=(8, 7))
ax.imshow(Z, extent=(xmin, xmax, ymin, ymax), origin="lower", cmap="viridis", aspect="auto")
ax.contour(X, Y, Z, levels=[float(f.at(point))], colors="#E69F00", linewidths=2.5)
ax.quiver(xs, ys, G[0], G[1], color="white")
gp = gradviz.gradient_at(f, point)
ax.quiver(point[0], point[1], gp[0], gp[1], color="#D55E00", angles="xy", scale_units="xy",
          scale=np.hypot(gp[0], gp[1]) / (0.2 * (xmax - xmin)) or 1)
ax.set(xlabel="x", ylabel="y", title=f"∇f = {{list(g.exprs)}}")
''',
    "jacobian": '''
N = gradviz.sampling.frobenius_norm_grid(f, gradviz.Domain(xmin, xmax, ymin, ymax), n)[2]
fig, (a1, a2) = plt.subplots(1, 2, figsize=(14, 6))
cs = a1.contourf(X, Y, N, levels=20, cmap="plasma")
fig.colorbar(cs, ax=a1, label="||J_f(x,y)||_F")
a1.set(title="Jacobian norm of f(x, y)", xlabel="x", ylabel="y")
scale = {scale!r}
for (x0, y0) in [(-1, -1), (0, 0), (1, 1), tuple(point[:2])]:
    J = gradviz.jacobian_at(f, (x0, y0))
    a2.scatter(x0, y0, color="black")
    for vec, color in (((1, 0), "#0072B2"), ((0, 1), "#009E73"),
                       (J @ (1, 0), "#D55E00"), (J @ (0, 1), "#E69F00")):
        a2.quiver(x0, y0, vec[0] * scale, vec[1] * scale, angles="xy", scale_units="xy",
                  scale=1, color=color, width=0.004)
    a2.text(x0 + 0.1, y0 + 0.1, f"({{x0:g}},{{y0:g}})")
a2.legend(["point", "e1", "e2", "J*e1", "J*e2"], loc="upper left")
a2.set(title="Local linear approximation via Jacobian", xlim=(xmin - 0.5, xmax + 0.5),
       ylim=(ymin - 0.5, ymax + 0.5), xlabel="x", ylabel="y")
a2.set_aspect("equal", adjustable="box")
''',
    "ascent": '''
theta = np.linspace(0, 2 * np.pi, 361)
g = gradviz.gradient_at(f, point)[:2]
D = g[0] * np.cos(theta) + g[1] * np.sin(theta)     # D_u f for u = (cos θ, sin θ)
star = np.arctan2(g[1], g[0]) % (2 * np.pi)
fig, ax = plt.subplots(figsize=(9, 5))
ax.plot(np.degrees(theta), D, label="D_u f(p) = ∇f·u")
ax.axvline(np.degrees(star), color="#D55E00", linestyle="--",
           label=f"θ* = {{np.degrees(star):.1f}}°, max = |∇f| = {{np.hypot(*g):.4g}}")
ax.set(xlabel="θ (degrees)", ylabel="D_u f", title="Directional derivative over all directions")
ax.legend()
''',
}

#: page kinds a script can be written for
KINDS = tuple(_BODIES)

_TITLES = {
    "surface": "f(x, y) as a heatmap with contours",
    "field": "A vector field f: R² → R² as arrows",
    "partials": "Partial derivatives: slices through the point and their tangent lines",
    "gradient": "The gradient field over the heatmap, with the level curve through the point",
    "jacobian": "The Jacobian: ||J||_F and the local linear approximation (course figure)",
    "ascent": "Why the gradient is steepest: D_u f over all directions",
}


def script(kind: str, text: str, variables: Sequence[str], domain, point: Sequence[float],
           n: int = 100, name: str = "gradviz_figure", **extra) -> str:
    """A runnable script that redraws a page's figure and saves ``<name>.png``.

    >>> from gradviz import Domain
    >>> src = script("gradient", "sin(x*y)", ("x", "y"), Domain.square(0, 4), (1.0, 2.0))
    >>> "gradviz.parse('sin(x*y)'" in src and src.rstrip().endswith('print("wrote gradviz_figure.png")')
    True
    """
    if kind not in _BODIES:
        raise ValueError(f"no script for {kind!r}; one of {KINDS}")
    params = {"arrows": 15, "scale": 0.5}
    params.update(extra)
    head = _HEADER.format(
        title=_TITLES[kind], text=text, name=name,
        vars=f", variables={tuple(variables)!r}" if variables else "",
        xmin=float(domain.xmin), xmax=float(domain.xmax), ymin=float(domain.ymin),
        ymax=float(domain.ymax), point=tuple(float(v) for v in point), n=int(n))
    body = _BODIES[kind].format(**params)
    tail = (f'\nfig.tight_layout()\nfig.savefig("{name}.png", dpi=120)\n'
            f'print("wrote {name}.png")\n')
    return head + body + tail


def spec_with_records(spec: dict) -> dict:
    """The spec with its DataFrame datasets as plain records (for JSON and renderers)."""
    out = dict(spec)
    out["datasets"] = {k: v.to_dict(orient="records") for k, v in spec["datasets"].items()}
    return out


def figure_files(spec: dict, fmt: str = "png", scale: float = 2.0) -> bytes:
    """Render a Vega-Lite spec (from gradviz.figures.layers.compose) to PNG or SVG bytes."""
    import vl_convert as vlc

    data = spec_with_records(spec)
    if fmt == "png":
        return vlc.vegalite_to_png(data, scale=scale)
    if fmt == "svg":
        return vlc.vegalite_to_svg(data).encode()
    raise ValueError("fmt is png or svg")


def _tables(spec: dict) -> dict:
    """The non-empty tables a chart spec plots, by dataset name."""
    return {k: v for k, v in spec["datasets"].items() if len(v)}


def table_count(spec: dict) -> int:
    """How many non-empty tables a chart spec plots."""
    return len(_tables(spec))


def table_csv(spec: dict, zipped: bool | None = None) -> bytes:
    """The plotted data as CSV: one file, or a zip of one CSV per layer dataset.

    ``zipped`` forces a zip, or (False) one CSV, stacking several tables with a
    ``table`` column — for a download whose file name was chosen before the spec
    changed. By default: a zip when there is more than one table.
    """
    frames = _tables(spec)
    if zipped is None:
        zipped = len(frames) > 1
    if not zipped and len(frames) == 1:
        return next(iter(frames.values())).to_csv(index=False).encode()
    if not zipped:
        import pandas as pd

        return pd.concat([v.assign(table=k) for k, v in frames.items()],
                         ignore_index=True).to_csv(index=False).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in frames.items():
            z.writestr(f"{k}.csv", v.to_csv(index=False))
    return buf.getvalue()
