#!/usr/bin/env python3
"""Screen a large, partitioned dataset of declarations on a Dask cluster.

    # a synthetic dataset: N declarations in CSV partitions
    python3 screen_dask.py generate DATA --records 10000000 --partitions 200

    # screen it on a local cluster of worker processes ...
    python3 screen_dask.py screen DATA OUT --workers 2
    # ... or on a running cluster (every worker needs the mineralctl package
    # and the policy at the same path)
    python3 screen_dask.py screen DATA OUT --scheduler tcp://10.0.0.5:8786

`screen` reads DATA/*.csv (the record keys of `mineralctl screen` as columns,
empty cells missing, `route` as space-separated countries, other columns
ignored), classifies every row against the policy, one compiled Policy per
worker process, and writes OUT/part-NNNNN.csv, one output partition per input
partition: id, verdict, items, minerals, actions, flags, error. It prints the
verdict counts and the rate in records per second.

`generate` writes realistic but synthetic declarations: free goods in twelve
languages, and controlled goods taken from examples/declarations.jsonl; each
row carries in `expected` the verdict worked out by hand for its template
(examples/declarations.expected.md), so a screen can be checked row by row.
"""

import argparse
import csv
import os
import random
import sys
import tempfile
import time

import mineralctl

OUT_COLUMNS = ["id", "verdict", "items", "minerals", "actions", "flags", "error"]
IN_COLUMNS = ["id", "description", "description2", "code", "origin", "from", "to", "date",
              "channel", "end_use", "quantity", "unit", "value", "currency", "route", "expected"]

# ---------------------------------------------------------------- generating

# Goods no control in the bundle touches: clear to any destination, on any date.
FREE = [
    ("Cotton T-shirts, men's, knitted, 100% cotton", "6109100000"),
    ("Steel hex bolts M12, zinc plated", "7318159000"),
    ("Frozen shrimp, peeled, 10 kg cartons", "0306179000"),
    ("LED light bulbs E27 9W, 100 pcs per carton", "8539520000"),
    ("Aluminium window frames, powder coated", "7610100000"),
    ("Bicycle tyres 26 inch", "4011500000"),
    ("Canned tomatoes 400 g", "2002100000"),
    ("Tin ingots 99.9%", "8001100000"),
    ("Porzellan-Teller, weiß, 27 cm", "6911100000"),
    ("Zapatos de cuero para hombre", "6403990000"),
    ("Chaussures de sport en textile", "6404110000"),
    ("橡木餐桌，实木", "9403609990"),
    ("塑料玩具积木，儿童用", "9503008900"),
    ("纯棉床单", "6302310000"),
    ("Резиновые перчатки хозяйственные", "4015190000"),
    ("Чай зелёный листовой, 100 г", "0902100000"),
    ("冷凍えび（むき身）", "0306179000"),
    ("陶磁器製の食器セット", "6912000000"),
    ("스테인리스 주방용품 세트", "7323930000"),
    ("ملابس قطنية للأطفال", "6111200000"),
    ("सूती कपड़ा, छपा हुआ", "5208520000"),
    ("Cerâmica para pavimento 60x60", "6907210000"),
    ("Solid oak dining tables, design from Germany", "94036099"),
    ("Wooden chopsticks, disposable", "4419900000"),
]
DESTINATIONS = ["DE", "US", "JP", "KR", "FR", "GB", "NL", "TH", "VN", "IN", "BR", "AE", "MX", "AU"]

# Controlled goods and red flags: records of examples/declarations.jsonl with
# the verdicts worked out in examples/declarations.expected.md.
# (id there, description, code, from, to, date, end_use, route, expected verdict)
CONTROLLED = [
    ("0001", "Gallium metal 99.99% (4N), ingots, 10 kg net per bottle", "8112929090", "CN", "DE", "2026-03-01", "civil", "", "license_required"),
    ("0003", "氮化鎵晶片（GaN wafers），2吋，單面拋光", "3818009001", "CN", "TW", "2025-06-10", "civil", "", "license_required"),
    ("0004", "Арсенид галлия, пластины монокристаллические, 4 дюйма", "3818009004", "CN", "RU", "2026-01-20", "civil", "", "license_required"),
    ("0005", "二酸化ゲルマニウム 粉末 99.999%", "2825600002", "CN", "JP", "2026-04-15", "civil", "", "license_required"),
    ("0006", "Germanium-Granulat, Reinheit 99,999 %", "8112921090", "CN", "DE", "2026-02-18", "civil", "", "license_required"),
    ("0014", "Tin ingots 99.9%", "8112929090", "CN", "TH", "2026-05-20", "", "", "license_required"),
    ("0016", "Unwrought metal powder, 25 kg drums", "811292", "CN", "SG", "2026-03-03", "", "", "review"),
    ("0018", "Germanium dioxide powder, 99.999%", "2825600002", "CN", "US", "2026-12-01", "civil", "", "prohibited"),
    ("0020", "Germanium single-crystal blanks for thermal imaging optics", "8112921090", "CN", "US", "2026-03-01", "military", "", "prohibited"),
    ("0022", "Germanium ingots 5N", "8112921090", "DE", "US", "2026-03-01", "civil", "", "clear"),
    ("0025", "갈륨 금속 잉곳 99.99%", "8112929090", "CN", "KR", "2026-07-07", "civil", "", "license_required"),
    ("0034", "Gallium metal 4N ingots", "8112929090", "CN", "MX", "2026-07-01", "civil", "TH", "license_required"),
    ("0037", "Gallium metal 4N", "8112929090", "CN", "US", "2025-11-08", "civil", "", "prohibited"),
]


