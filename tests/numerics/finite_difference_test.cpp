// Finite differences against analytic derivatives, to the accuracy documented in
// finite_difference.hpp (≈1e-10 relative for central differences, ≈1e-8 for second differences).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "minima/core/error.hpp"
#include "minima/numerics/finite_difference.hpp"

namespace minima {
namespace {

// Rosenbrock in 2-D with its analytic derivatives.
double rosenbrock(const Vector& x) {
  return 100 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1 - x[0], 2);
}
Vector rosenbrock_gradient(const Vector& x) {
  Vector g(2);
  g[0] = -400 * x[0] * (x[1] - x[0] * x[0]) - 2 * (1 - x[0]);
  g[1] = 200 * (x[1] - x[0] * x[0]);
  return g;
}
Matrix rosenbrock_hessian(const Vector& x) {
  Matrix H(2, 2);
  H << 1200 * x[0] * x[0] - 400 * x[1] + 2, -400 * x[0], -400 * x[0], 200;
  return H;
}

// A smooth function with mixed scales: f = exp(x0) sin(x1) + x2³ x0 + 1e3 x2.
double mixed(const Vector& x) {
  return std::exp(x[0]) * std::sin(x[1]) + std::pow(x[2], 3) * x[0] + 1e3 * x[2];
}
Vector mixed_gradient(const Vector& x) {
  Vector g(3);
  g << std::exp(x[0]) * std::sin(x[1]) + std::pow(x[2], 3), std::exp(x[0]) * std::cos(x[1]),
      3 * x[2] * x[2] * x[0] + 1e3;
  return g;
}
Matrix mixed_hessian(const Vector& x) {
  Matrix H(3, 3);
  const double e = std::exp(x[0]);
  H << e * std::sin(x[1]), e * std::cos(x[1]), 3 * x[2] * x[2],  //
      e * std::cos(x[1]), -e * std::sin(x[1]), 0,                //
      3 * x[2] * x[2], 0, 6 * x[2] * x[0];
  return H;
}

// Error relative to the larger of 1, the exact entries and f_scale (|f| for differences of values).
double relative_error(const Matrix& approx, const Matrix& exact, double f_scale = 1.0) {
  return (approx - exact).lpNorm<Eigen::Infinity>() /
         std::max({1.0, exact.lpNorm<Eigen::Infinity>(), std::abs(f_scale)});
}

TEST(FiniteDifference, StepsFollowTheDocumentedRule) {
  const double cbrt_eps = std::cbrt(std::numeric_limits<double>::epsilon());
  EXPECT_DOUBLE_EQ(fd::central_step(0.0), cbrt_eps);
  EXPECT_DOUBLE_EQ(fd::central_step(-1e4), 1e4 * cbrt_eps);
  EXPECT_NEAR(fd::second_difference_step(0.5), 1.2207e-4, 1e-8);
}

TEST(FiniteDifference, GradientMatchesAnalytic) {
  for (const Vector& x : {Vector(Vector::Constant(2, -1.2)), Vector(Vector::Constant(2, 1.0)),
                          Vector((Vector(2) << 300.0, -2e4).finished())}) {
    const Vector g = fd::gradient(rosenbrock, x);
    const Vector exact = rosenbrock_gradient(x);
    // Relative to the documented scale max(1, |f|, |f'''| max(1, |x|)²), f''' = ∂³f/∂x₀³ = 2400 x₀.
    const double third = 2400.0 * std::abs(x[0]) * std::max(1.0, x[0] * x[0]);
    const double scale = std::max({1.0, std::abs(rosenbrock(x)), third});
    EXPECT_LT((g - exact).lpNorm<Eigen::Infinity>() / scale, 1e-9) << x.transpose();
  }
  const Vector y = (Vector(3) << 0.4, -1.3, 2.0).finished();
  EXPECT_LT(relative_error(fd::gradient(mixed, y), mixed_gradient(y)), 1e-9);
}

TEST(FiniteDifference, CentralIsSecondOrderAccurate) {
  // For f = x³ at x = 1 the central truncation error is h²f'''/6 = h²: about 3.7e-11 with h = ∛ε.
  auto cube = [](const Vector& x) { return x[0] * x[0] * x[0]; };
  const double err = std::abs(fd::gradient(cube, Vector::Constant(1, 1.0))[0] - 3.0);
  EXPECT_LT(err, 2e-10);
  EXPECT_GT(err, 0.0);
}

TEST(FiniteDifference, OneSidedAtADomainBoundary) {
  // log x at x = 1e-6: the central step would reach x < 0 (NaN), so the forward difference is used.
  auto f = [](const Vector& x) { return std::log(x[0]); };
  const Vector g = fd::gradient(f, Vector::Constant(1, 1e-6));
  EXPECT_TRUE(std::isfinite(g[0]));
  EXPECT_GT(g[0], 0.0);
  const double h = fd::central_step(1e-6);
  EXPECT_NEAR(g[0], (std::log(1e-6 + h) - std::log(1e-6)) / h, 1e-6 * g[0]);  // the forward quotient
}

TEST(FiniteDifference, JacobianMatchesAnalytic) {
  // r(x) = (x0² x1, 5 x0 + sin x1, x1 e^{x0}) : R² → R³.
  auto r = [](const Vector& x) {
    Vector v(3);
    v << x[0] * x[0] * x[1], 5 * x[0] + std::sin(x[1]), x[1] * std::exp(x[0]);
    return v;
  };
  const Vector x = (Vector(2) << 1.5, -0.7).finished();
  Matrix exact(3, 2);
  exact << 2 * x[0] * x[1], x[0] * x[0], 5, std::cos(x[1]), x[1] * std::exp(x[0]), std::exp(x[0]);
  const Matrix J = fd::jacobian(r, x);
  ASSERT_EQ(J.rows(), 3);
  ASSERT_EQ(J.cols(), 2);
  EXPECT_LT(relative_error(J, exact), 1e-9);
}

TEST(FiniteDifference, JacobianRejectsChangingSizes) {
  int calls = 0;
  auto r = [&calls](const Vector& x) { return Vector::Constant(++calls == 2 ? 3 : 2, x[0]); };
  EXPECT_THROW(fd::jacobian(r, Vector::Zero(2)), InvalidArgument);
}

TEST(FiniteDifference, HessianFromGradient) {
  const Vector x = (Vector(2) << -1.2, 1.0).finished();
  const Matrix H = fd::hessian_from_gradient(rosenbrock_gradient, x);
  EXPECT_LT(relative_error(H, rosenbrock_hessian(x)), 1e-9);
  EXPECT_EQ(H(0, 1), H(1, 0));  // symmetrized
  const Vector y = (Vector(3) << 0.4, -1.3, 2.0).finished();
  EXPECT_LT(relative_error(fd::hessian_from_gradient(mixed_gradient, y), mixed_hessian(y)), 1e-9);
}

TEST(FiniteDifference, HessianFromValues) {
  const Vector x = (Vector(2) << -1.2, 1.0).finished();
  EXPECT_LT(relative_error(fd::hessian_from_values(rosenbrock, x), rosenbrock_hessian(x)), 1e-7);
  const Vector y = (Vector(3) << 0.4, -1.3, 2.0).finished();
  // |f| ≈ 2000 here: rounding ε|f|/h² is ≈ 5e-6 absolute against entries of size ~12, ≈ 2e-9 of f.
  EXPECT_LT(relative_error(fd::hessian_from_values(mixed, y), mixed_hessian(y), mixed(y)), 1e-8);
  EXPECT_LT(relative_error(fd::hessian_from_values(mixed, y), mixed_hessian(y)), 1e-6);
}

TEST(FiniteDifference, NonFiniteXThrows) {
  Vector x = Vector::Zero(2);
  x[1] = std::numeric_limits<double>::infinity();
  EXPECT_THROW(fd::gradient(rosenbrock, x), InvalidArgument);
  EXPECT_THROW(fd::hessian_from_values(rosenbrock, x), InvalidArgument);
}

TEST(FiniteDifference, ObjectiveFromValues) {
  const Objective obj = finite_difference(rosenbrock, 2);
  EXPECT_EQ(obj.dimension(), 2);
  EXPECT_EQ(obj.gradient_source(), DerivativeSource::finite_difference);
  EXPECT_EQ(obj.hessian_source(), DerivativeSource::finite_difference);
  ASSERT_TRUE(obj.has_hessian());
  const Vector x = (Vector(2) << 0.5, -0.3).finished();
  Vector g(2);
  EXPECT_DOUBLE_EQ(obj(x, &g), rosenbrock(x));
  EXPECT_LT(relative_error(g, rosenbrock_gradient(x)), 1e-9);
  Matrix H(2, 2);
  obj.hessian(x, H);
  EXPECT_LT(relative_error(H, rosenbrock_hessian(x)), 1e-7);
  EXPECT_THROW(finite_difference(ScalarFunction{}), InvalidArgument);
}

TEST(FiniteDifference, AddsAHessianToAnAnalyticObjective) {
  int gradient_calls = 0;
  const Objective analytic(
      [&gradient_calls](const Vector& x, Vector* g) {
        if (g) {
          ++gradient_calls;
          *g = mixed_gradient(x);
        }
        return mixed(x);
      },
      3);
  ASSERT_FALSE(analytic.has_hessian());
  const Objective with_h = with_finite_difference_hessian(analytic);
  ASSERT_TRUE(with_h.has_hessian());
  EXPECT_EQ(with_h.gradient_source(), DerivativeSource::analytic);
  EXPECT_EQ(with_h.hessian_source(), DerivativeSource::finite_difference);
  const Vector y = (Vector(3) << 0.4, -1.3, 2.0).finished();
  Matrix H(3, 3);
  with_h.hessian(y, H);
  EXPECT_EQ(gradient_calls, 6);  // 2n gradient calls: it differences the gradient, not the values
  EXPECT_LT(relative_error(H, mixed_hessian(y)), 1e-9);
}

TEST(FiniteDifference, HessianOfAFiniteDifferenceObjectiveUsesValues) {
  const Objective fd_only = finite_difference(mixed, 3).with_hessian({});
  const Objective with_h = with_finite_difference_hessian(fd_only);
  const Vector y = (Vector(3) << 0.4, -1.3, 2.0).finished();
  Matrix H(3, 3);
  with_h.hessian(y, H);
  EXPECT_LT(relative_error(H, mixed_hessian(y), mixed(y)), 1e-8);
}

}  // namespace
}  // namespace minima
