// bench/peak_kernel.hpp for this CPU (this file alone is compiled with -march=native; see
// machine_peak.hpp). Its own namespace keeps its inline functions apart from the build's copy.
#define MINIMA_PEAK_NAMESPACE minima_bench_machine
#include "peak_kernel.hpp"

#include "machine_peak.hpp"

namespace minima_bench {

double machine_peak_gflops(int threads, double seconds, int repeats) {
  return minima_bench_machine::peak_gflops(threads, seconds, repeats);
}

const char* machine_peak_isa() {
  return minima_bench_machine::kIsa;
}

}  // namespace minima_bench
