#include "minima/unconstrained/newton.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {
namespace {

class NewtonMethod final : public IterativeMethod {
 public:
  explicit NewtonMethod(const Newton& settings) : settings_(settings) {}

  bool uses_hessian() const override { return true; }
  bool escapes_negative_curvature() const override {
    return settings_.stop_on_indefinite || settings_.modify_hessian;
  }
  std::string name() const override { return "newton"; }

  StepOutcome init(IterateState& /*state*/, CountedObjective& /*f*/) override {
    phi_.reset();
    return {};
  }

  StepOutcome step(IterateState& state, CountedObjective& f) override {
    if (!f.hessian(state.x, hessian_))
      return StepOutcome::stop(Status::non_finite_value, "the Hessian has a non-finite entry");
    if (auto stop = solve_newton_system(state.g)) return *stop;

    if (!phi_ || bound_state_ != &state || &phi_->objective() != &f) {
      phi_.emplace(f, state.x, step_);
      bound_state_ = &state;
    }
    double alpha = 1.0;
    if (settings_.line_search) {
      const LineSearchResult r = line_search(*settings_.line_search, *phi_, state.f, state.g.dot(step_), 1.0);
      if (!r.ok) return StepOutcome::stop(Status::line_search_failed, r.message);
      alpha = r.alpha;
    } else {
      // The pure step; a NaN value there leaves the state at the last good point (±inf is accepted
      // and reported by the driver as divergence).
      double slope = 0.0;
      if (std::isnan(phi_->value_derivative(1.0, slope)))
        return StepOutcome::stop(Status::non_finite_value,
                                 "f = NaN at the Newton point x − H⁻¹∇f; stopped at the last finite point");
    }
    const double step_norm = alpha * step_.lpNorm<Eigen::Infinity>();
    phi_->accept(alpha, state);
    return StepOutcome::accepted(step_norm, alpha);
  }

 private:
  /// step_ = −H⁻¹g, or the reason there is none.
  std::optional<StepOutcome> solve_newton_system(const Vector& g) {
    const Index n = hessian_.rows();
    // Fast path: a well-conditioned positive definite H (the usual case near a minimizer).
    cholesky_.compute(hessian_);
    if (cholesky_.info() == Eigen::Success &&
        cholesky_.rcond() > n * std::numeric_limits<double>::epsilon()) {
      step_ = -cholesky_.solve(g);
      if (step_.allFinite()) return std::nullopt;
    }
    // Otherwise classify H by its eigenvalues (ascending) and solve in the eigenbasis.
    eigen_.compute(hessian_);
    if (eigen_.info() != Eigen::Success)
      return StepOutcome::stop(Status::non_finite_value, "the Hessian's eigendecomposition failed");
    const Vector& lambda = eigen_.eigenvalues();
    const double largest = lambda.cwiseAbs().maxCoeff();
    const double threshold = n * std::numeric_limits<double>::epsilon() * largest;
    const double smallest = lambda[0];
    const double smallest_abs = lambda.cwiseAbs().minCoeff();
    if (settings_.modify_hessian && (smallest < -threshold || smallest_abs <= threshold)) {
      // N&W §3.4: flip and floor the eigenvalues; a zero Hessian gives a (scaled) steepest descent.
      const double delta = std::max(std::sqrt(std::numeric_limits<double>::epsilon()) * largest, 1e-8);
      step_ = -(eigen_.eigenvectors() *
                (eigen_.eigenvectors().transpose() * g).cwiseQuotient(lambda.cwiseAbs().cwiseMax(delta)));
      return std::nullopt;
    }
    if (settings_.stop_on_indefinite && smallest < -threshold)
      return StepOutcome::stop(
          Status::indefinite_hessian,
          fmt::format(
              "the Hessian is not positive definite (smallest eigenvalue {:.6g}): the Newton step need not "
              "descend; use saddle-free-newton or a trust region",
              smallest));
    if (smallest_abs <= threshold)
      return StepOutcome::stop(
          Status::singular_hessian,
          fmt::format(
              "the Hessian is singular (smallest |eigenvalue| = {:.6g}, largest {:.6g}): the Newton step "
              "is undefined",
              smallest_abs, largest));
    step_ = -(eigen_.eigenvectors() * (eigen_.eigenvectors().transpose() * g).cwiseQuotient(lambda));
    return std::nullopt;
  }

  Newton settings_;
  Matrix hessian_;
  Eigen::LLT<Matrix> cholesky_;
  Eigen::SelfAdjointEigenSolver<Matrix> eigen_;
  Vector step_;
  std::optional<LineFunction> phi_;
  const IterateState* bound_state_ = nullptr;
};

}  // namespace

void Newton::validate() const {
  if (line_search) minima::validate(*line_search);
}

std::unique_ptr<IterativeMethod> make_iterative_method(const Newton& method) {
  method.validate();
  return std::make_unique<NewtonMethod>(method);
}

}  // namespace minima
