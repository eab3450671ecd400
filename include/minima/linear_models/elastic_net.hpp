// The lasso and the elastic net by cyclic coordinate descent, in scikit-learn's parameterisation:
//   min_w  1/(2n) ‖y − X w − b‖² + α ρ ‖w‖₁ + α (1 − ρ)/2 ‖w‖²      (ρ = l1_ratio; ρ = 1: lasso)
// which is also glmnet's gaussian objective with λ = α and its alpha = ρ.
//
// How it is fast (Friedman, Hastie & Tibshirani, J. Stat. Softw. 33(1), 2010):
//   - covariance updates along a path when n ≫ p: the solver keeps q = X̃ᵀ r for every column and
//     updates it with Gram columns X̃ᵀ x̃_j, computed for variables that become nonzero (in
//     blocks of at least 16, one pass over X per block, filled with the variables nearest to
//     entering); a zero coefficient is then checked in O(1) and no pass over X is needed per α;
//   - naive updates (the residual r) otherwise, with active-set cycling: full passes over the
//     columns alternate with sweeps of the nonzero coefficients to convergence, and those sweeps
//     use the active set's own Gram matrix X̃_AᵀX̃_A (|A| per update instead of n);
//   - X is never copied: centering and scaling are applied implicitly;
//   - along a path: warm starts from α_max down, and the sequential strong rule (Tibshirani et al.,
//     "Strong rules for discarding predictors in lasso-type problems", JRSS B 74(2), 2012) with a
//     KKT check of the discarded variables;
//   - one fit at α goes down a short path too (ElasticNet::warm_start_steps): 4–6× faster than
//     starting from β = 0 on the benchmark's wide elastic net (bench/README.md).
// It stops on the duality gap (the Fenchel dual of the elastic net written as a lasso on augmented
// data): gap ≤ tol ‖y − ȳ‖², a certificate that the objective is within that of its minimum.
#pragma once

#include <optional>

#include "minima/linear_models/linear_model.hpp"

namespace minima {

/// How coordinate descent keeps its gradient information.
enum class CoordinateUpdates {
  automatic,   ///< one fit: naive; a path or CV: covariance when n ≥ 2p, else naive
  covariance,  ///< Gram columns of the active variables (fast when n ≫ p)
  naive,       ///< the residual vector (fast when p ≳ n)
};

struct ElasticNet {
  double alpha = 1.0;         ///< overall penalty weight α ≥ 0 (scikit-learn's alpha, glmnet's λ)
  double l1_ratio = 0.5;      ///< ρ ∈ [0, 1]: 1 is the lasso, 0 is ridge (scaled as above)
  bool fit_intercept = true;  ///< fit an unpenalized b (center X and y)
  bool standardize = false;   ///< scale columns to unit variance before penalizing (glmnet style)
  double tol = 1e-10;         ///< stop when the duality gap ≤ tol ‖y − ȳ‖²
  long max_sweeps = 100000;   ///< full and active-set sweeps together
  CoordinateUpdates updates = CoordinateUpdates::automatic;
  /// Warm starts: before α, solve at this many α log-spaced between α_max and α (each to a loose
  /// gap, with the strong rule), as glmnet's path does. From β = 0 at a small α, a first pass
  /// activates many variables that end at zero; the short path keeps the active set near the
  /// final one. 0: solve α directly from β = 0 (scikit-learn's ElasticNet).
  long warm_start_steps = 10;
};

/// The lasso: an ElasticNet with l1_ratio = 1.
inline ElasticNet Lasso(double alpha) {
  return ElasticNet{.alpha = alpha, .l1_ratio = 1.0};
}

/// Throws InvalidArgument for α < 0, ρ outside [0, 1], NaN settings, or bad data.
LinearFit fit(const Matrix& x, const Vector& y, const ElasticNet& settings);

struct ElasticNetPath {
  double l1_ratio = 1.0;  ///< ρ ∈ (0, 1]
  long n_alphas = 100;    ///< number of α values, log-spaced from α_max down
  double eps = 1e-3;      ///< α_min = eps · α_max (scikit-learn's default)
  Vector alphas{};        ///< explicit α values instead (any order; fitted decreasing)
  bool fit_intercept = true;
  bool standardize = false;
  double tol = 1e-10;
  long max_sweeps = 100000;  ///< per α
  bool strong_rules = true;  ///< screen with the sequential strong rule (KKT-checked)
  CoordinateUpdates updates = CoordinateUpdates::automatic;
};

/// The smallest α at which every coefficient is zero: max_j |x̃_jᵀ(y − ȳ)| / (n ρ).
double elastic_net_alpha_max(const Matrix& x, const Vector& y, double l1_ratio, bool fit_intercept = true,
                             bool standardize = false);

/// The path over decreasing α, warm-started.
RegularizationPath elastic_net_path(const Matrix& x, const Vector& y, const ElasticNetPath& settings = {});

}  // namespace minima
