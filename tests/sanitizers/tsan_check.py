#!/usr/bin/env python3
"""ThreadSanitizer over every OpenMP binary of a `tsan` build (clang + LLVM's
libomp with Archer): each example at 4 threads must be clean, and the one
deliberate race, `omp_lock_balance --sync none`, must be flagged.

A report on memory that libomp allocated for itself is the runtime's, not
ours: with many tasks (omp_fibonacci_condition --mode tasks), a finished
task's descriptor goes back to its creator's free list through libomp's
uninstrumented atomics and is reused for the next task, so TSan sees the
creator's write of the new task's data race with the old task's read of it.
Such reports (location: a heap block whose allocation stack, below malloc,
starts in libomp.so) are counted and shown apart; every other report fails.

Usage: tsan_check.py BIN_DIR SUPPRESSIONS
"""
import glob
import os
import re
import subprocess
import sys

ARCHER = "/usr/lib/llvm-14/lib/libarcher.so"
# Extra runs beyond the defaults: (binary, args, race expected)
VARIANTS = [
    ("omp_lock_balance", ["--sync", s, "--iterations", "50", "--deposit-sleep-us", "100",
                          "--withdraw-sleep-us", "100"], s == "none")
    for s in ("lock", "critical", "atomic", "none")
] + [
    ("omp_mapreduce", ["--schedule", s, "--n", "3000"], False) for s in ("static", "dynamic", "guided")
] + [
    ("omp_fibonacci_condition", ["--mode", m, "--count", "200", "--max", "120", "--consumers", "6"], False)
    for m in ("threads", "tasks")
] + [
    # More values than the ring holds (16384): the producer parks on a full ring.
    ("omp_fibonacci_condition", ["--count", "40000", "--max", "300", "--consumers", "3"], False),
] + [
    ("omp_square_cube", ["--construct", "tasks", "--n", "50000"], False),
    ("omp_pipe", ["--mode", "pingpong", "--sizes", "1,4096,100000", "--iterations", "20"], False),
    ("omp_producer_consumer", ["--count", "500", "--max", "200"], False),
    # Keys beyond DictBatch's 256 slots: collisions within a batch take the spill path.
    ("omp_producer_consumer", ["--count", "20000", "--max", "600"], False),
    ("omp_result_queue", ["--n", "5000"], False),
    # One value per put into a one-slot queue: every hand-off waits, spins and parks.
    ("omp_result_queue", ["--n", "3000", "--batch", "1", "--capacity", "1"], False),
    ("omp_result_queue", ["--n", "20000", "--batch", "7", "--capacity", "16"], False),
    ("omp_shared_array", ["--n", "100000"], False),
]


def classify(stderr):
    """(reports on our memory, reports on libomp's own memory)."""
    ours = runtime = 0
    for report in stderr.split("WARNING: ThreadSanitizer")[1:]:
        alloc = re.search(r"Location is heap block[^\n]*allocated by[^\n]*:\n\s*#0 [^\n]*\n\s*#1 ([^\n]*)",
                          report)
        if alloc and "(libomp.so" in alloc.group(1):
            runtime += 1
        else:
            ours += 1
    return ours, runtime


def main(bin_dir, suppressions):
    env = dict(os.environ, OMP_NUM_THREADS="4",
               # As Archer asks: accesses made inside the uninstrumented runtime are not checked.
               TSAN_OPTIONS="ignore_noninstrumented_modules=1:suppressions=%s:exitcode=66:"
                            "report_signal_unsafe=0" % suppressions)
    if os.path.exists(ARCHER):
        env["OMP_TOOL_LIBRARIES"] = ARCHER
    runs = [(os.path.basename(b), [], False) for b in sorted(glob.glob(os.path.join(bin_dir, "omp_*")))]
    runs += [v for v in VARIANTS if os.path.exists(os.path.join(bin_dir, v[0]))]
    failed = 0
    for name, args, race_expected in runs:
        cmd = [os.path.join(bin_dir, name), "--quiet", "--timeout", "120"] + args
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=180)
            rc, out, err = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired:
            rc, out, err = None, "", "timed out"
        races, runtime = classify(err)
        # TSan's exit code 66 hides the run's own: the verdict is read from stdout.
        verified = re.search(r"^(# )?Verification:\s+SUCCESSFUL$", out, re.MULTILINE) is not None  # "# " under an OSU table
        ok = (races > 0) if race_expected else \
            (races == 0 and verified and (rc == 0 or (rc == 66 and runtime)))
        failed += not ok
        what = "race flagged, as intended" if race_expected and races else \
               "%d reports" % races if races else "clean"
        if runtime:
            what += " (+%d on libomp's own task memory)" % runtime
        print("%s %-18s %-60s %s (exit %s)" % ("ok  " if ok else "FAIL", name, " ".join(args), what, rc))
        if not ok:
            print(err[-3000:])
    print("%d passed, %d failed" % (len(runs) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
