"""minima: continuous optimization in C++ with scipy's and scikit-learn's conventions.

Functions
---------
minimize            local minimization, as scipy.optimize.minimize (every minima method)
least_squares       nonlinear least squares, as scipy.optimize.least_squares ('lm', 'gn')
curve_fit           curve fitting, as scipy.optimize.curve_fit (same popt, pcov)
minimize_black_box  population methods (IPOP-CMA-ES, EDAs) with vectorized or parallel evaluation
linear_model        LinearRegression, Ridge, Lasso, ElasticNet, LassoCV, ElasticNetCV (scikit-learn's API)
available_methods   method names minimize accepts; black_box_methods likewise for minimize_black_box

The algorithms run in C++ (the extension minima._core) with the GIL released.
"""

from . import _core, linear_model
from ._core import __version__  # minima/version.hpp, from project(VERSION) in CMakeLists.txt
from ._black_box import black_box_methods, minimize_black_box
from ._common import OptimizeResult
from ._least_squares import curve_fit, least_squares
from ._optimize import SCIPY_METHODS, available_methods, minimize

__all__ = ["minimize", "least_squares", "curve_fit", "minimize_black_box", "linear_model", "OptimizeResult",
           "available_methods", "black_box_methods", "SCIPY_METHODS"]
