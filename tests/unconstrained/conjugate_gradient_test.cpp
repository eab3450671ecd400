#include "minima/unconstrained/conjugate_gradient.hpp"

#include <gtest/gtest.h>

#include <string>

#include "minima/core/error.hpp"
#include "quasi_newton_test_functions.hpp"

namespace minima {
namespace {

using qn_test::extended_rosenbrock;
using qn_test::rosenbrock_start;
using Update = ConjugateGradient::Update;

Result run_cg(const Objective& f, const Vector& x0, const ConjugateGradient& settings = {},
              const Stop& stop = {}) {
  return run_iterations(f, x0, *make_iterative_method(settings), stop);
}

class ConjugateGradientUpdates : public ::testing::TestWithParam<Update> {};

TEST_P(ConjugateGradientUpdates, RosenbrockFromStandardStart) {
  const Result r = run_cg(Objective(extended_rosenbrock), rosenbrock_start(2),
                          ConjugateGradient{.update = GetParam()}, qn_test::stop_with(1e-6, 5000));
  ASSERT_EQ(r.status, Status::converged_gradient) << to_string(GetParam()) << ": " << r.message;
  EXPECT_NEAR(r.x[0], 1.0, 1e-5);
  EXPECT_NEAR(r.x[1], 1.0, 1e-5);
  if (GetParam() != Update::fletcher_reeves) {
    // PR+ and HZ need a few dozen iterations here (N&W Table 5.1 reports tens to hundreds on
    // CUTEr problems; FR is known to be far slower, so it only has to converge).
    EXPECT_LE(r.iterations, 200) << to_string(GetParam());
  }
}

TEST_P(ConjugateGradientUpdates, ExtendedRosenbrock100) {
  const Result r = run_cg(Objective(extended_rosenbrock), rosenbrock_start(100),
                          ConjugateGradient{.update = GetParam()}, qn_test::stop_with(1e-6, 10000));
  ASSERT_EQ(r.status, Status::converged_gradient) << to_string(GetParam()) << ": " << r.message;
  EXPECT_LT((r.x - Vector::Ones(100)).lpNorm<Eigen::Infinity>(), 1e-5);
}

TEST_P(ConjugateGradientUpdates, ConvexQuadratic) {
  const qn_test::Quadratic q(20, 100.0);
  const Result r = run_cg(Objective([&q](const Vector& x, Vector* g) { return q(x, g); }), Vector::Zero(20),
                          ConjugateGradient{.update = GetParam()}, qn_test::stop_with(1e-9, 2000));
  ASSERT_EQ(r.status, Status::converged_gradient) << to_string(GetParam()) << ": " << r.message;
  EXPECT_LT((r.x - q.x_min).lpNorm<Eigen::Infinity>(), 1e-7);
}

INSTANTIATE_TEST_SUITE_P(All, ConjugateGradientUpdates,
                         ::testing::Values(Update::polak_ribiere_plus, Update::fletcher_reeves,
                                           Update::hager_zhang),
                         [](const auto& info) {
                           return std::string(to_string(info.param)) == "polak-ribiere-plus"
                                      ? std::string("PolakRibierePlus")
                                  : std::string(to_string(info.param)) == "fletcher-reeves"
                                      ? std::string("FletcherReeves")
                                      : std::string("HagerZhang");
                         });

// With an accurate line search, linear CG on a quadratic ends in at most n steps; the nonlinear
// methods with c2 = 0.1 are close to that: on a 2-D quadratic a handful of iterations suffice.
TEST(ConjugateGradient, TwoDimensionalQuadraticInFewSteps) {
  const qn_test::Quadratic q(2, 10.0);
  ConjugateGradient cg;
  cg.line_search.c1 = 1e-8;  // nearly exact searches
  cg.line_search.c2 = 1e-6;
  cg.line_search.max_evaluations = 60;
  const Result r = run_cg(Objective([&q](const Vector& x, Vector* g) { return q(x, g); }), Vector::Zero(2),
                          cg, qn_test::stop_with(1e-8));
  ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_LE(r.iterations, 4);
}

TEST(ConjugateGradient, RestartEveryIterationIsSteepestDescent) {
  // restart_every = 1 gives d = −g every time: steepest descent zigzags on Rosenbrock and is far
  // slower than PR+ (N&W Fig. 3.7).
  const Stop stop = qn_test::stop_with(1e-4, 200);
  const Result sd = run_cg(Objective(extended_rosenbrock), rosenbrock_start(2),
                           ConjugateGradient{.restart_every = 1}, stop);
  const Result pr = run_cg(Objective(extended_rosenbrock), rosenbrock_start(2), ConjugateGradient{}, stop);
  EXPECT_EQ(sd.status, Status::max_iterations) << sd.message;
  EXPECT_EQ(pr.status, Status::converged_gradient) << pr.message;
}

TEST(ConjugateGradient, UphillGradientGivesLineSearchFailed) {
  const Result r = run_cg(Objective(qn_test::uphill_rosenbrock), rosenbrock_start(2));
  EXPECT_EQ(r.status, Status::line_search_failed) << r.message;
  EXPECT_EQ(r.x, rosenbrock_start(2));
}

TEST(ConjugateGradient, ValidationNamesTheField) {
  auto message = [](const ConjugateGradient& c) {
    try {
      make_iterative_method(c);
    } catch (const InvalidArgument& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  EXPECT_EQ(message(ConjugateGradient{.restart_every = -2}),
            "ConjugateGradient::restart_every = -2: must be >= 0 (0 means every n)");
  EXPECT_EQ(message(ConjugateGradient{.initial_step = 0.0}),
            "ConjugateGradient::initial_step = 0: must be finite and > 0");
  EXPECT_EQ(message(ConjugateGradient{.update = static_cast<Update>(7)}),
            "ConjugateGradient::update = 7: not a known formula");
  EXPECT_THROW(make_iterative_method(ConjugateGradient{.line_search = {.c1 = -1.0}}), InvalidArgument);
}

TEST(ConjugateGradient, UpdateNames) {
  EXPECT_STREQ(to_string(Update::polak_ribiere_plus), "polak-ribiere-plus");
  EXPECT_STREQ(to_string(Update::fletcher_reeves), "fletcher-reeves");
  EXPECT_STREQ(to_string(Update::hager_zhang), "hager-zhang");
}

}  // namespace
}  // namespace minima
