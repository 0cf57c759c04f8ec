"""examples/python/screen_csv.py runs, and gives the verdicts worked out by
hand in examples/python/declarations.expected.csv (rows 1-12 are declarations
of examples/declarations.jsonl, see declarations.expected.md; 13 and 14 are
malformed: 'UK' is not ISO 3166-1 alpha-2 (GB is), "lots" is no quantity;
15 is gallium metal to the US on 2026-12-01, after the No. 72 suspension)."""

import csv
import io
import json
import os
import subprocess
import sys

from conftest import SHIPPED, TOP_SRCDIR

EXAMPLE = os.path.join(TOP_SRCDIR, "examples", "python")
SCRIPT = os.path.join(EXAMPLE, "screen_csv.py")


def run(*args, input=None):
    return subprocess.run([sys.executable, SCRIPT, *args], input=input, capture_output=True,
                          check=False)


def test_files_in_files_out(tmp_path):
    out = tmp_path / "verdicts.csv"
    proc = run("--policy", SHIPPED, os.path.join(EXAMPLE, "declarations.csv"), str(out))
    assert proc.returncode == 1, proc.stderr        # two rows could not be screened
    with open(os.path.join(EXAMPLE, "declarations.expected.csv"), encoding="utf-8") as f:
        assert out.read_text(encoding="utf-8") == f.read()
    assert proc.stderr.decode().strip() == \
        "15 declarations: 3 prohibited, 6 license_required, 1 review, 3 clear, 2 error"


def test_stdin_stdout_and_default_date():
    data = "id,description,to,extra\nX1,Germanium metal powder,US,ignored\nX2,Cotton socks,,\n"
    proc = run("--date", "2026-11-28", input=data.encode())
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode())))
    # DEC-2026-0036: germanium metal to the US the day clause 2 applies again.
    assert [(r["id"], r["verdict"], r["items"]) for r in rows] == [
        ("X1", "prohibited", "cn.2023-23.ge-1"), ("X2", "clear", "")]


def test_same_rows_as_the_cli(cli):
    """For the declarations it can screen, the example's CSV is the CLI's."""
    with open(os.path.join(EXAMPLE, "declarations.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))[:12]
    jsonl = ""
    for row in rows:
        rec = {k: v for k, v in row.items() if v != ""}
        for k in ("quantity", "value"):
            if k in rec:
                rec[k] = float(rec[k])
        if "route" in rec:
            rec["route"] = rec["route"].split()
        jsonl += json.dumps(rec, ensure_ascii=False) + "\n"
    cli_out = cli("screen", "--policy", SHIPPED, "--format", "csv", "-", input=jsonl.encode())
    assert cli_out.returncode == 0
    with open(os.path.join(EXAMPLE, "declarations.expected.csv"), encoding="utf-8") as f:
        expected = list(csv.reader(f.read().splitlines()[:13]))
    # The CLI's CSV report appends columns after the example's eight (file, date, bundle ...).
    got = [row[:len(expected[0])] for row in csv.reader(cli_out.stdout.decode().splitlines())]
    assert got == expected
