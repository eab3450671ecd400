// BOBYQA ("bobyqa"): bound-constrained minimization without derivatives by quadratic models in a
// trust region, after M. J. D. Powell, "The BOBYQA algorithm for bound constrained optimization
// without derivatives", Cambridge NA report 2009/06.
//
//  - Model: Q(x) = f(x_opt) + gᵀ(x − x_opt) + ½ (x − x_opt)ᵀ G (x − x_opt) interpolating f at
//    m = 2n + 1 points (Powell's recommended NPT). The first points are x0 and x0 ± ρ_beg e_i (or
//    x0 + ρ_beg e_i, x0 + 2ρ_beg e_i on a bound), which give g and the diagonal of G exactly as
//    central differences (Powell §2). When a point is replaced, the change of Q is the quadratic
//    that interpolates the residual f − Q at the new set with the least Frobenius norm of its
//    second derivative (Powell 2004, "Least Frobenius norm updating of quadratic models that
//    satisfy interpolation conditions", Math. Prog. 100): the (m + n + 1)² KKT system of that
//    problem is solved afresh at each update, in coordinates centred on x_opt and scaled by the
//    set's radius (so it stays well conditioned as ρ falls), instead of Powell's O(m²) updating of
//    its inverse — the same model, at O(n³) per iteration, negligible beside an expensive f for the
//    n ≤ 100 this method is meant for.
//  - Step: d ≈ argmin Q(x_opt + d) subject to ‖d‖ ≤ Δ and the bounds, by Powell's TRSBOX (§3):
//    truncated conjugate gradients that fix a variable when it reaches its bound and restart, then
//    iterations round the trust-region boundary (derivative_free/box_trust_region.hpp).
//  - Which point goes (Powell's KNEW): the one whose removal keeps the interpolation system furthest
//    from singular, |σ_t| = |α_t β + τ_t²| (Powell's denominator, §4), weighted by
//    max(1, (dist/Δ)⁴); before f(z) is known the distances are from x_opt and x_opt stays; when z
//    is better, from z with the updated Δ (unless that choice's σ is small against the largest τ²).
//  - Model safeguard (Powell's ITEST): after each trust-region step the quadratic of least
//    Frobenius norm interpolating the current points is formed; when its gradient at x_opt is
//    smaller than the model's by a factor √10 three times running, it replaces the model (the
//    updates keep a poor gradient of the first points for long on badly scaled starts).
//  - Geometry: after a poor step, a point further than 2Δ from x_opt is moved to where the
//    magnitude of its Lagrange function is largest within distance max(min(0.1 dist, Δ), ρ), along
//    the lines through x_opt and the other points or along the projected gradient of that function
//    (Powell's ALTMOV, §5). Powell's threshold max(2Δ, 10ρ) and his test of the model's last
//    three errors before a reduction of ρ were tried and measured worse on the Moré–Wild profiles
//    (bench/README.md), as was choosing the geometry step by |σ| instead of |ℓ|.
//  - Radii: Δ grows after good steps and shrinks after poor ones (ratio 0.7 / 0.1); ρ, the lower
//    bound on Δ, falls from rho_begin to rho_end by Powell's rule (×0.1, √(ρ ρ_end) near the end).
//    Converged (status converged_step) when ρ = rho_end and no step of length ½ρ improves the
//    model.
//  - Bounds: every point is kept in the box; variables whose bounds coincide are fixed and left out.
//    ρ_beg is cut to half the narrowest free box width (Powell's requirement b − a ≥ 2ρ_beg), and the
//    start is moved onto a bound it lies within ρ_beg of (Powell §2).
// No gradient is evaluated; the Result counts function evaluations only.
#pragma once

#include <memory>
#include <optional>

#include "minima/core/constraints.hpp"
#include "minima/core/driver.hpp"

namespace minima {

struct Bobyqa {
  /// ρ_beg, the initial trust radius (about a tenth of the largest expected change of a variable);
  /// unset: 0.1 · max(1, ‖x0‖∞). > 0.
  std::optional<double> rho_begin{};
  /// ρ_end, the final trust radius: the accuracy wanted in x; > 0 and ≤ rho_begin.
  double rho_end = 1e-8;

  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

/// The iterative method for run_iterations, without bounds (an empty Bounds) or on a box (x0 must
/// lie in it; minimize_constrained projects it). Validates first.
std::unique_ptr<IterativeMethod> make_iterative_method(const Bobyqa& method, Bounds bounds = {});

}  // namespace minima
