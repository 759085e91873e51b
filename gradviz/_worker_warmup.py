"""Imported once by the worker forkserver, never by the app: a small workload, so that
every worker forked from it starts with sympy's and numpy's lazy imports and caches warm."""

from .budget import workload

workload("sin(x*y) + x^2", None, 2)
workload("[x^2 - y, y^2 + x]", None, 2)
