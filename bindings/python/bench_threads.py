#!/usr/bin/env python3
"""Benchmark of the Python binding (`make bench`; not a test: timings belong
to the machine).

1. Thread scaling: records per second classified by 1 thread, then by N
   threads of a ThreadPoolExecutor sharing one Policy, and the ratio; each
   thread screens its share of the records with Policy.screen (batches, the
   GIL released once per batch), then again with one classify_record call per
   record (the GIL released per record). The records are the 40 example
   declarations and the 1,041 labelled records of the evaluation set (19
   languages), cycled. Each rate is the best of --repeat runs, so that other
   load on the machine is not mistaken for the binding's behaviour; the load
   average is printed beside it. On a shared machine, run it where other
   sessions' jobs cannot take a core (e.g. its own session, `setsid`, with a
   high autogroup priority: `echo -20 > /proc/self/autogroup`).
2. Memory: resident set size before and after --calls classify calls (after
   a warm-up), reading every part of each result.

    python3 bench_threads.py [--records 200000] [--threads 2] [--repeat 3] [--calls 1000000]
                             [--read all|verdict]
"""

import argparse
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
# This file sits beside the package's sources, which Python would import
# (without their compiled module) instead of the built package on PYTHONPATH.
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != HERE]

import mineralctl  # noqa: E402
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))


def load_records():
    recs = []
    for path in ("examples/declarations.jsonl", "tests/eval/records.jsonl"):
        with open(os.path.join(TOP, path), encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                recs.append({k: v for k, v in r.items() if k in mineralctl.RECORD_KEYS})
    return recs


def rate(policy, recs, n, threads, mode, read_all):
    """Records per second classifying n records on `threads` threads: each
    thread screens its share as one batch stream (mode "screen") or calls
    classify_record once per record (mode "classify")."""
    share = n // threads
    m = len(recs)

    def work(k):
        mine = (recs[i % m] for i in range(k * share, (k + 1) * share))
        if mode == "screen":
            results = policy.screen(mine, date="2026-03-01")
        else:
            results = (policy.classify_record(r, date="2026-03-01") for r in mine)
        for r in results:
            if read_all:
                r.verdict, r.items, r.flags
            else:
                r.verdict

    with ThreadPoolExecutor(threads) as ex:
        list(ex.map(lambda k: None, range(threads)))  # start the threads first
        t0 = time.perf_counter()
        list(ex.map(work, range(threads)))
        return share * threads / (time.perf_counter() - t0)


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main():
    ap = argparse.ArgumentParser(description="thread scaling and memory of the Python binding")
    ap.add_argument("--records", type=int, default=200_000, help="records per timed run")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--calls", type=int, default=1_000_000, help="calls for the memory check (0: skip)")
    ap.add_argument("--read", choices=("all", "verdict"), default="all",
                    help="read verdict, items and flags of each result (default), or the verdict only")
    args = ap.parse_args()

    policy = mineralctl.Policy()
    recs = load_records()
    print("mineralctl %s, Python %s, policy %s %s, %d cores, load average %.2f"
          % (mineralctl.__version__, sys.version.split()[0], policy.bundle, policy.version,
             os.cpu_count(), os.getloadavg()[0]))
    read_all = args.read == "all"
    print("reading %s of each result" % ("verdict, items and flags" if read_all else "the verdict"))
    for mode, what in (("screen", "policy.screen(share)"), ("classify", "classify_record per record")):
        rate(policy, recs, 20_000, 1, mode, read_all)  # warm-up
        one = max(rate(policy, recs, args.records, 1, mode, read_all) for _ in range(args.repeat))
        many = max(rate(policy, recs, args.records, args.threads, mode, read_all)
                   for _ in range(args.repeat))
        print("%-28s 1 thread %8.0f records/s, %d threads %8.0f records/s: ratio %.2f"
              % (what, one, args.threads, many, many / one))
    print("load average now %.2f" % os.getloadavg()[0])

    if args.calls and os.path.exists("/proc/self/statm"):
        d = "Пластины: арсенид галлия 🔥 高纯金属镓锭 99.99%"
        classify = policy.classify
        for _ in range(20_000):
            classify(description=d, code="8112929090", to="US", date="2026-12-01").evidence
        before = rss()
        t0 = time.perf_counter()
        for i in range(args.calls):
            r = classify(id=str(i), description=d, code="8112929090", to="US", date="2026-12-01")
            r.verdict, r.items, r.flags, r.evidence
        after = rss()
        print("memory: %d classify calls (items, flags, evidence read) in %.0f s: RSS %.1f -> %.1f MB, "
              "growth %.2f MB" % (args.calls, time.perf_counter() - t0, before / 2**20, after / 2**20,
                                  (after - before) / 2**20))
    return 0


if __name__ == "__main__":
    sys.exit(main())
