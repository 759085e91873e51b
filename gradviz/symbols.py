"""The sympy symbol of a variable: one definition for the parser, Function and calculus."""

from __future__ import annotations

import functools

import sympy as sp

__all__ = ["symbol"]


@functools.lru_cache(maxsize=1024)
def symbol(name: str) -> sp.Symbol:
    """The real sympy symbol gradviz uses for variable ``name``.

    >>> symbol("x").is_real, symbol("x") is symbol("x")
    (True, True)
    """
    return sp.Symbol(name, real=True)
