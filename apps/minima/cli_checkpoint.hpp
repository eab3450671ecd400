// --checkpoint, --checkpoint-every and --resume for the population methods of `minima blackbox`,
// and the SIGINT/SIGTERM handling that ends a run between generations with the checkpoint written
// (evolution/checkpoint.hpp). Kept apart from cmd_blackbox.cpp so that it stays thin.
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "minima/evolution/checkpoint.hpp"

namespace minima::cli {

struct CheckpointOptions {
  std::string path;
  long every = 10;
  std::string resume;
};

void add_checkpoint_options(CLI::App* cmd, CheckpointOptions& o);

/// The library's settings for these options; `problem` and `settings` identify the run (compared
/// on resume). The interrupt flag is the one InterruptOnSignal sets.
Checkpointing make_checkpointing(const CheckpointOptions& o, std::string problem, std::string settings);

/// While alive, SIGINT and SIGTERM set the flag (the run ends after the current generation)
/// instead of killing the process; a second signal kills as usual. Restores the old handlers.
class InterruptOnSignal {
 public:
  InterruptOnSignal();
  ~InterruptOnSignal();
  InterruptOnSignal(const InterruptOnSignal&) = delete;
  InterruptOnSignal& operator=(const InterruptOnSignal&) = delete;
  static const std::atomic<bool>& flag();
};

}  // namespace minima::cli
