// Augmented Lagrangian method for min f(x) s.t. g(x) = 0, h(x) ≤ 0, lower ≤ x ≤ upper, in the
// Powell–Hestenes–Rockafellar form with ALGENCAN's safeguards (Birgin & Martínez, "Practical
// Augmented Lagrangian Methods for Constrained Optimization", SIAM 2014, Algorithm 4.1; Conn, Gould
// & Toint, LANCELOT, 1992; Nocedal & Wright 2006, §17.3–17.4):
//   L_ρ(x; λ, μ) = f(x) + ρ/2 [ Σ (g_i + λ_i/ρ)² + Σ max(0, h_j + μ_j/ρ)² ],
//   1. x_k ≈ argmin L_ρ over the box, from x_{k−1}, to the inner tolerance ε_k (stationarity ≤ ε_k);
//      ε_k = max(Stop::g_abstol, initial_inner_tolerance · inner_tolerance_decrease^(k−1)).
//      The inner method is any unconstrained method (`inner`, default L-BFGS) without bounds, and the
//      bound-constrained L-BFGS (`bound_inner`) with bounds.
//   2. λ ← λ + ρ g(x_k), μ ← max(0, μ + ρ h(x_k)), both clipped to ±multiplier_limit (safeguard).
//   3. V_k = max(‖g‖∞, ‖max(h, −μ_old/ρ)‖∞) (feasibility and complementarity together); when
//      V_k > required_decrease · V_{k−1} the penalty grows, ρ ← penalty_growth · ρ.
//   4. Converged (status converged_kkt) when V_k ≤ feasibility_tolerance and the Lagrangian's
//      stationarity (projected on the box) ≤ Stop::g_abstol — with the updated multipliers, the
//      gradient of L_ρ is exactly ∇ₓL(x, λ, μ).
//   5. Polishing: near the solution, Newton steps on the KKT system of the active constraints (see
//      polish_iterations) finish the job to the tolerances that the inner method's line search cannot
//      reach through rounding in L_ρ.
// Without derivatives (`inner` is bobyqa or nelder-mead, NLopt's AUGLAG with LN_BOBYQA inside): f
// and the constraints are never asked for gradients, the inner method takes the bounds itself, ε_k
// is the inner method's accuracy in x (BOBYQA's rho_end, Nelder–Mead's x_abstol, down to the
// `inner` setting's own), there is no polishing and no KKT report, and the run ends converged_step
// when the constraints hold, the inner run at the final accuracy converged and the outer step was
// within 10 times that accuracy.
// Infeasibility: when ρ exceeds max_penalty or the outer iterations run out while the constraints
// are still violated, the violation ½‖g‖² + ½‖max(h, 0)‖² is minimized from the current point; if
// its minimum still violates the constraints by more than infeasibility_threshold, the result is that
// least-infeasible point with status infeasible (never a fake optimum).
// Stop: max_iterations limits the outer iterations, max_evaluations and time_limit the whole run
// (the inner runs get what is left); x_abstol/x_reltol (the outer step), f_abstol/f_reltol (the
// outer change of f) and f_target end the run at a feasible outer iterate (converged_step,
// converged_function, target_reached); g_abstol is the final stationarity.
// The Result counts the evaluations of f (each inner evaluation of L_ρ evaluates f and every
// constraint once, with gradients); iterations are outer iterations; the trace has one record per
// outer iteration (step_size = ρ); kkt holds the residuals with the method's own multipliers.
#pragma once

#include <optional>

#include "minima/constrained/lbfgsb.hpp"
#include "minima/core/constraints.hpp"
#include "minima/unconstrained/minimize.hpp"

namespace minima {

/// ρ₀ without derivatives. ALGENCAN's rule scales ρ₀ with |f(x0)|, which BOBYQA pays for: its
/// quadratic models of a steep L_ρ end runs early. On the 37 Hock–Schittkowski problems with general
/// constraints (tests/constrained/test_set_test.cpp), BOBYQA inside: ALGENCAN's rule solves 34 with
/// 110,787 calls of f; ρ₀ = 3, 10, 30 solve all 37 with 36,947, 37,882, 32,623; ρ₀ = 1 lets L_ρ run
/// unbounded on HS 40; ρ₀ = 100 misses two.
inline constexpr double kDerivativeFreeInitialPenalty = 10.0;

struct AugmentedLagrangian {
  /// Inner method when there are no bounds: any method of unconstrained/minimize.hpp. A
  /// derivative-free one (Bobyqa, NelderMead) makes the whole run derivative-free, bounds included.
  Method inner = Lbfgs{};
  /// Inner method when there are bounds (and `inner` uses derivatives).
  Lbfgsb bound_inner{};
  /// ρ₀ > 0; unset: ALGENCAN's rule ρ₀ = 10 max(1, |f(x0)|) / max(1, ½‖c(x0)‖²) clipped to [1e-8, 1e8],
  /// or kDerivativeFreeInitialPenalty with a derivative-free inner method.
  std::optional<double> initial_penalty{};
  /// ρ ← penalty_growth · ρ on slow feasibility progress; > 1.
  double penalty_growth = 10.0;
  /// Progress is slow when V_k > required_decrease · V_{k−1}; in (0, 1).
  double required_decrease = 0.5;
  /// Beyond this penalty an infeasible run is checked for infeasibility; > 0.
  double max_penalty = 1e12;
  /// Converged needs max violation (and complementarity) ≤ feasibility_tolerance; > 0.
  double feasibility_tolerance = 1e-9;
  /// The problem is reported infeasible when the least violation found exceeds this; ≥ feasibility_tolerance.
  double infeasibility_threshold = 1e-6;
  /// First inner tolerance ε₁ (ε_k never goes below Stop::g_abstol); > 0.
  double initial_inner_tolerance = 1e-3;
  /// ε_{k+1} = inner_tolerance_decrease · ε_k; in (0, 1].
  double inner_tolerance_decrease = 0.1;
  /// Iteration limit of each inner run; ≥ 1. (Stop::max_iterations limits the outer iterations,
  /// Result::iterations; Stop's tolerances judge the outer iterates at feasible points.)
  long inner_max_iterations = 1000;
  /// Final polishing: once max(V_k, stationarity) ≤ polish_threshold, up to polish_iterations Newton
  /// steps on the KKT system of the active constraints (Hessian of the Lagrangian by forward
  /// differences of its gradient: one extra gradient evaluation per free variable per step). Adopted
  /// only when it meets both tolerances; 0 turns it off.
  int polish_iterations = 3;
  double polish_threshold = 1e-3;
  /// Multipliers are clipped to [−multiplier_limit, multiplier_limit] (ALGENCAN's safeguard); > 0.
  double multiplier_limit = 1e20;

  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

/// The method above. x0 must lie in the bounds (minimize_constrained projects it); throws
/// InvalidArgument for invalid settings.
Result minimize_augmented_lagrangian(const Objective& objective, Vector x0, const Constraints& constraints,
                                     const AugmentedLagrangian& method = {}, const Stop& stop = {},
                                     const Observer& observer = {});

}  // namespace minima
