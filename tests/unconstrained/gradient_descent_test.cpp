// Gradient descent: the seeds' fixed-step examples (spec local-methods.md §4), every line search on
// Rosenbrock, linear least squares against the normal equations, and its failure statuses.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "local_test_functions.hpp"
#include "minima/core/error.hpp"
#include "minima/unconstrained/gradient_descent.hpp"

namespace minima {
namespace {

Result run(const Objective& f, Vector x0, const GradientDescent& m, const Stop& stop = {},
           const Observer& obs = {}) {
  return run_iterations(f, std::move(x0), *make_iterative_method(m), stop, obs);
}

TEST(GradientDescent, FixedStepCrawlsOnQuartic) {
  // x⁴ from 2 with λ = 0.01: x ← x − 0.04x³, still far from 0 after 200 steps.
  Stop stop;
  stop.max_iterations = 200;
  Observer obs;
  obs.trace = Trace::with_x;
  const Result r =
      run(test::quartic(), Vector::Constant(1, 2.0), GradientDescent{.fixed_step = 0.01}, stop, obs);
  EXPECT_EQ(r.status, Status::max_iterations);
  EXPECT_EQ(r.iterations, 200);
  double x = 2.0;
  for (int k = 1; k <= 200; ++k) {
    x -= 0.01 * 4.0 * x * x * x;
    ASSERT_NEAR((*r.trace[k].x)[0], x, 1e-14) << "iteration " << k;
    EXPECT_DOUBLE_EQ(r.trace[k].step_size, 0.01);
  }
  EXPECT_DOUBLE_EQ((*r.trace[1].x)[0], 1.68);
  EXPECT_NEAR(r.x[0], x, 1e-14);
  EXPECT_GT(r.x[0], 0.2);  // ≈ 1/√(0.08 k): far from the minimizer 0
  EXPECT_EQ(r.evaluations.function, 201);
}

TEST(GradientDescent, FixedStepDivergesOnQuartic) {
  // λ = 0.13: x1 = 2 − 0.13·32 = −2.16, x2 ≈ 3.08, x3 ≈ −12.1, … until |f| passes 1e150 or overflows.
  Observer obs;
  obs.trace = Trace::with_x;
  const Result r =
      run(test::quartic(), Vector::Constant(1, 2.0), GradientDescent{.fixed_step = 0.13}, {}, obs);
  EXPECT_EQ(r.status, Status::diverged) << r.message;
  EXPECT_LT(r.iterations, 10);
  EXPECT_NEAR((*r.trace[1].x)[0], -2.16, 1e-14);
  EXPECT_NE(r.message.find("diverged"), std::string::npos);
  EXPECT_FALSE(r.usable());
}

TEST(GradientDescent, LineSearchesConvergeWhereFixedStepsFail) {
  // On x⁴ from 2 any line search reaches the (degenerate) minimizer: ‖∇f‖ ≤ 1e-8 means |x| ≤ 1.36e-3.
  for (const LineSearch& ls :
       {LineSearch{Backtracking{}}, LineSearch{GoldenSection{}}, LineSearch{StrongWolfe{}}}) {
    const Result r = run(test::quartic(), Vector::Constant(1, 2.0),
                         GradientDescent{.fixed_step = std::nullopt, .line_search = ls});
    EXPECT_EQ(r.status, Status::converged_gradient) << name(ls) << ": " << r.message;
    EXPECT_LE(std::abs(r.x[0]), 1.36e-3) << name(ls);
  }
}

TEST(GradientDescent, RosenbrockWithEveryLineSearch) {
  for (const LineSearch& ls :
       {LineSearch{Backtracking{}}, LineSearch{GoldenSection{}}, LineSearch{StrongWolfe{}}}) {
    Stop stop;
    stop.g_abstol = 1e-9;
    stop.max_iterations = 200000;
    const Result r = run(test::rosenbrock(), test::rosenbrock_start(),
                         GradientDescent{.fixed_step = std::nullopt, .line_search = ls}, stop);
    EXPECT_EQ(r.status, Status::converged_gradient) << name(ls) << ": " << r.message;
    EXPECT_NEAR(r.x[0], 1.0, 1e-6) << name(ls);
    EXPECT_NEAR(r.x[1], 1.0, 1e-6) << name(ls);
    EXPECT_LT(r.f, 1e-12) << name(ls);
    std::printf("[ measured ] gradient descent + %s on Rosenbrock: %ld iterations, %ld f, %ld g\n",
                std::string(name(ls)).c_str(), r.iterations, r.evaluations.function, r.evaluations.gradient);
  }
}

TEST(GradientDescent, LinearLeastSquaresMatchesNormalEquations) {
  const test::LeastSquares ls;
  // δ well above the rounding floor: near x*, f − f* ≈ ½‖∇f‖²/λ must stay resolvable next to
  // f* ≈ 0.72, or no value-based line search can tell a decrease (it then fails honestly).
  const double delta = 1e-7;
  Stop stop;
  stop.g_abstol = delta;
  stop.max_iterations = 100000;
  const Matrix ata = ls.A.transpose() * ls.A;
  // ‖x − x*‖ ≤ ‖(AᵀA)⁻¹‖ ‖∇f‖₂ ≤ ‖(AᵀA)⁻¹‖ √n δ.
  const double bound = ata.inverse().norm() * std::sqrt(3.0) * delta;
  for (const LineSearch& search : {LineSearch{Backtracking{}}, LineSearch{StrongWolfe{}}}) {
    const Result r = run(ls.objective(), Vector::Zero(3),
                         GradientDescent{.fixed_step = std::nullopt, .line_search = search}, stop);
    ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
    EXPECT_LE(r.gradient_norm, delta);
    EXPECT_LE((r.x - ls.solution()).norm(), bound) << name(search);
  }
  // A fixed step below 2/λ_max(AᵀA) also converges (the seed's version of the example).
  const double lambda_max = Eigen::SelfAdjointEigenSolver<Matrix>(ata).eigenvalues().maxCoeff();
  const Result r =
      run(ls.objective(), Vector::Zero(3), GradientDescent{.fixed_step = 1.0 / lambda_max}, stop);
  ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_LE((r.x - ls.solution()).norm(), bound);
}

TEST(GradientDescent, WrongGradientMakesTheLineSearchFail) {
  for (const LineSearch& ls :
       {LineSearch{Backtracking{}}, LineSearch{GoldenSection{}}, LineSearch{StrongWolfe{}}}) {
    const Result r = run(test::wrong_gradient(), Vector::Constant(2, 1.0),
                         GradientDescent{.fixed_step = std::nullopt, .line_search = ls});
    EXPECT_EQ(r.status, Status::line_search_failed) << name(ls) << ": " << r.message;
    EXPECT_EQ(r.iterations, 1);
    EXPECT_DOUBLE_EQ(r.x[0], 1.0);  // the last good point
    EXPECT_DOUBLE_EQ(r.f, 1.0);
    EXPECT_FALSE(r.message.empty());
  }
}

TEST(GradientDescent, NaNAtTheFixedStepKeepsTheLastGoodPoint) {
  // f = x − log x is NaN for x < 0: from 3 with λ = 10 the step lands at 3 − 10·(2/3) < 0.
  Objective f([](const Vector& x, Vector* g) {
    if (g) (*g)[0] = 1.0 - 1.0 / x[0];
    return x[0] - std::log(x[0]);
  });
  const Result r = run(f, Vector::Constant(1, 3.0), GradientDescent{.fixed_step = 10.0});
  EXPECT_EQ(r.status, Status::non_finite_value) << r.message;
  EXPECT_DOUBLE_EQ(r.x[0], 3.0);
  EXPECT_TRUE(std::isfinite(r.f));
}

TEST(GradientDescent, Validation) {
  EXPECT_THROW(make_iterative_method(GradientDescent{.fixed_step = 0.0}), InvalidArgument);
  EXPECT_THROW(make_iterative_method(GradientDescent{.fixed_step = -0.1}), InvalidArgument);
  EXPECT_THROW(make_iterative_method(GradientDescent{.fixed_step = std::nan("")}), InvalidArgument);
  try {
    GradientDescent{.fixed_step = -1.0}.validate();
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "GradientDescent::fixed_step = -1: must be > 0 and finite");
  }
  try {
    GradientDescent{.fixed_step = std::nullopt, .line_search = Backtracking{.shrink = 1.5}}.validate();
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "Backtracking::shrink = 1.5: must satisfy 0 < shrink < 1");
  }
  const GradientDescent bad_golden{.fixed_step = std::nullopt,
                                   .line_search = GoldenSection{.tolerance = 0.0}};
  EXPECT_THROW(bad_golden.validate(), InvalidArgument);
  EXPECT_EQ(make_iterative_method(GradientDescent{})->name(), "gradient-descent");
}

}  // namespace
}  // namespace minima
