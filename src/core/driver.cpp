#include "minima/core/driver.hpp"

#include <cmath>

#include <fmt/format.h>
#include <Eigen/Eigenvalues>

#include "minima/core/error.hpp"

namespace minima {
namespace {

double inf_norm(const Vector& v) {
  return v.size() == 0 ? 0.0 : v.lpNorm<Eigen::Infinity>();
}

class Run {
 public:
  Run(const Objective& objective, IterativeMethod& method, const Stop& stop, const Observer& observer,
      Index n)
      : f_(objective, n),
        method_(method),
        // A derivative-free method has no gradient for Stop::g_abstol to judge: it rejects the field.
        ctx_(method.name(), stop, observer,
             method.uses_gradient() ? kAllStopFields
                                    : kAllStopFields & ~static_cast<unsigned>(StopField::g_abstol),
             method.uses_gradient() ? method.name() : method.name() + " (derivative-free)") {}

  Result execute(Vector x0) {
    state_.x = std::move(x0);
    state_.f = method_.uses_gradient() ? f_.value_gradient(state_.x, state_.g) : f_.value(state_.x);
    if (f_.failed()) return finish(Status::function_error, f_.failure_message());
    if (!std::isfinite(state_.f))
      return finish(Status::non_finite_value, fmt::format("f(x0) = {} is not finite", state_.f));
    if (!state_.g.allFinite()) return finish(Status::non_finite_value, "the gradient at x0 is not finite");

    if (record(0, NaN(), NaN())) return finish(Status::observer_stop, "the observer asked to stop at x0");
    if (gradient_converged()) {
      if (auto done = converge(Status::converged_gradient, gradient_message())) return std::move(*done);
      if (f_.failed()) return finish(Status::function_error, f_.failure_message());
    }
    if (auto target = ctx_.target_test(state_.f)) return finish(std::move(*target));

    StepOutcome outcome = method_.init(state_, f_);
    if (f_.failed()) return finish(Status::function_error, f_.failure_message());
    if (!outcome.ok) return finish(outcome.status, outcome.message);

    for (long k = 1;; ++k) {
      if (auto limit = ctx_.limit(k, f_.counts())) return finish(std::move(*limit));

      const double f_previous = state_.f;
      outcome = method_.step(state_, f_);
      ctx_.result().iterations = k;
      if (f_.failed()) return finish(Status::function_error, f_.failure_message());
      if (!outcome.ok) return finish(outcome.status, outcome.message);

      if (std::isnan(state_.f) || !state_.x.allFinite())
        return finish(
            Status::non_finite_value,
            fmt::format("iteration {} produced f = {}; stopped at the last finite point", k, state_.f));
      if (auto diverged = ctx_.divergence(k, state_.f, inf_norm(state_.x)))
        return finish(std::move(*diverged));
      if (!state_.g.allFinite())
        return finish(Status::non_finite_value, fmt::format("the gradient at iteration {} is not finite", k));

      if (record(k, outcome.step_norm, outcome.step_size))
        return finish(Status::observer_stop, fmt::format("the observer asked to stop at iteration {}", k));
      std::optional<Result> done;
      // A method may judge its own f change (Nelder–Mead: the simplex's spread of f).
      const double f_change =
          std::isnan(outcome.f_change) ? std::abs(state_.f - f_previous) : outcome.f_change;
      if (gradient_converged()) {
        done = converge(Status::converged_gradient, gradient_message());
      } else if (auto step = ctx_.step_test(outcome.step_norm, inf_norm(state_.x))) {
        done = converge(step->status, std::move(step->message));
      } else if (auto change = ctx_.function_test(f_change, state_.f)) {
        done = converge(change->status, std::move(change->message));
      } else {
        if (auto target = ctx_.target_test(state_.f)) return finish(std::move(*target));
        continue;
      }
      if (done) return std::move(*done);
      if (f_.failed()) return finish(Status::function_error, f_.failure_message());
      continue;
    }
  }

 private:
  /// The eigen-decomposition of ∇²f(x) for the second-order check; false when the Hessian cannot be
  /// evaluated or is not finite there.
  bool curvature(const Vector& x, double& min_eigenvalue, double& tolerance, Vector& direction) {
    Matrix h(x.size(), x.size());
    if (!f_.hessian(x, h) || !h.allFinite()) return false;
    const Eigen::SelfAdjointEigenSolver<Matrix> eigen(0.5 * (h + h.transpose()));
    if (eigen.info() != Eigen::Success) return false;
    min_eigenvalue = eigen.eigenvalues()[0];
    tolerance = 1e-8 * eigen.eigenvalues().cwiseAbs().maxCoeff();
    direction = eigen.eigenvectors().col(0);
    return true;
  }

