// Linear regression models y ≈ X w + b: what every model of this module returns, and the data
// preparation they share (centering for the intercept, optional standardization).
//
// Conventions follow scikit-learn and glmnet, which users already know:
//   - rows of X are observations (n), columns are features (p);
//   - fit_intercept: the intercept b is not penalized; X and y are centered, the model fitted
//     without intercept, and b = ȳ − x̄ᵀw recovered (scikit-learn's _preprocess_data, glmnet's
//     intercept = TRUE);
//   - standardize: each column is divided by its standard deviation (1/n normalization, as glmnet)
//     before fitting, so the penalty treats features alike; coefficients are returned on the
//     original scale. Off by default as in scikit-learn, on by default in glmnet.
// References: T. Hastie, R. Tibshirani, J. Friedman, The Elements of Statistical Learning, 2nd
// ed., §3.4; J. Friedman, T. Hastie, R. Tibshirani, "Regularization Paths for Generalized Linear
// Models via Coordinate Descent", J. Stat. Softw. 33(1), 2010.
#pragma once

#include <string>

#include "minima/core/types.hpp"

namespace minima {

/// A fitted linear model.
struct LinearFit {
  Vector coefficients;     ///< w, one per column of X, on the original scale
  double intercept = 0.0;  ///< b (0 when fit_intercept is off)
  std::string model;       ///< "ols", "ridge", "lasso", "elastic-net"
  double alpha = 0.0;      ///< the penalty weight it was fitted with (scikit-learn's alpha)
  double l1_ratio = 0.0;   ///< the l1 share of the penalty (1 lasso, 0 ridge)
  long sweeps = 0;         ///< coordinate-descent sweeps (0 for closed forms)
  double duality_gap = 0;  ///< at the solution, relative to ‖y − ȳ‖² (coordinate descent only)
  bool converged = true;   ///< false when coordinate descent hit max_sweeps first

  /// X w + b.
  Vector predict(const Matrix& x) const;
  /// Mean squared error (1/n) ‖y − X w − b‖² on the given data.
  double mean_squared_error(const Matrix& x, const Vector& y) const;
};

/// The regularization path: one fit per penalty weight.
struct RegularizationPath {
  Vector alphas{};      ///< decreasing (scikit-learn's alpha for each column below)
  Matrix coefficients;  ///< p × alphas.size(), column k fitted with alphas[k]
  Vector intercepts;    ///< one per alpha
  Vector sweeps;        ///< coordinate-descent sweeps per alpha (zeros for closed forms)
  double l1_ratio = 0.0;
  std::string model;
};

/// Centering and scaling of the columns of X (and centering of y) shared by the models.
struct DataScaling {
  Vector x_mean;        ///< column means (zeros without intercept)
  Vector x_scale;       ///< column standard deviations (ones without standardization)
  double y_mean = 0.0;  ///< ȳ (0 without intercept)

  /// Checks X and y (sizes, NaN/Inf, constant columns when standardizing; InvalidArgument naming
  /// the row and column) and computes the means and scales.
  static DataScaling compute(const Matrix& x, const Vector& y, bool fit_intercept, bool standardize);
  /// (X − x̄) / s as a new matrix.
  Matrix transform(const Matrix& x) const;
  /// w on the original scale and b from coefficients β fitted on the transformed data.
  void to_original(const Vector& beta, Vector& w, double& b) const;
};

}  // namespace minima
