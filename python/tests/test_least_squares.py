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
    ours = minima.least_squares(fun, start, jac=jac, method="lm")
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
    with pytest.raises(ValueError, match="method must be one of"):
        minima.least_squares(lambda b: b, [1.0], method="xx")
    with pytest.raises(ValueError, match="jac must return an array of shape"):
        minima.least_squares(lambda b: np.array([b[0], b[0]]), [1.0], jac=lambda b: np.ones((3, 1)))
    with pytest.raises(ValueError):
        minima.curve_fit(lambda x, a: a * x, [1.0, np.nan], [1.0, 2.0])


# Exponential decay with three outliers: the robust losses must move the fit away from least squares.
_T = np.linspace(0, 10, 60)
_Y = 3 * np.exp(-0.4 * _T) + 0.5 + 0.05 * np.random.default_rng(3).standard_normal(60)
_Y[[5, 20, 41]] += [2.0, -1.5, 3.0]


def _decay(b):
    return b[0] * np.exp(-b[1] * _T) + b[2] - _Y


def _decay_jac(b):
    e = np.exp(-b[1] * _T)
    return np.column_stack([e, -b[0] * _T * e, np.ones_like(_T)])


# scipy's trf stops on ftol = 1e-8 far from the end; both tight, so both reach the minimum.
TRF_TIGHT = dict(ftol=1e-14, xtol=1e-14, gtol=1e-12)


