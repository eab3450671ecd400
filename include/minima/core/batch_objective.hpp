// Batch (population) evaluation of a black-box objective f: Rⁿ → R (DESIGN.md, spec evolution §5).
//
// Candidates are the COLUMNS of a Matrix (n rows, one column per point); their values go into a
// Vector, one entry per column. A BatchObjective is built from
//   - a scalar function  `double f(const Vector& x)`: the evaluator calls it once per column,
//     serially or on a oneTBB thread pool (it must then be safe to call concurrently);
//   - a user batch function `void f(const Matrix& X, Vector& values)` that evaluates all columns
//     itself (for vectorised code or a GPU); it is called once per batch, on the calling thread;
//   - an outcome function that evaluates a batch somewhere else and reports each point's failure
//     itself (distributed/mpi_evaluator.hpp: the points of a batch spread over MPI processes).
// The BatchEvaluator is the checked, counted view every population method uses (like
// CountedObjective for local methods):
//   - counts evaluations (one per column);
//   - a point whose value is NaN or −inf, or whose call throws, is recorded as +inf (ranked worst)
//     and counted (non_finite / failed), and the run goes on; a batch function that throws fails
//     every point of its batch;
//   - keeps the best point seen inside the box and a trace of the best value against evaluations.
// Results never depend on the number of threads: each column's value lands in its own slot, and
// all randomness stays with the caller, outside the parallel part.
#pragma once

#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "minima/core/constraints.hpp"
#include "minima/core/types.hpp"

namespace minima {

/// f(x) for one point.
using ScalarFunction = std::function<double(const Vector& x)>;
/// values[j] = f(X.col(j)) for every column j; `values` arrives sized X.cols().
using BatchFunction = std::function<void(const Matrix& X, Vector& values)>;

/// A batch's raw outcome, before any bookkeeping: each value as the function returned it, and per
/// point whether its call failed (threw), with its message ("" for points that did not fail).
struct BatchOutcome {
  Vector values;
  std::vector<char> failed;
  std::vector<std::string> messages;
};
/// The outcome of the first `count` columns of X (values, failed and messages all of size count).
using OutcomeFunction = std::function<BatchOutcome(const Matrix& X, Index count)>;

class BatchObjective {
 public:
  /// From a scalar function, evaluated column by column (in parallel when threads > 1).
  /// `dimension` = n, the number of rows of every batch (must be >= 1).
  static BatchObjective from_function(ScalarFunction f, Index dimension);
  /// From a function that evaluates a whole batch itself.
  static BatchObjective from_batch(BatchFunction f, Index dimension);
  /// From a function that evaluates a whole batch elsewhere and reports each point's outcome (a
  /// failed point keeps its own message, as with a scalar function that throws).
  static BatchObjective from_outcomes(OutcomeFunction f, Index dimension);

  Index dimension() const { return dimension_; }
  /// True when the objective takes whole batches (a batch or an outcome function): no thread pool.
  bool is_batch() const { return static_cast<bool>(batch_) || static_cast<bool>(outcomes_); }
  /// Unchecked, uncounted evaluation of one point (throws whatever the user's function throws).
  double operator()(const Vector& x) const;
  const ScalarFunction& scalar_function() const { return scalar_; }
  const BatchFunction& batch_function() const { return batch_; }
  const OutcomeFunction& outcome_function() const { return outcomes_; }

 private:
  ScalarFunction scalar_;
  BatchFunction batch_;
  OutcomeFunction outcomes_;
  Index dimension_ = 0;
};

/// One point of the best-so-far trace: after `evaluations` evaluations the best value was `f`.
/// Recorded each time the best improves, with the exact evaluation index of the improving point.
struct BestRecord {
  long evaluations = 0;
  double f = std::numeric_limits<double>::infinity();
};

class BatchEvaluator {
 public:
  /// `threads`: 1 = serial on the calling thread, k > 1 = a oneTBB arena of k threads, 0 = all the
  /// hardware threads. `box` (may be empty = unbounded): only points inside it can become the best
  /// (a method must keep its points there; points outside are counted in outside_box()).
  /// Throws InvalidArgument for threads < 0 or a box of the wrong size.
  BatchEvaluator(const BatchObjective& objective, Bounds box = {}, int threads = 1);
  ~BatchEvaluator();
  BatchEvaluator(const BatchEvaluator&) = delete;
  BatchEvaluator& operator=(const BatchEvaluator&) = delete;

  /// Evaluates the first `count` columns of X (all of them when count < 0) into values (resized to
  /// `count`). Throws InvalidArgument when X has the wrong number of rows; never throws for what
  /// the user's function does.
  void evaluate(const Matrix& X, Vector& values, Index count = -1);

  using Outcome = BatchOutcome;
  /// evaluate() in two halves, so that the calls can happen elsewhere (other processes) or be
  /// replayed from a checkpoint: compute() makes the calls of the first `count` columns and counts
  /// nothing; record() does evaluate()'s bookkeeping for an outcome of those columns (counts, +inf
  /// for failed and NaN/−inf points, the best point and trace) and writes the ranked values.
  Outcome compute(const Matrix& X, Index count) const;
  void record(const Matrix& X, const Outcome& outcome, Vector& values);

  Index dimension() const { return objective_.dimension(); }
  int threads() const { return threads_; }
  long evaluations() const { return evaluations_; }
  /// Points whose value was NaN or −inf (recorded as +inf).
  long non_finite() const { return non_finite_; }
  /// Points whose call threw (recorded as +inf); failure_message() holds the first message.
  long failed() const { return failed_; }
  const std::string& failure_message() const { return failure_message_; }
  /// Points evaluated outside the box (never taken as the best).
  long outside_box() const { return outside_box_; }

  /// The best point inside the box so far (empty before any finite value) and its value (+inf).
  const Vector& best_x() const { return best_x_; }
  double best_f() const { return best_f_; }
  const std::vector<BestRecord>& best_trace() const { return best_trace_; }

 private:
  const BatchObjective& objective_;
  Bounds box_;
  int threads_ = 1;
  struct Pool;
  std::unique_ptr<Pool> pool_;
  long evaluations_ = 0;
  long non_finite_ = 0;
  long failed_ = 0;
  long outside_box_ = 0;
  std::string failure_message_;
  Vector best_x_;
  double best_f_ = std::numeric_limits<double>::infinity();
  std::vector<BestRecord> best_trace_;
};

}  // namespace minima
