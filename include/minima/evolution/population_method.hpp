// The shared driver of population methods (STYLE lesson 9; DESIGN "ask → evaluate → tell → stop"):
//   ask   the method proposes a batch of candidates (the columns of a matrix, inside the box);
//   evaluate  the driver evaluates the whole batch in one BatchEvaluator call (threads possible);
//   tell  the method learns from the values (failed points arrive as +inf);
//   stop  the driver checks target, budget, generation and time limits, the method's own test and
//         the observer.
// The first ask returns the initial population (generation 0). The driver owns the random
// generator (seeded from BlackBoxSettings::seed), counting, the best point, the trace and the
// Result; a method never evaluates anything itself. All randomness happens in ask/tell, on the
// calling thread, so results do not depend on the number of evaluation threads.
#pragma once

#include <concepts>
#include <optional>
#include <string>

#include "minima/core/batch_objective.hpp"
#include "minima/core/population.hpp"
#include "minima/core/random.hpp"
#include "minima/core/result.hpp"
#include "minima/core/status.hpp"

namespace minima {

/// A method's own reason to stop (e.g. the model collapsed, or CMA-ES ran out of restarts).
struct MethodStop {
  Status status = Status::converged_step;
  std::string message;
};

class PopulationMethod {
 public:
  virtual ~PopulationMethod() = default;
  /// Short name for results, e.g. "cma-es".
  virtual std::string name() const = 0;
  /// Called once before the first ask, with the box (finite, lower < upper, size n). Throws
  /// InvalidArgument for settings that cannot work in this dimension (e.g. a population too small).
  virtual void init(const Bounds& box, Rng& rng) = 0;
  /// Called once before init with the run's evaluation budget (BlackBoxSettings::max_evaluations),
  /// for methods whose schedule depends on it (L-SHADE's linear population size reduction).
  virtual void set_evaluation_budget(long /*max_evaluations*/) {}
  /// The next batch: fills `candidates` (n rows, as many columns as the method wants, >= 1).
  virtual void ask(Matrix& candidates, Rng& rng) = 0;
  /// The values of the batch from the last ask (+inf for failed points). The method may add its
  /// per-generation numbers to record.extra (e.g. {"analysers", 4}).
  virtual void tell(const Matrix& candidates, const Vector& values, Rng& rng, GenerationRecord& record) = 0;
  /// Checked after each tell: the method's own reason to stop, or nothing.
  virtual std::optional<MethodStop> stop() const { return std::nullopt; }
  /// Restarts so far (IPOP-CMA-ES); reported in PopulationSummary::restarts.
  virtual long restarts() const { return 0; }
};

/// Runs `method` on `objective` inside `box` until a stop criterion fires. The box is required:
/// both sides finite, of size objective.dimension(), lower < upper everywhere. Throws
/// InvalidArgument for a bad box, bad settings, or settings the method rejects in init; never
/// throws for what the objective does (failed points are counted in Result::population).
/// Result: x, f = the best point inside the box, iterations = generations after the initial
/// population, evaluations.function, status, message, population (summary, best trace, extras).
Result run_population(const BatchObjective& objective, const Bounds& box, PopulationMethod& method,
                      const BlackBoxSettings& settings = {}, const PopulationObserver& observer = {});

/// Runs the method that a settings struct describes (any struct with a make_population_method
/// overload: CmaEs, EdaVbMfa, Midea, ...): the body of every method's named entry point.
template <class Settings>
requires(!std::derived_from<Settings, PopulationMethod>) Result
    run_population(const BatchObjective& objective, const Bounds& box, const Settings& settings,
                   const BlackBoxSettings& run, const PopulationObserver& observer) {
  const auto method = make_population_method(settings);
  return run_population(objective, box, *method, run, observer);
}

/// Throws InvalidArgument unless the box is usable by a population method in dimension n (names
/// the first bad entry: missing, wrong size, NaN or infinite, lower >= upper).
void check_search_box(const Bounds& box, Index n);

}  // namespace minima
