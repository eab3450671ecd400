// This machine's peak double-precision FLOP rate (bench/peak_kernel.hpp), one thread and one per
// hardware thread; the ridge goal (issue 18) is a fraction of it (bench_gram).
//   bench_peak_flops [--seconds S]      (prints one JSON object)
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "peak_kernel.hpp"

int main(int argc, char** argv) {
  double seconds = 1.0;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::atof(argv[i + 1]);
  const int cores = std::max(1u, std::thread::hardware_concurrency());
  const double one = minima_bench::peak_gflops(1, seconds, 5);
  const double all = minima_bench::peak_gflops(cores, seconds, 5);
  std::printf(
      "{\"isa\": \"%s\", \"lanes\": %d, \"fma\": %s, \"chains\": %d, \"threads\": %d, "
      "\"gflops_one_thread\": %.2f, \"gflops_all_threads\": %.2f}\n",
      minima_bench::kIsa, minima_bench::kLanes, minima_bench::kFma ? "true" : "false", minima_bench::kChains,
      cores, one, all);
}
