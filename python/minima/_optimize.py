"""minima.minimize: scipy.optimize.minimize's interface on minima's local methods."""

import warnings

import numpy as np

from . import _core
from ._common import OptimizeResult, STATUS_CODES, as_vector, check_options, wrap_callback

#: scipy's method names (lower case) -> the nearest minima method. ``None``: minima's default for
#: the constraints given. l-bfgs-b and tnc become ``lbfgs`` when there are no bounds.
SCIPY_METHODS = {
    "nelder-mead": "nelder-mead",
    "powell": "bobyqa",
    "cobyla": "bobyqa",
    "cobyqa": "bobyqa",
    "cg": "cg",
    "bfgs": "bfgs",
    "newton-cg": "newton-wolfe",
    "l-bfgs-b": "lbfgsb",
    "tnc": "lbfgsb",
    "slsqp": "sqp",
    "trust-constr": None,
    "dogleg": "trust-region-dogleg",
    "trust-ncg": "trust-region-cg",
    "trust-krylov": "trust-region-cg",
    "trust-exact": "trust-region-dogleg",
}

# scipy's defaults for its names (minima's own names keep minima's: gtol 1e-8, maxiter 1000).
_SCIPY_DEFAULTS = {
    "bfgs": {"gtol": 1e-5},
    "cg": {"gtol": 1e-5},
    "newton-cg": {"gtol": 1e-5},
    "l-bfgs-b": {"gtol": 1e-5, "ftol": 2.220446049250313e-09, "maxiter": 15000, "maxfun": 15000},
    "tnc": {"gtol": 1e-5},
    "slsqp": {"gtol": 1e-6, "maxiter": 100},
    "trust-constr": {"gtol": 1e-8},
    "dogleg": {"gtol": 1e-8},
    "trust-ncg": {"gtol": 1e-8},
    "trust-krylov": {"gtol": 1e-8},
    "trust-exact": {"gtol": 1e-8},
}

_OPTIONS = {"gtol", "ftol", "xtol", "xrtol", "maxiter", "maxfun", "maxfev", "disp", "maxcor", "time_limit"}

#: The options of the derivative-free methods, by the name given (scipy's or minima's).
_DF_OPTIONS = {
    "nelder-mead": {"xatol", "fatol", "adaptive", "initial_simplex", "maxiter", "maxfev", "maxfun", "disp",
                    "return_all", "time_limit"},
    "powell": {"xtol", "ftol", "maxiter", "maxfev", "maxfun", "disp", "direc", "return_all", "time_limit"},
    "cobyla": {"rhobeg", "tol", "maxiter", "disp", "catol", "time_limit"},
    "cobyqa": {"initial_tr_radius", "final_tr_radius", "maxiter", "maxfev", "disp", "time_limit"},
    "bobyqa": {"rhobeg", "rhoend", "maxiter", "maxfev", "maxfun", "disp", "time_limit"},
}
_DERIVATIVE_FREE = ("nelder-mead", "bobyqa")


def available_methods():
    """Every method name ``minimize`` accepts in this build: minima's and scipy's (lower case)."""
    own = set(_core.unconstrained_methods()) | set(_core.constrained_methods())
    return sorted(own) + sorted(k for k, v in SCIPY_METHODS.items() if (v is None or v in own) and k not in own)


