# shellcheck shell=bash
# The one place that knows each MPI implementation's launcher: which one a launcher is,
# and the flags for what hpc-patterns asks of it. Sourced by scripts/batch/lib.sh (the
# batch jobs), scripts/common.sh and scripts/bench_lib.sh (local runs and benchmarks);
# run by CMake's launcher probe (cmake/HpcpHelpers.cmake), whose answer the tests use:
#     mpi_flags.sh LAUNCHER flavor            -> openmpi | mpich | hydra | unknown
#     mpi_flags.sh LAUNCHER PURPOSE [ARGS...] -> the flags, one a line
#
# Flavours: openmpi  Open MPI's mpirun/mpiexec (ORTE or PRRTE): "Open MPI" or "OpenRTE"
#                    in --version
#           mpich    MPICH's Hydra (also MVAPICH's): "HYDRA" in --version; -bind-to and
#                    -map-by as `mpiexec -bind-to -h` documents them
#           hydra    another Hydra whose binding flags differ (Intel MPI: I_MPI_PIN_*):
#                    -n, -ppn and -f only, binding left to the site's settings
#           unknown  anything else: -n only
# Purposes:
#   local                      local runs and the tests: Open MPI refuses more ranks than
#                              cores without --oversubscribe; Hydra oversubscribes by default
#                              (and runs as root without being told, where Open MPI needs
#                              OMPI_ALLOW_RUN_AS_ROOT{,_CONFIRM}, set by the callers)
#   place RPN TPR cores|threads|none
#                              RPN ranks per node, each bound to TPR cores (hardware
#                              threads), or placed unbound (batch jobs)
#   bind-slots TPR             one node: each rank on TPR cores of its own (benchmarks)
#   unbound                    one node: no rank bound (oversubscribed benchmarks)
#   env VAR...                 these variables reach every rank on every node (Open MPI
#                              forwards only OMPI_*; Hydra forwards the whole environment)
#   hostfile FILE              the host file flag
#   hostline HOST SLOTS        one line of a host file in the launcher's format
#
# None of these oversubscribes or runs as root except `local`: batch scripts never use it.

hpcp_mpi_flavor() {  # launcher -> openmpi | mpich | hydra | unknown
  local out
  out=$("$1" --version 2>&1 </dev/null) || true
  case $out in
    *"Open MPI"*|*OpenRTE*|*open-mpi*) echo openmpi ;;
    *"Intel(R) MPI"*) echo hydra ;;
    *HYDRA*|*MPICH*) echo mpich ;;
    *) echo unknown ;;
  esac
}

hpcp_mpi_version() {  # launcher flavor -> one line naming the launcher and its version
  local out
  out=$("$1" --version 2>&1 </dev/null) || true
  case $2 in
    # Hydra's first line is "HYDRA build details:"; its version is on the next.
    mpich) printf 'MPICH Hydra %s\n' "$(sed -n 's/^[[:space:]]*Version:[[:space:]]*//p' <<<"$out" | head -n 1)" ;;
    *) grep -m 1 . <<<"$out" || echo "$1" ;;
  esac
}

hpcp_mpi_flags() {  # flavor purpose [args...] -> HPCP_MPI_FLAGS (array)
  local flavor=$1 purpose=$2
  shift 2
  HPCP_MPI_FLAGS=()
  case $flavor:$purpose in
    openmpi:local) HPCP_MPI_FLAGS=(--oversubscribe) ;;
    *:local) ;;
    openmpi:place)
      case $3 in
        cores) HPCP_MPI_FLAGS=(--map-by "ppr:$1:node:PE=$2" --bind-to core) ;;
        threads) HPCP_MPI_FLAGS=(--use-hwthread-cpus --map-by "ppr:$1:node:PE=$2" --bind-to hwthread) ;;
        none) HPCP_MPI_FLAGS=(--map-by "ppr:$1:node" --bind-to none) ;;
      esac ;;
    mpich:place)
      case $3 in
        cores) HPCP_MPI_FLAGS=(-ppn "$1" -bind-to "core:$2") ;;
        threads) HPCP_MPI_FLAGS=(-ppn "$1" -bind-to "hwthread:$2") ;;
        none) HPCP_MPI_FLAGS=(-ppn "$1" -bind-to none) ;;
      esac ;;
    hydra:place) HPCP_MPI_FLAGS=(-ppn "$1") ;;
    openmpi:bind-slots) HPCP_MPI_FLAGS=(--map-by "slot:PE=$1" --bind-to core) ;;
    mpich:bind-slots) HPCP_MPI_FLAGS=(-bind-to "core:$1") ;;
    openmpi:unbound) HPCP_MPI_FLAGS=(--bind-to none) ;;
    mpich:unbound) HPCP_MPI_FLAGS=(-bind-to none) ;;
    openmpi:env)
      local v
      for v in "$@"; do HPCP_MPI_FLAGS+=(-x "$v"); done ;;
    openmpi:hostfile) HPCP_MPI_FLAGS=(--hostfile "$1") ;;
    mpich:hostfile|hydra:hostfile) HPCP_MPI_FLAGS=(-f "$1") ;;
    openmpi:hostline) echo "$1 slots=$2" ;;
    *:hostline) echo "$1:$2" ;;
    *:place|*:bind-slots|*:unbound|*:env|*:hostfile) ;;  # left to the launcher's defaults
    *) echo "error: hpcp_mpi_flags: unknown purpose '$purpose'" >&2; return 2 ;;
  esac
}

# Run as a program (CMake): print the flavour, or the flags one a line.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  [ $# -ge 2 ] || { echo "usage: mpi_flags.sh LAUNCHER flavor|version|PURPOSE [ARGS...]" >&2; exit 2; }
  launcher=$1 purpose=$2
  shift 2
  flavor=$(hpcp_mpi_flavor "$launcher")
  case $purpose in
    flavor) echo "$flavor" ;;
    version) hpcp_mpi_version "$launcher" "$flavor" ;;
    hostline) hpcp_mpi_flags "$flavor" hostline "$@" ;;
    *) hpcp_mpi_flags "$flavor" "$purpose" "$@"
       [ ${#HPCP_MPI_FLAGS[@]} -eq 0 ] || printf '%s\n' "${HPCP_MPI_FLAGS[@]}" ;;
  esac
fi
