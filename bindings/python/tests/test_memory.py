"""Memory: classifying does not leak (results, records, errors, policies).

Resident set size is read from /proc/self/statm around many calls, after a
warm-up; a leak of even one small allocation per call would show as
megabytes. (bench_threads.py measures the same over a million calls.)
Skipped under the sanitizers, whose allocators keep freed memory.
"""

import gc
import os
import tracemalloc

import pytest

import mineralctl
from conftest import MINIMAL, SANITIZED, TOP_SRCDIR

pytestmark = pytest.mark.skipif(SANITIZED or not os.path.exists("/proc/self/statm"),
                                reason="needs /proc and a build without sanitizers")


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def python_growth(fn, n, warmup):
    """Bytes of Python objects allocated by n calls and still alive after
    (tracemalloc): a reference leaked per call shows here even when small."""
    for _ in range(warmup):
        fn()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(n):
        fn()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before


def growth(fn, n, warmup):
    for _ in range(warmup):
        fn()
    before = rss()
    for _ in range(n):
        fn()
    return rss() - before


def test_classify_and_read_everything(policy):
    d = "Пластины: арсенид галлия 🔥 高纯金属镓锭 99.99%"

    def one():
        r = policy.classify(id="x", description=d, code="8112929090", to="US",
                            date="2026-12-01", route=["TH", "US"])
        r.items, r.flags, r.evidence, r.to_dict(), r.policy
    # One leaked result (~1 KiB) per call would be ~100 MB here.
    assert growth(one, 100_000, 5_000) < 4 << 20


def test_every_path_of_filling_a_record(policy):
    # Valid records taking the conversions (int id, lone surrogates, bytes,
    # route strings, components) and malformed ones failing at each check.
    good = [dict(id=12345, description="\udc80 gallium metal", route="TH, MX", to="MX"),
            dict(description=b"\xff\xfe gallium", code="8112.92.90.90",
                 components=[{"material": "dysprosium", "origin": "CN", "value_share": 0.5}])]
    bad = [dict(description="gallium", to="Germany"), dict(description=7),
           dict(description="gallium", route="TH XX"), dict(description="gallium", route=[1]),
           dict(description="gallium", components=[{"origin": "CN"}]),
           dict(description="gallium", components=[{"material": "dysprosium", "origin": "XX"}]),
           dict(description="gallium", quantity=-1), dict(description="gallium", value="1"),
           dict(to="DE")]

    def one():
        for rec in good:
            policy.classify_record(rec, date="2026-03-01").evidence
        for rec in bad:
            try:
                policy.classify_record(rec, date="2026-03-01")
            except mineralctl.RecordError:
                pass
            else:
                raise AssertionError(rec)
    assert growth(one, 10_000, 500) < 4 << 20
    # 5,000 leaked references to even the smallest object would be 150 KiB.
    assert python_growth(one, 5_000, 100) < 32 << 10


def test_load_errors():
    bad = os.path.join(TOP_SRCDIR, "tests", "data", "lint", "five-mistakes.yaml")

    def one():
        try:
            mineralctl.Policy(bad)
        except mineralctl.PolicyError:
            pass
    assert growth(one, 2_000, 100) < 4 << 20


def test_policies_are_freed():
    assert growth(lambda: mineralctl.Policy(MINIMAL), 2_000, 100) < 4 << 20
