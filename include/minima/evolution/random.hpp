// The random numbers of population methods. Every stochastic routine takes the run's generator,
// seeded once by the driver (BlackBoxSettings::seed): the same seed gives the same result.
#pragma once

#include <random>

#include "minima/core/types.hpp"

namespace minima {

/// The generator of every population method (64-bit Mersenne Twister).
using Rng = std::mt19937_64;

/// Uniform in [0, 1).
inline double uniform01(Rng& rng) {
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

/// Uniform integer in [0, n) (n >= 1).
inline Index uniform_index(Index n, Rng& rng) {
  return std::uniform_int_distribution<Index>(0, n - 1)(rng);
}

/// n independent standard normal numbers.
inline Vector standard_normal(Index n, Rng& rng) {
  std::normal_distribution<double> normal(0.0, 1.0);
  Vector z(n);
  for (Index i = 0; i < n; ++i) z[i] = normal(rng);
  return z;
}

}  // namespace minima
