#!/usr/bin/env python3
"""Checks the results directories that the batch jobs of the scheduler test left.

Usage: check_results.py KIND=DIR...
KIND names what the job was (slurm-suite, slurm-omp_scaling, slurm-mpi_hybrid-srun,
slurm-mpi_hybrid-mpirun, pbs-torque-suite, ...); DIR is its results directory, holding
env.txt, summary.csv, results.json and runs/*.json (scripts/batch/lib.sh writes them).
Exit 0 when every directory checks out, 1 otherwise.
"""
import csv
import json
import os
import sys

ENV_LABELS = ("nodes", "ranks", "threads", "binding", "launcher", "mpi", "modules",
              "per-rank placement")


def check(kind, d):
    bad = []
    res = json.load(open(os.path.join(d, "results.json")))
    job, runs = res["job"], res["runs"]
    rows = list(csv.DictReader(open(os.path.join(d, "summary.csv"))))
    env = open(os.path.join(d, "env.txt")).read()
    if not runs:
        bad.append("no runs")
    if len(rows) != len(runs):
        bad.append("summary.csv has %d rows, results.json %d runs" % (len(rows), len(runs)))
    if job["failed"] != 0:
        bad.append("%d runs failed" % job["failed"])
    reports = []
    for r in runs:
        rep = r["report"]
        if r["exit"] != 0 or rep is None or rep.get("verified") is not True:
            bad.append("%s: exit %s, report %s" % (r["tag"], r["exit"],
                                                   "missing" if rep is None else "not verified"))
        with open(os.path.join(d, "runs", r["tag"] + ".json")) as f:
            if json.load(f) != rep:
                bad.append(r["tag"] + ": runs/*.json differs from results.json")
        if rep:
            reports.append(rep)
    for row in rows:
        if row["verified"] != "true" or row["exit"] != "0":
            bad.append("summary.csv row not verified: %s" % row)
    for label in ENV_LABELS:
        if label not in env:
            bad.append("env.txt lacks '%s'" % label)
    models = {rep["model"] for rep in reports}
    if kind.endswith("suite") and not ("openmp" in models and models & {"mpi", "hybrid"}):
        bad.append("the suite ran models %s" % sorted(models))
    if kind.endswith("omp_scaling"):
        # fibonacci_condition's team is --consumers workers plus the producer thread
        threads = sorted({rep["params"].get("consumers", rep["threads"]) for rep in reports})
        if threads != [1, 2]:
            bad.append("scaling ran threads %s, expected [1, 2]" % threads)
        if not os.path.exists(os.path.join(d, "scaling.csv")):
            bad.append("no scaling.csv")
    if "mpi_hybrid" in kind:
        want_launcher = "srun" if kind.endswith("-srun") else "mpirun-ompi"
        if job["launcher"] != want_launcher:
            bad.append("launcher %s, expected %s" % (job["launcher"], want_launcher))
        if models - {"mpi", "hybrid"}:
            bad.append("the hybrid job ran models %s" % sorted(models))
        want = (1, 2) if kind.endswith("-mpirun") else (2, 1)  # ranks, threads per rank
        if (job["ranks"], job["threads_per_rank"]) != want:
            bad.append("ranks x threads %s, expected %s" % ((job["ranks"], job["threads_per_rank"]), want))
        for rep in reports:
            if rep["ranks"] != want[0]:
                bad.append("%s ran on %s ranks" % (rep["example"], rep["ranks"]))
            if rep["model"] == "hybrid" and rep["threads"] != want[1]:
                bad.append("%s ran %s threads per rank" % (rep["example"], rep["threads"]))
    for b in bad:
        print("    " + b)
    print("  %-26s %s: %d runs verified: %s" % (os.path.basename(d), "ok" if not bad else "BAD",
                                               len(reports), " ".join(sorted(r["tag"] for r in runs))))
    return not bad


def main():
    ok = True
    for arg in sys.argv[1:]:
        kind, _, d = arg.partition("=")
        try:
            ok = check(kind, d) and ok
        except (OSError, ValueError, KeyError) as e:
            print("  %s: cannot read the results: %s" % (d, e))
            ok = False
    return 0 if ok and len(sys.argv) > 1 else 1


if __name__ == "__main__":
    sys.exit(main())
