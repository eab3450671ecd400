#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <variant>

#include "minima/constrained/dual_ascent.hpp"
#include "minima/constrained/minimize_constrained.hpp"
#include "minima/core/error.hpp"
#include "minima/core/random.hpp"
#include "test_functions.hpp"

namespace minima {
namespace {

using constrained_test::linear;
using constrained_test::quadratic;
using constrained_test::sphere;

const Objective kSum = constrained_test::sum();

TEST(AugmentedLagrangian, SumOnTheUnitCircle) {
  // min x + y s.t. x² + y² = 1: x = y = −1/√2 and λ = 1/√2 (∇f + λ∇g = 1 + 2λx = 0).
  Constraints c;
  c.equalities.push_back(sphere(1.0));
  const Result r = minimize_constrained(kSum, Vector::Zero(2), c, AugmentedLagrangian{});
  ASSERT_EQ(r.status, Status::converged_kkt) << r.message;
  EXPECT_EQ(r.method, "augmented-lagrangian");
  const double s = 1.0 / std::sqrt(2.0);
  EXPECT_NEAR(r.x[0], -s, 1e-9);
  EXPECT_NEAR(r.x[1], -s, 1e-9);
  EXPECT_NEAR(r.f, -std::sqrt(2.0), 1e-9);
  ASSERT_TRUE(r.kkt);
  EXPECT_NEAR(r.kkt->equality_multipliers[0], s, 1e-8);
  EXPECT_LE(r.kkt->primal_feasibility, 1e-9);
  EXPECT_LE(r.kkt->stationarity, 1e-8);
  EXPECT_TRUE(r.kkt->feasible);
}

TEST(AugmentedLagrangian, SumInTheUnitDiskAsAnInequality) {
  Constraints c;
  c.inequalities.push_back(sphere(1.0));
  const Result r = minimize_constrained(kSum, Vector::Zero(2), c, AugmentedLagrangian{});
  ASSERT_EQ(r.status, Status::converged_kkt) << r.message;
  const double s = 1.0 / std::sqrt(2.0);
  EXPECT_NEAR(r.x[0], -s, 1e-9);
  ASSERT_TRUE(r.kkt);
  EXPECT_NEAR(r.kkt->inequality_multipliers[0], s, 1e-8);
  EXPECT_LE(r.kkt->complementary_slackness, 1e-9);
  EXPECT_EQ(r.kkt->dual_feasibility, 0.0);
}

TEST(AugmentedLagrangian, EqualityConstrainedQuadraticMatchesTheKktSystem) {
  // min ½xᵀQx − cᵀx s.t. Ax = d; the KKT system [Q Aᵀ; A 0][x; λ] = [c; d] solved exactly.
  const Index n = 5, m = 2;
  Matrix B(n, n);
  B << 2, 1, 0, 0, 1, 0, 3, 1, 0, 0, 1, 0, 2, 1, 0, 0, 0, 1, 4, 1, 1, 0, 0, 1, 2;
  const Matrix Q = B.transpose() * B + Matrix::Identity(n, n);
  Vector cvec(n);
  cvec << 1, -2, 3, 0.5, -1;
  Matrix A(m, n);
  A << 1, 1, 1, 1, 1, 1, -1, 2, 0, 1;
  Vector d(m);
  d << 1, 2;
  Matrix K = Matrix::Zero(n + m, n + m);
  K.topLeftCorner(n, n) = Q;
  K.topRightCorner(n, m) = A.transpose();
  K.bottomLeftCorner(m, n) = A;
  Vector rhs(n + m);
  rhs.head(n) = cvec;
  rhs.tail(m) = d;
  const Vector sol = K.fullPivLu().solve(rhs);
  Constraints c;
  for (Index i = 0; i < m; ++i) c.equalities.push_back(linear(A.row(i).transpose(), -d[i]));
  const Result r = minimize_constrained(quadratic(Q, cvec), Vector::Zero(n), c, AugmentedLagrangian{});
  ASSERT_EQ(r.status, Status::converged_kkt) << r.message;
  EXPECT_LT((r.x - sol.head(n)).lpNorm<Eigen::Infinity>(), 1e-9);
  ASSERT_TRUE(r.kkt);
  EXPECT_LT((r.kkt->equality_multipliers - sol.tail(m)).lpNorm<Eigen::Infinity>(), 1e-8);
  EXPECT_LE(r.kkt->primal_feasibility, 1e-9);
  const double f_star = 0.5 * sol.head(n).dot(Q * sol.head(n)) - cvec.dot(sol.head(n));
  EXPECT_LE(std::abs(r.f - f_star), 1e-6 * std::abs(f_star));
}

TEST(AugmentedLagrangian, HockSchittkowski71WithBoundsEqualityAndInequality) {
  // HS 71: min x1 x4 (x1 + x2 + x3) + x3 s.t. x1x2x3x4 ≥ 25, Σ x² = 40, 1 ≤ x ≤ 5; from (1, 5, 5, 1).
  // Solution (Hock & Schittkowski 1981): x* = (1, 4.74299963, 3.82114998, 1.37940829),
  // f* = 17.0140173.
  const Objective f([](const Vector& x, Vector* g) {
    if (g) {
      (*g)[0] = x[3] * (2 * x[0] + x[1] + x[2]);
      (*g)[1] = x[0] * x[3];
      (*g)[2] = x[0] * x[3] + 1;
      (*g)[3] = x[0] * (x[0] + x[1] + x[2]);
    }
    return x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2];
  });
  Constraints c;
  c.bounds.lower = Vector::Ones(4);
  c.bounds.upper = Vector::Constant(4, 5.0);
  c.inequalities.push_back(Objective([](const Vector& x, Vector* g) {
    if (g) {
      for (Index i = 0; i < 4; ++i) (*g)[i] = -x.prod() / x[i];
    }
    return 25.0 - x.prod();
  }));
  c.equalities.push_back(sphere(std::sqrt(40.0)));
  Vector x0(4);
  x0 << 1, 5, 5, 1;
  const Result r = minimize_constrained(f, x0, c, AugmentedLagrangian{});
  ASSERT_EQ(r.status, Status::converged_kkt) << r.message;
  Vector xs(4);
  xs << 1, 4.74299963, 3.82114998, 1.37940829;
  EXPECT_LT((r.x - xs).lpNorm<Eigen::Infinity>(), 2e-7);
  EXPECT_LE(std::abs(r.f - 17.0140173) / 17.0140173, 1e-6);
  ASSERT_TRUE(r.kkt);
  EXPECT_LE(r.kkt->primal_feasibility, 1e-8);
  EXPECT_LE(r.kkt->stationarity, 1e-7);
  EXPECT_GT(r.kkt->inequality_multipliers[0], 0.0);   // the product constraint is active
  EXPECT_GT(r.kkt->lower_bound_multipliers[0], 0.0);  // x1 = 1 is active
}

TEST(AugmentedLagrangian, InnerMethodIsSelectable) {
  Constraints c;
  c.equalities.push_back(sphere(1.0));
  AugmentedLagrangian al;
  al.inner = Bfgs{};
  const Result r = minimize_constrained(kSum, Vector::Zero(2), c, al);
  ASSERT_EQ(r.status, Status::converged_kkt) << r.message;
  EXPECT_NEAR(r.x[0], -1 / std::sqrt(2.0), 1e-9);
}

/// f as a value-only function: throws if a gradient is asked for (the derivative-free runs never may).
Objective values_only(const Objective& f) {
  return Objective([f](const Vector& x, Vector* g) {
    if (g) throw std::logic_error("a derivative-free run asked for a gradient");
    return f(x);
  });
}

TEST(AugmentedLagrangian, DerivativeFreeInnerMethodsSolveTheCircleWithoutGradients) {
  // The circle problem above with BOBYQA and Nelder–Mead inside: no gradient of f or of the
  // constraint is ever asked for (values_only throws), and the answer is the closed form's.
  for (const Method& inner : {Method(Bobyqa{}), Method(NelderMead{})}) {
    Constraints c;
    c.equalities.push_back(values_only(sphere(1.0)));
    AugmentedLagrangian al;
    al.inner = inner;
    const Result r = minimize_constrained(values_only(kSum), Vector::Zero(2), c, al);
    const bool bobyqa = std::holds_alternative<Bobyqa>(inner);
    SCOPED_TRACE(bobyqa ? "bobyqa" : "nelder-mead");
    ASSERT_EQ(r.status, Status::converged_step) << r.message;
    const double s = 1.0 / std::sqrt(2.0);
    EXPECT_NEAR(r.x[0], -s, 1e-7);
    EXPECT_NEAR(r.x[1], -s, 1e-7);
    EXPECT_LE(std::abs(r.x.squaredNorm() - 1.0), 1e-9);
    EXPECT_EQ(r.evaluations.gradient, 0);
    EXPECT_GT(r.evaluations.function, 0);
    EXPECT_FALSE(r.kkt);  // no gradients: no KKT report, rather than one made of guesses
    EXPECT_TRUE(std::isnan(r.gradient_norm));
  }
}

TEST(AugmentedLagrangian, DerivativeFreeWithASmallRhoBeginStillSolves) {
  // rho_begin 1e-5 is below the first outer iterations' accuracy (1e-3): it is raised to it for
  // those runs instead of making BOBYQA refuse its settings.
  Constraints c;
  c.equalities.push_back(values_only(sphere(1.0)));
  AugmentedLagrangian al;
  al.inner = Bobyqa{.rho_begin = 1e-5};
  const Result r = minimize_constrained(values_only(kSum), Vector::Zero(2), c, al);
  ASSERT_EQ(r.status, Status::converged_step) << r.message;
  EXPECT_NEAR(r.x[0], -1 / std::sqrt(2.0), 1e-7);
}

TEST(AugmentedLagrangian, DerivativeFreeHockSchittkowski71KeepsTheBoundsItself) {
  // HS 71 as in the test above, values only: BOBYQA takes the box 1 ≤ x ≤ 5 itself, and every
  // point it evaluates lies in it.
  const Objective f([](const Vector& x, Vector* g) {
    if (g) throw std::logic_error("gradient asked for");
    if ((x.array() < 1.0).any() || (x.array() > 5.0).any()) throw std::logic_error("outside the box");
    return x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2];
  });
  Constraints c;
  c.bounds.lower = Vector::Ones(4);
  c.bounds.upper = Vector::Constant(4, 5.0);
  c.inequalities.push_back(values_only(Objective([](const Vector& x, Vector*) { return 25.0 - x.prod(); })));
  c.equalities.push_back(values_only(sphere(std::sqrt(40.0))));
  Vector x0(4);
  x0 << 1, 5, 5, 1;
  AugmentedLagrangian al;
  al.inner = Bobyqa{};
  const Result r = minimize_constrained(f, x0, c, al);
  ASSERT_EQ(r.status, Status::converged_step) << r.message;
  Vector xs(4);
  xs << 1, 4.74299963, 3.82114998, 1.37940829;
  // From values only, x is settled to about 1e-6 along the one direction the active bound and the
  // two constraints leave free (bobyqa before Powell's safeguard and TRSBOX iterations: 8.6e-7 in
  // 968 calls of f; after: 1.05e-6 in 685), with f within 2e-9 of f* either way.
  EXPECT_LT((r.x - xs).lpNorm<Eigen::Infinity>(), 2e-6);
  EXPECT_LE(std::abs(r.f - 17.0140173) / 17.0140173, 1e-7);
  EXPECT_EQ(r.evaluations.gradient, 0);
}

