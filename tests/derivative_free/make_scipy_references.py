#!/usr/bin/env python3
"""Regenerates scipy_references.json: scipy.optimize.minimize(method='Nelder-Mead'), adaptive=True
and adaptive=False, on a few catalogue problems (same start, same initial simplex, same xatol/fatol tests), which
tests/derivative_free/scipy_agreement_test.cpp checks minima's nelder-mead against: with restarts
off the two run the same iteration, so the evaluation counts must agree and the points to 1e-9.

Run with Debian's interpreter:  /usr/bin/python3 tests/derivative_free/make_scipy_references.py"""
import json
import os

import numpy as np
import scipy
from scipy.optimize import Bounds, minimize


def rosenbrock(x):
    return 100.0 * (x[1] - x[0] ** 2) ** 2 + (1.0 - x[0]) ** 2


def beale(x):
    y = (1.5, 2.25, 2.625)
    return sum((y[i] - x[0] * (1.0 - x[1] ** (i + 1))) ** 2 for i in range(3))


def powell_singular(x):
    return ((x[0] + 10 * x[1]) ** 2 + 5 * (x[2] - x[3]) ** 2 + (x[1] - 2 * x[2]) ** 4
            + 10 * (x[0] - x[3]) ** 4)


def wood(x):
    return (100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2 + 90 * (x[3] - x[2] ** 2) ** 2
            + (1 - x[2]) ** 2 + 10 * (x[1] + x[3] - 2) ** 2 + 0.1 * (x[1] - x[3]) ** 2)


# name in minima's catalogue, function, start, bounds (None or (lower, upper)), xatol = fatol
CASES = [
    ("rosenbrock", rosenbrock, [-1.2, 1.0], None, 1e-10),
    ("beale", beale, [1.0, 1.0], None, 1e-10),
    ("powell-singular", powell_singular, [3.0, -1.0, 0.0, 1.0], None, 1e-8),
    ("wood", wood, [-3.0, -1.0, -3.0, -1.0], None, 1e-10),
    ("rosenbrock", rosenbrock, [-1.2, 1.0], ([-2.0, -2.0], [0.5, 2.0]), 1e-10),
    ("wood", wood, [-3.0, -1.0, -3.0, -1.0], ([-4.0, -4.0, -4.0, -4.0], [0.8, 4.0, 4.0, 4.0]), 1e-10),
]

cases = []
for adaptive in (True, False):
    for name, fun, x0, bounds, tol in CASES:
        b = None if bounds is None else Bounds(*bounds)
        r = minimize(fun, np.array(x0), method="Nelder-Mead", bounds=b,
                     options=dict(adaptive=adaptive, xatol=tol, fatol=tol, maxiter=100000, maxfev=100000))
        cases.append(dict(problem=name, adaptive=adaptive, x0=x0, lower=None if bounds is None else bounds[0],
                          upper=None if bounds is None else bounds[1], tol=tol, x=[float(v) for v in r.x],
                          fun=float(r.fun), nfev=int(r.nfev), nit=int(r.nit), status=int(r.status)))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scipy_references.json")
with open(out, "w") as f:
    json.dump(dict(scipy=scipy.__version__, method="Nelder-Mead (adaptive=True, then adaptive=False)", cases=cases),
              f, indent=1)
print(f"wrote {out} ({len(cases)} cases, scipy {scipy.__version__})")
