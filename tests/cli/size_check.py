#!/usr/bin/env python3
"""--size, --repeat auto, --progress and the speedup bound, on omp_mapreduce and
mpi_mapreduce (and omp_pipe for a run without a speedup). The presets are read
from the example's manifest, never written here.

  size      --size small sets the manifest's flags (params in --json), an explicit
            flag overrides the preset's, an excluding one (omp_square_cube
            --values) drops it,
            --size bogus exits 2 with one error: line (did you mean), --help
            lists the presets; MPI --size small at 2 ranks
  repeat    --repeat auto: at least 5 runs and 0.5 s of timed runs; the default
            under --size small, not under notebook; MPI at 2 ranks
  progress  a run of ~3 s with --progress --json: stdout is exactly one JSON
            object, stderr has progress lines; none without --progress (stderr
            is a pipe), none in a run under 2 s
  bound     speedup_bound and speedup_flag in --json (null bound without a speedup)

Usage: size_check.py PART --source DIR --bin-dir DIR [--launcher "mpiexec -n 2 ..."]
"""
import argparse
import json
import os
import re
import subprocess
import sys

ARGS = None
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def run(binary, args, launcher=None, timeout=60):
    # The launcher comes as CMake writes a list: words separated by ';'.
    words = [w for w in re.split(r"[; ]", launcher or "") if w]
    cmd = words + [os.path.join(ARGS.bin_dir, binary)] + args
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def run_json(binary, args, launcher=None):
    p = run(binary, args + ["--json"], launcher)
    what = "%s %s" % (binary, " ".join(args))
    if p.returncode != 0:
        fail("%s: exit %d: %s" % (what, p.returncode, p.stderr.strip()))
        return {}
    try:
        return json.loads(p.stdout)
    except ValueError:
        fail("%s: stdout is not one JSON object: %r" % (what, p.stdout[:200]))
        return {}


def preset(name, example="mapreduce"):
    m = json.load(open(os.path.join(ARGS.source, "common", "examples", example, "manifest.json")))
    args = m["sizes"][name]
    return dict(zip(args[::2], args[1::2]))


def part_size():
    small = preset("small")
    n = int(small["--n"])
    for binary, launcher in (("omp_mapreduce", None), ("mpi_mapreduce", ARGS.launcher)):
        j = run_json(binary, ["--size", "small", "--repeat", "1"], launcher)
        if j:
            if j["params"].get("n") != n:
                fail("%s --size small: params.n %r, the manifest says %d" % (binary, j["params"].get("n"), n))
            if j.get("size_preset") != "small" or j.get("size_args") != ["--n", small["--n"]]:
                fail("%s --size small: size_preset %r, size_args %r"
                     % (binary, j.get("size_preset"), j.get("size_args")))
            if j.get("repeat_mode") != "fixed" or j.get("repeat") != 1:
                fail("%s --size small --repeat 1: repeat_mode %r, repeat %r"
                     % (binary, j.get("repeat_mode"), j.get("repeat")))
    j = run_json("omp_mapreduce", ["--size", "large", "--n", "5000", "--repeat", "1"])
    if j and (j["params"].get("n") != 5000 or j.get("size_args") != []):
        fail("--size large --n 5000: params.n %r, size_args %r (the explicit --n wins)"
             % (j["params"].get("n"), j.get("size_args")))
    # An explicit flag that excludes the preset's (--values vs --n) drops it.
    j = run_json("omp_square_cube", ["--size", "small", "--values", "3,4", "--repeat", "1"])
    if j and ("n" in j["params"] and j["params"]["n"] != 2 or j.get("size_args") != []):
        fail("omp_square_cube --size small --values 3,4: params %r, size_args %r (the preset's "
             "--n dropped)" % (j["params"], j.get("size_args")))
    j = run_json("omp_mapreduce", ["--n", "100"])
    if j and (j.get("size_preset") != "notebook" or j.get("size_args") != []):
        fail("default size: size_preset %r, size_args %r" % (j.get("size_preset"), j.get("size_args")))
    for binary, launcher in (("omp_mapreduce", None), ("mpi_mapreduce", ARGS.launcher)):
        p = run(binary, ["--size", "smal"], launcher)
        # One error: line (mpiexec adds its own lines about the exit status after it).
        lines = [l for l in p.stderr.splitlines() if l.startswith("error:")]
        if p.returncode != 2 or p.stdout or len(lines) != 1 or not p.stderr.startswith("error:") \
                or "did you mean 'small'" not in lines[0]:
            fail("%s --size smal: exit %d, stdout %r, stderr %r (want exit 2, one error: line "
                 "suggesting small)" % (binary, p.returncode, p.stdout[:100], p.stderr))
        p = run(binary, ["--size", "bogus"], launcher)
        if p.returncode != 2 or not p.stderr.startswith("error:"):
            fail("%s --size bogus: exit %d, stderr %r" % (binary, p.returncode, p.stderr))
    text = run("omp_mapreduce", ["--help"]).stdout
    for name, args in (("small", preset("small")), ("large", preset("large"))):
        want = "%s: %s" % (name, " ".join("%s %s" % kv for kv in args.items()))
        if want not in text:
            fail("--help does not list %r" % want)
    cube = preset("small", "square_cube")["--n"]
    p = run("omp_square_cube", ["--size", "small", "--repeat", "1", "--quiet"])
    if "Size preset:      small (--n %s)" % cube not in p.stdout:
        fail("omp_square_cube --size small: no 'Size preset: small (--n %s)' line in:\n%s"
             % (cube, p.stdout))


