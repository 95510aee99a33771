#!/usr/bin/env python3
"""Keep the documentation self-contained: every relative link of README.md,
BENCHMARKS.md and docs/**/*.md must reach a file or folder of the repository
(and, for `page.md#anchor`, a heading of that page, named as GitHub names it),
and no Markdown file of the repository may mention a document it does not
contain (the project's design notes, kept outside it).

Links are inline (`[text](target)`, `![alt](target)`) and reference definitions
(`[name]: target`); code blocks and code spans are skipped, and links with a
scheme (https:, mailto:) are left alone. Before the repository, the checker runs
on a small tree with one fault of each kind and must report exactly those, so a
checker that finds nothing fails too.

Usage: doc_links.py REPO_ROOT
"""
import os
import re
import sys
import tempfile

# Spelled in parts, so that this file does not itself name them.
FORBIDDEN = ["../" + "shared", "SPEC" + ".md", "STYLE" + ".md"]
SKIPPED_DIRS = re.compile(r"^(\..*|build.*|results)$")

FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"(`+).*?\1")
INLINE = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def prose_lines(text):
    """(line number, line) outside fenced code blocks."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def anchors(path):
    """The anchors GitHub gives the headings of a Markdown file."""
    seen = {}
    for _, line in prose_lines(open(path, encoding="utf-8").read()):
        m = HEADING.match(line)
        if not m:
            continue
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", m.group(2))  # a link: its text
        slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        yield slug if count == 0 else "%s-%d" % (slug, count)


def links(text):
    """(line number, target) of every link outside code."""
    for number, line in prose_lines(text):
        m = DEFINITION.match(line)
        if m:
            yield number, m.group(1)
            continue
        for m in INLINE.finditer(CODE_SPAN.sub("", line)):
            yield number, m.group(1)


def check_links(root, page, checked):
    problems = []
    text = open(page, encoding="utf-8").read()
    for number, target in links(text):
        if SCHEME.match(target):
            continue
        checked.append(target)
        where = "%s:%d: %s" % (os.path.relpath(page, root), number, target)
        path, _, fragment = target.partition("#")
        resolved = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
        if os.path.commonpath([root, resolved]) != root:
            problems.append(where + ": outside the repository")
        elif not os.path.exists(resolved):
            problems.append(where + ": no such file")
        elif fragment and resolved.endswith(".md") and fragment not in set(anchors(resolved)):
            problems.append(where + ": no heading with this anchor")
    return problems


def markdown_files(root):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not SKIPPED_DIRS.match(d))
        for name in sorted(files):
            if name.endswith(".md"):
                yield os.path.join(folder, name)


def check(root, checked):
    root = os.path.abspath(root)
    pages = [os.path.join(root, "README.md"), os.path.join(root, "BENCHMARKS.md")]
    pages += list(markdown_files(os.path.join(root, "docs")))
    problems = []
    for page in pages:
        if not os.path.exists(page):
            problems.append("%s: missing" % os.path.relpath(page, root))
            continue
        problems += check_links(root, page, checked)
    for page in markdown_files(root):
        for number, line in enumerate(open(page, encoding="utf-8"), 1):
            for word in FORBIDDEN:
                if word in line:
                    problems.append("%s:%d: mentions %s, which is not in the repository"
                                    % (os.path.relpath(page, root), number, word))
    return problems


def self_test():
    """One fault of each kind in a small tree: each must be reported, nothing else."""
    files = {
        "README.md": "# Top\n\n[ok](docs/a.md#the-part) [gone](docs/none.md)\n"
                     "[ref]: BENCHMARKS.md#no-such-heading\n`[code](skipped.md)`\n",
        "BENCHMARKS.md": "# Figures\n\n```\n[fenced](skipped.md)\n```\n[out](../elsewhere.md)\n",
        "docs/a.md": "## The part\n\n[up](../README.md#top) [web](https://example.org)\n"
                     "See " + FORBIDDEN[1] + ".\n",
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "repo")
        for name, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
            with open(os.path.join(root, name), "w", encoding="utf-8") as f:
                f.write(text)
        got = sorted(check(root, []))
    want = sorted([
        "README.md:3: docs/none.md: no such file",
        "README.md:4: BENCHMARKS.md#no-such-heading: no heading with this anchor",
        "BENCHMARKS.md:6: ../elsewhere.md: outside the repository",
        "docs/a.md:4: mentions %s, which is not in the repository" % FORBIDDEN[1],
    ])
    if got != want:
        print("the checker itself is wrong: on its test tree it reported")
        print("\n".join("  " + p for p in got) or "  nothing")
        print("instead of")
        print("\n".join("  " + p for p in want))
        return False
    return True


def main(root):
    if not self_test():
        return 1
    checked = []
    problems = check(root, checked)
    for p in problems:
        print(p)
    print("%d relative links checked, %d problem(s)" % (len(checked), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
