#include "minima/linear_models/ols.hpp"

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {

LinearFit fit(const Matrix& x, const Vector& y, const Ols& settings) {
  const DataScaling scaling = DataScaling::compute(x, y, settings.fit_intercept, false);
  const Index n = x.rows(), p = x.cols();
  const Index unknowns = p + (settings.fit_intercept ? 1 : 0);
  if (unknowns > n)
    throw InvalidArgument(
        fmt::format("OLS has {} unknowns ({} features{}) but only {} rows: use ridge or the lasso", unknowns,
                    p, settings.fit_intercept ? " and the intercept" : "", n));
  // Complete orthogonal decomposition: the minimum-norm solution if the design is rank deficient.
  const Eigen::CompleteOrthogonalDecomposition<Matrix> cod(scaling.transform(x));
  const Vector beta = cod.solve((y.array() - scaling.y_mean).matrix());
  LinearFit fit;
  fit.model = "ols";
  scaling.to_original(beta, fit.coefficients, fit.intercept);
  return fit;
}

}  // namespace minima
