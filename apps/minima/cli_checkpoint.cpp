#include "cli_checkpoint.hpp"

#include <csignal>

#include <fmt/format.h>

#include "cli_common.hpp"

namespace minima::cli {
namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

extern "C" void on_interrupt_signal(int sig) {
  g_interrupted.store(true);
  std::signal(sig, SIG_DFL);  // a second Ctrl-C ends the process at once
}

struct sigaction g_old_int, g_old_term;

}  // namespace

void add_checkpoint_options(CLI::App* cmd, CheckpointOptions& o) {
  cmd->add_option(
      "--checkpoint", o.path,
      "Write the run's state to FILE (atomically) every --checkpoint-every generations and at the "
      "end; Ctrl-C or SIGTERM ends the run after the current generation with it written");
  cmd->add_option("--checkpoint-every", o.every,
                  "Generations between checkpoints (each write holds the whole log so far)")
      ->capture_default_str();
  cmd->add_option("--resume", o.resume,
                  "Continue the run saved in FILE (same problem and settings): ends exactly where the "
                  "uninterrupted run would");
}

Checkpointing make_checkpointing(const CheckpointOptions& o, std::string problem, std::string settings) {
  if (o.every < 1) throw UsageError(fmt::format("--checkpoint-every {} must be >= 1", o.every));
  Checkpointing c;
  c.path = o.path;
  c.every = o.every;
  c.resume = o.resume;
  c.problem = std::move(problem);
  c.settings = std::move(settings);
  c.interrupt = &InterruptOnSignal::flag();
  return c;
}

InterruptOnSignal::InterruptOnSignal() {
  g_interrupted.store(false);
  struct sigaction action {};
  action.sa_handler = on_interrupt_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, &g_old_int);
  sigaction(SIGTERM, &action, &g_old_term);
}

InterruptOnSignal::~InterruptOnSignal() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
}

const std::atomic<bool>& InterruptOnSignal::flag() {
  return g_interrupted;
}

}  // namespace minima::cli
