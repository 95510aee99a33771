#!/usr/bin/env bash
# Strong and weak scaling sweep: every example with a benchmark size in
# scripts/bench_cases.conf, OpenMP threads and MPI ranks 1, 2, 4, ... up to --max
# (ranks x threads for the hybrid ones), each run --json --repeat R (median).
# Writes results/scaling.csv: "# key: value" context lines (host, CPU, compiler,
# MPI, binding, git revision, date, load), then one row per run. One progress line
# per run on stderr. Exits 1 if any run fails verification or errs.
# Usage: scripts/scaling.sh [--quick] [--max N] [--repeat R] [--examples "a b"]
#          [--models "omp mpi hybrid"] [--scaling strong|weak|both] [--bind auto|none]
#          [--size EXAMPLE=N] [--timeout S] [--cases FILE] [--out FILE] [--no-build]
# Then: /usr/bin/python3 scripts/plot_scaling.py   (PNGs under results/plots/)
set -euo pipefail
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "$0")/common.sh"
# shellcheck source=SCRIPTDIR/bench_lib.sh
source "$HPCP_ROOT/scripts/bench_lib.sh"

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; cat <<'EOF'

  --quick          quick sizes and --repeat 3: a few minutes on 2 cores (default: full sizes, --repeat 5)
  --max N          largest worker count (threads, ranks, ranks*threads); default: the cores (nproc)
  --repeat R       timed repetitions per run; the CSV has their median, min, mean and max
  --examples LIST  only these examples (space or comma separated); default: all in the table
  --models LIST    only these models of the table: omp, mpi, hybrid
  --scaling KIND   strong (fixed size), weak (size grows with the workers) or both (default)
  --bind KIND      auto: threads and ranks on cores while they fit (default); none: no binding
  --size EX=N      override the table's size for one example (repeatable)
  --timeout S      a run taking longer than S seconds is ended and counted as failed (default 900)
  --cases FILE     the table of cases (default scripts/bench_cases.conf)
  --out FILE       the CSV (default results/scaling.csv; raw JSON beside it in results/scaling/)
  --no-build       use the binaries in $HPCP_BUILD (default build/) as they are
Environment: HPCP_BUILD (build directory), HPCP_PYTHON (python3 for the CSV writer).
EOF
}

quick=0 max=$(nproc 2>/dev/null || echo 2) repeat="" only_examples="" only_models="" scaling=both
bind=auto timeout_s=900 build=1 out="$HPCP_ROOT/results/scaling.csv"
declare -A size_override=()
args_seen=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --max) max=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --examples) only_examples=${2//,/ }; shift 2 ;;
    --models) only_models=${2//,/ }; shift 2 ;;
    --scaling) scaling=$2; shift 2 ;;
    --bind) bind=$2; shift 2 ;;
    --size) size_override[${2%%=*}]=${2#*=}; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --cases) HPCP_CASES=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -z "$repeat" ] && { [ "$quick" = 1 ] && repeat=3 || repeat=5; }
[[ $max =~ ^[1-9][0-9]*$ ]] || { echo "error: --max: a positive integer, not '$max'" >&2; exit 2; }
[[ $repeat =~ ^[1-9][0-9]*$ ]] || { echo "error: --repeat: a positive integer, not '$repeat'" >&2; exit 2; }
[[ $timeout_s =~ ^[1-9][0-9]*$ ]] || { echo "error: --timeout: a positive integer, not '$timeout_s'" >&2; exit 2; }
case "$scaling" in strong|weak|both) ;; *) echo "error: --scaling: strong, weak or both, not '$scaling'" >&2; exit 2 ;; esac
case "$bind" in auto|none) ;; *) echo "error: --bind: auto or none, not '$bind'" >&2; exit 2 ;; esac
for ex in "${!size_override[@]}"; do
  [[ ${size_override[$ex]} =~ ^[0-9]+$ ]] || { echo "error: --size $ex=${size_override[$ex]}: N must be an integer" >&2; exit 2; }
done

