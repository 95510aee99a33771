#!/usr/bin/env bash
# A cluster of simulated nodes on one machine, for mpirun and Slurm across "nodes".
#
# Each node is a network namespace (NAME-nodeK) with its own hostname (a UTS
# namespace), its own System V IPC (an IPC namespace: UCX would otherwise
# reach another node through sysv shared memory, not the network) and its own
# /dev/shm, /etc/hosts and spool directory (a mount namespace); an anchor
# process holds these namespaces, so every command entered into a node sees
# the same node.
# The nodes are joined by veth pairs on a bridge that lives in a namespace of
# its own (hpcp-fabric). Addresses come from 192.0.2.0/24 (TEST-NET-1) and exist
# only inside these namespaces: no node has a route out, and the machine's own
# namespace gains no link or address.
#
# Usage: sim_cluster.sh COMMAND
#   up N            make nodes node1..nodeN (idempotent: missing parts are made,
#                   present ones checked; a different N than running is refused)
#   down            end every process in the nodes, remove every namespace, link
#                   and mount made here (also after a failed up); exit 0 when
#                   nothing is left
#   check           exit 0 when nothing made here is left (for CI), 1 otherwise
#   status          the nodes, their addresses and their processes
#   exec NODE CMD…  run CMD in NODE (node1…), in the current directory, with the
#                   cluster's MPI settings exported (below); CMD's exit status
#   mpirun ARGS…    mpirun on node1 across every node (hostfile: HPCP_SIM_SLOTS per node)
#   hostfile        print the hostfile's path
#   can             exit 0 when namespaces can be made here, 77 when not (why on stderr)
#
# The cluster's MPI settings (exported by exec and mpirun, never elsewhere):
#   OMPI_MCA_plm_rsh_agent   tests/cluster/sim_rsh: "ssh" into a node's namespaces
#   OMPI_MCA_{btl_tcp,oob_tcp}_if_include=192.0.2.0/24: the fabric, not loopback
#   OMPI_MCA_hwloc_base_binding_policy=none: every simulated node sees the
#     machine's cores as its own, so mpirun bound rank 0 on node1 and rank 1
#     on node2 both to core 0, and two busy-polling ranks on one core
#     exchanged a message once a scheduler tick: 4 ms (CONFIG_HZ=250) instead
#     of 8 us. Unbound, the kernel spreads the ranks over the real cores.
#   OMPI_MCA_mpi_yield_when_idle=1: more ranks than the machine's cores
#     (2 nodes x 2 ranks on 2 cores): a rank that waits gives its core up.
#
# Environment: HPCP_SIM_NAME (default hpcp: namespaces hpcp-node1..., hpcp-fabric;
# clusters of different names are separate and may be up at once),
# HPCP_SIM_STATE (default /run/NAME-sim), HPCP_SIM_SLOTS (slots per node in the
# hostfile, default 2).
# Exit: 0 done; 1 failed; 2 bad usage; 77 namespaces cannot be made here.
set -uo pipefail

NAME=${HPCP_SIM_NAME:-hpcp}
[[ $NAME =~ ^[a-z][a-z0-9]{0,7}$ ]] || { echo "sim_cluster: error: HPCP_SIM_NAME: 1-8 of a-z0-9" >&2; exit 2; }
STATE=${HPCP_SIM_STATE:-/run/$NAME-sim}
SLOTS=${HPCP_SIM_SLOTS:-2}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PREFIX=$NAME-node
FABRIC=$NAME-fabric
NET=192.0.2
SKIP=77

