"""Plots and a Markdown report of one hpcp results directory (results/<date>-<name>/).

plot(results_dir) writes plots/<example>.png from summary.json: speedup and parallel
efficiency against workers (ranks x threads), one curve per model and variant (MPI:
ranks x 1 thread, 1 rank x threads, ranks x N threads), the ideal dotted, the min-max
of the runs as error bars; strong scaling ("run", "scale-strong") on top, weak scaling
("scale-weak": efficiency = parallel time at 1 worker / at w) below. Unverified rows
and strong rows without a speedup are left out. Needs matplotlib (python3-matplotlib).
report(results_dir) writes report.md: command, context, a table per kind, the rows
that did not run and why, the plots."""
import glob
import importlib.util
import json
import os

MODELS = {"openmp": "OpenMP", "mpi": "MPI", "hybrid": "MPI+OpenMP"}
SCALE = ("run", "scale-strong", "scale-weak")
NO_MATPLOTLIB = ("matplotlib is missing: install python3-matplotlib "
                 "(scripts/setup.sh --with-plots) and run with /usr/bin/python3")


def _summary(results_dir):
    with open(os.path.join(results_dir, "summary.json")) as f:
        return json.load(f)


def _workers(r):
    return r.get("workers") or (r.get("ranks") or 1) * (r.get("threads") or 1)


def _name(r):
    model = r.get("model") or "?"
    return " ".join(x for x in (MODELS.get(model, model), r.get("variant"), r.get("mode")) if x)


def _curves(r, name):
    """(label, style) of the curves a row is on; an MPI 1 x 1 run starts two of them."""
    if r.get("model") == "openmp":
        return [(name + ": threads", "o-")]
    ranks, threads = r.get("ranks") or 1, r.get("threads") or 1
    out = [(name + ": ranks × 1 thread", "o-")] if threads == 1 else []
    out += [(name + ": 1 rank × threads", "s--")] if ranks == 1 else []
    return out or [(name + ": ranks × %d threads" % threads, "^:")]


def _panels(axes, rows, weak, colors):
    """One row of two panels: speedup (weak: scaled speedup) and efficiency."""
    sizes = sorted({str(r.get("size")) for r in rows})
    base = {_name(r): r["parallel_s"] for r in rows if weak and _workers(r) == 1}
    curves = {}
    for r in sorted(rows, key=lambda r: r.get("kind") == "scale-strong"):  # scale over run
        name = _name(r) + (" (%s)" % r.get("size") if len(sizes) > 1 and not weak else "")
        for curve in _curves(r, name):
            curves.setdefault(curve, {})[_workers(r)] = r
    ws = sorted({1} | {_workers(r) for r in rows})
    for (label, style), pts in sorted(curves.items()):
        if label.endswith("1 rank × threads") and list(pts) == [1]:
            continue  # the 1 x 1 run alone: already on the ranks curve
        color = colors.setdefault(label.split(":")[0], "C%d" % len(colors))
        xs = sorted(pts)
        for ax, per_worker in zip(axes, (False, True)):
            ys, lo, hi = [], [], []
            for w in xs:
                r, p = pts[w], pts[w]["parallel_s"]
                num = w * base[_name(r)] if weak else r.get("serial_s")
                y = num / p if weak else r["speedup"]
                low = num / (r.get("parallel_max_s") or p) if num else y
                high = num / (r.get("parallel_min_s") or p) if num else y
                scale = 1.0 / w if per_worker else 1.0
                ys.append(y * scale)
                lo.append(max(0.0, (y - low) * scale))
                hi.append(max(0.0, (high - y) * scale))
            ax.errorbar(xs, ys, yerr=[lo, hi], fmt=style, color=color, capsize=3, label=label)
    what = "weak scaling, size grows with the workers" if weak else "strong scaling, size " + ", ".join(sizes)
    for ax, per_worker in zip(axes, (False, True)):
        if per_worker:
            ax.axhline(1.0, linestyle=":", color="black", label="ideal")
            ax.set_ylabel("parallel efficiency" + (" T(1)/T(w)" if weak else " (speedup / workers)"))
        else:
            ax.plot(ws, ws, ":", color="black", label="ideal")
            ax.set_ylabel("scaled speedup w T(1)/T(w)" if weak else "speedup over the serial time")
            ax.legend(fontsize=7)
        ax.set_title("%s: %s" % ("Efficiency" if per_worker else "Speedup", what), fontsize=10)
        ax.set_xscale("log", base=2)
        ax.set_xticks(ws, [str(w) for w in ws])
        ax.set(ylim=(0, None), xlabel="workers (ranks × threads)")
        ax.minorticks_off()
        ax.grid(True, alpha=0.3)


