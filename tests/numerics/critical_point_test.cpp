// Critical points of the seed's examples (Deep Learning §4.3): min, max, saddle, inconclusive.
#include <gtest/gtest.h>

#include <cmath>

#include "minima/core/error.hpp"
#include "minima/numerics/critical_point.hpp"

namespace minima {
namespace {

Matrix diag2(double a, double b) {
  Matrix h = Matrix::Zero(2, 2);
  h(0, 0) = a;
  h(1, 1) = b;
  return h;
}

TEST(CriticalPoint, Names) {
  EXPECT_EQ(to_string(CriticalPoint::local_minimum), "local_minimum");
  EXPECT_EQ(to_string(CriticalPoint::local_maximum), "local_maximum");
  EXPECT_EQ(to_string(CriticalPoint::saddle_point), "saddle_point");
  EXPECT_EQ(to_string(CriticalPoint::inconclusive), "inconclusive");
  EXPECT_EQ(to_string(CriticalPoint::not_critical), "not_critical");
}

TEST(CriticalPoint, QuadraticsAtTheOrigin) {
  const Vector g = Vector::Zero(2);
  // x² + y²
  auto c = classify_critical_point(g, diag2(2, 2));
  EXPECT_EQ(c.kind, CriticalPoint::local_minimum);
  EXPECT_EQ(c.positive, 2);
  // −x² − y²
  c = classify_critical_point(g, diag2(-2, -2));
  EXPECT_EQ(c.kind, CriticalPoint::local_maximum);
  EXPECT_EQ(c.negative, 2);
  // x² − y²
  c = classify_critical_point(g, diag2(2, -2));
  EXPECT_EQ(c.kind, CriticalPoint::saddle_point);
  EXPECT_DOUBLE_EQ(c.eigenvalues[0], -2.0);  // ascending
  EXPECT_DOUBLE_EQ(c.eigenvalues[1], 2.0);
}

TEST(CriticalPoint, QuarticIsInconclusive) {
  // x⁴ + y² at 0: H = diag(0, 2); the second-order test cannot tell (it is a minimum).
  const auto c = classify_critical_point(Vector::Zero(2), diag2(0, 2));
  EXPECT_EQ(c.kind, CriticalPoint::inconclusive);
  EXPECT_EQ(c.zero, 1);
  EXPECT_EQ(c.positive, 1);
  // An all-zero Hessian (x⁴ + y⁴) too.
  EXPECT_EQ(classify_critical_point(Vector::Zero(2), Matrix::Zero(2, 2)).kind, CriticalPoint::inconclusive);
}

TEST(CriticalPoint, ToleranceIsRelative) {
  // A tiny but well-conditioned Hessian is still definite; an eigenvalue 1e-10 below the largest
  // counts as zero under the default 1e-8 relative tolerance, and not under 1e-12.
  EXPECT_EQ(classify_critical_point(Vector::Zero(2), diag2(1e-12, 2e-12)).kind, CriticalPoint::local_minimum);
  EXPECT_EQ(classify_critical_point(Vector::Zero(2), diag2(1.0, 1e-10)).kind, CriticalPoint::inconclusive);
  EXPECT_EQ(classify_critical_point(Vector::Zero(2), diag2(1.0, -1e-10)).kind, CriticalPoint::inconclusive);
  EXPECT_EQ(classify_critical_point(Vector::Zero(2), diag2(1.0, 1e-10), 1e-6, 1e-12).kind,
            CriticalPoint::local_minimum);
  // Saddle wins over a zero direction: one up, one down, one flat.
  Matrix h = Matrix::Zero(3, 3);
  h(0, 0) = 1;
  h(2, 2) = -1;
  EXPECT_EQ(classify_critical_point(Vector::Zero(3), h).kind, CriticalPoint::saddle_point);
}

TEST(CriticalPoint, NonZeroGradientIsNotCritical) {
  Vector g = Vector::Zero(2);
  g[1] = 1e-3;
  const auto c = classify_critical_point(g, diag2(2, 2));
  EXPECT_EQ(c.kind, CriticalPoint::not_critical);
  EXPECT_DOUBLE_EQ(c.gradient_norm, 1e-3);
  EXPECT_EQ(c.eigenvalues.size(), 2);
}

TEST(CriticalPoint, RotatedSaddle) {
  // f = x y: H = [[0, 1], [1, 0]], eigenvalues ±1 although the diagonal is zero.
  Matrix h(2, 2);
  h << 0, 1, 1, 0;
  EXPECT_EQ(classify_critical_point(Vector::Zero(2), h).kind, CriticalPoint::saddle_point);
}

TEST(CriticalPoint, FromAnObjective) {
  // x² − y² with analytic gradient and no Hessian: the Hessian comes from finite differences.
  const Objective saddle([](const Vector& x, Vector* g) {
    if (g) *g << 2 * x[0], -2 * x[1];
    return x[0] * x[0] - x[1] * x[1];
  });
  const auto c = classify_critical_point(saddle, Vector::Zero(2));
  EXPECT_EQ(c.kind, CriticalPoint::saddle_point);
  EXPECT_NEAR(c.eigenvalues[0], -2.0, 1e-8);
  // −x² − y² with an analytic Hessian, away from the maximum: not critical.
  const Objective peak(
      [](const Vector& x, Vector* g) {
        if (g) *g = -2 * x;
        return -x.squaredNorm();
      },
      2, [](const Vector&, Matrix& h) { h = -2 * Matrix::Identity(2, 2); });
  EXPECT_EQ(classify_critical_point(peak, Vector::Zero(2)).kind, CriticalPoint::local_maximum);
  EXPECT_EQ(classify_critical_point(peak, Vector::Ones(2)).kind, CriticalPoint::not_critical);
  EXPECT_THROW(classify_critical_point(peak, Vector::Zero(3)), InvalidArgument);
}

TEST(CriticalPoint, BadInputThrows) {
  EXPECT_THROW(classify_critical_point(Vector::Zero(2), Matrix::Zero(3, 3)), InvalidArgument);
  EXPECT_THROW(classify_critical_point(Vector(), Matrix()), InvalidArgument);
  EXPECT_THROW(classify_critical_point(Vector::Zero(2), diag2(1, 1), -1.0), InvalidArgument);
  EXPECT_THROW(classify_critical_point(Vector::Zero(2), diag2(1, std::nan(""))), InvalidArgument);
}

}  // namespace
}  // namespace minima
