// "auto" and method names resolved for a problem (constrained/minimize_constrained.hpp,
// unconstrained/minimize.hpp): the rule the header states, and Result::method naming what ran.
#include <gtest/gtest.h>

#include <cmath>

#include "minima/constrained/minimize_constrained.hpp"
#include "minima/core/error.hpp"
#include "minima/numerics/finite_difference.hpp"
#include "minima/numerics/formula.hpp"
#include "minima/problems/constraint_formula.hpp"
#include "minima/unconstrained/minimize.hpp"

namespace minima {
namespace {

const std::vector<std::string> kXY{"x", "y"};

Objective rosenbrock() {
  return Formula::parse("100*(y-x^2)^2+(1-x)^2", kXY).objective();
}

Objective without_hessian(const Objective& f) {
  return Objective([f](const Vector& x, Vector* g) { return f(x, g); }, f.dimension());
}

TEST(ResolveMethod, AutoWithoutConstraintsIsMinimizesDefaultRule) {
  const Objective with_hessian = rosenbrock();
  ASSERT_TRUE(with_hessian.has_hessian());
  EXPECT_EQ(resolve_method("auto", with_hessian, {}, 2).name, "trust-region-cg");
  // A dense n×n Hessian beyond kHessianDefaultMaxDimension: L-BFGS instead.
  EXPECT_EQ(resolve_method("auto", with_hessian, {}, kHessianDefaultMaxDimension).name, "trust-region-cg");
  EXPECT_EQ(resolve_method("auto", with_hessian, {}, kHessianDefaultMaxDimension + 1).name, "lbfgs");
  EXPECT_EQ(resolve_method("auto", without_hessian(with_hessian), {}, 2).name, "lbfgs");
  const Objective values_only = finite_difference([](const Vector& x) { return x.squaredNorm(); }, 2);
  EXPECT_EQ(resolve_method("auto", values_only, {}, 2).name, "bobyqa");
  // A gradient tolerance asks for a gradient test, which bobyqa would refuse: auto leaves it out.
  const ResolvedMethod with_gtol = resolve_method("auto", values_only, {}, 2, Stop{.g_abstol = 1e-6});
  EXPECT_EQ(with_gtol.name, "trust-region-cg");  // the next rule: finite differences give a Hessian
  const Result r = minimize(values_only, Vector{{1.0, -2.0}}, "auto", Stop{.g_abstol = 1e-6});
  EXPECT_EQ(r.method, with_gtol.name);
  EXPECT_TRUE(r.converged()) << r.message;
  EXPECT_LE(r.gradient_norm, 1e-6);
  // Above bobyqa's dimension the rule goes on to the Hessian test (finite differences give one).
  ASSERT_TRUE(values_only.has_hessian());
  EXPECT_EQ(resolve_method("auto", values_only, {}, kBobyqaDefaultMaxDimension + 1).name, "trust-region-cg");
  // The same method minimize() without one runs.
  const Result by_name = minimize(with_hessian, Vector{{-1.2, 1.0}}, "auto");
  const Result by_default = minimize(with_hessian, Vector{{-1.2, 1.0}});
  EXPECT_EQ(by_name.method, "trust-region-cg");
  EXPECT_EQ(by_name.iterations, by_default.iterations);
  EXPECT_EQ(by_name.x, by_default.x);
}

TEST(ResolveMethod, AutoWithConstraintsFollowsTheConstrainedDefault) {
  Constraints bounds;
  bounds.bounds.upper = Vector::Constant(2, 0.5);
  EXPECT_EQ(resolve_method("auto", rosenbrock(), bounds, 2).name, "lbfgsb");
  Constraints general;
  add_constraint(general, "x^2+y^2 <= 1", kXY);
  EXPECT_EQ(resolve_method("auto", rosenbrock(), general, 2).name, "sqp");
  EXPECT_EQ(resolve_method("auto", rosenbrock(), general, kSqpDefaultMaxDimension).name, "sqp");
  EXPECT_EQ(resolve_method("auto", rosenbrock(), general, kSqpDefaultMaxDimension + 1).name,
            "augmented-lagrangian");
}

TEST(ResolveMethod, UnconstrainedNamesUnderConstraints) {
  Constraints bounds;
  bounds.bounds.lower = Vector::Zero(2);
  const ResolvedMethod nm = resolve_method("nelder-mead", rosenbrock(), bounds, 2);
  ASSERT_TRUE(std::holds_alternative<ConstrainedMethod>(nm.method));
  EXPECT_TRUE(std::holds_alternative<NelderMead>(std::get<ConstrainedMethod>(nm.method)));
  EXPECT_THROW(resolve_method("bfgs", rosenbrock(), bounds, 2), InvalidArgument);

  Constraints general;
  add_constraint(general, "x + y = 1", kXY);
  const ResolvedMethod al = resolve_method("bfgs", rosenbrock(), general, 2);
  EXPECT_EQ(al.name, "augmented-lagrangian (inner bfgs)");
  const auto& method = std::get<ConstrainedMethod>(al.method);
  ASSERT_TRUE(std::holds_alternative<AugmentedLagrangian>(method));
  EXPECT_TRUE(std::holds_alternative<Bfgs>(std::get<AugmentedLagrangian>(method).inner));
  general.bounds.lower = Vector::Zero(2);
  EXPECT_EQ(resolve_method("bfgs", rosenbrock(), general, 2).name,
            "augmented-lagrangian (inner lbfgsb: there are bounds)");
  EXPECT_THROW(resolve_method("no-such-method", rosenbrock(), general, 2), InvalidArgument);
}

TEST(ResolveMethod, MinimizeConstrainedByNameReportsTheMethodThatRan) {
  // min x + y on the unit disk: x = y = −1/√2.
  Constraints disk;
  add_constraint(disk, "x^2+y^2 <= 1", kXY);
  const Objective f = Formula::parse("x+y", kXY).objective();
  const Result r = minimize_constrained(f, Vector::Zero(2), disk, "auto");
  EXPECT_EQ(r.method, "sqp");
  EXPECT_TRUE(r.converged()) << r.message;
  EXPECT_NEAR(r.x[0], -1.0 / std::sqrt(2.0), 1e-8);
  const Result plain = minimize_constrained(rosenbrock(), Vector{{-1.2, 1.0}}, Constraints{}, "bfgs");
  EXPECT_EQ(plain.method, "bfgs");
  EXPECT_NEAR(plain.x[0], 1.0, 1e-6);
  // An unconstrained method handed constraints without resolving them is refused, not run blind.
  EXPECT_THROW(minimize_constrained(f, Vector::Zero(2), disk, ResolvedMethod{"lbfgs", Lbfgs{}}),
               InvalidArgument);
}

}  // namespace
}  // namespace minima
