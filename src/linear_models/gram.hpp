// Internal to linear_models (not installed): the Gram product of ridge's primal form, X̃ᵀX̃ and X̃ᵀỹ
// with X̃ = (X − 1 mᵀ) S⁻¹ formed a block of rows at a time (no copy of X). Its own file so that
// bench/gram.cpp measures exactly this code against the machine's peak (bench/peak_flops.cpp). The
// rank updates are OpenBLAS's dsyrk when minima is built with it (MINIMA_OPENBLAS), Eigen's otherwise.
#pragma once

#include "minima/core/types.hpp"

namespace minima::detail {

/// gram (lower triangle) = X̃ᵀX̃, rhs = X̃ᵀ yc, X̃ = (x − 1 x_meanᵀ) diag(x_scale)⁻¹; resized and
/// overwritten. The strictly upper triangle of gram is left unspecified.
void centered_gram(const Matrix& x, const Vector& x_mean, const Vector& x_scale, const Vector& yc,
                   Matrix& gram, Vector& rhs);

/// Which product a rank update adds: AᵀA (ridge's primal Gram) or AAᵀ (its dual kernel).
enum class RankUpdate { transposed_times_block, block_times_transposed };

/// lower triangle of c += AᵀA or AAᵀ (c square, of A's columns or rows); the strictly upper triangle
/// is left unspecified. OpenBLAS's dsyrk when minima was built with it, Eigen's rankUpdate otherwise.
void add_rank_update(const Matrix& a, RankUpdate product, Matrix& c);

/// What computes centered_gram's rank updates: "OpenBLAS dsyrk" or "Eigen rankUpdate".
const char* centered_gram_backend();

/// FLOPs of centered_gram's rank updates, counted as the lower triangle: n p (p + 1).
inline double centered_gram_flops(Index n, Index p) {
  return static_cast<double>(n) * static_cast<double>(p) * static_cast<double>(p + 1);
}

}  // namespace minima::detail
