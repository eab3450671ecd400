#include "minima/linear_models/linear_model.hpp"

#include <fmt/format.h>
#include <cmath>

#include "minima/core/error.hpp"

namespace minima {

Vector LinearFit::predict(const Matrix& x) const {
  if (x.cols() != coefficients.size())
    throw InvalidArgument(
        fmt::format("the data has {} columns, the model {} coefficients", x.cols(), coefficients.size()));
  return (x * coefficients).array() + intercept;
}

double LinearFit::mean_squared_error(const Matrix& x, const Vector& y) const {
  if (y.size() != x.rows())
    throw InvalidArgument(fmt::format("X has {} rows but y has {} entries", x.rows(), y.size()));
  if (y.size() == 0) return 0.0;
  return (predict(x) - y).squaredNorm() / static_cast<double>(y.size());
}

DataScaling DataScaling::compute(const Matrix& x, const Vector& y, bool fit_intercept, bool standardize) {
  const Index n = x.rows(), p = x.cols();
  if (n == 0 || p == 0) throw InvalidArgument(fmt::format("the data is empty ({} rows, {} columns)", n, p));
  if (y.size() != n) throw InvalidArgument(fmt::format("X has {} rows but y has {} entries", n, y.size()));
  for (Index i = 0; i < n; ++i)
    if (!std::isfinite(y[i]))
      throw InvalidArgument(fmt::format("y[{}] is {}: the data must be finite", i + 1, y[i]));
  if (!x.allFinite()) {
    for (Index j = 0; j < p; ++j)
      for (Index i = 0; i < n; ++i)
        if (!std::isfinite(x(i, j)))
          throw InvalidArgument(
              fmt::format("X[{}, {}] is {}: the data must be finite", i + 1, j + 1, x(i, j)));
  }
  DataScaling s;
  const double inv_n = 1.0 / static_cast<double>(n);
  s.x_mean = fit_intercept ? Vector(x.colwise().sum().transpose() * inv_n) : Vector::Zero(p);
  s.y_mean = fit_intercept ? y.sum() * inv_n : 0.0;
  s.x_scale = Vector::Ones(p);
  if (standardize) {
    for (Index j = 0; j < p; ++j) {
      const double sd = std::sqrt((x.col(j).array() - s.x_mean[j]).square().sum() * inv_n);
      if (!(sd > 1e-12 * std::max(1.0, std::abs(s.x_mean[j]))))
        throw InvalidArgument(
            fmt::format("column {} is constant ({}): it cannot be standardized", j + 1, x(0, j)));
      s.x_scale[j] = sd;
    }
  }
  return s;
}

Matrix DataScaling::transform(const Matrix& x) const {
  return (x.rowwise() - x_mean.transpose()).array().rowwise() / x_scale.transpose().array();
}

void DataScaling::to_original(const Vector& beta, Vector& w, double& b) const {
  w = beta.cwiseQuotient(x_scale);
  b = y_mean - x_mean.dot(w);
}

}  // namespace minima
