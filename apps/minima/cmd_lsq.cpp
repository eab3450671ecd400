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
#include <nlohmann/json.hpp>

#include "cli_common.hpp"
#include "cli_external.hpp"
#include "minima/least_squares/curve_fit.hpp"
#include "minima/least_squares/least_squares.hpp"
#include "minima/problems/csv_data.hpp"
#include "minima/problems/nist.hpp"
#include "minima/report/json.hpp"
#include "minima/report/table.hpp"
#include "minima/report/text_report.hpp"

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
  std::string loss = "linear";
  double f_scale = 1.0;
  std::string lower, upper;
  std::string sigma;
  bool absolute_sigma = false;
  std::optional<long> max_iter;
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

std::string name_of(const std::vector<std::string>& names, Index j) {
  return j < static_cast<Index>(names.size()) ? names[static_cast<std::size_t>(j)]
                                              : fmt::format("x{}", j + 1);
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
  // The methods' scale-free tests decide convergence (the absolute ‖Jᵀr‖∞ test depends on the units).
  Stop stop{.g_abstol = 0.0, .max_iterations = o.max_iter.value_or(20000)};

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
  std::string setup = fmt::format("loss {}", loss_name(options.loss.kind));
  if (!options.loss.is_linear()) setup += fmt::format(" (f_scale {})", format_number(o.f_scale, 6));
  if (!o.sigma.empty())
    setup += fmt::format(
        ", weights 1/sigma from column '{}'{}", o.sigma,
        o.absolute_sigma ? " (absolute: covariance (JᵀJ)⁻¹)" : " (relative: covariance s²(JᵀJ)⁻¹)");
  if (bounded)
    setup +=
        fmt::format(", bounds lower {} upper {}", format_vector(options.bounds.expanded(x0.size()).lower),
                    format_vector(options.bounds.expanded(x0.size()).upper));

  Result result = solve_least_squares(*problem, x0, options, stop);
  if (program) explain_program_failures(result, *program);
  const auto* s = result.least_squares ? &*result.least_squares : nullptr;
  const auto& names = problem->parameter_names();

  if (o.json) {
    auto j = nlohmann::ordered_json::parse(result_to_json(result));
    if (nist) {
      nlohmann::ordered_json n = nlohmann::ordered_json::object();
      n["name"] = nist->name;
      n["start"] = o.start;
      std::vector<double> lre, se_lre;
      for (Index k = 0; k < nist->parameters(); ++k) {
        lre.push_back(log_relative_error(result.x[k], nist->certified[k].value, nist->certified[k].digits));
        if (s)
          se_lre.push_back(log_relative_error(s->standard_errors[k], nist->certified_sd[k].value,
                                              nist->certified_sd[k].digits));
      }
      n["lre"] = lre;
      if (s) {
        n["standard_error_lre"] = se_lre;
        n["rss_lre"] = log_relative_error(s->residual_sum_of_squares, nist->residual_sum_of_squares.value,
                                          nist->residual_sum_of_squares.digits);
      }
      j["nist"] = n;
    }
    nlohmann::ordered_json setup_json = nlohmann::ordered_json::object();
    setup_json["loss"] = loss_name(options.loss.kind);
    setup_json["f_scale"] = o.f_scale;
    setup_json["sigma_column"] = o.sigma.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(o.sigma);
    setup_json["absolute_sigma"] = o.absolute_sigma;
    if (bounded) {
      const Bounds box = options.bounds.expanded(x0.size());
      auto finite_or_null = [](const Vector& v) {
        nlohmann::ordered_json a = nlohmann::ordered_json::array();
        for (Index k = 0; k < v.size(); ++k)
          a.push_back(std::isfinite(v[k]) ? nlohmann::ordered_json(v[k]) : nullptr);
        return a;
      };
      setup_json["lower"] = finite_or_null(box.lower);
      setup_json["upper"] = finite_or_null(box.upper);
    }
    j["setup"] = setup_json;
    std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else {
    std::vector<std::string> headers{"parameter", "estimate", "std error"};
    if (nist) {
      headers.insert(headers.end(), {"certified", "LRE", "certified std error", "LRE (std error)"});
    }
    Table table(headers, title);
    for (Index k = 0; k < result.x.size(); ++k) {
      std::vector<Cell> row{name_of(names, k), format_number(result.x[k], 11),
                            s ? format_number(s->standard_errors[k], 6) : std::string("nan")};
      if (nist) {
        row.emplace_back(format_number(nist->certified[k].value, 11));
        row.emplace_back(format_number(
            log_relative_error(result.x[k], nist->certified[k].value, nist->certified[k].digits), 3));
        row.emplace_back(format_number(nist->certified_sd[k].value, 11));
        row.emplace_back(
            s ? format_number(log_relative_error(s->standard_errors[k], nist->certified_sd[k].value,
                                                 nist->certified_sd[k].digits),
                              3)
              : std::string("nan"));
      }
      table.add_row(std::move(row));
    }
    std::cout << table.render() << "\n" << fmt::format("{:<13}{}\n", "setup", setup) << result_report(result);
    if (nist && s)
      std::cout << fmt::format(
          "certified    RSS {} (LRE {:.3g}), s {} (LRE {:.3g})\n",
          format_number(nist->residual_sum_of_squares.value, 11),
          log_relative_error(s->residual_sum_of_squares, nist->residual_sum_of_squares.value,
                             nist->residual_sum_of_squares.digits),
          format_number(nist->residual_standard_deviation.value, 11),
          log_relative_error(s->residual_standard_deviation, nist->residual_standard_deviation.value,
                             nist->residual_standard_deviation.digits));
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
  cmd->add_option("--max-iter", o->max_iter, "Iteration limit (default 20000)")
      ->check(whole_number(0, 1ull << 62));
  cmd->add_flag("--json", o->json, "Print the result as one JSON object");
  add_external_options(cmd, o->external, /*threads=*/true);
  cmd->callback([o] { run_lsq(*o); });
}

}  // namespace minima::cli
