#!/usr/bin/python3
"""minima's Python package against scipy and scikit-learn, in one run (bench/README.md):

  1. L-BFGS on a numpy extended Rosenbrock, n = 1e2, 1e4, 1e5, 1e6: minima.minimize against
     scipy.optimize.minimize, both method='L-BFGS-B', the same gtol (ftol off), time and evaluations;
  2. the per-call overhead of a Python objective and of a Python callback, minima against scipy;
  3. curve_fit on the 27 NIST StRD problems from both starts against scipy.optimize.curve_fit ('lm'),
     with the exact Jacobian (sympy, the models of bench/nist_compare.py);
  4. Lasso, ElasticNet and LassoCV (eps 1e-2 when p > n) through Python against scikit-learn on the
     data of bench/linear_models.py (its --quick sizes by default; --full for 1e5 x 1e3 and 1e3 x 1e4).

    PYTHONPATH=build/python /usr/bin/python3 bench/python_vs_scipy.py [--quick] [--full] [--only 1,2,3,4] [--repeats N]
"""
import argparse
import math
import os
import sys
import time
import warnings

import numpy as np
import scipy.optimize as so

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import minima  # noqa: E402


def best_of(fn, repeats):
    """(smallest wall time, result of the last call)."""
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def rosen_ext(x):
    x1, x2 = x[0::2], x[1::2]
    t1 = x2 - x1 * x1
    t2 = 1.0 - x1
    g = np.empty_like(x)
    g[0::2] = -400.0 * x1 * t1 - 2.0 * t2
    g[1::2] = 200.0 * t1
    return float(np.sum(100.0 * t1 * t1 + t2 * t2)), g


