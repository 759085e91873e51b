"""`Function`: symbolic expressions plus fast, safe numpy evaluation.

A Function maps n named real inputs to an output of ``shape``: ``()`` for a scalar,
``(m,)`` for a vector, ``(m, n)`` for a matrix such as a Jacobian. Evaluating it on
arrays broadcasts like numpy and puts the output axes first::

    f(X, Y).shape == f.shape + np.broadcast_shapes(X.shape, Y.shape)
"""

from __future__ import annotations

import marshal
import math
import pickle
import re
import threading
import types
from collections.abc import Iterable, Sequence

import numpy as np
import sympy as sp

from .approx import MAX_MAGNITUDE, approx
from .errors import ExpressionError
from .symbols import symbol

__all__ = ["Function", "natural_order", "count_undefined"]


def natural_order(names: Iterable[str]) -> tuple[str, ...]:
    """Order variable names as people do: x, y, z first, then the rest alphabetically.

    Digits sort by value, so ``x2`` comes before ``x10``.

    >>> natural_order(["t", "z", "x", "x10", "x2", "y"])
    ('x', 'y', 'z', 't', 'x2', 'x10')
    """
    first = {"x": 0, "y": 1, "z": 2}

    def key(name: str):
        parts = re.split(r"(\d+)", name)
        return (first.get(name, 3), [int(p) if p.isdigit() else p for p in parts])

    return tuple(sorted(dict.fromkeys(names), key=key))


def count_undefined(values) -> tuple[int, int]:
    """``(k, N)``: k points of N where the values are nan or infinite (any component).

    >>> count_undefined(np.array([[1.0, np.nan], [np.inf, 2.0]]))
    (2, 4)
    """
    arr = np.asarray(values, dtype=float)
    bad = ~np.isfinite(arr)
    if arr.ndim > 2:
        bad = bad.reshape(-1, *arr.shape[-2:]).any(axis=0)
    return int(bad.sum()), int(bad.size)