bench_read_cases "$HPCP_CASES"
raw="${out%.csv}"
rm -rf "$raw"
mkdir -p "$raw"
if [ "$build" = 1 ]; then
  echo "building in $HPCP_BUILD (log: $raw/build.log) ..." >&2
  hpcp_build >"$raw/build.log" 2>&1 || { tail -20 "$raw/build.log" >&2; echo "error: build failed" >&2; exit 1; }
fi
hpcp_local_mpi_env
workers=$(bench_workers "$max")

in_list() { [ -z "$2" ] || [[ " $2 " == *" $1 "* ]]; }

# --- the plan: one entry per CSV row; runs with equal commands are made once -----
P_CASE=() P_SCALING=() P_R=() P_T=() P_SIZE=() P_RUN=()
declare -A run_of=() skipped=()
R_KEYS=()
add_entry() {  # case scaling ranks threads size
  local key="$1|$3|$4|$5"
  if [ -z "${run_of[$key]:-}" ]; then
    R_KEYS+=("$key")
    run_of[$key]=${#R_KEYS[@]}
  fi
  P_CASE+=("$1") P_SCALING+=("$2") P_R+=("$3") P_T+=("$4") P_SIZE+=("$5") P_RUN+=("${run_of[$key]}")
}
for c in "${!CASE_EX[@]}"; do
  ex=${CASE_EX[c]} model=${CASE_MODEL[c]}
  if ! in_list "$ex" "$only_examples" || ! in_list "$model" "$only_models"; then continue; fi
  size=${CASE_FULL[c]}
  if [ "$quick" = 1 ]; then
    size=${CASE_QUICK[c]}
  fi
  # '-' as the size of a row with a size flag: not in this sweep (a full-sweep-only
  # row under --quick; a compare-only row such as pipe, which has no worker scaling)
  [ -z "$size" ] && [ -n "${CASE_FLAG[c]}" ] && continue
  [ -n "${size_override[$ex]:-}" ] && size=${size_override[$ex]}
  if [ "$size" = TODO ] || [ "${CASE_ARGS[c]}" = TODO ] || [ "${CASE_FLAG[c]}" = TODO ]; then
    [ -z "${skipped[$ex/$model]:-}" ] && echo "  $ex ($model): no benchmark size yet (TODO in $HPCP_CASES), skipped" >&2
    skipped[$ex/$model]=1
    continue
  fi
  bin=$(bench_binary "$model" "$ex")
  if [ ! -x "$bin" ]; then
    [ -z "${skipped[$ex/$model]:-}" ] && echo "  $ex ($model): $bin not built yet, skipped" >&2
    skipped[$ex/$model]=1
    continue
  fi
  [ -z "${CASE_FLAG[c]}" ] && size=""
  for kind in strong weak; do
    [ "$scaling" = both ] || [ "$scaling" = "$kind" ] || continue
    if [ "$kind" = weak ] && { [ -z "${CASE_WEAK[c]}" ] || [ -z "$size" ]; }; then continue; fi
    for r in $workers; do
      for t in $workers; do
        case "$model" in
          omp) [ "$r" = 1 ] || continue ;;
          mpi) [ "$t" = 1 ] || continue ;;
          hybrid) [ $((r * t)) -le "$max" ] || continue ;;
        esac
        s=$size
        if [ "$kind" = weak ]; then
          s=$(awk -v n="$size" -v w=$((r * t)) -v e="${CASE_WEAK[c]}" 'BEGIN { printf "%.0f", n * w ^ e }')
        fi
        add_entry "$c" "$kind" "$r" "$t" "$s"
      done
    done
  done
done

