// L-BFGS: limited-memory BFGS for large n (Nocedal 1980; Liu & Nocedal, Math. Prog. 45, 1989;
// Nocedal & Wright 2006, §7.2). The inverse Hessian is never formed: it is the BFGS matrix built
// from H₀ = γ I, γ = sᵀy / yᵀy of the newest pair (N&W 7.20), and the last `memory` pairs
// (s = x₊ − x, y = g₊ − g). The direction d = −H g is computed with the compact form of Byrd,
// Nocedal & Schnabel (Math. Prog. 63, 1994, Theorem 2.2), which equals N&W's two-loop recursion
// (Alg. 7.4) in exact arithmetic: H g = γ g + S p + Y q with p, q from the m×m matrices
// R = triu(SᵀY), D = diag(SᵀY) and YᵀY, which are updated with 4m dot products per iteration.
// Per iteration the stored pairs are read twice (once for those dot products, once for the
// combination), against four passes for the two-loop recursion; at n = 10⁶ memory traffic is the
// cost, so this halves it. No allocation after the first `memory` iterations.
#pragma once

#include <memory>

#include "minima/core/driver.hpp"
#include "minima/line_search/line_search.hpp"

namespace minima {

struct Lbfgs {
  /// Number of (s, y) pairs kept, m ≥ 1. 3–20 is typical; memory use is 2(m + 1) n doubles.
  int memory = 10;
  /// The line search; strong Wolfe with c2 = 0.9 keeps yᵀs > 0 (N&W §7.2). Every iteration but the
  /// first tries α = 1.
  StrongWolfe line_search{};
  /// A pair with sᵀy ≤ skip_tolerance · ‖s‖‖y‖ is not stored: it carries no reliable positive
  /// curvature (N&W §6.1 on skipping). 0 ≤ skip_tolerance < 1; default 1e-8 (≈ √eps).
  double skip_tolerance = 1e-8;
  /// The first trial step along −g (and after a restart) is α₀ = initial_step / ‖g‖∞: no coordinate
  /// moves by more than initial_step, whatever n. Must be > 0; default 1.
  double initial_step = 1.0;

  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

/// The iterative method for run_iterations (validates first).
std::unique_ptr<IterativeMethod> make_iterative_method(const Lbfgs& method);

}  // namespace minima
