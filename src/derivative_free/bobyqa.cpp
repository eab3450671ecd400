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
      if (geometry_pending_) {
        geometry_pending_ = false;
        const Index far = farthest_point();
        if (distance(far) > 2.0 * delta_) {
          geometry_step(far, f);
          if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
          continue;
        }
      }
      const Vector d = trust_region_step();
      const double dnorm = d.norm();
      if (dnorm < 0.5 * rho_) {
        // The model promises little at this scale: mend a far point first, else reduce ρ.
        delta_ = 0.5 * delta_;
        if (delta_ <= 1.5 * rho_) delta_ = rho_;
        const Index far = farthest_point();
        if (distance(far) > 2.0 * delta_ && short_steps_++ < 3) {
          geometry_step(far, f);
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
      const Vector z = clamp(y_.col(kopt_) + d);
      const double predicted = -(gopt_.dot(d) + 0.5 * d.dot(hess_ * d));
      const double fz = evaluate(f, z);
      if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
      const double fopt = fval_[kopt_];
      const double ratio = predicted > 0 ? (fopt - fz) / predicted : -1.0;
      if (ratio <= 0.1)
        delta_ = std::min(0.5 * delta_, dnorm);
      else if (ratio <= 0.7)
        delta_ = std::max(0.5 * delta_, dnorm);
      else
        delta_ = std::max(0.5 * delta_, 2.0 * dnorm);
      if (delta_ <= 1.5 * rho_) delta_ = rho_;
      if (std::isfinite(fz)) {
        const Index t = point_to_replace(z, fz < fopt);
        if (!replace(t, z, fz, f)) return StepOutcome::stop(Status::function_error, f.failure_message());
      }
      if (ratio < 0.1) {
        const Index far = farthest_point();
        if (distance(far) > 2.0 * delta_) geometry_pending_ = true;
        // A step on the trust region's boundary can round to an ulp above ρ: without the slack,
        // a run at ρ = rho_end whose steps never decrease f would go on until the iteration limit.
        else if (std::max(delta_, dnorm) <= rho_ * (1 + 1e-12) && ratio <= 0.0 && !reduce_rho())
          return StepOutcome::stop(
              Status::converged_step,
              with_note(
                  fmt::format("trust radius rho = {:.3g} reached rho_end without further decrease", rho_)));
      }
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

  /// Truncated conjugate gradients for min gᵀd + ½dᵀGd, ‖d‖ ≤ Δ, lo ≤ x_opt + d ≤ hi: a variable
  /// that reaches its bound is fixed there and the iteration restarts (Powell's TRSBOX, §3).
  Vector trust_region_step() const {
    const Vector& x = y_.col(kopt_);
    Vector d = Vector::Zero(n_);
    std::vector<bool> fixed(static_cast<std::size_t>(n_), false);
    for (Index k = 0; k < n_; ++k)
      fixed[static_cast<std::size_t>(k)] =
          (x[k] <= lo_[k] && gopt_[k] > 0) || (x[k] >= hi_[k] && gopt_[k] < 0);
    auto masked = [&](Vector v) {
      for (Index k = 0; k < n_; ++k)
        if (fixed[static_cast<std::size_t>(k)]) v[k] = 0.0;
      return v;
    };
    Vector r = masked(-(gopt_ + hess_ * d));
    Vector p = r;
    double rr = r.squaredNorm();
    const double rr0 = rr;
    for (int it = 0; it < 2 * n_ + 2 && rr > 1e-24 * rr0 && rr > 0; ++it) {
      const Vector gp = hess_ * p;
      const double curvature = p.dot(gp);
      // Largest α with ‖d + αp‖ ≤ Δ.
      const double pp = p.squaredNorm(), dp = d.dot(p), dd = d.squaredNorm();
      const double disc = std::max(0.0, dp * dp + pp * (delta_ * delta_ - dd));
      const double alpha_tr = (std::sqrt(disc) - dp) / pp;
      double alpha_bd = kInf;
      Index hit = -1;
      for (Index k = 0; k < n_; ++k) {
        if (fixed[static_cast<std::size_t>(k)] || p[k] == 0.0) continue;
        const double room = p[k] > 0 ? hi_[k] - x[k] - d[k] : lo_[k] - x[k] - d[k];
        const double a = std::max(0.0, room / p[k]);
        if (a < alpha_bd) {
          alpha_bd = a;
          hit = k;
        }
      }
      const double alpha_cg = curvature > 0 ? rr / curvature : kInf;
      const double alpha = std::min({alpha_cg, alpha_tr, alpha_bd});
      d += alpha * p;
      if (alpha == alpha_bd && alpha < alpha_tr && alpha < alpha_cg) {
        fixed[static_cast<std::size_t>(hit)] = true;
        d[hit] = (p[hit] > 0 ? hi_[hit] : lo_[hit]) - x[hit];
        r = masked(-(gopt_ + hess_ * d));
        p = r;
        rr = r.squaredNorm();
        if (d.norm() >= delta_ * (1.0 - 1e-12)) break;
        continue;
      }
      if (alpha == alpha_tr) break;  // on the trust-region boundary
      const Vector r_new = masked(r - alpha * gp);
      const double rr_new = r_new.squaredNorm();
      p = r_new + (rr_new / rr) * p;
      p = masked(p);
      r = r_new;
      rr = rr_new;
    }
    return d;
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
  Index point_to_replace(const Vector& z, bool z_is_better) {
    if (!factor_system(y_)) return farthest_point();
    const Vector w = w_vector(z);
    const Vector hw = inverse_ * w;
    const double uu = ((z - base_) / scale_).squaredNorm();
    const double beta = 0.5 * uu * uu - w.dot(hw);
    Index best = -1;
    double best_score = -1.0;
    for (Index t = 0; t < npt_; ++t) {
      if (t == kopt_ && !z_is_better) continue;
      const double sigma = inverse_(t, t) * beta + hw[t] * hw[t];
      const double dist2 = (y_.col(t) - y_.col(kopt_)).squaredNorm() / (delta_ * delta_);
      const double score = std::abs(sigma) * std::max(1.0, dist2 * dist2);
      if (score > best_score) {
        best_score = score;
        best = t;
      }
    }
    return best < 0 ? farthest_point() : best;
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
  void geometry_step(Index t, CountedObjective& f) {
    if (!factor_system(y_)) {
      rebuild(f);
      return;
    }
    const double radius = std::max(std::min(0.1 * distance(t), delta_), rho_) / scale_;
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
  bool geometry_pending_ = false;
  int short_steps_ = 0, rebuilds_ = 0;
  std::string note_;
};

}  // namespace

std::unique_ptr<IterativeMethod> make_iterative_method(const Bobyqa& method, Bounds bounds) {
  method.validate();
  return std::make_unique<BobyqaMethod>(method, std::move(bounds));
}

}  // namespace minima