def _resolve_method(method, constrained, has_bounds):
    """(minima name or None for the constrained default, scipy's lower-case name or None)."""
    unconstrained = set(_core.unconstrained_methods())
    constrained_names = set(_core.constrained_methods())
    if method is None:
        method = "slsqp" if constrained else ("l-bfgs-b" if has_bounds else "bfgs")
    if not isinstance(method, str):
        raise TypeError(f"method must be a string, got {type(method).__name__}")
    key = method.lower()
    if key == "auto":  # the library's choice for this problem (resolve_method); res.method says which
        return "auto", None
    scipy_name = key if key in SCIPY_METHODS else None  # scipy's defaults go with scipy's names ('bfgs' too)
    if key in unconstrained or key in constrained_names:
        target = key
    elif key in SCIPY_METHODS:
        target = SCIPY_METHODS[key]
        if key in ("l-bfgs-b", "tnc") and not has_bounds and not constrained:
            target = "lbfgs"
        if target is not None and target not in unconstrained and target not in constrained_names:
            raise ValueError(
                f"method {method!r} maps to minima's {target!r}, which this build of minima does not "
                f"have; available: {', '.join(available_methods())}")
    else:
        raise ValueError(f"method: unknown method {method!r}; available: {', '.join(available_methods())}")
    if constrained and target in _DERIVATIVE_FREE:
        raise ValueError(f"method {method!r} (minima's {target!r}) takes bounds but not general constraints; use "
                         f"one of {', '.join(sorted(constrained_names))} (or scipy's 'SLSQP', 'trust-constr')")
    if (constrained or has_bounds) and target in unconstrained and target not in constrained_names \
            and target not in _DERIVATIVE_FREE:
        raise ValueError(
            f"method {method!r} (minima's {target!r}) cannot handle bounds or constraints; use one of "
            f"{', '.join(sorted(constrained_names))} (or scipy's 'L-BFGS-B', 'SLSQP', 'trust-constr')")
    return target, scipy_name


def _bounds_arrays(bounds, n):
    """(lower, upper) float arrays of size n from scipy's bounds forms, or (None, None)."""
    if bounds is None:
        return None, None
    if hasattr(bounds, "lb") and hasattr(bounds, "ub"):  # scipy.optimize.Bounds
        lower = np.broadcast_to(np.asarray(bounds.lb, dtype=float), (n,)).copy()
        upper = np.broadcast_to(np.asarray(bounds.ub, dtype=float), (n,)).copy()
    else:
        try:
            pairs = list(bounds)
        except TypeError:
            raise TypeError("bounds must be a sequence of (min, max) pairs or scipy.optimize.Bounds") from None
        if len(pairs) != n:
            raise ValueError(f"bounds must have one (min, max) pair per variable: got {len(pairs)} for {n} variables")
        lower, upper = np.empty(n), np.empty(n)
        for i, pair in enumerate(pairs):
            try:
                lo, hi = pair
            except (TypeError, ValueError):
                raise ValueError(f"bounds[{i}] must be a (min, max) pair, got {pair!r}") from None
            lower[i] = -np.inf if lo is None else float(lo)
            upper[i] = np.inf if hi is None else float(hi)
    if np.any(np.isnan(lower)) or np.any(np.isnan(upper)):
        raise ValueError("bounds must not contain NaN")
    if np.any(lower > upper):
        i = int(np.argmax(lower > upper))
        raise ValueError(f"bounds[{i}]: lower bound {lower[i]} exceeds upper bound {upper[i]}")
    return lower, upper


class _VectorConstraint:
    """c(x) and its Jacobian for one scipy constraint, computed once per x and shared by the scalar
    constraints made from its components. No Jacobian given: central differences here."""

    def __init__(self, fun, jac, args, name):
        self.fun, self.jac, self.args, self.name = fun, jac, args, name
        self.x = None

    def at(self, x):
        if self.x is None or not np.array_equal(x, self.x):
            c = np.atleast_1d(np.asarray(self.fun(x, *self.args), dtype=float)).reshape(-1)
            if callable(self.jac):
                J = np.atleast_2d(np.asarray(self.jac(x, *self.args), dtype=float))
            else:
                J = self._difference(x, c)
            if J.shape != (c.size, x.size):
                raise ValueError(f"{self.name}: the Jacobian has shape {J.shape}, expected {(c.size, x.size)}")
            self.x, self.c, self.J = x.copy(), c, J
        return self.c, self.J

    def _difference(self, x, c):
        J = np.empty((c.size, x.size))
        for j in range(x.size):
            h = np.cbrt(np.finfo(float).eps) * max(1.0, abs(x[j]))
            xp, xm = x.copy(), x.copy()
            xp[j] += h
            xm[j] -= h
            cp = np.asarray(self.fun(xp, *self.args), dtype=float).reshape(-1)
            cm = np.asarray(self.fun(xm, *self.args), dtype=float).reshape(-1)
            J[:, j] = (cp - cm) / (xp[j] - xm[j])
        return J

    def component(self, i, sign=1.0, offset=0.0):
        """A scalar constraint sign * (c_i(x) - offset) as fg(x, want_gradient)."""

        def fg(x, want):
            c, J = self.at(x)
            value = sign * (c[i] - offset)
            return (value, sign * J[i]) if want else value

        return fg


