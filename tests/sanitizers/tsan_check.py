#!/usr/bin/env python3
"""ThreadSanitizer over every OpenMP binary of a `tsan` build (clang + LLVM's
libomp with Archer): each example at 4 threads must be clean, and the one
deliberate race, `omp_lock_balance --sync none`, must be flagged.

Usage: tsan_check.py BIN_DIR SUPPRESSIONS
"""
import glob
import os
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
    ("omp_square_cube", ["--construct", "tasks", "--n", "50000"], False),
    ("omp_pipe", ["--mode", "pingpong", "--sizes", "1,4096,100000", "--iterations", "20"], False),
    ("omp_producer_consumer", ["--count", "500", "--max", "200"], False),
    ("omp_result_queue", ["--n", "5000"], False),
    ("omp_shared_array", ["--n", "100000"], False),
]


def main(bin_dir, suppressions):
    env = dict(os.environ, OMP_NUM_THREADS="4",
               TSAN_OPTIONS="suppressions=%s:exitcode=66:report_signal_unsafe=0" % suppressions)
    if os.path.exists(ARCHER):
        env["OMP_TOOL_LIBRARIES"] = ARCHER
    runs = [(os.path.basename(b), [], False) for b in sorted(glob.glob(os.path.join(bin_dir, "omp_*")))]
    runs += [v for v in VARIANTS if os.path.exists(os.path.join(bin_dir, v[0]))]
    failed = 0
    for name, args, race_expected in runs:
        cmd = [os.path.join(bin_dir, name), "--quiet", "--timeout", "120"] + args
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=180)
            rc, err = p.returncode, p.stderr
        except subprocess.TimeoutExpired:
            rc, err = None, "timed out"
        races = err.count("WARNING: ThreadSanitizer")
        ok = (races > 0) if race_expected else (races == 0 and rc == 0)
        failed += not ok
        what = "race flagged, as intended" if race_expected and races else \
               "%d reports" % races if races else "clean"
        print("%s %-18s %-60s %s (exit %s)" % ("ok  " if ok else "FAIL", name, " ".join(args), what, rc))
        if not ok:
            print(err[-3000:])
    print("%d passed, %d failed" % (len(runs) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
