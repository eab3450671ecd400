#!/usr/bin/python3
"""The peers' side of the constrained benchmark (bench/README.md, "Constrained test set").

Reads the problems from minima's data files (data/hock_schittkowski.json, data/bounded_problems.json:
the formula text is the only definition of each problem), builds exact gradients, Jacobians and
Hessians with sympy, and runs
  - scipy SLSQP and trust-constr on the Hock-Schittkowski set,
  - scipy L-BFGS-B on the bound-constrained set,
from the standard start x0. A run is "solved" when
  |f - f*| <= 1e-6 * max(1, |f*|)   and   max violation (equalities, inequalities, bounds) <= 1e-6.

  bench/constrained_peers.py                 table of the scipy runs
  bench/constrained_peers.py --json          the same rows as JSON (read by bench/constrained.py)
  bench/constrained_peers.py --verify        check every stored optimum (f(x*) = f*, x* feasible)
                                             and cross-check it by tight SLSQP / trust-constr solves
"""
import argparse
import json
import math
import os
import re
import sys
import time
import warnings

import numpy as np
import scipy
import sympy as sp
from scipy.optimize import Bounds, NonlinearConstraint, minimize

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("MINIMA_DATA_DIR", os.path.join(HERE, "..", "data"))
SOLVED_RTOL = 1e-6
FEAS_TOL = 1e-6

# The formula language's functions and constants (numerics/formula.hpp) in sympy.
SYMPY_NAMES = {
    "exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "sinh": sp.sinh, "cosh": sp.cosh,
    "tanh": sp.tanh, "abs": sp.Abs, "erf": sp.erf, "erfc": sp.erfc, "cbrt": sp.cbrt,
    "log10": lambda a: sp.log(a, 10), "log2": lambda a: sp.log(a, 2), "log1p": lambda a: sp.log(1 + a),
    "expm1": lambda a: sp.exp(a) - 1, "atan2": sp.atan2, "hypot": lambda a, b: sp.sqrt(a**2 + b**2),
    "pow": lambda a, b: a**b, "min": sp.Min, "max": sp.Max, "pi": sp.pi, "e": sp.E,
}


def split_constraint(text):
    """'lhs >= rhs' etc. -> (kind, expression text) with kind 'eq' (expr = 0) or 'ineq' (expr <= 0)."""
    for op in (">=", "<=", "=="):
        if op in text:
            lhs, rhs = text.split(op, 1)
            if op == ">=":
                return "ineq", f"({rhs}) - ({lhs})"
            if op == "<=":
                return "ineq", f"({lhs}) - ({rhs})"
            return "eq", f"({lhs}) - ({rhs})"
    if "=" in text:
        lhs, rhs = text.split("=", 1)
        return "eq", f"({lhs}) - ({rhs})"
    raise ValueError(f"constraint '{text}' has no '=', '<=' or '>='")


def objective_text(p):
    if "objective" in p:
        return p["objective"]
    return " + ".join(f"({r})^2" for r in p["residuals"])


def to_sympy(text, symbols):
    local = dict(SYMPY_NAMES)
    local.update({str(s): s for s in symbols})
    return sp.parse_expr(text.replace("^", "**"), local_dict=local, evaluate=True)


def bound_vector(values, n, default):
    if values is None:
        return np.full(n, default)
    return np.array([default if v is None else float(v) for v in values])


