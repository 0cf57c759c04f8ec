"""Memory: classifying does not leak (results, records, errors, policies).

Resident set size is read from /proc/self/statm around many calls, after a
warm-up; a leak of even one small allocation per call would show as
megabytes. (bench_threads.py measures the same over a million calls.)
Skipped under the sanitizers, whose allocators keep freed memory.
"""

import os

import pytest

import mineralctl
from conftest import MINIMAL, SANITIZED, TOP_SRCDIR

pytestmark = pytest.mark.skipif(SANITIZED or not os.path.exists("/proc/self/statm"),
                                reason="needs /proc and a build without sanitizers")


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


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


def test_errors(policy):
    def one():
        try:
            policy.classify(description="gallium", to="Germany")
        except mineralctl.RecordError:
            pass
    assert growth(one, 50_000, 2_000) < 4 << 20


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
