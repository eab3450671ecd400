// Seed 001's worked example, solved exactly as the seed does it (spec §1):
//   min ½‖Ax − b‖²  s.t.  xᵀx ≤ r²       (the seed: r = 1)
// with the Lagrangian L(x, λ) = ½‖Ax − b‖² + λ(xᵀx − r²), λ ≥ 0. For fixed λ the minimizer in x is
//   x(λ) = (AᵀA + 2λI)⁻¹ Aᵀb            (solved by Cholesky, never inverted),
// and the dual function d(λ) = L(x(λ), λ) has d'(λ) = x(λ)ᵀx(λ) − r². Projected gradient ascent
//   λ ← max(0, λ + η (x(λ)ᵀx(λ) − r²))
// runs until the projected derivative vanishes: |λ₊ − λ| ≤ tolerance · η · max(1, r²) (an inactive
// constraint at λ = 0, or xᵀx = r² to that tolerance). d is concave with |d''| largest at λ = 0, so
// η = 1/|d''(0)| = 1/(4 x(0)ᵀ(AᵀA)⁻¹x(0)) is a safe step (the default).
#pragma once

#include <optional>
#include <vector>

#include "minima/core/observer.hpp"
#include "minima/core/result.hpp"
#include "minima/core/stop.hpp"
#include "minima/core/types.hpp"

namespace minima {

struct DualAscent {
  /// Ascent step η > 0; unset: 1/|d''(0)| (needs AᵀA nonsingular).
  std::optional<double> step{};
  /// Stop when |λ₊ − λ| ≤ tolerance · η · max(1, r²), i.e. |projected d'(λ)| ≤ tolerance·max(1, r²); > 0.
  double tolerance = 1e-12;
  /// The radius r of the ball xᵀx ≤ r²; > 0.
  double radius = 1.0;
  /// The start λ₀ ≥ 0.
  double initial_multiplier = 0.0;

  void validate() const;
};

struct DualAscentResult {
  /// x(λ), f = ½‖Ax − b‖², gradient ∇f, iterations, status (converged_kkt when the projected
  /// derivative vanished), message, evaluations (function: the linear solves, one per λ), method
  /// "dual-ascent", and the KKT report with λ as the inequality multiplier of h(x) = xᵀx − r².
  Result result;
  double multiplier = 0.0;                 ///< the final λ
  double step = 0.0;                       ///< the η used
  std::vector<double> multiplier_history;  ///< λ_k, k = 0, 1, ...
  std::vector<double> norm_history;        ///< ‖x(λ_k)‖₂
};

/// Stop: max_iterations (iterations of λ), max_evaluations (linear solves) and time_limit; the other
/// fields must keep their defaults (the method's test is DualAscent::tolerance). The observer sees
/// each λ_k (f at x(λ_k), gradient_norm |d'(λ_k)|, step_size λ_k).
/// Throws InvalidArgument for mismatched A, b, non-finite data, invalid settings, or a singular AᵀA
/// with no step given (or with λ₀ = 0, where x(0) is undefined).
DualAscentResult dual_ascent_ball_least_squares(const Matrix& A, const Vector& b,
                                                const DualAscent& settings = {}, const Stop& stop = {},
                                                const Observer& observer = {});

}  // namespace minima
