"""The one runner: launches a case's binary with --json, reads its JSON with a JSON
parser, turns it into a summary row, and keeps everything in a results directory
(runs/<case>.json and .err, summary.csv, summary.json with the context)."""
import csv
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import time

from .cases import PREFIX, ROOT

ROW_FIELDS = ["kind", "case", "example", "model", "variant", "mode", "size", "workers", "ranks", "threads",
              "nodes", "serial_s", "parallel_s", "parallel_min_s", "parallel_max_s", "runs", "figure", "speedup",
              "speedup_bound", "speedup_flag", "efficiency", "verified", "exit", "reason", "result",
              "json", "command", "wall_s"]
OMP_DEFAULTS = {"OMP_PLACES": "cores", "OMP_PROC_BIND": "close"}   # unless the environment says otherwise
MPI_FLAGS = os.path.join(ROOT, "scripts", "batch", "mpi_flags.sh")
STARTUP_S = 0.002  # a parallel run shorter than this measures start-up and hand-offs, not the work


class Build:
    """The build whose binaries run, and how MPI binaries are launched there."""

    def __init__(self, build_dir, launcher=None):
        self.dir = os.path.abspath(build_dir)
        self.bin = os.path.join(self.dir, "bin")
        try:
            with open(os.path.join(self.dir, "CMakeCache.txt")) as f:
                self.cache = dict(re.findall(r"(?m)^([A-Za-z_]+):[A-Z]+=(.*)$", f.read()))
        except OSError:
            self.cache = {}
        flags = [x for x in self.cache.get("HPCP_MPIEXEC_LOCAL_FLAGS", "").split(";") if x]
        default = [self.cache.get("MPIEXEC_EXECUTABLE") or "mpiexec"] + flags + ["-n", "{ranks}"]
        self.mpiexec = shlex.split(launcher) if launcher else default
        self.local = not launcher   # this machine: Open MPI may run as root (never in a batch job)
        self._binding = {}

    def command(self, case_or_model, ranks=1, name=None):
        """argv before the arguments: the binary, behind the launcher for MPI."""
        model = getattr(case_or_model, "model", case_or_model)
        binary = [os.path.join(self.bin, name or "%s_%s" % (PREFIX[model], case_or_model.example))]
        if model != "mpi":
            return binary
        launcher = [x.replace("{ranks}", str(ranks)) for x in self.mpiexec]
        return launcher + self.binding(ranks, getattr(case_or_model, "threads", 1)) + binary

    def binding(self, ranks, threads):
        """Local runs: each rank on `threads` cores of its own where they fit, else unbound (a hybrid rank
        bound to one core would run its threads on it), in the flags of MPI_FLAGS (place R T cores|none)."""
        if not self.local:
            return []
        fits = ranks * threads <= len(os.sched_getaffinity(0))
        key = ("place", str(ranks), str(threads), "cores" if fits else "none")
        if key not in self._binding:
            p = subprocess.run(["bash", MPI_FLAGS, self.mpiexec[0], *key], capture_output=True, text=True,
                               timeout=60)
            self._binding[key] = p.stdout.split() if p.returncode == 0 else []
        return self._binding[key]

    def env(self, threads):
        env = dict(OMP_DEFAULTS, **os.environ)
        env["OMP_NUM_THREADS"] = str(threads)
        if self.local:
            env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
        return env


def run_json(argv, env, timeout):
    """(exit code, the JSON document or None, stderr, wall seconds) of one run."""
    t0 = time.monotonic()
    try:
        p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=timeout)
        rc, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        rc, out, err = 124, "", "error: hpcp: killed after %d s (--timeout)" % timeout
    except OSError as e:
        rc, out, err = 127, "", "error: hpcp: cannot run %s: %s" % (argv[0], e)
    wall = time.monotonic() - t0
    try:
        doc = json.loads(out) if out.strip() else None
    except ValueError:
        doc = None
    return rc, doc, err, wall


def result_text(result, width=44):
    """The notebook's result in a few words: the result object's scalars."""
    if not isinstance(result, dict):
        return ""
    text = " ".join("%s=%s" % (k, v) for k, v in result.items() if isinstance(v, (int, float, str, bool)))
    return text if len(text) <= width else text[:width - 3] + "..."


def lookup(doc, path):
    """doc's value at a dotted path (list indices as numbers), or None."""
    for key in path.split("."):
        try:
            doc = doc[int(key)] if isinstance(doc, list) else doc[key]
        except (KeyError, IndexError, TypeError, ValueError):
            return None
    return doc


def row_of(case, doc, rc, argv, wall, json_path):
    """The summary row of one run: what the binary's JSON says, and what follows from it."""
    row = dict(kind=case.kind, case=case.tag, example=case.example, model=case.model, variant=case.variant,
               mode="", size=case.size, workers=case.workers, ranks=case.ranks, threads=case.threads, nodes=1,
               figure="", serial_s=None, parallel_s=None, parallel_min_s=None, parallel_max_s=None, runs=None,
               speedup=None, speedup_bound=None, speedup_flag="", efficiency=None, verified=False,
               exit=rc, reason=case.reason, result="", json=json_path, command=" ".join(argv),
               wall_s=round(wall, 3) if wall is not None else None)
    row.update(case.extra)
    if rc is None or not isinstance(doc, dict):
        return row
    params = doc.get("params") or {}
    row.update(mode=params.get("mode", "") if isinstance(params.get("mode"), str) else "",
               ranks=doc.get("ranks", case.ranks), threads=doc.get("threads", case.threads),
               nodes=doc.get("nodes", 1), serial_s=doc.get("serial_seconds"),
               parallel_s=doc.get("parallel_seconds"), parallel_min_s=doc.get("parallel_min"),
               parallel_max_s=doc.get("parallel_max"), runs=doc.get("repeat"),
               verified=bool(doc.get("verified")) and rc == 0, result=result_text(doc.get("result")))
    value = lookup(doc, case.figure[0]) if case.figure else None
    if isinstance(value, (int, float)):
        row["figure"] = "%.4g %s" % (value, case.figure[1])
    speedup = doc.get("speedup")
    if "speedup_bound" in doc and doc["speedup_bound"] is None:
        speedup = None   # a latency or bandwidth run: its figures are in metrics, not a speedup
    if isinstance(speedup, (int, float)) and speedup > 0:
        bound = doc.get("speedup_bound") or row["ranks"] * row["threads"]
        row.update(speedup=speedup, speedup_bound=bound, efficiency=speedup / bound)
        if (row["parallel_s"] or 0) < STARTUP_S or case.size == "notebook":
            row["speedup_flag"] = "startup"
        elif row["nodes"] == 1 and bound > len(os.sched_getaffinity(0)):  # the working ones, not sleepers
            row["speedup_flag"] = "oversubscribed"   # workers share CPUs: the serial run shares them too
        elif doc.get("speedup_flag") or speedup > 1.05 * bound:
            row["speedup_flag"] = "above_bound"
    return row


