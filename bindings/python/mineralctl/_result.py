"""Results of a classification: Verdict, Item, Evidence, Result, ErrorResult."""

import enum
import json
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Tuple, Union

__all__ = ["Verdict", "Item", "Evidence", "PolicyInfo", "Result", "ErrorResult"]

Text = Union[str, bytes]


class Verdict(str, enum.Enum):
    """The overall decision. A ``str``: ``result.verdict == "prohibited"``
    holds, and ``str(v)`` is the name the CLI prints. ``v.severity`` orders
    them: clear 0, review 1, license_required 2, prohibited 3."""

    CLEAR = "clear"
    REVIEW = "review"
    LICENSE_REQUIRED = "license_required"
    PROHIBITED = "prohibited"

    def __str__(self) -> str:
        return self.value

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_VERDICTS = (Verdict.CLEAR, Verdict.REVIEW, Verdict.LICENSE_REQUIRED, Verdict.PROHIBITED)
_SEVERITY = {v: i for i, v in enumerate(_VERDICTS)}


@dataclass(frozen=True)
class Item:
    """A controlled item the goods fall under.

    ``action`` is what this movement needs under it (``"prohibited"``,
    ``"license_required"``, ``"review"``, or ``"none"`` outside the policy's
    jurisdiction); ``match`` says how it was found (``"text"``, ``"code"``,
    ``"text+code"``); ``confirmed`` is False when the policy marks the item's
    data unconfirmed (such an item never decides more than review).
    """

    id: str
    title: Optional[str]
    announcement: Optional[str]
    control_code: Optional[str]
    minerals: Tuple[str, ...]
    action: str
    match: str
    confirmed: bool = True


@dataclass(frozen=True)
class Evidence:
    """Where a concept or code was found in the record.

    ``field`` is ``"description"``, ``"description2"`` or ``"code"``.
    ``start``/``end`` index the value you passed for that field: for a
    ``str``, Python string indices (``description[e.start:e.end] == e.text``
    whatever the script, emoji included); for ``bytes``, byte offsets.
    ``byte_start``/``byte_end`` are always the library's offsets into the
    field's UTF-8 bytes, as the CLI and ``to_json()`` give them.
    ``negated``: the text names the concept only to exclude it
    ("gallium-free"); ``approximate``: a near-miss spelling ("galium").
    """

    field: str
    start: int
    end: int
    byte_start: int
    byte_end: int
    text: str
    concept: Optional[str]
    negated: bool = False
    approximate: bool = False


class PolicyInfo(NamedTuple):
    """The policy that decided: bundle id, version, and sha256 digest of its files."""

    bundle: str
    version: str
    digest: Optional[str]


def _utf8_len(ch: str) -> int:
    o = ord(ch)
    return 1 if o < 0x80 else 2 if o < 0x800 else 3 if o < 0x10000 else 4


class _OffsetMap:
    """UTF-8 byte offsets -> indices of the str they were encoded from.

    Lone surrogates, which the binding passes as their 3-byte (invalid UTF-8)
    encoding, count 3 bytes like any other BMP character."""

    __slots__ = ("starts",)

    def __init__(self, s: str) -> None:
        starts = [0] * (len(s) + 1)
        acc = 0
        for i, ch in enumerate(s):
            acc += _utf8_len(ch)
            starts[i + 1] = acc
        self.starts = starts

    def start(self, b: int) -> int:
        # The character holding byte b (offsets never split one, but be safe).
        return max(bisect_right(self.starts, b) - 1, 0)

    def end(self, b: int) -> int:
        return min(bisect_left(self.starts, b), len(self.starts) - 1)


_FIELD_SLOT = {"description": 0, "description2": 1, "code": 2}
_names: Dict[str, Tuple[str, ...]] = {}


def _name_table(kind: str) -> Tuple[str, ...]:
    """Names by number, read once from the library: flags, fields, actions, matches."""
    t = _names.get(kind)
    if t is None:
        from . import core
        get = {"flag": core.mctl_swig_flag_name, "field": core.mctl_field_name,
               "action": core.mctl_swig_action_name, "match": core.mctl_swig_match_name}[kind]
        names = []
        for i in range(64):
            n = get(i)
            names.append(None if n in (None, "unknown") else n)
        t = _names[kind] = tuple(names)
    return t


class _ItemCache:
    """What the results of one policy share: each item's fixed facts, read
    once, and one frozen :class:`Item` per (item, action, match)."""

    __slots__ = ("_policy", "_facts", "_made")

    def __init__(self, policy_handle: Any) -> None:
        self._policy = policy_handle
        self._facts: Dict[int, tuple] = {}
        self._made: Dict[Tuple[int, int, int], Item] = {}

    def item(self, h: Any, i: int) -> Item:
        key = (h.item_index(i), h.item_action(i), h.item_match(i))
        it = self._made.get(key)
        if it is None:
            idx = key[0]
            facts = self._facts.get(idx)
            if facts is None:
                confirmed = json.loads(self._policy.item_to_json(idx)).get("confirmed", True)
                facts = self._facts[idx] = (
                    h.item_id(i), h.item_title(i, "en"), h.item_announcement(i),
                    h.item_control_code(i),
                    tuple(h.item_mineral(i, j) for j in range(h.item_mineral_count(i))),
                    bool(confirmed))
            it = self._made[key] = Item(facts[0], facts[1], facts[2], facts[3], facts[4],
                                        _name_table("action")[key[1]], _name_table("match")[key[2]],
                                        facts[5])
        return it


