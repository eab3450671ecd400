// Checkpoint and resume of a population run (DESIGN "state that can be saved"; issue 16).
//
// What a checkpoint holds: the run's identity (method, problem, dimension, box, seed, stop
// settings, the caller's own settings text) and the log of every evaluation outcome so far, one
// entry per generation with a 64-bit hash (FNV-1a) of the candidates that were evaluated. Resuming
// re-runs the method from its seed and answers each logged generation from the log instead of
// evaluating it again; after the log the run goes on live. Every population method is deterministic
// given its seed and the values it is told, so the method's state, its random generators (including
// the normal distributions' cached values), the counters, the best point and the trace are rebuilt
// exactly: the resumed run ends bit-identical to the run that was never interrupted, for every
// method, without a serializer per method. The price is the method's own arithmetic redone (not
// one evaluation), small next to evaluations that cost what makes checkpoints worth having.
// The hashes make a mismatch impossible to miss: a checkpoint from another method, seed, settings
// or build cannot replay, and says so.
//
// File: versioned JSON (format "minima-population-checkpoint", version 1), written atomically
// (a temporary file in the same folder, flushed, then renamed over the target).
#pragma once

#include <atomic>
#include <string>

#include "minima/core/batch_objective.hpp"
#include "minima/core/constraints.hpp"
#include "minima/core/population.hpp"
#include "minima/core/result.hpp"

namespace minima {

class PopulationMethod;

struct Checkpointing {
  /// Write the checkpoint to this file ("" = never) every `every` generations and when the run ends.
  std::string path{};
  /// Generations between two checkpoints (>= 1).
  long every = 1;
  /// Continue from this checkpoint ("" = a fresh run). It must come from the same method, problem,
  /// dimension, box, seed and settings (InvalidArgument naming what differs otherwise).
  std::string resume{};
  /// What identifies the problem, e.g. "problem rastrigin" or "command ./sim.py" (compared on resume).
  std::string problem{};
  /// The caller's settings that shape the run and live outside BlackBoxSettings, e.g.
  /// "population=40" (compared on resume).
  std::string settings{};
  /// When it becomes true (a signal handler may set it), the run ends after the current generation
  /// with Status::interrupted and the checkpoint written.
  const std::atomic<bool>* interrupt = nullptr;

  bool active() const { return !path.empty() || !resume.empty() || interrupt != nullptr; }
  /// Throws InvalidArgument naming the field, value and rule.
  void validate() const;
};

/// run_population (population_method.hpp) with checkpoints, resume and interruption.
Result run_population(const BatchObjective& objective, const Bounds& box, PopulationMethod& method,
                      const BlackBoxSettings& settings, const PopulationObserver& observer,
                      const Checkpointing& checkpointing);

namespace checkpoint_detail {

/// One logged generation: the hash of its candidates and the raw outcome of each evaluated point.
struct LoggedGeneration {
  std::uint64_t hash = 0;
  BatchEvaluator::Outcome outcome;
};

struct Checkpoint {
  std::string method, problem, settings;
  Index dimension = 0;
  Bounds box;
  BlackBoxSettings run;  // seed and stop settings (threads and time limit are not compared)
  std::vector<LoggedGeneration> generations;
};

/// FNV-1a of the bytes of the first `count` columns.
std::uint64_t hash_candidates(const Matrix& X, Index count);
void save(const Checkpoint& c, const std::string& path);
/// Throws InvalidArgument for a missing, truncated, corrupt or foreign file.
Checkpoint load(const std::string& path);
/// Throws InvalidArgument naming the first difference between a loaded checkpoint and this run.
void check_same_run(const Checkpoint& loaded, const Checkpoint& current);

}  // namespace checkpoint_detail

}  // namespace minima
