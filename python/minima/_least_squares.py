"""minima.least_squares and minima.curve_fit: scipy.optimize's interfaces on minima's
trust-region reflective, Levenberg-Marquardt and Gauss-Newton methods with robust losses, bounds and
weights (include/minima/least_squares/)."""

import inspect
import warnings

import numpy as np

from . import _core
from ._common import OptimizeResult, as_vector, wrap_callback

# scipy's least_squares status codes by minima's status name (4, both ftol and xtol, is not told apart).
_LSQ_STATUS = {"converged_orthogonality": 1, "converged_gradient": 1, "converged_function": 2, "converged_step": 3, "max_evaluations": 0,
               "max_iterations": 0}
#: scipy's and minima's method names -> minima's. scipy's 'dogbox' (another bounded trust region)
#: runs minima's 'trf'.
_METHODS = {"trf": "trf", "dogbox": "trf", "trust-region-reflective": "trf", "lm": "lm",
            "levenberg-marquardt": "lm", "gn": "gn", "gauss-newton": "gn"}
_LOSSES = ("linear", "soft_l1", "huber", "cauchy", "arctan")


def _prepare_bounds(bounds, n):
    """(lb, ub) as float arrays of size n from scipy's forms (a 2-tuple of scalars or arrays, or
    scipy.optimize.Bounds), or ValueError naming ``bounds``."""
    if bounds is None:
        return np.full(n, -np.inf), np.full(n, np.inf)
    if hasattr(bounds, "lb") and hasattr(bounds, "ub"):
        lb, ub = bounds.lb, bounds.ub
    else:
        try:
            lb, ub = bounds
        except (TypeError, ValueError):
            raise ValueError(f"bounds must be a 2-tuple (lb, ub) or scipy.optimize.Bounds, got {bounds!r}") from None
    out = []
    for side, value in (("lb", lb), ("ub", ub)):
        a = np.asarray(value, dtype=float)
        if a.ndim > 1 or (a.ndim == 1 and a.size != n):
            raise ValueError(f"bounds: {side} must be a scalar or have {n} entries (one per parameter), "
                             f"got shape {a.shape}")
        a = np.broadcast_to(a, (n,)).copy()
        if np.any(np.isnan(a)):
            raise ValueError(f"bounds: {side} must not contain NaN")
        out.append(a)
    lb, ub = out
    if np.any(lb >= ub):
        i = int(np.argmax(lb >= ub))
        raise ValueError(f"bounds: each lower bound must be strictly less than its upper bound, got "
                         f"lb[{i}] = {lb[i]:g} >= ub[{i}] = {ub[i]:g}")
    return lb, ub


def _active_mask(x, lb, ub, rtol):
    """scipy's active_mask: -1 / 1 where x lies within rtol * max(1, |bound|) of its lower / upper
    bound (and nearer to it than to the other one), 0 elsewhere."""
    lower, upper = x - lb, ub - x
    mask = np.zeros(x.size, dtype=int)
    mask[np.isfinite(lb) & (lower <= np.minimum(upper, rtol * np.maximum(1.0, np.abs(lb))))] = -1
    mask[np.isfinite(ub) & (upper <= np.minimum(lower, rtol * np.maximum(1.0, np.abs(ub))))] = 1
    return mask


def _difference_jacobian(f, x, r):
    J = np.empty((r.size, x.size))
    for j in range(x.size):
        h = np.cbrt(np.finfo(float).eps) * max(1.0, abs(x[j]))
        xp, xm = x.copy(), x.copy()
        xp[j] += h
        xm[j] -= h
        J[:, j] = (np.asarray(f(xp), dtype=float).reshape(-1) - np.asarray(f(xm), dtype=float).reshape(-1)) / (xp[j] - xm[j])
    return J


