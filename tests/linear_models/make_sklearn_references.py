#!/usr/bin/env python3
"""Regenerates sklearn_references.json: scikit-learn's coefficients on fixed data, which
tests/linear_models/sklearn_agreement_test.cpp checks minima against (to 1e-6 relative).

Run with Debian's interpreter:  /usr/bin/python3 tests/linear_models/make_sklearn_references.py
The data sets are stored in the JSON too, so the test does not need scikit-learn."""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge, lasso_path, enet_path

warnings.filterwarnings("ignore")
TIGHT = dict(tol=1e-13, max_iter=10**7)


def standardized_fit(model, x, y):
    """scikit-learn has no `standardize`: scale by the population std (glmnet's), fit, unscale."""
    mean, sd = x.mean(axis=0), x.std(axis=0)
    model.fit((x - mean) / sd, y)
    w = model.coef_ / sd
    return w, float(model.intercept_ - mean @ w)


def cases_for(x, y, alphas_ridge, alphas_lasso, enets, path_eps):
    cases = []
    def add(kind, params, w, b):
        cases.append(dict(model=kind, **params, coefficients=[float(v) for v in w],
                          intercept=float(b)))
    if x.shape[1] + 1 <= x.shape[0]:
        m = LinearRegression().fit(x, y)
        add("ols", dict(fit_intercept=True), m.coef_, m.intercept_)
    for fi in (True, False):
        for a in alphas_ridge:
            m = Ridge(alpha=a, fit_intercept=fi, solver="svd").fit(x, y)
            add("ridge", dict(alpha=a, fit_intercept=fi, standardize=False), m.coef_,
                m.intercept_ if fi else 0.0)
        for a in alphas_lasso:
            m = Lasso(alpha=a, fit_intercept=fi, **TIGHT).fit(x, y)
            add("lasso", dict(alpha=a, l1_ratio=1.0, fit_intercept=fi, standardize=False), m.coef_,
                m.intercept_ if fi else 0.0)
        for a, r in enets:
            m = ElasticNet(alpha=a, l1_ratio=r, fit_intercept=fi, **TIGHT).fit(x, y)
            add("elastic-net", dict(alpha=a, l1_ratio=r, fit_intercept=fi, standardize=False),
                m.coef_, m.intercept_ if fi else 0.0)
    a, r = enets[0]
    w, b = standardized_fit(ElasticNet(alpha=a, l1_ratio=r, **TIGHT), x, y)
    add("elastic-net", dict(alpha=a, l1_ratio=r, fit_intercept=True, standardize=True), w, b)
    w, b = standardized_fit(Ridge(alpha=alphas_ridge[0], solver="svd"), x, y)
    add("ridge", dict(alpha=alphas_ridge[0], fit_intercept=True, standardize=True), w, b)
    # A lasso path on centered data (lasso_path itself fits no intercept).
    xc, yc = x - x.mean(axis=0), y - y.mean()
    alphas, coefs, _ = lasso_path(xc, yc, eps=path_eps, n_alphas=15, **TIGHT)
    path = dict(l1_ratio=1.0, eps=path_eps, n_alphas=15, alphas=alphas.tolist(),
                coefficients=coefs.T.tolist())
    alphas, coefs, _ = enet_path(xc, yc, l1_ratio=0.5, eps=path_eps, n_alphas=15, **TIGHT)
    enet = dict(l1_ratio=0.5, eps=path_eps, n_alphas=15, alphas=alphas.tolist(),
                coefficients=coefs.T.tolist())
    return cases, [path, enet]


def dataset(name, x, y, **kw):
    cases, paths = cases_for(x, y, **kw)
    return dict(name=name, x=x.tolist(), y=y.tolist(), cases=cases, paths=paths)


def main():
    diabetes = load_diabetes()
    rng = np.random.default_rng(20261123)
    # Tall: offsets and unequal scales exercise centering and standardization.
    n, p = 120, 15
    xt = rng.normal(loc=rng.uniform(-5, 5, p), scale=rng.uniform(0.2, 4.0, p), size=(n, p))
    wt = np.where(rng.random(p) < 0.4, rng.normal(0, 2, p), 0.0)
    yt = xt @ wt + 3.0 + rng.normal(0, 1.0, n)
    # Wide: more features than rows (the naive coordinate updates).
    n, p = 40, 90
    xw = rng.normal(size=(n, p))
    ww = np.zeros(p)
    ww[:6] = [3, -2, 1.5, 4, -1, 2]
    yw = xw @ ww + rng.normal(0, 0.5, n)
    out = dict(
        generator="tests/linear_models/make_sklearn_references.py",
        sklearn_version=sklearn.__version__,
        datasets=[
            dataset("diabetes", diabetes.data, diabetes.target, alphas_ridge=[0.01, 1.0, 100.0],
                    alphas_lasso=[0.01, 0.1, 1.0], enets=[(0.01, 0.5), (0.001, 0.2), (0.1, 0.9)],
                    path_eps=1e-3),
            dataset("generated-tall", xt, yt, alphas_ridge=[0.5, 50.0], alphas_lasso=[0.02, 0.3],
                    enets=[(0.05, 0.5), (0.2, 0.1)], path_eps=1e-2),
            dataset("generated-wide", xw, yw, alphas_ridge=[0.5, 20.0], alphas_lasso=[0.05, 0.3],
                    enets=[(0.05, 0.5), (0.3, 0.8)], path_eps=1e-2),
        ])
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "sklearn_references.json"), "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
