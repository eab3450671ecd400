// The floating-point draws of core/random.hpp. CMakeLists compiles this file with FMA contraction
// off, so u·u + v·v and lo + (hi − lo)·u round the same way with every compiler and -march.
#include "minima/core/random.hpp"

#include <cmath>

#include "minima/core/error.hpp"

namespace minima {

namespace {

/// The high 64 bits of the 128-bit product a·b, written out so that it needs no __int128.
std::uint64_t high_product(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t a_lo = a & 0xffffffffu, a_hi = a >> 32, b_lo = b & 0xffffffffu, b_hi = b >> 32;
  const std::uint64_t lo_lo = a_lo * b_lo, hi_lo = a_hi * b_lo, lo_hi = a_lo * b_hi, hi_hi = a_hi * b_hi;
  const std::uint64_t middle = (lo_lo >> 32) + (hi_lo & 0xffffffffu) + lo_hi;
  return hi_hi + (hi_lo >> 32) + (middle >> 32);
}

}  // namespace

double uniform(double lo, double hi, Rng& rng) {
  return lo + (hi - lo) * uniform01(rng);
}

std::uint64_t uniform_below(std::uint64_t n, Rng& rng) {
  if (n == 0) throw InvalidArgument("uniform_below: n = 0: the range [0, n) is empty");
  // Lemire (2019): x·n / 2^64 is in [0, n); a low word below 2^64 mod n marks the few products
  // that would make some values one count more likely, and those draws are repeated.
  std::uint64_t x = rng(), low = x * n;
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (low < threshold) {
      x = rng();
      low = x * n;
    }
  }
  return high_product(x, n);
}

double standard_normal(Rng& rng) {
  for (;;) {
    const double u = 2.0 * uniform01(rng) - 1.0, v = 2.0 * uniform01(rng) - 1.0;
    const double s = u * u + v * v;
    if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * std::log(s) / s);
  }
}

Vector standard_normal(Index n, Rng& rng) {
  Vector z(n);
  for (Index i = 0; i < n; ++i) z[i] = standard_normal(rng);
  return z;
}

Matrix standard_normal(Index rows, Index cols, Rng& rng) {
  Matrix z(rows, cols);
  for (Index k = 0; k < z.size(); ++k) z.data()[k] = standard_normal(rng);
  return z;
}

}  // namespace minima
