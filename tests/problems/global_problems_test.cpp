#include "minima/problems/global_problems.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "minima/core/error.hpp"

namespace minima {
namespace {

TEST(GlobalProblems, MinimaAreWhereTheyClaim) {
  for (const std::string& name : list_global_problems()) {
    const GlobalProblem p = make_global_problem(name);
    EXPECT_EQ(p.dimension(), 10) << name;
    EXPECT_TRUE(p.box.contains(p.x_min)) << name;
    // Schwefel's minimizer is known to 20 digits, its value to rounding of 10 terms of size 400;
    // Ackley's 20 + e − e − 20 rounds to a few ulps of 20.
    const double tolerance = name == "schwefel" ? 1e-10 : name == "ackley" ? 1e-14 : 1e-20;
    EXPECT_NEAR(p.function(p.x_min), p.f_min, tolerance) << name;
    // The minimizer is a local minimum along each axis: a small step does not improve.
    for (Index i = 0; i < p.dimension(); ++i) {
      Vector x = p.x_min;
      x[i] += 1e-4;
      EXPECT_GT(p.function(x), p.f_min) << name << " axis " << i;
    }
  }
}

TEST(GlobalProblems, ValuesAgainstIndependentComputations) {
  // Chained Rosenbrock at 0: nine terms (1 - 0)^2.
  EXPECT_DOUBLE_EQ(make_global_problem("rosenbrock").function(Vector::Zero(10)), 9.0);
  // Fletcher–Powell at 0 and at 1 (numpy from the same JSON file).
  const GlobalProblem fp = make_global_problem("fletcher-powell");
  EXPECT_NEAR(fp.function(Vector::Zero(10)), 1918534.0109871556, 1e-8);
  EXPECT_NEAR(fp.function(Vector::Ones(10)), 1367433.0846499542, 1e-8);
  // 2π-periodic: the minimizer shifted by 2π is outside the box and also 0.
  Vector shifted = fp.x_min;
  shifted[0] += 2 * std::numbers::pi;
  EXPECT_NEAR(fp.function(shifted), 0.0, 1e-18);
  EXPECT_FALSE(fp.box.contains(shifted));
  // Rastrigin one unit from the optimum along one axis: z² − 10 cos 2π + 10 = 1.
  const GlobalProblem ra = make_global_problem("rastrigin", 4);
  Vector x = ra.x_min;
  x[2] += 1.0;
  EXPECT_NEAR(ra.function(x), 1.0, 1e-12);
  // Ackley with z = (1, 0): −20 e^{−0.2 √(1/2)} − e^{(cos 2π + 1)/2} + 20 + e = 20 − 20 e^{−0.2/√2}.
  const GlobalProblem ak = make_global_problem("ackley", 2);
  Vector y = ak.x_min;
  y[0] += 1.0;
  EXPECT_NEAR(ak.function(y), 20.0 - 20.0 * std::exp(-0.2 / std::sqrt(2.0)), 1e-12);
  // Schwefel at the origin: the constant alone.
  EXPECT_NEAR(make_global_problem("schwefel", 3).function(Vector::Zero(3)), 3 * 418.9828872724337063, 1e-10);
}

TEST(GlobalProblems, RejectsUnknownNamesAndDimensions) {
  EXPECT_THROW(make_global_problem("nope"), InvalidArgument);
  EXPECT_THROW(make_global_problem("fletcher-powell", 5), InvalidArgument);
  EXPECT_THROW(make_global_problem("rastrigin", 1), InvalidArgument);
  EXPECT_EQ(make_global_problem("ackley", 3).objective().dimension(), 3);
}

}  // namespace
}  // namespace minima
