// Ordinary least squares: min_w ‖y − X w − b‖², by a complete orthogonal decomposition of the
// (centered) design — never by forming (XᵀX)⁻¹ — so a rank-deficient design gets the minimum-norm
// solution instead of a blow-up. Golub & Van Loan, Matrix Computations, 4th ed., §5.5.
#pragma once

#include "minima/linear_models/linear_model.hpp"

namespace minima {

struct Ols {
  bool fit_intercept = true;  ///< fit an unpenalized b (center X and y)
};

/// Throws InvalidArgument for bad data (NaN/Inf, size mismatch) and for more features than the
/// rows can determine (p > n, or p ≥ n with an intercept): use ridge or the lasso there.
LinearFit fit(const Matrix& x, const Vector& y, const Ols& settings = {});

}  // namespace minima
