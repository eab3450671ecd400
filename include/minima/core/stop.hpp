// Stop: the generic stopping rules shared by every iterative method (a method's own knobs live in
// its method struct). A tolerance of 0 switches its test off. Tests run after every iteration, in
// this order: gradient, step, function change, target; then the limits.
#pragma once

#include <limits>
#include <optional>

namespace minima {

struct Stop {
  /// Converged when ‖∇f(x)‖∞ ≤ g_abstol (Ceres' and scipy's max-norm test).
  double g_abstol = 1e-8;
  /// Converged when ‖x_k − x_{k−1}‖∞ ≤ x_abstol + x_reltol · ‖x_k‖∞ (off when both are 0).
  double x_abstol = 0.0;
  double x_reltol = 0.0;
  /// Converged when |f_k − f_{k−1}| ≤ f_abstol + f_reltol · |f_k| (off when both are 0).
  double f_abstol = 0.0;
  double f_reltol = 0.0;
  /// Stop (status target_reached) once f ≤ f_target.
  std::optional<double> f_target{};
  /// Iteration limit (status max_iterations).
  long max_iterations = 1000;
  /// Limit on function evaluations, checked between iterations (status max_evaluations).
  std::optional<long> max_evaluations{};
  /// Wall-clock limit in seconds, checked between iterations (status time_limit).
  std::optional<double> time_limit{};
  /// The iterates are said to diverge (status diverged) when |f| or ‖x‖∞ exceeds this.
  double divergence_limit = 1e150;

  /// Throws InvalidArgument naming the field, value and rule.
  void validate() const;
};

}  // namespace minima
