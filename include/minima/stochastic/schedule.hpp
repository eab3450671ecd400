// Learning-rate schedules for the stochastic methods: the rate used in epoch e (0-based) is
// η_e = η₀ · factor(e), with η₀ the method's learning_rate. Constant, step decay, exponential decay
// and cosine annealing (Loshchilov & Hutter, "SGDR: stochastic gradient descent with warm
// restarts", ICLR 2017, eq. 5, without restarts).
#pragma once

#include <optional>
#include <string_view>
#include <variant>

namespace minima {

/// factor(e) = 1.
struct ConstantRate {};

/// factor(e) = gamma^⌊e / every⌋: the rate drops by `gamma` every `every` epochs.
struct StepDecay {
  long every = 30;     ///< epochs between drops, ≥ 1
  double gamma = 0.1;  ///< drop factor, in (0, 1]
};

/// factor(e) = gamma^e.
struct ExponentialDecay {
  double gamma = 0.99;  ///< per-epoch factor, in (0, 1]
};

/// factor(e) = m + (1 − m)(1 + cos(π e / epochs)) / 2 with m = min_factor, for e ≤ epochs, and m
/// after: from 1 down to min_factor over `epochs` epochs.
struct CosineAnnealing {
  long epochs = 100;        ///< the length of the half cosine, ≥ 1
  double min_factor = 0.0;  ///< the final factor η_min/η₀, in [0, 1]
};

using Schedule = std::variant<ConstantRate, StepDecay, ExponentialDecay, CosineAnnealing>;

/// The factor for epoch e ≥ 0.
double schedule_factor(const Schedule& schedule, long epoch);
/// Throws InvalidArgument naming the bad field, its value and the rule.
void validate(const Schedule& schedule);
/// "constant", "step", "exponential", "cosine".
std::string_view schedule_name(const Schedule& schedule);
/// The schedule of that name with its default settings; nullopt for an unknown name.
std::optional<Schedule> parse_schedule(std::string_view name);

}  // namespace minima
