"""Unit tests for gradviz.presets: every preset parses, fits its page kind and opens on a valid view."""

from __future__ import annotations

import numpy as np
import pytest

from gradviz import PRESETS, Preset, evaluate_grid, gradient, jacobian, parse
from gradviz.presets import COURSE_POINTS, SCALAR_PRESETS, VECTOR_PRESETS, preset_by_text


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.name)
def test_preset_fits_its_kind(preset: Preset):
    """Test that the preset parses and its shape and inputs match its kind."""
    f = parse(preset.text)
    if preset.kind == "scalar":
        assert f.is_scalar and f.n >= 2
    elif preset.kind == "field":
        assert (f.shape, f.n) == ((2,), 2)
    elif preset.kind == "curve":
        assert f.n == 1 and len(f.shape) == 1
    else:
        assert preset.kind == "vector"
        assert len(f.shape) == 1 and (f.n, f.m) != (2, 2)


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.name)
def test_preset_view_is_valid(preset: Preset):
    """Test that a preset's point lies in its domain and f, J, ∇f and a grid are finite there."""
    f = parse(preset.text)
    full = preset.point + preset.fixed
    if preset.kind == "vector":
        assert len(preset.point) == f.n
        full = preset.point
    else:
        assert len(full) == f.n
    if len(preset.point) >= 2:
        assert preset.domain.contains(preset.point)
    assert np.all(np.isfinite(f.at(full)))
    assert np.all(np.isfinite(jacobian(f).at(full)))
    if f.is_scalar:
        assert np.all(np.isfinite(gradient(f).at(full)))
    if f.n >= 2 and preset.kind != "vector":
        _, _, V = evaluate_grid(f, preset.domain, 20, fixed=preset.fixed)
        assert V.shape == f.shape + (20, 20)
        assert np.all(np.isfinite(V))


def test_presets_are_distinct_and_partitioned():
    """Test that names and texts are unique and scalar/vector presets split PRESETS exactly."""
    assert len({p.name for p in PRESETS}) == len(PRESETS)
    assert len({p.text for p in PRESETS}) == len(PRESETS)
    assert set(SCALAR_PRESETS) | set(VECTOR_PRESETS) == set(PRESETS)
    assert not set(SCALAR_PRESETS) & set(VECTOR_PRESETS)
    assert all(p.kind == "scalar" for p in SCALAR_PRESETS)


def test_preset_by_text():
    """Test that a preset is found by its text and an unknown text gives None."""
    for p in PRESETS:
        assert preset_by_text(p.text) is p
    assert preset_by_text("x^5 + nothing") is None


def test_course_functions_are_presets():
    """Test that every function of the course material is offered as a preset."""
    texts = {p.text for p in PRESETS}
    for text in ["sin(x*y)", "x^2 + y^2 + e^z + x^z + x*y*z", "x^2 + y^2 + e^x + x^z + x*y*z",
                 "[x, sin(y)]", "[x^2 - y, y^2 + x]", "[x^2, 2x, -x]", "[y*z^2, 0, x*y*z, x - y]"]:
        assert text in texts
    assert COURSE_POINTS == ((-1.0, -1.0), (0.0, 0.0), (1.0, 1.0))


def test_sources_quote_correct_values():
    """Test that the value quoted in the [x, sin y] preset's source is what gradviz computes."""
    p = preset_by_text("[x, sin(y)]")
    assert "[2, −0.54402111]" in p.source
    np.testing.assert_allclose(parse(p.text)(2, 10), [2.0, -0.54402111], atol=5e-9)
