#!/usr/bin/env bash
# Writes the batch job scripts of hpc-patterns from one configuration file:
#   <out>/slurm/{suite,omp_scaling,mpi_hybrid}.sbatch         Slurm
#   <out>/pbs/pbspro/{suite,omp_scaling,mpi_hybrid}.pbs       PBS Pro (-l select=...)
#   <out>/pbs/torque/{suite,omp_scaling,mpi_hybrid}.pbs       Torque (-l nodes=...:ppn=...)
# Usage: generate.sh [--config FILE] [--out DIR] [--check]
#   --config  default scripts/batch/cluster.conf
#   --out     default scripts/ (the committed scripts)
#   --check   write nothing; exit 1 if the scripts in --out differ from what FILE gives
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
config=$here/cluster.conf
out=$(dirname "$here")
check=0
while [ $# -gt 0 ]; do
  case $1 in
    --config) config=${2:?--config needs a file}; shift 2 ;;
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    --check) check=1; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1' (allowed: --config FILE, --out DIR, --check)" >&2; exit 2 ;;
  esac
done
[ -f "$config" ] || { echo "error: --config: no such file: $config" >&2; exit 2; }

# Defaults, then the configuration (plain shell assignments).
WALLTIME=00:30:00 ACCOUNT='' PARTITION='' QOS='' QUEUE='' EXCLUSIVE=no JOB_PREFIX=hpcp
NODES=2 RANKS_PER_NODE=2 THREADS_PER_RANK=4 CPUS_PER_NODE=8
SIZE=small REPEAT=3 MODULES='' LAUNCHER=auto SRUN_MPI=pmix MPIRUN=mpirun MPI_FLAVOR=auto
OMP_PLACES=cores OMP_PROC_BIND=close CPU_BIND=cores
# shellcheck disable=SC1090
. "$config"

die() { echo "error: $config: $*" >&2; exit 2; }
for v in NODES RANKS_PER_NODE THREADS_PER_RANK CPUS_PER_NODE REPEAT; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, got '${!v}'"
done
[[ $WALLTIME =~ ^([0-9]+-)?[0-9]{1,3}:[0-5][0-9]:[0-5][0-9]$ ]] || die "WALLTIME must be hh:mm:ss, got '$WALLTIME'"
[[ $SIZE =~ ^[a-z]+$ ]] || die "SIZE must be a --size name, got '$SIZE'"
case $EXCLUSIVE in yes|no) ;; *) die "EXCLUSIVE must be yes or no, got '$EXCLUSIVE'" ;; esac
case $LAUNCHER in auto|srun|mpirun) ;; *) die "LAUNCHER must be auto, srun or mpirun, got '$LAUNCHER'" ;; esac
case $CPU_BIND in cores|threads|none) ;; *) die "CPU_BIND must be cores, threads or none, got '$CPU_BIND'" ;; esac
case $MPI_FLAVOR in auto|openmpi|mpich) ;; *) die "MPI_FLAVOR must be auto, openmpi or mpich, got '$MPI_FLAVOR'" ;; esac
for v in ACCOUNT PARTITION QOS QUEUE JOB_PREFIX SRUN_MPI MPIRUN OMP_PLACES OMP_PROC_BIND; do
  [[ ${!v} =~ ^[A-Za-z0-9_.:,/{}+-]*$ ]] || die "$v has characters a directive cannot carry: '${!v}'"
done
[[ $MODULES =~ ^[A-Za-z0-9_./+\ -]*$ ]] || die "MODULES has odd characters: '$MODULES'"
[ -n "$JOB_PREFIX" ] || die "JOB_PREFIX must not be empty"

# The shape of a job (nodes, ranks per node, threads per rank) and its one-line purpose,
# in globals: the generator forks as little as it can (it also runs in the scheduler test).
shape() {  # job -> n r t purpose
  case $1 in
    suite) n=1 r=$RANKS_PER_NODE t=$THREADS_PER_RANK
      purpose="(a) every example, OpenMP and MPI, at size \$HPCP_SIZE on one node" ;;
    omp_scaling) n=1 r=1 t=$CPUS_PER_NODE
      purpose="(b) OpenMP scaling on one node: threads 1, 2, 4, ... up to the CPUs of the job" ;;
    mpi_hybrid) n=$NODES r=$RANKS_PER_NODE t=$THREADS_PER_RANK
      purpose="(c) MPI and hybrid MPI+OpenMP across nodes: ranks x threads, bound alike" ;;
  esac
}

directives_slurm() {  # job
  echo "#SBATCH --job-name=$JOB_PREFIX-${1//_/-}"
  echo "#SBATCH --nodes=$n"
  echo "#SBATCH --ntasks-per-node=$r"
  echo "#SBATCH --cpus-per-task=$t"
  echo "#SBATCH --time=$WALLTIME"
  echo "#SBATCH --output=%x-%j.out"
  [ -z "$PARTITION" ] || echo "#SBATCH --partition=$PARTITION"
  [ -z "$ACCOUNT" ] || echo "#SBATCH --account=$ACCOUNT"
  [ -z "$QOS" ] || echo "#SBATCH --qos=$QOS"
  [ "$EXCLUSIVE" = no ] || echo "#SBATCH --exclusive"
}

