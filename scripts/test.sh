#!/usr/bin/env bash
# The README's test command: set-up, build, then the whole test suite through CTest.
# Extra arguments go to ctest (e.g. scripts/test.sh -L unit, or -LE scheduler).
set -euo pipefail
source "$(dirname "$0")/common.sh"

"$HPCP_ROOT/scripts/setup.sh"
hpcp_build
hpcp_local_mpi_env
cd "$HPCP_BUILD"
ctest --output-on-failure -j "$JOBS" --timeout 600 "$@"
