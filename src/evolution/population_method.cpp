// The shared population driver (population_method.hpp).
#include "minima/evolution/population_method.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <limits>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/core/run_context.hpp"
#include "minima/evolution/checkpoint.hpp"

namespace minima {

void check_search_box(const Bounds& box, Index n) {
  if (box.lower.size() == 0 || box.upper.size() == 0)
    throw InvalidArgument("a population method needs a finite search box: give both lower and upper bounds");
  if (box.lower.size() != n || box.upper.size() != n)
    throw InvalidArgument(
        fmt::format("the bounds have sizes {} (lower) and {} (upper); the problem has {} variables",
                    box.lower.size(), box.upper.size(), n));
  for (Index i = 0; i < n; ++i) {
    if (!std::isfinite(box.lower[i]))
      throw InvalidArgument(
          fmt::format("lower bound of variable {} is {}: a search box must be finite", i + 1, box.lower[i]));
    if (!std::isfinite(box.upper[i]))
      throw InvalidArgument(
          fmt::format("upper bound of variable {} is {}: a search box must be finite", i + 1, box.upper[i]));
    if (!(box.lower[i] < box.upper[i]))
      throw InvalidArgument(fmt::format("variable {}: lower bound {} is not below upper bound {}", i + 1,
                                        box.lower[i], box.upper[i]));
    // The methods sample lower + u·(upper − lower) and scale by the width: a width that overflows
    // (−1e308 .. 1e308) turns every point into inf or NaN, and no best point exists to report.
    if (!std::isfinite(box.upper[i] - box.lower[i]))
      throw InvalidArgument(
          fmt::format("variable {}: the box width {} − ({}) overflows a double; narrow the box", i + 1,
                      box.upper[i], box.lower[i]));
  }
}

namespace {

IterationRecord as_iteration(const GenerationRecord& g) {
  IterationRecord r;
  r.iteration = g.generation;
  r.f = g.best_f;
  r.evaluations.function = g.evaluations;
  r.seconds = g.seconds;
  return r;
}

}  // namespace

Result run_population(const BatchObjective& objective, const Bounds& box, PopulationMethod& method,
                      const BlackBoxSettings& settings, const PopulationObserver& observer) {
  return run_population(objective, box, method, settings, observer, Checkpointing{});
}

Result run_population(const BatchObjective& objective, const Bounds& box, PopulationMethod& method,
                      const BlackBoxSettings& settings, const PopulationObserver& observer,
                      const Checkpointing& checkpointing) {
  namespace cp = checkpoint_detail;
  settings.validate();
  // The generation loop is this driver's own; the clock, the budget checks with their messages and
  // the finish are the run context's (core/run_context.hpp), as in every other loop.
  Stop budget;
  budget.max_iterations = settings.max_generations.value_or(std::numeric_limits<long>::max());
  budget.max_evaluations = settings.max_evaluations;
  budget.time_limit = settings.time_limit;
  budget.f_target = settings.f_target;
  const Observer no_iteration_observer;  // generations go to the PopulationObserver
  RunContext ctx(method.name(), budget, no_iteration_observer);
  auto seconds = [&] { return ctx.seconds(); };
  if (observer.every < 1)
    throw InvalidArgument(fmt::format("observer every = {} must be >= 1", observer.every));
  const Index n = objective.dimension();
  check_search_box(box, n);
  checkpointing.validate();

  // The log of this run (what a checkpoint holds), and the one being resumed.
  cp::Checkpoint log;
  log.method = method.name();
  log.problem = checkpointing.problem;
  log.settings = checkpointing.settings;
  log.dimension = n;
  log.box = box;
  log.run = settings;
  std::vector<cp::LoggedGeneration> replay;
  if (!checkpointing.resume.empty()) {
    cp::Checkpoint loaded = cp::load(checkpointing.resume);
    cp::check_same_run(loaded, log);
    replay = std::move(loaded.generations);
  }
  const bool logging = !checkpointing.path.empty();
  if (logging) {  // an unwritable path is an input error, found before the run, not after it
    const std::string probe = fmt::format("{}.tmp.{}", checkpointing.path, ::getpid());
    std::FILE* f = std::fopen(probe.c_str(), "wb");
    if (!f) throw InvalidArgument(fmt::format("--checkpoint: cannot write '{}'", checkpointing.path));
    std::fclose(f);
    std::remove(probe.c_str());
  }
  auto write_checkpoint = [&] {
    if (logging) cp::save(log, checkpointing.path);
  };

  Rng rng(settings.seed);
  method.set_evaluation_budget(settings.max_evaluations);
  method.init(box, rng);
  BatchEvaluator evaluator(objective, box, settings.threads);

  Result& result = ctx.result();
  PopulationSummary summary;
  summary.seed = settings.seed;
  summary.threads = evaluator.threads();

  auto finish = [&](Status status, std::string message) {
    write_checkpoint();
    result.x = evaluator.best_x();
    result.f = evaluator.best_f();
    summary.non_finite_evaluations = evaluator.non_finite();
    summary.failed_evaluations = evaluator.failed();
    summary.first_failure = evaluator.failure_message();
    summary.outside_box = evaluator.outside_box();
    summary.best_trace = evaluator.best_trace();
    summary.restarts = method.restarts();
    if (!std::isfinite(result.f)) {
      // Not one usable value: say why rather than report +inf as an answer.
      status = evaluator.failed() > 0 ? Status::function_error : Status::non_finite_value;
      message = evaluator.failed() > 0
                    ? fmt::format("no point gave a finite value; {} calls threw (first: {})",
                                  evaluator.failed(), evaluator.failure_message())
                    : fmt::format("no point gave a finite value ({} evaluations)", evaluator.evaluations());
    }
    result.population = std::move(summary);
    return ctx.finish(status, std::move(message), EvaluationCounts{.function = evaluator.evaluations()});
  };

  Matrix candidates;
  Vector values;
  for (long generation = 0;; ++generation) {
    if (auto limit = ctx.limit(generation, EvaluationCounts{.function = evaluator.evaluations()}))
      return finish(limit->status,
                    limit->status == Status::max_iterations
                        ? fmt::format("reached the generation limit ({})", budget.max_iterations)
                        : std::move(limit->message));

    method.ask(candidates, rng);
    if (candidates.rows() != n || candidates.cols() < 1)
      throw InvalidArgument(fmt::format("{}: ask() gave a {}x{} batch for {} variables", method.name(),
                                        candidates.rows(), candidates.cols(), n));
    const long left = settings.max_evaluations - evaluator.evaluations();
    const bool cut = candidates.cols() > left;
    const Index count = cut ? static_cast<Index>(left) : candidates.cols();
    cp::LoggedGeneration logged;
    logged.hash = cp::hash_candidates(candidates, count);
    const bool replaying = generation < static_cast<long>(replay.size());
    if (replaying) {
      // Answer from the checkpoint: the method must have asked for exactly the logged points.
      cp::LoggedGeneration& old = replay[static_cast<std::size_t>(generation)];
      if (old.hash != logged.hash || old.outcome.values.size() != count)
        throw InvalidArgument(fmt::format(
            "--resume: generation {} of the checkpoint does not replay ({} asks for other points): the "
            "checkpoint comes from other settings or another version of minima",
            generation, method.name()));
      logged.outcome = std::move(old.outcome);
    } else {
      logged.outcome = evaluator.compute(candidates, count);
    }
    evaluator.record(candidates, logged.outcome, values);
    if (logging) log.generations.push_back(std::move(logged));

    GenerationRecord record;
    record.generation = generation;
    record.evaluations = evaluator.evaluations();
    record.best_f = evaluator.best_f();
    record.generation_best_f = values.size() ? values.minCoeff() : record.best_f;
    record.population_size = static_cast<long>(values.size());
    summary.population_size = record.population_size;
    result.iterations = generation;
    summary.generations = generation;
    if (!cut) method.tell(candidates, values, rng, record);
    record.seconds = seconds();

    const bool call = observer.callback && (generation == 0 || generation % observer.every == 0);
    const bool stop_asked = call && observer.callback(record) == ObserverAction::stop;
    if (observer.keep_generations) {
      result.trace.push_back(as_iteration(record));
      summary.generation_trace.push_back(std::move(record));
    }

    if (settings.f_target && evaluator.best_f() <= *settings.f_target) {
      const BestRecord& hit = evaluator.best_trace().back();
      return finish(Status::target_reached, fmt::format("f = {:.6g} <= target {:.6g} after {} evaluations",
                                                        hit.f, *settings.f_target, hit.evaluations));
    }
    if (evaluator.evaluations() >= settings.max_evaluations)
      return finish(Status::max_evaluations, evaluation_limit_message(settings.max_evaluations));
    if (stop_asked)
      return finish(Status::observer_stop,
                    fmt::format("the observer asked to stop at generation {}", generation));
    if (auto own = method.stop()) return finish(own->status, std::move(own->message));
    if (checkpointing.interrupt && checkpointing.interrupt->load())
      return finish(Status::interrupted,
                    fmt::format("interrupted after generation {} ({} evaluations){}", generation,
                                evaluator.evaluations(),
                                logging ? fmt::format("; resume with the checkpoint '{}'", checkpointing.path)
                                        : std::string()));
    if (logging && !replaying && (generation + 1) % checkpointing.every == 0) write_checkpoint();
  }
}

}  // namespace minima
