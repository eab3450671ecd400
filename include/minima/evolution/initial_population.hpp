// The initial population of a population method: points drawn uniformly in the search box
// (spec evolution §2, step 1).
#pragma once

#include "minima/core/constraints.hpp"
#include "minima/core/random.hpp"

namespace minima {

/// `count` points uniform in the (finite) box, as the columns of an n × count matrix.
Matrix uniform_population(const Bounds& box, Index count, Rng& rng);

}  // namespace minima