  /// A convergence test fired. For a method with the Hessian, first the second-order condition:
  /// at a clearly negative eigenvalue λ the run leaves along its eigenvector v (the sign that does
  /// not climb, the step halved from max(1, ‖x‖∞) until f decreases) and goes on — nothing is
  /// returned then. Without a decrease it ends with Status::indefinite_hessian: a saddle point or a
  /// maximum is never reported as converged.
  std::optional<Result> converge(Status status, std::string message) {
    if (!method_.uses_hessian() || !f_.has_hessian()) return finish(status, std::move(message));
    std::optional<SecondOrderCheck>& second_order = ctx_.result().second_order;
    SecondOrderCheck check = second_order.value_or(SecondOrderCheck{});
    Vector v;
    if (!curvature(state_.x, check.min_eigenvalue, check.tolerance, v)) {
      if (f_.failed()) return finish(Status::function_error, f_.failure_message());
      second_order.reset();
      second_order_current_ = true;  // tried here: finish() need not try again
      return finish(status, std::move(message) + " (the Hessian at x is not finite: second order unchecked)");
    }
    check.holds = check.min_eigenvalue >= -check.tolerance;
    second_order = check;
    second_order_current_ = true;
    if (check.holds) return finish(status, std::move(message));
    if (!method_.escapes_negative_curvature())
      return finish(
          Status::indefinite_hessian,
          fmt::format("{}, but the Hessian has eigenvalue λ_min = {:.3g} < 0 there: a saddle point or "
                      "maximum, not a minimum (the pure step does not leave it)",
                      message, check.min_eigenvalue));
    if (state_.g.dot(v) > 0) v = -v;
    Vector x_new(state_.x.size()), g_new(state_.x.size());
    for (double alpha = std::max(1.0, inf_norm(state_.x)); alpha > 1e-12 * std::max(1.0, inf_norm(state_.x));
         alpha *= 0.5) {
      x_new = state_.x + alpha * v;
      const double f_new = f_.value_gradient(x_new, g_new);
      if (f_.failed()) return finish(Status::function_error, f_.failure_message());
      if (std::isfinite(f_new) && g_new.allFinite() && f_new < state_.f) {
        state_.x = std::move(x_new);
        state_.f = f_new;
        state_.g = std::move(g_new);
        second_order->escapes += 1;
        second_order->holds = false;  // re-checked at the next convergence
        second_order_current_ = false;
        return std::nullopt;
      }
    }
    return finish(Status::indefinite_hessian,
                  fmt::format("{}, but the Hessian has eigenvalue λ_min = {:.3g} < 0 there: a saddle point "
                              "or maximum, and no decrease was found along its eigenvector",
                              message, check.min_eigenvalue));
  }

  static double NaN() { return std::numeric_limits<double>::quiet_NaN(); }

  bool gradient_converged() const {
    return method_.uses_gradient() && ctx_.gradient_converged(method_.stationarity(state_));
  }
  std::string gradient_message() const {
    std::string label = method_.stationarity_label();
    const char* kind = label == "‖∇f‖∞" ? "gradient norm " : "stationarity ";
    return fmt::format("{}{} = {:.3g} <= {:.3g}", kind, label, method_.stationarity(state_),
                       ctx_.stop().g_abstol);
  }
  /// Records iteration k; returns true when the observer asks to stop.
  bool record(long k, double step_norm, double step_size) {
    return ctx_.record(k, state_.x, [&](IterationRecord& rec) {
      rec.f = state_.f;
      rec.gradient_norm = method_.uses_gradient() ? method_.stationarity(state_) : NaN();
      rec.step_norm = step_norm;
      rec.step_size = step_size;
      rec.evaluations = f_.counts();
    });
  }

  Result finish(Stopping stopping) { return finish(stopping.status, std::move(stopping.message)); }
  Result finish(Status status, std::string message) {
    Result& result = ctx_.result();
    // Every Result of a method with the Hessian says whether the second-order condition holds at
    // its final x, whatever stopped it (one more Hessian evaluation when converge() has not just
    // made it there).
    if (method_.uses_hessian() && f_.has_hessian() && !second_order_current_ &&
        status != Status::function_error && state_.x.size() > 0 && state_.x.allFinite()) {
      SecondOrderCheck check = result.second_order.value_or(SecondOrderCheck{});
      Vector v;
      if (curvature(state_.x, check.min_eigenvalue, check.tolerance, v)) {
        check.holds = check.min_eigenvalue >= -check.tolerance;
        result.second_order = check;
      } else {
        result.second_order.reset();
      }
    }
    result.x = std::move(state_.x);
    result.f = state_.f;
    result.gradient = std::move(state_.g);
    result.gradient_norm = result.gradient.size() ? inf_norm(result.gradient) : NaN();
    return ctx_.finish(status, std::move(message), f_.counts());
  }

  CountedObjective f_;
  IterativeMethod& method_;
  RunContext ctx_;
  IterateState state_;
  bool second_order_current_ = false;  // result_.second_order describes state_.x
};

}  // namespace

std::optional<Result> check_start_point(const Objective& objective, const Vector& x0, std::string method) {
  const Index n = x0.size();
  auto invalid = [&](std::string message) {
    Result r;
    r.method = std::move(method);
    r.x = x0;
    r.status = Status::invalid_input;
    r.message = std::move(message);
    return r;
  };
  if (n == 0) return invalid("the start point is empty");
  if (objective.dimension() != 0 && objective.dimension() != n)
    return invalid(
        fmt::format("the start point has {} entries but the objective takes {}", n, objective.dimension()));
  for (Index i = 0; i < n; ++i)
    if (!std::isfinite(x0[i]))
      return invalid(fmt::format("the start point x0[{}] = {} is not finite", i, x0[i]));
  return std::nullopt;
}

double IterativeMethod::stationarity(const IterateState& state) const {
  return inf_norm(state.g);
}

Result run_iterations(const Objective& objective, Vector x0, IterativeMethod& method, const Stop& stop,
                      const Observer& observer) {
  stop.validate();  // before the start point: invalid settings throw whatever x0 is
  const Index n = x0.size();
  if (auto invalid = check_start_point(objective, x0, method.name())) return std::move(*invalid);
  Run run(objective, method, stop, observer, n);
  return run.execute(std::move(x0));
}

}  // namespace minima
