// Why a run stopped. One value per reason (no two tests share one), each with a snake_case name
// used by the CLI, --json and the bindings (to_string / parse_status).
#pragma once

#include <optional>
#include <string_view>

namespace minima {

enum class Status {
  // Convergence: the result is a solution to the requested tolerance.
  converged_gradient,  ///< ‖∇f‖∞ ≤ Stop::g_abstol
  converged_step,      ///< ‖Δx‖∞ ≤ Stop::x_abstol + Stop::x_reltol ‖x‖∞
  converged_function,  ///< |Δf| ≤ Stop::f_abstol + Stop::f_reltol |f|
  /// A KKT point of a constrained problem: the Lagrangian's stationarity ≤ Stop::g_abstol and the
  /// constraint violation (and complementarity) ≤ the method's feasibility tolerance.
  converged_kkt,
  /// Least squares (MINPACK's gtol): every column of J makes an angle with r whose cosine is
  /// ≤ LeastSquares::g_costol, i.e. r is orthogonal to the range of J to that tolerance.
  converged_orthogonality,
  target_reached,  ///< f ≤ Stop::f_target
  // Limits: the result is the best so far, not a solution.
  max_iterations,
  max_evaluations,
  time_limit,
  observer_stop,  ///< the user's observer asked to stop
  interrupted,    ///< SIGINT/SIGTERM (or the caller's interrupt flag) ended the run between generations
  // Failures of the method: the result is the last good iterate.
  line_search_failed,      ///< no step satisfying the line-search conditions was found
  trust_region_collapsed,  ///< the trust radius fell below its minimum without an accepted step
  singular_hessian,        ///< the Newton system has no (finite) solution, e.g. f''(x) = 0
  indefinite_hessian,      ///< the Hessian is not positive definite: a Newton step would not descend
  diverged,                ///< the iterates run off to infinity (f → ±inf or |x| → inf)
  // Failures of the problem.
  infeasible,        ///< no point satisfies the constraints (x is the least-infeasible point found)
  non_finite_value,  ///< the objective returned NaN/Inf at a point where the method needs a number
  function_error,    ///< the user's function threw or returned a result of the wrong size
  invalid_input,     ///< bad start point or settings (non-finite, wrong dimension, ...)
};

/// All values, in declaration order (for listings and exhaustive tests).
inline constexpr Status kAllStatuses[] = {Status::converged_gradient,
                                          Status::converged_step,
                                          Status::converged_function,
                                          Status::converged_kkt,
                                          Status::converged_orthogonality,
                                          Status::target_reached,
                                          Status::max_iterations,
                                          Status::max_evaluations,
                                          Status::time_limit,
                                          Status::observer_stop,
                                          Status::interrupted,
                                          Status::line_search_failed,
                                          Status::trust_region_collapsed,
                                          Status::singular_hessian,
                                          Status::indefinite_hessian,
                                          Status::diverged,
                                          Status::infeasible,
                                          Status::non_finite_value,
                                          Status::function_error,
                                          Status::invalid_input};

/// The snake_case name, e.g. "converged_gradient".
std::string_view to_string(Status status);
/// Inverse of to_string; nullopt for an unknown name.
std::optional<Status> parse_status(std::string_view name);

/// True for the convergence reasons (the point satisfies a requested tolerance).
bool is_converged(Status status);
/// True when x is a meaningful answer: converged, or stopped by a limit at a finite point.
bool is_usable(Status status);

}  // namespace minima
