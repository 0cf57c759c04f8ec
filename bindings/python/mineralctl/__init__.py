"""mineralctl: screen goods records against strategic-mineral export controls.

Python binding of libmineralctl::

    import mineralctl

    policy = mineralctl.Policy()          # the shipped bundle; or Policy("path/to/bundle")
    r = policy.classify(description="高纯金属镓锭 99.99%", code="8112929090",
                        to="US", date="2026-12-01")
    r.verdict                   # Verdict.PROHIBITED (a str: r.verdict == "prohibited")
    [i.id for i in r.items]     # ['cn.2023-23.ga-1', ...]
    r.flags, r.evidence         # red flags; where each concept was found
    r.to_json()                 # the same JSON line `mineralctl screen` prints

    for res in policy.screen(records):    # any iterable of dicts, lazily
        ...

A :class:`Policy` is immutable and shared by threads; classification
releases the GIL. Errors: :class:`PolicyError` (load problems, with file,
line, column, YAML path and every diagnostic), :class:`RecordError` (a field
the library refuses; a ValueError), both subclasses of :class:`Error`.

Evidence offsets: :attr:`Evidence.start`/``end`` are indices into the str you
passed, :attr:`Evidence.byte_start`/``byte_end`` the library's UTF-8 byte
offsets (which ``to_json()``/``to_dict()`` carry, as the CLI does).
"""

from . import _result, core
from ._errors import Diagnostic, Error, PolicyError, RecordError
from ._policy import RECORD_KEYS, Policy, default_policy_path
from ._result import ErrorResult, Evidence, Item, PolicyInfo, Result, Verdict

#: Version of the C library this binding runs on ("0.1.0").
__version__ = core.mctl_version()

#: Names of the red flags the library can raise, in its order.
FLAGS = tuple(n for n in _result._name_table("flag") if n)

__all__ = [
    "Policy", "Result", "ErrorResult", "Verdict", "Item", "Evidence", "PolicyInfo",
    "Error", "PolicyError", "RecordError", "Diagnostic",
    "default_policy_path", "RECORD_KEYS", "FLAGS", "__version__",
]
