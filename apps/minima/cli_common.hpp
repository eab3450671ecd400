// Shared helpers of the minima command-line tool: argument parsing beyond CLI11 and the error
// convention (one line on stderr, non-zero exit).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "minima/core/result.hpp"
#include "minima/core/types.hpp"

namespace minima::cli {

/// Exit codes: 0 converged; 1 the method failed (line search, NaN, user error, ...);
/// 2 bad usage or input; 3 stopped by a limit (iterations, evaluations, time) before converging.
enum ExitCode : int { kConverged = 0, kFailed = 1, kUsage = 2, kLimit = 3 };

/// A bad argument or input file: main() prints "minima: error: <what>" and exits with kUsage.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// "1,-2.5,1e-3" → vector; every entry must be a complete number in C notation and finite (with
/// allow_infinite, inf and -inf are taken too, as bounds need, and only NaN is refused).
/// `what` names the option in messages ("--x0").
Vector parse_vector(std::string_view text, std::string_view what, bool allow_infinite = false);
/// "--lower 0" (one value for all n) or "--lower 0,-inf,1" (one per variable); inf and -inf allowed.
/// Empty text gives an empty vector. `what` names the option in messages.
Vector parse_bounds(const std::string& text, const char* what, Index n);
/// "x,y,z" → names (non-empty identifiers).
std::vector<std::string> parse_names(std::string_view text, std::string_view what);

/// A CLI11 check for a whole-number option: the text must be an integer within [min, max] as
/// written, so "-1" for a seed is refused instead of wrapping to 2⁶⁴ − 1 and 99999999999999999999
/// for an iteration limit is refused instead of clamped.
CLI::Validator whole_number(long long min, unsigned long long max);

/// Checked before a long run, so a bad output path costs nothing: the folder (created if missing)
/// must take a new file; the file must be creatable or appendable (it is left as it was).
void check_writable_directory(const std::string& path, std::string_view what);
void check_writable_file(const std::string& path, std::string_view what);

/// Refuses, before anything is allocated, a run whose working set (`bytes`, an estimate) exceeds the
/// machine's physical memory: a clear error instead of swapping or std::bad_alloc mid-run.
void check_memory(double bytes, std::string_view what);

int exit_code(const Result& result);

/// Registers one subcommand each (defined in cmd_*.cpp).
void add_minimize_command(CLI::App& app);
void add_list_commands(CLI::App& app);
void add_reproduce_command(CLI::App& app);
void add_demo_command(CLI::App& app);
void add_lsq_command(CLI::App& app);
void add_regress_command(CLI::App& app);
void add_blackbox_command(CLI::App& app);
void add_vae_command(CLI::App& app);

/// Subcommands set this to the code main() returns.
int& exit_status();

}  // namespace minima::cli
