#!/usr/bin/env bash
# Side by side: the notebook's own Python (scripts/python/<example>.py) and our
# binaries (OpenMP threads and MPI ranks), 2 workers each, at the same size per
# example (the "compare" column of scripts/bench_cases.conf). Prints a table with
# the times and the ratio Python time / our time, writes results/compare_python.csv
# (with the same "# key: value" context header as scaling.csv). Exits 1 if a run
# fails (a Python cell or a binary's verification).
# Usage: scripts/compare_python.sh [--examples "a b"] [--size EXAMPLE=N] [--workers W]
#          [--repeat R] [--py-repeat R] [--bind auto|none] [--cases FILE] [--out FILE] [--no-build]
set -euo pipefail
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "$0")/common.sh"
# shellcheck source=SCRIPTDIR/bench_lib.sh
source "$HPCP_ROOT/scripts/bench_lib.sh"

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; cat <<'EOF'

  --examples LIST  only these examples (space or comma separated); default: all with a compare size
  --size EX=N      the size for one example instead of the table's (repeatable)
  --workers W      threads, ranks and Python workers (default 2)
  --repeat R       timed repetitions of our binaries, median reported (default 3)
  --py-repeat R    runs of each Python cell, median reported (default 1: Python is slow)
  --bind KIND      auto (default) or none, as in scripts/scaling.sh
  --cases FILE     the table of cases (default scripts/bench_cases.conf)
  --out FILE       the CSV (default results/compare_python.csv; outputs beside it in results/compare_python/)
  --no-build       use the binaries in $HPCP_BUILD (default build/) as they are
Environment: HPCP_BUILD, HPCP_PYTHON_CELLS (the python3 with NumPy; default /usr/bin/python3).
EOF
}

only_examples="" nworkers=2 repeat=3 py_repeat=1 bind=auto build=1 out="$HPCP_ROOT/results/compare_python.csv"
declare -A size_override=()
args_seen=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --examples) only_examples=${2//,/ }; shift 2 ;;
    --size) size_override[${2%%=*}]=${2#*=}; shift 2 ;;
    --workers) nworkers=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --py-repeat) py_repeat=$2; shift 2 ;;
    --bind) bind=$2; shift 2 ;;
    --cases) HPCP_CASES=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for v in nworkers repeat py_repeat; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "error: --${v//_/-}: a positive integer, not '${!v}'" >&2; exit 2; }
done
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
if ! "$HPCP_PYTHON_CELLS" -c "import numpy" 2>/dev/null; then
  echo "error: $HPCP_PYTHON_CELLS has no NumPy (mapreduce.py needs it): set HPCP_PYTHON_CELLS or run" \
       "scripts/setup.sh --with-plots" >&2
  exit 1
fi

# Per example: the first compared row of each kind (omp; mpi or hybrid).
examples=()
declare -A omp_row=() mpi_row=() first_row=()
for c in "${!CASE_EX[@]}"; do
  ex=${CASE_EX[c]}
  [ -z "${CASE_COMPARE[c]}" ] && continue
  if [ -n "$only_examples" ] && [[ " $only_examples " != *" $ex "* ]]; then continue; fi
  if [ -z "${first_row[$ex]:-}" ]; then examples+=("$ex"); first_row[$ex]=$c; fi
  if [ "${CASE_MODEL[c]}" = omp ]; then
    [ -z "${omp_row[$ex]:-}" ] && omp_row[$ex]=$c
  else
    [ -z "${mpi_row[$ex]:-}" ] && mpi_row[$ex]=$c
  fi
done

context="$raw/context.txt"
bench_context "$context" "scripts/compare_python.sh ${args_seen[*]}"
{
  echo "python: $("$HPCP_PYTHON_CELLS" --version 2>&1) ($HPCP_PYTHON_CELLS), NumPy $("$HPCP_PYTHON_CELLS" -c 'import numpy; print(numpy.__version__)')"
  echo "workers: $nworkers (OpenMP threads; MPI ranks with 1 thread each; Python processes or threads where the cell takes --workers)"
  echo "repeat: ours --repeat $repeat (median of the parallel kernel); python $py_repeat run(s) (median of the cell's own timed interval)"
  echo "binding: --bind $bind (as in scripts/scaling.sh)"
} >>"$context"

runs="$raw/runs.tsv"
printf 'example\tsize\tworkers\tpython_out\tpython_rc\tpython_cmd\tomp_variant\tomp_json\tomp_rc\tomp_err\tmpi_variant\tmpi_json\tmpi_rc\tmpi_err\n' >"$runs"

