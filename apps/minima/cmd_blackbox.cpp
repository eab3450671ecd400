// minima blackbox: black-box global minimization of a built-in global test problem or a formula in
// a box, by a population method (evolution/black_box.hpp), with a progress bar on a terminal, a
// report of the best point, value, evaluations and generations (and any method-specific values
// per generation, e.g. EDA_vbMFA's number of analysers), or --json. Under `mpirun -n K` the
// batches go over K processes (cli_mpi.hpp) and the result is the one of a single process.
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include <fmt/format.h>

#include "cli_checkpoint.hpp"
#include "cli_common.hpp"
#include "cli_external.hpp"
#include "cli_mpi.hpp"
#include "minima/distributed/mpi_evaluator.hpp"
#include "minima/evolution/black_box.hpp"
#include "minima/numerics/formula.hpp"
#include "minima/problems/global_problems.hpp"
#include "minima/report/json.hpp"
#include "minima/report/progress.hpp"
#include "minima/report/table.hpp"
#include "minima/report/text_report.hpp"

namespace minima::cli {
namespace {

struct BlackBoxOptions {
  std::string problem;
  std::optional<Index> dim;
  std::string expr;
  std::string vars;
  std::string lower, upper;
  std::string method = "cma-es";
  std::optional<Index> population;
  long budget = BlackBoxSettings{}.max_evaluations;
  std::optional<double> target;
  std::optional<double> time_limit;
  std::uint64_t seed = BlackBoxSettings{}.seed;
  int threads = BlackBoxSettings{}.threads;
  bool json = false;
  bool no_progress = false;
  ExternalOptions external;      // --command, --eval-timeout
  CheckpointOptions checkpoint;  // --checkpoint, --checkpoint-every, --resume
};

void run_blackbox(const BlackBoxOptions& o) {
  const bool command = !o.external.command.empty();
  if (!o.problem.empty() + !o.expr.empty() + command > 1)
    throw UsageError("give one of --problem, --expr or --command");
  if (o.problem.empty() && o.expr.empty() && !command)
    throw UsageError("nothing to minimize: give --problem NAME, --expr FORMULA or --command PROGRAM");
  if (!o.vars.empty() && o.expr.empty()) throw UsageError("--vars only applies to --expr");
  if (o.dim && o.problem.empty() && !command)
    throw UsageError("--dim only applies to --problem and --command");
  const auto program = make_external_program(o.external);
  if (o.budget < 1) throw UsageError(fmt::format("--budget {} must be >= 1", o.budget));
  if (o.threads < 0)
    throw UsageError(fmt::format("--threads {} must be >= 0 (0: all hardware threads)", o.threads));
  if (o.population && *o.population < 1)
    throw UsageError(fmt::format("--population {} must be >= 1", *o.population));
  // One generation must fit in the budget; a larger population only allocates (1e9 points of n
  // coordinates each) and never completes a generation.
  if (o.population && *o.population > o.budget)
    throw UsageError(fmt::format("--population {} is larger than --budget {}: not one generation fits",
                                 *o.population, o.budget));

  std::function<double(const Vector&)> function;
  std::string label;
  Bounds box;
  Index n = 0;
  std::optional<double> f_min;
  if (!o.problem.empty()) {
    GlobalProblem p = make_global_problem(o.problem, o.dim);
    function = p.function;
    label = p.description;
    box = p.box;
    n = p.dimension();
    f_min = p.f_min;
  } else if (program) {
    n = external_dimension(o.dim, "", o.lower, o.upper);
    if (o.lower.empty() || o.upper.empty())
      throw UsageError(
          "--command needs a search box: give --lower and --upper (one value for all, or one per variable)");
    label = o.external.command;
  } else {
    std::optional<std::vector<std::string>> names;
    if (!o.vars.empty()) names = parse_names(o.vars, "--vars");
    auto formula = std::make_shared<Formula>(Formula::parse(o.expr, names));
    n = static_cast<Index>(formula->variables().size());
    if (n == 0) throw UsageError(fmt::format("the formula '{}' has no variables", o.expr));
    if (o.lower.empty() || o.upper.empty())
      throw UsageError(
          "--expr needs a search box: give --lower and --upper (one value for all, or one per variable)");
    function = [formula](const Vector& x) {
      return formula->evaluate(std::span<const double>(x.data(), x.size()));
    };
    label = o.expr;
  }
  if (!o.lower.empty()) box.lower = parse_bounds(o.lower, "--lower", n);
  if (!o.upper.empty()) box.upper = parse_bounds(o.upper, "--upper", n);
  check_search_box(box, n);  // lower >= upper, infinite or NaN bounds: a one-line error before the run

  const BatchObjective objective =
      program ? external_batch_objective(program, n) : BatchObjective::from_function(function, n);
  BlackBoxSettings settings;
  settings.max_evaluations = o.budget;
  settings.f_target = o.target;
  settings.time_limit = o.time_limit;
  settings.seed = o.seed;
  settings.threads = o.threads;

  auto method = make_black_box_method(o.method, o.population);
  const std::string problem_id = !o.problem.empty() ? fmt::format("problem {} n={}", o.problem, n)
                                 : program          ? "command " + o.external.command
                                                    : "expr " + o.expr + " vars " + o.vars;
  const Checkpointing checkpointing = make_checkpointing(
      o.checkpoint, problem_id, o.population ? fmt::format("population={}", *o.population) : "");
  // First signal: end after the current generation. Under mpirun the workers ignore it too (rank 0
  // decides when the job ends) and leave when rank 0 releases them.
  InterruptOnSignal interrupt_on_signal;

  // Under mpirun: every rank has set up the same problem; rank 0 runs the method, the others
  // evaluate their share of each batch (--threads per rank) and print nothing.
  std::optional<MpiBatchEvaluator> mpi;
  if (mpi_distributed()) {
    mpi_agree_setup();
    mpi.emplace(objective, o.threads);
    if (!mpi->is_root()) {
      exit_status() = mpi->serve();
      return;
    }
  }

  ProgressBar bar(o.method, stderr);
  PopulationObserver observer;
  observer.keep_generations = true;
  if (bar.enabled() && !o.no_progress)
    observer.callback = [&bar, &o](const GenerationRecord& g) {
      bar.update(g.evaluations, o.budget,
                 fmt::format("gen {}  f = {}", g.generation, format_number(g.best_f, 6)));
      return ObserverAction::proceed;
    };
  Result result =
      run_population(mpi ? mpi->objective() : objective, box, *method, settings, observer, checkpointing);
  bar.finish();
  result.trace.clear();  // the per-generation series are in result.population
  if (mpi) {
    mpi->shutdown(exit_code(result));
    if (mpi->largest_batch() < mpi->size())
      std::cerr << fmt::format(
          "minima: note: {} MPI processes, but the batches had at most {} points, so {} stayed idle (a "
          "larger "
          "--population uses them)\n",
          mpi->size(), mpi->largest_batch(), mpi->size() - mpi->largest_batch());
  }

  if (o.json) {
    std::cout << result_to_json(result) << "\n";
  } else {
    std::cout << "blackbox " << label << "\n";
    std::cout << "  box " << format_vector(box.lower) << " .. " << format_vector(box.upper) << "\n";
    if (f_min) std::cout << "  known minimum f* = " << format_number(*f_min, 6) << "\n";
    std::cout << result_report(result);
  }
  exit_status() = exit_code(result);
}

}  // namespace

void add_blackbox_command(CLI::App& app) {
  auto o = std::make_shared<BlackBoxOptions>();
  CLI::App* cmd =
      app.add_subcommand("blackbox", "Global black-box minimization in a box by a population method");
  std::string problems;
  for (const auto& name : list_global_problems()) {
    if (!problems.empty()) problems += ", ";
    problems += name;
  }
  std::string methods;
  for (const auto& info : list_black_box_methods()) {
    if (!methods.empty()) methods += ", ";
    methods += info.name;
  }
  cmd->add_option("--problem", o->problem, fmt::format("Built-in global problem ({})", problems));
  cmd->add_option("--dim", o->dim, "Dimension of --problem (default 10) or of --command");
  cmd->add_option("--expr", o->expr, "Formula, e.g. \"x^2+y^2\" (needs --lower and --upper)");
  cmd->add_option("--vars", o->vars, "Variable order for --expr, e.g. x,y (default: order of appearance)");
  cmd->add_option("--lower", o->lower, "Lower bounds: one value for all variables, or a,b,...");
  cmd->add_option("--upper", o->upper, "Upper bounds: one value for all variables, or a,b,...");
  cmd->add_option("--method", o->method, fmt::format("Method ({})", methods))->capture_default_str();
  cmd->add_option("--population", o->population, "Population size N (IPOP-CMA-ES: the first lambda)");
  cmd->add_option("--budget", o->budget, "Evaluation budget")
      ->check(whole_number(1, 1ull << 62))
      ->capture_default_str();
  cmd->add_option("--target", o->target, "Stop once f <= TARGET");
  cmd->add_option("--time-limit", o->time_limit, "Wall-clock limit in seconds");
  cmd->add_option("--seed", o->seed, "Random seed: the same seed gives the same run")
      ->check(whole_number(0, ~0ull))
      ->capture_default_str();
  cmd->add_option(
         "--threads", o->threads,
         "Evaluation threads (0: all; with --command: programs at once); results do not depend on it")
      ->capture_default_str();
  add_external_options(cmd, o->external, /*threads=*/false);
  add_checkpoint_options(cmd, o->checkpoint);
  cmd->add_flag("--json", o->json, "Print the result as one JSON object");
  cmd->add_flag("--no-progress", o->no_progress, "No progress bar, even on a terminal");
  cmd->callback([o] { run_blackbox(*o); });
}

}  // namespace minima::cli
