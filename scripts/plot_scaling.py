#!/usr/bin/python3
"""Speedup and parallel-efficiency plots from results/scaling.csv (scripts/scaling.sh).

One PNG per example under results/plots/ (<example>_scaling.png): speedup and
efficiency against workers (threads, ranks, or ranks x threads), strong scaling
(fixed size) in the top row and weak scaling (size growing with the workers) in
the bottom row, one curve per model and variant, the ideal as a dotted line, the
spread of the --repeat runs as error bars, and a caption naming the machine.

Usage: /usr/bin/python3 scripts/plot_scaling.py [CSV] [--out DIR]
Needs matplotlib (Debian python3-matplotlib; scripts/setup.sh --with-plots).
"""
import argparse
import csv
import os
import sys

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    sys.exit("error: matplotlib is missing for %s: run with /usr/bin/python3 (Debian python3-matplotlib), "
             "or install it with scripts/setup.sh --with-plots" % sys.executable)

MODEL_NAMES = {"openmp": "OpenMP", "mpi": "MPI", "hybrid": "MPI+OpenMP"}


def read(path):
    ctx, lines = {}, []
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                if ":" in line:
                    k, v = line[1:].split(":", 1)
                    ctx[k.strip()] = v.strip()
            else:
                lines.append(line)
    return ctx, list(csv.DictReader(lines))


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def curves_of(r):
    """[(label, marker)]: the curves a row belongs to. MPI runs form one curve over
    ranks (1 thread each), one over threads (1 rank) and one per threads-per-rank
    for the mixed ones; the 1 x 1 run starts both of the first two."""
    model = MODEL_NAMES.get(r["model"], r["model"])
    name = "%s %s" % (model, r["variant"]) if r["variant"] else model
    ranks, threads = int(r["ranks"]), int(r["threads"])
    if r["model"] == "openmp":
        return [(name + ": threads", "o")]
    out = []
    if threads == 1:
        out.append((name + ": ranks x 1 thread", "o"))
    if ranks == 1:
        out.append((name + ": 1 rank x threads", "s"))
    if not out:
        out.append((name + ": ranks x %d threads" % threads, "^"))
    return out


def loaded(ctx):
    """True when the 1-minute load average at the start or end exceeded half the CPUs."""
    try:
        cpus = int(ctx.get("cores", "").split()[0])
        loads = [float(ctx[k].split()[0]) for k in ("load_average_start", "load_average_end") if ctx.get(k)]
    except (ValueError, IndexError):
        return False
    return any(l > cpus / 2 for l in loads)


def caption(ctx, rows):
    first = rows[0] if rows else {}
    parts = [
        "Machine: %s, %s, %s." % (ctx.get("host", "?"), ctx.get("cpu", "?"), ctx.get("cores", "?")),
        "Build: %s %s (%s), %s. MPI: %s." % (ctx.get("compiler", "?"), ctx.get("flags", ""),
                                            ctx.get("build_type", "?"), ctx.get("git_revision", "?"),
                                            ctx.get("mpi_library", "?").split(",")[0]),
        "Run %s: --repeat %s (median; bars: min-max of the parallel runs); load average at start %s, at end %s."
        % (ctx.get("date", "?"), first.get("repeat", "?"), ctx.get("load_average_start", "?"),
           ctx.get("load_average_end", "?")),
        "Speedup = serial baseline time / parallel time at the same size; efficiency = speedup / workers; "
        "workers = ranks x threads.",
        "Binding: threads OMP_PROC_BIND=close, OMP_PLACES=cores; MPI ranks --map-by slot:PE=<threads> "
        "--bind-to core, while ranks x threads fit the cores (per run: the CSV's binding column).",
    ]
    if loaded(ctx):
        parts.append("CAUTION: the machine was busy with other work during the sweep (load average above "
                     "half its CPUs): these timings are noisy.")
    return "\n".join(parts)


def size_text(rows):
    sizes = sorted({int(r["size"]) for r in rows if r["size"]})
    flag = rows[0]["size_flag"] if rows else ""
    if not sizes:
        return ""
    if len(sizes) == 1:
        return "%s %d" % (flag, sizes[0])
    # The size each worker count ran at, e.g. "--n 20000 (1 worker), 28284 (2)".
    by_w = sorted({(int(r["workers"]), int(r["size"])) for r in rows if r["size"]})
    return "%s " % flag + ", ".join("%d (%d worker%s)" % (n, w, "" if w == 1 else "s") for w, n in by_w[:4]) + (
        ", ..." if len(by_w) > 4 else "")


