// The draws of core/random.hpp: the first values for seed 42 pinned to literals (printed by
// scripts/random_reference.py, an independent Python implementation of the engine and of each
// draw), then statistical checks over 10^6 draws.
#include "minima/core/random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <vector>

#include "minima/core/error.hpp"

namespace minima {
namespace {

constexpr int kDraws = 1'000'000;

TEST(Random, EngineMatchesTheStandardsCheckValue) {
  Rng rng;  // default seed 5489
  rng.discard(9999);
  EXPECT_EQ(rng(), 9981545732273789042ULL);
}

TEST(Random, Uniform01FirstDrawsArePinned) {
  Rng rng(42);
  EXPECT_EQ(uniform01(rng), 0.755155532954539);
  EXPECT_EQ(uniform01(rng), 0.6390313938546974);
  EXPECT_EQ(uniform01(rng), 0.7521452007480266);
  EXPECT_EQ(uniform01(rng), 0.13627268363243705);
}

TEST(Random, Uniform01IsTheTop53BitsOfOneDraw) {
  Rng a(42), b(42);
  for (int i = 0; i < 1000; ++i) {
    const double u = uniform01(a);
    EXPECT_EQ(u, std::ldexp(static_cast<double>(b() >> 11), -53));
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

TEST(Random, UniformOnAnIntervalIsPinned) {
  Rng rng(42);
  EXPECT_EQ(uniform(-3.0, 5.0, rng), 3.0412442636363117);
  EXPECT_EQ(uniform(-3.0, 5.0, rng), 2.1122511508375794);
  EXPECT_EQ(uniform(-3.0, 5.0, rng), 3.017161605984213);
}

TEST(Random, UniformBelowFirstDrawsArePinned) {
  Rng rng(42);
  const std::array<std::uint64_t, 8> expected{7, 6, 7, 1, 9, 0, 5, 3};
  for (std::uint64_t e : expected) EXPECT_EQ(uniform_below(10, rng), e);
}

TEST(Random, UniformBelowRejectsTheBiasedProducts) {
  // n = 2^63 + 1 rejects about half the engine's outputs: the 4th value comes from the 7th output
  // (outputs 4–6 are rejected), the 5th from the 10th.
  Rng rng(42);
  const std::uint64_t n = (std::uint64_t{1} << 63) + 1;
  const std::array<std::uint64_t, 5> expected{6965080426129060203ULL, 5894024288751747412ULL,
                                              6937315012233870725ULL, 5299475676119306768ULL,
                                              3599613534435262128ULL};
  for (std::uint64_t e : expected) EXPECT_EQ(uniform_below(n, rng), e);
  Rng ten(42);
  ten.discard(10);
  EXPECT_EQ(rng(), ten());
}

TEST(Random, UniformBelowEdges) {
  Rng rng(1);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(uniform_below(1, rng), 0u);
  EXPECT_THROW(uniform_below(0, rng), InvalidArgument);
  // n = 2^64 − 1: the largest range; every value is below it.
  for (int i = 0; i < 100; ++i) EXPECT_LT(uniform_below(~std::uint64_t{0}, rng), ~std::uint64_t{0});
  for (int i = 0; i < 100; ++i) {
    const Index k = uniform_index(3, rng);
    EXPECT_TRUE(k >= 0 && k < 3);
  }
}

TEST(Random, StandardNormalFirstDrawsArePinned) {
  Rng rng(42);
  EXPECT_EQ(standard_normal(rng), 1.2938204232729367);
  EXPECT_EQ(standard_normal(rng), 0.3979773961837887);
  EXPECT_EQ(standard_normal(rng), 1.118555052457478);
  EXPECT_EQ(standard_normal(rng), -1.4922470037224238);
  // Four normals used ten engine outputs (one rejected pair): no value is cached between calls.
  Rng ten(42);
  ten.discard(10);
  EXPECT_EQ(rng(), ten());
}

TEST(Random, VectorAndMatrixNormalsAreSuccessiveDraws) {
  Rng a(9), b(9), c(9);
  const Vector v = standard_normal(7, a);
  const Matrix m = standard_normal(3, 4, c);
  for (Index i = 0; i < v.size(); ++i) EXPECT_EQ(v[i], standard_normal(b));
  Rng d(9);
  for (Index j = 0; j < m.cols(); ++j)
    for (Index i = 0; i < m.rows(); ++i) EXPECT_EQ(m(i, j), standard_normal(d));
}

TEST(Random, ShuffleIsPinned) {
  Rng rng(42);
  std::vector<int> items(10);
  std::iota(items.begin(), items.end(), 0);
  shuffle(items, rng);
  EXPECT_EQ(items, (std::vector<int>{3, 4, 1, 2, 9, 8, 0, 6, 5, 7}));
  std::vector<int> none, one{5};
  Rng untouched = rng;
  shuffle(none, rng);
  shuffle(one, rng);
  EXPECT_EQ(one, std::vector<int>{5});
  EXPECT_EQ(rng(), untouched());  // nothing to shuffle takes no draw
}

TEST(Random, ANonPositiveBoundIsRefusedNotWrapped) {
  Rng rng(1);
  EXPECT_THROW(uniform_index(0, rng), InvalidArgument);
  EXPECT_THROW(uniform_index(-1, rng), InvalidArgument);  // not uniform_below(2^64 − 1)
  EXPECT_EQ(uniform_index(1, rng), 0);
}

TEST(Random, Uniform01MeanAndVariance) {
  Rng rng(2024);
  double sum = 0, sum2 = 0, lo = 1, hi = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double u = uniform01(rng);
    sum += u;
    sum2 += u * u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  const double mean = sum / kDraws, variance = sum2 / kDraws - mean * mean;
  // Five standard errors: 1/√(12·10^6) for the mean, √(1/80 − 1/144)/10^3 for the variance.
  EXPECT_NEAR(mean, 0.5, 5 * 2.9e-4);
  EXPECT_NEAR(variance, 1.0 / 12, 5 * 7.5e-5);
  EXPECT_GE(lo, 0.0);
  EXPECT_LT(lo, 1e-5);
  EXPECT_LT(hi, 1.0);
  EXPECT_GT(hi, 1 - 1e-5);
}

TEST(Random, StandardNormalMoments) {
  Rng rng(2024);
  double sum = 0, sum2 = 0, sum4 = 0;
  int inside_one = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double z = standard_normal(rng);
    sum += z;
    sum2 += z * z;
    sum4 += z * z * z * z;
    inside_one += std::abs(z) < 1.0;
  }
  // Five standard errors: 1/10^3 for the mean, √2/10^3 for E z², √96/10^3 for E z⁴, and
  // √(p(1 − p))/10^3 for P(|z| < 1) = erf(1/√2).
  EXPECT_NEAR(sum / kDraws, 0.0, 5e-3);
  EXPECT_NEAR(sum2 / kDraws, 1.0, 5 * 1.42e-3);
  EXPECT_NEAR(sum4 / kDraws, 3.0, 5 * 9.8e-3);
  const double p = std::erf(1 / std::sqrt(2.0));
  EXPECT_NEAR(static_cast<double>(inside_one) / kDraws, p, 5 * std::sqrt(p * (1 - p) / kDraws));
}

TEST(Random, UniformBelowIsUnbiased) {
  // Ten values: Pearson's χ² with 9 degrees of freedom stays below 40 (p ≈ 5·10^-6).
  Rng rng(2024);
  std::array<int, 10> count{};
  for (int i = 0; i < kDraws; ++i) ++count[uniform_below(10, rng)];
  double chi2 = 0;
  for (int c : count) chi2 += (c - kDraws / 10.0) * (c - kDraws / 10.0) / (kDraws / 10.0);
  EXPECT_LT(chi2, 40.0);
  // n = ⌊2^65/3⌋: without the rejection, multiply-shift gives even values 2/3 of the time (each
  // even value has two preimages, each odd value one), and rng() % n puts 2/3 of the draws below n/2.
  const std::uint64_t n = 0xAAAAAAAAAAAAAAAAULL;
  int even = 0, low = 0;
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t k = uniform_below(n, rng);
    ASSERT_LT(k, n);
    even += k % 2 == 0;
    low += k < n / 2;
  }
  EXPECT_NEAR(static_cast<double>(even) / kDraws, 0.5, 5 * 5e-4);
  EXPECT_NEAR(static_cast<double>(low) / kDraws, 0.5, 5 * 5e-4);
}

TEST(Random, ShuffleGivesEveryPermutationEqually) {
  // 6·10^5 shuffles of three items: each of the 6 orders 10^5 times ± 5 standard errors.
  Rng rng(2024);
  std::map<std::array<int, 3>, int> count;
  for (int i = 0; i < 600'000; ++i) {
    std::array<int, 3> items{0, 1, 2};
    shuffle(items, rng);
    ++count[items];
  }
  ASSERT_EQ(count.size(), 6u);
  for (const auto& [order, c] : count) EXPECT_NEAR(c, 100'000, 5 * std::sqrt(100'000 * 5.0 / 6));
}

TEST(Random, BernoulliRate) {
  Rng rng(2024);
  int hits = 0;
  for (int i = 0; i < kDraws; ++i) hits += bernoulli(0.3, rng);
  EXPECT_NEAR(static_cast<double>(hits) / kDraws, 0.3, 5 * std::sqrt(0.21 / kDraws));
  EXPECT_FALSE(bernoulli(0.0, rng));
  EXPECT_TRUE(bernoulli(1.0, rng));
}

}  // namespace
}  // namespace minima
