"""Policy: load once, classify many records from any number of threads."""

import atexit
import difflib
import os
import threading
from itertools import islice
from collections.abc import Iterable, Mapping
from typing import Any, Dict, Iterator, Optional, Sequence, Tuple, Union

from . import core
from ._errors import PolicyError, RecordError
from ._result import ErrorResult, Result, _ItemCache

__all__ = ["Policy", "default_policy_path", "RECORD_KEYS"]

Text = Union[str, bytes]
PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

#: The keys a record may have, as in ``mineralctl screen``'s JSON Lines
#: (``from`` is spelled ``from_`` as a keyword argument of classify()).
RECORD_KEYS = ("id", "description", "description2", "code", "origin", "from", "to", "date",
               "channel", "end_use", "quantity", "unit", "value", "currency", "route",
               "components")
_KWARGS = tuple("from_" if k == "from" else k for k in RECORD_KEYS)

# A record keeps classification buffers and is not shareable across threads:
# one per thread. Each classify() fills and uses it within the one call.
_tls = threading.local()


def _record() -> Any:
    try:
        return _tls.record
    except AttributeError:
        r = _tls.record = core.Record()
        return r


def _batch(n: int) -> Any:
    """The thread's core.Batch of at least n records, for screen()."""
    b = getattr(_tls, "batch", None)
    if b is None or b.size() < n:
        b = _tls.batch = core.Batch(n)
    return b


def default_policy_path() -> str:
    """The policy ``Policy()`` loads: ``$MINERALCTL_POLICY`` when set, else
    the bundle installed with the library (``policies/cn`` in its data folder,
    e.g. ``/usr/local/share/libmineralctl/policies/cn``; in the build tree, the
    source tree's ``policies/cn``), as for the CLI."""
    env = os.environ.get("MINERALCTL_POLICY")
    if env:
        return env
    from . import _config
    return _config.POLICY


def _unknown_keyword(func: str, unknown: Dict[str, Any], known: Sequence[str]) -> TypeError:
    name = sorted(unknown)[0]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = " (did you mean %r?)" % close[0] if close else ""
    return TypeError("%s() got an unexpected keyword argument %r%s" % (func, name, hint))


_cache_lock = threading.Lock()
_cache: Dict[Tuple[str, str], "Policy"] = {}
# Release the cached policies while the interpreter is still whole: objects
# left in module globals are not reliably destroyed at exit.
atexit.register(_cache.clear)


def _unpickle(path: str, digest: str) -> "Policy":
    """A pickled Policy arrives as its path and digest: each process loads a
    policy once and reuses it, and refuses one whose files changed since."""
    with _cache_lock:
        p = _cache.get((path, digest))
        if p is None:
            p = Policy(path)
            if p.digest != digest:
                raise PolicyError("policy %s changed since it was pickled (digest %s, was %s)"
                                  % (path, p.digest, digest))
            _cache[(path, digest)] = p
        return p


