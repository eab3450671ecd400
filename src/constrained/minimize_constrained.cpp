#include "minima/constrained/minimize_constrained.hpp"

#include <cmath>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {

void validate(const ConstrainedMethod& method) {
  std::visit([](const auto& m) { m.validate(); }, method);
}

namespace {

void check_constraint_dimensions(const Constraints& c, Index n) {
  auto check = [n](const std::vector<Objective>& list, const char* kind) {
    for (std::size_t i = 0; i < list.size(); ++i)
      if (list[i].dimension() != 0 && list[i].dimension() != n)
        throw InvalidArgument(fmt::format("{} constraint {} takes {} variables but the start point has {}",
                                          kind, i + 1, list[i].dimension(), n));
  };
  check(c.equalities, "equality");
  check(c.inequalities, "inequality");
}

/// " (x0[2] = 5 was outside the bounds and was projected to 1, ...)" or "".
std::string projection_note(const Vector& before, const Vector& after) {
  std::string list;
  int shown = 0, moved = 0;
  for (Index i = 0; i < before.size(); ++i) {
    if (before[i] == after[i]) continue;
    ++moved;
    if (shown < 3) {
      if (!list.empty()) list += ", ";
      list += fmt::format("x0[{}] = {:g} -> {:g}", i, before[i], after[i]);
      ++shown;
    }
  }
  if (moved == 0) return {};
  if (moved > shown) list += fmt::format(", ... ({} in all)", moved);
  std::string note = " (the start point was outside the bounds and was projected onto them: ";
  note += list;
  note += ")";
  return note;
}

}  // namespace

ConstrainedMethod default_constrained_method(const Constraints& constraints, Index dimension) {
  if (!constraints.has_general()) return Lbfgsb{};
  if (dimension <= kSqpDefaultMaxDimension) return Sqp{};
  return AugmentedLagrangian{};
}

Result minimize_constrained(const Objective& objective, Vector x0, const Constraints& constraints,
                            const ConstrainedMethod& method, const Stop& stop, const Observer& observer) {
  validate(method);
  stop.validate();
  const Index n = x0.size();
  constraints.bounds.validate(n);
  check_constraint_dimensions(constraints, n);
  if (constraints.has_general() && !std::holds_alternative<AugmentedLagrangian>(method) &&
      !std::holds_alternative<Sqp>(method))
    throw InvalidArgument(fmt::format(
        "{} handles bound constraints only; use the augmented Lagrangian or sqp for general constraints",
        std::holds_alternative<Lbfgsb>(method)       ? "lbfgsb"
        : std::holds_alternative<NelderMead>(method) ? "nelder-mead"
        : std::holds_alternative<Bobyqa>(method)     ? "bobyqa"
                                                     : "projected-gradient"));

  std::string note;
  if (x0.allFinite() && !constraints.bounds.empty()) {
    const Vector projected = constraints.bounds.project(x0);
    note = projection_note(x0, projected);
    x0 = projected;
  }

  Result r;
  if (const auto* al = std::get_if<AugmentedLagrangian>(&method)) {
    r = minimize_augmented_lagrangian(objective, std::move(x0), constraints, *al, stop, observer);
  } else if (const auto* sqp = std::get_if<Sqp>(&method)) {
    r = minimize_sqp(objective, std::move(x0), constraints, *sqp, stop, observer);
  } else {
    std::unique_ptr<IterativeMethod> impl;
    const bool derivative_free =
        std::holds_alternative<NelderMead>(method) || std::holds_alternative<Bobyqa>(method);
    if (const auto* pg = std::get_if<ProjectedGradient>(&method))
      impl = make_projected_method(*pg, constraints.bounds.expanded(n));
    else if (const auto* nm = std::get_if<NelderMead>(&method))
      impl = make_iterative_method(*nm, constraints.bounds);
    else if (const auto* bq = std::get_if<Bobyqa>(&method))
      impl = make_iterative_method(*bq, constraints.bounds);
    else
      impl = make_bound_constrained_method(std::get<Lbfgsb>(method), constraints.bounds);
    r = run_iterations(objective, std::move(x0), *impl, stop, observer);
    // The KKT report needs ∇f: a derivative-free method's objective may have none worth asking for.
    if (!derivative_free && r.x.size() == n && r.x.allFinite() && r.status != Status::invalid_input &&
        r.status != Status::function_error) {
      try {
        r.kkt = kkt_report(objective, constraints, r.x);
      } catch (const std::exception&) {
        r.kkt.reset();
      }
    }
  }
  r.message += note;
  return r;
}

Result minimize_constrained(const Objective& objective, Vector x0, const Constraints& constraints,
                            const Stop& stop, const Observer& observer) {
  // The method first: x0.size() and the move of x0 into the call would be unsequenced arguments.
  const ConstrainedMethod method = default_constrained_method(constraints, x0.size());
  return minimize_constrained(objective, std::move(x0), constraints, method, stop, observer);
}

