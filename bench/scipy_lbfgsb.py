#!/usr/bin/python3
"""scipy's L-BFGS-B on extended Rosenbrock, for bench_lbfgs (bench/lbfgs_rosenbrock.cpp).

Prints one JSON object per line: {"n", "solver", "iterations", "evaluations", "f", "ginf",
"seconds", "cpu_seconds", "status"}. The stopping test is scipy's own projected-gradient test
max|g_i| <= gtol (= ||g||_inf without bounds), with ftol = 0 so it is the only one that fires.
Seconds (wall and process CPU): the best of --repeat runs of scipy.optimize.minimize (the start point is built outside).
"""
import argparse
import json
import time

import numpy as np
from scipy.optimize import minimize


def rosenbrock(x):
    """Extended Rosenbrock (More, Garbow & Hillstrom 1981, problem 21), value and gradient."""
    xo = x[0::2]
    xe = x[1::2]
    t = xe - xo * xo
    u = 1.0 - xo
    f = float(100.0 * np.dot(t, t) + np.dot(u, u))
    g = np.empty_like(x)
    g[0::2] = -400.0 * xo * t - 2.0 * u
    g[1::2] = 200.0 * t
    return f, g


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", type=int, nargs="+", default=[100, 10000, 1000000])
    p.add_argument("--tol", type=float, default=1e-6)
    p.add_argument("--memory", type=int, default=10)
    p.add_argument("--repeat", type=int, nargs="+", default=None,
                   help="runs per size (best time kept); one value per size")
    a = p.parse_args()
    repeats = a.repeat or [1] * len(a.sizes)
    for n, reps in zip(a.sizes, repeats):
        best = best_cpu = float("inf")
        res = None
        for _ in range(max(1, reps)):
            x0 = np.empty(n)
            x0[0::2] = -1.2
            x0[1::2] = 1.0
            t0, c0 = time.perf_counter(), time.process_time()
            res = minimize(rosenbrock, x0, jac=True, method="L-BFGS-B",
                           options={"maxcor": a.memory, "gtol": a.tol, "ftol": 0.0,
                                    "maxiter": 100000, "maxfun": 100000})
            best = min(best, time.perf_counter() - t0)
            best_cpu = min(best_cpu, time.process_time() - c0)
        print(json.dumps({"n": n, "solver": "scipy L-BFGS-B", "iterations": int(res.nit),
                          "evaluations": int(res.nfev), "f": float(res.fun),
                          "ginf": float(np.max(np.abs(res.jac))), "seconds": best, "cpu_seconds": best_cpu,
                          "status": str(res.message)}), flush=True)


if __name__ == "__main__":
    main()
