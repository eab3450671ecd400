// Gauss–Newton with step halving; see least_squares.hpp.
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "gauss_newton.hpp"

namespace minima::least_squares_detail {

StepOutcome GaussNewtonIteration::init(IterateState& state, CountedObjective& /*f*/) {
  take_point(state.x);
  return {};
}

StepOutcome GaussNewtonIteration::step(IterateState& state, CountedObjective& f) {
  if (pending_) return *pending_;
  if (auto converged = gradient_test(state.g, state.f, s_.g_costol)) return *converged;
  // min ‖J p + r‖: the Gauss–Newton system JᵀJ p = −Jᵀr without forming JᵀJ.
  qr_.compute(jacobian_);
  step_ = qr_.solve(-r_);
  if (!step_.allFinite())
    return StepOutcome::stop(Status::singular_hessian, "the Gauss–Newton system has no finite solution");
  const double x_norm = state.x.norm();
  double alpha = 1.0;
  const int halvings = s_.step_halving ? s_.max_halvings : 0;
  for (int h = 0; h <= halvings; ++h, alpha *= 0.5) {
    const double p_norm = alpha * step_.norm();
    if (s_.x_reltol > 0 && p_norm <= s_.x_reltol * x_norm)
      return StepOutcome::stop(Status::converged_step,
                               fmt::format("step ‖p‖ = {:.3g} <= {:.3g} · ‖x‖", p_norm, s_.x_reltol));
    trial_ = state.x + alpha * step_;
    const double f_trial = f.value(trial_);
    if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
    if (!(f_trial < state.f) && s_.step_halving) continue;
    const double reduction = (state.f - f_trial) / state.f;
    const double step_norm = alpha * step_.lpNorm<Eigen::Infinity>();
    state.x.swap(trial_);
    state.f = f.value_gradient(state.x, state.g);
    if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
    take_point(state.x);
    if (s_.f_reltol > 0 && std::abs(reduction) <= s_.f_reltol)
      pending_ = StepOutcome::stop(
          Status::converged_function,
          fmt::format("relative reduction of ‖r‖² = {:.3g} <= {:.3g}", std::abs(reduction), s_.f_reltol));
    return StepOutcome::accepted(step_norm, alpha);
  }
  return StepOutcome::stop(Status::line_search_failed,
                           fmt::format("{} halvings of the Gauss–Newton step did not reduce ‖r‖²", halvings));
}

}  // namespace minima::least_squares_detail
