#include <gtest/gtest.h>

#include <cmath>

#include "minima/constrained/minimize_constrained.hpp"
#include "minima/core/error.hpp"
#include "test_functions.hpp"

namespace minima {
namespace {

using constrained_test::extended_rosenbrock;
using constrained_test::quadratic;

TEST(Projection, BallAndBox) {
  Ball ball{.center = Vector(), .radius = 2.0};
  Vector x(2);
  x << 3, 4;
  const Vector p = ball.project(x);
  EXPECT_NEAR(p[0], 1.2, 1e-15);
  EXPECT_NEAR(p[1], 1.6, 1e-15);
  Vector inside(2);
  inside << 0.5, -1;
  EXPECT_EQ(ball.project(inside), inside);
  Ball shifted{.center = Vector::Ones(2), .radius = 1.0};
  const Vector q = shifted.project(Vector::Constant(2, 3.0));
  EXPECT_NEAR(q[0], 1 + 1 / std::sqrt(2.0), 1e-15);
  EXPECT_NEAR((q - Vector::Ones(2)).norm(), 1.0, 1e-15);
  EXPECT_THROW((Ball{.center = Vector(), .radius = -1}.validate(2)), InvalidArgument);
  EXPECT_THROW((Ball{.center = Vector::Ones(3), .radius = 1}.validate(2)), InvalidArgument);

  Bounds box{.lower = Vector::Zero(2), .upper = Vector::Ones(2)};
  EXPECT_EQ(project(SimpleSet(box), x), Vector::Ones(2));
  // Projected-gradient norm: zero at a corner whose gradient points out of the box.
  Vector g(2);
  g << -1, -2;
  EXPECT_EQ(projected_gradient_norm(SimpleSet(box), Vector::Ones(2), g), 0.0);
  EXPECT_EQ(projected_gradient_norm(SimpleSet(box), Vector::Zero(2), g), 1.0);
}

/// A strictly convex quadratic in a box whose solution has some bounds active: Q diagonal, so the
/// solution is the clamp of the unconstrained one, Q⁻¹c.
struct BoxQuadratic {
  Matrix Q = Matrix::Zero(4, 4);
  Vector c = Vector(4);
  Bounds box;
  Vector solution;
  BoxQuadratic() {
    Q.diagonal() << 1, 2, 4, 8;
    c << 3, -4, 2, 16;  // unconstrained solution (3, −2, 0.5, 2)
    box.lower = Vector::Constant(4, -1.0);
    box.upper = Vector::Constant(4, 1.0);
    solution = Vector(4);
    solution << 1, -1, 0.5, 1;
  }
};

TEST(ProjectedGradient, BoxQuadraticWithActiveBounds) {
  BoxQuadratic p;
  const Result r = minimize_projected(quadratic(p.Q, p.c), Vector::Zero(4), SimpleSet(p.box));
  ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_LT((r.x - p.solution).lpNorm<Eigen::Infinity>(), 1e-9);
  EXPECT_EQ(r.method, "projected-gradient");
  EXPECT_NE(r.message.find("P(x"), std::string::npos) << r.message;
}

TEST(ProjectedGradient, QuadraticOnBall) {
  // min ½‖x − a‖² over the unit ball: the solution is a/‖a‖ when ‖a‖ > 1.
  Vector a(3);
  a << 2, -1, 2;
  const Objective f = quadratic(Matrix::Identity(3, 3), a);
  const Result r = minimize_projected(f, Vector::Zero(3), SimpleSet(Ball{.center = Vector(), .radius = 1.0}));
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_LT((r.x - a / 3.0).lpNorm<Eigen::Infinity>(), 1e-10);
  // A start outside the ball is projected (and said so).
  const Result outside =
      minimize_projected(f, Vector::Constant(3, 5.0), SimpleSet(Ball{.center = Vector(), .radius = 1.0}));
  ASSERT_TRUE(outside.converged()) << outside.message;
  EXPECT_NE(outside.message.find("projected"), std::string::npos) << outside.message;
}

TEST(ProjectedGradient, ThroughMinimizeConstrainedGivesKkt) {
  BoxQuadratic p;
  Constraints c;
  c.bounds = p.box;
  const Result r = minimize_constrained(quadratic(p.Q, p.c), Vector::Zero(4), c, ProjectedGradient{});
  ASSERT_TRUE(r.converged()) << r.message;
  ASSERT_TRUE(r.kkt);
  // Bound multipliers: z = −∇f at the active bounds: ∇f = Q x − c = (−2, 2, 0, −8).
  EXPECT_NEAR(r.kkt->upper_bound_multipliers[0], 2.0, 1e-8);
  EXPECT_NEAR(r.kkt->lower_bound_multipliers[1], 2.0, 1e-8);
  EXPECT_NEAR(r.kkt->upper_bound_multipliers[3], 8.0, 1e-8);
  EXPECT_EQ(r.kkt->lower_bound_multipliers[2], 0.0);
  EXPECT_LT(r.kkt->stationarity, 1e-8);
  EXPECT_TRUE(r.kkt->feasible);
}

TEST(Lbfgsb, BoxQuadraticWithActiveBounds) {
  BoxQuadratic p;
  Constraints c;
  c.bounds = p.box;
  const Result r = minimize_constrained(quadratic(p.Q, p.c), Vector::Zero(4), c);
  ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_EQ(r.method, "lbfgsb");
  EXPECT_LT((r.x - p.solution).lpNorm<Eigen::Infinity>(), 1e-10);
  EXPECT_NEAR(r.f, 0.5 * p.solution.dot(p.Q * p.solution) - p.c.dot(p.solution), 1e-14);
  ASSERT_TRUE(r.kkt);
  EXPECT_NEAR(r.kkt->upper_bound_multipliers[3], 8.0, 1e-9);
  EXPECT_LT(r.kkt->complementary_slackness, 1e-12);
  EXPECT_LE(r.iterations, 15);
}

TEST(Lbfgsb, RosenbrockWithActiveUpperBound) {
  // min 100(y − x²)² + (1 − x)² s.t. x ≤ 0.5: the solution (0.5, 0.25), f = 0.25, and the bound's
  // multiplier z = −∂f/∂x = 2(1 − x) = 1.
  Constraints c;
  c.bounds.upper = Vector(2);
  c.bounds.upper << 0.5, std::numeric_limits<double>::infinity();
  Vector x0(2);
  x0 << -1.2, 1;
  const Result r =
      minimize_constrained(Objective(extended_rosenbrock, 2), x0, c, Lbfgsb{}, Stop{.g_abstol = 1e-10});
  ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_NEAR(r.x[0], 0.5, 1e-12);
  EXPECT_NEAR(r.x[1], 0.25, 1e-10);
  EXPECT_NEAR(r.f, 0.25, 1e-12);
  ASSERT_TRUE(r.kkt);
  EXPECT_NEAR(r.kkt->upper_bound_multipliers[0], 1.0, 1e-9);
  EXPECT_LT(r.kkt->stationarity, 1e-9);
  EXPECT_LE(r.evaluations.function, 60);
}

TEST(Lbfgsb, RosenbrockWithActiveLowerBound) {
  // y ≥ 1.5: the solution lies on y = 1.5 where d/dx [100(1.5 − x²)² + (1 − x)²] = 0 (near x ≈ 1.22).
  Constraints c;
  c.bounds.lower = Vector(2);
  c.bounds.lower << -std::numeric_limits<double>::infinity(), 1.5;
  const double xs = constrained_test::bisect(
      [](double x) { return -400.0 * x * (1.5 - x * x) - 2.0 * (1.0 - x); }, 1.0, 1.5);
  Vector x0(2);
  x0 << 1, 1;  // outside the box: projected to (1, 1.5); from x = −1.2 it finds the other local minimum
  const Result r = minimize_constrained(Objective(extended_rosenbrock, 2), x0, c, Stop{.g_abstol = 1e-10});
  ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_NE(r.message.find("projected"), std::string::npos) << r.message;
  EXPECT_NEAR(r.x[0], xs, 1e-10);
  EXPECT_EQ(r.x[1], 1.5);
  ASSERT_TRUE(r.kkt);
  EXPECT_NEAR(r.kkt->lower_bound_multipliers[1], 200.0 * (1.5 - xs * xs), 1e-8);
}

TEST(Lbfgsb, ExtendedRosenbrock100WithBounds) {
  // Each pair is a 2-D Rosenbrock with x ≤ 0.5 on its first variable: (0.5, 0.25) per pair.
  const Index n = 100;
  Constraints c;
  c.bounds.upper = Vector::Constant(n, std::numeric_limits<double>::infinity());
  c.bounds.lower = Vector::Constant(n, -std::numeric_limits<double>::infinity());
  for (Index i = 0; i < n; i += 2) c.bounds.upper[i] = 0.5;
  Vector x0(n);
  for (Index i = 0; i < n; i += 2) {
    x0[i] = -1.2;
    x0[i + 1] = 1.0;
  }
  const Result r = minimize_constrained(Objective(extended_rosenbrock), x0, c, Stop{.g_abstol = 1e-9});
  ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
  for (Index i = 0; i < n; i += 2) {
    EXPECT_NEAR(r.x[i], 0.5, 1e-12);
    EXPECT_NEAR(r.x[i + 1], 0.25, 1e-9);
  }
  EXPECT_NEAR(r.f, 0.25 * n / 2, 1e-9);
  EXPECT_LE(r.evaluations.function, 100);
}

TEST(Lbfgsb, UnboundedIsPlainLbfgsQuality) {
  Vector x0(2);
  x0 << -1.2, 1;
  const Result r = minimize_constrained(Objective(extended_rosenbrock, 2), x0, Constraints{}, Lbfgsb{});
  ASSERT_EQ(r.status, Status::converged_gradient) << r.message;
  EXPECT_NEAR(r.x[0], 1.0, 1e-8);
  EXPECT_NEAR(r.x[1], 1.0, 1e-8);
  EXPECT_LE(r.evaluations.function, 60);
}

TEST(BoundsInput, BadBoundsAndSettingsThrowWithTheField) {
  const Objective f(extended_rosenbrock, 2);
  Constraints c;
  c.bounds.lower = Vector::Constant(2, 1.0);
  c.bounds.upper = Vector::Constant(2, 0.0);
  try {
    minimize_constrained(f, Vector::Zero(2), c);
    FAIL() << "lower > upper accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("exceeds"), std::string::npos) << e.what();
  }
  c.bounds.upper = Vector::Constant(2, 2.0);
  c.bounds.lower[1] = std::nan("");
  EXPECT_THROW(minimize_constrained(f, Vector::Zero(2), c), InvalidArgument);
  c.bounds.lower = Vector::Zero(3);
  c.bounds.upper = Vector();
  EXPECT_THROW(minimize_constrained(f, Vector::Zero(2), c), InvalidArgument);
  EXPECT_THROW(minimize_constrained(f, Vector::Zero(2), Constraints{}, Lbfgsb{.memory = 0}), InvalidArgument);
  EXPECT_THROW(minimize_constrained(f, Vector::Zero(2), Constraints{}, ProjectedGradient{.c1 = 2}),
               InvalidArgument);
  // Defaults are valid.
  for (const auto& m : constrained_method_registry()) EXPECT_NO_THROW(validate(m.method)) << m.name;
  // A non-finite start is a status, not a crash.
  Vector bad = Vector::Zero(2);
  bad[0] = std::nan("");
  EXPECT_EQ(minimize_constrained(f, bad, Constraints{}).status, Status::invalid_input);
  // A wrong-sized start for a fixed-dimension objective.
  EXPECT_EQ(minimize_constrained(f, Vector::Zero(3), Constraints{}).status, Status::invalid_input);
}

TEST(BoundsInput, ObjectiveErrorsAreStatuses) {
  Constraints c;
  c.bounds.lower = Vector::Constant(2, -1.0);
  const Objective throws([](const Vector& x, Vector* g) -> double {
    if (x[0] > 0.5) throw std::runtime_error("boom");
    if (g) *g = Vector::Constant(2, -1.0);
    return -x.sum();
  });
  const Result r = minimize_constrained(throws, Vector::Zero(2), c);
  EXPECT_EQ(r.status, Status::function_error);
  EXPECT_NE(r.message.find("boom"), std::string::npos);
}

}  // namespace
}  // namespace minima
