#!/usr/bin/python3
"""minima's Levenberg-Marquardt beside Ceres and scipy.optimize.least_squares on the 54 NIST StRD runs.

Runs the C++ bench (minima and Ceres, median of REPEATS runs each) and scipy's least_squares with
method 'lm' (MINPACK) and 'trf' with the exact Jacobian (derived symbolically by sympy from the same
model formulas, evaluated by numpy), tolerances ftol = xtol = gtol = 1e-15, max_nfev = 100000,
reading the same data/nist files; prints one table.

    /usr/bin/python3 bench/nist_compare.py build-bench/bench/bench_nist_lsq [REPEATS]
"""
import csv
import io
import math
import os
import subprocess
import sys
import time

import numpy as np
import sympy as sp
from scipy.optimize import least_squares

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "nist")

# The models of src/problems/nist_models.hpp, in sympy (x1, x2 for Nelson; atan2 for Roszman1).
MODELS = {
    "Misra1a": "b1*(1-exp(-b2*x))", "Chwirut2": "exp(-b1*x)/(b2+b3*x)", "Chwirut1": "exp(-b1*x)/(b2+b3*x)",
    "Lanczos3": "b1*exp(-b2*x)+b3*exp(-b4*x)+b5*exp(-b6*x)",
    "Gauss1": "b1*exp(-b2*x)+b3*exp(-(x-b4)**2/b5**2)+b6*exp(-(x-b7)**2/b8**2)",
    "Gauss2": "b1*exp(-b2*x)+b3*exp(-(x-b4)**2/b5**2)+b6*exp(-(x-b7)**2/b8**2)",
    "DanWood": "b1*x**b2", "Misra1b": "b1*(1-(1+b2*x/2)**(-2))",
    "Kirby2": "(b1+b2*x+b3*x**2)/(1+b4*x+b5*x**2)",
    "Hahn1": "(b1+b2*x+b3*x**2+b4*x**3)/(1+b5*x+b6*x**2+b7*x**3)",
    "Nelson": "b1-b2*x1*exp(-b3*x2)", "MGH17": "b1+b2*exp(-x*b4)+b3*exp(-x*b5)",
    "Lanczos1": "b1*exp(-b2*x)+b3*exp(-b4*x)+b5*exp(-b6*x)",
    "Lanczos2": "b1*exp(-b2*x)+b3*exp(-b4*x)+b5*exp(-b6*x)",
    "Gauss3": "b1*exp(-b2*x)+b3*exp(-(x-b4)**2/b5**2)+b6*exp(-(x-b7)**2/b8**2)",
    "Misra1c": "b1*(1-(1+2*b2*x)**(-0.5))", "Misra1d": "b1*b2*x/(1+b2*x)",
    "Roszman1": "b1-b2*x-atan2(b3,x-b4)/pi",
    "ENSO": "b1+b2*cos(2*pi*x/12)+b3*sin(2*pi*x/12)+b5*cos(2*pi*x/b4)+b6*sin(2*pi*x/b4)"
            "+b8*cos(2*pi*x/b7)+b9*sin(2*pi*x/b7)",
    "MGH09": "b1*(x**2+x*b2)/(x**2+x*b3+b4)",
    "Thurber": "(b1+b2*x+b3*x**2+b4*x**3)/(1+b5*x+b6*x**2+b7*x**3)",
    "BoxBOD": "b1*(1-exp(-b2*x))", "Rat42": "b1/(1+exp(b2-b3*x))", "MGH10": "b1*exp(b2/(x+b3))",
    "Eckerle4": "(b1/b2)*exp(-0.5*((x-b3)/b2)**2)", "Rat43": "b1/((1+exp(b2-b3*x))**(1/b4))",
    "Bennett5": "b1*(b2+x)**(-1/b3)",
}


def digits(text):
    mantissa = text.upper().split("E")[0].lstrip("+-").replace(".", "").lstrip("0")
    return max(len(mantissa), 1)


def read_nist(name):
    lines = open(os.path.join(DATA, name + ".dat")).read().split("\n")

    def rng(key):
        for line in lines[:20]:
            if key in line and "(lines" in line:
                a, b = line.split("(lines")[1].rstrip(") ").split("to")
                return int(a), int(b)
        raise ValueError(f"{name}: no {key} range")

    s0, s1 = rng("Starting Values")
    d0, d1 = rng("Data    ")
    start1, start2, cert, cdig = [], [], [], []
    for k in range(s0, s1 + 1):
        f = lines[k - 1].split()
        start1.append(float(f[2])); start2.append(float(f[3])); cert.append(float(f[4])); cdig.append(digits(f[4]))
    cols = lines[d0 - 2].split()[1:]
    data = np.array([[float(v) for v in lines[k - 1].split()] for k in range(d0, d1 + 1)])
    return dict(name=name, start=[np.array(start1), np.array(start2)], cert=cert, digits=cdig, cols=cols, data=data)


