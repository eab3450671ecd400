// The objectives a VAE is trained on (spec vae.md §2), each the weighted sum c_R·R + c_K·K (+ a
// constant) of the reconstruction R and the KL term K of neural/vae.hpp, with the weights set by a
// multiplier α that some objectives train:
//
//   elbo        R + K                                  (the seed's eq. 6)
//   eq7         (1 + α) R + α (K − δ),  α ≥ 0           (the seed's eq. 7)
//                 α rule `seed`: α is a parameter trained by the same optimizer as the network,
//                   on ∂/∂α = R + K − δ, with the gradient's sign reversed while α < 0 (the seed's
//                   way of keeping α ≥ 0; α descends and collapses toward 0)
//                 α rule `dual-ascent`: α ← max(0, α + η_α (R + K − δ)) after every batch
//   lagrangian  R + α (K − δ),  α ← max(0, α + η_α (K − δ))   (eq. 4, projected dual ascent)
//   beta        R + β K, β fixed                       (Higgins et al., ICLR 2017)
//   geco        K + λ (R − κ),  λ ← λ exp(η_α C̄),  C̄ the moving average of R − κ
//               (Rezende & Viola, "Taming VAEs", 2018, Algorithm 1; κ is `delta`)
#pragma once

#include <optional>
#include <string_view>

namespace minima::neural {

enum class VaeObjectiveKind { elbo, eq7, lagrangian, beta, geco };
enum class AlphaRule { seed, dual_ascent };

struct VaeObjective {
  VaeObjectiveKind kind = VaeObjectiveKind::elbo;
  /// How eq7 trains α (ignored by the other objectives).
  AlphaRule alpha_rule = AlphaRule::seed;
  /// The constraint's bound: KL ≤ δ for eq7 and lagrangian, reconstruction ≤ δ (κ) for geco; ≥ 0.
  /// Default 0.1 (the seed's).
  double delta = 0.1;
  /// The multiplier's start: α for eq7 and lagrangian, λ for geco (> 0 there). Default 1 (the seed's).
  double alpha0 = 1.0;
  /// β of the β-VAE, ≥ 0. Default 4.
  double beta = 4.0;
  /// η_α, the dual step of dual-ascent, lagrangian and geco; unset: the network's learning rate.
  std::optional<double> dual_step{};
  /// GECO's moving-average factor for the constraint, in [0, 1). Default 0.99 (the paper's).
  double geco_smoothing = 0.99;
  /// Throws InvalidArgument naming the field, its value and the rule.
  void validate() const;
};

std::string_view to_string(VaeObjectiveKind kind);
std::optional<VaeObjectiveKind> parse_vae_objective(std::string_view name);
std::string_view to_string(AlphaRule rule);  ///< "seed", "dual-ascent"
std::optional<AlphaRule> parse_alpha_rule(std::string_view name);
/// A label for tables: "elbo", "eq7 (seed)", "eq7 (dual-ascent)", "lagrangian", "beta", "geco".
std::string_view objective_label(const VaeObjective& objective);

}  // namespace minima::neural
