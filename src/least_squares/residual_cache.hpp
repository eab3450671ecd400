// Private to least_squares: the bridge between a ResidualObjective and the driver, which works on an
// Objective f = ½‖r‖², ∇f = Jᵀr. The Objective it makes writes r (and J when the gradient is wanted)
// into this cache, where the method picks them up after each counted call; wrong sizes are thrown
// as errors (the driver's CountedObjective turns them into Status::function_error) and the precise
// message kept here.
#pragma once

#include <optional>
#include <string>

#include "minima/core/driver.hpp"
#include "minima/core/objective.hpp"
#include "minima/core/residual_objective.hpp"
#include "minima/least_squares/robust_loss.hpp"

namespace minima::least_squares_detail {

struct ResidualCache {
  const ResidualObjective& problem;
  Index m;
  Vector r;
  Matrix jacobian;
  std::string size_error;  ///< set when the user's function returned a wrong-sized r or J
  RobustLoss loss{};  ///< non-linear: r and J hold the corrected r̃, J̃ and the value is the robust cost
  bool ceres_correction =
      false;  ///< Ceres' Corrector (LM, GN) rather than scipy's (trf); see robust_loss.hpp

  double evaluate(const Vector& x, Vector* grad);
  Objective objective();
};

/// What both methods share: the residuals and Jacobian at their current point.
class LeastSquaresIteration : public IterativeMethod {
 public:
  explicit LeastSquaresIteration(ResidualCache& cache) : cache_(cache) {}
  /// True when r() and jacobian() belong to x.
  bool holds(const Vector& x) const { return has_point_ && point_.size() == x.size() && point_ == x; }
  const Vector& r() const { return r_; }
  const Matrix& jacobian() const { return jacobian_; }

 protected:
  /// Takes r and J of the last value-and-Jacobian evaluation (at x) from the cache.
  void take_point(const Vector& x) {
    r_.swap(cache_.r);
    jacobian_.swap(cache_.jacobian);
    point_ = x;
    has_point_ = true;
  }
  /// max_j |(Jᵀr)_j| / (‖J_j‖ √(2f)), the largest cosine between r and a column of J (0 when r = 0);
  /// √(2f) = ‖r‖ for the linear loss (with a robust loss, ‖r̃‖ can be huge where w_i is clamped).
  double gradient_cosine(const Vector& g, double f) const;
  /// Both methods' first test in a step: converged_orthogonality when gradient_cosine(g, f) <= g_costol
  /// (or the residuals are exactly zero), nothing otherwise.
  std::optional<StepOutcome> gradient_test(const Vector& g, double f, double g_costol) const;

  ResidualCache& cache_;
  Vector r_;
  Matrix jacobian_;
  Vector point_;
  bool has_point_ = false;
};

}  // namespace minima::least_squares_detail
