"""minima.minimize against scipy.optimize.minimize on the same problems: answers, evaluation counts,
callbacks, exceptions and bad arguments."""

import signal
import threading
import time

import numpy as np
import pytest
import scipy.optimize as so
from scipy.optimize import rosen, rosen_der, rosen_hess

import minima

X0 = np.array([-1.2, 1.0])


@pytest.mark.parametrize("method", ["BFGS", "L-BFGS-B", "CG", "Newton-CG", "trust-ncg", "dogleg", "trust-exact",
                                    "lbfgs", "bfgs", "cg-hz", "trust-region-cg", "newton-wolfe"])
def test_rosenbrock_every_method(method):
    res = minima.minimize(rosen, X0, jac=rosen_der, hess=rosen_hess, method=method, options={"gtol": 1e-8})
    assert res.success, res.message
    np.testing.assert_allclose(res.x, [1.0, 1.0], atol=1e-6)
    assert res.status == 0 and res.status_name.startswith("converged")
    assert res.nfev >= res.nit > 0


@pytest.mark.parametrize("method", ["BFGS", "L-BFGS-B", "CG"])
def test_evaluations_against_scipy(method):
    """Same problem, same gtol: minima needs no more than 1.5x scipy's function evaluations."""
    x0 = np.full(10, -1.0)
    ours = minima.minimize(rosen, x0, jac=rosen_der, method=method, options={"gtol": 1e-6})
    theirs = so.minimize(rosen, x0, jac=rosen_der, method=method, options={"gtol": 1e-6})
    assert ours.success and theirs.success
    np.testing.assert_allclose(ours.x, theirs.x, atol=1e-4)
    assert ours.nfev <= 1.5 * theirs.nfev, (ours.nfev, theirs.nfev)


def test_jac_true_and_finite_differences():
    def fg(x):
        return rosen(x), rosen_der(x)

    a = minima.minimize(fg, X0, jac=True, method="bfgs")
    b = minima.minimize(rosen, X0, method="bfgs", options={"gtol": 1e-6})  # central differences
    assert a.success and b.success
    np.testing.assert_allclose(a.x, [1, 1], atol=1e-6)
    np.testing.assert_allclose(b.x, [1, 1], atol=1e-4)
    assert a.njev > 0 and b.njev == 0 and b.nfev > 4 * b.nit  # 2n evaluations per gradient


def test_args_are_passed():
    def f(x, a, b):
        return (x[0] - a) ** 2 + (x[1] - b) ** 2

    res = minima.minimize(f, [0.0, 0.0], args=(3.0, -2.0), jac=lambda x, a, b: 2 * (x - [a, b]))
    np.testing.assert_allclose(res.x, [3, -2], atol=1e-8)


def test_default_method_is_scipys():
    assert minima.minimize(rosen, X0, jac=rosen_der).method == "bfgs"
    assert minima.minimize(rosen, X0, jac=rosen_der, bounds=[(None, 0.5), (None, None)]).method == "lbfgsb"
    cons = {"type": "ineq", "fun": lambda x: 1 - x @ x}
    assert minima.minimize(rosen, [0.0, 0.0], jac=rosen_der, constraints=cons).method == "sqp"


def test_auto_is_the_librarys_choice_and_names_it():
    # With a Hessian the unconstrained rule takes the trust region; without, L-BFGS; bounds alone
    # lbfgsb; constraints sqp (the rule of minima::resolve_method).
    res = minima.minimize(rosen, X0, jac=rosen_der, hess=rosen_hess, method="auto")
    assert res.method == "trust-region-cg" and res.success, res.message
    np.testing.assert_allclose(res.x, [1.0, 1.0], atol=1e-6)
    assert minima.minimize(rosen, X0, jac=rosen_der, method="AUTO").method == "lbfgs"
    assert minima.minimize(rosen, X0, jac=rosen_der, method="auto", bounds=[(None, 0.5), (None, None)]).method \
        == "lbfgsb"
    cons = {"type": "ineq", "fun": lambda x: 1 - x @ x}
    res = minima.minimize(rosen, [0.0, 0.0], jac=rosen_der, constraints=cons, method="auto")
    assert res.method == "sqp" and res.success, res.message
    # Values only: bobyqa; with a tolerance (scipy's tol is a gradient tolerance here) a method that
    # can honour it, on finite differences, instead of bobyqa refusing the request.
    assert minima.minimize(rosen, X0, method="auto").method == "bobyqa"
    res = minima.minimize(rosen, X0, method="auto", tol=1e-6)
    assert res.method != "bobyqa" and res.success, res.message
    np.testing.assert_allclose(res.x, [1.0, 1.0], atol=1e-4)


