// minima minimize: a built-in test problem or a formula, any method, a report or --json.
// With --lower/--upper (bounds) or --subject-to (constraint formulas, with --expr) the run goes
// through minimize_constrained: lbfgsb for bounds alone, otherwise sqp up to 50 variables and the
// augmented Lagrangian above (an unconstrained --method names the augmented Lagrangian's inner method);
// the derivative-free methods (nelder-mead, bobyqa) take bounds themselves.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "cli_external.hpp"
#include "minima/constrained/minimize_constrained.hpp"
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
  std::optional<std::string> method;  // unset: lbfgs, or the constrained default
  std::string lower, upper;
  std::vector<std::string> subject_to;
  std::optional<std::string> x0;  // unset: the standard start (an empty value is an error)
  std::optional<long> max_iter;
  std::optional<double> gtol;
  std::optional<double> step;
  std::optional<double> target;
  std::optional<long> max_evals;
  std::string trace;
  bool json = false;
  ExternalOptions external;  // --command, --eval-timeout, --threads
  std::shared_ptr<const ExternalProgram> program;
};

Objective objective_for(const MinimizeOptions& o, Vector& x0, std::string& label,
                        std::vector<std::string>& variables) {
  if (o.program) {
    if (!o.problem.empty() || !o.expr.empty()) throw UsageError("give one of --problem, --expr or --command");
    const Index n = external_dimension(o.dim, o.x0.value_or(""), o.lower, o.upper);
    x0 = o.x0 ? parse_vector(*o.x0, "--x0") : Vector(Vector::Zero(n));
    label = o.external.command;
    return external_objective(o.program, n, o.external.threads);
  }
  if (!o.problem.empty() && !o.expr.empty()) throw UsageError("give either --problem or --expr, not both");
  if (o.problem.empty() && o.expr.empty())
    throw UsageError("nothing to minimize: give --problem NAME or --expr FORMULA");
  if (!o.vars.empty() && o.expr.empty()) throw UsageError("--vars only applies to --expr");
  if (!o.problem.empty()) {
    if (o.dim) {
      // Dense methods keep n×n matrices (Hessian, factor, BFGS matrix); the others a few dozen
      // n-vectors (L-BFGS: 2·memory pairs and work vectors).
      const std::string method = o.method.value_or("lbfgs");
      const bool dense = method.find("newton") != std::string::npos ||
                         method.find("trust") != std::string::npos || method == "bfgs" || method == "sqp";
      const double n = static_cast<double>(*o.dim);
      check_memory(dense ? 4.0 * n * n * 8.0 : 32.0 * n * 8.0,
                   fmt::format("--dim {} with {}", *o.dim, method));
    }
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
  variables = formula.variables();
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

/// One --subject-to formula: "lhs <= rhs", "lhs >= rhs" or "lhs = rhs" (also "=="). Returns the
/// constraint as lhs − rhs (≤ 0 or = 0), rhs − lhs for ≥. Errors name the 1-based position in `text`.
struct ParsedConstraint {
  Objective function;
  bool equality = false;
};

ParsedConstraint parse_constraint(const std::string& text, const std::vector<std::string>& variables) {
  std::size_t op = std::string::npos, op_len = 0;
  enum class Kind { le, ge, eq } kind = Kind::eq;
  int operators = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    std::size_t len = 0;
    Kind k = Kind::eq;
    if ((c == '<' || c == '>') && next == '=') {
      len = 2;
      k = c == '<' ? Kind::le : Kind::ge;
    } else if (c == '=' && next == '=') {
      len = 2;
    } else if (c == '=') {
      len = 1;
    } else if (c == '<' || c == '>') {
      throw UsageError(
          fmt::format("--subject-to '{}': position {}: use <= or >= (strict inequalities are not "
                      "supported)",
                      text, i + 1));
    }
    if (len == 0) continue;
    if (++operators > 1)
      throw UsageError(
          fmt::format("--subject-to '{}': position {}: a second comparison (give one constraint per "
                      "--subject-to)",
                      text, i + 1));
    op = i;
    op_len = len;
    kind = k;
    i += len - 1;
  }
  if (op == std::string::npos)
    throw UsageError(fmt::format("--subject-to '{}': position {}: expected a comparison <=, >= or =", text,
                                 text.size() + 1));
  auto parse_side = [&](std::size_t from, std::size_t to) {
    const std::string side = text.substr(from, to - from);
    try {
      return Formula::parse(side, variables);
    } catch (const FormulaParseError& e) {
      std::string what = e.what();
      const auto colon = what.find(": ");
      if (colon != std::string::npos) what = what.substr(colon + 2);
      throw UsageError(fmt::format("--subject-to '{}': position {}: {}", text, from + e.position(), what));
    }
  };
  const Formula lhs = parse_side(0, op);
  const Formula rhs = parse_side(op + op_len, text.size());
  const Objective left = lhs.objective(), right = rhs.objective();
  const double sign = kind == Kind::ge ? -1.0 : 1.0;
  const auto n = static_cast<Index>(variables.size());
  Objective difference(
      [left, right, sign, n](const Vector& x, Vector* g) {
        if (!g) return sign * (left(x) - right(x));
        Vector gr(n);
        const double v = sign * (left(x, g) - right(x, &gr));
        *g = sign * (*g - gr);
        return v;
      },
      n);
  return {difference, kind == Kind::eq};
}

void run_minimize(MinimizeOptions o) {
  o.program = make_external_program(o.external);
  Vector x0;
  std::string label;
  std::vector<std::string> variables;
  const Objective objective = objective_for(o, x0, label, variables);
  const Index n = x0.size();
  Constraints constraints;
  constraints.bounds.lower = parse_bounds(o.lower, "--lower", n);
  constraints.bounds.upper = parse_bounds(o.upper, "--upper", n);
  if (!o.subject_to.empty() && o.expr.empty())
    throw UsageError("--subject-to needs --expr (the constraint formulas use its variables)");
  for (const std::string& text : o.subject_to) {
    ParsedConstraint c = parse_constraint(text, variables);
    if (c.equality) {
      constraints.equalities.push_back(std::move(c.function));
      constraints.equality_names.push_back(text);
    } else {
      constraints.inequalities.push_back(std::move(c.function));
      constraints.inequality_names.push_back(text);
    }
  }
  const bool constrained = !constraints.bounds.empty() || constraints.has_general();
  if (constrained) constraints.bounds.validate(n);  // lower > upper etc.: a one-line error before the run

  Stop stop;
  if (o.max_iter) stop.max_iterations = *o.max_iter;
  if (o.gtol) stop.g_abstol = *o.gtol;
  if (o.target) stop.f_target = *o.target;
  if (o.max_evals) {
    if (*o.max_evals <= 0)
      throw UsageError(fmt::format("--max-evals {}: must be a positive count", *o.max_evals));
    stop.max_evaluations = *o.max_evals;
  }
  // Open the trace file first: a bad path is an input error, found before the run, not after it.
  std::ofstream trace_file;
  if (!o.trace.empty()) {
    trace_file.open(o.trace);
    if (!trace_file) throw UsageError(fmt::format("--trace: cannot write '{}'", o.trace));
  }
  Observer observer;
  if (!o.trace.empty()) observer.trace = x0.size() <= 20 ? Trace::with_x : Trace::values;

  Result result;
  if (!constrained) {
    const std::string name = o.method.value_or("lbfgs");
    if (is_constrained_method_name(name)) {
      result = minimize_constrained(objective, x0, constraints, constrained_method_from_name(name), stop,
                                    observer);
    } else {
      Method method = method_from_name(name);
      apply_overrides(method, o);
      result = minimize(objective, x0, method, stop, observer);
    }
    result.method = name;  // the registry name the user chose ("newton-wolfe", not the family "newton")
  } else {
    ConstrainedMethod method = default_constrained_method(constraints, x0.size());
    std::string name = std::holds_alternative<Sqp>(method)                   ? "sqp"
                       : std::holds_alternative<AugmentedLagrangian>(method) ? "augmented-lagrangian"
                                                                             : "lbfgsb";
    if (o.method && is_constrained_method_name(*o.method)) {
      method = constrained_method_from_name(*o.method);
      name = *o.method;
    } else if (o.method && is_derivative_free(method_from_name(*o.method)) && !constraints.has_general()) {
      // nelder-mead and bobyqa take the bounds themselves.
      method = std::visit(
          [](const auto& m) -> ConstrainedMethod {
            using M = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<M, NelderMead> || std::is_same_v<M, Bobyqa>) return m;
            return Lbfgsb{};  // not reached: is_derivative_free() said which alternatives these are
          },
          method_from_name(*o.method));
      name = *o.method;
    } else if (o.method) {
      Method inner = method_from_name(*o.method);
      apply_overrides(inner, o);
      if (!constraints.has_general())
        throw UsageError(
            fmt::format("method '{}' does not handle bounds: use lbfgsb, projected-gradient or "
                        "augmented-lagrangian",
                        *o.method));
      AugmentedLagrangian al;
      al.inner = inner;
      method = al;
      name = fmt::format("augmented-lagrangian (inner {})", *o.method);
      // A derivative-free inner method takes the bounds itself; the others hand them to lbfgsb.
      if (!constraints.bounds.empty() && !is_derivative_free(inner))
        name = "augmented-lagrangian (inner lbfgsb: there are bounds)";
    }
    if (o.step && !std::holds_alternative<AugmentedLagrangian>(method))
      throw UsageError("--step only applies to the gradient-descent methods");
    result = minimize_constrained(objective, x0, constraints, method, stop, observer);
    result.method = name;
  }
  if (o.program) explain_program_failures(result, *o.program);
  if (trace_file.is_open()) trace_file << trace_to_csv(result.trace);
  if (o.json) {
    std::cout << result_to_json(result) << "\n";
  } else {
    std::cout << "minimize " << label << "\n";
    for (const std::string& c : o.subject_to) std::cout << "  subject to " << c << "\n";
    std::cout << result_report(result);
    if (o.program) std::cout << external_report_line(*o.program);
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
  cmd->add_option(
      "--method", o->method,
      "Method (see `minima methods`; default lbfgs, lbfgsb with bounds, sqp with --subject-to (up to 50 "
      "variables, else augmented-lagrangian, whose inner method an unconstrained name chooses))");
  cmd->add_option("--x0", o->x0, "Start point a,b,... (default: the problem's standard start, or zeros)");
  cmd->add_option("--max-iter", o->max_iter, "Iteration limit (default 1000)")
      ->check(whole_number(0, 1ull << 62));
  cmd->add_option("--gtol", o->gtol, "Converged when the gradient max-norm <= GTOL (default 1e-8)");
  cmd->add_option("--step", o->step, "Fixed step for gradient-descent (no line search)");
  cmd->add_option("--target", o->target, "Stop (status target_reached) once f <= TARGET");
  cmd->add_option("--max-evals", o->max_evals,
                  "Limit on function evaluations, checked between iterations (default: none)");
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
