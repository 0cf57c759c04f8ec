"""Exceptions of the mineralctl package.

Pure Python on purpose: the C extension builds them (see ../mineralctl.i,
MCTL_SWIG_RAISE) through :func:`_from_core`, and they pickle like any
exception, so a Dask worker's error reaches the client intact.
"""

from typing import List, NamedTuple, Optional, Sequence

__all__ = ["Diagnostic", "Error", "PolicyError", "RecordError"]

# The library's status codes (include/mineralctl/common.h).
OK = 0
ENOMEM = -1
EINVAL = -2
EIO = -3
ESYNTAX = -4
EPOLICY = -5
ELIMIT = -6
EUNICODE = -7
EINTERNAL = -8


class Diagnostic(NamedTuple):
    """One problem the library reported.

    ``line`` and ``column`` are 1-based (0 when unknown), ``offset`` is the
    0-based byte offset in ``file`` (None when unknown), ``path`` the YAML path
    of the offending node (``items[3].codes[1]``). ``str()`` gives the library's
    one-line format, ``file:line:col: error: message (in path)``.
    """

    code: int
    message: str
    file: Optional[str] = None
    line: int = 0
    column: int = 0
    offset: Optional[int] = None
    path: Optional[str] = None
    text: str = ""

    def __str__(self) -> str:
        return self.text or self.message


class Error(Exception):
    """Base class of every error the library reports.

    Attributes: ``code`` (a negative status, e.g. -5 for a wrong policy),
    ``message``, the first diagnostic's ``file``, ``line``, ``column``,
    ``offset`` and ``path`` (None/0 when no file is involved), and ``errors``,
    every diagnostic (a policy load reports all the problems it finds).
    """

    def __init__(self, message: str, code: int = EINVAL,
                 errors: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.errors: List[Diagnostic] = list(errors)
        first = self.errors[0] if self.errors else None
        self.file: Optional[str] = first.file if first else None
        self.line: int = first.line if first else 0
        self.column: int = first.column if first else 0
        self.offset: Optional[int] = first.offset if first else None
        self.path: Optional[str] = first.path if first else None

    def __str__(self) -> str:
        if not self.errors:
            return self.message
        return "\n".join(str(d) for d in self.errors)

    def __reduce__(self):
        return (_rebuild, (type(self), self.message, self.code, tuple(self.errors)))


class PolicyError(Error):
    """A policy could not be loaded: missing file, bad YAML, wrong contents.

    ``str(e)`` lists every problem as ``file:line:col: error: message (in
    path)``, one per line, as ``mineralctl lint`` prints them.
    """


class RecordError(Error, ValueError):
    """A record field holds a value the library refuses (a country code that
    is not ISO 3166-1 alpha-2, a date that is not YYYY-MM-DD, a negative
    quantity ...), or the record has neither a description nor a code.
    A ValueError, so ``except ValueError`` catches it too."""

    def __str__(self) -> str:
        return self.message


def _rebuild(cls, message, code, errors):
    return cls(message, code, [Diagnostic(*d) for d in errors])


_KINDS = {"policy": PolicyError, "record": RecordError, "error": Error}


def _from_core(kind: str, status: int, strerror: str, diags: list) -> BaseException:
    """Called by the extension with what failed ("policy", "record" or
    "error"), the status, mctl_strerror(status) and the diagnostic chain as
    tuples; returns the exception to raise."""
    errors = [Diagnostic(*d) for d in diags]
    message = errors[0].message if errors else strerror
    if status == ENOMEM:
        return MemoryError(message)
    return _KINDS.get(kind, Error)(message, status, errors)
