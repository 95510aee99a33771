#!/usr/bin/env bash
# Open MPI and MPICH side by side on this machine: the same sources built twice (build/
# and build-mpich/, preset mpich), the same runs at 2 ranks, interleaved round by round
# (the library that goes first alternates), medians of the rounds.
#   pipe        mpi_pipe --mode pingpong: latency at 8 B, bandwidth at 4 MiB
#   mapreduce   mpi_mapreduce --n 100000 (the targets' size): speedup over the serial loop
#   lock_balance  --sleep-us 0 --iterations 20000, --sync lock and atomic: ns per update
# Each rank on a core of its own, through scripts/batch/mpi_flags.sh (Open MPI
# --map-by slot:PE=1 --bind-to core, MPICH -bind-to core:1). Builds neither tree:
# cmake --build build; cmake --preset mpich && cmake --build --preset mpich.
# Usage: scripts/compare_mpi.sh [--rounds R]  (default 5) -> results/compare_mpi.csv
set -euo pipefail
source "$(dirname "$0")/common.sh"

rounds=5
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=${2:?--rounds needs a number}; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1' (allowed: --rounds R)" >&2; exit 2 ;;
  esac
done

declare -A launch bindir
for lib in openmpi mpich; do
  case $lib in openmpi) HPCP_BUILD=$HPCP_ROOT/build ;; mpich) HPCP_BUILD=$HPCP_ROOT/build-mpich ;; esac
  [ -x "$HPCP_BUILD/bin/mpi_pipe" ] || { echo "error: $HPCP_BUILD/bin/mpi_pipe not built" >&2; exit 2; }
  hpcp_local_mpi_env
  hpcp_mpi_flags "$(hpcp_mpi_flavor "${HPCP_MPIEXEC[0]}")" bind-slots 1
  launch[$lib]="${HPCP_MPIEXEC[*]} -n 2 ${HPCP_MPI_FLAGS[*]}"
  bindir[$lib]=$HPCP_BUILD/bin
done

cases=("pipe_latency_8B|mpi_pipe --mode pingpong --sizes 8 --iterations 100000 --warmup 1000"
       "pipe_bandwidth_4MiB|mpi_pipe --mode pingpong --sizes 4194304 --iterations 200"
       "mapreduce_speedup|mpi_mapreduce --n 100000 --repeat 3 --quiet"
       "lock_balance_lock_ns|mpi_lock_balance --sync lock --sleep-us 0 --iterations 20000 --repeat 3 --quiet"
       "lock_balance_atomic_ns|mpi_lock_balance --sync atomic --sleep-us 0 --iterations 20000 --repeat 3 --quiet")

mkdir -p "$HPCP_ROOT/results"
raw=$HPCP_ROOT/results/compare_mpi.raw
: >"$raw"
echo "compare_mpi: $rounds rounds on $(hostname), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for lib in openmpi mpich; do echo "  $lib: ${launch[$lib]} ${bindir[$lib]}/..." >&2; done
for ((r = 1; r <= rounds; r++)); do
  order="openmpi mpich"
  [ $((r % 2)) -eq 1 ] || order="mpich openmpi"
  for c in "${cases[@]}"; do
    id=${c%%|*} args=${c#*|}
    for lib in $order; do
      read -r -a cmd <<<"${launch[$lib]}"
      read -r -a a <<<"$args"
      a[0]=${bindir[$lib]}/${a[0]}
      json=$(OMP_NUM_THREADS=1 "${cmd[@]}" "${a[@]}" --json)
      printf '%s\t%s\t%s\t%s\n' "$r" "$id" "$lib" "$json" >>"$raw"
    done
  done
  echo "  round $r done" >&2
done

python3 - "$raw" "$HPCP_ROOT/results/compare_mpi.csv" "${launch[openmpi]}" "${launch[mpich]}" <<'EOF'
import json, statistics, sys
raw, out, l_ompi, l_mpich = sys.argv[1:5]
vals = {}
for line in open(raw):
    r, cid, lib, doc = line.rstrip("\n").split("\t", 3)
    d = json.loads(doc)
    assert d["verified"], (cid, lib)
    m = d.get("metrics", {})
    if cid == "pipe_latency_8B":
        v = m["latency_us"]["8"]
    elif cid == "pipe_bandwidth_4MiB":
        v = m["bandwidth_MBps"]["4194304"]
    elif cid == "mapreduce_speedup":
        v = d["speedup"]
    else:
        v = d["parallel_seconds"] / (2 * d["params"]["iterations"]) * 1e9
    vals.setdefault((cid, lib), []).append(v)
units = {"pipe_latency_8B": "us", "pipe_bandwidth_4MiB": "MB/s", "mapreduce_speedup": "x",
         "lock_balance_lock_ns": "ns/update", "lock_balance_atomic_ns": "ns/update"}
with open(out, "w") as f:
    f.write("# openmpi: %s\n# mpich: %s\n" % (l_ompi, l_mpich))
    f.write("case,unit,openmpi_median,mpich_median,openmpi_runs,mpich_runs\n")
    print("%-24s %-10s %12s %12s" % ("case", "unit", "Open MPI", "MPICH"))
    for cid in units:
        o, p = vals[(cid, "openmpi")], vals[(cid, "mpich")]
        f.write("%s,%s,%.4g,%.4g,%s,%s\n" % (cid, units[cid], statistics.median(o), statistics.median(p),
                                            " ".join("%.4g" % x for x in o), " ".join("%.4g" % x for x in p)))
        print("%-24s %-10s %12.4g %12.4g   (%s | %s)" % (cid, units[cid], statistics.median(o), statistics.median(p),
              " ".join("%.4g" % x for x in o), " ".join("%.4g" % x for x in p)))
print("-> " + out)
EOF