def panel(ax, rows, what, colors):
    workers = sorted({int(r["workers"]) for r in rows})
    curves = {}
    for r in rows:
        for c in curves_of(r):
            curves.setdefault(c, []).append(r)
    # A threads-only curve of an MPI binary that holds only the 1 x 1 run adds nothing.
    curves = {c: pts for c, pts in curves.items() if c[1] == "o" or len(pts) > 1}
    order = {"OpenMP": 0, "MPI": 1, "MPI+OpenMP": 2}
    for (label, marker), pts in sorted(curves.items(), key=lambda c: (order.get(c[0][0].split()[0], 9), c[0])):
        pts.sort(key=lambda r: int(r["workers"]))
        x = [int(r["workers"]) for r in pts]
        key = label.split(":")[0]
        color = colors.setdefault(key, "C%d" % len(colors))
        ys, lo, hi = [], [], []
        for r in pts:
            s, w = num(r["speedup"]), int(r["workers"])
            ser, pmin, pmax = num(r["serial_seconds"]), num(r["parallel_min"]), num(r["parallel_max"])
            scale = 1.0 if what == "speedup" else 1.0 / w
            y = s * scale
            ys.append(y)
            if ser and pmin and pmax:
                lo.append(max(0.0, y - ser / pmax * scale))
                hi.append(max(0.0, ser / pmin * scale - y))
            else:
                lo.append(0.0)
                hi.append(0.0)
        style = "-" if marker == "o" else "--" if marker == "s" else ":"
        ax.errorbar(x, ys, yerr=[lo, hi], marker=marker, linestyle=style, color=color, capsize=3,
                    label=label, markersize=6)
    if what == "speedup":
        ax.plot(workers, workers, ":", color="black", label="ideal")
        ax.set_ylabel("speedup over the serial baseline")
        ax.set_ylim(bottom=0)
    else:
        ax.axhline(1.0, linestyle=":", color="black", label="ideal")
        ax.set_ylabel("parallel efficiency (speedup / workers)")
        top = max([1.2] + [num(r["efficiency"]) or 0 for r in rows])
        ax.set_ylim(0, top * 1.05)
    ax.set_xscale("log", base=2)
    ax.set_xticks(workers)
    ax.set_xticklabels([str(w) for w in workers])
    ax.minorticks_off()
    ax.set_xlabel("workers (OpenMP threads, MPI ranks, or ranks x threads)")
    ax.grid(True, alpha=0.3)


def plot_example(example, rows, ctx, out_dir):
    kinds = [k for k in ("strong", "weak") if any(r["scaling"] == k for r in rows)]
    height = 4.3 * len(kinds) + 1.5
    fig, axes = plt.subplots(len(kinds), 2, figsize=(15, height), squeeze=False)
    colors = {}
    for i, kind in enumerate(kinds):
        sub = [r for r in rows if r["scaling"] == kind]
        what_size = size_text(sub)
        desc = ("STRONG scaling, fixed size %s" % what_size if kind == "strong"
                else "WEAK scaling, size grows with the workers:\n%s" % what_size)
        for j, what in enumerate(("speedup", "efficiency")):
            ax = axes[i][j]
            panel(ax, sub, what, colors)
            ax.set_title("%s: %s" % ("Speedup" if what == "speedup" else "Parallel efficiency", desc),
                         fontsize=10)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.775, 0.93), fontsize=9,
               title="model variant: workers", title_fontsize=9, frameon=False)
    fig.suptitle("%s: scaling on %s (%s)" % (example, ctx.get("host", "?"), ctx.get("cpu", "?")), fontsize=13)
    fig.text(0.01, 0.01, caption(ctx, rows), fontsize=8, va="bottom", ha="left", family="monospace")
    fig.tight_layout(rect=(0, 1.15 / height, 0.77, 0.96))
    path = os.path.join(out_dir, "%s_scaling.png" % example)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("csv", nargs="?", default=os.path.join(here, "..", "results", "scaling.csv"))
    p.add_argument("--out", help="directory of the PNGs (default: plots/ beside the CSV)")
    args = p.parse_args()
    if not os.path.exists(args.csv):
        sys.exit("error: %s not found: run scripts/scaling.sh first" % args.csv)
    out_dir = args.out or os.path.join(os.path.dirname(os.path.abspath(args.csv)), "plots")
    os.makedirs(out_dir, exist_ok=True)
    ctx, rows = read(args.csv)
    ok = [r for r in rows if r.get("status") == "ok" and num(r.get("speedup")) is not None]
    left = len(rows) - len(ok)
    if not ok:
        sys.exit("error: %s has no successful run to plot" % args.csv)
    for example in sorted({r["example"] for r in ok}):
        print("wrote", plot_example(example, [r for r in ok if r["example"] == example], ctx, out_dir))
    if left:
        print("%d row(s) not plotted (failed or n/a, see the status column)" % left)
    return 0


if __name__ == "__main__":
    sys.exit(main())