class Problem:
    def __init__(self, p, kind):
        self.name = p["name"]
        self.kind = kind
        n = p["variables"]
        self.n = n
        self.names = [f"x{i + 1}" for i in range(n)]
        xs = sp.symbols(self.names)
        self.x0 = np.array(p["x0"], dtype=float)
        self.f_min = float(p["f_min"])
        self.x_min = None if p.get("x_min") is None else np.array(p["x_min"], dtype=float)
        self.precision = float(p.get("precision", 1e-8))
        b = p.get("bounds", {})
        self.lower = bound_vector(b.get("lower"), n, -np.inf)
        self.upper = bound_vector(b.get("upper"), n, np.inf)
        f = to_sympy(objective_text(p), xs)
        self.f = sp.lambdify([xs], f, "numpy")
        grad = [sp.diff(f, v) for v in xs]
        self.g = sp.lambdify([xs], grad, "numpy")
        self.h = sp.lambdify([xs], sp.hessian(f, xs), "numpy")
        eqs, ineqs = [], []
        for c in p.get("constraints", []):
            kind_c, text = split_constraint(c)
            (eqs if kind_c == "eq" else ineqs).append(to_sympy(text, xs))
        self.m_eq, self.m_in = len(eqs), len(ineqs)
        self.c_all = eqs + ineqs  # equalities first, then h <= 0
        lam = sp.symbols(f"l0:{max(1, len(self.c_all))}")
        if self.c_all:
            self.c = sp.lambdify([xs], self.c_all, "numpy")
            self.J = sp.lambdify([xs], sp.Matrix(self.c_all).jacobian(xs), "numpy")
            lag = sum(l * c for l, c in zip(lam, self.c_all))
            self.cH = sp.lambdify([xs, lam[: len(self.c_all)]], sp.hessian(lag, xs), "numpy")

    def fun(self, x):
        return float(self.f(x))

    def grad(self, x):
        return np.array(self.g(x), dtype=float).reshape(self.n)

    def hess(self, x):
        return np.array(self.h(x), dtype=float).reshape(self.n, self.n)

    def cons(self, x):
        return np.array(self.c(x), dtype=float).reshape(-1) if self.c_all else np.zeros(0)

    def jac(self, x):
        return np.array(self.J(x), dtype=float).reshape(len(self.c_all), self.n)

    def violation(self, x):
        v = 0.0
        c = self.cons(x)
        if self.m_eq:
            v = max(v, float(np.max(np.abs(c[: self.m_eq]))))
        if self.m_in:
            v = max(v, float(np.max(c[self.m_eq:])))
        v = max(v, float(np.max(self.lower - x)), float(np.max(x - self.upper)))
        return max(v, 0.0)

    def solved(self, x, f):
        return (
            bool(np.all(np.isfinite(x)))
            and abs(f - self.f_min) <= SOLVED_RTOL * max(1.0, abs(self.f_min))
            and self.violation(x) <= FEAS_TOL
        )


def load_problems():
    problems = []
    for file, kind in (("hock_schittkowski.json", "hock-schittkowski"), ("bounded_problems.json", "bounded")):
        path = os.path.join(DATA, file)
        if not os.path.exists(path):
            continue
        with open(path) as fh:
            for p in json.load(fh)["problems"]:
                problems.append(Problem(p, kind))
    return problems


class Counter:
    """Wraps the callbacks so every evaluation is counted, whatever the method reports."""

    def __init__(self, prob):
        self.p = prob
        self.nf = self.ng = self.nh = self.nc = self.nj = 0

    def fun(self, x):
        self.nf += 1
        return self.p.fun(x)

    def grad(self, x):
        self.ng += 1
        return self.p.grad(x)

    def hess(self, x):
        self.nh += 1
        return self.p.hess(x)

    def cons(self, x):
        self.nc += 1
        return self.p.cons(x)

    def jac(self, x):
        self.nj += 1
        return self.p.jac(x)


