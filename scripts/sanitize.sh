#!/usr/bin/env bash
# Sanitizer builds and their tests, through the CMake presets.
#   asan  AddressSanitizer + UndefinedBehaviorSanitizer (GCC): unit and CLI tests,
#         LeakSanitizer on (Open MPI's own allocations suppressed: tests/sanitizers/lsan.supp)
#   tsan  ThreadSanitizer (clang + LLVM's libomp with Archer): every OpenMP binary
#         must be clean, and the deliberate race (omp_lock_balance --sync none) flagged
# Usage: scripts/sanitize.sh asan|tsan [ctest args...]
set -euo pipefail
source "$(dirname "$0")/common.sh"

kind=${1:-}
case "$kind" in
  asan) "$HPCP_ROOT/scripts/setup.sh" ;;
  tsan) "$HPCP_ROOT/scripts/setup.sh" --with-sanitizers ;;
  *) echo "error: argument 1: must be asan or tsan, got '$kind'" >&2; exit 2 ;;
esac
shift
hpcp_local_mpi_env
cd "$HPCP_ROOT"
cmake --preset "$kind" >/dev/null
if [ "$kind" = tsan ]; then
  # Only the OpenMP binaries are checked under ThreadSanitizer.
  targets=$(cmake --build --preset tsan --target help | sed -n 's/^\.\.\. \(omp_[a-z_]*\).*/\1/p')
  # shellcheck disable=SC2086
  cmake --build --preset tsan -j "$JOBS" --target $targets
else
  # What the asan test preset runs (labels unit and cli): the binaries and the
  # unit tests; the MPI unit tests (label mpi) are left out of this build.
  targets=$(cmake --build --preset asan --target help |
            sed -n 's/^\.\.\. \(\(omp\|mpi\|test\)_[a-z_]*\).*/\1/p' | grep -v -e '^test_mpi_' -e '_obj$')
  # shellcheck disable=SC2086
  cmake --build --preset asan -j "$JOBS" --target $targets
fi
ctest --preset "$kind" -j "$JOBS" --timeout 900 "$@"
