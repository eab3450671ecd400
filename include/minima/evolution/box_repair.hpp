// Keeping sampled points inside the search box. Population methods sample from a model that may
// put mass outside the box; Fletcher–Powell is 2π-periodic, so a point outside can even reach
// f = 0 (spec evolution §4), and every method must keep its points inside. The rule here:
// redraw a point that falls outside up to `max_resamples` times, then clip (project) the last
// draw onto the box. Resampling keeps the model's shape inside the box; the clip fallback bounds
// the cost when the model's mass lies mostly outside.
#pragma once

#include <utility>

#include "minima/core/constraints.hpp"

namespace minima {

struct BoxRepair {
  /// Redraws of a point outside the box before clipping it (0: clip at once).
  int max_resamples = 10;
};

/// Draws a point with `draw()` (returns a Vector) until it lies in the box, at most
/// 1 + repair.max_resamples times, then clips the last draw. The box must be finite and validated.
/// Sets *clipped (when given) to whether the clip fallback was used.
template <class Draw>
Vector sample_in_box(Draw&& draw, const Bounds& box, const BoxRepair& repair, bool* clipped = nullptr) {
  Vector x = draw();
  for (int k = 0; k < repair.max_resamples && !box.contains(x); ++k) x = draw();
  const bool outside = !box.contains(x);
  if (clipped) *clipped = outside;
  if (outside) x = box.project(x);
  return x;
}

}  // namespace minima