def run_one(prob, solver, tight=False, x0=None):
    cnt = Counter(prob)
    x0 = prob.x0.copy() if x0 is None else x0
    bounds = None
    if np.any(np.isfinite(prob.lower)) or np.any(np.isfinite(prob.upper)):
        bounds = Bounds(prob.lower, prob.upper)
    tol = 1e-14 if tight else 1e-8
    m_eq, m = prob.m_eq, len(prob.c_all)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        if solver == "L-BFGS-B":
            res = minimize(cnt.fun, x0, jac=cnt.grad, method="L-BFGS-B", bounds=bounds,
                           options={"maxiter": 10000, "maxfun": 100000, "ftol": 0.0 if tight else 2.2e-9,
                                    "gtol": 1e-12 if tight else 1e-8, "maxcor": 10})
        elif solver == "SLSQP":
            cons = []
            if m_eq:
                cons.append({"type": "eq", "fun": lambda x: cnt.cons(x)[:m_eq],
                             "jac": lambda x: cnt.jac(x)[:m_eq]})
            if m > m_eq:
                cons.append({"type": "ineq", "fun": lambda x: -cnt.cons(x)[m_eq:],
                             "jac": lambda x: -cnt.jac(x)[m_eq:]})
            res = minimize(cnt.fun, x0, jac=cnt.grad, method="SLSQP", bounds=bounds, constraints=cons,
                           options={"maxiter": 1000, "ftol": tol})
        elif solver == "trust-constr":
            cons = []
            if m:
                lo = np.concatenate([np.zeros(m_eq), np.full(m - m_eq, -np.inf)])
                hi = np.zeros(m)
                cons.append(NonlinearConstraint(cnt.cons, lo, hi, jac=cnt.jac,
                                                hess=lambda x, v: np.array(prob.cH(x, v), dtype=float)))
            res = minimize(cnt.fun, x0, jac=cnt.grad, hess=cnt.hess, method="trust-constr", bounds=bounds,
                           constraints=cons,
                           options={"maxiter": 5000, "gtol": tol, "xtol": 1e-16 if tight else 1e-10})
        else:
            raise ValueError(solver)
        seconds = time.perf_counter() - t0
    x = np.asarray(res.x, dtype=float)
    f = prob.fun(x)
    return {
        "problem": prob.name, "kind": prob.kind, "solver": f"scipy {solver}", "solved": prob.solved(x, f),
        "f": f, "f_min": prob.f_min, "violation": prob.violation(x), "x": x.tolist(),
        "function_evaluations": cnt.nf, "gradient_evaluations": cnt.ng, "hessian_evaluations": cnt.nh,
        "constraint_evaluations": cnt.nc, "jacobian_evaluations": cnt.nj,
        "iterations": int(getattr(res, "nit", 0) or 0), "seconds": seconds, "message": str(res.message),
    }


def solvers_for(prob):
    return ["SLSQP", "trust-constr"] if prob.kind == "hock-schittkowski" else ["L-BFGS-B"]


def verify(problems):
    """f(x*) = f* to the stored precision, x* feasible, and tight peer solves agree with f*."""
    bad = 0
    print(f"{'problem':<28} {'f(x*)-f*':>10} {'viol(x*)':>9} {'prec':>7}   tight solves from x0 and x*: |f-f*|")
    for p in problems:
        line = f"{p.name:<28}"
        ok = True
        if p.x_min is not None:
            df = p.fun(p.x_min) - p.f_min
            viol = p.violation(p.x_min)
            scale = max(1.0, abs(p.f_min))
            ok = abs(df) <= p.precision * scale and viol <= p.precision * scale
            line += f" {df:10.1e} {viol:9.1e} {p.precision:7.0e}"
        else:
            line += f" {'-':>10} {'-':>9} {p.precision:7.0e}"
        starts = [("x0", p.x0)] + ([("x*", p.x_min)] if p.x_min is not None else [])
        for s in (["SLSQP", "trust-constr"] if p.kind == "hock-schittkowski" else ["L-BFGS-B", "SLSQP"]):
            for label, x0 in starts:
                r = run_one(p, s, tight=True, x0=x0.copy())
                good = r["violation"] <= 1e-8
                line += f"  {s}@{label} {abs(r['f'] - p.f_min):.1e}{'' if good else '(infeas ' + format(r['violation'], '.0e') + ')'}"
        print(line + ("" if ok else "   <-- STORED OPTIMUM FAILS"))
        bad += not ok
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    ap.add_argument("--verify", action="store_true", help="check the stored optima")
    ap.add_argument("--only", default="", help="comma-separated problem names")
    args = ap.parse_args()
    problems = load_problems()
    if args.only:
        keep = set(args.only.split(","))
        problems = [p for p in problems if p.name in keep]
    if args.verify:
        sys.exit(1 if verify(problems) else 0)
    rows = [run_one(p, s) for p in problems for s in solvers_for(p)]
    if args.json:
        json.dump({"scipy": scipy.__version__, "rows": rows}, sys.stdout, indent=1)
        print()
        return
    for r in rows:
        print(f"{r['problem']:<28} {r['solver']:<20} {'yes' if r['solved'] else 'NO':<4} f={r['f']:<14.8g} "
              f"viol={r['violation']:.1e} nf={r['function_evaluations']} ng={r['gradient_evaluations']} "
              f"t={r['seconds']:.4f}s")


if __name__ == "__main__":
    main()
