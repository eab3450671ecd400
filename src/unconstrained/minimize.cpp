#include "minima/unconstrained/minimize.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "minima/core/error.hpp"
#include "minima/numerics/finite_difference.hpp"

namespace minima {

bool needs_hessian(const Method& method) {
  return std::holds_alternative<Newton>(method) || std::holds_alternative<SaddleFreeNewton>(method) ||
         std::holds_alternative<TrustRegion>(method);
}

bool is_derivative_free(const Method& method) {
  return std::holds_alternative<NelderMead>(method) || std::holds_alternative<Bobyqa>(method);
}

void validate(const Method& method) {
  std::visit([](const auto& m) { m.validate(); }, method);
}

Result minimize(const Objective& objective, Vector x0, const Method& method, const Stop& stop,
                const Observer& observer) {
  validate(method);
  auto impl = std::visit([](const auto& m) { return make_iterative_method(m); }, method);
  if (needs_hessian(method) && !objective.has_hessian())
    return run_iterations(with_finite_difference_hessian(objective), std::move(x0), *impl, stop, observer);
  return run_iterations(objective, std::move(x0), *impl, stop, observer);
}

MethodInfo default_method(const Objective& objective, Index dimension, const Stop& stop) {
  const char* name = "lbfgs";
  if (objective.gradient_source() == DerivativeSource::finite_difference &&
      dimension <= kBobyqaDefaultMaxDimension && stop.g_abstol == Stop{}.g_abstol)
    name = "bobyqa";
  else if (objective.has_hessian() && dimension <= kHessianDefaultMaxDimension)
    name = "trust-region-cg";
  for (const MethodInfo& m : method_registry())
    if (m.name == name) return m;
  throw std::logic_error("default_method: the registry has no method named the default");
}

Result minimize(const Objective& objective, Vector x0, const Stop& stop, const Observer& observer) {
  const MethodInfo chosen = default_method(objective, x0.size(), stop);
  return minimize(objective, std::move(x0), chosen.method, stop, observer);
}

Result minimize(const Objective& objective, Vector x0, std::string_view method, const Stop& stop,
                const Observer& observer) {
  const MethodInfo chosen = method == "auto" ? default_method(objective, x0.size(), stop)
                                             : MethodInfo{std::string(method), {}, method_from_name(method)};
  Result r = minimize(objective, std::move(x0), chosen.method, stop, observer);
  r.method = chosen.name;
  return r;
}

namespace {

GradientDescent gd_with(LineSearch search) {
  GradientDescent gd;
  gd.line_search = std::move(search);
  return gd;
}

GradientDescent gd_fixed(double step) {
  GradientDescent gd;
  gd.fixed_step = step;
  return gd;
}

TrustRegion trust_region(TrustRegion::Subproblem subproblem) {
  TrustRegion tr;
  tr.subproblem = subproblem;
  return tr;
}

ConjugateGradient cg(ConjugateGradient::Update update) {
  ConjugateGradient c;
  c.update = update;
  return c;
}

Newton newton_with_search() {
  Newton n;
  n.line_search = StrongWolfe{};
  n.modify_hessian = true;
  return n;
}

}  // namespace

const std::vector<MethodInfo>& method_registry() {
  static const std::vector<MethodInfo> registry = {
      {"gd-fixed", "gradient descent, fixed step x <- x - step*grad (default step 1e-3; --step)",
       gd_fixed(1e-3)},
      {"gd-armijo", "gradient descent with Armijo backtracking", gd_with(Backtracking{})},
      {"gd-golden", "gradient descent with golden-section (exact) line search", gd_with(GoldenSection{})},
      {"gd-wolfe", "gradient descent with a strong Wolfe line search (More-Thuente)", gd_with(StrongWolfe{})},
      {"newton", "Newton's method, pure steps; stops on a singular or indefinite Hessian", Newton{}},
      {"newton-wolfe",
       "Newton with a strong Wolfe line search; an indefinite Hessian gets its eigenvalues made positive",
       newton_with_search()},
      {"saddle-free-newton", "damped Newton with |H| + mu*I (eigenvalues made positive)", SaddleFreeNewton{}},
      {"trust-region-dogleg", "trust region, dogleg subproblem",
       trust_region(TrustRegion::Subproblem::dogleg)},
      {"trust-region-cg", "trust region, Steihaug-CG subproblem",
       trust_region(TrustRegion::Subproblem::steihaug_cg)},
      {"bfgs", "BFGS (dense inverse Hessian) with a strong Wolfe line search", Bfgs{}},
      {"lbfgs", "limited-memory BFGS (m = 10) with a strong Wolfe line search", Lbfgs{}},
      {"cg", "nonlinear conjugate gradient, Polak-Ribiere+",
       cg(ConjugateGradient::Update::polak_ribiere_plus)},
      {"cg-fr", "nonlinear conjugate gradient, Fletcher-Reeves",
       cg(ConjugateGradient::Update::fletcher_reeves)},
      {"cg-hz", "nonlinear conjugate gradient, Hager-Zhang", cg(ConjugateGradient::Update::hager_zhang)},
      {"nelder-mead",
       "no derivatives: Nelder-Mead simplex, Gao-Han adaptive coefficients, restarts when degenerate; "
       "bounds by projection",
       NelderMead{}},
      {"bobyqa",
       "no derivatives: Powell's BOBYQA, quadratic models from 2n+1 points in a trust region; bounds",
       Bobyqa{}},
  };
  return registry;
}

Method method_from_name(std::string_view name) {
  std::string known;
  for (const MethodInfo& m : method_registry()) {
    if (m.name == name) return m.method;
    if (!known.empty()) known += ", ";
    known += m.name;
  }
  throw InvalidArgument(fmt::format("unknown method '{}' (known: {})", name, known));
}

}  // namespace minima
