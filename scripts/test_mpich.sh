#!/usr/bin/env bash
# The second MPI: MPICH (Debian's mpich, Hydra's mpiexec.mpich) beside Open MPI. Installs
# it (scripts/setup.sh --with-mpich, the system default stays Open MPI), builds the
# preset mpich into build-mpich/ (the MPI binaries and MPI tests only, HPCP_MPI_ONLY),
# and runs the test preset mpich: the MPI unit tests, that they link libmpich (mpi_library_linked),
# the MPI CLI tests at 1-4 ranks, the bad-input sample at 1, 3 and 4 ranks, the faults.
# Extra arguments go to ctest (scripts/test_mpich.sh -R lock_balance); everything,
# the full bad-input lists at 2 ranks too: ctest --test-dir build-mpich -L mpi.
set -euo pipefail
source "$(dirname "$0")/common.sh"

"$HPCP_ROOT/scripts/setup.sh" --with-mpich
cd "$HPCP_ROOT"
cmake --preset mpich >/dev/null
cmake --build --preset mpich -j "$JOBS"
ctest --preset mpich -j "$JOBS" --timeout 600 "$@"
