"""minima.minimize_black_box: minima's population methods (include/minima/evolution/black_box.hpp)
on a Python function, with vectorized evaluation and map-like workers."""

import numpy as np

from . import _core
from ._common import OptimizeResult, STATUS_CODES, wrap_callback
from ._optimize import _bounds_arrays


def black_box_methods():
    """The names ``minimize_black_box`` accepts."""
    return list(_core.black_box_methods())


def minimize_black_box(fun, bounds, method="cma-es", population=None, budget=100000, target=None, seed=1,
                       time_limit=None, vectorized=False, workers=None, callback=None):
    """Global minimization of a black-box function in a box by a population method.

    Parameters
    ----------
    fun : callable
        ``fun(x) -> float`` for x of shape (n,); with ``vectorized=True``, ``fun(X) -> array (k,)``
        for X of shape (n, k), one point per column (scipy's convention). NaN or -inf values are
        ranked worst and counted; the run goes on.
    bounds : sequence of (min, max) pairs or scipy.optimize.Bounds
        The box, finite on both sides; every evaluated point lies in it.
    method : str, optional
        One of ``minima.black_box_methods()``: 'cma-es' (IPOP-CMA-ES, default), 'bipop-cma-es',
        'eda-vbmfa' (the seed's model in an EDA that converges), 'eda-vbmfa-seed' (the seed's
        scheme), 'de', 'de-rand1bin', 'multistart', 'gaussian-eda', 'midea', 'mboa'.
    population : int, optional
        Population size (for IPOP-CMA-ES the initial lambda); the method's default otherwise.
    budget : int, optional
        Evaluation budget (exact: the last batch is cut to what is left).
    target : float, optional
        Stop as soon as a point with ``f <= target`` is found.
    seed : int, optional
        The same seed gives the same result, whatever ``workers``.
    time_limit : float, optional
        Wall-clock limit in seconds, checked between generations.
    vectorized : bool, optional
        Pass each generation to ``fun`` as one (n, k) array.
    workers : map-like callable, optional
        ``workers(fun, list_of_points) -> iterable of values`` in order, e.g.
        ``multiprocessing.Pool(4).map``, ``concurrent.futures.ThreadPoolExecutor().map``, or for
        dask.distributed::

            client = dask.distributed.Client(...)
            workers = lambda f, xs: client.gather(client.map(f, xs, pure=False))

        Each generation is one call. Not with ``vectorized``.
    callback : callable, optional
        ``callback(intermediate_result)`` after each generation, with ``x`` and ``fun`` (the
        best so far), ``nit`` (generation) and ``nfev``; returning True or raising StopIteration
        ends the run.

    Returns
    -------
    res : OptimizeResult
        ``x`` (best point), ``fun``, ``nfev``, ``nit`` (generations), ``status``, ``success``
        (a convergence status: here the target reached), ``message``, ``status_name`` (e.g.
        'max_evaluations', 'target_reached'), ``method``, ``restarts``, ``population_size``,
        ``non_finite_evaluations``, ``seed``.

    Notes
    -----
    An exception raised by ``fun``, ``workers`` or ``callback`` stops the run at the end of that
    generation and is raised here unchanged.
    """
    if not callable(fun):
        raise TypeError(f"fun must be callable, got {type(fun).__name__}")
    if bounds is None:
        raise ValueError("bounds: a black-box method needs a finite box")
    try:
        n = len(bounds) if not hasattr(bounds, "lb") else np.size(bounds.lb)
    except TypeError:
        raise TypeError("bounds must be a sequence of (min, max) pairs or scipy.optimize.Bounds") from None
    lower, upper = _bounds_arrays(bounds, n)
    if n == 0 or not (np.all(np.isfinite(lower)) and np.all(np.isfinite(upper))):
        raise ValueError("bounds must be finite on both sides for every variable")
    if not np.all(lower < upper):
        raise ValueError("bounds: every lower bound must be below its upper bound")
    if not isinstance(method, str) or method.lower() not in _core.black_box_methods():
        raise ValueError(f"method: unknown black-box method {method!r}; available: {', '.join(_core.black_box_methods())}")
    if vectorized and workers is not None:
        raise ValueError("workers and vectorized=True exclude each other")
    if workers is not None and not callable(workers):
        raise TypeError("workers must be a map-like callable: workers(fun, points) -> values")
    if population is not None and (int(population) != population or population < 1):
        raise ValueError(f"population must be a positive integer, got {population!r}")
    if int(budget) != budget or budget < 1:
        raise ValueError(f"budget must be a positive integer, got {budget!r}")
    if seed is None or int(seed) != seed or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")

    best = {"x": None, "f": np.inf}

    def batch(X):
        k = X.shape[1]
        if vectorized:
            values = np.asarray(fun(X), dtype=float).reshape(-1)
        elif workers is not None:
            values = np.fromiter(workers(fun, [X[:, j].copy() for j in range(k)]), dtype=float, count=k)
        else:
            values = np.fromiter((fun(X[:, j].copy()) for j in range(k)), dtype=float, count=k)
        if values.size == k:
            finite = np.where(np.isnan(values), np.inf, values)
            j = int(np.argmin(finite))
            if finite[j] < best["f"]:
                best["x"], best["f"] = X[:, j].copy(), finite[j]
        return values

    user_callback = wrap_callback(callback, stop_on_true=True)
    cb = None
    if user_callback is not None:
        def cb(record):
            return user_callback(best["x"], record["fun"], record["nit"], nfev=record["nfev"])

    raw = _core.minimize_black_box(batch, lower, upper, method.lower(), None if population is None else int(population),
                                   int(budget), None if target is None else float(target), int(seed),
                                   None if time_limit is None else float(time_limit), cb)
    return OptimizeResult(
        x=raw["x"], fun=raw["fun"], nfev=raw["counted_function"], nit=raw["nit"],
        status=STATUS_CODES[raw["status_name"]], success=raw["success"], message=raw["message"],
        status_name=raw["status_name"], method=raw["method"], restarts=raw.get("restarts", 0),
        population_size=raw.get("population_size"), non_finite_evaluations=raw.get("non_finite_evaluations", 0),
        seed=raw.get("seed", seed))
