// k-fold cross-validation to choose the penalty weight: the validation mean squared error for
// every α of a path, its mean and standard error over the folds, the α with the smallest mean and
// the largest α within one standard error of it (the 1-SE rule: Hastie, Tibshirani & Friedman,
// The Elements of Statistical Learning, 2nd ed., §7.10; glmnet's lambda.1se).
// Folds are a seeded shuffle of the rows, so a seed repeats the same folds, or the caller's own
// assignment (scikit-learn's KFold, a grouped split, ...: any partition of the rows).
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "minima/linear_models/elastic_net.hpp"
#include "minima/linear_models/ridge.hpp"

namespace minima {

struct CrossValidation {
  int folds = 5;
  std::uint64_t seed = 0;
  /// The fold of each row, in [0, folds): the caller's partition instead of the seeded shuffle
  /// (one entry per row; every fold must hold a row). Empty: the seeded shuffle.
  std::vector<int> fold_of_row{};
};

struct CrossValidationResult {
  Vector alphas{};         ///< decreasing
  Matrix fold_errors;      ///< the validation MSE of each fold (row) at each α (column)
  Vector mean_error;       ///< mean over folds of the validation MSE, per α
  Vector standard_error;   ///< std over folds / √k, per α
  Index best_index = 0;    ///< argmin mean_error
  Index one_se_index = 0;  ///< the largest α with mean_error ≤ min + its standard error
  double alpha_min() const { return alphas[best_index]; }
  double alpha_1se() const { return alphas[one_se_index]; }
  LinearFit fit;  ///< refitted on all the data at alpha_min
};

/// Elastic net / lasso: the path's α grid is computed once on all the data (as glmnet and
/// scikit-learn do) and every fold fits the whole path.
CrossValidationResult cross_validate(const Matrix& x, const Vector& y, const ElasticNetPath& path,
                                     const CrossValidation& cv = {});

/// Ridge over the given α values (one SVD per fold).
CrossValidationResult cross_validate_ridge(const Matrix& x, const Vector& y, const Vector& alphas,
                                           bool fit_intercept = true, bool standardize = false,
                                           const CrossValidation& cv = {});

}  // namespace minima