TEST(AugmentedLagrangian, DerivativeFreeInfeasibleConstraintsAreReported) {
  // x ≤ 0 and x ≥ 1 without derivatives: infeasible, at the least-infeasible point 0.5.
  Constraints c;
  c.inequalities.push_back(values_only(linear(Vector::Ones(1), 0.0)));
  c.inequalities.push_back(values_only(linear(-Vector::Ones(1), 1.0)));
  AugmentedLagrangian al;
  al.inner = Bobyqa{};
  const Result r = minimize_constrained(values_only(kSum), Vector::Zero(1), c, al);
  EXPECT_EQ(r.status, Status::infeasible) << r.message;
  EXPECT_NEAR(r.x[0], 0.5, 1e-6);
  EXPECT_EQ(r.evaluations.gradient, 0);
}

TEST(AugmentedLagrangian, InfeasibleConstraintsGiveTheLeastInfeasiblePoint) {
  // x ≤ 0 and x ≥ 1: no feasible point; the least-infeasible point (in the squared violation) is 0.5.
  Constraints c;
  c.inequalities.push_back(linear(Vector::Ones(1), 0.0));   // x ≤ 0
  c.inequalities.push_back(linear(-Vector::Ones(1), 1.0));  // 1 − x ≤ 0
  const Objective f = quadratic(Matrix::Identity(1, 1), Vector::Zero(1));
  const Result r = minimize_constrained(f, Vector::Constant(1, 3.0), c, AugmentedLagrangian{});
  EXPECT_EQ(r.status, Status::infeasible) << r.message;
  EXPECT_FALSE(r.converged());
  EXPECT_NEAR(r.x[0], 0.5, 1e-6);
  ASSERT_TRUE(r.kkt);
  EXPECT_FALSE(r.kkt->feasible);
  EXPECT_NEAR(r.kkt->primal_feasibility, 0.5, 1e-6);
}