class Policy:
    """An export-control policy, loaded and compiled once.

    ``Policy()`` loads the shipped bundle (see :func:`default_policy_path`);
    ``Policy("path/to/bundle")`` a bundle folder, its ``bundle.yaml`` or one
    stand-alone policy file. A policy is immutable: share it between any
    number of threads; :meth:`classify` releases the GIL while the library
    works, so threads classify in parallel.

    Raises :class:`PolicyError` (with ``.file``, ``.line``, ``.column``,
    ``.path`` and every problem in ``.errors``) when the policy cannot be
    loaded.

    >>> policy = Policy()
    >>> r = policy.classify(description="Gallium metal 4N ingots", code="8112929090",
    ...                     to="US", date="2026-12-01")
    >>> r.verdict
    <Verdict.PROHIBITED: 'prohibited'>
    """

    __slots__ = ("_p", "_path", "_items", "__weakref__")

    def __init__(self, path: Optional[PathLike] = None) -> None:
        if path is None:
            path = default_policy_path()
        self._path = os.fsdecode(os.fspath(path))
        self._p = core.Policy(path)
        self._items = _ItemCache(self._p)

    # -- what the policy is --
    @property
    def path(self) -> str:
        """The path it was loaded from."""
        return self._path

    @property
    def bundle(self) -> str:
        """Bundle id (``"cn-strategic-minerals"``)."""
        return self._p.bundle()

    @property
    def version(self) -> str:
        """Bundle version as its manifest states it."""
        return self._p.version()

    @property
    def jurisdiction(self) -> str:
        """ISO 3166-1 alpha-2 code of the country whose exports it controls."""
        return self._p.jurisdiction()

    @property
    def digest(self) -> str:
        """``sha256:<hex>`` over every file of the bundle: what decided, for audit trails."""
        return self._p.digest()

    @property
    def sealed(self) -> bool:
        """True when the manifest lists a digest for every file and all matched."""
        return bool(self._p.sealed())

    @property
    def item_ids(self) -> Tuple[str, ...]:
        """Ids of the controlled items, in policy order."""
        p = self._p
        return tuple(p.item_id(i) for i in range(p.item_count()))

    def __len__(self) -> int:
        """Number of controlled items."""
        return self._p.item_count()

    def __repr__(self) -> str:
        return "<Policy %s %s (%d items) from %r>" % (self.bundle, self.version, len(self), self._path)

    def __reduce__(self):
        return (_unpickle, (os.path.abspath(self._path), self.digest))

    # -- classification --
    def classify(self, *, id: Union[str, int, None] = None, description: Optional[Text] = None,
                 description2: Optional[Text] = None, code: Optional[Text] = None,
                 origin: Optional[str] = None, from_: Optional[str] = None,
                 to: Optional[str] = None, date: Optional[str] = None,
                 channel: Optional[str] = None, end_use: Optional[Text] = None,
                 quantity: Optional[float] = None, unit: Optional[str] = None,
                 value: Optional[float] = None, currency: Optional[str] = None,
                 route: Union[Sequence[str], str, None] = None,
                 components: Optional[Sequence[Mapping[str, Any]]] = None,
                 **unknown: Any) -> Result:
        """Classifies one record and returns its :class:`Result`.

        Fields (all optional, but a record needs a description or a code):
        ``id``; ``description``, ``description2`` (goods text, any language);
        ``code`` (commodity code, ``"8112.92.90.90"``, ``"811292"`` ...);
        ``origin``, ``from_`` (export country, default the policy's
        jurisdiction), ``to`` (ISO 3166-1 alpha-2); ``date`` (``YYYY-MM-DD``,
        default today, UTC); ``channel`` (``customs`` | ``postal`` |
        ``platform``); ``end_use``; ``quantity`` + ``unit``; ``value`` +
        ``currency``; ``route`` (countries in travel order, a list or
        ``"TH,US"``); ``components`` (dicts with ``material``, ``origin``,
        ``value_share``, ``weight_share`` in percent).

        Text is ``str`` (or ``bytes``, passed to the library as is; invalid
        UTF-8 and lone surrogates are replaced and flagged ``invalid_utf8``).
        A value the library refuses raises :class:`RecordError` (a
        ValueError) with its message; an unknown keyword raises TypeError.
        """
        if unknown:
            raise _unknown_keyword("classify", unknown, _KWARGS)
        fields = (id, description, description2, code, origin, from_, to, date, channel, end_use,
                  quantity, unit, value, currency, route, components)
        return Result(self._p.classify_fields(_record(), fields, None),
                      (description, description2, code), self._items)

    def classify_record(self, record: Mapping[str, Any], *, date: Optional[str] = None) -> Result:
        """Classifies a record given as a mapping with the keys of
        ``mineralctl screen``'s JSON Lines (:data:`RECORD_KEYS`; ``from``, or
        ``from_``). Unknown keys are ignored, as the CLI ignores them. ``date``
        is the default for a record without one (``mineralctl screen --date``).
        Raises :class:`RecordError` for a malformed record."""
        if type(record) is not dict:
            if not isinstance(record, Mapping):
                raise RecordError("expected a mapping of fields per record, not %s"
                                  % type(record).__name__)
            record = dict(record)
        g = record.get
        return Result(self._p.classify_fields(_record(), record, date),
                      (g("description"), g("description2"), g("code")), self._items)

    def screen(self, records: Iterable[Mapping[str, Any]], *, date: Optional[str] = None,
               errors: str = "yield", batch: int = 64) -> Iterator[Union[Result, ErrorResult]]:
        """Classifies records lazily: a generator of one result per record, in order.

        ``records`` is any iterable of mappings (see :meth:`classify_record`).
        ``date`` is the default date. A record that cannot be classified
        gives an :class:`ErrorResult` (``ok`` False, ``line``, ``error``) and
        the batch goes on, as ``mineralctl screen`` goes on past a bad line;
        ``errors="raise"`` raises its :class:`RecordError` instead, when the
        generator reaches it.

        Records are read and classified ``batch`` at a time, with the GIL
        released once per batch: threads that each screen their share of the
        records run in parallel, which per-record calls cannot do on two
        cores (see doc/decisions.md). ``batch=1`` reads no record ahead.
        """
        if errors not in ("yield", "raise"):
            raise ValueError("errors must be 'yield' or 'raise', not %r" % (errors,))
        if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
            raise ValueError("batch must be a positive int, not %r" % (batch,))
        if date is not None:
            core.Record().set(core.FIELD_DATE, date)  # a bad default date fails now, not per record
        return self._screen(iter(records), date, errors == "raise", batch)

    def _screen(self, it: Iterator[Mapping[str, Any]], date: Optional[str], raise_errors: bool,
                batch: int) -> Iterator[Union[Result, ErrorResult]]:
        n = 0
        items = self._items
        while True:
            chunk = list(islice(it, batch))
            if not chunk:
                return
            fields = [rec if type(rec) is dict else dict(rec) if isinstance(rec, Mapping) else None
                      for rec in chunk]
            out = _batch(batch).classify(self._p, fields, date)
            for rec, f, o in zip(chunk, fields, out):
                n += 1
                if f is None:
                    err: BaseException = RecordError(
                        "expected a mapping of fields per record, not %s" % type(rec).__name__)
                elif isinstance(o, BaseException):
                    if not isinstance(o, RecordError):
                        raise o
                    err = o
                else:
                    g = f.get
                    yield Result(o, (g("description"), g("description2"), g("code")), items)
                    continue
                if raise_errors:
                    raise err
                yield ErrorResult(n, err, rec)