def test_bounds_against_scipy():
    bounds = [(-2, 0.5), (None, None)]
    ours = minima.minimize(rosen, X0, jac=rosen_der, method="L-BFGS-B", bounds=bounds)
    theirs = so.minimize(rosen, X0, jac=rosen_der, method="L-BFGS-B", bounds=bounds)
    np.testing.assert_allclose(ours.x, theirs.x, atol=1e-4)
    assert ours.kkt["feasible"] and ours.kkt["upper_bound_multipliers"][0] > 0
    ours2 = minima.minimize(rosen, X0, jac=rosen_der, bounds=so.Bounds([-2, -np.inf], [0.5, np.inf]))
    np.testing.assert_allclose(ours2.x, theirs.x, atol=1e-4)


def test_constraints_every_form_against_slsqp():
    """min (x-1)^2 + (y-2.5)^2 under Hock-Schittkowski-style linear inequalities (scipy's tutorial)."""
    f = lambda x: (x[0] - 1) ** 2 + (x[1] - 2.5) ** 2  # noqa: E731
    g = lambda x: np.array([2 * (x[0] - 1), 2 * (x[1] - 2.5)])  # noqa: E731
    dicts = ({"type": "ineq", "fun": lambda x: x[0] - 2 * x[1] + 2},
             {"type": "ineq", "fun": lambda x: -x[0] - 2 * x[1] + 6},
             {"type": "ineq", "fun": lambda x: -x[0] + 2 * x[1] + 2})
    bnds = ((0, None), (0, None))
    ref = so.minimize(f, [2, 0], jac=g, method="SLSQP", bounds=bnds, constraints=dicts)
    A = np.array([[1, -2], [-1, -2], [-1, 2]])
    forms = [dicts, so.LinearConstraint(A, [-2, -6, -2], np.inf),
             so.NonlinearConstraint(lambda x: A @ x, [-2, -6, -2], np.inf)]
    for cons in forms:
        for method in ("SLSQP", "trust-constr", "augmented-lagrangian"):
            res = minima.minimize(f, [2, 0], jac=g, method=method, bounds=bnds, constraints=cons)
            assert res.success, (method, res.message)
            np.testing.assert_allclose(res.x, ref.x, atol=1e-5)
            assert res.kkt["primal_feasibility"] < 1e-6


def test_equality_constraint_and_multiplier():
    # min x + y s.t. x^2 + y^2 = 2: x = y = -1, multiplier 1/2 (grad f + lambda grad g = 0)
    res = minima.minimize(lambda x: x[0] + x[1], [0.5, -0.3], jac=lambda x: np.ones(2), method="slsqp",
                          constraints={"type": "eq", "fun": lambda x: x @ x - 2, "jac": lambda x: 2 * x})
    np.testing.assert_allclose(res.x, [-1, -1], atol=1e-6)
    np.testing.assert_allclose(abs(res.kkt["equality_multipliers"][0]), 0.5, atol=1e-6)


