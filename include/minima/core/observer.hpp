// Observers and traces: opt-in, typed, cheap when off (STYLE lesson 7).
#pragma once

#include <functional>
#include <limits>
#include <optional>

#include "minima/core/counted_objective.hpp"
#include "minima/core/types.hpp"

namespace minima {

/// One iteration, as the driver records it. Iteration 0 is the start point.
struct IterationRecord {
  long iteration = 0;
  double f = std::numeric_limits<double>::quiet_NaN();
  double gradient_norm = std::numeric_limits<double>::quiet_NaN();  ///< ‖∇f‖∞
  double step_norm = std::numeric_limits<double>::quiet_NaN();      ///< ‖x_k − x_{k−1}‖∞
  /// The line-search step α, the fixed step, or the trust radius after the step (method-specific).
  double step_size = std::numeric_limits<double>::quiet_NaN();
  EvaluationCounts evaluations;  ///< cumulative
  double seconds = 0.0;          ///< since the start
  std::optional<Vector> x;       ///< only with Trace::with_x
};

enum class ObserverAction { proceed, stop };
enum class Trace { none, values, with_x };

struct Observer {
  /// Called on iteration 0 and then every `every` iterations; returning stop ends the run with
  /// Status::observer_stop.
  std::function<ObserverAction(const IterationRecord&)> callback;
  long every = 1;
  /// What Result::trace keeps: nothing, the records without x, or the records with x.
  Trace trace = Trace::none;
  /// Hand x to the callback (IterationRecord::x) without keeping a trace (the Python bindings'
  /// callback(intermediate_result) needs x; a trace with x would keep every iterate).
  bool callback_with_x = false;
};

}  // namespace minima
