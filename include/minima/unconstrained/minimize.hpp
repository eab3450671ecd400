// minimize: the one entry point for smooth unconstrained minimization (DESIGN.md, STYLE lesson 2).
//
//   Result r = minimize(objective, x0, Lbfgs{.memory = 10});
//   Result r = minimize(objective, x0, method_from_name("trust-region-dogleg"), Stop{.g_abstol = 1e-10});
//
// A method is a value: one of the plain structs below (each documents its defaults), or a name from
// the registry that the CLI and bindings share. Methods that need a Hessian (Newton, saddle-free
// Newton, trust region) get one by central differences of the gradient when the objective has none
// (each Hessian evaluation then costs 2n gradient evaluations, counted as one Hessian).
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "minima/core/driver.hpp"
#include "minima/derivative_free/bobyqa.hpp"
#include "minima/derivative_free/nelder_mead.hpp"
#include "minima/unconstrained/bfgs.hpp"
#include "minima/unconstrained/conjugate_gradient.hpp"
#include "minima/unconstrained/gradient_descent.hpp"
#include "minima/unconstrained/lbfgs.hpp"
#include "minima/unconstrained/newton.hpp"
#include "minima/unconstrained/saddle_free_newton.hpp"
#include "minima/unconstrained/trust_region.hpp"

namespace minima {

using Method = std::variant<GradientDescent, Newton, SaddleFreeNewton, TrustRegion, Bfgs, Lbfgs,
                            ConjugateGradient, NelderMead, Bobyqa>;

/// True for the methods that evaluate the Hessian.
bool needs_hessian(const Method& method);
/// True for the methods that evaluate f alone (nelder-mead, bobyqa): they take bounds too
/// (minimize_constrained), and never ask the objective for a gradient.
bool is_derivative_free(const Method& method);
/// Throws InvalidArgument naming the field, value and rule.
void validate(const Method& method);

Result minimize(const Objective& objective, Vector x0, const Method& method, const Stop& stop = {},
                const Observer& observer = {});

/// With no method: bobyqa when the objective's gradient would come from finite differences (the
/// user gave values only, e.g. finite_difference(f)) and n ≤ kBobyqaDefaultMaxDimension; else trust
/// region (Steihaug-CG) when the objective has a Hessian and n ≤ kHessianDefaultMaxDimension; else
/// L-BFGS (Optim.jl's fallback rule,
/// which takes Nelder–Mead for values alone). Measured on the Moré–Wild data profiles
/// (bench/README.md): bobyqa's profile lies above the trust region on finite-difference Hessians
/// (the rule before) by 0.44–0.58 of the problems on average over the budgets, above nelder-mead by
/// 0.08–0.24 and above L-BFGS on central differences by 0.02–0.06, at every tolerance; L-BFGS
/// passes it by at most 3 of the 53 problems at budgets beyond about 40(n + 1) evaluations.
Result minimize(const Objective& objective, Vector x0, const Stop& stop = {}, const Observer& observer = {});

/// The largest n at which the default for value-only objectives is bobyqa: the largest n of the
/// Moré–Wild set that measured it; above, the rule before stays (bobyqa's dense O(n³) algebra per
/// evaluation and its 2n + 1 start points were not measured there).
inline constexpr Index kBobyqaDefaultMaxDimension = 12;

/// The largest n at which the default with a Hessian is the trust region: its dense n×n Hessian
/// takes 8 MB at n = 1000 and 8 TB at 10⁶ (where the rule would only fail the memory check), and
/// each Hessian evaluation and CG product costs O(n²). Set by that memory, not by a measurement of
/// where L-BFGS starts to win.
inline constexpr Index kHessianDefaultMaxDimension = 1000;

/// A named configuration of a method: the registry the CLI, demo and bindings share.
struct MethodInfo {
  std::string name;         ///< kebab-case, e.g. "lbfgs"
  std::string description;  ///< one line
  Method method;
};
const std::vector<MethodInfo>& method_registry();
/// Throws InvalidArgument listing the known names when `name` is unknown.
Method method_from_name(std::string_view name);

/// The method minimize() without one runs (the rule above) for this objective and dimension, with
/// its registry name ("bobyqa", "trust-region-cg" or "lbfgs"). A `stop` that sets Stop::g_abstol
/// asks for a gradient test, which bobyqa cannot honour: the rule then skips bobyqa (finite
/// differences give the gradient) rather than choose a method that would refuse the request.
MethodInfo default_method(const Objective& objective, Index dimension, const Stop& stop = {});

/// By name: "auto" is default_method(objective, x0.size()), any other name method_from_name(name).
/// Result::method is the registry name of the method that ran ("trust-region-cg" for "auto" on an
/// objective with a Hessian), so a caller can say what "auto" chose.
Result minimize(const Objective& objective, Vector x0, std::string_view method, const Stop& stop = {},
                const Observer& observer = {});

}  // namespace minima
