// Objective: a smooth function f: Rⁿ → R given as value and gradient together, optionally with a
// Hessian. Build one from
//   - a value-and-gradient function  `double fg(const Vector& x, Vector* grad)` (grad may be null:
//     then only the value is wanted), optionally with a Hessian `void h(const Vector& x, Matrix& H)`;
//   - a value function alone, by finite differences  (minima::finite_difference, numerics/);
//   - a generic lambda, by forward-mode dual numbers (minima::autodiff, numerics/).
// The Objective itself does no checking or counting: solvers wrap it in a CountedObjective.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "minima/core/types.hpp"

namespace minima {

/// f(x), and ∇f(x) into *grad when grad is not null (grad arrives sized to x).
using ValueGradientFunction = std::function<double(const Vector& x, Vector* grad)>;
/// ∇²f(x) into hess (arrives sized n×n).
using HessianFunction = std::function<void(const Vector& x, Matrix& hess)>;

/// Where the derivatives of an Objective come from (reported in results, "given vs used").
enum class DerivativeSource { analytic, autodiff, finite_difference };
std::string_view to_string(DerivativeSource source);

class Objective {
 public:
  /// `dimension` = 0 accepts any n (the size of x0 decides).
  Objective(ValueGradientFunction value_gradient, Index dimension = 0, HessianFunction hessian = {},
            DerivativeSource gradient_source = DerivativeSource::analytic,
            DerivativeSource hessian_source = DerivativeSource::analytic)
      : value_gradient_(std::move(value_gradient)),
        hessian_(std::move(hessian)),
        dimension_(dimension),
        gradient_source_(gradient_source),
        hessian_source_(hessian_source) {}

  /// Unchecked, uncounted evaluation (solvers go through CountedObjective).
  double operator()(const Vector& x, Vector* grad = nullptr) const { return value_gradient_(x, grad); }
  void hessian(const Vector& x, Matrix& hess) const { hessian_(x, hess); }

  bool has_hessian() const { return static_cast<bool>(hessian_); }
  Index dimension() const { return dimension_; }
  DerivativeSource gradient_source() const { return gradient_source_; }
  DerivativeSource hessian_source() const { return hessian_source_; }

  /// Returns a copy that also has the given Hessian.
  Objective with_hessian(HessianFunction hessian,
                         DerivativeSource source = DerivativeSource::analytic) const {
    Objective copy = *this;
    copy.hessian_ = std::move(hessian);
    copy.hessian_source_ = source;
    return copy;
  }

 private:
  ValueGradientFunction value_gradient_;
  HessianFunction hessian_;
  Index dimension_ = 0;
  DerivativeSource gradient_source_ = DerivativeSource::analytic;
  DerivativeSource hessian_source_ = DerivativeSource::analytic;
};

}  // namespace minima
