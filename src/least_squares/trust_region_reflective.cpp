// The trust-region reflective method for bounds, as scipy.optimize.least_squares' `trf` (its
// trf_bounds and the helpers of _lsq/common.py, with x_scale = 1 and the exact subproblem solver);
// see least_squares.hpp for the reference.
#include "trust_region_reflective.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/SVD>
#include <fmt/format.h>

namespace minima::least_squares_detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEps = std::numeric_limits<double>::epsilon();

/// The largest t with x + t s in the box, and for each component whether it is the one that
/// stops the step (sign of s there, 0 otherwise).
double step_to_bound(const Vector& x, const Vector& s, const Bounds& box, Vector* hits = nullptr) {
  double t_min = kInf;
  Vector steps = Vector::Constant(x.size(), kInf);
  for (Index i = 0; i < x.size(); ++i) {
    if (s[i] == 0.0) continue;
    steps[i] = std::max((box.lower[i] - x[i]) / s[i], (box.upper[i] - x[i]) / s[i]);
    t_min = std::min(t_min, steps[i]);
  }
  if (hits) {
    hits->setZero(x.size());
    for (Index i = 0; i < x.size(); ++i)
      if (steps[i] == t_min) (*hits)[i] = s[i] > 0 ? 1.0 : (s[i] < 0 ? -1.0 : 0.0);
  }
  return t_min;
}

/// The larger root t of ‖z + t s‖ = Δ (z inside the trust region, s ≠ 0).
double to_trust_region(const Vector& z, const Vector& s, double radius) {
  const double a = s.squaredNorm(), b = z.dot(s), c = z.squaredNorm() - radius * radius;
  const double d = std::sqrt(std::max(b * b - a * c, 0.0));
  const double q = -(b + std::copysign(d, b));
  if (q == 0.0) return 0.0;
  return std::max(q / a, c / q);
}

/// ½‖J s‖² + ½ sᵀ diag s + gᵀs.
double quadratic(const Matrix& j, const Vector& g, const Vector& s, const Vector& diag) {
  return 0.5 * ((j * s).squaredNorm() + s.dot(diag.cwiseProduct(s))) + g.dot(s);
}

/// The minimum of a t² + b t + c over [lo, hi]: t and the value.
std::pair<double, double> minimize_1d(double a, double b, double c, double lo, double hi) {
  double best_t = lo, best = lo * (a * lo + b) + c;
  auto consider = [&](double t) {
    const double y = t * (a * t + b) + c;
    if (y < best) best = y, best_t = t;
  };
  consider(hi);
  if (a != 0.0) {
    const double t = -0.5 * b / a;
    if (lo < t && t < hi) consider(t);
  }
  return {best_t, best};
}

/// x nudged off the bounds it touches (scipy's make_strictly_feasible with rstep = 0).
void strictly_feasible(Vector& x, const Bounds& box) {
  for (Index i = 0; i < x.size(); ++i) {
    const double lo = box.lower[i], hi = box.upper[i];
    if (x[i] <= lo)
      x[i] = std::nextafter(lo, hi);
    else if (x[i] >= hi)
      x[i] = std::nextafter(hi, lo);
    if (x[i] < lo || x[i] > hi) x[i] = 0.5 * (lo + hi);
  }
}

}  // namespace

void TrustRegionReflectiveIteration::scaling(const Vector& x, const Vector& g) {
  const Index n = x.size();
  v_.setOnes(n);
  dv_.setZero(n);
  for (Index i = 0; i < n; ++i) {
    if (g[i] < 0 && std::isfinite(box_.upper[i])) v_[i] = box_.upper[i] - x[i], dv_[i] = -1.0;
    if (g[i] > 0 && std::isfinite(box_.lower[i])) v_[i] = x[i] - box_.lower[i], dv_[i] = 1.0;
  }
}

double TrustRegionReflectiveIteration::stationarity(const IterateState& state) const {
  double worst = 0.0;
  for (Index i = 0; i < state.x.size(); ++i) {
    const double projected = std::clamp(state.x[i] - state.g[i], box_.lower[i], box_.upper[i]);
    worst = std::max(worst, std::abs(projected - state.x[i]));
  }
  return worst;
}

StepOutcome TrustRegionReflectiveIteration::init(IterateState& state, CountedObjective& /*f*/) {
  take_point(state.x);
  scaling(state.x, state.g);
  radius_ = (state.x.array() / v_.array().sqrt()).matrix().norm();
  if (!(radius_ > 0) || !std::isfinite(radius_)) radius_ = 1.0;
  alpha_ = 0.0;
  return {};
}

