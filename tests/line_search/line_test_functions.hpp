// Shared fixtures for the line-search tests: 1-D functions φ(α) given as objectives on R¹ searched
// from x = 0 along d = 1, and a helper that runs a search and checks the conditions it promises.
#pragma once

#include <cmath>
#include <functional>
#include <numbers>

#include "minima/core/counted_objective.hpp"
#include "minima/line_search/line_search.hpp"

namespace minima::test {

struct Function1D {
  const char* name;
  std::function<double(double)> phi;
  std::function<double(double)> dphi;
};

inline Objective as_objective(const Function1D& fn) {
  return Objective([fn](const Vector& x, Vector* g) {
    if (g) (*g)[0] = fn.dphi(x[0]);
    return fn.phi(x[0]);
  });
}

// The six test functions of Moré & Thuente (1994), §5, with their parameters.
inline Function1D more_thuente_1() {
  const double b = 2.0;
  return {"MT1 -a/(a^2+b)", [=](double a) { return -a / (a * a + b); },
          [=](double a) { return (a * a - b) / ((a * a + b) * (a * a + b)); }};
}
inline Function1D more_thuente_2() {
  const double b = 0.004;
  return {"MT2 (a+b)^5-2(a+b)^4", [=](double a) { return std::pow(a + b, 5) - 2.0 * std::pow(a + b, 4); },
          [=](double a) { return 5.0 * std::pow(a + b, 4) - 8.0 * std::pow(a + b, 3); }};
}
inline Function1D more_thuente_3() {
  const double b = 0.01, l = 39.0, pi = std::numbers::pi;
  auto phi0 = [=](double a) {
    if (a <= 1.0 - b) return 1.0 - a;
    if (a >= 1.0 + b) return a - 1.0;
    return (a - 1.0) * (a - 1.0) / (2.0 * b) + b / 2.0;
  };
  auto dphi0 = [=](double a) {
    if (a <= 1.0 - b) return -1.0;
    if (a >= 1.0 + b) return 1.0;
    return (a - 1.0) / b;
  };
  return {"MT3 wiggly",
          [=](double a) { return phi0(a) + 2.0 * (1.0 - b) / (l * pi) * std::sin(l * pi * a / 2.0); },
          [=](double a) { return dphi0(a) + (1.0 - b) * std::cos(l * pi * a / 2.0); }};
}
inline Function1D yanai(const char* name, double b1, double b2) {
  auto gamma = [](double b) { return std::sqrt(1.0 + b * b) - b; };
  const double g1 = gamma(b1), g2 = gamma(b2);
  return {name,
          [=](double a) {
            return g1 * std::sqrt((1.0 - a) * (1.0 - a) + b2 * b2) + g2 * std::sqrt(a * a + b1 * b1);
          },
          [=](double a) {
            return g1 * (a - 1.0) / std::sqrt((1.0 - a) * (1.0 - a) + b2 * b2) +
                   g2 * a / std::sqrt(a * a + b1 * b1);
          }};
}

/// A search from x along d on an objective, with φ(0) and φ'(0) evaluated.
struct LineProblem {
  LineProblem(Objective f, Vector x0, Vector direction)
      : objective(std::move(f)),
        counted(objective, x0.size()),
        x(std::move(x0)),
        d(std::move(direction)),
        phi(counted, x, d) {
    f0 = counted.value_gradient(x, g0);
    slope0 = g0.dot(d);
  }
  Objective objective;  // owned: CountedObjective keeps a reference
  CountedObjective counted;
  Vector x, d, g0;
  double f0 = 0.0, slope0 = 0.0;
  LineFunction phi;
};

}  // namespace minima::test
