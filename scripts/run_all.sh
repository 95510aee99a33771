#!/usr/bin/env bash
# The main job: set-up, build, then every example in both models at a few
# thread and rank counts. Prints one table (example x model x workers: time,
# speedup, verification) and writes results/summary.csv and results/summary.json.
# Exits non-zero if any run fails verification or errs.
# Usage: scripts/run_all.sh [--workers "1 2 4"] [--repeat R] [--no-setup]
set -euo pipefail
source "$(dirname "$0")/common.sh"

workers="1 2 4"
repeat=3
setup=1
while [ $# -gt 0 ]; do
  case "$1" in
    --workers) workers=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --no-setup) setup=0; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "error: unknown argument '$1' (allowed: --workers LIST, --repeat R, --no-setup)" >&2; exit 2 ;;
  esac
done

[ "$setup" = 1 ] && "$HPCP_ROOT/scripts/setup.sh"
hpcp_build
hpcp_local_mpi_env

examples="fibonacci_condition pipe producer_consumer square_cube shared_array result_queue lock_balance mapreduce"
results="$HPCP_ROOT/results"
raw="$results/raw"
rm -rf "$raw"
mkdir -p "$raw"

run_one() {  # model workers example command...
  local model=$1 w=$2 ex=$3
  shift 3
  local out="$raw/${ex}_${model}_${w}.json" err="$raw/${ex}_${model}_${w}.err" rc=0
  printf '  %-22s %-7s %2s workers ... ' "$ex" "$model" "$w" >&2
  timeout 900 "$@" --json --repeat "$repeat" >"$out" 2>"$err" || rc=$?
  echo "$rc" >"$raw/${ex}_${model}_${w}.rc"
  echo "exit $rc" >&2
}

# Where an example's OpenMP team is not sized by OMP_NUM_THREADS, and the rank
# counts an MPI example refuses (a pipe has two ends).
declare -A team_flag=([fibonacci_condition]=--consumers)
declare -A min_ranks=([pipe]=2)

for ex in $examples; do
  if [ ! -x "$HPCP_BUILD/bin/omp_$ex" ]; then
    echo "  $ex: not built yet, skipped" >&2
    continue
  fi
  for w in $workers; do
    team=()
    [ -n "${team_flag[$ex]:-}" ] && team=("${team_flag[$ex]}" "$w")
    OMP_NUM_THREADS=$w run_one openmp "$w" "$ex" "$HPCP_BUILD/bin/omp_$ex" "${team[@]}"
  done
  for w in $workers; do
    if [ "$w" -lt "${min_ranks[$ex]:-1}" ]; then
      echo "  $ex MPI at $w rank(s): skipped, it needs at least ${min_ranks[$ex]}" >&2
      continue
    fi
    # Hybrid examples get one thread per rank here, so workers are ranks.
    OMP_NUM_THREADS=1 run_one mpi "$w" "$ex" "${HPCP_MPIEXEC[@]}" -n "$w" "$HPCP_BUILD/bin/mpi_$ex"
  done
done

python3 "$HPCP_ROOT/scripts/summarize.py" "$raw" "$results"
