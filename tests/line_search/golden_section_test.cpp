// Golden-section search: the exact minimizer of a quadratic along d (closed form), bracketing by
// doubling and by halving through non-finite values, and its failures.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "line_test_functions.hpp"
#include "minima/core/error.hpp"

namespace minima {
namespace {

using test::Function1D;
using test::LineProblem;

TEST(GoldenSection, ExactMinimizerOfAQuadraticAlongD) {
  // f(x) = ½xᵀAx − bᵀx on R², from x0 along d = −∇f: α* = −∇fᵀd / dᵀAd.
  const Matrix A{{3.0, 1.0}, {1.0, 2.0}};
  const Vector b{{1.0, -1.0}};
  Objective quadratic([A, b](const Vector& x, Vector* g) {
    if (g) *g = A * x - b;
    return 0.5 * x.dot(A * x) - b.dot(x);
  });
  for (double alpha0 : {1e-3, 0.3, 1.0, 50.0}) {
    const Vector x0{{2.0, -3.0}};
    const Vector d = -(A * x0 - b);
    LineProblem p(quadratic, x0, d);
    const double exact = -p.slope0 / d.dot(A * d);
    const LineSearchResult r = golden_section_search(GoldenSection{}, p.phi, p.f0, p.slope0, alpha0);
    ASSERT_TRUE(r.ok) << r.message;
    EXPECT_NEAR(r.alpha, exact, 2e-8 * (1.0 + exact)) << "α0 = " << alpha0;
    EXPECT_LE(r.value, p.f0);
    EXPECT_LE(r.evaluations, GoldenSection{}.max_evaluations);
  }
}

TEST(GoldenSection, MinimizerOfNonQuadraticFunctions) {
  // MT1: −α/(α² + 2), minimizer √2. The barrier (α − 1)² − log(3 − α) (NaN beyond 3) has
  // φ' = 0 ⇔ 2α² − 8α + 5 = 0, whose root in (0, 3) is 2 − √1.5 ≈ 0.775.
  Function1D barrier{"barrier",
                     [](double a) { return a < 3.0 ? (a - 1.0) * (a - 1.0) - std::log(3.0 - a) : NAN; },
                     [](double a) { return a < 3.0 ? 2.0 * (a - 1.0) + 1.0 / (3.0 - a) : NAN; }};
  const struct {
    Function1D fn;
    double minimizer;
  } cases[] = {{test::more_thuente_1(), std::sqrt(2.0)}, {barrier, 2.0 - std::sqrt(1.5)}};
  for (const auto& c : cases) {
    for (double alpha0 : {0.01, 1.0, 100.0}) {
      LineProblem p(test::as_objective(c.fn), Vector::Zero(1), Vector::Ones(1));
      const LineSearchResult r = golden_section_search(GoldenSection{}, p.phi, p.f0, p.slope0, alpha0);
      ASSERT_TRUE(r.ok) << c.fn.name << ": " << r.message;
      // Values near a minimizer are flat to √eps relative: the position is known to about 1e-7.
      EXPECT_NEAR(r.alpha, c.minimizer, 1e-6) << c.fn.name << " α0 = " << alpha0;
    }
  }
}

TEST(GoldenSection, Failures) {
  {
    Function1D linear{"unbounded", [](double a) { return -a; }, [](double) { return -1.0; }};
    LineProblem p(test::as_objective(linear), Vector::Zero(1), Vector::Ones(1));
    const LineSearchResult r = golden_section_search(GoldenSection{}, p.phi, p.f0, p.slope0, 1.0);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.message.find("unbounded below?"), std::string::npos) << r.message;
    EXPECT_EQ(r.evaluations, GoldenSection{}.max_evaluations);
  }
  {
    Function1D wrong{"wrong slope", [](double a) { return 1.0 + a * a; }, [](double) { return -1.0; }};
    LineProblem p(test::as_objective(wrong), Vector::Zero(1), Vector::Ones(1));
    const LineSearchResult r = golden_section_search(GoldenSection{}, p.phi, p.f0, p.slope0, 1.0);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.message.find("no decrease"), std::string::npos) << r.message;
  }
}

TEST(GoldenSection, Validation) {
  try {
    GoldenSection{.tolerance = -1.0}.validate();
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "GoldenSection::tolerance = -1: must satisfy 0 < tolerance < inf");
  }
  EXPECT_THROW(GoldenSection{.max_evaluations = 2}.validate(), InvalidArgument);
  EXPECT_EQ(name(LineSearch{GoldenSection{}}), "golden-section");
}

}  // namespace
}  // namespace minima
