"""Plots and a Markdown report of one hpcp results directory (results/<date>-<name>/summary.json).
plot(results_dir) writes plots/<example>.png (needs matplotlib): speedup and efficiency against workers, a
curve per model and variant, the ideal dotted, min-max error bars; strong scaling on top, weak below.
report(results_dir) writes report.md: command, context, a table per kind, rows not run and why, the plots."""
import glob
import importlib.util
import json
import os

MODELS = {"openmp": "OpenMP", "mpi": "MPI", "hybrid": "MPI+OpenMP"}
NO_MATPLOTLIB = ("matplotlib is missing: install python3-matplotlib "
                 "(scripts/setup.sh --with-plots) and run with /usr/bin/python3")


def _summary(results_dir):
    """summary.json, its context, its date, and the machine and its load average as text."""
    with open(os.path.join(results_dir, "summary.json")) as f:
        summary = json.load(f)
    ctx = summary.get("context") or {}
    avg = ctx.get("load_average")
    avg = ", ".join(str(x) for x in avg) if isinstance(avg, (list, tuple)) else str(avg or "?")
    machine = "Machine: %s, %s, %s logical CPUs" % tuple(ctx.get(k, "?")
                                                         for k in ("host", "cpu", "logical_cpus"))
    return summary, ctx, ctx.get("date") or summary.get("created", "?"), machine, avg


def _workers(r):
    return r.get("workers") or (r.get("ranks") or 1) * (r.get("threads") or 1)


def _name(r):
    model = r.get("model") or "?"
    return " ".join(x for x in (MODELS.get(model, model), r.get("variant"), r.get("mode")) if x)


def _panels(axes, rows, weak, colors):
    """Two panels: speedup (weak: w T(1)/T(w)) and efficiency, a curve per model and variant, min-max bars."""
    sizes = sorted({str(r.get("size")) for r in rows})
    base, curves = {_name(r): r["parallel_s"] for r in rows if weak and _workers(r) == 1}, {}
    for r in sorted(rows, key=lambda r: r.get("kind") == "scale-strong"):  # scale over run
        w, p, ranks, threads = _workers(r), r["parallel_s"], r.get("ranks") or 1, r.get("threads") or 1
        num = w * base[_name(r)] if weak else r.get("serial_s")
        y = num / p if weak else r["speedup"]
        low, high = (num / (r.get(k) or p) if num else y for k in ("parallel_max_s", "parallel_min_s"))
        name = _name(r) + (" (%s)" % r.get("size") if len(sizes) > 1 and not weak else "")
        if r.get("model") == "openmp":
            on = [(": threads", "o-")]
        else:  # MPI: a 1 x 1 run starts two curves
            on = [(": ranks × 1 thread", "o-")] if threads == 1 else []
            on += [(": 1 rank × threads", "s--")] if ranks == 1 else []
        for tail, style in on or [(": ranks × %d threads" % threads, "^:")]:
            curves.setdefault((name + tail, style), {})[w] = (y, max(0.0, y - low), max(0.0, high - y))
    for (label, style), pts in sorted(curves.items()):
        if label.endswith("1 rank × threads") and list(pts) == [1]:
            continue  # the 1 x 1 run alone: already on the ranks curve
        color = colors.setdefault(label.split(":")[0], "C%d" % len(colors))
        xs = sorted(pts)
        for ax, scale in zip(axes, ([1.0] * len(xs), [1.0 / w for w in xs])):  # speedup; per worker
            ys, lo, hi = ([pts[w][i] * s for w, s in zip(xs, scale)] for i in range(3))  # y, below, above
            ax.errorbar(xs, ys, yerr=[lo, hi], fmt=style, color=color, capsize=3, label=label)
    ws = sorted({1} | {_workers(r) for r in rows})
    axes[0].plot(ws, ws, ":", color="black", label="ideal")
    axes[0].legend(fontsize=7)
    axes[1].axhline(1.0, linestyle=":", color="black", label="ideal")
    what = ("weak scaling, size grows with the workers" if weak
            else "strong scaling, size " + ", ".join(sizes))
    ylabels = (("scaled speedup w T(1)/T(w)", "parallel efficiency T(1)/T(w)") if weak else
               ("speedup over the serial time", "parallel efficiency (speedup / workers)"))
    for ax, title, ylabel in zip(axes, ("Speedup", "Efficiency"), ylabels):
        ax.set_title("%s: %s" % (title, what), fontsize=10)
        ax.set_xscale("log", base=2)
        ax.set_xticks(ws, [str(w) for w in ws])
        ax.set(ylim=(0, None), xlabel="workers (ranks × threads)", ylabel=ylabel)
        ax.minorticks_off()
        ax.grid(True, alpha=0.3)