def run_case(build, case, out_dir, timeout=900):
    """Runs one case (or records why it cannot run); returns its summary row."""
    cmd = build.command(case, case.ranks)
    argv = cmd + case.args + ["--json"]
    if not case.reason and not os.access(cmd[-1], os.X_OK):
        case.reason = "not built in %s" % build.bin
    if case.reason:
        return row_of(case, None, None, argv, None, "")
    rc, doc, err, wall = run_json(argv, build.env(case.threads), timeout)
    path = os.path.join("runs", case.tag + ".json")
    with open(os.path.join(out_dir, path), "w") as f:
        if doc is not None:
            json.dump(doc, f, indent=1)
    with open(os.path.join(out_dir, "runs", case.tag + ".err"), "w") as f:
        f.write(err)
    return row_of(case, doc, rc, argv, wall, path)


def first_line(argv, timeout):
    """The first line a command prints, or "unknown"."""
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        return p.stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "unknown"


def context(build):
    """Where and with what the runs ran: machine, build, MPI, binding, revision."""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "")
    except OSError:
        cpu = ""
    c = build.cache
    return {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "host": platform.node(), "cpu": cpu,
            "logical_cpus": len(os.sched_getaffinity(0)), "load_average": [round(x, 2) for x in os.getloadavg()],
            "revision": first_line(["git", "-C", ROOT, "describe", "--always", "--dirty", "--abbrev=12"], 10),
            "build": {"dir": build.dir, "type": c.get("CMAKE_BUILD_TYPE", ""),
                      "compiler": c.get("CMAKE_CXX_COMPILER", ""), "flags": c.get("CMAKE_CXX_FLAGS_RELEASE", "")},
            "mpi": "%s (%s)" % (first_line(build.mpiexec[:1] + ["--version"], 20), " ".join(build.mpiexec)),
            "binding": {k: os.environ.get(k, OMP_DEFAULTS.get(k, ""))
                        for k in [*OMP_DEFAULTS, "OMP_WAIT_POLICY"]},
            "python": sys.version.split()[0], "job": batch_job()}


def batch_job():
    """The batch job these runs belong to (scripts/batch/lib.sh exports it), or None."""
    if not os.environ.get("HPCP_JOB"):
        return None
    keys = dict(name="JOB", batch="BATCH", scheduler="SCHED", job_id="JOBID", nodes="N", ranks="RANKS",
                ranks_per_node="RPN", threads_per_rank="TPR", launcher="LAUNCH_KIND", cpu_bind="CPU_BIND",
                modules="MODULE_LIST", nodelist="NODELIST", size="SIZE", repeat="REPEAT")
    job = {k: os.environ.get("HPCP_" + v, "").replace("\n", " ").strip() for k, v in keys.items()}
    for k in ("nodes", "ranks", "ranks_per_node", "threads_per_rank"):
        job[k] = int(job[k]) if job[k].isdigit() else None
    return job


def results_dir(name, out=None):
    """results/<date>-<name>/ (or --out), with its runs/ folder."""
    parent = os.environ.get("HPCP_RESULTS") or os.path.join(ROOT, "results")
    path = out or os.path.join(parent, time.strftime("%Y-%m-%d-%H%M%S") + "-" + name)
    os.makedirs(os.path.join(path, "runs"), exist_ok=True)
    return path


def write_summary(out_dir, name, rows, ctx, extra_fields=(), append=False):
    """summary.csv and summary.json; append: after the rows already there (a batch job's runs)."""
    path = os.path.join(out_dir, "summary.json")
    if append and os.path.exists(path):
        with open(path) as f:
            rows = json.load(f)["rows"] + rows
    fields = ROW_FIELDS + [f for f in extra_fields if f not in ROW_FIELDS]
    with open(os.path.join(out_dir, "summary.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    doc = {"schema": 1, "name": name, "command": " ".join(["scripts/hpcp"] + sys.argv[1:]),
           "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "context": ctx, "rows": rows}
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)


class Progress:
    """case k/N on stderr, with an estimate of the time left from the cases so far."""

    def __init__(self, total, quiet=False):
        self.total, self.done, self.start, self.quiet = total, 0, time.monotonic(), quiet

    def step(self, label):
        if self.quiet:
            return
        elapsed = time.monotonic() - self.start
        left = "" if not self.done else ", about %.0f s left" % (elapsed / self.done * (self.total - self.done))
        print("[%d/%d %.0f s%s] %s" % (self.done + 1, self.total, elapsed, left, label), file=sys.stderr, flush=True)
        self.done += 1
