#!/usr/bin/env python3
"""The common command line of every binary: --version, "did you mean", the ranks
in MPI --help, choices and flags a model refuses, OMP_* checked before the
runtime speaks, and shared_array's STREAM-style best rate.

Usage: polish_check.py --bin-dir DIR --launcher 'mpiexec;-n;2;...' [--mpi-only]
"""
import argparse
import json
import os
import re
import subprocess
import sys

TIME_LIMIT = 60
EXAMPLES = ["mapreduce", "square_cube", "shared_array", "lock_balance", "pipe",
            "producer_consumer", "fibonacci_condition", "result_queue"]
# The fewest ranks each MPI binary runs on (read from its check_ranks): only the
# pipe needs a producer and a consumer.
MIN_RANKS = {"pipe": 2}
failures = []
LAUNCHER = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def run(cmd, env=None):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=TIME_LIMIT, env=env)
    except subprocess.TimeoutExpired:
        fail("hung for %d s: %s" % (TIME_LIMIT, " ".join(cmd)))
        return None


def expect_usage_error(cmd, pattern, env=None):
    """Exit 2, empty stdout, stderr starting with one 'error:' line that matches
    `pattern` and, without a launcher, nothing else (mpirun adds its lines after it)."""
    alone = cmd[:len(LAUNCHER)] != LAUNCHER
    p = run(cmd, env)
    if p is None:
        return
    lines = p.stderr.splitlines() or [""]
    errors = [l for l in lines if l.startswith("error:")]
    if (p.returncode != 2 or len(errors) != 1 or not re.match(pattern, lines[0]) or p.stdout
            or (alone and len(lines) != 1)):
        fail("%s: exit %d, stderr %r, stdout %r; expected exit 2 and one line matching %r"
             % (" ".join(cmd), p.returncode, p.stderr[-400:], p.stdout[:200], pattern))
    else:
        print("ok  %-60s %s" % (" ".join(cmd[-4:]), lines[0]))


def check_version(cmd, mpi):
    p = run(cmd + ["--version"])
    if p is None:
        return
    out = p.stdout
    wanted = [r"^\S+ \(hpc-patterns \S+, git \S+\)$", r"^compiler: \S+", r"^OpenMP: \d\.\d \(_OPENMP \d{6}\)$"]
    if mpi:
        wanted.append(r"^MPI: .+ \(MPI standard \d\.\d\)$")
    bad = [w for w in wanted if len(re.findall(w, out, re.MULTILINE)) != 1]
    if p.returncode != 0 or bad or p.stderr.strip():
        fail("%s --version: exit %d, lines not found exactly once %r, stdout %r, stderr %r"
             % (" ".join(cmd), p.returncode, bad, out[:400], p.stderr[-300:]))
    else:
        print("ok  %s --version: %s" % (" ".join(cmd[-1:]), out.splitlines()[-1]))


