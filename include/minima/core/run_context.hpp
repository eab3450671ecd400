// The bookkeeping every iterative loop shares (STYLE lesson 3, "one driver owns counting, limits,
// observers, traces and the final message"): the clock, the Stop limits and tests with their
// messages, the observer and the trace, and the Result at the end. run_iterations (the smooth and
// derivative-free methods), SQP, the augmented Lagrangian, dual ascent, the stochastic methods and
// the VAE's training each run on one RunContext; the population driver keeps its generation loop and
// shares the clock, the limit messages and the finish.
//
// Stop means one thing everywhere: Stop::max_iterations limits Result::iterations as the family
// counts them (outer iterations of the augmented Lagrangian, epochs of a stochastic method), the
// tolerances judge the run's own iterates. A family that cannot honour a field says so: the
// constructor throws InvalidArgument naming a field set to other than its default that the family
// does not honour (docs/architecture.md has the table).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "minima/core/counted_objective.hpp"
#include "minima/core/observer.hpp"
#include "minima/core/result.hpp"
#include "minima/core/status.hpp"
#include "minima/core/stop.hpp"

namespace minima {

/// Hands iteration k to the observer (on iteration 0 and every Observer::every) and to the trace
/// (Observer::trace). `fill(record)` sets the fields other than `iteration` (and x, which is copied
/// from `x` only for Trace::with_x or Observer::callback_with_x); it runs only when someone wants
/// the record. Returns true when the callback asks to stop. The driver and the methods that run
/// their own loop all use it.
template <class Fill>
bool record_iteration(const Observer& observer, long k, const Vector& x, std::vector<IterationRecord>& trace,
                      Fill&& fill) {
  const bool call = observer.callback && (k == 0 || observer.every <= 1 || k % observer.every == 0);
  if (!call && observer.trace == Trace::none) return false;
  IterationRecord rec;
  rec.iteration = k;
  std::forward<Fill>(fill)(rec);
  if (observer.trace == Trace::with_x || (call && observer.callback_with_x)) rec.x = x;
  const bool stop = call && observer.callback(rec) == ObserverAction::stop;
  if (observer.trace != Trace::none) trace.push_back(std::move(rec));
  return stop;
}

/// The fields of Stop, as a set (for saying which ones a family of methods honours).
enum class StopField : unsigned {
  g_abstol = 1u << 0,
  x_tolerance = 1u << 1,  ///< x_abstol and x_reltol
  f_tolerance = 1u << 2,  ///< f_abstol and f_reltol
  f_target = 1u << 3,
  max_iterations = 1u << 4,
  max_evaluations = 1u << 5,
  time_limit = 1u << 6,
  divergence_limit = 1u << 7,
};
using StopFields = unsigned;
constexpr StopFields operator|(StopField a, StopField b) {
  return static_cast<unsigned>(a) | static_cast<unsigned>(b);
}
constexpr StopFields operator|(StopFields a, StopField b) {
  return a | static_cast<unsigned>(b);
}
inline constexpr StopFields kAllStopFields = 0xffu;

/// Throws InvalidArgument when `stop` sets (to other than Stop{}'s value) a field outside `honoured`:
/// "Stop::x_abstol = 1e-06: sqp ... does not honour it".
void require_honoured(const Stop& stop, StopFields honoured, const std::string& family);

/// A reason to stop: the status and its one-line message (the test with its measured value).
struct Stopping {
  Status status = Status::invalid_input;
  std::string message;
};

class RunContext {
 public:
  /// Validates `stop` (Stop::validate) and checks that `family` honours every field it sets.
  RunContext(std::string method, const Stop& stop, const Observer& observer,
             StopFields honoured = kAllStopFields, const std::string& family = {});

  const Stop& stop() const { return stop_; }
  const Observer& observer() const { return observer_; }
  /// Seconds since construction.
  double seconds() const;
  /// The Result under construction: loops set x, f, gradient, iterations, kkt, ... here.
  Result& result() { return result_; }

  /// The limits checked before iteration k (1-based): iterations, then function evaluations, then time.
  std::optional<Stopping> limit(long k, const EvaluationCounts& counts) const;
  /// After an accepted iterate: diverged when f is ±inf or |f| or ‖x‖∞ exceeds Stop::divergence_limit.
  std::optional<Stopping> divergence(long k, double f, double x_norm) const;
  /// Stop::g_abstol's test on a stationarity measure (off when g_abstol = 0).
  bool gradient_converged(double measure) const { return stop_.g_abstol > 0 && measure <= stop_.g_abstol; }
  /// converged_step when ‖Δx‖∞ ≤ x_abstol + x_reltol‖x‖∞ (off when both are 0).
  std::optional<Stopping> step_test(double step_norm, double x_norm) const;
  /// converged_function when |Δf| ≤ f_abstol + f_reltol|f| (off when both are 0).
  std::optional<Stopping> function_test(double f_change, double f) const;
  /// target_reached when f ≤ Stop::f_target.
  std::optional<Stopping> target_test(double f) const;

  /// Hands iteration k to the observer and the trace (record_iteration); `fill` sets the fields
  /// other than iteration, x and seconds. True when the observer asks to stop.
  template <class Fill>
  bool record(long k, const Vector& x, Fill&& fill) {
    return record_iteration(observer_, k, x, result_.trace, [&](IterationRecord& rec) {
      std::forward<Fill>(fill)(rec);
      rec.seconds = seconds();
    });
  }

  /// The same with the record's fields given (for loops whose values cost nothing to hand over).
  bool record(long k, const Vector& x, double f, double gradient_norm, double step_norm, double step_size,
              const EvaluationCounts& counts) {
    return record(k, x, [&](IterationRecord& rec) {
      rec.f = f;
      rec.gradient_norm = gradient_norm;
      rec.step_norm = step_norm;
      rec.step_size = step_size;
      rec.evaluations = counts;
    });
  }

  /// The finished Result: status, message, evaluations and seconds on top of what the loop set.
  Result finish(Status status, std::string message, const EvaluationCounts& counts);
  Result finish(Stopping stopping, const EvaluationCounts& counts) {
    return finish(stopping.status, std::move(stopping.message), counts);
  }

 private:
  const Stop& stop_;
  const Observer& observer_;
  std::chrono::steady_clock::time_point start_;
  Result result_;
};

/// The messages of the limits, the same in every family (and the population driver's).
std::string iteration_limit_message(long limit);
std::string evaluation_limit_message(long limit);
std::string time_limit_message(double limit);

}  // namespace minima
