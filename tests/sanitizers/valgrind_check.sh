#!/usr/bin/env bash
# valgrind memcheck over the serial paths: every OpenMP binary with one thread
# at its default size (which runs the serial baseline and the kernel). Any
# invalid access or definite leak fails.
# Usage: valgrind_check.sh BIN_DIR
set -uo pipefail
bin_dir=$1
command -v valgrind >/dev/null || { echo "valgrind not installed"; exit 1; }
passed=0 failed=0
for exe in "$bin_dir"/omp_*; do
  log=$(mktemp)
  if OMP_NUM_THREADS=1 timeout 300 valgrind --quiet --error-exitcode=9 --leak-check=full \
       --errors-for-leak-kinds=definite --show-leak-kinds=definite \
       "$exe" --quiet --timeout 0 >/dev/null 2>"$log"; then
    echo "ok   $(basename "$exe")"
    passed=$((passed + 1))
  else
    echo "FAIL $(basename "$exe")"
    cat "$log"
    failed=$((failed + 1))
  fi
  rm -f "$log"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