def plot(results_dir):
    """Write results_dir/plots/<example>.png per example with verified scaling rows."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(NO_MATPLOTLIB) from None
    summary = _summary(results_dir)
    ctx = summary.get("context") or {}
    ok = [r for r in summary.get("rows") or [] if r.get("kind") in SCALE and r.get("verified") is True
          and r.get("parallel_s") and (r["kind"] == "scale-weak" or r.get("speedup") is not None)]
    ones = {(r.get("example"), _name(r)) for r in ok if r["kind"] == "scale-weak" and _workers(r) == 1}
    ok = [r for r in ok if r["kind"] != "scale-weak" or (r.get("example"), _name(r)) in ones]  # weak: T(1)
    caption = ("Machine: %s, %s, %s logical CPUs; load average %s. Date: %s; revision %s.\n"
               "Speedup = serial time / parallel median time; efficiency = speedup / workers "
               "(weak: parallel time at 1 worker / at w workers); bars: min-max of the runs."
               % (ctx.get("host", "?"), ctx.get("cpu", "?"), ctx.get("logical_cpus", "?"),
                  _list(ctx.get("load_average")), ctx.get("date") or summary.get("created", "?"),
                  ctx.get("revision", "?")))
    out_dir = os.path.join(results_dir, "plots")
    os.makedirs(out_dir, exist_ok=True)
    paths = []
    for example in sorted({r.get("example") or "?" for r in ok}):
        mine = [r for r in ok if (r.get("example") or "?") == example]
        parts = [(weak, rows) for weak in (False, True)
                 for rows in [[r for r in mine if (r["kind"] == "scale-weak") == weak]] if rows]
        height = 4.3 * len(parts) + 0.9
        fig, axes = plt.subplots(len(parts), 2, figsize=(13, height), squeeze=False)
        colors = {}
        for row_axes, (weak, rows) in zip(axes, parts):
            _panels(row_axes, rows, weak, colors)
        fig.suptitle("%s: speedup and parallel efficiency" % example, fontsize=13)
        fig.text(0.01, 0.01, caption, fontsize=8, va="bottom", ha="left")
        fig.tight_layout(rect=(0, 0.7 / height, 1, 0.97))
        paths.append(os.path.join(out_dir, example + ".png"))
        fig.savefig(paths[-1], dpi=100)
        plt.close(fig)
    return paths


def _list(v):
    return ", ".join(str(x) for x in v) if isinstance(v, (list, tuple)) else str(v or "?")


def _time(x):  # times: 4 significant digits
    return "–" if x is None else "%.4g" % x


def _two(x):  # speedups and ratios: 2 decimals
    return "–" if x is None else "%.2f" % x


def _speedup(r):
    s, bound, flag = r.get("speedup"), r.get("speedup_bound"), r.get("speedup_flag") or ""
    if flag == "startup":
        return "start-up bound"
    if s is not None and (flag == "above_bound" or (bound is not None and s > bound)):
        return "%.2f (above bound %s: noise)" % (s, "?" if bound is None else "%g" % bound)
    return _two(s)


def _table(head, rows):
    cell = [[str(v).replace("|", "\\|") for v in row] for row in rows]
    return (["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            + ["| " + " | ".join(row) + " |" for row in cell] + [""])


def _scale_cells(r):
    nodes = r.get("nodes") or 1
    shape = "%s × %s" % (r.get("ranks", 1), r.get("threads", 1)) + (" on %d nodes" % nodes if nodes > 1 else "")
    lo, hi = r.get("parallel_min_s"), r.get("parallel_max_s")
    spread = _time(r.get("parallel_s")) + (" (%s–%s)" % (_time(lo), _time(hi))
                                           if lo is not None and hi is not None else "")
    eff = "–" if r.get("speedup_flag") == "startup" else _two(r.get("efficiency"))
    verified = "yes" if r.get("verified") else "no" + (" (exit %s)" % r["exit"] if r.get("exit") else "")
    return [r.get("example", "?"), r.get("model", "?"), r.get("variant") or "–", r.get("mode") or "–",
            r.get("size", "–"), shape, _time(r.get("serial_s")), spread, r.get("runs", "–"),
            _speedup(r), eff, verified]


def report(results_dir):
    """Write results_dir/report.md and return its path."""
    summary = _summary(results_dir)
    ctx, rows = summary.get("context") or {}, summary.get("rows") or []
    build, binding = ctx.get("build") or {}, ctx.get("binding") or {}
    date = ctx.get("date") or summary.get("created", "?")
    md = ["# `%s` (%s)" % (summary.get("command") or "hpcp " + summary.get("name", "?"), date), "",
          "## Context", "",
          "- Machine: %s, %s, %s logical CPUs; load average (1, 5, 15 min): %s"
          % (ctx.get("host", "?"), ctx.get("cpu", "?"), ctx.get("logical_cpus", "?"), _list(ctx.get("load_average"))),
          "- Build: %s, %s, flags `%s` (%s)" % (build.get("type", "?"), build.get("compiler", "?"),
                                               build.get("flags") or "?", build.get("dir", "?")),
          "- MPI: %s" % ctx.get("mpi", "?"),
          "- OpenMP binding: " + (", ".join("%s=%s" % (k, v or "(unset)") for k, v in sorted(binding.items()))
                                  or "?"),
          "- Git revision: %s" % ctx.get("revision", "?"), ""]
    ran = [r for r in rows if r.get("exit", 0) is not None]
    head = ["example", "model", "variant", "mode", "size", "ranks × threads", "serial (s)",
            "parallel median (min–max) (s)", "runs", "speedup", "efficiency", "verified"]
    for kind, title in (("run", "Runs"), ("scale-strong", "Strong scaling"), ("scale-weak", "Weak scaling")):
        these = [_scale_cells(r) for r in ran if r.get("kind") == kind]
        if these:
            md += ["## " + title, ""] + _table(head, these)
    compare = [[r.get("example", "?"), r.get("model", "?"), r.get("size", "–"), _time(r.get("python_s")),
                _time(r.get("parallel_s")), _two(r.get("ratio"))] for r in ran if r.get("kind") == "compare"]
    if compare:
        md += ["## Python against ours", ""] + _table(
            ["example", "model", "size", "Python (s)", "ours (s)", "Python/ours"], compare)
    targets = [[r.get("target", "?"), r.get("what", ""), _time(r.get("measured")), _time(r.get("yardstick")),
                r.get("unit", ""), "–" if r.get("ratio") is None else "%.3g" % r["ratio"], r.get("goal", ""),
                "yes" if r.get("met") else "**no**", r.get("rounds", "–")]
               for r in ran if r.get("kind") == "target"]
    if targets:
        md += ["## Targets", ""] + _table(
            ["target", "what", "measured", "yardstick", "unit", "ratio", "goal", "met", "rounds"], targets)
    not_run = [r for r in rows if r.get("exit", 0) is None]
    if not_run:
        md += ["## Not run", ""] + ["- %s (%s): %s" % (r.get("case") or r.get("example", "?"), r.get("kind", "?"),
                                                       r.get("reason") or "no reason given") for r in not_run] + [""]
    md += ["## Plots", ""]
    if importlib.util.find_spec("matplotlib") is None:
        md += ["Plots: %s." % NO_MATPLOTLIB]
    else:
        pngs = sorted(glob.glob(os.path.join(results_dir, "plots", "*.png"))) or plot(results_dir)
        names = [os.path.splitext(os.path.basename(p))[0] for p in sorted(pngs)]
        md += ["![%s](plots/%s.png)\n" % (n, n) for n in names] or ["No verified scaling rows to plot."]
    path = os.path.join(results_dir, "report.md")
    with open(path, "w") as f:
        f.write("\n".join(md).rstrip("\n") + "\n")
    return path
