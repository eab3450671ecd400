#include "minima/core/constraints.hpp"

#include <fmt/format.h>
#include <cmath>
#include <limits>

#include "minima/core/error.hpp"

namespace minima {

Bounds Bounds::expanded(Index n) const {
  constexpr double inf = std::numeric_limits<double>::infinity();
  Bounds b;
  b.lower = lower.size() == 0 ? Vector::Constant(n, -inf) : lower;
  b.upper = upper.size() == 0 ? Vector::Constant(n, inf) : upper;
  return b;
}

void Bounds::validate(Index n) const {
  for (const auto& [side, v] : {std::pair{"lower", &lower}, std::pair{"upper", &upper}}) {
    if (v->size() != 0 && v->size() != n)
      throw InvalidArgument(fmt::format("{} bound has {} entries for {} variables", side, v->size(), n));
    for (Index i = 0; i < v->size(); ++i)
      if (std::isnan((*v)[i]))
        throw InvalidArgument(fmt::format("{} bound of variable {} is NaN", side, i + 1));
  }
  const Bounds b = expanded(n);
  for (Index i = 0; i < n; ++i) {
    if (b.lower[i] > b.upper[i])
      throw InvalidArgument(
          fmt::format("variable {}: lower bound {} exceeds upper bound {}", i + 1, b.lower[i], b.upper[i]));
    if (b.lower[i] == std::numeric_limits<double>::infinity() ||
        b.upper[i] == -std::numeric_limits<double>::infinity())
      throw InvalidArgument(
          fmt::format("variable {}: bounds [{}, {}] admit no finite value", i + 1, b.lower[i], b.upper[i]));
  }
}

Vector Bounds::project(const Vector& x) const {
  Vector p = x;
  if (lower.size() != 0) p = p.cwiseMax(lower);
  if (upper.size() != 0) p = p.cwiseMin(upper);
  return p;
}

bool Bounds::contains(const Vector& x) const {
  if (lower.size() != 0 && (x.array() < lower.array()).any()) return false;
  if (upper.size() != 0 && (x.array() > upper.array()).any()) return false;
  return true;
}

}  // namespace minima
