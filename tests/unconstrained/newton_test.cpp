// Newton's method: the seeds' one-dimensional examples with their exact trajectories (spec
// local-methods.md §4), one exact step on linear least squares, Rosenbrock, and its failure statuses.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "local_test_functions.hpp"
#include "minima/core/error.hpp"
#include "minima/unconstrained/newton.hpp"

namespace minima {
namespace {

Result run(const Objective& f, Vector x0, const Newton& m, const Stop& stop = {}, const Observer& obs = {}) {
  return run_iterations(f, std::move(x0), *make_iterative_method(m), stop, obs);
}

TEST(Newton, QuarticShrinksByTwoThirds) {
  // x ← x − 4x³/(12x²) = (2/3)x: |x_k| = 2(2/3)^k, first below 1e-3 at k = 19.
  Stop stop;
  stop.g_abstol = 0.0;
  stop.max_iterations = 19;
  Observer obs;
  obs.trace = Trace::with_x;
  const Result r = run(test::quartic(), Vector::Constant(1, 2.0), Newton{}, stop, obs);
  EXPECT_EQ(r.status, Status::max_iterations) << r.message;
  ASSERT_EQ(r.trace.size(), 20u);
  for (int k = 0; k <= 19; ++k) {
    EXPECT_NEAR((*r.trace[k].x)[0], 2.0 * std::pow(2.0 / 3.0, k), 1e-15 * 2.0) << "iteration " << k;
    if (k > 0) {
      EXPECT_DOUBLE_EQ(r.trace[k].step_size, 1.0);
    }
  }
  EXPECT_GE(std::abs((*r.trace[18].x)[0]), 1e-3);
  EXPECT_LT(std::abs((*r.trace[19].x)[0]), 1e-3);
  // 19 iterations plus the second-order check at the final point.
  EXPECT_EQ(r.evaluations.hessian, 20);
  ASSERT_TRUE(r.second_order.has_value());
  EXPECT_TRUE(r.second_order->holds);
  // With the default tolerance: ‖∇f‖ = 4|x|³ ≤ 1e-8 first at k = 18 (4·(2(2/3)^18)³ ≈ 9.9e-9).
  const Result d = run(test::quartic(), Vector::Constant(1, 2.0), Newton{});
  EXPECT_EQ(d.status, Status::converged_gradient);
  EXPECT_EQ(d.iterations, 18);
}

TEST(Newton, CubicInflectionPointIsSingular) {
  // x³ − 2x + 1 at x0 = 0: f'' = 0, the step −f'/f'' is undefined. No NaN: stop at x0.
  const Result r = run(test::cubic(), Vector::Zero(1), Newton{});
  EXPECT_EQ(r.status, Status::singular_hessian) << r.message;
  EXPECT_NE(r.message.find("smallest |eigenvalue| = 0"), std::string::npos) << r.message;
  EXPECT_EQ(r.x[0], 0.0);
  EXPECT_EQ(r.f, 1.0);
  EXPECT_TRUE(std::isfinite(r.gradient_norm));
  // The same with stop_on_indefinite = false: singularity is not indefiniteness.
  EXPECT_EQ(
      run(test::cubic(), Vector::Zero(1), Newton{.stop_on_indefinite = false, .line_search = std::nullopt})
          .status,
      Status::singular_hessian);
}

TEST(Newton, CubicFromMinusHalfClimbsToTheMaximumUnlessStopped) {
  // f''(−0.5) = −3 < 0. The guard stops with the eigenvalue in the message...
  const Result guarded = run(test::cubic(), Vector::Constant(1, -0.5), Newton{});
  EXPECT_EQ(guarded.status, Status::indefinite_hessian) << guarded.message;
  EXPECT_NE(guarded.message.find("smallest eigenvalue -3"), std::string::npos) << guarded.message;
  EXPECT_NE(guarded.message.find("saddle-free-newton"), std::string::npos) << guarded.message;
  EXPECT_EQ(guarded.x[0], -0.5);
  // ...and the pure method reproduces the seed's failure: it converges to the local MAXIMUM −√(2/3).
  Observer obs;
  obs.trace = Trace::with_x;
  Stop tight;
  tight.g_abstol = 1e-13;  // quadratic convergence gets there
  const Result pure = run(test::cubic(), Vector::Constant(1, -0.5),
                          Newton{.stop_on_indefinite = false, .line_search = std::nullopt}, tight, obs);
  // The gradient test fires at the maximum; the second-order check reports it, not as converged.
  EXPECT_EQ(pure.status, Status::indefinite_hessian) << pure.message;
  EXPECT_NE(pure.message.find("maximum"), std::string::npos) << pure.message;
  ASSERT_TRUE(pure.second_order.has_value());
  EXPECT_FALSE(pure.second_order->holds);
  EXPECT_NEAR(pure.x[0], -test::kCubicMinimizer, 1e-12);
  EXPECT_NEAR(pure.f, test::kCubicMaximum, 1e-12);
  // First step: x − (3x² − 2)/(6x) at −0.5 = −0.5 − 1.25/3.
  EXPECT_NEAR((*pure.trace[1].x)[0], -0.5 - 1.25 / 3.0, 1e-15);
  EXPECT_GT(pure.f, 1.875);  // it went UP from f(−0.5) = 1.875
}

TEST(Newton, LinearLeastSquaresInOneStep) {
  const test::LeastSquares ls;
  const Result r = run(ls.objective(), Vector::Zero(3), Newton{});
  EXPECT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_EQ(r.iterations, 1);
  EXPECT_LE((r.x - ls.solution()).norm(), 1e-13);
  EXPECT_EQ(r.evaluations.hessian, 2);  // the step's, and the second-order check at the solution
  ASSERT_TRUE(r.second_order.has_value());
  EXPECT_TRUE(r.second_order->holds);
  EXPECT_GT(r.second_order->min_eigenvalue, 0);
}

TEST(Newton, Rosenbrock) {
  const Result pure = run(test::rosenbrock(), test::rosenbrock_start(), Newton{});
  EXPECT_EQ(pure.status, Status::converged_gradient) << pure.message;
  EXPECT_NEAR(pure.x[0], 1.0, 1e-6);
  EXPECT_NEAR(pure.x[1], 1.0, 1e-6);
  for (const LineSearch& ls :
       {LineSearch{Backtracking{}}, LineSearch{StrongWolfe{}}, LineSearch{GoldenSection{}}}) {
    const Result r = run(test::rosenbrock(), test::rosenbrock_start(), Newton{.line_search = ls});
    EXPECT_EQ(r.status, Status::converged_gradient) << name(ls) << ": " << r.message;
    EXPECT_NEAR(r.x[0], 1.0, 1e-6) << name(ls);
    EXPECT_NEAR(r.x[1], 1.0, 1e-6) << name(ls);
    std::printf("[ measured ] newton + %s on Rosenbrock: %ld iterations, %ld f, %ld H\n",
                std::string(name(ls)).c_str(), r.iterations, r.evaluations.function, r.evaluations.hessian);
  }
}

TEST(Newton, AscentDirectionMakesTheLineSearchFail) {
  // With the guard off, the Newton direction at −0.5 on the cubic points uphill (∇fᵀp = 0.52 > 0).
  const Result r = run(test::cubic(), Vector::Constant(1, -0.5),
                       Newton{.stop_on_indefinite = false, .line_search = Backtracking{}});
  EXPECT_EQ(r.status, Status::line_search_failed) << r.message;
  EXPECT_NE(r.message.find("not a descent direction"), std::string::npos) << r.message;
  EXPECT_EQ(r.x[0], -0.5);
}

TEST(Newton, ModifiedHessianDescendsFromNegativeCurvatureAndInflection) {
  // |H| floored at δ makes the direction a descent one: from −0.5 (f'' = −3) and from the inflection
  // point 0 (f'' = 0) the damped, modified Newton method goes down to the minimum √(2/3).
  for (double x0 : {-0.5, 0.0}) {
    const Result r =
        run(test::cubic(), Vector::Constant(1, x0),
            Newton{.stop_on_indefinite = true, .line_search = StrongWolfe{}, .modify_hessian = true});
    ASSERT_EQ(r.status, Status::converged_gradient) << x0 << ": " << r.message;
    EXPECT_NEAR(r.x[0], std::sqrt(2.0 / 3.0), 1e-9) << x0;
  }
}

TEST(Newton, MissingOrBrokenHessian) {
  // No Hessian at all: the counted objective records a function error.
  Objective no_hessian([](const Vector& x, Vector* g) {
    if (g) *g = x;
    return 0.5 * x.squaredNorm();
  });
  const Result a = run(no_hessian, Vector::Ones(2), Newton{});
  EXPECT_EQ(a.status, Status::function_error) << a.message;
  // A Hessian with a NaN entry.
  const Objective nan_hessian = no_hessian.with_hessian([](const Vector&, Matrix& h) { h.setConstant(NAN); });
  const Result b = run(nan_hessian, Vector::Ones(2), Newton{});
  EXPECT_EQ(b.status, Status::non_finite_value) << b.message;
  EXPECT_EQ(b.x, Vector::Ones(2));
}

TEST(Newton, Validation) {
  EXPECT_THROW(make_iterative_method(Newton{.line_search = StrongWolfe{.c2 = 1e-5}}), InvalidArgument);
  EXPECT_NO_THROW(Newton{}.validate());
  EXPECT_EQ(make_iterative_method(Newton{})->name(), "newton");
}

}  // namespace
}  // namespace minima
