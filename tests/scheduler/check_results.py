#!/usr/bin/env python3
"""Checks the results directories that the batch jobs of the scheduler test left.

Usage: check_results.py [--nodes N] KIND=DIR...
KIND names what the job was (slurm-suite, slurm-omp_scaling, slurm-mpi_hybrid-srun,
slurm-mpi_hybrid-mpirun, pbs-torque-suite, ...); DIR is its results directory, holding
env.txt (scripts/batch/lib.sh), summary.json, summary.csv and runs/*.json (scripts/hpcp run,
which the job runs its examples through).
--nodes N (default 1): every job ran on N nodes (its allocation lists N distinct hosts,
the per-rank placement probe in env.txt put as many ranks on each); the mpi_hybrid jobs
ran N times the one-node shape (srun: 2 ranks x 1 thread per node, mpirun: 1 rank x 2
threads per node); every MPI or hybrid run of any job reports "nodes" N, evenly filled.
Exit 0 when every directory checks out, 1 otherwise.
"""
import csv
import json
import os
import re
import sys

ENV_LABELS = ("nodes", "ranks", "threads", "binding", "launcher", "mpi", "modules",
              "per-rank placement")


def probe_hosts(env):
    """Host -> ranks of the per-rank placement probe in env.txt ("  rank 0 on node1: cpus ...")."""
    hosts = {}
    for m in re.finditer(r"^\s*rank \S+ on ([^\s:]+):", env, re.M):
        hosts[m.group(1)] = hosts.get(m.group(1), 0) + 1
    return hosts


def check_nodes(kind, job, runs, env, nodes, bad):  # runs: [{"tag", "report"}]
    """Each MPI/hybrid run on all the job's nodes; returns 'tag:nodes' words."""
    seen = []
    if job["nodes"] != nodes:
        bad.append("the job ran on %s nodes, expected %d" % (job["nodes"], nodes))
    hosts = set(job["nodelist"].split())
    if len(hosts) != nodes:
        bad.append("the job's node list '%s' names %d hosts, expected %d"
                   % (job["nodelist"], len(hosts), nodes))
    probed = probe_hosts(env)
    if probed and (set(probed) != hosts or set(probed.values()) != {job["ranks_per_node"]}):
        bad.append("the placement probe put ranks on %s, expected %d on each of %s"
                   % (probed, job["ranks_per_node"], sorted(hosts)))
    for r in runs:
        rep = r["report"]
        if not rep or rep.get("model") not in ("mpi", "hybrid"):
            continue
        got, per_node = rep.get("nodes"), rep.get("ranks_per_node")
        if got != nodes or not isinstance(per_node, int) or per_node * nodes != rep["ranks"]:
            bad.append("%s: %s ranks on %s nodes (%s per node), expected every node of the %d"
                       % (r["tag"], rep["ranks"], got, per_node, nodes))
        seen.append("%s:%s" % (r["tag"], got))
    return seen


def check(kind, d, nodes=None):
    bad = []
    summary = json.load(open(os.path.join(d, "summary.json")))
    job, rows = summary["context"]["job"], summary["rows"]
    csv_rows = list(csv.DictReader(open(os.path.join(d, "summary.csv"))))
    env = open(os.path.join(d, "env.txt")).read()
    if not rows:
        bad.append("no runs")
    if len(csv_rows) != len(rows):
        bad.append("summary.csv has %d rows, summary.json %d" % (len(csv_rows), len(rows)))
    reports, runs = [], []
    for r in rows:
        try:
            rep = json.load(open(os.path.join(d, r["json"]))) if r["json"] else None
        except (OSError, ValueError):
            rep = None
        if r["exit"] != 0 or rep is None or rep.get("verified") is not True or not r["verified"]:
            bad.append("%s: exit %s, %s, report %s" % (r["case"], r["exit"], r["reason"] or "ran",
                                                       "missing" if rep is None else "not verified"))
        if rep:
            reports.append(rep)
            runs.append({"tag": r["case"], "report": rep})
    for row in csv_rows:
        if row["verified"] != "True" or row["exit"] != "0":
            bad.append("summary.csv row not verified: %s" % row["case"])
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
        if any(r["speedup"] is not None and r["efficiency"] is None for r in rows):
            bad.append("a scaling row has a speedup but no efficiency")
    if "mpi_hybrid" in kind:
        want_launcher = "srun" if kind.endswith("-srun") else "mpirun-ompi"
        if job["launcher"] != want_launcher:
            bad.append("launcher %s, expected %s" % (job["launcher"], want_launcher))
        if models - {"mpi", "hybrid"}:
            bad.append("the hybrid job ran models %s" % sorted(models))
        n = nodes or 1
        want = (n, 2) if kind.endswith("-mpirun") else (2 * n, 1)  # ranks, threads per rank
        if (job["ranks"], job["threads_per_rank"]) != want:
            bad.append("ranks x threads %s, expected %s" % ((job["ranks"], job["threads_per_rank"]), want))
        for rep in reports:
            if rep["ranks"] != want[0]:
                bad.append("%s ran on %s ranks" % (rep["example"], rep["ranks"]))
            if rep["model"] == "hybrid" and rep["threads"] != want[1]:
                bad.append("%s ran %s threads per rank" % (rep["example"], rep["threads"]))
    seen = check_nodes(kind, job, runs, env, nodes, bad) if nodes else []
    for b in bad:
        print("    " + b)
    print("  %-26s %s: %d runs verified: %s" % (os.path.basename(d), "ok" if not bad else "BAD",
                                               len(reports), " ".join(sorted(r["tag"] for r in runs))))
    if seen:
        print("  %-26s nodes of each MPI run: %s" % ("", " ".join(sorted(seen))))
    return not bad


def main():
    ok = True
    args, nodes = sys.argv[1:], None
    if args and args[0].startswith("--nodes"):
        value = args[0].partition("=")[2] if "=" in args[0] else (args[1] if len(args) > 1 else "")
        args = args[1:] if "=" in args[0] else args[2:]
        if not value.isdigit() or int(value) < 1:
            print("check_results.py: --nodes needs a positive integer, got '%s'" % value)
            return 2
        nodes = int(value)
    for arg in args:
        kind, _, d = arg.partition("=")
        try:
            ok = check(kind, d, nodes) and ok
        except (OSError, ValueError, KeyError, TypeError) as e:
            print("  %s: cannot read the results: %s" % (d, e))
            ok = False
    return 0 if ok and args else 1


if __name__ == "__main__":
    sys.exit(main())
