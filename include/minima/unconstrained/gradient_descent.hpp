// Gradient descent (steepest descent), as in seeds 001 and 003 (spec local-methods.md §4):
// x ← x + α d with d = −∇f(x), either with a fixed step α = λ (no safeguard whatsoever: the seeds' point is
// that a fixed λ can crawl or diverge) or with α from a line search (Nocedal & Wright 2006, §3.1–3.5). The
// line search's first trial step is α₀ = min(1, 1/‖∇f‖∞) at the first iteration (no coordinate moves by more
// than 1), then N&W eq. 3.60: α₀ = α_{k−1} ∇f_{k−1}ᵀd_{k−1} / ∇f_kᵀd_k, which assumes the first-order change
// along the direction stays the same from one iteration to the next.
#pragma once

#include <memory>
#include <optional>

#include "minima/core/driver.hpp"
#include "minima/line_search/line_search.hpp"

namespace minima {

struct GradientDescent {
  /// When set: x ← x − λ∇f with λ = *fixed_step > 0 and no line search, no safeguard (a too-large λ
  /// diverges and the driver reports Status::diverged). Default: unset (use the line search).
  std::optional<double> fixed_step;
  /// The line search used when fixed_step is unset. Default: Armijo backtracking (c1 = 1e-4, halving).
  LineSearch line_search = Backtracking{};

  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

/// The iterative method for run_iterations (validates first). Its name is "gradient-descent".
std::unique_ptr<IterativeMethod> make_iterative_method(const GradientDescent& method);

}  // namespace minima
