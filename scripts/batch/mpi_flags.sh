# shellcheck shell=bash
# The one place that knows each MPI implementation's launcher: which one a launcher is,
# and the flags for what hpc-patterns asks of it. Sourced by scripts/batch/lib.sh (the
# batch jobs); run by CMake's launcher probe (cmake/HpcpHelpers.cmake) and hpcp (local binding):
#     mpi_flags.sh LAUNCHER flavor|version      -> openmpi | mpich | hydra | unknown; its version
#     mpi_flags.sh LAUNCHER PURPOSE [ARGS...]   -> the flags, one a line
# Flavours: openmpi  Open MPI's mpirun/mpiexec (ORTE or PRRTE): "Open MPI" or "OpenRTE" in --version
#           mpich    MPICH's Hydra (also MVAPICH's): "HYDRA"; -bind-to, -map-by as `mpiexec -bind-to -h`
#           hydra    another Hydra binding by its own settings (Intel MPI: I_MPI_PIN_*): -n, -ppn, -f
#           unknown  anything else: -n only
# Purposes:
#   local               local runs and the tests: Open MPI needs --oversubscribe for more ranks than
#                       cores; Hydra oversubscribes (and runs as root) by default. Open MPI's
#                       OMPI_ALLOW_RUN_AS_ROOT{,_CONFIRM} are the callers' to set.
#   place RPN TPR cores|threads|none
#                       RPN ranks per node, each bound to TPR cores (hardware threads), or unbound
#   env VAR...          these variables reach every rank on every node (Open MPI forwards only
#                       OMPI_*; Hydra forwards the whole environment)
#   hostfile FILE       the host file flag
#   hostline HOST SLOTS one line of a host file in the launcher's format
# Only `local` oversubscribes or runs as root, and batch scripts never use it.

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
  case $2 in  # Hydra's first line is "HYDRA build details:"; its version is on the next
    mpich) printf 'MPICH Hydra %s\n' "$(sed -n 's/^\s*Version:\s*//p' <<<"$out" | head -n1)" ;;
    *) grep -m 1 . <<<"$out" || echo "$1" ;;
  esac
}

hpcp_mpi_flags() {  # flavor purpose [args...] -> HPCP_MPI_FLAGS (array); hostline prints
  local flavor=$1 purpose=$2 v
  shift 2
  HPCP_MPI_FLAGS=()
  case $flavor:$purpose:${3:-} in
    openmpi:local:*) HPCP_MPI_FLAGS=(--oversubscribe) ;;
    openmpi:place:cores) HPCP_MPI_FLAGS=(--map-by "ppr:$1:node:PE=$2" --bind-to core) ;;
    openmpi:place:threads)
      HPCP_MPI_FLAGS=(--use-hwthread-cpus --map-by "ppr:$1:node:PE=$2" --bind-to hwthread) ;;
    openmpi:place:none) HPCP_MPI_FLAGS=(--map-by "ppr:$1:node" --bind-to none) ;;
    mpich:place:cores) HPCP_MPI_FLAGS=(-ppn "$1" -bind-to "core:$2") ;;
    mpich:place:threads) HPCP_MPI_FLAGS=(-ppn "$1" -bind-to "hwthread:$2") ;;
    mpich:place:none) HPCP_MPI_FLAGS=(-ppn "$1" -bind-to none) ;;
    hydra:place:*) HPCP_MPI_FLAGS=(-ppn "$1") ;;
    openmpi:env:*) for v in "$@"; do HPCP_MPI_FLAGS+=(-x "$v"); done ;;
    openmpi:hostfile:*) HPCP_MPI_FLAGS=(--hostfile "$1") ;;
    mpich:hostfile:*|hydra:hostfile:*) HPCP_MPI_FLAGS=(-f "$1") ;;
    openmpi:hostline:*) echo "$1 slots=$2" ;;
    *:hostline:*) echo "$1:$2" ;;
    *:local:*|*:place:*|*:env:*|*:hostfile:*) ;;  # left to the launcher's defaults
    *) echo "error: hpcp_mpi_flags: unknown purpose '$purpose'" >&2; return 2 ;;
  esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then  # run as a program (CMake): the flavour, or the flags
  set -euo pipefail
  [ $# -ge 2 ] || { echo "usage: mpi_flags.sh LAUNCHER flavor|version|PURPOSE [ARGS...]" >&2; exit 2; }
  launcher=$1 purpose=$2
  shift 2
  flavor=$(hpcp_mpi_flavor "$launcher")
  case $purpose in
    flavor) echo "$flavor" ;;
    version) hpcp_mpi_version "$launcher" "$flavor" ;;
    *) hpcp_mpi_flags "$flavor" "$purpose" "$@"
       [ ${#HPCP_MPI_FLAGS[@]} -eq 0 ] || printf '%s\n' "${HPCP_MPI_FLAGS[@]}" ;;
  esac
fi
