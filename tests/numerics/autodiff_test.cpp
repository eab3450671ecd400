// autodiff: Objectives and free functions built from generic lambdas, against analytic gradients
// and Hessians, for fixed and dynamic derivative sizes.
#include "minima/numerics/autodiff.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "minima/core/error.hpp"

namespace minima {
namespace {

// Rosenbrock in n dimensions: Σ 100(x_{i+1} − x_i²)² + (1 − x_i)².
const auto rosenbrock = [](const auto& x) {
  using S = std::decay_t<decltype(x[0])>;
  S f(0.0);
  for (Index i = 0; i + 1 < x.size(); ++i) f += 100 * pow(x[i + 1] - x[i] * x[i], 2) + pow(1 - x[i], 2);
  return f;
};

Vector rosenbrock_gradient(const Vector& x) {
  const Index n = x.size();
  Vector g = Vector::Zero(n);
  for (Index i = 0; i + 1 < n; ++i) {
    const double t = x[i + 1] - x[i] * x[i];
    g[i] += -400 * x[i] * t - 2 * (1 - x[i]);
    g[i + 1] += 200 * t;
  }
  return g;
}

Matrix rosenbrock_hessian(const Vector& x) {
  const Index n = x.size();
  Matrix h = Matrix::Zero(n, n);
  for (Index i = 0; i + 1 < n; ++i) {
    h(i, i) += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
    h(i, i + 1) += -400 * x[i];
    h(i + 1, i) += -400 * x[i];
    h(i + 1, i + 1) += 200;
  }
  return h;
}

double rosenbrock_value(const Vector& x) {
  double f = 0;
  for (Index i = 0; i + 1 < x.size(); ++i)
    f += 100 * std::pow(x[i + 1] - x[i] * x[i], 2) + std::pow(1 - x[i], 2);
  return f;
}

void expect_matches_rosenbrock(const Objective& obj, const Vector& x) {
  Vector g(x.size());
  const double f = obj(x, &g);
  EXPECT_NEAR(f, rosenbrock_value(x), 1e-12 * std::max(1.0, std::abs(f)));
  EXPECT_NEAR(obj(x), f, 0.0);
  const Vector g_exact = rosenbrock_gradient(x);
  for (Index i = 0; i < x.size(); ++i) EXPECT_NEAR(g[i], g_exact[i], 1e-12 * std::max(1.0, g_exact.norm()));
  ASSERT_TRUE(obj.has_hessian());
  Matrix h(x.size(), x.size());
  obj.hessian(x, h);
  const Matrix h_exact = rosenbrock_hessian(x);
  EXPECT_LE((h - h_exact).norm(), 1e-12 * h_exact.norm()) << h;
}

TEST(Autodiff, RosenbrockDynamicAllSizes) {
  const Objective obj = autodiff(rosenbrock);
  EXPECT_EQ(obj.gradient_source(), DerivativeSource::autodiff);
  EXPECT_EQ(obj.hessian_source(), DerivativeSource::autodiff);
  EXPECT_EQ(obj.dimension(), 0);
  // n ≤ 8: inline derivatives for gradient and Hessian; 12: inline gradient, heap Hessian; 20: heap.
  for (Index n : {2, 3, 5, 8, 12, 20}) {
    Vector x(n);
    for (Index i = 0; i < n; ++i) x[i] = (i % 2 == 0) ? -1.2 + 0.1 * i : 1.0 - 0.05 * i;
    SCOPED_TRACE(n);
    expect_matches_rosenbrock(obj, x);
  }
}

TEST(Autodiff, RosenbrockFixedSize) {
  const Objective obj = autodiff<2>(rosenbrock);
  EXPECT_EQ(obj.dimension(), 2);
  expect_matches_rosenbrock(obj, Vector{{-1.2, 1.0}});
  expect_matches_rosenbrock(obj, Vector{{1.0, 1.0}});
  // A wrong-sized x is a programming error (CountedObjective turns it into a failed run).
  Vector g(3);
  EXPECT_THROW(obj(Vector::Ones(3), &g), InvalidArgument);
  EXPECT_THROW(autodiff<2>(rosenbrock, 3), InvalidArgument);
}

TEST(Autodiff, FreeFunctionsOnTranscendentalFunction) {
  // f(x, y, z) = exp(x y) + sin(z) log(1 + x²) − atan2(y, z)
  const auto f = [](const auto& v) {
    return exp(v[0] * v[1]) + sin(v[2]) * log(1 + v[0] * v[0]) - atan2(v[1], v[2]);
  };
  const double x = 0.3, y = -0.7, z = 1.4;
  const Vector p{{x, y, z}};
  double value = 0;
  const Vector g = autodiff_gradient(f, p, &value);
  EXPECT_NEAR(value, std::exp(x * y) + std::sin(z) * std::log(1 + x * x) - std::atan2(y, z), 1e-15);
  const double r2 = y * y + z * z;
  EXPECT_NEAR(g[0], y * std::exp(x * y) + std::sin(z) * 2 * x / (1 + x * x), 1e-15);
  EXPECT_NEAR(g[1], x * std::exp(x * y) - z / r2, 1e-15);
  EXPECT_NEAR(g[2], std::cos(z) * std::log(1 + x * x) + y / r2, 1e-15);
  EXPECT_EQ(autodiff_gradient<3>(f, p), g);

  const Matrix h = autodiff_hessian(f, p);
  const double e = std::exp(x * y);
  Matrix expected(3, 3);
  expected(0, 0) = y * y * e + std::sin(z) * (2 * (1 - x * x)) / ((1 + x * x) * (1 + x * x));
  expected(0, 1) = e + x * y * e;
  expected(0, 2) = std::cos(z) * 2 * x / (1 + x * x);
  expected(1, 1) = x * x * e + 2 * y * z / (r2 * r2);
  expected(1, 2) = (z * z - y * y) / (r2 * r2);
  expected(2, 2) = -std::sin(z) * std::log(1 + x * x) - 2 * y * z / (r2 * r2);
  expected(1, 0) = expected(0, 1);
  expected(2, 0) = expected(0, 2);
  expected(2, 1) = expected(1, 2);
  EXPECT_LE((h - expected).norm(), 1e-14) << h << "\n\n" << expected;
  EXPECT_LE((autodiff_hessian<3>(f, p) - expected).norm(), 1e-14);
}

TEST(Autodiff, EigenExpressionsInsideTheLambda) {
  // f(x) = ½ xᵀ A x − bᵀ x: gradient A x − b, Hessian A (A symmetric).
  Matrix a(5, 5);
  a << 4, 1, 0, 0, 1, 1, 3, 1, 0, 0, 0, 1, 5, 2, 0, 0, 0, 2, 6, 1, 1, 0, 0, 1, 2;
  const Vector b = Vector::LinSpaced(5, -1, 1);
  const auto quadratic = [&](const auto& x) {
    using S = std::decay_t<decltype(x[0])>;
    const Eigen::Matrix<S, Eigen::Dynamic, 1> ax = a.cast<S>() * x;
    return S(0.5) * x.dot(ax) - b.cast<S>().dot(x);
  };
  const Objective obj = autodiff(quadratic, 5);
  const Vector x = Vector::LinSpaced(5, 0.5, 2.5);
  Vector g(5);
  obj(x, &g);
  EXPECT_LE((g - (a * x - b)).norm(), 1e-13);
  Matrix h(5, 5);
  obj.hessian(x, h);
  EXPECT_LE((h - a).norm(), 1e-13);
}

TEST(Autodiff, ConstantAndLinearFunctions) {
  const auto constant = [](const auto& x) {
    using S = std::decay_t<decltype(x[0])>;
    return S(3.5);
  };
  const Vector x = Vector::Ones(6);
  double v = 0;
  EXPECT_EQ(autodiff_gradient(constant, x, &v), Vector::Zero(6));
  EXPECT_EQ(v, 3.5);
  EXPECT_EQ(autodiff_hessian(constant, x), Matrix::Zero(6, 6));
  const auto linear = [](const auto& x) { return 2 * x[0] - 3 * x[5]; };
  const Vector g = autodiff_gradient(linear, x);
  EXPECT_EQ(g[0], 2.0);
  EXPECT_EQ(g[5], -3.0);
  EXPECT_EQ(autodiff_hessian(linear, x), Matrix::Zero(6, 6));
}

TEST(Autodiff, NonFiniteValuesDoNotThrow) {
  const auto f = [](const auto& x) { return log(x[0]) + x[1]; };
  Vector g(2);
  const double v = autodiff(f)(Vector{{-1.0, 0.0}}, &g);
  EXPECT_TRUE(std::isnan(v));
  EXPECT_EQ(g[1], 1.0);
}

}  // namespace
}  // namespace minima
