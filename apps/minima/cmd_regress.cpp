// minima regress: linear regression on the columns of a CSV file — OLS, ridge, lasso, elastic net,
// with the penalty given or chosen by k-fold cross-validation, the regularization path on request.
#include <cmath>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "minima/linear_models/cross_validation.hpp"
#include "minima/linear_models/elastic_net.hpp"
#include "minima/linear_models/ols.hpp"
#include "minima/linear_models/ridge.hpp"
#include "minima/problems/csv_data.hpp"
#include "minima/report/plot.hpp"
#include "minima/report/regression_report.hpp"

namespace minima::cli {
namespace {

struct RegressOptions {
  std::string csv;
  std::string target;
  std::string model = "ols";
  std::optional<std::string> features;
  std::optional<double> lambda;
  std::optional<int> cv;
  double l1_ratio = ElasticNet{}.l1_ratio;
  bool no_intercept = false;
  bool standardize = false;
  std::uint64_t seed = CrossValidation{}.seed;
  bool path = false;
  std::string plot;
  bool json = false;
};

/// The ridge grid for cross-validation: 50 values over eight decades around the data's scale
/// (the mean squared norm of the centered columns, where the penalty starts to matter).
Vector ridge_grid(const Matrix& x) {
  const Matrix centered = x.rowwise() - x.colwise().mean();
  const double scale = std::max(centered.colwise().squaredNorm().mean(), 1e-300);
  Vector grid(50);
  for (Index k = 0; k < grid.size(); ++k) grid[k] = scale * std::pow(10.0, -6.0 + 8.0 * k / 49.0);
  return grid;
}

void run_regress(const RegressOptions& o) {
  const bool ols = o.model == "ols", ridge = o.model == "ridge", lasso = o.model == "lasso",
             enet = o.model == "elastic-net";
  if (!(ols || ridge || lasso || enet))
    throw UsageError(fmt::format("--model {}: use ols, ridge, lasso or elastic-net", o.model));
  if (o.lambda && o.cv) throw UsageError("give --lambda or --cv, not both");
  if (ols && (o.lambda || o.cv)) throw UsageError("ols has no penalty: --lambda and --cv do not apply");
  if (o.lambda && !(*o.lambda >= 0.0 && std::isfinite(*o.lambda)))
    throw UsageError(fmt::format("--lambda {}: must be finite and >= 0", *o.lambda));
  if (!(o.l1_ratio >= 0.0 && o.l1_ratio <= 1.0))
    throw UsageError(fmt::format("--l1-ratio {}: must be in [0, 1]", o.l1_ratio));
  if (o.cv && *o.cv < 2) throw UsageError(fmt::format("--cv {}: needs at least 2 folds", *o.cv));
  if (o.path && ols) throw UsageError("--path needs a penalized model (ridge, lasso, elastic-net)");
  if (!o.plot.empty() && !o.path) throw UsageError("--plot draws the path: give --path too");

  const DataTable data = read_csv(o.csv);
  if (data.rows() == 0) throw UsageError(fmt::format("{} has a header but no rows", o.csv));
  const Vector y = data.column(o.target);  // InvalidArgument listing the columns if unknown
  std::vector<std::string> names;
  if (o.features) {
    names = parse_names(*o.features, "--features");
    for (const auto& n : names)
      if (n == o.target) throw UsageError(fmt::format("--features includes the target '{}'", n));
  } else {
    for (const auto& n : data.names)
      if (n != o.target) names.push_back(n);
  }
  if (names.empty()) throw UsageError("no feature columns: the CSV has only the target");
  Matrix x(data.rows(), static_cast<Index>(names.size()));
  for (std::size_t j = 0; j < names.size(); ++j) x.col(static_cast<Index>(j)) = data.column(names[j]);

  const bool intercept = !o.no_intercept;
  const double rho = lasso ? 1.0 : (enet ? o.l1_ratio : 0.0);
  LinearFit fit_result;
  std::optional<CrossValidationResult> cv;
  CrossValidation cv_settings;  // the library's folds unless --cv K
  if (o.cv) cv_settings.folds = *o.cv;
  cv_settings.seed = o.seed;
  if (ols) {
    fit_result = fit(x, y, Ols{.fit_intercept = intercept});
  } else if (o.lambda) {
    if (ridge)
      fit_result =
          fit(x, y, Ridge{.alpha = *o.lambda, .fit_intercept = intercept, .standardize = o.standardize});
    else
      fit_result = fit(
          x, y,
          ElasticNet{
              .alpha = *o.lambda, .l1_ratio = rho, .fit_intercept = intercept, .standardize = o.standardize});
  } else {
    if (ridge)
      cv = cross_validate_ridge(x, y, ridge_grid(x), intercept, o.standardize, cv_settings);
    else if (rho == 0.0)
      throw UsageError("cross-validating an elastic net with --l1-ratio 0: use --model ridge");
    else
      cv = cross_validate(
          x, y, ElasticNetPath{.l1_ratio = rho, .fit_intercept = intercept, .standardize = o.standardize},
          cv_settings);
    fit_result = cv->fit;
  }
  fit_result.model = o.model;

  std::optional<RegularizationPath> path;
  if (o.path) {
    if (ridge) {
      path = ridge_path(x, y, cv ? cv->alphas : ridge_grid(x), intercept, o.standardize);
    } else {
      if (rho == 0.0) throw UsageError("--path with --l1-ratio 0: use --model ridge");
      path = elastic_net_path(
          x, y, ElasticNetPath{.l1_ratio = rho, .fit_intercept = intercept, .standardize = o.standardize});
    }
  }

  RegressionReport report{.fit = fit_result,
                          .features = names,
                          .target = o.target,
                          .source = o.csv,
                          .fit_intercept = intercept,
                          .standardize = o.standardize,
                          .cv = cv,
                          .cv_settings = cv_settings,
                          .path = path};
  measure_training_error(report, x, y);
  if (!o.plot.empty()) write_png(regularization_path_plot(report), o.plot, 900, 600);
  if (o.json) {
    std::cout << regression_to_json(report) << "\n";
  } else {
    std::cout << regression_text(report);
    if (!o.plot.empty()) std::cout << "wrote " << o.plot << "\n";
  }
  exit_status() = (lasso || enet) && !fit_result.converged ? kLimit : kConverged;
}

}  // namespace

void add_regress_command(CLI::App& app) {
  auto o = std::make_shared<RegressOptions>();
  CLI::App* cmd = app.add_subcommand(
      "regress", "Linear regression on CSV columns: ols, ridge, lasso, elastic-net (+ CV, path)");
  cmd->add_option("--csv", o->csv, "CSV file with a header row of column names")->required();
  cmd->add_option("--target", o->target, "The response column")->required();
  cmd->add_option("--model", o->model, "ols, ridge, lasso or elastic-net")->capture_default_str();
  cmd->add_option("--features", o->features, "Feature columns, e.g. x1,x2 (default: all but the target)");
  cmd->add_option("--lambda", o->lambda,
                  "Penalty weight in scikit-learn's parameterisation (its alpha; glmnet's lambda)");
  cmd->add_option("--cv", o->cv,
                  fmt::format("Choose lambda by K-fold cross-validation (the default: {} folds)",
                              CrossValidation{}.folds));
  cmd->add_option("--l1-ratio", o->l1_ratio, "Elastic net: the l1 share of the penalty, in [0, 1]")
      ->capture_default_str();
  cmd->add_flag("--no-intercept", o->no_intercept, "Fit without an intercept");
  cmd->add_flag("--standardize", o->standardize, "Scale features to unit variance before penalizing");
  cmd->add_option("--seed", o->seed, "Seed of the cross-validation folds")
      ->check(whole_number(0, ~0ull))
      ->capture_default_str();
  cmd->add_flag("--path", o->path, "Also print the regularization path");
  cmd->add_option("--plot", o->plot, "With --path: draw the coefficient paths to this PNG");
  cmd->add_flag("--json", o->json, "Print the result as one JSON object");
  cmd->callback([o] { run_regress(*o); });
}

}  // namespace minima::cli