def lre(est, cert, d):
    if not math.isfinite(est):
        return 0.0
    err = abs(est - cert) / abs(cert) if cert != 0 else abs(est)
    return d if err == 0 else min(max(-math.log10(err), 0.0), d)


def scipy_runs(repeats):
    rows = []
    for name in MODELS:
        p = read_nist(name)
        n = len(p["cert"])
        b = sp.symbols(" ".join(f"b{j + 1}" for j in range(n)))
        xs = sp.symbols(" ".join(p["cols"][1:]))
        xs = xs if isinstance(xs, tuple) else (xs,)
        expr = sp.sympify(MODELS[name], locals={**{f"b{j + 1}": b[j] for j in range(n)}, **{str(s): s for s in xs}})
        f = sp.lambdify((b, xs), expr, "numpy")
        grads = [sp.lambdify((b, xs), sp.diff(expr, bj), "numpy") for bj in b]
        y = p["data"][:, 0]
        if name == "Nelson":
            y = np.log(y)
        X = tuple(p["data"][:, c] for c in range(1, p["data"].shape[1]))
        m = len(y)

        def res(bv):
            return y - f(bv, X)

        def jac(bv):
            return -np.column_stack([np.broadcast_to(g(bv, X), (m,)) for g in grads])

        for start in (1, 2):
            for method in ("lm", "trf"):
                times = []
                for _ in range(repeats):
                    t0 = time.perf_counter()
                    with np.errstate(all="ignore"):
                        try:
                            r = least_squares(res, p["start"][start - 1], jac=jac, method=method, ftol=1e-15,
                                              xtol=1e-15, gtol=1e-15, max_nfev=100000)
                            x, nfev, njev = r.x, r.nfev, (r.njev or 0)
                        except Exception:  # noqa: BLE001 -- a failed run counts as 0 digits
                            x, nfev, njev = np.full(n, np.nan), 0, 0
                    times.append(time.perf_counter() - t0)
                times.sort()
                w = min(lre(x[j], p["cert"][j], p["digits"][j]) for j in range(n))
                rows.append(dict(solver=f"scipy-{method}", problem=name, start=start, min_lre=w,
                                 residual_evaluations=nfev, jacobian_evaluations=njev, seconds=times[len(times) // 2]))
    return rows


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    out = subprocess.run([sys.argv[1], str(repeats)], check=True, capture_output=True, text=True).stdout
    rows = [dict(r, min_lre=float(r["min_lre"]), residual_evaluations=int(r["residual_evaluations"]),
                 jacobian_evaluations=int(r["jacobian_evaluations"]), seconds=float(r["seconds"]))
            for r in csv.DictReader(io.StringIO(out))]
    rows += scipy_runs(max(1, repeats // 10))
    solvers = ["minima", "ceres", "scipy-lm", "scipy-trf"]
    base = sum(r["seconds"] for r in rows if r["solver"] == "minima")
    print("| solver | runs ≥ 4 LRE | runs ≥ 6 LRE | residual evals | Jacobian evals | total time (ms) | time / minima |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for s in solvers:
        rs = [r for r in rows if r["solver"] == s]
        t = sum(r["seconds"] for r in rs)
        print(f"| {s} | {sum(r['min_lre'] >= 4 for r in rs)}/{len(rs)} | {sum(r['min_lre'] >= 6 for r in rs)}/{len(rs)} "
              f"| {sum(r['residual_evaluations'] for r in rs)} | {sum(r['jacobian_evaluations'] for r in rs)} "
              f"| {1e3 * t:.1f} | {t / base:.2f} |")
    for s in solvers:
        bad = [f"{r['problem']}/{r['start']} ({r['min_lre']:.1f})" for r in rows if r["solver"] == s and r["min_lre"] < 6]
        print(f"\n{s} below 6 LRE: {', '.join(bad) if bad else 'none'}", end="")
    slow = sorted((r for r in rows if r["solver"] == "minima"), key=lambda r: -r["seconds"])[:3]
    print("\nminima's slowest runs: " + ", ".join(f"{r['problem']}/{r['start']} {1e3 * r['seconds']:.1f} ms "
                                                 f"({r['residual_evaluations']} residual evals)" for r in slow))


if __name__ == "__main__":
    main()
