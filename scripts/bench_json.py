#!/usr/bin/env python3
"""Helpers of scripts/scaling.sh and scripts/compare_python.sh (standard library only).

  bench_json.py brief JSON RC ERR WORKERS WALL         one progress result for stderr
  bench_json.py scaling-csv RUNS.tsv CONTEXT RAW OUT.csv
  bench_json.py compare-csv RUNS.tsv CONTEXT OUT.csv

A run is "ok" when it exited 0 with "verified": true; "n/a" when it exited 2 with
an "error:" line (an example refusing a rank count, e.g. one needing two ranks);
anything else is a failure, and scaling-csv / compare-csv then exit 1.
"""
import csv
import json
import os
import statistics
import sys

# What each context key of the CSV header comes from in a run's "provenance".
PROVENANCE_KEYS = [("compiler", "compiler"), ("build_type", "build_type"), ("flags", "flags"),
                   ("openmp", "openmp"), ("binary_git_revision", "git_revision"),
                   ("mpi_library", "mpi_library"), ("mpi_standard", "mpi_standard"),
                   ("mpi_thread_provided", "mpi_thread_provided")]


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def first_error(err_path):
    try:
        lines = [l.strip() for l in open(err_path, errors="replace") if l.strip()]
    except OSError:
        return ""
    return next((l for l in lines if l.startswith("error")), lines[-1] if lines else "")


def classify(rc, doc, err_path):
    """(status, failed): status is ok, n/a: ..., or FAILED ..."""
    if rc == 0 and isinstance(doc, dict) and doc.get("verified") is True:
        return "ok", False
    err = first_error(err_path)
    if rc == 2 and err.startswith("error:"):
        return "n/a: " + err[len("error:"):].strip(), False
    if rc in (124, 137):
        return "FAILED (timed out, exit %d) %s" % (rc, err), True
    if rc == 1 or (isinstance(doc, dict) and doc.get("verified") is False):
        return "FAILED (verification, exit %d) %s" % (rc, err), True
    return "FAILED (exit %d) %s" % (rc, err), True


