#!/usr/bin/env python3
"""The benchmark targets of SPEC.md, measured: each target runs its binaries
--rounds times, interleaved with its yardstick (the serial baseline inside the
same run, a plain MPI ping-pong, a STREAM-style copy), and compares medians.
Prints one table (target, measured, yardstick, ratio, goal, met) and writes
results/targets.csv and results/targets.json. Run through scripts/targets.sh,
which builds and sets the launcher. Exit 1 if a run fails or is not verified;
a target missed is reported, not an error (BENCHMARKS.md explains each).
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--bin", required=True, help="the build's bin/ directory")
ap.add_argument("--launcher", required=True, help="mpiexec and its flags, ';'-separated, {np} for the rank count")
ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds per target (medians over them)")
ap.add_argument("--quick", action="store_true", help="smaller sizes, 3 rounds: a quick look, not the figures")
ap.add_argument("--only", default="", help="comma-separated target ids (default: all)")
ap.add_argument("--out", default="results/targets")
a = ap.parse_args()
rounds = 3 if a.quick else a.rounds
WORKERS = 2
N_MAP = 40000 if a.quick else 100000
N_ARRAY = 20_000_000 if a.quick else 100_000_000
N_ITEMS = 100 if a.quick else 400
N_LIGHT = 100_000 if a.quick else 1_000_000


def omp(example, *args, threads=WORKERS):
    return ([os.path.join(a.bin, "omp_" + example), "--threads", str(threads)] + list(args), {})


def mpi(example, *args, ranks=WORKERS):
    launcher = [x.replace("{np}", str(ranks)) for x in a.launcher.split(";") if x]
    return (launcher + [os.path.join(a.bin, "mpi_" + example)] + list(args), {"OMP_NUM_THREADS": "1"})


def ref(name, *args, ranks=None, threads=WORKERS):
    exe = [os.path.join(a.bin, name)] + list(args)
    if ranks:
        return ([x.replace("{np}", str(ranks)) for x in a.launcher.split(";") if x] + exe, {})
    return (exe, {"OMP_NUM_THREADS": str(threads)})


failures = []


def run_json(cmd_env):
    cmd, env = cmd_env
    env = dict(os.environ, **env)
    # Bound threads on cores, as scaling.sh does (2 workers fit 2 cores).
    env.setdefault("OMP_PROC_BIND", "close")
    env.setdefault("OMP_PLACES", "cores")
    p = subprocess.run(cmd + ["--json"], capture_output=True, text=True, env=env, timeout=900)
    try:
        doc = json.loads(p.stdout)
    except json.JSONDecodeError:
        doc = None
    if p.returncode != 0 or doc is None or doc.get("verified") is False:
        failures.append("%s: exit %d %s" % (" ".join(cmd), p.returncode, p.stderr[-300:]))
        print("FAIL: %s: exit %d\n%s" % (" ".join(cmd), p.returncode, p.stderr[-500:]), file=sys.stderr)
        return None
    return doc


def metric(doc, *path):
    for key in path:
        doc = doc[key] if doc is not None else None
    return doc


# Each target: id, what, goal (ratio >= goal, or within [lo, hi]), the runs, and
# how to get (measured, yardstick) from their documents. "higher" ratios are
# measured / yardstick; for latency the ratio is yardstick / measured, so that
# 1.0 is "as good as the plain ping-pong" and higher is better throughout.
def speedup_target(tid, what, cmd, goal):
    return dict(id=tid, what=what, goal=goal, runs=[cmd],
                pick=lambda docs: (metric(docs[0], "parallel_seconds"), metric(docs[0], "serial_seconds")),
                ratio=lambda m, y: y / m, unit="s", command=" ".join(cmd[0]))


# The hand-offs at light items (F(v), v <= 20: the queue, not the work, is
# timed): items/s against a floor, and OpenMP against MPI in the same round.
LIGHT = [
    ("fibonacci_condition", ["--count", str(N_LIGHT), "--max", "20", "--consumers", "2"],
     ["--count", str(N_LIGHT), "--max", "20"], 5e6),
    ("producer_consumer", ["--count", str(N_LIGHT), "--max", "20"], ["--count", str(N_LIGHT), "--max", "20"], 20e6),
    ("result_queue", ["--n", str(N_LIGHT), "--batch", "1000"], ["--n", str(N_LIGHT), "--batch", "1000"], 20e6),
]


def light_targets(example, omp_args, mpi_args, floor):
    common = ["--repeat", "5", "--quiet"]
    o, m = omp(example, *omp_args, *common), mpi(example, *mpi_args, *common)
    items = lambda d: metric(d, "metrics", "items_per_second")
    return [dict(id=example + "_omp_items_per_s", what="omp_%s items/s at %d light items, vs a floor" % (example, N_LIGHT),
                 goal=(1.0, None), unit="items/s", runs=[o],
                 pick=lambda docs: (items(docs[0]), floor), ratio=lambda m, y: m / y),
            dict(id=example + "_omp_vs_mpi_items", what="omp_%s items/s vs mpi_%s's, 2 ranks" % (example, example),
                 goal=(1.0, None), unit="items/s", runs=[o, m],
                 pick=lambda docs: (items(docs[0]), items(docs[1])), ratio=lambda m, y: m / y)]


TARGETS = [
    speedup_target("mapreduce_omp_dynamic", "omp_mapreduce --schedule dynamic, speedup",
                   omp("mapreduce", "--n", str(N_MAP), "--schedule", "dynamic", "--repeat", "3", "--quiet"), (1.9, None)),
    speedup_target("mapreduce_omp_static", "omp_mapreduce --schedule static, speedup (imbalance shown)",
                   omp("mapreduce", "--n", str(N_MAP), "--schedule", "static", "--repeat", "3", "--quiet"), (1.2, 1.45)),
    speedup_target("mapreduce_mpi_cyclic", "mpi_mapreduce --distribution cyclic, 2 ranks, speedup",
                   mpi("mapreduce", "--n", str(N_MAP), "--distribution", "cyclic", "--repeat", "3", "--quiet"), (1.9, None)),
    speedup_target("mapreduce_mpi_block", "mpi_mapreduce --distribution block, 2 ranks, speedup (imbalance shown)",
                   mpi("mapreduce", "--n", str(N_MAP), "--distribution", "block", "--repeat", "3", "--quiet"), (1.2, 1.45)),
    speedup_target("producer_consumer_omp_heavy", "omp_producer_consumer heavy items (F(v), v <= 20000), speedup",
                   omp("producer_consumer", "--count", str(N_ITEMS), "--max", "20000", "--repeat", "3", "--quiet"),
                   (1.9, None)),
    speedup_target("producer_consumer_mpi_heavy", "mpi_producer_consumer heavy items, 2 ranks, speedup",
                   mpi("producer_consumer", "--count", str(N_ITEMS), "--max", "20000", "--repeat", "3", "--quiet"),
                   (1.9, None)),
    speedup_target("fibonacci_condition_omp_heavy",
                   "omp_fibonacci_condition heavy items, 2 consumers (+ the producer, asleep), speedup",
                   omp("fibonacci_condition", "--count", str(N_ITEMS), "--max", "20000", "--consumers", "2",
                       "--repeat", "3", "--quiet"), (1.9, None)),
    dict(id="pipe_latency_8B", what="mpi_pipe ping-pong latency at 8 B vs plain ping-pong (ratio plain/ours)",
         goal=(0.9, None), unit="us",
         runs=[mpi("pipe", "--mode", "pingpong", "--sizes", "8", "--iterations", "100000", "--warmup", "1000"),
               ref("ref_pingpong", "--sizes", "8", "--iterations", "100000", ranks=2)],
         pick=lambda docs: (metric(docs[0], "metrics", "latency_us", "8"), docs[1]["rows"][0]["latency_us"]),
         ratio=lambda m, y: y / m),
    dict(id="pipe_bandwidth_4MiB", what="mpi_pipe ping-pong bandwidth at 4 MiB vs plain ping-pong",
         goal=(0.9, None), unit="MB/s",
         runs=[mpi("pipe", "--mode", "pingpong", "--sizes", "4194304", "--iterations", "200"),
               ref("ref_pingpong", "--sizes", "4194304", "--iterations-large", "200", ranks=2)],
         pick=lambda docs: (metric(docs[0], "metrics", "bandwidth_MBps", "4194304"),
                            docs[1]["rows"][0]["bandwidth_MBps"]),
         ratio=lambda m, y: m / y),
    dict(id="pipe_omp_latency_8B", what="omp_pipe ping-pong latency at 8 B vs two threads spinning on one atomic (ratio ref/ours)",
         goal=(1 / 1.3, None), unit="us",
         runs=[omp("pipe", "--mode", "pingpong", "--sizes", "8", "--iterations", "100000", "--warmup", "1000"),
               ref("ref_thread_pingpong", "--sizes", "8", "--iterations", "100000")],
         pick=lambda docs: (metric(docs[0], "metrics", "latency_us", "8"), docs[1]["rows"][0]["latency_us"]),
         ratio=lambda m, y: y / m),
    dict(id="pipe_omp_vs_mpi_latency_8B", what="omp_pipe latency at 8 B vs mpi_pipe's, 2 ranks (ratio mpi/omp)",
         goal=(1.0, None), unit="us",
         runs=[omp("pipe", "--mode", "pingpong", "--sizes", "8", "--iterations", "100000", "--warmup", "1000"),
               mpi("pipe", "--mode", "pingpong", "--sizes", "8", "--iterations", "100000", "--warmup", "1000")],
         pick=lambda docs: (metric(docs[0], "metrics", "latency_us", "8"), metric(docs[1], "metrics", "latency_us", "8")),
         ratio=lambda m, y: y / m),
    dict(id="pipe_omp_bandwidth_4MiB", what="omp_pipe bandwidth at 4 MiB vs one memcpy between two threads' buffers",
         goal=(0.9, None), unit="MB/s",
         runs=[omp("pipe", "--mode", "pingpong", "--sizes", "4194304", "--iterations", "200"),
               ref("ref_thread_pingpong", "--sizes", "4194304", "--iterations-large", "200")],
         pick=lambda docs: (metric(docs[0], "metrics", "bandwidth_MBps", "4194304"),
                            docs[1]["rows"][0]["bandwidth_MBps"]),
         ratio=lambda m, y: m / y),
    # Windowed bandwidth (osu_bw's loop): 64 messages back to back, then an ack.
    dict(id="pipe_bw_4MiB", what="mpi_pipe --mode bw at 4 MiB vs plain osu_bw-style loop (ref_pingpong --mode bw)",
         goal=(0.9, None), unit="MB/s",
         runs=[mpi("pipe", "--mode", "bw", "--sizes", "4M", "--iterations", "50", ranks=2),
               ref("ref_pingpong", "--mode", "bw", "--sizes", "4194304", "--iterations-large", "50", ranks=2)],
         pick=lambda docs: (metric(docs[0], "metrics", "bandwidth_MBps", "4194304"),
                            docs[1]["rows"][0]["bandwidth_MBps"]),
         ratio=lambda m, y: m / y),
    dict(id="pipe_omp_bw_4MiB", what="omp_pipe --mode bw at 4 MiB vs two threads posting 64 and copying (ref_thread_pingpong --mode bw)",
         goal=(0.9, None), unit="MB/s",
         runs=[omp("pipe", "--mode", "bw", "--sizes", "4M", "--iterations", "50"),
               ref("ref_thread_pingpong", "--mode", "bw", "--sizes", "4194304", "--iterations-large", "50")],
         pick=lambda docs: (metric(docs[0], "metrics", "bandwidth_MBps", "4194304"),
                            docs[1]["rows"][0]["bandwidth_MBps"]),
         ratio=lambda m, y: m / y),
] + [t for example, omp_args, mpi_args, floor in LIGHT for t in light_targets(example, omp_args, mpi_args, floor)] + [
    dict(id="shared_array_omp_GBps", what="omp_shared_array GB/s (read+write) vs STREAM-style copy, 2 threads",
         goal=(0.8, None), unit="GB/s",
         runs=[omp("shared_array", "--n", str(N_ARRAY), "--repeat", "10", "--quiet"),
               ref("ref_stream_copy", "--n", str(N_ARRAY), "--repeat", "10")],
         pick=lambda docs: (metric(docs[0], "metrics", "GBps_read_write"), docs[1]["GBps_median"]),
         ratio=lambda m, y: m / y),
    dict(id="shared_array_mpi_GBps", what="mpi_shared_array (shared window) GB/s vs STREAM-style copy, 2 ranks",
         goal=(0.8, None), unit="GB/s",
         runs=[mpi("shared_array", "--n", str(N_ARRAY), "--repeat", "10", "--quiet"),
               ref("ref_stream_copy", "--n", str(N_ARRAY), "--repeat", "10")],
         pick=lambda docs: (metric(docs[0], "metrics", "GBps_read_write"), docs[1]["GBps_median"]),
         ratio=lambda m, y: m / y),
    dict(id="shared_array_omp_memory", what="omp_shared_array peak RSS / data held",
         goal=(None, 1.2), unit="x",
         runs=[omp("shared_array", "--n", str(N_ARRAY), "--quiet")],
         pick=lambda docs: (metric(docs[0], "metrics", "peak_rss_over_data"), 1.0),
         ratio=lambda m, y: m / y),
    dict(id="shared_array_mpi_memory", what="mpi_shared_array peak RSS (all ranks) / data held",
         goal=(None, 1.2), unit="x",
         runs=[mpi("shared_array", "--n", str(N_ARRAY), "--quiet")],
         pick=lambda docs: (metric(docs[0], "metrics", "peak_rss_over_data"), 1.0),
         ratio=lambda m, y: m / y),
]
for t in TARGETS:
    t.setdefault("command", " | ".join(" ".join(c[0]) for c in t["runs"]))

only = set(filter(None, a.only.split(",")))
rows = []
for t in TARGETS:
    if only and t["id"] not in only:
        continue
    measured, yard = [], []
    start = time.monotonic()
    for r in range(rounds):
        docs = [run_json(c) for c in t["runs"]]
        if any(d is None for d in docs):
            break
        try:
            m, y = t["pick"](docs)
        except (KeyError, TypeError, IndexError) as e:
            failures.append("%s: result lacks %s" % (t["id"], e))
            break
        measured.append(float(m))
        yard.append(float(y))
    if not measured:
        print("%-26s no result" % t["id"], flush=True)
        continue
    m, y = statistics.median(measured), statistics.median(yard)
    ratio = t["ratio"](m, y)
    lo, hi = t["goal"]
    met = (lo is None or ratio >= lo) and (hi is None or ratio <= hi)
    goal = (">= %g" % lo if hi is None else "<= %g" % hi if lo is None else "%g..%g" % (lo, hi))
    rows.append(dict(target=t["id"], what=t["what"], measured=round(m, 6), yardstick=round(y, 6),
                     unit=t["unit"], ratio=round(ratio, 3), goal=goal, met=met, rounds=len(measured),
                     spread_measured="%.4g..%.4g" % (min(measured), max(measured)), command=t["command"]))
    print("%-26s measured %-10.4g yardstick %-10.4g ratio %-6.3f goal %-9s %s  (%d rounds, %.0f s)"
          % (t["id"], m, y, ratio, goal, "met" if met else "MISSED", len(measured), time.monotonic() - start),
          flush=True)

os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
with open(a.out + ".csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()) if rows else ["target"])
    w.writeheader()
    w.writerows(rows)
with open(a.out + ".json", "w") as f:
    json.dump({"rounds": rounds, "quick": a.quick, "workers": WORKERS, "load_average": os.getloadavg(),
               "targets": rows}, f, indent=1)
print("wrote %s.csv and %s.json" % (a.out, a.out))
for msg in failures:
    print("FAIL: " + msg, file=sys.stderr)
sys.exit(1 if failures else 0)
