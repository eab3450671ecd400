#!/usr/bin/env python3
"""Regenerates scipy_references.json: scipy.optimize.least_squares and curve_fit on NIST StRD data
with added outliers, bounds that bind and weights, which tests/least_squares/scipy_agreement_test.cpp
checks minima against (parameters and covariances to 1e-6 relative).

Run with Debian's interpreter:  /usr/bin/python3 tests/least_squares/make_scipy_references.py
The data (with the outliers) are stored in the JSON too, so the test does not need scipy."""
import json
import os
import warnings

import numpy as np
import scipy
from scipy.optimize import curve_fit, least_squares

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
NIST = os.path.join(HERE, "..", "..", "data", "nist")
TIGHT = dict(ftol=1e-15, xtol=1e-15, gtol=1e-15, max_nfev=100000)

def misra1a_jac(x, b1, b2):
    e = np.exp(-b2 * x)
    return np.column_stack([1 - e, b1 * x * e])


def chwirut2_jac(x, b1, b2, b3):
    f = np.exp(-b1 * x) / (b2 + b3 * x)
    return np.column_stack([-x * f, -f / (b2 + b3 * x), -x * f / (b2 + b3 * x)])


# name -> (formula in minima's language, numpy model, its exact Jacobian, start 2, the f_scale values).
# The exact Jacobian matters: curve_fit's covariance with the default 2-point differences is off by
# ~5e-5 relative. Chwirut2's noise is ~3, so its margins are larger (at f_scale 1 its arctan cost
# has several local minima and scipy and minima stop in different ones).
MODELS = {
    "Misra1a": ("b1*(1-exp(-b2*x))", lambda x, b1, b2: b1 * (1 - np.exp(-b2 * x)), misra1a_jac,
                [250.0, 5e-4], (1.0, 4.0)),
    "Chwirut2": ("exp(-b1*x)/(b2+b3*x)", lambda x, b1, b2, b3: np.exp(-b1 * x) / (b2 + b3 * x),
                 chwirut2_jac, [0.15, 0.008, 0.010], (3.0, 10.0)),
}


def read_nist(name):
    """The y and x columns after the 'Data:' header line that names them."""
    lines = open(os.path.join(NIST, name + ".dat")).read().splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("Data:") and "y" in l.split())
    rows = [list(map(float, l.split())) for l in lines[start + 1:] if l.strip()]
    a = np.array(rows)
    return a[:, 1].copy(), a[:, 0].copy()


def finite_or_none(v):
    """JSON has no infinity: an absent bound is null."""
    return float(v) if np.isfinite(v) else None


def with_outliers(name, y):
    y = y.copy()
    if name == "Misra1a":  # y runs from 10 to 66
        y[3] += 6.0
        y[9] -= 9.0
        y[12] += 4.0
    else:  # Chwirut2: y runs from 3 to 93
        y[5] += 30.0
        y[20] -= 25.0
        y[40] += 15.0
    return y


def main():
    cases = []
    for name, (formula, model, model_jac, x0, scales) in MODELS.items():
        x, y_clean = read_nist(name)
        y = with_outliers(name, y_clean)
        fun = lambda b, x=x, y=y, model=model: y - model(x, *b)
        jac = lambda b, x=x, model_jac=model_jac: -model_jac(x, *b)
        base = dict(problem=name, model=formula, x=x.tolist(), x0=x0)
        # Each robust loss, at two margins, without bounds.
        for loss in ("linear", "soft_l1", "huber", "cauchy", "arctan"):
            for f_scale in scales:
                res = least_squares(fun, x0, jac=jac, loss=loss, f_scale=f_scale, method="trf", **TIGHT)
                cases.append(dict(base, kind="least_squares", y=y.tolist(), loss=loss, f_scale=f_scale,
                                  lower=[], upper=[], parameters=res.x.tolist(), cost=float(res.cost),
                                  status=int(res.status)))
        # Bounds that bind (the clean data), alone and with a loss.
        sol = least_squares(lambda b: y_clean - model(x, *b), x0, jac=jac, method="trf", **TIGHT).x
        lower = [-np.inf] * len(x0)
        upper = [np.inf] * len(x0)
        if name == "Misra1a":
            upper[0] = 0.9 * sol[0]          # b1 held below its optimum
        else:
            lower[1] = 1.1 * sol[1]          # b2 held above its optimum
        loose_lower = [0.5 * v if v > 0 else 2 * v for v in sol]  # bounds that do not bind
        loose_upper = [2 * v if v > 0 else 0.5 * v for v in sol]
        for data, loss, lo, hi in ((y_clean, "linear", lower, upper), (y, "huber", lower, upper),
                                   (y, "cauchy", lower, upper), (y_clean, "linear", loose_lower, loose_upper)):
            f = lambda b, data=data: data - model(x, *b)
            start = [min(max(v, l + 0.01 * abs(l)), h - 0.01 * abs(h)) for v, l, h in zip(x0, lo, hi)]
            res = least_squares(f, start, jac=jac, loss=loss, f_scale=2.0, bounds=(lo, hi), method="trf", **TIGHT)
            cases.append(dict(base, kind="least_squares", y=data.tolist(), loss=loss, f_scale=2.0, x0=start,
                              lower=[finite_or_none(v) for v in lo], upper=[finite_or_none(v) for v in hi],
                              parameters=res.x.tolist(), cost=float(res.cost), status=int(res.status),
                              active_mask=res.active_mask.tolist()))
        # Weights: curve_fit with sigma, relative and absolute.
        sigma = np.array([0.5 + 0.25 * (i % 4) for i in range(len(x))]) * (1.0 if name == "Misra1a" else 2.0)
        for absolute in (False, True):
            popt, pcov = curve_fit(model, x, y_clean, p0=x0, sigma=sigma, absolute_sigma=absolute,
                                   jac=model_jac, method="trf", **TIGHT)
            cases.append(dict(base, kind="curve_fit", y=y_clean.tolist(), sigma=sigma.tolist(),
                              absolute_sigma=absolute, loss="linear", f_scale=1.0, lower=[], upper=[],
                              parameters=popt.tolist(), covariance=pcov.tolist()))
        # curve_fit with a robust loss (its covariance uses least_squares' corrected Jacobian).
        popt, pcov = curve_fit(model, x, y, p0=x0, jac=model_jac, method="trf", loss="soft_l1", f_scale=2.0, **TIGHT)
        cases.append(dict(base, kind="curve_fit", y=y.tolist(), sigma=[], absolute_sigma=False,
                          loss="soft_l1", f_scale=2.0, lower=[], upper=[], parameters=popt.tolist(),
                          covariance=pcov.tolist()))
    out = dict(scipy_version=scipy.__version__, numpy_version=np.__version__, cases=cases)
    path = os.path.join(HERE, "scipy_references.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
    print(f"{len(cases)} cases written to {path} (scipy {scipy.__version__})")


if __name__ == "__main__":
    main()
