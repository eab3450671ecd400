// The Sobol low-discrepancy sequence in [0, 1)ⁿ (I. M. Sobol', "On the distribution of points in a
// cube and the approximate evaluation of integrals", USSR Comput. Math. Math. Phys. 7, 1967), with
// the direction numbers of S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better
// two-dimensional projections", SIAM J. Sci. Comput. 30 (2008), file new-joe-kuo-6.21201, for
// n ≤ 64; points in Gray-code order (Antonov & Saleev 1979), 32 bits, unscrambled: the first point
// is 0 and the sequence equals scipy.stats.qmc.Sobol(d, scramble=False). A random digital shift
// (each point's bits XOR one random 32-bit word per dimension; P. L'Ecuyer, C. Lemieux, "Recent
// advances in randomized quasi-Monte Carlo methods", 2002) gives independent randomized copies that
// keep the sequence's net structure.
#pragma once

#include <cstdint>
#include <vector>

#include "minima/core/types.hpp"

namespace minima {

class SobolSequence {
 public:
  /// The largest dimension with direction numbers here.
  static constexpr Index max_dimension = 64;
  /// Throws InvalidArgument unless 1 <= dimension <= max_dimension, or when digital_shift is neither
  /// empty (no shift) nor of size `dimension`.
  explicit SobolSequence(Index dimension, std::vector<std::uint32_t> digital_shift = {});

  Index dimension() const { return static_cast<Index>(state_.size()); }
  /// The next point (the first call gives point 0 = the origin).
  Vector next();
  /// Points drawn so far.
  std::uint64_t index() const { return index_; }

 private:
  std::vector<std::uint32_t> state_;                    ///< X_k, one per dimension
  std::vector<std::uint32_t> shift_;                    ///< XORed into every output
  std::vector<std::vector<std::uint32_t>> directions_;  ///< v_{j, 1..32} << (32 − j)
  std::uint64_t index_ = 0;
};

}  // namespace minima