def _as_expr(value) -> sp.Expr:
    """A sympy number for a plain Python number (no ``sympify``: nothing is parsed)."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError("a component must be a sympy expression or a number, not a bool")
    if isinstance(value, (int, np.integer)):
        return sp.Integer(int(value))
    if isinstance(value, (float, np.floating)):
        return sp.Float(float(value))
    return value


_FLOAT_EXACT = 2**53  # integers beyond this are not exact doubles; beyond int64 numpy fails


def _numeric_form(expr: sp.Expr) -> sp.Expr:
    """What numpy can evaluate: the distributions derivatives of |x| make are 0 a.e.; exact
    numbers too big for a double (10^400, or 2^70 as a numpy int) become floats, so they give
    inf/nan like any other overflow instead of an error."""
    if expr.has(sp.DiracDelta):
        expr = expr.replace(sp.DiracDelta, lambda *args: sp.Integer(0))
    if expr.has(sp.Heaviside):
        expr = expr.replace(sp.Heaviside, lambda a, *rest: (sp.sign(a) + 1) / 2)
    expr = expr.xreplace({r: sp.Float(r, 17) for r in expr.atoms(sp.Rational)
                          if abs(r.p) > _FLOAT_EXACT or r.q > _FLOAT_EXACT})
    # constant powers beyond a double (pi^1000) would raise OverflowError in Python's float
    # pow: make them ±inf (measured by approx: sympy's N(pi^pi^pi^pi) never returns; nan: not
    # known here, numpy says what it is)
    values = {p: approx(p) for p in expr.atoms(sp.Pow) if p.is_number and not p.is_Rational}
    return expr.xreplace({p: sp.Float(math.copysign(math.inf, v)) for p, v in values.items()
                          if abs(v) > MAX_MAGNITUDE})


class Function:
    """A real function of named variables: symbolic and vectorised.

    Build one with :func:`gradviz.parse`, derive new ones with :mod:`gradviz.calculus`.
    Immutable; caches what is derived from it. ``exprs``: the outputs in row-major order.

    >>> import gradviz, numpy as np
    >>> f = gradviz.parse("[x^2 - y, y^2 + x]")
    >>> f.shape, f.n, f.m
    ((2,), 2, 2)
    >>> X, Y = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-2, 2, 3))
    >>> f(X, Y).shape
    (2, 3, 5)
    >>> f(1.0, 2.0)
    array([-1.,  5.])
    """

    __slots__ = ("exprs", "variables", "shape", "text", "terms", "_cache", "_lock",
                 "__weakref__")

    def __init__(self, exprs: Sequence[sp.Expr], variables: Sequence[str], shape=None,
                 text: str | None = None, terms=None):
        self.exprs = tuple(_as_expr(e) for e in exprs)
        self.variables = tuple(variables)
        if shape is None:
            shape = () if len(self.exprs) == 1 else (len(self.exprs),)
        self.shape = tuple(shape)
        if int(np.prod(self.shape, dtype=int)) != len(self.exprs):
            raise ValueError(f"shape {self.shape} does not hold {len(self.exprs)} components")
        self.text = text
        self.terms = terms
        self._cache: dict = {}
        self._lock = threading.RLock()
        extra = self.free_variables() - set(self.variables)
        if extra:
            raise ExpressionError(
                f"the function uses {', '.join(sorted(extra))} which "
                f"{'is' if len(extra) == 1 else 'are'} not among its variables "
                f"({', '.join(self.variables)})")

    def free_variables(self) -> set[str]:
        return {s.name for e in self.exprs for s in e.free_symbols}

    @property
    def n(self) -> int:
        """Number of inputs."""
        return len(self.variables)

    @property
    def m(self) -> int:
        """Number of outputs (1 for a scalar; rows for a matrix)."""
        return self.shape[0] if self.shape else 1

    @property
    def is_scalar(self) -> bool:
        return self.shape == ()

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        return tuple(symbol(v) for v in self.variables)

    @property
    def expr(self) -> sp.Expr:
        """The sympy expression of a scalar function."""
        if not self.is_scalar:
            raise ExpressionError("this function is not scalar: use .exprs or .matrix")
        return self.exprs[0]

    @property
    def matrix(self) -> sp.Matrix:
        """The outputs as a sympy Matrix (a column for a vector, 1×1 for a scalar)."""
        rows, cols = self.shape if len(self.shape) == 2 else (len(self.exprs), 1)
        return sp.Matrix(rows, cols, list(self.exprs))

    def latex(self, digits: int | None = None) -> str:
        r"""LaTeX of the outputs (an expression, a column vector or a matrix); ``digits`` rounds
        the floats it shows.

        >>> import gradviz
        >>> gradviz.parse("[x, sin(y)]").latex()
        '\\begin{bmatrix} x \\\\ \\sin{\\left(y \\right)} \\end{bmatrix}'
        """
        if digits is None:  # cached (and shipped with snapshot)
            return self.cached("latex", lambda: self._latex(self.exprs))
        return self._latex([_round_floats(e, digits) for e in self.exprs])

    def _latex(self, exprs) -> str:
        body = [sp.latex(e) for e in exprs]
        if self.is_scalar:
            return body[0]
        if len(self.shape) == 2:
            rows, cols = self.shape
            body = [" & ".join(body[r * cols:(r + 1) * cols]) for r in range(rows)]
        return r"\begin{bmatrix} " + r" \\ ".join(body) + r" \end{bmatrix}"

    def __repr__(self) -> str:
        body = self.text if self.text is not None else (
            str(self.exprs[0]) if self.is_scalar else str(list(self.exprs)))
        return f"Function({body!r}, variables={self.variables}, shape={self.shape})"

    def __eq__(self, other) -> bool:
        return (isinstance(other, Function) and self.variables == other.variables
                and self.shape == other.shape and self.exprs == other.exprs)

    def __hash__(self) -> int:
        return hash((self.exprs, self.variables, self.shape))

    def cached(self, key, build):
        """Return ``build()`` computed once per Function (thread-safe)."""
        if key not in self._cache:
            with self._lock:
                if key not in self._cache:
                    self._cache[key] = build()
        return self._cache[key]

    _SHIPPED = ("code", "latex")  # cache entries that are plain data (besides Functions)

    def snapshot(self) -> bytes:
        """This Function and what was derived from it, pickled for :meth:`from_snapshot`."""
        return pickle.dumps(self._state(), protocol=pickle.HIGHEST_PROTOCOL)

    def _state(self) -> tuple:
        derived = {}
        for key, value in list(self._cache.items()):
            if isinstance(value, Function):
                derived[key] = value._state()
            elif key in self._SHIPPED:
                derived[key] = value
        return (self.exprs, self.variables, self.shape, self.text, self.terms, derived)

    @classmethod
    def from_snapshot(cls, blob: bytes) -> Function:
        """Rebuild a Function from :meth:`snapshot`, in time linear in its size.

        With evaluation off, sympy's constructors only store their (already normal) arguments.
        """
        with sp.evaluate(False):
            state = pickle.loads(blob)  # noqa: S301 - bytes from our own worker process
        return cls._from_state(state)

    @classmethod
    def _from_state(cls, state: tuple) -> Function:
        exprs, variables, shape, text, terms, derived = state
        f = cls(exprs, variables, shape, text=text, terms=terms)
        for key, value in derived.items():
            f._cache[key] = value if key in cls._SHIPPED else cls._from_state(value)
        return f

    def _compiled(self):
        def build():
            code = self._cache.get("code")
            if code is not None:  # compiled by a worker process (see snapshot)
                return _load(code)
            exprs = [_numeric_form(e) for e in self.exprs]
            try:
                fn = sp.lambdify(self.symbols, exprs if len(exprs) > 1 else exprs[0],
                                 modules="numpy", cse=True)
            except Exception as err:  # a construct numpy can't evaluate
                raise ExpressionError(
                    f"this function can't be evaluated numerically: {err}") from err
            self._cache["code"] = marshal.dumps(fn.__code__)
            return fn

        return self.cached("compiled", build)

    def __call__(self, *args):
        """Evaluate on numbers or numpy arrays (broadcast); nan/inf where undefined."""
        if len(args) != self.n:
            raise ExpressionError(
                f"this function takes {self.n} input{'s' if self.n != 1 else ''} "
                f"({', '.join(self.variables)}), got {len(args)}")
        arrays = [np.asarray(a, dtype=float) for a in args]
        grid = np.broadcast_shapes(*(a.shape for a in arrays)) if arrays else ()
        fn = self._compiled()
        with np.errstate(all="ignore"):
            raw = fn(*arrays)
            if len(self.exprs) == 1:
                out = _real_part(raw)
                # a new array unless it is already float64 of the grid's shape (copied all the
                # same if it is an input: f(x) = x never hands back its argument)
                if out.shape != grid or out.dtype != np.float64 or any(out is a for a in arrays):
                    out = np.broadcast_to(out, grid).astype(float)
                return out.reshape(self.shape + grid) if self.shape else out
            out = np.empty((len(self.exprs),) + grid)
            for i, comp in enumerate(raw):
                out[i] = _real_part(comp)  # constants broadcast straight into place
        return out.reshape(self.shape + grid)

    def at(self, point: Sequence[float]) -> np.ndarray:
        """Value at one point, as an array of the output shape (a 0-d array for a scalar)."""
        point = tuple(point)
        if len(point) != self.n:
            raise ExpressionError(
                f"the point needs {self.n} coordinate{'s' if self.n != 1 else ''} "
                f"({', '.join(self.variables)}), got {len(point)}")
        # as one-element arrays: numpy's rules (nan) where Python's scalars would raise
        # (complex division by zero in log(x, (-1)^x))
        return self(*(np.array([float(v)]) for v in point))[..., 0]


_NAMESPACE: dict = {}


def _load(code: bytes):
    """The numpy function a worker process compiled with ``lambdify``, from its bytecode.

    Nothing is parsed or compiled; the worker is this interpreter, forked, so the bytecode
    matches.
    """
    if not _NAMESPACE:
        _NAMESPACE.update(sp.lambdify((), 0, modules="numpy").__globals__)
    return types.FunctionType(marshal.loads(code), dict(_NAMESPACE), "_lambdifygenerated")


def _real_part(value) -> np.ndarray:
    """The value as a real array: nan where it has a non-negligible imaginary part."""
    arr = np.asarray(value)
    if not np.iscomplexobj(arr):
        return arr
    real = arr.real.astype(float)
    real[np.abs(arr.imag) > 1e-12 * np.maximum(1.0, np.abs(arr.real))] = np.nan
    return real


def _round_floats(expr: sp.Expr, digits: int) -> sp.Expr:
    return expr.xreplace({f: sp.Float(float(f"{float(f):.{digits}g}"), digits)
                          for f in expr.atoms(sp.Float)})
