// Restricted tournament replacement (G. R. Harik, "Finding multimodal solutions using restricted
// tournament selection", ICGA 1995; spec evolution §2, step 5): for each offspring, draw a window
// of w members of the population uniformly at random (without replacement), find the member
// nearest to the offspring (Euclidean distance), and replace it when the offspring is better.
// It keeps niches alive: an offspring competes only with similar members.
#pragma once

#include "minima/core/random.hpp"

namespace minima {

/// Applies RTR for every column of `offspring` in order, updating `population` (columns) and
/// `values` in place. Returns the number of replacements. window is clamped to [1, N].
/// Throws InvalidArgument for mismatched sizes.
long restricted_tournament_replacement(Matrix& population, Vector& values, const Matrix& offspring,
                                       const Vector& offspring_values, Index window, Rng& rng);

/// The window of spec §2: 5% of N, at least 1.
Index rtr_window(Index population_size, double fraction = 0.05);

}  // namespace minima
