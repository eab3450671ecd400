// Strong Wolfe line search after J. J. Moré and D. J. Thuente, "Line search algorithms with
// guaranteed sufficient decrease", ACM TOMS 20(3):286–307, 1994 (§2–§4), written from the paper and
// Nocedal & Wright (2006) §3.5. Outline:
//  - An interval of uncertainty [α_l, α_u] (either order) is kept, α_l being the best point so far.
//    While no minimizer is bracketed, trials extrapolate into t + [1.1, 4]·(t − α_l).
//  - Stage 1 works on the auxiliary ψ(α) = φ(α) − φ(0) − c1 α φ'(0) until a trial has ψ ≤ 0 and
//    ψ' ≥ 0; stage 2 works on φ itself (the paper's two-stage scheme, which guarantees that a point
//    satisfying both strong Wolfe conditions is found when c1 < c2).
//  - The next trial comes from the paper's four cases (§4): cubic / quadratic / secant
//    interpolation of the end points with safeguards that keep it inside, and well inside, the
//    interval; bisection is forced when two trials fail to shrink the interval by a factor 0.66.
//  - A non-finite φ or φ' at a trial means "the step is too long": the trial retreats halfway back
//    towards α_l and no later trial reaches that α again.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "minima/line_search/line_search.hpp"

namespace minima {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A point on the line: step a, value f and slope g (of φ, or of ψ in stage 1).
struct LinePoint {
  double a = 0.0;
  double f = 0.0;
  double g = 0.0;
};

/// Minimizer of the cubic that interpolates values and slopes at u and v (N&W eq. 3.59), computed
/// with the terms scaled by their largest magnitude to avoid overflow. When the cubic has no local
/// minimizer (negative discriminant) returns NaN, or, with `clamp`, the point of the zero-discriminant
/// formula (used where theory says a minimizer exists and a negative value is rounding).
double cubic_minimizer(const LinePoint& u, const LinePoint& v, bool clamp) {
  const double d1 = u.g + v.g - 3.0 * (u.f - v.f) / (u.a - v.a);
  const double scale = std::max({std::abs(d1), std::abs(u.g), std::abs(v.g)});
  if (scale == 0.0) return kNaN;
  double disc = (d1 / scale) * (d1 / scale) - (u.g / scale) * (v.g / scale);
  if (disc <= 0.0) {
    if (!clamp) return kNaN;
    disc = 0.0;
  }
  const double d2 = std::copysign(scale * std::sqrt(disc), v.a - u.a);
  return v.a - (v.a - u.a) * (v.g + d2 - d1) / (v.g - u.g + 2.0 * d2);
}

/// Minimizer of the quadratic through the value and slope at u and the value at v.
double quadratic_minimizer(const LinePoint& u, const LinePoint& v) {
  const double h = v.a - u.a;
  return u.a - u.g * h * h / (2.0 * (v.f - u.f - u.g * h));
}

/// Zero of the linear interpolant of the slopes at u and v (the secant step).
double secant_minimizer(const LinePoint& u, const LinePoint& v) {
  return u.a + u.g * (v.a - u.a) / (u.g - v.g);
}

/// One step of the Moré–Thuente update (paper §4): chooses the next trial from the best end point
/// l, the other end point u and the trial t just evaluated, then updates the interval (cases U1–U3).
/// Values and slopes are those of the function in use (φ or ψ). [lo, hi] bounds extrapolation while
/// nothing is bracketed.
double choose_trial_and_update(LinePoint& l, LinePoint& u, const LinePoint& t, bool& bracketed, double lo,
                               double hi) {
  const bool slopes_differ = t.g * std::copysign(1.0, l.g) < 0.0;
  const bool t_right = t.a > l.a;
  double next;
  if (t.f > l.f) {
    // Case 1: a higher value, so a minimizer lies between l and t. The cubic step is taken when it
    // is closer to l than the quadratic one (which ignores the slope at t); else their midpoint.
    const double c = cubic_minimizer(l, t, true);
    const double q = quadratic_minimizer(l, t);
    next = std::abs(c - l.a) < std::abs(q - l.a) ? c : q + 0.5 * (c - q);
    bracketed = true;
  } else if (slopes_differ) {
    // Case 2: lower value and the slope changed sign: bracketed; take the step farther from t.
    const double c = cubic_minimizer(l, t, true);
    const double s = secant_minimizer(l, t);
    next = std::abs(c - t.a) >= std::abs(s - t.a) ? c : s;
    bracketed = true;
  } else if (std::abs(t.g) <= std::abs(l.g)) {
    // Case 3: lower value, same slope sign, slope shrinking. The cubic is used only when its
    // minimizer lies beyond t; otherwise the extrapolation limit stands in for it.
    double c = cubic_minimizer(l, t, false);
    if (!(std::isfinite(c) && (c - t.a) * (t.a - l.a) > 0.0)) c = t_right ? hi : lo;
    const double s = secant_minimizer(l, t);
    if (bracketed) {
      next = std::abs(c - t.a) < std::abs(s - t.a) ? c : s;
      if (!std::isfinite(next)) next = c;
      // Stay at most 66% of the way from t to the far end u.
      const double limit = t.a + 0.66 * (u.a - t.a);
      next = t_right ? std::min(limit, next) : std::max(limit, next);
    } else {
      next = std::abs(c - t.a) > std::abs(s - t.a) ? c : s;
      if (!std::isfinite(next)) next = c;
      next = std::clamp(next, lo, hi);
    }
  } else {
    // Case 4: lower value, same slope sign, slope not shrinking: the function keeps falling.
    if (bracketed) {
      next = cubic_minimizer(t, u, true);
    } else {
      next = t_right ? hi : lo;
    }
  }

  // Interval update: U1 (t higher: it becomes the far end), U2/U3 (t becomes the best point; when
  // the slope changed sign the old best point becomes the far end).
  if (t.f > l.f) {
    u = t;
  } else {
    if (slopes_differ) u = l;
    l = t;
  }
  return next;
}

}  // namespace

