#!/usr/bin/env python3
"""Regenerates nlopt_references.json: NLopt's LN_BOBYQA (Debian python3-nlopt) on a few catalogue
problems with the same start, bounds and initial trust radius, which
tests/derivative_free/nlopt_agreement_test.cpp checks minima's bobyqa against (the same minimizer,
and no more than twice NLopt's evaluations).

Run with Debian's interpreter:  /usr/bin/python3 tests/derivative_free/make_nlopt_references.py"""
import json
import os

import nlopt
import numpy as np


def rosenbrock(x):
    return 100.0 * (x[1] - x[0] ** 2) ** 2 + (1.0 - x[0]) ** 2


def beale(x):
    y = (1.5, 2.25, 2.625)
    return sum((y[i] - x[0] * (1.0 - x[1] ** (i + 1))) ** 2 for i in range(3))


def wood(x):
    return (100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2 + 90 * (x[3] - x[2] ** 2) ** 2
            + (1 - x[2]) ** 2 + 10 * (x[1] + x[3] - 2) ** 2 + 0.1 * (x[1] - x[3]) ** 2)


def helical_valley(x):
    th = np.arctan(x[1] / x[0]) / (2 * np.pi) if x[0] != 0 else 0.25
    if x[0] < 0:
        th += 0.5
    r = np.hypot(x[0], x[1])
    return 100 * (x[2] - 10 * th) ** 2 + 100 * (r - 1) ** 2 + x[2] ** 2


# catalogue name, function, start, bounds or None, rho_begin
CASES = [
    ("rosenbrock", rosenbrock, [-1.2, 1.0], None, 0.12),
    ("beale", beale, [1.0, 1.0], None, 0.1),
    ("wood", wood, [-3.0, -1.0, -3.0, -1.0], None, 0.3),
    ("helical-valley", helical_valley, [-1.0, 0.0, 0.0], None, 0.1),
    ("rosenbrock", rosenbrock, [-1.2, 1.0], ([-1.5, -0.5], [0.5, 2.0]), 0.12),
    ("wood", wood, [-3.0, -1.0, -3.0, -1.0], ([-4.0] * 4, [0.8, 4.0, 4.0, 4.0]), 0.3),
]

cases = []
for name, fun, x0, bounds, rho in CASES:
    n = len(x0)
    count = [0]

    def objective(x, grad):
        count[0] += 1
        return float(fun(x))

    opt = nlopt.opt(nlopt.LN_BOBYQA, n)
    opt.set_min_objective(objective)
    if bounds is not None:
        opt.set_lower_bounds(bounds[0])
        opt.set_upper_bounds(bounds[1])
    opt.set_initial_step([rho] * n)
    opt.set_xtol_abs(1e-8)
    opt.set_maxeval(100000)
    x = opt.optimize(x0)
    cases.append(dict(problem=name, x0=x0, lower=None if bounds is None else bounds[0],
                      upper=None if bounds is None else bounds[1], rho_begin=rho,
                      x=[float(v) for v in x], fun=float(opt.last_optimum_value()), nfev=count[0]))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nlopt_references.json")
with open(out, "w") as f:
    json.dump(dict(nlopt=f"{nlopt.version_major()}.{nlopt.version_minor()}.{nlopt.version_bugfix()}",
                   method="LN_BOBYQA, xtol_abs 1e-8", cases=cases), f, indent=1)
print(f"wrote {out} ({len(cases)} cases)")
