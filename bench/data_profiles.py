#!/usr/bin/env python3
"""Data profiles (Moré & Wild, SIAM J. Optim. 20(1), 2009) of minima's derivative-free methods
against NLopt and scipy on the 53 smooth Moré–Wild problems, budget 100(n + 1) evaluations,
tolerances tau = 1e-1, 1e-3, 1e-5, 1e-7, in one run:

  /usr/bin/python3 bench/data_profiles.py --build build [--out bench/data_profiles]

runs build/bench/bench_data_profiles (minima and NLopt), runs scipy's Nelder-Mead, Powell and COBYLA
on the same problems (evaluated by the same C++ code through `bench_data_profiles --serve`), and
writes OUT.png (the profiles) and a table on stdout (OUT.json, every history, with --save-histories).

A problem counts as solved by a solver within k evaluations when some f among its first k satisfies
f <= f_L + tau (f(x0) - f_L), with f_L the least f any solver found on that problem within the
budget; the profile d_s(alpha) is the fraction of problems solved within alpha (n + 1) evaluations."""
import argparse
import json
import os
import subprocess
import sys
import warnings

import numpy as np
from scipy.optimize import minimize

TAUS = [1e-1, 1e-3, 1e-5, 1e-7]
ALPHAS = [1, 5, 10, 25, 50, 100]


class Served:
    """The problems' values from `bench_data_profiles --serve` (one process, line protocol)."""

    def __init__(self, exe):
        self.proc = subprocess.Popen([exe, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)

    def __call__(self, number, x):
        self.proc.stdin.write(f"{number} " + " ".join(f"{v:.17g}" for v in x) + "\n")
        return float(self.proc.stdout.readline())


def run_scipy(served, p, method):
    budget, history = p["budget"], []

    def f(x):
        v = served(p["number"], x)
        if len(history) < budget:
            history.append(v)
        return v

    x0 = np.array(p["x0"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "Nelder-Mead":
            minimize(f, x0, method=method, options=dict(maxfev=budget, maxiter=10 * budget, xatol=1e-14, fatol=1e-14))
        elif method == "Powell":
            minimize(f, x0, method=method, options=dict(maxfev=budget, xtol=1e-12, ftol=1e-14))
        else:
            minimize(f, x0, method=method, options=dict(maxiter=budget, rhobeg=p["initial_step"], tol=1e-12))
    return history


def best_so_far(history):
    """The least f among the first k evaluations, for each k (non-finite values, which JSON stores
    as null, count as +inf rather than poisoning the minimum)."""
    h = np.array([np.inf if v is None else v for v in history], dtype=float)
    h[~np.isfinite(h)] = np.inf
    return np.minimum.accumulate(h) if len(h) else h


def profile(problems, solvers, tau):
    """d[s][a]: fraction of problems solved within alpha (n + 1) evaluations, for alpha in 0..100."""
    alphas = np.arange(0, 101)
    out = {s: np.zeros(len(alphas)) for s in solvers}
    for p in problems:
        hist = {s: best_so_far(p["histories"][s]) for s in solvers}
        f_l = min(h[-1] for h in hist.values() if len(h))
        cutoff = f_l + tau * (p["f0"] - f_l)
        for s in solvers:
            h = hist[s]
            hits = np.nonzero(h <= cutoff)[0]
            if len(hits):
                k = (hits[0] + 1) / (p["n"] + 1)
                out[s] += (alphas >= k)
    return alphas, {s: v / len(problems) for s, v in out.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--save-histories", action="store_true", help="also write OUT.json, every f history (~8 MB)")
    ap.add_argument("--exe", help="the bench_data_profiles program (default BUILD/bench/bench_data_profiles)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data_profiles"))
    args = ap.parse_args()
    exe = args.exe or os.path.join(args.build, "bench", "bench_data_profiles")
    cpp_json = args.out + "_cpp.json"
    print("minima and NLopt ...", file=sys.stderr)
    subprocess.run([exe, "--out", cpp_json], check=True)
    problems = json.load(open(cpp_json))["problems"]
    os.remove(cpp_json)
    served = Served(exe)
    for method in ["Nelder-Mead", "Powell", "COBYLA"]:
        for p in problems:
            print(f"\r  scipy {method:<12} problem {p['number']:2d}/53", end="", file=sys.stderr)
            p["histories"][f"scipy {method}"] = run_scipy(served, p, method)
    print(file=sys.stderr)
    solvers = list(problems[0]["histories"].keys())
    if args.save_histories:
        with open(args.out + ".json", "w") as f:
            json.dump(dict(problems=problems), f)

    results = {tau: profile(problems, solvers, tau) for tau in TAUS}
    width = max(len(s) for s in solvers)
    for tau in TAUS:
        alphas, d = results[tau]
        print(f"\ntau = {tau:g}: fraction of the 53 problems solved within alpha (n+1) evaluations")
        print(f"{'solver':<{width}}  " + "  ".join(f"a={a:<4d}" for a in ALPHAS))
        for s in solvers:
            print(f"{s:<{width}}  " + "  ".join(f"{d[s][a]:6.3f}" for a in ALPHAS))
    for mine, peer in [("minima bobyqa", "NLopt LN_BOBYQA"), ("minima nelder-mead", "scipy Nelder-Mead"),
                       ("minima bobyqa", "minima lbfgs (central differences)")]:
        worst = min((results[t][1][mine] - results[t][1][peer]).min() for t in TAUS)
        where = [(t, int(a)) for t in TAUS for a in range(101)
                 if results[t][1][mine][a] < results[t][1][peer][a]]
        print(f"\n{mine} vs {peer}: largest shortfall {max(0.0, -worst):.3f} "
              f"({len(where)} of {4 * 101} (tau, alpha) points below"
              + (f"; the first at tau = {where[0][0]:g}, alpha = {min(a for _, a in where)})" if where else ")"))

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(2, 2, figsize=(12, 9), sharey=True)
    styles = {"minima": "-", "NLopt": "--", "scipy": ":"}
    for ax, tau in zip(axes.flat, TAUS):
        alphas, d = results[tau]
        for s in solvers:
            ax.step(alphas, d[s], where="post", label=s, linestyle=styles[s.split()[0]],
                    linewidth=2.2 if s.startswith("minima") else 1.4)
        ax.set_title(f"tau = {tau:g}")
        ax.set_xlabel("budget: simplex gradients, alpha = evaluations / (n + 1)")
        ax.set_xlim(0, 100)
        ax.set_ylim(0, 1)
        ax.grid(alpha=0.3)
    axes[0, 0].set_ylabel("fraction of problems solved")
    axes[1, 0].set_ylabel("fraction of problems solved")
    axes[0, 0].legend(loc="lower right", fontsize=8)
    fig.suptitle("Data profiles, 53 smooth Moré–Wild problems, budget 100(n+1)")
    fig.tight_layout()
    fig.savefig(args.out + ".png", dpi=110)
    print(f"\nwrote {args.out}.png", file=sys.stderr)


if __name__ == "__main__":
    main()