def flatten(prefix, value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            flatten("%s.%s" % (prefix, k) if prefix else str(k), v, out)
    elif isinstance(value, list):
        out[prefix] = ";".join(str(v) for v in value)
    else:
        out[prefix] = value


def fmt(v, spec):
    return spec % v if isinstance(v, (int, float)) and not isinstance(v, bool) else "-"


def brief(json_path, rc, err_path, workers, wall):
    doc = load(json_path)
    status, _ = classify(int(rc), doc, err_path)
    wall = "" if wall in ("", "-") else " [%s s]" % wall
    if status != "ok":
        print(status + wall)
        return 0
    speedup = doc.get("speedup")
    eff = speedup / int(workers) if isinstance(speedup, (int, float)) else None
    print("parallel %s s (serial %s s), speedup %s, efficiency %s, verified%s" % (
        fmt(doc.get("parallel_seconds"), "%.4g"), fmt(doc.get("serial_seconds"), "%.4g"),
        fmt(speedup, "%.2f"), fmt(eff, "%.2f"), wall))
    return 0


def read_context(path, docs):
    """The shell's "key: value" lines, then what the runs' provenance adds."""
    ctx = {}
    with open(path) as f:
        for line in f:
            if ":" in line:
                k, v = line.rstrip("\n").split(":", 1)
                ctx[k.strip()] = v.strip()
    for key, pkey in PROVENANCE_KEYS:
        for doc in docs:
            value = (doc or {}).get("provenance", {}).get(pkey)
            if value not in (None, ""):
                ctx[key] = value
                break
    return ctx


def cell(v):
    """CSV text: JSON's true/false, floats without binary noise, nothing for None."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "%.10g" % v
    return v


def write_csv(out, ctx, title, rows, columns):
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", newline="") as f:
        f.write("# %s\n" % title)
        for k, v in ctx.items():
            f.write("# %s: %s\n" % (k, str(v).replace("\n", " ")))
        w = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: cell(r.get(k)) for k in columns})


def scaling_csv(runs_path, context_path, raw, out):
    with open(runs_path) as f:
        plan = list(csv.DictReader(f, delimiter="\t"))
    docs = {p["run"]: load(os.path.join(raw, "run_%s.json" % p["run"])) for p in plan}
    # Exit 2 is "n/a" (a worker count the example refuses, e.g. one rank for an example
    # that needs two) only where the same table row ran elsewhere; a row whose every run
    # exits 2 has wrong flags in the table, a failure.
    case_ok = set()
    for p in plan:
        if classify(int(p["exit_code"]), docs[p["run"]], "")[0] == "ok":
            case_ok.add((p["example"], p["case_model"], p["variant"]))
    rows, params, metrics, failed_runs = [], [], [], set()
    for p in plan:
        doc = docs[p["run"]]
        rc = int(p["exit_code"])
        status, failed = classify(rc, doc, os.path.join(raw, "run_%s.err" % p["run"]))
        if status.startswith("n/a") and (p["example"], p["case_model"], p["variant"]) not in case_ok:
            status, failed = "FAILED (usage error in every run of this case: check the table) " + status[4:], True
        if failed:
            failed_runs.add(p["run"])
        doc = doc if isinstance(doc, dict) else {}
        model = doc.get("model") or {"omp": "openmp"}.get(p["case_model"], p["case_model"])
        ranks = doc.get("ranks", int(p["ranks"]))
        threads = doc.get("threads", int(p["threads"]))
        row = {"example": p["example"], "model": model, "variant": p["variant"], "scaling": p["scaling"],
               "ranks": ranks, "threads": threads, "workers": ranks * threads,
               "threads_requested": doc.get("threads_requested", int(p["threads"])),
               "size_flag": p["size_flag"], "size": p["size"], "status": status, "exit_code": rc,
               "binding": p["binding"], "load1": p["load1"], "wall_seconds": p["wall_seconds"], "run": p["run"]}
        for k in ("serial_seconds", "parallel_seconds", "parallel_min", "parallel_mean", "parallel_max",
                  "speedup", "verified", "repeat"):
            row[k] = doc.get(k)
        if isinstance(row["speedup"], (int, float)) and row["workers"]:
            row["efficiency"] = round(row["speedup"] / row["workers"], 4)
        flat = {}
        flatten("", doc.get("params", {}), flat)
        for k, v in flat.items():
            row["param_" + k] = v
            if "param_" + k not in params:
                params.append("param_" + k)
        flat = {}
        flatten("", doc.get("metrics", {}), flat)
        for k, v in flat.items():
            row["metric_" + k] = v
            if "metric_" + k not in metrics:
                metrics.append("metric_" + k)
        rows.append(row)

    columns = (["example", "model", "variant", "scaling", "ranks", "threads", "workers", "threads_requested",
                "size_flag", "size"] + params +
               ["serial_seconds", "parallel_seconds", "parallel_min", "parallel_mean", "parallel_max", "speedup",
                "efficiency", "verified", "status", "exit_code", "repeat", "binding", "load1", "wall_seconds", "run"]
               + metrics)
    ctx = read_context(context_path, docs.values())
    write_csv(out, ctx, "hpc-patterns scripts/scaling.sh: one row per run; context below", rows, columns)

    header = "%-20s %-7s %-8s %-6s %5s %9s %11s %11s %8s %6s  %s" % (
        "example", "model", "variant", "scale", "RxT", "size", "serial [s]", "parallel[s]", "speedup",
        "eff", "status")
    print(header)
    print("-" * len(header))
    for r in rows:
        print("%-20s %-7s %-8s %-6s %5s %9s %11s %11s %8s %6s  %s" % (
            r["example"], r["model"], r["variant"], r["scaling"], "%sx%s" % (r["ranks"], r["threads"]),
            r["size"] or "-", fmt(r["serial_seconds"], "%.4g"), fmt(r["parallel_seconds"], "%.4g"),
            fmt(r["speedup"], "%.2f"), fmt(r.get("efficiency"), "%.2f"), r["status"]))
    print("\nwrote %s (%d rows, %d runs); plots: /usr/bin/python3 scripts/plot_scaling.py %s" % (
        out, len(rows), len(docs), out))
    print("load average (1, 5, 15 min): %s at the start, %s at the end; on a loaded machine timings are noisy"
          % (ctx.get("load_average_start", "?"), ctx.get("load_average_end", "?")))
    if failed_runs:
        print("%d run(s) failed: see %s/run_<n>.err and run_<n>.cmd" % (len(failed_runs), raw), file=sys.stderr)
    return 1 if failed_runs else 0


def compare_csv(runs_path, context_path, out):
    """RUNS.tsv: one line per example: example, size, workers, python (file with the
    script's stdout), python_rc, python_cmd, then for omp and mpi: variant, json, rc, err."""
    with open(runs_path) as f:
        plan = list(csv.DictReader(f, delimiter="\t"))
    rows, failed, all_docs = [], 0, []

    def python_seconds(paths):
        elapsed, serial = [], []
        for path in paths.split(";") if paths else []:
            try:
                lines = open(path).read().split()
            except OSError:
                continue
            for key, into in (("elapsed_seconds=", elapsed), ("serial_seconds=", serial)):
                vals = [float(l[len(key):]) for l in lines if l.startswith(key)]
                if vals:
                    into.append(vals[-1])
        med = lambda xs: statistics.median(xs) if xs else None
        return med(elapsed), med(serial), len(elapsed)

    for p in plan:
        py, py_serial, py_n = python_seconds(p["python_out"])
        row = {"example": p["example"], "size": p["size"], "workers": p["workers"],
               "python_seconds": py, "python_serial_seconds": py_serial, "python_runs": py_n,
               "python_command": p["python_cmd"]}
        if p["python_rc"] not in ("0", "") or (p["python_out"] and py is None):
            row["python_status"] = "FAILED (exit %s)" % p["python_rc"]
            failed += 1
        else:
            row["python_status"] = "ok" if py is not None else "not run"
        for m in ("omp", "mpi"):
            if not p[m + "_json"]:
                row[m + "_status"] = "not run"
                continue
            doc = load(p[m + "_json"])
            all_docs.append(doc)
            status, bad = classify(int(p[m + "_rc"]), doc, p[m + "_err"])
            if status.startswith("n/a"):  # at the compared worker count, a refusal is a failure
                status, bad = "FAILED (usage, exit 2) " + status[4:], True
            failed += bad
            doc = doc if isinstance(doc, dict) else {}
            row.update({m + "_variant": p[m + "_variant"], m + "_model": doc.get("model"),
                        m + "_seconds": doc.get("parallel_seconds"), m + "_serial_seconds": doc.get("serial_seconds"),
                        m + "_verified": doc.get("verified"), m + "_status": status})
            t = doc.get("parallel_seconds")
            if py is not None and isinstance(t, (int, float)) and t > 0:
                row["python_over_" + m] = round(py / t, 2)
        ser = row.get("omp_serial_seconds")
        if py_serial is not None and isinstance(ser, (int, float)) and ser > 0:
            row["python_serial_over_serial"] = round(py_serial / ser, 2)
        rows.append(row)

    columns = ["example", "size", "workers", "python_seconds", "omp_variant", "omp_seconds", "mpi_variant",
               "mpi_model", "mpi_seconds", "python_over_omp", "python_over_mpi", "python_serial_seconds",
               "omp_serial_seconds", "python_serial_over_serial", "omp_verified", "mpi_verified", "python_status",
               "omp_status", "mpi_status", "python_runs", "python_command"]
    ctx = read_context(context_path, all_docs)
    write_csv(out, ctx, "hpc-patterns scripts/compare_python.sh: the notebook's Python vs our binaries", rows,
              columns)

    header = "%-20s %-12s %3s %11s %11s %11s %11s %11s  %s" % (
        "example", "size", "W", "python [s]", "omp [s]", "mpi [s]", "python/omp", "python/mpi", "verification")
    print(header)
    print("-" * len(header))
    for r in rows:
        verdicts = [r.get(m + "_status", "") for m in ("omp", "mpi")] + [r["python_status"]]
        verdict = "SUCCESSFUL" if all(v in ("ok", "not run") for v in verdicts) else "; ".join(
            "%s: %s" % (m, v) for m, v in zip(("omp", "mpi", "python"), verdicts) if v not in ("ok", "not run"))
        print("%-20s %-12s %3s %11s %11s %11s %11s %11s  %s" % (
            r["example"], r["size"], r["workers"], fmt(r["python_seconds"], "%.4g"), fmt(r.get("omp_seconds"), "%.4g"),
            fmt(r.get("mpi_seconds"), "%.4g"), fmt(r.get("python_over_omp"), "%.1f"),
            fmt(r.get("python_over_mpi"), "%.1f"), verdict))
    print("\npython: the notebook's own timed interval (process or thread start-up included where the notebook")
    print("timed it); ours: the median parallel kernel time of --repeat runs, start-up excluded. Serial loops:")
    for r in rows:
        if r.get("python_serial_over_serial") is not None:
            print("  %s: Python serial %.4g s, ours %.4g s: %.0fx" % (
                r["example"], r["python_serial_seconds"], r["omp_serial_seconds"], r["python_serial_over_serial"]))
    print("load average (1, 5, 15 min): %s at the start, %s at the end; on a loaded machine timings are noisy"
          % (ctx.get("load_average_start", "?"), ctx.get("load_average_end", "?")))
    print("wrote %s" % out)
    return 1 if failed else 0


def main(argv):
    if len(argv) == 7 and argv[1] == "brief":
        return brief(*argv[2:])
    if len(argv) == 6 and argv[1] == "scaling-csv":
        return scaling_csv(*argv[2:])
    if len(argv) == 5 and argv[1] == "compare-csv":
        return compare_csv(*argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
