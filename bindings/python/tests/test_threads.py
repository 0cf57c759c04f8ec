"""Threads: one shared Policy, a record per thread, the GIL released while the
library classifies. (Speed-up is measured by bench_threads.py, not here.)"""

import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from conftest import TOP_SRCDIR, read_jsonl

from mineralctl import _policy

RECORDS = read_jsonl(os.path.join(TOP_SRCDIR, "examples", "declarations.jsonl")) + \
    read_jsonl(os.path.join(TOP_SRCDIR, "tests", "eval", "records.jsonl"))


def test_threads_give_the_sequential_answers(policy):
    want = [policy.classify_record(r, date="2026-03-01").to_json() for r in RECORDS]

    def work(k):
        # Each thread walks the records from a different start, so threads
        # classify different records at the same moment.
        n = len(RECORDS)
        return [(i, policy.classify_record(RECORDS[i], date="2026-03-01").to_json())
                for i in ((k * 97 + j) % n for j in range(n))]

    with ThreadPoolExecutor(4) as ex:
        for out in ex.map(work, range(4)):
            assert len(out) == len(RECORDS)
            for i, got in out:
                assert got == want[i]


def test_threads_screening_their_shares(policy):
    want = [r.to_json() for r in policy.screen(RECORDS, date="2026-03-01")]
    shares = [RECORDS[k::3] for k in range(3)]
    with ThreadPoolExecutor(3) as ex:
        outs = list(ex.map(lambda share: [r.to_json() for r in policy.screen(share, date="2026-03-01")],
                           shares))
    for k in range(3):
        assert outs[k] == want[k::3]


def test_one_record_per_thread():
    seen = []

    def grab():
        seen.append(_policy._record())
        seen.append(_policy._record())

    threads = [threading.Thread(target=grab) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = [id(r) for r in seen]
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[4] == ids[5]
    assert len({ids[0], ids[2], ids[4]}) == 3


def ticks_while(calls):
    """How often a second thread got to run while this one made the calls.

    With a switch interval far longer than the test, the only moments the
    other thread can take the GIL are those where a call releases it; it
    takes one tick and hands the GIL back (sleep(0))."""
    ticks = 0
    done = False

    def other():
        nonlocal ticks
        while not done:
            ticks += 1
            time.sleep(0)  # releases the GIL and returns at once

    old = sys.getswitchinterval()
    sys.setswitchinterval(100.0)
    t = threading.Thread(target=other)
    try:
        t.start()
        calls()
        before = ticks
        done = True
    finally:
        sys.setswitchinterval(old)
        done = True
        t.join()
    return before


def test_classify_releases_the_gil(policy):
    description = "Germanium metal powder 5N, 99.999%, 1 kg bags; 区熔锗锭"
    held = ticks_while(lambda: [policy._p.bundle() and policy.digest for _ in range(3000)])
    released = ticks_while(lambda: [policy.classify(description=description, to="US")
                                    for _ in range(3000)])
    # Calls that hold the GIL leave the other thread (almost) no chance; classify gives it many.
    # (Typically 1 against 600 or more. On a loaded machine the holder is preempted now and then,
    # so the check is relative: ten times as many chances, and at least 30.)
    assert released >= max(30, 10 * held), (held, released)


def test_screen_releases_the_gil_once_per_batch(policy):
    records = [{"description": "Germanium metal powder 5N, 99.999%; 区熔锗锭", "to": "US"}] * 6400
    ticks = ticks_while(lambda: list(policy.screen(records, batch=64)))
    # 100 batches, each classified with the GIL released: the other thread
    # gets to run while they are (typically over a thousand ticks).
    assert ticks >= 30
