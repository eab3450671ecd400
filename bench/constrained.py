#!/usr/bin/python3
"""The constrained benchmark in one command: every solver on minima's constrained test set
(data/hock_schittkowski.json, data/bounded_problems.json), one run each from the standard start,
one table: per problem and solver solved / evaluations / seconds; then totals and ratios.

  bench/constrained.py [--ipopt build-bench/bench/bench_ipopt_constrained]
                      [--minima build-bench/bench/bench_minima_constrained] [--json]

Solved: |f - f*| <= 1e-6 * max(1, |f*|) and max violation <= 1e-6 (bench/constrained_peers.py).
Evaluations: objective values / objective gradients (constraint evaluations are in the --json rows).
Ratios: against the first solver of SOLVERS, geometric mean over the problems both solved; then each
minima column against each peer (and on how many problems minima used fewer evaluations).

Adding a solver: a program that prints {"rows": [...]} in the row format of
bench_ipopt_constrained --json (problem, solver, solved, f, violation, function_evaluations,
gradient_evaluations, seconds, ...), and one entry in SOLVERS below.
"""
import argparse
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import constrained_peers as peers  # noqa: E402

DEFAULT_BUILD = os.path.join(HERE, "..", "build-bench", "bench")


def binary_rows(path, args=()):
    """Rows from a C++ bench program that prints the common JSON."""
    if not os.path.exists(path):
        print(f"note: {path} not found (build it with -DMINIMA_BUILD_BENCH=ON); its column is skipped",
              file=sys.stderr)
        return []
    out = subprocess.run([path, "--json", *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["rows"]


def scipy_rows(solver, kind):
    return [peers.run_one(p, solver) for p in peers.load_problems() if p.kind == kind]


def solvers(args):
    # (column name, function returning rows). The first entry is the reference of the ratios.
    return [
        ("IPOPT", lambda: binary_rows(args.ipopt)),
        ("minima AL/lbfgsb", lambda: binary_rows(args.minima, ["--method", "augmented-lagrangian",
                                                               "--bounds-method", "lbfgsb"])),
        ("minima sqp", lambda: binary_rows(args.minima, ["--method", "sqp"])),
        ("minima sqp ftol=1e-8", lambda: binary_rows(args.minima, ["--method", "sqp", "--ftol", "1e-8"])),
        ("scipy SLSQP", lambda: scipy_rows("SLSQP", "hock-schittkowski")),
        ("scipy trust-constr", lambda: scipy_rows("trust-constr", "hock-schittkowski")),
        ("scipy L-BFGS-B", lambda: scipy_rows("L-BFGS-B", "bounded")),
    ]


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ipopt", default=os.path.join(DEFAULT_BUILD, "bench_ipopt_constrained"))
    ap.add_argument("--minima", default=os.path.join(DEFAULT_BUILD, "bench_minima_constrained"))
    ap.add_argument("--json", action="store_true", help="print all rows as JSON instead of the table")
    args = ap.parse_args()
    columns = []
    results = {}  # (solver, problem) -> row
    for name, run in solvers(args):
        rows = run()
        if not rows:
            continue
        columns.append(name)
        for r in rows:
            results[(name, r["problem"])] = r
    if args.json:
        json.dump([results[k] for k in results], sys.stdout, indent=1)
        print()
        return
    problems = [(p.name, p.kind) for p in peers.load_problems()]
    width = 26
    print("Constrained test set, one run per solver from the standard start x0.")
    print("solved: |f - f*| <= 1e-6 max(1,|f*|) and violation <= 1e-6;  evals: f/grad;  time: wall ms")
    head = f"{'problem':<32}" + "".join(f"{c:>{width}}" for c in columns)
    print(head)
    print(f"{'':<32}" + "".join(f"{'ok    evals      ms':>{width}}" for _ in columns))
    kind_seen = None
    for name, kind in problems:
        if kind != kind_seen:
            print(f"-- {kind}")
            kind_seen = kind
        line = f"{name:<32}"
        for c in columns:
            r = results.get((c, name))
            if r is None:
                line += f"{'-':>{width}}"
                continue
            ev = f"{r['function_evaluations']}/{r['gradient_evaluations']}"
            line += f"{'yes' if r['solved'] else 'NO':>{width - 19}} {ev:>9} {1e3 * r['seconds']:>8.2f}"
        print(line)
    print()
    print(f"{'totals':<32}" + "".join(f"{c:>{width}}" for c in columns))
    for kind in ("hock-schittkowski", "bounded"):
        names = [n for n, k in problems if k == kind]
        line_s = f"{'solved (' + kind + ')':<32}"
        line_e = f"{'  evals f/grad, all runs':<32}"
        line_t = f"{'  time ms, all runs':<32}"
        for c in columns:
            rows = [results[(c, n)] for n in names if (c, n) in results]
            if not rows:
                line_s += f"{'-':>{width}}"
                line_e += f"{'-':>{width}}"
                line_t += f"{'-':>{width}}"
                continue
            line_s += f"{str(sum(r['solved'] for r in rows)) + ' / ' + str(len(rows)):>{width}}"
            ev = f"{sum(r['function_evaluations'] for r in rows)}/{sum(r['gradient_evaluations'] for r in rows)}"
            line_e += f"{ev:>{width}}"
            line_t += f"{1e3 * sum(r['seconds'] for r in rows):>{width}.1f}"
        print(line_s)
        print(line_e)
        print(line_t)
    ref = columns[0]
    print()
    print(f"ratios solver / {ref}, geometric mean over problems both solved (below 1: fewer / faster than {ref})")
    for c in columns[1:]:
        both = [n for n, _ in problems if (c, n) in results and (ref, n) in results
                and results[(c, n)]["solved"] and results[(ref, n)]["solved"]]
        if not both:
            continue
        t = geomean([max(results[(c, n)]["seconds"], 1e-7) / max(results[(ref, n)]["seconds"], 1e-7) for n in both])
        fe = geomean([max(results[(c, n)]["function_evaluations"], 1) / max(results[(ref, n)]["function_evaluations"], 1)
                      for n in both])
        ge = geomean([max(results[(c, n)]["gradient_evaluations"], 1) / max(results[(ref, n)]["gradient_evaluations"], 1)
                      for n in both])
        print(f"  {c:<22} on {len(both):>2} problems: time {t:6.2f}   f evals {fe:5.2f}   grad evals {ge:5.2f}")
    ours = [c for c in columns if c.startswith("minima")]
    peers_ = [c for c in columns if not c.startswith("minima")]
    if ours:
        print()
        print("minima / peer, geometric mean over problems both solved; 'fewer': problems where minima used")
        print("fewer f + grad evaluations than the peer (ties count as not fewer); 'only peer': solved by the")
        print("peer, not by minima")
    for c in ours:
        for ref_ in peers_:
            both = [n for n, _ in problems if (c, n) in results and (ref_, n) in results
                    and results[(c, n)]["solved"] and results[(ref_, n)]["solved"]]
            only_peer = [n for n, _ in problems if (c, n) in results and (ref_, n) in results
                         and results[(ref_, n)]["solved"] and not results[(c, n)]["solved"]]
            if not both:
                continue
            ratio = lambda key, n: max(results[(c, n)][key], 1) / max(results[(ref_, n)][key], 1)  # noqa: E731
            fe = geomean([ratio("function_evaluations", n) for n in both])
            ge = geomean([ratio("gradient_evaluations", n) for n in both])
            t = geomean([max(results[(c, n)]["seconds"], 1e-7) / max(results[(ref_, n)]["seconds"], 1e-7)
                         for n in both])
            fewer = sum(results[(c, n)]["function_evaluations"] + results[(c, n)]["gradient_evaluations"]
                        < results[(ref_, n)]["function_evaluations"] + results[(ref_, n)]["gradient_evaluations"]
                        for n in both)
            print(f"  {c:<19} / {ref_:<19} on {len(both):>2}: f evals {fe:5.2f}  grad evals {ge:5.2f}  "
                  f"time {t:6.2f}  fewer on {fewer:>2}/{len(both):<2}  only peer: {','.join(only_peer) or '-'}")


if __name__ == "__main__":
    main()
