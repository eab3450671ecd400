#include "minima/derivative_free/bobyqa.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "minima/constrained/minimize_constrained.hpp"
#include "minima/core/error.hpp"
#include "minima/derivative_free/box_trust_region.hpp"
#include "minima/numerics/finite_difference.hpp"
#include "minima/problems/more_wild.hpp"
#include "minima/problems/test_problem.hpp"
#include "minima/unconstrained/minimize.hpp"
#include "value_only.hpp"

namespace minima {
namespace {

using dfo_test::shifted_quadratic;
using dfo_test::value_only;

Vector vec(std::initializer_list<double> v) {
  Vector out(static_cast<Index>(v.size()));
  Index i = 0;
  for (double x : v) out[i++] = x;
  return out;
}

Objective rosenbrock() {
  return value_only(
      [](const Vector& x) { return 100.0 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1.0 - x[0], 2); });
}

TEST(Bobyqa, DefaultsAreValidAndBadSettingsAreNamed) {
  EXPECT_NO_THROW(Bobyqa{}.validate());
  EXPECT_THROW(Bobyqa{.rho_begin = 0.0}.validate(), InvalidArgument);
  EXPECT_THROW(Bobyqa{.rho_end = -1.0}.validate(), InvalidArgument);
  EXPECT_THROW(Bobyqa{.rho_end = std::nan("")}.validate(), InvalidArgument);
  try {
    Bobyqa{.rho_begin = 1e-3, .rho_end = 1e-2}.validate();
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("rho_end = 0.01 > rho_begin = 0.001"), std::string::npos)
        << e.what();
  }
}

// A quadratic is its own model: once the 2n+1 points and the updates have pinned the Hessian, the
// trust-region step lands on the minimizer.
TEST(Bobyqa, QuadraticWithCrossTermsReachesItsClosedFormMinimum) {
  Matrix a(3, 3);
  a << 4, 1, 0.5, 1, 3, -0.5, 0.5, -0.5, 2;
  const Vector b = vec({1.0, -2.0, 0.5});
  const Vector x_star = a.ldlt().solve(b);  // min ½xᵀAx − bᵀx
  const Objective f = value_only([a, b](const Vector& x) { return 0.5 * x.dot(a * x) - b.dot(x); });
  const Result r = minimize(f, Vector::Zero(3), Bobyqa{});
  ASSERT_EQ(r.status, Status::converged_step) << r.message;
  EXPECT_LT((r.x - x_star).lpNorm<Eigen::Infinity>(), 1e-7);
  EXPECT_NEAR(r.f, -0.5 * b.dot(x_star), 1e-12);
  EXPECT_EQ(r.evaluations.gradient, 0);
  // 2n + 1 = 7 to start, 10 to determine the quadratic, the rest to shrink ρ to rho_end; the path
  // depends on rounding (83 in an AVX-512 build, fewer in a portable one).
  EXPECT_LE(r.evaluations.function, 100);
  EXPECT_EQ(r.method, "bobyqa");
}

TEST(Bobyqa, RosenbrockFromTheStandardStart) {
  const Result r = minimize(rosenbrock(), vec({-1.2, 1.0}), Bobyqa{});
  ASSERT_EQ(r.status, Status::converged_step) << r.message;
  EXPECT_NEAR(r.x[0], 1.0, 1e-6);
  EXPECT_NEAR(r.x[1], 1.0, 1e-6);
  EXPECT_LT(r.evaluations.function, 400);
}

TEST(Bobyqa, CataloguedProblemsReachTheirPublishedMinima) {
  for (const char* name : {"beale", "helical-valley", "wood", "powell-singular", "bard", "box-3d"}) {
    const TestProblem p = make_problem(name);
    Stop stop;
    stop.max_evaluations = 3000;
    stop.max_iterations = 3000;  // about one evaluation per iteration: the default 1000 would bind first
    const Result r = minimize(p.objective, p.x0, Bobyqa{}, stop);
    EXPECT_TRUE(r.converged()) << name << ": " << r.message;
    EXPECT_NEAR(r.f, p.f_min, 1e-7 * std::max(1.0, p.f_min)) << name;
    EXPECT_EQ(r.evaluations.gradient, 0) << name;
  }
}

