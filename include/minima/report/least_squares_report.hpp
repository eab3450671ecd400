// The report of a least-squares fit (least_squares/): what `minima lsq` prints — the parameter
// table (with the certified values and their log relative errors for a NIST StRD problem), the
// setup line (loss, weights, bounds) and the result — as text or as one JSON object.
//
// JSON: result_to_json's object (json.hpp, with "least_squares"), then "nist" {name, start, lre,
// standard_error_lre, rss_lre} for a NIST problem and "setup" {loss, f_scale, sigma_column (null
// without weights), absolute_sigma, lower, upper (with bounds)}. Non-finite numbers follow json.hpp
// ("nan", "inf", "-inf": an absent bound is "-inf" / "inf").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "minima/core/constraints.hpp"
#include "minima/core/result.hpp"
#include "minima/least_squares/robust_loss.hpp"
#include "minima/problems/nist.hpp"

namespace minima {

struct LeastSquaresReport {
  std::string title;                           ///< the table's title
  Result result;                               ///< from solve_least_squares
  std::vector<std::string> parameter_names{};  ///< missing names print as x1, x2, ...
  std::optional<NistProblem> nist{};           ///< the certified values to compare with
  int nist_start = 1;                          ///< which NIST start (1 or 2)
  RobustLoss loss{};
  std::string sigma_column{};  ///< the weights' column, empty without weights
  bool absolute_sigma = false;
  Bounds bounds{};  ///< empty without bounds
};

/// The parameter table, the setup line, result_report() and, for NIST, the certified RSS and s.
std::string least_squares_text(const LeastSquaresReport& report);

/// The JSON object described above; `indent` spaces per level, one line for indent < 0.
std::string least_squares_to_json(const LeastSquaresReport& report, int indent = 2);

}  // namespace minima
