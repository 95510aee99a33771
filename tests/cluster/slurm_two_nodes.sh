#!/usr/bin/env bash
# The two-node Slurm test: a real Slurm across two simulated nodes runs the batch scripts.
#
#  1. skips (77) when network namespaces cannot be made here (tests/cluster/sim_cluster.sh
#     can) or Slurm cannot be installed (tests/scheduler/setup_scheduler.sh exit 3);
#  2. brings up its own simulated cluster of two nodes (HPCP_SIM_NAME=hpcpslrm: node1
#     192.0.2.11, node2 192.0.2.12), and takes it down again on every way out;
#  3. starts munged (in this namespace: its socket is a path, reachable from every node),
#     slurmctld in node1 and one slurmd in each node, entered with sim_cluster.sh exec, from
#     a slurm.conf and an mpi.conf generated under a temporary directory;
#  4. submits from node1, in the repository root as a user would, the committed
#     scripts/slurm/mpi_hybrid.sbatch on 2 nodes through srun --mpi=pmix (2 ranks x 1 thread
#     per node) and through mpirun (1 rank x 2 threads per node), and scripts/slurm/suite.sbatch
#     on 2 nodes (a few examples); the command line shrinks them to the 2 CPUs of each node;
#  5. polls scontrol with a time limit, checks every job COMPLETED with exit 0:0 and its
#     results with tests/scheduler/check_results.py --nodes 2 (every run verified, the
#     MPI/hybrid runs of mpi_hybrid on both nodes);
#  6. stops every daemon by its PID, takes the cluster down, and checks that nothing is left.
#
# Usage: slurm_two_nodes.sh --source DIR --build DIR [--keep]
#   --keep  leave the temporary directory (configuration, logs, job output, results)
# Environment: HPCP_SLURM2_POLL (seconds all jobs may take together, default 150),
#              HPCP_SLURM2_LIMIT (seconds the whole test may take, default 240, below CTest's
#              TIMEOUT of 300: then it stops its daemons, takes the cluster down and fails;
#              the clean-up then takes 60 s at most).
# About 35 s on a machine of 2 cores.
# Exit: 0 passed; 1 failed; 2 bad usage; 77 skipped. Needs root (namespaces).
#
# Two facts about Slurm 22.05 in simulated nodes that share one file system:
# - every slurmd needs a spool directory of its own, and the pmix plugin does not expand
#   %n in SlurmdSpoolDir, so SlurmdSpoolDir is the per-node spool mount
#   (/var/spool/hpcp-sim/slurmd, a different directory in each node) and mpi.conf puts
#   PMIxCliTmpDirBase under it: with one directory for both, the second node's step fails
#   with ".../spmix_appdir_...: File exists";
# - nodes are entered with sim_cluster.sh exec (nsenter into the node's anchor), not
#   ip netns exec, which remounts /sys and leaves slurmd without /sys/fs/cgroup.
set -uo pipefail

SKIP=77
src='' build='' keep=0
usage() { echo "usage: $0 --source DIR --build DIR [--keep]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --source) [ $# -ge 2 ] || usage; src=$2; shift 2 ;;
    --build) [ $# -ge 2 ] || usage; build=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) usage ;;
  esac
done
[ -n "$src" ] && [ -n "$build" ] || usage
src=$(cd "$src" && pwd) && build=$(cd "$build" && pwd) || usage
poll_limit=${HPCP_SLURM2_POLL:-150}
time_limit=${HPCP_SLURM2_LIMIT:-240}

LOG_TAG=slurm2 t_start=$(date +%s) failures=0
if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo -n); fi
# shellcheck source=SCRIPTDIR/../scheduler/slurm_lib.sh
. "$src/tests/scheduler/slurm_lib.sh"

# --- 1. can it run here ----------------------------------------------------------------------
sim_sh=$src/tests/cluster/sim_cluster.sh
export HPCP_SIM_NAME=hpcpslrm
unset HPCP_SIM_STATE HPCP_SIM_SLOTS
sim() { "$sim_sh" "$@"; }
if ! why=$(sim can 2>&1); then
  echo "SKIP: the simulated cluster cannot be made here: $why"
  exit $SKIP
fi
"$src/tests/scheduler/setup_scheduler.sh"
case $? in
  0) ;;
  3) echo "SKIP: Slurm and munge cannot be installed on this machine (see above)"; exit $SKIP ;;
  *) log "FAIL: tests/scheduler/setup_scheduler.sh failed"; exit 1 ;;
esac
for cmd in munged munge unmunge slurmctld slurmd sbatch srun scontrol squeue scancel mpirun python3; do
  command -v "$cmd" >/dev/null || { log "FAIL: $cmd missing"; exit 1; }
done
ls "$build"/bin/mpi_* >/dev/null 2>&1 || { log "FAIL: no MPI binaries in $build/bin: build the project first"; exit 1; }
if ! sim check >/dev/null 2>&1; then
  # Only a run of this test makes a cluster of this name: one that was killed left it.
  log "a cluster named $HPCP_SIM_NAME is left from an earlier run: taking it down"
  sim down >/dev/null 2>&1 || { sim check; log "FAIL: cannot take the old cluster down"; exit 1; }