@pytest.mark.parametrize("loss", ["linear", "soft_l1", "huber", "cauchy", "arctan"])
@pytest.mark.parametrize("f_scale", [0.1, 1.0])
def test_robust_losses_against_scipy_trf(loss, f_scale):
    x0 = [1.0, 1.0, 0.0]
    ours = minima.least_squares(_decay, x0, jac=_decay_jac, loss=loss, f_scale=f_scale, **TRF_TIGHT)
    theirs = so.least_squares(_decay, x0, jac=_decay_jac, loss=loss, f_scale=f_scale, method="trf", **TRF_TIGHT)
    assert ours.success and ours.method == "trf", ours.message
    np.testing.assert_allclose(ours.x, theirs.x, rtol=1e-6)
    np.testing.assert_allclose(ours.cost, theirs.cost, rtol=1e-10)
    np.testing.assert_allclose(ours.fun, theirs.fun, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(ours.jac, theirs.jac, rtol=1e-5, atol=1e-7)  # scaled by the loss, as scipy's (outliers: ~sqrt(eps))
    np.testing.assert_allclose(ours.grad, theirs.grad, atol=1e-6)  # both ~0: the gradient of the robust cost
    assert ours.optimality < 1e-6 and ours.optimality == np.max(np.abs(ours.grad))  # no bounds: v = 1
    if loss != "linear":  # the outliers pull least squares elsewhere
        plain = so.least_squares(_decay, x0, jac=_decay_jac, **TRF_TIGHT)
        assert np.max(np.abs(ours.x - plain.x) / np.abs(plain.x)) > 1e-3


@pytest.mark.parametrize("method", ["lm", "gn"])
def test_robust_loss_on_lm_and_gn_reaches_scipys_minimizer(method):
    ours = minima.least_squares(_decay, [1.0, 1.0, 0.0], jac=_decay_jac, loss="soft_l1", f_scale=0.1, method=method,
                                ftol=1e-15, xtol=1e-15, gtol=1e-15)
    theirs = so.least_squares(_decay, [1.0, 1.0, 0.0], jac=_decay_jac, loss="soft_l1", f_scale=0.1, **TRF_TIGHT)
    assert ours.success, ours.message
    np.testing.assert_allclose(ours.x, theirs.x, rtol=1e-6)


def test_binding_bounds_against_scipy_trf():
    """scipy's documented example: Rosenbrock residuals with x1 >= 1.5 binding."""
    fun = lambda x: np.array([10 * (x[1] - x[0] ** 2), 1 - x[0]])  # noqa: E731
    jac = lambda x: np.array([[-20 * x[0], 10], [-1, 0]])  # noqa: E731
    bounds = ([-np.inf, 1.5], np.inf)
    for j in (jac, "2-point"):
        ours = minima.least_squares(fun, [2.0, 2.0], jac=j, bounds=bounds, **TRF_TIGHT)
        theirs = so.least_squares(fun, [2.0, 2.0], jac=j, bounds=bounds, **TRF_TIGHT)
        assert ours.success, ours.message
        np.testing.assert_allclose(ours.x, theirs.x, rtol=1e-6)
        np.testing.assert_allclose(ours.x, [1.22437075, 1.5], rtol=1e-8)
        np.testing.assert_array_equal(ours.active_mask, theirs.active_mask)
        np.testing.assert_array_equal(ours.active_mask, [0, -1])
        assert ours.kkt["lower_bound_multipliers"][1] > 0 and ours.optimality < 1e-9
    # both sides, and scipy.optimize.Bounds; the decay model with b1 <= 0.3 (unbounded: 0.4)
    for bounds in (([0, 0, -1], [10, 0.3, 1]), so.Bounds([0, 0, -1], [10, 0.3, 1])):
        for loss in ("linear", "huber"):
            ours = minima.least_squares(_decay, [1.0, 0.2, 0.0], jac=_decay_jac, bounds=bounds, loss=loss, **TRF_TIGHT)
            theirs = so.least_squares(_decay, [1.0, 0.2, 0.0], jac=_decay_jac, bounds=bounds, loss=loss, **TRF_TIGHT)
            np.testing.assert_allclose(ours.x, theirs.x, rtol=1e-6)
            np.testing.assert_array_equal(ours.active_mask, [0, 1, 0])
            np.testing.assert_array_equal(theirs.active_mask, [0, 1, 0])
    # dogbox runs trf; a start on a bound is allowed (moved inside)
    ours = minima.least_squares(_decay, [1.0, 0.3, 0.0], jac=_decay_jac, bounds=([0, 0, -1], [10, 0.3, 1]),
                                method="dogbox", **TRF_TIGHT)
    assert ours.method == "trf" and abs(ours.x[1] - 0.3) < 1e-12


def test_trf_counts_as_scipy():
    """Evaluations and iterations of the same algorithm: nfev within a few of scipy's trf."""
    ours = minima.least_squares(_decay, [1.0, 1.0, 0.0], jac=_decay_jac)
    theirs = so.least_squares(_decay, [1.0, 1.0, 0.0], jac=_decay_jac)
    assert ours.success and theirs.success
    np.testing.assert_allclose(ours.x, theirs.x, rtol=1e-5)
    assert (ours.nfev, ours.njev) == (theirs.nfev, theirs.njev)  # 7, 7: x0 counted, as scipy
    fd = minima.least_squares(_decay, [1.0, 1.0, 0.0])  # difference Jacobians are not counted in nfev
    sfd = so.least_squares(_decay, [1.0, 1.0, 0.0])
    assert fd.success and (fd.nfev, fd.njev) == (sfd.nfev, sfd.njev)


def test_curve_fit_sigma_absolute_sigma_and_bounds_against_scipy():
    rng = np.random.default_rng(7)
    x = np.linspace(0, 4, 50)
    sigma = 0.02 + 0.03 * x
    y = 2.5 * np.exp(-1.3 * x) + 0.5 + sigma * rng.standard_normal(x.size)
    f = lambda x, a, b, c: a * np.exp(-b * x) + c  # noqa: E731
    jac = lambda x, a, b, c: np.column_stack([np.exp(-b * x), -a * x * np.exp(-b * x), np.ones_like(x)])  # noqa: E731
    for bounds in ((-np.inf, np.inf), ([0, 0, 0], [10, 10, 10]), ([0, 1.4, 0], [10, 10, 10])):
        for kwargs in ({}, {"sigma": sigma}, {"sigma": sigma, "absolute_sigma": True},
                       {"sigma": sigma, "absolute_sigma": False}):
            for j in (jac, None):
                popt, pcov = minima.curve_fit(f, x, y, p0=[1, 1.5, 1], jac=j, bounds=bounds, **kwargs, **TRF_TIGHT)
                spopt, spcov = so.curve_fit(f, x, y, p0=[1, 1.5, 1], jac=j, bounds=bounds, **kwargs, **TRF_TIGHT)
                msg = f"{bounds} {sorted(kwargs)} jac={j is not None}"
                np.testing.assert_allclose(popt, spopt, rtol=1e-6, err_msg=msg)
                np.testing.assert_allclose(pcov, spcov, rtol=1e-5 if j is None else 1e-6, err_msg=msg)
    # the third bounds bind b = 1.4; absolute_sigma scales pcov by exactly 1 / s^2
    popt, pa = minima.curve_fit(f, x, y, p0=[1, 1.5, 1], bounds=([0, 1.4, 0], 10), sigma=sigma, absolute_sigma=True)
    _, pr = minima.curve_fit(f, x, y, p0=[1, 1.5, 1], bounds=([0, 1.4, 0], 10), sigma=sigma)
    assert abs(popt[1] - 1.4) < 1e-9
    s2 = np.sum(((f(x, *popt) - y) / sigma) ** 2) / (x.size - 3)
    np.testing.assert_allclose(pr, pa * s2, rtol=1e-6)


def test_curve_fit_loss_and_default_start_within_bounds():
    f = lambda t, a, b, c: a * np.exp(-b * t) + c  # noqa: E731
    popt, pcov = minima.curve_fit(f, _T, _Y, bounds=([0, 0, 0], [10, 2, 2]), loss="cauchy", f_scale=0.1, **TRF_TIGHT)
    spopt, spcov = so.curve_fit(f, _T, _Y, bounds=([0, 0, 0], [10, 2, 2]), loss="cauchy", f_scale=0.1, **TRF_TIGHT)
    np.testing.assert_allclose(popt, spopt, rtol=1e-6)
    np.testing.assert_allclose(pcov, spcov, rtol=1e-4)


def test_least_squares_and_curve_fit_bad_arguments():
    f = lambda x, a: a * x  # noqa: E731
    x, y = np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.1])
    with pytest.raises(ValueError, match="f_scale"):
        minima.least_squares(lambda b: b, [1.0], loss="soft_l1", f_scale=0.0)
    with pytest.raises(ValueError, match="f_scale"):
        minima.least_squares(lambda b: b, [1.0], loss="huber", f_scale=-1.0)
    with pytest.raises(ValueError, match="loss must be one of"):
        minima.least_squares(lambda b: b, [1.0], loss="tukey")
    with pytest.raises(NotImplementedError, match="callable loss"):
        minima.least_squares(lambda b: b, [1.0], loss=lambda z: z)
    with pytest.raises(ValueError, match="sigma has shape"):
        minima.curve_fit(f, x, y, p0=[1.0], sigma=[1.0, 1.0])
    with pytest.raises(ValueError, match=r"sigma: .*sigma\[1\] = 0"):
        minima.curve_fit(f, x, y, p0=[1.0], sigma=[1.0, 0.0, 1.0])
    with pytest.raises(ValueError, match=r"sigma: .*sigma\[2\] = -1"):
        minima.curve_fit(f, x, y, p0=[1.0], sigma=[1.0, 1.0, -1.0])
    with pytest.raises(ValueError, match=r"bounds: .*lb\[0\] = 2 >= ub\[0\] = 2"):
        minima.least_squares(lambda b: b, [2.0], bounds=(2, 2))
    with pytest.raises(ValueError, match=r"bounds: .*lb\[1\] = 3 >= ub\[1\] = 1"):
        minima.curve_fit(lambda x, a, b: a * x + b, x, y, bounds=([0, 3], [5, 1]))
    with pytest.raises(ValueError, match=r"x0 is infeasible: x0\[0\] = 5"):
        minima.least_squares(lambda b: b, [5.0], bounds=(0, 2))
    with pytest.raises(ValueError, match=r"x0 is infeasible"):
        minima.curve_fit(f, x, y, p0=[-1.0], bounds=(0, 2))
    with pytest.raises(ValueError, match="bounds: lb must be a scalar or have 2 entries"):
        minima.least_squares(lambda b: b, [1.0, 1.0], bounds=([0, 0, 0], 2))
    with pytest.raises(ValueError, match="does not take bounds"):
        minima.least_squares(lambda b: b, [1.0], bounds=(0, 2), method="lm")
    with pytest.raises(ValueError, match="does not take bounds"):
        minima.curve_fit(f, x, y, p0=[1.0], bounds=(0, 2), method="lm")
    with pytest.raises(NotImplementedError, match="tr_solver"):
        minima.least_squares(lambda b: b, [1.0], tr_solver="lsmr")
    # what scipy accepts with the same arguments, minima too
    popt, _ = minima.curve_fit(f, x, y, p0=[1.0], bounds=(0, 2), sigma=[1.0, 2.0, 3.0])
    spopt, _ = so.curve_fit(f, x, y, p0=[1.0], bounds=(0, 2), sigma=[1.0, 2.0, 3.0])
    np.testing.assert_allclose(popt, spopt, rtol=1e-6)
