"""The results of a batch job (scripts/batch/lib.sh): `hpcp collect DIR`.

lib.sh leaves in DIR job.env (the job's context, NAME=value lines), runs/index.tsv
(one line per run: tag, model, example, nodes, ranks, threads, launcher, exit, start,
end, command) and each run's runs/<tag>.json (its --json report) and .err; collect()
reads them and writes summary.csv (one row per run), results.json ({"job": {...},
"runs": [{"tag", "exit", "wall_seconds", "command", "report"}]}) and, for omp_scaling,
scaling.csv (speedup and efficiency against 1 thread); it prints the summary and
returns the job's exit status: 0 when every run verified, 1 otherwise."""
import csv
import json
import os

INDEX = ("tag", "model", "example", "nodes", "ranks", "threads", "launcher", "exit",
         "start", "end", "command")
SUMMARY = ("job", "batch", "scheduler", "job_id", "example", "model", "nodes", "ranks",
           "threads", "size", "launcher", "exit", "verified", "serial_seconds",
           "parallel_seconds", "speedup", "efficiency", "wall_seconds", "json")
SCALING = ("example", "threads", "parallel_seconds", "speedup_vs_serial",
           "speedup_vs_1_thread", "efficiency", "verified")


def _report(path):
    """A run's --json object, or None when the file holds none."""
    try:
        with open(path) as f:
            rep = json.load(f)
    except (OSError, ValueError):
        return None
    return rep if isinstance(rep, dict) else None


def _num(v, default=0.0):
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else default


def _runs(out_dir, job):
    """One dict per line of runs/index.tsv: the index, the report and the summary row."""
    runs = []
    try:
        with open(os.path.join(out_dir, "runs", "index.tsv")) as f:
            lines = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    except FileNotFoundError:
        lines = []
    for fields in lines:
        r = dict(zip(INDEX, fields))
        rep = _report(os.path.join(out_dir, "runs", r["tag"] + ".json"))
        rep_ = rep or {}
        verified = r["exit"] == "0" and rep_.get("verified") is True
        speedup = _num(rep_.get("speedup"))
        workers = max(_num(rep_.get("ranks"), int(r["ranks"])), 1) * max(_num(rep_.get("threads"), int(r["threads"])), 1)
        wall = float(r["end"]) - float(r["start"])
        row = {"job": job["name"], "batch": job["batch"], "scheduler": job["scheduler"],
               "job_id": job["job_id"], "example": r["example"], "model": r["model"],
               "nodes": r["nodes"], "ranks": r["ranks"], "threads": r["threads"], "size": job["size"],
               "launcher": r["launcher"], "exit": r["exit"], "verified": "true" if verified else "false",
               "serial_seconds": rep_.get("serial_seconds", ""),
               "parallel_seconds": rep_.get("parallel_seconds", ""), "speedup": rep_.get("speedup", ""),
               "efficiency": "%.3f" % (speedup / workers), "wall_seconds": "%.3f" % wall,
               "json": "runs/%s.json" % r["tag"]}
        runs.append({"index": r, "report": rep, "row": row, "verified": verified, "wall": wall})
    return runs


def _scaling(runs):
    """omp_scaling: each run against the 1-thread run of its example."""
    one = {r["row"]["example"]: _num(r["row"]["parallel_seconds"]) for r in runs if r["row"]["threads"] == "1"}
    rows = []
    for r in runs:
        row, par = r["row"], _num(r["row"]["parallel_seconds"])
        s1 = one.get(row["example"], 0) / par if par > 0 else 0.0
        rows.append((row["example"], row["threads"], row["parallel_seconds"], row["speedup"],
                     "%.3f" % s1, "%.3f" % (s1 / int(row["threads"])), row["verified"]))
    return rows


def collect(out_dir):
    with open(os.path.join(out_dir, "job.env")) as f:
        env = dict(line.rstrip("\n").partition("=")[::2] for line in f if "=" in line)
    job = {k: env.get(k, "") for k in ("name", "batch", "scheduler", "job_id", "nodelist", "launcher",
                                       "cpu_bind", "omp_places", "omp_proc_bind", "modules", "size",
                                       "missing")}
    for k in ("nodes", "ranks", "ranks_per_node", "threads_per_rank", "repeat"):
        job[k] = int(env.get(k) or 0)
    runs = _runs(out_dir, job)
    job["passed"] = sum(r["verified"] for r in runs)
    job["failed"] = len(runs) - job["passed"]
    with open(os.path.join(out_dir, "summary.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, SUMMARY, lineterminator="\n")
        w.writeheader()
        w.writerows(r["row"] for r in runs)
    results = {"job": job, "runs": [{"tag": r["index"]["tag"], "exit": int(r["index"]["exit"]),
                                     "wall_seconds": round(r["wall"], 3), "command": r["index"]["command"],
                                     "report": r["report"]} for r in runs]}
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")
    if job["name"] == "omp_scaling":
        with open(os.path.join(out_dir, "scaling.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(SCALING)
            w.writerows(_scaling(runs))

    print("\n== summary (%s) ==" % os.path.join(out_dir, "summary.csv"))
    fmt = "%-20s %-7s %5s %5s %7s %-8s %10s %10s %7s %5s"
    print(fmt % ("example", "model", "nodes", "ranks", "threads", "verified", "serial_s", "parallel_s",
                 "speedup", "exit"))
    for r in runs:
        row = r["row"]
        print(fmt % (row["example"], row["model"], row["nodes"], row["ranks"], row["threads"], row["verified"],
                     "%.4f" % _num(row["serial_seconds"]), "%.4f" % _num(row["parallel_seconds"]),
                     "%.2f" % _num(row["speedup"]), row["exit"]))
    if job["name"] == "omp_scaling":
        print("scaling: " + os.path.join(out_dir, "scaling.csv"))
    if job["missing"]:
        print("not built, skipped: " + job["missing"])
    if not runs:
        print("error: no binary of this job is built in " + env.get("bin", "the build"))
        return 1
    print("%d verified, %d failed; results in %s" % (job["passed"], job["failed"], out_dir))
    return 0 if job["failed"] == 0 else 1
