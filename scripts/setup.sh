#!/usr/bin/env bash
# Install the Debian packages hpc-patterns needs, only those missing.
# Idempotent; works as root or through sudo, and otherwise says what to install.
# Usage: scripts/setup.sh [--with-plots] [--with-sanitizers]
set -euo pipefail

packages=(g++ make cmake python3 libopenmpi-dev openmpi-bin libeigen3-dev libboost-test-dev
          libcli11-dev nlohmann-json3-dev valgrind iproute2 procps)
for arg in "$@"; do
  case "$arg" in
    --with-plots) packages+=(python3-matplotlib python3-numpy) ;;
    # ThreadSanitizer needs an OpenMP runtime it understands: clang with LLVM's libomp.
    --with-sanitizers) packages+=(clang libomp-14-dev libclang-rt-14-dev) ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "error: unknown argument '$arg' (allowed: --with-plots, --with-sanitizers)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "error: missing packages and no root or password-less sudo; install them with:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
