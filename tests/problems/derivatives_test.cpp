// Every problem's analytic gradient against central finite differences of its value, and every
// analytic Hessian against finite differences of the gradient, at the standard start, at the known
// minimizer and at seeded random points near both. Every supported dimension of the listed-dimension
// problems is covered; any-n problems are checked at their default n and at a small n.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <type_traits>
#include <vector>

#include "minima/core/random.hpp"
#include "minima/problems/test_problem.hpp"

namespace minima {
namespace {

// Fourth-order central difference, (−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / 12h: truncation
// O(h⁴), so a step of 1e-5 relative to the variable (Osborne 1 has x4 = 0.01 multiplied by t = 320)
// keeps truncation below the tolerance; rounding is ~eps·|f|/h, allowed for in the checks.
double step_for(double xi) {
  return 1e-5 * std::max(std::abs(xi), 1e-2);
}

// |analytic − fd| allowed in component i: relative 1e-6 of the gradient's size, plus the rounding
// noise of differencing values of size |f| with step hᵢ.
double allowed(double scale, double f, double xi) {
  return 1e-6 * scale + 1e-13 * (1.0 + std::abs(f)) / step_for(xi);
}

template <class F>
auto central_difference(F&& f, const Vector& x, Index i) {
  using Result = std::decay_t<decltype(f(x))>;  // double or Vector: no lazy Eigen expression
  const double h = step_for(x[i]);
  Vector y = x;
  auto at = [&](double offset) {
    y[i] = x[i] + offset;
    return f(y);
  };
  const Result p2 = at(2.0 * h), p1 = at(h), m1 = at(-h), m2 = at(-2.0 * h);
  return Result((-p2 + 8.0 * p1 - 8.0 * m1 + m2) / (12.0 * h));
}

Vector fd_gradient(const Objective& obj, const Vector& x) {
  Vector g(x.size());
  for (Index i = 0; i < x.size(); ++i)
    g[i] = central_difference([&](const Vector& y) { return obj(y); }, x, i);
  return g;
}

Matrix fd_hessian(const Objective& obj, const Vector& x) {
  Matrix h(x.size(), x.size());
  for (Index i = 0; i < x.size(); ++i)
    h.col(i) = central_difference(
        [&](const Vector& y) {
          Vector g(y.size());
          obj(y, &g);
          return g;
        },
        x, i);
  return h;
}

std::vector<Vector> test_points(const TestProblem& p, unsigned seed) {
  Rng rng(seed);
  auto near = [&](const Vector& c, double scale) {
    Vector x = c;
    for (Index i = 0; i < x.size(); ++i) x[i] += scale * (std::abs(c[i]) + 0.1) * uniform(-1.0, 1.0, rng);
    return x;
  };
  std::vector<Vector> points{p.x0};
  for (int k = 0; k < 3; ++k) points.push_back(near(p.x0, 0.1));
  if (p.x_min) {
    points.push_back(*p.x_min);
    // Small enough to stay on the smooth side of |y_i − x2| in the Gulf problem.
    for (int k = 0; k < 2; ++k) points.push_back(near(*p.x_min, 0.02));
  }
  return points;
}

std::vector<std::pair<std::string, Index>> problems_and_dimensions() {
  std::vector<std::pair<std::string, Index>> out;
  for (const ProblemInfo& info : list_problems()) {
    if (info.any_dimension) {
      out.emplace_back(info.name, info.default_dimension);
      const Index small = std::max(info.min_dimension, info.dimension_multiple);
      if (small != info.default_dimension) out.emplace_back(info.name, small);
    } else {
      for (Index n : info.dimensions) out.emplace_back(info.name, n);
    }
  }
  return out;
}

TEST(ProblemDerivatives, GradientMatchesFiniteDifferences) {
  unsigned seed = 1;
  int checked = 0;
  for (const auto& [name, n] : problems_and_dimensions()) {
    const TestProblem p = make_problem(name, n);
    ASSERT_EQ(p.dimension(), n) << name;
    for (const Vector& x : test_points(p, seed++)) {
      Vector g(n);
      const double f = p.objective(x, &g);
      ASSERT_TRUE(std::isfinite(f)) << name << " at " << x.transpose();
      EXPECT_EQ(f, p.objective(x)) << name << ": value without gradient differs";
      const Vector fd = fd_gradient(p.objective, x);
      const double scale = std::max(g.lpNorm<Eigen::Infinity>(), fd.lpNorm<Eigen::Infinity>());
      bool ok = true;
      for (Index i = 0; i < n; ++i) ok = ok && std::abs(g[i] - fd[i]) <= allowed(scale, f, x[i]);
      EXPECT_TRUE(ok) << name << " n=" << n << " at x = " << x.transpose() << "\n  analytic " << g.transpose()
                      << "\n  fd       " << fd.transpose();
      ++checked;
    }
  }
  EXPECT_GT(checked, 200);
}

TEST(ProblemDerivatives, HessianMatchesFiniteDifferencesOfGradient) {
  unsigned seed = 1000;
  int with_hessian = 0;
  for (const auto& [name, n] : problems_and_dimensions()) {
    const TestProblem p = make_problem(name, n);
    if (!p.objective.has_hessian()) continue;
    ++with_hessian;
    for (const Vector& x : test_points(p, seed++)) {
      Matrix h(n, n);
      p.objective.hessian(x, h);
      ASSERT_EQ(h.rows(), n);
      ASSERT_EQ(h.cols(), n);
      EXPECT_LE((h - h.transpose()).lpNorm<Eigen::Infinity>(), 1e-12 * (1.0 + h.lpNorm<Eigen::Infinity>()))
          << name << ": Hessian not symmetric";
      const Matrix fd = fd_hessian(p.objective, x);
      const double scale = std::max(h.lpNorm<Eigen::Infinity>(), fd.lpNorm<Eigen::Infinity>());
      Vector g(n);
      p.objective(x, &g);
      const double g_size = g.lpNorm<Eigen::Infinity>();
      bool ok = true;
      for (Index i = 0; i < n; ++i)
        ok = ok && (h.col(i) - fd.col(i)).lpNorm<Eigen::Infinity>() <= allowed(scale, g_size, x[i]);
      EXPECT_TRUE(ok) << name << " n=" << n << " at x = " << x.transpose() << "\n  analytic\n"
                      << h << "\n  fd\n"
                      << fd;
    }
  }
  EXPECT_GE(with_hessian, 15);
}

TEST(ProblemDerivatives, HessianGivenWhereRequired) {
  for (const char* name :
       {"rosenbrock", "extended-rosenbrock", "quadratic", "sphere", "booth", "wood", "powell-singular",
        "extended-powell-singular", "variably-dimensioned", "penalty-1"})
    EXPECT_TRUE(make_problem(name).objective.has_hessian()) << name;
}

}  // namespace
}  // namespace minima
