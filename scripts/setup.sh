#!/usr/bin/env bash
# Installs minima's build dependencies from Debian's packages (when missing), then configures and
# builds. Usage: scripts/setup.sh [BUILD_DIR] [extra cmake args...]
# Environment: MINIMA_SANITIZE=1 builds with AddressSanitizer + UBSan; MINIMA_JOBS (default nproc);
# MINIMA_NATIVE=0 builds for any x86-64 (default 1: -march=native, for the machine it runs on; the
# CMake option MINIMA_NATIVE itself stays off for packaging).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-"$root/build"}
shift || true

packages=(build-essential cmake ccache libeigen3-dev libgtest-dev libgmock-dev libcli11-dev nlohmann-json3-dev
          libfmt-dev libtbb-dev gnuplot-nox
          # ridge's Gram product (src/linear_models/gram.cpp); numpy and scipy use it too
          libopenblas-dev
          # the API reference: cmake --build build --target docs
          doxygen
          # MPI: population batches over processes (mpirun -n K minima blackbox ...)
          libopenmpi-dev openmpi-bin
          # the Python package (python/) and its tests against scipy, scikit-learn and dask
          pybind11-dev python3-dev python3-numpy python3-pytest python3-scipy python3-sklearn python3-distributed)
# MINIMA_CXX=clang++ builds with clang (Debian's clang 14); MINIMA_FUZZ=1 adds the libFuzzer targets.
if [ "${MINIMA_CXX:-}" = clang++ ] || [ "${MINIMA_FUZZ:-0}" = 1 ]; then
  packages+=(clang libclang-rt-14-dev)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

args=(-DCMAKE_BUILD_TYPE=Release)
if [ "${MINIMA_SANITIZE:-0}" = 1 ]; then
  # -O1 -g1: the sanitizers need frames and line numbers, not full debug info; this halves the build.
  args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" -DMINIMA_SANITIZE=ON)
fi
if [ "${MINIMA_NATIVE:-1}" = 0 ]; then args+=(-DMINIMA_NATIVE=OFF); else args+=(-DMINIMA_NATIVE=ON); fi
if [ -n "${MINIMA_CXX:-}" ]; then args+=("-DCMAKE_CXX_COMPILER=$MINIMA_CXX"); fi
if [ "${MINIMA_FUZZ:-0}" = 1 ]; then args+=(-DMINIMA_FUZZ=ON "-DMINIMA_FUZZ_SECONDS=${MINIMA_FUZZ_SECONDS:-30}"); fi
# ccache: repeated builds (CI's two configurations, a second clone) reuse what was compiled before.
# base_dir / makes its keys relative, so a clone in another folder hits the same entries.
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR=/ CCACHE_NOHASHDIR=1
  # ccache keys -march=native by its text, not by the CPU it means: a cache shared with or restored
  # from another CPU would hand out objects with instructions this one lacks. The namespace is the
  # CPU's native feature macros, so each CPU has its own entries.
  if [ "${MINIMA_NATIVE:-1}" != 0 ]; then
    CCACHE_NAMESPACE=native-$(echo | "${MINIMA_CXX:-c++}" -march=native -dM -E - 2>/dev/null | sort | sha1sum | cut -c1-12)
    export CCACHE_NAMESPACE
  fi
  args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$root" -B "$build" "${args[@]}" "$@" >/dev/null
cmake --build "$build" -j "${MINIMA_JOBS:-$(nproc)}"
