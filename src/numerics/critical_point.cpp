#include "minima/numerics/critical_point.hpp"

#include <cmath>

#include <fmt/format.h>
#include <Eigen/Eigenvalues>

#include "minima/core/error.hpp"
#include "minima/numerics/finite_difference.hpp"

namespace minima {

std::string_view to_string(CriticalPoint kind) {
  switch (kind) {
    case CriticalPoint::local_minimum:
      return "local_minimum";
    case CriticalPoint::local_maximum:
      return "local_maximum";
    case CriticalPoint::saddle_point:
      return "saddle_point";
    case CriticalPoint::inconclusive:
      return "inconclusive";
    case CriticalPoint::not_critical:
      return "not_critical";
  }
  return "unknown";
}

CriticalPointClassification classify_critical_point(const Vector& gradient, const Matrix& hessian,
                                                    double gradient_tol, double eigen_rel_tol) {
  const Index n = gradient.size();
  if (n == 0) throw InvalidArgument("classify_critical_point: empty gradient");
  if (hessian.rows() != n || hessian.cols() != n) {
    throw InvalidArgument(fmt::format("classify_critical_point: the Hessian is {}x{}, expected {}x{}",
                                      hessian.rows(), hessian.cols(), n, n));
  }
  if (!gradient.allFinite()) throw InvalidArgument("classify_critical_point: the gradient is not finite");
  if (!hessian.allFinite()) throw InvalidArgument("classify_critical_point: the Hessian is not finite");
  if (!(gradient_tol >= 0.0)) {
    throw InvalidArgument(
        fmt::format("classify_critical_point: gradient_tol = {}: must be >= 0", gradient_tol));
  }
  if (!(eigen_rel_tol >= 0.0 && eigen_rel_tol < 1.0)) {
    throw InvalidArgument(
        fmt::format("classify_critical_point: eigen_rel_tol = {}: must be in [0, 1)", eigen_rel_tol));
  }

  CriticalPointClassification out;
  const Matrix symmetric = 0.5 * (hessian + hessian.transpose());
  Eigen::SelfAdjointEigenSolver<Matrix> eigen(symmetric, Eigen::EigenvaluesOnly);
  out.eigenvalues = eigen.eigenvalues();
  out.gradient_norm = gradient.lpNorm<Eigen::Infinity>();
  out.eigen_tolerance = eigen_rel_tol * out.eigenvalues.cwiseAbs().maxCoeff();
  for (Index i = 0; i < n; ++i) {
    const double lambda = out.eigenvalues[i];
    if (lambda > out.eigen_tolerance) {
      ++out.positive;
    } else if (lambda < -out.eigen_tolerance) {
      ++out.negative;
    } else {
      ++out.zero;
    }
  }

  if (out.gradient_norm > gradient_tol) {
    out.kind = CriticalPoint::not_critical;
  } else if (out.positive > 0 && out.negative > 0) {
    out.kind = CriticalPoint::saddle_point;
  } else if (out.zero > 0) {
    out.kind = CriticalPoint::inconclusive;
  } else if (out.positive == n) {
    out.kind = CriticalPoint::local_minimum;
  } else {
    out.kind = CriticalPoint::local_maximum;
  }
  return out;
}

CriticalPointClassification classify_critical_point(const Objective& objective, const Vector& x,
                                                    double gradient_tol, double eigen_rel_tol) {
  if (x.size() == 0) throw InvalidArgument("classify_critical_point: empty x");
  if (objective.dimension() != 0 && objective.dimension() != x.size()) {
    throw InvalidArgument(fmt::format("classify_critical_point: x has size {}, the objective expects {}",
                                      x.size(), objective.dimension()));
  }
  Vector g(x.size());
  objective(x, &g);
  Matrix H(x.size(), x.size());
  if (objective.has_hessian()) {
    objective.hessian(x, H);
  } else {
    with_finite_difference_hessian(objective).hessian(x, H);
  }
  return classify_critical_point(g, H, gradient_tol, eigen_rel_tol);
}

}  // namespace minima
