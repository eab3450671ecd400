// Trust-region Newton (Nocedal & Wright 2006, ch. 4, Alg. 4.1): at x, minimize the quadratic model
// m(p) = f + ∇fᵀp + ½ pᵀHp inside ‖p‖₂ ≤ Δ, then compare the actual decrease with the model's:
// ρ = (f(x) − f(x + p)) / (m(0) − m(p)). The step is accepted when ρ > eta; Δ shrinks to
// shrink_factor·‖p‖ when ρ < shrink_threshold and grows by grow_factor (up to max_radius) when
// ρ > grow_threshold and the step reached the boundary. Rejected trials reuse H and ∇f; a radius below
// min_radius (or below the spacing of doubles at x) ends the run with Status::trust_region_collapsed.
// The reported step size (StepOutcome::step_size) is the radius after the step.
// Subproblems:
//  - dogleg (N&W §4.1): Newton step p_B = −H⁻¹∇f (Cholesky) when it fits, else the path from the
//    Cauchy direction's minimizer p_U to p_B cut at the boundary. When H is not positive definite the
//    dogleg path is undefined; the step is then the Cauchy point (N&W eq. 4.12): steepest descent to
//    the model's minimizer along −∇f within the radius, or to the boundary under negative curvature.
//  - steihaug_cg (N&W Alg. 7.2): conjugate gradients on the model from p = 0, stopped at the boundary,
//    on negative curvature (then following that direction to the boundary) or at the residual
//    ‖Hp + ∇f‖ ≤ min(0.5, √‖∇f‖)‖∇f‖ (N&W eq. 7.3, superlinear convergence). It only needs products
//    H·v; the dense Hessian provides them here.
#pragma once

#include <memory>

#include "minima/core/driver.hpp"

namespace minima {

struct TrustRegion {
  enum class Subproblem { dogleg, steihaug_cg };
  /// How the model is minimized in the ball. Default steihaug_cg (handles indefinite H properly).
  Subproblem subproblem = Subproblem::steihaug_cg;
  /// Δ₀, min_radius ≤ Δ₀ ≤ max_radius. Default 1.
  double initial_radius = 1.0;
  /// Δ̂, the largest radius. Default 1e10.
  double max_radius = 1e10;
  /// A radius below this without an accepted step: Status::trust_region_collapsed. Default 1e-12.
  double min_radius = 1e-12;
  /// η: accept the step when ρ > eta, 0 ≤ eta < shrink_threshold. Default 1e-3.
  double eta = 1e-3;
  /// ρ below this shrinks the radius. Default 0.25 (N&W Alg. 4.1).
  double shrink_threshold = 0.25;
  /// ρ above this, with the step on the boundary, grows the radius. Default 0.75 (N&W Alg. 4.1).
  double grow_threshold = 0.75;
  /// New radius = shrink_factor·‖p‖ on shrinking, 0 < shrink_factor < 1. Default 0.25.
  double shrink_factor = 0.25;
  /// New radius = grow_factor·Δ on growing, > 1. Default 2.
  double grow_factor = 2.0;
  /// Steihaug–CG iteration limit; 0 means n. Default 0.
  int cg_max_iterations = 0;

  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

/// The iterative method for run_iterations (validates first). Its name is "trust-region-dogleg" or
/// "trust-region-cg".
std::unique_ptr<IterativeMethod> make_iterative_method(const TrustRegion& method);

}  // namespace minima
