// Objectives for the tests of gradient descent, Newton, saddle-free Newton and the trust region:
// the seeds' one-dimensional examples (spec local-methods.md §4), 2-D Rosenbrock and a small linear
// least-squares problem, all with analytic gradients and Hessians.
#pragma once

#include <cmath>

#include "minima/core/objective.hpp"

namespace minima::test {

/// f = x⁴ (minimum 0 at 0, degenerate: f''(0) = 0).
inline Objective quartic() {
  return Objective(
      [](const Vector& x, Vector* g) {
        if (g) (*g)[0] = 4.0 * x[0] * x[0] * x[0];
        return x[0] * x[0] * x[0] * x[0];
      },
      1, [](const Vector& x, Matrix& h) { h(0, 0) = 12.0 * x[0] * x[0]; });
}

/// f = x³ − 2x + 1: local minimum at √(2/3), local maximum at −√(2/3), inflection at 0.
inline Objective cubic() {
  return Objective(
      [](const Vector& x, Vector* g) {
        if (g) (*g)[0] = 3.0 * x[0] * x[0] - 2.0;
        return x[0] * x[0] * x[0] - 2.0 * x[0] + 1.0;
      },
      1, [](const Vector& x, Matrix& h) { h(0, 0) = 6.0 * x[0]; });
}
inline const double kCubicMinimizer = std::sqrt(2.0 / 3.0);
inline const double kCubicMinimum = 1.0 - 4.0 / 3.0 * std::sqrt(2.0 / 3.0);
inline const double kCubicMaximum = 1.0 + 4.0 / 3.0 * std::sqrt(2.0 / 3.0);

/// Rosenbrock 100(y − x²)² + (1 − x)², minimum 0 at (1, 1).
inline Objective rosenbrock() {
  return Objective(
      [](const Vector& v, Vector* g) {
        const double x = v[0], y = v[1], a = y - x * x;
        if (g) {
          (*g)[0] = -400.0 * x * a - 2.0 * (1.0 - x);
          (*g)[1] = 200.0 * a;
        }
        return 100.0 * a * a + (1.0 - x) * (1.0 - x);
      },
      2,
      [](const Vector& v, Matrix& h) {
        const double x = v[0], y = v[1];
        h(0, 0) = 1200.0 * x * x - 400.0 * y + 2.0;
        h(0, 1) = h(1, 0) = -400.0 * x;
        h(1, 1) = 200.0;
      });
}
inline Vector rosenbrock_start() {
  return Vector{{-1.2, 1.0}};
}

/// f(x) = ½‖Ax − b‖² with a fixed, well-posed A (4×3); ∇f = Aᵀ(Ax − b), H = AᵀA.
struct LeastSquares {
  Matrix A{{1.0, 2.0, 0.5}, {0.0, 1.0, -1.0}, {2.0, 0.0, 1.0}, {1.0, 1.0, 1.0}};
  Vector b{{1.0, -2.0, 3.0, 0.5}};
  Objective objective() const {
    return Objective(
        [A = A, b = b](const Vector& x, Vector* g) {
          const Vector r = A * x - b;
          if (g) *g = A.transpose() * r;
          return 0.5 * r.squaredNorm();
        },
        3, [A = A](const Vector&, Matrix& h) { h = A.transpose() * A; });
  }
  /// The normal-equations solution AᵀA x = Aᵀb.
  Vector solution() const { return (A.transpose() * A).ldlt().solve(A.transpose() * b); }
};

/// ½‖x‖² with a wrong gradient (−x instead of x): −∇f points uphill.
inline Objective wrong_gradient() {
  return Objective(
      [](const Vector& x, Vector* g) {
        if (g) *g = -x;
        return 0.5 * x.squaredNorm();
      },
      0, [](const Vector& x, Matrix& h) { h = Matrix::Identity(x.size(), x.size()); });
}

}  // namespace minima::test
