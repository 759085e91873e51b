"""Figure builders that hand out what they built last time (for the dashboard's read-only grids)."""

from __future__ import annotations

import numpy as np

from gradviz.figures import explore as FX
from gradviz.figures import surface as S


def _grid(read_only: bool):
    x = np.linspace(-3, 3, 40)
    X, Y = np.meshgrid(x, x)
    Z = np.sin(X * Y)
    if read_only:
        for a in (X, Y, Z):
            a.setflags(write=False)
    return X, Y, Z


def test_shared_surface_is_built_once_for_read_only_arrays():
    """Test that the same read-only grid gives the very same figure, and other options don't."""
    X, Y, Z = _grid(read_only=True)
    first = S.shared_surface(X, Y, Z, zlabel="f", height=500, nticks=5)
    assert S.shared_surface(X, Y, Z, zlabel="f", height=500, nticks=5) is first
    assert S.shared_surface(X, Y, Z, zlabel="g", height=500, nticks=5) is not first
    assert first.layout.scene.xaxis.nticks == 5 and first.layout.height == 500


def test_shared_surface_builds_afresh_for_writable_arrays():
    """Test that a notebook's (writable) arrays are never memoised: they could change in place."""
    X, Y, Z = _grid(read_only=False)
    a = S.shared_surface(X, Y, Z)
    Z[0, 0] = 123.0
    b = S.shared_surface(X, Y, Z)
    assert a is not b
    assert np.asarray(b.data[0].z)[0, 0] != np.asarray(a.data[0].z)[0, 0]


def test_copy_leaves_the_shared_figure_alone():
    """Test that marking a point on a copy adds a trace to the copy only."""
    X, Y, Z = _grid(read_only=True)
    shared = S.shared_surface(X, Y, Z)
    marked = FX.mark_point_3d(S.copy(shared), 1.0, 2.0, 0.5, "p")
    assert len(marked.data) == 2 and len(shared.data) == 1
    assert S.shared_surface(X, Y, Z) is shared and len(S.shared_surface(X, Y, Z).data) == 1
