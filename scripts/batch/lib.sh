# shellcheck shell=bash
# The body of every batch job (scripts/slurm/*.sbatch, scripts/pbs/*/*.pbs), sourced after they
# set HPCP_BATCH (slurm | pbspro | torque), HPCP_JOB (suite | omp_scaling | mpi_hybrid), HPCP_ROOT
# and the HPCP_* defaults (scripts/batch/cluster.conf). A job loads $HPCP_MODULES, works out nodes,
# ranks, threads and binding from the scheduler, prints that (env.txt), and runs the examples
# (HPCP_EXAMPLES, default all) through `scripts/hpcp run --models openmp|mpi --workers W
# [--launcher "srun|mpirun <mapping, binding>"] --out <job dir> --append`, which leaves there
# runs/<case>.json and .err, summary.csv and summary.json (the job's context in it).
# Exit status: 0 every run verified, 1 one did not; 2 the job could not start. Nothing here
# oversubscribes or runs as root: a site or a test adds HPCP_SRUN_FLAGS / HPCP_MPIRUN_FLAGS.
# shellcheck disable=SC2153  # HPCP_ROOT, HPCP_JOB, HPCP_LAUNCHER...: the job file sets them

# shellcheck source=mpi_flags.sh
. "${BASH_SOURCE[0]%/*}/mpi_flags.sh"

