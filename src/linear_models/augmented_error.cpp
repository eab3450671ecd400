#include "minima/linear_models/augmented_error.hpp"

#include <fmt/format.h>
#include <cmath>

#include "minima/core/error.hpp"

namespace minima {

std::variant<Ridge, ElasticNet> AugmentedError::to_sklearn(Index n_rows) const {
  if (!(lambda >= 0.0) || !std::isfinite(lambda))
    throw InvalidArgument(fmt::format("lambda must be finite and >= 0, got {}", lambda));
  if (n_rows < 1) throw InvalidArgument("the augmented error needs at least one row");
  const double n = static_cast<double>(n_rows);
  switch (regularizer) {
    case Regularizer::weight_decay:
      return Ridge{.alpha = lambda, .fit_intercept = false, .standardize = false};
    case Regularizer::lasso:
      return ElasticNet{.alpha = lambda / (2.0 * n), .l1_ratio = 1.0, .fit_intercept = false};
    case Regularizer::elastic_net:
      if (!(a >= 0.0 && a <= 1.0))
        throw InvalidArgument(fmt::format("the elastic net's a must be in [0, 1], got {}", a));
      return ElasticNet{.alpha = lambda / (2.0 * n), .l1_ratio = a, .fit_intercept = false};
  }
  throw InvalidArgument("unknown regularizer");
}

double AugmentedError::value(const Matrix& z, const Vector& y, const Vector& w) const {
  const double n = static_cast<double>(z.rows());
  const double e_in = (z * w - y).squaredNorm() / n;
  double omega = 0.0;
  switch (regularizer) {
    case Regularizer::weight_decay:
      omega = w.squaredNorm();
      break;
    case Regularizer::lasso:
      omega = w.lpNorm<1>();
      break;
    case Regularizer::elastic_net:
      omega = 0.5 * (1.0 - a) * w.squaredNorm() + a * w.lpNorm<1>();
      break;
  }
  return e_in + lambda / n * omega;
}

LinearFit fit(const Matrix& z, const Vector& y, const AugmentedError& settings) {
  return std::visit([&](const auto& model) { return fit(z, y, model); }, settings.to_sklearn(z.rows()));
}

}  // namespace minima
