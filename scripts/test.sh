#!/usr/bin/env bash
# Runs the whole test suite: installs dependencies, configures, builds, runs ctest.
# MINIMA_SANITIZE=1 scripts/test.sh runs it under AddressSanitizer + UBSan (build dir build-asan).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"
[ "${MINIMA_SANITIZE:-0}" = 1 ] && build="$root/build-asan"
[ -n "${MINIMA_CXX:-}" ] && build="$build-${MINIMA_CXX%%+*}"
"$root/scripts/setup.sh" "$build"
cd "$build"
ctest --output-on-failure -j "${MINIMA_JOBS:-$(nproc)}" --timeout 900
