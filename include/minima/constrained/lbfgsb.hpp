// Bound-constrained limited-memory BFGS ("lbfgsb"): min f(x) subject to lower ≤ x ≤ upper, the job
// users give L-BFGS-B. This is a projected L-BFGS with Bertsekas' ε-active set (Bertsekas, SIAM J.
// Control Optim. 20, 1982, "Projected Newton methods for optimization problems with simple
// constraints"; the quasi-Newton form of Kim, Sra & Dhillon, SIAM J. Sci. Comput. 32, 2010), not
// Byrd–Lu–Nocedal–Zhu's generalized Cauchy point:
//   1. w = ‖P(x − ∇f) − x‖∞ (the stationarity measure, Stop::g_abstol applies to it);
//      ε = min(active_set_epsilon, w); the active set A holds the variables within ε of a bound
//      whose gradient points out of the box; the rest are free (F).
//   2. d_F = −H_F ∇_F f, with H_F the L-BFGS two-loop recursion (N&W Alg. 7.4) on the stored pairs
//      restricted to F (once A settles the pairs have no A components, so this is exactly L-BFGS on
//      the face); d_A = −γ ∇_A f (scaled steepest descent, which the projection stops at the bound).
//   3. x₊ = P(x + α d), Armijo backtracking along the projection arc from α = 1:
//      f(x₊) ≤ f(x) + c1 ∇f(x)ᵀ(x₊ − x); a failed or non-descent quasi-Newton step forgets the pairs
//      and retries along the scaled projected gradient.
//   4. Keep (s, y) = (x₊ − x, ∇f₊ − ∇f) when sᵀy > skip_tolerance ‖s‖‖y‖.
// Once the active set is identified (finitely many iterations for a nondegenerate solution) this is
// L-BFGS on the free variables, so convergence is as fast as L-BFGS there.
#pragma once

#include <memory>

#include "minima/core/constraints.hpp"
#include "minima/core/driver.hpp"

namespace minima {

struct Lbfgsb {
  /// Number of (s, y) pairs kept, m ≥ 1 (as scipy's L-BFGS-B maxcor, default 10).
  int memory = 10;
  /// Sufficient-decrease constant of the Armijo test along the projection arc, 0 < c1 < 1.
  double c1 = 1e-4;
  /// Trials per iteration (each a value-and-gradient evaluation) before the step fails, ≥ 1.
  int max_backtracks = 30;
  /// A pair with sᵀy ≤ skip_tolerance · ‖s‖‖y‖ is not stored. 0 ≤ skip_tolerance < 1.
  double skip_tolerance = 1e-8;
  /// First step (and after a reset): d = −∇f · initial_step / ‖∇f‖∞; > 0.
  double initial_step = 1.0;
  /// Upper bound on Bertsekas' ε (a variable within ε of a bound, gradient pointing out, is held at
  /// it); > 0. ε shrinks with the projected-gradient norm, so the final active set is exact.
  double active_set_epsilon = 1e-3;

  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

/// The iterative method for run_iterations on the box `bounds` (validated for the start's size;
/// the start point must lie in the box).
std::unique_ptr<IterativeMethod> make_bound_constrained_method(const Lbfgsb& method, Bounds bounds);

}  // namespace minima