LineSearchResult strong_wolfe_search(const StrongWolfe& s, LineFunction& phi, double f0, double slope0,
                                     double alpha0) {
  LineSearchResult r;
  if (!std::isfinite(f0) || !std::isfinite(slope0)) {
    r.message = fmt::format("strong Wolfe: φ(0) = {} and φ'(0) = {} must be finite", f0, slope0);
    return r;
  }
  if (!(slope0 < 0.0)) {
    r.message = fmt::format("strong Wolfe: not a descent direction (φ'(0) = {:.6g} >= 0)", slope0);
    return r;
  }
  if (!(alpha0 > 0.0) || !std::isfinite(alpha0)) {
    r.message = fmt::format("strong Wolfe: the initial step α0 = {} must be positive and finite", alpha0);
    return r;
  }

  const double decrease_slope = s.c1 * slope0;       // ψ(α) = φ(α) − φ(0) − α·decrease_slope
  const double curvature = s.c2 * std::abs(slope0);  // |φ'(α)| ≤ curvature
  double max_step = s.max_step;                      // lowered when a trial gives a non-finite value

  LinePoint best{0.0, f0, slope0};  // α_l (values of φ)
  LinePoint far = best;             // α_u
  bool bracketed = false;
  bool stage1 = true;
  double width = s.max_step;
  double width_before = 2.0 * width;
  double alpha = std::min(alpha0, s.max_step);

  auto psi = [&](const LinePoint& p) {
    return LinePoint{p.a, p.f - p.a * decrease_slope, p.g - decrease_slope};
  };
  auto interval = [&] {
    return fmt::format("[{:.6g}, {:.6g}]", std::min(best.a, far.a), std::max(best.a, far.a));
  };
  auto fail = [&](std::string message) {
    r.ok = false;
    r.message = std::move(message);
    r.alpha = best.a;  // the best point seen, for information only
    r.value = best.f;
    return r;
  };

  while (r.evaluations < s.max_evaluations) {
    double g = 0.0;
    const double f = phi.value_derivative(alpha, g);
    ++r.evaluations;
    if (!std::isfinite(f) || !std::isfinite(g)) {
      // Too long a step: never go this far again, and retreat halfway towards the best point.
      max_step = alpha;
      alpha = best.a + 0.5 * (alpha - best.a);
      if (!(alpha > best.a) && !(alpha < best.a))
        return fail(fmt::format("strong Wolfe: φ is not finite at any trial beyond α = {:.6g}", best.a));
      continue;
    }

    if (f <= f0 + alpha * decrease_slope && std::abs(g) <= curvature) {
      r.ok = true;
      r.alpha = alpha;
      r.value = f;
      return r;
    }
    if (alpha >= s.max_step && f <= f0 + alpha * decrease_slope && g < 0.0)
      return fail(
          fmt::format("strong Wolfe: φ still decreases at the largest step α = max_step = {:.6g}", alpha));
    // ψ(α) ≤ 0 and ψ'(α) ≥ 0: a step satisfying both conditions now lies within reach of φ itself.
    if (stage1 && f <= f0 + alpha * decrease_slope && g >= decrease_slope) stage1 = false;

    // Extrapolation range beyond the trial while nothing is bracketed.
    const double lo = alpha + 1.1 * (alpha - best.a);
    const double hi = alpha + 4.0 * (alpha - best.a);
    const LinePoint trial{alpha, f, g};
    double next;
    if (stage1) {
      LinePoint l = psi(best), u = psi(far);
      const LinePoint t = psi(trial);
      const bool best_moves = !(t.f > l.f);
      const bool far_moves = t.f > l.f || t.g * std::copysign(1.0, l.g) < 0.0;
      next = choose_trial_and_update(l, u, t, bracketed, std::min(lo, hi), std::max(lo, hi));
      // Carry the update over to the φ end points (exactly, without converting back).
      if (far_moves) far = best_moves ? best : trial;
      if (best_moves) best = trial;
    } else {
      next = choose_trial_and_update(best, far, trial, bracketed, std::min(lo, hi), std::max(lo, hi));
    }

    if (bracketed) {
      const double w = std::abs(far.a - best.a);
      if (w >= 0.66 * width_before) next = best.a + 0.5 * (far.a - best.a);  // forced bisection
      width_before = width;
      width = w;
      const double a_min = std::min(best.a, far.a), a_max = std::max(best.a, far.a);
      if (a_max - a_min <= 4.0 * std::numeric_limits<double>::epsilon() * a_max)
        return fail(
            fmt::format("strong Wolfe: the interval {} shrank to rounding level after {} evaluations (φ' = "
                        "{:.3g} at the best "
                        "point, need |φ'| <= {:.3g})",
                        interval(), r.evaluations, best.g, curvature));
      if (!(next > a_min && next < a_max)) next = a_min + 0.5 * (a_max - a_min);
    }
    if (!std::isfinite(next) || next <= 0.0) next = best.a + 0.5 * (std::max(far.a, alpha) - best.a);
    if (next >= max_step) next = max_step < s.max_step ? best.a + 0.5 * (max_step - best.a) : s.max_step;
    alpha = next;
  }
  return fail(fmt::format("strong Wolfe: no acceptable step in {} evaluations (interval {})",
                          s.max_evaluations, interval()));
}

}  // namespace minima
