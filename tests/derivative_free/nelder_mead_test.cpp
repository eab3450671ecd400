#include "minima/derivative_free/nelder_mead.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "minima/constrained/minimize_constrained.hpp"
#include "minima/core/error.hpp"
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

TEST(NelderMead, DefaultsAreValidAndBadSettingsAreNamed) {
  EXPECT_NO_THROW(NelderMead{}.validate());
  EXPECT_THROW(NelderMead{.x_abstol = 0.0}.validate(), InvalidArgument);
  EXPECT_THROW(NelderMead{.f_abstol = -1.0}.validate(), InvalidArgument);
  EXPECT_THROW(NelderMead{.initial_step_relative = std::nan("")}.validate(), InvalidArgument);
  EXPECT_THROW(NelderMead{.degenerate_tolerance = 1.0}.validate(), InvalidArgument);
  EXPECT_THROW(NelderMead{.max_restarts = -1}.validate(), InvalidArgument);
  try {
    NelderMead{.initial_simplex = Matrix::Zero(2, 3)}.validate();
    FAIL() << "a 2x3 initial simplex was accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("initial_simplex is 2x3"), std::string::npos) << e.what();
  }
}

TEST(NelderMead, ShiftedQuadraticReachesItsClosedFormMinimum) {
  const Vector c = vec({1.0, -2.0, 3.0, 0.5, -0.25});
  const Vector w = vec({1.0, 2.0, 3.0, 4.0, 5.0});
  const Result r = minimize(shifted_quadratic(c, w), Vector::Zero(5), NelderMead{});
  ASSERT_EQ(r.status, Status::converged_step) << r.message;
  EXPECT_LT((r.x - c).lpNorm<Eigen::Infinity>(), 1e-6);
  EXPECT_LT(r.f, 1e-10);
  EXPECT_EQ(r.method, "nelder-mead");
  EXPECT_EQ(r.evaluations.gradient, 0);
  EXPECT_EQ(r.evaluations.hessian, 0);
  EXPECT_TRUE(std::isnan(r.gradient_norm));
}

TEST(NelderMead, RosenbrockFromTheStandardStart) {
  const Result r = minimize(rosenbrock(), vec({-1.2, 1.0}), NelderMead{});
  ASSERT_EQ(r.status, Status::converged_step) << r.message;
  EXPECT_NEAR(r.x[0], 1.0, 1e-6);
  EXPECT_NEAR(r.x[1], 1.0, 1e-6);
  EXPECT_EQ(r.evaluations.gradient, 0);
}

TEST(NelderMead, CatalogueProblemsWithAnalyticObjectivesNeverAskForGradients) {
  // The catalogue's objectives can give gradients; the method must still call them value-only.
  for (const char* name : {"beale", "helical-valley", "wood"}) {
    const TestProblem p = make_problem(name);
    const Result r = minimize(p.objective, p.x0, NelderMead{});
    EXPECT_TRUE(r.converged()) << name << ": " << r.message;
    EXPECT_NEAR(r.f, p.f_min, 1e-8) << name;
    EXPECT_EQ(r.evaluations.gradient, 0) << name;
  }
}

TEST(NelderMead, StandardCoefficientsAlsoConverge) {
  const Result r = minimize(rosenbrock(), vec({-1.2, 1.0}), NelderMead{.adaptive = false});
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_NEAR(r.x[0], 1.0, 1e-6);
}

// In 10 dimensions the standard coefficients stall on a quadratic (Gao & Han 2012, Table 2); the
// adaptive ones converge.
TEST(NelderMead, AdaptiveCoefficientsSolveTenDimensionalQuadratic) {
  const Index n = 10;
  Vector c = Vector::LinSpaced(n, -1.0, 1.0), w = Vector::LinSpaced(n, 1.0, 10.0);
  const Result r =
      minimize(shifted_quadratic(c, w), Vector::Ones(n), NelderMead{}, Stop{.max_iterations = 20000});
  ASSERT_EQ(r.status, Status::converged_step) << r.message;
  EXPECT_LT((r.x - c).lpNorm<Eigen::Infinity>(), 1e-5);
}

