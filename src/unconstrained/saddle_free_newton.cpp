#include "minima/unconstrained/saddle_free_newton.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {
namespace {

class SaddleFreeNewtonMethod final : public IterativeMethod {
 public:
  explicit SaddleFreeNewtonMethod(const SaddleFreeNewton& settings)
      : settings_(settings), mu_(settings.mu0) {}

  bool uses_hessian() const override { return true; }
  std::string name() const override { return "saddle-free-newton"; }

  StepOutcome init(IterateState& /*state*/, CountedObjective& /*f*/) override {
    mu_ = settings_.mu0;
    return {};
  }

  StepOutcome step(IterateState& state, CountedObjective& f) override {
    if (!f.hessian(state.x, hessian_))
      return StepOutcome::stop(Status::non_finite_value, "the Hessian has a non-finite entry");
    eigen_.compute(hessian_);
    if (eigen_.info() != Eigen::Success)
      return StepOutcome::stop(Status::non_finite_value, "the Hessian's eigendecomposition failed");
    abs_lambda_ = eigen_.eigenvalues().cwiseAbs();
    g_eigen_ = eigen_.eigenvectors().transpose() * state.g;  // ∇f in the eigenbasis, once per iteration

    double last_change = std::numeric_limits<double>::quiet_NaN();
    while (mu_ <= settings_.mu_max) {
      // p = −V (|Λ| + μI)⁻¹ Vᵀ∇f and ∇fᵀp = −Σ (Vᵀ∇f)ᵢ² / (|λᵢ| + μ) < 0.
      scaled_ = g_eigen_.array() / (abs_lambda_.array() + mu_);
      step_.noalias() = -eigen_.eigenvectors() * scaled_;
      const double slope = -g_eigen_.dot(scaled_);
      trial_x_ = state.x + step_;
      const double f_new = f.value_gradient(trial_x_, trial_g_);
      if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
      last_change = f_new - state.f;
      if (std::isfinite(f_new) && f_new <= state.f + settings_.sufficient_decrease * slope) {
        const double step_norm = step_.lpNorm<Eigen::Infinity>();
        const double mu_used = mu_;
        state.x.swap(trial_x_);
        state.g.swap(trial_g_);
        state.f = f_new;
        mu_ = std::max(mu_ / settings_.decrease, settings_.mu_min);
        return StepOutcome::accepted(step_norm, mu_used);
      }
      mu_ *= settings_.increase;  // not enough decrease (or a non-finite value): damp harder
    }
    return StepOutcome::stop(Status::line_search_failed,
                             fmt::format("damping μ exceeded mu_max = {:.3g} without a sufficient decrease "
                                         "(last f(x + p) − f(x) = {:.3g})",
                                         settings_.mu_max, last_change));
  }

 private:
  SaddleFreeNewton settings_;
  double mu_;
  Matrix hessian_;
  Eigen::SelfAdjointEigenSolver<Matrix> eigen_;
  Vector abs_lambda_, g_eigen_, scaled_, step_, trial_x_, trial_g_;
};

void require(bool ok, const char* field, double value, const char* rule) {
  if (!ok)
    throw InvalidArgument(fmt::format("SaddleFreeNewton::{} = {}: must satisfy {}", field, value, rule));
}

}  // namespace

void SaddleFreeNewton::validate() const {
  require(mu_min > 0.0 && std::isfinite(mu_min), "mu_min", mu_min, "0 < mu_min < inf");
  require(mu_max > mu_min && std::isfinite(mu_max), "mu_max", mu_max, "mu_min < mu_max < inf");
  require(mu0 >= mu_min && mu0 <= mu_max, "mu0", mu0, "mu_min <= mu0 <= mu_max");
  require(increase > 1.0 && std::isfinite(increase), "increase", increase, "1 < increase < inf");
  require(decrease > 1.0 && std::isfinite(decrease), "decrease", decrease, "1 < decrease < inf");
  require(sufficient_decrease > 0.0 && sufficient_decrease < 1.0, "sufficient_decrease", sufficient_decrease,
          "0 < sufficient_decrease < 1");
}

std::unique_ptr<IterativeMethod> make_iterative_method(const SaddleFreeNewton& method) {
  method.validate();
  return std::make_unique<SaddleFreeNewtonMethod>(method);
}

}  // namespace minima
