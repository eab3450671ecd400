// Projected gradient on a box or a ball (seed 001: "a gradient step, then project onto S"):
//   x₊ = P(x − α ∇f(x)),
// with α from the Barzilai–Borwein (spectral) rule α = sᵀs / sᵀy and Armijo backtracking along the
// projection arc, f(x₊) ≤ f(x) + c1 ∇f(x)ᵀ(x₊ − x) (Birgin, Martínez & Raydan, SIAM J. Optim. 10,
// 2000, in its monotone form; Bertsekas, Nonlinear Programming, 2nd ed., §2.3.1). The stationarity
// measure is the projected-gradient norm ‖P(x − ∇f) − x‖∞ (Stop::g_abstol applies to it).
#pragma once

#include <memory>

#include "minima/constrained/projection.hpp"
#include "minima/core/driver.hpp"

namespace minima {

struct ProjectedGradient {
  /// Sufficient-decrease constant of the Armijo test along the arc, 0 < c1 < 1.
  double c1 = 1e-4;
  /// Backtracking factor α ← shrink·α, 0 < shrink < 1.
  double shrink = 0.5;
  /// Trials per iteration before the step is declared failed (line_search_failed), ≥ 1.
  int max_backtracks = 50;
  /// Use the Barzilai–Borwein step sᵀs/sᵀy as the first trial (spectral projected gradient). With
  /// false, every iteration starts from the previous accepted step times 2 (plain projected gradient).
  bool barzilai_borwein = true;
  /// The first trial step is α₀ = initial_step / ‖∇f(x0)‖∞ (no coordinate moves further); > 0.
  double initial_step = 1.0;

  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

/// The iterative method for run_iterations on `set` (the start point must lie in the set).
std::unique_ptr<IterativeMethod> make_projected_method(const ProjectedGradient& method, SimpleSet set);

/// min f over a box or a ball. A start outside the set is projected onto it (said in the message).
/// Throws InvalidArgument for an invalid set or settings.
Result minimize_projected(const Objective& objective, Vector x0, const SimpleSet& set,
                          const ProjectedGradient& method = {}, const Stop& stop = {},
                          const Observer& observer = {});

}  // namespace minima
