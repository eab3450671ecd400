#!/usr/bin/python3
"""python3-cmaes (Debian python3-cmaes, the `cmaes` package) with IPOP restarts on the global test
functions of issue 6, in the same JSON rows as bench_black_box_cmaes: success rate (f < target
inside the box), median evaluations to the target, algorithm overhead per evaluation.

    /usr/bin/python3 bench/cmaes_python.py [--runs 20] [--budget 1000000] [--target 1e-6] [--problems a,b]

The functions are evaluated in numpy here, so "overhead" is the library's time beyond the function.
The settings match bench_black_box_cmaes: sigma0 = 0.3 of the box width, the mean uniform in the box,
lambda = 4 + floor(3 ln n) doubled at each restart (when should_stop() fires). cmaes resamples
points outside the bounds (then clips), so every point evaluated is inside the box."""
import argparse
import json
import math
import os
import time

import numpy as np
from cmaes import CMA

HERE = os.path.dirname(os.path.abspath(__file__))
PHI = (1 + math.sqrt(5)) / 2


def shifted(n):
    t = np.arange(1, n + 1) * PHI
    return 8.0 * (t - np.floor(t) - 0.5)


def problems(n=10):
    out = {}
    out["rosenbrock"] = (lambda x: float(np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)), 5.12)
    with open(os.path.join(HERE, "..", "data", "fletcher_powell_10.json")) as fh:
        d = json.load(fh)
    a, b, al = np.array(d["a"], float), np.array(d["b"], float), np.array(d["alpha"], float)
    A = a @ np.sin(al) + b @ np.cos(al)
    out["fletcher-powell"] = (lambda x: float(np.sum((A - a @ np.sin(x) - b @ np.cos(x)) ** 2)), math.pi)
    xo = shifted(n)
    out["rastrigin"] = (lambda x: float(10 * n + np.sum((x - xo) ** 2 - 10 * np.cos(2 * math.pi * (x - xo)))), 5.0)
    out["ackley"] = (
        lambda x: max(0.0, float(-20 * math.exp(-0.2 * math.sqrt(np.sum((x - xo) ** 2) / n))
                                 - math.exp(np.sum(np.cos(2 * math.pi * (x - xo))) / n) + 20 + math.e)), 5.0)
    out["schwefel"] = (lambda x: float(418.9828872724337063 * n - np.sum(x * np.sin(np.sqrt(np.abs(x))))), 500.0)
    return out


def run(f, half, n, budget, target, seed):
    rng = np.random.default_rng(seed)
    bounds = np.array([[-half, half]] * n)
    lam = 4 + int(math.floor(3 * math.log(n)))
    evaluations, hit, fsec = 0, 0, 0.0
    start = time.perf_counter()
    restart = 0
    while evaluations < budget and not hit:
        mean = rng.uniform(-half, half, n)
        opt = CMA(mean=mean, sigma=0.3 * 2 * half, bounds=bounds, seed=seed * 1000 + restart, population_size=lam)
        while evaluations < budget and not hit:
            sols = []
            for _ in range(opt.population_size):
                x = opt.ask()
                t0 = time.perf_counter()
                v = f(x)
                fsec += time.perf_counter() - t0
                evaluations += 1
                if v < target and np.all(np.abs(x) <= half):
                    hit = evaluations
                sols.append((x, v))
                if hit or evaluations >= budget:
                    break
            if hit or evaluations >= budget or len(sols) < opt.population_size:
                break
            opt.tell(sols)
            if opt.should_stop():
                break
        lam *= 2
        restart += 1
    seconds = time.perf_counter() - start
    return hit, evaluations, seconds, seconds - fsec


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--budget", type=int, default=1_000_000)
    ap.add_argument("--target", type=float, default=1e-6)
    ap.add_argument("--problems", default="rosenbrock,fletcher-powell,rastrigin,ackley,schwefel")
    args = ap.parse_args()
    table = []
    for name in args.problems.split(","):
        f, half = problems()[name]
        hits, overhead, total, seconds = [], 0.0, 0, 0.0
        for r in range(args.runs):
            hit, ev, sec, over = run(f, half, 10, args.budget, args.target, r + 1)
            if hit:
                hits.append(hit)
            overhead += over
            total += ev
            seconds += sec
        med = float(np.median(hits)) if hits else float("nan")
        row = {"problem": name, "method": "python-cmaes", "runs": args.runs, "solved": len(hits),
               "median_evaluations": med, "overhead_us_per_evaluation": 1e6 * overhead / max(1, total),
               "seconds": seconds}
        print(json.dumps(row), flush=True)
        table.append(row)
    for row in table:
        print(f"{row['problem']:<16} {row['method']:<12} {row['solved']:>3}/{row['runs']:<3} "
              f"{row['median_evaluations']:>12.0f} {row['overhead_us_per_evaluation']:>10.2f} {row['seconds']:>8.1f}")


if __name__ == "__main__":
    main()
