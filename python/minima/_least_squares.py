"""minima.least_squares and minima.curve_fit: scipy.optimize's interfaces on minima's
Levenberg-Marquardt and Gauss-Newton (include/minima/least_squares/least_squares.hpp)."""

import inspect
import warnings

import numpy as np

from . import _core
from ._common import OptimizeResult, as_vector, wrap_callback

# scipy's least_squares status codes by minima's status name.
_LSQ_STATUS = {"converged_gradient": 1, "converged_function": 2, "converged_step": 3, "max_evaluations": 0,
               "max_iterations": 0}
_METHODS = {"lm": "lm", "levenberg-marquardt": "lm", "gn": "gn", "gauss-newton": "gn", "trf": "lm", "dogbox": "lm"}


def _unbounded(bounds):
    if bounds is None:
        return True
    try:
        lo, hi = bounds
        return bool(np.all(np.asarray(lo, dtype=float) == -np.inf) and np.all(np.asarray(hi, dtype=float) == np.inf))
    except (TypeError, ValueError):
        return False


def _difference_jacobian(f, x, r):
    J = np.empty((r.size, x.size))
    for j in range(x.size):
        h = np.cbrt(np.finfo(float).eps) * max(1.0, abs(x[j]))
        xp, xm = x.copy(), x.copy()
        xp[j] += h
        xm[j] -= h
        J[:, j] = (np.asarray(f(xp), dtype=float).reshape(-1) - np.asarray(f(xm), dtype=float).reshape(-1)) / (xp[j] - xm[j])
    return J


