// Tournament selection (Goldberg & Deb, "A comparative analysis of selection schemes used in
// genetic algorithms", FOGA 1991): each parent is the best of `size` members drawn uniformly at
// random with replacement. EDA_vbMFA uses size 2 to pick N/2 parents (spec evolution §2, step 2).
#pragma once

#include <vector>

#include "minima/core/random.hpp"

namespace minima {

/// `count` parent indices into `values` (lower is better; ties go to the earlier draw).
/// Throws InvalidArgument for an empty population, count < 0 or size < 1.
std::vector<Index> tournament_selection(const Vector& values, Index count, int size, Rng& rng);

}  // namespace minima
