#!/usr/bin/env bash
# The scheduler test: a real one-node Slurm on localhost runs the batch scripts.
#
#  1. installs slurm-wlm, munge and slurm-wlm-torque when missing (tests/scheduler/setup_scheduler.sh);
#  2. starts munged (as the munge user, with a key only it can read), slurmctld -D and
#     slurmd -D from a configuration generated under a temporary directory, with
#     SLURM_CONF exported and every daemon's output in a file there;
#  3. bash -n and sbatch --test-only on every script, checks that the committed scripts are
#     what scripts/batch/cluster.conf generates, and that an oversized job is refused
#     (EnforcePartLimits=ALL) instead of pending for ever;
#  4. submits the Slurm scripts (generated for this one node), srun --mpi=pmix and mpirun,
#     then the PBS scripts through Debian's qsub (slurm-wlm-torque), polls scontrol with a
#     time limit, and checks that every job completed and every JSON result verified;
#  5. stops every daemon it started by its PID on every way out, and checks none is left.
#
# Usage: run_slurm_test.sh --source DIR --build DIR [--keep]
#   --keep  leave the temporary directory (configuration, logs, job output, results)
# Environment: HPCP_SCHED_TEST_POLL (seconds all jobs may take together, default 240),
#              HPCP_SCHED_TEST_LIMIT (seconds the whole test may take, default 480; then it
#              stops its daemons and fails).
# Exit: 0 passed; 1 failed; 77 skipped (Slurm cannot be installed on this machine).
# Root or password-less sudo is needed to install and to run munged as another user.
set -uo pipefail

SKIP=77
src='' build='' keep=0
while [ $# -gt 0 ]; do
  case $1 in
    --source) src=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 --source DIR --build DIR [--keep]" >&2; exit 2 ;;
  esac
done
[ -n "$src" ] && [ -n "$build" ] || { echo "usage: $0 --source DIR --build DIR [--keep]" >&2; exit 2; }
src=$(cd "$src" && pwd) build=$(cd "$build" && pwd)
poll_limit=${HPCP_SCHED_TEST_POLL:-240}

LOG_TAG=scheduler t_start=$(date +%s) failures=0
if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo -n); fi
# log, fail, die, stop_pid, wait_for, start_munged, slurm_conf_policy, poll_jobs, ...
# shellcheck source=SCRIPTDIR/slurm_lib.sh
. "$src/tests/scheduler/slurm_lib.sh"

# --- 1. install ---------------------------------------------------------------------------
"$src/tests/scheduler/setup_scheduler.sh"
case $? in
  0) ;;
  3) echo "SKIP: Slurm and munge cannot be installed on this machine (see above)"; exit $SKIP ;;
  *) die "tests/scheduler/setup_scheduler.sh failed" ;;
esac
for cmd in munged munge unmunge slurmctld slurmd sbatch srun scontrol squeue scancel sinfo python3; do
  command -v "$cmd" >/dev/null || die "$cmd missing after setup"
done
ls "$build"/bin/omp_* >/dev/null 2>&1 || die "no binaries in $build/bin: build the project first"
log "binaries: $(cd "$build/bin" && echo omp_* mpi_*)"

# --- the temporary cluster and its clean-up -----------------------------------------------
tmp=$(mktemp -d /tmp/hpcp-slurm.XXXXXX) || die "mktemp failed"
chmod 755 "$tmp"
mkdir -p "$tmp"/{log,state,spool,gen,jobs,results}
node=$(hostname -s)
conf=$tmp/slurm.conf
munged_pid='' ctld_pid='' slurmd_pid='' watchdog_pid=''
job_ids=()
declare -A job_kind job_state job_exit  # id -> what the results must show, final state, exit
pre_existing=$(daemons | tr '\n' ' ')

