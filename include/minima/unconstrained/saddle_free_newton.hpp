// Damped saddle-free Newton (seed 003 eqs. 3 and 8; the |H| idea is Dauphin et al., "Identifying
// and attacking the saddle point problem in high-dimensional non-convex optimization", NIPS 2014):
//     x ← x − (|H| + μ I)⁻¹ ∇f,   |H| = V |Λ| Vᵀ  for the symmetric eigendecomposition H = V Λ Vᵀ.
// |H| + μI is positive definite for μ > 0, so the step always descends: at an inflection point
// (f'' = 0) the step is the gradient step −∇f/μ, and where H is negative definite it goes down
// instead of up to the maximum. μ is adapted like Levenberg–Marquardt's damping: a trial step that
// fails the sufficient-decrease test f(x + p) ≤ f(x) + c1 ∇fᵀp is rejected and μ is multiplied by
// `increase`; an accepted step divides μ by `decrease` (not below mu_min), moving towards the
// undamped step −|H|⁻¹∇f, which is Newton's step near a minimizer (quadratic convergence).
// If μ exceeds mu_max without an acceptable step the run stops with Status::line_search_failed.
// Cost: one Hessian and one O(n³) eigendecomposition per iteration, one value-and-gradient
// evaluation per trial μ. The step size reported per iteration (StepOutcome::step_size) is the μ of
// the accepted step.
#pragma once

#include <memory>

#include "minima/core/driver.hpp"

namespace minima {

struct SaddleFreeNewton {
  /// Initial damping μ₀; mu_min ≤ mu0 ≤ mu_max. Default 1 (a step of −∇f where H vanishes).
  double mu0 = 1.0;
  /// Factor applied to μ after a rejected trial step, > 1. Default 2 (seed 003).
  double increase = 2.0;
  /// Divisor applied to μ after an accepted step, > 1. Default 3 (seed 003).
  double decrease = 3.0;
  /// Lower bound on μ, > 0 (keeps |H| + μI invertible when H is singular). Default 1e-10.
  double mu_min = 1e-10;
  /// μ above this without an acceptable step ends the run (Status::line_search_failed). Default 1e10.
  double mu_max = 1e10;
  /// Sufficient-decrease constant c1 of the acceptance test, 0 < c1 < 1. Default 1e-4.
  double sufficient_decrease = 1e-4;

  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

/// The iterative method for run_iterations (validates first). Its name is "saddle-free-newton".
std::unique_ptr<IterativeMethod> make_iterative_method(const SaddleFreeNewton& method);

}  // namespace minima
