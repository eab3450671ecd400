#include "minima/linear_models/legendre.hpp"

#include <fmt/format.h>
#include <cmath>

#include "minima/core/error.hpp"

namespace minima {

Matrix legendre_features(const Vector& x, int order) {
  if (order < 0) throw InvalidArgument(fmt::format("Legendre order must be >= 0, got {}", order));
  if (!x.allFinite()) throw InvalidArgument("Legendre features need finite inputs");
  Matrix z(x.size(), order + 1);
  z.col(0).setOnes();
  if (order >= 1) z.col(1) = x;
  for (int q = 1; q < order; ++q)
    z.col(q + 1) = ((2.0 * q + 1.0) * x.cwiseProduct(z.col(q)) - q * z.col(q - 1)) / (q + 1.0);
  return z;
}

double legendre(int q, double x) {
  if (q < 0) throw InvalidArgument(fmt::format("Legendre order must be >= 0, got {}", q));
  double previous = 1.0, current = x;
  if (q == 0) return previous;
  for (int k = 1; k < q; ++k) {
    const double next = ((2.0 * k + 1.0) * x * current - k * previous) / (k + 1.0);
    previous = current;
    current = next;
  }
  return current;
}

}  // namespace minima