def test_callback_new_and_legacy_style_and_stop():
    seen = []

    def cb(intermediate_result):
        assert isinstance(intermediate_result, minima.OptimizeResult)
        seen.append((intermediate_result.nit, intermediate_result.fun, intermediate_result.x.copy()))

    res = minima.minimize(rosen, X0, jac=rosen_der, method="bfgs", callback=cb)
    assert len(seen) == res.nit and seen[-1][0] == res.nit
    np.testing.assert_allclose(seen[-1][2], res.x)
    xs = []
    minima.minimize(rosen, X0, jac=rosen_der, method="lbfgs", callback=lambda xk: xs.append(xk))
    assert xs and all(x.shape == (2,) for x in xs)

    def stop(intermediate_result):
        if intermediate_result.nit == 3:
            raise StopIteration

    res = minima.minimize(rosen, X0, jac=rosen_der, method="bfgs", callback=stop)
    assert res.nit == 3 and not res.success and res.status_name == "observer_stop" and res.status == 2


class Boom(Exception):
    pass


@pytest.mark.parametrize("where", ["fun", "jac", "hess", "callback", "constraint"])
def test_exception_comes_back_as_itself(where):
    def raiser(name, real):
        def f(*a, **k):
            if where == name:
                raise Boom(f"from {name}")
            return real(*a, **k)
        return f

    method = "slsqp" if where == "constraint" else "trust-region-cg"
    calls = [0]

    def constraint(x):  # the first call (at x0, before the run) succeeds: the run meets the raise
        calls[0] += 1
        if where == "constraint" and calls[0] > 1:
            raise Boom("from constraint")
        return 4 - x @ x

    cons = {"type": "ineq", "fun": constraint, "jac": lambda x: -2 * x}
    with pytest.raises(Boom, match=f"from {where}") as info:
        minima.minimize(raiser("fun", rosen), X0, jac=raiser("jac", rosen_der), hess=raiser("hess", rosen_hess),
                        method=method, callback=raiser("callback", lambda r: None),
                        constraints=cons if where == "constraint" else ())
    # the traceback reaches into the user's function
    assert info.traceback[-1].name in ("f", "constraint")


def test_exception_stops_at_once():
    calls = []

    def f(x):
        calls.append(1)
        if len(calls) == 5:
            raise ValueError("fifth call")
        return rosen(x)

    with pytest.raises(ValueError, match="fifth call"):
        minima.minimize(f, X0, method="bfgs")  # finite differences: many calls after the fifth otherwise
    assert len(calls) == 5


def test_nan_from_function():
    res = minima.minimize(lambda x: np.nan, X0, jac=lambda x: np.zeros(2), method="bfgs")
    assert not res.success and res.status_name == "non_finite_value" and res.status == 4
    # NaN away from the start: the line search backs off (log barrier at x <= 0)
    f = lambda x: np.sum(x - np.log(x)) if np.all(x > 0) else np.nan  # noqa: E731
    res = minima.minimize(f, [5.0, 0.1], jac=lambda x: 1 - 1 / x, method="lbfgs")
    assert res.success
    np.testing.assert_allclose(res.x, [1, 1], atol=1e-6)


def test_bad_arguments():
    with pytest.raises(ValueError, match="method.*unknown.*available:.*lbfgs"):
        minima.minimize(rosen, X0, method="no-such")
    with pytest.raises(ValueError, match="bounds must have one"):
        minima.minimize(rosen, X0, bounds=[(0, 1)])
    with pytest.raises(ValueError, match=r"bounds\[0\]: lower bound"):
        minima.minimize(rosen, X0, bounds=[(2, 1), (0, 1)])
    with pytest.raises(ValueError, match="options: unknown option.*'gtoll'"):
        minima.minimize(rosen, X0, options={"gtoll": 1e-3})
    with pytest.raises(ValueError, match="x0 must be 1-D"):
        minima.minimize(rosen, np.zeros((2, 2)))
    with pytest.raises(ValueError, match="jac must return an array of 2 values"):
        minima.minimize(rosen, X0, jac=lambda x: np.zeros(3))
    with pytest.raises(TypeError, match="fun must return a real number"):
        minima.minimize(lambda x: "a", X0, jac=rosen_der)
    with pytest.raises(ValueError, match="cannot handle bounds"):
        minima.minimize(rosen, X0, method="bfgs", bounds=[(0, 1), (0, 1)])
    with pytest.raises(TypeError, match="hess must be"):
        minima.minimize(rosen, X0, hess=3)
    with pytest.raises(TypeError, match="fun must be callable"):
        minima.minimize(3, X0)
    with pytest.raises(ValueError, match="'type' must be 'eq' or 'ineq'"):
        minima.minimize(rosen, X0, constraints={"type": "le", "fun": rosen})