// Below adaptive_min_dimension (9) the default takes the standard coefficients: the same run as
// adaptive = false, evaluation for evaluation; with adaptive_min_dimension = 1 the adaptive ones
// (a different run) at n = 4.
TEST(NelderMead, AdaptiveCoefficientsStartAtTheMeasuredDimension) {
  const Vector c = vec({1.0, -2.0, 0.5, 3.0}), w = vec({1.0, 4.0, 9.0, 16.0});
  const Result by_default = minimize(shifted_quadratic(c, w), Vector::Zero(4), NelderMead{});
  const Result standard = minimize(shifted_quadratic(c, w), Vector::Zero(4), NelderMead{.adaptive = false});
  const Result adaptive =
      minimize(shifted_quadratic(c, w), Vector::Zero(4), NelderMead{.adaptive_min_dimension = 1});
  ASSERT_TRUE(by_default.converged()) << by_default.message;
  ASSERT_TRUE(adaptive.converged()) << adaptive.message;
  EXPECT_EQ(by_default.evaluations.function, standard.evaluations.function);
  EXPECT_EQ(by_default.x, standard.x);
  EXPECT_NE(adaptive.evaluations.function, standard.evaluations.function);
  EXPECT_THROW(NelderMead{.adaptive_min_dimension = 0}.validate(), InvalidArgument);
}

TEST(NelderMead, TargetAndEvaluationLimitsOfTheDriverApply) {
  Stop stop;
  stop.f_target = 1e-3;
  Result r = minimize(rosenbrock(), vec({-1.2, 1.0}), NelderMead{}, stop);
  EXPECT_EQ(r.status, Status::target_reached) << r.message;
  EXPECT_LE(r.f, 1e-3);
  stop = Stop{};
  stop.max_evaluations = 30;
  r = minimize(rosenbrock(), vec({-1.2, 1.0}), NelderMead{}, stop);
  EXPECT_EQ(r.status, Status::max_evaluations) << r.message;
  EXPECT_LE(r.evaluations.function, 30 + 3);  // checked between iterations: one iteration may overrun
}

// The driver's f_abstol judges the simplex's f spread, not the best value's change (which is 0 in
// every iteration that only moves the worst vertex).
TEST(NelderMead, DriverFunctionToleranceSeesTheSimplexSpread) {
  Stop stop;
  stop.f_abstol = 1e-6;
  const Result r = minimize(rosenbrock(), vec({-1.2, 1.0}), NelderMead{}, stop);
  ASSERT_EQ(r.status, Status::converged_function) << r.message;
  EXPECT_NEAR(r.x[0], 1.0, 1e-2);
}

TEST(NelderMead, BoundsByProjection) {
  // min (x−2)² + (y+1)² on [0,1] × [0,1]: the corner (1, 0).
  Constraints c;
  c.bounds = {vec({0.0, 0.0}), vec({1.0, 1.0})};
  const Result r = minimize_constrained(shifted_quadratic(vec({2.0, -1.0}), vec({1.0, 1.0})), vec({0.5, 0.5}),
                                        c, NelderMead{});
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_NEAR(r.x[0], 1.0, 1e-8);
  EXPECT_NEAR(r.x[1], 0.0, 1e-8);
  EXPECT_NEAR(r.f, 2.0, 1e-8);
  EXPECT_EQ(r.evaluations.gradient, 0);
}

TEST(NelderMead, StartOutsideTheBoundsIsProjectedAndSaid) {
  Constraints c;
  c.bounds = {vec({-1.0, -1.0}), vec({0.5, 2.0})};
  const Result r = minimize_constrained(rosenbrock(), vec({3.0, 1.0}), c, NelderMead{});
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_NE(r.message.find("x0[0] = 3 -> 0.5"), std::string::npos) << r.message;
  EXPECT_NEAR(r.x[0], 0.5, 1e-6);  // bound active: min over y of 100(y − x²)² + (1 − x)² at x = 0.5
  EXPECT_NEAR(r.x[1], 0.25, 1e-5);
  EXPECT_NEAR(r.f, 0.25, 1e-9);
}

TEST(NelderMead, BoundsOfZeroWidthFixTheVariable) {
  Constraints c;
  c.bounds = {vec({-5.0, 2.0, -5.0}), vec({5.0, 2.0, 5.0})};  // y fixed at 2
  const Result r = minimize_constrained(shifted_quadratic(vec({1.0, -1.0, 3.0}), vec({1.0, 1.0, 1.0})),
                                        vec({0.0, 0.0, 0.0}), c, NelderMead{});
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_EQ(r.x[1], 2.0);
  EXPECT_NEAR(r.x[0], 1.0, 1e-6);
  EXPECT_NEAR(r.x[2], 3.0, 1e-6);
  EXPECT_NEAR(r.f, 9.0, 1e-10);
}