cleanup() {
  local status=$? pid left
  trap - EXIT INT TERM
  if [ -n "$watchdog_pid" ]; then  # the watchdog subshell and its sleep
    kill $(pgrep -P "$watchdog_pid") "$watchdog_pid" 2>/dev/null
    wait "$watchdog_pid" 2>/dev/null
  fi
  [ "$failures" -eq 0 ] || status=1
  [ -n "$ctld_pid" ] && kill -0 "$ctld_pid" 2>/dev/null && cancel_jobs
  stop_pid slurmd "$slurmd_pid"
  stop_pid slurmctld "$ctld_pid"
  stop_pid munged "$munged_pid"
  # Job steps outlive slurmd; ours carry this SLURM_CONF in their environment.
  for pid in $(pgrep -x slurmstepd || true); do
    if "${SUDO[@]}" grep -qs -- "$tmp" "/proc/$pid/environ"; then
      log "stopping a leftover slurmstepd (pid $pid)"
      "${SUDO[@]}" kill -KILL "$pid" 2>/dev/null
    fi
  done
  sleep 0.5
  no_processes_left || status=1
  keep_or_remove_tmp "$status"
  log "scheduler test finished in $(($(date +%s) - t_start)) s: $([ "$status" -eq 0 ] && echo passed || echo FAILED)"
  exit "$status"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "stopped by the time limit of $time_limit s (or a TERM signal)"; exit 124' TERM
# Our own time limit, below CTest's TIMEOUT, so that the daemons are always stopped here:
# CTest kills a test that outlives its TIMEOUT without giving it a chance to clean up.
time_limit=${HPCP_SCHED_TEST_LIMIT:-480}
sleep "$time_limit" && kill -TERM $$ 2>/dev/null &
watchdog_pid=$!

# --- 2. munge -----------------------------------------------------------------------------
start_munged "$tmp"  # sets munged_pid and munge_socket

# --- slurm.conf ---------------------------------------------------------------------------
read -r port_ctld port_slurmd < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
cat >"$conf" <<EOF
# Generated by tests/scheduler/run_slurm_test.sh: a one-node cluster on localhost.
ClusterName=hpcptest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port_ctld
SlurmdPort=$port_slurmd
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
$(slurm_conf_policy)
# Two CPUs whatever the host: every test job fits in them, so none oversubscribes.
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 Boards=1 SocketsPerBoard=1 CoresPerSocket=2 ThreadsPerCore=1 RealMemory=2048 State=UNKNOWN
PartitionName=hpcp Nodes=$node Default=YES MaxTime=30 State=UP
EOF
export SLURM_CONF=$conf

slurmctld -D -f "$conf" >"$tmp/log/slurmctld.out" 2>&1 &
ctld_pid=$!
slurmd -D -f "$conf" -N "$node" >"$tmp/log/slurmd.out" 2>&1 &
slurmd_pid=$!
node_idle() { scontrol show node "$node" | grep -q 'State=IDLE'; }
wait_for 60 "node $node idle" node_idle
log "slurmctld (pid $ctld_pid) and slurmd (pid $slurmd_pid) up; node $node idle; SLURM_CONF=$conf"

# Environment of the test only, passed to the jobs by Slurm: results and binaries of this
# build, Open MPI as root. The batch scripts themselves carry none of it.
export HPCP_BUILD=$build HPCP_RESULTS=$tmp/results
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# The jobs find the project from the submit directory (the source tree), as a user's would.
unset HPCP_ROOT OMP_NUM_THREADS OMP_PLACES OMP_PROC_BIND
unset HPCP_SIZE HPCP_REPEAT HPCP_EXAMPLES HPCP_LAUNCHER HPCP_SRUN_FLAGS HPCP_MPIRUN_FLAGS HPCP_MODULES

# --- 3. static checks -----------------------------------------------------------------------
cat >"$tmp/test.conf" <<'EOF'
WALLTIME=00:05:00
PARTITION=hpcp
NODES=1
RANKS_PER_NODE=2
THREADS_PER_RANK=1
CPUS_PER_NODE=2
SIZE=notebook
REPEAT=1
EOF
"$src/scripts/batch/generate.sh" --config "$tmp/test.conf" --out "$tmp/gen" >/dev/null ||
  die "generate.sh --config test.conf failed"
"$src/scripts/batch/generate.sh" --check || fail "the committed scripts differ from scripts/batch/cluster.conf"

committed=("$src"/scripts/slurm/*.sbatch "$src"/scripts/pbs/*/*.pbs)
generated=("$tmp"/gen/slurm/*.sbatch "$tmp"/gen/pbs/*/*.pbs)
[ ${#committed[@]} -eq 9 ] || fail "expected 9 committed batch scripts, found ${#committed[@]}"
for f in "${committed[@]}" "${generated[@]}" "$src/scripts/batch/lib.sh" "$src/scripts/batch/generate.sh" \
         "$src/tests/scheduler/setup_scheduler.sh"; do
  bash -n "$f" || fail "bash -n $f"
done
for f in "${committed[@]}" "${generated[@]}"; do
  if grep -n -e '--oversubscribe' -e 'OMPI_ALLOW_RUN_AS_ROOT' "$f"; then
    fail "$f carries local-only settings"
  fi
done
log "bash -n: ${#committed[@]} committed and ${#generated[@]} generated scripts parse"

testonly() {  # script [sbatch options...]: sbatch --test-only, from the repository root
  local f=$1 out
  shift
  out=$(cd "$src" && timeout 30 sbatch --test-only "$@" "$f" 2>&1) && return 0
  echo "$out"
  return 1
}
before=$failures
for f in "${generated[@]}"; do
  testonly "$f" || fail "sbatch --test-only $f"
done
# The committed scripts ask for a real cluster (several nodes, 8 CPUs): shrink them to this
# node, Slurm's by options on the command line, PBS ones (whose #PBS resources sbatch applies
# on top of the command line) in a copy with smaller numbers.
mkdir -p "$tmp/shrunk"
for f in "${committed[@]}"; do
  case $f in
    *.sbatch) testonly "$f" --nodes=1 --ntasks-per-node=1 --cpus-per-task=1 --partition=hpcp ||
                fail "sbatch --test-only (shrunk to this node) $f" ;;
    *.pbs)
      copy=$tmp/shrunk/$(basename "$(dirname "$f")")-$(basename "$f")
      sed -e 's/select=[0-9]*:ncpus=[0-9]*:mpiprocs=[0-9]*:ompthreads=[0-9]*/select=1:ncpus=1:mpiprocs=1:ompthreads=1/' \
          -e 's/nodes=[0-9]*:ppn=[0-9]*/nodes=1:ppn=1/' "$f" >"$copy"
      testonly "$copy" --partition=hpcp || fail "sbatch --test-only (shrunk copy $copy) $f" ;;
  esac
done
[ "$failures" -ne "$before" ] ||
  log "sbatch --test-only: ${#generated[@]} generated and ${#committed[@]} committed scripts accepted"

# EnforcePartLimits=ALL: a job larger than the cluster is refused at once, never left pending.
if out=$(cd "$tmp/jobs" && timeout 30 sbatch "$src/scripts/slurm/mpi_hybrid.sbatch" 2>&1); then
  job_ids+=("$(awk '{print $NF}' <<<"$out")")
  fail "an oversized job (2 nodes x 2 ranks x 4 threads on one 2-CPU node) was accepted: $out"
else
  log "oversized job refused at submission: $out"
fi

# --- 4. jobs ----------------------------------------------------------------------------------
submit() {  # kind script [sbatch options...]
  local kind=$1 f=$2 out id
  shift 2
  out=$(cd "$src" && timeout 30 sbatch --parsable --output="$tmp/jobs/%x-%j.out" "$@" "$f" 2>&1) ||
    { fail "sbatch $* $f: $out"; return 1; }
  id=${out%%;*}
  job_ids+=("$id")
  job_kind[$id]=$kind
  log "submitted $kind as job $id: sbatch $* ${f#"$tmp"/}"
}
# Every job takes both CPUs, so they run one after the other. The suite runs every example
# built (notebook size); the others a few, to keep the test to a couple of minutes.
submit slurm-suite "$tmp/gen/slurm/suite.sbatch"
submit slurm-omp_scaling "$tmp/gen/slurm/omp_scaling.sbatch" \
  "--export=ALL,HPCP_SIZE=small,HPCP_EXAMPLES=mapreduce producer_consumer fibonacci_condition"
submit slurm-mpi_hybrid-srun "$tmp/gen/slurm/mpi_hybrid.sbatch" "--export=ALL,HPCP_EXAMPLES=mapreduce pipe"
# 1 rank x 2 threads through mpirun: command-line options override the directives.
submit slurm-mpi_hybrid-mpirun "$tmp/gen/slurm/mpi_hybrid.sbatch" \
  --ntasks-per-node=1 --cpus-per-task=2 --export=ALL,HPCP_LAUNCHER=mpirun,HPCP_EXAMPLES=mapreduce

# The PBS scripts through Debian's Torque wrapper qsub (which hands #PBS to sbatch).
pbs_ok=0
if grep -qs 'use Slurm' "$(command -v qsub || echo /nonexistent)"; then  # Slurm's Torque wrapper
  pbs_ok=1
  for f in "$tmp"/gen/pbs/torque/suite.pbs "$tmp"/gen/pbs/pbspro/mpi_hybrid.pbs \
           "$tmp"/gen/pbs/torque/omp_scaling.pbs; do
    name=$(basename "$(dirname "$f")")-$(basename "$f" .pbs)
    # Only mapreduce (the hybrid example): these jobs check the PBS side, the Slurm jobs the rest.
    if out=$(cd "$src" && HPCP_EXAMPLES=mapreduce timeout 30 qsub -o "$tmp/jobs/qsub-$name.out" -e "$tmp/jobs/qsub-$name.err" "$f" 2>&1) &&
       [[ $(tail -n 1 <<<"$out") =~ ^[0-9]+$ ]]; then
      id=$(tail -n 1 <<<"$out")
      job_ids+=("$id")
      job_kind[$id]=pbs-$name
      log "submitted pbs-$name as job $id: qsub ${f#"$tmp"/}"
    else
      fail "qsub $f: $out"
    fi
  done
else
  log "no qsub from slurm-wlm-torque: PBS scripts checked with bash -n and sbatch --test-only only"
fi

# Bounded poll on scontrol (never sbatch --wait): every job reaches a final state in time.
poll_jobs "$poll_limit"

# --- the results -------------------------------------------------------------------------------
collect_results "$tmp/results"  # every job COMPLETED 0:0; sets checks (KIND=DIR)
[ ${#checks[@]} -eq 0 ] || python3 "$src/tests/scheduler/check_results.py" "${checks[@]}" ||
  fail "the results of some jobs do not check out (above)"
[ "$pbs_ok" = 1 ] || log "PBS submission skipped"
[ "$failures" -eq 0 ] && log "all ${#job_ids[@]} jobs completed and verified"
exit 0
