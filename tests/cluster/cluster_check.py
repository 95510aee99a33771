#!/usr/bin/env python3
"""The MPI binaries across the nodes of a simulated cluster (tests/cluster/sim_cluster.sh).

Usage: cluster_check.py PART --source DIR --bin-dir DIR [--examples "a;b;..."]
  examples  every MPI example at 2 nodes x 2 ranks, in every mode and sync kind its --help
            offers (read from the {a|b} choice lists), ranks dealt round robin
            (--map-by node: every neighbour pair crosses nodes) and, with its defaults, by
            slot; mapreduce (hybrid) with 2 OpenMP threads per rank. Each run must exit 0
            with one JSON object that says verified, 4 ranks, 2 nodes, 2 ranks per node.
  bad       tests/cli/cli_check.py --mode bad-sample at 2 nodes x 1 rank: exit 2 and one
            'error:' line for each bad input, every rank ending.
  kill      a rank on node2 SIGKILLed mid-run: mpirun exits non-zero within 20 s, and
            nothing of the job is left on either node.
The cluster (HPCP_SIM_NAME, default hpcpct) is brought up and down by the CTest fixture
(tests/cluster/CMakeLists.txt), not here. Exit 0 passed, 1 failed, 77 no namespaces here.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time

NODES, RANKS = 2, 4
TIME_LIMIT = 90  # one run, seconds
# Choices a binary refuses by design (exit 2, one error: line), not modes to verify.
REFUSED = {("lock_balance", "--sync", "critical")}
# Choice lists that are no modes: --size's presets are benchmark sizes (checked on one
# node by tests/cli/size_check.py); across nodes every mode runs at the notebook's size.
NOT_MODES = {"--size"}
# Shorter benchmark modes: the pipe's ping-pong over three sizes instead of 23.
EXTRA = {("pipe", "--mode", "pingpong"): ["--sizes", "1,4096,1048576"]}

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message, flush=True)


class Cluster:
    def __init__(self, source):
        self.script = os.path.join(source, "tests", "cluster", "sim_cluster.sh")
        self.name = os.environ.setdefault("HPCP_SIM_NAME", "hpcpct")
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        for k in ("OMPI_ALLOW_RUN_AS_ROOT", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"):
            os.environ.setdefault(k, "1")

    def can(self):
        return subprocess.run([self.script, "can"]).returncode

    def mpirun(self, np, mapping, argv, env=None):
        """The launcher line; OMP_NUM_THREADS reaches every node (-x)."""
        return [self.script, "mpirun", "-np", str(np), "--map-by", mapping,
                "-x", "OMP_NUM_THREADS"] + argv

    def node_pids(self, node):
        """Processes in the node, its anchor (the 'sleep' holding its namespaces) aside."""
        out = subprocess.run(["ip", "netns", "pids", "%s-node%d" % (self.name, node)],
                             capture_output=True, text=True).stdout.split()
        pids = []
        for pid in out:
            try:
                comm = open("/proc/%s/comm" % pid).read().strip()
            except OSError:
                continue
            if comm != "sleep":
                pids.append((int(pid), comm))
        return pids


def run(cmd, env=None):
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        return None, out, err, time.monotonic() - start
    return p.returncode, out, err, time.monotonic() - start


def choices(binary):
    """(flag, [choice, ...], [args it needs]) for every option whose --help shows a {a|b|c}
    list; an option whose help starts "mode: ..." (mode a choice of another option) applies
    in that mode only, and is run with it."""
    text = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=30).stdout
    found = [(m.group(1), m.group(2).split("|"), m.group(3))
             for m in re.finditer(r"^\s+(--[\w-]+)\s+\{([\w|-]+)\}\s*(\w*)", text, re.MULTILINE)
             if m.group(1) not in NOT_MODES]
    owner = {value: flag for flag, values, _ in found for value in values}
    return [(flag, values, [owner[lead], lead] if lead in owner and owner[lead] != flag else [])
            for flag, values, lead in found]


def check_run(cluster, example, args, mapping, threads):
    binary = os.path.join(ARGS.bin_dir, "mpi_" + example)
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    code, out, err, took = run(cluster.mpirun(RANKS, mapping, [binary, "--json"] + args), env)
    what = "%s %s (--map-by %s)" % (example, " ".join(args) or "(defaults)", mapping)
    if code is None:
        return fail("%s: hung for %d s" % (what, TIME_LIMIT))
    if code != 0:
        errors = [l for l in err.splitlines() if l.startswith("error:")]
        return fail("%s: exit %d: %s" % (what, code, "; ".join(errors) or err.strip()[-600:]))
    try:
        doc = json.loads(out)
    except json.JSONDecodeError:
        return fail("%s: stdout is not one JSON object: %r" % (what, out[:300]))
    want = {"verified": True, "ranks": RANKS, "nodes": NODES, "ranks_per_node": RANKS // NODES}
    if doc.get("model") == "hybrid":
        want["threads"] = threads
    got = {k: doc.get(k) for k in want}
    if got != want:
        return fail("%s: %s, expected %s" % (what, got, want))
    print("ok  %-58s %5.1f s  nodes %s x %s ranks%s" % (
        what, took, doc["nodes"], doc["ranks_per_node"],
        " x %d threads" % doc["threads"] if doc.get("model") == "hybrid" else ""), flush=True)


def part_examples(cluster):
    for example in ARGS.examples:
        binary = os.path.join(ARGS.bin_dir, "mpi_" + example)
        if not os.path.exists(binary):
            fail("%s missing" % binary)
            continue
        threads = 2 if example == "mapreduce" else 1
        check_run(cluster, example, [], "slot", threads)
        for flag, values, needs in choices(binary):
            for value in values:
                if (example, flag, value) in REFUSED:
                    continue
                args = needs + [flag, value]
                for i in range(0, len(args), 2):
                    args += EXTRA.get((example, args[i], args[i + 1]), [])
                check_run(cluster, example, args, "node", threads)


def part_bad(cluster):
    # Ranks exit 2 by design here: mpirun's 1 s grace before SIGKILL, paid twice a
    # run (4 s of every 4.4), buys nothing, as in the one-node bad-input tests.
    os.environ["OMPI_MCA_odls_base_sigkill_timeout"] = "0"
    check = os.path.join(ARGS.source, "tests", "cli", "cli_check.py")
    launcher = ";".join(cluster.mpirun(2, "node", []))
    for example in ARGS.examples:
        expected = os.path.join(ARGS.source, "tests", "cli", "expected", example + ".json")
        spec = json.load(open(expected))
        if spec.get("mpi_min_ranks", 1) > 2:
            continue
        p = subprocess.run([sys.executable, check, "--expected", expected, "--mode", "bad-sample",
                            "--launcher", launcher, "--", os.path.join(ARGS.bin_dir, "mpi_" + example)],
                           capture_output=True, text=True, timeout=600)
        print(p.stdout, end="", flush=True)
        if p.returncode != 0:
            fail("%s: bad input across nodes: %s" % (example, p.stderr.strip()[-400:]))
    for node in range(1, NODES + 1):
        left = cluster.node_pids(node)
        if left:
            fail("left on node%d after the bad inputs: %s" % (node, left))


def part_kill(cluster):
    binary = os.path.join(ARGS.bin_dir, "mpi_lock_balance")
    # About 100 s of sleeps and window locks: long enough to be killed midway.
    cmd = cluster.mpirun(RANKS, "node", [binary, "--iterations", "50000", "--timeout", "0"])
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    try:
        victim = None
        deadline = time.monotonic() + 30
        while victim is None and time.monotonic() < deadline and p.poll() is None:
            ranks = [pid for pid, comm in cluster.node_pids(2) if comm.startswith("mpi_lock_balanc")]
            if len(ranks) == RANKS // NODES:
                victim = ranks[0]
            else:
                time.sleep(0.2)
        if victim is None:
            return fail("kill: the ranks on node2 never appeared (mpirun exit %s)" % p.poll())
        time.sleep(1.0)  # inside the run, past MPI_Init
        os.kill(victim, signal.SIGKILL)
        killed = time.monotonic()
        try:
            code = p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            return fail("kill: mpirun still running 20 s after rank pid %d on node2 was SIGKILLed" % victim)
        took = time.monotonic() - killed
        if code == 0:
            fail("kill: mpirun exited 0 after a rank was SIGKILLed")
        else:
            print("ok  rank pid %d on node2 SIGKILLed: mpirun exited %d after %.1f s" % (victim, code, took))
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    left = []
    for _ in range(50):  # up to 10 s for the orteds to wind down
        left = [(node, pid, comm) for node in range(1, NODES + 1) for pid, comm in cluster.node_pids(node)]
        if not left:
            break
        time.sleep(0.2)
    if left:
        fail("kill: left running on the nodes: %s" % left)
    else:
        print("ok  nothing left on node1 or node2")


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("part", choices=["examples", "bad", "kill"])
    ap.add_argument("--source", required=True)
    ap.add_argument("--bin-dir", required=True)
    ap.add_argument("--examples", default="")
    ARGS = ap.parse_args()
    ARGS.examples = [e for e in re.split(r"[; ]", ARGS.examples) if e]
    cluster = Cluster(ARGS.source)
    code = cluster.can()
    if code != 0:
        print("SKIP: this machine cannot make the simulated nodes")
        return 77 if code == 77 else 1
    start = time.monotonic()
    {"examples": part_examples, "bad": part_bad, "kill": part_kill}[ARGS.part](cluster)
    print("%s: %.0f s" % (ARGS.part, time.monotonic() - start))
    print("%d passed, %d failed" % (0 if failures else 1, 1 if failures else 0))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
