#include "minima/unconstrained/bfgs.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "minima/core/error.hpp"
#include "quasi_newton_test_functions.hpp"

namespace minima {
namespace {

using qn_test::extended_rosenbrock;
using qn_test::rosenbrock_start;

Result run_bfgs(const Objective& f, const Vector& x0, const Bfgs& settings = {}, const Stop& stop = {}) {
  return run_iterations(f, x0, *make_iterative_method(settings), stop);
}

TEST(Bfgs, RosenbrockFromStandardStart) {
  const Result r = run_bfgs(Objective(extended_rosenbrock), rosenbrock_start(2));
  ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_NEAR(r.x[0], 1.0, 1e-8);
  EXPECT_NEAR(r.x[1], 1.0, 1e-8);
  EXPECT_LT(r.f, 1e-16);
  EXPECT_LE(r.gradient_norm, 1e-8);
  // N&W (2006, §6.1) report 34 BFGS iterations on this problem from this start; Optim.jl
  // and scipy need 30–40.
  EXPECT_GE(r.iterations, 25);
  EXPECT_LE(r.iterations, 45);
  // Most steps take α = 1: few evaluations beyond one per iteration.
  EXPECT_LE(r.evaluations.function, r.iterations * 3 / 2);
  EXPECT_EQ(r.evaluations.function, r.evaluations.gradient);
  EXPECT_EQ(r.method, "bfgs");
}

TEST(Bfgs, ExtendedRosenbrock100) {
  const Result r = run_bfgs(Objective(extended_rosenbrock), rosenbrock_start(100));
  ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_LT((r.x - Vector::Ones(100)).lpNorm<Eigen::Infinity>(), 1e-7);
  EXPECT_LT(r.f, 1e-14);
  EXPECT_LE(r.iterations, 60);
}

TEST(Bfgs, ConvexQuadraticReachesTheMinimizer) {
  const qn_test::Quadratic q(10, 1e3);
  const Objective f([&q](const Vector& x, Vector* g) { return q(x, g); });
  for (bool scale : {true, false}) {
    const Result r =
        run_bfgs(f, Vector::Zero(10), Bfgs{.scale_initial_hessian = scale}, qn_test::stop_with(1e-10));
    ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
    EXPECT_LT((r.x - q.x_min).lpNorm<Eigen::Infinity>(), 1e-8);
    EXPECT_LT(r.f, 1e-16);
    // Unit steps are accepted from the second iteration on, so there is no n-step termination.
    // The counts agree with a plain numpy transcription of N&W Alg. 6.1 with the same first step
    // (61 scaled, 18 unscaled; scipy's BFGS, unscaled, also needs 18): the scaling of N&W 6.20
    // takes γ from a steepest-descent step, i.e. from the large eigenvalues, on this problem.
    EXPECT_LE(r.iterations, scale ? 70 : 25) << "scale " << scale;
  }
}

TEST(Bfgs, WithoutInitialScalingStillConverges) {
  const Result r =
      run_bfgs(Objective(extended_rosenbrock), rosenbrock_start(2), Bfgs{.scale_initial_hessian = false});
  ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_NEAR(r.x[0], 1.0, 1e-8);
}

TEST(Bfgs, UphillGradientGivesLineSearchFailed) {
  const Result r = run_bfgs(Objective(qn_test::uphill_rosenbrock), rosenbrock_start(2));
  EXPECT_EQ(r.status, Status::line_search_failed) << r.message;
  // The last good point is the start.
  EXPECT_EQ(r.x, rosenbrock_start(2));
  EXPECT_EQ(r.iterations, 1);
}

TEST(Bfgs, ValidationNamesTheField) {
  auto message = [](const Bfgs& b) {
    try {
      make_iterative_method(b);
    } catch (const InvalidArgument& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  EXPECT_EQ(message(Bfgs{.skip_tolerance = -1.0}), "Bfgs::skip_tolerance = -1: must be in [0, 1)");
  EXPECT_EQ(message(Bfgs{.skip_tolerance = 1.0}), "Bfgs::skip_tolerance = 1: must be in [0, 1)");
  EXPECT_EQ(message(Bfgs{.initial_step = 0.0}), "Bfgs::initial_step = 0: must be finite and > 0");
  EXPECT_EQ(message(Bfgs{.initial_step = std::numeric_limits<double>::infinity()}),
            "Bfgs::initial_step = inf: must be finite and > 0");
  EXPECT_THROW(make_iterative_method(Bfgs{.line_search = {.c1 = 0.5, .c2 = 0.1}}), InvalidArgument);
}

TEST(Bfgs, FunctionErrorIsReported) {
  int calls = 0;
  const Objective f([&calls](const Vector& x, Vector* g) {
    if (++calls > 5) throw std::runtime_error("boom");
    return extended_rosenbrock(x, g);
  });
  const Result r = run_bfgs(f, rosenbrock_start(2));
  EXPECT_EQ(r.status, Status::function_error);
  EXPECT_TRUE(r.x.allFinite());
}

}  // namespace
}  // namespace minima
