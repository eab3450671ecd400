#!/usr/bin/python3
"""The peers of bench_global_goals (issue 17) on the same 10-D functions: scipy's
differential_evolution and dual_annealing with their defaults (dual_annealing's maxfun = the budget),
python3-cmaes with IPOP restarts (bench/cmaes_python.py's harness). A run succeeds when a point
inside the box has f < target (1e-8 for the sphere); the evaluation of the first such point counts.

    /usr/bin/python3 bench/global_goals_peers.py [--runs 20] [--budget 1000000] [--quick]
                                                 [--problems a,b] [--methods scipy-de,dual-annealing,cmaes]
"""
import argparse
import math
import os
import statistics
import sys
import time

import numpy as np
import scipy
from scipy.optimize import differential_evolution, dual_annealing

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cmaes_python import problems as base_problems, shifted  # noqa: E402


class Stop(Exception):
    pass


class Counted:
    def __init__(self, f, half, budget, target):
        self.f, self.half, self.budget, self.target = f, half, budget, target
        self.evaluations, self.hit = 0, 0

    def __call__(self, x):
        if self.hit or self.evaluations >= self.budget:
            raise Stop()
        self.evaluations += 1
        v = self.f(np.asarray(x))
        if v < self.target and np.all(np.abs(x) <= self.half) and not self.hit:
            self.hit = self.evaluations
        return v


def run_scipy(method, f, half, n, budget, target, seed):
    c = Counted(f, half, budget, target)
    bounds = [(-half, half)] * n
    try:
        if method == "scipy-de":
            differential_evolution(c, bounds, seed=seed)
        else:
            dual_annealing(c, bounds, seed=seed, maxfun=budget)
    except Stop:
        pass
    return c.hit


def run_cmaes(f, half, n, budget, target, seed):
    from cmaes_python import run
    hit, _, _, _ = run(f, half, n, budget, target, seed)
    return hit


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--budget", type=int, default=1_000_000)
    ap.add_argument("--quick", action="store_true", help="3 runs, budget 200,000")
    ap.add_argument("--problems", default="fletcher-powell,rosenbrock,sphere,rastrigin,ackley,schwefel")
    ap.add_argument("--methods", default="scipy-de,dual-annealing,cmaes")
    a = ap.parse_args()
    if a.quick:
        a.runs, a.budget = 3, 200_000
    n = 10
    probs = base_problems(n)
    xo = shifted(n)
    probs["sphere"] = (lambda x: float(np.sum((x - xo) ** 2)), 5.0)
    print(f"scipy {scipy.__version__}; {a.runs} runs, budget {a.budget}")
    print("| function (10-D) | method | solved | median evals | median seconds per run |\n|---|---|---|---|---|")
    for name in a.problems.split(","):
        f, half = probs[name]
        target = 1e-8 if name == "sphere" else 1e-6
        for method in a.methods.split(","):
            hits, secs = [], []
            for seed in range(1, a.runs + 1):
                t0 = time.perf_counter()
                if method == "cmaes":
                    hit = run_cmaes(f, half, n, a.budget, target, seed)
                else:
                    hit = run_scipy(method, f, half, n, a.budget, target, seed)
                secs.append(time.perf_counter() - t0)
                if hit:
                    hits.append(hit)
            med = f"{statistics.median(hits):.0f}" if hits else "—"
            print(f"| {name} | {method} | {len(hits)}/{a.runs} | {med} | {statistics.median(secs):.2f} |", flush=True)


if __name__ == "__main__":
    main()
