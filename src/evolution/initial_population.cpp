#include "minima/evolution/initial_population.hpp"

namespace minima {

Matrix uniform_population(const Bounds& box, Index count, Rng& rng) {
  const Index n = box.lower.size();
  Matrix X(n, count);
  for (Index j = 0; j < count; ++j)
    for (Index i = 0; i < n; ++i) X(i, j) = box.lower[i] + (box.upper[i] - box.lower[i]) * uniform01(rng);
  return X;
}

}  // namespace minima
