"""minima.least_squares and minima.curve_fit against scipy on the same problems (NIST StRD data in
data/nist), covariance scaling included."""

import os
import warnings

import numpy as np
import pytest
import scipy.optimize as so

import minima

# Both solvers to the end (the defaults, 1e-8, leave 1e-6 relative differences in popt and pcov).
TIGHT = dict(ftol=1e-15, xtol=1e-15, gtol=1e-15)
ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def _nist(name):
    """(x, y, start1, certified) from data/nist/NAME.dat."""
    path = os.path.join(ROOT, "data", "nist", name + ".dat")
    lines = open(path).read().splitlines()
    start, cert, data = [], [], []
    in_data = False
    for line in lines:
        parts = line.split()
        if len(parts) >= 4 and parts[0].startswith("b") and parts[1] == "=":
            start.append(float(parts[2]))
            cert.append(float(parts[4]))
        elif line.split()[:3] == ["Data:", "y", "x"]:
            in_data = True
        elif in_data and parts:
            data.append([float(v) for v in parts])
    data = np.array(data)
    return data[:, 1], data[:, 0], np.array(start), np.array(cert)


def boxbod(x, b1, b2):
    return b1 * (1 - np.exp(-b2 * x))


def misra1a(x, b1, b2):
    return b1 * (1 - np.exp(-b2 * x))


def test_curve_fit_nist_against_scipy_and_certified():
    for name, f in (("Misra1a", misra1a), ("BoxBOD", boxbod)):
        x, y, start, cert = _nist(name)
        popt, pcov = minima.curve_fit(f, x, y, p0=start, **TIGHT)
        np.testing.assert_allclose(popt, cert, rtol=1e-6)  # central-difference Jacobian
        spopt, spcov = so.curve_fit(f, x, y, p0=start, maxfev=10000, **TIGHT)
        if np.allclose(spopt, cert, rtol=1e-5):  # scipy reaches it from start 1
            np.testing.assert_allclose(pcov, spcov, rtol=1e-4)


def test_curve_fit_covariance_scaling_as_scipy():
    rng = np.random.default_rng(0)
    x = np.linspace(0, 4, 40)
    y = 2.5 * np.exp(-1.3 * x) + 0.5 + 0.05 * rng.standard_normal(x.size)
    f = lambda x, a, b, c: a * np.exp(-b * x) + c  # noqa: E731
    # the exact Jacobian for both (scipy's default forward differences move pcov by ~1e-5)
    jac = lambda x, a, b, c: np.column_stack([np.exp(-b * x), -a * x * np.exp(-b * x), np.ones_like(x)])  # noqa: E731
    sigma = 0.05 + 0.02 * x
    cov2 = np.diag(sigma**2) + 1e-4 * np.exp(-np.abs(x[:, None] - x[None, :]))
    for kwargs in ({}, {"sigma": sigma}, {"sigma": sigma, "absolute_sigma": True}, {"sigma": cov2},
                   {"sigma": cov2, "absolute_sigma": True}):
        popt, pcov = minima.curve_fit(f, x, y, p0=[1, 1, 1], jac=jac, **kwargs, **TIGHT)
        spopt, spcov = so.curve_fit(f, x, y, p0=[1, 1, 1], jac=jac, **kwargs, **TIGHT)
        # minima ends nearer the minimum (optimality 3e-13 against scipy's 4e-9 here)
        np.testing.assert_allclose(popt, spopt, rtol=1e-8, err_msg=str(kwargs.keys()))
        np.testing.assert_allclose(pcov, spcov, rtol=1e-7, err_msg=str(kwargs.keys()))


def test_curve_fit_with_jacobian_and_default_p0():
    x = np.linspace(0, 1, 20)
    y = 3 * x + 1
    popt, pcov = minima.curve_fit(lambda x, a, b: a * x + b, x, y, jac=lambda x, a, b: np.column_stack([x, np.ones_like(x)]))
    np.testing.assert_allclose(popt, [3, 1], atol=1e-10)
    assert np.all(np.abs(pcov) < 1e-20)  # a perfect fit: s^2 = 0


def test_curve_fit_too_few_points_gives_inf_covariance():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        popt, pcov = minima.curve_fit(lambda x, a, b: a * x + b, [0.0, 1.0], [1.0, 3.0], p0=[0, 0])
        _, spcov = so.curve_fit(lambda x, a, b: a * x + b, [0.0, 1.0], [1.0, 3.0], p0=[0, 0])
    np.testing.assert_allclose(popt, [2, 1], atol=1e-10)
    assert np.all(np.isinf(pcov)) and np.all(np.isinf(spcov))


def test_least_squares_against_scipy_lm():
    x, y, start, cert = _nist("Misra1a")
    fun = lambda b: misra1a(x, *b) - y  # noqa: E731
    jac = lambda b: np.column_stack([1 - np.exp(-b[1] * x), b[0] * x * np.exp(-b[1] * x)])  # noqa: E731
    ours = minima.least_squares(fun, start, jac=jac)
    theirs = so.least_squares(fun, start, jac=jac, method="lm")
    assert ours.success and theirs.success
    np.testing.assert_allclose(ours.x, cert, rtol=1e-7)
    np.testing.assert_allclose(ours.cost, theirs.cost, rtol=1e-8)
    np.testing.assert_allclose(ours.fun, theirs.fun, rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(ours.grad, ours.jac.T @ ours.fun)
    assert ours.status in (1, 2, 3) and ours.nfev <= 2 * theirs.nfev and ours.njev <= 2 * theirs.njev
    # NIST's certified standard deviations of the estimates
    np.testing.assert_allclose(ours.standard_errors, [2.7070075241e+00, 7.2668688436e-06], rtol=1e-2)
    gn = minima.least_squares(fun, start, jac=jac, method="gn")
    np.testing.assert_allclose(gn.x, cert, rtol=1e-6)


def test_least_squares_exceptions_nan_and_bad_arguments():
    class Boom(Exception):
        pass

    def bad(b):
        raise Boom("residuals")

    with pytest.raises(Boom):
        minima.least_squares(lambda b: bad(b) if b[0] > 1.5 else b - 2, [1.0])
    res = minima.least_squares(lambda b: np.full(3, np.nan), [1.0, 2.0])
    assert not res.success and res.status_name == "non_finite_value"
    with pytest.raises(NotImplementedError, match="loss"):
        minima.least_squares(lambda b: b, [1.0], loss="soft_l1")
    with pytest.raises(NotImplementedError, match="bounds"):
        minima.least_squares(lambda b: b, [1.0], bounds=(0, 2))
    with pytest.raises(NotImplementedError, match="bounds"):
        minima.curve_fit(lambda x, a: a * x, [1.0, 2.0], [1.0, 2.0], bounds=(0, 2))
    with pytest.raises(ValueError, match="method must be one of"):
        minima.least_squares(lambda b: b, [1.0], method="xx")
    with pytest.raises(ValueError, match="jac must return an array of shape"):
        minima.least_squares(lambda b: np.array([b[0], b[0]]), [1.0], jac=lambda b: np.ones((3, 1)))
    with pytest.raises(ValueError):
        minima.curve_fit(lambda x, a: a * x, [1.0, np.nan], [1.0, 2.0])
