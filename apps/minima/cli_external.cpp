#include "cli_external.hpp"

#include <fmt/format.h>

#include "cli_common.hpp"
#include "minima/core/error.hpp"

namespace minima::cli {

void add_external_options(CLI::App* cmd, ExternalOptions& o, bool threads) {
  cmd->add_option("--command", o.command,
                  "External program as the objective, \"PROGRAM ARGS\": reads the point (one line of "
                  "numbers) on stdin, prints the value (lsq: the residuals) as its last line of stdout");
  cmd->add_option("--eval-timeout", o.eval_timeout,
                  "With --command: seconds one evaluation may take (then its process group is killed and "
                  "the evaluation counts as failed)");
  if (threads)
    cmd->add_option("--threads", o.threads,
                    "With --command: programs run at once for the finite-difference derivatives")
        ->capture_default_str();
}

std::shared_ptr<const ExternalProgram> make_external_program(const ExternalOptions& o) {
  if (o.command.empty()) {
    if (o.eval_timeout) throw UsageError("--eval-timeout only applies to --command");
    if (o.threads != 1) throw UsageError("--threads only applies to --command here");
    return nullptr;
  }
  if (o.threads < 1) throw UsageError(fmt::format("--threads {} must be >= 1", o.threads));
  ExternalProgramSettings settings;
  settings.timeout = o.eval_timeout;
  try {
    return std::make_shared<const ExternalProgram>(o.command, settings);
  } catch (const InvalidArgument& e) {
    throw UsageError(e.what());
  }
}

Index external_dimension(std::optional<Index> dim, const std::string& x0, const std::string& lower,
                         const std::string& upper) {
  auto count = [](const std::string& text) -> Index {
    if (text.empty()) return 0;
    return static_cast<Index>(std::count(text.begin(), text.end(), ',')) + 1;
  };
  if (dim && *dim < 1) throw UsageError(fmt::format("--dim {} must be >= 1", *dim));
  Index n = dim.value_or(0);
  const std::pair<const char*, Index> sources[] = {
      {"--x0", count(x0)}, {"--lower", count(lower)}, {"--upper", count(upper)}};
  for (const auto& [name, k] : sources) {
    const bool per_variable = k > 1 || (std::string_view(name) == "--x0" && k == 1);
    if (!per_variable) continue;
    if (n == 0)
      n = k;
    else if (k != n)
      throw UsageError(fmt::format("{} has {} values for {} variables", name, k, n));
  }
  if (n == 0)
    throw UsageError("--command: give the dimension with --dim N, --x0 a,b,... or per-variable bounds");
  return n;
}

ResidualObjective external_least_squares(const std::shared_ptr<const ExternalProgram>& program,
                                         const Vector& x0, int threads) {
  ProgramRun first = program->run(x0, 0);
  program->record(first);
  if (!first.ok)
    throw std::runtime_error(fmt::format(
        "--command: the program failed at --x0, so the number of residuals is unknown: {}", first.error));
  return external_residuals(program, static_cast<Index>(first.numbers.size()), x0.size(), threads);
}

std::string external_report_line(const ExternalProgram& program) {
  std::string line = fmt::format("program      {} runs of '{}', {} failed", program.runs(), program.command(),
                                 program.failures());
  if (program.failures() > 0) line += fmt::format(" (first: {})", program.first_failure());
  return line + "\n";
}

}  // namespace minima::cli
