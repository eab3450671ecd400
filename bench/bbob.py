#!/usr/bin/env python3
"""Runtime ECDFs on the 24 noiseless BBOB functions (issue 17 item 5), as COCO draws them: for each
method and dimension, the fraction of (function, instance, target) triples solved against
log10(evaluations / dimension), targets f - f_opt <= 10^t for t = 1, 0.8, ..., -8 (46 targets).

  /usr/bin/python3 bench/bbob.py --build build [--out bench/bbob] [-- BENCH_BBOB_FLAGS...]
  /usr/bin/python3 bench/bbob.py --runs a.jsonl [b.jsonl ...] [--out bench/bbob]   # plot existing runs only

runs build/bench/bench_bbob (flags after "--" go to it, e.g. -- --instances 5 --budget 10000),
keeps its runs in OUT.jsonl (best outside the repository: --out /tmp/bbob, then copy the PNG), writes OUT.png (one panel per dimension, one line per method) and
prints two markdown tables: the fraction solved at budgets 10^k * n for each (dimension, method),
and, per function, how many instances reached the last target 1e-8."""
import argparse
import json
import math
import os
import subprocess
import sys
from collections import defaultdict

TARGETS = [1.0 - 0.2 * k for k in range(46)]


def load(path):
    runs = [json.loads(line) for line in open(path) if line.strip()]
    runs.sort(key=lambda r: (r["method"], r["dimension"], r["function"], r["instance"]))
    return runs


def group(runs):
    by = defaultdict(list)
    for r in runs:
        by[(r["dimension"], r["method"])].append(r)
    return by


def ecdf(runs, dimension, budgets):
    """Fraction of (run, target) pairs whose first hit is within each budget (in evaluations)."""
    hits = sorted(h for r in runs for h in r["hits"] if h > 0)
    total = len(runs) * len(TARGETS)
    out, j = [], 0
    for b in budgets:
        while j < len(hits) and hits[j] <= b:
            j += 1
        out.append(j / total)
    return out


def budget_of(runs):
    """The runs' evaluation budget: the most any of them used (a run stops early only at the last
    target, so with one unsolved run this is the budget)."""
    return max(r["evaluations"] for r in runs)


def methods_in_order(runs):
    seen = []
    for r in runs:
        if r["method"] not in seen:
            seen.append(r["method"])
    preferred = ["cma-es", "bipop-cma-es", "de", "multistart", "eda-vbmfa", "bobyqa", "nelder-mead"]
    return sorted(seen, key=lambda m: (preferred.index(m) if m in preferred else len(preferred), m))


def plot(runs, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by = group(runs)
    dims = sorted({r["dimension"] for r in runs})
    methods = methods_in_order(runs)
    cols = 2 if len(dims) > 1 else 1
    rows = (len(dims) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(6 * cols, 4.2 * rows), squeeze=False)
    for ax, d in zip(axes.flat, dims):
        for m in methods:
            if not by[(d, m)]:
                continue
            # Each line ends at its method's budget (marked x, as COCO does), where its runs stopped.
            top = budget_of(by[(d, m)])
            xs = [x / 20 for x in range(0, int(math.floor(20 * math.log10(top / d) + 1e-9)) + 1)]
            ys = ecdf(by[(d, m)], d, [d * 10**x for x in xs])
            line = ax.step(xs, ys, where="post", label=m, linewidth=1.6)[0]
            ax.plot([xs[-1]], [ys[-1]], "x", color=line.get_color(), markersize=9, markeredgewidth=2)
        instances = len({r["instance"] for r in runs if r["dimension"] == d})
        functions = len({r["function"] for r in runs if r["dimension"] == d})
        ax.set_title(f"{d}-D: {functions} functions x {instances} instances, 46 targets 1e1..1e-8")
        ax.set_xlabel("log10(evaluations / dimension)")
        ax.set_ylabel("fraction of (function, target) pairs")
        ax.set_ylim(-0.02, 1.02)
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper left", fontsize=8)
    for ax in list(axes.flat)[len(dims):]:
        ax.axis("off")
    fig.suptitle("minima black-box methods on BBOB f1-f24: runtime ECDF (COCO style, no restarts simulated)")
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def tables(runs):
    by = group(runs)
    dims = sorted({r["dimension"] for r in runs})
    methods = methods_in_order(runs)
    budget = max(r["evaluations"] / r["dimension"] for r in runs)
    ks = list(range(0, int(round(math.log10(budget))) + 1))
    lines = ["| n | method | " + " | ".join(f"10^{k}·n" for k in ks) + " | f solved to 1e-8 (all instances) | seconds |",
             "|---|---|" + "---|" * (len(ks) + 2)]
    for d in dims:
        for m in methods:
            rs = by[(d, m)]
            if not rs:
                continue
            fr = ecdf(rs, d, [d * 10**k for k in ks])
            fr = [v if d * 10**k <= budget_of(rs) else None for v, k in zip(fr, ks)]
            per_f = defaultdict(list)
            for r in rs:
                per_f[r["function"]].append(r["hits"][-1] > 0)
            solved = sum(all(v) for v in per_f.values())
            secs = sum(r["seconds"] for r in rs)
            lines.append(f"| {d} | {m} | " + " | ".join("—" if v is None else f"{v:.2f}" for v in fr) + f" | {solved}/{len(per_f)} | {secs:.0f} |")
    out = "\n".join(lines) + "\n\nInstances that reached f - f_opt <= 1e-8, per function (columns: " + \
        ", ".join(methods) + "):\n\n"
    out += "| f | " + " | ".join(f"{d}-D" for d in dims) + " |\n|---|" + "---|" * len(dims) + "\n"
    functions = sorted({r["function"] for r in runs})
    for f in functions:
        cells = []
        for d in dims:
            counts = []
            for m in methods:
                rs = [r for r in by[(d, m)] if r["function"] == f]
                counts.append(f"{sum(r['hits'][-1] > 0 for r in rs)}" if rs else "-")
            cells.append(" ".join(counts))
        out += f"| {f} | " + " | ".join(cells) + " |\n"
    return out


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--out", default="bench/bbob")
    ap.add_argument("--runs", nargs="+", help="plot these runs (JSON lines files) instead of running bench_bbob")
    args = ap.parse_args(argv)
    paths = args.runs
    if not paths:
        paths = [args.out + ".jsonl"]
        exe = os.path.join(args.build, "bench", "bench_bbob")
        subprocess.run([exe, "--out", paths[0]] + extra, check=True)
    runs = [r for p in paths for r in load(p)]
    runs.sort(key=lambda r: (r["method"], r["dimension"], r["function"], r["instance"]))
    plot(runs, args.out + ".png")
    print(tables(runs))


if __name__ == "__main__":
    main()
