"""Per-topic computations the pages need beyond :mod:`gradviz.sampling`.

Pure numpy/sympy (no Streamlit). Each public function takes a Function first, so the
app can cache it by text (see ``gradviz.app.render.compute``).
"""

from __future__ import annotations

__all__: list[str] = []
