#!/usr/bin/env python3
"""The front end (scripts/hpcp) and scripts/run_all.sh on small cases: selection,
sizes from the manifests, rows that cannot run, the results directory, the report,
run_all's two tables (columns, no bare speedup at toy sizes, no bare 0.00).

Usage: hpcp_check.py --build BUILD_DIR [--skip-run-all]
Exit 0 when every check holds, 1 otherwise."""
import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HPCP = os.path.join(ROOT, "scripts", "hpcp")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)


def hpcp(*args, build=None):
    argv = [sys.executable, HPCP] + list(args) + (["--build", build] if build else [])
    return subprocess.run(argv, capture_output=True, text=True, timeout=600)


def manifests():
    out = {}
    for ex in os.listdir(os.path.join(ROOT, "common", "examples")):
        path = os.path.join(ROOT, "common", "examples", ex, "manifest.json")
        if os.path.isfile(path):
            with open(path) as f:
                out[ex] = json.load(f)
    return out


def flag_value(args, flag):
    return args[args.index(flag) + 1] if flag in args else None


def column(table, name):
    """The cells of one column of a printed table (columns start where the header's do)."""
    lines = [ln for ln in table.splitlines() if ln.strip()]
    head = next(i for i, ln in enumerate(lines) if ln.startswith("example"))
    starts = [m.start() for m in re.finditer(r"(?:^|(?<=  ))\S", lines[head])]
    i = [lines[head][s:].split("  ")[0] for s in starts].index(name)
    end = starts[i + 1] if i + 1 < len(starts) else None
    return [ln[starts[i]:end].strip() for ln in lines[head + 2:] if not ln.startswith(("  not run", "\n"))
            and not re.match(r"\d+ run,", ln)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--skip-run-all", action="store_true")
    a = ap.parse_args()
    mans = manifests()

    # list: every manifest, in the notebook's order, with its rank needs
    p = hpcp("list", "--names")
    names = p.stdout.split()
    check(p.returncode == 0 and sorted(names) == sorted(mans), "list --names: %r vs %r" % (names, sorted(mans)))
    check(names == sorted(mans, key=lambda e: mans[e]["notebook_order"]), "list --names is not in notebook order")
    p = hpcp("list")
    for ex, m in mans.items():
        line = next((ln for ln in p.stdout.splitlines() if ln.startswith(ex + " ")), "")
        check(">= %d" % m["models"]["mpi"]["min_ranks"] in line, "list: %s's line lacks its MPI ranks: %r" % (ex, line))

    with tempfile.TemporaryDirectory() as tmp:
        # selection and sizes: one example, one model, two worker counts, the small preset
        out = os.path.join(tmp, "sel")
        p = hpcp("run", "--examples", "square_cube", "--models", "openmp", "--workers", "1,2", "--size", "small",
                 "--out", out, build=a.build)
        check(p.returncode == 0, "run square_cube small: exit %d\n%s" % (p.returncode, p.stderr[-800:]))
        summary = json.load(open(os.path.join(out, "summary.json")))
        rows = summary["rows"]
        check([(r["example"], r["model"], r["workers"], r["size"]) for r in rows] ==
              [("square_cube", "openmp", 1, "small"), ("square_cube", "openmp", 2, "small")],
              "selection: rows %r" % [(r["example"], r["model"], r["workers"], r["size"]) for r in rows])
        want_n = int(flag_value(mans["square_cube"]["sizes"]["small"], "--n"))
        for r in rows:
            doc = json.load(open(os.path.join(out, r["json"])))
            check(doc["params"].get("n") == want_n, "size small: params.n %r, the manifest says %d"
                  % (doc["params"].get("n"), want_n))
            check(r["verified"] and r["runs"] and r["runs"] >= 5, "small run not verified or under 5 runs: %r" % r)
            check(doc["threads"] == r["workers"], "threads %r != workers %r" % (doc["threads"], r["workers"]))
        with open(os.path.join(out, "summary.csv")) as f:
            header = next(csv.reader(f))
        for col in ("example", "model", "mode", "size", "ranks", "threads", "serial_s", "parallel_s",
                    "parallel_min_s", "parallel_max_s", "runs", "speedup", "efficiency", "verified"):
            check(col in header, "summary.csv lacks %s" % col)
        for key in ("host", "cpu", "logical_cpus", "revision", "build", "mpi", "binding"):
            check(key in summary["context"], "summary.json context lacks %s" % key)

        # a case that cannot run is listed with its reason, and is no failure
        out2 = os.path.join(tmp, "pipe1")
        p = hpcp("run", "--examples", "pipe", "--models", "mpi", "--workers", "1,2", "--size", "notebook",
                 "--out", out2, build=a.build)
        check(p.returncode == 0, "pipe mpi at 1,2: exit %d\n%s" % (p.returncode, p.stderr[-800:]))
        check(re.search(r"not run: pipe mpi at 1 worker\(s\): needs at least 2 ranks", p.stdout) is not None,
              "pipe at 1 rank not listed with its reason:\n" + p.stdout)
        rows = json.load(open(os.path.join(out2, "summary.json")))["rows"]
        check([r["exit"] for r in rows] == [None, 0], "pipe rows' exits: %r" % [r["exit"] for r in rows])

        # bad usage: exit 2 with an error line
        for args in (["run", "--examples", "nope"], ["run", "--variants", "nope"], ["run", "--models", "gpu"], ["run", "--workers", "0"],
                     ["report", tmp]):
            p = hpcp(*args, build=a.build)
            check(p.returncode == 2 and "error:" in p.stderr, "hpcp %s: exit %d, stderr %r"
                  % (" ".join(args), p.returncode, p.stderr[-300:]))

        # the report of a results directory: its tables
        p = hpcp("report", out)
        md = os.path.join(out, "report.md")
        check(p.returncode == 0 and os.path.isfile(md), "report: exit %d %s" % (p.returncode, p.stderr[-500:]))
        if os.path.isfile(md):
            text = open(md).read()
            check("square_cube" in text and "| example" in text, "report.md lacks the run table")

    if not a.skip_run_all:
        # run_all.sh: both tables, their columns, no bare speedup at toy sizes, no bare 0.00
        env = dict(os.environ, HPCP_BUILD=a.build, HPCP_RESULTS=tempfile.mkdtemp())
        p = subprocess.run(["bash", os.path.join(ROOT, "scripts", "run_all.sh"), "--no-setup", "--no-build",
                            "--examples", "square_cube,pipe"],
                           capture_output=True, text=True, timeout=900, env=env)
        check(p.returncode == 0, "run_all.sh: exit %d\n%s" % (p.returncode, p.stderr[-800:]))
        tables = p.stdout.split("\nBenchmark")
        check(len(tables) == 2 and "Notebook-size check" in tables[0], "run_all.sh: not two tables:\n" + p.stdout)
        if len(tables) == 2:
            check("speedup" not in tables[0].split("\n")[2], "the notebook-size table has a speedup column")
            for col in ("example", "model", "mode", "size", "ranks x threads", "serial s",
                        "parallel s (median, min-max)", "speedup", "efficiency", "verified"):
                check(col in tables[1], "the small table lacks column %r" % col)
            for cell in column(tables[1], "speedup"):
                check(cell in ("-", "start-up bound") or "noise" in cell or re.fullmatch(r"0\.0*[1-9]\d*|[1-9]\d*\.\d\d", cell),
                      "a bare speedup %r in the small table:\n%s" % (cell, tables[1]))
            check("not run: pipe mpi at 1 worker(s): needs at least 2 ranks" in p.stdout,
                  "run_all.sh does not list pipe at 1 rank with its reason")
    print("hpcp_check: %d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
