#include "minima/core/batch_objective.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <stdexcept>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "minima/core/error.hpp"
#include "minima/core/population.hpp"

namespace minima {

namespace {

template <class Function>
void check_factory_arguments(const Function& f, Index dimension, const char* factory) {
  if (!f) throw InvalidArgument(fmt::format("BatchObjective::{}: the function is empty", factory));
  if (dimension < 1)
    throw InvalidArgument(fmt::format("BatchObjective: dimension = {} must be >= 1", dimension));
}

}  // namespace

BatchObjective BatchObjective::from_function(ScalarFunction f, Index dimension) {
  check_factory_arguments(f, dimension, "from_function");
  BatchObjective out;
  out.scalar_ = std::move(f);
  out.dimension_ = dimension;
  return out;
}

BatchObjective BatchObjective::from_batch(BatchFunction f, Index dimension) {
  check_factory_arguments(f, dimension, "from_batch");
  BatchObjective out;
  out.batch_ = std::move(f);
  out.dimension_ = dimension;
  return out;
}

BatchObjective BatchObjective::from_outcomes(OutcomeFunction f, Index dimension) {
  check_factory_arguments(f, dimension, "from_outcomes");
  BatchObjective out;
  out.outcomes_ = std::move(f);
  out.dimension_ = dimension;
  return out;
}

double BatchObjective::operator()(const Vector& x) const {
  if (scalar_) return scalar_(x);
  Matrix X = x;
  if (outcomes_) {
    const BatchOutcome outcome = outcomes_(X, 1);
    if (outcome.values.size() != 1 || outcome.failed.size() != 1 || outcome.messages.size() != 1)
      throw InvalidArgument("the outcome function returned the wrong number of results for 1 point");
    if (outcome.failed[0]) throw std::runtime_error(outcome.messages[0]);
    return outcome.values[0];
  }
  Vector values(1);
  batch_(X, values);
  return values[0];
}

// A task arena fixes the number of threads of this evaluator, whatever else runs in the process.
// More threads than cores is allowed on purpose (functions that wait, e.g. external programs or
// remote calls): the global control lifts oneTBB's default cap of one thread per core meanwhile.
struct BatchEvaluator::Pool {
  explicit Pool(int threads)
      : allow(tbb::global_control::max_allowed_parallelism,
              static_cast<std::size_t>(std::max(threads, tbb::info::default_concurrency()))),
        arena(threads) {}
  tbb::global_control allow;
  tbb::task_arena arena;
};

BatchEvaluator::BatchEvaluator(const BatchObjective& objective, Bounds box, int threads)
    : objective_(objective), box_(std::move(box)), threads_(threads) {
  if (threads < 0)
    throw InvalidArgument(fmt::format("threads = {} must be >= 0 (0: all hardware threads)", threads));
  if (objective.dimension() < 1) throw InvalidArgument("BatchEvaluator: the objective has no dimension");
  if (!box_.empty()) {
    box_.validate(objective.dimension());
    box_ = box_.expanded(objective.dimension());
  }
  if (threads_ == 0) threads_ = tbb::info::default_concurrency();
  if (threads_ > 1 && !objective.is_batch()) pool_ = std::make_unique<Pool>(threads_);
}

BatchEvaluator::~BatchEvaluator() = default;

void BatchEvaluator::evaluate(const Matrix& X, Vector& values, Index count) {
  if (count < 0 || count > X.cols()) count = X.cols();
  const Outcome outcome = compute(X, count);
  record(X, outcome, values);
}

BatchEvaluator::Outcome BatchEvaluator::compute(const Matrix& X, Index count) const {
  if (X.rows() != objective_.dimension())
    throw InvalidArgument(fmt::format("batch evaluation: the candidates have {} rows, the objective takes {}",
                                      X.rows(), objective_.dimension()));
  if (count < 0 || count > X.cols()) count = X.cols();
  Outcome out;
  out.values.resize(count);
  // Messages are kept per point so the first one is the same whatever the threads.
  out.failed.assign(static_cast<std::size_t>(count), 0);
  out.messages.assign(static_cast<std::size_t>(count), std::string());
  if (count == 0) return out;
  Vector& values = out.values;
  std::vector<char>& threw = out.failed;
  std::vector<std::string>& messages = out.messages;

  if (objective_.is_batch()) {
    // One call for the whole batch: when it throws, every point of the batch failed.
    try {
      if (objective_.outcome_function()) {
        BatchOutcome given = objective_.outcome_function()(X, count);
        if (given.values.size() != count || given.failed.size() != static_cast<std::size_t>(count) ||
            given.messages.size() != static_cast<std::size_t>(count))
          throw InvalidArgument(
              fmt::format("the outcome function returned {} values, {} flags and {} messages "
                          "for {} points",
                          given.values.size(), given.failed.size(), given.messages.size(), count));
        out = std::move(given);
      } else {
        const Matrix view = X.leftCols(count);
        Vector values_out(count);
        objective_.batch_function()(view, values_out);
        if (values_out.size() != count)
          throw InvalidArgument(
              fmt::format("the batch function returned {} values for {} points", values_out.size(), count));
        values = values_out;
      }
    } catch (const std::exception& e) {
      std::fill(threw.begin(), threw.end(), 1);
      messages[0] = e.what();
    } catch (...) {
      std::fill(threw.begin(), threw.end(), 1);
      messages[0] = "unknown exception";
    }
  } else {
    const auto& f = objective_.scalar_function();
    auto one = [&](Index j) {
      try {
        const Vector x = X.col(j);
        values[j] = f(x);
      } catch (const std::exception& e) {
        threw[static_cast<std::size_t>(j)] = 1;
        messages[static_cast<std::size_t>(j)] = e.what();
      } catch (...) {
        threw[static_cast<std::size_t>(j)] = 1;
        messages[static_cast<std::size_t>(j)] = "unknown exception";
      }
    };
    if (pool_ && count > 1) {
      pool_->arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<Index>(0, count), [&](const tbb::blocked_range<Index>& r) {
          for (Index j = r.begin(); j != r.end(); ++j) one(j);
        });
      });
    } else {
      for (Index j = 0; j < count; ++j) one(j);
    }
  }
  return out;
}

