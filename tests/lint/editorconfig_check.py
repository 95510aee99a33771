#!/usr/bin/python3
"""Every tracked text file against .editorconfig (scripts/lint.sh editorconfig).

Debian's python3-editorconfig resolves which sections apply to a file; this
script checks the properties they set: charset utf-8, end_of_line lf,
insert_final_newline, trim_trailing_whitespace, indent_style and
max_line_length. Prints one line per problem (at most 5 per file) and exits 1
if there is any.
"""
import os
import subprocess
import sys

from editorconfig import get_properties


def problems(path, props):
    data = open(path, "rb").read()
    if b"\0" in data:
        return []  # binary
    if props.get("charset") == "utf-8":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as e:
            return ["not UTF-8 (%s)" % e.reason]
    found = []
    if props.get("end_of_line") == "lf" and b"\r" in data:
        found.append("CR line endings")
    if props.get("insert_final_newline") == "true" and data and not data.endswith(b"\n"):
        found.append("no newline at the end")
    limit = int(props["max_line_length"]) if props.get("max_line_length", "off").isdigit() else 0
    indent = props.get("indent_style")
    for number, line in enumerate(data.decode("utf-8", "replace").split("\n"), 1):
        if props.get("trim_trailing_whitespace") == "true" and line != line.rstrip(" \t"):
            found.append("line %d: trailing whitespace" % number)
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        if indent == "space" and "\t" in lead:
            found.append("line %d: tab in the indentation" % number)
        if indent == "tab" and lead.startswith(" "):
            found.append("line %d: spaces in the indentation" % number)
        if limit and len(line) > limit:
            found.append("line %d: %d columns (max_line_length %d)" % (number, len(line), limit))
    return found


def main():
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], check=True,
                          capture_output=True, text=True).stdout.strip()
    files = subprocess.run(["git", "ls-files", "-z"], cwd=root, check=True,
                           capture_output=True, text=True).stdout.split("\0")
    bad = 0
    for rel in filter(None, files):
        path = os.path.join(root, rel)
        if not os.path.isfile(path) or os.path.islink(path):
            continue
        found = problems(path, get_properties(path))
        for p in found[:5]:
            print("%s: %s" % (rel, p))
        if len(found) > 5:
            print("%s: ... %d more" % (rel, len(found) - 5))
        bad += bool(found)
    if bad:
        print("editorconfig: %d file(s) with problems (.editorconfig)" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
