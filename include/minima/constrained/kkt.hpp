// The KKT report for any candidate point (spec §1; Nocedal & Wright 2006, Theorem 12.1): the four
// residuals of the Karush–Kuhn–Tucker conditions of
//   min f(x)  s.t.  g(x) = 0,  h(x) ≤ 0,  lower ≤ x ≤ upper
// with Lagrangian L = f + λᵀg + αᵀh − z_lᵀ(x − lower) + z_uᵀ(x − upper):
//   stationarity             ‖∇f + Σ λ_i ∇g_i + Σ α_j ∇h_j − z_l + z_u‖∞
//   primal feasibility       max(|g_i|, max(h_j, 0), bound violations)
//   dual feasibility         max(0, −min(α, z_l, z_u))
//   complementary slackness  max(|α_j h_j|, |z_l,k (x_k − lower_k)|, |z_u,k (upper_k − x_k)|).
// Multipliers the caller does not give are estimated by least squares: the λ and α of the
// constraints active at x (|h_j| ≤ active_tolerance) minimize the stationarity residual; an
// inequality whose estimate comes out negative is dropped from the active set and the rest
// re-estimated (it is not binding); bound multipliers absorb what is left of ∇ₓL at an active bound,
// with the sign that makes them ≥ 0 (a component pulling into the box stays a stationarity residual).
#pragma once

#include "minima/core/constraints.hpp"
#include "minima/core/objective.hpp"

namespace minima {

/// Multipliers of a candidate. An empty vector means "estimate it" (see above).
struct Multipliers {
  Vector equality{};    ///< λ, one per equality
  Vector inequality{};  ///< α ≥ 0, one per inequality
  Vector lower{};       ///< z_l ≥ 0, one per variable
  Vector upper{};       ///< z_u ≥ 0, one per variable
};

struct KktOptions {
  /// KktReport::feasible is primal_feasibility ≤ feasibility_tolerance.
  double feasibility_tolerance = 1e-8;
  /// A constraint (or a bound) is active for the multiplier estimate when |h_j(x)| ≤ active_tolerance
  /// (distance to the bound ≤ active_tolerance · max(1, |bound|)).
  double active_tolerance = 1e-6;
};

/// The report at x. Evaluates f and each constraint once, with gradients (uncounted). Throws
/// InvalidArgument for wrong sizes (x, bounds, given multipliers) and lets the user's exceptions
/// through; NaN from a user function shows as NaN residuals and feasible = false.
KktReport kkt_report(const Objective& objective, const Constraints& constraints, const Vector& x,
                     const Multipliers& multipliers = {}, const KktOptions& options = {});

/// Least-squares multipliers at x, as described above (all four vectors filled).
Multipliers estimate_multipliers(const Objective& objective, const Constraints& constraints, const Vector& x,
                                 const KktOptions& options = {});

}  // namespace minima
