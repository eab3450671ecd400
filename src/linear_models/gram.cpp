#include "gram.hpp"

#include <algorithm>
#include <cstddef>

#ifdef MINIMA_HAVE_OPENBLAS
// BLAS's Fortran entry (every BLAS has it, unlike cblas.h's place); the trailing lengths of the two
// character arguments are what gfortran passes, so the call is right for a Fortran BLAS too.
extern "C" void dsyrk_(const char* uplo, const char* trans, const int* n, const int* k, const double* alpha,
                       const double* a, const int* lda, const double* beta, double* c, const int* ldc,
                       std::size_t uplo_length, std::size_t trans_length);
#endif

namespace minima::detail {

void add_rank_update(const Matrix& a, RankUpdate product, Matrix& c) {
  const bool transposed = product == RankUpdate::transposed_times_block;
#ifdef MINIMA_HAVE_OPENBLAS
  // OpenBLAS's kernels run at the CPU's vector width whatever this file was compiled for: about 4×
  // Eigen's product in the portable build and 2× in the native one (bench_gram, bench/README.md).
  const int n = static_cast<int>(c.rows()), k = static_cast<int>(transposed ? a.rows() : a.cols());
  const int lda = std::max<int>(1, static_cast<int>(a.rows())), ldc = std::max(1, n);
  const double one = 1.0;
  dsyrk_("L", transposed ? "T" : "N", &n, &k, &one, a.data(), &lda, &one, c.data(), &ldc, 1, 1);
#else
  if (transposed)
    c.selfadjointView<Eigen::Lower>().rankUpdate(a.transpose());
  else
    c.selfadjointView<Eigen::Lower>().rankUpdate(a);
#endif
}

const char* centered_gram_backend() {
#ifdef MINIMA_HAVE_OPENBLAS
  return "OpenBLAS dsyrk";
#else
  return "Eigen rankUpdate";
#endif
}

void centered_gram(const Matrix& x, const Vector& x_mean, const Vector& x_scale, const Vector& yc,
                   Matrix& gram, Vector& rhs) {
  const Index n = x.rows(), p = x.cols();
  gram.setZero(p, p);
  rhs.setZero(p);
  constexpr Index kRows = 1024;
  Matrix block;
  for (Index start = 0; start < n; start += kRows) {
    const Index rows = std::min(kRows, n - start);
    block = (x.middleRows(start, rows).rowwise() - x_mean.transpose()).array().rowwise() /
            x_scale.transpose().array();
    add_rank_update(block, RankUpdate::transposed_times_block, gram);
    rhs.noalias() += block.transpose() * yc.segment(start, rows);
  }
}

}  // namespace minima::detail
