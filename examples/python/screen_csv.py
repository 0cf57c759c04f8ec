#!/usr/bin/env python3
"""Screen a CSV of declarations with the mineralctl Python binding.

    python3 screen_csv.py [--policy PATH] [--date YYYY-MM-DD] [IN.csv|-] [OUT.csv|-]

In: a CSV file with a header row naming any of the record keys (id,
description, description2, code, origin, from, to, date, channel, end_use,
quantity, unit, value, currency, route); other columns are ignored, an empty
cell is a missing value, `route` lists countries separated by spaces or
commas. Out: one row per declaration, the columns of `mineralctl screen
--format csv`: line (the data row, from 1), id, verdict, items, minerals,
actions, flags (";"-separated), and error for a row that could not be
screened (verdict "error"; the other rows go on). A summary goes to stderr.
"""

import argparse
import collections
import csv
import sys

import mineralctl

NUMBERS = ("quantity", "value")
OUT_COLUMNS = ("line", "id", "verdict", "items", "minerals", "actions", "flags", "error")


def records(rows):
    """CSV rows -> record dicts: empty cells dropped, numbers parsed."""
    for row in rows:
        rec = {}
        for key, cell in row.items():
            if key not in mineralctl.RECORD_KEYS or cell is None or cell.strip() == "":
                continue
            if key in NUMBERS:
                try:
                    cell = float(cell)
                except ValueError:
                    pass  # left as text: the binding reports "'quantity' must be a number"
            rec[key] = cell
        yield rec


def row_of(n, res):
    if not res.ok:
        return {"line": n, "id": res.id or "", "verdict": "error", "error": str(res.error)}
    minerals = []
    for item in res.items:
        minerals += [m for m in item.minerals if m not in minerals]
    return {"line": n, "id": res.id or "", "verdict": res.verdict.value,
            "items": ";".join(i.id for i in res.items), "minerals": ";".join(minerals),
            "actions": ";".join(i.action for i in res.items), "flags": ";".join(res.flags),
            "error": ""}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", nargs="?", default="-", help="CSV of declarations (default: stdin)")
    ap.add_argument("output", nargs="?", default="-", help="CSV of verdicts (default: stdout)")
    ap.add_argument("--policy", help="bundle folder or policy file (default: the shipped bundle)")
    ap.add_argument("--date", help="date for rows without one (default: today)")
    args = ap.parse_args(argv)

    policy = mineralctl.Policy(args.policy)
    fin = sys.stdin if args.input == "-" else open(args.input, newline="", encoding="utf-8")
    fout = sys.stdout if args.output == "-" else open(args.output, "w", newline="", encoding="utf-8")
    counts = collections.Counter()
    with fin, fout:
        out = csv.DictWriter(fout, OUT_COLUMNS, lineterminator="\n")
        out.writeheader()
        for n, res in enumerate(policy.screen(records(csv.DictReader(fin)), date=args.date), 1):
            out.writerow(row_of(n, res))
            counts[res.verdict.value if res.ok else "error"] += 1
    print("%d declarations: %s" % (sum(counts.values()), ", ".join(
        "%d %s" % (counts[k], k) for k in ("prohibited", "license_required", "review", "clear", "error"))),
        file=sys.stderr)
    return 1 if counts["error"] else 0


if __name__ == "__main__":
    sys.exit(main())
