# shellcheck shell=bash
# shellcheck disable=SC2154  # LOG_TAG, t_start, job_ids, job_kind...: the sourcing script's
# Shell functions shared by the Slurm tests (sourced, never run):
#   tests/scheduler/run_slurm_test.sh   one node on localhost
#   tests/cluster/slurm_two_nodes.sh    two simulated nodes (tests/cluster/sim_cluster.sh)
#
# The sourcing script sets, before calling anything here:
#   LOG_TAG   the log prefix ("scheduler", ...)      t_start   its start (date +%s)
#   failures  0 (counted up by fail)                 SUDO      () as root, (sudo -n) otherwise
# and may redefine slurm_cmd (how a Slurm client command runs: here, as is).
# poll_jobs and collect_results read job_ids (array) and job_kind (id -> kind), and fill
# job_state and job_exit (id -> final state, exit code); the caller declares all four.
# shellcheck disable=SC2004  # they are associative: [$id] is a key, not arithmetic

log() { echo "[$LOG_TAG +$(($(date +%s) - t_start))s] $*"; }
fail() { log "FAIL: $*"; failures=$((failures + 1)); }
die() { log "FAIL: $*"; failures=$((failures + 1)); exit 1; }

# A Slurm client command (scontrol, sbatch, squeue, scancel): here, in this namespace.
slurm_cmd() { "$@"; }

