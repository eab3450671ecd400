// The seed's parameterisation of regularization (Abu-Mostafa et al., Learning from Data, ch. 4):
//   E_aug(w) = E_in(w) + (λ/N) Ω(w),   E_in(w) = (1/N) ‖Z w − y‖²,
// with Ω = wᵀw (weight decay), Σ|w_q| (lasso) or Σ ½(1 − a) w_q² + a |w_q| (elastic net).
//
// The mapping to scikit-learn's parameters (multiply E_aug by N, or by N/2):
//   weight decay   N·E_aug   = ‖Zw − y‖² + λ wᵀw                 → Ridge(alpha = λ)
//   lasso          E_aug / 2 = 1/(2N) ‖Zw − y‖² + (λ/2N) ‖w‖₁    → Lasso(alpha = λ / (2N))
//   elastic net    E_aug / 2 = 1/(2N) ‖‖² + (λ/2N)[a‖w‖₁ + (1−a)/2 ‖w‖²]
//                                                               → ElasticNet(alpha = λ/(2N), l1_ratio = a)
// (the minimizers are the same; scaling an objective does not move its minimum). The seed fits
// without a separate intercept: L_0 = 1 is a feature and is penalized like the others, so the
// mapped models have fit_intercept = false.
#pragma once

#include <variant>

#include "minima/linear_models/elastic_net.hpp"
#include "minima/linear_models/ridge.hpp"

namespace minima {

struct AugmentedError {
  enum class Regularizer { weight_decay, lasso, elastic_net };
  double lambda = 0.0;  ///< λ ≥ 0, the seed's regularization parameter
  Regularizer regularizer = Regularizer::weight_decay;
  double a = 0.5;  ///< the elastic net's l1 share (only for elastic_net)

  /// The scikit-learn model with the same minimizer on N rows.
  std::variant<Ridge, ElasticNet> to_sklearn(Index n_rows) const;
  /// E_aug(w) itself, for reports.
  double value(const Matrix& z, const Vector& y, const Vector& w) const;
};

/// Fit by the mapped model (fit_intercept off: the seed's features carry the constant).
LinearFit fit(const Matrix& z, const Vector& y, const AugmentedError& settings);

}  // namespace minima