TEST(AugmentedLagrangian, ConstraintThatThrowsIsAFunctionError) {
  Constraints c;
  c.inequalities.push_back(Objective([](const Vector& x, Vector* g) -> double {
    if (x[0] < -0.5) throw std::runtime_error("outside the model's domain");
    if (g) *g = 2 * x;
    return x.squaredNorm() - 1;
  }));
  c.inequality_names.push_back("x^2+y^2<=1");
  const Result r = minimize_constrained(kSum, Vector::Zero(2), c, AugmentedLagrangian{});
  EXPECT_EQ(r.status, Status::function_error);
  EXPECT_NE(r.message.find("x^2+y^2<=1"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("outside the model's domain"), std::string::npos) << r.message;
}

TEST(AugmentedLagrangian, ConstraintNaNAtTheStartIsNamed) {
  Constraints c;
  c.inequalities.push_back(Objective([](const Vector& x, Vector* g) {
    if (g) g->setConstant(x.size(), 1.0 / x[0]);
    return std::log(x[0]) - 1.0;
  }));
  const Result r = minimize_constrained(kSum, -Vector::Ones(2), c, AugmentedLagrangian{});
  EXPECT_EQ(r.status, Status::non_finite_value);
  EXPECT_NE(r.message.find("inequality 1"), std::string::npos) << r.message;
}

TEST(AugmentedLagrangian, WrongDimensionsAndMethodsThrow) {
  Constraints c;
  c.equalities.push_back(linear(Vector::Ones(3), 0.0));
  EXPECT_THROW(minimize_constrained(kSum, Vector::Zero(2), c), InvalidArgument);
  Constraints general;
  general.equalities.push_back(sphere(1.0));
  EXPECT_THROW(minimize_constrained(kSum, Vector::Zero(2), general, Lbfgsb{}), InvalidArgument);
  EXPECT_THROW(minimize_constrained(kSum, Vector::Zero(2), general, ProjectedGradient{}), InvalidArgument);
  AugmentedLagrangian bad;
  bad.penalty_growth = 1.0;
  EXPECT_THROW(minimize_constrained(kSum, Vector::Zero(2), general, bad), InvalidArgument);
}

TEST(Kkt, ResidualsAndEstimatedMultipliers) {
  // min x + y on the unit circle, at the exact solution and away from it.
  Constraints c;
  c.equalities.push_back(sphere(1.0));
  const double s = 1.0 / std::sqrt(2.0);
  const Vector xs = Vector::Constant(2, -s);
  const KktReport k = kkt_report(kSum, c, xs);
  EXPECT_NEAR(k.equality_multipliers[0], s, 1e-15);
  EXPECT_LT(k.stationarity, 1e-15);
  EXPECT_LT(k.primal_feasibility, 1e-15);
  EXPECT_TRUE(k.feasible);
  EXPECT_EQ(k.lower_bound_multipliers.size(), 0);
  // Given a wrong multiplier, the stationarity residual is |1 + 2λx| = |1 − 2·0.5·s|.
  Multipliers m;
  m.equality = Vector::Constant(1, 0.5);
  EXPECT_NEAR(kkt_report(kSum, c, xs, m).stationarity, 1 - s, 1e-15);

  // An inequality: x + y ≤ −1 at (−0.5, −0.5) is active with α = 1; at (−1, −1) it is slack.
  Constraints ci;
  ci.inequalities.push_back(linear(Vector::Ones(2), 1.0));
  const Objective f = quadratic(Matrix::Identity(2, 2), Vector::Zero(2));  // ½‖x‖², ∇f = x
  const KktReport ka = kkt_report(f, ci, Vector::Constant(2, -0.5));
  EXPECT_NEAR(ka.inequality_multipliers[0], 0.5, 1e-15);
  EXPECT_LT(ka.stationarity, 1e-15);
  Multipliers neg;
  neg.inequality = Vector::Constant(1, -2.0);
  const KktReport kn = kkt_report(f, ci, Vector::Constant(2, -1.0), neg);
  EXPECT_EQ(kn.dual_feasibility, 2.0);
  EXPECT_EQ(kn.complementary_slackness, 2.0);  // |α h| = 2·1
  // An infeasible point.
  const KktReport kf = kkt_report(f, ci, Vector::Zero(2));
  EXPECT_FALSE(kf.feasible);
  EXPECT_EQ(kf.primal_feasibility, 1.0);
  EXPECT_THROW(kkt_report(f, ci, Vector::Zero(2), Multipliers{.equality = Vector::Ones(2)}), InvalidArgument);
}

/// The seed's example: min ½‖Ax − b‖² s.t. xᵀx ≤ 1 with an active constraint. The reference solves
/// the secular equation ‖x(λ)‖ = 1 by bisection.
struct SeedExample {
  Matrix A;
  Vector b;
  double lambda_star = 0.0;
  Vector x_star;
  SeedExample() {
    Rng gen(7);
    A = standard_normal(12, 4, gen);
    Vector x_true(4);
    x_true << 1.5, -1, 0.5, 2;
    b = A * x_true;
    for (Index i = 0; i < b.size(); ++i) b[i] += 0.1 * standard_normal(gen);
    const Matrix AtA = A.transpose() * A;
    auto x_of = [&](double l) {
      return Vector((AtA + 2 * l * Matrix::Identity(4, 4)).llt().solve(A.transpose() * b));
    };
    lambda_star = constrained_test::bisect([&](double l) { return x_of(l).squaredNorm() - 1.0; }, 0.0, 1e6);
    x_star = x_of(lambda_star);
  }
};

TEST(DualAscent, SeedExampleMatchesTheSecularEquationAndTheAugmentedLagrangian) {
  const SeedExample p;
  const DualAscentResult da = dual_ascent_ball_least_squares(p.A, p.b);
  ASSERT_EQ(da.result.status, Status::converged_kkt) << da.result.message;
  EXPECT_NEAR(da.multiplier, p.lambda_star, 1e-8 * std::max(1.0, p.lambda_star));
  EXPECT_LT((da.result.x - p.x_star).lpNorm<Eigen::Infinity>(), 1e-9);
  EXPECT_NEAR(da.result.x.norm(), 1.0, 1e-10);
  EXPECT_EQ(da.multiplier_history.size(), da.norm_history.size());
  EXPECT_EQ(da.multiplier_history.front(), 0.0);
  ASSERT_TRUE(da.result.kkt);
  EXPECT_LT(da.result.kkt->stationarity, 1e-9);

  const Matrix A = p.A;
  const Vector b = p.b;
  const Objective f([A, b](const Vector& x, Vector* g) {
    const Vector r = A * x - b;
    if (g) *g = A.transpose() * r;
    return 0.5 * r.squaredNorm();
  });
  Constraints c;
  c.inequalities.push_back(sphere(1.0));
  const Result al = minimize_constrained(f, Vector::Zero(4), c, AugmentedLagrangian{});
  ASSERT_EQ(al.status, Status::converged_kkt) << al.message;
  EXPECT_LT((al.x - da.result.x).lpNorm<Eigen::Infinity>(), 1e-8);
  ASSERT_TRUE(al.kkt);
  EXPECT_NEAR(al.kkt->inequality_multipliers[0], da.multiplier, 1e-7 * std::max(1.0, da.multiplier));
}

TEST(DualAscent, InactiveConstraintStopsAtZero) {
  Matrix A = Matrix::Identity(2, 2);
  Vector b(2);
  b << 0.3, 0.4;  // unconstrained solution inside the ball
  const DualAscentResult da = dual_ascent_ball_least_squares(A, b);
  EXPECT_EQ(da.result.status, Status::converged_kkt);
  EXPECT_EQ(da.multiplier, 0.0);
  EXPECT_LT((da.result.x - b).norm(), 1e-15);
  EXPECT_THROW(dual_ascent_ball_least_squares(A, Vector::Ones(3)), InvalidArgument);
  EXPECT_THROW(dual_ascent_ball_least_squares(A, b, DualAscent{.step = -1.0}), InvalidArgument);
}

}  // namespace
}  // namespace minima
