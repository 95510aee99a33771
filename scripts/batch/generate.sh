#!/usr/bin/env bash
# Writes the batch jobs of hpc-patterns, JOB = suite, omp_scaling, mpi_hybrid, from one configuration:
#   <out>/slurm/JOB.sbatch (Slurm), <out>/pbs/pbspro/JOB.pbs (PBS Pro, -l select=...),
#   <out>/pbs/torque/JOB.pbs (Torque, -l nodes=...:ppn=...).
# Usage: generate.sh [--config FILE] [--out DIR] [--check]: FILE defaults to scripts/batch/cluster.conf,
#   DIR to scripts/ (the committed scripts); --check writes nothing, exits 1 if DIR's scripts differ.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
config=$here/cluster.conf out=${here%/*} check=0 status=0
while [ $# -gt 0 ]; do
  case $1 in
    --config) config=${2:?--config needs a file}; shift 2 ;;
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    --check) check=1; shift ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1' (allowed: --config FILE, --out DIR, --check)" >&2; exit 2 ;;
  esac
done
[ -f "$config" ] || { echo "error: --config: no such file: $config" >&2; exit 2; }

# Defaults, then the configuration (plain shell assignments).
WALLTIME=00:30:00 ACCOUNT='' PARTITION='' QOS='' QUEUE='' EXCLUSIVE=no JOB_PREFIX=hpcp NODES=2
RANKS_PER_NODE=2 THREADS_PER_RANK=4 CPUS_PER_NODE=8 SIZE=small REPEAT=auto MODULES='' LAUNCHER=auto
SRUN_MPI=pmix MPIRUN=mpirun MPI_FLAVOR=auto OMP_PLACES=cores OMP_PROC_BIND=close CPU_BIND=cores
# shellcheck disable=SC1090
. "$config"

die() { echo "error: $config: $*" >&2; exit 2; }
oneof() {  # VAR allowed...: die unless $VAR is one of them
  local v=$1 ok list=''
  for ok in "${@:2}"; do [ "${!v}" != "$ok" ] || return 0; list+=", $ok"; done
  list=${list#, }; die "$v must be ${list%, *} or ${list##*, }, got '${!v}'"
}
for v in NODES RANKS_PER_NODE THREADS_PER_RANK CPUS_PER_NODE; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, got '${!v}'"
done
[[ $WALLTIME =~ ^([0-9]+-)?[0-9]{1,3}(:[0-5][0-9]){2}$ ]] || die "WALLTIME must be hh:mm:ss, got '$WALLTIME'"
[[ $SIZE =~ ^[a-z]+$ ]] || die "SIZE must be a --size name, got '$SIZE'"
[[ $REPEAT =~ ^([1-9][0-9]*|auto)$ ]] || die "REPEAT must be a positive integer or auto, got '$REPEAT'"
oneof EXCLUSIVE yes no; oneof LAUNCHER auto srun mpirun
oneof CPU_BIND cores threads none; oneof MPI_FLAVOR auto openmpi mpich
for v in ACCOUNT PARTITION QOS QUEUE JOB_PREFIX SRUN_MPI MPIRUN OMP_PLACES OMP_PROC_BIND; do
  [[ ${!v} =~ ^[A-Za-z0-9_.:,/{}+-]*$ ]] || die "$v has characters a directive cannot carry: '${!v}'"
done
[[ $MODULES =~ ^[A-Za-z0-9_./+\ -]*$ ]] || die "MODULES has odd characters: '$MODULES'"
[ -n "$JOB_PREFIX" ] || die "JOB_PREFIX must not be empty"

render() {  # batch job file-under-scripts/
  local n=1 r=$RANKS_PER_NODE t=$THREADS_PER_RANK purpose place=pack submit=qsub lib=../../batch/lib.sh
  case $2 in
    suite) purpose="(a) every example, OpenMP and MPI, at size \$HPCP_SIZE on one node" ;;
    omp_scaling) r=1 t=$CPUS_PER_NODE
      purpose="(b) OpenMP scaling on one node: threads 1, 2, 4, ... up to the CPUs of the job" ;;
    mpi_hybrid) n=$NODES
      purpose="(c) MPI and hybrid MPI+OpenMP across nodes: ranks x threads, bound alike" ;;
  esac
  echo "#!/bin/bash"
  if [ "$1" = slurm ]; then
    submit=sbatch lib=../batch/lib.sh
    printf '#SBATCH --%s\n' "job-name=$JOB_PREFIX-${2//_/-}" "nodes=$n" "ntasks-per-node=$r" \
      "cpus-per-task=$t" "time=$WALLTIME" "output=%x-%j.out" ${PARTITION:+"partition=$PARTITION"} \
      ${ACCOUNT:+"account=$ACCOUNT"} ${QOS:+"qos=$QOS"}
    [ "$EXCLUSIVE" = no ] || echo "#SBATCH --exclusive"
  else
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
    printf '#PBS %s\n' "-l walltime=${WALLTIME#*-}" "-j oe" ${QUEUE:+"-q $QUEUE"} ${ACCOUNT:+"-A $ACCOUNT"}
  fi
  cat <<EOF
# hpc-patterns $purpose.
# Submit from the repository root: $submit scripts/$3. Results go to
# \$HPCP_RESULTS/$1-$2-<job id>/ (default results/): summary.csv, summary.json, env.txt, runs/.
# Written by scripts/batch/generate.sh from scripts/batch/cluster.conf: edit that, regenerate.
# Defaults, each overridden by the environment (cluster.conf says what they mean):
HPCP_BATCH=$1 HPCP_JOB=$2
: "\${HPCP_NODES:=$n}" "\${HPCP_RANKS_PER_NODE:=$r}" "\${HPCP_THREADS_PER_RANK:=$t}"
: "\${HPCP_SIZE:=$SIZE}" "\${HPCP_REPEAT:=$REPEAT}" "\${HPCP_MODULES:=$MODULES}"
: "\${HPCP_LAUNCHER:=$LAUNCHER}" "\${HPCP_SRUN_MPI:=$SRUN_MPI}" "\${HPCP_MPIRUN:=$MPIRUN}" "\${HPCP_MPI_FLAVOR:=$MPI_FLAVOR}"
: "\${HPCP_OMP_PLACES:=$OMP_PLACES}" "\${HPCP_OMP_PROC_BIND:=$OMP_PROC_BIND}" "\${HPCP_CPU_BIND:=$CPU_BIND}"
# Also read: HPCP_BUILD, HPCP_RESULTS, HPCP_EXAMPLES, HPCP_THREAD_LIST, HPCP_ARGS_<ex>, HPCP_*_FLAGS.
: "\${HPCP_ROOT:=\${SLURM_SUBMIT_DIR:-\${PBS_O_WORKDIR:-\$PWD}}}"  # the checkout: here or above
until [ -f "\$HPCP_ROOT/scripts/batch/lib.sh" ] || [ "\$HPCP_ROOT" = / ]; do HPCP_ROOT=\$(dirname "\$HPCP_ROOT"); done
# shellcheck source=$lib
. "\$HPCP_ROOT/scripts/batch/lib.sh" || { echo "error: submit from hpc-patterns or set HPCP_ROOT" >&2; exit 2; }
hpcp_main
EOF
}

for f in slurm/{suite,omp_scaling,mpi_hybrid}.sbatch \
         pbs/{pbspro,torque}/{suite,omp_scaling,mpi_hybrid}.pbs; do
  job=${f##*/} batch=${f%/*} file=$out/$f
  text=$(render "${batch#pbs/}" "${job%.*}" "$f")
  if [ "$check" = 1 ]; then
    [ -f "$file" ] && [ "$text" = "$(<"$file")" ] || { echo "differs from $config: $file"; status=1; }
  else
    mkdir -p "${file%/*}" && printf '%s\n' "$text" >"$file.tmp" && chmod 755 "$file.tmp"
    mv "$file.tmp" "$file" && echo "wrote $file"
  fi
done
exit $status
