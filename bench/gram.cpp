// Ridge's Gram product (src/linear_models/gram.cpp, the primal form's X̃ᵀX̃ and X̃ᵀỹ) in GFLOP/s as a
// fraction of the peak: this build's (bench/peak_kernel.hpp, SSE2 in a portable build) and the
// machine's (bench/machine_peak.cpp, compiled for this CPU), which is the one to compare when
// OpenBLAS computes the product with its run-time choice of kernel. Random X, n × p. Both peaks are
// measured before each Gram run, so that on a shared machine all meet the same load; the best of
// --repeats of each. --threads sets the peaks' threads; OpenBLAS's are set by OPENBLAS_NUM_THREADS
// (read when the library loads), so give both the same number.
//   bench_gram [--rows N] [--cols P] [--repeats R] [--threads T]      (prints one JSON object)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

#include "linear_models/gram.hpp"
#include "machine_peak.hpp"
#include "peak_kernel.hpp"

int main(int argc, char** argv) {
  using minima::Index;
  Index n = 20000, p = 1000;
  int repeats = 5, threads = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--rows") == 0) n = std::atol(argv[i + 1]);
    if (std::strcmp(argv[i], "--cols") == 0) p = std::atol(argv[i + 1]);
    if (std::strcmp(argv[i], "--repeats") == 0) repeats = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--threads") == 0) threads = std::max(1, std::atoi(argv[i + 1]));
  }
  std::mt19937_64 rng(1);
  std::normal_distribution<double> normal;
  minima::Matrix x(n, p);
  for (Index j = 0; j < p; ++j)
    for (Index i = 0; i < n; ++i) x(i, j) = normal(rng);
  minima::Vector y(n);
  for (Index i = 0; i < n; ++i) y(i) = normal(rng);
  const minima::Vector mean = x.colwise().mean().transpose();
  const minima::Vector scale =
      ((x.rowwise() - mean.transpose()).colwise().norm() / std::sqrt(double(n))).transpose();
  const minima::Vector yc = y.array() - y.mean();

  minima::Matrix gram;
  minima::Vector rhs;
  double best = 1e300, peak = 0, machine_peak = 0;
  for (int r = 0; r < repeats; ++r) {
    peak = std::max(peak, minima_bench::peak_gflops(threads, 0.5, 1));
    machine_peak = std::max(machine_peak, minima_bench::machine_peak_gflops(threads, 0.5, 1));
    const auto t0 = std::chrono::steady_clock::now();
    minima::detail::centered_gram(x, mean, scale, yc, gram, rhs);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  // A check that the product is the Gram matrix: its diagonal is n (columns standardized to norm² n).
  const double diagonal_error = (gram.diagonal().array() - double(n)).abs().maxCoeff() / double(n);
  const double gflops = minima::detail::centered_gram_flops(n, p) / best / 1e9;
  const char* blas_threads = std::getenv("OPENBLAS_NUM_THREADS");
  std::printf(
      "{\"rows\": %ld, \"cols\": %ld, \"backend\": \"%s\", \"threads\": %d, \"openblas_num_threads\": "
      "\"%s\", "
      "\"seconds\": %.4f, \"gflops\": %.2f, \"build_isa\": \"%s\", \"peak_gflops\": %.2f, "
      "\"fraction_of_peak\": %.3f, \"machine_isa\": \"%s\", \"machine_peak_gflops\": %.2f, "
      "\"fraction_of_machine_peak\": %.3f, \"diagonal_error\": %.1e}\n",
      static_cast<long>(n), static_cast<long>(p), minima::detail::centered_gram_backend(), threads,
      blas_threads ? blas_threads : "unset", best, gflops, minima_bench::kIsa, peak, gflops / peak,
      minima_bench::machine_peak_isa(), machine_peak, gflops / machine_peak, diagonal_error);
  return diagonal_error < 1e-10 ? 0 : 1;
}
