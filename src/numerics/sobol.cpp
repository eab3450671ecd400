// The Sobol sequence (sobol.hpp), as in Bratley & Fox, ACM TOMS Algorithm 659 (1988), and Joe &
// Kuo's notes: direction integers m_k from the recurrence
//   m_k = 2a_1 m_{k−1} ⊕ 2²a_2 m_{k−2} ⊕ … ⊕ 2^{s−1}a_{s−1} m_{k−s+1} ⊕ 2^s m_{k−s} ⊕ m_{k−s},
// V_k = m_k · 2^{32−k}, and X_{i+1} = X_i ⊕ V_{c(i)} with c(i) the lowest zero bit of i.
#include "minima/numerics/sobol.hpp"

#include <array>
#include <utility>

#include <fmt/format.h>

#include "minima/core/error.hpp"

namespace minima {
namespace {

constexpr int kBits = 32;

struct Primitive {
  int degree;
  unsigned middle;  // a_1 … a_{s−1}, highest first
  std::array<std::uint32_t, 18> m;
};

constexpr Primitive kPrimitives[] = {
#include "sobol_directions.inc"
};
static_assert(sizeof(kPrimitives) / sizeof(kPrimitives[0]) == SobolSequence::max_dimension - 1);

}  // namespace

SobolSequence::SobolSequence(Index dimension, std::vector<std::uint32_t> digital_shift)
    : shift_(std::move(digital_shift)) {
  if (dimension < 1 || dimension > max_dimension)
    throw InvalidArgument(fmt::format("sobol: dimension {} must be in 1..{} (Joe-Kuo directions kept here)",
                                      dimension, max_dimension));
  if (!shift_.empty() && static_cast<Index>(shift_.size()) != dimension)
    throw InvalidArgument(
        fmt::format("sobol: a digital shift of size {} for dimension {}", shift_.size(), dimension));
  if (shift_.empty()) shift_.assign(static_cast<std::size_t>(dimension), 0u);
  state_.assign(static_cast<std::size_t>(dimension), 0);
  directions_.assign(static_cast<std::size_t>(dimension), std::vector<std::uint32_t>(kBits));
  for (int k = 0; k < kBits; ++k) directions_[0][static_cast<std::size_t>(k)] = 1u << (kBits - 1 - k);
  for (Index d = 1; d < dimension; ++d) {
    const Primitive& p = kPrimitives[d - 1];
    const int s = p.degree;
    std::vector<std::uint32_t> m(kBits);
    for (int k = 0; k < s && k < kBits; ++k)
      m[static_cast<std::size_t>(k)] = p.m[static_cast<std::size_t>(k)];
    for (int k = s; k < kBits; ++k) {
      std::uint32_t mk = m[static_cast<std::size_t>(k - s)] ^ (m[static_cast<std::size_t>(k - s)] << s);
      for (int i = 1; i < s; ++i)
        if ((p.middle >> (s - 1 - i)) & 1u) mk ^= m[static_cast<std::size_t>(k - i)] << i;
      m[static_cast<std::size_t>(k)] = mk;
    }
    for (int k = 0; k < kBits; ++k)
      directions_[static_cast<std::size_t>(d)][static_cast<std::size_t>(k)] = m[static_cast<std::size_t>(k)]
                                                                              << (kBits - 1 - k);
  }
}

Vector SobolSequence::next() {
  const Index n = dimension();
  Vector x(n);
  constexpr double scale = 1.0 / 4294967296.0;  // 2^-32
  for (Index d = 0; d < n; ++d)
    x[d] = static_cast<double>(state_[static_cast<std::size_t>(d)] ^ shift_[static_cast<std::size_t>(d)]) *
           scale;
  // Advance: flip the direction of the lowest zero bit of the index (Gray code order).
  int c = 0;
  for (std::uint64_t i = index_; i & 1u; i >>= 1) ++c;
  if (c >= kBits) throw InvalidArgument("sobol: the 2^32 points of the sequence are used up");
  for (Index d = 0; d < n; ++d)
    state_[static_cast<std::size_t>(d)] ^=
        directions_[static_cast<std::size_t>(d)][static_cast<std::size_t>(c)];
  ++index_;
  return x;
}

}  // namespace minima
