#!/usr/bin/env python3
"""--trace and --pace-us of every example of one model, at the notebook's size.

For each example: `--trace FILE --repeat 3` must exit 0, write Chrome
trace-event JSON that loads and holds every item id 0..N-1 exactly once (N
known here from the notebook's defaults, not read from the binary), and
print a timeline of one lane per worker whose counts add up to N; without
--trace no timeline is printed; under --json stdout stays one JSON object.
With --pace-us 2000 and two workers, the examples whose demo is the
concurrency itself (square_cube, producer_consumer) have items on both.

  trace_check.py --model omp|mpi --bindir DIR [--launcher "mpiexec;-n;2;..."] [EXAMPLE...]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

# Items at the notebook's size, from the notebook's cells (common/examples/*/notebook.py).
ITEMS = {
    "mapreduce": 10000,           # compute(k) for k in range(10000)
    "square_cube": 8,             # 4 squares + 4 cubes of [1, 2, 3, 4]
    "shared_array": 4,            # 4 elements, one chunk each
    "lock_balance": 200,          # 100 deposits + 100 withdrawals
    "pipe": 2,                    # one message: its send and its receive
    "producer_consumer": 15,      # 15 random values through the queue
    "fibonacci_condition": 4,     # input_list = [3, 10, 5, 7]
    "result_queue": 4,            # n*n for n = 1..4
}
# Workers (lanes) at two threads (OpenMP) or two ranks of one thread (MPI).
LANES = {
    "omp": {name: 2 for name in ITEMS} | {"fibonacci_condition": 5},  # 4 consumers + producer
    "mpi": {name: 2 for name in ITEMS},
}
BOTH_BUSY = ("square_cube", "producer_consumer")
LANE_RE = re.compile(r"^((?:rank \d+ ?)?(?:thread \d+)?)\s*\|([^|]*)\| (\d+) items$")

failures = []


def fail(what):
    failures.append(what)
    print("FAIL:", what)


def run(cmd, env):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    return p.returncode, p.stdout, p.stderr


def timeline(stdout):
    """The timeline's lanes: [(name, bar, count)], or None when there is none."""
    lines = stdout.splitlines()
    starts = [i for i, l in enumerate(lines) if l.startswith("Timeline (--trace):")]
    if not starts:
        return None
    lanes = []
    for line in lines[starts[0] + 1:]:
        m = LANE_RE.match(line)
        if not m:
            break
        lanes.append((m.group(1).strip(), m.group(2), int(m.group(3))))
    return lanes


def load_events(path, name):
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{name}: trace JSON does not load: {e}")
        return None
    events = [e for e in doc.get("traceEvents", []) if e.get("ph") == "X"]
    for e in events:
        for key in ("name", "ts", "dur", "pid", "tid", "args"):
            if key not in e:
                fail(f"{name}: event without '{key}': {e}")
                return None
        if e["dur"] < 0 or e["ts"] < 0:
            fail(f"{name}: negative time in {e}")
    return events


def check_example(name, model, prefix, binary, env):
    n = ITEMS[name]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "trace.json")
        # Traced, with timed repetitions: only the one untimed run is recorded.
        rc, out, err = run(prefix + [binary, "--trace", path, "--repeat", "3"], env)
        if rc != 0:
            fail(f"{name} --trace: exit {rc}: {err.strip()[-300:]}")
            return
        events = load_events(path, name)
        if events is not None:
            ids = sorted(e["args"]["item"] for e in events)
            if ids != list(range(n)):
                fail(f"{name}: items {ids[:20]}... ({len(ids)}), expected 0..{n - 1} once each")
        lanes = timeline(out)
        if lanes is None:
            fail(f"{name} --trace: no timeline in stdout")
        else:
            if len(lanes) != LANES[model][name]:
                fail(f"{name}: {len(lanes)} lanes {[l[0] for l in lanes]}, "
                     f"expected {LANES[model][name]}")
            if sum(c for _, _, c in lanes) != n:
                fail(f"{name}: lane counts {[c for _, _, c in lanes]} do not add up to {n}")
            if len({len(bar) for _, bar, _ in lanes}) != 1:
                fail(f"{name}: lanes of different widths")

        # Untraced: no timeline, and the report says nothing of a trace.
        rc, out, err = run(prefix + [binary], env)
        if rc != 0 or timeline(out) is not None or "--trace" in out:
            fail(f"{name} without --trace: exit {rc} or a timeline/trace note printed")

        # --json: stdout stays one JSON object, whose parameters say the
        # printed run was paced; the file is still written.
        path2 = os.path.join(tmp, "trace2.json")
        rc, out, err = run(prefix + [binary, "--trace", path2, "--json", "--pace-us", "1"], env)
        try:
            report = json.loads(out)
            if rc != 0 or report["params"].get("pace_us") != 1:
                fail(f"{name} --trace --json --pace-us 1: exit {rc} or params without pace_us")
        except (ValueError, KeyError):
            fail(f"{name} --trace --json: stdout is not one JSON report")
        if load_events(path2, name) is None:
            fail(f"{name} --trace --json: no trace file")

        # Bad input: one error line, exit 2, every rank gone (the timeout).
        bad = [["--pace-us", "-1"], ["--pace-us", "1.5"], ["--pace-us", "1e-3"]]
        if name == "square_cube":
            bad.append(["--trace", os.path.join(tmp, "no", "such", "dir.json")])
        for args in bad:
            rc, out, err = run(prefix + [binary] + args, env)
            errors = [l for l in err.splitlines() if l.startswith("error:")]
            if rc != 2 or len(errors) != 1:
                fail(f"{name} {' '.join(args)}: exit {rc}, stderr {err.strip()[-300:]!r}")

        if name in BOTH_BUSY:
            path3 = os.path.join(tmp, "trace3.json")
            rc, out, err = run(prefix + [binary, "--trace", path3, "--pace-us", "2000"], env)
            events = load_events(path3, name) if rc == 0 else None
            if rc != 0:
                fail(f"{name} --pace-us 2000: exit {rc}: {err.strip()[-300:]}")
            elif events is not None:
                workers = {(e["pid"], e["tid"]) for e in events}
                if len(workers) != 2:
                    fail(f"{name} --pace-us 2000: items on {sorted(workers)}, expected two workers")
                if min(e["dur"] for e in events) < 2000 * 0.999:
                    fail(f"{name} --pace-us 2000: an item shorter than 2000 us")
            lanes = timeline(out) or []
            if sum(1 for _, _, c in lanes if c > 0) != 2:
                fail(f"{name} --pace-us 2000: timeline lanes {lanes}")
    print(f"ok {model}_{name}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=("omp", "mpi"), required=True)
    ap.add_argument("--bindir", required=True)
    ap.add_argument("--launcher", default="")
    ap.add_argument("examples", nargs="*", default=list(ITEMS))
    args = ap.parse_args()
    env = dict(os.environ)
    # Two workers: two threads, or two ranks of one thread each.
    env["OMP_NUM_THREADS"] = "2" if args.model == "omp" else "1"
    prefix = [x for x in re.split(r"[; ]", args.launcher) if x] if args.model == "mpi" else []
    for name in args.examples or list(ITEMS):
        check_example(name, args.model, prefix,
                      os.path.join(args.bindir, f"{args.model}_{name}"), env)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
