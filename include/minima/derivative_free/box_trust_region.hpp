// The trust-region subproblem of BOBYQA (Powell 2009, §3, "TRSBOX"):
//   min  Q(d) = gᵀd + ½ dᵀHd   subject to ‖d‖ ≤ Δ and lo ≤ d ≤ hi (lo ≤ 0 ≤ hi),
// approximately, by truncated conjugate gradients that fix a variable at the bound it reaches and
// restart; once d reaches the trust-region boundary, by iterations round that boundary: d is turned
// in the plane of d and the steepest-descent direction of its free variables, d(θ) = cos θ d + sin θ s
// with s ⟂ d and ‖s‖ = ‖d‖, at the θ that minimizes Q(d(θ)) within the bounds (a variable that would
// leave its bound is fixed there and the iterations go on). They stop when d is nearly optimal on
// the sphere (the free gradient nearly parallel to d) or an iteration reduces Q by less than 1 % of
// the total reduction. Exposed for the tests; bobyqa is its only user.
#pragma once

#include "minima/core/types.hpp"

namespace minima::detail {

struct BoxTrustRegionStep {
  Vector d;
  /// True when d ended on the trust-region boundary.
  bool on_boundary = false;
};

/// The step above. boundary_iterations = false stops at the first point of the trust-region
/// boundary, as the conjugate gradients alone do (kept to measure what the iterations add).
BoxTrustRegionStep box_trust_region_step(const Vector& g, const Matrix& h, const Vector& lo, const Vector& hi,
                                         double delta, bool boundary_iterations = true);

}  // namespace minima::detail