directives_pbs() {  # flavour job
  local place=pack
  echo "#PBS -N $JOB_PREFIX-${2//_/-}"
  if [ "$1" = pbspro ]; then
    echo "#PBS -l select=$n:ncpus=$((r * t)):mpiprocs=$r:ompthreads=$t"
    [ "$n" -eq 1 ] || place=scatter
    [ "$EXCLUSIVE" = no ] || place=$place:excl
    echo "#PBS -l place=$place"
  else
    echo "#PBS -l nodes=$n:ppn=$((r * t))"
    [ "$EXCLUSIVE" = no ] || echo "#PBS -n"
  fi
  echo "#PBS -l walltime=${WALLTIME#*-}"
  echo "#PBS -j oe"
  [ -z "$QUEUE" ] || echo "#PBS -q $QUEUE"
  [ -z "$ACCOUNT" ] || echo "#PBS -A $ACCOUNT"
}

body() {  # batch job submit-command lib.sh-relative-to-the-job-file
  cat <<EOF
# hpc-patterns $purpose.
# Submit from the repository root: $3. Results go to
# \$HPCP_RESULTS/$1-$2-<job id>/ (default results/): summary.csv, summary.json, env.txt, runs/.
# Written by scripts/batch/generate.sh from scripts/batch/cluster.conf: edit that, regenerate.
# Defaults, each overridden by the environment (cluster.conf says what they mean):
HPCP_BATCH=$1 HPCP_JOB=$2
: "\${HPCP_NODES:=$n}" "\${HPCP_RANKS_PER_NODE:=$r}" "\${HPCP_THREADS_PER_RANK:=$t}"
: "\${HPCP_SIZE:=$SIZE}" "\${HPCP_REPEAT:=$REPEAT}" "\${HPCP_MODULES:=$MODULES}"
: "\${HPCP_LAUNCHER:=$LAUNCHER}" "\${HPCP_SRUN_MPI:=$SRUN_MPI}" "\${HPCP_MPIRUN:=$MPIRUN}" "\${HPCP_MPI_FLAVOR:=$MPI_FLAVOR}"
: "\${HPCP_OMP_PLACES:=$OMP_PLACES}" "\${HPCP_OMP_PROC_BIND:=$OMP_PROC_BIND}" "\${HPCP_CPU_BIND:=$CPU_BIND}"
EOF
  cat <<'EOF'
# Also read: HPCP_BUILD (default $HPCP_ROOT/build), HPCP_RESULTS, HPCP_EXAMPLES (a subset),
# HPCP_THREAD_LIST (omp_scaling), HPCP_ARGS_<example>, HPCP_SRUN_FLAGS, HPCP_MPIRUN_FLAGS.
: "${HPCP_ROOT:=${SLURM_SUBMIT_DIR:-${PBS_O_WORKDIR:-$PWD}}}"  # the checkout: here or above
until [ -f "$HPCP_ROOT/scripts/batch/lib.sh" ] || [ "$HPCP_ROOT" = / ]; do HPCP_ROOT=$(dirname "$HPCP_ROOT"); done
EOF
  echo "# shellcheck source=$4"
  cat <<'EOF'
. "$HPCP_ROOT/scripts/batch/lib.sh" || { echo "error: submit from hpc-patterns or set HPCP_ROOT" >&2; exit 2; }
hpcp_main
EOF
}

render() {  # batch job
  shape "$2"
  echo "#!/bin/bash"
  case $1 in
    slurm) directives_slurm "$2"; body slurm "$2" "sbatch scripts/slurm/$2.sbatch" ../batch/lib.sh ;;
    *) directives_pbs "$1" "$2"; body "$1" "$2" "qsub scripts/pbs/$1/$2.pbs" ../../batch/lib.sh ;;
  esac
}

status=0
for batch in slurm pbspro torque; do
  for job in suite omp_scaling mpi_hybrid; do
    case $batch in
      slurm) file=$out/slurm/$job.sbatch ;;
      *) file=$out/pbs/$batch/$job.pbs ;;
    esac
    if [ "$check" = 1 ]; then
      if [ ! -f "$file" ] || [ "$(render "$batch" "$job")" != "$(<"$file")" ]; then
        echo "differs from $config: $file"
        status=1
      fi
    else
      mkdir -p "${file%/*}"
      render "$batch" "$job" >"$file.tmp"
      chmod 755 "$file.tmp"
      mv "$file.tmp" "$file"
      echo "wrote $file"
    fi
  done
done
exit $status
