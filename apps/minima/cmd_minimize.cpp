// minima minimize: a built-in test problem (unconstrained or from the constrained catalogue, e.g.
// hs071) or a formula, any method, a report or --json. Bounds (--lower/--upper) and constraint
// formulas (--subject-to, read by problems/constraint_formula.hpp) go to minimize_constrained; the
// method is resolved by the library (resolve_method: "auto" and what an unconstrained name means
// under constraints), and every stopping flag is a field of Stop, whose defaults --help shows.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "cli_external.hpp"
#include "minima/constrained/minimize_constrained.hpp"
#include "minima/numerics/formula.hpp"
#include "minima/problems/constrained_problem.hpp"
#include "minima/problems/constraint_formula.hpp"
#include "minima/problems/test_problem.hpp"
#include "minima/report/csv.hpp"
#include "minima/report/json.hpp"
#include "minima/report/text_report.hpp"
#include "minima/unconstrained/minimize.hpp"

namespace minima::cli {
namespace {

struct MinimizeOptions {
  std::string problem;
  std::optional<Index> dim;
  std::string expr;
  std::string vars;
  std::string method = "auto";
  std::string lower, upper;
  std::vector<std::string> subject_to;
  std::optional<std::string> x0;  // unset: the standard start (an empty value is an error)
  Stop stop;                      // every stopping flag writes its field; the defaults are Stop{}'s
  std::optional<double> step;
  std::string trace;
  bool json = false;
  ExternalOptions external;  // --command, --eval-timeout, --threads
  std::shared_ptr<const ExternalProgram> program;
};

/// What to minimize: the objective, its start, a label, the formula's variables and, for a problem
/// of the constrained catalogue, its constraints.
struct Problem {
  std::optional<Objective> objective;  // set by problem_for (Objective has no empty state)
  Vector x0;
  std::string label;
  std::vector<std::string> variables;
  Constraints constraints;
};

bool is_constrained_problem(const std::string& name) {
  if (name.empty()) return false;
  // The unconstrained catalogue first: it is built in, while the constrained one reads data files,
  // which a run of an unconstrained problem must not need.
  for (const ProblemInfo& p : list_problems())
    if (p.name == name) return false;
  for (const ConstrainedProblemInfo& p : list_constrained_problems())
    if (p.name == name) return true;
  return false;
}

Problem problem_for(const MinimizeOptions& o) {
  Problem out;
  if (o.program) {
    if (!o.problem.empty() || !o.expr.empty()) throw UsageError("give one of --problem, --expr or --command");
    const Index n = external_dimension(o.dim, o.x0.value_or(""), o.lower, o.upper);
    out.x0 = o.x0 ? parse_vector(*o.x0, "--x0") : Vector(Vector::Zero(n));
    out.label = o.external.command;
    out.objective = external_objective(o.program, n, o.external.threads);
    return out;
  }
  if (!o.problem.empty() && !o.expr.empty()) throw UsageError("give either --problem or --expr, not both");
  if (o.problem.empty() && o.expr.empty())
    throw UsageError("nothing to minimize: give --problem NAME or --expr FORMULA");
  if (!o.vars.empty() && o.expr.empty()) throw UsageError("--vars only applies to --expr");
  if (is_constrained_problem(o.problem)) {
    if (o.dim) throw UsageError(fmt::format("--dim: problem '{}' has a fixed dimension", o.problem));
    if (!o.lower.empty() || !o.upper.empty())
      throw UsageError(fmt::format("--lower/--upper: problem '{}' has its own constraints", o.problem));
    ConstrainedProblem p = make_constrained_problem(o.problem);
    out.label = fmt::format("{} ({})", p.name, p.description);
    out.x0 = o.x0 ? parse_vector(*o.x0, "--x0") : p.x0;
    if (out.x0.size() != p.dimension())
      throw UsageError(fmt::format("--x0 has {} values but problem '{}' has {} variables", out.x0.size(),
                                   p.name, p.dimension()));
    out.objective = std::move(p.objective);
    out.constraints = std::move(p.constraints);
    return out;
  }
  if (!o.problem.empty()) {
    if (o.dim) {
      // Dense methods keep n×n matrices (Hessian, factor, BFGS matrix); the others a few dozen
      // n-vectors (L-BFGS: 2·memory pairs and work vectors). "auto" is judged by what it resolves to
      // without constraints (trust-region-cg when the problem has a Hessian).
      std::string method = o.method;
      if (method == "auto") method = default_method(make_problem(o.problem).objective, *o.dim).name;
      const bool dense = method.find("newton") != std::string::npos ||
                         method.find("trust") != std::string::npos || method == "bfgs" || method == "sqp";
      const double n = static_cast<double>(*o.dim);
      check_memory(dense ? 4.0 * n * n * 8.0 : 32.0 * n * 8.0,
                   fmt::format("--dim {} with {}", *o.dim, method));
    }
    TestProblem p = make_problem(o.problem, o.dim);
    out.label = p.description;
    out.x0 = o.x0 ? parse_vector(*o.x0, "--x0") : p.x0;
    if (out.x0.size() != p.dimension())
      throw UsageError(fmt::format("--x0 has {} values but problem '{}' has {} variables", out.x0.size(),
                                   p.name, p.dimension()));
    out.objective = p.objective;
    return out;
  }
  if (o.dim) throw UsageError("--dim only applies to --problem");
  std::optional<std::vector<std::string>> names;
  if (!o.vars.empty()) names = parse_names(o.vars, "--vars");
  Formula formula = Formula::parse(o.expr, names);
  out.variables = formula.variables();
  const auto n = static_cast<Index>(formula.variables().size());
  if (n == 0) throw UsageError(fmt::format("the formula '{}' has no variables", o.expr));
  out.x0 = o.x0 ? parse_vector(*o.x0, "--x0") : Vector(Vector::Zero(n));
  if (out.x0.size() != n) {
    std::string list;
    for (const auto& v : formula.variables()) {
      if (!list.empty()) list += ",";
      list += v;
    }
    throw UsageError(
        fmt::format("--x0 has {} values but the formula has {} variables ({})", out.x0.size(), n, list));
  }
  out.label = o.expr;
  out.objective = formula.objective();
  return out;
}

/// The stopping flags' values against Stop's rules, each error naming its flag (Stop::validate
/// would name the field, which the user never typed).
void check_stop_flags(const Stop& s) {
  // Stop::validate holds the rules and names the field ("Stop::g_abstol = -1: must be ..."); the
  // user typed the flag, so the message is given back with the flag in the field's place.
  static constexpr std::pair<std::string_view, std::string_view> kFlags[] = {
      {"g_abstol", "--gtol"},           {"x_abstol", "--xtol"},
      {"x_reltol", "--xtol-rel"},       {"f_abstol", "--ftol"},
      {"f_reltol", "--ftol-rel"},       {"f_target", "--target"},
      {"max_iterations", "--max-iter"}, {"max_evaluations", "--max-evals"},
      {"time_limit", "--time-limit"},   {"divergence_limit", "--divergence-limit"}};
  try {
    s.validate();
  } catch (const InvalidArgument& e) {
    std::string message = e.what();
    for (const auto& [field, flag] : kFlags) {
      const std::string prefix = fmt::format("Stop::{} = ", field);
      if (message.starts_with(prefix))
        throw UsageError(fmt::format("{} {}", flag, message.substr(prefix.size())));
    }
    throw UsageError(message);
  }
}

/// --step sets a gradient-descent method's fixed step, also as the augmented Lagrangian's inner one.
void apply_step(ResolvedMethod& resolved, const MinimizeOptions& o, const Constraints& constraints) {
  if (!o.step) return;
  Method* method = std::get_if<Method>(&resolved.method);
  if (!method)
    if (auto* al = std::get_if<AugmentedLagrangian>(&std::get<ConstrainedMethod>(resolved.method))) {
      // With bounds the augmented Lagrangian runs its bound_inner (lbfgsb), never `inner`.
      if (!constraints.bounds.empty())
        throw UsageError(
            "--step: with bounds the augmented Lagrangian runs lbfgsb inside, not gradient descent");
      method = &al->inner;
    }
  auto* gd = method ? std::get_if<GradientDescent>(method) : nullptr;
  if (!gd) throw UsageError("--step only applies to the gradient-descent methods");
  gd->fixed_step = *o.step;
}

void run_minimize(MinimizeOptions o) {
  check_stop_flags(o.stop);
  o.program = make_external_program(o.external);
  Problem problem = problem_for(o);
  const Index n = problem.x0.size();
  Constraints& constraints = problem.constraints;
  if (!o.lower.empty()) constraints.bounds.lower = parse_bounds(o.lower, "--lower", n);
  if (!o.upper.empty()) constraints.bounds.upper = parse_bounds(o.upper, "--upper", n);
  if (!o.subject_to.empty() && o.expr.empty())
    throw UsageError("--subject-to needs --expr (the constraint formulas use its variables)");
  for (const std::string& text : o.subject_to) {
    try {
      add_constraint(constraints, text, problem.variables);
    } catch (const ConstraintParseError& e) {
      throw UsageError(fmt::format("--subject-to {}", e.what()));
    }
  }
  // lower > upper etc.: a one-line error before the run
  if (!constraints.bounds.empty()) constraints.bounds.validate(n);

  ResolvedMethod method = resolve_method(o.method, *problem.objective, constraints, n, o.stop);
  apply_step(method, o, constraints);

  // Open the trace file first: a bad path is an input error, found before the run, not after it.
  std::ofstream trace_file;
  if (!o.trace.empty()) {
    trace_file.open(o.trace);
    if (!trace_file) throw UsageError(fmt::format("--trace: cannot write '{}'", o.trace));
  }
  Observer observer;
  if (!o.trace.empty()) observer.trace = n <= 20 ? Trace::with_x : Trace::values;

  Result result = minimize_constrained(*problem.objective, problem.x0, constraints, method, o.stop, observer);
  if (o.program) explain_program_failures(result, *o.program);
  if (trace_file.is_open()) trace_file << trace_to_csv(result.trace);
  if (o.json) {
    std::cout << result_to_json(result) << "\n";
  } else {
    std::cout << "minimize " << problem.label << "\n";
    for (const auto* names : {&constraints.equality_names, &constraints.inequality_names})
      for (const std::string& c : *names) std::cout << "  subject to " << c << "\n";
    std::cout << result_report(result);
    if (o.program) std::cout << external_report_line(*o.program);
  }
  exit_status() = exit_code(result);
}

}  // namespace

void add_minimize_command(CLI::App& app) {
  auto o = std::make_shared<MinimizeOptions>();
  CLI::App* cmd = app.add_subcommand("minimize", "Minimize a built-in test problem or a formula");
  cmd->add_option("--problem", o->problem,
                  "Built-in test problem, unconstrained or constrained, e.g. hs071 (see `minima problems`)");
  cmd->add_option("--dim", o->dim, "Dimension, for problems that take any n");
  cmd->add_option("--expr", o->expr, "Formula, e.g. \"100*(y-x^2)^2+(1-x)^2\"");
  cmd->add_option("--vars", o->vars, "Variable order for --expr, e.g. x,y (default: order of appearance)");
  cmd->add_option("--method", o->method,
                  fmt::format("Method (see `minima methods`). auto: lbfgsb with bounds alone; sqp with "
                              "--subject-to up to {} variables, else augmented-lagrangian; unconstrained, "
                              "trust-region-cg with a Hessian, else lbfgs (bobyqa for --command up to {} "
                              "variables). With --subject-to an unconstrained name is the augmented "
                              "Lagrangian's inner method",
                              kSqpDefaultMaxDimension, kBobyqaDefaultMaxDimension))
      ->capture_default_str();
  cmd->add_option("--x0", o->x0, "Start point a,b,... (default: the problem's standard start, or zeros)");
  Stop& stop = o->stop;
  cmd->add_option("--max-iter", stop.max_iterations, "Iteration limit")
      ->check(whole_number(0, 1ull << 62))
      ->capture_default_str();
  cmd->add_option("--max-evals", stop.max_evaluations,
                  "Limit on function evaluations, checked between iterations (default: none)");
  cmd->add_option("--time-limit", stop.time_limit,
                  "Wall-clock limit in seconds, checked between iterations (default: none)");
  cmd->add_option("--gtol", stop.g_abstol, "Converged when the gradient max-norm <= GTOL (0: off)")
      ->capture_default_str();
  cmd->add_option("--xtol", stop.x_abstol,
                  "Converged when the step's max-norm <= XTOL + XTOL_REL*|x| (0: off)")
      ->capture_default_str();
  cmd->add_option("--xtol-rel", stop.x_reltol, "Relative part of the step test (see --xtol)")
      ->capture_default_str();
  cmd->add_option("--ftol", stop.f_abstol, "Converged when the change of f <= FTOL + FTOL_REL*|f| (0: off)")
      ->capture_default_str();
  cmd->add_option("--ftol-rel", stop.f_reltol, "Relative part of the f-change test (see --ftol)")
      ->capture_default_str();
  cmd->add_option("--target", stop.f_target, "Stop (status target_reached) once f <= TARGET");
  cmd->add_option("--divergence-limit", stop.divergence_limit,
                  "Stop (status diverged) once |f| or |x| exceeds this")
      ->capture_default_str();
  cmd->add_option("--step", o->step, "Fixed step for gradient-descent (no line search)");
  cmd->add_option("--lower", o->lower,
                  "Lower bounds: one value for all variables, or a,b,... (-inf allowed)");
  cmd->add_option("--upper", o->upper, "Upper bounds: one value for all variables, or a,b,... (inf allowed)");
  cmd->add_option("--subject-to", o->subject_to,
                  "Constraint formula with --expr, e.g. \"x^2+y^2<=1\", \"x+y=1\", \"x>=0\" (repeatable)");
  cmd->add_option("--trace", o->trace, "Write one CSV row per iteration to FILE");
  cmd->add_flag("--json", o->json, "Print the result as one JSON object");
  add_external_options(cmd, o->external, /*threads=*/true);
  cmd->callback([o] { run_minimize(*o); });
}

}  // namespace minima::cli
