// This machine's peak double-precision FLOP rate, as the build can use it: independent multiply-add
// chains in the widest vectors the compiler was allowed (AVX-512, AVX2 + FMA, AVX, or SSE2 without
// FMA: separate multiply and add chains), enough chains to cover the latency of both FP ports, all in
// registers. Shared by bench_peak_flops and bench_gram (which measures the peak between its runs, so
// that both see the same load on a shared machine). bench/machine_peak.cpp includes it again, compiled
// for this CPU, under another namespace (MINIMA_PEAK_NAMESPACE).
#pragma once

#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#ifndef MINIMA_PEAK_NAMESPACE
#define MINIMA_PEAK_NAMESPACE minima_bench
#endif

namespace MINIMA_PEAK_NAMESPACE {

#if defined(__AVX512F__)
using Packet = __m512d;
constexpr int kLanes = 8;
constexpr bool kFma = true;
constexpr const char* kIsa = "AVX-512F FMA (512-bit)";
inline Packet broadcast(double v) {
  return _mm512_set1_pd(v);
}
inline Packet fma(Packet a, Packet b, Packet c) {
  return _mm512_fmadd_pd(a, b, c);
}
inline double sum(Packet a) {  // not _mm512_reduce_add_pd: GCC 12 warns inside it (bug 105593)
  alignas(64) double v[8];
  _mm512_store_pd(v, a);
  return v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
}
constexpr int kChains = 16;  // 32 registers; latency 4 x 2 ports needs 8 in flight
#elif defined(__FMA__)
using Packet = __m256d;
constexpr int kLanes = 4;
constexpr bool kFma = true;
constexpr const char* kIsa = "AVX2 FMA (256-bit)";
inline Packet broadcast(double v) {
  return _mm256_set1_pd(v);
}
inline Packet fma(Packet a, Packet b, Packet c) {
  return _mm256_fmadd_pd(a, b, c);
}
inline double sum(Packet a) {
  alignas(32) double v[4];
  _mm256_store_pd(v, a);
  return v[0] + v[1] + v[2] + v[3];
}
constexpr int kChains = 12;  // 16 registers, 2 hold the constants
#elif defined(__AVX__)
using Packet = __m256d;
constexpr int kLanes = 4;
constexpr bool kFma = false;
constexpr const char* kIsa = "AVX without FMA (256-bit, separate mul and add)";
inline Packet broadcast(double v) {
  return _mm256_set1_pd(v);
}
inline Packet mul(Packet a, Packet b) {
  return _mm256_mul_pd(a, b);
}
inline Packet add(Packet a, Packet b) {
  return _mm256_add_pd(a, b);
}
inline double sum(Packet a) {
  alignas(32) double v[4];
  _mm256_store_pd(v, a);
  return v[0] + v[1] + v[2] + v[3];
}
constexpr int kChains = 12;
#else
using Packet = __m128d;
constexpr int kLanes = 2;
constexpr bool kFma = false;
constexpr const char* kIsa = "SSE2 without FMA (128-bit, separate mul and add)";
inline Packet broadcast(double v) {
  return _mm_set1_pd(v);
}
inline Packet mul(Packet a, Packet b) {
  return _mm_mul_pd(a, b);
}
inline Packet add(Packet a, Packet b) {
  return _mm_add_pd(a, b);
}
inline double sum(Packet a) {
  alignas(16) double v[2];
  _mm_store_pd(v, a);
  return v[0] + v[1];
}
constexpr int kChains = 12;
#endif

constexpr long kInner = 1000;  // iterations between clock reads

// Runs `rounds` x kInner iterations of kChains independent chains; returns FLOPs done (the sum is
// returned through `sink` so nothing is optimized away).
inline long long run(long rounds, double seed, double& sink) {
  Packet acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = broadcast(seed + c);
  // x <- x * m + a stays bounded (m < 1); without FMA: half the chains multiply, half add
  // (x <- x * m, y <- y + a), each one FLOP per lane, as many of each as a multiply-add has.
  const Packet m = broadcast(0.9999999), a = broadcast(1e-7);
  for (long r = 0; r < rounds; ++r) {
    for (long i = 0; i < kInner; ++i) {
#pragma GCC unroll 16
      for (int c = 0; c < kChains; ++c) {
#if defined(__AVX512F__) || defined(__FMA__)
        acc[c] = fma(acc[c], m, a);
#else
        acc[c] = c % 2 == 0 ? mul(acc[c], m) : add(acc[c], a);
#endif
      }
    }
  }
  double s = 0;
  for (int c = 0; c < kChains; ++c) s += sum(acc[c]);
  sink += s;
  const long long per_iteration = kFma ? 2LL * kLanes * kChains : 1LL * kLanes * kChains;
  return per_iteration * kInner * rounds;
}

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// GFLOP/s of `threads` threads each running the kernel for about `seconds`; the best of `repeats`.
inline double peak_gflops(int threads, double seconds, int repeats) {
  // Rounds for ~`seconds` from a short calibration run.
  double sink = 0;
  auto t0 = std::chrono::steady_clock::now();
  long rounds = 1000;
  run(rounds, 1.0, sink);
  const double calibration = seconds_since(t0);
  rounds = std::max(1L, static_cast<long>(rounds * seconds / std::max(calibration, 1e-6)));
  double best = 0;
  for (int rep = 0; rep < repeats; ++rep) {
    std::vector<double> sinks(threads, 0.0);
    std::vector<long long> flops(threads, 0);
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        ready.fetch_add(1);
        while (!go.load()) std::this_thread::yield();
        flops[t] = run(rounds, 1.0 + t, sinks[t]);
      });
    while (ready.load() < threads) std::this_thread::yield();
    t0 = std::chrono::steady_clock::now();
    go.store(true);
    for (auto& th : pool) th.join();
    const double elapsed = seconds_since(t0);
    long long total = 0;
    for (int t = 0; t < threads; ++t) total += flops[t], sink += sinks[t];
    best = std::max(best, total / elapsed / 1e9);
  }
  if (sink == 42.0) std::puts("");  // keeps the sums alive
  return best;
}

}  // namespace MINIMA_PEAK_NAMESPACE
