"""Issue 14 (smaller): the answer check's absolute tolerance (1e-9) marked ``0`` correct for a
derivative that is tiny everywhere on the view. Correctness must be judged relative to the
size of the derivative, so a function scaled by 10⁻¹² is checked like any other.
"""

from __future__ import annotations

import pytest

import gradviz
from gradviz.checking import check_partial

#: (f, ∂f/∂x written by hand, a wrong answer)
CASES = [
    ("1e-12*x^2*y", "2e-12*x*y", "0"),
    ("1e-12*x^2*y", "2e-12*x*y", "1e-12*x*y"),
    ("1e-15*sin(x) + y", "1e-15*cos(x)", "0"),
    ("1e-11*(x^3 + y^3)", "3e-11*x^2", "3e-11*x^2 + 1e-12"),
]


@pytest.mark.parametrize("f_text, right, wrong", CASES)
def test_tiny_derivatives_are_checked_relative_to_their_size(f_text, right, wrong):
    f = gradviz.parse(f_text)
    assert check_partial(f, "x", right).correct, f"{right} is ∂f/∂x of {f_text}"
    verdict = check_partial(f, "x", wrong)
    assert not verdict.correct, f"{wrong!r} was marked correct for ∂/∂x of {f_text}"


def test_huge_derivatives_still_accept_rounding():
    """The other side: a right answer written differently (rounding) is still correct."""
    f = gradviz.parse("1e12*x^2*y")
    assert check_partial(f, "x", "2e12*x*y").correct
    assert check_partial(f, "x", "2*10^12*x*y").correct
