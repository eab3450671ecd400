// minima regress: linear regression on the columns of a CSV file — OLS, ridge, lasso, elastic net,
// with the penalty given or chosen by k-fold cross-validation, the regularization path on request.
#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_common.hpp"
#include "minima/linear_models/cross_validation.hpp"
#include "minima/linear_models/elastic_net.hpp"
#include "minima/linear_models/ols.hpp"
#include "minima/linear_models/ridge.hpp"
#include "minima/problems/csv_data.hpp"
#include "minima/report/plot.hpp"
#include "minima/report/table.hpp"

namespace minima::cli {
namespace {

struct RegressOptions {
  std::string csv;
  std::string target;
  std::string model = "ols";
  std::optional<std::string> features;
  std::optional<double> lambda;
  std::optional<int> cv;
  double l1_ratio = 0.5;
  bool no_intercept = false;
  bool standardize = false;
  unsigned long seed = 0;
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
    const CrossValidation settings{.folds = o.cv.value_or(5), .seed = o.seed};
    if (ridge)
      cv = cross_validate_ridge(x, y, ridge_grid(x), intercept, o.standardize, settings);
    else if (rho == 0.0)
      throw UsageError("cross-validating an elastic net with --l1-ratio 0: use --model ridge");
    else
      cv = cross_validate(
          x, y, ElasticNetPath{.l1_ratio = rho, .fit_intercept = intercept, .standardize = o.standardize},
          settings);
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

  const double mse = fit_result.mean_squared_error(x, y);
  const double variance = (y.array() - y.mean()).square().mean();
  const double r2 = variance > 0 ? 1.0 - mse / variance : std::nan("");

  if (!o.plot.empty()) {
    Plot p{.title = fmt::format("{} regularization path", o.model),
           .xlabel = "alpha",
           .ylabel = "coefficient",
           .logx = true};
    for (std::size_t j = 0; j < names.size(); ++j) {
      // gnuplot cycles 8 colours: the next 8 series are dashed so no two look alike.
      Series s{names[j], {}, {}, fmt::format("lines lw 2 dt {}", 1 + (j / 8) % 4)};
      for (Index k = 0; k < path->alphas.size(); ++k) {
        s.x.push_back(path->alphas[k]);
        s.y.push_back(path->coefficients(static_cast<Index>(j), k));
      }
      p.series.push_back(std::move(s));
    }
    write_png(p, o.plot, 900, 600);
  }

  if (o.json) {
    nlohmann::ordered_json j;
    j["model"] = o.model;
    j["target"] = o.target;
    j["rows"] = data.rows();
    j["fit_intercept"] = intercept;
    j["standardize"] = o.standardize;
    if (!ols) j["alpha"] = fit_result.alpha;
    if (lasso || enet) j["l1_ratio"] = rho;
    j["intercept"] = fit_result.intercept;
    nlohmann::ordered_json coefficients = nlohmann::ordered_json::object();
    for (std::size_t k = 0; k < names.size(); ++k)
      coefficients[names[k]] = fit_result.coefficients[static_cast<Index>(k)];
    j["coefficients"] = coefficients;
    j["training_mse"] = mse;
    j["r2"] = std::isfinite(r2) ? nlohmann::ordered_json(r2) : nlohmann::ordered_json("nan");
    if (lasso || enet) {
      j["converged"] = fit_result.converged;
      j["duality_gap"] = fit_result.duality_gap;
      j["sweeps"] = fit_result.sweeps;
    }
    if (cv) {
      nlohmann::ordered_json c;
      c["folds"] = o.cv.value_or(5);
      c["seed"] = o.seed;
      c["alpha_min"] = cv->alpha_min();
      c["alpha_1se"] = cv->alpha_1se();
      c["alphas"] = std::vector<double>(cv->alphas.begin(), cv->alphas.end());
      c["mean_error"] = std::vector<double>(cv->mean_error.begin(), cv->mean_error.end());
      c["standard_error"] = std::vector<double>(cv->standard_error.begin(), cv->standard_error.end());
      j["cv"] = c;
    }
    if (path) {
      nlohmann::ordered_json pj;
      pj["alphas"] = std::vector<double>(path->alphas.begin(), path->alphas.end());
      nlohmann::ordered_json columns = nlohmann::ordered_json::object();
      for (std::size_t k = 0; k < names.size(); ++k) {
        const Vector row = path->coefficients.row(static_cast<Index>(k)).transpose();
        columns[names[k]] = std::vector<double>(row.begin(), row.end());
      }
      pj["coefficients"] = columns;
      pj["intercepts"] = std::vector<double>(path->intercepts.begin(), path->intercepts.end());
      j["path"] = pj;
    }
    std::cout << j.dump(2) << "\n";
  } else {
    std::string title = fmt::format("{} on {} ({} rows), target {}", o.model, o.csv, data.rows(), o.target);
    if (!ols) title += fmt::format(", alpha = {}", format_number(fit_result.alpha, 6));
    if (lasso || enet) title += fmt::format(", l1_ratio = {}", rho);
    Table table({"term", "coefficient"}, title);
    if (intercept) table.add_row({"(intercept)", format_number(fit_result.intercept, 10)});
    for (std::size_t k = 0; k < names.size(); ++k)
      table.add_row({names[k], format_number(fit_result.coefficients[static_cast<Index>(k)], 10)});
    std::cout << table.render();
    std::cout << fmt::format("training MSE {}, R^2 {}\n", format_number(mse, 8), format_number(r2, 6));
    if (lasso || enet)
      std::cout << fmt::format("coordinate descent: {} sweeps, duality gap {} ({})\n", fit_result.sweeps,
                               format_number(fit_result.duality_gap, 3),
                               fit_result.converged ? "converged" : "NOT converged: max sweeps reached");
    if (cv)
      std::cout << fmt::format(
          "{}-fold cross-validation (seed {}): alpha_min {} (MSE {} ± {}), alpha_1se {}\n", o.cv.value_or(5),
          o.seed, format_number(cv->alpha_min(), 6), format_number(cv->mean_error[cv->best_index], 6),
          format_number(cv->standard_error[cv->best_index], 3), format_number(cv->alpha_1se(), 6));
    if (path) {
      Table pt({"alpha", "nonzero", "|w|_1", "training MSE"}, "regularization path");
      for (Index k = 0; k < path->alphas.size(); ++k) {
        const Vector w = path->coefficients.col(k);
        const double path_mse = ((x * w).array() + path->intercepts[k] - y.array()).square().mean();
        pt.add_row({path->alphas[k], static_cast<long>((w.array() != 0.0).count()), w.lpNorm<1>(), path_mse});
      }
      std::cout << "\n" << pt.render();
    }
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
  cmd->add_option("--cv", o->cv, "Choose lambda by K-fold cross-validation (the default: 5 folds)");
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
