#!/usr/bin/env python3
"""Stress test of issue 3: omp_fibonacci_condition --runs times (default 200)
with 1-16 consumers, both modes (threads, tasks) and random small inputs (zero
items, one item, duplicates, more consumers than items, values beyond F(93)).

A lost wake-up or a consumer that never hears "nothing more is coming" would
hang a run: each run has its own short time limit (and the binary's --timeout
watchdog), so a hang is a failure, never a stuck test. Every result is checked
here too, independently of the binary's own verification: exit 0, "verified":
true, the dictionary equal to F(v) computed with Python's integers, and the
items the consumers took adding up to the items produced.

The random seed is printed first and every failure prints its command, so a
failure can be replayed with --seed S.
Usage: fibonacci_condition_stress.py BINARY [--runs N] [--seed S] [--time-limit S]
"""
import argparse
import json
import random
import subprocess
import sys
import time


def fib(v):
    a, b = 0, 1
    for _ in range(v):
        a, b = b, a + b
    return a


def expected_json(value):
    # exact_json: a number while it fits 64 bits, else a decimal string
    return value if value < 2**64 else str(value)


def random_args(rng):
    """Random small input: an explicit list (maybe empty-ish, with duplicates) or generated."""
    if rng.random() < 0.5:
        k = rng.choice([0, 1, 1, 2, 3, rng.randint(4, 40)])
        if k == 0:
            return ["--count", "0"], []
        top = rng.choice([10, 93, 95, 300])
        values = [rng.randint(0, top) for _ in range(k)]
        if k > 1 and rng.random() < 0.5:
            values.append(rng.choice(values))  # a duplicate
        return ["--values", ",".join(map(str, values))], values
    k, top = rng.randint(0, 60), rng.randint(1, 400)
    return ["--count", str(k), "--max", str(top)], None


def check(doc, values, args):
    problems = []
    if doc.get("verified") is not True:
        problems.append("not verified: %s" % doc.get("verification_messages", doc.get("notes")))
    result = doc.get("result", {})
    items = doc.get("metrics", {}).get("items")
    if values is not None:
        want = {str(v): expected_json(fib(v)) for v in values}
        if result != want:
            problems.append("result %s, expected %s" % (json.dumps(result)[:200], json.dumps(want)[:200]))
        if items != len(values):
            problems.append("metrics.items %r, expected %d" % (items, len(values)))
    else:
        count = int(args[args.index("--count") + 1])
        if items != count:
            problems.append("metrics.items %r, expected %d" % (items, count))
        for k, f in result.items():
            if f != expected_json(fib(int(k))):
                problems.append("F(%s) = %r" % (k, f))
                break
    metrics = doc.get("metrics", {})
    per = metrics.get("items_per_consumer", metrics.get("items_per_thread"))
    if not isinstance(per, list) or sum(per) != items:
        problems.append("items per worker %r do not add up to %r" % (per, items))
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--time-limit", type=float, default=10.0)
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else int(time.time() * 1000) % 2**31
    print("stress fibonacci_condition (OpenMP): %d runs, seed %d" % (a.runs, seed), flush=True)
    rng = random.Random(seed)
    failures = []
    start = time.monotonic()
    for i in range(a.runs):
        args, values = random_args(rng)
        mode = "threads" if i % 2 == 0 else "tasks"
        consumers = rng.randint(1, 16)
        cmd = [a.binary, "--mode", mode, "--consumers", str(consumers), "--seed",
               str(rng.randint(0, 2**31)), "--timeout", str(a.time_limit), "--json"] + args
        shown = " ".join(cmd)
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=a.time_limit + 5)
        except subprocess.TimeoutExpired:
            failures.append("hung: " + shown)
            print("FAIL run %d: hung: %s" % (i, shown), flush=True)
            continue
        problems = []
        if p.returncode != 0:
            problems.append("exit %d: %s" % (p.returncode, p.stderr.strip()[-300:]))
        else:
            try:
                problems = check(json.loads(p.stdout), values, args)
            except json.JSONDecodeError as e:
                problems.append("stdout is not one JSON object (%s)" % e)
        if problems:
            failures.append("%s\n  %s" % (shown, "\n  ".join(problems)))
            print("FAIL run %d: %s: %s" % (i, shown, "; ".join(problems)), flush=True)
    elapsed = time.monotonic() - start
    print("%d runs in %.1f s: %d failed (seed %d)" % (a.runs, elapsed, len(failures), seed))
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
