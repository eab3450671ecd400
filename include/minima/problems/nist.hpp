// The NIST StRD nonlinear regression problems (https://www.itl.nist.gov/div898/strd/nls/nls_main.shtml):
// 27 data sets with a model, two starting points, and certified parameter values, standard
// deviations, residual sum of squares and residual standard deviation, computed by NIST in 128-bit
// arithmetic. read_nist() reads the .dat files exactly as NIST distributes them (data/nist/); the
// models are written once, as templated C++ functions keyed by the data set's name, so the residual
// Jacobian is exact (dual numbers, numerics/dual.hpp).
//
// Two conventions the certified values assume: Nelson's response is log(y) (its model line reads
// "log[y] = ..."), and Roszman1's arctan[b3/(x−b4)] is atan2(b3, x − b4) (the certified values hold
// only on that branch).
//
// Reference: NIST Statistical Reference Datasets, Nonlinear Regression (1998-2000); McCullough,
// "Assessing the reliability of statistical software: Part II", The American Statistician 53(2),
// 1999 (the LRE measure).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "minima/core/residual_objective.hpp"
#include "minima/core/types.hpp"

namespace minima {

/// A certified number with the count of significant digits NIST printed (the LRE cap).
struct CertifiedValue {
  double value = 0.0;
  int digits = 0;
};

struct NistProblem {
  std::string name;        ///< "BoxBOD"
  std::string path;        ///< the file it was read from
  std::string model;       ///< the model as the file writes it, e.g. "y = b1*(1-exp[-b2*x])  +  e"
  std::string difficulty;  ///< "Lower", "Average" or "Higher"
  std::vector<std::string> parameter_names;  ///< b1, b2, ...
  Vector start1, start2;
  std::vector<CertifiedValue> certified;     ///< parameter values
  std::vector<CertifiedValue> certified_sd;  ///< their standard deviations
  CertifiedValue residual_sum_of_squares;
  CertifiedValue residual_standard_deviation;
  Index degrees_of_freedom = 0;
  std::vector<std::string> columns;  ///< the data columns in file order: "y", "x" (Nelson: y, x1, x2)
  Vector y;                          ///< the response column
  Matrix x;                          ///< the predictors, one row per observation

  Index parameters() const { return static_cast<Index>(parameter_names.size()); }
  Index observations() const { return y.size(); }
  /// Start 1 or 2 (InvalidArgument otherwise).
  const Vector& start(int which) const;
  /// r_i = y_i − model(b; x_i) (Nelson: log y_i − model), exact Jacobian, parameter names b1...
  ResidualObjective residuals() const;
};

/// Reads a NIST StRD nonlinear regression file. Throws ParseError naming the file and line for a
/// malformed or truncated file, and InvalidArgument when the data set's name has no model here.
NistProblem read_nist(const std::filesystem::path& file);

/// A name from nist_problem_names() (case-insensitive; read from data_file("nist/NAME.dat")) or a
/// path to a .dat file.
NistProblem load_nist(std::string_view name_or_path);

/// The 27 data sets, in NIST's order (lower, average, higher difficulty).
const std::vector<std::string>& nist_problem_names();

/// The log relative error, the number of correct significant digits: −log10(|estimate − certified| /
/// |certified|) (−log10|estimate| when certified = 0), capped at `digits`, floored at 0; 0 for a
/// non-finite estimate.
double log_relative_error(double estimate, double certified, int digits);

}  // namespace minima