def part_repeat():
    for binary, launcher in (("omp_mapreduce", None), ("mpi_mapreduce", ARGS.launcher)):
        j = run_json(binary, ["--n", "5000", "--repeat", "auto"], launcher)
        if j:
            total = j["parallel_mean"] * j["repeat"]
            if j.get("repeat_mode") != "auto" or j["repeat"] < 5 or total < 0.5:
                fail("%s --repeat auto: repeat_mode %r, repeat %d, timed total %.3f s (want auto, "
                     ">= 5 runs, >= 0.5 s)" % (binary, j.get("repeat_mode"), j["repeat"], total))
            else:
                print("ok: %s --repeat auto: %d runs, %.3f s timed" % (binary, j["repeat"], total))
    # The default under small: auto (a small --n keeps it short); under notebook: 1.
    j = run_json("omp_mapreduce", ["--size", "small", "--n", "5000"])
    if j and (j.get("repeat_mode") != "auto" or j["repeat"] < 5):
        fail("--size small: repeat_mode %r, repeat %r (auto is its default)"
             % (j.get("repeat_mode"), j.get("repeat")))
    j = run_json("omp_mapreduce", ["--n", "100"])
    if j and (j.get("repeat_mode") != "fixed" or j["repeat"] != 1):
        fail("notebook: repeat_mode %r, repeat %r (1, fixed)" % (j.get("repeat_mode"), j.get("repeat")))
    p = run("omp_mapreduce", ["--n", "5000", "--repeat", "auto", "--quiet"])
    if "--repeat auto;" not in p.stdout or " runs, " not in p.stdout or "max " not in p.stdout:
        fail("--repeat auto: the Parallel time line lacks runs, auto or max:\n" + p.stdout)
    for bad in (["--repeat", "automatic"], ["--repeat", "0"]):
        p = run("omp_mapreduce", bad)
        if p.returncode != 2 or not p.stderr.startswith("error:"):
            fail("%s: exit %d, stderr %r" % (" ".join(bad), p.returncode, p.stderr))


def progress_lines(stderr):
    return [l for l in stderr.splitlines() if "elapsed" in l and "mapreduce" in l]


def part_progress():
    # About 3 s: the notebook's n scaled up, 2 timed runs (and 2 serial ones).
    long_run = ["--n", "50000", "--repeat", "2"]
    p = run("omp_mapreduce", long_run + ["--progress", "--json"])
    try:
        json.loads(p.stdout)
        one = p.stdout.count("\n") == 1 and p.stdout.endswith("}\n")
    except ValueError:
        one = False
    if p.returncode != 0 or not one:
        fail("--progress --json: exit %d, stdout is not exactly one JSON object: %r"
             % (p.returncode, p.stdout[:300]))
    lines = progress_lines(p.stderr)
    if not lines:
        fail("--progress: no progress line on stderr in a run of > 2 s: %r" % p.stderr)
    else:
        print("ok: progress lines: %r" % lines)
    if "\r" in p.stderr:
        fail("--progress to a pipe: a \\r in %r" % p.stderr)
    # Not a terminal and no --progress: none (--no-progress: the unit tests).
    p = run("omp_mapreduce", long_run + ["--csv"])
    if p.stderr or p.stdout.count("\n") != 2:
        fail("no --progress: stderr %r, stdout %r (no progress, two CSV lines)" % (p.stderr, p.stdout))
    p = run("omp_mapreduce", ["--n", "100", "--progress", "--json"])
    if p.stderr:
        fail("--progress in a run under 2 s: stderr %r" % p.stderr)


def part_bound():
    j = run_json("omp_mapreduce", ["--n", "2000", "--threads", "2"])
    if j and (j.get("speedup_bound") != 2 or j.get("speedup_flag") not in ("", "above_bound")):
        fail("omp_mapreduce --threads 2: speedup_bound %r, speedup_flag %r"
             % (j.get("speedup_bound"), j.get("speedup_flag")))
    if j and (j["speedup"] > 2 * 1.05) != (j["speedup_flag"] == "above_bound"):
        fail("speedup %r against bound 2: flag %r" % (j["speedup"], j["speedup_flag"]))
    j = run_json("omp_fibonacci_condition", ["--consumers", "3"])
    if j and j.get("speedup_bound") != 3:
        fail("omp_fibonacci_condition --consumers 3: speedup_bound %r, want 3 (the producer sleeps)"
             % j.get("speedup_bound"))
    j = run_json("omp_pipe", ["--mode", "pingpong", "--sizes", "8", "--iterations", "10"])
    if j and ("speedup_bound" not in j or j["speedup_bound"] is not None or j.get("speedup_flag") != ""):
        fail("omp_pipe pingpong: speedup_bound %r, speedup_flag %r (null and \"\": no speedup)"
             % (j.get("speedup_bound"), j.get("speedup_flag")))


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("part", choices=["size", "repeat", "progress", "bound"])
    ap.add_argument("--source", required=True)
    ap.add_argument("--bin-dir", required=True)
    ap.add_argument("--launcher", default="")
    ARGS = ap.parse_args()
    {"size": part_size, "repeat": part_repeat, "progress": part_progress,
     "bound": part_bound}[ARGS.part]()
    print("%s: %d problems" % (ARGS.part, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
