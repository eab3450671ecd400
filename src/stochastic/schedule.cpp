#include "minima/stochastic/schedule.hpp"

#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {

double schedule_factor(const Schedule& schedule, long epoch) {
  struct Visitor {
    long e;
    double operator()(const ConstantRate&) const { return 1.0; }
    double operator()(const StepDecay& s) const {
      return std::pow(s.gamma, static_cast<double>(e / std::max(s.every, 1L)));
    }
    double operator()(const ExponentialDecay& s) const { return std::pow(s.gamma, static_cast<double>(e)); }
    double operator()(const CosineAnnealing& s) const {
      if (e >= s.epochs) return s.min_factor;
      const double c = std::cos(std::numbers::pi * static_cast<double>(e) / static_cast<double>(s.epochs));
      return s.min_factor + (1.0 - s.min_factor) * 0.5 * (1.0 + c);
    }
  };
  return std::visit(Visitor{std::max(epoch, 0L)}, schedule);
}

void validate(const Schedule& schedule) {
  struct Visitor {
    void operator()(const ConstantRate&) const {}
    void operator()(const StepDecay& s) const {
      if (s.every < 1) throw InvalidArgument(fmt::format("StepDecay.every = {}: must be >= 1", s.every));
      if (!(s.gamma > 0.0 && s.gamma <= 1.0))
        throw InvalidArgument(fmt::format("StepDecay.gamma = {}: must be in (0, 1]", s.gamma));
    }
    void operator()(const ExponentialDecay& s) const {
      if (!(s.gamma > 0.0 && s.gamma <= 1.0))
        throw InvalidArgument(fmt::format("ExponentialDecay.gamma = {}: must be in (0, 1]", s.gamma));
    }
    void operator()(const CosineAnnealing& s) const {
      if (s.epochs < 1)
        throw InvalidArgument(fmt::format("CosineAnnealing.epochs = {}: must be >= 1", s.epochs));
      if (!(s.min_factor >= 0.0 && s.min_factor <= 1.0))
        throw InvalidArgument(
            fmt::format("CosineAnnealing.min_factor = {}: must be in [0, 1]", s.min_factor));
    }
  };
  std::visit(Visitor{}, schedule);
}

std::string_view schedule_name(const Schedule& schedule) {
  static constexpr std::string_view names[] = {"constant", "step", "exponential", "cosine"};
  return names[schedule.index()];
}

std::optional<Schedule> parse_schedule(std::string_view name) {
  if (name == "constant") return ConstantRate{};
  if (name == "step") return StepDecay{};
  if (name == "exponential") return ExponentialDecay{};
  if (name == "cosine") return CosineAnnealing{};
  return std::nullopt;
}

}  // namespace minima