total=${#R_KEYS[@]}
if [ "$total" = 0 ]; then
  echo "error: nothing to run (no example with a benchmark size and a built binary)" >&2
  exit 1
fi
mode=full
[ "$quick" = 1 ] && mode=quick
echo "scaling: $total runs ($mode sizes, --repeat $repeat, workers $workers, bind $bind) -> $out" >&2

context="$raw/context.txt"
bench_context "$context" "scripts/scaling.sh ${args_seen[*]}"
{
  echo "mode: $mode sizes, --repeat $repeat (each run: serial warm-up + $repeat timed, parallel warm-up + $repeat timed; medians)"
  echo "workers: $workers (max $max)"
  echo "binding: --bind $bind: threads OMP_PROC_BIND=${OMP_PROC_BIND:-close} OMP_PLACES=${OMP_PLACES:-cores}; MPI ranks mpiexec --map-by slot:PE=<threads> --bind-to core (Open MPI); nothing bound when ranks*threads > $(nproc) cores; per run in the binding column"
  echo "definitions: speedup = serial_seconds / parallel_seconds at the same size (medians); efficiency = speedup / workers; workers = ranks * threads; weak scaling grows the size as size * workers^weak (scripts/bench_cases.conf)"
} >>"$context"

# --- the runs -------------------------------------------------------------------
declare -A RC=() LOAD=() BIND=() WALL=()
for i in "${!R_KEYS[@]}"; do
  n=$((i + 1))
  IFS='|' read -r c r t s <<<"${R_KEYS[i]}"
  ex=${CASE_EX[c]} model=${CASE_MODEL[c]} variant=${CASE_VARIANT[c]}
  bin=$(bench_binary "$model" "$ex")
  # shellcheck disable=SC2206
  extra=(${CASE_ARGS[c]})
  extra=("${extra[@]//\{threads\}/$t}")  # e.g. --consumers {threads}: a team not sized by OMP_NUM_THREADS
  [ -n "$s" ] && extra+=("${CASE_FLAG[c]}" "$s")
  launch=omp
  [ "$model" = omp ] || launch=mpi
  bench_binding "$bind" "$r" "$t" "$launch"
  printf '[%d/%d] %-20s %-6s %-8s ranks %2d x threads %2d  %s ... ' "$n" "$total" "$ex" "$model" "$variant" \
    "$r" "$t" "${s:+${CASE_FLAG[c]} $s}" >&2
  LOAD[$n]=$(bench_load1)
  BIND[$n]=$BIND_TEXT
  cmd=(env OMP_NUM_THREADS="$t" "${BIND_ENV[@]}")
  [ "$launch" = mpi ] && cmd+=("${HPCP_MPIEXEC[@]}" "${BIND_MPI[@]}" -n "$r")
  cmd+=("$bin" "${extra[@]}" --json --repeat "$repeat" --timeout "$timeout_s")
  printf '%q ' "${cmd[@]}" >"$raw/run_$n.cmd"
  rc=0
  t0=$(date +%s.%N)
  timeout --kill-after=10 $((timeout_s + 30)) "${cmd[@]}" >"$raw/run_$n.json" 2>"$raw/run_$n.err" </dev/null || rc=$?
  RC[$n]=$rc
  WALL[$n]=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
  "$HPCP_PYTHON" "$HPCP_ROOT/scripts/bench_json.py" brief "$raw/run_$n.json" "$rc" "$raw/run_$n.err" \
    "$((r * t))" "${WALL[$n]}" >&2 || true
done
echo "load_average_end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" >>"$context"

# --- the CSV --------------------------------------------------------------------
runs="$raw/runs.tsv"
printf 'run\texample\tcase_model\tvariant\tscaling\tranks\tthreads\tsize_flag\tsize\texit_code\tload1\twall_seconds\tbinding\n' >"$runs"
for j in "${!P_CASE[@]}"; do
  c=${P_CASE[j]} n=${P_RUN[j]}
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "${CASE_EX[c]}" "${CASE_MODEL[c]}" \
    "${CASE_VARIANT[c]}" "${P_SCALING[j]}" "${P_R[j]}" "${P_T[j]}" "${CASE_FLAG[c]}" "${P_SIZE[j]}" \
    "${RC[$n]}" "${LOAD[$n]}" "${WALL[$n]}" "${BIND[$n]}" >>"$runs"
done
"$HPCP_PYTHON" "$HPCP_ROOT/scripts/bench_json.py" scaling-csv "$runs" "$context" "$raw" "$out"