TEST(NelderMead, EveryVariableFixedEvaluatesOnce) {
  Constraints c;
  c.bounds = {vec({1.0, 2.0}), vec({1.0, 2.0})};
  const Result r = minimize_constrained(rosenbrock(), vec({0.0, 0.0}), c, NelderMead{});
  EXPECT_EQ(r.status, Status::converged_step) << r.message;
  EXPECT_EQ(r.x, vec({1.0, 2.0}));
  EXPECT_DOUBLE_EQ(r.f, 100.0 * 1.0 + 0.0);
  EXPECT_EQ(r.evaluations.function, 1);
  EXPECT_NE(r.message.find("fixed by its bounds"), std::string::npos) << r.message;
}

TEST(NelderMead, DegenerateInitialSimplexIsRebuiltAndSaid) {
  NelderMead nm;
  nm.initial_simplex = Matrix::Constant(2, 2, 0.0);  // both extra vertices equal x0: all points equal
  const Result r = minimize(rosenbrock(), vec({0.0, 0.0}), nm);
  ASSERT_EQ(r.status, Status::converged_step) << r.message;
  EXPECT_NEAR(r.x[0], 1.0, 1e-6);
  EXPECT_NE(r.message.find("initial simplex was degenerate"), std::string::npos) << r.message;
}

TEST(NelderMead, GivenInitialSimplexOfTheWrongSizeIsInvalidInput) {
  NelderMead nm;
  nm.initial_simplex = Matrix::Identity(3, 3);
  const Result r = minimize(rosenbrock(), vec({0.0, 0.0}), nm);
  EXPECT_EQ(r.status, Status::invalid_input);
  EXPECT_NE(r.message.find("initial_simplex is 3x3"), std::string::npos) << r.message;
}

// A simplex squeezed flat against a bound face: the projection puts every trial vertex on the face
// x = 0, so without a restart the search can no longer move along x. The optimum is at x = 0.3.
TEST(NelderMead, SimplexFlattenedOnABoundFaceIsRebuilt) {
  Constraints c;
  c.bounds = {vec({0.0, -10.0}), vec({10.0, 10.0})};
  NelderMead nm;
  nm.initial_simplex = vec({0.0, 0.0, 1.0, 2.0}).reshaped(2, 2);  // vertices (0, 1), (0, 2): a line
  const Result r =
      minimize_constrained(shifted_quadratic(vec({0.3, 1.0}), vec({1.0, 1.0})), vec({0.0, 0.0}), c, nm);
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_NEAR(r.x[0], 0.3, 1e-6);
  EXPECT_NEAR(r.x[1], 1.0, 1e-6);
}

TEST(NelderMead, NaNInsideTheSimplexRanksWorst) {
  // f is NaN for x < 0: the search must keep to x ≥ 0 and still find the minimum at (0.5, 0.5).
  const Objective f = value_only([](const Vector& x) {
    return x[0] < 0 ? std::nan("") : std::pow(x[0] - 0.5, 2) + std::pow(x[1] - 0.5, 2);
  });
  const Result r = minimize(f, vec({0.0, 0.0}), NelderMead{});
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_NEAR(r.x[0], 0.5, 1e-6);
}

TEST(NelderMead, NonFiniteStartIsInvalidInput) {
  const Result r = minimize(rosenbrock(), vec({std::nan(""), 0.0}), NelderMead{});
  EXPECT_EQ(r.status, Status::invalid_input);
}

TEST(NelderMead, ObjectiveThatThrowsIsAFunctionError) {
  int calls = 0;
  const Objective f = value_only([&calls](const Vector& x) {
    if (++calls > 5) throw std::runtime_error("simulation crashed");
    return x.squaredNorm();
  });
  const Result r = minimize(f, vec({1.0, 1.0}), NelderMead{});
  EXPECT_EQ(r.status, Status::function_error);
  EXPECT_NE(r.message.find("simulation crashed"), std::string::npos) << r.message;
}

TEST(NelderMead, GeneralConstraintsNeedTheAugmentedLagrangian) {
  Constraints c;
  c.inequalities.push_back(value_only([](const Vector& x) { return x[0] - 1.0; }));
  EXPECT_THROW(minimize_constrained(rosenbrock(), vec({0.0, 0.0}), c, NelderMead{}), InvalidArgument);
}

}  // namespace
}  // namespace minima
