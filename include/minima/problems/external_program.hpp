// An external program as the objective (`--command "PROGRAM ARGS"`, issue 16): a simulation, a
// training run or an instrument behind a script, evaluated one process per point.
//
// Protocol: minima starts PROGRAM with ARGS (no shell: words split on blanks, '…' and "…" quote),
// writes the point to its standard input as one line of space-separated numbers printed with
// %.17g (so the program reads back the exact doubles), closes standard input, and reads the value —
// or the m residuals of a least-squares problem — from the LAST non-empty line of its standard
// output (numbers separated by blanks or commas; earlier lines are free for logging). Each program
// runs in its own process group; standard error is kept (its first lines) for the report.
//
// A failed evaluation is any of: the program cannot be started, exits with a non-zero status, dies
// on a signal, prints no line, prints something that is not a number, prints the wrong count of
// numbers, prints a non-finite value, or runs past the timeout (its whole process group is then
// killed with SIGKILL). Failures never throw out of the objectives built here:
//   - external_batch_objective (population methods): the call throws, so the BatchEvaluator counts
//     the point as failed, keeps its message and ranks it worst (+inf);
//   - external_objective / external_residuals (local methods): the value or residuals are NaN, so a
//     line search or a trust region treats the trial as a failed step and goes on where it can;
//     explain_program_failures() then turns a run that could not go on into Status::function_error.
// Derivatives of local methods come by central differences (numerics/finite_difference.hpp: same
// steps) with the 2n points run `parallel` programs at a time.
//
// Reference: the shape of Dakota's fork interface to a black-box simulator (Dakota User's
// Manual, "Interfaces": one process per evaluation, failure capture), with stdin/stdout in place of
// parameter and results files.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "minima/core/batch_objective.hpp"
#include "minima/core/objective.hpp"
#include "minima/core/residual_objective.hpp"
#include "minima/core/result.hpp"
#include "minima/core/types.hpp"

namespace minima {

struct ExternalProgramSettings {
  /// Wall-clock limit of one evaluation in seconds (none by default). Must be > 0 when given.
  std::optional<double> timeout{};
  /// Lines of standard error kept in a failure's message.
  int stderr_lines = 5;
};

/// What one run of the program gave: the numbers of its last line, or why it failed.
struct ProgramRun {
  bool ok = false;
  std::vector<double> numbers{};
  /// One line: the reason ("exited with status 3", "timed out after 0.2 s", ...), then
  /// " | stderr: " and the first stderr lines joined by " | " when there were any.
  std::string error{};
};

/// The error a failed evaluation throws in external_batch_objective.
class ProgramFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ExternalProgram {
 public:
  /// Splits `command` into words and resolves the program (on PATH when it has no '/'). Throws
  /// InvalidArgument for an empty command, an unbalanced quote, or a program that does not exist
  /// or is not executable — before anything runs.
  explicit ExternalProgram(const std::string& command, ExternalProgramSettings settings = {});

  /// Runs the program once at x. `expected` numbers on the last line (0: any count >= 1).
  /// Thread-safe: several runs may go on at once from different threads.
  ProgramRun run(const Vector& x, Index expected) const;
  /// Runs every column of X, up to `parallel` programs at once; results in column order.
  std::vector<ProgramRun> run_all(const Matrix& X, Index expected, int parallel) const;

  /// Counts a run in the statistics below (callers record in a fixed order so the first failure
  /// does not depend on the number of parallel programs). Thread-safe.
  void record(const ProgramRun& run) const;
  long runs() const;
  long failures() const;
  std::string first_failure() const;

  const std::string& command() const { return command_; }
  const std::vector<std::string>& words() const { return words_; }
  const std::string& path() const { return path_; }
  const ExternalProgramSettings& settings() const { return settings_; }

 private:
  std::string command_;
  std::vector<std::string> words_;
  std::string path_;  // the resolved executable
  ExternalProgramSettings settings_;
  mutable std::mutex mutex_;
  mutable long runs_ = 0;
  mutable long failures_ = 0;
  mutable std::string first_failure_;
};

/// The point as the program receives it: %.17g numbers separated by one space, then '\n'.
std::string format_program_input(const Vector& x);
/// The numbers of the last non-empty line of `output` (blanks or commas between them); nullopt
/// when there is no such line or an entry is not a complete number.
std::optional<std::vector<double>> parse_program_output(const std::string& output);

/// For population methods: f(x) = the program's single number; a failure throws ProgramFailure
/// (counted and ranked worst by the BatchEvaluator). The BatchEvaluator's threads run that many
/// programs at once.
BatchObjective external_batch_objective(std::shared_ptr<const ExternalProgram> program, Index n);

/// For local methods: f(x) by one run, ∇f by central differences over 2n runs (plus f(x) in the
/// same batch), `parallel` at a time. A failure gives NaN (a failed trial step).
Objective external_objective(std::shared_ptr<const ExternalProgram> program, Index n, int parallel);

/// For least squares: r(x) = the m numbers of one run, J by central differences (2n runs,
/// `parallel` at a time). A failure gives NaN residuals.
ResidualObjective external_residuals(std::shared_ptr<const ExternalProgram> program, Index m, Index n,
                                     int parallel);

/// After a local run on an external objective: when evaluations failed and the run stopped because
/// it could not go on (non-finite value, failed line search, collapsed trust region, ...), the
/// status becomes function_error with the count and the first failure in the message. A run that
/// went on past its failures keeps its status.
void explain_program_failures(Result& result, const ExternalProgram& program);

}  // namespace minima
