// Sequential quadratic programming for small dense problems
//   min f(x)  s.t.  g(x) = 0,  h(x) ≤ 0,  lower ≤ x ≤ upper
// (Nocedal & Wright, Numerical Optimization, 2nd ed. 2006, ch. 18, Algorithm 18.3; Powell 1978,
// "A fast algorithm for nonlinearly constrained optimization calculations"; Kraft 1988, SLSQP):
//   1. At x_k, the QP  min_d ½dᵀB_k d + ∇f(x_k)ᵀd  s.t.  ∇g d + g = 0,  ∇h d + h ≤ 0,
//      lower − x_k ≤ d ≤ upper − x_k,  solved by the Goldfarb–Idnani dual active-set method
//      (constrained/qp.hpp); its multipliers are the new estimates (λ, μ, z).
//   2. Inconsistent linearization (the QP has no feasible point): the elastic QP of Powell and
//      Kraft, one extra variable δ ∈ [0, 1] that relaxes the equalities and the violated
//      inequalities to (1 − δ)·c, with the penalty ½·elastic_weight·δ² (δ = 1, d = 0 is always
//      feasible). When that gives no progress either, a feasibility restoration minimizes
//      ½‖g‖² + ½‖h⁺‖² over the box (projected L-BFGS); if the least violation found is above
//      infeasibility_threshold the result is that point with Status::infeasible.
//   3. Line search on Han–Powell's ℓ1 merit φ(x) = f + Σ ν_i |g_i| + Σ ν_j max(0, h_j) (Powell's
//      penalty update ν ← max(|λ|, ½(ν + |λ|)), componentwise): backtracking (Armijo, safeguarded
//      quadratic interpolation) from the full step, with one second-order correction (N&W §18.3,
//      eq. 18.24, as a QP with the constraint values at x + d) when the full step is rejected
//      (the Maratos effect).
//   4. B_{k+1}: damped BFGS on the Lagrangian's gradient (Powell's damping, N&W Procedure 18.2),
//      B₀ = I, rescaled to (yᵀy / sᵀy)·I after the first step.
// Converged (converged_kkt) when, at x_k with the QP multipliers, the KKT stationarity
// ‖∇ₓL‖∞ ≤ Stop::g_abstol and the constraint violation ≤ feasibility_tolerance; converged_function
// when Stop::f_abstol/f_reltol are set and, at a feasible x_k, the QP's predicted change
// |∇fᵀd| + |λᵀg| + |μᵀh| is below f_abstol + f_reltol·|f| (SLSQP's test for its `ftol`, Kraft 1988).
// At a feasible accepted iterate, Stop::x_abstol/x_reltol on the step give converged_step and
// Stop::f_target target_reached; Stop::divergence_limit applies to f and x. Iterates
// stay in the bounds (f is never evaluated outside them). Iterations are SQP iterations; each evaluation of f
// with its gradient also evaluates every constraint with its gradient (the trace's step_size is the
// accepted step length). Result::kkt holds the residuals with the method's own multipliers.
// Meant for small n (dense n×n matrices, O(n³) per QP iteration).
#pragma once

#include "minima/core/constraints.hpp"
#include "minima/core/observer.hpp"
#include "minima/core/result.hpp"
#include "minima/core/stop.hpp"

namespace minima {

struct Sqp {
  /// Converged needs the constraint violation ≤ feasibility_tolerance; > 0.
  double feasibility_tolerance = 1e-9;
  /// The problem is reported infeasible when the least violation found exceeds this;
  /// ≥ feasibility_tolerance.
  double infeasibility_threshold = 1e-6;
  /// Powell's damping: the BFGS pair is damped when sᵀy < hessian_damping · sᵀBs; in (0, 1).
  double hessian_damping = 0.2;
  /// Armijo constant η of the merit line search: φ(x + αd) ≤ φ(x) + η α Dφ(x; d); in (0, 0.5).
  double armijo = 1e-4;
  /// The line search gives up below this step length (after one reset of B to I); in (0, 1).
  double min_step = 1e-10;
  /// Weight of ½δ² in the elastic QP (large: relax the linearization only as far as needed); > 0.
  double elastic_weight = 1e6;
  /// Try a second-order correction when the full step is rejected (Maratos effect).
  bool second_order_correction = true;
  /// Feasibility restorations allowed before giving up as infeasible; ≥ 0.
  int max_restorations = 3;

  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

/// The method above. x0 must lie in the bounds (minimize_constrained projects it); throws
/// InvalidArgument for invalid settings or bounds.
Result minimize_sqp(const Objective& objective, Vector x0, const Constraints& constraints,
                    const Sqp& method = {}, const Stop& stop = {}, const Observer& observer = {});

}  // namespace minima
