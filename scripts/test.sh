#!/usr/bin/env bash
# Runs the whole test suite: installs dependencies, configures, builds, runs ctest, then the Python
# package's pytest suite (python/tests).
# MINIMA_SANITIZE=1 scripts/test.sh runs it under AddressSanitizer + UBSan (build dir build-asan).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"
[ "${MINIMA_SANITIZE:-0}" = 1 ] && build="$root/build-asan"
[ -n "${MINIMA_CXX:-}" ] && build="$build-${MINIMA_CXX%%+*}"
"$root/scripts/setup.sh" "$build"
cd "$build"
ctest --output-on-failure -j "${MINIMA_JOBS:-$(nproc)}" --timeout 900

# The Python package's tests, in the plain build only: an extension built with ASan loads into
# python only with the ASan runtime in LD_PRELOAD, so the sanitized build leaves the package out.
if [ "${MINIMA_SANITIZE:-0}" != 1 ]; then
  if ! ls "$build"/python/minima/_core*.so >/dev/null 2>&1; then
    echo "test.sh: the Python package was not built (is pybind11-dev installed?)" >&2
    exit 1
  fi
  echo "== Python package: pytest python/tests"
  rc=0
  PYTHONPATH="$build/python" /usr/bin/python3 -m pytest -p no:cacheprovider -q -ra "$root/python/tests" || rc=$?
  if [ "$rc" = 5 ]; then
    echo "test.sh: pytest collected no tests from python/tests" >&2
    exit 1
  fi
  exit "$rc"
fi
