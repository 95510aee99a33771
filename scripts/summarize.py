#!/usr/bin/env python3
"""Collect the --json runs of scripts/run_all.sh into one table, a CSV and a JSON file.

Usage: summarize.py RAW_DIR RESULTS_DIR. Exit 1 if any run failed verification or erred;
a run that refused its rank count (exit 2 with an 'error:' line, e.g. pipe on one rank)
is listed as n/a, not as a failure.
"""
import csv
import glob
import json
import os
import sys

FIELDS = ["example", "model", "workers", "ranks", "threads", "serial_seconds", "parallel_seconds",
          "speedup", "verified", "status"]


def main(raw, results):
    rows, bad = [], 0
    for rc_path in sorted(glob.glob(os.path.join(raw, "*.rc"))):
        stem = rc_path[:-3]
        example, model, workers = os.path.basename(stem).rsplit("_", 2)
        rc = int(open(rc_path).read().strip())
        err = open(stem + ".err").read().strip().splitlines()
        row = dict.fromkeys(FIELDS, "")
        row.update(example=example, model=model, workers=int(workers))
        try:
            doc = json.load(open(stem + ".json"))
        except (json.JSONDecodeError, OSError):
            doc = None
        if rc == 0 and doc is not None:
            row.update({k: doc[k] for k in ("ranks", "threads", "serial_seconds", "parallel_seconds",
                                            "speedup", "verified")})
            row["model"] = doc["model"]
            row["status"] = "ok"
        elif rc == 2 and err and err[0].startswith("error:"):
            row["status"] = "n/a: " + err[0][len("error: "):]
        else:
            bad += 1
            row["verified"] = False if doc else ""
            first = next((l for l in err if l.startswith("error")), err[0] if err else "")
            row["status"] = "FAILED (exit %d) %s" % (rc, first)
        rows.append(row)

    order = {m: i for i, m in enumerate(["openmp", "mpi", "hybrid"])}
    rows.sort(key=lambda r: (r["example"], order.get(r["model"], 9), r["workers"]))
    header = "%-20s %-7s %7s %12s %12s %8s  %s" % ("example", "model", "workers", "serial [s]",
                                                    "parallel [s]", "speedup", "verification")
    print(header)
    print("-" * len(header))
    for r in rows:
        num = lambda v, f: (f % v) if isinstance(v, (int, float)) and v != "" else "-"
        verdict = "SUCCESSFUL" if r["verified"] is True else r["status"]
        print("%-20s %-7s %7d %12s %12s %8s  %s" % (r["example"], r["model"], r["workers"],
              num(r["serial_seconds"], "%.4g"), num(r["parallel_seconds"], "%.4g"),
              num(r["speedup"], "%.2f"), verdict))

    with open(os.path.join(results, "summary.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(results, "summary.json"), "w") as f:
        json.dump(rows, f, indent=1)
    print("\nwrote %s and %s" % (os.path.join(results, "summary.csv"), os.path.join(results, "summary.json")))
    if bad:
        print("%d run(s) failed" % bad, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