def least_squares(fun, x0, jac="2-point", bounds=(-np.inf, np.inf), method="trf", ftol=1e-8, xtol=1e-8, gtol=1e-8,
                  x_scale=1.0, loss="linear", f_scale=1.0, diff_step=None, tr_solver=None, tr_options=None,
                  jac_sparsity=None, max_nfev=None, verbose=0, args=(), kwargs=None, callback=None):
    """Solve a nonlinear least-squares problem with bounds, as ``scipy.optimize.least_squares``.

    Minimizes ``F(x) = 0.5 * sum(rho(fun(x)**2))`` subject to ``lb <= x <= ub``, ``rho`` the loss.

    Parameters
    ----------
    fun : callable
        ``fun(x, *args, **kwargs) -> array (m,)``, the residuals.
    x0 : array_like, shape (n,)
        Initial guess; it must lie within the bounds (ValueError otherwise, as scipy). A start on a
        bound is moved 1e-10 relative inside, as scipy does.
    jac : callable or {'2-point', '3-point', 'cs'}, optional
        ``jac(x, *args, **kwargs) -> array (m, n)``; otherwise central differences (2n
        residual evaluations per Jacobian).
    bounds : 2-tuple of array_like or scipy.optimize.Bounds, optional
        ``(lb, ub)``, each a scalar or one entry per parameter, ``np.inf`` with a sign for no
        bound; every ``lb < ub`` (ValueError otherwise). Only with method 'trf'.
    method : {'trf', 'lm', 'gn', 'dogbox'}, optional
        ``'trf'`` (default, as scipy): minima's trust-region reflective method (Branch, Coleman &
        Li 1999), scipy's 'trf' with ``x_scale=1`` and the exact subproblem solver, for bounds too;
        scipy's ``'dogbox'`` runs it as well. ``'lm'``: minima's Levenberg-Marquardt (MINPACK's
        stopping tests, More's scaling, geodesic acceleration); no bounds. ``'gn'``: Gauss-Newton
        with step halving; no bounds.
    ftol, xtol, gtol : float, optional
        scipy's meanings per method. 'trf': stop when the cost falls by less than ``ftol * F``,
        when ``||dx|| < xtol (xtol + ||x||)``, or when ``||v * g||_inf < gtol`` (g the gradient,
        v Coleman-Li's scaling: 1 without bounds). 'lm', 'gn': MINPACK's relative reduction of
        the cost, relative step ``||D dx|| <= xtol ||D x||``, and the cosine of the angle
        between the residuals and each column of J.
    x_scale : 1.0 or 'jac', optional
        1.0 only for 'trf' and 'gn'. minima's 'lm' always scales by the Jacobian's column norms
        (scipy's ``'jac'``), and takes either value. Others raise NotImplementedError.
    loss : {'linear', 'soft_l1', 'huber', 'cauchy', 'arctan'}, optional
        scipy's robust losses, ``rho(z)`` of ``z = (f / f_scale)**2``: ``z``,
        ``2 (sqrt(1 + z) - 1)``, ``z`` up to 1 then ``2 sqrt(z) - 1``, ``log1p(z)``,
        ``arctan(z)``. Every method takes them ('lm' and 'gn' too, unlike scipy's 'lm'). A
        callable loss raises NotImplementedError; another name is a ValueError.
    f_scale : float, optional
        The soft margin between inlier and outlier residuals (finite, > 0).
    tr_solver : {None, 'exact'}, optional
        'exact' is what 'trf' does; 'lsmr' raises NotImplementedError.
    max_nfev : int, optional
        Limit on residual evaluations (default as scipy's: 100 n for 'trf'; for 'lm' 100 n with
        a Jacobian, 100 n (n + 1) without).
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
        scipy's fields: ``x``, ``cost`` (F at x, with the loss), ``fun`` (the residuals at x),
        ``jac`` (the Jacobian at x, scaled by the loss as scipy's: ``J^T J`` models the Hessian
        of F), ``grad`` (of F), ``optimality`` (``||v * grad||_inf``, the quantity compared with
        gtol by 'trf'), ``active_mask`` (-1 / 1 on an active lower / upper bound, as scipy with
        ``rtol = xtol``), ``nfev``, ``njev``, ``status`` (scipy's codes: 1 gtol, 2 ftol, 3 xtol,
        0 evaluation limit, -1 other), ``success``, ``message``; and minima's ``status_name``,
        ``nit``, ``method``, ``standard_errors`` (``s sqrt(diag((J^T J)^-1))``), ``covariance``
        (``s^2 (J^T J)^-1``, s^2 = 2 cost / (m - n)), ``correlation``,
        ``residual_standard_deviation``, ``degrees_of_freedom``, ``jacobian_rank``, and with
        bounds ``kkt`` (the bound multipliers and residuals of the KKT conditions).

    Examples
    --------
    >>> import numpy as np, minima
    >>> t = np.linspace(0, 3, 30); y = 2 * np.exp(-1.5 * t); y[5] += 4   # one outlier
    >>> res = minima.least_squares(lambda b: b[0] * np.exp(-b[1] * t) - y, [1, 1], loss='soft_l1',
    ...                            f_scale=0.1, bounds=([0, 0], [10, 10]))
    >>> res.x.round(1)                              # least squares gives [2.3, 1.2] here
    array([2. , 1.5])
    """
    return _least_squares(fun, x0, jac, bounds, method, ftol, xtol, gtol, x_scale, loss, f_scale, diff_step,
                          tr_solver, jac_sparsity, max_nfev, verbose, args, kwargs, callback, absolute_sigma=False)