def _scalar_constraints(constraints, x0):
    """scipy's constraints as minima's: a list of (fg, True, is_equality) with g = 0, h <= 0."""
    if constraints is None:
        return []
    if isinstance(constraints, dict) or hasattr(constraints, "lb"):
        constraints = [constraints]
    out = []
    for k, con in enumerate(constraints):
        name = f"constraints[{k}]"
        if isinstance(con, dict):
            unknown = set(con) - {"type", "fun", "jac", "args"}
            if unknown:
                raise ValueError(f"{name}: unknown key(s) {sorted(unknown)}; a constraint has type, fun, jac, args")
            ctype = str(con.get("type", "")).lower()
            if ctype not in ("eq", "ineq"):
                raise ValueError(f"{name}: 'type' must be 'eq' or 'ineq', got {con.get('type')!r}")
            if not callable(con.get("fun")):
                raise TypeError(f"{name}: 'fun' must be callable")
            jac = con.get("jac")
            args = con.get("args", ())
            vc = _VectorConstraint(con["fun"], jac if callable(jac) else None,
                                   tuple(args) if isinstance(args, (tuple, list)) else (args,), name)
            m = vc.at(x0)[0].size
            for i in range(m):  # scipy's 'ineq' is c(x) >= 0, minima's h(x) = -c(x) <= 0
                out.append((vc.component(i, 1.0 if ctype == "eq" else -1.0), True, ctype == "eq"))
            continue
        if hasattr(con, "A") and hasattr(con, "lb"):  # LinearConstraint
            A = np.atleast_2d(np.asarray(con.A, dtype=float))
            if A.shape[1] != x0.size:
                raise ValueError(f"{name}: A has {A.shape[1]} columns for {x0.size} variables")
            vc = _VectorConstraint(lambda x, A=A: A @ x, lambda x, A=A: A, (), name)
        elif hasattr(con, "fun") and hasattr(con, "lb"):  # NonlinearConstraint
            vc = _VectorConstraint(con.fun, con.jac if callable(con.jac) else None, (), name)
        else:
            raise TypeError(f"{name}: expected a dict, NonlinearConstraint or LinearConstraint, got {type(con).__name__}")
        m = vc.at(x0)[0].size
        lb = np.broadcast_to(np.asarray(con.lb, dtype=float), (m,))
        ub = np.broadcast_to(np.asarray(con.ub, dtype=float), (m,))
        for i in range(m):
            if lb[i] == ub[i]:
                out.append((vc.component(i, 1.0, lb[i]), True, True))
                continue
            if np.isfinite(lb[i]):
                out.append((vc.component(i, -1.0, lb[i]), True, False))
            if np.isfinite(ub[i]):
                out.append((vc.component(i, 1.0, ub[i]), True, False))
    return out


