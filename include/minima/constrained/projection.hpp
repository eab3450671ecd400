// Euclidean projection onto the simple sets that projected methods handle exactly and cheaply:
// a box (componentwise clamp) and a ball {x : ‖x − c‖₂ ≤ r} (radial scaling). Also the
// projected-gradient norm ‖P(x − ∇f) − x‖∞, the first-order stationarity measure on such a set: it
// is zero exactly at the points where −∇f lies in the normal cone (Nocedal & Wright 2006, §16.7;
// Bertsekas, Nonlinear Programming, 2nd ed., §2.3).
#pragma once

#include <variant>

#include "minima/core/constraints.hpp"
#include "minima/core/types.hpp"

namespace minima {

/// The ball ‖x − center‖₂ ≤ radius. An empty center means the origin.
struct Ball {
  Vector center{};      ///< empty (origin) or one entry per variable
  double radius = 1.0;  ///< finite, ≥ 0

  /// Throws InvalidArgument naming the bad field (size, NaN/inf, negative radius).
  void validate(Index n) const;
  Vector project(const Vector& x) const;
  bool contains(const Vector& x, double tolerance = 0.0) const;
};

/// A set with an exact projection.
using SimpleSet = std::variant<Bounds, Ball>;

void validate(const SimpleSet& set, Index n);
Vector project(const SimpleSet& set, const Vector& x);
/// ‖P(x − g) − x‖∞: zero exactly at first-order points of min f over the set.
double projected_gradient_norm(const SimpleSet& set, const Vector& x, const Vector& g);

}  // namespace minima
