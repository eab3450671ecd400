#!/usr/bin/python3
"""Cost of one `--command` evaluation against a bare spawn of the same program (issue 16).

Runs `minima blackbox --command "echo 1"` for E evaluations on one thread (so evaluations are
serial: wall time / E is the cost of one evaluation, the method's own work included, which for
gaussian-eda on 1-D is microseconds), and E bare posix_spawn + waitpid of the same `echo 1` with
its stdout on a pipe read to the end, from Python's os.posix_spawn (the same system calls, without
minima's input line, poll loop or parsing). Prints both per-evaluation costs and their ratio.

  /usr/bin/python3 bench/external_program_cost.py build/bin/minima [E]
"""
import os
import subprocess
import sys
import time

minima = sys.argv[1]
evals = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
program = ["/bin/echo", "1"]


def bare(n):
    t = time.perf_counter()
    for _ in range(n):
        r, w = os.pipe()
        pid = os.posix_spawn(program[0], program, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, w, 1)])
        os.close(w)
        while os.read(r, 4096):
            pass
        os.close(r)
        os.waitpid(pid, 0)
    return (time.perf_counter() - t) / n


def via_minima(n):
    t = time.perf_counter()
    out = subprocess.run([minima, "blackbox", "--command", " ".join(program), "--dim", "1", "--lower", "-1",
                          "--upper", "1", "--budget", str(n), "--method", "gaussian-eda", "--threads", "1",
                          "--no-progress", "--json"], capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    assert '"evaluations"' in out.stdout, out.stderr
    return elapsed / n


print(f"uptime: {os.getloadavg()}")
b = bare(evals)
m = via_minima(evals)
b2 = bare(evals)  # again, to see the drift of a shared machine
print(f"bare posix_spawn+wait of '{' '.join(program)}': {1e3 * b:.3f} ms, then {1e3 * b2:.3f} ms")
print(f"minima --command evaluation:                 {1e3 * m:.3f} ms  (ratio {m / ((b + b2) / 2):.2f})")
