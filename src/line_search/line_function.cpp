// LineFunction: φ(α) = f(x + α d) with the trial point, value and gradient kept for accept().
// At n = 10⁶ (L-BFGS) every pass over memory counts: the trial point is one fused pass
// (x_trial = x + α d, no temporary), φ' is one dot product, and accept() swaps buffers instead of
// copying. The buffers are reused across searches when one LineFunction lives across iterations.
#include <cmath>
#include <limits>

#include "minima/line_search/line_search.hpp"

namespace minima {

void LineFunction::move_to(double alpha) {
  x_trial_.resize(x_.size());
  x_trial_ = x_ + alpha * d_;  // coefficient-wise: Eigen evaluates this in a single pass
  alpha_trial_ = alpha;
}

double LineFunction::value_derivative(double alpha, double& derivative) {
  if (!(alpha == alpha_trial_ && have_gradient_)) {
    move_to(alpha);
    f_trial_ = f_.value_gradient(x_trial_, g_trial_);
    have_gradient_ = true;
  }
  derivative = std::isfinite(f_trial_) ? g_trial_.dot(d_) : std::numeric_limits<double>::quiet_NaN();
  return f_trial_;
}

double LineFunction::value(double alpha) {
  if (alpha == alpha_trial_) return f_trial_;  // the latest trial (with or without gradient)
  move_to(alpha);
  f_trial_ = f_.value(x_trial_);
  have_gradient_ = false;
  return f_trial_;
}

void LineFunction::accept(double alpha, IterateState& state) {
  if (!(alpha == alpha_trial_ && have_gradient_)) {
    move_to(alpha);
    f_trial_ = f_.value_gradient(x_trial_, g_trial_);
  }
  // x_ may alias state.x: the swap leaves x_ referring to the new point, which is what the next
  // search from state.x wants. The old point's buffer becomes the next trial buffer.
  state.x.swap(x_trial_);  // O(1) for dynamic-size Eigen vectors
  state.g.swap(g_trial_);
  state.f = f_trial_;
  alpha_trial_ = std::numeric_limits<double>::quiet_NaN();
  f_trial_ = std::numeric_limits<double>::quiet_NaN();
  have_gradient_ = false;
}

}  // namespace minima
