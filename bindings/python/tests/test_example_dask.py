"""examples/dask/screen_dask.py: generate 2,000 declarations in 4 CSV
partitions, screen them on a LocalCluster of 2 worker processes, and check
the output partitions row by row against the verdicts worked out by hand for
each template (examples/declarations.expected.md; free goods are clear)."""

import csv
import glob
import os
import re
import subprocess
import sys

import pytest

from conftest import SHIPPED, TOP_SRCDIR

pytest.importorskip("pandas")
pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")

SCRIPT = os.path.join(TOP_SRCDIR, "examples", "dask", "screen_dask.py")


def rows(folder):
    out = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.csv"))):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                assert row["id"] not in out
                out[row["id"]] = row
    return out


def test_generate_and_screen_on_two_workers(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    gen = subprocess.run([sys.executable, SCRIPT, "generate", str(data), "--records", "2000",
                          "--partitions", "4", "--seed", "7"], capture_output=True, check=False)
    assert gen.returncode == 0, gen.stderr
    assert len(glob.glob(str(data / "*.csv"))) == 4

    proc = subprocess.run([sys.executable, SCRIPT, "screen", str(data), str(out), "--workers", "2",
                           "--policy", SHIPPED], capture_output=True, check=False, timeout=600)
    text, err = proc.stdout.decode(), proc.stderr.decode()
    assert proc.returncode == 0, text + err[-3000:]
    # Under ASan the workers inherit the preloaded runtime: none of them may report.
    assert not re.search(r"ERROR: (Address|Leak)Sanitizer|runtime error:", err), err[-3000:]
    assert len(glob.glob(str(out / "part-*.csv"))) == 4          # one output partition per input

    inp, res = rows(data), rows(out)
    assert len(inp) == len(res) == 2000
    assert set(res) == set(inp)
    wrong = [(i, inp[i]["description"], inp[i]["expected"], res[i]["verdict"])
             for i in inp if res[i]["verdict"] != inp[i]["expected"]]
    assert wrong == []
    # Every kind of answer is there, and a few rows worked out by hand in full:
    verdicts = {r["verdict"] for r in res.values()}
    assert verdicts == {"clear", "review", "license_required", "prohibited"}
    for i, row in inp.items():
        if row["description"] == "Germanium dioxide powder, 99.999%":      # DEC-2026-0018
            assert (res[i]["items"], res[i]["actions"]) == ("cn.2023-23.ge-5", "prohibited")
        if row["description"] == "Tin ingots 99.9%" and row["code"] == "8112929090":  # DEC-2026-0014
            assert res[i]["flags"] == "controlled_code_vague_description"
        if row["from"] == "DE":                                            # DEC-2026-0022
            assert (res[i]["verdict"], res[i]["actions"]) == ("clear", "none")

    # The summary: counts that add up, the rate, one policy load per worker at most.
    m = re.search(r"^2000 records: (\d+) prohibited, (\d+) license_required, (\d+) review, "
                  r"(\d+) clear, 0 error$", text, re.M)
    assert m, text
    by_verdict = {v: sum(r["expected"] == v for r in inp.values())
                  for v in ("prohibited", "license_required", "review", "clear")}
    assert tuple(map(int, m.groups())) == tuple(by_verdict.values())
    assert re.search(r"^\d+ records/s on 2 workers \(2000 records in [\d.]+ s, 4 partitions\)$", text, re.M)
    loads = re.search(r"^policy loads per worker process: (\d+), (\d+)$", text, re.M)
    assert loads and all(int(n) <= 1 for n in loads.groups()) and sum(map(int, loads.groups())) >= 1
