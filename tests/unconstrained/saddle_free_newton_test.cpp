// Saddle-free damped Newton (seed 003 eqs. 3, 8): goes down where Newton fails (the inflection point
// and the concave region of x³ − 2x + 1), converges on Rosenbrock, and stops honestly when no damping
// gives a decrease.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "local_test_functions.hpp"
#include "minima/core/error.hpp"
#include "minima/unconstrained/saddle_free_newton.hpp"

namespace minima {
namespace {

Result run(const Objective& f, Vector x0, const SaddleFreeNewton& m, const Stop& stop = {},
           const Observer& obs = {}) {
  return run_iterations(f, std::move(x0), *make_iterative_method(m), stop, obs);
}

// Every accepted step passed f(x + p) ≤ f(x) + c1 ∇fᵀp; at the end the decrease is below rounding.
void expect_monotone_descent(const Result& r) {
  ASSERT_GE(r.trace.size(), 2u);
  EXPECT_LT(r.trace[1].f, r.trace[0].f);
  for (size_t k = 1; k < r.trace.size(); ++k) EXPECT_LE(r.trace[k].f, r.trace[k - 1].f) << "iteration " << k;
}

TEST(SaddleFreeNewton, GoesDownFromTheInflectionPoint) {
  // At 0: f'' = 0 and f' = −2, so the step is 2/μ. μ = 1 gives x = 2, f = 5 > 1: rejected, μ = 2
  // gives x = 1, f = 0: accepted. Then on to the local minimum √(2/3).
  Observer obs;
  obs.trace = Trace::with_x;
  Stop stop;
  stop.g_abstol = 1e-12;
  const Result r = run(test::cubic(), Vector::Zero(1), SaddleFreeNewton{}, stop, obs);
  EXPECT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_NEAR(r.x[0], test::kCubicMinimizer, 1e-12);
  EXPECT_NEAR(r.f, test::kCubicMinimum, 1e-14);
  EXPECT_DOUBLE_EQ((*r.trace[1].x)[0], 1.0);
  EXPECT_DOUBLE_EQ(r.trace[1].step_size, 2.0);  // the μ of the accepted step
  expect_monotone_descent(r);
}

TEST(SaddleFreeNewton, GoesDownFromMinusHalf) {
  // At −0.5: f'' = −3 (Newton would climb to the maximum −√(2/3)); |f''| + μ = 4 gives the step
  // +1.25/4 = 0.3125, downhill.
  Observer obs;
  obs.trace = Trace::with_x;
  Stop stop;
  stop.g_abstol = 1e-12;
  const Result r = run(test::cubic(), Vector::Constant(1, -0.5), SaddleFreeNewton{}, stop, obs);
  EXPECT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_NEAR(r.x[0], test::kCubicMinimizer, 1e-12);
  EXPECT_NEAR(r.f, test::kCubicMinimum, 1e-14);
  EXPECT_DOUBLE_EQ((*r.trace[1].x)[0], -0.5 + 1.25 / 4.0);
  expect_monotone_descent(r);
}

TEST(SaddleFreeNewton, Rosenbrock) {
  const Result r = run(test::rosenbrock(), test::rosenbrock_start(), SaddleFreeNewton{});
  EXPECT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_NEAR(r.x[0], 1.0, 1e-6);
  EXPECT_NEAR(r.x[1], 1.0, 1e-6);
  std::printf("[ measured ] saddle-free newton on Rosenbrock: %ld iterations, %ld f, %ld H\n", r.iterations,
              r.evaluations.function, r.evaluations.hessian);
}

TEST(SaddleFreeNewton, EscapesASaddle) {
  // f = x² − y² + y⁴/4 + ... has a saddle at 0; from (1, 1e-3) Newton goes to the saddle, SFN to a
  // minimum (0, ±√2): f = x² − y² + y⁴/4, ∇f = (2x, −2y + y³), H = diag(2, −2 + 3y²).
  Objective f(
      [](const Vector& v, Vector* g) {
        if (g) *g = Vector{{2.0 * v[0], -2.0 * v[1] + v[1] * v[1] * v[1]}};
        return v[0] * v[0] - v[1] * v[1] + 0.25 * std::pow(v[1], 4);
      },
      2,
      [](const Vector& v, Matrix& h) {
        h = Matrix{{2.0, 0.0}, {0.0, -2.0 + 3.0 * v[1] * v[1]}};
      });
  const Result r = run(f, Vector{{1.0, 1e-3}}, SaddleFreeNewton{});
  EXPECT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_NEAR(r.x[0], 0.0, 1e-8);
  EXPECT_NEAR(r.x[1], std::sqrt(2.0), 1e-8);
  EXPECT_NEAR(r.f, -1.0, 1e-12);
}

TEST(SaddleFreeNewton, DampingExceedsMuMaxWithoutDecrease) {
  // A wrong gradient: every step −(|H| + μI)⁻¹∇f goes uphill, whatever μ.
  const Result r = run(test::wrong_gradient(), Vector::Ones(2), SaddleFreeNewton{.mu_max = 1e3});
  EXPECT_EQ(r.status, Status::line_search_failed) << r.message;
  EXPECT_NE(r.message.find("damping μ exceeded mu_max = 1e+03"), std::string::npos) << r.message;
  EXPECT_EQ(r.x, Vector::Ones(2));
  // μ = 1, 2, 4, ..., 512 were tried: 10 evaluations after the one at x0.
  EXPECT_EQ(r.evaluations.function, 11);
}

TEST(SaddleFreeNewton, Validation) {
  try {
    SaddleFreeNewton{.increase = 1.0}.validate();
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "SaddleFreeNewton::increase = 1: must satisfy 1 < increase < inf");
  }
  EXPECT_THROW(make_iterative_method(SaddleFreeNewton{.mu0 = -1.0}), InvalidArgument);
  EXPECT_THROW(make_iterative_method(SaddleFreeNewton{.decrease = 0.5}), InvalidArgument);
  EXPECT_THROW(make_iterative_method(SaddleFreeNewton{.mu_min = 0.0}), InvalidArgument);
  EXPECT_THROW(make_iterative_method(SaddleFreeNewton{.mu0 = 1e11}), InvalidArgument);
  EXPECT_THROW(make_iterative_method(SaddleFreeNewton{.sufficient_decrease = 1.0}), InvalidArgument);
  EXPECT_EQ(make_iterative_method(SaddleFreeNewton{})->name(), "saddle-free-newton");
}

}  // namespace
}  // namespace minima