fi

# --- the cluster and its clean-up ------------------------------------------------------------
tmp=$(mktemp -d /tmp/hpcp-slurm2.XXXXXX) || { log "FAIL: mktemp failed"; exit 1; }
chmod 755 "$tmp"
mkdir -p "$tmp"/{log,state,jobs,results,pids}
conf=$tmp/slurm.conf
munged_pid='' ctld_pid='' watchdog_pid='' cluster_up=0
declare -A slurmd_pid wrapper_pid  # node -> the daemon's PID, the sim_cluster.sh exec around it
job_ids=()
declare -A job_kind job_state job_exit
pre_existing=$(daemons | tr '\n' ' ')
STOP_GRACE=15

# Slurm's client commands reach slurmctld from node1 only: one command, at most 20 s.
slurm_cmd() { timeout 20 "$sim_sh" exec node1 "$@"; }

cleanup() {
  local status=$? pid left node t0
  trap - EXIT INT TERM
  t0=$(date +%s)
  if [ -n "$watchdog_pid" ]; then  # the watchdog subshell and its sleep
    kill $(pgrep -P "$watchdog_pid") "$watchdog_pid" 2>/dev/null
    wait "$watchdog_pid" 2>/dev/null
  fi
  [ "$failures" -eq 0 ] || status=1
  [ -n "$ctld_pid" ] && kill -0 "$ctld_pid" 2>/dev/null && cancel_jobs
  for node in node2 node1; do
    stop_pid "slurmd on $node" "${slurmd_pid[$node]:-}"
  done
  stop_pid "slurmctld on node1" "$ctld_pid"
  for pid in "${wrapper_pid[@]}"; do wait "$pid" 2>/dev/null; done
  if [ "$cluster_up" = 1 ]; then
    left=$(sim status 2>/dev/null | grep -o '[a-z_.0-9-]*([0-9]*)' | grep -v '^sleep(' | tr '\n' ' ')
    [ -z "$left" ] || log "still in the nodes after the daemons stopped (ended by down): $left"
  fi
  sim down >/dev/null 2>&1
  if sim check >/dev/null 2>&1; then
    log "cluster $HPCP_SIM_NAME down: no namespace, anchor or state left"
  else
    log "FAIL: the cluster is not all gone: $(sim check 2>&1)"
    status=1
  fi
  stop_pid munged "$munged_pid"
  sleep 0.5
  no_processes_left || status=1
  log "clean-up took $(($(date +%s) - t0)) s"
  keep_or_remove_tmp "$status"
  log "two-node Slurm test finished in $(($(date +%s) - t_start)) s: $([ "$status" -eq 0 ] && echo passed || echo FAILED)"
  exit "$status"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "stopped by the time limit of $time_limit s (or a TERM signal)"; STOP_GRACE=5; exit 124' TERM
# Our own time limit, below CTest's TIMEOUT, so that the cluster is always taken down here:
# CTest kills a test that outlives its TIMEOUT without giving it a chance to clean up.
sleep "$time_limit" && kill -TERM $$ 2>/dev/null &
watchdog_pid=$!

t_phase=$(date +%s)
phase() {  # what just finished, with its duration
  log "$1 ($(($(date +%s) - t_phase)) s)"
  t_phase=$(date +%s)
}

cluster_up=1
sim up 2 || die "sim_cluster.sh up 2 failed"
phase "cluster $HPCP_SIM_NAME up: node1=192.0.2.11 node2=192.0.2.12"

# --- 3. munge, slurm.conf, mpi.conf, the daemons ---------------------------------------------
start_munged "$tmp"
spool=/var/spool/hpcp-sim  # per node: each node's own directory under the same path
{
  echo "# Generated by tests/cluster/slurm_two_nodes.sh: two simulated nodes (sim_cluster.sh)."
  echo "ClusterName=hpcptwo"
  echo "SlurmctldHost=node1(192.0.2.11)"
  echo "SlurmctldPort=6817"
  echo "SlurmdPort=6818"
  echo "StateSaveLocation=$tmp/state"
  echo "SlurmdSpoolDir=$spool/slurmd"
  echo "SlurmctldPidFile=$tmp/slurmctld.pid"
  echo "SlurmdPidFile=$spool/slurmd.pid"
  echo "SlurmctldLogFile=$tmp/log/slurmctld.log"
  echo "SlurmdLogFile=$tmp/log/slurmd-%n.log"
  slurm_conf_policy
  echo "# Two CPUs a node whatever the host: 2 nodes x 2 CPUs, on a machine of 2 real cores."
  for k in 1 2; do
    echo "NodeName=node$k NodeAddr=192.0.2.1$k CPUs=2 Boards=1 SocketsPerBoard=1 CoresPerSocket=2 ThreadsPerCore=1 RealMemory=2048 State=UNKNOWN"
  done
  echo "PartitionName=hpcp Nodes=node1,node2 Default=YES MaxTime=30 State=UP"
} >"$conf"
# mpi.conf is read from beside slurm.conf: PMIx's client directories in each node's spool.
echo "PMIxCliTmpDirBase=$spool/pmix" >"$tmp/mpi.conf"
export SLURM_CONF=$conf

start_daemon() {  # node name command...: in the node; sets the globals daemon_pid, daemon_wrapper
  local node=$1 name=$2 pidfile=$tmp/pids/$2-$1
  shift 2
  sim exec "$node" /bin/sh -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" \
    >"$tmp/log/$name-$node.out" 2>&1 </dev/null &
  daemon_wrapper=$!
  for _ in $(seq 1 50); do
    daemon_pid=$(cat "$pidfile" 2>/dev/null)
    [ -n "$daemon_pid" ] && return 0
    kill -0 "$daemon_wrapper" 2>/dev/null || break
    sleep 0.1
  done
  die "$name did not start in $node: $(tail -n 5 "$tmp/log/$name-$node.out")"
}
for k in 1 2; do
  sim exec "node$k" mkdir -p "$spool/slurmd" "$spool/pmix" || die "no spool directory in node$k"
done
start_daemon node1 slurmctld slurmctld -D -f "$conf"
ctld_pid=$daemon_pid wrapper_pid[slurmctld]=$daemon_wrapper
for k in 1 2; do
  start_daemon "node$k" slurmd slurmd -D -f "$conf" -N "node$k"
  slurmd_pid[node$k]=$daemon_pid wrapper_pid[node$k]=$daemon_wrapper
done
nodes_idle() {
  [ "$(slurm_cmd sinfo -h -N -o '%N %t' | sort | tr '\n' ' ')" = "node1 idle node2 idle " ]
}
wait_for 60 "node1 and node2 idle" nodes_idle
phase "slurmctld in node1 (pid $ctld_pid), slurmd in node1 (pid ${slurmd_pid[node1]}) and node2 (pid ${slurmd_pid[node2]}); both nodes idle"

# Environment of the test only, passed to the jobs by Slurm (sbatch exports it): results and
# binaries of this build, Open MPI as root, one timed repetition at the notebook's size (the
# benchmark sizes take minutes over TCP: lock_balance --size small, 2e6 MPI lock rounds).
# The Open MPI settings of the cluster (TCP over 192.0.2.0/24, yield when idle) come from
# sim_cluster.sh exec.
export HPCP_BUILD=$build HPCP_RESULTS=$tmp/results HPCP_REPEAT=1 HPCP_SIZE=notebook
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
unset HPCP_ROOT OMP_NUM_THREADS OMP_PLACES OMP_PROC_BIND
unset HPCP_EXAMPLES HPCP_LAUNCHER HPCP_SRUN_FLAGS HPCP_MPIRUN_FLAGS HPCP_MODULES

# --- 4. jobs ---------------------------------------------------------------------------------
submit() {  # kind script [sbatch options...]: from node1, in the repository root
  local kind=$1 f=$2 out id
  shift 2
  out=$(cd "$src" && slurm_cmd sbatch --parsable --output="$tmp/jobs/%x-%j.out" "$@" "$f" 2>&1) ||
    { fail "sbatch $* $f: $out"; return 1; }
  id=${out%%;*}
  [[ $id =~ ^[0-9]+$ ]] || { fail "sbatch $* $f: no job id in '$out'"; return 1; }
  job_ids+=("$id")
  job_kind[$id]=$kind
  log "submitted $kind as job $id: sbatch $* $f"
}
# Each job takes all 4 CPUs of the cluster, so they run one after the other. The committed
# scripts ask for more (2 ranks x 4 threads a node): the command line overrides directives.
# Through srun --mpi=pmix every MPI example; the others a few, to keep the test short.
submit slurm-mpi_hybrid-srun scripts/slurm/mpi_hybrid.sbatch --nodes=2 --ntasks-per-node=2 \
  --cpus-per-task=1
submit slurm-mpi_hybrid-mpirun scripts/slurm/mpi_hybrid.sbatch --nodes=2 --ntasks-per-node=1 \
  --cpus-per-task=2 "--export=ALL,HPCP_LAUNCHER=mpirun,HPCP_EXAMPLES=mapreduce pipe"
submit slurm-suite scripts/slurm/suite.sbatch --nodes=2 --ntasks-per-node=2 --cpus-per-task=1 \
  "--export=ALL,HPCP_EXAMPLES=mapreduce pipe square_cube"
[ "$failures" -eq 0 ] || die "not every job was submitted"
phase "3 jobs submitted"

poll_jobs "$poll_limit"
phase "every job finished"

# --- 5. the results --------------------------------------------------------------------------
collect_results "$tmp/results"
[ ${#checks[@]} -eq 0 ] || python3 "$src/tests/scheduler/check_results.py" --nodes 2 "${checks[@]}" ||
  fail "the results of some jobs do not check out (above)"
[ "$failures" -eq 0 ] && phase "all ${#job_ids[@]} jobs completed on 2 nodes and verified"
exit 0
