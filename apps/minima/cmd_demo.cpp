// minima demo: minima's main job on a built-in default — every method on the seeds' examples and
// on Rosenbrock, as comparison tables.
#include <iostream>

#include "cli_common.hpp"
#include "minima/experiments/experiment.hpp"

namespace minima::cli {

void add_demo_command(CLI::App& app) {
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("demo", "Every method on the seeds' examples and on Rosenbrock");
  cmd->add_option("--out", *out, "Also write the tables (Markdown, CSV) to this directory");
  cmd->callback([out] {
    const ExperimentOutput output = run_demo();
    std::cout << render_experiment(output);
    if (!out->empty()) write_experiment(output, *out);
  });
}

}  // namespace minima::cli
