// minimize_constrained: the one entry point for constrained minimization, in the style of minimize
// (DESIGN.md, STYLE lesson 2):
//
//   Constraints c;
//   c.bounds = {.lower = Vector::Zero(n), .upper = Vector::Ones(n)};
//   c.inequalities.push_back(my_h);                       // h(x) ≤ 0
//   Result r = minimize_constrained(objective, x0, c);    // lbfgsb for bounds, else sqp (small n) or AL
//   r.kkt->stationarity, r.kkt->inequality_multipliers, ...
//
// A start point outside the bounds is projected onto them (said in Result::message). Every result
// carries a KKT report (Result::kkt) computed at x with the method's multipliers (estimated by least
// squares for the bound-constrained methods); the report's own evaluations are not counted.
// Invalid bounds (NaN, lower > upper, wrong size), constraints of the wrong dimension and a method
// that cannot handle the constraints throw InvalidArgument; numerical outcomes are a Status.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "minima/constrained/augmented_lagrangian.hpp"
#include "minima/constrained/kkt.hpp"
#include "minima/constrained/lbfgsb.hpp"
#include "minima/constrained/projected_gradient.hpp"
#include "minima/constrained/sqp.hpp"

namespace minima {

/// NelderMead and Bobyqa (no derivatives) handle bounds only, like ProjectedGradient and Lbfgsb.
using ConstrainedMethod =
    std::variant<ProjectedGradient, Lbfgsb, AugmentedLagrangian, Sqp, NelderMead, Bobyqa>;

/// Throws InvalidArgument naming the field, value and rule.
void validate(const ConstrainedMethod& method);

Result minimize_constrained(const Objective& objective, Vector x0, const Constraints& constraints,
                            const ConstrainedMethod& method, const Stop& stop = {},
                            const Observer& observer = {});

/// With no method: default_constrained_method(constraints, x0.size()).
Result minimize_constrained(const Objective& objective, Vector x0, const Constraints& constraints,
                            const Stop& stop = {}, const Observer& observer = {});

/// Up to this many variables, general constraints default to sqp (dense n×n algebra, O(n³) per QP
/// iteration); above it, to the augmented Lagrangian (L-BFGS inner, no n×n matrices).
inline constexpr Index kSqpDefaultMaxDimension = 50;

/// The default method: lbfgsb when there are only bounds; with general constraints sqp when
/// dimension ≤ kSqpDefaultMaxDimension, else the augmented Lagrangian. (On the Hock–Schittkowski set
/// sqp solves every problem the augmented Lagrangian solves, and HS 15 besides, with fewer
/// evaluations: tests/constrained/test_set_test.cpp, bench/README.md.)
ConstrainedMethod default_constrained_method(const Constraints& constraints, Index dimension);

/// A named configuration of a constrained method (the registry the CLI shares).
struct ConstrainedMethodInfo {
  std::string name;         ///< "projected-gradient", "lbfgsb", "augmented-lagrangian", "sqp"
  std::string description;  ///< one line
  ConstrainedMethod method;
};
const std::vector<ConstrainedMethodInfo>& constrained_method_registry();
/// Throws InvalidArgument listing the known names when `name` is unknown.
ConstrainedMethod constrained_method_from_name(std::string_view name);
/// True when `name` is in constrained_method_registry().
bool is_constrained_method_name(std::string_view name);

/// A method chosen by name for a problem, as it will run: an unconstrained Method (minimize) or a
/// ConstrainedMethod (minimize_constrained), and the name the result reports.
struct ResolvedMethod {
  std::string name;  ///< Result::method of the run, e.g. "sqp", "augmented-lagrangian (inner bfgs)"
  std::variant<Method, ConstrainedMethod> method;
};

/// The method `name` stands for on this problem (the one policy the CLI and the bindings share):
///   - "auto": without constraints, default_method(objective, dimension) (minimize's rule: bobyqa for
///     value-only objectives up to kBobyqaDefaultMaxDimension, trust-region-cg with a Hessian, else
///     lbfgs); with bounds only, lbfgsb; with general constraints, default_constrained_method (sqp up
///     to kSqpDefaultMaxDimension variables, else the augmented Lagrangian);
///   - a constrained method's name (constrained_method_registry()): that method;
///   - an unconstrained method's name (method_registry()): without constraints, that method;
///     nelder-mead and bobyqa take bounds themselves; with general constraints, the augmented
///     Lagrangian with that inner method (lbfgsb inside when there are bounds, unless the inner
///     method is derivative-free). With bounds alone, any other unconstrained method is an
///     InvalidArgument (it cannot honour them; the message names the methods that can).
/// Unknown names throw InvalidArgument listing the known ones. `stop` is the run's: "auto" passes it
/// to default_method (a set Stop::g_abstol keeps "auto" off bobyqa).
ResolvedMethod resolve_method(std::string_view name, const Objective& objective,
                              const Constraints& constraints, Index dimension, const Stop& stop = {});

/// Runs a resolved method: minimize() for a Method when there are no constraints, else
/// minimize_constrained(). Result::method is `method.name`.
Result minimize_constrained(const Objective& objective, Vector x0, const Constraints& constraints,
                            const ResolvedMethod& method, const Stop& stop = {},
                            const Observer& observer = {});

/// By name, "auto" included: resolve_method(name, objective, constraints, x0.size()), then the above.
Result minimize_constrained(const Objective& objective, Vector x0, const Constraints& constraints,
                            std::string_view method, const Stop& stop = {}, const Observer& observer = {});

}  // namespace minima
