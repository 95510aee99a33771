# shellcheck shell=bash
# Sourced by scripts/scaling.sh and scripts/compare_python.sh (after common.sh):
# the table of benchmark cases, the worker counts, binding and the run context.

HPCP_CASES=${HPCP_CASES:-$HPCP_ROOT/scripts/bench_cases.conf}
# Stdlib-only helpers run with any python3; the Python notebook cells need NumPy,
# which Debian's /usr/bin/python3 has (python3-numpy), a pyenv or venv python may not.
HPCP_PYTHON=${HPCP_PYTHON:-python3}
if [ -z "${HPCP_PYTHON_CELLS:-}" ]; then
  if [ -x /usr/bin/python3 ]; then HPCP_PYTHON_CELLS=/usr/bin/python3; else HPCP_PYTHON_CELLS=python3; fi
fi

bench_trim() {  # bench_trim STRING -> STRING without surrounding blanks; '-' -> ''
  local s=$1
  s="${s#"${s%%[![:space:]]*}"}"
  s="${s%"${s##*[![:space:]]}"}"
  [ "$s" = "-" ] && s=""
  printf '%s' "$s"
}

# bench_read_cases FILE: one entry per row in the arrays CASE_EX, CASE_MODEL,
# CASE_VARIANT, CASE_ARGS, CASE_FLAG, CASE_QUICK, CASE_FULL, CASE_WEAK,
# CASE_COMPARE, CASE_PYTHON (see the header of scripts/bench_cases.conf).
bench_read_cases() {
  local file=$1 line n=0 i
  local -a f
  CASE_EX=() CASE_MODEL=() CASE_VARIANT=() CASE_ARGS=() CASE_FLAG=() CASE_QUICK=() CASE_FULL=()
  CASE_WEAK=() CASE_COMPARE=() CASE_PYTHON=()
  [ -r "$file" ] || { echo "error: cases table $file not readable" >&2; return 2; }
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    line=${line%%#*}
    [[ $line =~ ^[[:space:]]*$ ]] && continue
    IFS='|' read -r -a f <<<"$line"
    if [ ${#f[@]} -ne 10 ]; then
      echo "error: $file:$n: expected 10 fields separated by '|', found ${#f[@]}" >&2
      return 2
    fi
    for i in "${!f[@]}"; do f[i]=$(bench_trim "${f[i]}"); done
    case "${f[1]}" in
      omp|mpi|hybrid) ;;
      *) echo "error: $file:$n: model '${f[1]}' (allowed: omp, mpi, hybrid)" >&2; return 2 ;;
    esac
    CASE_EX+=("${f[0]}") CASE_MODEL+=("${f[1]}") CASE_VARIANT+=("${f[2]}") CASE_ARGS+=("${f[3]}")
    CASE_FLAG+=("${f[4]}") CASE_QUICK+=("${f[5]}") CASE_FULL+=("${f[6]}") CASE_WEAK+=("${f[7]}")
    CASE_COMPARE+=("${f[8]}") CASE_PYTHON+=("${f[9]}")
  done <"$file"
}

bench_binary() {  # bench_binary MODEL EXAMPLE -> path of the binary
  case "$1" in
    omp) echo "$HPCP_BUILD/bin/omp_$2" ;;
    *) echo "$HPCP_BUILD/bin/mpi_$2" ;;
  esac
}

bench_workers() {  # bench_workers MAX -> "1 2 4 ... MAX" (MAX last even when not a power of two)
  local max=$1 w=1 out=""
  while [ "$w" -le "$max" ]; do out="$out $w"; w=$((w * 2)); done
  [ $((w / 2)) -ne "$max" ] && out="$out $max"
  echo "${out# }"
}

# The launcher's MPI, by scripts/batch/mpi_flags.sh (which holds every launcher flag):
# openmpi, mpich (Hydra) or another.
bench_mpi_flavor() {
  [ -n "${BENCH_MPI_FLAVOR:-}" ] || BENCH_MPI_FLAVOR=$(hpcp_mpi_flavor "${HPCP_MPIEXEC[0]:-mpiexec}")
  echo "$BENCH_MPI_FLAVOR"
}

