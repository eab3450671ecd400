#!/usr/bin/env bash
# Checks that minima's random draws (include/minima/core/random.hpp) are the same with libstdc++ and
# libc++: one small program, built with g++ (libstdc++) and clang++ -stdlib=libc++ (Debian:
# libc++-14-dev libc++abi-14-dev, not a dependency of minima), prints 10^5 of each draw and a
# shuffle; the outputs must be equal. It also prints std::normal_distribution's first values under
# both, which differ. Usage: scripts/random_across_libraries.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/draws.cpp" <<'CPP'
#include <cstdio>
#include <numeric>
#include <vector>

#include "minima/core/random.hpp"

int main() {
  using namespace minima;
  Rng rng(42);
  for (int i = 0; i < 100000; ++i) {
    // One draw per statement: a call's arguments are evaluated in an unspecified order.
    const double u = uniform01(rng);
    const double w = uniform(-3.0, 5.0, rng);
    const double z = standard_normal(rng);
    const auto k = static_cast<unsigned long long>(uniform_below(1000003, rng));
    const auto big = static_cast<unsigned long long>(uniform_below((std::uint64_t{1} << 63) + 1, rng));
    const int b = bernoulli(0.3, rng);
    std::printf("%a %a %a %llu %llu %d\n", u, w, z, k, big, b);
  }
  std::vector<int> v(1000);
  std::iota(v.begin(), v.end(), 0);
  for (int k = 0; k < 100; ++k) shuffle(v, rng);
  for (int x : v) std::printf("%d ", x);
  std::printf("\n");
  Rng s(42);
  std::normal_distribution<double> normal;
  for (int i = 0; i < 3; ++i) std::fprintf(stderr, " %.17g", normal(s));
  std::fprintf(stderr, "\n");
}
CPP
flags=(-std=c++20 -O2 -I"$root/include" -I/usr/include/eigen3)
src=("$work/draws.cpp" "$root/src/core/random.cpp")
g++ "${flags[@]}" -ffp-contract=off "${src[@]}" -o "$work/libstdcxx"
clang++ "${flags[@]}" -ffp-contract=off -stdlib=libc++ "${src[@]}" -o "$work/libcxx"
"$work/libstdcxx" >"$work/libstdcxx.txt" 2>"$work/libstdcxx.std"
"$work/libcxx" >"$work/libcxx.txt" 2>"$work/libcxx.std"
echo "std::normal_distribution, libstdc++:$(cat "$work/libstdcxx.std")"
echo "std::normal_distribution, libc++:   $(cat "$work/libcxx.std")"
if cmp -s "$work/libstdcxx.txt" "$work/libcxx.txt"; then
  echo "minima's draws: the same with libstdc++ and libc++ ($(wc -l <"$work/libcxx.txt") lines)"
else
  echo "minima's draws DIFFER between libstdc++ and libc++:" >&2
  diff "$work/libstdcxx.txt" "$work/libcxx.txt" | head >&2
  exit 1
fi