hpcp_die() { echo "error: ${*:2}" >&2; exit "$1"; }  # status message...
hpcp_oneof() {  # VAR allowed...: exit 2 unless $VAR is one of them
  local v=$1 ok list=''
  for ok in "${@:2}"; do [ "${!v:-}" != "$ok" ] || return 0; list+=", $ok"; done
  list=${list#, }; hpcp_die 2 "$v must be ${list%, *} or ${list##*, }, not '${!v:-}'"
}
# label value...: one line of the environment block, on stdout and in env.txt
hpcp_say() { printf '%-16s %s\n' "$1" "${*:2}" | tee -a "$HPCP_OUT/env.txt"; }
hpcp() { "$HPCP_ROOT/scripts/hpcp" "$@"; }  # the project's front end (python3)

hpcp_has_module() { declare -F module >/dev/null || command -v module >/dev/null 2>&1; }
hpcp_load_modules() {  # -> HPCP_MODULE_LIST
  local f
  for f in /etc/profile.d/lmod.sh /etc/profile.d/modules.sh /usr/share/lmod/lmod/init/bash \
           /usr/share/modules/init/bash; do
    # shellcheck disable=SC1090
    hpcp_has_module || { [ -r "$f" ] && . "$f" >/dev/null 2>&1; }
  done
  if ! hpcp_has_module; then
    [ -z "$HPCP_MODULES" ] || hpcp_die 2 "HPCP_MODULES='$HPCP_MODULES' but this node has no module command"
    HPCP_MODULE_LIST="(no module system)"; return
  fi
  # shellcheck disable=SC2086
  [ -z "$HPCP_MODULES" ] || module load $HPCP_MODULES ||
    hpcp_die 2 "HPCP_MODULES: module load $HPCP_MODULES failed"
  HPCP_MODULE_LIST=$(module -t list 2>&1 | grep -v -e '^Currently Loaded' -e '^No modules' | tr '\n' ' ')
  HPCP_MODULE_LIST=${HPCP_MODULE_LIST:-(none loaded)}
}

hpcp_find_nodes() {  # -> HPCP_NODELIST (one host per line, in order) and HPCP_NODEFILE_SRC
  HPCP_NODELIST=$(hostname -s) HPCP_NODEFILE_SRC="this host (no scheduler)"
  if [ "$HPCP_SCHED" = pbs ] && [ -r "${PBS_NODEFILE:-}" ]; then
    HPCP_NODELIST=$(awk '!seen[$0]++' "$PBS_NODEFILE")
    HPCP_NODEFILE_SRC="\$PBS_NODEFILE ($PBS_NODEFILE, $(wc -l <"$PBS_NODEFILE") lines)"
  elif [ "$HPCP_SCHED" = slurm ]; then
    HPCP_NODELIST=$(scontrol show hostnames "${SLURM_JOB_NODELIST:-}" 2>/dev/null | grep . || hostname -s)
    HPCP_NODEFILE_SRC="SLURM_JOB_NODELIST=${SLURM_JOB_NODELIST:-}"
  fi
}

hpcp_shape() {  # -> HPCP_N (nodes), HPCP_RPN, HPCP_TPR, HPCP_RANKS
  local per_node v
  if [ "$HPCP_SCHED" = slurm ] && [ "$HPCP_BATCH" = slurm ]; then
    # The allocation is the truth; command-line overrides of the directives land here.
    HPCP_N=${SLURM_JOB_NUM_NODES:-${SLURM_NNODES:-1}} HPCP_TPR=${SLURM_CPUS_PER_TASK:-1}
    HPCP_RANKS=${SLURM_NTASKS:-$HPCP_N} HPCP_RPN=$((HPCP_RANKS / HPCP_N))
    [ $((HPCP_RPN * HPCP_N)) -eq "$HPCP_RANKS" ] ||
      hpcp_die 2 "$HPCP_RANKS tasks do not split evenly over $HPCP_N nodes; use --ntasks-per-node"
  else
    # PBS cannot say ranks x threads everywhere (Torque's ppn is only a CPU count), so the
    # script's settings give the split and the node file gives the nodes.
    HPCP_N=$(grep -c . <<<"$HPCP_NODELIST") HPCP_RPN=$HPCP_RANKS_PER_NODE HPCP_TPR=$HPCP_THREADS_PER_RANK
    HPCP_RANKS=$((HPCP_N * HPCP_RPN))
    [ "$HPCP_SCHED" = local ] && [ "$HPCP_NODES" -gt 1 ] &&
      echo "note: no scheduler: running on this host only, not on $HPCP_NODES nodes" >&2
    [ "$HPCP_SCHED" = pbs ] && [ -r "${PBS_NODEFILE:-}" ] &&
      per_node=$(grep -cxF -- "${HPCP_NODELIST%%$'\n'*}" "$PBS_NODEFILE") &&
      [ "$per_node" -ne "$HPCP_RPN" ] && [ "$per_node" -ne $((HPCP_RPN * HPCP_TPR)) ] &&
      echo "note: \$PBS_NODEFILE lists $per_node slots per node; this job runs $HPCP_RPN ranks x" \
           "$HPCP_TPR threads there (HPCP_RANKS_PER_NODE, HPCP_THREADS_PER_RANK)" >&2
  fi
  for v in HPCP_N HPCP_RPN HPCP_TPR HPCP_RANKS; do
    [[ ${!v} =~ ^[1-9][0-9]*$ ]] || hpcp_die 2 "$v is '${!v}', not a positive integer"
  done
}

hpcp_choose_launcher() {  # -> HPCP_LAUNCH_KIND (srun | mpirun-ompi|-mpich|-other), HPCP_FLAVOR
  local want=${HPCP_LAUNCHER/auto/mpirun} seen
  local -A kinds=([openmpi]=mpirun-ompi [mpich]=mpirun-mpich)
  hpcp_oneof HPCP_LAUNCHER auto srun mpirun
  # auto: srun where the job is Slurm's and srun has the MPI plugin HPCP_SRUN_MPI, else mpirun
  [ "$HPCP_LAUNCHER" = auto ] && [ "$HPCP_SCHED" = slurm ] && [ "$HPCP_BATCH" = slurm ] &&
    srun --mpi=list 2>&1 | grep -qw -- "$HPCP_SRUN_MPI" && want=srun
  HPCP_FLAVOR=none
  if [ "$want" = srun ]; then
    [ "$HPCP_SCHED" = slurm ] || hpcp_die 2 "HPCP_LAUNCHER=srun outside a Slurm job"
    HPCP_LAUNCH_KIND=srun HPCP_MPI_VERSION="$(srun --version 2>&1 | head -n 1) (--mpi=$HPCP_SRUN_MPI)"
  else
    command -v "$HPCP_MPIRUN" >/dev/null 2>&1 || hpcp_die 2 "HPCP_MPIRUN: '$HPCP_MPIRUN' not found"
    # Its MPI decides its flags (mpi_flags.sh): HPCP_MPI_FLAVOR says which, or auto asks --version.
    [ -z "${HPCP_MPI_FLAVOR:-}" ] || hpcp_oneof HPCP_MPI_FLAVOR auto openmpi mpich
    seen=$(hpcp_mpi_flavor "$HPCP_MPIRUN") HPCP_FLAVOR=${HPCP_MPI_FLAVOR:-auto}
    [ "$HPCP_FLAVOR" != auto ] || HPCP_FLAVOR=$seen
    [ "$seen" = "$HPCP_FLAVOR" ] || echo "note: HPCP_MPI_FLAVOR=$HPCP_FLAVOR, but '$HPCP_MPIRUN --version'" \
      "looks like $seen; using $HPCP_FLAVOR's flags" >&2
    # Neither: taken for a Hydra that binds by its own settings (Intel MPI: I_MPI_PIN_*): -n, -ppn, -f.
    [ "$HPCP_FLAVOR" != unknown ] || HPCP_FLAVOR=hydra
    HPCP_MPI_VERSION="$(hpcp_mpi_version "$HPCP_MPIRUN" "$HPCP_FLAVOR") ($HPCP_FLAVOR)"
    HPCP_LAUNCH_KIND=${kinds[$HPCP_FLAVOR]:-mpirun-other}
  fi
  hpcp_oneof HPCP_CPU_BIND cores threads none
}

hpcp_add_flags() { hpcp_mpi_flags "$HPCP_FLAVOR" "$@"; HPCP_LAUNCH+=("${HPCP_MPI_FLAGS[@]}"); }
hpcp_launch_cmd() {  # -> HPCP_LAUNCH (array): the launcher of the job's ranks, with their placement
  local extra=${HPCP_MPIRUN_FLAGS:-}
  if [ "$HPCP_LAUNCH_KIND" = srun ]; then
    # Since Slurm 22.05 srun does not inherit --cpus-per-task from the batch job: say it.
    HPCP_LAUNCH=(srun "--mpi=$HPCP_SRUN_MPI" "--nodes=$HPCP_N" "--ntasks=$HPCP_RANKS"
                 "--ntasks-per-node=$HPCP_RPN" "--cpus-per-task=$HPCP_TPR"
                 "--cpu-bind=$HPCP_CPU_BIND" --kill-on-bad-exit=1)
    extra=${HPCP_SRUN_FLAGS:-}
  else  # mapping and binding, the OpenMP settings to every rank, and the host file (mpi_flags.sh)
    HPCP_LAUNCH=("$HPCP_MPIRUN" -np "$HPCP_RANKS")
    hpcp_add_flags place "$HPCP_RPN" "$HPCP_TPR" "$HPCP_CPU_BIND"
    hpcp_add_flags env OMP_NUM_THREADS OMP_PLACES OMP_PROC_BIND
    [ "$HPCP_SCHED" = slurm ] || hpcp_add_flags hostfile "$HPCP_OUT/hostfile"
  fi
  # shellcheck disable=SC2206
  HPCP_LAUNCH+=($extra)
}

hpcp_setup() {
  HPCP_BUILD=${HPCP_BUILD:-$HPCP_ROOT/build} HPCP_BIN=$HPCP_BUILD/bin
  [ -d "$HPCP_BIN" ] || hpcp_die 2 "HPCP_BUILD: no $HPCP_BIN; build first" \
    "(cmake -S . -B build && cmake --build build) or set HPCP_BUILD"
  if [ -n "${SLURM_JOB_ID:-}" ]; then HPCP_SCHED=slurm HPCP_JOBID=$SLURM_JOB_ID
  elif [ -n "${PBS_JOBID:-}" ]; then HPCP_SCHED=pbs HPCP_JOBID=${PBS_JOBID%%.*}
  else HPCP_SCHED=local HPCP_JOBID=local-$(date +%Y%m%d-%H%M%S)-$$; fi
  HPCP_OUT=${HPCP_RESULTS:-$HPCP_ROOT/results}/$HPCP_BATCH-$HPCP_JOB-$HPCP_JOBID
  mkdir -p "$HPCP_OUT/runs" || hpcp_die 2 "cannot create the results directory $HPCP_OUT"
  : >"$HPCP_OUT/env.txt"
  hpcp list --names >/dev/null || hpcp_die 2 "scripts/hpcp list failed (no python3 on this node?)"
  hpcp_load_modules; hpcp_find_nodes; hpcp_shape; hpcp_choose_launcher
  local rev sched=$HPCP_SCHED cpu host
  while read -r host; do hpcp_mpi_flags "$HPCP_FLAVOR" hostline "$host" "$HPCP_RPN"; done \
    <<<"$HPCP_NODELIST" >"$HPCP_OUT/hostfile"
  # Each rank's threads fill its CPUs (the OpenMP runs on one node set their own thread count).
  export OMP_NUM_THREADS=$HPCP_TPR OMP_PLACES=$HPCP_OMP_PLACES OMP_PROC_BIND=$HPCP_OMP_PROC_BIND
  rev=$(git -C "$HPCP_ROOT" describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)
  [ "$HPCP_SCHED" = local ] ||
    sched="$HPCP_SCHED, job $HPCP_JOBID${SLURM_JOB_NAME:+ ($SLURM_JOB_NAME)}${PBS_JOBNAME:+ ($PBS_JOBNAME)}"
  cpu=$(grep -m 1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
  hpcp_launch_cmd

  echo "== hpc-patterns batch job: $HPCP_JOB =="
  hpcp_say "script" "written for $HPCP_BATCH; running under $sched"
  hpcp_say "date" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  hpcp_say "batch host" "$(hostname) ($(nproc) CPUs usable here, $cpu)"
  hpcp_say "nodes" "$HPCP_N: $(tr '\n' ' ' <<<"$HPCP_NODELIST")[from $HPCP_NODEFILE_SRC]"
  hpcp_say "ranks" "$HPCP_RANKS ($HPCP_RPN per node)"
  hpcp_say "threads" "$HPCP_TPR per rank; OpenMP runs on one node use $((HPCP_RPN * HPCP_TPR))"
  hpcp_say "binding" "OMP_NUM_THREADS=$OMP_NUM_THREADS OMP_PLACES=$OMP_PLACES" \
    "OMP_PROC_BIND=$OMP_PROC_BIND; ranks bound to $HPCP_CPU_BIND"
  hpcp_say "launcher" "${HPCP_LAUNCH[*]}"
  hpcp_say "mpi" "$HPCP_MPI_VERSION"
  hpcp_say "modules" "$HPCP_MODULE_LIST"
  hpcp_say "size" "$HPCP_SIZE, --repeat $HPCP_REPEAT"
  hpcp_say "project" "$HPCP_ROOT (git $rev), binaries $HPCP_BIN"
  hpcp_say "results" "$HPCP_OUT"
  local probe='r=${PMIX_RANK:-${OMPI_COMM_WORLD_RANK:-${PMI_RANK:-${SLURM_PROCID:-?}}}};'
  probe+=' c=$(sed -n "s/^Cpus_allowed_list:[[:space:]]*//p" /proc/self/status);'
  probe+=' echo "  rank $r on $(hostname -s): cpus $c, OMP_NUM_THREADS=${OMP_NUM_THREADS:-}"'
  { echo "per-rank placement (probe with the launcher above):"
    timeout 60 "${HPCP_LAUNCH[@]}" bash -c "$probe" 2>&1 | sort -V | head -n 64
  } | tee -a "$HPCP_OUT/env.txt"
  { echo "scheduler and OpenMP environment:"
    env | grep -E '^(SLURM|SBATCH|PBS|OMP|OMPI_MCA|PMIX_MCA|I_MPI|MPIR_CVAR|HYDRA|HPCP)_' |
      sort | sed 's/^/  /'
  } >>"$HPCP_OUT/env.txt"; echo

  # The job's context, which the front end records in summary.json
  export HPCP_JOB HPCP_BATCH HPCP_SCHED HPCP_JOBID HPCP_N HPCP_RANKS HPCP_RPN HPCP_TPR HPCP_LAUNCH_KIND \
         HPCP_CPU_BIND HPCP_MODULE_LIST HPCP_NODELIST HPCP_SIZE HPCP_REPEAT
}

hpcp_run() {  # model workers: the job's examples through the front end's one runner
  local -a args=(run --append --out "$HPCP_OUT" --build "$HPCP_BUILD" --size "$HPCP_SIZE"
                 --repeat "$HPCP_REPEAT" --models "$1" --workers "$2" --name "$HPCP_JOB")
  [ -z "${HPCP_EXAMPLES:-}" ] || args+=(--examples "${HPCP_EXAMPLES// /,}")
  [ "$1" != mpi ] || args+=(--threads-per-rank "$HPCP_TPR" --launcher "${HPCP_LAUNCH[*]}")
  hpcp "${args[@]}" || HPCP_STATUS=1
}

# suite: every example, OpenMP on one node's CPUs, MPI on every node of the job
hpcp_job_suite() { hpcp_run openmp $((HPCP_RPN * HPCP_TPR)); hpcp_run mpi "$HPCP_RANKS"; }

hpcp_job_omp_scaling() {  # threads 1, 2, 4, ... up to the job's CPUs, one process
  local max=$((HPCP_RPN * HPCP_TPR)) t=1 list=""
  while [ "$t" -lt "$max" ]; do list+="$t,"; t=$((t * 2)); done
  hpcp_run openmp "${HPCP_THREAD_LIST:-$list$max}"
}

hpcp_job_mpi_hybrid() { hpcp_run mpi "$HPCP_RANKS"; }  # every MPI example on all nodes

hpcp_main() {
  hpcp_oneof HPCP_JOB suite omp_scaling mpi_hybrid
  [ -n "${HPCP_SIZE:-}" ] || hpcp_die 2 "HPCP_SIZE is empty (every binary's --size)"
  [[ ${HPCP_REPEAT:-} =~ ^([1-9][0-9]*|auto)$ ]] ||
    hpcp_die 2 "HPCP_REPEAT must be a positive integer or auto, not '${HPCP_REPEAT:-}'"
  hpcp_setup
  HPCP_STATUS=0; "hpcp_job_$HPCP_JOB"
  echo "results: $HPCP_OUT (summary.csv, summary.json; scripts/hpcp report $HPCP_OUT)"
  exit "$HPCP_STATUS"
}
