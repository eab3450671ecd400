#!/usr/bin/python3
"""MPI scaling of minima's batch evaluator, and the cost of a --command evaluation (issue 16).

  /usr/bin/python3 bench/mpi_scaling.py [--build build] [--quick]

Builds bench/mpi_scaling.cpp (mpicxx, against BUILD/libminima.a), bench/bare_spawn.cpp and
bench/sleep_objective.c into BUILD, then measures, one thing at a time:
  1. an in-process busy loop of 10 ms per evaluation (gaussian-eda, 2-D, batches of 16), on one
     process without MPI and on 1, 2, 4, 8 MPI ranks. The machine has 2 cores: beyond 2 ranks the
     busy loop is oversubscribed and says nothing about minima (printed, marked);
  2. a --command program that sleeps 10 ms (`minima blackbox --command "sleep_objective 10"`,
     batches of 32) on 1, 2, 4, 8 ranks (oversubscribed is fine: the programs wait, not compute);
  3. the evaluator's own cost per evaluation with a free function (Σ x², nanoseconds): fixed
     batches through a BatchEvaluator, MPI with 1 and 2 ranks against the plain evaluator, batches
     of 10 and 100;
  4. one --command evaluation (`sleep_objective 0`, serial) against a bare posix_spawn of the same
     program with the same pipes from C++ (bench/bare_spawn.cpp), interleaved (bare, minima, ...).
Times are the run's own seconds (from the JSON of rank 0: MPI start-up excluded), the best of two
runs in tables 1 and 2 and of three in table 3; speedup = T(1 rank) / T(K ranks) under mpirun
(the plain run without mpirun is printed too); efficiency = speedup / K. Prints the load with every table.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("--build", default=os.path.join(root, "build"))
parser.add_argument("--quick", action="store_true", help="fewer evaluations (a smoke test)")
args = parser.parse_args()
build = os.path.abspath(args.build)
minima = os.path.join(build, "bin", "minima")
# The CMake target (a build with -DMINIMA_BUILD_BENCH=ON) or, without it, the program compiled here.
bench = os.path.join(build, "bench", "bench_mpi_scaling")
built_by_cmake = os.path.exists(bench)
if not built_by_cmake:
    bench = os.path.join(build, "bench_mpi_scaling")
bare_spawn = os.path.join(build, "bare_spawn")
sleeper = os.path.join(build, "sleep_objective")
env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMPI_MCA_rmaps_base_oversubscribe="1")
scale = 0.25 if args.quick else 1.0


def stale(target, *sources):
    return not os.path.exists(target) or any(os.path.getmtime(s) > os.path.getmtime(target) for s in sources)


def build_tools():
    lib = os.path.join(build, "libminima.a")
    cpp = os.path.join(root, "bench", "mpi_scaling.cpp")
    if not built_by_cmake and stale(bench, cpp, lib):
        # The library's own options decide the flags: a native build's headers need -march=native
        # (Eigen's layout), and OpenBLAS is one of its link dependencies.
        cache = open(os.path.join(build, "CMakeCache.txt")).read()
        flags = ["-march=native", "-ffp-contract=off"] if "MINIMA_NATIVE:BOOL=ON" in cache else []
        libs = ["-lopenblas"] if "MINIMA_OPENBLAS:BOOL=ON" in cache else []
        subprocess.run(["mpicxx", "-std=c++20", "-O2", "-DNDEBUG", *flags, "-I" + os.path.join(root, "include"),
                        "-I" + os.path.join(build, "include"), "-I/usr/include/eigen3", cpp, lib, "-lfmt",
                        "-ltbb", *libs, "-o", bench], check=True)
    spawn_cpp = os.path.join(root, "bench", "bare_spawn.cpp")
    if stale(bare_spawn, spawn_cpp):
        subprocess.run(["g++", "-std=c++20", "-O2", spawn_cpp, "-o", bare_spawn], check=True)
    c = os.path.join(root, "bench", "sleep_objective.c")
    if stale(sleeper, c):
        subprocess.run(["cc", "-O2", c, "-o", sleeper], check=True)


def load():
    return "load average " + ", ".join(f"{v:.2f}" for v in os.getloadavg())


def run_json(command):
    out = subprocess.run(command, capture_output=True, text=True, env=env)
    if out.returncode not in (0, 3):
        sys.exit(f"failed ({out.returncode}): {' '.join(command)}\n{out.stderr}")
    text = out.stdout.strip()
    j = json.loads(text if text.startswith("{\n") else text.splitlines()[-1])  # the CLI's JSON spans lines
    if isinstance(j.get("evaluations"), dict):  # the CLI's Result: {"function": N, ...}
        j["evaluations"] = j["evaluations"]["function"]
    return j


def best_of(repeats, command):
    """The fastest of `repeats` runs: on a shared machine the others measure the neighbours."""
    return min((run_json(command) for _ in range(repeats)), key=lambda j: j["seconds"])


def mpirun(ranks, command):
    return ["mpirun", "--oversubscribe", "-n", str(ranks)] + command


def scaling_table(title, make_command, ranks_list, note=None):
    # Speedup against the 1-rank MPI run: the same launch (mpirun binds ranks, and their programs, to
    # cores), so that only the number of ranks differs; the plain run is shown for reference.
    print(f"\n{title}  ({load()})")
    print("| ranks | evaluations | seconds | speedup | efficiency | best f |")
    print("|---:|---:|---:|---:|---:|---:|")
    plain = best_of(2, make_command())
    print(f"| 1, no mpirun | {plain['evaluations']} | {plain['seconds']:.3f} | | | {plain['f']:.6g} |")
    t1 = None
    for k in ranks_list:
        r = best_of(2, mpirun(k, make_command()))
        t1 = t1 or r["seconds"]
        speedup = t1 / r["seconds"]
        mark = " " + note(k) if note and note(k) else ""
        print(f"| {k}{mark} | {r['evaluations']} | {r['seconds']:.3f} | "
              f"{speedup:.2f} | {100 * speedup / k:.0f} % | {r['f']:.6g} |")
        if r["f"] != plain["f"]:
            print(f"  !! {k} ranks found f = {r['f']!r}, one process {plain['f']!r}: not the same run")


def main():
    build_tools()
    evals_busy = int(320 * scale)
    scaling_table(f"1. In-process busy loop, 10 ms per evaluation, {evals_busy} evaluations, batches of 16",
                  lambda: [bench, "busy", "10", str(evals_busy), "16"], [1, 2, 4, 8],
                  note=lambda k: "(oversubscribed: 2 cores)" if k > 2 else None)

    evals_sleep = int(640 * scale)
    command = [minima, "blackbox", "--command", f"{sleeper} 10", "--dim", "2", "--lower", "-1", "--upper", "1",
               "--budget", str(evals_sleep), "--population", "32", "--method", "gaussian-eda", "--seed", "1",
               "--json", "--no-progress"]

    scaling_table(f"2. --command program sleeping 10 ms, {evals_sleep} evaluations, batches of 32",
                  lambda: command, [1, 2, 4, 8])

    evals_free = int(1000000 * scale)
    print(f"\n3. The evaluator's own cost, free function (sum of squares), {evals_free} evaluations in fixed "
          f"batches, best of 3  ({load()})")
    print("| batch size | no MPI, µs/eval | MPI 1 rank, µs/eval | MPI 2 ranks, µs/eval | MPI's extra cost (2 ranks), µs/eval | per batch, µs |")
    print("|---:|---:|---:|---:|---:|---:|")
    for population in (10, 100):
        cmd = [bench, "free", str(evals_free // population), str(population)]
        plain = min(run_json(cmd)["seconds"] for _ in range(3))
        one = min(run_json(mpirun(1, cmd))["seconds"] for _ in range(3))
        two = min(run_json(mpirun(2, cmd))["seconds"] for _ in range(3))
        us = 1e6 / evals_free
        print(f"| {population} | {plain * us:.3f} | {one * us:.3f} | {two * us:.3f} | {(two - plain) * us:.3f} | "
              f"{(two - plain) * us * population:.1f} |")

    n_spawn = int(1000 * scale)
    print(f"\n4. One --command evaluation against a bare posix_spawn of the same program, {n_spawn} serial "
          f"evaluations, 3 rounds interleaved  ({load()})")
    bare, via = [], []
    for _ in range(3):
        bare.append(run_json([bare_spawn, str(n_spawn), sleeper, "0"])["seconds_per_evaluation"])
        j = run_json([minima, "blackbox", "--command", f"{sleeper} 0", "--dim", "2", "--lower", "-1", "--upper", "1",
                      "--budget", str(n_spawn), "--population", "20", "--method", "gaussian-eda", "--threads", "1",
                      "--json", "--no-progress"])
        via.append(j["seconds"] / j["evaluations"])
    print("| | ms per evaluation (3 rounds) | median |")
    print("|---|---|---:|")
    print(f"| bare posix_spawn + 3 pipes + waitpid (C++) | {', '.join(f'{1e3 * b:.3f}' for b in bare)} | "
          f"{1e3 * statistics.median(bare):.3f} |")
    print(f"| minima blackbox --command, --threads 1 | {', '.join(f'{1e3 * v:.3f}' for v in via)} | "
          f"{1e3 * statistics.median(via):.3f} |")
    print(f"ratio minima / bare (medians): {statistics.median(via) / statistics.median(bare):.2f}  ({load()})")


main()
