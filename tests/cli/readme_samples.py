#!/usr/bin/env python3
"""Keep the README's sample output from drifting: rerun every command marked
`<!-- sample: COMMAND -->` and compare its output with the block below the
marker, line by line, with timings, speedups and the machine's CPU numbers
(the Binding line) masked, and whether a speedup is flagged above its bound.

Usage: readme_samples.py README BUILD_DIR
"""
import os
import re
import shlex
import subprocess
import sys

TIMED = re.compile(r"^(Serial time|Parallel time|Speedup|Pool took|Serial took|Tasks done in"
                   r"|Binding|latency|bandwidth|.*GB/s|.*items/s|.*ns per update)", re.IGNORECASE)
NUMBER = re.compile(r"\d+(\.\d+)?(e[-+]?\d+)?")
PID = re.compile(r"PID \[\d+\]")
# Whether a speedup lands within its bound or above it (flagged as noise) is timing too.
BOUND_NOTE = re.compile(r"\((bound: # workers|above the bound of # workers: noise[^)]*)\)")


def mask(line):
    line = PID.sub("PID [#]", line.rstrip())
    if TIMED.match(line.strip()):
        return BOUND_NOTE.sub("(bound note)", NUMBER.sub("#", line))
    return line


def main(readme, build):
    text = open(readme).read()
    samples = re.findall(r"<!-- sample: (.+?) -->\n```text\n\$ [^\n]*\n(.*?)```", text, re.S)
    if not samples:
        print("no samples found in " + readme)
        return 1
    failures = 0
    root = os.path.dirname(os.path.abspath(readme))
    for command, expected in samples:
        env = dict(os.environ)
        words = shlex.split(command)
        while words and re.match(r"^\w+=", words[0]):
            k, v = words.pop(0).split("=", 1)
            env[k] = v
        words = [os.path.join(build, w[len("build/"):]) if w.startswith("build/") else w for w in words]
        p = subprocess.run(words, capture_output=True, text=True, timeout=120, env=env, cwd=root)
        got = [mask(l) for l in p.stdout.splitlines()]
        want = [mask(l) for l in expected.splitlines()]
        if p.returncode != 0 or got != want:
            failures += 1
            print("DRIFT in sample '%s' (exit %d):" % (command, p.returncode))
            for i in range(max(len(got), len(want))):
                g = got[i] if i < len(got) else "<missing>"
                w = want[i] if i < len(want) else "<missing>"
                if g != w:
                    print("  README: %s\n  actual: %s" % (w, g))
        else:
            print("ok: " + command)
    print("%d passed, %d failed" % (len(samples) - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
