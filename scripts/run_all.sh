#!/usr/bin/env bash
# The main job: set-up, build, then two tables (scripts/hpcp run):
#   1. the notebook-size check: every example x model at 1, 2 and 4 workers, at the
#      notebook's own toy sizes, verified against the serial baseline, with its result
#      (speedups there measure start-up, so none is printed);
#   2. the small benchmark: every example x model at 1 and 2 workers, with speedup,
#      efficiency and the spread of the timed runs (--repeat auto).
# A few minutes on 2 cores. Results: results/<date>-notebook-check/, results/<date>-small/.
# Exits 1 if any run fails verification or errs.
# Usage: scripts/run_all.sh [--no-setup] [--no-build] [hpcp run flags, e.g. --examples mapreduce,pipe]
set -euo pipefail
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "$0")/common.sh"

setup=1 build=1
args=()
for arg in "$@"; do
  case $arg in
    --no-setup) setup=0 ;;
    --no-build) build=0 ;;  # the binaries of $HPCP_BUILD as they are
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$arg") ;;
  esac
done
[ "$setup" = 0 ] || "$HPCP_ROOT/scripts/setup.sh"
[ "$build" = 0 ] || hpcp_build >/dev/null

status=0
"$HPCP_ROOT/scripts/hpcp" run --size notebook --workers 1,2,4 --name notebook-check "${args[@]}" || status=1
"$HPCP_ROOT/scripts/hpcp" run --size small --workers 1,2 --name small "${args[@]}" || status=1
exit "$status"
