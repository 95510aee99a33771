# shellcheck shell=bash
# Sourced by the scripts: configure and build once, and Open MPI's settings for local runs.
# Variables: HPCP_BUILD (build directory, default build), HPCP_CMAKE_ARGS (extra configure flags).

HPCP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HPCP_BUILD=${HPCP_BUILD:-$HPCP_ROOT/build}
JOBS=$(nproc 2>/dev/null || echo 2)

hpcp_build() {
  # shellcheck disable=SC2086
  cmake -S "$HPCP_ROOT" -B "$HPCP_BUILD" -DCMAKE_BUILD_TYPE=Release ${HPCP_CMAKE_ARGS:-} >/dev/null
  cmake --build "$HPCP_BUILD" -j "$JOBS"
}

# Local runs only (the tests): Open MPI refuses to run as root, in containers, unless told.
# Batch scripts never set these; the build's local launcher flags are in its CMake cache.
hpcp_local_mpi_env() { export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; }
