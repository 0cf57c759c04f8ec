#!/usr/bin/env python3
"""Validate tests/eval/records.jsonl and print its statistics as Markdown.

    python3 tests/eval/stats.py                    # check, print the tables
    python3 tests/eval/stats.py --readme README.md # also rewrite the block between
                                                   # <!-- stats:begin --> and <!-- stats:end -->

Exit status 1 if any record breaks the schema described in README.md.
"""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDS = os.path.join(HERE, "records.jsonl")

MINERALS = ("gallium germanium antimony graphite superhard tungsten tellurium bismuth "
            "molybdenum indium samarium gadolinium terbium dysprosium lutetium scandium "
            "yttrium holmium erbium thulium europium ytterbium rare-earth").split()
CATEGORIES = ("plain traditional fullwidth homoglyph spaced punctuated compound misspelling "
              "formula cas symbol_context trade_name false_declaration negation false_friend "
              "uncontrolled").split()
KEYS = {"id", "lang", "category", "description", "minerals", "controlled"}
OPTIONAL = {"note", "code"}


def cas_ok(cas):
    head, mid, check = cas.split("-")
    digits = head + mid
    return sum((i + 1) * int(d) for i, d in enumerate(reversed(digits))) % 10 == int(check)


def load(path):
    records, errors, ids = [], [], set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            where = f"{os.path.basename(path)}:{n}"
            try:
                r = json.loads(line)
            except ValueError as e:
                errors.append(f"{where}: not JSON ({e})")
                continue
            if not isinstance(r, dict):
                errors.append(f"{where}: not an object")
                continue
            missing, extra = KEYS - r.keys(), r.keys() - KEYS - OPTIONAL
            if missing or extra:
                errors.append(f"{where}: missing {sorted(missing)} / unknown {sorted(extra)}")
                continue
            if not re.fullmatch(r"EV-\d{4}", r["id"]) or r["id"] in ids:
                errors.append(f"{where}: bad or duplicate id {r['id']!r}")
            ids.add(r["id"])
            if r["category"] not in CATEGORIES:
                errors.append(f"{where}: unknown category {r['category']!r}")
            if not isinstance(r["controlled"], bool):
                errors.append(f"{where}: controlled must be true/false")
            m = r["minerals"]
            if not isinstance(m, list) or any(x not in MINERALS for x in m) or len(set(m)) != len(m):
                errors.append(f"{where}: bad minerals {m!r}")
            elif r["controlled"] and not m:
                errors.append(f"{where}: controlled record with no mineral")
            if not isinstance(r["description"], str) or not r["description"].strip():
                errors.append(f"{where}: empty description")
            for cas in re.findall(r"(?<![\d-])\d{2,7}-\d{2}-\d(?![\d-])", r["description"]):
                if not cas_ok(cas):
                    errors.append(f"{where}: CAS {cas} fails its check digit")
            records.append(r)
    return records, errors


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def stats(records):
    total = len(records)
    neg = sum(1 for r in records if not r["minerals"])
    ctl = sum(1 for r in records if r["controlled"])
    thr = sum(1 for r in records if r.get("note", "").startswith("threshold"))
    sus = sum(1 for r in records if "suspended" in r.get("note", ""))
    unsure = sum(1 for r in records if "unsure" in r.get("note", ""))
    langs = collections.Counter(r["lang"] for r in records)
    out = [
        f"* records: **{total}**, languages: **{len(langs)}**, categories: **{len(set(r['category'] for r in records))}**",
        f"* negatives (`minerals` empty): **{neg}** ({100 * neg / total:.1f} %)",
        f"* `controlled: true`: **{ctl}** ({100 * ctl / total:.1f} %); "
        f"`controlled: false` with a mineral named: **{total - ctl - neg}**",
        f"* notes: `threshold…` {thr}, mentioning `suspended` {sus}, mentioning `unsure` {unsure}; "
        f"records with a `code`: {sum(1 for r in records if 'code' in r)}",
        "",
    ]
    rows = []
    for c in CATEGORIES:
        rs = [r for r in records if r["category"] == c]
        rows.append((f"`{c}`", len(rs), sum(1 for r in rs if not r["minerals"]),
                     sum(1 for r in rs if r["controlled"]),
                     len(set(r["lang"] for r in rs))))
    out += [table(("category", "records", "negatives", "controlled", "languages"), rows), ""]
    rows = []
    for lang, n in sorted(langs.items(), key=lambda kv: (-kv[1], kv[0])):
        rs = [r for r in records if r["lang"] == lang]
        rows.append((f"`{lang}`", n, sum(1 for r in rs if not r["minerals"]),
                     sum(1 for r in rs if r["controlled"])))
    out += [table(("lang", "records", "negatives", "controlled"), rows), ""]
    rows = []
    for m in MINERALS:
        rs = [r for r in records if m in r["minerals"]]
        rows.append((f"`{m}`", len(rs), sum(1 for r in rs if r["controlled"]),
                     sum(1 for r in rs if not r["controlled"])))
    out += [table(("mineral", "records naming it", "controlled", "not controlled"), rows)]
    return "\n".join(out) + "\n"


def main(argv):
    records, errors = load(RECORDS)
    for e in errors:
        print("error:", e, file=sys.stderr)
    text = stats(records)
    if "--readme" in argv:
        path = argv[argv.index("--readme") + 1]
        with open(path, encoding="utf-8") as f:
            readme = f.read()
        begin, end = "<!-- stats:begin -->", "<!-- stats:end -->"
        a, b = readme.index(begin) + len(begin), readme.index(end)
        readme = readme[:a] + "\n" + text + readme[b:]
        with open(path, "w", encoding="utf-8") as f:
            f.write(readme)
    print(text, end="")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
