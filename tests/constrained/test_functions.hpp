// Small problems with closed-form answers for the constrained tests.
#pragma once

#include <cmath>
#include <functional>

#include "minima/core/objective.hpp"

namespace minima::constrained_test {

/// Extended Rosenbrock Σ 100(x_{2i} − x_{2i−1}²)² + (1 − x_{2i−1})² (Moré, Garbow & Hillstrom #21).
inline double extended_rosenbrock(const Vector& x, Vector* g) {
  double f = 0.0;
  if (g) g->setZero(x.size());
  for (Index i = 0; i + 1 < x.size(); i += 2) {
    const double t = x[i + 1] - x[i] * x[i], u = 1.0 - x[i];
    f += 100.0 * t * t + u * u;
    if (g) {
      (*g)[i] += -400.0 * x[i] * t - 2.0 * u;
      (*g)[i + 1] += 200.0 * t;
    }
  }
  return f;
}

/// ½ xᵀQx − cᵀx.
inline Objective quadratic(const Matrix& Q, const Vector& c) {
  return Objective(
      [Q, c](const Vector& x, Vector* g) {
        if (g) *g = Q * x - c;
        return 0.5 * x.dot(Q * x) - c.dot(x);
      },
      c.size());
}

/// A linear function aᵀx + b0 as a constraint.
inline Objective linear(const Vector& a, double b0) {
  return Objective(
      [a, b0](const Vector& x, Vector* g) {
        if (g) *g = a;
        return a.dot(x) + b0;
      },
      a.size());
}

/// x₁ + … + xₙ, the objective of the small closed-form problems (min x + y on a circle, ...).
inline Objective sum() {
  return Objective([](const Vector& x, Vector* g) {
    if (g) g->setOnes(x.size());
    return x.sum();
  });
}

/// ‖x‖² − r².
inline Objective sphere(double r) {
  return Objective([r](const Vector& x, Vector* g) {
    if (g) *g = 2.0 * x;
    return x.squaredNorm() - r * r;
  });
}

/// A root of a continuous function on [a, b] with a sign change, by bisection to full precision.
inline double bisect(const std::function<double(double)>& f, double a, double b) {
  double fa = f(a);
  for (int i = 0; i < 200 && b - a > 0; ++i) {
    const double m = 0.5 * (a + b);
    if (m == a || m == b) break;
    const double fm = f(m);
    if ((fm < 0) == (fa < 0)) {
      a = m;
      fa = fm;
    } else {
      b = m;
    }
  }
  return 0.5 * (a + b);
}

}  // namespace minima::constrained_test