def generate(outdir, records, partitions, seed):
    rng = random.Random(seed)
    os.makedirs(outdir, exist_ok=True)
    per = -(-records // partitions)
    n = 0
    for p in range(partitions):
        rows = min(per, records - n)
        if rows <= 0:
            break
        with open(os.path.join(outdir, "part-%05d.csv" % p), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(IN_COLUMNS)
            for _ in range(rows):
                n += 1
                qty = rng.randint(1, 5000)
                if rng.random() < 0.75:
                    desc, code = rng.choice(FREE)
                    date = "2026-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28))
                    w.writerow(["G%09d" % n, desc, "", code, "CN", "CN", rng.choice(DESTINATIONS), date,
                                "customs", "", qty, "kg", qty * rng.randint(2, 40), "USD", "", "clear"])
                else:
                    _, desc, code, frm, to, date, end_use, route, expect = rng.choice(CONTROLLED)
                    w.writerow(["G%09d" % n, desc, "", code, "CN", frm, to, date, "customs", end_use,
                                qty, "kg", qty * rng.randint(30, 400), "USD", route, expect])
    return n

# ---------------------------------------------------------------- screening

NUMBERS = ("quantity", "value")


def _number(cell):
    try:
        return float(cell)
    except ValueError:
        return cell  # left as text: the binding reports "'quantity' must be a number"


def records_of(df):
    """A partition's rows as record dicts: empty cells left out, numbers parsed."""
    keys = [c for c in df.columns if c in mineralctl.RECORD_KEYS]
    numeric = [k in NUMBERS for k in keys]
    for values in zip(*(df[k].tolist() for k in keys)):
        rec = {}
        for k, v, num in zip(keys, values, numeric):
            if v != "":
                rec[k] = _number(v) if num else v
        yield rec


def screen_partition(df, policy, date):
    """One pandas partition in, its verdicts out. `policy` arrives pickled as
    its path and digest: each worker process loads it once and reuses it."""
    import pandas as pd
    cols = {c: [] for c in OUT_COLUMNS}
    for res in policy.screen(records_of(df), date=date):
        if res.ok:
            minerals = []
            for item in res.items:
                minerals += [m for m in item.minerals if m not in minerals]
            vals = (res.id or "", res.verdict.value, ";".join(i.id for i in res.items),
                    ";".join(minerals), ";".join(i.action for i in res.items), ";".join(res.flags), "")
        else:
            vals = (res.id or "", "error", "", "", "", "", str(res.error))
        for c, v in zip(OUT_COLUMNS, vals):
            cols[c].append(v)
    return pd.DataFrame(cols, index=df.index)


def policy_loads():
    """Runs on each worker: how many policies this process has loaded."""
    from mineralctl import _policy
    return len(_policy._cache)


def screen(args):
    import dask
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    policy = mineralctl.Policy(args.policy)   # fails here, on the client, if the policy is wrong
    if args.scheduler:
        cluster = None
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None,
                               local_directory=tempfile.gettempdir())
        client = Client(cluster)
    try:
        nworkers = len(client.scheduler_info()["workers"])
        ddf = dd.read_csv(os.path.join(args.data, "*.csv"), dtype=str, keep_default_na=False,
                          blocksize=None)
        meta = pd.DataFrame({c: pd.Series(dtype=object) for c in OUT_COLUMNS})
        out = ddf.map_partitions(screen_partition, policy, args.date, meta=meta)
        os.makedirs(args.out, exist_ok=True)
        write = out.to_csv(os.path.join(args.out, "part-*.csv"), index=False, compute=False,
                           name_function=lambda i: "%05d" % i)
        counts = out.map_partitions(lambda d: d["verdict"].value_counts(),
                                    meta=pd.Series(dtype="int64", name="verdict"))
        t0 = time.perf_counter()
        _, counts = dask.compute(write, counts)
        elapsed = time.perf_counter() - t0
        counts = counts.groupby(level=0).sum()
        total = int(counts.sum())
        loads = client.run(policy_loads)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    order = ["prohibited", "license_required", "review", "clear", "error"]
    print("%d records: %s" % (total, ", ".join("%d %s" % (counts.get(k, 0), k) for k in order)))
    print("policy loads per worker process: %s" % ", ".join(str(v) for v in sorted(loads.values())))
    print("%.0f records/s on %d worker%s (%d records in %.2f s, %d partitions)"
          % (total / elapsed, nworkers, "s" if nworkers != 1 else "", total, elapsed, ddf.npartitions))
    return 1 if counts.get("error", 0) else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write a synthetic dataset of declarations")
    g.add_argument("data", help="folder for the CSV partitions")
    g.add_argument("--records", type=int, default=10_000_000)
    g.add_argument("--partitions", type=int, default=200)
    g.add_argument("--seed", type=int, default=1)
    s = sub.add_parser("screen", help="screen a dataset on a Dask cluster")
    s.add_argument("data", help="folder of CSV partitions")
    s.add_argument("out", help="folder for the output partitions")
    where = s.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=2, help="local worker processes (default 2)")
    where.add_argument("--scheduler", help="address of a running scheduler, e.g. tcp://host:8786")
    s.add_argument("--policy", help="bundle folder or policy file (default: the shipped bundle)")
    s.add_argument("--date", help="date for records without one (default: today)")
    args = ap.parse_args(argv)
    if args.command == "generate":
        t0 = time.perf_counter()
        n = generate(args.data, args.records, args.partitions, args.seed)
        print("%d records in %s (%.1f s)" % (n, args.data, time.perf_counter() - t0))
        return 0
    return screen(args)


if __name__ == "__main__":
    sys.exit(main())