namespace {

std::string_view constrained_name(const ConstrainedMethod& method) {
  return std::holds_alternative<Sqp>(method)                   ? "sqp"
         : std::holds_alternative<AugmentedLagrangian>(method) ? "augmented-lagrangian"
         : std::holds_alternative<Lbfgsb>(method)              ? "lbfgsb"
         : std::holds_alternative<NelderMead>(method)          ? "nelder-mead"
         : std::holds_alternative<Bobyqa>(method)              ? "bobyqa"
                                                               : "projected-gradient";
}

}  // namespace

ResolvedMethod resolve_method(std::string_view name, const Objective& objective,
                              const Constraints& constraints, Index dimension, const Stop& stop) {
  const bool bounds = !constraints.bounds.empty(), general = constraints.has_general();
  if (name == "auto") {
    if (!bounds && !general) {
      MethodInfo m = default_method(objective, dimension, stop);
      return {std::move(m.name), std::move(m.method)};
    }
    ConstrainedMethod m = default_constrained_method(constraints, dimension);
    return {std::string(constrained_name(m)), std::move(m)};
  }
  if (is_constrained_method_name(name)) return {std::string(name), constrained_method_from_name(name)};
  Method inner = method_from_name(name);  // InvalidArgument listing the unconstrained names
  if (!bounds && !general) return {std::string(name), std::move(inner)};
  if (!general) {
    if (const auto* nm = std::get_if<NelderMead>(&inner)) return {std::string(name), ConstrainedMethod(*nm)};
    if (const auto* bq = std::get_if<Bobyqa>(&inner)) return {std::string(name), ConstrainedMethod(*bq)};
    throw InvalidArgument(fmt::format(
        "method '{}' does not handle bounds: use lbfgsb, projected-gradient, nelder-mead, bobyqa or "
        "augmented-lagrangian",
        name));
  }
  // A derivative-free inner method takes the bounds itself; the others hand them to lbfgsb.
  std::string label = bounds && !is_derivative_free(inner)
                          ? std::string("augmented-lagrangian (inner lbfgsb: there are bounds)")
                          : fmt::format("augmented-lagrangian (inner {})", name);
  AugmentedLagrangian al;
  al.inner = std::move(inner);
  return {std::move(label), std::move(al)};
}

Result minimize_constrained(const Objective& objective, Vector x0, const Constraints& constraints,
                            const ResolvedMethod& method, const Stop& stop, const Observer& observer) {
  Result r;
  if (const auto* m = std::get_if<Method>(&method.method)) {
    if (!constraints.bounds.empty() || constraints.has_general())
      throw InvalidArgument(
          fmt::format("method '{}' is unconstrained but the problem has constraints: "
                      "resolve the method with the constraints (resolve_method)",
                      method.name));
    r = minimize(objective, std::move(x0), *m, stop, observer);
  } else {
    r = minimize_constrained(objective, std::move(x0), constraints,
                             std::get<ConstrainedMethod>(method.method), stop, observer);
  }
  r.method = method.name;
  return r;
}

Result minimize_constrained(const Objective& objective, Vector x0, const Constraints& constraints,
                            std::string_view method, const Stop& stop, const Observer& observer) {
  const ResolvedMethod resolved = resolve_method(method, objective, constraints, x0.size(), stop);
  return minimize_constrained(objective, std::move(x0), constraints, resolved, stop, observer);
}

const std::vector<ConstrainedMethodInfo>& constrained_method_registry() {
  static const std::vector<ConstrainedMethodInfo> registry = {
      {"projected-gradient",
       "bounds: projected gradient, Barzilai-Borwein step, Armijo backtracking along the projection arc",
       ProjectedGradient{}},
      {"lbfgsb", "bounds: projected L-BFGS (m = 10) with an epsilon-active set (the L-BFGS-B job)", Lbfgsb{}},
      {"augmented-lagrangian",
       "g(x) = 0, h(x) <= 0 and bounds: augmented Lagrangian (PHR, ALGENCAN safeguards), L-BFGS/lbfgsb inner",
       AugmentedLagrangian{}},
      {"sqp",
       "g(x) = 0, h(x) <= 0 and bounds, small dense problems: SQP, damped BFGS, Goldfarb-Idnani QP, "
       "l1 merit with second-order correction, elastic mode",
       Sqp{}},
  };
  return registry;
}

ConstrainedMethod constrained_method_from_name(std::string_view name) {
  std::string known;
  for (const ConstrainedMethodInfo& m : constrained_method_registry()) {
    if (m.name == name) return m.method;
    if (!known.empty()) known += ", ";
    known += m.name;
  }
  throw InvalidArgument(fmt::format("unknown constrained method '{}' (known: {})", name, known));
}

bool is_constrained_method_name(std::string_view name) {
  for (const ConstrainedMethodInfo& m : constrained_method_registry())
    if (m.name == name) return true;
  return false;
}

}  // namespace minima