def least_squares(fun, x0, jac="2-point", bounds=(-np.inf, np.inf), method="lm", ftol=1e-8, xtol=1e-8, gtol=1e-8,
                  x_scale=1.0, loss="linear", f_scale=1.0, diff_step=None, tr_solver=None, tr_options=None,
                  jac_sparsity=None, max_nfev=None, verbose=0, args=(), kwargs=None, callback=None):
    """Solve a nonlinear least-squares problem, as ``scipy.optimize.least_squares``.

    Minimizes ``0.5 * sum(fun(x)**2)``.

    Parameters
    ----------
    fun : callable
        ``fun(x, *args, **kwargs) -> array (m,)``, the residuals.
    x0 : array_like, shape (n,)
        Initial guess.
    jac : callable or {'2-point', '3-point', 'cs'}, optional
        ``jac(x, *args, **kwargs) -> array (m, n)``; otherwise central differences (2n
        residual evaluations per Jacobian).
    bounds : 2-tuple, optional
        Only ``(-inf, inf)`` for now: bounds raise NotImplementedError until minima's C++
        least-squares solvers take them.
    method : {'lm', 'gn'}, optional
        Levenberg-Marquardt (default; MINPACK's stopping tests, More's scaling, geodesic
        acceleration) or Gauss-Newton with step halving. scipy's 'trf' and 'dogbox' map to 'lm'.
    ftol, xtol, gtol : float, optional
        MINPACK's tests, as scipy's 'lm': relative reduction of the cost, relative step
        ``||D dx|| <= xtol ||D x||``, and the cosine of the angle between the residuals and each
        column of J.
    x_scale : 1.0 or 'jac', optional
        minima's LM always scales by the Jacobian's column norms (scipy's ``x_scale='jac'``);
        other values raise NotImplementedError.
    loss : 'linear', optional
        Robust losses raise NotImplementedError until minima's C++ side has them.
    max_nfev : int, optional
        Limit on residual evaluations (default: scipy's 100 n with a Jacobian, 100 n (n + 1)
        without).
    verbose : {0, 1, 2}, optional
        Print a one-line summary at the end when > 0.
    args, kwargs : optional
        Extra arguments for ``fun`` and ``jac``.
    callback : callable, optional
        ``callback(intermediate_result)`` after each accepted step (``x``, ``fun`` = cost,
        ``nit``); StopIteration ends the run.

    Returns
    -------
    res : OptimizeResult
        scipy's fields ``x``, ``cost``, ``fun`` (residuals at x), ``jac``, ``grad``
        (``J.T @ fun``), ``optimality`` (its infinity norm), ``active_mask``, ``nfev``, ``njev``,
        ``status`` (scipy's codes: 1 gtol, 2 ftol, 3 xtol, 0 evaluation limit, -1 other),
        ``success``, ``message``; and minima's ``status_name``, ``nit``,
        ``standard_errors`` (``s sqrt(diag((J^T J)^-1))``), ``covariance``
        (``s^2 (J^T J)^-1``, s^2 = 2 cost / (m - n)), ``correlation``,
        ``residual_standard_deviation``, ``degrees_of_freedom``, ``jacobian_rank``.
    """
    for name, value, default in (("diff_step", diff_step, None), ("tr_solver", tr_solver, None),
                                 ("jac_sparsity", jac_sparsity, None)):
        if value is not default:
            raise NotImplementedError(f"least_squares: {name} is not supported by minima")
    if loss != "linear":
        raise NotImplementedError(f"least_squares: loss={loss!r}: robust losses are not in minima yet (only 'linear')")
    if not _unbounded(bounds):
        raise NotImplementedError("least_squares: bounds are not in minima's least-squares solvers yet")
    if not (isinstance(x_scale, str) and x_scale == "jac") and not (np.ndim(x_scale) == 0 and float(x_scale) == 1.0):
        raise NotImplementedError("least_squares: x_scale other than 1.0 or 'jac' is not supported")
    if not isinstance(method, str) or method.lower() not in _METHODS:
        raise ValueError(f"method must be one of {', '.join(sorted(_METHODS))}, got {method!r}")
    if not callable(fun):
        raise TypeError(f"fun must be callable, got {type(fun).__name__}")
    x0 = as_vector(x0, "x0")
    if not isinstance(args, tuple):
        args = (args,)
    kwargs = dict(kwargs or {})
    counts = [0, 0]
    last = {}

    def residuals(x):
        counts[0] += 1
        r = np.atleast_1d(np.asarray(fun(x, *args, **kwargs), dtype=float))
        if r.ndim != 1:
            raise ValueError(f"fun must return a 1-D array of residuals, got shape {r.shape}")
        last["r"] = (x, r)
        return r

    m = residuals(x0.copy()).size
    counts[0] = 0  # that call only sized the problem (scipy's nfev for 'lm' leaves it out too)
    has_jacobian = callable(jac)
    if not has_jacobian and jac not in ("2-point", "3-point", "cs", None):
        raise ValueError(f"jac must be a callable or '2-point'/'3-point'/'cs', got {jac!r}")

    if has_jacobian:
        def rj(x, want):
            # The solver often asks for the Jacobian where it has just had the residuals: reuse them.
            if want and "r" in last and np.array_equal(last["r"][0], x):
                r = last["r"][1]
            else:
                r = residuals(x)
            if not want:
                return r
            counts[1] += 1
            J = np.atleast_2d(np.asarray(jac(x, *args, **kwargs), dtype=float))
            last["J"] = (x, J)
            return r, J
        f = rj
    else:
        f = residuals
    if max_nfev is None:
        max_nfev = 100 * x0.size if has_jacobian else 100 * x0.size * (x0.size + 1)
    raw = _core.least_squares(f, has_jacobian, m, x0, _METHODS[method.lower()], float(ftol), float(xtol),
                              float(gtol), int(max_nfev), wrap_callback(callback))
    x = raw["x"]
    nfev, njev = counts
    # The residuals and Jacobian at the solution (not counted: the solver evaluated them there).
    r = last["r"][1] if "r" in last and np.array_equal(last["r"][0], x) else np.asarray(fun(x, *args, **kwargs), dtype=float)
    if has_jacobian:
        J = last["J"][1] if "J" in last and np.array_equal(last["J"][0], x) else np.asarray(jac(x, *args, **kwargs), dtype=float)
    else:
        J = _difference_jacobian(lambda z: fun(z, *args, **kwargs), x, r)
    grad = J.T @ r
    status_name = raw["status_name"]
    res = OptimizeResult(
        x=x, cost=0.5 * float(r @ r), fun=r, jac=J, grad=grad, optimality=float(np.max(np.abs(grad))) if grad.size else 0.0,
        active_mask=np.zeros(x.size, dtype=int), nfev=nfev, njev=njev if has_jacobian else None,
        status=_LSQ_STATUS.get(status_name, -1), success=raw["success"], message=raw["message"],
        status_name=status_name, nit=raw["nit"], method=raw["method"])
    for key in ("standard_errors", "covariance", "correlation", "residual_standard_deviation", "degrees_of_freedom",
                "jacobian_rank"):
        if key in raw:
            res[key] = raw[key]
    if verbose:
        print(f"minima {res.method}: {res.message} (nit {res.nit}, nfev {res.nfev}, cost {res.cost:.10g})")
    return res


