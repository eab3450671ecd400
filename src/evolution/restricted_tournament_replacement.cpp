#include "minima/evolution/restricted_tournament_replacement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {

Index rtr_window(Index population_size, double fraction) {
  return std::max<Index>(1, static_cast<Index>(std::lround(fraction * static_cast<double>(population_size))));
}

long restricted_tournament_replacement(Matrix& population, Vector& values, const Matrix& offspring,
                                       const Vector& offspring_values, Index window, Rng& rng) {
  const Index N = population.cols();
  if (values.size() != N || offspring.rows() != population.rows() ||
      offspring_values.size() != offspring.cols())
    throw InvalidArgument(fmt::format(
        "restricted_tournament_replacement: sizes do not match (population {}x{}, values {}, offspring "
        "{}x{}, "
        "offspring values {})",
        population.rows(), N, values.size(), offspring.rows(), offspring.cols(), offspring_values.size()));
  if (N == 0) return 0;
  window = std::clamp<Index>(window, 1, N);
  std::vector<Index> members(static_cast<std::size_t>(N));
  std::iota(members.begin(), members.end(), Index{0});
  long replaced = 0;
  const Index dim = population.rows();
  for (Index k = 0; k < offspring.cols(); ++k) {
    // A window without replacement: the first `window` entries of a partial Fisher–Yates shuffle.
    Index nearest = -1;
    double nearest_d2 = std::numeric_limits<double>::infinity();
    for (Index w = 0; w < window; ++w) {
      const Index pick = w + uniform_index(N - w, rng);
      std::swap(members[static_cast<std::size_t>(w)], members[static_cast<std::size_t>(pick)]);
      const Index m = members[static_cast<std::size_t>(w)];
      // Squared distance, abandoned as soon as it reaches the nearest so far (same result).
      const double* a = population.col(m).data();
      const double* b = offspring.col(k).data();
      double d2 = 0;
      for (Index q = 0; q < dim && d2 < nearest_d2; ++q) d2 += (a[q] - b[q]) * (a[q] - b[q]);
      if (d2 < nearest_d2 || nearest < 0) {
        nearest_d2 = d2;
        nearest = m;
      }
    }
    if (offspring_values[k] < values[nearest]) {
      population.col(nearest) = offspring.col(k);
      values[nearest] = offspring_values[k];
      ++replaced;
    }
  }
  return replaced;
}

}  // namespace minima
