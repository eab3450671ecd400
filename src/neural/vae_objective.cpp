#include "minima/neural/vae_objective.hpp"

#include <cmath>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima::neural {

void VaeObjective::validate() const {
  if (!(std::isfinite(delta) && delta >= 0.0))
    throw InvalidArgument(fmt::format("VaeObjective.delta = {}: must be finite and >= 0", delta));
  if (!(std::isfinite(alpha0) && alpha0 >= 0.0))
    throw InvalidArgument(fmt::format("VaeObjective.alpha0 = {}: must be finite and >= 0", alpha0));
  if (kind == VaeObjectiveKind::geco && !(alpha0 > 0.0))
    throw InvalidArgument(fmt::format("VaeObjective.alpha0 = {}: geco's λ must start > 0", alpha0));
  if (!(std::isfinite(beta) && beta >= 0.0))
    throw InvalidArgument(fmt::format("VaeObjective.beta = {}: must be finite and >= 0", beta));
  if (dual_step && !(std::isfinite(*dual_step) && *dual_step > 0.0))
    throw InvalidArgument(fmt::format("VaeObjective.dual_step = {}: must be finite and > 0", *dual_step));
  if (!(geco_smoothing >= 0.0 && geco_smoothing < 1.0))
    throw InvalidArgument(fmt::format("VaeObjective.geco_smoothing = {}: must be in [0, 1)", geco_smoothing));
}

std::string_view to_string(VaeObjectiveKind kind) {
  switch (kind) {
    case VaeObjectiveKind::elbo:
      return "elbo";
    case VaeObjectiveKind::eq7:
      return "eq7";
    case VaeObjectiveKind::lagrangian:
      return "lagrangian";
    case VaeObjectiveKind::beta:
      return "beta";
    case VaeObjectiveKind::geco:
      return "geco";
  }
  return "?";
}

std::optional<VaeObjectiveKind> parse_vae_objective(std::string_view name) {
  for (auto k : {VaeObjectiveKind::elbo, VaeObjectiveKind::eq7, VaeObjectiveKind::lagrangian,
                 VaeObjectiveKind::beta, VaeObjectiveKind::geco})
    if (to_string(k) == name) return k;
  return std::nullopt;
}

std::string_view to_string(AlphaRule rule) {
  return rule == AlphaRule::seed ? "seed" : "dual-ascent";
}

std::optional<AlphaRule> parse_alpha_rule(std::string_view name) {
  if (name == "seed") return AlphaRule::seed;
  if (name == "dual-ascent") return AlphaRule::dual_ascent;
  return std::nullopt;
}

std::string_view objective_label(const VaeObjective& objective) {
  if (objective.kind == VaeObjectiveKind::eq7)
    return objective.alpha_rule == AlphaRule::seed ? "eq7 (seed)" : "eq7 (dual-ascent)";
  return to_string(objective.kind);
}

}  // namespace minima::neural
