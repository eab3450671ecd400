#include "minima/problems/more_wild.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace minima {
namespace {

// f(x0) of the 53 problems as the benchmark's distribution lists them (BenDFO data/testout.dat,
// "smooth", six digits): a check of every residual function, start and scaling.
constexpr double kStartValues[53] = {
    72.0,        1125.0,      1.16542e+07, 1.16859e+09, 4.98920e+06, 5.00936e+08, 2.42000e+01, 1.79577e+06,
    2.50000e+03, 1.06000e+04, 2.15000e+02, 1.61540e+06, 4.00500e+02, 1.54575e+08, 4.16817e+01, 1.30623e+03,
    5.31317e-03, 1.69361e+09, 1.64308e+01, 2.32337e+06, 2.69042e+01, 8.15888e+06, 7.36782e+01, 2.05938e+07,
    1.03115e+03, 4.17131e+03, 7.92669e+06, 3.08106e+11, 4.64282e-02, 3.37706e-02, 3.86177e-02, 2.88830e-02,
    3.37633e-02, 2.67406e-02, 2.73248e+02, 1.61741e+01, 2.09342e+00, 1.99685e+02, 9.04000e+02, 1.35600e+03,
    1.58200e+03, 1.80800e+03, 5.65000e+01, 7.05625e+01, 9.86875e+01, 2.53908e+09, 6.87380e+12, 3.36796e+09,
    3.73513e+09, 3.99107e+09, 1.13001e+13, 9.38567e+00, 3.36582e+10};

TEST(MoreWild, FiftyThreeProblemsWithTheirPublishedStartValues) {
  const auto problems = more_wild_problems();
  ASSERT_EQ(problems.size(), 53u);
  std::set<int> functions;
  for (const MoreWildProblem& p : problems) {
    functions.insert(p.function);
    ASSERT_EQ(p.x0.size(), p.n) << p.number;
    EXPECT_EQ(p.residuals(p.x0).size(), p.m) << p.number;
    const double f0 = p.objective(p.x0);
    EXPECT_NEAR(f0, kStartValues[p.number - 1], 6e-6 * kStartValues[p.number - 1])
        << "problem " << p.number << " (" << p.name << ", n = " << p.n << ", s = " << p.s << ")";
  }
  EXPECT_EQ(functions.size(), 22u);
}

TEST(MoreWild, KnownMinimaAreZeroWhereTheyShouldBe) {
  const auto problems = more_wild_problems();
  // Rosenbrock (row 7) at (1, 1), linear full rank (row 1) at x = −1: f = m − n.
  EXPECT_EQ(problems[6].objective(Vector::Ones(2)), 0.0);
  EXPECT_NEAR(problems[0].objective(Vector::Constant(9, -1.0)), 45.0 - 9.0, 1e-12);
  // The gradient, when asked for, is a central difference of the values.
  Vector g(2);
  const Vector x = problems[6].x0;
  problems[6].objective(x, &g);
  EXPECT_NEAR(g[0], -2.0 * (1.0 - x[0]) - 400.0 * x[0] * (x[1] - x[0] * x[0]), 1e-5);
}

}  // namespace
}  // namespace minima
