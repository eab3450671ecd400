"""Shared helpers of the minima package: the result type, argument checks, callbacks."""

import inspect

import numpy as np


class OptimizeResult(dict):
    """The result of an optimization, as ``scipy.optimize.OptimizeResult``.

    A dict whose keys are also attributes (``res.x`` is ``res['x']``). Which keys exist depends on
    the function that returned it; see its documentation.
    """

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as e:
            raise AttributeError(name) from e

    __setattr__ = dict.__setitem__
    __delattr__ = dict.__delitem__

    def __repr__(self):
        if not self:
            return self.__class__.__name__ + "()"
        width = max(map(len, self.keys())) + 1
        return "\n".join(k.rjust(width) + ": " + repr(v) for k, v in self.items())

    def __dir__(self):
        return list(self.keys())


#: scipy-style integer status codes by minima's status name: 0 converged, 1 an iteration or
#: evaluation limit, 2 another limit or a stop asked for, 3 a failure of the method, 4 of the problem.
STATUS_CODES = {
    "converged_gradient": 0,
    "converged_step": 0,
    "converged_function": 0,
    "converged_kkt": 0,
    "converged_orthogonality": 0,
    "target_reached": 0,
    "max_iterations": 1,
    "max_evaluations": 1,
    "time_limit": 2,
    "observer_stop": 2,
    "interrupted": 2,
    "line_search_failed": 3,
    "trust_region_collapsed": 3,
    "singular_hessian": 3,
    "indefinite_hessian": 3,
    "diverged": 3,
    "infeasible": 4,
    "non_finite_value": 4,
    "function_error": 4,
    "invalid_input": 4,
}


def as_vector(value, name, size=None):
    """``value`` as a new contiguous 1-D float64 array, or ValueError naming ``name``."""
    try:
        a = np.array(value, dtype=float, copy=True).reshape(-1) if np.ndim(value) <= 1 else None
    except (TypeError, ValueError) as e:
        raise TypeError(f"{name} must be an array of real numbers: {e}") from None
    if a is None:
        raise ValueError(f"{name} must be 1-D, got shape {np.shape(value)}")
    if size is not None and a.size != size:
        raise ValueError(f"{name} must have {size} entries, got {a.size}")
    return a


def wrap_callback(callback, stop_on_true=False):
    """The function the C++ side calls per iteration, ``call(x, fun, nit, **extra) -> bool``: calls
    ``callback`` in scipy >= 1.11's style (``callback(intermediate_result)``, an OptimizeResult
    with x, fun, nit and the extras, when its parameter has that name, else ``callback(xk)``) and
    returns True to stop (StopIteration, or a True return for the callbacks whose documentation
    says so). The C++ side passes plain arguments, not a record to copy: a callback then costs
    about what scipy's does (bench/README.md)."""
    if callback is None:
        return None
    if not callable(callback):
        raise TypeError(f"callback must be callable, got {type(callback).__name__}")
    try:
        params = list(inspect.signature(callback).parameters)
        new_style = params == ["intermediate_result"]
    except (TypeError, ValueError):
        new_style = False

    if new_style:
        def call(x, fun, nit, **extra):
            try:
                out = callback(OptimizeResult(x=x, fun=fun, nit=nit, **extra))
            except StopIteration:
                return True
            return stop_on_true and bool(out)
    else:
        def call(x, fun, nit, **extra):
            try:
                out = callback(x)
            except StopIteration:
                return True
            return stop_on_true and bool(out)

    return call


def check_options(options, known, method):
    """A copy of ``options`` with keys lower-cased; ValueError naming the unknown ones."""
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise TypeError(f"options must be a dict, got {type(options).__name__}")
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise ValueError(
            f"options: unknown option(s) {', '.join(map(repr, unknown))} for method {method!r}; "
            f"known: {', '.join(sorted(known))}")
    return dict(options)