run_ours() {  # run_ours CASE SIZE TAG -> sets OUR_JSON OUR_RC OUR_ERR
  local c=$1 size=$2 tag=$3 ex=${CASE_EX[$1]} model=${CASE_MODEL[$1]} bin r t launch
  local -a extra cmd
  bin=$(bench_binary "$model" "$ex")
  OUR_JSON="" OUR_RC="" OUR_ERR=""
  if [ ! -x "$bin" ]; then
    echo "  $ex ($model): $bin not built yet, skipped" >&2
    return 0
  fi
  # shellcheck disable=SC2206
  extra=(${CASE_ARGS[c]})
  [ -n "${CASE_FLAG[c]}" ] && extra+=("${CASE_FLAG[c]}" "$size")
  if [ "$model" = omp ]; then r=1 t=$nworkers launch=omp; else r=$nworkers t=1 launch=mpi; fi
  extra=("${extra[@]//\{threads\}/$t}")  # e.g. --consumers {threads}, as scaling.sh does
  bench_binding "$bind" "$r" "$t" "$launch"
  cmd=(env OMP_NUM_THREADS="$t" "${BIND_ENV[@]}")
  [ "$launch" = mpi ] && cmd+=("${HPCP_MPIEXEC[@]}" "${BIND_MPI[@]}" -n "$r")
  cmd+=("$bin" "${extra[@]}" --json --repeat "$repeat")
  OUR_JSON="$raw/${ex}_$tag.json" OUR_ERR="$raw/${ex}_$tag.err" OUR_RC=0
  printf '%q ' "${cmd[@]}" >"$raw/${ex}_$tag.cmd"
  printf '  %-20s %-6s %-8s %s ... ' "$ex" "$model" "${CASE_VARIANT[c]}" "${r}x$t" >&2
  timeout --kill-after=10 900 "${cmd[@]}" >"$OUR_JSON" 2>"$OUR_ERR" </dev/null || OUR_RC=$?
  "$HPCP_PYTHON" "$HPCP_ROOT/scripts/bench_json.py" brief "$OUR_JSON" "$OUR_RC" "$OUR_ERR" "$nworkers" "-" >&2 || true
}

ran=0
for ex in "${examples[@]}"; do
  c=${first_row[$ex]}
  size=${size_override[$ex]:-${CASE_COMPARE[c]}}
  if [ "$size" = TODO ] || [ "${CASE_FLAG[c]}" = TODO ] || [ "${CASE_ARGS[c]}" = TODO ]; then
    echo "  $ex: no compare size yet (TODO in $HPCP_CASES), skipped" >&2
    continue
  fi
  if [ ! -x "$(bench_binary omp "$ex")" ] && [ ! -x "$(bench_binary mpi "$ex")" ]; then
    echo "  $ex: not built yet, skipped" >&2
    continue
  fi
  ran=$((ran + 1))
  # The Python cell: its own arguments from the table, {size} and {workers} filled in.
  py_args=${CASE_PYTHON[c]//\{size\}/$size}
  py_args=${py_args//\{workers\}/$nworkers}
  # shellcheck disable=SC2206
  py_cmd=("$HPCP_PYTHON_CELLS" "$HPCP_ROOT/scripts/python/$ex.py" $py_args)
  py_outs="" py_rc=0
  for k in $(seq 1 "$py_repeat"); do
    printf '  %-20s %-6s %-8s %s ... ' "$ex" python "run $k" "$py_args" >&2
    rc=0
    timeout --kill-after=10 900 "${py_cmd[@]}" >"$raw/${ex}_python_$k.out" 2>"$raw/${ex}_python_$k.err" </dev/null || rc=$?
    # An exception in a thread or a child process leaves Python's exit code 0 but
    # the work undone (the time would be a lie): a traceback fails the run.
    if [ "$rc" = 0 ] && grep -q '^Traceback' "$raw/${ex}_python_$k.err"; then rc=1; fi
    [ "$rc" != 0 ] && py_rc=$rc
    py_outs="${py_outs:+$py_outs;}$raw/${ex}_python_$k.out"
    if [ "$rc" = 0 ]; then tail -1 "$raw/${ex}_python_$k.out" >&2; else echo "FAILED (exit $rc), see $raw/${ex}_python_$k.err" >&2; fi
  done
  omp_v="" omp_j="" omp_r="" omp_e="" mpi_v="" mpi_j="" mpi_r="" mpi_e=""
  if [ -n "${omp_row[$ex]:-}" ]; then
    run_ours "${omp_row[$ex]}" "$size" omp
    omp_v=${CASE_VARIANT[${omp_row[$ex]}]} omp_j=$OUR_JSON omp_r=$OUR_RC omp_e=$OUR_ERR
  fi
  if [ -n "${mpi_row[$ex]:-}" ]; then
    run_ours "${mpi_row[$ex]}" "$size" mpi
    mpi_v=${CASE_VARIANT[${mpi_row[$ex]}]} mpi_j=$OUR_JSON mpi_r=$OUR_RC mpi_e=$OUR_ERR
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$ex" "${CASE_FLAG[c]} $size" "$nworkers" \
    "$py_outs" "$py_rc" "${py_cmd[*]#"$HPCP_ROOT/"}" "$omp_v" "$omp_j" "$omp_r" "$omp_e" "$mpi_v" "$mpi_j" "$mpi_r" \
    "$mpi_e" >>"$runs"
done
echo "load_average_end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" >>"$context"
if [ "$ran" = 0 ]; then
  echo "error: nothing to compare (no example with a compare size and a built binary)" >&2
  exit 1
fi
"$HPCP_PYTHON" "$HPCP_ROOT/scripts/bench_json.py" compare-csv "$runs" "$context" "$out"
