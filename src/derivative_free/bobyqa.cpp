// BOBYQA (see the header). Notation follows Powell (2009): npt = 2n + 1 interpolation points y_j,
// x_opt the best of them, the model Q(x_opt + d) = q_opt + gᵀd + ½ dᵀGd, the trust radius Δ and its
// lower bound ρ. All work is in the coordinates of the free variables.
#include "minima/derivative_free/bobyqa.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>
#include <Eigen/LU>

#include "free_variables.hpp"
#include "minima/core/error.hpp"
#include "minima/derivative_free/box_trust_region.hpp"

namespace minima {

void Bobyqa::validate() const {
  if (rho_begin && !(*rho_begin > 0.0 && std::isfinite(*rho_begin)))
    throw InvalidArgument(fmt::format("Bobyqa::rho_begin = {}: must be finite and > 0", *rho_begin));
  if (!(rho_end > 0.0 && std::isfinite(rho_end)))
    throw InvalidArgument(fmt::format("Bobyqa::rho_end = {}: must be finite and > 0", rho_end));
  if (rho_begin && rho_end > *rho_begin)
    throw InvalidArgument(
        fmt::format("Bobyqa::rho_end = {} > rho_begin = {}: must be <= rho_begin", rho_end, *rho_begin));
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

class BobyqaMethod final : public IterativeMethod {
 public:
  BobyqaMethod(const Bobyqa& settings, Bounds bounds) : settings_(settings), bounds_(std::move(bounds)) {}

  std::string name() const override { return "bobyqa"; }
  bool uses_gradient() const override { return false; }

  StepOutcome init(IterateState& state, CountedObjective& f) override {
    vars_ = detail::FreeVariables(bounds_, state.x);
    n_ = vars_.count();
    if (n_ == 0)
      return StepOutcome::stop(Status::converged_step,
                               "every variable is fixed by its bounds (lower = upper): nothing to search");
    npt_ = 2 * n_ + 1;
    lo_.resize(n_);
    hi_.resize(n_);
    double narrowest = kInf;
    for (Index k = 0; k < n_; ++k) {
      lo_[k] = vars_.lower(k);
      hi_[k] = vars_.upper(k);
      narrowest = std::min(narrowest, hi_[k] - lo_[k]);
    }
    const Vector z0 = vars_.reduce(state.x);
    rho_ = settings_.rho_begin.value_or(0.1 * std::max(1.0, z0.lpNorm<Eigen::Infinity>()));
    if (rho_ > 0.5 * narrowest) {
      note_ = fmt::format("rho_begin cut from {:.3g} to half the narrowest box width, {:.3g}", rho_,
                          0.5 * narrowest);
      rho_ = 0.5 * narrowest;
    }
    rho_end_ = std::min(settings_.rho_end, rho_);
    delta_ = rho_;
    const StepOutcome built = build_initial_set(z0, state.f, f);
    if (!built.ok) return built;
    publish(state);
    return {};
  }

  StepOutcome step(IterateState& state, CountedObjective& f) override {
    const long before = f.counts().function;
    while (f.counts().function == before) {
      if (far_check_) {
        // After a trust-region step that reduced f by less than a tenth of the prediction: mend the
        // farthest point if it lies beyond 2Δ (Powell: beyond max(2Δ, 10ρ); measured worse here,
        // bench/README.md).
        far_check_ = false;
        const Index far = farthest_point();
        const double dist = distance(far);
        if (dist > 2.0 * delta_) {
          geometry_step(far, std::max(std::min(0.1 * dist, delta_), rho_), f);
          if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
          continue;
        }
        // A step on the trust region's boundary can round to an ulp above ρ: without the slack,
        // a run at ρ = rho_end whose steps never decrease f would go on until the iteration limit.
        if (last_ratio_ > 0.0 || std::max(delta_, last_dnorm_) > rho_ * (1 + 1e-12)) continue;
        if (!reduce_rho())
          return StepOutcome::stop(
              Status::converged_step,
              with_note(
                  fmt::format("trust radius rho = {:.3g} reached rho_end without further decrease", rho_)));
        continue;
      }
      const Vector& x = y_.col(kopt_);
      const detail::BoxTrustRegionStep tr =
          detail::box_trust_region_step(gopt_, hess_, lo_ - x, hi_ - x, delta_);
      const Vector& d = tr.d;
      const double dnorm = std::min(delta_, d.norm());
      if (dnorm < 0.5 * rho_) {
        // The model promises little at this scale: mend a far point first (at most three times
        // running), else reduce ρ. (Powell's test of the model's last three errors against the
        // curvature, tried instead, measured worse: bench/README.md.)
        delta_ = 0.5 * delta_;
        if (delta_ <= 1.5 * rho_) delta_ = rho_;
        const Index far = farthest_point();
        if (distance(far) > 2.0 * delta_ && short_steps_++ < 3) {
          geometry_step(far, std::max(std::min(0.1 * distance(far), delta_), rho_), f);
          if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
          continue;
        }
        short_steps_ = 0;
        if (!reduce_rho())
          return StepOutcome::stop(
              Status::converged_step,
              with_note(fmt::format("trust radius rho = {:.3g} reached rho_end and no step of "
                                    "length rho/2 decreases the model",
                                    rho_)));
        continue;
      }
      short_steps_ = 0;
      const Vector z = clamp(x + d);
      const double predicted = -(gopt_.dot(d) + 0.5 * d.dot(hess_ * d));
      const double fz = evaluate(f, z);
      if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
      const double fopt = fval_[kopt_];
      const double ratio = predicted > 0 ? (fopt - fz) / predicted : -1.0;
      const double delta_before = delta_;
      if (ratio <= 0.1)
        delta_ = std::min(0.5 * delta_, dnorm);
      else if (ratio <= 0.7)
        delta_ = std::max(0.5 * delta_, dnorm);
      else
        delta_ = std::max(0.5 * delta_, 2.0 * dnorm);
      if (delta_ <= 1.5 * rho_) delta_ = rho_;
      if (std::isfinite(fz)) {
        const Index t = point_to_replace(z, fz < fopt, delta_before);
        if (!replace(t, z, fz, f)) return StepOutcome::stop(Status::function_error, f.failure_message());
        compare_with_least_norm_model();
      }
      last_ratio_ = ratio;
      last_dnorm_ = dnorm;
      if (ratio < 0.1) far_check_ = true;
    }
    const double f_old = state.f;
    const Vector x_old = state.x;
    publish(state);
    StepOutcome out = StepOutcome::accepted((state.x - x_old).lpNorm<Eigen::Infinity>(), delta_);
    if (state.f == f_old) out.f_change = kInf;  // no decrease in this iteration is not convergence
    return out;
  }

 private:
  double evaluate(CountedObjective& f, const Vector& z) {
    const double v = f.value(vars_.expand(z));
    return std::isnan(v) ? kInf : v;
  }
  Vector clamp(Vector z) const { return z.cwiseMax(lo_).cwiseMin(hi_); }
  double distance(Index j) const { return (y_.col(j) - y_.col(kopt_)).norm(); }
  Index farthest_point() const {
    Index far = 0;
    double best = -1.0;
    for (Index j = 0; j < npt_; ++j)
      if (const double dj = distance(j); dj > best) {
        best = dj;
        far = j;
      }
    return far;
  }

  void publish(IterateState& state) const {
    state.x = vars_.expand(y_.col(kopt_));
    state.f = fval_[kopt_];
  }

  std::string with_note(std::string message) const {
    if (!note_.empty()) message += "; " + note_;
    if (rebuilds_ > 0) message += fmt::format("; the interpolation set was rebuilt {} time(s)", rebuilds_);
    if (model_resets_ > 0)
      message +=
          fmt::format("; the model was replaced by the least-norm interpolant {} time(s)", model_resets_);
    return message;
  }

  /// Powell's initial set: z0 and z0 + h1 e_k, z0 + h2 e_k for each k, with h1 = ρ, h2 = −ρ where
  /// the box leaves room, else one-sided; the 3-point quadratic along each axis gives g_k and G_kk.
  StepOutcome build_initial_set(const Vector& z0, double f0, CountedObjective& f) {
    y_.resize(n_, npt_);
    fval_.resize(npt_);
    y_.col(0) = z0;
    fval_[0] = f0;
    Vector g(n_);
    hess_ = Matrix::Zero(n_, n_);
    for (Index k = 0; k < n_; ++k) {
      const double up = hi_[k] - z0[k], down = z0[k] - lo_[k];
      // The box is at least 2ρ wide, so one side has room ρ; the second step goes to the other side
      // when it has room ρ/2, else to 2ρ on the first side (three distinct points per axis).
      double h1 = rho_, h2 = -rho_;
      if (up < rho_) {
        h1 = -rho_;
        h2 = up >= 0.5 * rho_ ? up : -std::min(2.0 * rho_, down);
      } else if (down < rho_) {
        h2 = down >= 0.5 * rho_ ? -down : std::min(2.0 * rho_, up);
      }
      for (int side = 0; side < 2; ++side) {
        const Index j = 1 + 2 * k + side;
        Vector z = z0;
        z[k] = std::clamp(z0[k] + (side == 0 ? h1 : h2), lo_[k], hi_[k]);
        y_.col(j) = z;
        fval_[j] = evaluate(f, z);
        if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
      }
      const double a = y_(k, 1 + 2 * k) - z0[k], b = y_(k, 2 + 2 * k) - z0[k];
      const double fa = fval_[1 + 2 * k], fb = fval_[2 + 2 * k];
      if (!std::isfinite(fa) || !std::isfinite(fb))
        return StepOutcome::stop(
            Status::non_finite_value,
            fmt::format("f is not finite at an initial interpolation point (variable {})", vars_.index(k)));
      const double sa = (fa - f0) / a, sb = (fb - f0) / b;
      hess_(k, k) = 2.0 * (sa - sb) / (a - b);
      g[k] = sa - 0.5 * hess_(k, k) * a;
    }
    kopt_ = 0;
    for (Index j = 1; j < npt_; ++j)
      if (fval_[j] < fval_[kopt_]) kopt_ = j;
    gopt_ = g + hess_ * (y_.col(kopt_) - z0);
    return {};
  }

  /// Powell's safeguard against a model whose updates have kept a poor gradient: the quadratic of
  /// least Frobenius norm that interpolates the current data is formed after each trust-region
  /// step; when its gradient at x_opt (projected for the bounds) is smaller than the model's by a
  /// factor √10 three times running, it replaces the model.
  void compare_with_least_norm_model() {
    if (!factor_system(y_)) return;
    Vector rhs = Vector::Zero(npt_ + n_ + 1);
    for (Index j = 0; j < npt_; ++j) rhs[j] = fval_[j] - fval_[kopt_];
    const Vector sol = lu_.solve(rhs);
    if (!sol.allFinite()) return;
    const Vector g_fresh = sol.tail(n_) / scale_;
    const Vector& x = y_.col(kopt_);
    auto projected_sq = [&](const Vector& g) {
      double sum = 0.0;
      for (Index i = 0; i < n_; ++i) {
        const double gi = x[i] <= lo_[i] ? std::min(0.0, g[i]) : x[i] >= hi_[i] ? std::max(0.0, g[i]) : g[i];
        sum += gi * gi;
      }
      return sum;
    };
    if (projected_sq(gopt_) < 10.0 * projected_sq(g_fresh)) {
      poor_gradient_count_ = 0;
      return;
    }
    if (++poor_gradient_count_ < 3) return;
    poor_gradient_count_ = 0;
    ++model_resets_;
    gopt_ = g_fresh;
    hess_ = (u_ * sol.head(npt_).asDiagonal() * u_.transpose()) / (scale_ * scale_);
  }

  // --- the interpolation system, in coordinates u = (y − x_opt) / s centred on x_opt ---------------

  /// W = [A Xᵀ; X 0] with A_ij = ½(u_iᵀu_j)², X = [1ᵀ; U]; returns false if it cannot be factored.
  bool factor_system(const Matrix& y) {
    base_ = y_.col(kopt_);
    scale_ = 0.0;
    for (Index j = 0; j < npt_; ++j) scale_ = std::max(scale_, (y.col(j) - base_).norm());
    if (!(scale_ > 0)) return false;
    u_ = (y.colwise() - base_) / scale_;
    const Index dim = npt_ + n_ + 1;
    Matrix w = Matrix::Zero(dim, dim);
    const Matrix inner = u_.transpose() * u_;
    w.topLeftCorner(npt_, npt_) = 0.5 * inner.array().square().matrix();
    w.block(npt_, 0, 1, npt_).setOnes();
    w.block(npt_ + 1, 0, n_, npt_) = u_;
    w.block(0, npt_, npt_, 1).setOnes();
    w.block(0, npt_ + 1, npt_, n_) = u_.transpose();
    lu_.compute(w);
    if (!(std::abs(lu_.determinant()) > 0) || !std::isfinite(lu_.determinant())) return false;
    inverse_ = lu_.inverse();
    return inverse_.allFinite();
  }

  Vector w_vector(const Vector& z) const {
    const Vector u = (z - base_) / scale_;
    Vector w(npt_ + n_ + 1);
    w.head(npt_) = 0.5 * (u_.transpose() * u).array().square().matrix();
    w[npt_] = 1.0;
    w.tail(n_) = u;
    return w;
  }

  /// The point whose replacement by z keeps the system furthest from singular: max |σ_t| =
  /// |α_t β + τ_t²| (Powell's denominator), weighted by max(1, (dist/Δ)⁴) so far points go first.
  /// x_opt itself goes only when z is better.
  Index point_to_replace(const Vector& z, bool z_is_better, double delta_before) {
    if (!factor_system(y_)) return farthest_point();
    const Vector w = w_vector(z);
    const Vector hw = inverse_ * w;
    const double uu = ((z - base_) / scale_).squaredNorm();
    const double beta = 0.5 * uu * uu - w.dot(hw);
    // Largest weighted |σ_t|, distances from `centre` relative to `radius`; also the largest
    // weighted τ_t², against which a small σ is judged.
    auto choose = [&](const Vector& centre, double radius, bool include_kopt, double& score_out,
                      double& biggest_tau2) {
      Index best = -1;
      score_out = -1.0;
      biggest_tau2 = 0.0;
      for (Index t = 0; t < npt_; ++t) {
        if (t == kopt_ && !include_kopt) continue;
        const double sigma = inverse_(t, t) * beta + hw[t] * hw[t];
        const double dist2 = (y_.col(t) - centre).squaredNorm() / (radius * radius);
        const double weight = std::max(1.0, dist2 * dist2);
        if (weight * std::abs(sigma) > score_out) {
          score_out = weight * std::abs(sigma);
          best = t;
        }
        biggest_tau2 = std::max(biggest_tau2, weight * hw[t] * hw[t]);
      }
      return best;
    };
    double score = 0, tau2 = 0;
    // Powell's rule: before f(z) is known, the choice among the points other than x_opt, distances
    // from x_opt and the radius of the step; when z turns out better than x_opt, it becomes the
    // centre: distances from z, the updated radius, x_opt included — unless that choice's σ is
    // small against the largest τ² (then the first choice stands).
    const Index first = choose(y_.col(kopt_), delta_before, false, score, tau2);
    if (!z_is_better) return first < 0 ? farthest_point() : first;
    const Index second = choose(z, delta_, true, score, tau2);
    if (second < 0 || (score <= 0.5 * tau2 && first >= 0)) return first < 0 ? farthest_point() : first;
    return second;
  }

  /// Puts (z, fz) in place of point t and updates Q by the least-Frobenius-norm change that
  /// interpolates the new set. A singular system rebuilds the set around x_opt instead.
  bool replace(Index t, const Vector& z, double fz, CountedObjective& f) {
    const Vector d_new = z - y_.col(kopt_);
    const double residual = fz - (fval_[kopt_] + gopt_.dot(d_new) + 0.5 * d_new.dot(hess_ * d_new));
    Matrix y_next = y_;
    y_next.col(t) = z;
    Vector fval_next = fval_;
    fval_next[t] = fz;
    const Index kopt_old = kopt_;  // the solve is centred on the old x_opt even when t is that point
    if (!factor_system(y_next)) return rebuild(f);
    Vector rhs = Vector::Zero(npt_ + n_ + 1);
    rhs[t] = residual;
    const Vector sol = lu_.solve(rhs);
    if (!sol.allFinite()) return rebuild(f);
    const Vector lambda = sol.head(npt_);
    const double c = sol[npt_];
    const Vector gu = sol.tail(n_);
    // D(x) = c + guᵀu + ½ Σ λ_j (u_jᵀu)², u = (x − base)/s, base = old x_opt.
    const Matrix hess_d = (u_ * lambda.asDiagonal() * u_.transpose()) / (scale_ * scale_);
    hess_ += hess_d;
    gopt_ += gu / scale_;
    (void)c;  // D(x_opt): the model value at x_opt is f(x_opt) by interpolation
    y_ = std::move(y_next);
    fval_ = std::move(fval_next);
    Index kopt_new = kopt_old;
    if (t == kopt_old || fz < fval_[kopt_old]) {
      kopt_new = t;
      for (Index j = 0; j < npt_; ++j)
        if (fval_[j] < fval_[kopt_new]) kopt_new = j;
    }
    if (kopt_new != kopt_old) {
      const Vector shift = y_.col(kopt_new) - base_;
      gopt_ += hess_ * shift;
      kopt_ = kopt_new;
    }
    return true;
  }

  /// A fresh initial set around x_opt with the current ρ (when the system became singular).
  bool rebuild(CountedObjective& f) {
    ++rebuilds_;
    const Vector z0 = y_.col(kopt_);
    const double f0 = fval_[kopt_];
    const StepOutcome built = build_initial_set(z0, f0, f);
    return built.ok && !f.failed();
  }

  /// Moves point t to where |ℓ_t| is largest within distance max(min(0.1 dist, Δ), ρ) of x_opt and
  /// in the box: along the lines through x_opt and the other points, and along ±∇ℓ_t projected on
  /// the box (Powell's ALTMOV, §5).
  void geometry_step(Index t, double step_radius, CountedObjective& f) {
    if (!factor_system(y_)) {
      rebuild(f);
      return;
    }
    const double radius = step_radius / scale_;
    const Vector lambda = inverse_.col(t).head(npt_);
    const Vector g = inverse_.col(t).tail(n_);  // ∇ℓ_t at x_opt (u = 0), scaled
    const Vector lo = (lo_ - base_) / scale_, hi = (hi_ - base_) / scale_;
    // ℓ_t(αv) = α gᵀv + ½α² Σ λ_j (u_jᵀv)² (ℓ_t(x_opt) = 0 for t ≠ kopt).
    double best_value = -1.0;
    Vector best_u;
    auto try_line = [&](const Vector& v) {
      const double vn = v.norm();
      if (!(vn > 0)) return;
      double a_lo = -radius / vn, a_hi = radius / vn;
      for (Index k = 0; k < n_; ++k) {
        if (v[k] > 0) {
          a_hi = std::min(a_hi, hi[k] / v[k]);
          a_lo = std::max(a_lo, lo[k] / v[k]);
        } else if (v[k] < 0) {
          a_hi = std::min(a_hi, lo[k] / v[k]);
          a_lo = std::max(a_lo, hi[k] / v[k]);
        }
      }
      const double slope = g.dot(v);
      const double curv = (lambda.array() * (u_.transpose() * v).array().square()).sum();
      auto value = [&](double a) { return std::abs(a * slope + 0.5 * a * a * curv); };
      double cands[3] = {a_lo, a_hi, curv != 0 ? -slope / curv : 0.0};
      for (int i = 0; i < 3; ++i) {
        const double a = cands[i];
        if (!(a >= a_lo && a <= a_hi) || a == 0.0) continue;
        if (const double v_abs = value(a); v_abs > best_value) {
          best_value = v_abs;
          best_u = a * v;
        }
      }
    };
    for (Index j = 0; j < npt_; ++j)
      if (j != kopt_) try_line(u_.col(j));
    Vector pg = g;
    for (Index k = 0; k < n_; ++k)
      if ((lo[k] >= 0 && pg[k] < 0) || (hi[k] <= 0 && pg[k] > 0)) pg[k] = 0.0;
    try_line(pg);
    if (best_value < 0) return;
    const Vector z = clamp(base_ + scale_ * best_u);
    const double fz = evaluate(f, z);
    if (f.failed() || !std::isfinite(fz)) return;
    replace(t, z, fz, f);
  }

  /// Powell's ρ schedule; false when ρ is already rho_end.
  bool reduce_rho() {
    if (rho_ <= rho_end_) return false;
    const double old = rho_;
    const double ratio = rho_ / rho_end_;
    rho_ = ratio <= 16.0 ? rho_end_ : ratio <= 250.0 ? std::sqrt(rho_ * rho_end_) : 0.1 * rho_;
    delta_ = std::max(0.5 * old, rho_);
    return true;
  }

  Bobyqa settings_;
  Bounds bounds_;
  detail::FreeVariables vars_;
  Index n_ = 0, npt_ = 0, kopt_ = 0;
  Vector lo_, hi_;
  double rho_ = 0.0, rho_end_ = 0.0, delta_ = 0.0;
  Matrix y_;     ///< interpolation points, one per column
  Vector fval_;  ///< f at each point
  Vector gopt_;  ///< ∇Q(x_opt)
  Matrix hess_;  ///< ∇²Q
  Vector base_;  ///< centre of the scaled system (x_opt when it was factored)
  double scale_ = 1.0;
  Matrix u_, inverse_;
  Eigen::PartialPivLU<Matrix> lu_;
  bool far_check_ = false;  ///< the last trust-region step was poor: check the farthest point
  double last_ratio_ = 0.0, last_dnorm_ = 0.0;
  int rebuilds_ = 0, short_steps_ = 0, poor_gradient_count_ = 0, model_resets_ = 0;
  std::string note_;
};

}  // namespace

std::unique_ptr<IterativeMethod> make_iterative_method(const Bobyqa& method, Bounds bounds) {
  method.validate();
  return std::make_unique<BobyqaMethod>(method, std::move(bounds));
}

}  // namespace minima
