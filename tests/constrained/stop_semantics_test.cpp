// Stop means one thing in every constrained family (issue 18): SQP and the augmented Lagrangian
// honour every field on their own iterates; dual ascent rejects what it cannot honour.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "minima/constrained/dual_ascent.hpp"
#include "minima/constrained/minimize_constrained.hpp"
#include "minima/core/error.hpp"
#include "test_functions.hpp"

namespace minima {
namespace {

Objective rosenbrock() {
  return Objective([](const Vector& x, Vector* g) { return constrained_test::extended_rosenbrock(x, g); }, 2);
}

// Rosenbrock in the box [−2, 0.5] × [−2, 2]: the iterates of both methods stay feasible, so Stop's
// feasible-iterate tests can fire. The minimizer is on x₁ = 0.5 (f* = 0.25).
Constraints box() {
  Constraints c;
  c.bounds.lower = Vector::Constant(2, -2.0);
  c.bounds.upper = Vector{{0.5, 2.0}};
  return c;
}

TEST(StopSemantics, SqpStopsAtAFeasibleTargetAndOnItsStepTolerance) {
  const Vector x0{{-1.2, 1.0}};
  const Result full = minimize_constrained(rosenbrock(), x0, box(), Sqp{});
  ASSERT_EQ(full.status, Status::converged_kkt) << full.message;
  EXPECT_NEAR(full.f, 0.25, 1e-10);

  Stop target;
  target.f_target = 1.0;
  const Result t = minimize_constrained(rosenbrock(), x0, box(), Sqp{}, target);
  ASSERT_EQ(t.status, Status::target_reached) << t.message;
  EXPECT_LE(t.f, 1.0);
  EXPECT_LT(t.iterations, full.iterations);

  Stop step;
  step.x_abstol = 1e-2;
  const Result s = minimize_constrained(rosenbrock(), x0, box(), Sqp{}, step);
  ASSERT_EQ(s.status, Status::converged_step) << s.message;
  EXPECT_NE(s.message.find("at a feasible point"), std::string::npos) << s.message;
  EXPECT_LT(s.iterations, full.iterations);

  Stop diverge;
  diverge.divergence_limit = 1.0;  // f(x0) = 24.2: the first accepted point is beyond it
  const Result d = minimize_constrained(rosenbrock(), x0, box(), Sqp{}, diverge);
  EXPECT_EQ(d.status, Status::diverged) << d.message;
}

TEST(StopSemantics, AugmentedLagrangianMaxIterationsCountsOuterIterations) {
  // min x + y on the unit circle needs several outer iterations from this start.
  Constraints c;
  c.equalities.push_back(constrained_test::sphere(1.0));
  const Vector x0{{0.5, -0.2}};
  const Result full = minimize_constrained(constrained_test::sum(), x0, c, AugmentedLagrangian{});
  ASSERT_EQ(full.status, Status::converged_kkt) << full.message;
  ASSERT_GE(full.iterations, 2);

  Stop one;
  one.max_iterations = 1;
  const Result r = minimize_constrained(constrained_test::sum(), x0, c, AugmentedLagrangian{}, one);
  EXPECT_EQ(r.status, Status::max_iterations) << r.message;
  EXPECT_EQ(r.iterations, 1);
  EXPECT_LT(r.evaluations.function, full.evaluations.function);

  // The inner runs have their own limit: one inner iteration per outer iteration.
  AugmentedLagrangian short_inner;
  short_inner.inner_max_iterations = 1;
  Stop few;
  few.max_iterations = 3;
  const Result s = minimize_constrained(constrained_test::sum(), x0, c, short_inner, few);
  EXPECT_EQ(s.iterations, 3) << s.message;
  EXPECT_EQ(s.status, Status::max_iterations) << s.message;
  EXPECT_THROW(
      minimize_constrained(constrained_test::sum(), x0, c, AugmentedLagrangian{.inner_max_iterations = 0}),
      InvalidArgument);
}

TEST(StopSemantics, AugmentedLagrangianJudgesFeasibleOuterIteratesByStop) {
  // Rosenbrock in the disk ‖x‖ ≤ 2 (inactive at (1, 1)): the outer iterates are feasible from the
  // first, and without the KKT polish the run takes several outer iterations (ε_k from 1e-3 down), so
  // Stop's tests on the outer iterates can end it first.
  Constraints disk;
  disk.inequalities.push_back(constrained_test::sphere(2.0));
  AugmentedLagrangian al;
  al.polish_iterations = 0;
  const Vector x0{{-1.2, 1.0}};
  const Result full = minimize_constrained(rosenbrock(), x0, disk, al);
  ASSERT_EQ(full.status, Status::converged_kkt) << full.message;
  ASSERT_GE(full.iterations, 3);

  Stop step;
  step.x_abstol = 1e-2;
  const Result s = minimize_constrained(rosenbrock(), x0, disk, al, step);
  EXPECT_EQ(s.status, Status::converged_step) << s.message;
  EXPECT_NE(s.message.find("between outer iterations at a feasible point"), std::string::npos) << s.message;
  EXPECT_LT(s.iterations, full.iterations);

  Stop change;
  change.f_abstol = 1e-6;
  const Result c = minimize_constrained(rosenbrock(), x0, disk, al, change);
  EXPECT_EQ(c.status, Status::converged_function) << c.message;
  EXPECT_LT(c.iterations, full.iterations);

  Stop target;
  target.f_target = 1e-3;
  const Result t = minimize_constrained(rosenbrock(), x0, disk, al, target);
  EXPECT_EQ(t.status, Status::target_reached) << t.message;
  EXPECT_LE(t.f, 1e-3);
  EXPECT_LT(t.iterations, full.iterations);
}

TEST(StopSemantics, DualAscentHonoursItsLimitsAndRejectsTheRest) {
  const Matrix A = Matrix::Identity(2, 2);
  const Vector b{{3.0, 4.0}};  // x(0) = b, outside the unit ball: the constraint is active
  // η = 1/|d''(0)| is safe but slow here: more iterations than Stop's default 1000.
  EXPECT_EQ(dual_ascent_ball_least_squares(A, b).result.status, Status::max_iterations);
  const DualAscentResult full =
      dual_ascent_ball_least_squares(A, b, DualAscent{}, Stop{.max_iterations = 100000});
  ASSERT_EQ(full.result.status, Status::converged_kkt) << full.result.message;
  EXPECT_NEAR(full.result.x.norm(), 1.0, 1e-9);
  EXPECT_EQ(full.result.evaluations.function, full.result.iterations + 2);  // + x(λ₀) and x(0) for η

  Stop three;
  three.max_iterations = 3;
  Observer observer;
  observer.trace = Trace::values;
  const DualAscentResult r = dual_ascent_ball_least_squares(A, b, DualAscent{}, three, observer);
  EXPECT_EQ(r.result.status, Status::max_iterations);
  EXPECT_EQ(r.result.iterations, 3);
  ASSERT_EQ(r.result.trace.size(), 4u);  // λ₀ … λ₃
  EXPECT_EQ(r.result.trace[3].step_size, r.multiplier);

  for (Stop bad : {Stop{.g_abstol = 1e-6}, Stop{.x_abstol = 1e-3}, Stop{.f_target = 0.0}}) {
    try {
      dual_ascent_ball_least_squares(A, b, DualAscent{}, bad);
      FAIL() << "a Stop field dual ascent cannot honour was accepted";
    } catch (const InvalidArgument& e) {
      EXPECT_NE(std::string(e.what()).find("dual-ascent does not honour it"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace minima
