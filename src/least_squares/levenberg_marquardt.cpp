// Levenberg–Marquardt with Moré's scaling, Nielsen's damping update and geodesic acceleration; see
// least_squares.hpp.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "levenberg_marquardt.hpp"

namespace minima::least_squares_detail {

LevenbergMarquardtIteration::LevenbergMarquardtIteration(ResidualCache& cache,
                                                         const LevenbergMarquardt& settings)
    : LeastSquaresIteration(cache), s_(settings) {}

void LevenbergMarquardtIteration::update_scaling(bool first) {
  const Index n = jacobian_.cols();
  if (first) scale_.setOnes(n);
  for (Index j = 0; j < n; ++j) {
    const double c = jacobian_.col(j).norm();
    switch (s_.scaling) {
      case DampingScaling::more:
        scale_[j] = first ? (c > 0 ? c : 1.0) : std::max(scale_[j], c);
        break;
      case DampingScaling::marquardt:
        scale_[j] = c > 0 ? c : 1.0;
        break;
      case DampingScaling::identity:
        scale_[j] = 1.0;
        break;
    }
  }
}

void LevenbergMarquardtIteration::factorize() {
  const Index m = jacobian_.rows(), n = jacobian_.cols();
  const Index k = std::min(m, n);
  if (s_.linear_solver == LinearSolver::cholesky) {
    normal_.noalias() = jacobian_.transpose() * jacobian_;
    jtr_.noalias() = jacobian_.transpose() * r_;
  }
  // QR of J, always: the Cholesky path falls back to it.
  qr_.compute(jacobian_);
  r_factor_.setZero(n, n);
  r_factor_.topRows(k) = qr_.matrixQR().topRows(k).template triangularView<Eigen::Upper>();
  work_m_ = r_;
  work_m_.applyOnTheLeft(qr_.householderQ().adjoint());
  qtr_.setZero(n);
  qtr_.head(k) = work_m_.head(k);
}

bool LevenbergMarquardtIteration::solve(double mu) {
  const Index n = jacobian_.cols();
  if (s_.linear_solver == LinearSolver::cholesky) {
    damped_ = normal_;
    damped_.diagonal().array() += mu * scale_.array().square();
    llt_.compute(damped_);
    if (llt_.info() == Eigen::Success) {
      step_ = -llt_.solve(jtr_);
      if (step_.allFinite()) return true;
    }
  }
  // min ‖[R; √μ D] p + [Qᵀr; 0]‖ by a 2n×n QR.
  augmented_.setZero(2 * n, n);
  augmented_.topRows(n) = r_factor_;
  augmented_.bottomRows(n).diagonal() = std::sqrt(mu) * scale_;
  rhs_.setZero(2 * n);
  rhs_.head(n) = -qtr_;
  small_qr_.compute(augmented_);
  step_ = small_qr_.solve(rhs_);
  return step_.allFinite();
}

// a = −(JᵀJ + μD²)⁻¹ Jᵀ r_vv for the velocity v = step_, with the factorization of the last solve();
// r_vv ≈ (2/h) ((r(x + h v) − r(x)) / h − J v), one residual evaluation (Transtrum & Sethna, eq. 14).
bool LevenbergMarquardtIteration::acceleration(const Vector& x, CountedObjective& f) {
  const double h = s_.geodesic_h;
  trial_ = x + h * step_;
  f.value(trial_);
  if (f.failed()) return false;
  const Vector& r_h = cache_.r;  // the residuals of that evaluation
  if (!r_h.allFinite()) return false;
  rvv_.noalias() = jacobian_ * step_;
  rvv_ = (2.0 / h) * ((r_h - r_) / h - rvv_);
  const Index n = jacobian_.cols();
  const Index k = std::min(jacobian_.rows(), n);
  if (s_.linear_solver == LinearSolver::cholesky && llt_.info() == Eigen::Success) {
    accel_ = -llt_.solve(jacobian_.transpose() * rvv_);
  } else {
    rvv_.applyOnTheLeft(qr_.householderQ().adjoint());
    rhs_.setZero(2 * n);
    rhs_.head(k) = -rvv_.head(k);
    accel_ = small_qr_.solve(rhs_);
  }
  return accel_.allFinite();
}

StepOutcome LevenbergMarquardtIteration::init(IterateState& state, CountedObjective& /*f*/) {
  take_point(state.x);
  update_scaling(true);
  factorize();
  mu_ = s_.initial_damping;
  nu_ = 2.0;
  const double dx0 = (scale_.array() * state.x.array()).matrix().norm();
  radius_ = s_.initial_radius * (dx0 > 0 ? dx0 : 1.0);
  return {};
}

StepOutcome LevenbergMarquardtIteration::step(IterateState& state, CountedObjective& f) {
  if (pending_) return *pending_;
  if (auto converged = gradient_test(state.g, state.f, s_.g_costol)) return *converged;
  const double r2 = 2.0 * state.f;  // = ‖r‖² for the linear loss, 2F for a robust one
  for (;;) {
    if (!solve(mu_)) {
      if (!grow_damping()) return collapsed();
      continue;
    }
    double dx_norm = (scale_.array() * step_.array()).matrix().norm();
    // The step bound ‖Dp‖ ≤ Δ (Moré 1978 §2): raise μ until the step fits; no evaluations.
    bool fits = true;
    while (dx_norm > radius_) {
      mu_ *= 2.0;
      if (mu_ > s_.max_damping || !solve(mu_)) {
        fits = false;
        break;
      }
      dx_norm = (scale_.array() * step_.array()).matrix().norm();
    }
    if (!fits) return collapsed();
    const double x_norm = (scale_.array() * state.x.array()).matrix().norm();
    // Geodesic acceleration: v + a/2 when the correction is small beside v, else v.
    bool accelerated = false;
    if (s_.geodesic_acceleration && dx_norm > 0) {
      if (acceleration(state.x, f))
        accelerated = 2.0 * (scale_.array() * accel_.array()).matrix().norm() <= s_.geodesic_ratio * dx_norm;
      if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
    }
    // Predicted reduction of ‖r‖² by the linear model, without cancellation (Moré 1978, eq. 4.4):
    // ‖r‖² − ‖r + Jp‖² = ‖Jp‖² + 2μ‖Dp‖² for the solution p of the damped system.
    double jp2;
    if (s_.linear_solver == LinearSolver::cholesky)
      jp2 = step_.dot(normal_ * step_);
    else
      jp2 = (r_factor_.template triangularView<Eigen::Upper>() * step_).squaredNorm();
    const double predicted = jp2 + 2.0 * mu_ * dx_norm * dx_norm;
    velocity_ = step_;
    // The accelerated step first; when it fails, the plain step v before μ grows.
    double rho = 0.0;
    std::optional<StepOutcome> converged;
    for (bool with_acceleration = accelerated;; with_acceleration = false) {
      step_ = velocity_;
      if (with_acceleration) step_ += 0.5 * accel_;
      dx_norm = (scale_.array() * step_.array()).matrix().norm();
      trial_ = state.x + step_;
      const double f_trial = f.value(trial_);
      if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
      const double r2_trial = 2.0 * f_trial;
      const double actual =
          std::isfinite(r2_trial) ? r2 - r2_trial : -std::numeric_limits<double>::infinity();
      rho = predicted > 0 ? actual / predicted : (actual > 0 ? 1.0 : -1.0);
      if (rho <= 0 && with_acceleration) continue;

      if (s_.f_reltol > 0 && std::abs(actual) <= s_.f_reltol * r2 && predicted <= s_.f_reltol * r2 &&
          rho <= 2.0)
        converged = StepOutcome::stop(
            Status::converged_function,
            fmt::format("relative reduction of ‖r‖²: actual {:.3g}, predicted {:.3g} <= {:.3g}",
                        std::abs(actual) / r2, predicted / r2, s_.f_reltol));
      else if (s_.x_reltol > 0 && dx_norm <= s_.x_reltol * x_norm)
        converged = StepOutcome::stop(
            Status::converged_step,
            fmt::format("scaled step ‖Dp‖ = {:.3g} <= {:.3g} · ‖Dx‖", dx_norm, s_.x_reltol));
      break;
    }

    if (rho > 0) {
      const double step_norm = step_.lpNorm<Eigen::Infinity>();
      state.x.swap(trial_);
      state.f = f.value_gradient(state.x, state.g);
      if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
      take_point(state.x);
      update_scaling(false);
      factorize();
      mu_ *= std::max(1.0 / 3.0, 1.0 - std::pow(2.0 * rho - 1.0, 3));
      if (rho > 0.75) radius_ = std::max(radius_, 2.0 * dx_norm);
      nu_ = 2.0;
      pending_ = converged;
      return StepOutcome::accepted(step_norm, mu_);
    }
    if (converged) return *converged;
    radius_ = std::min(radius_, 0.5 * dx_norm);
    if (!grow_damping()) return collapsed();
  }
}

bool LevenbergMarquardtIteration::grow_damping() {
  mu_ *= nu_;
  nu_ *= 2.0;
  return mu_ <= s_.max_damping && std::isfinite(mu_);
}

StepOutcome LevenbergMarquardtIteration::collapsed() const {
  return StepOutcome::stop(
      Status::trust_region_collapsed,
      fmt::format("the damping μ = {:.3g} exceeds {:.3g} without an acceptable step", mu_, s_.max_damping));
}

}  // namespace minima::least_squares_detail
