// The report of a linear regression (linear_models/): what `minima regress` prints — a table of the
// coefficients with the training error, the coordinate-descent and cross-validation lines, the
// regularization path as a table — as text, as one JSON object, and the path as a plot.
//
//   RegressionReport r{.fit = fit(x, y, Ridge{.alpha = 1}), .features = {"x1", "x2"}, .target = "y"};
//   measure_training_error(r, x, y);
//   std::cout << regression_text(r);          // or regression_to_json(r)
//
// JSON keys: model, target, rows, fit_intercept, standardize, alpha (penalized models), l1_ratio
// (lasso, elastic net), intercept, coefficients {feature: value}, training_mse, r2, and for
// coordinate descent converged, duality_gap, sweeps; "cv" {folds, seed, alpha_min, alpha_1se,
// alphas, mean_error, standard_error} and "path" {alphas, coefficients {feature: [...]},
// intercepts} when present. Non-finite numbers follow json.hpp ("nan", "inf", "-inf").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "minima/linear_models/cross_validation.hpp"
#include "minima/linear_models/linear_model.hpp"
#include "minima/report/plot.hpp"

namespace minima {

struct RegressionReport {
  LinearFit fit;                      ///< fit.model names the model ("ols", "ridge", ...)
  std::vector<std::string> features;  ///< one name per coefficient
  std::string target;                 ///< the response's name
  std::string source;                 ///< where the data came from (a CSV path), for the title
  Index rows = 0;
  bool fit_intercept = true;
  bool standardize = false;
  double training_mse = 0.0;
  double r2 = 0.0;  ///< NaN when y is constant
  std::optional<CrossValidationResult> cv{};
  CrossValidation cv_settings{};  ///< folds and seed of `cv`
  std::optional<RegularizationPath> path{};
  Vector path_training_mse{};  ///< one per path α
};

/// Fills rows, training_mse, r2 (1 − MSE / var y) and path_training_mse from the data fitted.
void measure_training_error(RegressionReport& report, const Matrix& x, const Vector& y);

/// The text `minima regress` prints: the coefficient table, the training error, the coordinate
/// descent and cross-validation lines when they apply, then the path table.
std::string regression_text(const RegressionReport& report);

/// The JSON object described above; `indent` spaces per level, one line for indent < 0.
std::string regression_to_json(const RegressionReport& report, int indent = 2);

/// The coefficient paths against α (log x), one series per feature (dashed after the 8 colours
/// gnuplot cycles). Throws InvalidArgument when the report has no path.
Plot regularization_path_plot(const RegressionReport& report);

}  // namespace minima
