#include "minima/core/status.hpp"

#include <array>
#include <utility>

namespace minima {
namespace {

constexpr std::array<std::pair<Status, std::string_view>, std::size(kAllStatuses)> kNames{{
    {Status::converged_gradient, "converged_gradient"},
    {Status::converged_step, "converged_step"},
    {Status::converged_function, "converged_function"},
    {Status::converged_kkt, "converged_kkt"},
    {Status::converged_orthogonality, "converged_orthogonality"},
    {Status::target_reached, "target_reached"},
    {Status::max_iterations, "max_iterations"},
    {Status::max_evaluations, "max_evaluations"},
    {Status::time_limit, "time_limit"},
    {Status::observer_stop, "observer_stop"},
    {Status::interrupted, "interrupted"},
    {Status::line_search_failed, "line_search_failed"},
    {Status::trust_region_collapsed, "trust_region_collapsed"},
    {Status::singular_hessian, "singular_hessian"},
    {Status::indefinite_hessian, "indefinite_hessian"},
    {Status::diverged, "diverged"},
    {Status::infeasible, "infeasible"},
    {Status::non_finite_value, "non_finite_value"},
    {Status::function_error, "function_error"},
    {Status::invalid_input, "invalid_input"},
}};

}  // namespace

std::string_view to_string(Status status) {
  for (const auto& [s, name] : kNames)
    if (s == status) return name;
  return "unknown";
}

std::optional<Status> parse_status(std::string_view name) {
  for (const auto& [s, n] : kNames)
    if (n == name) return s;
  return std::nullopt;
}

bool is_converged(Status status) {
  switch (status) {
    case Status::converged_gradient:
    case Status::converged_step:
    case Status::converged_function:
    case Status::converged_kkt:
    case Status::converged_orthogonality:
    case Status::target_reached:
      return true;
    default:
      return false;
  }
}

bool is_usable(Status status) {
  switch (status) {
    case Status::max_iterations:
    case Status::max_evaluations:
    case Status::time_limit:
    case Status::observer_stop:
    case Status::interrupted:
      return true;
    default:
      return is_converged(status);
  }
}

}  // namespace minima
