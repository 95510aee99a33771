#!/usr/bin/env python3
"""Stress test of one example: --runs runs (default 50), each with a random model
(OpenMP or MPI), a random worker count (1-8 threads, or 1-4 ranks, at least the
example's mpi_min_ranks) and random sizes drawn from the "stress" table of
tests/cli/expected/<example>.json ({"--flag": [lo, hi], ...}; "stress_openmp" and
"stress_mpi" add flags of one model only, e.g. --consumers; "stress_args" are
fixed flags). Every run must exit 0 within --time-limit with one JSON object
whose "verified" is true; the verification itself is the binary's (parallel
result against the serial baseline and closed forms).

The random seed is printed first and every failure prints its exact command, so
a failure can be replayed: stress.py ... --seed S.
Usage: stress.py --expected FILE --omp BIN --mpi BIN [--launcher 'mpiexec;-n;{np};...']
"""
import argparse
import json
import random
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expected", required=True)
    ap.add_argument("--omp", required=True)
    ap.add_argument("--mpi", required=True)
    ap.add_argument("--launcher", required=True,
                    help="MPI launcher, ';'-separated, with {np} where the rank count goes")
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--time-limit", type=float, default=60.0)
    a = ap.parse_args()
    with open(a.expected) as f:
        spec = json.load(f)
    table = spec.get("stress")
    if not table:
        print("error: %s has no \"stress\" table" % a.expected, file=sys.stderr)
        return 2
    seed = a.seed if a.seed is not None else int(time.time() * 1000) % 2**31
    print("stress %s: %d runs, seed %d" % (spec["example"], a.runs, seed), flush=True)
    rng = random.Random(seed)
    min_ranks = spec.get("mpi_min_ranks", 1)
    failures, counts = [], {"openmp": 0, "mpi": 0}
    start = time.monotonic()
    for i in range(a.runs):
        model = "openmp" if rng.random() < 0.5 else "mpi"
        args = list(spec.get("stress_args", []))
        for flag, (lo, hi) in sorted(table.items()) + sorted(spec.get("stress_" + model, {}).items()):
            args += [flag, str(rng.randint(lo, hi))]
        args += ["--seed", str(rng.randint(0, 2**31)), "--json"]
        if model == "openmp":
            workers = rng.randint(1, 8)
            cmd = [a.omp, "--threads", str(workers)] + args
        else:
            workers = rng.randint(min_ranks, max(min_ranks, 4))
            launcher = [x.replace("{np}", str(workers)) for x in a.launcher.split(";") if x]
            cmd = launcher + [a.mpi] + args
        counts[model] += 1
        shown = " ".join(cmd)
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=a.time_limit)
        except subprocess.TimeoutExpired:
            failures.append("hung for %g s: %s" % (a.time_limit, shown))
            print("FAIL run %d: hung: %s" % (i, shown), flush=True)
            continue
        verdict = None
        try:
            verdict = json.loads(p.stdout).get("verified")
        except (json.JSONDecodeError, AttributeError):
            pass
        if p.returncode != 0 or verdict is not True:
            failures.append("exit %d, verified %r: %s\n%s" % (p.returncode, verdict, shown, p.stderr[-600:]))
            print("FAIL run %d: exit %d, verified %r: %s" % (i, p.returncode, verdict, shown), flush=True)
        else:
            print("ok   run %2d  %-6s %d  %s" % (i, model, workers, " ".join(args[:-1])), flush=True)
    print("%d runs (%d OpenMP, %d MPI) in %.1f s: %d failed (seed %d)"
          % (a.runs, counts["openmp"], counts["mpi"], time.monotonic() - start, len(failures), seed))
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
