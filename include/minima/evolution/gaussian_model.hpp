// A multivariate normal fitted to a set of points by maximum likelihood, and sampled through its
// Cholesky factor. Shared by the single Gaussian EDA (EMNA) and MIDEA's per-cluster models.
#pragma once

#include "minima/core/random.hpp"

namespace minima {

struct GaussianModel {
  Vector mean;
  Matrix covariance;
  Matrix cholesky;  ///< lower triangular L with L Lᵀ = covariance (+ the ridge that made it positive)

  /// mean + L z with z standard normal.
  Vector sample(Rng& rng) const;
  /// Largest standard deviation along a coordinate, sqrt(max diag covariance).
  double max_std() const;
};

/// Fits the ML Gaussian (covariance divided by m) to the columns of `points` (m >= 1). A
/// covariance that is not positive definite (fewer points than n + 1, or a collapsed direction)
/// gets a ridge `ridge` · (mean diagonal + tiny) added, growing tenfold until the Cholesky works.
GaussianModel fit_gaussian(const Matrix& points, double ridge = 1e-10);

}  // namespace minima
