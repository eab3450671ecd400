// minima reproduce NAME|all [--out DIR] [--quick] [--threads K] [--strict]: the seeds' experiments, tables
// on the terminal (a progress bar while they run, on a terminal), tables (Markdown, CSV) and PNG plots in
// DIR, and a verdict on each of the seeds' claims. A reproduction that ran succeeds (exit 0) even when it
// refutes a claim; with --strict a claim not reproduced exits 1.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "minima/experiments/experiment.hpp"
#include "minima/report/progress.hpp"

namespace minima::cli {
namespace {

struct ReproduceOptions {
  std::string name;
  std::string out = "out";
  bool quick = false;
  unsigned long seed = ExperimentOptions{}.seed;
  int threads = ExperimentOptions{}.threads;
  bool no_progress = false;
  bool strict = false;
};

void run_reproduce(const ReproduceOptions& o) {
  std::vector<const ExperimentInfo*> selected;
  std::string known;
  for (const ExperimentInfo& e : experiment_registry()) {
    if (o.name == "all" || o.name == e.name) selected.push_back(&e);
    if (!known.empty()) known += ", ";
    known += e.name;
  }
  if (selected.empty())
    throw UsageError(fmt::format("unknown experiment '{}' (known: {}, all)", o.name, known));
  if (o.threads < 0) throw UsageError(fmt::format("--threads = {} must be >= 0", o.threads));
  check_writable_directory(o.out, "--out");  // before the run: a full `reproduce eda` takes an hour
  ExperimentOptions options;
  options.quick = o.quick;
  options.seed = o.seed;
  options.threads = o.threads;
  long not_reproduced = 0;
  for (const ExperimentInfo* e : selected) {
    ProgressBar bar(e->name, stderr);
    options.progress = {};
    if (bar.enabled() && !o.no_progress)
      options.progress = [&bar](long done, long total, const std::string& what) {
        bar.update(done, total, what);
      };
    const ExperimentOutput output = e->run(options);
    bar.finish();
    std::cout << render_experiment(output);
    const auto dir = std::filesystem::path(o.out) / output.name;
    const auto files = write_experiment(output, dir);
    std::cout << fmt::format("wrote {} files to {}\n\n", files.size(), dir.string());
    for (const auto& check : output.checks) not_reproduced += !check.passed;
  }
  if (not_reproduced > 0 && o.strict) {
    std::cerr << fmt::format(
        "minima: error: {} of the seeds' claims were not reproduced (see the checks above; --strict)\n",
        not_reproduced);
    exit_status() = kFailed;
  } else if (not_reproduced > 0) {
    std::cerr << fmt::format(
        "minima: note: {} of the seeds' claims were not reproduced (see the checks above); the reproduction "
        "ran, so it exits 0 (--strict: exit 1)\n",
        not_reproduced);
  }
}

}  // namespace

void add_reproduce_command(CLI::App& app) {
  auto o = std::make_shared<ReproduceOptions>();
  CLI::App* cmd = app.add_subcommand("reproduce", "Reproduce a seed's experiment: tables and PNG plots");
  cmd->add_option("name", o->name, "Experiment name, or all")->required();
  cmd->add_option("--out", o->out, "Output directory (a folder per experiment inside)")
      ->capture_default_str();
  cmd->add_flag("--quick", o->quick, "A smaller, faster version (for tests)");
  cmd->add_option("--seed", o->seed, "Random seed for stochastic experiments")
      ->check(whole_number(0, ~0ull))
      ->capture_default_str();
  cmd->add_option("--threads", o->threads,
                  "Threads for independent runs (eda; 0: all cores); the results do not depend on it")
      ->capture_default_str();
  cmd->add_flag("--no-progress", o->no_progress, "No progress bar, even on a terminal");
  cmd->add_flag("--strict", o->strict, "Exit 1 when a seed's claim is not reproduced");
  cmd->callback([o] { run_reproduce(*o); });
}

}  // namespace minima::cli
