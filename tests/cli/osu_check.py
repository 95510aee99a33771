#!/usr/bin/env python3
"""pipe's OSU conventions, for omp_pipe or mpi_pipe (--launcher: the MPI launch at 2 ranks).

--mode pingpong and --mode bw print OSU's table: lines starting with '#' are
headers and our report, every other line is "size value" (two numbers). Checked:
the table parses by skipping '#' lines; -m MIN:MAX gives MIN, 2 MIN, ... MAX;
--quiet keeps the table and the verdict, drops the report; --csv gives one row
per size; no "Speedup" line; -i/-x; --help documents -m and the number forms.
--launcher1 (MPI at 1 rank): --mode bw and pingpong are refused with exit 2.
Usage: osu_check.py [--launcher 'mpiexec;-n;2;...'] [--launcher1 '...'] -- BINARY
"""
import argparse
import csv
import io
import re
import subprocess
import sys

TIME_LIMIT = 120
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        fail("hung for %d s: %s" % (TIME_LIMIT, " ".join(cmd)))
        return None


def table(what, stdout):
    """The (size, value) rows of an OSU table; every non-'#' line must be two numbers."""
    rows = []
    for line in stdout.splitlines():
        if line.startswith("#"):
            continue
        fields = line.split()
        if len(fields) != 2 or not re.fullmatch(r"\d+", fields[0]) or not re.fullmatch(r"\d+\.\d\d", fields[1]):
            fail("%s: not a table line: %r" % (what, line))
            continue
        rows.append((int(fields[0]), float(fields[1])))
    return rows


def check_table(base, mode, args, sizes, column):
    what = "%s %s" % (mode, " ".join(args))
    p = run(base + ["--mode", mode] + args)
    if p is None:
        return
    if p.returncode != 0:
        fail("%s: exit %d, stderr %r" % (what, p.returncode, p.stderr[-400:]))
        return
    rows = table(what, p.stdout)
    if [s for s, _ in rows] != sizes:
        fail("%s: sizes %r, expected %r" % (what, [s for s, _ in rows], sizes))
    # The values are timings: only their form is checked (1 B x 64 x 3 under load
    # may print 0.00 MB/s with OSU's two decimals).
    if not re.search(r"^# Size +%s$" % re.escape(column), p.stdout, re.MULTILINE):
        fail("%s: no '# Size  %s' header" % (what, column))
    if "Speedup" in p.stdout:
        fail("%s: a Speedup line in a latency or bandwidth run" % what)
    if not re.search(r"^# Verification:\s+SUCCESSFUL$", p.stdout, re.MULTILINE):
        fail("%s: no '# Verification: SUCCESSFUL' line" % what)
    quiet = "--quiet" in args
    if quiet == ("--- hpc-patterns report ---" in p.stdout):
        fail("%s: the report should be %s" % (what, "dropped" if quiet else "printed, '#'-prefixed"))
    print("ok  %-50s %d rows" % (what, len(rows)))


def check_csv(base, mode, args, sizes, column):
    what = "%s %s --csv" % (mode, " ".join(args))
    p = run(base + ["--mode", mode] + args + ["--csv"])
    if p is None:
        return
    if p.returncode != 0:
        fail("%s: exit %d" % (what, p.returncode))
        return
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    if [int(r.get("size", -1)) for r in rows] != sizes:
        fail("%s: sizes %r, expected %r" % (what, [r.get("size") for r in rows], sizes))
    for r in rows:
        if column not in r or float(r[column]) < 0 or r.get("verified") != "true" or "metrics" in r:
            fail("%s: row %r" % (what, r))
            break
    print("ok  %-50s %d rows" % (what, len(rows)))


def check_refused(base, args):
    what = " ".join(args)
    p = run(base + args)
    if p is None:
        return
    errors = [l for l in p.stderr.splitlines() if l.startswith("error:")]
    if p.returncode != 2 or len(errors) != 1 or p.stdout.strip():
        fail("%s: exit %d, %d 'error:' lines, stdout %r; expected exit 2, one error line, no stdout"
             % (what, p.returncode, len(errors), p.stdout[:200]))
    else:
        print("ok  %-50s %s" % (what, errors[0]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--launcher", default="")
    ap.add_argument("--launcher1", default="")
    ap.add_argument("binary", nargs=1)
    a = ap.parse_args()
    split = lambda text: [x for x in re.split(r"[; ]", text) if x]
    base = split(a.launcher) + a.binary
    up_to_4k = [1 << k for k in range(13)]  # -m 1:4K
    check_table(base, "pingpong", ["-m", "1:4K", "-i", "20", "-x", "2"], up_to_4k, "Latency (us)")
    check_table(base, "pingpong", ["-m", "1:4K", "-i", "20", "-x", "2", "--quiet"], up_to_4k, "Latency (us)")
    check_table(base, "pingpong", ["-m", "3:13", "--iterations", "5"], [3, 6, 12], "Latency (us)")
    check_table(base, "pingpong", ["--sizes", "0,1K,17", "-i", "5"], [0, 1024, 17], "Latency (us)")
    check_table(base, "bw", ["-m", "1:64K", "-i", "3", "-x", "1"], [1 << k for k in range(17)], "Bandwidth (MB/s)")
    check_table(base, "bw", ["-m", "4K:8K", "-i", "3", "--quiet"], [4096, 8192], "Bandwidth (MB/s)")
    check_csv(base, "pingpong", ["-m", "1:4K", "-i", "20"], up_to_4k, "latency_us")
    check_csv(base, "bw", ["-m", "64:1K", "-i", "2"], [64, 128, 256, 512, 1024], "bandwidth_MBps")
    p = run(base + ["--help"])
    if p is not None:
        for text in ("-m,--message-size", "-i,--iterations", "-x,--warmup", "bw", "4K = 4096", "1e6"):
            if text not in p.stdout:
                fail("--help lacks %r" % text)
    if a.launcher1:
        one = split(a.launcher1) + a.binary
        check_refused(one, ["--mode", "bw"])
        check_refused(one, ["--mode", "pingpong", "-m", "1:4K"])
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
