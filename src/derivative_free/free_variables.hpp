// Internal to derivative_free: the variables a box leaves free. A variable whose lower and upper
// bounds coincide is fixed at that value and left out of the search (a simplex or an interpolation
// set cannot span a direction of zero width); the methods work in the coordinates of the rest.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "minima/core/constraints.hpp"
#include "minima/core/types.hpp"

namespace minima::detail {

class FreeVariables {
 public:
  FreeVariables() = default;
  /// `bounds` empty or validated for x's size; x lies in the box. Fixed entries take x's value.
  FreeVariables(const Bounds& bounds, const Vector& x) : full_(x) {
    const Index n = x.size();
    const Bounds box = bounds.empty() ? Bounds{} : bounds.expanded(n);
    for (Index i = 0; i < n; ++i) {
      const double lo = box.lower.size() ? box.lower[i] : -std::numeric_limits<double>::infinity();
      const double hi = box.upper.size() ? box.upper[i] : std::numeric_limits<double>::infinity();
      if (lo == hi) {
        full_[i] = lo;
        continue;
      }
      index_.push_back(i);
      lower_.push_back(lo);
      upper_.push_back(hi);
    }
  }

  Index count() const { return static_cast<Index>(index_.size()); }
  Index index(Index k) const { return index_[static_cast<std::size_t>(k)]; }
  double lower(Index k) const { return lower_[static_cast<std::size_t>(k)]; }
  double upper(Index k) const { return upper_[static_cast<std::size_t>(k)]; }
  bool bounded() const {
    for (std::size_t k = 0; k < index_.size(); ++k)
      if (std::isfinite(lower_[k]) || std::isfinite(upper_[k])) return true;
    return false;
  }

  /// The free entries of a full-space point.
  Vector reduce(const Vector& x) const {
    Vector z(count());
    for (Index k = 0; k < count(); ++k) z[k] = x[index(k)];
    return z;
  }
  /// The full-space point with free entries z and the fixed ones at their value.
  Vector expand(const Vector& z) const {
    Vector x = full_;
    for (Index k = 0; k < count(); ++k) x[index(k)] = z[k];
    return x;
  }
  /// z projected onto the free variables' box.
  Vector clamp(Vector z) const {
    for (Index k = 0; k < count(); ++k) z[k] = std::clamp(z[k], lower(k), upper(k));
    return z;
  }

 private:
  Vector full_;
  std::vector<Index> index_;
  std::vector<double> lower_, upper_;
};

}  // namespace minima::detail
