// Objectives shared by the BFGS, L-BFGS and conjugate-gradient tests: extended Rosenbrock (Moré,
// Garbow & Hillstrom 1981, problem 21; n = 2 is Rosenbrock's function), a convex quadratic, and a
// function whose "gradient" points uphill.
#pragma once

#include <cmath>

#include "minima/core/objective.hpp"
#include "minima/core/stop.hpp"

namespace minima::qn_test {

/// Σ_i 100 (x_{2i+1} − x_{2i}²)² + (1 − x_{2i})²; minimum 0 at (1, …, 1).
inline double extended_rosenbrock(const Vector& x, Vector* g) {
  double f = 0.0;
  for (Index i = 0; i + 1 < x.size(); i += 2) {
    const double t = x[i + 1] - x[i] * x[i];
    const double u = 1.0 - x[i];
    f += 100.0 * t * t + u * u;
    if (g) {
      (*g)[i] = -400.0 * x[i] * t - 2.0 * u;
      (*g)[i + 1] = 200.0 * t;
    }
  }
  return f;
}

/// The standard start (−1.2, 1, −1.2, 1, …).
inline Vector rosenbrock_start(Index n) {
  Vector x(n);
  for (Index i = 0; i < n; ++i) x[i] = (i % 2 == 0) ? -1.2 : 1.0;
  return x;
}

/// ½ (x − x*)ᵀA(x − x*) with A = diag(1, …, kappa) (geometric spacing) rotated by a fixed
/// Householder reflection, and x* = (1, 2, …, n); minimum 0. Written around x* so that f is small
/// near the minimizer and its rounding does not hide the last decreases.
struct Quadratic {
  Matrix a;
  Vector x_min;
  explicit Quadratic(Index n, double kappa) {
    Vector v = Vector::LinSpaced(n, 1.0, 2.0);
    v.normalize();
    const Matrix q = Matrix::Identity(n, n) - 2.0 * v * v.transpose();
    Vector diag(n);
    for (Index i = 0; i < n; ++i) diag[i] = std::pow(kappa, n > 1 ? double(i) / double(n - 1) : 0.0);
    a = q * diag.asDiagonal() * q.transpose();
    x_min = Vector::LinSpaced(n, 1.0, double(n));
  }
  double operator()(const Vector& x, Vector* g) const {
    const Vector e = x - x_min;
    const Vector ae = a * e;
    if (g) *g = ae;
    return 0.5 * e.dot(ae);
  }
};

/// Rosenbrock with the gradient negated: −g is an ascent direction, so no line search can succeed.
inline double uphill_rosenbrock(const Vector& x, Vector* g) {
  const double f = extended_rosenbrock(x, g);
  if (g) *g = -*g;
  return f;
}

/// Stop with a gradient tolerance and an iteration limit, the rest default.
inline Stop stop_with(double g_abstol, long max_iterations = 1000) {
  Stop stop;
  stop.g_abstol = g_abstol;
  stop.max_iterations = max_iterations;
  return stop;
}

}  // namespace minima::qn_test