class Result:
    """The outcome of classifying one record (from :meth:`Policy.classify`).

    ``verdict`` (a :class:`Verdict`), ``items`` (:class:`Item`, strongest
    action first), ``flags`` (names such as ``"code_description_mismatch"``),
    ``evidence`` (:class:`Evidence`), ``id``, ``date`` (the day the controls
    were evaluated for), ``in_jurisdiction``, ``note``, ``policy``
    (:class:`PolicyInfo`). ``to_json()`` is the library's JSON for the result,
    byte for byte the line ``mineralctl screen`` prints; ``to_dict()`` the
    same parsed. Both give evidence offsets in UTF-8 bytes.

    Results are immutable; attributes are read from the library's result
    when first asked for (the JSON is made only by ``to_json``/``to_dict``).
    """

    __slots__ = ("_h", "_texts", "_items", "_ev", "_v")
    ok = True
    error = None

    def __init__(self, handle: Any, texts: Tuple[Optional[Text], Optional[Text], Optional[Text]],
                 items: _ItemCache) -> None:
        self._h = handle          # the core.Result: owns the C result
        self._texts = texts       # description, description2, code as given
        self._items = items       # the policy's item cache
        self._ev: Optional[List[Evidence]] = None
        self._v: Optional[Verdict] = None

    @property
    def verdict(self) -> Verdict:
        v = self._v
        if v is None:
            v = self._v = _VERDICTS[self._h.verdict()]
        return v

    @property
    def id(self) -> Optional[str]:
        return self._h.id()

    @property
    def date(self) -> str:
        return self._h.date()

    @property
    def in_jurisdiction(self) -> bool:
        return bool(self._h.in_jurisdiction())

    @property
    def note(self) -> Optional[str]:
        return self._h.note()

    @property
    def policy(self) -> PolicyInfo:
        h = self._h
        return PolicyInfo(h.bundle(), h.version(), h.digest())

    @property
    def items(self) -> List[Item]:
        h = self._h
        n = h.item_count()
        if not n:
            return []
        item = self._items.item
        return [item(h, i) for i in range(n)]

    @property
    def flags(self) -> List[str]:
        h = self._h
        names = _name_table("flag")
        return [names[h.flag_at(i)] for i in range(h.flag_count())]

    @property
    def evidence(self) -> List[Evidence]:
        ev = self._ev
        if ev is None:
            self._ev = ev = self._evidence()
        return list(ev)

    def _evidence(self) -> List[Evidence]:
        h = self._h
        fields = _name_table("field")
        maps: Dict[int, Optional[_OffsetMap]] = {}
        out = []
        from_json = None
        for i in range(h.evidence_count()):
            field = fields[h.evidence_field(i)]
            b0, b1 = h.evidence_start(i), h.evidence_end(i)
            text = h.evidence_text(i)
            if not text.isascii():
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    # Invalid UTF-8 in the original: take the text as the
                    # library's JSON gives it (bad bytes as U+FFFD).
                    if from_json is None:
                        from_json = json.loads(h.to_json())["evidence"]
                    text = from_json[i]["text"]
            s0, s1 = b0, b1
            slot = _FIELD_SLOT.get(field)
            if slot is not None:
                if slot not in maps:
                    t = self._texts[slot]
                    maps[slot] = _OffsetMap(t) if isinstance(t, str) and not t.isascii() else None
                m = maps[slot]
                if m is not None:
                    s0, s1 = m.start(b0), m.end(b1)
            out.append(Evidence(field, s0, s1, b0, b1, text, h.evidence_concept(i),
                                bool(h.evidence_negated(i)), bool(h.evidence_approximate(i))))
        return out

    def to_json(self) -> str:
        """The library's JSON (one line, no newline): what ``mineralctl screen`` prints."""
        return self._h.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """``json.loads(self.to_json())``: a fresh dict, yours to change."""
        return json.loads(self._h.to_json())

    def __repr__(self) -> str:
        return "<Result id=%r verdict=%s items=%r flags=%r>" % (
            self.id, self.verdict.value, [i.id for i in self.items], self.flags)


class ErrorResult:
    """Stands in for a result when :meth:`Policy.screen` met a record it
    could not classify (``errors="yield"``, the default): the batch goes on.

    ``ok`` is False, ``verdict`` None, ``error`` the :class:`RecordError`,
    ``line`` the record's 1-based position in the input, ``record`` the input
    itself. ``to_dict()`` is ``{"line": N, "error": "..."}``, the line
    ``mineralctl screen`` prints for a malformed input line.
    """

    __slots__ = ("line", "error", "record")
    ok = False
    verdict = None

    @property
    def items(self) -> List[Item]:
        return []

    @property
    def flags(self) -> List[str]:
        return []

    @property
    def evidence(self) -> List[Evidence]:
        return []

    def __init__(self, line: int, error: Exception, record: Any) -> None:
        self.line = line
        self.error = error
        self.record = record

    @property
    def id(self) -> Optional[str]:
        rid = self.record.get("id") if isinstance(self.record, Mapping) else None
        return None if rid is None else str(rid)

    def to_dict(self) -> Dict[str, Any]:
        return {"line": self.line, "error": str(self.error)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    def __repr__(self) -> str:
        return "<ErrorResult line=%d error=%r>" % (self.line, str(self.error))
