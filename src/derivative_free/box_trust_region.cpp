// TRSBOX-style trust-region step with bounds (see the header).
#include "minima/derivative_free/box_trust_region.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

namespace minima::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double model(const Vector& g, const Matrix& h, const Vector& d) {
  return g.dot(d) + 0.5 * d.dot(h * d);
}

/// The first θ in (0, 2π) at which a cos θ + s sin θ crosses the bound b from the feasible side
/// (upper: a cos θ + s sin θ ≤ b at θ = 0; lower: the same with the signs turned), +inf if never.
double first_crossing(double a, double s, double b) {
  const double r = std::hypot(a, s);
  if (r <= b) return kInf;
  const double phi = std::atan2(s, a);  // a cos θ + s sin θ = r cos(θ − φ), above b for |θ − φ| < w
  const double w = std::acos(std::clamp(b / r, -1.0, 1.0));
  double theta = std::fmod(phi - w, 2.0 * std::numbers::pi);
  if (theta < 0) theta += 2.0 * std::numbers::pi;
  return theta;
}

}  // namespace

BoxTrustRegionStep box_trust_region_step(const Vector& g, const Matrix& h, const Vector& lo, const Vector& hi,
                                         double delta, bool boundary_iterations) {
  const Index n = g.size();
  BoxTrustRegionStep out;
  Vector& d = out.d;
  d = Vector::Zero(n);
  // A variable on a bound with the gradient pointing out of the box stays there.
  std::vector<bool> fixed(static_cast<std::size_t>(n), false);
  auto is_fixed = [&](Index k) { return fixed[static_cast<std::size_t>(k)]; };
  for (Index k = 0; k < n; ++k)
    fixed[static_cast<std::size_t>(k)] = (lo[k] >= 0 && g[k] > 0) || (hi[k] <= 0 && g[k] < 0);
  auto masked = [&](Vector v) {
    for (Index k = 0; k < n; ++k)
      if (is_fixed(k)) v[k] = 0.0;
    return v;
  };

  // Truncated conjugate gradients on the free variables.
  Vector r = masked(-g);
  Vector p = r;
  double rr = r.squaredNorm();
  const double rr0 = rr;
  for (int it = 0; it < 2 * n + 2 && rr > 1e-24 * rr0 && rr > 0; ++it) {
    const Vector hp = h * p;
    const double curvature = p.dot(hp);
    const double pp = p.squaredNorm(), dp = d.dot(p), dd = d.squaredNorm();
    const double disc = std::max(0.0, dp * dp + pp * (delta * delta - dd));
    const double alpha_tr = (std::sqrt(disc) - dp) / pp;  // largest α with ‖d + αp‖ ≤ Δ
    double alpha_bd = kInf;
    Index hit = -1;
    for (Index k = 0; k < n; ++k) {
      if (is_fixed(k) || p[k] == 0.0) continue;
      const double room = p[k] > 0 ? hi[k] - d[k] : lo[k] - d[k];
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
      d[hit] = p[hit] > 0 ? hi[hit] : lo[hit];
      if (d.norm() >= delta * (1.0 - 1e-12)) {
        out.on_boundary = true;
        break;
      }
      r = masked(-(g + h * d));
      p = r;
      rr = r.squaredNorm();
      continue;
    }
    if (alpha == alpha_tr) {
      out.on_boundary = true;
      break;
    }
    const Vector r_new = masked(r - alpha * hp);
    const double rr_new = r_new.squaredNorm();
    p = masked(r_new + (rr_new / rr) * p);
    r = r_new;
    rr = rr_new;
  }
  if (!out.on_boundary || !boundary_iterations) return out;

  // Iterations round the trust-region boundary: d(θ) = fix + cos θ a + sin θ s, a the free part of d.
  for (int it = 0; it < 2 * n + 2; ++it) {
    const Vector grad = g + h * d;
    const Vector a = masked(d);
    const Vector gf = masked(grad);
    const double aa = a.squaredNorm(), ga = gf.dot(a), gg = gf.squaredNorm();
    const double q_now = model(g, h, d);
    const double reduction_so_far = -q_now;
    const double temp = aa * gg - ga * ga;
    // Stop when the free gradient is (nearly) parallel to d: d is then optimal on the sphere.
    if (!(reduction_so_far > 0) || temp <= 1e-4 * reduction_so_far * reduction_so_far) break;
    const Vector s = (ga * a - aa * gf) / std::sqrt(temp);  // ⟂ a, ‖s‖ = ‖a‖, gᵀs < 0
    const Vector fix = d - a;
    // The largest angle the bounds allow, and the variable that limits it.
    double theta_max = 0.5 * std::numbers::pi;
    Index hit = -1;
    bool hit_upper = false;
    for (Index k = 0; k < n; ++k) {
      if (is_fixed(k)) continue;
      const double up = first_crossing(a[k], s[k], hi[k]);
      const double down = first_crossing(-a[k], -s[k], -lo[k]);
      if (up < theta_max) {
        theta_max = up;
        hit = k;
        hit_upper = true;
      }
      if (down < theta_max) {
        theta_max = down;
        hit = k;
        hit_upper = false;
      }
    }
    if (hit >= 0 && theta_max <= 1e-12) {  // already on that bound and turning out of the box
      fixed[static_cast<std::size_t>(hit)] = true;
      d[hit] = hit_upper ? hi[hit] : lo[hit];
      continue;
    }
    const Vector ha = h * a, hs = h * s;
    const double ca = g.dot(a) + fix.dot(ha), cs = g.dot(s) + fix.dot(hs);
    const double aha = a.dot(ha), ahs = a.dot(hs), shs = s.dot(hs);
    auto q = [&](double t) {
      const double c = std::cos(t), sn = std::sin(t);
      return ca * c + cs * sn + 0.5 * c * c * aha + c * sn * ahs + 0.5 * sn * sn * shs;
    };
    // Q(θ) on a grid, then golden-section search in the cells either side of the best node.
    constexpr int kGrid = 32;
    int best = 0;
    double q_best = q(0.0);
    const double q0 = q_best;
    for (int i = 1; i <= kGrid; ++i)
      if (const double qi = q(theta_max * i / kGrid); qi < q_best) {
        q_best = qi;
        best = i;
      }
    double theta = theta_max * best / kGrid;
    {
      double lo_t = theta_max * std::max(best - 1, 0) / kGrid,
             hi_t = theta_max * std::min(best + 1, kGrid) / kGrid;
      const double ratio = 0.5 * (std::sqrt(5.0) - 1.0);
      double t1 = hi_t - ratio * (hi_t - lo_t), t2 = lo_t + ratio * (hi_t - lo_t);
      double q1 = q(t1), q2 = q(t2);
      for (int i = 0; i < 40; ++i) {
        if (q1 < q2) {
          hi_t = t2;
          t2 = t1;
          q2 = q1;
          t1 = hi_t - ratio * (hi_t - lo_t);
          q1 = q(t1);
        } else {
          lo_t = t1;
          t1 = t2;
          q1 = q2;
          t2 = lo_t + ratio * (hi_t - lo_t);
          q2 = q(t2);
        }
      }
      const double t = 0.5 * (lo_t + hi_t);
      if (q(t) < q_best) {
        q_best = q(t);
        theta = t;
      }
    }
    const double decrease = q0 - q_best;
    if (!(decrease > 0)) break;
    d = fix + std::cos(theta) * a + std::sin(theta) * s;
    if (theta == theta_max && hit >= 0) {  // stopped by a bound: fix that variable and go on
      fixed[static_cast<std::size_t>(hit)] = true;
      d[hit] = hit_upper ? hi[hit] : lo[hit];
      continue;
    }
    if (decrease <= 0.01 * (reduction_so_far + decrease)) break;
  }
  // Rounding must not leave the box.
  d = d.cwiseMax(lo).cwiseMin(hi);
  return out;
}

}  // namespace minima::detail
