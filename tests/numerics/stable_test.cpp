// Stable softmax / log-softmax / log-sum-exp against closed forms, and the naive versions failing
// where the seed (Deep Learning §4.1) says they do.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "minima/core/error.hpp"
#include "minima/numerics/stable.hpp"

namespace minima {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Vector vec(std::initializer_list<double> v) {
  Vector x(static_cast<Index>(v.size()));
  Index i = 0;
  for (double e : v) x[i++] = e;
  return x;
}

TEST(Stable, EqualHugeEntries) {
  const Vector x = vec({1000, 1000});
  const Vector s = softmax(x);
  EXPECT_DOUBLE_EQ(s[0], 0.5);
  EXPECT_DOUBLE_EQ(s[1], 0.5);
  EXPECT_DOUBLE_EQ(log_sum_exp(x), 1000 + std::log(2.0));
  const Vector ls = log_softmax(x);
  EXPECT_DOUBLE_EQ(ls[0], -std::log(2.0));
  EXPECT_DOUBLE_EQ(ls[1], -std::log(2.0));
  // The naive formula overflows: inf / inf.
  EXPECT_TRUE(std::isnan(naive_softmax(x)[0]));
  EXPECT_TRUE(std::isnan(naive_log_softmax(x)[0]));
}

TEST(Stable, EqualVeryNegativeEntries) {
  const Vector x = vec({-1000, -1000});
  const Vector s = softmax(x);
  EXPECT_DOUBLE_EQ(s[0], 0.5);
  EXPECT_DOUBLE_EQ(s[1], 0.5);
  EXPECT_DOUBLE_EQ(log_sum_exp(x), -1000 + std::log(2.0));
  EXPECT_DOUBLE_EQ(log_softmax(x)[1], -std::log(2.0));
  // The naive formula underflows: 0 / 0.
  EXPECT_TRUE(std::isnan(naive_softmax(x)[0]));
  EXPECT_TRUE(std::isnan(naive_log_softmax(x)[1]));
}

TEST(Stable, OppositeHugeEntries) {
  const Vector x = vec({1000, -1000});
  const Vector s = softmax(x);
  EXPECT_DOUBLE_EQ(s[0], 1.0);
  EXPECT_EQ(s[1], 0.0);  // exp(-2000) underflows, correctly
  // log-softmax stays finite where softmax underflows: log softmax_1 = -2000 - log1p(e^-2000).
  const Vector ls = log_softmax(x);
  EXPECT_DOUBLE_EQ(ls[0], 0.0);
  EXPECT_DOUBLE_EQ(ls[1], -2000.0);
  EXPECT_DOUBLE_EQ(log_sum_exp(x), 1000.0);
  EXPECT_TRUE(std::isnan(naive_softmax(x)[0]));                        // inf / inf
  EXPECT_FALSE(std::isfinite(naive_log_softmax(vec({0, -1000}))[1]));  // log(0) = -inf
}

TEST(Stable, ManyEqualHugeValuesGiveOneOverN) {
  const Index n = 100000;
  const Vector x = Vector::Constant(n, 7.0e5);
  const Vector s = softmax(x);
  EXPECT_NEAR(s.minCoeff(), 1.0 / n, 1e-20);
  EXPECT_NEAR(s.maxCoeff(), 1.0 / n, 1e-20);
  EXPECT_NEAR(s.sum(), 1.0, 1e-12);
  EXPECT_NEAR(log_sum_exp(x), 7.0e5 + std::log(static_cast<double>(n)), 1e-9);
  EXPECT_NEAR(log_softmax(x)[n - 1], -std::log(static_cast<double>(n)), 1e-12);
  EXPECT_TRUE(std::isnan(naive_softmax(x)[0]));
}

TEST(Stable, MatchesNaiveOnModerateInput) {
  const Vector x = vec({0.3, -1.2, 2.5, 0.0});
  const Vector e = x.array().exp().matrix();
  const Vector expected = e / e.sum();
  EXPECT_LT((softmax(x) - expected).lpNorm<Eigen::Infinity>(), 1e-15);
  EXPECT_LT((naive_softmax(x) - expected).lpNorm<Eigen::Infinity>(), 1e-15);
  EXPECT_NEAR(log_sum_exp(x), std::log(e.sum()), 1e-15);
  EXPECT_LT((log_softmax(x) - expected.array().log().matrix()).lpNorm<Eigen::Infinity>(), 1e-14);
}

TEST(Stable, LogSumExpKeepsTinyTail) {
  // log(1 + e^-40): 1 + e^-40 rounds to 1, so log(sum) would give 0; log1p keeps the 4.2e-18.
  const Vector x = vec({0.0, -40.0});
  EXPECT_DOUBLE_EQ(log_sum_exp(x), std::log1p(std::exp(-40.0)));
  EXPECT_GT(log_sum_exp(x), 0.0);
}

TEST(Stable, PositiveInfinityTakesTheMass) {
  const Vector x = vec({kInf, 3.0, kInf, -kInf});
  const Vector s = softmax(x);
  EXPECT_EQ(s[0], 0.5);
  EXPECT_EQ(s[1], 0.0);
  EXPECT_EQ(s[2], 0.5);
  EXPECT_EQ(s[3], 0.0);
  const Vector ls = log_softmax(x);
  EXPECT_DOUBLE_EQ(ls[0], -std::log(2.0));
  EXPECT_EQ(ls[1], -kInf);
  EXPECT_EQ(ls[3], -kInf);
  EXPECT_EQ(log_sum_exp(x), kInf);
  EXPECT_TRUE(std::isnan(naive_softmax(x)[0]));
}

TEST(Stable, NegativeInfinityEntriesGetZeroWeight) {
  const Vector x = vec({-kInf, 1.0, 1.0});
  const Vector s = softmax(x);
  EXPECT_EQ(s[0], 0.0);
  EXPECT_DOUBLE_EQ(s[1], 0.5);
  EXPECT_EQ(log_softmax(x)[0], -kInf);
  EXPECT_DOUBLE_EQ(log_softmax(x)[2], -std::log(2.0));
  EXPECT_DOUBLE_EQ(log_sum_exp(x), 1.0 + std::log(2.0));
}

TEST(Stable, AllNegativeInfinity) {
  const Vector x = Vector::Constant(4, -kInf);
  EXPECT_EQ(log_sum_exp(x), -kInf);
  const Vector s = softmax(x);  // documented choice: uniform
  for (Index i = 0; i < 4; ++i) EXPECT_EQ(s[i], 0.25);
  EXPECT_DOUBLE_EQ(log_softmax(x)[2], -std::log(4.0));
  EXPECT_TRUE(std::isnan(naive_softmax(x)[0]));  // 0 / 0
}

TEST(Stable, NaNPropagates) {
  const Vector x = vec({1.0, std::nan(""), 2.0});
  EXPECT_TRUE(std::isnan(log_sum_exp(x)));
  EXPECT_TRUE(softmax(x).array().isNaN().all());
  EXPECT_TRUE(log_softmax(x).array().isNaN().all());
}

TEST(Stable, SingleEntry) {
  EXPECT_EQ(softmax(vec({-5e300}))[0], 1.0);
  EXPECT_EQ(log_softmax(vec({5e300}))[0], 0.0);
  EXPECT_EQ(log_sum_exp(vec({-5e300})), -5e300);
}

TEST(Stable, EmptyInputThrows) {
  const Vector empty;
  EXPECT_THROW(softmax(empty), InvalidArgument);
  EXPECT_THROW(log_softmax(empty), InvalidArgument);
  EXPECT_THROW(log_sum_exp(empty), InvalidArgument);
  EXPECT_THROW(naive_softmax(empty), InvalidArgument);
  EXPECT_THROW(naive_log_softmax(empty), InvalidArgument);
}

}  // namespace
}  // namespace minima