TEST(Bobyqa, BoundsHoldAtEveryEvaluation) {
  Constraints c;
  c.bounds = {vec({-1.5, -0.5}), vec({0.5, 2.0})};
  long outside = 0;
  const Objective f = value_only([&](const Vector& x) {
    if (!c.bounds.contains(x)) ++outside;
    return 100.0 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1.0 - x[0], 2);
  });
  const Result r = minimize_constrained(f, vec({-1.2, 1.0}), c, Bobyqa{});
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_EQ(outside, 0);
  EXPECT_NEAR(r.x[0], 0.5, 1e-7);
  EXPECT_NEAR(r.x[1], 0.25, 1e-6);
  EXPECT_NEAR(r.f, 0.25, 1e-10);
}

TEST(Bobyqa, StartOutsideTheBoundsIsProjectedAndSaid) {
  Constraints c;
  c.bounds = {vec({0.0, 0.0}), vec({1.0, 1.0})};
  const Result r = minimize_constrained(shifted_quadratic(vec({2.0, 0.3}), vec({1.0, 1.0})), vec({-3.0, 0.5}),
                                        c, Bobyqa{});
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_NE(r.message.find("x0[0] = -3 -> 0"), std::string::npos) << r.message;
  EXPECT_NEAR(r.x[0], 1.0, 1e-8);
  EXPECT_NEAR(r.x[1], 0.3, 1e-7);
}

TEST(Bobyqa, BoundsOfZeroWidthFixTheVariableAndNarrowBoxesCutRho) {
  Constraints c;
  c.bounds = {vec({-5.0, 2.0, 0.0}), vec({5.0, 2.0, 1e-3})};  // y fixed at 2, z in a box 1e-3 wide
  const Result r = minimize_constrained(shifted_quadratic(vec({1.0, -1.0, 3.0}), vec({1.0, 1.0, 1.0})),
                                        vec({0.0, 0.0, 0.0}), c, Bobyqa{});
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_EQ(r.x[1], 2.0);
  EXPECT_NEAR(r.x[0], 1.0, 1e-7);
  EXPECT_NEAR(r.x[2], 1e-3, 1e-12);
  EXPECT_NE(r.message.find("rho_begin cut"), std::string::npos) << r.message;
}

TEST(Bobyqa, EveryVariableFixedEvaluatesOnce) {
  Constraints c;
  c.bounds = {vec({1.0, 2.0}), vec({1.0, 2.0})};
  const Result r = minimize_constrained(rosenbrock(), vec({0.0, 0.0}), c, Bobyqa{});
  EXPECT_EQ(r.status, Status::converged_step) << r.message;
  EXPECT_EQ(r.evaluations.function, 1);
}

TEST(Bobyqa, RoundingAtTheFinalRadiusEndsTheRun) {
  // Ill-conditioned quadratics far above zero: at ρ = rho_end the changes of f are below its
  // rounding, so no trial step decreases f. A trust-region step whose length rounded to one ulp
  // above ρ once kept such runs going until the iteration limit (found inside the augmented
  // Lagrangian on HS 11); every run must end converged after a few hundred evaluations.
  for (int dim = 2; dim <= 4; ++dim)
    for (int start = 0; start < 20; ++start) {
      const double offset = start % 2 ? 8.5 : 1e3;
      const Objective f = value_only([offset](const Vector& x) {
        double q = 0, s = 0;
        for (Index i = 0; i < x.size(); ++i) {
          const double t = x[i] - 0.3 * static_cast<double>(i + 1);
          q += std::pow(10.0, static_cast<double>(i)) * t * t;
          s += t;
        }
        return offset + q + 3 * s * s;
      });
      Vector x0(dim);
      for (Index i = 0; i < dim; ++i) x0[i] = std::sin(1.0 + start * 7 + static_cast<double>(i) * 3);
      Stop stop;
      stop.max_iterations = 100000;
      const Result r = minimize(f, x0, Bobyqa{}, stop);
      SCOPED_TRACE(::testing::Message() << "n = " << dim << ", start " << start);
      EXPECT_EQ(r.status, Status::converged_step) << r.message;
      EXPECT_LT(r.evaluations.function, 3000);
      EXPECT_LE(r.f - offset, 1e-10);
    }
}