// Moré's iteration for the λ with ‖p(λ)‖ = Δ on the SVD U S Vᵀ of the augmented Jacobian
// (scipy's solve_lsq_trust_region, rtol 0.01, at most 10 iterations).
void TrustRegionReflectiveIteration::solve_subproblem(double radius) {
  const Index n = sv_.size();
  const Index m = jacobian_.rows();
  const Vector suf = sv_.cwiseProduct(uf_);
  const bool full_rank = m >= n && sv_[n - 1] > kEps * static_cast<double>(m) * sv_[0];
  if (full_rank) {
    p_h_ = -vt_.transpose() * uf_.cwiseQuotient(sv_);
    if (p_h_.norm() <= radius) {
      alpha_ = 0.0;
      return;
    }
  }
  auto phi = [&](double a, double& derivative) {
    const Eigen::ArrayXd denom = sv_.array().square() + a;
    const double p_norm = (suf.array() / denom).matrix().norm();
    derivative = -(suf.array().square() / denom.cube()).sum() / p_norm;
    return p_norm - radius;
  };
  double upper = suf.norm() / radius, lower = 0.0, derivative = 0.0;
  if (full_rank) lower = -phi(0.0, derivative) / derivative;
  double a = alpha_;
  if (!full_rank && a == 0.0) a = std::max(0.001 * upper, std::sqrt(lower * upper));
  for (int it = 0; it < 10; ++it) {
    if (a < lower || a > upper) a = std::max(0.001 * upper, std::sqrt(lower * upper));
    const double value = phi(a, derivative);
    if (value < 0) upper = a;
    const double ratio = value / derivative;
    lower = std::max(lower, a - ratio);
    a -= (value + radius) * ratio / radius;
    if (std::abs(value) < 0.01 * radius) break;
  }
  alpha_ = a;
  p_h_ = -vt_.transpose() * suf.cwiseQuotient((sv_.array().square() + a).matrix());
  const double norm = p_h_.norm();
  if (norm > 0) p_h_ *= radius / norm;
}

double TrustRegionReflectiveIteration::select_step(const Vector& x, const Vector& g_h, double radius,
                                                   double theta) {
  Vector p = d_.cwiseProduct(p_h_);
  Vector hits;
  const double p_stride = step_to_bound(x, p, box_, &hits);
  if (p_stride >= 1.0 || box_.contains(x + p)) {
    step_ = p;
    step_h_ = p_h_;
    return -quadratic(j_h_, g_h, p_h_, diag_h_);
  }
  // The reflection of the step at the first bound it crosses.
  Vector r_h = p_h_;
  for (Index i = 0; i < r_h.size(); ++i)
    if (hits[i] != 0.0) r_h[i] = -r_h[i];
  Vector r = d_.cwiseProduct(r_h);
  Vector ph = p_h_ * p_stride;
  p *= p_stride;
  const Vector x_on_bound = x + p;
  const double to_tr = to_trust_region(ph, r_h, radius);
  const double to_bound = step_to_bound(x_on_bound, r, box_);
  double r_stride = std::min(to_bound, to_tr);
  double r_lo = 0.0, r_hi = -1.0;
  if (r_stride > 0) {
    r_lo = (1.0 - theta) * p_stride / r_stride;
    r_hi = r_stride == to_bound ? theta * to_bound : to_tr;
  }
  double r_value = kInf;
  if (r_lo <= r_hi) {
    const Vector jr = j_h_ * r_h, jp = j_h_ * ph;
    const double a = 0.5 * (jr.squaredNorm() + r_h.dot(diag_h_.cwiseProduct(r_h)));
    const double b = g_h.dot(r_h) + jp.dot(jr) + ph.dot(diag_h_.cwiseProduct(r_h));
    const double c = 0.5 * (jp.squaredNorm() + ph.dot(diag_h_.cwiseProduct(ph))) + g_h.dot(ph);
    const auto [t, value] = minimize_1d(a, b, c, r_lo, r_hi);
    r_h = ph + t * r_h;
    r = d_.cwiseProduct(r_h);
    r_value = value;
  }
  // The step cut back to stay strictly inside.
  p *= theta;
  ph *= theta;
  const double p_value = quadratic(j_h_, g_h, ph, diag_h_);
  // The scaled steepest-descent direction, to the trust region or (strictly) to the nearest bound.
  Vector ag_h = -g_h;
  Vector ag = d_.cwiseProduct(ag_h);
  const double ag_to_tr = radius / ag_h.norm();
  const double ag_to_bound = step_to_bound(x, ag, box_);
  const double ag_max = ag_to_bound < ag_to_tr ? theta * ag_to_bound : ag_to_tr;
  const Vector jag = j_h_ * ag_h;
  const double a = 0.5 * (jag.squaredNorm() + ag_h.dot(diag_h_.cwiseProduct(ag_h)));
  const auto [ag_t, ag_value] = minimize_1d(a, g_h.dot(ag_h), 0.0, 0.0, ag_max);
  if (p_value < r_value && p_value < ag_value) {
    step_ = p, step_h_ = ph;
    return -p_value;
  }
  if (r_value < p_value && r_value < ag_value) {
    step_ = r, step_h_ = r_h;
    return -r_value;
  }
  step_ = ag * ag_t, step_h_ = ag_h * ag_t;
  return -ag_value;
}

