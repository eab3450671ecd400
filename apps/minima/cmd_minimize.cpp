// minima minimize: a built-in test problem or a formula, any method, a report or --json.
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "minima/numerics/formula.hpp"
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
  std::string method = "lbfgs";
  std::optional<std::string> x0;  // unset: the standard start (an empty value is an error)
  std::optional<long> max_iter;
  std::optional<double> gtol;
  std::optional<double> step;
  std::string trace;
  bool json = false;
};

Objective objective_for(const MinimizeOptions& o, Vector& x0, std::string& label) {
  if (!o.problem.empty() && !o.expr.empty()) throw UsageError("give either --problem or --expr, not both");
  if (o.problem.empty() && o.expr.empty())
    throw UsageError("nothing to minimize: give --problem NAME or --expr FORMULA");
  if (!o.vars.empty() && o.expr.empty()) throw UsageError("--vars only applies to --expr");
  if (!o.problem.empty()) {
    TestProblem p = make_problem(o.problem, o.dim);
    label = p.description;
    x0 = o.x0 ? parse_vector(*o.x0, "--x0") : p.x0;
    if (x0.size() != p.dimension())
      throw UsageError(fmt::format("--x0 has {} values but problem '{}' has {} variables", x0.size(), p.name,
                                   p.dimension()));
    return p.objective;
  }
  if (o.dim) throw UsageError("--dim only applies to --problem");
  std::optional<std::vector<std::string>> names;
  if (!o.vars.empty()) names = parse_names(o.vars, "--vars");
  Formula formula = Formula::parse(o.expr, names);
  const auto n = static_cast<Index>(formula.variables().size());
  if (n == 0) throw UsageError(fmt::format("the formula '{}' has no variables", o.expr));
  x0 = o.x0 ? parse_vector(*o.x0, "--x0") : Vector(Vector::Zero(n));
  if (x0.size() != n) {
    std::string list;
    for (const auto& v : formula.variables()) {
      if (!list.empty()) list += ",";
      list += v;
    }
    throw UsageError(
        fmt::format("--x0 has {} values but the formula has {} variables ({})", x0.size(), n, list));
  }
  label = o.expr;
  return formula.objective();
}

void apply_overrides(Method& method, const MinimizeOptions& o) {
  if (!o.step) return;
  auto* gd = std::get_if<GradientDescent>(&method);
  if (!gd) throw UsageError("--step only applies to the gradient-descent methods");
  gd->fixed_step = *o.step;
}

void run_minimize(const MinimizeOptions& o) {
  Vector x0;
  std::string label;
  const Objective objective = objective_for(o, x0, label);
  Method method = method_from_name(o.method);
  apply_overrides(method, o);
  Stop stop;
  if (o.max_iter) stop.max_iterations = *o.max_iter;
  if (o.gtol) stop.g_abstol = *o.gtol;
  // Open the trace file first: a bad path is an input error, found before the run, not after it.
  std::ofstream trace_file;
  if (!o.trace.empty()) {
    trace_file.open(o.trace);
    if (!trace_file) throw UsageError(fmt::format("--trace: cannot write '{}'", o.trace));
  }
  Observer observer;
  if (!o.trace.empty()) observer.trace = x0.size() <= 20 ? Trace::with_x : Trace::values;
  Result result = minimize(objective, x0, method, stop, observer);
  result.method = o.method;  // the registry name the user chose ("newton-wolfe", not the family "newton")
  if (trace_file.is_open()) trace_file << trace_to_csv(result.trace);
  if (o.json) {
    std::cout << result_to_json(result) << "\n";
  } else {
    std::cout << "minimize " << label << "\n" << result_report(result);
  }
  exit_status() = exit_code(result);
}

}  // namespace

void add_minimize_command(CLI::App& app) {
  auto o = std::make_shared<MinimizeOptions>();
  CLI::App* cmd = app.add_subcommand("minimize", "Minimize a built-in test problem or a formula");
  cmd->add_option("--problem", o->problem, "Built-in test problem (see `minima problems`)");
  cmd->add_option("--dim", o->dim, "Dimension, for problems that take any n");
  cmd->add_option("--expr", o->expr, "Formula, e.g. \"100*(y-x^2)^2+(1-x)^2\"");
  cmd->add_option("--vars", o->vars, "Variable order for --expr, e.g. x,y (default: order of appearance)");
  cmd->add_option("--method", o->method, "Method (see `minima methods`)")->capture_default_str();
  cmd->add_option("--x0", o->x0, "Start point a,b,... (default: the problem's standard start, or zeros)");
  cmd->add_option("--max-iter", o->max_iter, "Iteration limit (default 1000)");
  cmd->add_option("--gtol", o->gtol, "Converged when the gradient max-norm <= GTOL (default 1e-8)");
  cmd->add_option("--step", o->step, "Fixed step for gradient-descent (no line search)");
  cmd->add_option("--trace", o->trace, "Write one CSV row per iteration to FILE");
  cmd->add_flag("--json", o->json, "Print the result as one JSON object");
  cmd->callback([o] { run_minimize(*o); });
}

}  // namespace minima::cli