def test_pending_methods_give_a_clear_error_or_work():
    for name in ("Nelder-Mead", "Powell", "COBYLA"):
        target = minima.SCIPY_METHODS[name.lower()]
        if target in minima.available_methods():
            res = minima.minimize(rosen, X0, method=name)
            assert res.method == target
        else:
            with pytest.raises(ValueError, match=f"maps to minima's '{target}'.*does not have"):
                minima.minimize(rosen, X0, method=name)


def test_ctrl_c_stops_a_long_run():
    """SIGINT during a run (the GIL released in C++) ends it with KeyboardInterrupt."""
    def slow(x):
        time.sleep(0.001)
        return float(x @ x)

    timer = threading.Timer(0.2, lambda: signal.raise_signal(signal.SIGINT))
    start = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):  # gd-fixed (step 1e-3) would run 10^7 iterations
        minima.minimize(slow, np.ones(3), jac=lambda x: 2 * x, method="gd-fixed",
                        options={"maxiter": 10**7, "gtol": 0})
    timer.join()
    assert time.monotonic() - start < 5


def test_result_is_a_dict_with_attributes():
    res = minima.minimize(rosen, X0, jac=rosen_der)
    for key in ("x", "fun", "jac", "nit", "nfev", "njev", "nhev", "status", "success", "message", "status_name"):
        assert key in res and getattr(res, key) is res[key]
    assert "kkt" not in res
    assert "minimize" in minima.minimize.__doc__ and "Nelder-Mead" in minima.minimize.__doc__


@pytest.mark.parametrize("x0", [[-1.2, 1.0], [1.3, 0.7, 0.8, 1.9, 1.2], [0.0, 0.0, 0.0]])
@pytest.mark.parametrize("options", [None, {"adaptive": True, "xatol": 1e-8, "fatol": 1e-8}, {"maxfev": 60},
                                     {"maxiter": 30}])
def test_nelder_mead_follows_scipys_iterates_and_counts(x0, options):
    """The same simplex method, start simplex, stopping test and limits as scipy's: the same
    iterations, evaluations and answer."""
    calls = [0]

    def f(x):
        calls[0] += 1
        return rosen(x)

    ours = minima.minimize(f, x0, method="Nelder-Mead", options=options)
    theirs = so.minimize(rosen, x0, method="Nelder-Mead", options=options)
    assert ours.method == "nelder-mead" and ours.jac is None and ours.nfev == calls[0]
    assert ours.success == theirs.success
    if options is None or "maxfev" not in options:
        # scipy counts iterations from 1: at its maxiter limit it reports one more than it ran
        assert ours.nit == theirs.nit - (options is not None and "maxiter" in options)
        assert ours.nfev == theirs.nfev
        np.testing.assert_allclose(ours.x, theirs.x, rtol=1e-12, atol=1e-14)
    else:  # minima checks the limit between iterations, scipy also inside one
        assert theirs.nfev == 60 and 60 <= ours.nfev <= 60 + len(x0) + 1 and ours.nit in (theirs.nit, theirs.nit + 1)
        assert ours.status_name == "max_evaluations"


