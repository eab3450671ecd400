#include "minima/derivative_free/bobyqa.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "minima/constrained/minimize_constrained.hpp"
#include "minima/core/error.hpp"
#include "minima/numerics/finite_difference.hpp"
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
