// The condition number of a matrix (Goodfellow, Bengio & Courville, "Deep Learning", §4.2 Poor
// Conditioning; Golub & Van Loan, "Matrix Computations", 4th ed., §2.6): how much the solution of
// A x = b can change relative to a change in b.
//   - symmetric A: max|λ| / min|λ| over the eigenvalues (the book's definition);
//   - any other A (rectangular too): σ_max / σ_min over the singular values (2-norm condition).
// For a symmetric matrix both agree (σ_i = |λ_i|). The result is +inf when A is singular to
// working precision: min ≤ max(rows, cols) · ε · max (this includes the zero matrix), since
// below that level the smallest eigen/singular value is indistinguishable from rounding noise.
#pragma once

#include "minima/core/types.hpp"

namespace minima {

/// κ(A) ≥ 1, or +inf for a (numerically) singular A. Throws InvalidArgument for an empty matrix or
/// non-finite entries.
double condition_number(const Matrix& a);

}  // namespace minima
