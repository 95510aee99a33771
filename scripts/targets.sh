#!/usr/bin/env bash
# The benchmark targets of SPEC.md at 2 workers, each against its yardstick:
# speedups over the serial baseline, pipe vs a plain MPI ping-pong
# (build/bin/ref_pingpong), shared_array vs a STREAM-style copy
# (build/bin/ref_stream_copy), peak memory vs the data held.
# Writes results/targets.csv and results/targets.json; BENCHMARKS.md quotes them.
# Usage: scripts/targets.sh [--quick] [--rounds N] [--only id,id] [--no-build]
# Run it on a quiet machine: every figure is a median over interleaved rounds,
# but a loaded machine still moves them.
set -euo pipefail
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "$0")/common.sh"
build=1
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$arg") ;;
  esac
done
[ "$build" = 1 ] && hpcp_build >/dev/null
hpcp_local_mpi_env
launcher=$(IFS=';'; echo "${HPCP_MPIEXEC[*]};-n;{np}")
echo "targets on $(hostname): $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec python3 "$HPCP_ROOT/scripts/targets.py" --bin "$HPCP_BUILD/bin" --launcher "$launcher" \
  --out "$HPCP_ROOT/results/targets" "${args[@]}"