def plot(results_dir):
    """Write results_dir/plots/<example>.png per example with verified scaling rows; return their paths."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(NO_MATPLOTLIB) from None
    summary, ctx, date, machine, avg = _summary(results_dir)
    ok = [r for r in summary.get("rows") or [] if r.get("kind") in ("run", "scale-strong", "scale-weak")
          and r.get("verified") is True and r.get("parallel_s")
          and (r["kind"] == "scale-weak" or r.get("speedup") is not None)]
    ones = {(r.get("example"), _name(r)) for r in ok if r["kind"] == "scale-weak" and _workers(r) == 1}
    ok = [r for r in ok if r["kind"] != "scale-weak" or (r.get("example"), _name(r)) in ones]  # weak: T(1)
    caption = "%s; load average %s. Date: %s; revision %s.\n" % (machine, avg, date, ctx.get("revision", "?"))
    caption += ("Speedup = serial time / parallel median time; efficiency = speedup / workers "
                "(weak: parallel time at 1 worker / at w workers); bars: min-max of the runs.")
    os.makedirs(os.path.join(results_dir, "plots"), exist_ok=True)
    paths = []
    for example in sorted({r.get("example") or "?" for r in ok}):
        mine = [r for r in ok if (r.get("example") or "?") == example]
        parts = [(weak, rows) for weak in (False, True)
                 for rows in [[r for r in mine if (r["kind"] == "scale-weak") == weak]] if rows]
        height, colors = 4.3 * len(parts) + 0.9, {}
        fig, axes = plt.subplots(len(parts), 2, figsize=(13, height), squeeze=False)
        for row_axes, (weak, rows) in zip(axes, parts):
            _panels(row_axes, rows, weak, colors)
        fig.suptitle("%s: speedup and parallel efficiency" % example, fontsize=13)
        fig.text(0.01, 0.01, caption, fontsize=8, va="bottom", ha="left")
        fig.tight_layout(rect=(0, 0.7 / height, 1, 0.97))
        paths.append(os.path.join(results_dir, "plots", example + ".png"))
        fig.savefig(paths[-1], dpi=100)
        plt.close(fig)
    return paths


def _fmt(x, fmt="%.4g"):  # times: 4 significant digits; speedups and ratios: 2 decimals
    return "–" if x is None else fmt % x


def _scale_cells(r):
    s, bound, flag = r.get("speedup"), r.get("speedup_bound"), r.get("speedup_flag") or ""
    if flag == "startup":
        speedup = "start-up bound"
    elif flag == "oversubscribed" and s is not None:
        speedup = "%.2f (oversubscribed)" % s
    elif s is not None and (flag == "above_bound" or (bound is not None and s > bound)):
        speedup = "%.2f (above bound %s: noise)" % (s, "?" if bound is None else "%g" % bound)
    else:  # a slowdown keeps two significant digits: no bare 0.00
        speedup = _fmt(s, "%.2f" if s is None or s >= 0.1 else "%.2g")
    nodes, lo, hi = r.get("nodes") or 1, r.get("parallel_min_s"), r.get("parallel_max_s")
    return [r.get("example", "?"), r.get("model", "?"), r.get("variant") or "–", r.get("mode") or "–",
            r.get("size", "–"), "%s × %s" % (r.get("ranks", 1), r.get("threads", 1))
            + (" on %d nodes" % nodes if nodes > 1 else ""), _fmt(r.get("serial_s")),
            _fmt(r.get("parallel_s")) + (" (%s–%s)" % (_fmt(lo), _fmt(hi)) if None not in (lo, hi) else ""),
            r.get("runs", "–"), speedup,
            "–" if flag else _fmt(r.get("efficiency"), "%.2f"),
            "yes" if r.get("verified") else "no" + (" (exit %s)" % r["exit"] if r.get("exit") else "")]


SCALE_HEAD = ("example", "model", "variant", "mode", "size", "ranks × threads", "serial (s)",
              "parallel median (min–max) (s)", "runs", "speedup", "efficiency", "verified")
TABLES = (  # kind, title, head, cells of a row
    ("run", "Runs", SCALE_HEAD, _scale_cells), ("scale-strong", "Strong scaling", SCALE_HEAD, _scale_cells),
    ("scale-weak", "Weak scaling", SCALE_HEAD, _scale_cells),
    ("compare", "Python against ours", ("example", "model", "size", "Python (s)", "ours (s)", "Python/ours"),
     lambda r: [r.get("example", "?"), r.get("model", "?"), r.get("size", "–"), _fmt(r.get("python_s")),
                _fmt(r.get("parallel_s")), _fmt(r.get("ratio"), "%.2f")]),
    ("target", "Targets",
     ("target", "what", "measured", "yardstick", "unit", "ratio", "goal", "met", "rounds"),
     lambda r: [r.get("target", "?"), r.get("what", ""), _fmt(r.get("measured")), _fmt(r.get("yardstick")),
                r.get("unit", ""), _fmt(r.get("ratio"), "%.3g"), r.get("goal", ""),
                "yes" if r.get("met") else "**no**", r.get("rounds", "–")]))


def report(results_dir):
    """Write results_dir/report.md and return its path."""
    summary, ctx, date, machine, avg = _summary(results_dir)
    rows, build = summary.get("rows") or [], ctx.get("build") or {}
    binding = ", ".join("%s=%s" % (k, v or "(unset)") for k, v in sorted((ctx.get("binding") or {}).items()))
    md = ["# `%s` (%s)" % (summary.get("command") or "hpcp " + summary.get("name", "?"), date), "",
          "## Context", "", "- %s; load average (1, 5, 15 min): %s" % (machine, avg),
          "- Build: %s, %s, flags `%s` (%s)" % (build.get("type", "?"), build.get("compiler", "?"),
                                               build.get("flags") or "?", build.get("dir", "?")),
          "- MPI: %s" % ctx.get("mpi", "?"), "- OpenMP binding: " + (binding or "?"),
          "- Git revision: %s" % ctx.get("revision", "?"), ""]
    for kind, title, head, cells in TABLES:  # a Markdown table per kind, of the rows that ran
        table = ["| " + " | ".join(str(v).replace("|", "\\|") for v in cells(r)) + " |" for r in rows
                 if r.get("kind") == kind and r.get("exit", 0) is not None]
        head = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        md += (["## " + title, ""] + head + table + [""]) if table else []
    not_run = ["- %s (%s): %s" % (r.get("case") or r.get("example", "?"), r.get("kind", "?"),
                                  r.get("reason") or "no reason given")
               for r in rows if r.get("exit", 0) is None]
    md += (["## Not run", ""] + not_run + [""]) if not_run else []
    if importlib.util.find_spec("matplotlib") is None:
        plots = ["Plots: %s." % NO_MATPLOTLIB]
    else:
        pngs = sorted(glob.glob(os.path.join(results_dir, "plots", "*.png"))) or plot(results_dir)
        names = [os.path.splitext(os.path.basename(p))[0] for p in sorted(pngs)]
        plots = ["![%s](plots/%s.png)\n" % (n, n) for n in names]
    md += ["## Plots", ""] + (plots or ["No verified scaling rows to plot."])
    path = os.path.join(results_dir, "report.md")
    with open(path, "w") as f:
        f.write("\n".join(md).rstrip("\n") + "\n")
    return path
