#!/usr/bin/env python3
"""Reads the assembly of the timed kernels and fails if a loop was folded away.

Compiles tests/asm/kernels_probe.cpp (compute(n), inline, as every kernel sees
it) and common/kit/fibonacci.cpp (fib_u64) with the given compiler and flags to
assembly, then requires, in each probed function, a jump back to a label
earlier in the same function: the loop that does the per-item work. A closed
form (n(n-1)/2 by multiplications) has no such jump. A negative control
compiles compute() without its opaque() barrier and expects clang to fold it
(reported, not required: GCC 12 keeps the loop either way).
Usage: check_kernels.py --cxx C++ --source-dir DIR [--flags "-O2 ..."]...
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

FUNCTIONS = {"probe_compute": "kernels_probe.cpp", "_ZN4hpcp7fib_u64Em": "fibonacci.cpp"}


def assembly(cxx, flags, source, includes, extra=()):
    with tempfile.NamedTemporaryFile(suffix=".s", delete=False) as f:
        out = f.name
    cmd = [cxx, "-std=c++20", "-S", "-o", out, source] + flags + ["-I" + i for i in includes] + list(extra)
    subprocess.run(cmd, check=True)
    with open(out) as f:
        text = f.read()
    os.unlink(out)
    return text


def body(asm, name):
    m = re.search(r"^%s:[ \t]*(?:#[^\n]*)?$(.*?)(?:^\s*\.cfi_endproc|^\s*\.size\s+%s)" % (re.escape(name), re.escape(name)),
                  asm, re.M | re.S)
    return m.group(1) if m else None


def has_loop(code):
    labels, lines = {}, code.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^(\.?L[\w.$]+):", line.strip())
        if m:
            labels[m.group(1)] = i
    for i, line in enumerate(lines):
        m = re.match(r"^\s*j\w*\s+(\.?L[\w.$]+)\s*$", line)
        if m and labels.get(m.group(1), i + 1) < i:
            return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--flags", action="append", default=[])
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    sources = {"kernels_probe.cpp": os.path.join(here, "kernels_probe.cpp"),
               "fibonacci.cpp": os.path.join(a.source_dir, "common", "kit", "fibonacci.cpp")}
    includes = [a.source_dir, "/usr/include/eigen3"]
    bad = 0
    for flags in a.flags or ["-O2"]:
        fl = flags.split()
        for name, src in FUNCTIONS.items():
            code = body(assembly(a.cxx, fl, sources[src], includes), name)
            if code is None:
                print("FAIL %s %s: function %s not found in the assembly" % (a.cxx, flags, name))
                bad += 1
            elif not has_loop(code):
                print("FAIL %s %s: %s has no loop left: the compiler folded the work away" % (a.cxx, flags, name))
                bad += 1
            else:
                print("ok   %s %s: %s keeps its loop" % (a.cxx, flags, name))
        # The control: without opaque() (defined away), does this compiler fold compute()?
        folded = body(assembly(a.cxx, fl, sources["kernels_probe.cpp"], includes,
                               ["-DHPCP_NO_OPAQUE_FOR_ASM_CHECK"]), "probe_compute")
        print("note %s %s: without opaque(), compute() %s" % (
            a.cxx, flags, "keeps its loop" if folded and has_loop(folded) else "is folded into a closed form"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
