// The options shared by the subcommands that can optimize an external program (`--command`,
// `--eval-timeout`, and for local methods `--threads`), and the helpers that turn them into the
// library's objectives (problems/external_program.hpp). Kept apart from cmd_*.cpp so that those
// stay thin.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "minima/core/residual_objective.hpp"
#include "minima/core/result.hpp"
#include "minima/core/types.hpp"
#include "minima/problems/external_program.hpp"

namespace minima::cli {

struct ExternalOptions {
  std::string command;
  std::optional<double> eval_timeout;
  int threads = 1;  // local methods: programs run at once for finite differences
};

/// Adds --command and --eval-timeout (and --threads when `threads` is true) to `cmd`.
void add_external_options(CLI::App* cmd, ExternalOptions& o, bool threads);

/// The program of --command (null without it). UsageError for --eval-timeout or --threads without
/// --command, a bad timeout, or a program that does not exist or is not executable.
std::shared_ptr<const ExternalProgram> make_external_program(const ExternalOptions& o);

/// The dimension of an external problem: --dim, else the size of --x0, else of a per-variable
/// --lower/--upper (UsageError when none says it, or they disagree). Empty strings mean "not given".
Index external_dimension(std::optional<Index> dim, const std::string& x0, const std::string& lower,
                         const std::string& upper);

/// The least-squares problem of --command in lsq: runs the program once at x0 to learn the number
/// of residuals m (a failure there is an error: nothing else says m), then every later run must
/// print m numbers.
ResidualObjective external_least_squares(const std::shared_ptr<const ExternalProgram>& program,
                                         const Vector& x0, int threads);

/// "  program  N runs, F failed (first: ...)" for the text report.
std::string external_report_line(const ExternalProgram& program);

}  // namespace minima::cli
