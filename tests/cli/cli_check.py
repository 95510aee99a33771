#!/usr/bin/env python3
"""Command-line tests of one binary, driven by tests/cli/expected/<example>.json.

Modes (comma-separated):
  defaults  no flags: exit 0, the notebook's lines on stdout, 'Verification: SUCCESSFUL'
  json      --json: stdout is exactly one JSON object with every field of SPEC.md,
            verified, and the expected result
  bad       every bad input of the file (and the common ones) exits 2 with an
            'error:' line on stderr, within a time limit, also under MPI
  bad-sample  the same for a sample: three common ones, the first three of the
            file's "bad" and all of its model-specific ones
Optional fields: "json_runs": [{"args": [...], "result": ...}] repeats the json check
with those flags; "mpi_min_ranks": N: under MPI with fewer ranks, defaults and json
instead expect exit 2, one 'error:' line on stderr and nothing on stdout;
"json_runs_mpich_oversubscribed": replaces "json_runs" under MPICH with more ranks than
CPUs (lock_balance: MPICH's passive-target RMA waits for the target rank to run, a
scheduler tick per update when ranks share cores, so the 20000-update runs shrink).
--mpi-flavor openmpi|mpich: the launcher's MPI (CMake's probe); under MPI the report's
provenance.mpi_library must name the same library ("Open MPI ...", "MPICH ...").
Usage: cli_check.py --expected FILE --mode MODES [--launcher 'mpiexec;-n;2;...']
                    [--mpi-flavor F] -- BINARY
"""
import argparse
import json
import os
import re
import subprocess
import sys

REQUIRED_FIELDS = ["schema", "example", "model", "ranks", "nodes", "ranks_per_node", "threads", "threads_requested", "params",
                   "result", "verified", "serial_seconds", "parallel_seconds", "speedup", "repeat",
                   "seed", "provenance"]
PROVENANCE_FIELDS = ["compiler", "flags", "git_revision", "host", "OMP_NUM_THREADS", "OMP_PROC_BIND"]
COMMON_BAD = [["--repeat", "0"], ["--repeat", "-1"], ["--bogus-flag"], ["--threads", "0"],
              ["--seed", "-1"], ["--seed", "abc"], ["--timeout", "nan"], ["--json", "--csv"],
              ["--repeat", "1", "--repeat", "2"], ["stray-argument"]]
# bad-sample: what the other rank counts of the matrix run (the full list runs at 2 ranks)
COMMON_SAMPLE = [["--bogus-flag"], ["--threads", "0"], ["--repeat", "0"]]
TIME_LIMIT = 60
# What MPI_Get_library_version's first line starts with, by launcher flavour.
MPI_LIBRARY_PREFIX = {"openmpi": "Open MPI", "mpich": "MPICH"}
MPI_FLAVOR = ""

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def run(cmd, env=None):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIME_LIMIT, env=env)
    except subprocess.TimeoutExpired:
        fail("hung for %d s: %s" % (TIME_LIMIT, " ".join(cmd)))
        return None
    return p


def matches(expected, actual, unordered):
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and matches(v, actual[k], unordered) for k, v in expected.items())
    if isinstance(expected, list) and unordered:
        return isinstance(actual, list) and sorted(map(json.dumps, expected)) == sorted(map(json.dumps, actual))
    return expected == actual


def check_defaults(spec, base):
    p = run(base)
    if p is None:
        return
    if p.returncode != 0:
        fail("defaults: exit %d, stderr: %s" % (p.returncode, p.stderr.strip()[-500:]))
    for line in spec.get("stdout_contains", []):
        if line not in p.stdout:
            fail("defaults: stdout lacks %r" % line)
    for pattern in spec.get("stdout_matches", []):
        if not re.search(pattern, p.stdout, re.MULTILINE):
            fail("defaults: stdout does not match %r" % pattern)
    if not re.search(r"^Verification:\s+SUCCESSFUL$", p.stdout, re.MULTILINE):
        fail("defaults: no 'Verification: SUCCESSFUL' line")
    print(p.stdout)


def check_json(spec, base, model_is_mpi, nprocs):
    p = run(base + ["--json"])
    if p is None:
        return
    if p.returncode != 0:
        fail("json: exit %d, stderr: %s" % (p.returncode, p.stderr.strip()[-500:]))
    try:
        doc = json.loads(p.stdout)
    except json.JSONDecodeError as e:
        fail("json: stdout is not one JSON object (%s): %r" % (e, p.stdout[:300]))
        return
    if not isinstance(doc, dict):
        fail("json: not an object")
        return
    for k in REQUIRED_FIELDS:
        if k not in doc:
            fail("json: field %r missing" % k)
    for k in PROVENANCE_FIELDS:
        if k not in doc.get("provenance", {}):
            fail("json: provenance.%s missing" % k)
    if doc.get("schema") != 1:
        fail("json: schema is not 1")
    if doc.get("example") != spec["example"]:
        fail("json: example %r" % doc.get("example"))
    if doc.get("verified") is not True:
        fail("json: not verified")
    if model_is_mpi:
        if doc.get("model") not in ("mpi", "hybrid") or doc.get("ranks") != nprocs:
            fail("json: model/ranks %r/%r, expected mpi or hybrid with %d ranks"
                 % (doc.get("model"), doc.get("ranks"), nprocs))
        per_node = doc.get("ranks_per_node")
        per_node = [per_node] * (doc.get("nodes") or 0) if isinstance(per_node, int) else per_node
        if doc.get("nodes") != 1 or per_node != [nprocs]:  # CTest runs on one node
            fail("json: nodes/ranks_per_node %r/%r, expected 1/%d"
                 % (doc.get("nodes"), doc.get("ranks_per_node"), nprocs))
        library = doc.get("provenance", {}).get("mpi_library")
        if library is None:
            fail("json: provenance.mpi_library missing")
        elif MPI_LIBRARY_PREFIX.get(MPI_FLAVOR) and not library.startswith(MPI_LIBRARY_PREFIX[MPI_FLAVOR]):
            fail("json: provenance.mpi_library %r, expected %s's (%r...)"
                 % (library, MPI_FLAVOR, MPI_LIBRARY_PREFIX[MPI_FLAVOR]))
    elif doc.get("model") != "openmp":
        fail("json: model %r" % doc.get("model"))
    else:  # where the team ran: one place and one CPU per thread of the reported team
        binding = doc.get("provenance", {}).get("openmp_binding", {})
        for k in ("proc_bind", "num_places", "OMP_PLACES", "OMP_WAIT_POLICY"):
            if k not in binding:
                fail("json: provenance.openmp_binding.%s missing" % k)
        for k in ("thread_places", "thread_cpus"):
            if len(binding.get(k, [])) != doc.get("threads"):
                fail("json: provenance.openmp_binding.%s %r, expected one per thread (%r)"
                     % (k, binding.get(k), doc.get("threads")))
    key = "result_mpi" if model_is_mpi and "result_mpi" in spec else "result"
    if key in spec and not matches(spec[key], doc.get("result"), spec.get("result_unordered", False)):
        fail("json: result %s, expected %s" % (json.dumps(doc.get("result"))[:300], json.dumps(spec[key])))
    print(json.dumps(doc["result"])[:300])


