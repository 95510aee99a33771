# shellcheck shell=bash
# Sourced by the scripts: configure and build once, and the launcher for local runs.
# Variables: HPCP_BUILD (build directory, default build), HPCP_CMAKE_ARGS (extra configure flags).

HPCP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HPCP_BUILD=${HPCP_BUILD:-$HPCP_ROOT/build}
JOBS=$(nproc 2>/dev/null || echo 2)

hpcp_build() {
  # shellcheck disable=SC2086
  cmake -S "$HPCP_ROOT" -B "$HPCP_BUILD" -DCMAKE_BUILD_TYPE=Release ${HPCP_CMAKE_ARGS:-} >/dev/null
  cmake --build "$HPCP_BUILD" -j "$JOBS"
}

# shellcheck source=batch/mpi_flags.sh
. "$HPCP_ROOT/scripts/batch/mpi_flags.sh"

# Local runs only: the build's launcher (MPIEXEC_EXECUTABLE: Open MPI's mpiexec, or
# mpiexec.mpich in build-mpich) with its local flags (HPCP_MPIEXEC_LOCAL_FLAGS, from
# scripts/batch/mpi_flags.sh): Open MPI refuses root in containers and more ranks
# than cores unless told; MPICH's Hydra needs neither. Batch scripts never set these.
hpcp_local_mpi_env() {
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  local cache=$HPCP_BUILD/CMakeCache.txt launcher flags
  launcher=$(sed -n 's/^MPIEXEC_EXECUTABLE:[A-Z]*=//p' "$cache" 2>/dev/null)
  flags=$(sed -n 's/^HPCP_MPIEXEC_LOCAL_FLAGS:STRING=//p' "$cache" 2>/dev/null)
  # shellcheck disable=SC2206,SC2034  # split on purpose; the sourcing script uses it
  HPCP_MPIEXEC=("${launcher:-mpiexec}" ${flags//;/ })
}