def curve_fit(f, xdata, ydata, p0=None, sigma=None, absolute_sigma=False, check_finite=True,
              bounds=(-np.inf, np.inf), method=None, jac=None, *, full_output=False, **kwargs):
    """Use nonlinear least squares to fit a function to data, as ``scipy.optimize.curve_fit``.

    Parameters
    ----------
    f : callable
        The model ``f(xdata, *params) -> array (m,)``.
    xdata : array_like
        The independent variable (passed to ``f`` as given, after conversion to a float array
        when ``check_finite``).
    ydata : array_like, shape (m,)
        The dependent data.
    p0 : array_like, optional
        Initial guess (default: ones, one per parameter of ``f`` after the first).
    sigma : None or array_like of shape (m,) or (m, m), optional
        Uncertainty of ydata: 1-D, the residuals are ``(f - ydata) / sigma``; 2-D, the
        covariance of the errors, and the residuals are ``L^-1 (f - ydata)`` with
        ``sigma = L L^T``.
    absolute_sigma : bool, optional
        True: ``pcov = (J^T J)^-1`` (sigma in absolute units); False (default): scaled by the
        reduced chi-square ``2 cost / (m - n)``, as scipy.
    check_finite : bool, optional
        Raise ValueError when xdata or ydata hold NaN or inf.
    bounds : 2-tuple, optional
        Only ``(-inf, inf)``: bounds raise NotImplementedError until minima's C++ side has them.
    method : {None, 'lm', 'gn', 'trf', 'dogbox'}, optional
        minima's Levenberg-Marquardt (default; 'trf' and 'dogbox' map to it) or Gauss-Newton.
    jac : callable, optional
        ``jac(xdata, *params) -> array (m, n)``, the Jacobian of the model; otherwise central
        differences.
    full_output : bool, optional
        Also return ``infodict`` (``nfev``, ``fvec``, plus minima's ``standard_errors`` and
        ``status_name``), ``mesg`` and ``ier``, as scipy.
    **kwargs
        Passed to :func:`minima.least_squares` (``ftol``, ``xtol``, ``gtol``, ``max_nfev``;
        scipy's leastsq name ``maxfev`` also works).

    Returns
    -------
    popt : ndarray
        The parameters minimizing ``sum(((f(xdata, *popt) - ydata) / sigma)**2)``.
    pcov : ndarray, 2-D
        The estimated covariance of popt, exactly as scipy defines it (inf when m <= n and
        absolute_sigma is False). minima computes it from a pivoted QR of J; where J is
        rank-deficient the entries are NaN (scipy's SVD pseudo-inverse gives finite numbers).

    Raises
    ------
    RuntimeError
        When the fit does not converge (as scipy), with minima's message.
    """
    if bounds is not None and not _unbounded(bounds):
        raise NotImplementedError("curve_fit: bounds are not in minima's least-squares solvers yet")
    if p0 is None:
        params = list(inspect.signature(f).parameters.values())
        if len(params) < 2:
            raise ValueError("Unable to determine number of fit parameters.")
        p0 = np.ones(len(params) - 1)
    p0 = as_vector(p0, "p0")
    ydata = np.asarray_chkfinite(ydata, dtype=float) if check_finite else np.asarray(ydata, dtype=float)
    if isinstance(xdata, (list, tuple, np.ndarray)):
        xdata = np.asarray_chkfinite(xdata, dtype=float) if check_finite else np.asarray(xdata, dtype=float)
    if ydata.size == 0:
        raise ValueError("`ydata` must not be empty!")
    ydata = ydata.reshape(-1)
    m = ydata.size
    transform = None
    if sigma is not None:
        sigma = np.asarray(sigma, dtype=float)
        if sigma.shape == (m,):
            transform = lambda v: (v.T / sigma).T  # noqa: E731  (rows of a Jacobian too)
        elif sigma.shape == (m, m):
            try:
                L = np.linalg.cholesky(sigma)
            except np.linalg.LinAlgError:
                raise ValueError("`sigma` must be positive definite.") from None
            transform = lambda v: np.linalg.solve(L, v)  # noqa: E731
        else:
            raise ValueError(f"`sigma` has incorrect shape {sigma.shape}: expected ({m},) or ({m}, {m})")

    def residuals(p):
        r = np.asarray(f(xdata, *p), dtype=float).reshape(-1) - ydata
        return transform(r) if transform is not None else r

    lsq_jac = "2-point"
    if callable(jac):
        def lsq_jac(p):
            J = np.asarray(jac(xdata, *p), dtype=float)
            return transform(J) if transform is not None else J
    if "maxfev" in kwargs:
        kwargs["max_nfev"] = kwargs.pop("maxfev")
    res = least_squares(residuals, p0, jac=lsq_jac, method=method or "lm", **kwargs)
    if not res.success:
        raise RuntimeError("Optimal parameters not found: " + res.message)
    popt = res.x
    n = p0.size
    cov = np.array(res["covariance"], dtype=float) if "covariance" in res else np.full((n, n), np.nan)
    s2 = res["residual_standard_deviation"] ** 2 if m > n else np.nan
    if absolute_sigma:
        # minima's covariance is s^2 (J^T J)^-1: the unscaled one is (J^T J)^-1.
        pcov = cov / s2 if m > n and s2 > 0 else _unscaled_covariance(res.jac)
    elif m > n:
        pcov = cov
    else:
        pcov = np.full((n, n), np.inf)
        warnings.warn("Covariance of the parameters could not be estimated", RuntimeWarning, stacklevel=2)
    if full_output:
        info = {"nfev": res.nfev, "fvec": res.fun, "standard_errors": res.get("standard_errors"),
                "status_name": res.status_name}
        return popt, pcov, info, res.message, res.status
    return popt, pcov


def _unscaled_covariance(J):
    """(J^T J)^-1 by QR of J (when s^2 = 0 or m <= n, so the scaled one cannot be divided back)."""
    try:
        R = np.linalg.qr(J, mode="r")
        Rinv = np.linalg.inv(R)
        return Rinv @ Rinv.T
    except np.linalg.LinAlgError:
        return np.full((J.shape[1], J.shape[1]), np.nan)