def check_json_runs(spec, base, model_is_mpi, nprocs):
    runs = spec.get("json_runs", [])
    if (model_is_mpi and MPI_FLAVOR == "mpich" and nprocs > len(os.sched_getaffinity(0))
            and "json_runs_mpich_oversubscribed" in spec):
        runs = spec["json_runs_mpich_oversubscribed"]
        print("MPICH with %d ranks on %d CPUs: json_runs_mpich_oversubscribed"
              % (nprocs, len(os.sched_getaffinity(0))))
    for extra in runs:
        sub = {k: v for k, v in spec.items() if k not in ("result", "result_mpi", "result_unordered")}
        sub.update({k: extra[k] for k in ("result", "result_mpi", "result_unordered") if k in extra})
        check_json(sub, base + extra["args"], model_is_mpi, nprocs)


def check_bad(spec, base, model_is_mpi, sample=False):
    cases = COMMON_BAD + spec.get("bad", []) + spec.get("bad_mpi" if model_is_mpi else "bad_omp", [])
    if sample:
        cases = COMMON_SAMPLE + spec.get("bad", [])[:3] + spec.get("bad_mpi" if model_is_mpi else "bad_omp", [])
    for args in cases:
        p = run(base + args)
        if p is None:
            continue
        errors = [l for l in p.stderr.splitlines() if l.startswith("error:")]
        if p.returncode != 2:
            fail("bad %s: exit %d, expected 2" % (args, p.returncode))
        elif len(errors) != 1:
            fail("bad %s: %d 'error:' lines on stderr, expected 1: %r" % (args, len(errors), p.stderr[-400:]))
        else:
            print("ok  %-40s %s" % (" ".join(args), errors[0]))
    env = dict(os.environ, OMP_NUM_THREADS="many")
    p = run(base, env=env)
    if p is not None and (p.returncode != 2 or "error: OMP_NUM_THREADS" not in p.stderr):
        fail("OMP_NUM_THREADS=many: exit %d, stderr %r" % (p.returncode, p.stderr[-300:]))


def check_too_few_ranks(spec, base, nprocs, extra):
    p = run(base + extra)
    if p is None:
        return
    errors = [l for l in p.stderr.splitlines() if l.startswith("error:")]
    if p.returncode != 2 or len(errors) != 1 or p.stdout.strip():
        fail("%d ranks < mpi_min_ranks %d: exit %d, %d 'error:' lines, stdout %r; expected exit 2, "
             "one 'error:' line, empty stdout" % (nprocs, spec["mpi_min_ranks"], p.returncode,
                                                   len(errors), p.stdout[:200]))
    else:
        print("ok  %d ranks refused: %s" % (nprocs, errors[0]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expected", required=True)
    ap.add_argument("--mode", required=True)
    ap.add_argument("--launcher", default="")
    ap.add_argument("--mpi-flavor", default="")
    ap.add_argument("binary", nargs=1)
    a = ap.parse_args()
    global MPI_FLAVOR
    MPI_FLAVOR = a.mpi_flavor
    with open(a.expected) as f:
        spec = json.load(f)
    launcher = [x for x in re.split(r"[; ]", a.launcher) if x]
    nprocs = 1
    for flag in ("-n", "-np", "--np", "-c"):
        if flag in launcher:
            nprocs = int(launcher[launcher.index(flag) + 1])
    base = launcher + a.binary
    is_mpi = bool(launcher)
    too_few = is_mpi and nprocs < spec.get("mpi_min_ranks", 1)
    for mode in a.mode.split(","):
        if too_few and mode in ("defaults", "json"):
            check_too_few_ranks(spec, base, nprocs, ["--json"] if mode == "json" else [])
            continue
        {"defaults": lambda: check_defaults(spec, base),
         "json": lambda: (check_json(spec, base, is_mpi, nprocs),
                          check_json_runs(spec, base, is_mpi, nprocs)),
         "bad": lambda: check_bad(spec, base, is_mpi),
         "bad-sample": lambda: check_bad(spec, base, is_mpi, sample=True)}[mode]()
    print("%d passed, %d failed" % (0 if failures else 1, 1 if failures else 0))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
