#include "minima/evolution/gaussian_model.hpp"

#include <cmath>

#include "minima/core/error.hpp"

namespace minima {

Vector GaussianModel::sample(Rng& rng) const {
  return mean + cholesky * standard_normal(mean.size(), rng);
}

double GaussianModel::max_std() const {
  return std::sqrt(covariance.diagonal().maxCoeff());
}

GaussianModel fit_gaussian(const Matrix& points, double ridge) {
  if (points.cols() < 1) throw InvalidArgument("fit_gaussian: no points");
  const Index n = points.rows();
  GaussianModel model;
  model.mean = points.rowwise().mean();
  const Matrix centered = points.colwise() - model.mean;
  model.covariance = centered * centered.transpose() / static_cast<double>(points.cols());
  const double scale = model.covariance.diagonal().mean() + 1e-300;
  Matrix c = model.covariance;
  double added = 0.0;
  for (int attempt = 0; attempt < 40; ++attempt) {
    Eigen::LLT<Matrix> llt(c);
    if (llt.info() == Eigen::Success && llt.matrixL().toDenseMatrix().diagonal().allFinite()) {
      model.cholesky = llt.matrixL();
      if (added > 0) model.covariance = c;
      return model;
    }
    const double step = (added == 0.0 ? ridge : added * 9.0) * scale;
    c.diagonal().array() += step;
    added += step / scale;
  }
  // Hopeless (non-finite data): sample the diagonal only.
  model.cholesky = model.covariance.diagonal().cwiseMax(0.0).cwiseSqrt().asDiagonal();
  (void)n;
  return model;
}

}  // namespace minima
