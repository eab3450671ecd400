#!/usr/bin/env python3
"""Regenerates factor_analysis_reference.json: scikit-learn's FactorAnalysis (maximum likelihood)
on data that tests/evolution/vbmfa_test.cpp regenerates bit for bit, with which VB-MFA (one
analyser, weak priors, many points) must agree: the same subspace, the same noise, the same average
log-likelihood to 1e-3 relative.

Run with Debian's interpreter:  /usr/bin/python3 tests/evolution/make_factor_analysis_reference.py

The data come from splitmix64 (uniforms (z >> 11 + 0.5) 2^-53, normals by Box-Muller's cosine
branch), which the C++ test implements too, so the JSON holds the generator's seed and the true
parameters but not the 4000 points."""
import json
import math
import os

import numpy as np
import sklearn
from sklearn.decomposition import FactorAnalysis

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self):
        return ((self.next() >> 11) + 0.5) * 2.0**-53

    def normal(self):
        u1 = self.uniform()
        u2 = self.uniform()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def main():
    seed, n, d, k = 2024, 4000, 8, 3
    g = SplitMix64(seed)
    mean = [3.0 * g.normal() for _ in range(d)]
    loadings = [[2.0 * g.normal() for _ in range(k)] for _ in range(d)]
    noise_sd = [0.3 + 0.7 * g.uniform() for _ in range(d)]
    # Points: for each, k latent normals then d noise normals.
    L, mu, sd = np.array(loadings), np.array(mean), np.array(noise_sd)
    x = np.empty((n, d))
    for i in range(n):
        z = np.array([g.normal() for _ in range(k)])
        e = np.array([g.normal() for _ in range(d)])
        x[i] = mu + L @ z + sd * e
    fa = FactorAnalysis(n_components=k, tol=1e-12, max_iter=100000, svd_method="lapack").fit(x)
    out = dict(
        generator=dict(seed=seed, n=n, d=d, k=k, mean=mean, loadings=loadings, noise_sd=noise_sd),
        sklearn_version=sklearn.__version__,
        components=fa.components_.tolist(),
        noise_variance=fa.noise_variance_.tolist(),
        mean=fa.mean_.tolist(),
        mean_log_likelihood=float(fa.score(x)),
        check_first_point=x[0].tolist(),
    )
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "factor_analysis_reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(path, "score", out["mean_log_likelihood"])


if __name__ == "__main__":
    main()
