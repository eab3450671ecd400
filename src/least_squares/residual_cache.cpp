#include "residual_cache.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace minima::least_squares_detail {

double ResidualCache::evaluate(const Vector& x, Vector* grad) {
  r.resize(m);
  if (grad) {
    jacobian.resize(m, x.size());
    problem(x, r, &jacobian);
  } else {
    problem(x, r, nullptr);
  }
  if (r.size() != m) {
    size_error = fmt::format("the residual function returned {} residuals, expected {}", r.size(), m);
    throw std::length_error(size_error);
  }
  if (grad) {
    if (jacobian.rows() != m || jacobian.cols() != x.size()) {
      size_error =
          fmt::format("the Jacobian is {}x{}, expected {}x{}", jacobian.rows(), jacobian.cols(), m, x.size());
      throw std::length_error(size_error);
    }
  }
  const double value = loss.correct(r, grad ? &jacobian : nullptr, ceres_correction);
  if (grad) grad->noalias() = jacobian.transpose() * r;
  return value;
}

Objective ResidualCache::objective() {
  return Objective([this](const Vector& x, Vector* grad) { return evaluate(x, grad); }, problem.dimension());
}

double LeastSquaresIteration::gradient_cosine(const Vector& g, double f) const {
  const double rnorm = std::sqrt(2.0 * std::max(f, 0.0));
  if (rnorm == 0.0) return 0.0;
  double worst = 0.0;
  for (Index j = 0; j < jacobian_.cols(); ++j) {
    const double c = jacobian_.col(j).norm();
    if (c > 0.0) worst = std::max(worst, std::abs(g[j]) / (c * rnorm));
  }
  return worst;
}

std::optional<StepOutcome> LeastSquaresIteration::gradient_test(const Vector& g, double f,
                                                                double g_costol) const {
  const double cosine = gradient_cosine(g, f);
  if (!(cosine <= g_costol)) return std::nullopt;
  return StepOutcome::stop(
      Status::converged_orthogonality,
      r_.squaredNorm() == 0.0
          ? std::string("the residuals are exactly zero")
          : fmt::format("gradient cosine max|Jᵀr|/(‖J_j‖‖r‖) = {:.3g} <= {:.3g}", cosine, g_costol));
}

}  // namespace minima::least_squares_detail
