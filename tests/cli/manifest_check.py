#!/usr/bin/env python3
"""The manifest of every example (common/examples/<name>/manifest.json), checked
against its schema and against the binaries' own --help:

- "example" is the folder's name, "summary" a string;
- "models" has "openmp" and "mpi"; mpi.min_ranks is an integer >= 1 and the
  "ranks: N or more" that mpi_<name> --help states, mpi.threads a boolean;
- "sizes" has exactly notebook, small and large, each a list of strings, and
  every flag in them is in both binaries' --help ("variants" args: in the
  --help of the variant's model); "size_flag" is in both binaries' --help;
- python.cell lies beside the manifest, or (until the cells move there) at
  scripts/python/<name>.py;
- every entry of "targets" has id, what, goal, unit, runs, measured, yardstick.

Usage: manifest_check.py --source DIR --bin-dir DIR
"""
import argparse
import json
import os
import re
import subprocess
import sys

FLAG = re.compile(r"--[a-z][a-z0-9-]*")
TARGET_KEYS = ["id", "what", "goal", "unit", "runs", "measured", "yardstick"]
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


def is_string_list(v):
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def check(source, bin_dir, name):
    where = "common/examples/%s/manifest.json" % name
    path = os.path.join(source, where)
    if not os.path.exists(path):
        return fail(where, "missing (every folder of common/examples/ is an example)")
    try:
        m = json.load(open(path))
    except ValueError as e:
        return fail(where, "not JSON: %s" % e)
    if not isinstance(m, dict):
        return fail(where, "not a JSON object")
    if m.get("example") != name:
        fail(where, "\"example\" is %r, not the folder's name %r" % (m.get("example"), name))
    if not isinstance(m.get("summary"), str):
        fail(where, "\"summary\" must be a string")

    helps = {}
    for model, prefix in MODELS.items():
        binary = os.path.join(bin_dir, "%s_%s" % (prefix, name))
        if not os.path.exists(binary):
            fail(where, "no binary %s" % binary)
            continue
        helps[model] = help_text(binary)
    offered = {model: set(FLAG.findall(text)) for model, text in helps.items()}

    models = m.get("models")
    if not isinstance(models, dict) or set(models) != set(MODELS):
        fail(where, "\"models\" must have exactly openmp and mpi, got %r" % models)
        models = {}
    mpi = models.get("mpi", {})
    if not isinstance(mpi, dict) or not isinstance(mpi.get("threads"), bool):
        fail(where, "models.mpi.threads must be a boolean")
    ranks = mpi.get("min_ranks") if isinstance(mpi, dict) else None
    if not isinstance(ranks, int) or isinstance(ranks, bool) or ranks < 1:
        fail(where, "models.mpi.min_ranks must be an integer >= 1, got %r" % ranks)
    elif "mpi" in helps:
        stated = re.search(r"ranks: (\d+) or more", helps["mpi"])
        if not stated or int(stated.group(1)) != ranks:
            fail(where, "models.mpi.min_ranks is %d, mpi_%s --help says %r"
                 % (ranks, name, stated.group(0) if stated else None))
    if not isinstance(models.get("openmp"), dict):
        fail(where, "models.openmp must be an object")

    sizes = m.get("sizes")
    if not isinstance(sizes, dict) or sorted(sizes) != ["large", "notebook", "small"]:
        fail(where, "\"sizes\" must have exactly notebook, small and large, got %r" % sizes)
        sizes = {}
    for preset, args in sizes.items():
        if not is_string_list(args):
            fail(where, "sizes.%s must be a list of strings, got %r" % (preset, args))
            continue
        for model in helps:
            for flag in flags_in(args):
                if flag not in offered[model]:
                    fail(where, "sizes.%s: %s is not in %s_%s --help"
                         % (preset, flag, MODELS[model], name))
    for i, variant in enumerate(m.get("variants", [])):
        model, args = variant.get("model"), variant.get("args")
        if model not in MODELS or not is_string_list(args) or not isinstance(variant.get("name"), str):
            fail(where, "variants[%d] needs a name, a model (openmp or mpi) and args (strings)" % i)
            continue
        for flag in flags_in(args):
            if model in helps and flag not in offered[model]:
                fail(where, "variants[%d] (%s): %s is not in %s_%s --help"
                     % (i, variant["name"], flag, MODELS[model], name))
    size_flag = m.get("size_flag")
    if not isinstance(size_flag, str):
        fail(where, "\"size_flag\" must be a string")
    else:
        for model in helps:
            if size_flag not in offered[model]:
                fail(where, "size_flag %s is not in %s_%s --help" % (size_flag, MODELS[model], name))

    python = m.get("python")
    cell = python.get("cell") if isinstance(python, dict) else None
    if not isinstance(cell, str):
        fail(where, "python.cell must be a file name")
    else:
        beside = os.path.join(os.path.dirname(path), cell)
        legacy = os.path.join(source, "scripts", "python", name + ".py")
        if not os.path.exists(beside) and not os.path.exists(legacy):
            fail(where, "python.cell: neither %s nor %s exists" % (beside, legacy))

    targets = m.get("targets")
    if not isinstance(targets, list):
        fail(where, "\"targets\" must be a list")
        targets = []
    for i, t in enumerate(targets):
        missing = [k for k in TARGET_KEYS if not isinstance(t, dict) or k not in t]
        if missing:
            fail(where, "targets[%d]: missing %s" % (i, ", ".join(missing)))
        elif not isinstance(t["runs"], list) or not t["runs"]:
            fail(where, "targets[%d] (%s): runs must be a non-empty list" % (i, t["id"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--bin-dir", required=True)
    args = ap.parse_args()
    root = os.path.join(args.source, "common", "examples")
    names = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    if not names:
        print("FAIL: no examples under %s" % root)
        return 1
    for name in names:
        before = len(failures)
        check(args.source, args.bin_dir, name)
        print("%s: %s" % ("ok" if len(failures) == before else "FAIL", name))
    for f in failures:
        print("FAIL: " + f)
    print("%d examples, %d problems" % (len(names), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
