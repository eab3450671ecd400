// Trust region (N&W Alg. 4.1) with the dogleg and Steihaug–CG subproblems: the exact radius
// sequence on a quadratic, the seeds' cubic (indefinite and singular H), Rosenbrock, linear least
// squares, and the collapse of the radius.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "local_test_functions.hpp"
#include "minima/core/error.hpp"
#include "minima/unconstrained/trust_region.hpp"

namespace minima {
namespace {

using Subproblem = TrustRegion::Subproblem;
constexpr Subproblem kBoth[] = {Subproblem::dogleg, Subproblem::steihaug_cg};

Result run(const Objective& f, Vector x0, const TrustRegion& m, const Stop& stop = {},
           const Observer& obs = {}) {
  return run_iterations(f, std::move(x0), *make_iterative_method(m), stop, obs);
}

std::string label(Subproblem s) {
  return s == Subproblem::dogleg ? "dogleg" : "steihaug-cg";
}

TEST(TrustRegion, RadiusDoublesOnTheBoundaryThenNewtonStepInside) {
  // ½‖x‖² from (10, 0), Δ₀ = 1: the model is exact (ρ = 1). Steps of length 1, 2, 4 on the boundary
  // double the radius to 2, 4, 8; the last step (length 3) is the interior Newton step to 0.
  Objective half_norm(
      [](const Vector& x, Vector* g) {
        if (g) *g = x;
        return 0.5 * x.squaredNorm();
      },
      0, [](const Vector& x, Matrix& h) { h = Matrix::Identity(x.size(), x.size()); });
  for (Subproblem s : kBoth) {
    Observer obs;
    obs.trace = Trace::with_x;
    const Result r = run(half_norm, Vector{{10.0, 0.0}}, TrustRegion{.subproblem = s}, {}, obs);
    EXPECT_EQ(r.status, Status::converged_gradient) << label(s) << ": " << r.message;
    ASSERT_EQ(r.iterations, 4) << label(s);
    const double expected_x[] = {10.0, 9.0, 7.0, 3.0, 0.0};
    const double expected_radius[] = {NAN, 2.0, 4.0, 8.0, 8.0};
    for (int k = 0; k <= 4; ++k) {
      EXPECT_NEAR((*r.trace[k].x)[0], expected_x[k], 1e-12) << label(s) << " iteration " << k;
      if (k > 0) {
        EXPECT_DOUBLE_EQ(r.trace[k].step_size, expected_radius[k]) << label(s) << " iteration " << k;
      }
    }
    EXPECT_EQ(r.evaluations.function, 5);  // no rejected step
  }
}

TEST(TrustRegion, CubicGoesDownFromTheInflectionPointAndFromMinusHalf) {
  // At 0 (H = 0) and at −0.5 (H = −3) the model has no minimizer; both subproblems step to the
  // boundary along −∇f (dogleg: Cauchy point under non-positive curvature), i.e. to x0 + 1.
  for (Subproblem s : kBoth) {
    for (double x0 : {0.0, -0.5}) {
      Observer obs;
      obs.trace = Trace::with_x;
      Stop stop;
      stop.g_abstol = 1e-12;
      const Result r = run(test::cubic(), Vector::Constant(1, x0), TrustRegion{.subproblem = s}, stop, obs);
      EXPECT_EQ(r.status, Status::converged_gradient) << label(s) << " x0 = " << x0 << ": " << r.message;
      EXPECT_NEAR(r.x[0], test::kCubicMinimizer, 1e-12) << label(s) << " x0 = " << x0;
      EXPECT_NEAR(r.f, test::kCubicMinimum, 1e-14);
      EXPECT_DOUBLE_EQ((*r.trace[1].x)[0], x0 + 1.0) << label(s) << " x0 = " << x0;
    }
  }
}

TEST(TrustRegion, Rosenbrock) {
  for (Subproblem s : kBoth) {
    const Result r = run(test::rosenbrock(), test::rosenbrock_start(), TrustRegion{.subproblem = s});
    EXPECT_EQ(r.status, Status::converged_gradient) << label(s) << ": " << r.message;
    EXPECT_NEAR(r.x[0], 1.0, 1e-6) << label(s);
    EXPECT_NEAR(r.x[1], 1.0, 1e-6) << label(s);
    std::printf("[ measured ] trust region (%s) on Rosenbrock: %ld iterations, %ld f, %ld H\n",
                label(s).c_str(), r.iterations, r.evaluations.function, r.evaluations.hessian);
  }
}

TEST(TrustRegion, LinearLeastSquares) {
  const test::LeastSquares ls;
  // A radius that holds the Newton step: one exact step, as Newton.
  const Result one = run(ls.objective(), Vector::Zero(3),
                         TrustRegion{.subproblem = Subproblem::dogleg, .initial_radius = 100.0});
  EXPECT_EQ(one.status, Status::converged_gradient) << one.message;
  EXPECT_EQ(one.iterations, 1);
  EXPECT_LE((one.x - ls.solution()).norm(), 1e-13);
  for (Subproblem s : kBoth) {
    const Result r = run(ls.objective(), Vector::Zero(3), TrustRegion{.subproblem = s});
    EXPECT_EQ(r.status, Status::converged_gradient) << label(s) << ": " << r.message;
    EXPECT_LE((r.x - ls.solution()).norm(), 1e-7) << label(s);
  }
}

TEST(TrustRegion, RadiusCollapsesWhenTheModelIsWrong) {
  // The wrong gradient makes every model step go uphill: ρ < 0, the radius shrinks by 4 each time.
  for (Subproblem s : kBoth) {
    const Result r = run(test::wrong_gradient(), Vector::Ones(2), TrustRegion{.subproblem = s});
    EXPECT_EQ(r.status, Status::trust_region_collapsed) << label(s) << ": " << r.message;
    EXPECT_NE(r.message.find("fell below 1e-12"), std::string::npos) << r.message;
    EXPECT_EQ(r.x, Vector::Ones(2));
    // Radii 1, 0.25, ..., 0.25^19 ≈ 3.6e-12 were tried; 0.25^20 ≈ 9.1e-13 < 1e-12 ends the run.
    EXPECT_EQ(r.evaluations.function, 1 + 20) << label(s);
  }
}

TEST(TrustRegion, Validation) {
  try {
    TrustRegion{.eta = 0.5}.validate();
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "TrustRegion::eta = 0.5: must satisfy 0 <= eta < shrink_threshold");
  }
  EXPECT_THROW(make_iterative_method(TrustRegion{.initial_radius = 0.0}), InvalidArgument);
  EXPECT_THROW(make_iterative_method(TrustRegion{.max_radius = 0.5}), InvalidArgument);
  EXPECT_THROW(make_iterative_method(TrustRegion{.min_radius = -1.0}), InvalidArgument);
  EXPECT_THROW(make_iterative_method(TrustRegion{.shrink_threshold = 0.8}), InvalidArgument);
  EXPECT_THROW(make_iterative_method(TrustRegion{.shrink_factor = 1.0}), InvalidArgument);
  EXPECT_THROW(make_iterative_method(TrustRegion{.grow_factor = 1.0}), InvalidArgument);
  EXPECT_THROW(make_iterative_method(TrustRegion{.cg_max_iterations = -1}), InvalidArgument);
  EXPECT_EQ(make_iterative_method(TrustRegion{.subproblem = Subproblem::dogleg})->name(),
            "trust-region-dogleg");
  EXPECT_EQ(make_iterative_method(TrustRegion{})->name(), "trust-region-cg");
}

}  // namespace
}  // namespace minima
