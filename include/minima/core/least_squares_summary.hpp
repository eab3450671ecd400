// LeastSquaresSummary: the statistics of a nonlinear least-squares fit that reports render
// (least_squares/ fills it; it lives in core because report cannot see least_squares).
//
// With m residuals, n parameters and the Jacobian J at the solution:
//   cost = ½ RSS, RSS = ‖r‖², degrees of freedom ν = m − n, s² = RSS / ν (residual variance),
//   covariance = s² (JᵀJ)⁻¹ (from the R of a pivoted QR of J, never by inverting JᵀJ),
//   standard error_j = √covariance_jj, correlation_ij = cov_ij / (se_i se_j).
// With a robust loss (least_squares/robust_loss.hpp) cost is the robust cost F, s² = 2F/ν and J the
// loss-corrected Jacobian J̃ (scipy's curve_fit with `loss`); with absolute_sigma (the residuals are
// already divided by known standard deviations) the covariance is (JᵀJ)⁻¹ unscaled (curve_fit's
// absolute_sigma=True).
// Reference: Bates & Watts, "Nonlinear Regression Analysis and Its Applications" (Wiley 1988),
// §2.3 (linear approximation inference); NIST StRD's "Standard Deviation" column is this se_j.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "minima/core/objective.hpp"
#include "minima/core/types.hpp"

namespace minima {

struct LeastSquaresSummary {
  std::vector<std::string> parameter_names{};              ///< one per parameter ("b1", ...), or empty
  Index observations = 0;                                  ///< m, the number of residuals
  Index degrees_of_freedom = 0;                            ///< m − n
  double cost = std::numeric_limits<double>::quiet_NaN();  ///< ½‖r‖², or the robust cost F
  std::string loss = "linear";                             ///< the robust loss's name
  double f_scale = 1.0;                                    ///< its soft margin C
  bool absolute_sigma = false;                             ///< covariance (JᵀJ)⁻¹ unscaled
  double residual_sum_of_squares = std::numeric_limits<double>::quiet_NaN();  ///< ‖r‖²
  /// s = √(2·cost/ν) (= √(RSS/ν) for the linear loss); NaN when ν ≤ 0.
  double residual_standard_deviation = std::numeric_limits<double>::quiet_NaN();
  /// se_j = s √((JᵀJ)⁻¹)_jj; NaN entries when J is rank-deficient or ν ≤ 0.
  Vector standard_errors{};
  Matrix covariance{};      ///< s² (JᵀJ)⁻¹ (n×n; NaN when not defined)
  Matrix correlation{};     ///< covariance scaled to unit diagonal
  Index jacobian_rank = 0;  ///< numerical rank of J at the solution (pivoted QR)
  long residual_evaluations = 0;
  long jacobian_evaluations = 0;
  DerivativeSource jacobian_source = DerivativeSource::analytic;
};

}  // namespace minima
