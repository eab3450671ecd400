// Curve fitting on a user's data, as scipy.optimize.curve_fit users expect: a model formula
// y ≈ f(x; b) in the formula language (numerics/formula.hpp) whose data inputs are columns of a
// table (problems/csv_data.hpp) and whose parameters are named by the caller. The residuals are
// r_i = y_i − f(row_i; b), with the exact Jacobian row −∇_b f from dual numbers. With standard
// deviations σ_i (curve_fit's `sigma`) the residuals are weighted, r_i = (y_i − f(row_i; b)) / σ_i;
// solve with LeastSquaresOptions::absolute_sigma for curve_fit's absolute_sigma=True covariance.
//
//   DataTable data = read_csv("bod.csv");
//   ResidualObjective fit = formula_residuals("b1*(1-exp(-b2*x))", {"b1", "b2"}, data, "y");
//   Result r = solve_least_squares(fit, Vector{{500, 1e-4}});
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "minima/core/residual_objective.hpp"
#include "minima/problems/csv_data.hpp"

namespace minima {

/// Residuals y − model over the rows of `data`. The model may name any column except the response;
/// a name that is neither a parameter nor a column is a FormulaParseError naming it and the columns.
/// Throws InvalidArgument for no parameters, no rows, a response column that does not exist, or a
/// non-empty `sigma` whose length is not the number of rows or with an entry not finite and > 0.
ResidualObjective formula_residuals(std::string_view model, std::vector<std::string> parameters,
                                    const DataTable& data, std::string_view response = "y",
                                    const Vector& sigma = {});

}  // namespace minima
