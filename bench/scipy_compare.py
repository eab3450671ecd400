#!/usr/bin/python3
"""minima's BFGS, Newton and trust-region methods against scipy.optimize, evaluation counts side by side.

minima runs through its CLI (`minima minimize --problem NAME --method M --json --gtol TOL`); scipy gets
the same problems written here in numpy (Moré, Garbow & Hillstrom 1981, "Testing Unconstrained
Optimization Software", ACM TOMS 7(1); data, starts and f* copied from src/problems/*.cpp), each with
an analytic gradient and Hessian (for sums of squares f = Σ rᵢ², ∇f = 2Jᵀr, ∇²f = 2(JᵀJ + Σ rᵢ∇²rᵢ)).

Before anything is compared the script checks, per problem, that these numpy functions give minima's
f and ‖∇f‖∞ at the standard start and at a second point (relative 1e-12 and 1e-10), and that the
gradient and Hessian agree with central differences of f and of the gradient.

The stopping test is the same for everybody, ‖∇f‖∞ <= tol at an iterate (default tol = 1e-6):
minima's `--gtol`; scipy BFGS `gtol = tol, norm = inf` (its own test is exactly this); for Newton-CG
(whose only test is on the step), trust-exact, trust-ncg and dogleg (2-norm test) the test is applied
in the callback after each iteration, the run is stopped there, and if the solver had not yet
evaluated the gradient at that iterate one gradient evaluation is added (the cost of the test).
scipy's counts are the calls actually made to the functions given to it (scipy caches by x, so they
equal its nfev/njev; its Newton-CG nhev leaves out the Hessian at x0, which is counted here).

Usage: /usr/bin/python3 bench/scipy_compare.py [--minima BIN] [--tol 1e-6] [--only a,b] [--large] [--json]
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
import warnings

import numpy as np
import scipy
from scipy.optimize import minimize

DEFAULT_BIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build-lead", "bin", "minima")


# --------------------------------------------------------------------------------------------------
# Problems. Each is a dict: name, n, x0, fmin, local (documented local minima), f(x), g(x), h(x),
# dim (True when minima takes --dim), fd_hess (True when minima has no analytic Hessian for it and
# differences its gradient: src/problems/more_garbow_hillstrom.cpp gives second_order / a Hessian
# only to the problems listed in MINIMA_ANALYTIC_HESSIAN).

MINIMA_ANALYTIC_HESSIAN = {
    "rosenbrock", "extended-rosenbrock", "freudenstein-roth", "powell-badly-scaled", "brown-badly-scaled",
    "beale", "jennrich-sampson", "box-3d", "powell-singular", "extended-powell-singular", "wood",
    "penalty-1", "variably-dimensioned", "broyden-tridiagonal"}


def least_squares(res):
    """f, g, h of Σ rᵢ² from res(x, order) -> r (order 0), (r, J) (1), (r, J, S = Σ rᵢ∇²rᵢ) (2)."""
    def f(x):
        r = res(x, 0)
        return float(r @ r)

    def g(x):
        r, J = res(x, 1)
        return 2.0 * J.T @ r

    def h(x):
        r, J, S = res(x, 2)
        return 2.0 * (J.T @ J + S)
    return f, g, h


def out(order, r, J=None, S=None):
    return r if order == 0 else ((r, J) if order == 1 else (r, J, S))


def rosenbrock(n):
    def f(x):
        t = x[1::2] - x[0::2] ** 2
        u = 1.0 - x[0::2]
        return float(100.0 * t @ t + u @ u)

    def g(x):
        a = x[0::2]
        t = x[1::2] - a * a
        gr = np.empty_like(x)
        gr[0::2] = -400.0 * t * a - 2.0 * (1.0 - a)
        gr[1::2] = 200.0 * t
        return gr

    def h(x):
        a = x[0::2]
        H = np.zeros((n, n))
        i = np.arange(0, n, 2)
        H[i, i] = 1200.0 * a * a - 400.0 * x[1::2] + 2.0
        H[i, i + 1] = H[i + 1, i] = -400.0 * a
        H[i + 1, i + 1] = 200.0
        return H
    x0 = np.tile([-1.2, 1.0], n // 2)
    return dict(x0=x0, fmin=0.0, f=f, g=g, h=h)


def freudenstein_roth(_):
    def res(x, o):
        b = x[1]
        r = np.array([-13.0 + x[0] + ((5.0 - b) * b - 2.0) * b, -29.0 + x[0] + ((b + 1.0) * b - 14.0) * b])
        if o == 0:
            return r
        J = np.array([[1.0, 10.0 * b - 3.0 * b * b - 2.0], [1.0, 3.0 * b * b + 2.0 * b - 14.0]])
        S = np.array([[0.0, 0.0], [0.0, r[0] * (10.0 - 6.0 * b) + r[1] * (6.0 * b + 2.0)]])
        return out(o, r, J, S)
    return dict(x0=[0.5, -2.0], fmin=0.0, local=[48.9842536792], res=res)


def powell_badly_scaled(_):
    def res(x, o):
        e1, e2 = math.exp(-x[0]), math.exp(-x[1])
        r = np.array([1e4 * x[0] * x[1] - 1.0, e1 + e2 - 1.0001])
        if o == 0:
            return r
        J = np.array([[1e4 * x[1], 1e4 * x[0]], [-e1, -e2]])
        S = np.array([[r[1] * e1, 1e4 * r[0]], [1e4 * r[0], r[1] * e2]])
        return out(o, r, J, S)
    return dict(x0=[0.0, 1.0], fmin=0.0, res=res)


def brown_badly_scaled(_):
    def res(x, o):
        r = np.array([x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2.0])
        if o == 0:
            return r
        J = np.array([[1.0, 0.0], [0.0, 1.0], [x[1], x[0]]])
        S = np.array([[0.0, r[2]], [r[2], 0.0]])
        return out(o, r, J, S)
    return dict(x0=[1.0, 1.0], fmin=0.0, res=res)


def beale(_):
    y = np.array([1.5, 2.25, 2.625])
    i = np.arange(1.0, 4.0)

    def res(x, o):
        p = x[1] ** i
        r = y - x[0] * (1.0 - p)
        if o == 0:
            return r
        J = np.column_stack([-(1.0 - p), i * x[0] * x[1] ** (i - 1)])
        d12 = i * x[1] ** (i - 1)
        d22 = i * (i - 1) * x[0] * np.where(i >= 2, x[1] ** np.maximum(i - 2, 0), 0.0)
        S = np.array([[0.0, r @ d12], [r @ d12, r @ d22]])
        return out(o, r, J, S)
    return dict(x0=[1.0, 1.0], fmin=0.0, res=res)


def jennrich_sampson(_):
    i = np.arange(1.0, 11.0)

    def res(x, o):
        e1, e2 = np.exp(i * x[0]), np.exp(i * x[1])
        r = 2.0 + 2.0 * i - (e1 + e2)
        if o == 0:
            return r
        J = np.column_stack([-i * e1, -i * e2])
        S = np.diag([-(r * i * i * e1).sum(), -(r * i * i * e2).sum()])
        return out(o, r, J, S)
    return dict(x0=[0.3, 0.4], fmin=124.3621823556, res=res)


def helical_valley(_):
    tp = 2.0 * math.pi

    def res(x, o):
        x1, x2, x3 = x
        if x1 > 0.0:
            theta = math.atan(x2 / x1) / tp
        elif x1 < 0.0:
            theta = math.atan(x2 / x1) / tp + 0.5
        else:
            theta = 0.25 if x2 > 0.0 else (-0.25 if x2 < 0.0 else 0.0)
        q = x1 * x1 + x2 * x2
        rho = math.sqrt(q)
        r = np.array([10.0 * (x3 - 10.0 * theta), 10.0 * (rho - 1.0), x3])
        if o == 0:
            return r
        J = np.array([[100.0 * x2 / (tp * q), -100.0 * x1 / (tp * q), 10.0],
                      [10.0 * x1 / rho, 10.0 * x2 / rho, 0.0], [0.0, 0.0, 1.0]])
        # ∇²θ = (1/2π)[[2x1x2, x2² − x1²], [x2² − x1², −2x1x2]]/ρ⁴, ∇²ρ = [[x2², −x1x2], [−x1x2, x1²]]/ρ³
        ht = np.array([[2 * x1 * x2, x2 * x2 - x1 * x1], [x2 * x2 - x1 * x1, -2 * x1 * x2]]) / (tp * q * q)
        hr = np.array([[x2 * x2, -x1 * x2], [-x1 * x2, x1 * x1]]) / (q * rho)
        S = np.zeros((3, 3))
        S[:2, :2] = r[0] * (-100.0) * ht + r[1] * 10.0 * hr
        return out(o, r, J, S)
    return dict(x0=[-1.0, 0.0, 0.0], fmin=0.0, res=res)


def bard(_):
    y = np.array([0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39])
    u = np.arange(1.0, 16.0)
    v = 16.0 - u
    w = np.minimum(u, v)

    def res(x, o):
        d = v * x[1] + w * x[2]
        r = y - (x[0] + u / d)
        if o == 0:
            return r
        J = np.column_stack([-np.ones(15), u * v / d ** 2, u * w / d ** 2])
        c = -2.0 * r * u / d ** 3
        S = np.zeros((3, 3))
        S[1, 1] = (c * v * v).sum()
        S[1, 2] = S[2, 1] = (c * v * w).sum()
        S[2, 2] = (c * w * w).sum()
        return out(o, r, J, S)
    return dict(x0=[1.0, 1.0, 1.0], fmin=8.21487730658e-3, res=res)


def gaussian(_):
    y = np.array([0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295,
                  0.0540, 0.0175, 0.0044, 0.0009])
    t = (8.0 - np.arange(1.0, 16.0)) / 2.0

    def res(x, o):
        d = t - x[2]
        e = np.exp(-x[1] * d * d / 2.0)
        r = x[0] * e - y
        if o == 0:
            return r
        J = np.column_stack([e, -x[0] * e * d * d / 2.0, x[0] * e * x[1] * d])
        S = np.zeros((3, 3))
        S[0, 1] = S[1, 0] = (r * -e * d * d / 2.0).sum()
        S[0, 2] = S[2, 0] = (r * e * x[1] * d).sum()
        S[1, 1] = (r * x[0] * e * d ** 4 / 4.0).sum()
        S[1, 2] = S[2, 1] = (r * x[0] * e * (d - x[1] * d ** 3 / 2.0)).sum()
        S[2, 2] = (r * x[0] * x[1] * e * (x[1] * d * d - 1.0)).sum()
        return out(o, r, J, S)
    return dict(x0=[0.4, 1.0, 0.0], fmin=1.12793276962e-8, res=res)


def meyer(_):
    y = np.array([34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820,
                  3307, 2872], dtype=float)
    c = 45.0 + 5.0 * np.arange(1.0, 17.0)

    def res(x, o):
        d = c + x[2]
        e = np.exp(x[1] / d)
        r = x[0] * e - y
        if o == 0:
            return r
        J = np.column_stack([e, x[0] * e / d, -x[0] * e * x[1] / d ** 2])
        S = np.zeros((3, 3))
        S[0, 1] = S[1, 0] = (r * e / d).sum()
        S[0, 2] = S[2, 0] = (r * -e * x[1] / d ** 2).sum()
        S[1, 1] = (r * x[0] * e / d ** 2).sum()
        S[1, 2] = S[2, 1] = (r * -x[0] * e * (x[1] / d ** 3 + 1.0 / d ** 2)).sum()
        S[2, 2] = (r * x[0] * x[1] * e * (x[1] / d ** 4 + 2.0 / d ** 3)).sum()
        return out(o, r, J, S)
    return dict(x0=[0.02, 4000.0, 250.0], fmin=87.945855171, res=res)


def box_3d(_):
    t = 0.1 * np.arange(1.0, 11.0)
    c = np.exp(-t) - np.exp(-10.0 * t)

    def res(x, o):
        e1, e2 = np.exp(-t * x[0]), np.exp(-t * x[1])
        r = e1 - e2 - x[2] * c
        if o == 0:
            return r
        J = np.column_stack([-t * e1, t * e2, -c])
        S = np.diag([(r * t * t * e1).sum(), -(r * t * t * e2).sum(), 0.0])
        return out(o, r, J, S)
    return dict(x0=[0.0, 10.0, 20.0], fmin=0.0, res=res)


def powell_singular(n):
    U = np.array([[1.0, 10.0, 0.0, 0.0], [0.0, 0.0, 1.0, -1.0], [0.0, 1.0, -2.0, 0.0], [1.0, 0.0, 0.0, -1.0]])

    def parts(x):
        X = x.reshape(-1, 4)
        return X @ U.T  # columns p = a + 10b, q = c − d, s = b − 2c, t = a − d

    def f(x):
        P = parts(x)
        return float((P[:, 0] ** 2 + 5.0 * P[:, 1] ** 2 + P[:, 2] ** 4 + 10.0 * P[:, 3] ** 4).sum())

    def g(x):
        P = parts(x)
        D = np.column_stack([2.0 * P[:, 0], 10.0 * P[:, 1], 4.0 * P[:, 2] ** 3, 40.0 * P[:, 3] ** 3])
        return (D @ U).ravel()

    def h(x):
        P = parts(x)
        H = np.zeros((n, n))
        for k in range(n // 4):
            w = np.array([2.0, 10.0, 12.0 * P[k, 2] ** 2, 120.0 * P[k, 3] ** 2])
            H[4 * k:4 * k + 4, 4 * k:4 * k + 4] = U.T @ (w[:, None] * U)
        return H
    return dict(x0=np.tile([3.0, -1.0, 0.0, 1.0], n // 4), fmin=0.0, f=f, g=g, h=h)


def wood(_):
    def f(x):
        a, b, c, d = x[1] - x[0] ** 2, 1.0 - x[0], x[3] - x[2] ** 2, 1.0 - x[2]
        e, g_ = x[1] + x[3] - 2.0, x[1] - x[3]
        return float(100 * a * a + b * b + 90 * c * c + d * d + 10 * e * e + 0.1 * g_ * g_)

    def g(x):
        a, b, c, d = x[1] - x[0] ** 2, 1.0 - x[0], x[3] - x[2] ** 2, 1.0 - x[2]
        e, g_ = x[1] + x[3] - 2.0, x[1] - x[3]
        return np.array([-400 * x[0] * a - 2 * b, 200 * a + 20 * e + 0.2 * g_, -360 * x[2] * c - 2 * d,
                         180 * c + 20 * e - 0.2 * g_])

    def h(x):
        H = np.zeros((4, 4))
        H[0, 0] = 1200 * x[0] ** 2 - 400 * x[1] + 2
        H[0, 1] = H[1, 0] = -400 * x[0]
        H[1, 1] = 220.2
        H[1, 3] = H[3, 1] = 19.8
        H[2, 2] = 1080 * x[2] ** 2 - 360 * x[3] + 2
        H[2, 3] = H[3, 2] = -360 * x[2]
        H[3, 3] = 200.2
        return H
    return dict(x0=[-3.0, -1.0, -3.0, -1.0], fmin=0.0, f=f, g=g, h=h)


def kowalik_osborne(_):
    y = np.array([0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246])
    u = np.array([4.0, 2.0, 1.0, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625])

    def res(x, o):
        num = u * u + u * x[1]
        den = u * u + u * x[2] + x[3]
        q = num / den
        r = y - x[0] * q
        if o == 0:
            return r
        dq = np.column_stack([u / den, -num * u / den ** 2, -num / den ** 2])  # ∂q/∂(x2, x3, x4)
        J = np.column_stack([-q, -x[0] * dq])
        # ∂²q: (x2,x3) −u²/den², (x2,x4) −u/den², (x3,x3) 2num·u²/den³, (x3,x4) 2num·u/den³, (x4,x4) 2num/den³
        S = np.zeros((4, 4))
        S[0, 1:] = S[1:, 0] = -(r[:, None] * dq).sum(axis=0)
        S[1, 2] = S[2, 1] = (r * -x[0] * -u * u / den ** 2).sum()
        S[1, 3] = S[3, 1] = (r * -x[0] * -u / den ** 2).sum()
        S[2, 2] = (r * -x[0] * 2 * num * u * u / den ** 3).sum()
        S[2, 3] = S[3, 2] = (r * -x[0] * 2 * num * u / den ** 3).sum()
        S[3, 3] = (r * -x[0] * 2 * num / den ** 3).sum()
        return out(o, r, J, S)
    return dict(x0=[0.25, 0.39, 0.415, 0.39], fmin=3.0750560385e-4, local=[1.02734e-3], res=res)


def brown_dennis(_):
    t = np.arange(1.0, 21.0) / 5.0
    st, ct, et = np.sin(t), np.cos(t), np.exp(t)

    def res(x, o):
        a = x[0] + t * x[1] - et
        b = x[2] + x[3] * st - ct
        r = a * a + b * b
        if o == 0:
            return r
        A = np.column_stack([np.ones(20), t, np.zeros(20), np.zeros(20)])  # ∇a
        B = np.column_stack([np.zeros(20), np.zeros(20), np.ones(20), st])  # ∇b
        J = 2.0 * (a[:, None] * A + b[:, None] * B)
        S = 2.0 * ((r[:, None] * A).T @ A + (r[:, None] * B).T @ B)
        return out(o, r, J, S)
    return dict(x0=[25.0, 5.0, -5.0, -1.0], fmin=85822.2016264, res=res)


def osborne_1(_):
    y = np.array([0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685,
                  0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448,
                  0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406])
    t = 10.0 * np.arange(33.0)

    def res(x, o):
        e4, e5 = np.exp(-t * x[3]), np.exp(-t * x[4])
        r = y - (x[0] + x[1] * e4 + x[2] * e5)
        if o == 0:
            return r
        J = np.column_stack([-np.ones(33), -e4, -e5, t * x[1] * e4, t * x[2] * e5])
        S = np.zeros((5, 5))
        S[1, 3] = S[3, 1] = (r * t * e4).sum()
        S[3, 3] = -(r * t * t * x[1] * e4).sum()
        S[2, 4] = S[4, 2] = (r * t * e5).sum()
        S[4, 4] = -(r * t * t * x[2] * e5).sum()
        return out(o, r, J, S)
    return dict(x0=[0.5, 1.5, -1.0, 0.01, 0.02], fmin=5.4648946975e-5, res=res)


def biggs_exp6(_):
    t = 0.1 * np.arange(1.0, 14.0)
    y = np.exp(-t) - 5.0 * np.exp(-10.0 * t) + 3.0 * np.exp(-4.0 * t)

    def res(x, o):
        e1, e2, e5 = np.exp(-t * x[0]), np.exp(-t * x[1]), np.exp(-t * x[4])
        r = x[2] * e1 - x[3] * e2 + x[5] * e5 - y
        if o == 0:
            return r
        J = np.column_stack([-t * x[2] * e1, t * x[3] * e2, e1, -e2, -t * x[5] * e5, e5])
        S = np.zeros((6, 6))
        S[0, 0] = (r * t * t * x[2] * e1).sum()
        S[0, 2] = S[2, 0] = -(r * t * e1).sum()
        S[1, 1] = -(r * t * t * x[3] * e2).sum()
        S[1, 3] = S[3, 1] = (r * t * e2).sum()
        S[4, 4] = (r * t * t * x[5] * e5).sum()
        S[4, 5] = S[5, 4] = -(r * t * e5).sum()
        return out(o, r, J, S)
    return dict(x0=[1.0, 2.0, 1.0, 1.0, 1.0, 1.0], fmin=0.0, local=[5.65565e-3], res=res)


def osborne_2(_):
    y = np.array([1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608,
                  0.655, 0.616, 0.606, 0.602, 0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661,
                  0.612, 0.558, 0.533, 0.495, 0.500, 0.423, 0.395, 0.375, 0.372, 0.391, 0.396, 0.405, 0.428,
                  0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668, 0.645, 0.632, 0.591, 0.559,
                  0.597, 0.625, 0.739, 0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054])
    t = np.arange(65.0) / 10.0

    def res(x, o):
        e1 = np.exp(-t * x[4])
        model = x[0] * e1
        peaks = []
        for k in range(3):  # amplitude x[1+k], width x[5+k], centre x[8+k]: A exp(−(t − c)² a)
            d = t - x[8 + k]
            gk = np.exp(-d * d * x[5 + k])
            model = model + x[1 + k] * gk
            peaks.append((d, gk))
        r = y - model
        if o == 0:
            return r
        J = np.zeros((65, 11))
        J[:, 0] = -e1
        J[:, 4] = t * x[0] * e1
        S = np.zeros((11, 11))
        S[0, 4] = S[4, 0] = (r * t * e1).sum()
        S[4, 4] = -(r * t * t * x[0] * e1).sum()
        for k, (d, gk) in enumerate(peaks):
            A, a, ia, ic, iA = x[1 + k], x[5 + k], 5 + k, 8 + k, 1 + k
            ga, gc = -d * d * gk, 2.0 * d * a * gk  # ∂g/∂a, ∂g/∂c
            gaa, gac, gcc = d ** 4 * gk, 2.0 * d * gk * (1.0 - d * d * a), 2.0 * a * gk * (2.0 * a * d * d - 1.0)
            J[:, iA], J[:, ia], J[:, ic] = -gk, -A * ga, -A * gc
            S[iA, ia] = S[ia, iA] = -(r * ga).sum()
            S[iA, ic] = S[ic, iA] = -(r * gc).sum()
            S[ia, ia] = -(r * A * gaa).sum()
            S[ia, ic] = S[ic, ia] = -(r * A * gac).sum()
            S[ic, ic] = -(r * A * gcc).sum()
        return out(o, r, J, S)
    return dict(x0=[1.3, 0.65, 0.65, 0.7, 0.6, 3.0, 5.0, 7.0, 2.0, 4.5, 5.5], fmin=4.01377362935e-2, res=res)


def watson(n):
    t = np.arange(1.0, 30.0) / 29.0
    P = t[:, None] ** np.arange(n)  # t^{j−1}
    D = np.zeros((29, n))
    D[:, 1:] = np.arange(1.0, n) * P[:, :n - 1]  # (j−1) t^{j−2}

    def res(x, o):
        s2 = P @ x
        r = np.concatenate([D @ x - s2 * s2 - 1.0, [x[0], x[1] - x[0] ** 2 - 1.0]])
        if o == 0:
            return r
        J = np.zeros((31, n))
        J[:29] = D - 2.0 * s2[:, None] * P
        J[29, 0] = 1.0
        J[30, 0], J[30, 1] = -2.0 * x[0], 1.0
        S = -2.0 * (r[:29, None] * P).T @ P
        S[0, 0] -= 2.0 * r[30]
        return out(o, r, J, S)
    fmin = {6: 2.28767005355e-3, 9: 1.3997601381e-6, 12: 4.72238e-10}[n]
    return dict(x0=np.zeros(n), fmin=fmin, res=res)


def penalty_1(n):
    a = 1e-5

    def f(x):
        s = x @ x - 0.25
        return float(a * ((x - 1.0) ** 2).sum() + s * s)

    def g(x):
        return 2.0 * a * (x - 1.0) + 4.0 * (x @ x - 0.25) * x

    def h(x):
        return 8.0 * np.outer(x, x) + (2.0 * a + 4.0 * (x @ x - 0.25)) * np.eye(n)
    return dict(x0=np.arange(1.0, n + 1.0), fmin={4: 2.2499775009e-5, 10: 7.08765146709e-5}[n], f=f, g=g, h=h)


def penalty_2(n):
    sa = math.sqrt(1e-5)
    i = np.arange(1, n)
    y = np.exp((i + 1) / 10.0) + np.exp(i / 10.0)
    w = n - np.arange(n, dtype=float)

    def res(x, o):
        e = np.exp(x / 10.0)
        r = np.concatenate([[x[0] - 0.2], sa * (e[1:] + e[:-1] - y), sa * (e[1:] - math.exp(-0.1)),
                            [w @ (x * x) - 1.0]])
        if o == 0:
            return r
        J = np.zeros((2 * n, n))
        J[0, 0] = 1.0
        J[i, i] = sa * e[1:] / 10.0
        J[i, i - 1] = sa * e[:-1] / 10.0
        J[n + i - 1, i] = sa * e[1:] / 10.0
        J[2 * n - 1] = 2.0 * w * x
        s = np.zeros(n)
        s[1:] += r[1:n] * sa * e[1:] / 100.0 + r[n:2 * n - 1] * sa * e[1:] / 100.0
        s[:-1] += r[1:n] * sa * e[:-1] / 100.0
        s += r[2 * n - 1] * 2.0 * w
        return out(o, r, J, np.diag(s))
    return dict(x0=np.full(n, 0.5), fmin={4: 9.37629300736e-6, 10: 2.93660537457e-4}[n], res=res)


def variably_dimensioned(n):
    k = np.arange(1.0, n + 1.0)

    def f(x):
        s = k @ (x - 1.0)
        return float(((x - 1.0) ** 2).sum() + s * s + s ** 4)

    def g(x):
        s = k @ (x - 1.0)
        return 2.0 * (x - 1.0) + (2.0 * s + 4.0 * s ** 3) * k

    def h(x):
        s = k @ (x - 1.0)
        return (2.0 + 12.0 * s * s) * np.outer(k, k) + 2.0 * np.eye(n)
    return dict(x0=1.0 - k / n, fmin=0.0, f=f, g=g, h=h)


def trigonometric(n):
    k = np.arange(1.0, n + 1.0)

    def res(x, o):
        c, s = np.cos(x), np.sin(x)
        r = n - c.sum() + k * (1.0 - c) - s
        if o == 0:
            return r
        J = np.tile(s, (n, 1)) + np.diag(k * s - c)  # ∂rᵢ/∂x_j = sin x_j + δᵢⱼ(i sin xᵢ − cos xᵢ)
        S = np.diag(r.sum() * c + r * (k * c + s))
        return out(o, r, J, S)
    return dict(x0=np.full(n, 1.0 / n), fmin=0.0, res=res)


def brown_almost_linear(n):
    def res(x, o):
        r = np.concatenate([x[:-1] + x.sum() - (n + 1.0), [np.prod(x) - 1.0]])
        if o == 0:
            return r
        J = np.ones((n, n)) + np.eye(n)
        others = np.array([np.prod(np.delete(x, j)) for j in range(n)])
        J[n - 1] = others
        S = np.zeros((n, n))
        for a in range(n):
            for b in range(a + 1, n):
                S[a, b] = S[b, a] = r[n - 1] * np.prod(np.delete(x, [a, b]))
        return out(o, r, J, S)
    return dict(x0=np.full(n, 0.5), fmin=0.0, local=[1.0], res=res)


def discrete_boundary_value(n):
    h = 1.0 / (n + 1)
    t = np.arange(1.0, n + 1.0) * h
    T = 2.0 * np.eye(n) - np.eye(n, k=1) - np.eye(n, k=-1)

    def res(x, o):
        u = x + t + 1.0
        r = T @ x + h * h * u ** 3 / 2.0
        if o == 0:
            return r
        return out(o, r, T + np.diag(1.5 * h * h * u * u), np.diag(3.0 * h * h * u * r))
    return dict(x0=t * (t - 1.0), fmin=0.0, res=res)


def discrete_integral_equation(n):
    h = 1.0 / (n + 1)
    t = np.arange(1.0, n + 1.0) * h
    jj, ii = np.meshgrid(np.arange(n), np.arange(n))
    K = np.where(jj <= ii, np.outer(1.0 - t, t), np.outer(t, 1.0 - t))  # rᵢ = xᵢ + (h/2) Σⱼ Kᵢⱼ uⱼ³

    def res(x, o):
        u = x + t + 1.0
        r = x + h / 2.0 * K @ u ** 3
        if o == 0:
            return r
        return out(o, r, np.eye(n) + 1.5 * h * K * (u * u), np.diag(3.0 * h * u * (K.T @ r)))
    return dict(x0=t * (t - 1.0), fmin=0.0, res=res)


def broyden_tridiagonal(n):
    L = np.eye(n, k=-1) + 2.0 * np.eye(n, k=1)

    def res(x, o):
        r = (3.0 - 2.0 * x) * x - L @ x + 1.0
        if o == 0:
            return r
        return out(o, r, np.diag(3.0 - 4.0 * x) - L, np.diag(-4.0 * r))
    return dict(x0=np.full(n, -1.0), fmin=0.0, res=res)


def broyden_banded(n):
    jj, ii = np.meshgrid(np.arange(n), np.arange(n))
    B = ((jj >= ii - 5) & (jj <= ii + 1) & (jj != ii)).astype(float)  # j ∈ Jᵢ

    def res(x, o):
        r = x * (2.0 + 5.0 * x * x) + 1.0 - B @ (x * (1.0 + x))
        if o == 0:
            return r
        J = np.diag(2.0 + 15.0 * x * x) - B * (1.0 + 2.0 * x)
        return out(o, r, J, np.diag(30.0 * x * r - 2.0 * (B.T @ r)))
    return dict(x0=np.full(n, -1.0), fmin=0.0, res=res)


def chebyquad(n):
    c = np.array([1.0 / ((i + 1) ** 2 - 1.0) if (i + 1) % 2 == 0 else 0.0 for i in range(n)])

    def cheb(x):  # T_i, T_i', T_i'' (i = 1..n) at y = 2x − 1, rows i, columns j
        y = 2.0 * x - 1.0
        T = [np.ones(n), y]
        D = [np.zeros(n), np.ones(n)]
        E = [np.zeros(n), np.zeros(n)]
        for _ in range(n - 1):
            T.append(2 * y * T[-1] - T[-2])
            D.append(2 * T[-2] + 2 * y * D[-1] - D[-2])
            E.append(4 * D[-2] + 2 * y * E[-1] - E[-2])
        return np.array(T[1:n + 1]), np.array(D[1:n + 1]), np.array(E[1:n + 1])

    def res(x, o):
        T, D, E = cheb(x)
        r = T.sum(axis=1) / n + c
        if o == 0:
            return r
        return out(o, r, 2.0 * D / n, np.diag(4.0 * (r @ E) / n))
    x0 = np.arange(1.0, n + 1.0) / (n + 1)
    return dict(x0=x0, fmin={8: 3.51687372568e-3, 10: 6.50395480088e-3}.get(n, 0.0), res=res)


# name, builder, n, whether minima takes --dim for it
CATALOGUE = [
    ("rosenbrock", rosenbrock, 2, False),
    ("freudenstein-roth", freudenstein_roth, 2, False),
    ("powell-badly-scaled", powell_badly_scaled, 2, False),
    ("brown-badly-scaled", brown_badly_scaled, 2, False),
    ("beale", beale, 2, False),
    ("jennrich-sampson", jennrich_sampson, 2, False),
    ("helical-valley", helical_valley, 3, False),
    ("bard", bard, 3, False),
    ("gaussian", gaussian, 3, False),
    ("meyer", meyer, 3, False),
    ("box-3d", box_3d, 3, False),
    ("powell-singular", powell_singular, 4, False),
    ("wood", wood, 4, False),
    ("kowalik-osborne", kowalik_osborne, 4, False),
    ("brown-dennis", brown_dennis, 4, False),
    ("osborne-1", osborne_1, 5, False),
    ("biggs-exp6", biggs_exp6, 6, False),
    ("osborne-2", osborne_2, 11, False),
    ("watson", watson, 6, True),
    ("extended-powell-singular", powell_singular, 12, True),
    ("penalty-1", penalty_1, 10, True),
    ("penalty-2", penalty_2, 10, True),
    ("variably-dimensioned", variably_dimensioned, 10, True),
    ("trigonometric", trigonometric, 10, True),
    ("brown-almost-linear", brown_almost_linear, 10, True),
    ("discrete-boundary-value", discrete_boundary_value, 10, True),
    ("discrete-integral-equation", discrete_integral_equation, 10, True),
    ("broyden-tridiagonal", broyden_tridiagonal, 10, True),
    ("broyden-banded", broyden_banded, 10, True),
    ("chebyquad", chebyquad, 8, True),
    ("extended-rosenbrock", rosenbrock, 100, True),
    ("extended-rosenbrock", rosenbrock, 1000, True),
]


def build(name, builder, n, dim):
    p = builder(n)
    if "res" in p:
        p["f"], p["g"], p["h"] = least_squares(p.pop("res"))
    p.update(name=name, n=n, dim=dim, x0=np.asarray(p["x0"], dtype=float), local=p.get("local", []),
             fd_hess=name not in MINIMA_ANALYTIC_HESSIAN, label=f"{name}" + (f" n={n}" if dim else ""))
    return p


# --------------------------------------------------------------------------------------------------
# minima through its CLI

def run_minima(binary, p, method, tol, max_iter, x0=None):
    cmd = [binary, "minimize", "--problem", p["name"], "--method", method, "--json", "--gtol", repr(tol),
           "--max-iter", str(max_iter)]
    if p["dim"]:
        cmd += ["--dim", str(p["n"])]
    if x0 is not None:
        cmd += ["--x0", ",".join(repr(float(v)) for v in x0)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if not proc.stdout.strip().startswith("{"):  # the exit code is non-zero when not converged
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return json.loads(proc.stdout)


# --------------------------------------------------------------------------------------------------
# Self-check: the numpy problems are minima's problems, and their derivatives are right.

def rel(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def second_point(p):
    k = np.arange(1.0, p["n"] + 1.0)
    return p["x0"] + 0.05 * np.cos(k) * np.maximum(1.0, np.abs(p["x0"]))


def check_against_minima(binary, p):
    for x in (p["x0"], second_point(p)):
        r = run_minima(binary, p, "bfgs", 1e-8, 0, x0=None if x is p["x0"] else x)
        xm = np.array(r["x"])
        assert np.array_equal(xm, x), f"{p['label']}: minima started at {xm}, expected {x}"
        f = p["f"](x)
        assert rel(f, r["f"]) <= 1e-12, f"{p['label']}: f = {f!r} here, {r['f']!r} in minima at {x}"
        gi = float(np.max(np.abs(p["g"](x))))
        assert rel(gi, r["gradient_norm"]) <= 1e-10, \
            f"{p['label']}: ||g||inf = {gi!r} here, {r['gradient_norm']!r} in minima at {x}"


def check_derivatives(p):
    """Central differences of f against g, and of g against h, at the two points."""
    for x in (p["x0"], second_point(p)):
        n = p["n"]
        g, H = p["g"](x), p["h"](x)
        assert np.allclose(H, H.T, rtol=0, atol=1e-12 * max(1.0, np.abs(H).max())), f"{p['label']}: H not symmetric"
        idx = range(n) if n <= 12 else np.linspace(0, n - 1, 12).astype(int)
        for j in idx:
            s = 1e-6 * max(1.0, abs(x[j]))
            e = np.zeros(n)
            e[j] = s
            gj = (p["f"](x + e) - p["f"](x - e)) / (2 * s)
            hj = (p["g"](x + e) - p["g"](x - e)) / (2 * s)
            # truncation O(s²) plus the rounding of the differenced values (~ eps·|value|/s)
            round_g = 1e3 * np.finfo(float).eps * max(abs(p["f"](x + e)), abs(p["f"](x - e))) / s
            round_h = 1e3 * np.finfo(float).eps * max(np.abs(p["g"](x + e)).max(), np.abs(p["g"](x - e)).max()) / s
            assert abs(gj - g[j]) <= 1e-6 * max(1.0, np.abs(g).max()) + round_g, \
                f"{p['label']}: dF/dx{j} {gj} vs g {g[j]} at {x}"
            assert np.max(np.abs(hj - H[:, j])) <= 1e-6 * max(1.0, np.abs(H).max()) + round_h, \
                f"{p['label']}: column {j} of H {H[:, j]} vs differenced g {hj}"


# --------------------------------------------------------------------------------------------------
# scipy with counted calls and the common stopping test

class Stop(Exception):
    pass


class Counted:
    def __init__(self, p, tol):
        self.p, self.tol = p, tol
        self.nf = self.ng = self.nh = 0
        self.last_g_x = None
        self.iterations = 0
        self.stopped_at = None

    def f(self, x):
        self.nf += 1
        return self.p["f"](x)

    def g(self, x):
        self.ng += 1
        self.last_g_x = np.array(x, copy=True)
        return self.p["g"](x)

    def h(self, x):
        self.nh += 1
        return self.p["h"](x)

    def callback(self, x, *args):
        """The common test at each iterate; stops the run (the solver's own test may not be ‖g‖∞)."""
        self.iterations += 1
        if np.max(np.abs(self.p["g"](x))) <= self.tol:
            if self.last_g_x is None or not np.array_equal(self.last_g_x, x):
                self.ng += 1  # the solver would have to evaluate it to know
            self.stopped_at = np.array(x, copy=True)
            raise Stop


SCIPY_METHODS = {
    "BFGS": dict(method="BFGS", hess=False, own_test=True),
    "Newton-CG": dict(method="Newton-CG", hess=True, own_test=False),
    "trust-exact": dict(method="trust-exact", hess=True, own_test=False),
    "trust-ncg": dict(method="trust-ncg", hess=True, own_test=False),
    "dogleg": dict(method="dogleg", hess=True, own_test=False),
}


def run_scipy(p, name, tol, max_iter):
    spec = SCIPY_METHODS[name]
    c = Counted(p, tol)
    opts = {"maxiter": max_iter}
    if name == "BFGS":
        opts.update(gtol=tol, norm=np.inf)
    elif name == "Newton-CG":
        opts.update(xtol=1e-300)  # its step test must not fire: the callback applies the common test
    else:
        opts.update(gtol=tol)  # 2-norm: never fires before the callback's ‖g‖∞ test
    kwargs = dict(jac=c.g, method=spec["method"], options=opts)
    if spec["hess"]:
        kwargs["hess"] = c.h
    if not spec["own_test"]:
        kwargs["callback"] = c.callback
    t0 = time.perf_counter()
    x0 = p["x0"].copy()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if np.max(np.abs(p["g"](x0))) <= tol:
            x, status, nit = x0, "converged at x0", 0
        else:
            try:
                r = minimize(c.f, x0, **kwargs)
                x, nit = r.x, int(r.nit)
                status = "converged" if r.success else str(r.message)
            except Stop:
                x, status, nit = c.stopped_at, "converged", c.iterations
            except Exception as e:  # e.g. dogleg's Cholesky on an indefinite Hessian
                x, status, nit = None, f"{type(e).__name__}: {e}", c.iterations
    seconds = time.perf_counter() - t0
    if x is None:
        return dict(f=float("nan"), ginf=float("nan"), nf=c.nf, ng=c.ng, nh=c.nh, it=nit, status=status,
                    seconds=seconds, converged=False)
    f = p["f"](x)
    ginf = float(np.max(np.abs(p["g"](x))))
    return dict(f=f, ginf=ginf, nf=c.nf, ng=c.ng, nh=c.nh, it=nit, status=status, seconds=seconds,
                converged=bool(ginf <= tol and np.isfinite(f)))


# --------------------------------------------------------------------------------------------------

PAIRS = [
    ("bfgs", "BFGS"),
    ("newton-wolfe", "Newton-CG"),
    ("trust-region-dogleg", "trust-exact"),
    ("trust-region-dogleg", "dogleg"),
    ("trust-region-cg", "trust-ncg"),
    ("saddle-free-newton", "trust-exact"),
]


F_ATOL, F_RTOL = 1e-7, 1e-6  # "at f*": f − f* <= F_ATOL + F_RTOL·|f*|


def outcome(p, r):
    """yes: the test met at f*; yes*: at f* but the solver stopped without meeting the test (rounding
    near the minimum); local: the test met at a documented local minimum; above: the test met with f
    above f* (a flat valley or another stationary point); FAIL: the test not met away from f*."""
    f = r["f"]
    if not math.isfinite(f):
        return "FAIL"
    at_min = f - p["fmin"] <= F_ATOL + F_RTOL * abs(p["fmin"])
    if not r["converged"]:
        return "yes*" if at_min else "FAIL"
    if at_min:
        return "yes"
    if any(rel(f, m) <= 1e-4 for m in p["local"]):
        return "local"
    return "above"


SHORT = [("precision loss", "precision loss"), ("bad approximation", "bad model"), ("linalg error", "linalg error"),
         ("LinAlgError", "linalg error"), ("maximum number of iterations", "max iterations")]


def short_status(s):
    for key, text in SHORT:
        if key.lower() in s.lower():
            return text
    return s


def total(r):
    return r["nf"] + r["ng"] + r["nh"]


def fmt_counts(r):
    return f"{r['nf']}/{r['ng']}/{r['nh']}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minima", default=os.path.normpath(DEFAULT_BIN), help="the minima CLI binary")
    ap.add_argument("--tol", type=float, default=1e-6, help="stop at ||grad f||_inf <= tol (everybody)")
    ap.add_argument("--max-iter", type=int, default=1000)
    ap.add_argument("--only", default="", help="comma-separated problem labels (e.g. rosenbrock,wood)")
    ap.add_argument("--large", action="store_true",
                    help="add extended-rosenbrock n=1000 (~8 min: scipy BFGS's update costs O(n^3) per iteration)")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON lines instead of the table")
    a = ap.parse_args()

    problems = [build(*entry) for entry in CATALOGUE]
    if not a.large:
        problems = [p for p in problems if p["n"] < 1000]
    if a.only:
        keep = set(a.only.split(","))
        problems = [build(*e) for e in CATALOGUE if e[0] in keep or f"{e[0]} n={e[2]}" in keep]

    for p in problems:  # every check first: nothing is compared on a problem that differs
        check_derivatives(p)
        check_against_minima(a.minima, p)
    print(f"self-check passed: {len(problems)} problems agree with minima (f rel 1e-12, ||g||inf rel 1e-10 "
          f"at x0 and a second point) and their gradients/Hessians with central differences", file=sys.stderr)

    rows = []
    for p in problems:
        mcache, scache = {}, {}
        for mm, sm in PAIRS:
            if mm not in mcache:
                r = run_minima(a.minima, p, mm, a.tol, a.max_iter)
                ev = r["evaluations"]
                mcache[mm] = dict(f=r["f"], ginf=r["gradient_norm"], nf=ev["function"], ng=ev["gradient"],
                                  nh=ev["hessian"], it=r["iterations"], status=r["status"], seconds=r["seconds"],
                                  converged=r["status"].startswith("converged") and r["gradient_norm"] <= a.tol)
            if sm not in scache:
                scache[sm] = run_scipy(p, sm, a.tol, a.max_iter)
            rows.append(dict(problem=p["label"], n=p["n"], fmin=p["fmin"], fd_hess=p["fd_hess"], pair=(mm, sm),
                             minima=mcache[mm], scipy=scache[sm], mo=outcome(p, mcache[mm]),
                             so=outcome(p, scache[sm])))
        print(f"  done {p['label']}", file=sys.stderr, flush=True)

    if a.json:
        for r in rows:
            print(json.dumps({k: (list(v) if isinstance(v, tuple) else v) for k, v in r.items()}))
        return

    print(f"minima ({a.minima}) vs scipy {scipy.__version__} (numpy {np.__version__}); stop at "
          f"||grad f||_inf <= {a.tol:g} for every solver, at most {a.max_iter} iterations")
    print("evals = function/gradient/Hessian calls; it = iterations; ok: yes = test met at f* "
          f"(f - f* <= {F_ATOL:g} + {F_RTOL:g}|f*|), yes* = at f* but stopped without meeting the test, "
          "local = test met at a documented local minimum, above = test met with f above f*, FAIL = neither")
    print("ratio = minima/scipy of f+g+H calls, when both are 'yes'")
    print("H = FD: minima has no analytic Hessian for this problem and differences its gradient (one 'Hessian' "
          "hides n gradient calls); scipy always gets the analytic Hessian")
    print()
    head = (f"{'problem':<31} {'H':<3} {'minima':<20} {'evals':>14} {'it':>5} {'f':>10} {'ok':>5}   "
            f"{'scipy':<12} {'evals':>14} {'it':>5} {'f':>10} {'ok':>5} {'ratio':>6}  stopped on")
    print(head)
    print("-" * len(head))
    last = None
    for r in rows:
        m, s = r["minima"], r["scipy"]
        name = r["problem"] if r["problem"] != last else ""
        hmark = ("FD" if r["fd_hess"] else "") if name else ""
        last = r["problem"]
        both = r["mo"] == "yes" and r["so"] == "yes"
        ratio = f"{total(m) / total(s):6.2f}" if both else f"{'-':>6}"
        notes = []
        if r["mo"] != "yes":
            notes.append("minima: " + m["status"])
        if r["so"] != "yes":
            notes.append("scipy: " + short_status(s["status"]))
        print(f"{name:<31} {hmark:<3} {r['pair'][0]:<20} {fmt_counts(m):>14} {m['it']:>5} {m['f']:>10.3e} "
              f"{r['mo']:>5}   {r['pair'][1]:<12} {fmt_counts(s):>14} {s['it']:>5} {s['f']:>10.3e} "
              f"{r['so']:>5} {ratio}  {'; '.join(notes)}".rstrip())
    print()
    print("Summary per pair (evaluations = f+g+H calls, compared where both are 'yes'; ratio = minima/scipy):")
    for mm, sm in PAIRS:
        sel = [r for r in rows if r["pair"] == (mm, sm)]
        for subset, label in ((sel, "all"), ([r for r in sel if not r["fd_hess"]], "analytic-H only")):
            if mm == "bfgs" and label != "all":
                continue
            n_all = len(subset)
            m_ok = sum(r["mo"] in ("yes", "yes*") for r in subset)
            s_ok = sum(r["so"] in ("yes", "yes*") for r in subset)
            m_star = sum(r["mo"] == "yes*" for r in subset)
            s_star = sum(r["so"] == "yes*" for r in subset)
            both = [r for r in subset if r["mo"] == "yes" and r["so"] == "yes"]
            fewer = sum(total(r["minima"]) < total(r["scipy"]) for r in both)
            ties = sum(total(r["minima"]) == total(r["scipy"]) for r in both)
            ratios = [total(r["minima"]) / total(r["scipy"]) for r in both]
            med = statistics.median(ratios) if ratios else float("nan")
            hm = sum(r["minima"]["nh"] for r in both)
            hs = sum(r["scipy"]["nh"] for r in both)
            print(f"  minima {mm:<19} vs scipy {sm:<11} [{label:<15}] reached f*: minima {m_ok}/{n_all} "
                  f"({m_star} yes*), scipy {s_ok}/{n_all} ({s_star} yes*); both 'yes' on {len(both)}: minima fewer evaluations on {fewer}, "
                  f"scipy fewer on {len(both) - fewer - ties}, ties {ties}; median ratio {med:.2f}; "
                  f"Hessians {hm} vs {hs}")


if __name__ == "__main__":
    main()
