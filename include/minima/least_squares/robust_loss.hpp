// Robust losses for least squares, scipy.optimize.least_squares' definitions: with a soft margin
// C = f_scale > 0 and z_i = (r_i / C)², the cost is
//     F(x) = ½ Σ C² ρ(z_i)
//   linear   ρ(z) = z                                   (ordinary least squares)
//   soft_l1  ρ(z) = 2 (√(1 + z) − 1)                    (a smooth ℓ₁)
//   huber    ρ(z) = z for z ≤ 1, 2√z − 1 otherwise
//   cauchy   ρ(z) = ln(1 + z)
//   arctan   ρ(z) = arctan(z)                           (bounds one residual's cost by πC²/4)
// Residuals much larger than C then weigh little (soft_l1, huber: linearly; cauchy, arctan: less).
//
// The Gauss–Newton model of F keeps the loss's curvature (Triggs, McLauchlan, Hartley & Fitzgibbon,
// "Bundle adjustment — a modern synthesis", Vision Algorithms 2000, §4.3; Ceres' Corrector): to
// second order in the step, with ρ′, ρ″ at z_i,
//     ∇F = Σ ρ′ r_i ∇r_i,   ∇²F ≈ Σ (ρ′ + 2 z_i ρ″) ∇r_i ∇r_iᵀ,
// which is exactly the Gauss–Newton model of the corrected residuals and Jacobian rows
//     J̃_i = √w_i J_i,   r̃_i = (ρ′ / √w_i) r_i,   w_i = ρ′ + 2 z_i ρ″,
// so every least-squares method runs unchanged on (r̃, J̃) with F as its objective. For a scalar
// residual this is Triggs' α-correction (1 − α)² = 1 + 2 z ρ″/ρ′ and scipy's
// scale_for_robust_loss_function; where the curvature makes w_i ≤ ε (an outlier on a concave
// loss, whose cost no longer grows), w_i is clamped to ε = 2.2e-16 as scipy does, which keeps the
// gradient exact and the model convex. Ceres' Corrector instead drops the curvature wherever
// ρ″ ≤ 0 (w_i = ρ′, r̃_i = √ρ′ r_i: iteratively reweighted least squares) — for these five losses
// always. Both have the same minimizers. trf uses scipy's form (its iterates follow scipy's);
// Levenberg–Marquardt and Gauss–Newton use Ceres': with scipy's, a start where most residuals
// exceed C leaves J̃ ≈ √ε J, and LM's scaled step test then stops it far from the minimum.
#pragma once

#include <string>
#include <string_view>

#include "minima/core/types.hpp"

namespace minima {

enum class LossKind { linear, soft_l1, huber, cauchy, arctan };

struct RobustLoss {
  LossKind kind = LossKind::linear;
  double f_scale = 1.0;  ///< C, the residual size where the loss starts to bend (finite, > 0)

  /// Throws InvalidArgument naming f_scale when it is not finite and > 0.
  void validate() const;
  bool is_linear() const { return kind == LossKind::linear; }
  /// ρ(z), ρ′(z), ρ″(z) for z ≥ 0.
  void evaluate(double z, double& rho, double& rho1, double& rho2) const;
  /// F = ½ Σ C² ρ((r_i/C)²).
  double cost(const Vector& r) const;
  /// F at r, and r, J replaced by the corrected r̃, J̃ above (J may be null: r̃ alone); with
  /// `ceres`, Ceres' Corrector (the curvature only where ρ″ > 0).
  double correct(Vector& r, Matrix* jacobian, bool ceres = false) const;
};

/// "linear", "soft_l1", ...
std::string loss_name(LossKind kind);
/// The five names (also with '-' for '_', e.g. "soft-l1"); InvalidArgument listing them otherwise.
LossKind loss_from_name(std::string_view name);

}  // namespace minima
