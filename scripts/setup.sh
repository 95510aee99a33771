#!/usr/bin/env bash
# Install the Debian packages hpc-patterns needs, only those missing.
# Idempotent; works as root or through sudo, and otherwise says what to install.
# Usage: scripts/setup.sh [--with-plots] [--with-sanitizers] [--with-mpich] [--with-lint]
#   --with-lint   shellcheck, pyflakes, clang-format, clang-tidy, python3-editorconfig (scripts/lint.sh)
#   --with-mpich  MPICH beside Open MPI, for the second build (preset mpich); the system's
#                 default MPI (update-alternatives mpi and mpirun) stays Open MPI
set -euo pipefail

with_mpich=0
packages=(g++ make cmake python3 libopenmpi-dev openmpi-bin libeigen3-dev libboost-test-dev
          libcli11-dev nlohmann-json3-dev libgmp-dev valgrind iproute2 procps)
for arg in "$@"; do
  case "$arg" in
    --with-plots) packages+=(python3-matplotlib python3-numpy) ;;
    # ThreadSanitizer needs an OpenMP runtime it understands: clang with LLVM's libomp.
    --with-sanitizers) packages+=(clang libomp-14-dev libclang-rt-14-dev) ;;
    --with-mpich) packages+=(mpich libmpich-dev); with_mpich=1 ;;
    --with-lint) packages+=(shellcheck python3-pyflakes clang-format clang-tidy python3-editorconfig) ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "error: unknown argument '$arg' (allowed: --with-plots, --with-sanitizers, --with-mpich, --with-lint)" >&2; exit 2 ;;
  esac
done

# mpicc/mpicxx/mpirun/mpiexec are Debian alternatives. On amd64 Open MPI's rank first
# (priority 50, MPICH 40) and installing MPICH changes nothing, but the default MPI
# is chosen per architecture and an administrator may have pinned MPICH: the main
# build and the scripts expect Open MPI behind the plain names, so set them back.
keep_open_mpi_default() {
  local name want now
  for name in mpi:/usr/bin/mpicc.openmpi mpirun:/usr/bin/mpirun.openmpi; do
    want=${name#*:} name=${name%%:*}
    now=$(update-alternatives --query "$name" 2>/dev/null | sed -n 's/^Value: //p')
    [ -n "$now" ] && [ "$now" != "$want" ] && [ -x "$want" ] || continue
    echo "setup: the alternative '$name' points at $now; setting it back to $want (Open MPI)"
    "${sudo[@]}" update-alternatives --set "$name" "$want"
  done
}

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  sudo=(false)
fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
else
  echo "setup: installing ${missing[*]}"
  if [ "${sudo[*]}" = false ]; then
    echo "error: missing packages and no root or password-less sudo; install them with:" >&2
    echo "  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ "$with_mpich" = 1 ] && [ "${sudo[*]}" != false ]; then
  keep_open_mpi_default
fi
