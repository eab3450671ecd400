#include "minima/core/run_context.hpp"

#include <cmath>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {

void require_honoured(const Stop& stop, StopFields honoured, const std::string& family) {
  const Stop defaults;
  auto check = [&](StopField field, bool set, const char* name, const std::string& value) {
    if (set && (honoured & static_cast<unsigned>(field)) == 0)
      throw InvalidArgument(
          fmt::format("Stop::{} = {}: {} does not honour it (leave it at its default)", name, value, family));
  };
  check(StopField::g_abstol, stop.g_abstol != defaults.g_abstol, "g_abstol",
        fmt::format("{}", stop.g_abstol));
  check(StopField::x_tolerance, stop.x_abstol != defaults.x_abstol, "x_abstol",
        fmt::format("{}", stop.x_abstol));
  check(StopField::x_tolerance, stop.x_reltol != defaults.x_reltol, "x_reltol",
        fmt::format("{}", stop.x_reltol));
  check(StopField::f_tolerance, stop.f_abstol != defaults.f_abstol, "f_abstol",
        fmt::format("{}", stop.f_abstol));
  check(StopField::f_tolerance, stop.f_reltol != defaults.f_reltol, "f_reltol",
        fmt::format("{}", stop.f_reltol));
  check(StopField::f_target, stop.f_target.has_value(), "f_target",
        fmt::format("{}", stop.f_target.value_or(0)));
  check(StopField::max_iterations, stop.max_iterations != defaults.max_iterations, "max_iterations",
        fmt::format("{}", stop.max_iterations));
  check(StopField::max_evaluations, stop.max_evaluations.has_value(), "max_evaluations",
        fmt::format("{}", stop.max_evaluations.value_or(0)));
  check(StopField::time_limit, stop.time_limit.has_value(), "time_limit",
        fmt::format("{}", stop.time_limit.value_or(0)));
  check(StopField::divergence_limit, stop.divergence_limit != defaults.divergence_limit, "divergence_limit",
        fmt::format("{}", stop.divergence_limit));
}

std::string iteration_limit_message(long limit) {
  return fmt::format("reached the iteration limit ({})", limit);
}
std::string evaluation_limit_message(long limit) {
  return fmt::format("reached the evaluation limit ({} function evaluations)", limit);
}
std::string time_limit_message(double limit) {
  return fmt::format("reached the time limit ({} s)", limit);
}

RunContext::RunContext(std::string method, const Stop& stop, const Observer& observer, StopFields honoured,
                       const std::string& family)
    : stop_(stop), observer_(observer), start_(std::chrono::steady_clock::now()) {
  stop.validate();
  require_honoured(stop, honoured, family.empty() ? method : family);
  result_.method = std::move(method);
}

double RunContext::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::optional<Stopping> RunContext::limit(long k, const EvaluationCounts& counts) const {
  if (k > stop_.max_iterations)
    return Stopping{Status::max_iterations, iteration_limit_message(stop_.max_iterations)};
  if (stop_.max_evaluations && counts.function >= *stop_.max_evaluations)
    return Stopping{Status::max_evaluations, evaluation_limit_message(*stop_.max_evaluations)};
  if (stop_.time_limit && seconds() >= *stop_.time_limit)
    return Stopping{Status::time_limit, time_limit_message(*stop_.time_limit)};
  return std::nullopt;
}

std::optional<Stopping> RunContext::divergence(long k, double f, double x_norm) const {
  if (std::isinf(f) || std::abs(f) > stop_.divergence_limit || x_norm > stop_.divergence_limit)
    return Stopping{Status::diverged,
                    fmt::format("diverged at iteration {}: f = {:.6g}, ‖x‖∞ = {:.6g}", k, f, x_norm)};
  return std::nullopt;
}

std::optional<Stopping> RunContext::step_test(double step_norm, double x_norm) const {
  const double tol = stop_.x_abstol + stop_.x_reltol * x_norm;
  if (tol > 0 && step_norm <= tol)
    return Stopping{Status::converged_step, fmt::format("step ‖Δx‖∞ = {:.3g} <= {:.3g}", step_norm, tol)};
  return std::nullopt;
}

std::optional<Stopping> RunContext::function_test(double f_change, double f) const {
  const double tol = stop_.f_abstol + stop_.f_reltol * std::abs(f);
  if (tol > 0 && f_change <= tol)
    return Stopping{Status::converged_function,
                    fmt::format("function change |Δf| = {:.3g} <= {:.3g}", f_change, tol)};
  return std::nullopt;
}

std::optional<Stopping> RunContext::target_test(double f) const {
  if (stop_.f_target && f <= *stop_.f_target)
    return Stopping{Status::target_reached, fmt::format("f = {:.6g} <= target {:.6g}", f, *stop_.f_target)};
  return std::nullopt;
}

Result RunContext::finish(Status status, std::string message, const EvaluationCounts& counts) {
  result_.status = status;
  result_.message = std::move(message);
  result_.evaluations = counts;
  result_.seconds = seconds();
  return std::move(result_);
}

}  // namespace minima