def section_lbfgs(sizes, gtol):
    print(f"\n## 1. L-BFGS on extended Rosenbrock (numpy), gtol = {gtol:g}, ftol off, memory 10\n")
    print("| n | solver | seconds | nfev | nit | f | ‖g‖∞ | time ratio minima/scipy |")
    print("|---|---|---|---|---|---|---|---|")
    for n in sizes:
        x0 = np.tile([-1.2, 1.0], n // 2)
        repeats = 5 if n <= 10**4 else (2 if n <= 10**5 else 1)
        opts = {"gtol": gtol, "ftol": 0.0, "maxiter": 100000, "maxfun": 100000}
        tm, rm = best_of(lambda: minima.minimize(rosen_ext, x0, jac=True, method="L-BFGS-B", options=opts), repeats)
        ts, rs = best_of(lambda: so.minimize(rosen_ext, x0, jac=True, method="L-BFGS-B", options=opts), repeats)
        for name, t, r in (("minima", tm, rm), ("scipy", ts, rs)):
            gn = np.max(np.abs(rosen_ext(r.x)[1]))
            ratio = f"{tm / ts:.2f}" if name == "minima" else ""
            print(f"| {n:.0e} | {name} | {t:.4f} | {r.nfev} | {r.nit} | {r.fun:.3e} | {gn:.1e} | {ratio} |", flush=True)


def section_overhead(repeats):
    n, runs = 10, 100
    print(f"\n## 2. Per-call overhead of Python functions (L-BFGS-B, extended Rosenbrock n = {n}, gtol 1e-12, "
          f"{runs} runs per sample, {repeats} samples in random order, process CPU time)\n")
    x0 = np.tile([-1.2, 1.0], n // 2)
    clock = time.process_time  # CPU time: other processes on a loaded machine do not count
    direct = []
    for _ in range(repeats):
        t0 = clock()
        for _ in range(20000):
            rosen_ext(x0)
        direct.append((clock() - t0) / 20000)
    t_fun = min(direct)
    opts = {"gtol": 1e-12, "ftol": 0.0, "maxiter": 100000}
    print(f"The objective itself: {t_fun * 1e6:.2f} µs per call (direct loop, best of {repeats}).\n")
    callbacks = {"none": None, "new": lambda intermediate_result: None, "old": lambda xk: None}
    samples = {}
    solvers = {"minima": minima.minimize, "scipy": so.minimize}
    order = [(name, kind) for name in solvers for kind in callbacks]
    shuffle = np.random.default_rng(1)
    for _ in range(repeats):  # every combination once per sample, in a new random order each time
        for i in shuffle.permutation(len(order)):
            name, kind = order[i]
            run, cb = solvers[name], callbacks[kind]
            t0 = clock()
            for _ in range(runs):
                r = run(rosen_ext, x0, jac=True, method="L-BFGS-B", options=opts, callback=cb)
            samples.setdefault((name, kind), []).append((clock() - t0) / runs)
            samples[(name, "result")] = r
    print("| solver | ms per run | nfev | nit | µs per evaluation | overhead µs per evaluation | "
          "callback(intermediate_result) µs per iteration | callback(xk) µs per iteration |")
    print("|---|---|---|---|---|---|---|---|")
    for name in ("minima", "scipy"):
        r = samples[(name, "result")]
        t = float(np.median(samples[(name, "none")]))
        per = t / r.nfev
        cb = [float(np.median(np.subtract(samples[(name, kind)], samples[(name, "none")]))) / max(r.nit, 1)
              for kind in ("new", "old")]
        print(f"| {name} | {t * 1e3:.3f} | {r.nfev} | {r.nit} | {per * 1e6:.2f} | {(per - t_fun) * 1e6:.2f} | "
              f"{cb[0] * 1e6:.2f} | {cb[1] * 1e6:.2f} |", flush=True)
    print("\n(medians over the samples; a callback's cost is the median of the paired differences with and "
          "without it, per iteration.)")


def section_nist(repeats):
    import sympy as sp
    from nist_compare import MODELS, lre, read_nist

    print("\n## 3. curve_fit on NIST StRD (exact Jacobian, ftol = xtol = gtol = 1e-15, 'lm')\n")
    print("| problem | start | minima LRE | scipy LRE | minima nfev | scipy nfev | minima ms | scipy ms |")
    print("|---|---|---|---|---|---|---|---|")
    totals = {"minima": [0.0, 0, 0], "scipy": [0.0, 0, 0]}
    for name in MODELS:
        p = read_nist(name)
        n = len(p["cert"])
        b = sp.symbols(" ".join(f"b{j + 1}" for j in range(n)))
        b = b if isinstance(b, tuple) else (b,)
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
        model = lambda X, *bv: np.broadcast_to(f(bv, X), (m,))  # noqa: E731
        jac = lambda X, *bv: np.column_stack([np.broadcast_to(g(bv, X), (m,)) for g in grads])  # noqa: E731
        for start in (1, 2):
            p0 = p["start"][start - 1]
            row = {}
            for solver in ("minima", "scipy"):
                calls = [0]

                def counted(X, *bv):
                    calls[0] += 1
                    return model(X, *bv)

                def fit():
                    calls[0] = 0
                    with warnings.catch_warnings(), np.errstate(all="ignore"):
                        warnings.simplefilter("ignore")
                        try:
                            if solver == "minima":
                                return minima.curve_fit(counted, X, y, p0=p0, jac=jac, ftol=1e-15, xtol=1e-15,
                                                        gtol=1e-15, max_nfev=100000)[0]
                            return so.curve_fit(counted, X, y, p0=p0, jac=jac, method="lm", ftol=1e-15, xtol=1e-15,
                                                gtol=1e-15, maxfev=100000)[0]
                        except (RuntimeError, ValueError, np.linalg.LinAlgError):
                            return np.full(n, np.nan)

                t, popt = best_of(fit, repeats)
                w = min(lre(popt[j], p["cert"][j], p["digits"][j]) for j in range(n))
                row[solver] = (w, calls[0], t)
                totals[solver][0] += t
                totals[solver][1] += w >= 4
                totals[solver][2] += calls[0]
            (wm, cm, tm), (ws, cs, ts) = row["minima"], row["scipy"]
            print(f"| {name} | {start} | {wm:.1f} | {ws:.1f} | {cm} | {cs} | {tm * 1e3:.2f} | {ts * 1e3:.2f} |", flush=True)
    for s, (t, ok, calls) in totals.items():
        print(f"\n{s}: {ok}/54 runs with LRE >= 4, {calls} model calls, {t:.3f} s in all", end="")
    print()


def section_linear(full, repeats):
    import sklearn
    import sklearn.linear_model as skl
    from linear_models import alpha_max, make_data, objective

    sets = [("tall", 100000, 1000, 7), ("wide", 1000, 10000, 8)] if full else \
        [("tall", 10000, 200, 7), ("wide", 200, 2000, 8)]
    print(f"\n## 4. Linear models through Python against scikit-learn {sklearn.__version__} "
          f"(process CPU seconds, best of {repeats})\n")
    print("| data | model | minima s | scikit-learn s | ratio sklearn/minima | objective rel. diff |")
    print("|---|---|---|---|---|---|")
    for set_name, n, p, seed in sets:
        X, y = make_data(n, p, seed)
        for model in ("lasso", "enet", "lassocv"):
            rho = 1.0 if model != "enet" else 0.5
            a = 0.05 * alpha_max(X, y, rho)
            if model == "lassocv":  # alpha down to 1e-2 alpha_max when p > n, as bench/linear_models.py
                eps = 1e-2 if p > n else 1e-3
                ours = lambda: minima.linear_model.LassoCV(cv=5, n_alphas=100, eps=eps, tol=1e-10,  # noqa: E731
                                                           max_iter=10**6)
                theirs = lambda: skl.LassoCV(cv=5, n_alphas=100, eps=eps, tol=1e-9, max_iter=10**6)  # noqa: E731
            else:
                ours = lambda: minima.linear_model.ElasticNet(alpha=a, l1_ratio=rho, tol=1e-10, max_iter=10**6)  # noqa: E731
                theirs = lambda: skl.ElasticNet(alpha=a, l1_ratio=rho, tol=1e-9, max_iter=10**6)  # noqa: E731
            res = {}
            for solver, make in (("minima", ours), ("sklearn", theirs)):
                times = []
                for _ in range(repeats):
                    est = make()
                    t0 = time.process_time()
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        est.fit(X, y)
                    times.append(time.process_time() - t0)
                alpha = est.alpha_ if model == "lassocv" else a
                case = {"kind": "enet", "alpha": alpha, "l1_ratio": rho}
                res[solver] = (min(times), objective(case, X, y, est.coef_, est.intercept_))
            (tm, om), (ts, os_) = res["minima"], res["sklearn"]
            diff = abs(om - os_) / abs(os_)
            print(f"| {set_name} {n}×{p} | {model} | {tm:.3f} | {ts:.3f} | {ts / tm:.2f} | {diff:.1e} |", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="n up to 1e5, fewer repeats")
    ap.add_argument("--full", action="store_true", help="the linear models at bench/linear_models.py's full size")
    ap.add_argument("--only", default="1,2,3,4", help="sections to run, e.g. 1,3")
    ap.add_argument("--repeats", type=int, help="timed repeats in sections 3 and 4 (default 3, --quick 1)")
    args = ap.parse_args()
    only = set(args.only.split(","))
    print(f"minima {os.path.dirname(minima.__file__)}; numpy {np.__version__}; scipy {__import__('scipy').__version__}")
    print(f"load average at start: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} "
          f"({os.cpu_count()} CPUs)")
    if "1" in only:
        section_lbfgs([100, 10**4, 10**5] if args.quick else [100, 10**4, 10**5, 10**6], 1e-6)
    if "2" in only:
        section_overhead(11 if args.quick else 41)
    if "3" in only:
        section_nist(args.repeats or (1 if args.quick else 3))
    if "4" in only:
        section_linear(args.full, args.repeats or (1 if args.quick else 3))
    print(f"\nload average at end: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
