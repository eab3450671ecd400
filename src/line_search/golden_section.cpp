// Exact line search on values: bracket a minimizer of φ, then golden-section search (Kiefer 1953;
// see e.g. Nocedal & Wright 2006 §3.5 on bracketing and Press et al., Numerical Recipes §10.2).
// Bracketing: b = α0 (halved while φ(b) is not finite); if φ(b) ≥ φ(0) the minimizer is taken to
// lie in [0, b], otherwise b doubles while φ keeps falling. Sectioning keeps two interior points at
// the golden ratio so that each iteration costs one value evaluation and shrinks the interval by
// 0.618. Only values are used; the accepted point's gradient is evaluated by accept().
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "minima/line_search/line_search.hpp"

namespace minima {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

LineSearchResult golden_section_search(const GoldenSection& s, LineFunction& phi, double f0, double slope0,
                                       double alpha0) {
  LineSearchResult r;
  if (!std::isfinite(f0) || !std::isfinite(slope0)) {
    r.message = fmt::format("golden section: φ(0) = {} and φ'(0) = {} must be finite", f0, slope0);
    return r;
  }
  if (!(slope0 < 0.0)) {
    r.message = fmt::format("golden section: not a descent direction (φ'(0) = {:.6g} >= 0)", slope0);
    return r;
  }
  if (!(alpha0 > 0.0) || !std::isfinite(alpha0)) {
    r.message = fmt::format("golden section: the initial step α0 = {} must be positive and finite", alpha0);
    return r;
  }

  double best_alpha = 0.0, best_f = f0;
  // φ with non-finite values read as +inf (too long a step), tracking the lowest point seen.
  auto eval = [&](double alpha) {
    double f = phi.value(alpha);
    ++r.evaluations;
    if (!std::isfinite(f)) f = kInf;
    if (f < best_f) {
      best_f = f;
      best_alpha = alpha;
    }
    return f;
  };
  auto budget_left = [&] { return r.evaluations < s.max_evaluations; };

  // Bracketing.
  double lo = 0.0, mid = alpha0;
  double f_mid = eval(mid);
  while (f_mid == kInf && budget_left()) f_mid = eval(mid *= 0.5);
  double hi = mid;
  if (f_mid < f0) {
    hi = 2.0 * mid;
    double f_hi = eval(hi);
    while (f_hi < f_mid && budget_left()) {
      lo = mid;
      mid = hi;
      f_mid = f_hi;
      hi *= 2.0;
      f_hi = eval(hi);
    }
    if (f_hi < f_mid) {
      r.message = fmt::format(
          "golden section: φ still decreases at α = {:.6g} after {} evaluations (unbounded below?)", hi,
          r.evaluations);
      return r;
    }
  }

  // Sectioning of [lo, hi].
  constexpr double kTau = 0.6180339887498949;  // (√5 − 1)/2
  double x1 = hi - kTau * (hi - lo), x2 = lo + kTau * (hi - lo);
  double f1 = budget_left() ? eval(x1) : kInf;
  double f2 = budget_left() ? eval(x2) : kInf;
  while (hi - lo > s.tolerance * (1.0 + std::abs(best_alpha)) && budget_left()) {
    if (f1 <= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - kTau * (hi - lo);
      f1 = eval(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + kTau * (hi - lo);
      f2 = eval(x2);
    }
  }
  // Running out of budget before the tolerance is not a failure: the best point still decreases f.
  if (!(best_alpha > 0.0)) {
    r.message = fmt::format("golden section: no decrease of φ found in (0, {:.6g}] in {} evaluations", hi,
                            r.evaluations);
    return r;
  }
  r.ok = true;
  r.alpha = best_alpha;
  r.value = best_f;
  return r;
}

}  // namespace minima