def minimize(fun, x0, args=(), method=None, jac=None, hess=None, bounds=None, constraints=(), tol=None,
             callback=None, options=None):
    """Minimization of a scalar function of one or more variables, as ``scipy.optimize.minimize``.

    Parameters
    ----------
    fun : callable
        ``fun(x, *args) -> float``, x a 1-D array of shape (n,). With ``jac=True`` it returns
        ``(f, g)``, the value and the gradient.
    x0 : array_like, shape (n,)
        Initial guess.
    args : tuple, optional
        Extra arguments passed to ``fun``, ``jac`` and ``hess``.
    method : str, optional
        A minima method or scipy's name for one, case-insensitive. scipy's names map to the
        nearest minima method:

        ============== ======================================================================
        scipy          minima
        ============== ======================================================================
        BFGS           bfgs (dense BFGS, strong Wolfe line search)
        L-BFGS-B       lbfgs without bounds, lbfgsb (projected L-BFGS) with bounds
        TNC            lbfgs / lbfgsb, as L-BFGS-B
        CG             cg (Polak-Ribiere+)
        Newton-CG      newton-wolfe (Newton, strong Wolfe line search, modified Hessian)
        dogleg         trust-region-dogleg
        trust-ncg      trust-region-cg (Steihaug-CG)
        trust-krylov   trust-region-cg
        trust-exact    trust-region-dogleg
        SLSQP          sqp
        trust-constr   sqp up to 50 variables, augmented-lagrangian above; lbfgsb for bounds only
        Nelder-Mead    nelder-mead: scipy's algorithm (Lagarias et al.), start simplex, stopping
                       test and defaults, so the same iterates and nfev; bounds by projection
        Powell         bobyqa: Powell's own model-based successor of his direction-set method,
                       the nearest derivative-free method minima has (quadratic models from
                       2n + 1 points in a trust region, Powell 2009); bounds
        COBYLA         bobyqa (bounds only: general constraints are a ValueError)
        COBYQA         bobyqa (bounds only)
        ============== ======================================================================

        minima's own names (``minima.available_methods()``): gd-fixed, gd-armijo, gd-golden,
        gd-wolfe, newton, newton-wolfe, saddle-free-newton, trust-region-dogleg, trust-region-cg,
        bfgs, lbfgs, cg, cg-fr, cg-hz, nelder-mead, bobyqa (these two also with bounds), and
        with constraints projected-gradient, lbfgsb, augmented-lagrangian, sqp. The default is scipy's: BFGS, L-BFGS-B with bounds, SLSQP
        with constraints. ``'auto'`` lets minima choose as its C++ library and command line do
        (lbfgsb with bounds only; sqp with constraints up to 50 variables, else
        augmented-lagrangian; unconstrained, bobyqa when there is no ``jac`` (up to 12 variables),
        else trust-region-cg with ``hess``, else lbfgs); ``res.method`` names the method that ran.
        An unknown name is a ValueError listing what exists.
    jac : callable, bool or str, optional
        ``jac(x, *args) -> array (n,)``; ``True``: ``fun`` returns the gradient too; ``None``,
        ``False``, '2-point', '3-point' or 'cs': central finite differences (2n evaluations of
        ``fun`` per gradient, counted in ``nfev``).
    hess : callable or str, optional
        ``hess(x, *args) -> array (n, n)`` for the methods that use one (newton*, trust-region-*,
        saddle-free-newton, and scipy's Newton-CG, dogleg, trust-*). Otherwise (or a string, or a
        HessianUpdateStrategy) they use central differences of the gradient.
    bounds : sequence of (min, max) pairs or scipy.optimize.Bounds, optional
        ``None`` in a pair means no bound on that side.
    constraints : dict, NonlinearConstraint, LinearConstraint or a sequence of them, optional
        scipy's forms: ``{'type': 'eq' | 'ineq', 'fun': c, 'jac': J, 'args': ()}`` with
        ``c(x) = 0`` or ``c(x) >= 0``, ``NonlinearConstraint(fun, lb, ub, jac)`` and
        ``LinearConstraint(A, lb, ub)``. Without ``jac``, central differences.
    tol : float, optional
        Tolerance for termination: ``gtol`` (and ``ftol`` for L-BFGS-B and SLSQP).
    callback : callable, optional
        ``callback(intermediate_result)`` after each iteration, with an OptimizeResult holding
        ``x``, ``fun`` and ``nit`` (scipy >= 1.11); a callable whose one parameter has another
        name gets ``callback(xk)``. Raising ``StopIteration`` ends the run (status 2,
        ``status_name`` 'observer_stop'); any other exception stops the run and propagates.
    options : dict, optional
        ``gtol`` (stop when the infinity norm of the gradient, or of the projected/Lagrangian
        gradient, is at most gtol), ``ftol`` (stop when ``|f_k - f_{k+1}| <= ftol (1 + |f|)``),
        ``xtol`` (stop when the step's infinity norm is at most xtol), ``maxiter``, ``maxfun`` /
        ``maxfev`` (function evaluations, checked between iterations), ``maxcor`` (L-BFGS
        memory), ``disp`` (print a one-line summary), ``time_limit`` (seconds; minima's own).
        scipy's defaults apply to scipy's names (e.g. L-BFGS-B: gtol 1e-5, ftol 2.2e-9,
        maxiter 15000; BFGS, CG: gtol 1e-5, maxiter 200 n), also when written in lower case
        ('bfgs', 'cg'); minima's (gtol 1e-8, maxiter 1000) to minima's other names. An unknown
        option is a ValueError.

        The derivative-free methods take their scipy options instead. Nelder-Mead: ``xatol``,
        ``fatol`` (both 1e-4; ``tol`` sets both), ``adaptive`` (False; True: Gao & Han's
        coefficients), ``initial_simplex`` ((n + 1, n), replaces x0), ``maxiter``, ``maxfev``
        (200 n each by default). Powell: ``xtol`` (bobyqa's final trust radius, 1e-4), ``maxiter``,
        ``maxfev`` (1000 n); ``ftol`` is accepted but bobyqa has no test on f; ``direc`` raises
        NotImplementedError. COBYLA: ``rhobeg`` (1.0), ``tol`` (final trust radius, 1e-4),
        ``maxiter`` (function evaluations, 1000). minima's ``bobyqa``: ``rhobeg``, ``rhoend``
        (1e-8), ``maxiter``, ``maxfev``. Evaluation limits are checked between iterations, so a
        run may pass ``maxfev`` by up to n + 1 evaluations (scipy stops inside the iteration);
        scipy counts Nelder-Mead's iterations from 1, so its ``maxiter`` allows maxiter - 1
        simplex iterations, and minima runs as many (reporting ``nit`` = maxiter - 1).

    Returns
    -------
    res : OptimizeResult
        ``x``, ``fun``, ``jac`` (gradient at x), ``nit``, ``nfev``, ``njev``, ``nhev`` (calls of
        ``fun``, ``jac``, ``hess``; every call, as scipy counts), ``status`` (0 converged, 1 iteration or evaluation limit,
        2 time limit or callback stop, 3 failure of the method, 4 failure of the problem: NaN,
        an infeasible constraint set, ...), ``success``, ``message``, and minima's
        ``status_name`` (e.g. 'converged_gradient'), ``method`` (the minima method run) and, for
        constrained runs, ``kkt``: ``stationarity``, ``primal_feasibility``,
        ``dual_feasibility``, ``complementary_slackness``, ``feasible`` and the multipliers
        (``equality_multipliers``, ``inequality_multipliers`` in the order of the scalar
        constraints, ``lower_bound_multipliers``, ``upper_bound_multipliers``).

    Notes
    -----
    The C++ solver runs without the GIL and takes it back for each call of ``fun``, ``jac``,
    ``hess``, a constraint or ``callback``. An exception raised by any of them stops the run and
    is raised here unchanged; Ctrl-C stops the run with KeyboardInterrupt. A NaN from ``fun`` is
    a numerical outcome, not an exception: the line search backs off, or the run ends with
    ``status_name`` 'non_finite_value'.

    Examples
    --------
    >>> import minima
    >>> from scipy.optimize import rosen, rosen_der
    >>> res = minima.minimize(rosen, [-1.2, 1.0], jac=rosen_der, method='L-BFGS-B')
    >>> res.x.round(6), res.success
    (array([1., 1.]), True)
    """
    if not callable(fun):
        raise TypeError(f"fun must be callable, got {type(fun).__name__}")
    x0 = as_vector(x0, "x0")
    n = x0.size
    if n == 0:
        raise ValueError("x0 must have at least one entry")
    if not isinstance(args, tuple):
        args = (args,)
    lower, upper = _bounds_arrays(bounds, n)
    cons = _scalar_constraints(constraints, x0)
    has_bounds = lower is not None and bool(np.any(np.isfinite(lower)) or np.any(np.isfinite(upper)))
    target, scipy_name = _resolve_method(method, bool(cons), has_bounds)

    if target in _DERIVATIVE_FREE:
        check_options(options, _DF_OPTIONS.get(method.lower(), _DF_OPTIONS[target]), method)
    opts = dict(_SCIPY_DEFAULTS.get(scipy_name, {}))
    if scipy_name in ("bfgs", "cg"):
        opts["maxiter"] = 200 * n
    user = {} if target in _DERIVATIVE_FREE else check_options(options, _OPTIONS, method if method is not None else target)
    if "maxfev" in user:
        user["maxfun"] = user.pop("maxfev")
    if tol is not None:
        opts["gtol"] = float(tol)
        if scipy_name in ("l-bfgs-b", "slsqp"):
            opts["ftol"] = float(tol)
    opts.update(user)
    disp = bool(opts.pop("disp", False))
    memory = opts.pop("maxcor", None)

    counts = [0, 0, 0]
    if jac is True:
        def fg(x, want):
            counts[0] += 1
            f, g = fun(x, *args)
            if want:
                counts[1] += 1
                return f, g
            return f
        has_gradient = True
    elif callable(jac):
        def fg(x, want):
            counts[0] += 1
            f = fun(x, *args)
            if want:
                counts[1] += 1
                return f, jac(x, *args)
            return f
        has_gradient = True
    elif jac is None or jac is False or jac in ("2-point", "3-point", "cs"):
        def fg(x):
            counts[0] += 1
            return fun(x, *args)
        has_gradient = False
    else:
        raise ValueError(f"jac must be a callable, True, False, None or '2-point'/'3-point'/'cs', got {jac!r}")
    hess_fn = None
    if not (hess is None or callable(hess) or hess in ("2-point", "3-point", "cs") or hasattr(hess, "update")):
        raise TypeError(f"hess must be a callable, None, '2-point'/'3-point'/'cs' or a HessianUpdateStrategy, "
                        f"got {hess!r}")
    if callable(hess):
        def hess_fn(x):
            counts[2] += 1
            return hess(x, *args)

    cb = wrap_callback(callback)
    if target in _DERIVATIVE_FREE:
        if jac is not None and jac is not False:
            warnings.warn(f"Method {method} does not use gradient information (jac).", RuntimeWarning, stacklevel=2)

        def fvalue(x):
            counts[0] += 1
            return fun(x, *args)[0] if jac is True else fun(x, *args)

        raw = _derivative_free(fvalue, x0, lower if has_bounds else None, upper if has_bounds else None, target,
                               method.lower(), tol, options, cb)
        res = _make_result(raw, counts)
        res["jac"] = None
        if bool((options or {}).get("disp", False)):
            print(f"minima {res.method}: {res.message} (nit {res.nit}, nfev {res.nfev}, fun {res.fun:.10g})")
        return res
    if target is not None and not cons and not has_bounds and target in _core.unconstrained_methods():
        raw = _core.minimize(fg, has_gradient, hess_fn, x0, target, opts, cb, memory)
    else:
        raw = _core.minimize_constrained(fg, has_gradient, hess_fn, x0, lower, upper, cons, target, opts, cb,
                                         memory)
    res = _make_result(raw, counts)
    if disp:
        print(f"minima {res.method}: {res.message} (nit {res.nit}, nfev {res.nfev}, fun {res.fun:.10g})")
    return res