die() { echo "sim_cluster: error: $*" >&2; exit 1; }
# The header above, without its '#': all of it (--help), or its Usage block.
header() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }
usage() { echo "sim_cluster: error: $*" >&2; header | sed -n '/^Usage:/,/^$/p' >&2; exit 2; }
addr_of() { echo "$NET.$((10 + $1))"; }  # node K -> 192.0.2.(10+K)
node_index() {  # node1 -> 1; anything else -> usage error
  [[ $1 =~ ^node([1-9][0-9]*)$ ]] || usage "no node '$1' (nodes are node1, node2, ...)"
  echo "${BASH_REMATCH[1]}"
}
our_netns() { ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^(${PREFIX}[0-9]+|$FABRIC)$"; }
nodes_up() { our_netns | grep -c "^$PREFIX" || true; }

can() {
  [ "$(id -u)" -eq 0 ] || { echo "sim_cluster: namespaces need root (CAP_SYS_ADMIN)" >&2; return $SKIP; }
  for tool in ip nsenter unshare mount; do
    command -v "$tool" >/dev/null || { echo "sim_cluster: $tool is missing" >&2; return $SKIP; }
  done
  local probe=hpcp-probe-$$
  if ! ip netns add "$probe" 2>/dev/null; then
    echo "sim_cluster: cannot make a network namespace here" >&2
    return $SKIP
  fi
  ip netns del "$probe"
  unshare --uts --ipc --mount true 2>/dev/null || {
    echo "sim_cluster: cannot make UTS and mount namespaces here" >&2
    return $SKIP
  }
}

write_hosts() {  # N: /etc/hosts of every node
  local n=$1 k
  {
    echo "127.0.0.1 localhost"
    for k in $(seq 1 "$n"); do echo "$(addr_of "$k") node$k"; done
  } >"$STATE/hosts"
  for k in $(seq 1 "$n"); do echo "node$k slots=$SLOTS"; done >"$STATE/hostfile"
}

make_fabric() {
  if ! ip netns list | awk '{print $1}' | grep -qx "$FABRIC"; then
    ip netns add "$FABRIC" || return 1
  fi
  if ! ip -n "$FABRIC" link show br0 >/dev/null 2>&1; then
    ip -n "$FABRIC" link add br0 type bridge || return 1
  fi
  ip -n "$FABRIC" link set br0 up && ip -n "$FABRIC" link set lo up
}

make_node() {  # K
  local k=$1 ns=$PREFIX$1 dir=$STATE/node$1
  if ! ip netns list | awk '{print $1}' | grep -qx "$ns"; then
    ip netns add "$ns" || return 1
  fi
  if ! ip -n "$ns" link show eth0 >/dev/null 2>&1; then
    ip -n "$FABRIC" link add "p$k" type veth peer name eth0 netns "$ns" || return 1
  fi
  ip -n "$FABRIC" link set "p$k" master br0 up || return 1
  ip -n "$ns" link set lo up && ip -n "$ns" link set eth0 up || return 1
  ip -n "$ns" addr show dev eth0 | grep -q "inet $(addr_of "$k")/" ||
    ip -n "$ns" addr add "$(addr_of "$k")/24" dev eth0 || return 1
  mkdir -p "$dir/spool"
  anchor_alive "$k" && return 0
  # The node's own hostname, /dev/shm, /etc/hosts and spool, held by an anchor
  # process that lives in them while the cluster is up: entering a node is
  # joining its anchor's namespaces (nsenter -t), from anywhere, nodes included.
  nsenter --net="/run/netns/$ns" -- unshare --uts --ipc --mount --propagation private bash -ec "
    hostname node$k
    mount -t tmpfs -o mode=1777,size=50% shm-node$k /dev/shm
    mount --bind '$STATE/hosts' /etc/hosts
    mkdir -p /var/spool/hpcp-sim
    mount --bind '$dir/spool' /var/spool/hpcp-sim
    echo \$\$ >'$dir/pid'
    exec -a $NAME-sim-node$k sleep infinity" </dev/null >/dev/null 2>&1 &
  local i
  for i in $(seq 1 50); do anchor_alive "$k" && return 0; sleep 0.1; done
  return 1
}

# The node's anchor is running, in the node's network namespace.
anchor_alive() {
  local pid
  pid=$(cat "$STATE/node$1/pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sleep ] &&
    [ "$(ip netns identify "$pid" 2>/dev/null)" = "$PREFIX$1" ]
}

up() {
  local n=${1:-}
  [[ $n =~ ^[1-9][0-9]*$ ]] && [ "$n" -le 200 ] || usage "up N: N from 1 to 200, got '${n}'"
  can || exit $?
  mkdir -p "$STATE"
  local have
  have=$(nodes_up)
  if [ "$have" -gt 0 ] && [ "$have" -ne "$n" ]; then
    echo "sim_cluster: error: $have nodes are up; 'down' first to make $n" >&2
    exit 2
  fi
  write_hosts "$n"
  if ! make_fabric; then down >/dev/null; die "could not make the fabric namespace"; fi
  local k
  for k in $(seq 1 "$n"); do
    if ! make_node "$k"; then down >/dev/null; die "could not make node$k"; fi
  done
  if ! fabric_works "$n"; then down >/dev/null; die "the nodes cannot reach each other over TCP"; fi
  echo "sim_cluster: $n nodes up: $(for k in $(seq 1 "$n"); do printf 'node%s=%s ' "$k" "$(addr_of "$k")"; done)"
}

# The fabric carries TCP: node N listens, every node connects to it (5 s at most).
fabric_works() {
  local n=$1 k listener port=7999
  enter "node$n" python3 -c '
import socket, sys
s = socket.create_server((sys.argv[1], int(sys.argv[2])))
s.settimeout(5)
for _ in range(int(sys.argv[3])):
    s.accept()[0].close()' "$(addr_of "$n")" $port "$n" &
  listener=$!
  for k in $(seq 1 "$n"); do
    enter "node$k" python3 -c '
import socket, sys, time
for _ in range(50):
    try:
        socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)' "$(addr_of "$n")" $port || { kill "$listener" 2>/dev/null; wait "$listener"; return 1; }
  done
  wait "$listener"
}

# Join the node's anchor (its net, UTS and mount namespaces), then go back to
# the current directory (entering a mount namespace moves to its root).
enter() {
  local node=$1 k pid
  k=$(node_index "$node") || exit 2
  shift
  pid=$(cat "$STATE/node$k/pid" 2>/dev/null) && [ -d "/proc/$pid" ] ||
    { echo "sim_cluster: error: $node is not up" >&2; return 1; }
  nsenter --target "$pid" --net --uts --ipc --mount -- \
    /bin/sh -c 'cd "$0" 2>/dev/null || cd /; exec "$@"' "$PWD" "$@"
}

cluster_env() {
  export OMPI_MCA_plm_rsh_agent="$HERE/sim_rsh"
  export OMPI_MCA_btl_tcp_if_include=$NET.0/24 OMPI_MCA_oob_tcp_if_include=$NET.0/24
  export OMPI_MCA_hwloc_base_binding_policy=none OMPI_MCA_mpi_yield_when_idle=1
  export HPCP_SIM_NAME=$NAME HPCP_SIM_STATE=$STATE
}

# Every process in the nodes: TERM, up to 5 s, then KILL.
stop_processes() {
  local ns pids i
  for i in $(seq 1 10); do
    pids=$(for ns in $(our_netns); do ip netns pids "$ns" 2>/dev/null; done)
    [ -z "$pids" ] && return 0
    # shellcheck disable=SC2086
    if [ "$i" -lt 10 ]; then kill -TERM $pids 2>/dev/null; else kill -KILL $pids 2>/dev/null; fi
    sleep 0.5
  done
  pids=$(for ns in $(our_netns); do ip netns pids "$ns" 2>/dev/null; done)
  # shellcheck disable=SC2086
  [ -z "$pids" ] || { kill -KILL $pids 2>/dev/null; sleep 0.5; }
}

down() {
  [ "$(id -u)" -eq 0 ] || { echo "sim_cluster: nothing to do without root"; return 0; }
  stop_processes
  local ns
  for ns in $(our_netns); do ip netns del "$ns" || echo "sim_cluster: could not delete $ns" >&2; done
  rm -rf "$STATE"
  check
}

check() {
  local left=()
  [ -n "$(our_netns)" ] && left+=("network namespaces: $(our_netns | tr '\n' ' ')")
  local pids
  pids=$(pgrep -f "^$NAME-sim-node" || true)
  [ -n "$pids" ] && left+=("node anchors: $pids")
  [ -e "$STATE" ] && left+=("$STATE")
  if [ ${#left[@]} -gt 0 ]; then
    echo "sim_cluster: left behind: ${left[*]}" >&2
    return 1
  fi
  echo "sim_cluster: nothing left"
}

status() {
  local n k
  n=$(nodes_up)
  echo "nodes up: $n (state $STATE)"
  for k in $(seq 1 "$n"); do
    printf 'node%s %s processes: %s\n' "$k" "$(addr_of "$k")" \
      "$(ip netns pids "$PREFIX$k" 2>/dev/null | xargs -r ps -o comm= -p 2>/dev/null | sort | uniq -c | awk '{printf "%s(%s) ", $2, $1}')"
  done
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
  up) up "$@" ;;
  down) down ;;
  check) check ;;
  status) status ;;
  can) can ;;
  hostfile) [ -f "$STATE/hostfile" ] || die "the cluster is not up"; echo "$STATE/hostfile" ;;
  exec)
    [ $# -ge 2 ] || usage "exec NODE CMD..."
    cluster_env
    enter "$@" ;;
  mpirun)
    [ -f "$STATE/hostfile" ] || die "the cluster is not up"
    cluster_env
    enter node1 mpirun --hostfile "$STATE/hostfile" "$@" ;;
  -h|--help|help) header ;;
  *) usage "unknown command '${cmd}'" ;;
esac
