// The shapes shared by every population (black-box) method: its stop criteria and run settings,
// the record of one generation handed to observers, and the summary a Result carries
// (Result::population). Method-specific numbers per generation (e.g. EDA_vbMFA's number of
// analysers, CMA-ES's step size) travel as named "extra" values in each GenerationRecord and can
// be read back as a series with PopulationSummary::series(name).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "minima/core/batch_objective.hpp"
#include "minima/core/observer.hpp"

namespace minima {

/// Stop criteria and run settings of a population method. Checked between generations, in this
/// order: target, budget, generation limit, time limit. The budget is exact: the last batch is cut
/// to the evaluations left.
struct BlackBoxSettings {
  /// Evaluation budget (status max_evaluations). Must be >= 1.
  long max_evaluations = 100'000;
  /// Stop (status target_reached) as soon as a point inside the box has f ≤ f_target.
  std::optional<double> f_target{};
  /// Wall-clock limit in seconds (status time_limit).
  std::optional<double> time_limit{};
  /// Limit on generations (status max_iterations).
  std::optional<long> max_generations{};
  /// Seed of the run's random number generator: the same seed gives the same result.
  std::uint64_t seed = 1;
  /// Evaluation threads: 1 = serial, k > 1 = k threads, 0 = all hardware threads. The result does
  /// not depend on it.
  int threads = 1;

  /// Throws InvalidArgument naming the field, value and rule.
  void validate() const;
};

/// One generation, as the driver hands it to the observer. Generation 0 is the initial population.
struct GenerationRecord {
  long generation = 0;
  long evaluations = 0;                                                ///< cumulative
  double best_f = std::numeric_limits<double>::infinity();             ///< best so far (inside the box)
  double generation_best_f = std::numeric_limits<double>::infinity();  ///< best of this batch
  double seconds = 0.0;                                                ///< since the start
  long population_size = 0;  ///< the size of the batch just evaluated
  /// Method-specific values, e.g. {"analysers", 3}, {"sigma", 0.02}, {"restart", 1}.
  std::vector<std::pair<std::string, double>> extra{};

  /// The extra value called `name`, or NaN.
  double value(std::string_view name) const;
};

struct PopulationObserver {
  /// Called after generation 0 and then every `every` generations; returning stop ends the run
  /// with Status::observer_stop.
  std::function<ObserverAction(const GenerationRecord&)> callback{};
  long every = 1;
  /// Keep every GenerationRecord in Result::population->generation_trace.
  bool keep_generations = false;
};

/// What a population method adds to a Result.
struct PopulationSummary {
  long generations = 0;      ///< generations evaluated after the initial population (= Result::iterations)
  long restarts = 0;         ///< restarts (IPOP-CMA-ES); 0 for methods without
  long population_size = 0;  ///< the size of the last batch
  long non_finite_evaluations = 0;  ///< points whose value was NaN or −inf, ranked worst
  long failed_evaluations = 0;      ///< points whose call threw, ranked worst
  std::string first_failure{};      ///< the first exception's message
  long outside_box = 0;             ///< points evaluated outside the box (0 for every built-in method)
  std::uint64_t seed = 0;
  int threads = 1;
  std::vector<BestRecord> best_trace{};              ///< best value against evaluations (each improvement)
  std::vector<GenerationRecord> generation_trace{};  ///< with PopulationObserver::keep_generations

  /// The extra value `name` of every kept generation (NaN where a generation lacks it).
  std::vector<double> series(std::string_view name) const;
  /// The names of the extra values found in generation_trace, in first-seen order.
  std::vector<std::string> series_names() const;
};

}  // namespace minima