def _scipy_simplex(x0):
    """scipy's initial simplex (n, n), one vertex per column: x0 with entry k scaled by 1.05, or set to
    0.00025 where it is 0."""
    sim = np.tile(x0[:, None], (1, x0.size))
    for k in range(x0.size):
        sim[k, k] = 1.05 * x0[k] if x0[k] != 0 else 0.00025
    return sim


def _derivative_free(f, x0, lower, upper, target, name, tol, options, callback):
    """nelder-mead or bobyqa with the settings and limits scipy's options for ``name`` ask for."""
    user = dict(options or {})
    n = x0.size
    settings, stop = {}, {}
    if "time_limit" in user:
        stop["time_limit"] = float(user["time_limit"])

    def limits(maxiter, maxfev):
        if maxiter is not None and np.isfinite(maxiter):
            stop["maxiter"] = int(maxiter)
        else:
            stop["maxiter"] = 2**62  # scipy's inf
        if maxfev is not None and np.isfinite(maxfev):
            stop["maxfun"] = int(maxfev)

    if target == "nelder-mead":
        xatol = user.get("xatol", 1e-4 if tol is None else tol)
        fatol = user.get("fatol", 1e-4 if tol is None else tol)
        # scipy's adaptive=True means Gao & Han's coefficients at every n (minima's own default
        # takes them from n = 9 up).
        settings.update(x_abstol=float(xatol), f_abstol=float(fatol), adaptive=bool(user.get("adaptive", False)),
                        adaptive_min_dimension=1)
        simplex = user.get("initial_simplex")
        if simplex is not None:  # scipy: (n + 1, n), x0 ignored
            simplex = np.asarray(simplex, dtype=float)
            if simplex.shape != (n + 1, n):
                raise ValueError(f"options: initial_simplex must have shape ({n + 1}, {n}), got {simplex.shape}")
            x0 = simplex[0].copy()
            settings["initial_simplex"] = np.asfortranarray(simplex[1:].T)
        else:
            settings["initial_simplex"] = _scipy_simplex(x0)
        maxiter, maxfev = user.get("maxiter"), user.get("maxfev", user.get("maxfun"))
        if maxiter is None and maxfev is None:  # scipy's defaults
            maxiter = maxfev = 200 * n
        elif maxiter is None:
            maxiter = 200 * n if maxfev == np.inf else np.inf
        elif maxfev is None:
            maxfev = 200 * n if maxiter == np.inf else np.inf
        # scipy's iteration count starts at 1: its maxiter allows maxiter - 1 simplex iterations.
        limits(max(int(maxiter) - 1, 0) if np.isfinite(maxiter) else maxiter, maxfev)
    else:
        if "direc" in user and user["direc"] is not None:
            raise NotImplementedError("options: direc (Powell's direction set) is not supported: 'Powell' runs "
                                      "minima's bobyqa, which has none")
        if name == "powell":
            rho_end = user.get("xtol", 1e-4 if tol is None else tol)
            maxiter, maxfev = user.get("maxiter"), user.get("maxfev", user.get("maxfun"))
            if maxiter is None and maxfev is None:
                maxiter = maxfev = 1000 * n
            limits(maxiter, maxfev)
        elif name == "cobyla":  # COBYLA's maxiter counts function evaluations
            rho_end = user.get("tol", 1e-4 if tol is None else tol)
            settings["rho_begin"] = float(user.get("rhobeg", 1.0))
            limits(None, user.get("maxiter", 1000))
        elif name == "cobyqa":
            rho_end = user.get("final_tr_radius", 1e-6 if tol is None else tol)
            settings["rho_begin"] = float(user.get("initial_tr_radius", 1.0))
            limits(user.get("maxiter", 1000 * n), user.get("maxfev", 500 * n))
        else:  # minima's bobyqa: its own defaults
            rho_end = user.get("rhoend", 1e-8 if tol is None else tol)
            if "rhobeg" in user:
                settings["rho_begin"] = float(user["rhobeg"])
            limits(user.get("maxiter", 1000 * n), user.get("maxfev", user.get("maxfun")))
        settings["rho_end"] = float(rho_end)
        if "rho_begin" in settings and settings["rho_end"] > settings["rho_begin"]:
            settings["rho_begin"] = settings["rho_end"]
    return _core.minimize_derivative_free(f, x0, lower, upper, target, settings, stop, callback)


def _make_result(raw, counts):
    res = OptimizeResult(
        x=raw["x"], fun=raw["fun"], jac=raw["jac"], nit=raw["nit"], nfev=counts[0], njev=counts[1], nhev=counts[2],
        status=STATUS_CODES[raw["status_name"]], success=raw["success"], message=raw["message"],
        status_name=raw["status_name"], method=raw["method"])
    if "kkt" in raw:
        res["kkt"] = OptimizeResult(raw["kkt"])
    return res