def _least_squares(fun, x0, jac, bounds, method, ftol, xtol, gtol, x_scale, loss, f_scale, diff_step, tr_solver,
                   jac_sparsity, max_nfev, verbose, args, kwargs, callback, absolute_sigma):
    for name, value in (("diff_step", diff_step), ("jac_sparsity", jac_sparsity)):
        if value is not None:
            raise NotImplementedError(f"least_squares: {name} is not supported by minima")
    if not isinstance(method, str) or method.lower() not in _METHODS:
        raise ValueError(f"method must be one of {', '.join(sorted(_METHODS))}, got {method!r}")
    target = _METHODS[method.lower()]
    if tr_solver not in (None, "exact"):
        raise NotImplementedError(f"least_squares: tr_solver={tr_solver!r}: minima's 'trf' solves the subproblem "
                                  "exactly (tr_solver='exact')")
    if callable(loss):
        raise NotImplementedError("least_squares: a callable loss is not supported by minima; use one of "
                                  + ", ".join(_LOSSES))
    if loss not in _LOSSES:
        raise ValueError(f"loss must be one of {', '.join(_LOSSES)}, got {loss!r}")
    try:
        f_scale = float(f_scale)
    except (TypeError, ValueError):
        raise ValueError(f"f_scale must be a number > 0, got {f_scale!r}") from None
    if not (np.isfinite(f_scale) and f_scale > 0):
        raise ValueError(f"f_scale must be finite and > 0, got {f_scale!r}")
    jac_scaling = isinstance(x_scale, str) and x_scale == "jac"
    unit_scaling = not isinstance(x_scale, str) and np.ndim(x_scale) == 0 and float(x_scale) == 1.0
    if not (unit_scaling or (jac_scaling and target == "lm")):
        raise NotImplementedError(f"least_squares: x_scale={x_scale!r} is not supported with method {method!r} "
                                  "(1.0, or 'jac' with 'lm')")
    if not callable(fun):
        raise TypeError(f"fun must be callable, got {type(fun).__name__}")
    x0 = as_vector(x0, "x0")
    n = x0.size
    if n == 0:
        raise ValueError("x0 must have at least one entry")
    lb, ub = _prepare_bounds(bounds, n)
    bounded = bool(np.any(np.isfinite(lb)) or np.any(np.isfinite(ub)))
    if bounded and target != "trf":
        raise ValueError(f"method {method!r} does not take bounds; use 'trf'")
    if np.any(x0 < lb) or np.any(x0 > ub):
        i = int(np.argmax((x0 < lb) | (x0 > ub)))
        raise ValueError(f"x0 is infeasible: x0[{i}] = {x0[i]:g} lies outside the bounds [{lb[i]:g}, {ub[i]:g}]")
    if not isinstance(args, tuple):
        args = (args,)
    kwargs = dict(kwargs or {})
    counts = [0, 0]
    last = {}

    def residuals(x):
        # The solver asks again where it has just evaluated (its first point, where a Jacobian is
        # wanted next): the residuals are reused, neither recomputed nor counted.
        if "r" in last and np.array_equal(last["r"][0], x):
            return last["r"][1]
        counts[0] += 1
        r = np.atleast_1d(np.asarray(fun(x, *args, **kwargs), dtype=float))
        if r.ndim != 1:
            raise ValueError(f"fun must return a 1-D array of residuals, got shape {r.shape}")
        last["r"] = (x.copy(), r)
        return r

    m = residuals(x0.copy()).size  # the first evaluation, reused by the solver at x0
    has_jacobian = callable(jac)
    if not has_jacobian and jac not in ("2-point", "3-point", "cs", None):
        raise ValueError(f"jac must be a callable or '2-point'/'3-point'/'cs', got {jac!r}")

    if has_jacobian:
        def rj(x, want):
            # The solver often asks for the Jacobian where it has just had the residuals: reuse them.
            r = residuals(x)
            if not want:
                return r
            counts[1] += 1
            J = np.atleast_2d(np.asarray(jac(x, *args, **kwargs), dtype=float))
            last["J"] = (x.copy(), J)
            return r, J
        f = rj
    else:
        f = residuals
    if max_nfev is None:
        max_nfev = 100 * n if has_jacobian or target != "lm" else 100 * n * (n + 1)
    raw = _core.least_squares(f, has_jacobian, m, x0, target, float(ftol), float(xtol), float(gtol), int(max_nfev),
                              wrap_callback(callback), loss, f_scale, lb if bounded else None,
                              ub if bounded else None, bool(absolute_sigma))
    x = raw["x"]
    if has_jacobian:
        nfev, njev = counts
    elif target == "trf":  # scipy's 'trf' counts the calls of fun apart from the difference Jacobians
        njev = raw["counted_gradient"]
        nfev = counts[0] - 2 * n * njev  # central differences: 2n calls per Jacobian
    else:  # 'lm' counts its difference quotients too, as MINPACK
        nfev, njev = counts[0], None
    # The residuals and Jacobian at the solution (not counted: the solver evaluated them there).
    r = last["r"][1] if "r" in last and np.array_equal(last["r"][0], x) else np.asarray(fun(x, *args, **kwargs), dtype=float)
    if has_jacobian:
        J = last["J"][1] if "J" in last and np.array_equal(last["J"][0], x) else np.asarray(jac(x, *args, **kwargs), dtype=float)
    else:
        J = _difference_jacobian(lambda z: fun(z, *args, **kwargs), x, r)
    if loss == "linear":
        cost, grad = 0.5 * float(r @ r), J.T @ r
    else:
        cost, corrected, J = _core.robust_loss(r, J, loss, f_scale)
        grad = J.T @ corrected
    # Coleman-Li's scaling: the distance to the bound the negative gradient points to (1 if none).
    v = np.ones(n)
    toward_upper = (grad < 0) & np.isfinite(ub)
    toward_lower = (grad > 0) & np.isfinite(lb)
    v[toward_upper] = (ub - x)[toward_upper]
    v[toward_lower] = (x - lb)[toward_lower]
    status_name = raw["status_name"]
    res = OptimizeResult(
        x=x, cost=cost, fun=r, jac=J, grad=grad, optimality=float(np.max(np.abs(v * grad))) if grad.size else 0.0,
        active_mask=_active_mask(x, lb, ub, float(xtol)) if bounded else np.zeros(n, dtype=int), nfev=nfev,
        njev=njev, status=_LSQ_STATUS.get(status_name, -1),
        success=raw["success"], message=raw["message"], status_name=status_name, nit=raw["nit"],
        method=raw["method"])
    for key in ("standard_errors", "covariance", "correlation", "residual_standard_deviation", "degrees_of_freedom",
                "jacobian_rank"):
        if key in raw:
            res[key] = raw[key]
    if "kkt" in raw:
        res["kkt"] = OptimizeResult(raw["kkt"])
    if verbose:
        print(f"minima {res.method}: {res.message} (nit {res.nit}, nfev {res.nfev}, cost {res.cost:.10g})")
    return res


