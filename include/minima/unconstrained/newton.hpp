// Newton's method (seeds 001 and 003, spec local-methods.md §4; Nocedal & Wright 2006, §3.3):
// x ← x + α p with the Newton step p = −H⁻¹∇f, solved by Cholesky (LLᵀ) when H is positive definite and by
// the symmetric eigendecomposition otherwise (never an explicit inverse). Without a line search α = 1: the
// pure method of the seeds, which is quadratically convergent near a minimizer but is attracted by any
// critical point (maxima and saddles too), and undefined where H is singular.
//  - H singular (smallest |eigenvalue| ≤ n·eps·largest, e.g. f'' = 0 in 1-D): stops with
//    Status::singular_hessian; never a NaN step.
//  - H not positive definite: stops with Status::indefinite_hessian unless stop_on_indefinite is
//    false, in which case the pure step is taken (and may climb to a maximum: x³ − 2x + 1 from −0.5
//    converges to the local maximum −√(2/3)). Saddle-free Newton, a trust region, or Newton with
//    modify_hessian and a line search handle this case.
// The Hessian comes from CountedObjective::hessian (minimize() supplies finite differences when the
// objective has none).
#pragma once

#include <memory>
#include <optional>

#include "minima/core/driver.hpp"
#include "minima/line_search/line_search.hpp"

namespace minima {

struct Newton {
  /// Stop with Status::indefinite_hessian when H has a negative eigenvalue (the Newton step then
  /// need not descend). false: take the pure step anyway. Default: true.
  bool stop_on_indefinite = true;
  /// A line search along p with first trial α = 1 (damped Newton, N&W §3.3). Default: none, the pure
  /// step α = 1. With a search, a direction that does not descend ends with line_search_failed.
  std::optional<LineSearch> line_search;
  /// Replace a Hessian that is not positive definite (indefinite or singular) by Q·max(|Λ|, δ)·Qᵀ,
  /// δ = √ε·max|λ| (the eigenvalue modification of N&W §3.4), so that the step always descends;
  /// meant for use with a line search ("newton-wolfe"). Overrides stop_on_indefinite. Default: false.
  bool modify_hessian = false;

  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

/// The iterative method for run_iterations (validates first). Its name is "newton".
std::unique_ptr<IterativeMethod> make_iterative_method(const Newton& method);

}  // namespace minima
