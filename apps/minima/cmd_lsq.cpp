// minima lsq: nonlinear least squares on a NIST StRD problem (with the certified digits) or a model
// formula fitted to the columns of a CSV file (curve fitting), a table or --json; a robust loss
// (--loss, --f-scale), bounds (--lower, --upper: the trf method) and weights (--sigma COLUMN,
// --absolute-sigma) as scipy.optimize.least_squares / curve_fit take them.
#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "cli_external.hpp"
#include "minima/least_squares/curve_fit.hpp"
#include "minima/least_squares/least_squares.hpp"
#include "minima/problems/csv_data.hpp"
#include "minima/problems/nist.hpp"
#include "minima/report/least_squares_report.hpp"

namespace minima::cli {
namespace {

struct LsqOptions {
  std::string nist;
  int start = 1;
  std::string csv;
  std::string model;
  std::optional<std::string> x0;
  std::string y = "y";
  std::optional<std::string> method;
  std::string loss = loss_name(RobustLoss{}.kind);
  double f_scale = RobustLoss{}.f_scale;
  std::string lower, upper;
  std::string sigma;
  bool absolute_sigma = false;
  long max_iter = least_squares_stop().max_iterations;
  bool json = false;
  ExternalOptions external;  // --command, --eval-timeout, --threads
};

/// "b1=500,b2=1e-4" → names and values.
std::pair<std::vector<std::string>, Vector> parse_assignments(const std::string& text) {
  std::vector<std::string> names;
  std::string values;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    const std::string item =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos)
      throw UsageError(fmt::format("--x0: '{}' is not NAME=VALUE (e.g. --x0 b1=500,b2=1e-4)", item));
    const auto name = parse_names(item.substr(0, eq), "--x0");
    names.push_back(name.at(0));
    if (!values.empty()) values += ",";
    values += item.substr(eq + 1);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  for (std::size_t i = 0; i < names.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (names[i] == names[j])
        throw UsageError(fmt::format("--x0: the parameter '{}' is given twice", names[i]));
  return {names, parse_vector(values, "--x0")};
}

void run_lsq(const LsqOptions& o) {
  const auto program = make_external_program(o.external);
  if (!o.nist.empty() + !o.csv.empty() + (program != nullptr) != 1)
    throw UsageError("give one of --nist NAME, --csv FILE (with --model) or --command PROGRAM");
  const bool bounded = !o.lower.empty() || !o.upper.empty();
  // Bounds need trf; it is the default then, as in scipy.
  const std::string method_text = o.method.value_or(bounded ? "trf" : "lm");
  LeastSquaresOptions options;
  options.method = least_squares_method_from_name(method_text);
  if (bounded && !std::holds_alternative<TrustRegionReflective>(options.method))
    throw UsageError(fmt::format("--lower/--upper need --method trf (not {})", method_text));
  options.loss = RobustLoss{loss_from_name(o.loss), o.f_scale};
  options.loss.validate();
  if (!o.sigma.empty() && o.csv.empty()) throw UsageError("--sigma COLUMN applies to --csv");
  if (o.absolute_sigma && o.sigma.empty()) throw UsageError("--absolute-sigma needs --sigma COLUMN");
  options.absolute_sigma = o.absolute_sigma;
  Stop stop = least_squares_stop();  // the scale-free tests decide (see least_squares_stop)
  stop.max_iterations = o.max_iter;

  std::optional<NistProblem> nist;
  std::optional<ResidualObjective> problem;
  Vector x0;
  std::string title;
  if (program) {
    if (!o.model.empty()) throw UsageError("--model applies to --csv, not --command");
    if (!o.x0) throw UsageError("--command needs --x0: the start point a,b,... or NAME=VALUE,...");
    std::vector<std::string> names;
    if (o.x0->find('=') != std::string::npos)
      std::tie(names, x0) = parse_assignments(*o.x0);
    else
      x0 = parse_vector(*o.x0, "--x0");
    problem = external_least_squares(program, x0, o.external.threads).with_parameter_names(names);
    if (bounded) {
      options.bounds.lower = parse_bounds(o.lower, "--lower", x0.size());
      options.bounds.upper = parse_bounds(o.upper, "--upper", x0.size());
    }
    title =
        fmt::format("lsq {} on '{}' ({} residuals)", method_text, o.external.command, problem->residuals());
  } else if (!o.nist.empty()) {
    if (!o.model.empty() || o.x0) throw UsageError("--model and --x0 apply to --csv, not --nist");
    if (o.start != 1 && o.start != 2) throw UsageError(fmt::format("--start {}: must be 1 or 2", o.start));
    nist = load_nist(o.nist);
    problem = nist->residuals();
    x0 = nist->start(o.start);
    if (bounded) {
      options.bounds.lower = parse_bounds(o.lower, "--lower", x0.size());
      options.bounds.upper = parse_bounds(o.upper, "--upper", x0.size());
    }
    title = fmt::format("lsq NIST {} (start {}, {} observations): {}", nist->name, o.start,
                        nist->observations(), nist->model);
  } else {
    if (o.model.empty()) throw UsageError("--csv needs --model FORMULA (e.g. --model \"b1*(1-exp(-b2*x))\")");
    if (!o.x0) throw UsageError("--csv needs --x0 NAME=VALUE,... naming the model's parameters");
    auto [names, values] = parse_assignments(*o.x0);
    const DataTable data = read_csv(o.csv);
    problem = formula_residuals(o.model, names, data, o.y, o.sigma.empty() ? Vector() : data.column(o.sigma));
    x0 = values;
    if (bounded) {
      options.bounds.lower = parse_bounds(o.lower, "--lower", x0.size());
      options.bounds.upper = parse_bounds(o.upper, "--upper", x0.size());
    }
    title = fmt::format("lsq {} on {} ({} rows): {} = {}", method_text, o.csv, data.rows(), o.y, o.model);
  }
  if (bounded) options.bounds.validate(x0.size());  // lower > upper etc.: a one-line error before the run

  Result result = solve_least_squares(*problem, x0, options, stop);
  if (program) explain_program_failures(result, *program);
  const LeastSquaresReport report{.title = title,
                                  .result = result,
                                  .parameter_names = problem->parameter_names(),
                                  .nist = nist,
                                  .nist_start = o.start,
                                  .loss = options.loss,
                                  .sigma_column = o.sigma,
                                  .absolute_sigma = o.absolute_sigma,
                                  .bounds = options.bounds};
  if (o.json) {
    std::cout << least_squares_to_json(report) << "\n";
  } else {
    std::cout << least_squares_text(report);
    if (program) std::cout << external_report_line(*program);
  }
  exit_status() = exit_code(result);
}

}  // namespace

void add_lsq_command(CLI::App& app) {
  auto o = std::make_shared<LsqOptions>();
  CLI::App* cmd =
      app.add_subcommand("lsq", "Nonlinear least squares: a NIST StRD problem or a curve fit to CSV data");
  cmd->add_option("--nist", o->nist, "NIST StRD problem name (e.g. BoxBOD) or path to a NIST .dat file");
  cmd->add_option("--start", o->start, "NIST starting point, 1 or 2")->capture_default_str();
  cmd->add_option("--csv", o->csv, "CSV file with a header row of column names");
  cmd->add_option("--model", o->model,
                  "Model formula in the columns and parameters, e.g. \"b1*(1-exp(-b2*x))\"");
  cmd->add_option("--x0", o->x0, "Parameters and start values, e.g. b1=500,b2=1e-4");
  cmd->add_option("--y", o->y, "Response column of the CSV")->capture_default_str();
  cmd->add_option("--method", o->method,
                  "lm (Levenberg-Marquardt; default without bounds), gn (Gauss-Newton) or trf (trust-region "
                  "reflective; default and required with --lower/--upper)");
  cmd->add_option("--loss", o->loss, "Robust loss: linear, soft_l1, huber, cauchy or arctan (scipy's)")
      ->capture_default_str();
  cmd->add_option("--f-scale", o->f_scale, "Soft margin of the loss: residuals beyond it count less (> 0)")
      ->capture_default_str();
  cmd->add_option("--lower", o->lower,
                  "Lower bounds: one value for all parameters, or a,b,... (-inf allowed)");
  cmd->add_option("--upper", o->upper,
                  "Upper bounds: one value for all parameters, or a,b,... (inf allowed)");
  cmd->add_option("--sigma", o->sigma, "CSV column of the responses' standard deviations (weights 1/sigma)");
  cmd->add_flag("--absolute-sigma", o->absolute_sigma,
                "sigma is absolute: the covariance is inv(J'J), not scaled by the residual variance");
  cmd->add_option("--max-iter", o->max_iter, "Iteration limit")
      ->check(whole_number(0, 1ull << 62))
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the result as one JSON object");
  add_external_options(cmd, o->external, /*threads=*/true);
  cmd->callback([o] { run_lsq(*o); });
}

}  // namespace minima::cli
