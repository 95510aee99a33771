#!/usr/bin/env bash
# The checks that keep the code clean, run by .ci/run before the build, fastest first:
#   shell        shellcheck (.shellcheckrc) over every shell script: *.sh, the batch jobs
#                (*.sbatch, *.pbs) and every file whose #! names a shell (.ci/run, sim_rsh)
#   python       pyflakes over every Python file: *.py and every #! python file (scripts/hpcp)
#   format       clang-format (.clang-format) over every C++ file: no change to make
#   editorconfig every tracked text file against .editorconfig
#   tidy         clang-tidy (.clang-tidy) over common/, openmp/ and mpi/, clean
# Usage: scripts/lint.sh [shell|python|format|editorconfig|tidy ...]   (default: all five)
# The tidy check configures build-lint/ (no build: it needs compile_commands.json
# and the generated headers only; each flag file with its own compile command,
# not the one unity file the build makes of them).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$HPCP_ROOT"

checks=("$@")
[ ${#checks[@]} -gt 0 ] || checks=(shell python format editorconfig tidy)
"$HPCP_ROOT/scripts/setup.sh" --with-lint

cxx_files() { git ls-files -- '*.cpp' '*.hpp' "$@"; }
lang_files() {  # shell|python -> the tracked files in that language, by suffix or #! line
  local f first
  git ls-files | while IFS= read -r f; do
    case ${f##*/} in
      *.sh|*.sbatch|*.pbs) first='#!/bin/sh' ;;
      *.py) first='#!python' ;;
      *.*) continue ;;
      *) [ -f "$f" ] && IFS= read -r first <"$f" || continue ;;
    esac
    case $1:$first in shell:'#!'*sh|python:'#!'*python*) echo "$f" ;; esac
  done
}

for check in "${checks[@]}"; do
  start=$SECONDS
  case "$check" in
    shell)
      mapfile -t files < <(lang_files shell)
      shellcheck "${files[@]}"
      echo "lint: shellcheck: ${#files[@]} files clean ($((SECONDS - start)) s)" ;;
    python)
      mapfile -t files < <(lang_files python)
      /usr/bin/python3 -m pyflakes "${files[@]}"
      echo "lint: pyflakes: ${#files[@]} files clean ($((SECONDS - start)) s)" ;;
    format)
      mapfile -t files < <(cxx_files)
      clang-format --dry-run --Werror "${files[@]}"
      echo "lint: clang-format: ${#files[@]} files formatted ($((SECONDS - start)) s)" ;;
    editorconfig)
      /usr/bin/python3 tests/lint/editorconfig_check.py
      echo "lint: editorconfig: clean ($((SECONDS - start)) s)" ;;
    tidy)
      lint_build=$HPCP_ROOT/build-lint
      cmake -S . -B "$lint_build" -DCMAKE_BUILD_TYPE=Release -DHPCP_BUILD_TESTS=OFF \
            -DHPCP_FLAGS_UNITY=OFF >/dev/null
      mapfile -t files < <(cxx_files common openmp mpi | grep '\.cpp$')
      # run-clang-tidy prints each file's command and warnings; exit 1 on any warning
      # (WarningsAsErrors in .clang-tidy).
      run-clang-tidy -quiet -p "$lint_build" -j "$JOBS" "${files[@]/#/$HPCP_ROOT/}" \
        > "$lint_build/clang-tidy.log" 2>&1 || { grep -E 'error:|warning:' "$lint_build/clang-tidy.log" \
          | grep -v 'warnings generated' | sort -u; echo "lint: clang-tidy failed (log: $lint_build/clang-tidy.log)" >&2; exit 1; }
      echo "lint: clang-tidy: ${#files[@]} files clean ($((SECONDS - start)) s)" ;;
    *) echo "error: unknown check '$check' (allowed: shell, python, format, editorconfig, tidy)" >&2; exit 2 ;;
  esac
done