// The trust-region subproblem: with negative curvature the conjugate gradients leave along −g and
// stop where they meet the sphere; the iterations round the boundary turn d towards the direction
// of more negative curvature. The model value is checked against a fine scan of the circle.
TEST(BoxTrustRegionStep, IterationsRoundTheBoundaryReachALowerModelValue) {
  const Vector g = vec({1.0, 0.1});
  Matrix h(2, 2);
  h << -1.0, 0.0, 0.0, -2.0;
  const double delta = 2.0;
  const Vector lo = Vector::Constant(2, -1e300), hi = Vector::Constant(2, 1e300);
  auto q = [&](const Vector& d) { return g.dot(d) + 0.5 * d.dot(h * d); };
  const auto stopped = detail::box_trust_region_step(g, h, lo, hi, delta, false);
  const auto turned = detail::box_trust_region_step(g, h, lo, hi, delta, true);
  ASSERT_TRUE(stopped.on_boundary);
  ASSERT_TRUE(turned.on_boundary);
  // The first boundary point is −Δ g/‖g‖.
  EXPECT_LT((stopped.d + delta * g.normalized()).norm(), 1e-12);
  EXPECT_NEAR(q(stopped.d), -4.02977710442, 1e-9);
  double scan = 1e300;
  for (int i = 0; i < 200000; ++i) {
    const double t = 2.0 * std::numbers::pi * i / 200000;
    scan = std::min(scan, q(vec({delta * std::cos(t), delta * std::sin(t)})));
  }
  EXPECT_NEAR(turned.d.norm(), delta, 1e-12);
  EXPECT_LT(q(turned.d), q(stopped.d) - 0.6);
  EXPECT_NEAR(q(turned.d), scan, 1e-6);
}

// A bound met while turning fixes that variable there: d₂ = −1, d₁ = −√3 on the sphere of radius 2.
TEST(BoxTrustRegionStep, TurningStopsAtABoundAndFixesTheVariable) {
  const Vector g = vec({1.0, 0.1});
  Matrix h(2, 2);
  h << -1.0, 0.0, 0.0, -2.0;
  const Vector lo = vec({-1e300, -1.0}), hi = Vector::Constant(2, 1e300);
  const auto step = detail::box_trust_region_step(g, h, lo, hi, 2.0, true);
  EXPECT_DOUBLE_EQ(step.d[1], -1.0);
  EXPECT_NEAR(step.d[0], -std::sqrt(3.0), 1e-9);
  EXPECT_LE(step.d.norm(), 2.0 * (1 + 1e-12));
}

// Random subproblems: the iterations never raise the model value, and the step stays in the box
// and the trust region.
TEST(BoxTrustRegionStep, NeverWorseThanStoppingAndAlwaysFeasible) {
  std::uint64_t state = 12345;
  auto uniform = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0 * 2.0 - 1.0;
  };
  int lower = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const Index n = 2 + trial % 7;
    Vector g(n), lo(n), hi(n);
    Matrix a(n, n);
    for (Index i = 0; i < n; ++i) {
      g[i] = uniform();
      lo[i] = trial % 2 ? -std::abs(uniform()) : -1e300;
      hi[i] = trial % 2 ? std::abs(uniform()) : 1e300;
      for (Index j = 0; j < n; ++j) a(i, j) = uniform();
    }
    const Matrix h = a + a.transpose();
    auto q = [&](const Vector& d) { return g.dot(d) + 0.5 * d.dot(h * d); };
    const auto stopped = detail::box_trust_region_step(g, h, lo, hi, 0.7, false);
    const auto turned = detail::box_trust_region_step(g, h, lo, hi, 0.7, true);
    EXPECT_LE(q(turned.d), q(stopped.d) + 1e-12) << "trial " << trial;
    EXPECT_LE(turned.d.norm(), 0.7 * (1 + 1e-12)) << "trial " << trial;
    EXPECT_TRUE((turned.d.array() >= lo.array()).all() && (turned.d.array() <= hi.array()).all())
        << "trial " << trial;
    if (q(turned.d) < q(stopped.d) - 1e-9) ++lower;
  }
  EXPECT_GT(lower, 100);  // the iterations do something on most indefinite cases
}

// Osborne 2 from 10 x0 (Moré–Wild problem 38): the first interpolation points reach where the
// exponentials are huge, and the updated model keeps a gradient of order 1e7 there. Powell's
// safeguard replaces it by the least-norm interpolant of the current points, after which the run
// reaches the least value NLopt's BOBYQA finds on that problem (1.7898) well within its budget.
TEST(Bobyqa, PoorModelGradientIsReplacedByTheLeastNormInterpolant) {
  const std::vector<MoreWildProblem> problems = more_wild_problems();
  const MoreWildProblem& p = problems.at(37);
  ASSERT_EQ(p.number, 38);
  const Objective f = value_only([&](const Vector& x) { return p.residuals(x).squaredNorm(); }, p.n);
  Stop stop;
  stop.max_evaluations = 100 * (p.n + 1);
  const Result r =
      minimize(f, p.x0, Bobyqa{.rho_begin = 0.1 * p.x0.lpNorm<Eigen::Infinity>(), .rho_end = 1e-8}, stop);
  EXPECT_NE(r.message.find("replaced by the least-norm interpolant"), std::string::npos) << r.message;
  EXPECT_LT(r.f, 1.7899) << r.message;
}

