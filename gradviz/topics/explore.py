"""Computations for the pages beyond gradviz.sampling (pure numpy/sympy, no Streamlit).

Each public function takes a Function first, so the app can cache it by text.
"""

from __future__ import annotations

__all__: list[str] = []
