// Armijo backtracking (Nocedal & Wright 2006, Alg. 3.1): α = α0, α0·ρ, α0·ρ², … until
// φ(α) ≤ φ(0) + c1 α φ'(0). A non-finite φ(α) is treated as "not low enough" and shrinks the step.
// A trial must also lower φ strictly (see below). The first trial is evaluated with its gradient (Newton and
// quasi-Newton steps are usually accepted at once, and then accept() costs nothing); later trials evaluate
// the value alone.
#include <cmath>

#include <fmt/format.h>

#include "minima/line_search/line_search.hpp"

namespace minima {

LineSearchResult backtracking_search(const Backtracking& s, LineFunction& phi, double f0, double slope0,
                                     double alpha0) {
  LineSearchResult r;
  if (!std::isfinite(f0) || !std::isfinite(slope0)) {
    r.message = fmt::format("backtracking: φ(0) = {} and φ'(0) = {} must be finite", f0, slope0);
    return r;
  }
  if (!(slope0 < 0.0)) {
    r.message = fmt::format("backtracking: not a descent direction (φ'(0) = {:.6g} >= 0)", slope0);
    return r;
  }
  if (!(alpha0 > 0.0) || !std::isfinite(alpha0)) {
    r.message = fmt::format("backtracking: the initial step α0 = {} must be positive and finite", alpha0);
    return r;
  }
  double alpha = alpha0;
  double f = 0.0;
  while (r.evaluations < s.max_evaluations) {
    if (r.evaluations == 0) {
      double derivative = 0.0;
      f = phi.value_derivative(alpha, derivative);
    } else {
      f = phi.value(alpha);
    }
    ++r.evaluations;
    // The strict f < φ(0) only matters at rounding level, where c1 α φ'(0) vanishes next to φ(0): it
    // keeps a step that changes nothing (or a wrong gradient) from passing as a decrease.
    if (std::isfinite(f) && f <= f0 + s.c1 * alpha * slope0 && f < f0) {
      r.ok = true;
      r.alpha = alpha;
      r.value = f;
      return r;
    }
    if (r.evaluations < s.max_evaluations) alpha *= s.shrink;
  }
  r.message = fmt::format(
      "backtracking: no sufficient decrease in {} evaluations (last α = {:.3g}, φ(α) − φ(0) = {:.3g}, needed "
      "<= "
      "{:.3g})",
      s.max_evaluations, alpha, f - f0, s.c1 * alpha * slope0);
  return r;
}

}  // namespace minima
