#!/usr/bin/env bash
# Every benchmark in bench/, in the portable build (MINIMA_NATIVE=OFF, what packaging ships) and the
# native one (MINIMA_NATIVE=ON, -march=native: what the README's commands build), one build after the
# other, each benchmark in a short setting (the full settings and what each measures are in
# bench/README.md). Each benchmark's output goes to OUT/<build>/<name>.txt with the load before it,
# so the two builds' figures can be read side by side. Peers that are not installed are skipped by
# the benchmarks themselves, with a message.
#
#   bench/both_builds.sh [--out DIR] [--only name,name] [--builds portable,native]
#
# Names: gram lbfgs scipy_compare constrained nist linear_models python_vs_scipy eda_vbmfa cmaes
#        global_goals vae data_profiles external_program mpi bbob
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/bench/results/both-builds"
only=""
builds="portable,native"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --builds) builds=$2; shift 2 ;;
    *) echo "both_builds.sh: unknown argument $1 (--out DIR, --only a,b, --builds portable,native)" >&2; exit 2 ;;
  esac
done
py=/usr/bin/python3
wanted() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }

# name, then the command (run with B = the build folder, M = its minima binary)
run() {
  local name=$1; shift
  wanted "$name" || return 0
  local file="$out/$build/$name.txt"
  echo "== $build: $name" >&2
  {
    echo "# $name, $build build, commit $(git -C "$root" rev-parse --short HEAD), $(date -u '+%F %T UTC')"
    echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# command: $*"
  } >"$file"
  local start=$SECONDS rc=0
  (cd "$root" && eval "$@") >>"$file" 2>&1 || rc=$?
  echo "# exit $rc after $((SECONDS - start)) s; load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$file"
  [ "$rc" = 0 ] || echo "both_builds.sh: $name ($build) exited $rc, see $file" >&2
}

for build in ${builds//,/ }; do
  case "$build" in
    portable) native=OFF ;;
    native) native=ON ;;
    *) echo "both_builds.sh: builds are portable and native, not $build" >&2; exit 2 ;;
  esac
  B="$root/build-bench-$build"
  M="$B/bin/minima"
  mkdir -p "$out/$build"
  echo "== $build: configure and build $B" >&2
  cmake -S "$root" -B "$B" -DCMAKE_BUILD_TYPE=Release -DMINIMA_BUILD_BENCH=ON -DMINIMA_BUILD_TESTS=OFF \
        -DMINIMA_NATIVE=$native -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >"$out/$build/configure.txt" 2>&1
  cmake --build "$B" -j "${MINIMA_JOBS:-2}" >"$out/$build/build.txt" 2>&1

  run gram "$B/bench/bench_peak_flops --seconds 1 && OPENBLAS_NUM_THREADS=1 $B/bench/bench_gram --repeats 3 &&" \
           "$B/bench/bench_gram_eigen --repeats 3 && OPENBLAS_NUM_THREADS=2 $B/bench/bench_gram --repeats 3 --threads 2"
  [ -x "$B/bench/bench_lbfgs" ] && run lbfgs "$B/bench/bench_lbfgs --sizes 100,10000 --repeat 3"
  run scipy_compare "$py bench/scipy_compare.py --minima $M"
  [ -x "$B/bench/bench_ipopt_constrained" ] &&
    run constrained "$py bench/constrained.py --ipopt $B/bench/bench_ipopt_constrained --minima $B/bench/bench_minima_constrained"
  [ -x "$B/bench/bench_nist_lsq" ] && run nist "$py bench/nist_compare.py $B/bench/bench_nist_lsq 3"
  run linear_models "$py bench/linear_models.py --quick --build $B"
  run python_vs_scipy "PYTHONPATH=$B/python $py bench/python_vs_scipy.py --quick"
  run eda_vbmfa "$B/bench/bench_eda_vbmfa 5 200000 800 && $B/bench/bench_eda_vbmfa 0"
  [ -x "$B/bench/bench_black_box_cmaes" ] && run cmaes "$B/bench/bench_black_box_cmaes --runs 5 --budget 200000"
  run global_goals "$B/bench/bench_global_goals --quick"
  run vae "$py bench/vae_torch.py --bench $B/bench/bench_vae --epochs 5 --runs 2"
  run data_profiles "$py bench/data_profiles.py --build $B --out $out/$build/data_profiles"
  run external_program "$py bench/external_program_cost.py $M 200"
  run mpi "$py bench/mpi_scaling.py --build $B --quick"
  [ -x "$B/bench/bench_bbob" ] && run bbob "$B/bench/bench_bbob --quick"
done
echo "both_builds.sh: outputs in $out" >&2
