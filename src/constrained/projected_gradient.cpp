#include "minima/constrained/projected_gradient.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {

void ProjectedGradient::validate() const {
  if (!(c1 > 0.0 && c1 < 1.0))
    throw InvalidArgument(fmt::format("ProjectedGradient::c1 = {}: must be in (0, 1)", c1));
  if (!(shrink > 0.0 && shrink < 1.0))
    throw InvalidArgument(fmt::format("ProjectedGradient::shrink = {}: must be in (0, 1)", shrink));
  if (max_backtracks < 1)
    throw InvalidArgument(
        fmt::format("ProjectedGradient::max_backtracks = {}: must be >= 1", max_backtracks));
  if (!(initial_step > 0.0 && std::isfinite(initial_step)))
    throw InvalidArgument(
        fmt::format("ProjectedGradient::initial_step = {}: must be finite and > 0", initial_step));
}

namespace {

class ProjectedGradientMethod final : public IterativeMethod {
 public:
  ProjectedGradientMethod(const ProjectedGradient& settings, SimpleSet set)
      : settings_(settings), set_(std::move(set)) {}

  std::string name() const override { return "projected-gradient"; }
  double stationarity(const IterateState& state) const override {
    return projected_gradient_norm(set_, state.x, state.g);
  }
  std::string stationarity_label() const override { return "‖P(x−∇f)−x‖∞"; }

  StepOutcome init(IterateState& state, CountedObjective& /*f*/) override {
    const double gmax = state.g.lpNorm<Eigen::Infinity>();
    alpha_ = gmax > 0 ? settings_.initial_step / gmax : 1.0;
    return {};
  }

  StepOutcome step(IterateState& state, CountedObjective& f) override {
    double alpha = alpha_;
    for (int trial = 0; trial < settings_.max_backtracks; ++trial) {
      x_trial_ = project(set_, state.x - alpha * state.g);
      const Vector d = x_trial_ - state.x;
      const double d_max = d.lpNorm<Eigen::Infinity>();
      if (d_max == 0.0) {
        // A zero step is convergence only at a stationary point. Elsewhere α·∇f has fallen below
        // the rounding of x (|x| > 2⁵³ with ∇f = 1): no step can make progress, and f may be
        // unbounded below — a failure to say, not a solution.
        const double measure = projected_gradient_norm(set_, state.x, state.g);
        if (measure == 0.0)
          return StepOutcome::stop(Status::converged_step,
                                   fmt::format("the projected step is zero (α = {:.3g})", alpha));
        return StepOutcome::stop(
            Status::line_search_failed,
            fmt::format("the projected step rounds to zero at α = {:.3g} (‖x‖∞ = {:.3g}) though "
                        "‖P(x−∇f)−x‖∞ = {:.3g}: no representable step decreases f (unbounded below?)",
                        alpha, state.x.lpNorm<Eigen::Infinity>(), measure));
      }
      const double decrease = state.g.dot(d);  // ≤ −‖d‖²/α < 0 for a projection
      const double f_trial = f.value_gradient(x_trial_, g_trial_);
      if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
      if (std::isfinite(f_trial) && g_trial_.allFinite() && f_trial <= state.f + settings_.c1 * decrease &&
          f_trial < state.f) {
        const Vector y = g_trial_ - state.g;
        const double sy = d.dot(y);
        std::swap(state.x, x_trial_);
        std::swap(state.g, g_trial_);
        state.f = f_trial;
        if (settings_.barzilai_borwein) {
          alpha_ = sy > 0 ? d.squaredNorm() / sy : alpha * 10;
        } else {
          alpha_ = alpha * 2;
        }
        alpha_ = std::clamp(alpha_, 1e-30, 1e30);
        return StepOutcome::accepted(d_max, alpha);
      }
      alpha *= settings_.shrink;
    }
    return StepOutcome::stop(Status::line_search_failed,
                             fmt::format("no sufficient decrease along the projection arc in {} trials",
                                         settings_.max_backtracks));
  }

 private:
  ProjectedGradient settings_;
  SimpleSet set_;
  double alpha_ = 1.0;
  Vector x_trial_, g_trial_;
};

}  // namespace

std::unique_ptr<IterativeMethod> make_projected_method(const ProjectedGradient& method, SimpleSet set) {
  method.validate();
  return std::make_unique<ProjectedGradientMethod>(method, std::move(set));
}

Result minimize_projected(const Objective& objective, Vector x0, const SimpleSet& set,
                          const ProjectedGradient& method, const Stop& stop, const Observer& observer) {
  validate(set, x0.size());
  auto impl = make_projected_method(method, set);
  const bool outside = x0.allFinite() && project(set, x0) != x0;
  if (outside) x0 = project(set, x0);
  Result r = run_iterations(objective, std::move(x0), *impl, stop, observer);
  if (outside) r.message += " (the start point was outside the set and was projected onto it)";
  return r;
}

}  // namespace minima