show_logs() {  # the last 40 lines of every daemon log and job output under $tmp
  local f
  for f in "$tmp"/log/* "$tmp"/jobs/*; do
    [ -s "$f" ] || continue
    echo "----- $f (last 40 lines) -----"
    tail -n 40 "$f"
  done
}

daemons() { local n; for n in slurmctld slurmd slurmstepd munged; do pgrep -x "$n"; done; }

no_processes_left() {  # nothing runs with $tmp in its command line, no daemon but $pre_existing
  local left pid
  left=$(pgrep -f -- "$tmp" || true)
  for pid in $(daemons); do
    case " $pre_existing " in *" $pid "*) ;; *) left+=" $pid" ;; esac
  done
  if [ -n "${left// /}" ]; then
    log "FAIL: processes left running: $(ps -o pid=,args= -p "${left// /,}" 2>/dev/null | tr '\n' ';')"
    return 1
  fi
  log "no daemon left running"
}

keep_or_remove_tmp() {  # status: on failure (or --keep) $tmp stays, with the logs shown
  if [ "$1" -ne 0 ]; then
    show_logs
    log "FAILED; configuration, logs and results kept in $tmp"
  elif [ "$keep" = 1 ]; then
    log "kept $tmp"
  else
    rm -rf "$tmp"
  fi
}

stop_pid() {  # name pid: TERM, up to STOP_GRACE (default 15) s, then KILL
  local name=$1 pid=$2 grace=${STOP_GRACE:-15}
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  "${SUDO[@]}" kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 $((grace * 2))); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; log "stopped $name (pid $pid)"; return 0; }
    sleep 0.5
  done
  "${SUDO[@]}" kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  log "killed $name (pid $pid) after $grace s"
}

wait_for() {  # seconds description command...: poll every 0.5 s
  local limit=$1 what=$2
  shift 2
  for _ in $(seq 1 $((limit * 2))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  die "$what: not within $limit s"
}

# munged as the munge user, with a fresh key only it can read, all under DIR:
# DIR/munge (key, pid, log, seed), DIR/munge-run/munge.socket, DIR/log/munged.out.
# Sets munged_pid and munge_socket; fails the test when munged does not answer in 20 s.
start_munged() {  # dir
  local dir=$1
  getent passwd munge >/dev/null || die "no munge user (the munge package creates it)"
  mkdir -p "$dir/munge" "$dir/munge-run" "$dir/log"
  munge_socket=$dir/munge-run/munge.socket
  "${SUDO[@]}" chown munge:munge "$dir/munge" "$dir/munge-run"
  "${SUDO[@]}" chmod 700 "$dir/munge"
  "${SUDO[@]}" chmod 755 "$dir/munge-run"
  "${SUDO[@]}" dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  "${SUDO[@]}" chown munge:munge "$dir/munge/munge.key"
  "${SUDO[@]}" chmod 400 "$dir/munge/munge.key"
  "${SUDO[@]}" setpriv --reuid=munge --regid=munge --init-groups \
    munged --foreground --force --key-file="$dir/munge/munge.key" --socket="$munge_socket" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" \
    --seed-file="$dir/munge/munged.seed" >"$dir/log/munged.out" 2>&1 &
  munged_pid=$!
  wait_for 20 "munged answering on $munge_socket" munge_ok
  log "munged running as user munge (pid $munged_pid)"
}
munge_ok() { munge -n -S "$munge_socket" | unmunge -S "$munge_socket"; }

# The part of slurm.conf both tests share: authentication through munged's socket, no
# cgroups, no accounting, cores as the unit, oversized jobs refused at submission.
slurm_conf_policy() {
  cat <<EOF
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$munge_socket
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
EnforcePartLimits=ALL
ReturnToService=2
SlurmdParameters=config_overrides
InactiveLimit=0
KillWait=5
MinJobAge=600
SchedulerParameters=sched_interval=2
EOF
}

# Bounded poll on scontrol (never sbatch --wait): every job reaches a final state within
# LIMIT seconds, or the test fails (after printing the queue).
poll_jobs() {  # limit
  local deadline=$(($(date +%s) + $1)) pending id line state
  while :; do
    pending=0
    for id in "${job_ids[@]}"; do
      [ -n "${job_state[$id]:-}" ] && continue
      line=$(slurm_cmd scontrol show job -o "$id" 2>/dev/null)
      state=$(grep -o 'JobState=[A-Z_]*' <<<"$line" | cut -d= -f2)
      case $state in
        COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE|PREEMPTED)
          job_state[$id]=$state
          job_exit[$id]=$(grep -o ' ExitCode=[0-9:]*' <<<"$line" | cut -d= -f2)
          log "job $id (${job_kind[$id]}): $state, exit ${job_exit[$id]}, ran $(grep -o ' RunTime=[0-9:-]*' <<<"$line" | cut -d= -f2)" ;;
        *) pending=$((pending + 1)) ;;
      esac
    done
    [ "$pending" -eq 0 ] && return 0
    if [ "$(date +%s)" -ge "$deadline" ]; then
      slurm_cmd squeue
      die "$pending job(s) not finished within $1 s"
    fi
    sleep 2
  done
}

# Every job COMPLETED with exit 0:0 and left RESULTS/*-<id>: sets checks to KIND=DIR words
# for check_results.py.
collect_results() {  # results-dir
  local id kind dir
  checks=()
  for id in "${job_ids[@]}"; do
    kind=${job_kind[$id]}
    [ "${job_state[$id]}" = COMPLETED ] && [ "${job_exit[$id]}" = 0:0 ] ||
      fail "job $id ($kind) ended ${job_state[$id]} with exit ${job_exit[$id]}"
    dir=$(find "$1" -mindepth 1 -maxdepth 1 -name "*-$id" 2>/dev/null | head -n 1)
    if [ -z "$dir" ]; then
      fail "job $id ($kind) wrote no results directory under $1"
      continue
    fi
    checks+=("$kind=$dir")
  done
}

# Cancel the jobs still known to slurmctld and wait (20 s at most) for the queue to empty.
cancel_jobs() {
  [ ${#job_ids[@]} -gt 0 ] || return 0
  slurm_cmd scancel "${job_ids[@]}" 2>/dev/null
  for _ in $(seq 1 40); do
    [ -z "$(slurm_cmd squeue -h -o %i 2>/dev/null)" ] && break
    sleep 0.5
  done
}
