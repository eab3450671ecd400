// Condition numbers of matrices with known values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "minima/core/error.hpp"
#include "minima/numerics/conditioning.hpp"

namespace minima {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Matrix hilbert(Index n) {
  Matrix h(n, n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j) h(i, j) = 1.0 / static_cast<double>(i + j + 1);
  return h;
}

TEST(Conditioning, Diagonal) {
  Matrix a = Matrix::Zero(2, 2);
  a(0, 0) = 1.0;
  a(1, 1) = 1e-6;
  EXPECT_NEAR(condition_number(a), 1e6, 1e-6);
  EXPECT_DOUBLE_EQ(condition_number(Matrix::Identity(5, 5)), 1.0);
  a(1, 1) = -4.0;  // |λ|: signs do not matter
  EXPECT_DOUBLE_EQ(condition_number(a), 4.0);
}

TEST(Conditioning, HilbertMatrix) {
  // κ₂(H5) = 476607.25024 (Golub & Van Loan; Higham, "Accuracy and Stability", table 28.1: 4.77e5).
  EXPECT_NEAR(condition_number(hilbert(5)), 4.7660725e5, 0.5);
  EXPECT_NEAR(condition_number(hilbert(3)), 524.0567775860644, 1e-6);
  // H13 has κ ≈ 1e18, beyond what double precision can resolve: reported singular.
  EXPECT_EQ(condition_number(hilbert(13)), kInf);
}

TEST(Conditioning, SingularIsInfinite) {
  Matrix a(2, 2);
  a << 1, 2, 2, 4;  // rank 1, symmetric
  EXPECT_EQ(condition_number(a), kInf);
  Matrix b(3, 3);
  b << 1, 2, 3, 4, 5, 6, 7, 8, 9;  // rank 2, not symmetric: smallest σ is rounding noise
  EXPECT_EQ(condition_number(b), kInf);
  EXPECT_EQ(condition_number(Matrix::Zero(3, 3)), kInf);
}

TEST(Conditioning, NonSymmetricUsesSingularValues) {
  // [[1, 1], [0, 1]]: σ = (√5 ± 1)/2, so κ = (3 + √5)/2; eigenvalues (both 1) would say 1.
  Matrix a(2, 2);
  a << 1, 1, 0, 1;
  EXPECT_NEAR(condition_number(a), (3 + std::sqrt(5.0)) / 2, 1e-12);
  // Rectangular: columns orthogonal with norms 3 and 1 → κ = 3.
  Matrix r(3, 2);
  r << 3, 0, 0, 1, 0, 0;
  EXPECT_NEAR(condition_number(r), 3.0, 1e-12);
}

TEST(Conditioning, BadInputThrows) {
  EXPECT_THROW(condition_number(Matrix()), InvalidArgument);
  Matrix a = Matrix::Identity(2, 2);
  a(0, 1) = std::nan("");
  EXPECT_THROW(condition_number(a), InvalidArgument);
}

}  // namespace
}  // namespace minima
