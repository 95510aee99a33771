#!/usr/bin/env bash
# Installs what the scheduler test needs, if missing: Slurm (slurm-wlm: slurmctld,
# slurmd, the client commands), munge, and Debian's Torque/PBS front end to Slurm
# (slurm-wlm-torque: qsub, qstat, ... as wrappers) where the distribution has it.
# Idempotent: does nothing when everything is there. As root, or through sudo.
# Package installs never start services here: the test starts its own daemons
# from a private configuration and stops them by PID.
#
# Exit: 0 installed (or already there); 3 cannot install (not root and no sudo,
# no apt-get, or the packages are not in the archive) - the test turns that into SKIP.
set -euo pipefail

need=()
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 ||
   ! command -v sbatch >/dev/null 2>&1; then
  need+=(slurm-wlm)          # slurmctld, slurmd and the client commands
fi
command -v munged >/dev/null 2>&1 || need+=(munge)
# qsub as Slurm's Torque wrapper (a real PBS qsub elsewhere on PATH does not count)
if ! grep -qs 'use Slurm' "$(command -v qsub || echo /nonexistent)"; then
  need+=(slurm-wlm-torque)   # optional: dropped below if the archive lacks it
fi
if [ ${#need[@]} -eq 0 ]; then
  echo "setup_scheduler: slurm, munge and qsub already installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "setup_scheduler: missing ${need[*]}, and neither root nor password-less sudo" >&2
  exit 3
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup_scheduler: missing ${need[*]}, and no apt-get to install them" >&2
  exit 3
fi

export DEBIAN_FRONTEND=noninteractive
# Keep package scripts from starting munge/slurm services (no-op under systemd-less
# containers that already have a policy-rc.d; created here only for the install).
policy=/usr/sbin/policy-rc.d
made_policy=0
cleanup() { if [ "$made_policy" -eq 1 ]; then "${SUDO[@]}" rm -f "$policy"; fi; }
trap cleanup EXIT
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
  "${SUDO[@]}" chmod 755 "$policy"
  made_policy=1
fi

have_pkg() { apt-cache show "$1" >/dev/null 2>&1; }
# A fresh machine's package lists may be missing or stale (files gone from the mirror).
echo "setup_scheduler: updating the package lists"
"${SUDO[@]}" apt-get update -qq || echo "setup_scheduler: apt-get update failed; trying the lists there are"
pkgs=()
for p in "${need[@]}"; do
  if have_pkg "$p"; then
    pkgs+=("$p")
  elif [ "$p" = slurm-wlm-torque ]; then
    echo "setup_scheduler: slurm-wlm-torque not in the archive; PBS scripts will be checked with bash -n only"
  else
    echo "setup_scheduler: package $p not in the archive" >&2
    exit 3
  fi
done
echo "setup_scheduler: installing ${pkgs[*]}"
if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${pkgs[@]}"; then
  echo "setup_scheduler: apt-get install failed" >&2
  exit 3
fi
command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null \
  || { echo "setup_scheduler: install finished but slurm/munge binaries are missing" >&2; exit 3; }
echo "setup_scheduler: done"