void BatchEvaluator::record(const Matrix& X, const Outcome& outcome, Vector& values) {
  const Index count = outcome.values.size();
  if (X.rows() != objective_.dimension() || X.cols() < count ||
      outcome.failed.size() != static_cast<std::size_t>(count) ||
      outcome.messages.size() != static_cast<std::size_t>(count))
    throw InvalidArgument("BatchEvaluator::record: the outcome does not match the candidates");
  values = outcome.values;
  // Bookkeeping, serially and in column order: identical for any number of threads.
  const bool boxed = !box_.empty();
  for (Index j = 0; j < count; ++j) {
    ++evaluations_;
    if (outcome.failed[static_cast<std::size_t>(j)]) {
      if (failed_ == 0) failure_message_ = outcome.messages[static_cast<std::size_t>(j)];
      ++failed_;
      values[j] = std::numeric_limits<double>::infinity();
      continue;
    }
    if (std::isnan(values[j]) || values[j] == -std::numeric_limits<double>::infinity()) {
      ++non_finite_;
      values[j] = std::numeric_limits<double>::infinity();
      continue;
    }
    const bool inside = !boxed || box_.contains(X.col(j));
    if (!inside) {
      ++outside_box_;
      continue;
    }
    if (values[j] < best_f_) {
      best_f_ = values[j];
      best_x_ = X.col(j);
      best_trace_.push_back({evaluations_, best_f_});
    }
  }
}

// ---- population.hpp ----

void BlackBoxSettings::validate() const {
  if (max_evaluations < 1)
    throw InvalidArgument(fmt::format("max_evaluations = {} must be >= 1", max_evaluations));
  if (f_target && std::isnan(*f_target)) throw InvalidArgument("f_target is NaN");
  if (time_limit && !(*time_limit > 0))
    throw InvalidArgument(fmt::format("time_limit = {} must be > 0", *time_limit));
  if (max_generations && *max_generations < 0)
    throw InvalidArgument(fmt::format("max_generations = {} must be >= 0", *max_generations));
  if (threads < 0)
    throw InvalidArgument(fmt::format("threads = {} must be >= 0 (0: all hardware threads)", threads));
}

double GenerationRecord::value(std::string_view name) const {
  for (const auto& [key, v] : extra)
    if (key == name) return v;
  return std::numeric_limits<double>::quiet_NaN();
}

std::vector<double> PopulationSummary::series(std::string_view name) const {
  std::vector<double> out;
  out.reserve(generation_trace.size());
  for (const auto& g : generation_trace) out.push_back(g.value(name));
  return out;
}

std::vector<std::string> PopulationSummary::series_names() const {
  std::vector<std::string> names;
  for (const auto& g : generation_trace)
    for (const auto& [key, v] : g.extra)
      if (std::find(names.begin(), names.end(), key) == names.end()) names.push_back(key);
  return names;
}

}  // namespace minima
