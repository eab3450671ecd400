#include "minima/unconstrained/trust_region.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {
namespace {

/// The roots τ₋ ≤ 0 ≤ τ₊ of ‖z + τd‖ = Δ for ‖z‖ ≤ Δ (a quadratic with a non-positive constant term),
/// computed without cancellation.
std::pair<double, double> boundary_roots(const Vector& z, const Vector& d, double radius) {
  const double a = d.squaredNorm(), b = 2.0 * z.dot(d), c = z.squaredNorm() - radius * radius;
  const double disc = std::sqrt(std::max(b * b - 4.0 * a * c, 0.0));
  const double q = -0.5 * (b + std::copysign(disc, b));
  double r1 = q / a, r2 = q != 0.0 ? c / q : -r1;
  if (r1 > r2) std::swap(r1, r2);
  return {r1, r2};
}

class TrustRegionMethod final : public IterativeMethod {
 public:
  explicit TrustRegionMethod(const TrustRegion& settings)
      : settings_(settings), radius_(settings.initial_radius) {}

  bool uses_hessian() const override { return true; }
  std::string name() const override {
    return settings_.subproblem == TrustRegion::Subproblem::dogleg ? "trust-region-dogleg"
                                                                   : "trust-region-cg";
  }

  StepOutcome init(IterateState& /*state*/, CountedObjective& /*f*/) override {
    radius_ = settings_.initial_radius;
    return {};
  }

  StepOutcome step(IterateState& state, CountedObjective& f) override {
    if (!f.hessian(state.x, hessian_))
      return StepOutcome::stop(Status::non_finite_value, "the Hessian has a non-finite entry");
    if (settings_.subproblem == TrustRegion::Subproblem::dogleg) prepare_dogleg(state.g);

    double rho = std::numeric_limits<double>::quiet_NaN();
    for (;;) {
      if (settings_.subproblem == TrustRegion::Subproblem::dogleg) {
        dogleg(state.g);
      } else {
        steihaug_cg(state.g);
      }
      const double step_length = step_.norm();
      hp_.noalias() = hessian_ * step_;
      const double predicted = -(state.g.dot(step_) + 0.5 * step_.dot(hp_));  // m(0) − m(p)
      double f_new = std::numeric_limits<double>::quiet_NaN();
      if (predicted > 0.0) {
        trial_x_ = state.x + step_;
        f_new = f.value_gradient(trial_x_, trial_g_);
        if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
        // A non-finite value counts as a failed model (ρ = −inf): shrink. Near a solution both
        // decreases sink to the rounding level of f, where their ratio is noise; adding a few ulps of
        // f to both (Conn, Gould & Toint, Trust-Region Methods, 2000, §17.4.2) reads that as ρ ≈ 1.
        const double rounding = 10.0 * std::numeric_limits<double>::epsilon() * std::abs(state.f);
        rho = std::isfinite(f_new) ? (state.f - f_new + rounding) / (predicted + rounding)
                                   : -std::numeric_limits<double>::infinity();
      } else {
        rho = -std::numeric_limits<double>::infinity();  // no predicted decrease left (rounding)
      }

      if (rho < settings_.shrink_threshold) {
        radius_ = settings_.shrink_factor * std::min(radius_, step_length);
      } else if (rho > settings_.grow_threshold && step_length >= (1.0 - 1e-6) * radius_) {
        radius_ = std::min(settings_.grow_factor * radius_, settings_.max_radius);
      }
      if (rho > settings_.eta) {
        const double step_norm = step_.lpNorm<Eigen::Infinity>();
        state.x.swap(trial_x_);
        state.g.swap(trial_g_);
        state.f = f_new;
        return StepOutcome::accepted(step_norm, radius_);
      }
      const double spacing = std::numeric_limits<double>::epsilon() * state.x.lpNorm<Eigen::Infinity>();
      if (radius_ < settings_.min_radius || radius_ <= spacing)
        return StepOutcome::stop(
            Status::trust_region_collapsed,
            fmt::format("the trust radius {:.3g} fell below {:.3g} without an acceptable step (last ratio ρ "
                        "= {:.3g}, "
                        "predicted decrease {:.3g})",
                        radius_, std::max(settings_.min_radius, spacing), rho, predicted));
    }
  }

 private:
  // Per Hessian: the Newton step (if H is positive definite) and the curvature along −∇f.
  void prepare_dogleg(const Vector& g) {
    cholesky_.compute(hessian_);
    positive_definite_ = cholesky_.info() == Eigen::Success;
    if (positive_definite_) {
      newton_ = -cholesky_.solve(g);
      positive_definite_ = newton_.allFinite();
    }
    hp_.noalias() = hessian_ * g;
    g_curvature_ = g.dot(hp_);  // ∇fᵀH∇f
  }

