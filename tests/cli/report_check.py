#!/usr/bin/env python3
"""Check scripts/hpcplib/report.py on a synthetic results directory.

Builds results/<date>-check/summary.json in a temporary directory with a row of
each kind (run, scale-strong, scale-weak, compare, target), a speedup above its
bound, a start-up bound one and a row that did not run; then checks report.md
(headers of the tables, no bare speedup above its bound, the not-run reason) and,
when matplotlib is importable, that plot() writes a non-empty PNG per example
with scale rows.
Usage: python3 tests/cli/report_check.py   (exit 1 on failure)
"""
import importlib.util
import json
import os
import re
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from hpcplib import report  # noqa: E402

HAVE_MPL = importlib.util.find_spec("matplotlib") is not None
SCALE_HEAD = ("| example | model | variant | mode | size | ranks × threads | serial (s) | "
              "parallel median (min–max) (s) | runs | speedup | efficiency | verified |")


def row(kind, example, model, variant, workers, serial, parallel, ranks=1, threads=None, **extra):
    threads = workers if threads is None else threads
    speedup = serial / parallel
    r = {"kind": kind, "case": "%s-%s-%s-w%d" % (example, model, variant or "x", workers),
         "example": example, "model": model, "variant": variant, "mode": "", "size": "small",
         "workers": workers, "ranks": ranks, "threads": threads, "nodes": 1, "serial_s": serial,
         "parallel_s": parallel, "parallel_min_s": parallel * 0.95, "parallel_max_s": parallel * 1.1,
         "runs": 5, "speedup": speedup, "speedup_bound": workers, "speedup_flag": "",
         "efficiency": speedup / workers, "verified": True, "exit": 0, "reason": "",
         "json": "runs/x.json", "command": "build/x --json", "wall_s": 0.4}
    r.update(extra)
    return r


def summary():
    rows = [row("run", "mapreduce", "openmp", "dynamic", 2, 0.1, 0.0433,
                speedup_flag="above_bound"),  # speedup 2.31 > bound 2
            row("run", "pool_startup", "openmp", "", 2, 0.001, 0.0008, speedup_flag="startup")]
    for w in (1, 2, 4):
        rows.append(row("scale-strong", "mapreduce", "openmp", "static", w, 0.1, 0.1 / min(w, 2) * 1.05))
        rows.append(row("scale-strong", "mapreduce", "mpi", "", w, 0.1, 0.1 / min(w, 2) * 1.1,
                        ranks=w, threads=1))
        rows.append(row("scale-weak", "mapreduce", "openmp", "static", w, 0.1 * w, 0.1 * (1 + w / 20),
                        size=str(40000 * w)))
    rows.append(row("scale-strong", "mapreduce", "mpi", "", 4, 0.1, 0.06, ranks=2, threads=2))
    rows.append(row("scale-strong", "pipe", "mpi", "", 2, 0.1, 0.05, ranks=2, threads=1, serial_s=None,
                    parallel_s=None, speedup=None, efficiency=None, verified=False, exit=None,
                    reason="needs 2 ranks on 2 nodes"))
    rows.append(dict(row("compare", "mapreduce", "openmp", "", 2, 0.1, 0.04), python_s=0.44, ratio=11.0))
    rows.append({"kind": "target", "target": "mapreduce-efficiency", "what": "efficiency at 2 threads",
                 "measured": 0.93, "yardstick": 1.0, "unit": "", "ratio": 0.93, "goal": ">= 0.9",
                 "met": True, "rounds": 3, "spread": 0.02, "example": "mapreduce"})
    ctx = {"date": "2026-12-06T23:40:00Z", "host": "vm", "cpu": "AMD EPYC", "logical_cpus": 2,
           "load_average": [0.5, 0.4, 0.3], "revision": "5f20620",
           "build": {"dir": "build", "type": "Release", "compiler": "GNU 12.2.0", "flags": "-O3"},
           "mpi": "mpirun (Open MPI) 4.1.4",
           "binding": {"OMP_PLACES": "cores", "OMP_PROC_BIND": "close", "OMP_WAIT_POLICY": ""}}
    return {"schema": 1, "name": "check", "command": "scripts/hpcp run --size small",
            "created": "2026-12-06T23:40:00Z", "context": ctx, "rows": rows}


class ReportCheck(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = os.path.join(self.tmp.name, "2026-12-06-check")
        os.makedirs(os.path.join(self.dir, "runs"))
        self.summary = summary()
        with open(os.path.join(self.dir, "summary.json"), "w") as f:
            json.dump(self.summary, f)

    def tearDown(self):
        self.tmp.cleanup()

    def test_markdown(self):
        path = report.report(self.dir)
        self.assertEqual(path, os.path.join(self.dir, "report.md"))
        with open(path) as f:
            md = f.read()
        self.assertTrue(md.startswith("# `scripts/hpcp run --size small` (2026-12-06T23:40:00Z)"), md[:200])
        for text in ("## Context", "AMD EPYC", "GNU 12.2.0", "Open MPI", "OMP_PROC_BIND=close", "5f20620",
                     "0.5, 0.4, 0.3", "## Runs", "## Strong scaling", "## Weak scaling", SCALE_HEAD,
                     "| example | model | size | Python (s) | ours (s) | Python/ours |",
                     "| target | what | measured | yardstick | unit | ratio | goal | met | rounds |",
                     "| mapreduce | openmp | small | 0.44 | 0.04 | 11.00 |",
                     "2.31 (above bound 2: noise)", "start-up bound", "## Not run",
                     "needs 2 ranks on 2 nodes"):
            self.assertIn(text, md)
        self.assertRegex(md, r"\| 0\.0433 \(0\.0411\d–0\.0476\d\) \|")  # 4 significant digits
        # No speedup cell above its bound without the noise note.
        col = SCALE_HEAD.strip("|").split("|").index(" speedup ")
        for line in md.splitlines():
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) == 12 and re.match(r"^\d+ × \d+", cells[5]):
                m = re.match(r"^(\d+\.\d+)", cells[col])
                ranks, threads = re.match(r"^(\d+) × (\d+)", cells[5]).groups()
                workers = int(ranks) * int(threads)
                if m and float(m.group(1)) > workers:
                    self.assertIn("noise", cells[col], line)
        self.assertNotIn("| pipe |", md)  # the not-run row is listed, not tabled
        if HAVE_MPL:
            self.assertIn("![mapreduce](plots/mapreduce.png)", md)
        else:
            self.assertIn("matplotlib is missing", md)

    @unittest.skipUnless(HAVE_MPL, "matplotlib not importable (python3-matplotlib, /usr/bin/python3)")
    def test_plot(self):
        paths = report.plot(self.dir)
        examples = {r["example"] for r in self.summary["rows"] if r["kind"].startswith("scale-")
                    and r["verified"]}
        for example in examples:
            png = os.path.join(self.dir, "plots", example + ".png")
            self.assertIn(png, paths)
            with open(png, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
            self.assertGreater(os.path.getsize(png), 10000)


if __name__ == "__main__":
    sys.exit(0 if unittest.main(exit=False).result.wasSuccessful() else 1)
