// Ridge regression (weight decay, Tikhonov): min_w ‖y − X w − b‖² + α ‖w‖², scikit-learn's Ridge
// objective. One fit by Cholesky of XᵀX + αI (p ≤ n) or of XXᵀ + αI (p > n, the dual form);
// a whole path of α by one SVD of X: w(α) = V diag(s / (s² + α)) Uᵀ y.
// Hastie, Tibshirani & Friedman, The Elements of Statistical Learning, 2nd ed., §3.4.1.
#pragma once

#include "minima/linear_models/linear_model.hpp"

namespace minima {

struct Ridge {
  double alpha = 1.0;         ///< penalty weight α ≥ 0 (scikit-learn's alpha)
  bool fit_intercept = true;  ///< fit an unpenalized b (center X and y)
  bool standardize = false;   ///< scale columns to unit variance before penalizing (glmnet style)
};

/// Throws InvalidArgument for α < 0 or NaN, bad data, or α = 0 with p > n.
LinearFit fit(const Matrix& x, const Vector& y, const Ridge& settings);

/// One fit per α (any order; the path is returned with α decreasing), from one SVD.
RegularizationPath ridge_path(const Matrix& x, const Vector& y, const Vector& alphas,
                              bool fit_intercept = true, bool standardize = false);

}  // namespace minima