  void dogleg(const Vector& g) {
    const double g_norm = g.norm();
    if (g_norm == 0.0) {
      step_.setZero(g.size());
      return;
    }
    if (!positive_definite_) {
      // Cauchy point (N&W 4.12): along −∇f to the model's minimizer or the boundary.
      double tau = 1.0;
      if (g_curvature_ > 0.0) tau = std::min(g_norm * g_norm * g_norm / (radius_ * g_curvature_), 1.0);
      step_ = -(tau * radius_ / g_norm) * g;
      return;
    }
    if (newton_.norm() <= radius_) {
      step_ = newton_;
      return;
    }
    // p_U: minimizer of the model along −∇f (g_curvature_ > 0 as H is positive definite).
    cauchy_ = -(g.squaredNorm() / g_curvature_) * g;
    if (cauchy_.norm() >= radius_) {
      step_ = -(radius_ / g_norm) * g;
      return;
    }
    // The point where p_U + s (p_B − p_U), s ∈ [0, 1], leaves the ball.
    diff_ = newton_ - cauchy_;
    const double s = boundary_roots(cauchy_, diff_, radius_).second;
    step_ = cauchy_ + std::clamp(s, 0.0, 1.0) * diff_;
  }

  void steihaug_cg(const Vector& g) {
    const Index n = g.size();
    const int max_iterations =
        settings_.cg_max_iterations > 0 ? settings_.cg_max_iterations : static_cast<int>(n);
    const double g_norm = g.norm();
    const double tolerance = std::min(0.5, std::sqrt(g_norm)) * g_norm;
    step_.setZero(n);  // z
    if (g_norm == 0.0) return;
    residual_ = g;  // r = H z + g
    direction_ = -g;
    double rr = residual_.squaredNorm();
    for (int j = 0; j < max_iterations; ++j) {
      hd_.noalias() = hessian_ * direction_;
      const double curvature = direction_.dot(hd_);
      if (curvature <= 0.0) {
        // Negative curvature: go to the boundary along ±d, whichever gives the lower model. Along
        // z + τd the model changes by τ (∇f + Hz)ᵀd + ½τ² dᵀHd.
        const auto [t_minus, t_plus] = boundary_roots(step_, direction_, radius_);
        const double slope = residual_.dot(direction_);
        auto model = [&](double t) { return t * slope + 0.5 * t * t * curvature; };
        step_ += (model(t_minus) < model(t_plus) ? t_minus : t_plus) * direction_;
        return;
      }
      const double alpha = rr / curvature;
      if ((step_ + alpha * direction_).norm() >= radius_) {
        step_ += boundary_roots(step_, direction_, radius_).second * direction_;
        return;
      }
      step_ += alpha * direction_;
      residual_ += alpha * hd_;
      const double rr_new = residual_.squaredNorm();
      if (std::sqrt(rr_new) < tolerance) return;
      direction_ = -residual_ + (rr_new / rr) * direction_;
      rr = rr_new;
    }
  }

  TrustRegion settings_;
  double radius_;
  Matrix hessian_;
  Eigen::LLT<Matrix> cholesky_;
  bool positive_definite_ = false;
  double g_curvature_ = 0.0;
  Vector newton_, cauchy_, diff_, step_, hp_, hd_, residual_, direction_, trial_x_, trial_g_;
};

void require(bool ok, const char* field, double value, const char* rule) {
  if (!ok) throw InvalidArgument(fmt::format("TrustRegion::{} = {}: must satisfy {}", field, value, rule));
}

}  // namespace

void TrustRegion::validate() const {
  require(min_radius > 0.0, "min_radius", min_radius, "0 < min_radius <= initial_radius");
  require(max_radius >= min_radius && !std::isnan(max_radius), "max_radius", max_radius,
          "max_radius >= min_radius");
  require(initial_radius >= min_radius && initial_radius <= max_radius, "initial_radius", initial_radius,
          "min_radius <= initial_radius <= max_radius");
  require(grow_threshold > 0.0 && grow_threshold < 1.0, "grow_threshold", grow_threshold,
          "shrink_threshold < grow_threshold < 1");
  require(shrink_threshold > 0.0 && shrink_threshold < grow_threshold, "shrink_threshold", shrink_threshold,
          "0 < shrink_threshold < grow_threshold");
  require(eta >= 0.0 && eta < shrink_threshold, "eta", eta, "0 <= eta < shrink_threshold");
  require(shrink_factor > 0.0 && shrink_factor < 1.0, "shrink_factor", shrink_factor,
          "0 < shrink_factor < 1");
  require(grow_factor > 1.0 && std::isfinite(grow_factor), "grow_factor", grow_factor,
          "1 < grow_factor < inf");
  require(cg_max_iterations >= 0, "cg_max_iterations", cg_max_iterations,
          "cg_max_iterations >= 0 (0 means n)");
}

std::unique_ptr<IterativeMethod> make_iterative_method(const TrustRegion& method) {
  method.validate();
  return std::make_unique<TrustRegionMethod>(method);
}

}  // namespace minima
