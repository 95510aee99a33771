#!/usr/bin/env bash
# The figures of BENCHMARKS.md that are not speedup targets, at 2 workers:
# hand-off throughput of the queue examples at 10^6 light items (items/s),
# heavy result_queue items, and lock_balance's cost per update for every sync
# kind in both models (sleeps 0, 10^6 updates, EPCC-style ns per update), with
# the updates lost by the racy --sync none control. One line per run; exit 1 if
# a run fails or is not verified.
# Usage: scripts/throughput.sh [--repeat R] [--no-build]
set -euo pipefail
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "$0")/common.sh"
repeat=5 build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat=${2:?--repeat needs a value}; shift ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ $repeat =~ ^[1-9][0-9]*$ ]] || { echo "error: --repeat: must be a positive integer" >&2; exit 2; }
[ "$build" = 1 ] && hpcp_build >/dev/null
hpcp_local_mpi_env
bin=$HPCP_BUILD/bin
export OMP_PROC_BIND=${OMP_PROC_BIND:-close} OMP_PLACES=${OMP_PLACES:-cores}
echo "throughput on $(hostname): $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), repeat $repeat" >&2
failed=0

show() {  # label: reads one --json report on stdin
  python3 -c '
import json, sys
label = sys.argv[1]
try:
    d = json.load(sys.stdin)
except ValueError:
    print("%-26s no report" % label); sys.exit(1)
m = d.get("metrics", {})
keep = ("items_per_second", "imbalance", "ns_per_update", "ns_per_update_per_thread",
        "serial_ns_per_update", "drift", "lost_updates_at_least")
extra = "  ".join("%s=%s" % (k, m[k]) for k in keep if k in m)
print("%-26s %-8s median %.4g s  speedup %.3g  %s" % (label, "verified" if d["verified"] else "FAILED",
      d["parallel_seconds"], d["speedup"], extra))
sys.exit(0 if d["verified"] else 1)' "$1"
}
omp() { OMP_NUM_THREADS=2 "$bin/omp_$1" "${@:3}" --repeat "$repeat" --quiet --json | show "$2" || failed=1; }
mpi() { OMP_NUM_THREADS=1 "${HPCP_MPIEXEC[@]}" -n 2 "$bin/mpi_$1" "${@:3}" --repeat "$repeat" --quiet --json |
        show "$2" || failed=1; }

omp producer_consumer   "producer_consumer omp" --count 1000000 --max 20
mpi producer_consumer   "producer_consumer mpi" --count 1000000 --max 20
omp result_queue        "result_queue omp"      --n 1000000
mpi result_queue        "result_queue mpi"      --n 1000000 --batch 1000
omp fibonacci_condition "fibonacci_cond omp"    --count 1000000 --max 20 --consumers 2
mpi fibonacci_condition "fibonacci_cond mpi"    --count 1000000 --max 20
omp result_queue        "result_queue omp heavy" --n 4000 --work 100000
mpi result_queue        "result_queue mpi heavy" --n 4000 --work 100000
for sync in lock critical atomic none; do
  omp lock_balance "lock_balance omp $sync" --sync "$sync" --sleep-us 0 --iterations 500000
done
for sync in lock atomic none; do
  mpi lock_balance "lock_balance mpi $sync" --sync "$sync" --sleep-us 0 --iterations 500000
done
exit "$failed"
