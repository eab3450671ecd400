// BFGS: quasi-Newton method with a dense approximation H ≈ ∇²f⁻¹ of the inverse Hessian, updated
// from each step s = x₊ − x and gradient change y = g₊ − g by the BFGS formula
//   H₊ = (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ,  ρ = 1 / yᵀs,
// searching along d = −H g with a strong-Wolfe line search (Nocedal & Wright 2006, Alg. 6.1 and
// eq. 6.17). H starts as the identity; after the first step, before the first update, it is
// rescaled to (sᵀy / yᵀy) I (N&W eq. 6.20), which makes α = 1 a good trial step from then on.
// Memory and time per iteration are O(n²): for large n use Lbfgs (lbfgs.hpp).
#pragma once

#include <memory>

#include "minima/core/driver.hpp"
#include "minima/line_search/line_search.hpp"

namespace minima {

struct Bfgs {
  /// The line search; strong Wolfe with c2 = 0.9 keeps yᵀs > 0 so that H stays positive definite.
  StrongWolfe line_search{};
  /// The update is skipped (H kept) when sᵀy ≤ skip_tolerance · ‖s‖‖y‖: a nearly zero or negative
  /// curvature sᵀy (possible only when the line search stops short of the Wolfe conditions or from
  /// rounding) would make H indefinite or huge. 0 ≤ skip_tolerance < 1; default 1e-8 (≈ √eps).
  double skip_tolerance = 1e-8;
  /// Scale H₀ = (sᵀy / yᵀy) I before the first update (N&W eq. 6.20); false keeps H₀ = I.
  bool scale_initial_hessian = true;
  /// The first trial step along −g is α₀ = initial_step / ‖g‖∞ (so no coordinate moves by more than
  /// initial_step at first; later iterations try α = 1). Must be > 0; default 1.
  double initial_step = 1.0;

  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

/// The iterative method for run_iterations (validates first).
std::unique_ptr<IterativeMethod> make_iterative_method(const Bfgs& method);

}  // namespace minima
