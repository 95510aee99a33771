"""The examples' manifests (common/examples/<example>/manifest.json, loaded and checked in the
notebook's order) and the cases built from them, behind every hpcp command and the batch jobs.
A Case is one run of one binary: an example, a model, a variant, a size and a number of workers."""
import json
import os
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES_DIR = os.path.join(ROOT, "common", "examples")
SIZES = ("notebook", "small", "large")
MODELS = ("openmp", "mpi")
PREFIX = {"openmp": "omp", "mpi": "mpi"}


class ManifestError(Exception):
    pass


def _strings(v):
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def validate(m, folder):
    """The problems of one manifest (an empty list when it is sound)."""
    models, sizes, py = m.get("models"), m.get("sizes"), m.get("python")
    fig = m.get("figure", {"path": "", "unit": ""})
    checks = [
        (m.get("example") == folder, "example must be the folder's name, %r" % folder),
        (isinstance(m.get("notebook_order"), int), "notebook_order must be an integer"),
        (isinstance(m.get("summary"), str) and m.get("summary"), "summary must be a non-empty string"),
        (isinstance(models, dict) and set(models) == set(MODELS), "models must have exactly openmp and mpi")]
    if checks[-1][0]:
        team, ranks = models["openmp"].get("team"), models["mpi"].get("min_ranks")
        checks += [(team == "OMP_NUM_THREADS" or (isinstance(team, str) and team.startswith("--")),
                    "models.openmp.team must be OMP_NUM_THREADS or a flag"),
                   (isinstance(ranks, int) and ranks >= 1, "models.mpi.min_ranks must be an integer >= 1"),
                   (isinstance(models["mpi"].get("threads"), bool),
                    "models.mpi.threads must be true or false")]
    checks += [
        (isinstance(fig, dict) and isinstance(fig.get("path"), str) and isinstance(fig.get("unit"), str),
         "figure, when given, needs path (into the binary's JSON) and unit"),
        (isinstance(m.get("size_flag"), str) and m["size_flag"].startswith("--"), "size_flag must be a flag"),
        (m.get("weak_exponent") is None or isinstance(m.get("weak_exponent"), (int, float)),
         "weak_exponent must be a number or null"),
        (isinstance(sizes, dict) and tuple(sizes) == SIZES and all(_strings(v) for v in sizes.values()),
         "sizes must be notebook, small, large: lists of strings")]
    checks += [(isinstance(v, dict) and isinstance(v.get("name"), str) and v.get("model") in MODELS
                and _strings(v.get("args")), "variants[%d] needs name, model (openmp|mpi), args" % i)
               for i, v in enumerate(m.get("variants") or [])]
    checks.append((isinstance(py, dict) and _strings(py.get("args")) and isinstance(py.get("size"), int)
                   and _strings(py.get("binary_args", [])),
                   "python needs cell, args (strings), size (integer)"))
    if isinstance(py, dict):
        checks.append((os.path.isfile(os.path.join(EXAMPLES_DIR, folder, str(py.get("cell")))),
                       "python.cell %r is not beside the manifest" % py.get("cell")))
    keys = {"id", "what", "goal", "unit", "runs", "measured", "yardstick", "higher_is_better"}
    for i, t in enumerate(m.get("targets", [])):
        checks.append((isinstance(t, dict) and keys <= set(t),
                       "targets[%d] needs %s" % (i, ", ".join(sorted(keys)))))
        if checks[-1][0]:
            checks.append((isinstance(t["goal"], list) and len(t["goal"]) == 2,
                           "targets[%d].goal must be [lo, hi]" % i))
            for r in t["runs"]:
                checks += [(r.get("model") in MODELS or isinstance(r.get("ref"), str),
                            "targets[%d]: a run needs a model or a ref binary" % i),
                           (_strings(r.get("args")), "targets[%d]: a run's args must be strings" % i)]
    return [msg for ok, msg in checks if not ok]


def load():
    """{example: manifest}, every manifest checked, in the notebook's order."""
    found = []
    for folder in sorted(os.listdir(EXAMPLES_DIR)):
        path = os.path.join(EXAMPLES_DIR, folder, "manifest.json")
        if not os.path.isfile(path):
            continue
        try:
            with open(path) as f:
                m = json.load(f)
        except (OSError, ValueError) as e:
            raise ManifestError("%s: %s" % (path, e))
        bad = validate(m, folder)
        if bad:
            raise ManifestError("%s: %s" % (path, "; ".join(bad)))
        found.append(m)
    return {m["example"]: m for m in sorted(found, key=lambda m: m["notebook_order"])}


@dataclass
class Case:
    example: str
    model: str
    workers: int                 # ranks (mpi) or threads (openmp)
    size: str                    # a preset name, or the value given to the size flag
    args: list                   # the binary's arguments, --json excluded
    variant: str = ""
    threads_per_rank: int = 1    # mpi only
    kind: str = "run"
    reason: str = ""             # why the case cannot run ("" when it can)
    figure: tuple = ()           # (path into the JSON, unit): the example's own figure of merit
    extra: dict = field(default_factory=dict)

    @property
    def ranks(self):
        return self.workers if self.model == "mpi" else 1

    @property
    def threads(self):
        return self.threads_per_rank if self.model == "mpi" else self.workers

    @property
    def tag(self):
        parts = [self.example, self.model, self.variant, str(self.size), "r%dt%d" % (self.ranks, self.threads)]
        return "-".join(p for p in parts if p)


def make(m, model, workers, size, variant=None, repeat=None, threads_per_rank=1, kind="run", size_value=None):
    """One case of example m at a size preset; size_value (an integer) sets the manifest's
    size_flag on top of it (weak scaling, comparisons)."""
    args = ["--size", size] + ([m["size_flag"], str(size_value)] if size_value is not None else [])
    args += variant["args"] if variant else []
    team = m["models"]["openmp"]["team"]   # a flag where OMP_NUM_THREADS does not size the team (--consumers)
    if model == "openmp" and team != "OMP_NUM_THREADS":
        args += [team, str(workers)]
    args += os.environ.get("HPCP_ARGS_" + m["example"], "").split()
    if repeat:
        args += ["--repeat", str(repeat)]
    case = Case(m["example"], model, workers, size if size_value is None else str(size_value), args,
                variant["name"] if variant else "", threads_per_rank if model == "mpi" else 1, kind,
                figure=(m["figure"]["path"], m["figure"]["unit"]) if m.get("figure") else ())
    need = m["models"]["mpi"]["min_ranks"] if model == "mpi" else m["models"]["openmp"].get("min_workers", 1)
    if workers < need:
        case.reason = "needs at least %d %s" % (need, "ranks" if model == "mpi" else "threads")
    return case


def select(manifests, examples):
    """The manifests named in a comma list (all for empty); an unknown name is an error."""
    if not examples:
        return list(manifests.values())
    names = [e.strip() for e in examples.split(",") if e.strip()]
    unknown = [n for n in names if n not in manifests]
    if unknown:
        raise ManifestError("unknown example %s (known: %s)" % (", ".join(unknown), ", ".join(manifests)))
    return [manifests[n] for n in names]


def variants_of(m, model, which):
    """The variants to run: None (the binary's defaults) for 'default', all of the model's for 'all',
    or those named in a comma list."""
    if which in ("", "default"):
        return [None]
    own = [v for v in m.get("variants", []) if v["model"] == model]
    if which == "all":
        return own or [None]
    names = set(which.split(","))
    return [v for v in own if v["name"] in names]
