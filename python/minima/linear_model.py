"""minima.linear_model: scikit-learn's linear regressors on minima's C++ solvers
(include/minima/linear_models/): LinearRegression, Ridge, Lasso, ElasticNet, LassoCV, ElasticNetCV.

Constructor parameters, fitted attributes and objectives are scikit-learn's, so ``clone``,
pipelines, ``GridSearchCV`` and ``cross_val_score`` work with them. When scikit-learn is installed
the classes subclass its BaseEstimator and RegressorMixin and validate input as it does; without it
they work on numpy arrays alone. Single-target y only.
"""

import numbers
import warnings

import numpy as np

from . import _core

try:  # scikit-learn is optional
    from sklearn.base import BaseEstimator, RegressorMixin
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.model_selection import check_cv
    from sklearn.utils.validation import check_is_fitted

    _SKLEARN = True
except ImportError:  # pragma: no cover - exercised only without scikit-learn
    _SKLEARN = False
    import inspect

    class ConvergenceWarning(UserWarning):
        """Coordinate descent stopped at max_iter before the duality gap reached tol."""

    class BaseEstimator:
        """get_params / set_params from the constructor's parameters (scikit-learn's protocol)."""

        @classmethod
        def _get_param_names(cls):
            return sorted(p for p in inspect.signature(cls.__init__).parameters if p != "self")

        def get_params(self, deep=True):
            return {name: getattr(self, name) for name in self._get_param_names()}

        def set_params(self, **params):
            valid = self._get_param_names()
            for key, value in params.items():
                if key not in valid:
                    raise ValueError(f"Invalid parameter {key!r} for estimator {type(self).__name__}")
                setattr(self, key, value)
            return self

        def __repr__(self):
            args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
            return f"{type(self).__name__}({args})"

    class RegressorMixin:
        _estimator_type = "regressor"

        def score(self, X, y, sample_weight=None):
            """The coefficient of determination R^2 of the prediction."""
            y = np.asarray(y, dtype=float)
            pred = self.predict(X)
            ss_res = np.sum((y - pred) ** 2)
            ss_tot = np.sum((y - y.mean()) ** 2)
            return 1.0 - ss_res / ss_tot if ss_tot > 0 else (1.0 if ss_res == 0 else 0.0)

    def check_is_fitted(estimator):
        if not hasattr(estimator, "coef_"):
            raise AttributeError(f"This {type(estimator).__name__} instance is not fitted yet. Call 'fit' first.")

    class _KFold:
        def __init__(self, n_splits):
            self.n_splits = n_splits

        def split(self, X, y=None):
            n = X.shape[0]
            sizes = np.full(self.n_splits, n // self.n_splits)
            sizes[: n % self.n_splits] += 1
            start = 0
            for size in sizes:
                test = np.arange(start, start + size)
                yield np.setdiff1d(np.arange(n), test), test
                start += size

    def check_cv(cv=5, y=None, classifier=False):
        if cv is None:
            cv = 5
        if isinstance(cv, numbers.Integral):
            return _KFold(cv)
        if hasattr(cv, "split"):
            return cv
        splits = list(cv)

        class _Given:
            def split(self, X, y=None):
                return iter(splits)

        return _Given()


def _not_supported(estimator, **flags):
    for name, bad in flags.items():
        if bad:
            raise NotImplementedError(f"{type(estimator).__name__}: {name} is not supported by minima")


class _LinearModel(RegressorMixin, BaseEstimator):
    def _check_X_y(self, X, y):
        if _SKLEARN:
            X, y = self._validate_data(X, y, dtype=np.float64, y_numeric=True, multi_output=False)
        else:
            X = np.asarray(X, dtype=float)
            y = np.asarray(y, dtype=float).reshape(-1)
            if X.ndim != 2:
                raise ValueError(f"X must be 2-D, got shape {X.shape}")
            if X.shape[0] != y.size:
                raise ValueError(f"X has {X.shape[0]} rows but y has {y.size} entries")
            if not (np.all(np.isfinite(X)) and np.all(np.isfinite(y))):
                raise ValueError("Input contains NaN or infinity.")
            self.n_features_in_ = X.shape[1]
        return X, y

    def predict(self, X):
        """Predict with the fitted linear model: ``X @ coef_ + intercept_``."""
        check_is_fitted(self)
        if _SKLEARN:
            X = self._validate_data(X, dtype=np.float64, reset=False)
        else:
            X = np.asarray(X, dtype=float)
            if X.ndim != 2 or X.shape[1] != self.n_features_in_:
                raise ValueError(f"X must have shape (n, {self.n_features_in_}), got {X.shape}")
        return X @ self.coef_ + self.intercept_

    def _set_fit(self, fit):
        self.coef_ = np.asarray(fit["coef"])
        self.intercept_ = float(fit["intercept"]) if self.fit_intercept else 0.0


class LinearRegression(_LinearModel):
    """Ordinary least squares, as ``sklearn.linear_model.LinearRegression``.

    minima's complete orthogonal decomposition of the centered design (never (X^T X)^-1); a design
    with more columns than rows can determine gets the minimum-norm solution (numpy's lstsq, as
    scikit-learn's scipy lstsq does).

    Parameters
    ----------
    fit_intercept : bool, default True
    copy_X : bool, default True
        X is never modified.
    n_jobs : None
        Accepted for compatibility; minima runs one thread here.
    positive : bool, default False
        True raises NotImplementedError.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_features_in_ : int
    """

    def __init__(self, *, fit_intercept=True, copy_X=True, n_jobs=None, positive=False):
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.n_jobs = n_jobs
        self.positive = positive

    def fit(self, X, y):
        """Fit the model to X (n_samples, n_features) and y (n_samples,). Returns self."""
        _not_supported(self, positive=self.positive)
        X, y = self._check_X_y(X, y)
        n, p = X.shape
        if p + (1 if self.fit_intercept else 0) <= n:
            self._set_fit(_core.fit_ols(X, y, bool(self.fit_intercept)))
        else:  # underdetermined: the minimum-norm solution of the centered problem
            xm = X.mean(axis=0) if self.fit_intercept else np.zeros(p)
            ym = y.mean() if self.fit_intercept else 0.0
            self.coef_ = np.linalg.lstsq(X - xm, y - ym, rcond=None)[0]
            self.intercept_ = float(ym - xm @ self.coef_) if self.fit_intercept else 0.0
        return self


class Ridge(_LinearModel):
    """Ridge regression, as ``sklearn.linear_model.Ridge``: minimizes
    ``||y - X w - b||^2 + alpha ||w||^2`` (Cholesky of X^T X + alpha I, or the dual form when
    p > n).

    Parameters
    ----------
    alpha : float, default 1.0
    fit_intercept : bool, default True
    copy_X, max_iter, tol, random_state :
        Accepted for compatibility (the solver is direct).
    solver : 'auto'
        Other solvers raise NotImplementedError.
    positive : bool, default False
        True raises NotImplementedError.

    Attributes
    ----------
    coef_, intercept_, n_features_in_, n_iter_ (None: a direct solver)
    """

    def __init__(self, alpha=1.0, *, fit_intercept=True, copy_X=True, max_iter=None, tol=1e-4, solver="auto",
                 positive=False, random_state=None):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.solver = solver
        self.positive = positive
        self.random_state = random_state

    def fit(self, X, y):
        """Fit the model. Returns self."""
        _not_supported(self, positive=self.positive, solver=self.solver != "auto")
        X, y = self._check_X_y(X, y)
        if not np.isscalar(self.alpha) or not self.alpha >= 0:
            raise ValueError(f"alpha must be a non-negative number, got {self.alpha!r}")
        self._set_fit(_core.fit_ridge(X, y, float(self.alpha), bool(self.fit_intercept)))
        self.n_iter_ = None
        return self


def _check_enet_params(est):
    _not_supported(est, positive=est.positive, **{"selection='random'": est.selection != "cyclic"})
    if not isinstance(est.max_iter, numbers.Integral) or est.max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer, got {est.max_iter!r}")
    if not est.tol >= 0:
        raise ValueError(f"tol must be non-negative, got {est.tol!r}")


def _warn_not_converged(fit, est):
    if not fit["converged"]:
        warnings.warn(f"{type(est).__name__}: coordinate descent did not converge in max_iter={est.max_iter} "
                      f"sweeps (relative duality gap {fit['duality_gap']:.3g} > tol={est.tol})",
                      ConvergenceWarning, stacklevel=3)


class ElasticNet(_LinearModel):
    """Linear regression with combined L1 and L2 priors, as ``sklearn.linear_model.ElasticNet``.

    Minimizes ``1/(2 n) ||y - X w - b||^2 + alpha l1_ratio ||w||_1
    + alpha (1 - l1_ratio) / 2 ||w||^2`` by minima's coordinate descent (active sets, strong
    rules, a short warm-start path down to alpha), stopping when the duality gap is at most
    ``tol ||y - mean(y)||^2``, scikit-learn's test.

    Parameters
    ----------
    alpha : float, default 1.0
    l1_ratio : float in [0, 1], default 0.5
    fit_intercept : bool, default True
    precompute, copy_X, warm_start, random_state :
        Accepted for compatibility; they do not change the answer (minima chooses its own
        Gram/residual updates and warm starts).
    max_iter : int, default 1000
        Coordinate-descent sweeps (full and active-set sweeps together).
    tol : float, default 1e-4
    positive : bool, default False
        True raises NotImplementedError.
    selection : 'cyclic'
        'random' raises NotImplementedError.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_iter_ : int
        Sweeps run.
    dual_gap_ : float
        The duality gap at the end, in scikit-learn's units (of the objective above).
    n_features_in_ : int
    """

    def __init__(self, alpha=1.0, *, l1_ratio=0.5, fit_intercept=True, precompute=False, max_iter=1000,
                 copy_X=True, tol=1e-4, warm_start=False, positive=False, random_state=None, selection="cyclic"):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.copy_X = copy_X
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def fit(self, X, y):
        """Fit the model. Returns self."""
        _check_enet_params(self)
        X, y = self._check_X_y(X, y)
        if not np.isscalar(self.alpha) or not self.alpha >= 0:
            raise ValueError(f"alpha must be a non-negative number, got {self.alpha!r}")
        if not 0 <= self.l1_ratio <= 1:
            raise ValueError(f"l1_ratio must be in [0, 1], got {self.l1_ratio!r}")
        fit = _core.fit_elastic_net(X, y, float(self.alpha), float(self.l1_ratio), bool(self.fit_intercept),
                                    float(self.tol), int(self.max_iter))
        self._set_fit(fit)
        self.n_iter_ = int(fit["sweeps"])
        yc = y - y.mean() if self.fit_intercept else y
        self.dual_gap_ = float(fit["duality_gap"]) * float(yc @ yc) / X.shape[0]
        _warn_not_converged(fit, self)
        return self


class Lasso(ElasticNet):
    """Linear model trained with an L1 prior, as ``sklearn.linear_model.Lasso``: the ElasticNet
    with ``l1_ratio=1``, minimizing ``1/(2 n) ||y - X w - b||^2 + alpha ||w||_1``.

    Parameters and attributes are ElasticNet's without ``l1_ratio``.
    """

    def __init__(self, alpha=1.0, *, fit_intercept=True, precompute=False, copy_X=True, max_iter=1000, tol=1e-4,
                 warm_start=False, positive=False, random_state=None, selection="cyclic"):
        super().__init__(alpha=alpha, l1_ratio=1.0, fit_intercept=fit_intercept, precompute=precompute,
                         max_iter=max_iter, copy_X=copy_X, tol=tol, warm_start=warm_start, positive=positive,
                         random_state=random_state, selection=selection)


def _partition(folds, n):
    """The fold of each row when the splits' test sets partition the rows and each training set is
    the rest (KFold, GroupKFold, ...), else None."""
    fold_of_row = np.full(n, -1, dtype=np.int64)
    for k, (train, test) in enumerate(folds):
        test = np.asarray(test)
        if test.dtype == bool:
            test = np.flatnonzero(test)
        if test.size == 0 or np.any(fold_of_row[test] >= 0):
            return None
        fold_of_row[test] = k
        if np.asarray(train).dtype == bool:
            train = np.flatnonzero(train)
        if np.size(train) != n - test.size or np.intersect1d(train, test).size:
            return None
    if np.any(fold_of_row < 0) or len(folds) < 2:
        return None
    return fold_of_row.astype(np.int32).tolist()


class ElasticNetCV(_LinearModel):
    """Elastic net with the penalty chosen by cross-validation, as
    ``sklearn.linear_model.ElasticNetCV``.

    For each l1_ratio the alpha grid is scikit-learn's (``n_alphas`` values log-spaced from
    alpha_max down to ``eps * alpha_max``, alpha_max computed on all the data); each fold fits the
    whole path with minima's warm-started coordinate descent; the (l1_ratio, alpha) with the
    smallest mean validation MSE is refitted on all the data. When the splits partition the rows
    (KFold, the default, GroupKFold, ...) the folds, the scoring and the refit run in one C++ call
    (minima's cross_validate, where the folds of tall data share their Gram columns); other
    splitters (ShuffleSplit, ...) fit one path per split.

    Parameters
    ----------
    l1_ratio : float or list of float, default 0.5
    eps : float, default 1e-3
    n_alphas : int, default 100
    alphas : array-like, optional
        Explicit alphas instead of the grid.
    fit_intercept : bool, default True
    precompute, copy_X, verbose, n_jobs, random_state :
        Accepted for compatibility.
    max_iter : int, default 1000
    tol : float, default 1e-4
    cv : int, splitter or iterable, optional
        scikit-learn's meaning (default 5-fold KFold, not shuffled).
    positive : bool, default False
        True raises NotImplementedError.
    selection : 'cyclic'

    Attributes
    ----------
    alpha_, l1_ratio_, coef_, intercept_, n_iter_, dual_gap_
    alphas_ : ndarray (n_alphas,) or (n_l1_ratio, n_alphas)
    mse_path_ : ndarray (n_alphas, n_folds) or (n_l1_ratio, n_alphas, n_folds)
    """

    def __init__(self, *, l1_ratio=0.5, eps=1e-3, n_alphas=100, alphas=None, fit_intercept=True, precompute="auto",
                 max_iter=1000, tol=1e-4, cv=None, copy_X=True, verbose=0, n_jobs=None, positive=False,
                 random_state=None, selection="cyclic"):
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.n_alphas = n_alphas
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.copy_X = copy_X
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def _l1_ratios(self):
        return np.atleast_1d(np.asarray(self.l1_ratio, dtype=float))

    def fit(self, X, y):
        """Fit the path on each fold, choose alpha (and l1_ratio), refit. Returns self."""
        _check_enet_params(self)
        X, y = self._check_X_y(X, y)
        ratios = self._l1_ratios()
        if np.any(ratios <= 0) or np.any(ratios > 1):
            raise ValueError(f"l1_ratio must be in (0, 1], got {self.l1_ratio!r}")
        intercept = bool(self.fit_intercept)
        X = np.asfortranarray(X)  # Eigen's layout: the C++ side then copies X without transposing
        folds = list(check_cv(self.cv).split(X, y))
        fold_of_row = _partition(folds, X.shape[0])
        # alpha_max = max_j |x_j^T (y - mean y)| / (n rho) (centering X changes nothing against a centered y)
        yc = y - y.mean() if intercept else y
        xty = np.max(np.abs(X.T @ yc)) / X.shape[0]
        grids, paths, fits = [], [], []
        for rho in ratios:
            if self.alphas is None:
                amax = xty / rho
                amax = amax if amax > 0 else np.finfo(float).resolution
                grid = np.logspace(np.log10(amax * self.eps), np.log10(amax), int(self.n_alphas))[::-1]
            else:
                grid = np.sort(np.asarray(self.alphas, dtype=float))[::-1]
            if fold_of_row is not None:
                # The folds partition the rows: the whole cross-validation and the refit at this
                # l1_ratio's best alpha in one C++ call (folds sharing Gram columns on tall data).
                cv = _core.elastic_net_cv(X, y, float(rho), grid, intercept, float(self.tol), int(self.max_iter),
                                          len(folds), fold_of_row)
                mse, fit = np.asarray(cv["mse_path"]), cv["fit"]
            else:  # overlapping or incomplete test sets (ShuffleSplit, ...): one path per split
                mse = np.empty((grid.size, len(folds)))
                for k, (train, test) in enumerate(folds):
                    path = _core.elastic_net_path(np.asfortranarray(X[train]), y[train], float(rho), grid, intercept,
                                                  float(self.tol), int(self.max_iter))
                    pred = X[test] @ path["coefs"] + path["intercepts"]
                    mse[:, k] = np.mean((y[test][:, None] - pred) ** 2, axis=0)
                fit = None
            grids.append(grid)
            paths.append(mse)
            fits.append(fit)
        means = np.array([p.mean(axis=1) for p in paths])
        i, j = np.unravel_index(int(np.argmin(means)), means.shape)
        self.l1_ratio_ = float(ratios[i])
        self.alpha_ = float(grids[i][j])
        single = np.ndim(self.l1_ratio) == 0
        self.alphas_ = grids[0] if single else np.array(grids)
        self.mse_path_ = paths[0] if single else np.array(paths)
        fit = fits[i]
        if fit is None:
            fit = _core.fit_elastic_net(X, y, self.alpha_, self.l1_ratio_, intercept, float(self.tol),
                                        int(self.max_iter))
        self._set_fit(fit)
        self.n_iter_ = int(fit["sweeps"])
        yc = y - y.mean() if intercept else y
        self.dual_gap_ = float(fit["duality_gap"]) * float(yc @ yc) / X.shape[0]
        _warn_not_converged(fit, self)
        return self


class LassoCV(ElasticNetCV):
    """Lasso with alpha chosen by cross-validation, as ``sklearn.linear_model.LassoCV``: the
    ElasticNetCV with ``l1_ratio=1``. Parameters and attributes are ElasticNetCV's without
    ``l1_ratio``."""

    def __init__(self, *, eps=1e-3, n_alphas=100, alphas=None, fit_intercept=True, precompute="auto", max_iter=1000,
                 tol=1e-4, copy_X=True, cv=None, verbose=False, n_jobs=None, positive=False, random_state=None,
                 selection="cyclic"):
        self.eps = eps
        self.n_alphas = n_alphas
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.copy_X = copy_X
        self.cv = cv
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def _l1_ratios(self):
        return np.array([1.0])

    @property
    def l1_ratio(self):  # not a parameter of LassoCV (get_params must not list it)
        return 1.0
