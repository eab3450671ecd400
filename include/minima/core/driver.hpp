// The one driver loop (STYLE lesson 3). A method implements only its initial state and its step;
// the driver owns everything else: input checks, the first evaluation, counting, limits, the common
// tolerances (Stop), observers, the trace and the Result. The driver never asks which method runs.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "minima/core/counted_objective.hpp"
#include "minima/core/objective.hpp"
#include "minima/core/observer.hpp"
#include "minima/core/result.hpp"
#include "minima/core/run_context.hpp"
#include "minima/core/stop.hpp"

namespace minima {

/// The accepted iterate, shared between the driver and the method. The driver fills it at x0
/// (x, f, g) before init(); a step must leave it at the new accepted point with f and g evaluated
/// there. For a derivative-free method (IterativeMethod::uses_gradient() false) g stays empty.
struct IterateState {
  Vector x;
  double f = std::numeric_limits<double>::quiet_NaN();
  Vector g;
};

/// What a step reports back.
struct StepOutcome {
  /// ok: a new point was accepted (x, f, g updated). Otherwise the run stops with `status`
  /// (e.g. line_search_failed, singular_hessian, or a method's own convergence test) and the state
  /// must still hold the last good point.
  bool ok = true;
  Status status = Status::converged_gradient;
  std::string message;
  double step_norm = std::numeric_limits<double>::quiet_NaN();  ///< ‖x_new − x_old‖∞
  double step_size = std::numeric_limits<double>::quiet_NaN();  ///< α, fixed step or trust radius
  /// The change of f that Stop::f_abstol/f_reltol judge; NaN: |f_new − f_old| of the accepted
  /// point. A simplex method sets its spread max|f_i − f_best| instead, because its best point may
  /// stay put through iterations that still make progress.
  double f_change = std::numeric_limits<double>::quiet_NaN();

  static StepOutcome accepted(double step_norm, double step_size) {
    StepOutcome o;
    o.step_norm = step_norm;
    o.step_size = step_size;
    return o;
  }
  static StepOutcome stop(Status status, std::string message) {
    StepOutcome o;
    o.ok = false;
    o.status = status;
    o.message = std::move(message);
    return o;
  }
};

/// The interface every iterative method implements (usually in `src/<module>/<method>.cpp`).
class IterativeMethod {
 public:
  virtual ~IterativeMethod() = default;
  /// Short name for results and reports, e.g. "lbfgs".
  virtual std::string name() const = 0;
  /// Called once with the state at x0 (f and g evaluated). May stop at once (e.g. a Hessian that
  /// is singular at x0) by returning a non-ok outcome.
  virtual StepOutcome init(IterateState& /*state*/, CountedObjective& /*f*/) { return {}; }
  /// One iteration: move the state to the next accepted point.
  virtual StepOutcome step(IterateState& state, CountedObjective& f) = 0;
  /// The first-order stationarity measure that the driver's gradient test (Stop::g_abstol), its
  /// message and the trace's gradient_norm use: ‖∇f‖∞ by default. A method on a feasible set
  /// overrides it (a bound-constrained method returns the projected-gradient norm
  /// ‖P(x − ∇f) − x‖∞, which vanishes exactly at the first-order points of the box).
  virtual double stationarity(const IterateState& state) const;
  /// How stationarity() is written in messages, e.g. "‖∇f‖∞".
  virtual std::string stationarity_label() const { return "‖∇f‖∞"; }
  /// True for methods that use the Hessian (Newton, trust region). For them the driver checks the
  /// second-order condition where a convergence test fires: at a clearly negative eigenvalue it
  /// steps off along that eigenvector and goes on (or, finding no decrease there, ends with
  /// Status::indefinite_hessian), and every Result carries Result::second_order.
  virtual bool uses_hessian() const { return false; }
  /// With uses_hessian(): whether the driver may step off a point of negative curvature. A method
  /// that deliberately takes the pure step whatever the curvature (Newton with stop_on_indefinite =
  /// false, the seed's textbook iteration) returns false: the point is then reported as
  /// Status::indefinite_hessian, never as converged, but not left.
  virtual bool escapes_negative_curvature() const { return true; }
  /// False for a derivative-free method: the driver then evaluates f alone (no gradient is asked
  /// for or counted), leaves IterateState::g empty and skips the gradient test (Stop::g_abstol).
  virtual bool uses_gradient() const { return true; }
};

/// The Status::invalid_input Result (named `method`, holding x0) when x0 is empty, has a size the
/// objective does not take, or has a non-finite entry; nothing when x0 is usable. Every entry point
/// that takes a start point checks it with this, so the messages are the same everywhere.
std::optional<Result> check_start_point(const Objective& objective, const Vector& x0, std::string method);

/// Runs `method` from x0 to a Result. Never throws for numerical outcomes or bad x0 (those are
/// statuses); throws InvalidArgument for invalid Stop settings.
Result run_iterations(const Objective& objective, Vector x0, IterativeMethod& method, const Stop& stop = {},
                      const Observer& observer = {});

}  // namespace minima
