#include "minima/unconstrained/gradient_descent.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {
namespace {

class GradientDescentMethod final : public IterativeMethod {
 public:
  explicit GradientDescentMethod(const GradientDescent& settings) : settings_(settings) {}

  std::string name() const override { return "gradient-descent"; }

  StepOutcome init(IterateState& /*state*/, CountedObjective& /*f*/) override {
    phi_.reset();  // a new run: forget the previous run's buffers and step history
    previous_alpha_ = 0.0;
    previous_slope_ = 0.0;
    return {};
  }

  StepOutcome step(IterateState& state, CountedObjective& f) override {
    return settings_.fixed_step ? fixed_step(state, f, *settings_.fixed_step) : searched_step(state, f);
  }

 private:
  // x ← x − λ∇f. A NaN value at the new point leaves the state at the last good point; ±inf is
  // accepted so that the driver reports the divergence.
  StepOutcome fixed_step(IterateState& state, CountedObjective& f, double lambda) {
    trial_x_ = state.x - lambda * state.g;
    const double f_new = f.value_gradient(trial_x_, trial_g_);
    if (std::isnan(f_new))
      return StepOutcome::stop(
          Status::non_finite_value,
          fmt::format("f = NaN at x − λ∇f (λ = {:.6g}); stopped at the last finite point", lambda));
    const double step_norm = lambda * state.g.lpNorm<Eigen::Infinity>();
    state.x.swap(trial_x_);
    state.g.swap(trial_g_);
    state.f = f_new;
    return StepOutcome::accepted(step_norm, lambda);
  }

  StepOutcome searched_step(IterateState& state, CountedObjective& f) {
    // One LineFunction for the whole run, bound to the driver's state and our direction buffer: its
    // trial buffers are reused (accept() swaps them with the state's), so no allocation per step.
    if (!phi_ || bound_state_ != &state || &phi_->objective() != &f) {
      phi_.emplace(f, state.x, direction_);
      bound_state_ = &state;
    }
    direction_ = -state.g;
    const double slope = -state.g.squaredNorm();
    const double alpha0 = previous_alpha_ > 0.0 ? previous_alpha_ * previous_slope_ / slope
                                                : std::min(1.0, 1.0 / state.g.lpNorm<Eigen::Infinity>());
    const LineSearchResult r = line_search(settings_.line_search, *phi_, state.f, slope, alpha0);
    if (!r.ok) return StepOutcome::stop(Status::line_search_failed, r.message);
    const double step_norm = r.alpha * direction_.lpNorm<Eigen::Infinity>();
    phi_->accept(r.alpha, state);
    previous_alpha_ = r.alpha;
    previous_slope_ = slope;
    return StepOutcome::accepted(step_norm, r.alpha);
  }

  GradientDescent settings_;
  Vector trial_x_, trial_g_, direction_;
  std::optional<LineFunction> phi_;
  const IterateState* bound_state_ = nullptr;
  double previous_alpha_ = 0.0;
  double previous_slope_ = 0.0;
};

}  // namespace

void GradientDescent::validate() const {
  if (fixed_step && !(*fixed_step > 0.0 && std::isfinite(*fixed_step)))
    throw InvalidArgument(
        fmt::format("GradientDescent::fixed_step = {}: must be > 0 and finite", *fixed_step));
  minima::validate(line_search);
}

std::unique_ptr<IterativeMethod> make_iterative_method(const GradientDescent& method) {
  method.validate();
  return std::make_unique<GradientDescentMethod>(method);
}

}  // namespace minima
