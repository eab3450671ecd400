/// @file
/// Random numbers that a seed reproduces with any C++ standard library.
///
/// References:
///  - M. Matsumoto, T. Nishimura, "Mersenne Twister: a 623-dimensionally equidistributed uniform
///    pseudo-random number generator", ACM TOMACS 8(1):3–30, 1998; the 64-bit version: T. Nishimura,
///    "Tables of 64-bit Mersenne Twisters", ACM TOMACS 10(4):348–357, 2000.
///  - Uniform doubles from the top 53 bits, (x >> 11) · 2^-53: S. Vigna, "Generating uniform doubles
///    in the unit interval", https://prng.di.unimi.it/ (NumPy's 64-bit generators use the same formula).
///  - Bounded integers: D. Lemire, "Fast Random Integer Generation in an Interval", ACM TOMACS
///    29(1):3, 2019 (multiply-shift with rejection, unbiased).
///  - Normals: G. Marsaglia, T. A. Bray, "A Convenient Method for Generating Normal Variables",
///    SIAM Review 6(3):260–264, 1964 (the polar method); D. E. Knuth, The Art of Computer
///    Programming vol. 2, 3rd ed., 1997, §3.4.1, Algorithm P.
///  - Shuffle: R. Durstenfeld, "Algorithm 235: Random permutation", CACM 7(7):420, 1964 (the
///    Fisher–Yates shuffle); Knuth vol. 2, §3.4.2, Algorithm P.
///
/// The engine, std::mt19937_64, is fixed bit for bit by the standard ([rand.predef]: the 10000th draw
/// of a default-constructed engine is 9981545732273789042). The standard's distributions and
/// std::shuffle are not: libstdc++ and libc++ turn the same engine output into different numbers. So
/// every draw in minima goes through the functions below, never through a std distribution. The
/// floating-point draws live in src/core/random.cpp, compiled without FMA contraction; the normal's
/// std::log and std::sqrt come from the C library (glibc on Linux, whichever C++ library is used).
#pragma once

#include <cstdint>
#include <iterator>
#include <random>
#include <ranges>
#include <utility>

#include "minima/core/types.hpp"

namespace minima {

/// The generator of every stochastic method (64-bit Mersenne Twister; seed it with `Rng rng(seed)`).
using Rng = std::mt19937_64;

/// Uniform in [0, 1): the engine's top 53 bits times 2^-53, so every value is a multiple of 2^-53.
inline double uniform01(Rng& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

/// Uniform in [lo, hi): lo + (hi − lo) · uniform01 (hi itself only when that sum rounds up to it).
double uniform(double lo, double hi, Rng& rng);

/// Uniform integer in [0, n), n >= 1, exactly unbiased (Lemire's multiply-shift with rejection).
/// Throws InvalidArgument when n is 0.
std::uint64_t uniform_below(std::uint64_t n, Rng& rng);

/// Uniform integer in [0, n) (n >= 1; InvalidArgument otherwise, as uniform_below(0): a negative n
/// must not wrap to a huge bound).
inline Index uniform_index(Index n, Rng& rng) {
  return static_cast<Index>(uniform_below(n > 0 ? static_cast<std::uint64_t>(n) : 0, rng));
}

/// True with probability p (uniform01 < p: never for p <= 0, always for p >= 1).
inline bool bernoulli(double p, Rng& rng) {
  return uniform01(rng) < p;
}

/// One standard normal number by Marsaglia's polar method. Each call uses its own accepted pair
/// (u, v) and returns u·√(−2 ln s / s); the pair's second normal is dropped, so a draw depends only on
/// the engine's state (no cached value, unlike std::normal_distribution).
double standard_normal(Rng& rng);

/// n independent standard normal numbers: n calls of standard_normal(rng), in order.
Vector standard_normal(Index n, Rng& rng);

/// A rows × cols matrix of standard normal numbers, drawn in storage (column-major) order.
Matrix standard_normal(Index rows, Index cols, Rng& rng);

/// Shuffles a random-access range in place (Fisher–Yates: for i = n−1 … 1, swap item i with item
/// uniform_below(i + 1)). Every permutation is equally likely.
template <std::ranges::random_access_range R>
void shuffle(R&& items, Rng& rng) {
  // end − begin, not std::ranges::distance, which libc++ 14 lacks.
  const auto first = std::ranges::begin(items);
  const auto n = std::ranges::end(items) - first;
  for (auto i = n - 1; i > 0; --i) {
    const auto j = static_cast<decltype(i)>(uniform_below(static_cast<std::uint64_t>(i) + 1, rng));
    std::ranges::iter_swap(first + i, first + j);
  }
}

}  // namespace minima
