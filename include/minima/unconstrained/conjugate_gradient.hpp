// Nonlinear conjugate gradient: d₊ = −g₊ + β d with a strong-Wolfe line search (Nocedal & Wright
// 2006, §5.2). β by
//   Fletcher–Reeves    β = g₊ᵀg₊ / gᵀg                                   (N&W 5.41a)
//   Polak–Ribière+     β = max(0, g₊ᵀ(g₊ − g) / gᵀg)                       (N&W 5.44, 5.45)
//   Hager–Zhang        β = (y − 2 d ‖y‖²/dᵀy)ᵀ g₊ / dᵀy, y = g₊ − g, truncated below at
//                      −1 / (‖d‖ min(η, ‖g‖)) with η = 0.01 (Hager & Zhang, SIAM J. Optim. 16(1),
//                      2005, eqs. 1.3 and 2.6)
// The method restarts with d = −g every `restart_every` iterations, and whenever d is not a descent
// direction. The first trial step of each search follows N&W eq. 3.60 (α₀ = α₋ g₋ᵀd₋ / gᵀd).
#pragma once

#include <memory>

#include "minima/core/driver.hpp"
#include "minima/line_search/line_search.hpp"

namespace minima {

struct ConjugateGradient {
  enum class Update { polak_ribiere_plus, fletcher_reeves, hager_zhang };
  /// The β formula; Polak–Ribière+ is the robust classic (N&W §5.2).
  Update update = Update::polak_ribiere_plus;
  /// c2 = 0.1: CG needs a more accurate search than quasi-Newton methods (N&W p. 125; FR needs
  /// c2 < 1/2 for guaranteed descent, Lemma 5.6).
  StrongWolfe line_search{.c2 = 0.1};
  /// Restart with steepest descent every this many iterations; 0 means every n (N&W p. 124).
  long restart_every = 0;
  /// The first trial step along −g is α₀ = initial_step / ‖g‖∞. Must be > 0; default 1.
  double initial_step = 1.0;

  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

/// "polak-ribiere-plus", "fletcher-reeves" or "hager-zhang".
const char* to_string(ConjugateGradient::Update update);

/// The iterative method for run_iterations (validates first).
std::unique_ptr<IterativeMethod> make_iterative_method(const ConjugateGradient& method);

}  // namespace minima