# bench_binding KIND RANKS THREADS LAUNCH (omp|mpi): sets BIND_ENV (VAR=value words for env) and
# BIND_MPI (launcher flags), and BIND_TEXT (what the CSV records). KIND auto: threads
# on cores (OMP_PROC_BIND=close, OMP_PLACES=cores, unless already set in the
# environment) and each rank on THREADS cores (Open MPI: --map-by slot:PE=THREADS
# --bind-to core; MPICH: -bind-to core:THREADS), as long as ranks*threads fits the cores;
# beyond that (oversubscribed) nothing is bound. KIND none: nothing bound.
# shellcheck disable=SC2034  # BIND_* are read by the sourcing script
bench_binding() {
  local kind=$1 r=$2 t=$3 cores flavor=none
  cores=$(nproc 2>/dev/null || echo 1)
  [ "$4" != mpi ] || flavor=$(bench_mpi_flavor)
  BIND_ENV=() BIND_MPI=() BIND_TEXT="none"
  if [ "$kind" = auto ] && [ $((r * t)) -le "$cores" ]; then
    BIND_ENV=("OMP_PROC_BIND=${OMP_PROC_BIND:-close}" "OMP_PLACES=${OMP_PLACES:-cores}")
    BIND_TEXT="OMP_PROC_BIND=${OMP_PROC_BIND:-close} OMP_PLACES=${OMP_PLACES:-cores}"
    if [ "$4" = mpi ]; then
      hpcp_mpi_flags "$flavor" bind-slots "$t"
      BIND_MPI=("${HPCP_MPI_FLAGS[@]}")
      if [ ${#BIND_MPI[@]} -gt 0 ]; then
        BIND_TEXT="mpiexec ${BIND_MPI[*]}; $BIND_TEXT"
      else
        BIND_TEXT="mpiexec default; $BIND_TEXT"
      fi
    fi
  else
    [ "$4" != mpi ] || hpcp_mpi_flags "$flavor" unbound
    BIND_ENV=("OMP_PROC_BIND=${OMP_PROC_BIND:-false}")
    BIND_TEXT="OMP_PROC_BIND=${OMP_PROC_BIND:-false}"
    if [ "$4" = mpi ] && [ ${#HPCP_MPI_FLAGS[@]} -gt 0 ]; then
      BIND_MPI=("${HPCP_MPI_FLAGS[@]}")
      BIND_TEXT="mpiexec ${BIND_MPI[*]}; $BIND_TEXT"
    fi
  fi
}

bench_load1() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo ""; }

# bench_context FILE ARGS...: the machine and software context as "key: value"
# lines (the CSV writers turn them into "# key: value" comment lines).
bench_context() {
  local file=$1
  shift
  local cpu sockets cps tpc rev mem
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
  sockets=$(lscpu 2>/dev/null | sed -n 's/^Socket(s):[[:space:]]*//p')
  cps=$(lscpu 2>/dev/null | sed -n 's/^Core(s) per socket:[[:space:]]*//p')
  tpc=$(lscpu 2>/dev/null | sed -n 's/^Thread(s) per core:[[:space:]]*//p')
  mem=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null)
  rev=$(git -C "$HPCP_ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git -C "$HPCP_ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]; then rev="$rev-dirty"; fi
  {
    echo "command: $*"
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host: $(hostname 2>/dev/null || uname -n)"
    echo "cpu: ${cpu:-unknown}"
    echo "cores: $(nproc 2>/dev/null) logical CPUs available (sockets ${sockets:-?}, cores per socket ${cps:-?}, threads per core ${tpc:-?})"
    echo "memory: ${mem:-unknown}"
    echo "os: $(uname -sr)"
    echo "compiler_cli: $(c++ --version 2>/dev/null | head -1)"
    echo "mpiexec: ${HPCP_MPIEXEC[*]} ($(hpcp_mpi_version "${HPCP_MPIEXEC[0]:-mpiexec}" "$(bench_mpi_flavor)"))"
    echo "build_dir: $HPCP_BUILD"
    echo "git_revision: $rev"
    echo "load_average_start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
  } >"$file"
}