def test_nelder_mead_tol_callback_initial_simplex_and_bounds():
    sim = np.array([[-1.0, 1.0], [-0.9, 1.0], [-1.0, 1.1]])
    for kw in ({"tol": 1e-6}, {"options": {"initial_simplex": sim}}):
        ours = minima.minimize(rosen, X0, method="nelder-mead", **kw)
        theirs = so.minimize(rosen, X0, method="Nelder-Mead", **kw)
        assert (ours.nfev, ours.nit) == (theirs.nfev, theirs.nit)
        np.testing.assert_allclose(ours.x, theirs.x, rtol=1e-12)
    seen = []
    minima.minimize(rosen, X0, method="Nelder-Mead", callback=lambda intermediate_result: seen.append(
        intermediate_result.fun))
    assert len(seen) > 10 and seen[-1] <= seen[0]

    def stop(intermediate_result):
        if intermediate_result.nit == 5:
            raise StopIteration

    assert minima.minimize(rosen, X0, method="Nelder-Mead", callback=stop).nit == 5
    # bounds: projection in minima, scipy clips too; both end on the active bound x0 = 0.5
    bounds = [(-2, 0.5), (None, None)]
    ours = minima.minimize(rosen, X0, method="Nelder-Mead", bounds=bounds, options={"xatol": 1e-8, "fatol": 1e-10})
    theirs = so.minimize(rosen, X0, method="Nelder-Mead", bounds=bounds, options={"xatol": 1e-8, "fatol": 1e-10})
    np.testing.assert_allclose(ours.x, theirs.x, atol=1e-6)
    np.testing.assert_allclose(ours.x, [0.5, 0.25], atol=1e-6)


@pytest.mark.parametrize("method", ["Powell", "COBYLA", "bobyqa"])
def test_powell_and_cobyla_run_bobyqa(method):
    calls = [0]

    def f(x):
        calls[0] += 1
        return rosen(x)

    x0 = [1.3, 0.7, 0.8, 1.9, 1.2]
    res = minima.minimize(f, x0, method=method, tol=1e-8)
    assert res.method == "bobyqa" and res.success, res.message
    np.testing.assert_allclose(res.x, np.ones(5), atol=1e-5)
    assert res.nfev == calls[0] and res.njev == 0
    theirs = so.minimize(rosen, x0, method="Powell" if method != "COBYLA" else "COBYLA", tol=1e-8)
    assert res.fun <= theirs.fun + 1e-8  # scipy's COBYLA stops at its 1000 evaluations far from it
    bounded = minima.minimize(f, x0, method=method, bounds=[(None, None)] * 4 + [(None, 0.8)], tol=1e-8)
    sb = so.minimize(rosen, x0, method="L-BFGS-B", bounds=[(None, None)] * 4 + [(None, 0.8)], tol=1e-12)
    assert bounded.x[4] <= 0.8
    np.testing.assert_allclose(bounded.x, sb.x, atol=1e-4)
    # scipy's option names, and evaluation limits as scipy counts them
    limited = minima.minimize(f, x0, method=method,
                              options={"maxiter": 40} if method == "COBYLA" else {"maxfev": 40})
    assert limited.status_name == "max_evaluations" and 40 <= limited.nfev <= 45


def test_derivative_free_bad_arguments():
    with pytest.raises(ValueError, match="unknown option.*'gtol'"):
        minima.minimize(rosen, X0, method="Nelder-Mead", options={"gtol": 1e-3})
    with pytest.raises(ValueError, match="initial_simplex must have shape"):
        minima.minimize(rosen, X0, method="Nelder-Mead", options={"initial_simplex": np.zeros((2, 2))})
    with pytest.raises(ValueError, match="not general constraints"):
        minima.minimize(rosen, X0, method="COBYLA", constraints={"type": "ineq", "fun": lambda x: 1 - x @ x})
    with pytest.raises(NotImplementedError, match="direc"):
        minima.minimize(rosen, X0, method="Powell", options={"direc": np.eye(2)})
    with pytest.warns(RuntimeWarning, match="does not use gradient"):
        minima.minimize(rosen, X0, method="Nelder-Mead", jac=rosen_der)

    class Boom(Exception):
        pass

    def bad(x):
        if x[0] > -1.0:
            raise Boom("here")
        return rosen(x)

    for method in ("Nelder-Mead", "Powell"):
        with pytest.raises(Boom):
            minima.minimize(bad, X0, method=method)