def _initial_feasible(lb, ub):
    """scipy's curve_fit start within bounds: the middle of a finite box, 1 inside a one-sided
    bound, 1 when free."""
    p0 = np.ones_like(lb)
    lower, upper = np.isfinite(lb), np.isfinite(ub)
    both = lower & upper
    p0[both] = 0.5 * (lb[both] + ub[both])
    p0[lower & ~upper] = lb[lower & ~upper] + 1
    p0[~lower & upper] = ub[~lower & upper] - 1
    return p0


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
        Initial guess (default: ones, one per parameter of ``f`` after the first; with bounds,
        scipy's feasible start: the middle of a finite box, 1 inside a one-sided bound).
    sigma : None or array_like of shape (m,) or (m, m), optional
        Uncertainty of ydata: 1-D, standard deviations (finite, > 0), the residuals are
        ``(f - ydata) / sigma``; 2-D, the covariance of the errors, and the residuals are
        ``L^-1 (f - ydata)`` with ``sigma = L L^T``. Another shape, a zero, negative or
        non-finite entry is a ValueError naming ``sigma``.
    absolute_sigma : bool, optional
        True: ``pcov = (J^T J)^-1`` (sigma in absolute units); False (default): scaled by the
        reduced chi-square ``2 cost / (m - n)``, as scipy.
    check_finite : bool, optional
        Raise ValueError when xdata or ydata hold NaN or inf.
    bounds : 2-tuple of array_like or scipy.optimize.Bounds, optional
        Bounds on the parameters, as :func:`minima.least_squares` (every ``lb < ub``; p0 within).
    method : {None, 'lm', 'trf', 'dogbox', 'gn'}, optional
        None (default): 'lm' without bounds, 'trf' with them, as scipy. 'lm' is minima's
        Levenberg-Marquardt, 'trf' (and 'dogbox') its trust-region reflective method, 'gn'
        Gauss-Newton; only 'trf' takes bounds.
    jac : callable, optional
        ``jac(xdata, *params) -> array (m, n)``, the Jacobian of the model; otherwise central
        differences.
    full_output : bool, optional
        Also return ``infodict`` (``nfev``, ``fvec``, plus minima's ``standard_errors`` and
        ``status_name``), ``mesg`` and ``ier``, as scipy.
    **kwargs
        Passed to :func:`minima.least_squares` (``ftol``, ``xtol``, ``gtol``, ``max_nfev``,
        ``loss``, ``f_scale``; scipy's leastsq name ``maxfev`` also works).

    Returns
    -------
    popt : ndarray
        The parameters minimizing ``sum(((f(xdata, *popt) - ydata) / sigma)**2)`` (with a loss:
        its robust cost).
    pcov : ndarray, 2-D
        The estimated covariance of popt, exactly as scipy defines it (inf when m <= n and
        absolute_sigma is False). minima computes it from a pivoted QR of J (the loss-scaled J
        with a loss, as scipy); where J is rank-deficient the entries are NaN with a warning
        (scipy's SVD pseudo-inverse gives finite numbers).

    Raises
    ------
    RuntimeError
        When the fit does not converge (as scipy), with minima's message.
    ValueError
        Bad sigma, bounds, p0 outside the bounds, 'lm' or 'gn' with bounds.
    """
    if p0 is None:
        params = list(inspect.signature(f).parameters.values())
        if len(params) < 2:
            raise ValueError("Unable to determine number of fit parameters.")
        n = len(params) - 1
    else:
        p0 = as_vector(p0, "p0")
        n = p0.size
    lb, ub = _prepare_bounds(bounds, n)
    bounded = bool(np.any(np.isfinite(lb)) or np.any(np.isfinite(ub)))
    if p0 is None:
        p0 = _initial_feasible(lb, ub)
    if method is None:
        method = "trf" if bounded else "lm"
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
            bad = ~(np.isfinite(sigma) & (sigma > 0))
            if np.any(bad):
                i = int(np.argmax(bad))
                raise ValueError(f"sigma: every standard deviation must be finite and > 0, got sigma[{i}] = {sigma[i]}")
            transform = lambda v: (v.T / sigma).T  # noqa: E731  (rows of a Jacobian too)
        elif sigma.shape == (m, m):
            try:
                L = np.linalg.cholesky(sigma)
            except np.linalg.LinAlgError:
                raise ValueError("sigma: the covariance matrix must be positive definite") from None
            transform = lambda v: np.linalg.solve(L, v)  # noqa: E731
        else:
            raise ValueError(f"sigma has shape {sigma.shape}: expected ({m},) or ({m}, {m}) for {m} data points")

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
    options = dict(ftol=1e-8, xtol=1e-8, gtol=1e-8, x_scale=1.0, loss="linear", f_scale=1.0, diff_step=None,
                   tr_solver=None, jac_sparsity=None, max_nfev=None, verbose=0, args=(), kwargs=None, callback=None)
    unknown = sorted(set(kwargs) - set(options))
    if unknown:
        raise TypeError(f"curve_fit: unknown keyword argument(s) {', '.join(unknown)}")
    options.update(kwargs)
    res = _least_squares(residuals, p0, lsq_jac, (lb, ub), method, absolute_sigma=bool(absolute_sigma), **options)
    if not res.success:
        raise RuntimeError("Optimal parameters not found: " + res.message)
    popt = res.x
    if m > n or absolute_sigma:
        # minima's covariance: s^2 (J^T J)^-1, or (J^T J)^-1 with absolute_sigma (the summary's rule).
        pcov = np.array(res["covariance"], dtype=float) if "covariance" in res else np.full((n, n), np.nan)
        if not np.all(np.isfinite(pcov)):
            warnings.warn("Covariance of the parameters could not be estimated", RuntimeWarning, stacklevel=2)
    else:
        pcov = np.full((n, n), np.inf)
        warnings.warn("Covariance of the parameters could not be estimated", RuntimeWarning, stacklevel=2)
    if full_output:
        info = {"nfev": res.nfev, "fvec": res.fun, "standard_errors": res.get("standard_errors"),
                "status_name": res.status_name}
        return popt, pcov, info, res.message, res.status
    return popt, pcov
