#include "minima/numerics/conditioning.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <Eigen/Eigenvalues>
#include <Eigen/SVD>

#include "minima/core/error.hpp"

namespace minima {

double condition_number(const Matrix& a) {
  if (a.size() == 0) {
    throw InvalidArgument(fmt::format("condition_number: empty {}x{} matrix", a.rows(), a.cols()));
  }
  if (!a.allFinite()) throw InvalidArgument("condition_number: the matrix has a NaN or infinite entry");

  // Exact symmetry only: a nearly symmetric matrix goes through the SVD, which is right for any A.
  Eigen::VectorXd magnitudes;
  if (a.rows() == a.cols() && a == a.transpose()) {
    Eigen::SelfAdjointEigenSolver<Matrix> eigen(a, Eigen::EigenvaluesOnly);
    magnitudes = eigen.eigenvalues().cwiseAbs();
  } else {
    Eigen::JacobiSVD<Matrix> svd(a);
    magnitudes = svd.singularValues();
  }
  const double largest = magnitudes.maxCoeff();
  const double smallest = magnitudes.minCoeff();
  const double n = static_cast<double>(std::max(a.rows(), a.cols()));
  if (largest == 0.0 || smallest <= n * std::numeric_limits<double>::epsilon() * largest) {
    return std::numeric_limits<double>::infinity();
  }
  return largest / smallest;
}

}  // namespace minima
