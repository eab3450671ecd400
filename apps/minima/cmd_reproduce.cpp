// minima reproduce NAME|all [--out DIR] [--quick]: the seeds' experiments, tables on the terminal,
// tables (Markdown, CSV) and PNG plots in DIR. Exits 1 if a seed's claim was not reproduced.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "minima/experiments/experiment.hpp"

namespace minima::cli {
namespace {

struct ReproduceOptions {
  std::string name;
  std::string out = "out";
  bool quick = false;
  unsigned long seed = 1;
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
  ExperimentOptions options;
  options.quick = o.quick;
  options.seed = o.seed;
  bool all_passed = true;
  for (const ExperimentInfo* e : selected) {
    const ExperimentOutput output = e->run(options);
    std::cout << render_experiment(output);
    const auto dir = std::filesystem::path(o.out) / output.name;
    const auto files = write_experiment(output, dir);
    std::cout << fmt::format("wrote {} files to {}\n\n", files.size(), dir.string());
    all_passed = all_passed && output.all_checks_passed();
  }
  if (!all_passed) {
    std::cerr << "minima: error: some of the seeds' claims were not reproduced (see the checks above)\n";
    exit_status() = kFailed;
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
  cmd->add_option("--seed", o->seed, "Random seed for stochastic experiments")->capture_default_str();
  cmd->callback([o] { run_reproduce(*o); });
}

}  // namespace minima::cli
