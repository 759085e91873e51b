"""The one error type gradviz raises for anything a user typed or asked for."""

from __future__ import annotations


class ExpressionError(ValueError):
    """A function text (or a request about it) that gradviz cannot accept.

    The message says what is wrong and, where it can, where (``column``) and
    what to do instead. It is safe to show to a student as it is.

    >>> import gradviz
    >>> try:
    ...     gradviz.parse("sni(x)")
    ... except gradviz.ExpressionError as err:
    ...     print(err)
    unknown function `sni` at column 1 — did you mean `sin`?
    """

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.column = column
