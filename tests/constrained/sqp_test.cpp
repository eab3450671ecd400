// The Goldfarb–Idnani QP (constrained/qp.hpp) and SQP (constrained/sqp.hpp) on problems with closed-form
// answers, and on bad input. The whole Hock–Schittkowski set is in test_set_test.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "minima/constrained/minimize_constrained.hpp"
#include "minima/constrained/qp.hpp"
#include "minima/core/error.hpp"
#include "minima/numerics/finite_difference.hpp"
#include "minima/problems/constrained_problem.hpp"
#include "test_functions.hpp"

namespace minima {
namespace {

using constrained_test::linear;
using constrained_test::quadratic;
using constrained_test::sphere;

const Objective kSum = constrained_test::sum();

Matrix rows(Index r, Index c, std::initializer_list<double> v) {
  Matrix m(r, c);
  Index k = 0;
  for (double e : v) {
    m(k / c, k % c) = e;
    ++k;
  }
  return m;
}
Vector vec(std::initializer_list<double> v) {
  Vector x(static_cast<Index>(v.size()));
  Index k = 0;
  for (double e : v) x[k++] = e;
  return x;
}

TEST(QuadraticProgram, NocedalWrightExample16_4) {
  // N&W 2006, Example 16.4: min (x1 − 1)² + (x2 − 2.5)² s.t. x1 − 2x2 + 2 ≥ 0, −x1 − 2x2 + 6 ≥ 0,
  // −x1 + 2x2 + 2 ≥ 0, x ≥ 0. Solution x* = (1.4, 1.7), only the first constraint active, multiplier
  // 0.8 (from ∇f = 2(x* − (1, 2.5)) = (0.8, −1.6) = 0.8·(1, −2)).
  const Matrix G = 2.0 * Matrix::Identity(2, 2);
  const Vector a = vec({-2.0, -5.0});
  const Matrix C = rows(5, 2, {1, -2, -1, -2, -1, 2, 1, 0, 0, 1});
  const Vector b = vec({-2, -6, -2, 0, 0});
  const QpSolution s = solve_qp(G, a, Matrix(0, 2), Vector(0), C, b);
  ASSERT_EQ(s.status, QpStatus::solved);
  EXPECT_NEAR(s.x[0], 1.4, 1e-14);
  EXPECT_NEAR(s.x[1], 1.7, 1e-14);
  EXPECT_NEAR(s.inequality_multipliers[0], 0.8, 1e-14);
  for (Index j = 1; j < 5; ++j) EXPECT_EQ(s.inequality_multipliers[j], 0.0);
}

TEST(QuadraticProgram, EqualitiesAndInequalitiesMatchTheKktSystemOfTheActiveSet) {
  // min ½‖x‖² − (1, 1, 1)ᵀx s.t. x1 + x2 + x3 = 1, x1 ≥ 0.6: the equality alone gives x = 1/3 (1, 1, 1),
  // which violates x1 ≥ 0.6; with it active, x = (0.6, 0.2, 0.2), y_eq = −0.8, y_in = 0.4
  // (x − 1 = y_eq (1, 1, 1) + y_in e1).
  const Matrix G = Matrix::Identity(3, 3);
  const Vector a = -Vector::Ones(3);
  const QpSolution s = solve_qp(G, a, Matrix::Ones(1, 3), vec({1.0}), rows(1, 3, {1, 0, 0}), vec({0.6}));
  ASSERT_EQ(s.status, QpStatus::solved);
  EXPECT_LT((s.x - vec({0.6, 0.2, 0.2})).lpNorm<Eigen::Infinity>(), 1e-14);
  EXPECT_NEAR(s.equality_multipliers[0], -0.8, 1e-14);
  EXPECT_NEAR(s.inequality_multipliers[0], 0.4, 1e-14);
}

TEST(QuadraticProgram, InconsistentConstraintsAreInfeasibleAndRedundantEqualitiesAreSkipped) {
  const Matrix G = Matrix::Identity(2, 2);
  const Vector a = Vector::Zero(2);
  // x1 ≥ 1 and −x1 ≥ 0: no point.
  EXPECT_EQ(solve_qp(G, a, Matrix(0, 2), Vector(0), rows(2, 2, {1, 0, -1, 0}), vec({1, 0})).status,
            QpStatus::infeasible);
  // x1 + x2 = 1 twice (and scaled): redundant, solvable; twice with different right-hand sides: not.
  const QpSolution s = solve_qp(G, a, rows(2, 2, {1, 1, 2, 2}), vec({1, 2}), Matrix(0, 2), Vector(0));
  ASSERT_EQ(s.status, QpStatus::solved);
  EXPECT_NEAR(s.x[0], 0.5, 1e-14);
  EXPECT_EQ(solve_qp(G, a, rows(2, 2, {1, 1, 1, 1}), vec({1, 2}), Matrix(0, 2), Vector(0)).status,
            QpStatus::infeasible);
  // G not positive definite.
  EXPECT_EQ(solve_qp(-G, a, Matrix(0, 2), Vector(0), Matrix(0, 2), Vector(0)).status, QpStatus::not_convex);
}

TEST(Sqp, SumOnTheUnitCircle) {
  // min x + y s.t. x² + y² = 1: x = y = −1/√2, λ = 1/√2.
  Constraints c;
  c.equalities.push_back(sphere(1.0));
  const Result r = minimize_constrained(kSum, vec({0.5, -0.2}), c, Sqp{});
  ASSERT_EQ(r.status, Status::converged_kkt) << r.message;
  EXPECT_EQ(r.method, "sqp");
  // Stationarity ≤ 1e-8 (the default Stop::g_abstol) with the reduced Hessian 2λ = √2 bounds the
  // error in x by about 1e-8.
  const double s = 1.0 / std::sqrt(2.0);
  EXPECT_NEAR(r.x[0], -s, 1e-8);
  EXPECT_NEAR(r.x[1], -s, 1e-8);
  ASSERT_TRUE(r.kkt);
  EXPECT_NEAR(r.kkt->equality_multipliers[0], s, 1e-8);
  EXPECT_LE(r.kkt->stationarity, 1e-8);
  EXPECT_LE(r.kkt->primal_feasibility, 1e-9);
}

TEST(Sqp, EqualityConstrainedQuadraticIsExactAfterTheQuasiNewtonPhase) {
  // min ½xᵀQx − cᵀx s.t. Ax = d, against the KKT system [Q Aᵀ; A 0][x; λ] = [c; d].
  const Index n = 4, m = 2;
  const Matrix B = rows(4, 4, {2, 1, 0, 0, 0, 3, 1, 0, 1, 0, 2, 1, 0, 0, 1, 4});
  const Matrix Q = B.transpose() * B + Matrix::Identity(n, n);
  const Vector cv = vec({1, -2, 3, 0.5});
  const Matrix A = rows(2, 4, {1, 1, 1, 1, 1, -1, 2, 0});
  const Vector d = vec({1, 2});
  Matrix K = Matrix::Zero(n + m, n + m);
  K.topLeftCorner(n, n) = Q;
  K.topRightCorner(n, m) = A.transpose();
  K.bottomLeftCorner(m, n) = A;
  Vector rhs(n + m);
  rhs << cv, d;
  const Vector sol = K.fullPivLu().solve(rhs);
  Constraints c;
  for (Index i = 0; i < m; ++i) c.equalities.push_back(linear(A.row(i).transpose(), -d[i]));
  const Result r = minimize_constrained(quadratic(Q, cv), Vector::Zero(n), c, Sqp{});
  ASSERT_EQ(r.status, Status::converged_kkt) << r.message;
  EXPECT_LT((r.x - sol.head(n)).lpNorm<Eigen::Infinity>(), 1e-8);
  ASSERT_TRUE(r.kkt);
  EXPECT_LT((r.kkt->equality_multipliers - sol.tail(m)).lpNorm<Eigen::Infinity>(), 1e-7);
  // Linear constraints: every iterate after the first is feasible, and the run is short.
  EXPECT_LE(r.iterations, 30);
}

TEST(Sqp, RosenbrockInTheUnitDiskWithBounds) {
  // min Rosenbrock s.t. x² + y² ≤ 1... with the bound x ≤ 0.5 the bound is active and y = x² is below
  // the disk: the answer is (0.5, 0.25) with f = 0.25 and the bound's multiplier −∂f/∂x = 1.
  const Objective rosen(
      [](const Vector& x, Vector* g) { return constrained_test::extended_rosenbrock(x, g); });
  Constraints c;
  c.inequalities.push_back(sphere(1.0));
  c.bounds.lower = vec({-2, -2});
  c.bounds.upper = vec({0.5, 2});
  const Result r = minimize_constrained(rosen, vec({-1.2, 1.0}), c, Sqp{});
  ASSERT_EQ(r.status, Status::converged_kkt) << r.message;
  EXPECT_NEAR(r.x[0], 0.5, 1e-9);
  EXPECT_NEAR(r.x[1], 0.25, 1e-9);
  EXPECT_NEAR(r.f, 0.25, 1e-9);
  ASSERT_TRUE(r.kkt);
  EXPECT_NEAR(r.kkt->upper_bound_multipliers[0], 1.0, 1e-7);
  EXPECT_NEAR(r.kkt->inequality_multipliers[0], 0.0, 1e-9);
}

TEST(Sqp, InconsistentLinearizationUsesTheElasticStep) {
  // At x0 = (0, 0) the linearization of x² + y² = 1 is 0·d − 1 = 0: inconsistent. The elastic QP
  // (or the restoration) must still get to the answer of SumOnTheUnitCircle.
  Constraints c;
  c.equalities.push_back(sphere(1.0));
  const Result r = minimize_constrained(kSum, Vector::Zero(2), c, Sqp{});
  ASSERT_EQ(r.status, Status::converged_kkt) << r.message;
  EXPECT_NEAR(r.x[0], -1.0 / std::sqrt(2.0), 1e-8);
}

TEST(Sqp, InfeasibleConstraintsGiveTheLeastInfeasiblePoint) {
  // x ≤ 0 and x ≥ 1: the linearizations are inconsistent everywhere; the least violation is 0.5.
  Constraints c;
  c.inequalities.push_back(linear(Vector::Ones(1), 0.0));
  c.inequalities.push_back(linear(-Vector::Ones(1), 1.0));
  const Objective f = quadratic(Matrix::Identity(1, 1), Vector::Zero(1));
  const Result r = minimize_constrained(f, Vector::Constant(1, 3.0), c, Sqp{});
  EXPECT_EQ(r.status, Status::infeasible) << r.message;
  EXPECT_NEAR(r.x[0], 0.5, 1e-6);
  ASSERT_TRUE(r.kkt);
  EXPECT_FALSE(r.kkt->feasible);
  EXPECT_NEAR(r.kkt->primal_feasibility, 0.5, 1e-6);
}

TEST(Sqp, ConstraintThatThrowsIsAFunctionErrorNamingIt) {
  Constraints c;
  c.inequalities.push_back(Objective([](const Vector& x, Vector* g) -> double {
    if (x[0] < -0.5) throw std::runtime_error("outside the model's domain");
    if (g) *g = 2 * x;
    return x.squaredNorm() - 1;
  }));
  c.inequality_names.push_back("x^2+y^2<=1");
  const Result r = minimize_constrained(kSum, Vector::Zero(2), c, Sqp{});
  EXPECT_EQ(r.status, Status::function_error);
  EXPECT_NE(r.message.find("x^2+y^2<=1"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("outside the model's domain"), std::string::npos) << r.message;
  EXPECT_GE(r.x[0], -0.5);  // the last good iterate
}

TEST(Sqp, NaNAtTheStartAndNonFiniteStartAreReported) {
  Constraints c;
  c.inequalities.push_back(Objective([](const Vector& x, Vector* g) {
    if (g) g->setConstant(x.size(), 1.0 / x[0]);
    return std::log(x[0]) - 1.0;
  }));
  const Result r = minimize_constrained(kSum, -Vector::Ones(2), c, Sqp{});
  EXPECT_EQ(r.status, Status::non_finite_value) << r.message;
  const Result bad = minimize_constrained(kSum, vec({NAN, 0.0}), c, Sqp{});
  EXPECT_EQ(bad.status, Status::invalid_input);
  EXPECT_NE(bad.message.find("x0[0]"), std::string::npos) << bad.message;
}

TEST(Sqp, NaNAtATrialPointIsBacktrackedFrom) {
  // f = 5x − log x (minimum at x = 1/5), with the inactive x ≤ 10. From x0 = 1 the first step of
  // B = I is −f'(1) = −4, to x = −3 where f is NaN: the line search must shorten it, not stop.
  int nan_values = 0;
  const Objective f([&nan_values](const Vector& x, Vector* g) {
    if (g) (*g)[0] = 5.0 - 1.0 / x[0];
    const double v = 5.0 * x[0] - std::log(x[0]);
    nan_values += std::isnan(v);
    return v;
  });
  Constraints c;
  c.inequalities.push_back(linear(Vector::Ones(1), -10.0));
  const Result r = minimize_constrained(f, Vector::Ones(1), c, Sqp{});
  ASSERT_EQ(r.status, Status::converged_kkt) << r.message;
  EXPECT_GE(nan_values, 1);
  EXPECT_NEAR(r.x[0], 0.2, 1e-9);
}

TEST(Sqp, SettingsAreValidated) {
  EXPECT_NO_THROW(Sqp{}.validate());
  Constraints c;
  c.equalities.push_back(sphere(1.0));
  Sqp bad;
  bad.hessian_damping = 1.0;
  EXPECT_THROW(minimize_constrained(kSum, Vector::Zero(2), c, bad), InvalidArgument);
  bad = Sqp{};
  bad.infeasibility_threshold = 1e-12;
  EXPECT_THROW(minimize_constrained(kSum, Vector::Zero(2), c, bad), InvalidArgument);
  EXPECT_TRUE(is_constrained_method_name("sqp"));
  EXPECT_TRUE(std::holds_alternative<Sqp>(constrained_method_from_name("sqp")));
}

TEST(Sqp, AStepThatLeavesXUnchangedEndsTheRun) {
  // HS 35 on central-difference gradients: their noise holds the stationarity at ~5e-8, above
  // g_abstol, while the QP step (~1e-8) points into an active bound and projects to no move at all.
  // In an AVX-512 build the run repeated that iteration until the limit (100,000 iterations, 2.4
  // million calls); it must end at once, at the KKT point.
  const ConstrainedProblem p = make_constrained_problem("hs035");
  Constraints fd = p.constraints;
  for (Objective& h : fd.inequalities) h = finite_difference([c = h](const Vector& x) { return c(x); });
  Stop stop;
  stop.max_iterations = 100000;
  const Result r = minimize_constrained(
      finite_difference([f = p.objective](const Vector& x) { return f(x); }), p.x0, fd, Sqp{}, stop);
  EXPECT_TRUE(r.converged()) << r.message;
  EXPECT_LT(r.iterations, 100) << r.message;
  EXPECT_NEAR(r.f, p.f_min, 1e-6 * std::max(1.0, std::abs(p.f_min)));
  EXPECT_LE(p.violation(r.x), 1e-8);
}

}  // namespace
}  // namespace minima
