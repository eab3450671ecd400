#include "minima/report/regression_report.hpp"

#include <cmath>

#include <fmt/format.h>

#include "json_internal.hpp"
#include "minima/core/error.hpp"
#include "minima/report/table.hpp"

namespace minima {

using report_detail::Json;
using report_detail::json_array;
using report_detail::json_number;

namespace {
bool penalized(const RegressionReport& r) {
  return r.fit.model != "ols";
}
bool coordinate_descent(const RegressionReport& r) {
  return r.fit.model == "lasso" || r.fit.model == "elastic-net";
}
}  // namespace

void measure_training_error(RegressionReport& report, const Matrix& x, const Vector& y) {
  report.rows = x.rows();
  report.training_mse = report.fit.mean_squared_error(x, y);
  const double variance = (y.array() - y.mean()).square().mean();
  report.r2 = variance > 0 ? 1.0 - report.training_mse / variance : std::nan("");
  if (report.path) {
    const RegularizationPath& p = *report.path;
    report.path_training_mse.resize(p.alphas.size());
    for (Index k = 0; k < p.alphas.size(); ++k)
      report.path_training_mse[k] =
          ((x * p.coefficients.col(k)).array() + p.intercepts[k] - y.array()).square().mean();
  }
}

std::string regression_text(const RegressionReport& r) {
  const LinearFit& fit = r.fit;
  std::string title = fmt::format("{} on {} ({} rows), target {}", fit.model, r.source, r.rows, r.target);
  if (penalized(r)) title += fmt::format(", alpha = {}", format_number(fit.alpha, 6));
  if (coordinate_descent(r)) title += fmt::format(", l1_ratio = {}", fit.l1_ratio);
  Table table({"term", "coefficient"}, title);
  if (r.fit_intercept) table.add_row({"(intercept)", format_number(fit.intercept, 10)});
  for (std::size_t k = 0; k < r.features.size(); ++k)
    table.add_row({r.features[k], format_number(fit.coefficients[static_cast<Index>(k)], 10)});
  std::string out = table.render();
  out += fmt::format("training MSE {}, R^2 {}\n", format_number(r.training_mse, 8), format_number(r.r2, 6));
  if (coordinate_descent(r))
    out += fmt::format("coordinate descent: {} sweeps, duality gap {} ({})\n", fit.sweeps,
                       format_number(fit.duality_gap, 3),
                       fit.converged ? "converged" : "NOT converged: max sweeps reached");
  if (r.cv)
    out += fmt::format("{}-fold cross-validation (seed {}): alpha_min {} (MSE {} ± {}), alpha_1se {}\n",
                       r.cv_settings.folds, r.cv_settings.seed, format_number(r.cv->alpha_min(), 6),
                       format_number(r.cv->mean_error[r.cv->best_index], 6),
                       format_number(r.cv->standard_error[r.cv->best_index], 3),
                       format_number(r.cv->alpha_1se(), 6));
  if (r.path) {
    Table pt({"alpha", "nonzero", "|w|_1", "training MSE"}, "regularization path");
    for (Index k = 0; k < r.path->alphas.size(); ++k) {
      const Vector w = r.path->coefficients.col(k);
      const double mse = k < r.path_training_mse.size() ? r.path_training_mse[k] : std::nan("");
      pt.add_row({r.path->alphas[k], static_cast<long>((w.array() != 0.0).count()), w.lpNorm<1>(), mse});
    }
    out += "\n";
    out += pt.render();
  }
  return out;
}

std::string regression_to_json(const RegressionReport& r, int indent) {
  const LinearFit& fit = r.fit;
  Json j = Json::object();
  j["model"] = fit.model;
  j["target"] = r.target;
  j["rows"] = r.rows;
  j["fit_intercept"] = r.fit_intercept;
  j["standardize"] = r.standardize;
  if (penalized(r)) j["alpha"] = json_number(fit.alpha);
  if (coordinate_descent(r)) j["l1_ratio"] = json_number(fit.l1_ratio);
  j["intercept"] = json_number(fit.intercept);
  Json coefficients = Json::object();
  for (std::size_t k = 0; k < r.features.size(); ++k)
    coefficients[r.features[k]] = json_number(fit.coefficients[static_cast<Index>(k)]);
  j["coefficients"] = std::move(coefficients);
  j["training_mse"] = json_number(r.training_mse);
  j["r2"] = json_number(r.r2);
  if (coordinate_descent(r)) {
    j["converged"] = fit.converged;
    j["duality_gap"] = json_number(fit.duality_gap);
    j["sweeps"] = fit.sweeps;
  }
  if (r.cv) {
    Json c = Json::object();
    c["folds"] = r.cv_settings.folds;
    c["seed"] = r.cv_settings.seed;
    c["alpha_min"] = json_number(r.cv->alpha_min());
    c["alpha_1se"] = json_number(r.cv->alpha_1se());
    c["alphas"] = json_array(r.cv->alphas);
    c["mean_error"] = json_array(r.cv->mean_error);
    c["standard_error"] = json_array(r.cv->standard_error);
    j["cv"] = std::move(c);
  }
  if (r.path) {
    Json p = Json::object();
    p["alphas"] = json_array(r.path->alphas);
    Json columns = Json::object();
    for (std::size_t k = 0; k < r.features.size(); ++k)
      columns[r.features[k]] = json_array(r.path->coefficients.row(static_cast<Index>(k)).transpose());
    p["coefficients"] = std::move(columns);
    p["intercepts"] = json_array(r.path->intercepts);
    j["path"] = std::move(p);
  }
  return report_detail::dump(j, indent);
}

Plot regularization_path_plot(const RegressionReport& r) {
  if (!r.path) throw InvalidArgument("regularization_path_plot: the report has no path");
  Plot p{.title = fmt::format("{} regularization path", r.fit.model),
         .xlabel = "alpha",
         .ylabel = "coefficient",
         .logx = true};
  for (std::size_t j = 0; j < r.features.size(); ++j) {
    // gnuplot cycles 8 colours: the next 8 series are dashed so no two look alike.
    Series s{r.features[j], {}, {}, fmt::format("lines lw 2 dt {}", 1 + (j / 8) % 4)};
    for (Index k = 0; k < r.path->alphas.size(); ++k) {
      s.x.push_back(r.path->alphas[k]);
      s.y.push_back(r.path->coefficients(static_cast<Index>(j), k));
    }
    p.series.push_back(std::move(s));
  }
  return p;
}

}  // namespace minima
