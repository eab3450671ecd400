// A bound-constrained local run that a population method drives in lock-step with the batch
// evaluator: the bound-constrained quasi-Newton (constrained/lbfgsb.hpp) on forward-difference
// gradients, or BOBYQA (derivative_free/bobyqa.hpp), which asks for one value at a time. The run
// lives on its own small thread and hands every request (a value, or a value and a gradient: 1 + n
// points) to the method, which puts it into its next batch and answers with the values. The run is a
// deterministic sequence of requests, so a method that batches several runs in a fixed order gets results
// that do not depend on the number of evaluation threads. Used by multistart (MLSL) and by eda-vbmfa's
// memetic step.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "minima/constrained/lbfgsb.hpp"
#include "minima/core/constraints.hpp"
#include "minima/core/result.hpp"
#include "minima/core/stop.hpp"
#include "minima/derivative_free/bobyqa.hpp"

namespace minima {

struct LocalRunSettings {
  /// The local method: lbfgsb (with finite-difference gradients) unless bobyqa is set.
  Lbfgsb method{};
  std::optional<Bobyqa> bobyqa{};
  Stop stop{};
  /// Forward-difference step, relative: h_i = finite_difference_step · max(1, |x_i|).
  double finite_difference_step = 1.4901161193847656e-08;
};

class LocalRun {
 public:
  /// Starts the run from x0 (inside `box`) on its own thread.
  LocalRun(Vector x0, const Bounds& box, const LocalRunSettings& settings);
  /// Cancels a run still going (its objective throws inside the run) and joins the thread.
  ~LocalRun();
  LocalRun(const LocalRun&) = delete;
  LocalRun& operator=(const LocalRun&) = delete;

  /// Waits until the run asks for values (true; request() holds the points) or has ended (false).
  bool wait();
  const Matrix& request() const { return request_; }
  /// The values of request() (+inf for failed points); the run goes on.
  void answer(Vector values);
  /// The run's result once wait() returned false (status function_error if it threw).
  const Result& result() const { return result_; }

 private:
  enum class Phase { running, waiting, done };
  Vector evaluate(Matrix points);
  void body(Vector x0, const LocalRunSettings& settings);

  Bounds box_;
  std::mutex mutex_;
  std::condition_variable changed_;
  Phase phase_ = Phase::running;
  bool cancelled_ = false;
  Matrix request_;
  Vector answer_;
  Result result_;
  std::thread thread_;
};

}  // namespace minima
