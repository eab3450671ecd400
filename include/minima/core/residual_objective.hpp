// ResidualObjective: a least-squares problem f(x) = ½‖r(x)‖², given as the residual vector
// r: Rⁿ → Rᵐ and, together with it when asked, the m×n Jacobian J_ij = ∂r_i/∂x_j. Build one from
//   - a residual-and-Jacobian function `void rj(const Vector& x, Vector& r, Matrix* J)` (J may be
//     null: then only the residuals are wanted; r arrives sized m and J m×n);
//   - residuals alone, by central finite differences (finite_difference_residuals, numerics/);
//   - a generic lambda returning the residuals on any scalar type, by forward-mode dual numbers
//     (autodiff_residuals, numerics/autodiff.hpp).
// Solvers check sizes, catch the user's exceptions and count residual and Jacobian evaluations
// (least_squares/), as CountedObjective does for an Objective.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "minima/core/objective.hpp"
#include "minima/core/types.hpp"

namespace minima {

/// r(x) into r (arrives sized m) and, when J is not null, ∂r/∂x into *J (arrives sized m×n).
using ResidualFunction = std::function<void(const Vector& x, Vector& r, Matrix* jacobian)>;

class ResidualObjective {
 public:
  /// `residuals` = m (> 0); `dimension` = n, 0 accepts any n (the size of x0 decides).
  /// `parameter_names` (optional, one per parameter) label reports.
  ResidualObjective(ResidualFunction function, Index residuals, Index dimension = 0,
                    DerivativeSource jacobian_source = DerivativeSource::analytic,
                    std::vector<std::string> parameter_names = {})
      : function_(std::move(function)),
        residuals_(residuals),
        dimension_(dimension),
        jacobian_source_(jacobian_source),
        parameter_names_(std::move(parameter_names)) {}

  /// Unchecked, uncounted evaluation.
  void operator()(const Vector& x, Vector& r, Matrix* jacobian = nullptr) const { function_(x, r, jacobian); }

  Index residuals() const { return residuals_; }
  Index dimension() const { return dimension_; }
  DerivativeSource jacobian_source() const { return jacobian_source_; }
  const std::vector<std::string>& parameter_names() const { return parameter_names_; }
  ResidualObjective with_parameter_names(std::vector<std::string> names) const {
    ResidualObjective copy = *this;
    copy.parameter_names_ = std::move(names);
    return copy;
  }

 private:
  ResidualFunction function_;
  Index residuals_ = 0;
  Index dimension_ = 0;
  DerivativeSource jacobian_source_ = DerivativeSource::analytic;
  std::vector<std::string> parameter_names_;
};

}  // namespace minima
