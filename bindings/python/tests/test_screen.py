"""Policy.screen: a lazy batch of dicts, which goes on past a malformed record."""

import itertools
import os
import re

import pytest

import mineralctl
from conftest import TOP_SRCDIR, read_jsonl

EXAMPLES = os.path.join(TOP_SRCDIR, "examples", "declarations.jsonl")
EXPECTED_MD = os.path.join(TOP_SRCDIR, "examples", "declarations.expected.md")


def expected_verdicts():
    """id -> verdict from the table worked out by hand in declarations.expected.md."""
    want = {}
    with open(EXPECTED_MD, encoding="utf-8") as f:
        for line in f:
            if line.startswith("| DEC-"):
                cells = [c.strip() for c in line.split("|")]
                want[cells[1]] = cells[4].strip("*")
    return want


def test_examples_give_the_hand_worked_verdicts(policy):
    records = read_jsonl(EXAMPLES)
    want = expected_verdicts()
    assert len(want) == len(records) == 40
    got = {r.id: r.verdict for r in policy.screen(records)}
    assert got == want


def test_lazy_over_an_endless_source(policy):
    def endless():
        for n in itertools.count():
            yield {"id": n, "description": "Steel hex bolts" if n % 2 else "Gallium metal ingots",
                   "to": "DE", "date": "2026-03-01"}
    out = list(itertools.islice(policy.screen(endless()), 5))
    assert [(r.id, r.verdict) for r in out] == [
        ("0", "license_required"), ("1", "clear"), ("2", "license_required"), ("3", "clear"),
        ("4", "license_required")]


def test_a_bad_record_does_not_stop_the_batch(policy):
    records = [
        {"id": "a", "description": "Gallium metal", "to": "DE", "date": "2026-03-01"},
        {"id": "b", "description": "Gallium metal", "to": "Germany"},
        "not a record",
        {"id": "d", "to": "DE"},
        {"id": "e", "description": "Steel bolts", "date": "2026-03-01"},
    ]
    out = list(policy.screen(records))
    assert [r.ok for r in out] == [True, False, False, False, True]
    assert [r.verdict for r in out] == ["license_required", None, None, None, "clear"]
    bad = out[1]
    assert isinstance(bad, mineralctl.ErrorResult)
    assert (bad.line, bad.id, bad.record) == (2, "b", records[1])
    assert isinstance(bad.error, mineralctl.RecordError)
    assert bad.to_dict() == {"line": 2, "error": "to: 'Germany' is not an ISO 3166-1 alpha-2 country code"}
    assert "mapping" in str(out[2].error) and out[2].id is None
    assert out[3].to_dict() == {"line": 4, "error": "a record needs a description or a code"}
    assert (bad.items, bad.flags, bad.evidence) == ([], [], [])


def test_errors_raise(policy):
    records = [{"description": "Steel bolts"}, {"description": "x", "date": "yesterday"}]
    it = policy.screen(records, errors="raise")
    assert next(it).verdict == "clear"
    with pytest.raises(mineralctl.RecordError, match="date"):
        next(it)
    with pytest.raises(ValueError):
        policy.screen(records, errors="ignore")


def test_default_date_and_keys(policy):
    records = [
        {"description": "Germanium metal powder", "to": "US"},                       # takes the default
        {"description": "Germanium metal powder", "to": "US", "date": "2026-11-27"},  # its own
        {"description": "Germanium ingots", "from_": "DE", "to": "US"},              # from_ = from
        {"description": "Steel bolts", "hs_chapter": 73, "lang": "en"},              # unknown keys ignored
    ]
    out = list(policy.screen(records, date="2026-11-28"))
    # DEC-2026-0036 / -0035: the day after the suspension, and its last day.
    assert [(r.date, r.verdict) for r in out[:2]] == [
        ("2026-11-28", "prohibited"), ("2026-11-27", "license_required")]
    assert not out[2].in_jurisdiction and out[2].verdict == "clear"
    assert out[3].ok and out[3].verdict == "clear"
    # A bad default date fails at once, not at the first record.
    with pytest.raises(mineralctl.RecordError):
        policy.screen(records, date="2026-13-01")


def test_from_key_like_the_cli(policy):
    (r,) = policy.screen([{"description": "Germanium ingots", "from": "DE", "to": "US",
                           "date": "2026-03-01"}])
    assert not r.in_jurisdiction
    assert re.search("CN", r.note)


def test_any_mapping(policy):
    import types
    rec = types.MappingProxyType({"description": "Germanium metal powder", "to": "US",
                                  "date": "2026-11-28"})
    (r,) = policy.screen([rec])
    assert r.verdict == "prohibited"           # DEC-2026-0036
    assert policy.classify_record(rec).to_json() == r.to_json()


def test_batch_sizes_give_the_same_results(policy):
    records = read_jsonl(EXAMPLES) + [{"id": "bad", "description": "x", "to": "Germany"}, 42]
    want = [r.to_json() if r.ok else r.to_dict() for r in policy.screen(records, batch=1)]
    assert sum(isinstance(w, dict) for w in want) == 2
    for batch in (3, 64, 1000):
        got = [r.to_json() if r.ok else r.to_dict() for r in policy.screen(records, batch=batch)]
        assert got == want
    # The same as one classify_record call per record.
    assert want[:40] == [policy.classify_record(r).to_json() for r in records[:40]]


def test_read_ahead_is_one_batch(policy):
    taken = []

    def source():
        for n in range(200):
            taken.append(n)
            yield {"id": n, "description": "Steel bolts"}
    it = policy.screen(source(), batch=1)
    next(it)
    assert len(taken) == 1
    it = policy.screen(source(), batch=64)
    taken.clear()
    next(it)
    assert len(taken) == 64
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError):
            policy.screen([], batch=bad)