def check_help(cmd, present, absent):
    p = run(cmd + ["--help"])
    if p is None:
        return
    if p.returncode != 0 or p.stdout.count("Usage:") != 1:
        fail("%s --help: exit %d, %d 'Usage:' (expected one)" % (" ".join(cmd), p.returncode,
                                                                  p.stdout.count("Usage:")))
        return
    for text in present:
        if text not in p.stdout:
            fail("%s --help lacks %r" % (" ".join(cmd), text))
    for pattern in absent:
        if re.search(pattern, p.stdout):
            fail("%s --help offers %r" % (" ".join(cmd), pattern))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin-dir", required=True)
    ap.add_argument("--launcher", required=True)
    ap.add_argument("--mpi-only", action="store_true")
    a = ap.parse_args()
    launcher = [x for x in re.split(r"[; ]", a.launcher) if x]
    LAUNCHER[:] = launcher
    binary = lambda model, example: os.path.join(a.bin_dir, model + "_" + example)

    for example in EXAMPLES:
        mpi = binary("mpi", example)
        check_version([mpi], True)             # a singleton, without mpirun
        check_version(launcher + [mpi], True)  # several ranks: printed once
        ranks = MIN_RANKS.get(example, 1)
        check_help(launcher + [mpi], ["ranks: %d or more" % ranks], [])
        if not a.mpi_only:
            check_version([binary("omp", example)], False)

    # Choices a model refuses: not in --help, refused by name when given.
    check_help(launcher + [binary("mpi", "lock_balance")], ["--sync"], [r"\bcritical\b"])
    expect_usage_error(launcher + [binary("mpi", "lock_balance"), "--sync", "critical"],
                       r"^error: .*critical.* not offered here: .*MPI")
    # Flags a model ignores are refused on every rank, without a hang.
    expect_usage_error(launcher + [binary("mpi", "pipe"), "--threads", "4"],
                       r"^error: --threads is not used by mpi_pipe \(one thread per rank")
    check_help(launcher + [binary("mpi", "pipe")], [], [r"--threads"])
    check_help(launcher + [binary("mpi", "mapreduce")], ["--threads"], [])  # hybrid: used
    expect_usage_error(launcher + [binary("mpi", "square_cube"), "--schedual", "static"],
                       r"^error: unknown flag '--schedual'(; did you mean|.*see --help)")
    expect_usage_error(launcher + [binary("mpi", "mapreduce"), "--distribution", "cyclc"],
                       r"^error: .*did you mean 'cyclic'\?")

    if not a.mpi_only:
        omp = binary("omp", "mapreduce")
        expect_usage_error([omp, "--schedual", "static"],
                           r"^error: unknown flag '--schedual'; did you mean '--schedule'\?$")
        expect_usage_error([omp, "--schedule", "dynamc"], r"^error: .*did you mean 'dynamic'\?")
        expect_usage_error([omp, "--schedule=dynamc"], r"^error: .*did you mean 'dynamic'\?")
        expect_usage_error([omp, "--bogus-flag"], r"^error: unknown flag '--bogus-flag' \(see --help\)$")
        expect_usage_error([omp, "stray"], r"^error: unexpected argument 'stray'")
        check_help([binary("omp", "lock_balance")], ["critical"], [])  # OpenMP runs it
        # Our error first and alone: libgomp reads OMP_* before main and would
        # print a blank line and its own warning.
        for var, value in (("OMP_NUM_THREADS", "0"), ("OMP_NUM_THREADS", "many"),
                           ("OMP_PROC_BIND", "sideways"), ("OMP_WAIT_POLICY", "busy")):
            env = dict(os.environ, **{var: value})
            expect_usage_error([omp], r"^error: %s: must be .*got '%s'$" % (var, value), env)
            expect_usage_error(launcher + [binary("mpi", "mapreduce")],
                               r"^error: %s: must be .*got '%s'$" % (var, value), env)

        # STREAM's convention: the best rate (minimum time) beside the median.
        p = run([binary("omp", "shared_array"), "--n", "200000", "--repeat", "5", "--json"])
        if p is not None:
            try:
                m = json.loads(p.stdout)["metrics"]
                if not (m["GBps_best"] >= m["GBps_read_write"] > 0):
                    fail("shared_array: GBps_best %r < GBps_read_write %r" % (m["GBps_best"],
                                                                             m["GBps_read_write"]))
                else:
                    print("ok  shared_array GBps_best %.3g >= median %.3g"
                          % (m["GBps_best"], m["GBps_read_write"]))
            except (ValueError, KeyError) as e:
                fail("shared_array --json: %s: %r" % (e, p.stdout[:300]))
    p = run(launcher + [binary("mpi", "shared_array"), "--n", "200000", "--repeat", "3", "--quiet"])
    if p is not None and not re.search(r"^GBps_best: +\S+", p.stdout, re.MULTILINE):
        fail("mpi_shared_array report lacks GBps_best: %r" % p.stdout[-600:])

    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
