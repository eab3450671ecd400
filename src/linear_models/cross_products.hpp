// Internal to linear_models (not installed): covariance-mode coordinate descent from cross-products
// instead of X. Cross-validation uses it to give each training fold its Gram columns as sums of
// per-fold blocks computed once (the Gram matrix of the rows outside fold f is the sum of the other
// folds' blocks), instead of a pass over that fold's training rows for every column.
#pragma once

#include <vector>

#include "minima/linear_models/elastic_net.hpp"

namespace minima::detail {

/// Centered cross-products of the rows a solver fits, unscaled:
///   out.col(k) = Σ_i (x_i − m)(x_{i j_k} − m_{j_k}),  m = the fit's centering (DataScaling::x_mean).
class GramSource {
 public:
  virtual ~GramSource() = default;
  virtual void columns(const std::vector<Index>& js, Eigen::Ref<Matrix> out) = 0;
};

/// What covariance updates need besides Gram columns, all about the fit's centering, unscaled.
struct CrossProducts {
  Index rows = 0;
  DataScaling scaling;  ///< centering (m, ȳ) and scales s of the fit
  Vector xx_diagonal;   ///< Σ_i (x_ij − m_j)²
  Vector xy;            ///< Σ_i (x_ij − m_j)(y_i − ȳ)
  double yy = 0.0;      ///< Σ_i (y_i − ȳ)²
};

/// One elastic-net fit in covariance mode on these cross-products (alpha > 0, l1_ratio > 0).
LinearFit fit(const CrossProducts& data, GramSource& gram, const ElasticNet& settings);

/// elastic_net_path in covariance mode on these cross-products (settings.updates is ignored).
RegularizationPath elastic_net_path(const CrossProducts& data, GramSource& gram,
                                    const ElasticNetPath& settings);

}  // namespace minima::detail
