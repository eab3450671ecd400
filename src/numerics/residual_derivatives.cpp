#include "minima/numerics/residual_derivatives.hpp"

#include <string>

namespace minima {

ResidualObjective finite_difference_residuals(VectorFunction residuals, Index m, Index n,
                                              std::vector<std::string> parameter_names) {
  if (m <= 0) throw InvalidArgument("finite_difference_residuals: m = " + std::to_string(m) + " must be > 0");
  if (!residuals) throw InvalidArgument("finite_difference_residuals: the residual function is empty");
  auto function = [residuals](const Vector& x, Vector& r, Matrix* jacobian) {
    r = residuals(x);
    if (jacobian) *jacobian = fd::jacobian(residuals, x);
  };
  return ResidualObjective(std::move(function), m, n, DerivativeSource::finite_difference,
                           std::move(parameter_names));
}

}  // namespace minima