TEST(Bobyqa, EvaluationLimitAndTargetApply) {
  Stop stop;
  stop.max_evaluations = 20;
  Result r = minimize(rosenbrock(), vec({-1.2, 1.0}), Bobyqa{}, stop);
  EXPECT_EQ(r.status, Status::max_evaluations) << r.message;
  EXPECT_LE(r.evaluations.function, 22);
  stop = Stop{};
  stop.f_target = 1e-4;
  r = minimize(rosenbrock(), vec({-1.2, 1.0}), Bobyqa{}, stop);
  EXPECT_EQ(r.status, Status::target_reached) << r.message;
}

TEST(Bobyqa, ObjectiveThatThrowsIsAFunctionError) {
  int calls = 0;
  const Objective f = value_only([&calls](const Vector& x) {
    if (++calls > 8) throw std::runtime_error("simulation crashed");
    return x.squaredNorm();
  });
  const Result r = minimize(f, vec({1.0, 1.0}), Bobyqa{});
  EXPECT_EQ(r.status, Status::function_error);
  EXPECT_NE(r.message.find("simulation crashed"), std::string::npos) << r.message;
}

TEST(Bobyqa, NaNAtAnInitialPointIsReported) {
  const Objective f = value_only([](const Vector& x) { return x[0] > 0.5 ? std::nan("") : x.squaredNorm(); });
  const Result r = minimize(f, vec({0.5, 0.0}), Bobyqa{.rho_begin = 0.1});
  EXPECT_EQ(r.status, Status::non_finite_value) << r.message;
}

}  // namespace
}  // namespace minima

namespace minima {
namespace {

// The default method for an objective given by values alone (finite_difference) is bobyqa up to
// kBobyqaDefaultMaxDimension variables, then the rule before (trust region on finite-difference
// Hessians, as the objective offers one); exact gradients keep L-BFGS.
TEST(DefaultMethod, ValueOnlyObjectivesGetBobyqaUpToTheMeasuredDimension) {
  auto sphere = [](const Vector& x) { return (x.array() - 1.0).square().sum(); };
  Result r = minimize(finite_difference(sphere), Vector::Zero(3));
  EXPECT_EQ(r.method, "bobyqa");
  EXPECT_EQ(r.evaluations.gradient, 0);
  EXPECT_LT((r.x - Vector::Ones(3)).lpNorm<Eigen::Infinity>(), 1e-7);
  r = minimize(finite_difference(sphere), Vector::Zero(kBobyqaDefaultMaxDimension + 1));
  EXPECT_NE(r.method, "bobyqa");
  EXPECT_GT(r.evaluations.gradient, 0);
  r = minimize(Objective([](const Vector& x, Vector* g) {
                 if (g) *g = 2.0 * (x.array() - 1.0).matrix();
                 return (x.array() - 1.0).square().sum();
               }),
               Vector::Zero(3));
  EXPECT_EQ(r.method, "lbfgs");
}

TEST(Bobyqa, AGradientToleranceIsRejectedNotIgnored) {
  // No gradient for Stop::g_abstol to judge: a derivative-free run refuses it by name, for the
  // methods themselves and for the augmented Lagrangian around them.
  for (const char* method : {"bobyqa", "nelder-mead"}) {
    try {
      minimize(rosenbrock(), Vector{{-1.2, 1.0}}, method, Stop{.g_abstol = 1e-6});
      ADD_FAILURE() << method << " accepted a gradient tolerance";
    } catch (const InvalidArgument& e) {
      EXPECT_NE(std::string(e.what()).find("Stop::g_abstol"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("derivative-free"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(minimize(rosenbrock(), Vector{{-1.2, 1.0}}, method, Stop{.x_abstol = 1e-6}).usable());
  }
  Constraints c;
  c.bounds.upper = Vector::Constant(2, 0.5);
  c.inequalities.push_back(Objective([](const Vector& x, Vector*) { return x.squaredNorm() - 1.0; }, 2));
  EXPECT_THROW(minimize_constrained(rosenbrock(), Vector{{0.0, 0.0}}, c,
                                    AugmentedLagrangian{.inner = Bobyqa{}}, Stop{.g_abstol = 1e-6}),
               InvalidArgument);
}

}  // namespace
}  // namespace minima
