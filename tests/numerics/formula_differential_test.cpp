// Randomized differential test of the formula language (issue: nested-dual Hessians of x^1.5 were
// those of x^1, dual division overflowed where plain division did not). Thousands of seeded random
// formulas over the whole grammar, each at several points: plain and dual values equal bit for bit,
// exact gradients and Hessians agree with central differences.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "formula_differential.hpp"
#include "minima/core/random.hpp"
#include "minima/numerics/formula.hpp"

namespace minima {
namespace {

TEST(FormulaDifferential, RandomFormulasAgreeOnEveryPath) {
  // MINIMA_FORMULA_SEED explores other formulas (the suite pins one seed).
  const char* seed = std::getenv("MINIMA_FORMULA_SEED");
  const std::uint64_t s = seed ? std::strtoull(seed, nullptr, 10) : 20261207;
  testing::FormulaGenerator generator(s);
  Rng rng(s + 1);
  int checked = 0;
  int finite = 0;
  for (int k = 0; k < 1500; ++k) {
    const std::string text = generator.next(4);
    const Formula formula = Formula::parse(text, std::vector<std::string>{"x", "y", "z"});
    for (int p = 0; p < 4; ++p) {
      Vector x(3);
      for (Index i = 0; i < 3; ++i) x[i] = p < 2 ? uniform(0.05, 2.5, rng) : uniform(-2.5, 2.5, rng);
      const auto finding = testing::check_formula_at(formula, x);
      ASSERT_TRUE(finding.ok) << text << " at (" << x.transpose() << "): " << finding.what;
      ++checked;
      if (std::isfinite(formula.evaluate(std::span<const double>(x.data(), 3)))) ++finite;
    }
  }
  // The check is only as good as the share of points where the formula is defined.
  EXPECT_GT(finite, checked / 3) << finite << " of " << checked << " points finite";
}

// The reproducers from the fuzzing report, against closed forms.
TEST(FormulaDifferential, NonIntegerConstantExponentsHaveExactHessians) {
  struct Case {
    const char* text;
    double x, d2;
  };
  const Case cases[] = {
      {"x^1.5", 4.0, 1.5 * 0.5 / std::sqrt(4.0)},                 // 0.375
      {"x^0.5", 4.0, -0.25 * std::pow(4.0, -1.5)},                // -1/32
      {"x^2.5", 4.0, 2.5 * 1.5 * std::sqrt(4.0)},                 // 7.5
      {"x^-0.5", 4.0, 0.75 * std::pow(4.0, -2.5)},                // 3/128
      {"pow(x, 2.5)", 4.0, 2.5 * 1.5 * std::sqrt(4.0)},           //
      {"(x^2+1)^1.5", 3.0, 3 * (2 * 9.0 + 1) / std::sqrt(10.0)},  // 3(2x²+1)/√(x²+1)
  };
  for (const Case& c : cases) {
    const Objective f = Formula::parse(c.text).objective();
    Matrix h(1, 1);
    f.hessian(Vector::Constant(1, c.x), h);
    EXPECT_NEAR(h(0, 0), c.d2, 1e-12 * std::max(1.0, std::abs(c.d2))) << c.text;
  }
}

TEST(FormulaDifferential, DualDivisionEqualsPlainDivision) {
  const Formula f = Formula::parse("x/y");
  for (const auto& [a, b] :
       {std::pair{1e-300, 1e-310}, std::pair{0.0, 1e-315}, std::pair{1.0, 3.0}, std::pair{-7.0, 1e-320}}) {
    Vector x(2);
    x << a, b;
    Vector g(2);
    const double with_gradient = f.objective()(x, &g);
    EXPECT_EQ(with_gradient, a / b) << a << "/" << b;
    Matrix h(2, 2);
    EXPECT_EQ(autodiff_detail::hessian_any_size<Eigen::Dynamic>(f, x, nullptr, h), a / b) << a << "/" << b;
  }
  Vector x13(2);
  x13 << 1.0, 3.0;
  const auto finding = testing::check_formula_at(f, x13);
  EXPECT_TRUE(finding.ok) << finding.what;
  Vector x(2);
  x << 0.0, 1e-315;
  Vector g(2);
  f.objective()(x, &g);
  EXPECT_TRUE(std::isfinite(g[1])) << "d(0/y)/dy at subnormal y is -0/y^2 = 0 or -inf, never NaN: " << g[1];
}

}  // namespace
}  // namespace minima

namespace minima {
namespace {

TEST(FormulaDifferential, TheCheckSeesCancellationInsideAFormulaAndStillCatchesWrongSlopes) {
  // Found by the fuzz target: the two a^1104 ≈ 1e75 terms cancel in the value, rounding the first
  // 1 + b^c away, while the dual derivative in b (4.77) keeps it; differences of the rounded value
  // give 2.38. The rounding estimate must come from the largest intermediate, not from |f|.
  const Formula f = Formula::parse("-----a^1104*+1+1+b^c+----a^1104*+1+1+b^c+d");
  Vector x(4);
  x << 1.1690487147003352, 1.0394918615434516, 2.2694218197565545, 1.3032915397569986;
  const auto finding = testing::check_formula_at(f, x, 1e-7, 1e-2);
  EXPECT_TRUE(finding.ok) << finding.what;
  // And a wrong slope of a well-conditioned function is still a finding: f = x², f'(1) = 2, not 2.1.
  const auto square = [](const Vector& v) { return v[0] * v[0]; };
  EXPECT_TRUE(testing::differential_detail::agrees(2.0, square, Vector::Ones(1), 0, 1e-7, 1e-2, 0.0));
  EXPECT_FALSE(testing::differential_detail::agrees(2.1, square, Vector::Ones(1), 0, 1e-7, 1e-2, 0.0));
}

}  // namespace
}  // namespace minima
