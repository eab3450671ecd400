// The population size after a restart, shared by the EDAs that restart with a grown population
// (IPOP's rule, Auger & Hansen 2005: N ← ⌈increase · N⌉, capped).
#pragma once

#include <algorithm>
#include <cmath>

#include "minima/core/types.hpp"

namespace minima::evolution_detail {

inline Index restarted_population(Index size, double increase, Index max_population) {
  const double grown = std::ceil(static_cast<double>(size) * increase);
  return static_cast<Index>(std::min(grown, static_cast<double>(max_population)));
}

}  // namespace minima::evolution_detail
