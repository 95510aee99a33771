#!/usr/bin/env python3
"""The manifest of every example (common/examples/<name>/manifest.json): its schema,
by the front end's own validator (scripts/hpcplib/cases.py, which every hpcp command
and the batch jobs load them through), and its agreement with the binaries' --help:

- mpi.min_ranks is the "ranks: N or more" that mpi_<name> --help states;
- every flag of sizes is in both binaries' --help, those of variants and targets in
  their model's, size_flag and python.binary_args in both, the OpenMP team flag in
  omp_<name>'s;
- every folder of common/examples/ has a manifest.

Usage: manifest_check.py --source DIR --bin-dir DIR
"""
import argparse
import json
import os
import re
import subprocess
import sys

FLAG = re.compile(r"--[a-z][a-z0-9-]*")
MODELS = {"openmp": "omp", "mpi": "mpi"}
failures = []


def fail(where, message):
    failures.append("%s: %s" % (where, message))


def help_text(binary):
    p = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError("%s --help: exit %d: %s" % (binary, p.returncode, p.stderr))
    return p.stdout


def flags_in(args):
    return [a.split("=", 1)[0] for a in args if isinstance(a, str) and a.startswith("--")]


def check(source, bin_dir, name, validate):
    where = "common/examples/%s/manifest.json" % name
    path = os.path.join(source, where)
    if not os.path.exists(path):
        return fail(where, "missing (every folder of common/examples/ is an example)")
    try:
        m = json.load(open(path))
    except ValueError as e:
        return fail(where, "not JSON: %s" % e)
    problems = validate(m, name) if isinstance(m, dict) else ["not a JSON object"]
    for problem in problems:
        fail(where, problem)
    if problems:
        return
    helps = {}
    for model, prefix in MODELS.items():
        binary = os.path.join(bin_dir, "%s_%s" % (prefix, name))
        if not os.path.exists(binary):
            fail(where, "no binary %s" % binary)
            continue
        helps[model] = help_text(binary)
    offered = {model: set(FLAG.findall(text)) for model, text in helps.items()}

    def in_help(args, models, what):
        for model in models:
            for flag in flags_in(args):
                if model in offered and flag not in offered[model]:
                    fail(where, "%s: %s is not in %s_%s --help" % (what, flag, MODELS[model], name))

    if "mpi" in helps:
        ranks = m["models"]["mpi"]["min_ranks"]
        stated = re.search(r"ranks: (\d+) or more", helps["mpi"])
        if not stated or int(stated.group(1)) != ranks:
            fail(where, "models.mpi.min_ranks is %d, mpi_%s --help says %r"
                 % (ranks, name, stated.group(0) if stated else None))
    for preset, args in m["sizes"].items():
        in_help(args, MODELS, "sizes." + preset)
    in_help([m["size_flag"]] + m["python"].get("binary_args", []), MODELS, "size_flag, python.binary_args")
    in_help([m["models"]["openmp"]["team"]], ["openmp"], "models.openmp.team")
    for i, v in enumerate(m.get("variants", [])):
        in_help(v["args"], [v["model"]], "variants[%d] (%s)" % (i, v["name"]))
    for t in m.get("targets", []):
        for run in t["runs"]:
            if "model" in run:
                in_help(run["args"], [run["model"]], "targets %s" % t["id"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--bin-dir", required=True)
    args = ap.parse_args()
    sys.path.insert(0, os.path.join(args.source, "scripts"))
    from hpcplib.cases import validate
    root = os.path.join(args.source, "common", "examples")
    names = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    if not names:
        print("FAIL: no examples under %s" % root)
        return 1
    for name in names:
        before = len(failures)
        check(args.source, args.bin_dir, name, validate)
        print("%s: %s" % ("ok" if len(failures) == before else "FAIL", name))
    for f in failures:
        print("FAIL: " + f)
    print("%d examples, %d problems" % (len(names), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
