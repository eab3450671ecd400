// The machine's peak double-precision FLOP rate whatever the build's flags: bench/machine_peak.cpp is
// compiled with -march=native, so a portable build's benchmark can measure a library that picks its
// kernel at run time (OpenBLAS) against what the CPU can do, not against SSE2.
#pragma once

namespace minima_bench {

/// GFLOP/s of bench/peak_kernel.hpp compiled for this CPU: `threads` threads, ~`seconds` each, the
/// best of `repeats`.
double machine_peak_gflops(int threads, double seconds, int repeats);

/// The instruction set that kernel used.
const char* machine_peak_isa();

}  // namespace minima_bench