StepOutcome TrustRegionReflectiveIteration::step(IterateState& state, CountedObjective& f) {
  if (pending_) return *pending_;
  const Index m = jacobian_.rows(), n = jacobian_.cols();
  scaling(state.x, state.g);
  const double g_norm = v_.cwiseProduct(state.g).lpNorm<Eigen::Infinity>();
  if (g_norm < s_.g_tol)
    return StepOutcome::stop(Status::converged_gradient,
                             fmt::format("scaled gradient ‖v∘∇F‖∞ = {:.3g} < {:.3g}", g_norm, s_.g_tol));
  if (auto converged = gradient_test(state.g, state.f, 0.0)) return *converged;  // r = 0 exactly
  d_ = v_.cwiseSqrt();
  diag_h_ = state.g.cwiseProduct(dv_);  // ≥ 0: dv has the sign of g
  const Vector g_h = d_.cwiseProduct(state.g);
  j_h_ = jacobian_ * d_.asDiagonal();
  augmented_.setZero(m + n, n);
  augmented_.topRows(m) = j_h_;
  augmented_.bottomRows(n).diagonal() = diag_h_.cwiseSqrt();
  Eigen::JacobiSVD<Matrix> svd(augmented_, Eigen::ComputeThinU | Eigen::ComputeThinV);
  sv_ = svd.singularValues();
  vt_ = svd.matrixV().transpose();
  uf_ = svd.matrixU().topRows(m).transpose() * r_;
  if (!sv_.allFinite() || !(sv_[0] > 0))
    return StepOutcome::stop(Status::singular_hessian, "the scaled Jacobian is zero or not finite");
  const double theta = std::max(0.995, 1.0 - g_norm);
  const double x_norm = state.x.norm();
  for (;;) {
    solve_subproblem(radius_);
    const double predicted = select_step(state.x, g_h, radius_, theta);
    trial_ = state.x + step_;
    strictly_feasible(trial_, box_);
    const double f_trial = f.value(trial_);
    if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
    const double step_h_norm = step_h_.norm();
    if (!(step_h_norm > 0) || !(radius_ > std::numeric_limits<double>::min()))
      return StepOutcome::stop(Status::trust_region_collapsed,
                               fmt::format("the trust radius {:.3g} admits no step", radius_));
    if (!std::isfinite(f_trial)) {
      radius_ = 0.25 * step_h_norm;
      continue;
    }
    const double actual = state.f - f_trial;
    double ratio = 0.0;
    if (predicted > 0)
      ratio = actual / predicted;
    else if (predicted == 0 && actual == 0)
      ratio = 1.0;
    double new_radius = radius_;
    if (ratio < 0.25)
      new_radius = 0.25 * step_h_norm;
    else if (ratio > 0.75 && step_h_norm > 0.95 * radius_)
      new_radius = 2.0 * radius_;
    const double step_norm = step_.norm();
    const bool f_done = s_.f_reltol > 0 && actual < s_.f_reltol * state.f && ratio > 0.25;
    const bool x_done = s_.x_reltol > 0 && step_norm < s_.x_reltol * (s_.x_reltol + x_norm);
    std::optional<StepOutcome> converged;
    if (f_done)
      converged = StepOutcome::stop(Status::converged_function,
                                    fmt::format("F fell by {:.3g} < {:.3g} · F = {:.3g}", actual, s_.f_reltol,
                                                s_.f_reltol * state.f));
    else if (x_done)
      converged = StepOutcome::stop(
          Status::converged_step, fmt::format("step ‖p‖ = {:.3g} < {:.3g} · ({:.3g} + ‖x‖)", step_norm,
                                              s_.x_reltol, s_.x_reltol));
    if (!converged) {
      alpha_ *= radius_ / new_radius;
      radius_ = new_radius;
    }
    if (actual > 0) {
      const double step_inf = (trial_ - state.x).lpNorm<Eigen::Infinity>();
      state.x.swap(trial_);
      state.f = f.value_gradient(state.x, state.g);
      if (f.failed()) return StepOutcome::stop(Status::function_error, f.failure_message());
      take_point(state.x);
      pending_ = converged;
      return StepOutcome::accepted(step_inf, radius_);
    }
    if (converged) return *converged;
  }
}

}  // namespace minima::least_squares_detail
