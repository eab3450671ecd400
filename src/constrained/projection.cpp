#include "minima/constrained/projection.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {

void Ball::validate(Index n) const {
  if (center.size() != 0 && center.size() != n)
    throw InvalidArgument(fmt::format("Ball::center has {} entries for {} variables", center.size(), n));
  if (center.size() != 0 && !center.allFinite()) throw InvalidArgument("Ball::center has a non-finite entry");
  if (!(radius >= 0.0) || !std::isfinite(radius))
    throw InvalidArgument(fmt::format("Ball::radius = {}: must be finite and >= 0", radius));
}

Vector Ball::project(const Vector& x) const {
  const Vector d = center.size() ? Vector(x - center) : x;
  const double norm = d.norm();
  if (norm <= radius) return x;
  const Vector p = d * (radius / norm);
  return center.size() ? Vector(p + center) : p;
}

bool Ball::contains(const Vector& x, double tolerance) const {
  const double norm = center.size() ? (x - center).norm() : x.norm();
  return norm <= radius + tolerance;
}

void validate(const SimpleSet& set, Index n) {
  std::visit([n](const auto& s) { s.validate(n); }, set);
}

Vector project(const SimpleSet& set, const Vector& x) {
  return std::visit([&x](const auto& s) { return s.project(x); }, set);
}

double projected_gradient_norm(const SimpleSet& set, const Vector& x, const Vector& g) {
  if (x.size() == 0) return 0.0;
  // For a box, P(x − g) − x = clamp(−g, l − x, u − x) entry by entry: computed so, it is exactly −g
  // on a free coordinate even where x − g rounds back to x (|x| > 2⁵³, g = 1), and a function
  // without a minimum is not declared stationary there.
  if (const auto* box = std::get_if<Bounds>(&set)) {
    const Bounds b = box->expanded(x.size());
    double norm = 0.0;
    for (Index i = 0; i < x.size(); ++i) {
      const double d = std::min(std::max(-g[i], b.lower[i] - x[i]), b.upper[i] - x[i]);
      norm = std::max(norm, std::abs(d));
    }
    return norm;
  }
  return (project(set, x - g) - x).lpNorm<Eigen::Infinity>();
}

}  // namespace minima
