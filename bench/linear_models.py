#!/usr/bin/python3
"""Regularized regression: minima against scikit-learn and R's glmnet on the same data, in one run.

  /usr/bin/python3 bench/linear_models.py [--build build-bench[,build-native]] [--quick]
                                          [--only tall,wide] [--cases NAME,...] [--skip sklearn,glmnet]

--build takes one or more build folders (comma list): each is run as its own solver, labelled
"minima (FOLDER)", with its own ratio column (e.g. the portable and the -march=native builds).
--cases runs only the named cases (e.g. tall-ridge,wide-enet), every solver one after another.

Generates the data (seeded; y standardized to mean 0 and population sd 1 so that glmnet's internal
scaling of y changes nothing), writes it to a temporary folder, runs build-bench/bench/
bench_linear_models (minima), scikit-learn in this process and glmnet through Rscript, then scores
every solution with the same objective
    P(w, b) = 1/(2n) ||y - Xw - b||^2 + alpha*rho*||w||_1 + alpha*(1-rho)/2*||w||^2
(ridge: ||y - Xw - b||^2 + alpha*||w||^2, scikit-learn's) and prints times, ratios and the objective
gap to the best solver. Tolerances are set so every solver reaches the objective to about 1e-8
relative: scikit-learn tol=1e-9 (gap <= tol*||y||^2), glmnet thresh=1e-13, minima tol=1e-10.
Cross-validation runs each solver at the same tolerances (folds differ between tools, so only times
and the chosen alpha are compared). Times are process CPU seconds (robust on a shared machine; BLAS threads,
if any, are summed), measured around the fitting call only.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def make_data(n, p, seed, sparse_k=20):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, p))
    # Correlated columns (a common factor) and unequal scales, as real designs have.
    x += 0.3 * rng.standard_normal((n, 1))
    x *= rng.uniform(0.5, 2.0, p)
    w = np.zeros(p)
    idx = rng.choice(p, sparse_k, replace=False)
    w[idx] = rng.normal(0, 1, sparse_k)
    y = x @ w + rng.normal(0, 1.0, n)
    y = (y - y.mean()) / y.std()
    return np.asfortranarray(x), y


def objective(case, x, y, w, b):
    r = y - x @ w - b
    n = len(y)
    if case["kind"] == "ridge":
        return r @ r + case["alpha"] * (w @ w)
    a, rho = case["alpha"], case["l1_ratio"]
    return (r @ r) / (2 * n) + a * rho * np.abs(w).sum() + a * (1 - rho) / 2 * (w @ w)


def alpha_max(x, y, rho):
    xc = x - x.mean(axis=0)
    return np.abs(xc.T @ (y - y.mean())).max() / (len(y) * rho)


def run_sklearn(case, x, y):
    from sklearn.linear_model import ElasticNet, ElasticNetCV, Ridge, enet_path
    t0 = time.process_time()
    kind = case["kind"]
    if kind == "ridge":
        m = Ridge(alpha=case["alpha"]).fit(x, y)
        out = (m.coef_[:, None], np.array([m.intercept_]))
    elif kind == "enet":
        m = ElasticNet(alpha=case["alpha"], l1_ratio=case["l1_ratio"], tol=1e-9,
                       max_iter=100000).fit(x, y)
        out = (m.coef_[:, None], np.array([m.intercept_]))
    elif kind == "path":
        # enet_path fits no intercept: give it centered data (the same problem).
        xm, ym = x.mean(axis=0), y.mean()
        alphas, coefs, _ = enet_path(x - xm, y - ym, l1_ratio=case["l1_ratio"], eps=case["eps"],
                                     n_alphas=case["n_alphas"], tol=1e-9, max_iter=100000)
        out = (coefs, ym - xm @ coefs)
        case["alphas"] = alphas.tolist()
    elif kind == "cv":
        m = ElasticNetCV(l1_ratio=case["l1_ratio"], eps=case["eps"], n_alphas=case["n_alphas"],
                         cv=case["folds"], tol=1e-9, max_iter=100000, n_jobs=1).fit(x, y)
        out = (m.coef_[:, None], np.array([m.intercept_]))
        case["sklearn_alpha_min"] = float(m.alpha_)
    seconds = time.process_time() - t0
    return seconds, out


GLMNET_R = r"""
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; set <- args[2]; n <- as.integer(args[3]); p <- as.integer(args[4])
suppressMessages(library(glmnet))
con <- file(file.path(dir, paste0(set, ".bin")), "rb")
x <- matrix(readBin(con, "double", n * p), n, p)
y <- readBin(con, "double", n)
close(con)
cases <- jsonlite_free <- NULL
lines <- readLines(file.path(dir, paste0("glmnet_", set, ".txt")))
for (line in lines) {
  f <- strsplit(line, " ")[[1]]
  name <- f[1]; kind <- f[2]; alpha <- as.numeric(f[3]); rho <- as.numeric(f[4])
  t0 <- sum(proc.time()[c("user.self", "sys.self")])
  if (kind == "ridge") {
    fit <- glmnet(x, y, alpha = 0, lambda = alpha / n, standardize = FALSE, thresh = 1e-13)
    beta <- as.matrix(coef(fit))
  } else if (kind == "enet") {
    fit <- glmnet(x, y, alpha = rho, lambda = alpha, standardize = FALSE, thresh = 1e-13)
    beta <- as.matrix(coef(fit))
  } else if (kind == "path") {
    lambdas <- as.numeric(strsplit(f[5], ",")[[1]])
    fit <- glmnet(x, y, alpha = rho, lambda = lambdas, standardize = FALSE, thresh = 1e-13)
    beta <- as.matrix(coef(fit))
  } else if (kind == "cv") {
    nfolds <- as.integer(f[5]); nl <- as.integer(f[6]); ratio <- as.numeric(f[7])
    set.seed(1)
    fit <- cv.glmnet(x, y, alpha = rho, nfolds = nfolds, nlambda = nl, lambda.min.ratio = ratio,
                     standardize = FALSE, thresh = 1e-13)
    beta <- as.matrix(coef(fit, s = "lambda.min"))
    cat(sprintf("cvlambda %s %.17g\n", name, fit$lambda.min))
  }
  el <- sum(proc.time()[c("user.self", "sys.self")]) - t0
  out <- file(file.path(dir, paste0("glmnet_", name, ".bin")), "wb")
  writeBin(as.vector(beta[-1, , drop = FALSE]), out)
  writeBin(as.vector(beta[1, ]), out)
  close(out)
  cat(sprintf("time %s %.6f\n", name, el))
}
"""


def read_solution(path, p, k):
    v = np.fromfile(path, dtype=np.float64)
    return v[: p * k].reshape((p, k), order="F"), v[p * k: p * k + k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--quick", action="store_true", help="smaller data (for trying the script)")
    ap.add_argument("--only", default="tall,wide")
    ap.add_argument("--skip", default="", help="comma list of solvers to skip: sklearn,glmnet")
    ap.add_argument("--cases", default="", help="comma list of case names to run (default: all)")
    args = ap.parse_args()
    builds = []
    for build in args.build.split(","):
        binary = os.path.join(build, "bench", "bench_linear_models")
        if not os.path.exists(binary):
            sys.exit(f"{binary} not found: cmake -S . -B build-bench -DMINIMA_BUILD_BENCH=ON && "
                     "cmake --build build-bench --target bench_linear_models")
        label = "minima" if len(args.build.split(",")) == 1 else \
            f"minima ({os.path.basename(os.path.normpath(build))})"
        builds.append((label, binary))
    shapes = {"tall": (100_000, 1_000), "wide": (1_000, 10_000)}
    if args.quick:
        shapes = {"tall": (10_000, 200), "wide": (200, 2_000)}
    skip = set(filter(None, args.skip.split(",")))
    tmp = tempfile.mkdtemp(prefix="minima-bench-lm-")
    meta, cases, data = {}, [], {}
    for set_name in args.only.split(","):
        n, p = shapes[set_name]
        x, y = make_data(n, p, seed=7 if set_name == "tall" else 8)
        data[set_name] = (x, y)
        with open(os.path.join(tmp, set_name + ".bin"), "wb") as f:
            x.ravel(order="F").tofile(f)
            y.tofile(f)
        meta[set_name] = dict(n=n, p=p, file=set_name + ".bin")
        amax = alpha_max(x, y, 1.0)
        cases += [
            dict(name=f"{set_name}-ridge", dataset=set_name, kind="ridge", alpha=float(n) * 0.1),
            dict(name=f"{set_name}-lasso", dataset=set_name, kind="enet", alpha=0.05 * amax,
                 l1_ratio=1.0),
            dict(name=f"{set_name}-enet", dataset=set_name, kind="enet", alpha=0.05 * amax,
                 l1_ratio=0.5),
            dict(name=f"{set_name}-lasso-path", dataset=set_name, kind="path", l1_ratio=1.0,
                 n_alphas=100, eps=1e-3 if n > p else 1e-2),
            dict(name=f"{set_name}-enet-cv", dataset=set_name, kind="cv", l1_ratio=0.5,
                 n_alphas=100, eps=1e-3 if n > p else 1e-2, folds=5),
        ]
    if args.cases:
        wanted = set(args.cases.split(","))
        unknown = wanted - {c["name"] for c in cases}
        if unknown:
            sys.exit(f"unknown cases {sorted(unknown)}; known: {[c['name'] for c in cases]}")
        cases = [c for c in cases if c["name"] in wanted]
    with open(os.path.join(tmp, "meta.json"), "w") as f:
        json.dump(meta, f)
    with open(os.path.join(tmp, "cases.json"), "w") as f:
        json.dump(cases, f)

    results = {c["name"]: {} for c in cases}
    for label, binary in builds:
        print(f"data in {tmp}; running {label} ...", file=sys.stderr)
        minima = json.loads(subprocess.run([binary, tmp], check=True, capture_output=True,
                                           text=True).stdout)
        for c in cases:
            x, y = data[c["dataset"]]
            k = c["n_alphas"] if c["kind"] == "path" else 1
            w, b = read_solution(os.path.join(tmp, f"minima_{c['name']}.bin"), x.shape[1], k)
            results[c["name"]][label] = (minima[c["name"]]["cpu_seconds"], w, b)
    if "sklearn" not in skip:
        for c in cases:
            x, y = data[c["dataset"]]
            print(f"  sklearn {c['name']} ...", file=sys.stderr)
            s, (w, b) = run_sklearn(c, x, y)
            results[c["name"]]["scikit-learn"] = (s, w, b)
    if "glmnet" not in skip:
        script = os.path.join(tmp, "glmnet.R")
        with open(script, "w") as f:
            f.write(GLMNET_R)
        for set_name in data:
            x, y = data[set_name]
            n, p = x.shape
            if not any(c["dataset"] == set_name and not (c["kind"] == "ridge" and p > n)
                       for c in cases):
                continue
            with open(os.path.join(tmp, f"glmnet_{set_name}.txt"), "w") as f:
                for c in cases:
                    if c["dataset"] != set_name:
                        continue
                    if c["kind"] == "ridge" and x.shape[1] > x.shape[0]:
                        continue  # glmnet's ridge is coordinate descent: hours at p > n to 1e-13
                    extra = ""
                    if c["kind"] == "path":
                        # The same alpha grid as the others (glmnet's own differs slightly).
                        grid = np.geomspace(alpha_max(x, y, c["l1_ratio"]),
                                            alpha_max(x, y, c["l1_ratio"]) * c["eps"], c["n_alphas"])
                        extra = " " + ",".join(repr(float(a)) for a in grid)
                    if c["kind"] == "cv":
                        extra = f" {c['folds']} {c['n_alphas']} {c['eps']}"
                    f.write(f"{c['name']} {c['kind']} {c.get('alpha', 0)!r} "
                            f"{c.get('l1_ratio', 0)!r}{extra}\n")
            print(f"  glmnet {set_name} ...", file=sys.stderr)
            out = subprocess.run(["Rscript", script, tmp, set_name, str(n), str(p)], check=True,
                                 capture_output=True, text=True).stdout
            for line in out.splitlines():
                f = line.split()
                if f[0] == "time":
                    c = next(c for c in cases if c["name"] == f[1])
                    k = c["n_alphas"] if c["kind"] == "path" else 1
                    w, b = read_solution(os.path.join(tmp, f"glmnet_{f[1]}.bin"), p, k)
                    results[f[1]]["glmnet"] = (float(f[2]), w, b)

    labels = [label for label, _ in builds]
    print("\n| case | n × p | solver | CPU time (s) | " +
          " | ".join(f"{label} / solver" for label in labels) + " | objective − best (relative) |")
    print("|---|---|---|---:|" + "---:|" * len(labels) + "---:|")
    for c in cases:
        x, y = data[c["dataset"]]
        r = results[c["name"]]
        if c["kind"] == "path":
            grid = np.geomspace(alpha_max(x, y, c["l1_ratio"]),
                                alpha_max(x, y, c["l1_ratio"]) * c["eps"], c["n_alphas"])
        objs = {}
        for solver, (s, w, b) in r.items():
            if c["kind"] == "path":
                objs[solver] = np.array([objective(dict(c, alpha=a), x, y, w[:, k], b[k])
                                         for k, a in enumerate(grid)])
            elif c["kind"] == "cv":
                objs[solver] = None
            else:
                objs[solver] = np.array([objective(c, x, y, w[:, 0], b[0])])
        best = None
        if c["kind"] != "cv":
            best = np.min(np.vstack([o for o in objs.values()]), axis=0)
        for solver, (s, w, b) in r.items():
            gap = "—" if best is None else f"{np.max((objs[solver] - best) / np.abs(best)):.1e}"
            ratios = " | ".join("—" if solver == label else f"{r[label][0] / s:.2f}"
                                for label in labels)
            print(f"| {c['name']} | {x.shape[0]} × {x.shape[1]} | {solver} | {s:.3f} | {ratios} | {gap} |")
    print(f"\n(data and solutions left in {tmp})")


if __name__ == "__main__":
    main()
